// The insights and cost panels (issue 7 §4) as a user sees them: on gallery 1 the private
// endpoint bypass appears and selecting it highlights its elements on the canvas, its rule ids
// open the rule text, its fix applies as one undoable edit; on gallery 6 the cost panel shows the
// private endpoint at over $2,000 a month (AZURE.md C-22) and its traffic assumptions are editable.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { useStudio, openPage, waitForStudio, ARTIFACTS } from './harness.mjs';

let url;
let browser;
useStudio((s) => ({ url, browser } = s));

/** The data-id of the canvas box titled `name`. */
async function idOf(page, name) {
  return page
    .locator('svg.canvas g.box', { has: page.locator(`text.title[data-full="${name}"]`) })
    .first()
    .getAttribute('data-id');
}

// Opens a collapsed side panel (insights, cost) by its title.
async function openPanel(page, title) {
  const toggle = page.locator('section.panel button.panel-toggle', { has: page.locator('h2', { hasText: title }) });
  await toggle.click();
  assert.equal(await toggle.getAttribute('aria-expanded'), 'true');
}

async function selectedIds(page) {
  return page.$$eval('svg.canvas g.box.selected', (els) => els.map((e) => e.dataset.id));
}

test('gallery 1: the private endpoint bypass is found, highlighted, explained and fixed', async () => {
  const { page, problems } = await openPage(browser);
  try {
    // The simulation is a module of its own (app/src/panels/sim.rs): the first load does not
    // fetch it; opening the insights panel does. Validation is fetched as the page starts, after
    // the first paint's bytes (DECISIONS 24; app/src/panels/diagnostics.rs), with the shared
    // chunks it needs.
    const fetched = [];
    page.on('request', (r) => fetched.push(r.url()));
    await page.goto(url + '#gallery=seed-lab');
    await waitForStudio(page);
    await page.waitForSelector('text.title[data-full="pe-mftesting-blob"]');
    assert.ok(!fetched.some((u) => /split_(simulation|forms)/.test(u)), 'the first load fetched a module meant for later');
    assert.ok(fetched.some((u) => u.includes('split_validation')), 'validation comes with the first screen');
    await openPanel(page, 'Insights');
    assert.ok(fetched.some((u) => u.includes('split_simulation')), 'opening Insights did not fetch the simulation');
    const bypass = page.locator('.insights li.insight[data-code="pe-firewall-bypass"]');
    await bypass.waitFor({ timeout: 20000 });
    assert.match(await bypass.locator('.insight-title').innerText(), /TCP to pe-mftesting-blob bypasses afw-hub/);
    assert.match(await bypass.locator('.insight-why').innerText(), /\/32/);
    // The protocol split of the seed article is listed too.
    assert.equal(await page.locator('.insights li.insight[data-code="pe-protocol-split"]').count(), 1);

    // Clicking the insight selects its elements on the canvas.
    await bypass.locator('.insight-head').click();
    const selected = await selectedIds(page);
    for (const name of ['pe-mftesting-blob', 'afw-hub']) {
      const id = await idOf(page, name);
      assert.ok(selected.includes(id), `${name} (${id}) is not highlighted: ${selected}`);
    }
    // …and the subnets and route table behind it: five elements in all.
    assert.ok(selected.length >= 5, `only ${selected.length} elements highlighted`);
    await page.locator('.insights').screenshot({ path: join(ARTIFACTS, 'insights-panel.png') });
    await page.screenshot({ path: join(ARTIFACTS, 'insights-highlight.png') });

    // A rule id opens the rule's text.
    await bypass.locator('.rule-link[data-rule="E-3"]').click();
    const dialog = page.locator('.rule-dialog');
    await dialog.waitFor();
    assert.match(await dialog.innerText(), /E-3/);
    await dialog.locator('button.close').click();

    // The proved fix removes the trap; undo brings it back.
    await bypass.locator('.insight-fix').click();
    await page.waitForFunction(() => !document.querySelector('.insights li.insight[data-code="pe-firewall-bypass"]'));
    assert.equal(await page.locator('.insights li.insight[data-code="pe-protocol-split"]').count(), 0);
    await page.keyboard.press('Control+z');
    await page.locator('.insights li.insight[data-code="pe-firewall-bypass"]').waitFor();
    assert.deepEqual(problems, []);
  } finally {
    await page.context().close();
  }
});

test('gallery 6: the cost panel shows the private endpoint at over $2,000 a month', async () => {
  const { page, problems } = await openPage(browser);
  try {
    await page.goto(url + '#gallery=service-vs-private-endpoint');
    await waitForStudio(page);
    await page.waitForSelector('text.title[data-full="pe-stcontoso-blob"]');
    await openPanel(page, 'Monthly cost');
    const panel = page.locator('section.cost');
    const row = panel.locator('.cost-table tr', { has: page.locator('.chip', { hasText: 'pe-stcontoso-blob' }) });
    await row.waitFor({ timeout: 20000 });
    // C-22: 730 h × $0.01 + 204,800 GB × $0.01.
    assert.equal(await row.locator('.amount').innerText(), '$2,055.30');
    // The largest cost is the first row and the first bar.
    assert.match(await panel.locator('.cost-table tbody tr').first().innerText(), /pe-stcontoso-blob/);
    assert.match(await panel.locator('svg.cost-chart g.bar text').first().textContent(), /\$2,055\.30 pe-stcontoso-blob/);
    assert.equal(await panel.locator('.cost-total').innerText(), '$2,194.50');
    await panel.screenshot({ path: join(ARTIFACTS, 'cost-panel.png') });

    // Editing an assumption recomputes: 0 GB back leaves 7.30 + 1,024.00.
    const first = panel.locator('.traffic-row').first();
    await first.locator('input').nth(1).fill('0');
    await first.locator('input').nth(1).press('Enter');
    await first.locator('input').nth(1).blur();
    await page.waitForFunction(() =>
      [...document.querySelectorAll('section.cost .cost-table tr')].some((r) => r.innerText.includes('$1,031.30')),
    );
    // The panel stays open for the next visit (and fetches the simulation at once then).
    await page.reload();
    await waitForStudio(page);
    await page.locator('section.cost .cost-total').waitFor({ timeout: 20000 });
    assert.equal(await page.locator('section.cost button.panel-toggle').getAttribute('aria-expanded'), 'true');
    assert.equal(await page.locator('section.insights button.panel-toggle').getAttribute('aria-expanded'), 'false');
    assert.deepEqual(problems, []);
  } finally {
    await page.context().close();
  }
});

test('the simulation module failing to load says so, keeps the editor working, and loads (and asks the waiting question) on "Try again"', async () => {
  // A first visit: no service worker serves the module from its cache yet (harness.mjs).
  const { page, problems } = await openPage(browser, { serviceWorkers: 'block' });
  try {
    let block = true;
    await page.route(/split_simulation-[0-9a-f]+\.wasm$/, (route) => (block ? route.abort('internetdisconnected') : route.continue()));
    await page.goto(url + '#gallery=seed-lab');
    await waitForStudio(page);
    await page.locator('.tabs [role=tab]', { hasText: 'Trace' }).click();
    const alert = page.locator('.sidebar [role=alert]', { hasText: 'could not be loaded' });
    await alert.waitFor({ timeout: 20000 });
    await page.locator('.sidebar').screenshot({ path: join(ARTIFACTS, 'simulation-load-failed.png') });
    // The editor still works: a box on the canvas is selected by a click.
    const box = page.locator('svg.canvas g.box', { has: page.locator('text.title[data-full="vnet-hub"]') }).first();
    // The box's own rect: zoomed out, a VNet's words are drawn above it.
    const hub = await box.locator('rect').first().boundingBox();
    await page.mouse.click(hub.x + 20, hub.y + 6);
    await page.locator('svg.canvas g.box.selected text.title[data-full="vnet-hub"]').waitFor();
    // A question from the context menu opens its tab, which says the fetch failed again.
    await page.locator('.tabs [role=tab]', { hasText: 'Properties' }).click();
    const vm = await page.locator('svg.canvas g.box', { has: page.locator('text.title[data-full="vm-spoke"]') }).first().boundingBox();
    await page.mouse.click(vm.x + 10, vm.y + 6, { button: 'right' });
    await page.locator('.canvas-menu button', { hasText: 'Trace from here' }).click();
    assert.equal(await page.locator('.tabs [role=tab][aria-selected=true]').textContent(), 'Trace');
    await alert.waitFor({ timeout: 20000 });
    block = false;
    await alert.locator('button', { hasText: 'Try again' }).click();
    await page.locator('.trace select[name=from] option >> nth=0').waitFor({ state: 'attached', timeout: 20000 });
    assert.equal(await alert.count(), 0);
    // The question asked while the fetch failed is asked once the simulation is here.
    assert.equal(await page.locator('.trace select[name=from]').inputValue(), await idOf(page, 'vm-spoke'));
    // The failed fetch is the only console error (the browser reports it).
    assert.ok(problems.length > 0 && problems.every((p) => /split_simulation|Failed to fetch|ERR_INTERNET_DISCONNECTED/.test(p)), JSON.stringify(problems));
  } finally {
    await page.context().close();
  }
});
