// Drawing by dragging, as a person does with a mouse, pen or finger (pointer events): palette
// items dropped onto the canvas (and refused, with the reason, where they do not fit), handles
// dragged from one box onto another to connect them (peering, zone link, private endpoint target,
// gateway connection, route table and NSG association), multi-select, rubber band, group move,
// nudge, resize, space + drag and pinch.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { useStudio, openPage, waitForStudio, canvasTitles, linkFor, fixture, ARTIFACTS, storedDesign, waitForStored, storeDesign } from './harness.mjs';

let url;
let browser;
useStudio((s) => ({ url, browser } = s));

function box(page, name) {
  return page.locator('svg.canvas g.box', { has: page.locator(`text.title[data-full="${name}"]`) });
}

async function rectOf(page, name) {
  return box(page, name).locator('rect').first().boundingBox();
}

/** The autosaved document, once the studio's quiet time after the last change has passed. */
async function saved(page) {
  await page.waitForTimeout(400);
  return storedDesign(page);
}

/** Moves the mouse from a to b in steps, pressed. */
async function dragPoints(page, a, b, steps = 10) {
  await page.mouse.move(a.x, a.y);
  await page.mouse.down();
  for (let i = 1; i <= steps; i++) await page.mouse.move(a.x + ((b.x - a.x) * i) / steps, a.y + ((b.y - a.y) * i) / steps);
  await page.mouse.up();
}

/** A point of the canvas with no box under it, towards the bottom left. */
async function emptySpot(page) {
  return page.evaluate(() => {
    const svg = document.querySelector('svg.canvas');
    const r = svg.getBoundingClientRect();
    for (let y = r.bottom - 30; y > r.top + 30; y -= 20) {
      for (let x = r.left + 30; x < r.right - 200; x += 20) {
        const clear = [0, 90, 180].every((dx) => [0, 40].every((dy) => document.elementFromPoint(x + dx, y + dy) === svg));
        if (clear) return { x, y };
      }
    }
    return null;
  });
}

/** Drags palette item `kind` onto the screen point `to`. */
async function dropFromPalette(page, kind, to) {
  const item = await page.locator(`.palette-item[data-kind="${kind}"]`).boundingBox();
  await dragPoints(page, { x: item.x + item.width / 2, y: item.y + item.height / 2 }, to, 12);
}

function center(r) {
  return { x: r.x + r.width / 2, y: r.y + r.height / 2 };
}

/** Selects the box `from` and drags its connect handle onto the point `to`. */
async function connect(page, from, to) {
  const r = await rectOf(page, from);
  await page.mouse.click(r.x + Math.min(30, r.width / 3), r.y + 8);
  const handle = await box(page, from).locator('circle.handle.connect').boundingBox();
  await dragPoints(page, center(handle), to);
}

async function hint(page) {
  return page.locator('.canvas-hint').textContent();
}

test('palette drops and connecting VNets by their handles: peering both ways, undo, reasons', { timeout: 120000 }, async () => {
  const { context, page, problems } = await openPage(browser);
  try {
    await page.goto(url + '#gallery=seed-lab');
    await waitForStudio(page);

    // A subnet dropped on the background is refused with the reason.
    await dropFromPalette(page, 'Subnet', await emptySpot(page));
    assert.match(await hint(page), /A subnet goes into a VNet/);

    await dropFromPalette(page, 'VNet', await emptySpot(page));
    await box(page, 'vnet-3').waitFor();
    assert.equal(await page.locator('.field[data-key="addressSpace"] input').inputValue(), '10.2.0.0/16');
    const v3 = (await saved(page)).design.vnets.find((v) => v.name === 'vnet-3');
    assert.ok((await saved(page)).layout[v3.id], 'the VNet sits where it was dropped');

    await dropFromPalette(page, 'Subnet', center(await rectOf(page, 'vnet-3')));
    await box(page, 'snet-1').waitFor();
    const snet = (await saved(page)).design.subnets.find((s) => s.name === 'snet-1');
    assert.equal(snet.vnet, v3.id, 'the subnet went into the VNet it was dropped on');

    // A VM dropped on the VNet's header, not in a subnet, says where it goes.
    const vr = await rectOf(page, 'vnet-3');
    await dropFromPalette(page, 'VM', { x: vr.x + vr.width - 20, y: vr.y + 10 });
    assert.match(await hint(page), /goes into a subnet: drop it on a subnet of vnet-3/);
    await dropFromPalette(page, 'VM', center(await rectOf(page, 'snet-1')));
    await waitForStored(page, (d) => d.design.vms.length === 3);
    const vm = (await saved(page)).design.vms.at(-1);
    assert.equal(vm.nics[0].subnet, snet.id);
    assert.equal(vm.nics[0].ip, '10.2.0.4');

    // Drag the new VNet's handle onto the hub: both peering links, one undo step.
    const lines0 = await page.locator('svg.canvas path.line.peering').count();
    await connect(page, 'vnet-3', center(await rectOf(page, 'vnet-hub')));
    assert.match(await hint(page), /Peered vnet-3 and vnet-hub/);
    let doc = await saved(page);
    const hub = doc.design.vnets.find((v) => v.name === 'vnet-hub');
    const links = doc.design.peerings.filter((p) => p.vnet === v3.id || p.remoteVnet === v3.id);
    assert.equal(links.length, 2, 'both directions (P-2)');
    assert.ok(links.some((p) => p.vnet === v3.id && p.remoteVnet === hub.id && p.allowVirtualNetworkAccess));
    assert.ok(links.some((p) => p.vnet === hub.id && p.remoteVnet === v3.id));
    assert.equal(await page.locator('svg.canvas path.line.peering').count(), lines0 + 1, 'drawn as one line');
    await page.screenshot({ path: join(ARTIFACTS, 'connect-peering.png') });
    await page.keyboard.press('Control+z');
    doc = await saved(page);
    assert.equal(doc.design.peerings.filter((p) => p.vnet === v3.id || p.remoteVnet === v3.id).length, 0, 'undo');
    await page.keyboard.press('Control+y');
    doc = await saved(page);
    assert.equal(doc.design.peerings.filter((p) => p.vnet === v3.id || p.remoteVnet === v3.id).length, 2, 'redo');

    // Invalid targets say why: the hub and spoke are peered already; a VNet does not connect to a VM.
    await connect(page, 'vnet-hub', center(await rectOf(page, 'vnet-spoke')));
    assert.match(await hint(page), /already peered/);
    const spot = await emptySpot(page);
    await connect(page, 'vnet-3', spot);
    assert.match(await hint(page), /Drop the end of the connection on another box/);
    await page.screenshot({ path: join(ARTIFACTS, 'connect-refused.png') });
    assert.equal((await saved(page)).design.peerings.length, 4, 'nothing else changed');
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('zone link, route table and NSG association, endpoint target, gateway connection', { timeout: 120000 }, async () => {
  const { context, page, problems } = await openPage(browser);
  try {
    await page.goto(url + '#gallery=seed-lab');
    await waitForStudio(page);
    let doc = await saved(page);
    const spoke = doc.design.vnets.find((v) => v.name === 'vnet-spoke');
    const zone = doc.design.dnsZones[0];
    assert.ok(!zone.links.some((l) => l.vnet === spoke.id), 'the seed lab links the zone to the hub only');
    await connect(page, zone.name, center(await rectOf(page, 'vnet-spoke')));
    assert.match(await hint(page), /linked .* to vnet-spoke/i);
    doc = await saved(page);
    assert.ok(doc.design.dnsZones[0].links.some((l) => l.vnet === spoke.id));

    // A route table dropped on the background stands alone; its handle associates it.
    const rts = doc.design.routeTables?.length ?? 0;
    await dropFromPalette(page, 'Route table', await emptySpot(page));
    const rtName = `rt-${rts + 1}`;
    await box(page, rtName).waitFor();
    await connect(page, rtName, center(await rectOf(page, 'snet-data')));
    doc = await saved(page);
    const rt = doc.design.routeTables.find((r) => r.name === rtName);
    assert.equal(doc.design.subnets.find((s) => s.name === 'snet-data').routeTable, rt.id);
    assert.ok((await page.locator('svg.canvas path.line.assoc').count()) >= 1, 'the association is drawn for the selection');

    await dropFromPalette(page, 'NSG', await emptySpot(page));
    await box(page, 'nsg-1').waitFor();
    const fwSubnet = await rectOf(page, 'AzureFirewallSubnet');
    await connect(page, 'nsg-1', { x: fwSubnet.x + fwSubnet.width - 12, y: fwSubnet.y + 8 });
    assert.match(await hint(page), /N-10/);
    await connect(page, 'nsg-1', center(await rectOf(page, 'snet-vm')));
    doc = await saved(page);
    assert.equal(doc.design.subnets.find((s) => s.name === 'snet-vm').nsg, doc.design.nsgs.find((n) => n.name === 'nsg-1').id);
    await page.screenshot({ path: join(ARTIFACTS, 'connect-association.png') });

    // A private endpoint re-targeted at a new storage account.
    await dropFromPalette(page, 'Storage account', await emptySpot(page));
    doc = await saved(page);
    const storage = doc.design.paas.at(-1);
    await box(page, storage.name).waitFor();
    const pe = doc.design.privateEndpoints[0];
    await connect(page, pe.name, center(await rectOf(page, storage.name)));
    doc = await saved(page);
    assert.equal(doc.design.privateEndpoints[0].target.resource, storage.id);

    // A gateway (dropped into a subnet) connected to an on-premises site.
    await dropFromPalette(page, 'VPN gateway', center(await rectOf(page, 'snet-dns')));
    await dropFromPalette(page, 'On-premises site', await emptySpot(page));
    doc = await saved(page);
    const gw = doc.design.gateways[0];
    const site = doc.design.sites[0];
    await box(page, site.name).waitFor();
    await connect(page, gw.name, center(await rectOf(page, site.name)));
    assert.match(await hint(page), /connected .* to/i);
    doc = await saved(page);
    assert.equal(doc.design.gateways[0].connections[0].site, site.id);
    assert.ok((await page.locator('svg.canvas path.line.gw-conn').count()) >= 1);
    await page.screenshot({ path: join(ARTIFACTS, 'connect-all.png') });
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('multi-select, rubber band, group move, nudge, resize, space + drag, pinch, the sheet', { timeout: 120000 }, async () => {
  const { context, page, problems } = await openPage(browser);
  try {
    await page.goto(url + '#gallery=seed-lab');
    await waitForStudio(page);
    const hub0 = await rectOf(page, 'vnet-hub');
    const spoke0 = await rectOf(page, 'vnet-spoke');
    await page.mouse.click(hub0.x + 30, hub0.y + 8);
    await page.keyboard.down('Shift');
    await page.mouse.click(spoke0.x + 30, spoke0.y + 8);
    await page.keyboard.up('Shift');
    assert.equal(await page.locator('svg.canvas g.box.selected').count(), 2, 'shift-click adds');
    await dragPoints(page, { x: hub0.x + 30, y: hub0.y + 8 }, { x: hub0.x + 30, y: hub0.y + 128 });
    const hub1 = await rectOf(page, 'vnet-hub');
    const spoke1 = await rectOf(page, 'vnet-spoke');
    assert.ok(hub1.y - hub0.y > 60 && Math.abs(spoke1.y - spoke0.y - (hub1.y - hub0.y)) < 2, 'both moved together');
    await page.keyboard.press('Control+z');
    assert.ok(Math.abs((await rectOf(page, 'vnet-spoke')).y - spoke0.y) < 2, 'one undo step puts both back');
    assert.ok(Math.abs((await rectOf(page, 'vnet-hub')).y - hub0.y) < 2);

    // Rubber band: shift + drag the background around everything.
    const svg = await page.locator('svg.canvas').boundingBox();
    await page.keyboard.down('Shift');
    await dragPoints(page, { x: svg.x + 4, y: svg.y + 4 }, { x: svg.x + svg.width - 4, y: svg.y + svg.height - 4 });
    await page.keyboard.up('Shift');
    const all = await page.locator('svg.canvas g.box').count();
    assert.equal(await page.locator('svg.canvas g.box.selected').count(), all, 'the band selects what it encloses');
    await page.keyboard.press('Escape');
    assert.equal(await page.locator('svg.canvas g.box.selected').count(), 0);

    // Arrow keys nudge; each press is one undo step.
    await page.mouse.click(spoke0.x + 30, spoke0.y + 8);
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    const nudged = await rectOf(page, 'vnet-spoke');
    assert.ok(nudged.x > spoke0.x + 1, `nudged right: ${spoke0.x} → ${nudged.x}`);
    await page.keyboard.press('Control+z');
    const once = await rectOf(page, 'vnet-spoke');
    assert.ok(once.x < nudged.x && once.x > spoke0.x, 'undo takes back one nudge');
    await page.keyboard.press('Control+z');

    // Resize a container by its corner handle; undo restores the size.
    const corner = await box(page, 'vnet-spoke').locator('rect.handle.resize').boundingBox();
    const w0 = (await rectOf(page, 'vnet-spoke')).width;
    await dragPoints(page, center(corner), { x: center(corner).x + 120, y: center(corner).y + 60 });
    assert.ok((await rectOf(page, 'vnet-spoke')).width > w0 + 40, 'wider');
    await page.screenshot({ path: join(ARTIFACTS, 'select-resize.png') });
    await page.keyboard.press('Control+z');
    assert.ok(Math.abs((await rectOf(page, 'vnet-spoke')).width - w0) < 2, 'undo restores the size');

    // Space + drag pans even over a box; the box stays put in the design.
    const vb0 = await page.locator('svg.canvas').getAttribute('viewBox');
    const before = (await saved(page)).layout;
    const s = await rectOf(page, 'vnet-spoke');
    await page.keyboard.down(' ');
    await dragPoints(page, { x: s.x + 30, y: s.y + 8 }, { x: s.x + 130, y: s.y + 58 });
    await page.keyboard.up(' ');
    assert.notEqual(await page.locator('svg.canvas').getAttribute('viewBox'), vb0, 'the view moved');
    assert.deepEqual((await saved(page)).layout, before, 'nothing was moved');

    // Pinch: two touch pointers moving apart zoom in.
    const width = async () => Number((await page.locator('svg.canvas').getAttribute('viewBox')).split(' ')[2]);
    const w1 = await width();
    await page.evaluate(({ x, y }) => {
      const el = document.querySelector('svg.canvas');
      const fire = (type, id, cx) =>
        el.dispatchEvent(new PointerEvent(type, { pointerId: id, pointerType: 'touch', isPrimary: id === 11, clientX: cx, clientY: y, bubbles: true, button: 0, buttons: 1 }));
      fire('pointerdown', 11, x - 20);
      fire('pointerdown', 12, x + 20);
      for (let i = 1; i <= 5; i++) {
        fire('pointermove', 11, x - 20 - i * 16);
        fire('pointermove', 12, x + 20 + i * 16);
      }
      fire('pointerup', 11, x - 100);
      fire('pointerup', 12, x + 100);
    }, { x: svg.x + svg.width / 2, y: svg.y + svg.height - 20 });
    assert.ok((await width()) < w1 * 0.5, `pinch zoomed in: ${w1} → ${await width()}`);
    assert.deepEqual((await saved(page)).layout, before, 'the pinch moved no box');

    await page.keyboard.press('?');
    const sheet = await page.locator('.sheet').textContent();
    for (const s of ['Nudge', 'Connect', 'Resize', 'rubber band', 'Space', 'pinch']) assert.ok(sheet.includes(s), s);
    await page.keyboard.press('Escape');
    assert.ok((await canvasTitles(page)).includes('vnet-hub'));
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('copy and paste: a VNet with its contents, in the same design and into another one', { timeout: 90000 }, async () => {
  const { context, page, problems } = await openPage(browser);
  try {
    await page.goto(url + '#gallery=seed-lab');
    await waitForStudio(page);
    const s = await rectOf(page, 'vnet-spoke');
    await page.mouse.click(s.x + 30, s.y + 8);
    await page.keyboard.press('Control+c');
    await page.keyboard.press('Control+v');
    await box(page, 'vnet-spoke-copy').waitFor();
    let doc = await saved(page);
    const copy = doc.design.vnets.find((v) => v.name === 'vnet-spoke-copy');
    assert.equal(copy.addressSpace[0], '10.2.0.0/16', 'the next free range');
    const subnets = doc.design.subnets.filter((x) => x.vnet === copy.id);
    assert.equal(subnets.length, 2, 'its subnets came along');
    assert.ok(subnets.every((x) => x.prefix.startsWith('10.2.')));
    await page.keyboard.press('Control+z');
    assert.ok(!(await canvasTitles(page)).includes('vnet-spoke-copy'), 'one undo step');

    // Another design, in another tab of the same browser: the copy is still there to paste.
    const other = await context.newPage();
    await other.goto(url + '#gallery=non-transitive-peering');
    // The first tab's edits are work: the gallery link asks before it replaces them.
    await other.getByRole('alertdialog').getByRole('button', { name: 'Keep both' }).click();
    await other.waitForFunction(() => document.title.startsWith('Non-transitive peering'));
    await waitForStudio(other);
    const n0 = (await other.evaluate(() => document.querySelectorAll('svg.canvas g.box.vnet').length));
    await other.locator('svg.canvas').click({ position: { x: 5, y: 5 } });
    await other.keyboard.press('Control+v');
    await other.waitForFunction((n) => document.querySelectorAll('svg.canvas g.box.vnet').length === n + 1, n0);
    const titles = await canvasTitles(other);
    assert.ok(titles.includes('snet-vm') || titles.includes('snet-vm-copy'), `pasted subnets: ${titles}`);
    await other.screenshot({ path: join(ARTIFACTS, 'paste-other-design.png') });
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('presentation mode: long names stay inside their boxes, cut with an ellipsis', { timeout: 60000 }, async () => {
  const { context, page, problems } = await openPage(browser);
  try {
    await page.goto(url + '#gallery=seed-lab');
    await waitForStudio(page);
    const long = 'vnet-spoke-production-westeurope-application-landing-zone-002';
    const s = await rectOf(page, 'vnet-spoke');
    await page.mouse.click(s.x + 30, s.y + 8);
    const name = page.locator('.field[data-key="name"] input');
    await name.fill(long);
    await box(page, long).waitFor();
    const vm = await rectOf(page, 'vm-spoke');
    await page.mouse.click(vm.x + 20, vm.y + 8);
    await page.locator('.field[data-key="name"] input').fill('vm-spoke-with-a-rather-long-name-for-the-projector');
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: 'Present' }).click();
    await page.waitForTimeout(200);
    const overflow = await page.$$eval('svg.canvas g.box', (gs) =>
      gs
        .map((g) => {
          const r = g.querySelector('rect').getBBox();
          const t = g.querySelector('text.title').getBBox();
          return { name: g.querySelector('text.title').dataset.full, over: t.x + t.width - (r.x + r.width) };
        })
        .filter((o) => o.over > 0),
    );
    assert.deepEqual(overflow, [], 'no title runs past its box');
    const shown = await box(page, long).locator('text.title').textContent();
    assert.ok(shown.endsWith('…') && shown.length < long.length, `cut: ${shown}`);
    await page.screenshot({ path: join(ARTIFACTS, 'presentation-long-names.png') });
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('a shared link or an imported file over local work: asked first, "keep both" keeps both', { timeout: 90000 }, async () => {
  const { context, page, problems } = await openPage(browser);
  try {
    const local = await fixture('local-design.json');
    await page.goto(url);
    await waitForStudio(page);
    await storeDesign(page, local);
    const shared = await fixture('hostile-names.json');
    await page.goto('about:blank');
    await page.goto(url + '#' + linkFor(shared));
    await waitForStudio(page);
    const dialog = page.getByRole('alertdialog');
    await dialog.waitFor();
    assert.match(await dialog.innerText(), /Open the shared design/);
    assert.ok((await canvasTitles(page)).includes('vnet-my-own'), 'mine stays open while the studio asks');
    await dialog.getByRole('button', { name: 'Keep both' }).click();
    await page.getByText('Kept both').waitFor();
    const options = await page.locator('.saved-picker option').allTextContents();
    assert.ok(options.includes('My local design'), `mine is under Saved designs: ${options}`);
    await waitForStored(page, (d) => d.design.name === shared.design.name);
    assert.equal(new URL(page.url()).hash, '', 'the link is followed once: a reload does not ask again');

    // Once edited, the shared design is work too: importing a file asks; Cancel changes
    // nothing, Keep both keeps both.
    await page.getByRole('textbox', { name: 'Design name' }).fill('Shared, edited');
    await waitForStored(page, (d) => d.design.name === 'Shared, edited');
    const file = { name: 'mine.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(local)) };
    await page.getByRole('button', { name: 'Import' }).click();
    await page.locator('.import-dialog input[type=file]').setInputFiles(file);
    await dialog.waitFor();
    assert.match(await dialog.innerText(), /from the file mine\.json/);
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await page.waitForTimeout(300);
    assert.equal((await storedDesign(page)).design.name, 'Shared, edited');
    await page.getByRole('button', { name: 'Import' }).click();
    await page.locator('.import-dialog input[type=file]').setInputFiles(file);
    await dialog.getByRole('button', { name: 'Keep both' }).click();
    await waitForStored(page, (d) => d.design.name === 'My local design');
    await page.waitForFunction(() => [...document.querySelectorAll('.saved-picker option')].some((o) => o.textContent === 'Shared, edited'));
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});
