// Intents in the studio (issue 21 §1): a trace kept as an intent passes; an edit that breaks it
// (a peering's "allow virtual network access" turned off, P-4) makes it fail, with its elements
// marked on the canvas, the count on the Intents tab and the engine's proven fix; applying the fix
// (one undo step) makes it pass again. Also the "Add intent" form (dropdowns of the design's
// elements) and removing an intent.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { useStudio, openPage, waitForStudio, ARTIFACTS } from './harness.mjs';

let url;
let browser;
useStudio((s) => ({ url, browser } = s));

function box(page, name) {
  return page.locator('svg.canvas g.box', { has: page.locator(`text.title[data-full="${name}"]`) });
}

async function tab(page, name) {
  await page.locator('.tabs [role=tab]', { hasText: name }).click();
}

/** The intents as the panel lists them: status and title. */
async function listed(page) {
  return page.$$eval('.intents li.intent', (els) =>
    els.map((e) => ({ status: e.querySelector('.intent-status').textContent, title: e.querySelector('.intent-title').textContent })),
  );
}

test('a trace kept as an intent passes, fails after an edit (marked on the canvas, with the fix), and passes once the fix is applied', { timeout: 180000 }, async () => {
  const { context, page, problems } = await openPage(browser);
  try {
    await page.goto(url + '#gallery=seed-lab');
    await waitForStudio(page);
    await page.waitForSelector('svg.canvas g.box text.title[data-full="vm-dns"]', { timeout: 20000 });
    const spoke = await box(page, 'vm-spoke').getAttribute('data-id');
    const dns = await box(page, 'vm-dns').getAttribute('data-id');

    // Trace vm-spoke → vm-dns, TCP 53: delivered; keep it as "must reach".
    await tab(page, 'Trace');
    await page.locator('section.panel.trace').waitFor({ timeout: 20000 });
    await page.selectOption('.trace select[name=from]', { label: 'vm-spoke' });
    await page.fill('.trace input[name=to]', 'vm-dns');
    await page.fill('.trace input[name=port]', '53');
    await page.locator('.trace button.run').click();
    await page.waitForFunction(() => /delivered/i.test(document.querySelector('.trace .outcome')?.textContent ?? ''));
    const keep = page.locator('.trace .keep-intent');
    await keep.waitFor();
    assert.deepEqual(await keep.locator('button').allTextContents(), ['Must reach', 'Must not reach']);
    await keep.locator('button', { hasText: 'Must reach' }).click();
    await page.waitForSelector('.trace .kept');
    assert.match(await page.locator('.trace .kept').textContent(), /vm-spoke reaches vm-dns \(TCP 53\)/);

    // The Intents tab lists it, passing; nothing is marked on the canvas.
    await page.locator('.trace .kept button.link').click();
    await page.waitForSelector('.intents li.intent.pass', { timeout: 10000 });
    assert.deepEqual(await listed(page), [{ status: 'pass', title: 'vm-spoke reaches vm-dns (TCP 53)' }]);
    assert.equal(await page.locator('svg.canvas g.intent-mark').count(), 0);
    assert.equal(await page.locator('.tabs .tab-badge').count(), 0);

    // The edit that breaks it: the hub's peering to the spoke stops allowing VNet access (P-4).
    await tab(page, 'Properties');
    const hub = await box(page, 'vnet-hub').locator('rect').first().boundingBox();
    await page.mouse.click(hub.x + Math.min(30, hub.width / 3), hub.y + 8);
    const peering = page.locator('fieldset', { hasText: 'Peering to vnet-spoke' });
    await peering.getByLabel('Allow virtual network access').uncheck();

    // It fails: the tab counts it, both VMs are marked on the canvas with the intent's title.
    await page.waitForSelector('.tabs .tab-badge', { timeout: 10000 });
    assert.equal(await page.locator('.tabs .tab-badge').textContent(), '1');
    await page.waitForSelector(`svg.canvas g.intent-mark[data-element="${spoke}"]`);
    await page.waitForSelector(`svg.canvas g.intent-mark[data-element="${dns}"]`);
    assert.match(await page.locator(`svg.canvas g.intent-mark[data-element="${spoke}"] title`).textContent(), /Intent fails: vm-spoke reaches vm-dns/);
    await page.screenshot({ path: join(ARTIFACTS, 'intents-canvas-marks.png') });

    // A click on a mark opens the intent: its summary cites P-4, and the fix is proven.
    await page.locator(`svg.canvas g.intent-mark[data-element="${dns}"] circle`).click();
    await page.waitForSelector('.intents li.intent.fail .intent-detail');
    assert.match(await page.locator('.intents li.intent.fail .intent-summary').textContent(), /P-4/);
    const fix = page.locator('.intents .fixes .fix').first();
    await fix.waitFor({ timeout: 15000 });
    assert.match(await fix.textContent(), /Allow virtual network access on peering link 'vnet-hub-to-vnet-spoke'/);
    await page.screenshot({ path: join(ARTIFACTS, 'intents-failing.png') });

    // "Show the trace" opens the Trace tab on the failing flow.
    await page.locator('.intents button.show-evidence').click();
    await page.waitForFunction(() => /dropped/i.test(document.querySelector('.trace .outcome')?.textContent ?? ''));
    assert.match(await page.locator('.trace .outcome').textContent(), /P-4/);

    // Back in the Intents tab, Apply: one undo step, and the intent passes again, unmarked.
    await tab(page, 'Intents');
    await page.locator('.intents .fixes .fix button.apply').first().click();
    await page.waitForSelector('.intents li.intent.pass', { timeout: 10000 });
    await page.waitForFunction(() => document.querySelectorAll('svg.canvas g.intent-mark').length === 0);
    assert.equal(await page.locator('.tabs .tab-badge').count(), 0);
    await page.screenshot({ path: join(ARTIFACTS, 'intents-fixed.png') });
    await page.keyboard.press('Control+z');
    await page.waitForSelector('.intents li.intent.fail', { timeout: 10000 });
    await page.keyboard.press('Control+Shift+z');
    await page.waitForSelector('.intents li.intent.pass', { timeout: 10000 });
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('"Add intent…" from the context menu: a form of dropdowns; the intent is listed, renamed and removed', { timeout: 120000 }, async () => {
  const { context, page, problems } = await openPage(browser);
  try {
    await page.goto(url + '#gallery=seed-lab');
    await waitForStudio(page);
    await page.waitForSelector('svg.canvas g.box text.title[data-full="vm-spoke"]', { timeout: 20000 });
    await box(page, 'vm-spoke').locator('rect').first().click({ button: 'right' });
    await page.getByRole('menuitem', { name: 'Add intent…' }).click();
    const form = page.locator('.intents form.intent-form');
    await form.waitFor({ timeout: 20000 });
    assert.equal(await form.locator('select[name=from] option:checked').textContent(), 'vm-spoke (VM)');
    await form.locator('select[name=kind]').selectOption({ label: 'Must not reach' });
    await form.locator('select[name=to]').selectOption({ label: 'The internet (an address)' });
    await form.locator('input[name=internet]').fill('8.8.8.8');
    await form.locator('input[name=port]').fill('80');
    await page.screenshot({ path: join(ARTIFACTS, 'intents-form.png') });
    await form.locator('button.primary', { hasText: 'Add' }).click();
    await page.waitForSelector('.intents li.intent');
    const [only] = await listed(page);
    assert.equal(only.title, 'vm-spoke cannot reach the internet (8.8.8.8) (TCP 80)');

    // Renamed in place, then removed (each one undo step).
    await page.locator('.intents .intent-head').click();
    await page.locator('.intents input[name=intent-title]').fill('No plain HTTP out');
    await page.locator('.intents input[name=intent-title]').press('Enter');
    await page.waitForFunction(() => document.querySelector('.intents .intent-title')?.textContent === 'No plain HTTP out');
    await page.locator('.intents button.remove-intent').click();
    await page.waitForFunction(() => document.querySelectorAll('.intents li.intent').length === 0);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('a gallery design with intents has them checked as it opens, without a click', { timeout: 120000 }, async () => {
  const { context, page, problems } = await openPage(browser);
  try {
    await page.goto(url + '#gallery=fw-pe-dedicated-vnet');
    await waitForStudio(page);
    // The simulation module is fetched because the design has intents, with no tab opened.
    await page.waitForFunction(
      () => performance.getEntriesByType('resource').some((r) => /split_simulation/.test(r.name)),
      null,
      { timeout: 20000 },
    );
    assert.equal(await page.locator('.tabs [role=tab][aria-selected=true]').textContent(), 'Properties');
    await tab(page, 'Intents');
    await page.waitForSelector('.intents li.intent');
    const intents = await listed(page);
    assert.deepEqual(
      intents.map((i) => i.title),
      [
        'vm-app reaches stcontoso over HTTPS',
        'vm-app → stcontoso is inspected by afw-hub both ways',
        'vm-app resolves stcontoso.blob.core.windows.net to its private endpoint',
      ],
    );
    // The tab's count and the canvas marks agree with the list.
    const failing = intents.filter((i) => i.status !== 'pass').length;
    const badge = page.locator('.tabs .tab-badge');
    assert.equal(failing === 0 ? await badge.count() : Number(await badge.textContent()), failing);
    if (failing === 0) assert.equal(await page.locator('svg.canvas g.intent-mark').count(), 0);
    await page.screenshot({ path: join(ARTIFACTS, 'intents-gallery.png') });
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('a DNS answer kept as an intent passes; deleting the VM it names leaves it unchecked, saying why, until undone', { timeout: 150000 }, async () => {
  const { context, page, problems } = await openPage(browser);
  try {
    await page.goto(url + '#gallery=seed-lab');
    await waitForStudio(page);
    await page.waitForSelector('svg.canvas g.box text.title[data-full="vm-spoke"]', { timeout: 20000 });

    // The spoke resolves the storage account's name to its private endpoint (D-*): kept.
    await tab(page, 'DNS');
    await page.locator('section.panel.dns').waitFor({ timeout: 20000 });
    await page.selectOption('.dns select[name=from]', { label: 'vm-spoke' });
    await page.fill('.dns input[name=name]', 'mftesting.blob.core.windows.net');
    await page.locator('.dns button.run', { hasText: 'Resolve' }).click();
    const keep = page.locator('.dns .keep-intent');
    await keep.waitFor({ timeout: 20000 });
    const offers = await keep.locator('button').allTextContents();
    assert.equal(offers[0], 'Must resolve to a private endpoint', offers.join(' | '));
    assert.ok(offers.includes('Must not resolve to a public IP'), offers.join(' | '));
    await keep.locator('button', { hasText: 'Must resolve to a private endpoint' }).click();
    await page.waitForSelector('.dns .kept');
    await tab(page, 'Intents');
    await page.waitForSelector('.intents li.intent.pass', { timeout: 10000 });
    const [kept] = await listed(page);
    assert.equal(kept.title, "mftesting.blob.core.windows.net resolves to a private endpoint from vm-spoke");

    // Deleting vm-spoke keeps the promise: it cannot be checked, and says what to change.
    await box(page, 'vm-spoke').locator('rect').first().click();
    page.once('dialog', (d) => d.accept());
    await page.keyboard.press('Delete');
    await page.waitForFunction(() => ![...document.querySelectorAll('svg.canvas text.title')].some((t) => t.dataset.full === 'vm-spoke'));
    await tab(page, 'Intents');
    await page.waitForSelector('.intents li.intent.unchecked', { timeout: 10000 });
    assert.equal((await listed(page))[0].status, 'unchecked');
    assert.match(await page.locator('.intents li.intent.unchecked').textContent(), /not in the design/);
    assert.equal(await page.locator('.tabs .tab-badge').textContent(), '1', 'an unchecked promise counts as not kept');
    await page.screenshot({ path: join(ARTIFACTS, 'intents-unchecked.png') });

    // Undo brings the VM back, and the intent passes again.
    await page.keyboard.press('Control+z');
    await page.waitForSelector('.intents li.intent.pass', { timeout: 10000 });
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});
