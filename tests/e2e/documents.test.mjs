// Documents that are never lost (issue 17): one path that asks before anything replaces work
// (gallery picker, #gallery= and share links, a fragment changed in an open tab, import, New),
// Rename with the page title and file names, Ctrl/⌘+A on the canvas, storage that fails and
// says so, IndexedDB with the first edition's localStorage moved over, and files that are a
// little broken (repeated ids, layout values out of range).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import {
  useStudio,
  openPage,
  waitForStudio,
  canvasTitles,
  linkFor,
  fixture,
  ARTIFACTS,
  storedDesign,
  waitForStored,
  storedText,
  storeDesign,
} from './harness.mjs';

let url;
let browser;
useStudio((s) => ({ url, browser } = s));

/** Renames the open design in place (an edit: the design becomes work). */
async function rename(page, name) {
  await page.getByRole('textbox', { name: 'Design name' }).fill(name);
  await waitForStored(page, (d) => d.design.name === name);
}

async function pickGallery(page, slug) {
  await page.locator('.gallery-picker select').selectOption(slug);
}

async function savedNames(page) {
  return page.locator('.saved-picker option').allTextContents();
}

test('a gallery pick over work asks first; Keep both keeps mine under Saved designs, across a reload', { timeout: 90000 }, async () => {
  const { context, page, problems } = await openPage(browser);
  try {
    await page.goto(url + '#gallery=seed-lab');
    await waitForStudio(page);
    // An unedited gallery design is not work: another gallery pick replaces it without a question.
    await pickGallery(page, 'non-transitive-peering');
    await page.waitForFunction(() => document.title.startsWith('Non-transitive'));
    assert.equal(await page.getByRole('alertdialog').count(), 0, 'nothing to lose, nothing asked');

    await rename(page, 'My peering study');
    await pickGallery(page, 'seed-lab');
    const dialog = page.getByRole('alertdialog');
    await dialog.waitFor();
    assert.match(await dialog.innerText(), /Open the gallery design “Private endpoint in a spoke \(seed lab\)”\?/);
    assert.match(await dialog.innerText(), /“My peering study” has changes that are kept nowhere else/);
    await page.screenshot({ path: join(ARTIFACTS, 'documents-replace-dialog.png') });

    // Cancel: nothing changes.
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    assert.equal(await page.getByRole('textbox', { name: 'Design name' }).inputValue(), 'My peering study');

    // Keep both: mine goes to Saved designs first, then the seed lab opens.
    await pickGallery(page, 'seed-lab');
    await dialog.getByRole('button', { name: 'Keep both' }).click();
    await page.getByText('Kept both').waitFor();
    await waitForStored(page, (d) => d.design.vnets.some((v) => v.name === 'vnet-spoke'));
    await page.waitForFunction(() => [...document.querySelectorAll('.saved-picker option')].some((o) => o.textContent === 'My peering study'));

    // After an edit and a reload, both are still there.
    await rename(page, 'Seed lab, mine');
    await page.reload();
    await waitForStudio(page);
    assert.equal(await page.getByRole('textbox', { name: 'Design name' }).inputValue(), 'Seed lab, mine');
    await page.waitForFunction(() => [...document.querySelectorAll('.saved-picker option')].some((o) => o.textContent === 'My peering study'));

    // Opening the saved one asks too (the open one is work); Discard mine replaces it, and the
    // saved one leaves the list.
    const key = await page.locator('.saved-picker option', { hasText: 'My peering study' }).getAttribute('value');
    await page.locator('.saved-picker select').selectOption(key);
    await dialog.getByRole('button', { name: 'Discard mine' }).click();
    await waitForStored(page, (d) => d.design.name === 'My peering study');
    await page.waitForFunction(() => ![...document.querySelectorAll('.saved-picker option')].some((o) => o.textContent === 'My peering study'));
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('a fragment changed in an open tab opens that design through the same path', { timeout: 90000 }, async () => {
  const { context, page, problems } = await openPage(browser);
  try {
    await page.goto(url + '#gallery=seed-lab');
    await waitForStudio(page);
    assert.equal(new URL(page.url()).hash, '', 'a fragment is followed once, then cleared');
    // Not work yet: a pasted #gallery= link opens at once.
    await page.evaluate(() => (location.hash = 'gallery=non-transitive-peering'));
    await page.waitForFunction(() => document.title.startsWith('Non-transitive'));
    assert.equal(new URL(page.url()).hash, '');

    // Work: a pasted share link asks; Cancel leaves the design and a URL that names no other.
    await rename(page, 'Mine');
    const shared = await fixture('local-design.json');
    await page.evaluate((h) => (location.hash = h), linkFor(shared));
    const dialog = page.getByRole('alertdialog');
    await dialog.waitFor();
    assert.match(await dialog.innerText(), /Open the shared design “My local design”/);
    // Keys belong to the question: Ctrl+Z does not undo the rename behind it; Escape cancels.
    await page.keyboard.press('Control+z');
    assert.equal(await page.getByRole('textbox', { name: 'Design name' }).inputValue(), 'Mine');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    assert.equal(new URL(page.url()).hash, '', 'the URL does not name a design other than the one open');
    assert.equal(await page.getByRole('textbox', { name: 'Design name' }).inputValue(), 'Mine');

    // Another pasted link asks the same way. (Back and forward cannot bring a stale link back:
    // a followed fragment is replaced in its history entry, so no entry names another design.)
    await page.evaluate((h) => (location.hash = h), linkFor(shared));
    await dialog.getByRole('button', { name: 'Discard mine' }).click();
    await page.waitForFunction(() => [...document.querySelectorAll('svg.canvas text.title')].some((t) => t.dataset.full === 'vnet-my-own'));
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('New (blank or from a template), Rename, the page title and file names follow the design', { timeout: 90000 }, async () => {
  const { context, page, problems } = await openPage(browser);
  try {
    await page.goto(url + '#gallery=seed-lab');
    await waitForStudio(page);
    await page.waitForFunction(() => document.title === 'Private endpoint in a spoke (seed lab) — vnet-studio');
    const long = 'Contoso / West Europe: hub & spokes '.repeat(4).trim();
    await rename(page, long);
    assert.equal(await page.title(), `${long} — vnet-studio`, 'the page title is the full name');
    await page.getByRole('button', { name: 'Export…' }).click();
    const exporting = page.getByRole('dialog', { name: 'Export' });
    await exporting.locator('.export-file .file-name').waitFor({ timeout: 20000 });
    const download = page.waitForEvent('download');
    await exporting.getByRole('button', { name: 'Download' }).click();
    const name = (await download).suggestedFilename();
    await exporting.getByRole('button', { name: 'Close' }).click();
    assert.match(name, /^Contoso-West-Europe-hub-spokes-Contoso/);
    assert.ok(name.length <= 80 + '.json'.length, `at most 80 characters and .json: ${name}`);

    // New from a template: asks (the renamed design is work), then opens a copy named as such.
    await page.locator('.new-menu select').selectOption('hybrid-dns');
    // Keep both has the focus: Enter chooses it.
    await page.getByRole('alertdialog').getByRole('button', { name: 'Keep both' }).waitFor();
    await page.waitForFunction(() => document.activeElement?.textContent === 'Keep both');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => / \(copy\)$/.test(document.querySelector('input.design-name').value));
    // New blank: the copy is not edited, so nothing is asked; the canvas is empty.
    await page.locator('.new-menu select').selectOption('blank');
    await page.waitForFunction(() => document.querySelectorAll('svg.canvas g.box').length === 0);
    assert.equal(await page.title(), 'Untitled design — vnet-studio');
    assert.ok((await savedNames(page)).includes(long), 'Keep both kept the renamed design');
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('Ctrl+A selects every element when the canvas has focus, and the page text otherwise', { timeout: 60000 }, async () => {
  const { context, page, problems } = await openPage(browser);
  try {
    await page.goto(url + '#gallery=seed-lab');
    await waitForStudio(page);
    const boxes = await page.evaluate(() => new Set([...document.querySelectorAll('svg.canvas g.box')].map((g) => g.dataset.id)).size);
    // Focus elsewhere (the page): the canvas selection does not change.
    await page.locator('.diagnostics').click();
    await page.keyboard.press('Control+a');
    assert.equal(await page.locator('svg.canvas g.box.selected').count(), 0);
    // Click the canvas background, then Ctrl+A.
    const canvas = await page.locator('svg.canvas').boundingBox();
    await page.mouse.click(canvas.x + 8, canvas.y + canvas.height - 8);
    await page.keyboard.press('Control+a');
    await page.waitForFunction((n) => document.querySelectorAll('svg.canvas g.box.selected').length === n, boxes);
    const selectedText = await page.evaluate(() => String(getSelection()));
    assert.equal(selectedText, '', 'no page text selected');
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('a full storage quota: the banner says the design is not saved, and Keep both replaces nothing', { timeout: 90000 }, async () => {
  const { context, page, problems } = await openPage(browser);
  try {
    await page.goto(url + '#gallery=seed-lab');
    await waitForStudio(page);
    await waitForStored(page, (d) => d.design.vnets.length === 2);
    // From now on every write fails as a full quota does.
    await page.evaluate(() => {
      IDBObjectStore.prototype.put = function () {
        throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      };
    });
    await page.getByRole('textbox', { name: 'Design name' }).fill('Unsaved work');
    const banner = page.locator('.notice.storage');
    await banner.waitFor();
    assert.match(await banner.innerText(), /This design is not saved: the browser's storage for this site is full/);
    assert.equal(await banner.getByRole('button', { name: 'Export JSON' }).count(), 1);
    await page.screenshot({ path: join(ARTIFACTS, 'documents-quota.png') });

    await pickGallery(page, 'hybrid-dns');
    await page.getByRole('alertdialog').getByRole('button', { name: 'Keep both' }).click();
    await page.getByText(/could not be saved aside .*nothing was opened/).waitFor();
    assert.equal(await page.getByRole('textbox', { name: 'Design name' }).inputValue(), 'Unsaved work', 'nothing was replaced');
    assert.equal((await storedDesign(page)).design.name, 'Private endpoint in a spoke (seed lab)', 'the autosave was not overwritten');
    // Errors here are the page's own messages, not failures of the studio.
    assert.deepEqual(problems.filter((p) => !/QuotaExceeded/.test(p)), []);
  } finally {
    await context.close();
  }
});

test('with storage unavailable the studio says at once that nothing will be kept', { timeout: 60000 }, async () => {
  const { context, page, problems } = await openPage(browser);
  try {
    await page.addInitScript(() => Object.defineProperty(window, 'indexedDB', { get: () => undefined }));
    await page.goto(url + '#gallery=seed-lab');
    await waitForStudio(page);
    const banner = page.locator('.notice.storage');
    await banner.waitFor();
    assert.match(await banner.innerText(), /Nothing will be kept in this browser/);
    await page.screenshot({ path: join(ARTIFACTS, 'documents-no-storage.png') });
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('the first edition\'s localStorage documents move to IndexedDB with nothing lost', { timeout: 60000 }, async () => {
  const { context, page, problems } = await openPage(browser);
  try {
    const mine = await fixture('local-design.json');
    const kept = { ...mine, design: { ...mine.design, name: 'Kept aside earlier' } };
    // The old keys, as the first edition wrote them, there before the studio first runs.
    await page.addInitScript(
      ([a, b]) => {
        if (sessionStorage.getItem('seeded')) return;
        sessionStorage.setItem('seeded', '1');
        localStorage.setItem('vnet-studio.current', a);
        localStorage.setItem('vnet-studio.saved', JSON.stringify([b]));
      },
      [JSON.stringify(mine), JSON.stringify(kept)],
    );
    await page.goto(url);
    await waitForStudio(page);
    assert.ok((await canvasTitles(page)).includes('vnet-my-own'), 'the old autosave is the open design');
    await page.waitForFunction(() => [...document.querySelectorAll('.saved-picker option')].some((o) => o.textContent === 'Kept aside earlier'));
    assert.equal((await storedDesign(page)).design.name, 'My local design');
    assert.deepEqual(await page.evaluate(() => [localStorage.getItem('vnet-studio.current'), localStorage.getItem('vnet-studio.saved')]), [null, null], 'old keys removed once moved');
    // It is the user's own design: a gallery pick over it asks.
    await pickGallery(page, 'seed-lab');
    await page.getByRole('alertdialog').waitFor();
    assert.ok(await storedText(page));
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('a link with layout values out of range opens, clamped, with the boxes on the canvas', { timeout: 60000 }, async () => {
  const { context, page, problems } = await openPage(browser);
  try {
    await page.goto(url + '#gallery=seed-lab');
    await waitForStudio(page);
    const doc = await page.evaluate(async () => (await fetch('gallery/seed-lab.json')).json());
    const [hub, spoke] = doc.design.vnets;
    doc.layout = {
      [hub.id]: { x: 2147483647, y: -2147483648, w: 2147483647, h: -5 },
      [spoke.id]: { x: 40, y: 40, w: 600, h: 400 },
    };
    await page.goto('about:blank');
    await page.goto(url + '#' + linkFor(doc));
    await waitForStudio(page);
    const rect = await page.locator(`svg.canvas g.box[data-id="${hub.id}"] rect`).first().evaluate((r) => [r.x.baseVal.value, r.y.baseVal.value, r.width.baseVal.value]);
    assert.ok(rect.every((v) => Math.abs(v) <= 1000000), `clamped into ±1,000,000: ${rect}`);
    const stored = await waitForStored(page, (d) => !!d.layout?.[hub.id]);
    assert.equal(stored.layout[hub.id].x, 1000000);
    assert.equal(stored.layout[hub.id].h >= 1, true);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('an autosave that does not read is kept aside, untouched, not saved over', { timeout: 60000 }, async () => {
  const { context, page, problems } = await openPage(browser);
  try {
    await page.goto(url + '#gallery=seed-lab');
    await waitForStudio(page);
    const future = JSON.stringify({ schema: 99, design: { name: 'from a newer version' } });
    await storeDesign(page, future);
    await page.reload();
    await page.getByRole('alert').filter({ hasText: 'could not be read' }).waitFor();
    assert.match(await page.getByRole('alert').filter({ hasText: 'could not be read' }).innerText(), /kept aside in this browser, untouched/);
    await waitForStudio(page);
    // The seed lab opened and was autosaved; the unreadable text is where it was put aside.
    await waitForStored(page, (d) => d.design.vnets.length === 2);
    assert.equal(await storedText(page, 'unreadable:current'), future);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});
