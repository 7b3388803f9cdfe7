// The foundation as a person uses it: the seed lab opens, a share link reproduces the design in
// a fresh browser, bad links say what is wrong without touching local work, and names are text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { useStudio, openPage, waitForStudio, canvasTitles, linkFor, fixture, ARTIFACTS, waitForStored, storedText, storeDesign } from './harness.mjs';

let url;
let browser;
useStudio((s) => ({ url, browser } = s));

const SEED_LAB = [
  'vnet-hub',
  'vnet-spoke',
  'AzureFirewallSubnet',
  'snet-dns',
  'snet-vm',
  'snet-data',
  'afw-hub',
  'vm-dns',
  'vm-spoke',
  'pe-mftesting-blob',
  'mftesting',
  'privatelink.blob.core.windows.net',
];

test('the seed lab renders with its VNets, subnets and resources', { timeout: 60000 }, async () => {
  const { context, page, problems } = await openPage(browser);
  try {
    await page.goto(url + '#gallery=seed-lab');
    await waitForStudio(page);
    const titles = await canvasTitles(page);
    for (const name of SEED_LAB) assert.ok(titles.includes(name), `canvas shows ${name}; it shows ${titles.join(', ')}`);
    assert.equal(await page.locator('svg.canvas g.vnet').count(), 2);
    assert.equal(await page.locator('svg.canvas g.subnet').count(), 4);
    assert.equal(await page.locator('svg.canvas path.peering').count(), 1, 'one two-way peering line');
    await page.getByRole('heading', { name: 'Diagnostics' }).waitFor();
    await page.screenshot({ path: join(ARTIFACTS, 'seed-lab.png') });
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('with nothing saved, the studio opens the seed lab and autosaves it', { timeout: 60000 }, async () => {
  const { context, page, problems } = await openPage(browser);
  try {
    await page.goto(url);
    await waitForStudio(page);
    assert.ok((await canvasTitles(page)).includes('vnet-spoke'));
    await waitForStored(page, (d) => d.design.vnets.length === 2);
    await page.reload();
    await waitForStudio(page);
    assert.ok((await canvasTitles(page)).includes('vnet-hub'));
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('a share link opened in a fresh browser shows the same design', { timeout: 60000 }, async () => {
  const first = await openPage(browser);
  let link;
  let titles;
  try {
    await first.page.goto(url + '#gallery=seed-lab');
    await waitForStudio(first.page);
    titles = await canvasTitles(first.page);
    await first.page.getByRole('button', { name: 'Copy share link' }).click();
    link = await first.page.locator('input.share-url').inputValue();
    assert.match(link, /#1\.[A-Za-z0-9_-]+$/);
    assert.ok(link.length < 2000, `seed lab link is ${link.length} characters`);
    const copied = await first.page.evaluate(() => navigator.clipboard.readText());
    assert.equal(copied, link, 'the link is on the clipboard');
    assert.deepEqual(first.problems, []);
  } finally {
    await first.context.close();
  }
  const second = await openPage(browser);
  try {
    await second.page.goto(link);
    await waitForStudio(second.page);
    assert.deepEqual(await canvasTitles(second.page), titles);
    assert.deepEqual(second.problems, []);
  } finally {
    await second.context.close();
  }
});

/** Opens the studio with a local design saved, then navigates to `fragment`. */
async function withLocalDesign(fragment, check) {
  const { context, page, problems } = await openPage(browser);
  try {
    const local = await fixture('local-design.json');
    const localText = JSON.stringify(local);
    await page.goto(url);
    await waitForStudio(page);
    await storeDesign(page, localText);
    await page.goto('about:blank');
    await page.goto(url + '#' + fragment);
    await waitForStudio(page);
    await check(page);
    const titles = await canvasTitles(page);
    assert.ok(titles.includes('vnet-my-own'), 'the local design is shown');
    assert.equal(await storedText(page), localText, 'local work untouched');
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
}

test('a corrupt link shows a clear error and keeps local work', { timeout: 60000 }, async () => {
  await withLocalDesign('1.this-is-not-a-design', async (page) => {
    const alert = page.getByRole('alert');
    await alert.waitFor();
    assert.match(await alert.innerText(), /could not be opened/);
    await page.screenshot({ path: join(ARTIFACTS, 'corrupt-link.png') });
  });
});

test('a link from a future version says so and keeps local work', { timeout: 60000 }, async () => {
  const future = { schema: 99, design: { name: 'from the future' } };
  await withLocalDesign(linkFor(future), async (page) => {
    const alert = page.getByRole('alert');
    await alert.waitFor();
    assert.match(await alert.innerText(), /newer/i);
  });
});

test('names with markup and a script tag are shown as plain text', { timeout: 60000 }, async () => {
  const doc = await fixture('hostile-names.json');
  const { context, page, problems } = await openPage(browser);
  try {
    await page.goto(url + '#' + linkFor(doc));
    await waitForStudio(page);
    const titles = await canvasTitles(page);
    assert.ok(titles.includes('<script>window.__pwned = 1</script>'), `script tag shown as text: ${titles}`);
    assert.ok(titles.includes('<b>bold</b><img src=x onerror="window.__pwned = 2">'));
    assert.equal(await page.evaluate(() => window.__pwned), undefined, 'no script ran');
    assert.equal(await page.locator('svg.canvas b, svg.canvas img, svg.canvas script').count(), 0, 'no elements made from names');
    assert.equal(await page.locator('body script:not([src])').count(), 0, 'no inline script in the page');
    await page.screenshot({ path: join(ARTIFACTS, 'hostile-names.png') });
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});
