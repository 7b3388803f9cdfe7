// The studio as a person edits with it: select and drag boxes (one undo step per drag), undo and
// redo from the keyboard and the toolbar, autosave across a reload, zoom and pan, the properties
// panel with inline validation, the palette, delete with confirmation, duplicate, export and
// presentation mode.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { readFile } from 'node:fs/promises';
import { useStudio, openPage, waitForStudio, canvasTitles, linkFor, ARTIFACTS, storedDesign, waitForStored } from './harness.mjs';

let url;
let browser;
useStudio((s) => ({ url, browser } = s));

/** The box of the element named `name` (its title text), as a locator of its `g.box`. */
function box(page, name) {
  return page.locator('svg.canvas g.box', { has: page.locator(`text.title[data-full="${name}"]`) });
}

async function rectOf(page, name) {
  return box(page, name).locator('rect').first().boundingBox();
}

/** Drags with the mouse from the centre of a box by (dx, dy) screen pixels, in steps. */
async function drag(page, name, dx, dy) {
  const r = await rectOf(page, name);
  const x = r.x + Math.min(40, r.width / 2);
  const y = r.y + 12;
  await page.mouse.move(x, y);
  await page.mouse.down();
  for (let i = 1; i <= 8; i++) await page.mouse.move(x + (dx * i) / 8, y + (dy * i) / 8);
  await page.mouse.up();
}

/** The autosaved document, once the studio's quiet time after the last change has passed. */
async function saved(page) {
  await page.waitForTimeout(400);
  return storedDesign(page);
}

test('dragging a VNet moves it with its subnets as one undo step, autosaved', { timeout: 90000 }, async () => {
  const { context, page, problems } = await openPage(browser);
  try {
    await page.goto(url + '#gallery=seed-lab');
    await waitForStudio(page);
    const hub0 = await rectOf(page, 'vnet-hub');
    const sub0 = await rectOf(page, 'snet-dns');
    const diag0 = await page.locator('.diagnostics .summary').textContent();
    await drag(page, 'vnet-hub', 0, 160);
    const hub1 = await rectOf(page, 'vnet-hub');
    const sub1 = await rectOf(page, 'snet-dns');
    assert.ok(hub1.y - hub0.y > 60, `the hub moved down: ${hub0.y} → ${hub1.y}`);
    assert.ok(Math.abs(sub1.y - sub0.y - (hub1.y - hub0.y)) < 2, 'its subnet moved with it');
    assert.ok(await box(page, 'vnet-hub').evaluate((g) => g.classList.contains('selected')), 'pressing selects');
    assert.equal(await page.locator('.diagnostics .summary').textContent(), diag0);
    const doc = await saved(page);
    const hubId = doc.design.vnets.find((v) => v.name === 'vnet-hub').id;
    assert.ok(doc.layout[hubId], 'the move is autosaved in the layout');
    await page.screenshot({ path: join(ARTIFACTS, 'editing-drag.png') });

    // One drag is one undo step: Ctrl+Z puts the hub back; Ctrl+Shift+Z and Ctrl+Y redo.
    await page.keyboard.press('Control+z');
    const back = await rectOf(page, 'vnet-hub');
    assert.ok(Math.abs(back.y - hub0.y) < 2, `undo restores the position: ${back.y} vs ${hub0.y}`);
    assert.equal((await saved(page)).layout?.[hubId], undefined, 'undo is autosaved too');
    await page.keyboard.press('Control+Shift+Z');
    assert.ok(Math.abs((await rectOf(page, 'vnet-hub')).y - hub1.y) < 2, 'redo moves it again');
    await page.getByRole('button', { name: 'Undo' }).click();
    await page.keyboard.press('Control+y');
    assert.ok(Math.abs((await rectOf(page, 'vnet-hub')).y - hub1.y) < 2, 'Ctrl+Y redoes');

    // The work is back after a reload: the hub is lower than the spoke, as it was left.
    await page.goto(url);
    await waitForStudio(page);
    const [hub2, spoke2] = [await rectOf(page, 'vnet-hub'), await rectOf(page, 'vnet-spoke')];
    assert.ok(hub2.y - spoke2.y > 40, `the moved hub is back after reload: ${hub2.y} vs spoke ${spoke2.y}`);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('wheel and buttons zoom, dragging the background pans, Fit fits', { timeout: 60000 }, async () => {
  const { context, page, problems } = await openPage(browser);
  try {
    await page.goto(url + '#gallery=seed-lab');
    await waitForStudio(page);
    const vb = () => page.locator('svg.canvas').getAttribute('viewBox');
    const width = async () => Number((await vb()).split(' ')[2]);
    const w0 = await width();
    const canvas = await page.locator('svg.canvas').boundingBox();
    await page.mouse.move(canvas.x + canvas.width / 2, canvas.y + canvas.height - 20);
    await page.mouse.wheel(0, -400);
    // The wheel zoom is drawn for good once the wheel rests (app/src/preview.rs).
    await page.waitForFunction((w) => Number(document.querySelector('svg.canvas').getAttribute('viewBox').split(' ')[2]) < w * 0.8, w0);
    assert.equal(await page.locator('svg.canvas').evaluate((e) => e.style.transform), '', 'the zoom preview is gone');
    await page.getByRole('button', { name: 'Zoom out' }).click();
    const before = (await vb()).split(' ').map(Number);
    // Pan from an empty spot near the bottom of the canvas.
    const [x, y] = [canvas.x + canvas.width - 30, canvas.y + canvas.height - 30];
    await page.mouse.move(x, y);
    await page.mouse.down();
    await page.mouse.move(x - 100, y - 50, { steps: 5 });
    await page.mouse.up();
    const after = (await vb()).split(' ').map(Number);
    assert.ok(after[0] > before[0] && after[1] > before[1], `the background drag pans: ${before} → ${after}`);
    await page.getByRole('button', { name: 'Fit' }).click();
    assert.ok(Math.abs((await width()) - w0) < 1, 'Fit shows the whole design again');
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('the properties panel edits a subnet; a bad prefix stays as a draft with its reason', { timeout: 60000 }, async () => {
  const { context, page, problems } = await openPage(browser);
  try {
    await page.goto(url + '#gallery=seed-lab');
    await waitForStudio(page);
    await box(page, 'snet-vm').locator('rect').first().click({ position: { x: 30, y: 10 } });
    const prefix = page.locator('.properties .field[data-key="prefix"] input');
    await prefix.waitFor();
    assert.equal(await prefix.inputValue(), '10.1.0.0/24');
    await prefix.fill('10.1.0.0/2x');
    await page.locator('.properties .field[data-key="prefix"] .field-error').waitFor();
    assert.match(await page.locator('.field-error').textContent(), /not an IPv4 prefix/);
    assert.equal(await prefix.inputValue(), '10.1.0.0/2x', 'the draft stays in the field');
    assert.ok(await box(page, 'snet-vm').evaluate((g) => g.textContent.includes('10.1.0.0/24')), 'the last valid design stays');
    await prefix.fill('10.1.4.0/24');
    await page.waitForFunction(() => !document.querySelector('.field-error'));
    assert.ok((await canvasTitles(page)).includes('snet-vm'));
    await page.waitForFunction(() => document.querySelector('svg.canvas').textContent.includes('10.1.4.0/24'));
    const name = page.locator('.properties .field[data-key="name"] input');
    await name.fill('snet-app');
    await name.blur();
    assert.ok((await canvasTitles(page)).includes('snet-app'), 'the new name is drawn');
    await page.screenshot({ path: join(ARTIFACTS, 'editing-properties.png') });
    // Typing in one field is one undo step: two undos restore the name, then the prefix.
    await page.getByRole('button', { name: 'Undo' }).click();
    assert.ok((await canvasTitles(page)).includes('snet-vm'));
    await page.getByRole('button', { name: 'Undo' }).click();
    const sub = (await saved(page)).design.subnets.find((s) => s.name === 'snet-vm');
    assert.equal(sub.prefix, '10.1.0.0/24');
    // A bad address that parses is the engine's business: its diagnostic is shown at the field,
    // and clicking the diagnostic in the list selects the element.
    await prefix.fill('10.9.0.0/24');
    await page.locator('.properties .field[data-key="prefix"] .field-diag').waitFor();
    await page.keyboard.press('Escape');
    await page.locator('.diag-button').first().click();
    await page.locator('.properties .element-form').waitFor();
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('the palette adds a VNet, a subnet in it and a VM in that, with suggested addresses', { timeout: 60000 }, async () => {
  const { context, page, problems } = await openPage(browser);
  try {
    await page.goto(url + '#gallery=seed-lab');
    await waitForStudio(page);
    await page.keyboard.press('Escape');
    await page.locator('.palette-item[data-kind="Subnet"]').click();
    assert.match(await page.locator('.palette-why').textContent(), /Select a VNet first/);
    await page.locator('.palette-item[data-kind="VNet"]').click();
    await box(page, 'vnet-3').waitFor();
    assert.equal(await page.locator('.field[data-key="addressSpace"] input').inputValue(), '10.2.0.0/16');
    await page.locator('.palette-item[data-kind="Subnet"]').click();
    await box(page, 'snet-1').waitFor();
    assert.equal(await page.locator('.field[data-key="prefix"] input').inputValue(), '10.2.0.0/24');
    await page.locator('.palette-item[data-kind="VM"]').click();
    await page.locator('.field[data-key="nics[0].ip"] input').waitFor();
    assert.equal(await page.locator('.field[data-key="nics[0].ip"] input').inputValue(), '10.2.0.4');
    // Duplicate the VM: the copy gets the next free address.
    await page.keyboard.press('Control+d');
    await page.waitForFunction(() => document.querySelector('.field[data-key="nics[0].ip"] input')?.value === '10.2.0.5');
    await page.screenshot({ path: join(ARTIFACTS, 'editing-palette.png') });
    // Deleting the VNet cascades: the studio asks first; declining keeps everything.
    await box(page, 'vnet-3').locator('rect').first().click({ position: { x: 20, y: 10 } });
    let asked = '';
    page.once('dialog', (d) => {
      asked = d.message();
      d.dismiss();
    });
    await page.keyboard.press('Delete');
    assert.match(asked, /also deletes snet-1/);
    assert.ok((await canvasTitles(page)).includes('vnet-3'));
    page.once('dialog', (d) => d.accept());
    await page.keyboard.press('Delete');
    await page.waitForFunction(() => ![...document.querySelectorAll('svg.canvas text.title')].some((t) => t.dataset.full === 'vnet-3'));
    await page.keyboard.press('Control+z');
    await box(page, 'snet-1').waitFor();
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('the drawing export module failing to load says so; the next export fetches it again', { timeout: 60000 }, async () => {
  // A first visit: no service worker serves the module from its cache yet (harness.mjs).
  const { context, page, problems } = await openPage(browser, { serviceWorkers: 'block' });
  try {
    let block = true;
    await page.route(/split_drawing-[0-9a-f]+\.wasm$/, (route) => (block ? route.abort('internetdisconnected') : route.continue()));
    await page.goto(url + '#gallery=seed-lab');
    await waitForStudio(page);
    await page.getByRole('button', { name: 'SVG' }).click();
    const notice = page.locator('.notice.error .notice-text');
    await notice.waitFor({ timeout: 20000 });
    assert.match(await notice.innerText(), /drawing could not be exported: .*could not be loaded/);
    block = false;
    const [svg] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'SVG' }).click()]);
    assert.match(await readFile(await svg.path(), 'utf8'), /^<svg xmlns=/);
    // The failed fetch is the only console error (the browser reports it).
    assert.ok(problems.every((p) => /split_drawing|Failed to fetch|ERR_INTERNET_DISCONNECTED/.test(p)), JSON.stringify(problems));
  } finally {
    await context.close();
  }
});

test('the shortcut sheet, presentation mode and exports', { timeout: 60000 }, async () => {
  const { context, page, problems } = await openPage(browser);
  try {
    await page.goto(url + '#gallery=seed-lab');
    await waitForStudio(page);
    await page.keyboard.press('?');
    await page.getByRole('dialog', { name: 'Help' }).waitFor();
    assert.match(await page.getByRole('dialog', { name: 'Help' }).textContent(), /How to.*Keyboard shortcuts/s);
    await page.keyboard.press('Escape');
    // The top bar's Help opens the same sheet.
    await page.getByRole('button', { name: 'Help', exact: true }).click();
    await page.getByRole('dialog', { name: 'Help' }).waitFor();
    await page.screenshot({ path: join(ARTIFACTS, 'help.png') });
    await page.keyboard.press('Escape');
    assert.equal(await page.getByRole('dialog').count(), 0);

    // Ctrl/⌘ + S saves the JSON at once; the top bar's Export… offers it among the formats.
    const [json] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Control+s')]);
    const doc = JSON.parse(await readFile(await json.path(), 'utf8'));
    assert.equal(doc.design.vnets.length, 2);
    const [svg] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'SVG' }).click()]);
    const text = await readFile(await svg.path(), 'utf8');
    assert.match(text, /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    assert.match(text, /vnet-spoke/);
    assert.match(text, /<style>[^<]*\.box/, 'the stylesheet, read from the page, is embedded');
    const [png] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'PNG' }).click()]);
    const bytes = await readFile(await png.path());
    assert.equal(bytes.subarray(1, 4).toString(), 'PNG');
    assert.ok(bytes.length > 5000, 'the PNG has a drawing in it');

    await page.getByRole('button', { name: 'Present' }).click();
    assert.equal(await page.locator('.sidebar').isVisible(), false);
    await page.screenshot({ path: join(ARTIFACTS, 'editing-presentation.png') });
    await page.getByRole('button', { name: 'Leave presentation' }).click();
    assert.ok(await page.locator('.sidebar').isVisible());
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('touch: a finger drags a box too', { timeout: 60000 }, async () => {
  const { context, page, problems } = await openPage(browser);
  try {
    await page.goto(url + '#gallery=seed-lab');
    await waitForStudio(page);
    const r0 = await rectOf(page, 'mftesting');
    const [x, y] = [r0.x + 30, r0.y + 10];
    const fire = (type, px, py) =>
      box(page, 'mftesting').locator('rect').first().dispatchEvent(type, {
        pointerId: 7, pointerType: 'touch', isPrimary: true, button: 0, buttons: type === 'pointerup' ? 0 : 1, clientX: px, clientY: py, bubbles: true,
      });
    await fire('pointerdown', x, y);
    for (let i = 1; i <= 5; i++) await fire('pointermove', x, y + i * 20);
    await fire('pointerup', x, y + 100);
    const r1 = await rectOf(page, 'mftesting');
    assert.ok(r1.y - r0.y > 40, `the touch drag moved the box: ${r0.y} → ${r1.y}`);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('a rename made while the zoom draws no text reaches the text drawn later (zoom in, SVG export)', { timeout: 90000 }, async () => {
  const { context, page, problems } = await openPage(browser);
  try {
    await page.goto(url + '#gallery=large-landing-zone');
    await page.waitForFunction(() => document.querySelectorAll('svg.canvas g.box').length > 500, null, { timeout: 60000 });
    // At "fit", 100 spokes are far too small to read: boxes draw no text, and a rename there
    // changes nothing on the canvas (boxes.rs).
    assert.equal(await page.locator('svg.canvas text.title').count(), 0, 'no text drawn at fit');
    const subnet = page.locator('svg.canvas g.box.subnet').nth(10);
    const id = await subnet.getAttribute('data-id');
    const r = await subnet.boundingBox();
    await page.mouse.click(r.x + r.width / 2, r.y + 1);
    const name = page.locator('.properties .field[data-key="name"] input');
    await name.waitFor();
    await name.fill('snet-renamed-at-fit');
    await name.blur();
    const [svg] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'SVG' }).click()]);
    const text = await readFile(await svg.path(), 'utf8');
    assert.match(text, new RegExp(`data-id="${id}"[^>]*>(?:(?!</g>).)*snet-renamed-at-fit`, 's'), 'the export draws the new name in its box');
    // Zoomed in until titles are drawn, the box shows the new name too.
    await page.mouse.move(r.x + r.width / 2, r.y + r.height / 2);
    for (let i = 0; i < 20 && (await page.locator('svg.canvas text.title').count()) === 0; i++) {
      await page.mouse.wheel(0, -200);
      await page.waitForTimeout(100);
    }
    await page.locator(`svg.canvas g.box[data-id="${id}"] text.title[data-full="snet-renamed-at-fit"]`).waitFor({ state: 'attached' });
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('a link that repeats an id is repaired on read: both elements stay, deleting one keeps its twin, undo works', { timeout: 60000 }, async () => {
  const { context, page, problems } = await openPage(browser);
  try {
    await page.goto(url + '#gallery=seed-lab');
    await waitForStudio(page);
    // A link whose design repeats the first VM's id on a copy with another name.
    const doc = await page.evaluate(async () => {
      const doc = await (await fetch('gallery/seed-lab.json')).json();
      doc.design.vms.push({ ...doc.design.vms[0], name: 'vm-copy' });
      return doc;
    });
    const id = doc.design.vms[0].id;
    await page.goto('about:blank');
    await page.goto(url + '#' + linkFor(doc));
    await waitForStudio(page);
    const notice = page.getByRole('status').filter({ hasText: 'Repaired while reading it' });
    await notice.waitFor();
    assert.match(await notice.innerText(), new RegExp(`Two elements had the id ${id}; the second \\(virtual machine 'vm-copy'\\) is now`));
    const copyId = (await waitForStored(page, (d) => d.design.vms.some((v) => v.name === 'vm-copy'))).design.vms.find((v) => v.name === 'vm-copy').id;
    assert.notEqual(copyId, id, 'the copy has an id of its own');
    assert.equal(await page.locator(`svg.canvas g.box[data-id="${id}"]`).count(), 1);
    assert.equal(await page.locator(`svg.canvas g.box[data-id="${copyId}"]`).count(), 1);
    // Deleting the copy leaves the first; undo brings the copy back.
    await box(page, 'vm-copy').locator('rect').first().click();
    page.once('dialog', (d) => d.accept());
    await page.keyboard.press('Delete');
    await page.waitForFunction((c) => !document.querySelector(`svg.canvas g.box[data-id="${c}"]`), copyId);
    assert.equal(await page.locator(`svg.canvas g.box[data-id="${id}"]`).count(), 1, 'the twin stays');
    await page.keyboard.press('Control+z');
    await page.waitForFunction((c) => !!document.querySelector(`svg.canvas g.box[data-id="${c}"]`), copyId);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});
