// The views that make the engine visible (issue 7 §1–3), as a user sees them on gallery designs:
// effective routes with an Invalid row struck through, packet traces animated on the drawing
// (the seed lab's TCP bypassing the firewall while ICMP passes through it, unless the E-5 setting
// says every protocol; gallery 11's
// asymmetric return dropped at the firewall, with a fix applied and undone), DNS from the spoke
// through the hub forwarder, then "connect" to it; rule texts, the context menu and the player.
//   trunk build --release --dist /work/dist-views
//   VNET_DIST=/work/dist-views node --test tests/e2e/views.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { useStudio, openPage, ARTIFACTS, storedDesign, waitForStored } from './harness.mjs';

let url;
let browser;
useStudio((s) => ({ url, browser } = s));

function box(page, name) {
  return page.locator('svg.canvas g.box', { has: page.locator(`text.title[data-full="${name}"]`) });
}

/** Opens a gallery design and waits until the element `marker` is drawn. */
async function gallery(page, slug, marker) {
  await page.goto(url + '#gallery=' + slug);
  await page.waitForSelector(`svg.canvas g.box text.title[data-full="${marker}"]`, { timeout: 20000 });
}

// Opens a side-panel tab; a simulation tab's panel arrives with the simulation module, fetched
// on the first open (app/src/sim.rs), so this waits for it.
async function tab(page, name) {
  await page.locator('.tabs [role=tab]', { hasText: name }).click();
  const panel = { Trace: 'section.panel.trace', DNS: 'section.panel.dns', Routes: 'section.panel.routes', Matrix: '.matrix-panel' }[name];
  if (panel) await page.locator(panel).waitFor({ timeout: 20000 });
}

async function trace(page, from, to, protocol, port) {
  await tab(page, 'Trace');
  await page.selectOption('.trace select[name=from]', { label: from });
  await page.fill('.trace input[name=to]', to);
  await page.selectOption('.trace select[name=protocol]', protocol);
  if (port !== undefined) await page.fill('.trace input[name=port]', String(port));
  await page.locator('.trace button.run').click();
  await page.waitForSelector('.trace .outcome');
}

/** The event list: one entry per stop, with its leg (forward, reply, ack, query, answer). A new
 * answer empties the list and writes it after its first frame (views/event_list.rs). */
async function events(page) {
  await page.waitForSelector('ol.events > li.event');
  return page.$$eval('ol.events > li.event', (els) =>
    els.map((e) => ({
      leg: ['forward', 'reply', 'ack', 'query', 'answer'].find((c) => e.classList.contains(c)),
      place: e.querySelector('.event-head strong').textContent,
      text: e.textContent,
      dropped: e.classList.contains('dropped'),
    })),
  );
}

const placesOf = (evs, leg) => evs.filter((e) => e.leg === leg).map((e) => e.place);

test('seed lab: TCP to the private endpoint bypasses the firewall, ICMP passes through it', { timeout: 90000 }, async () => {
  const { context, page, problems } = await openPage(browser);
  try {
    await gallery(page, 'seed-lab', 'afw-hub');
    const fw = await box(page, 'afw-hub').getAttribute('data-id');

    await trace(page, 'vm-spoke', 'pe-mftesting-blob', 'TCP', 443);
    assert.match(await page.locator('.trace .outcome').textContent(), /delivered/i);
    let evs = await events(page);
    assert.deepEqual(placesOf(evs, 'forward'), ['vm-spoke', 'pe-mftesting-blob'], 'TCP goes straight to the endpoint');
    assert.deepEqual(placesOf(evs, 'reply'), ['pe-mftesting-blob', 'vm-spoke']);
    assert.ok(!evs.some((e) => e.place === 'afw-hub'), 'TCP never meets the firewall');
    assert.match(evs[0].text, /10\.1\.1\.4\/32 \(InterfaceEndpoint\)/, 'the /32 route decides');
    assert.equal(await page.locator(`.trace-overlay rect.ring[data-ring="${fw}"]`).count(), 0, 'no ring on the firewall');
    assert.equal(await page.locator('.trace-overlay circle.packet').count(), 1, 'the packet is drawn');
    await page.locator('.player button', { hasText: 'Pause' }).click({ timeout: 1000 }).catch(() => {});
    await page.locator('ol.events > li.event').nth(1).locator('.event-head').click();
    await page.screenshot({ path: join(ARTIFACTS, 'views-trace-tcp.png') });

    await trace(page, 'vm-spoke', 'pe-mftesting-blob', 'ICMP');
    evs = await events(page);
    assert.deepEqual(placesOf(evs, 'forward'), ['vm-spoke', 'afw-hub', 'pe-mftesting-blob'], 'ICMP follows the UDR to the firewall');
    const atFw = evs.find((e) => e.place === 'afw-hub');
    assert.match(atFw.text, /firewall allows/);
    assert.match(atFw.text, /F-6/);
    assert.equal(await page.locator(`.trace-overlay rect.ring[data-ring="${fw}"]`).count() > 0, true, 'the firewall is ringed');
    assert.match(await page.locator('.trace .outcome').textContent(), /E-5/, 'the verdict names its rule');
    await page.screenshot({ path: join(ARTIFACTS, 'views-trace-icmp.png') });

    // E-5 is a simulator's choice, a design setting (nothing selected): with "every protocol",
    // ICMP takes the endpoint's /32 route too. One undo step brings the firewall back.
    await page.keyboard.press('Escape');
    await tab(page, 'Properties');
    await page.selectOption('.design-settings [data-key=peRouteProtocols] select', 'AllProtocols');
    await trace(page, 'vm-spoke', 'pe-mftesting-blob', 'ICMP');
    await page.waitForFunction(() => !/afw-hub/.test(document.querySelector('ol.events')?.textContent ?? ''));
    assert.deepEqual(placesOf(await events(page), 'forward'), ['vm-spoke', 'pe-mftesting-blob'], 'ICMP goes straight too');
    await page.keyboard.press('Control+z');
    await page.waitForFunction(() => /afw-hub/.test(document.querySelector('ol.events')?.textContent ?? ''));
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('asymmetric return (gallery 11): the drop is shown at the firewall; a fix applies and undoes', { timeout: 90000 }, async () => {
  const { context, page, problems } = await openPage(browser);
  try {
    await gallery(page, 'asymmetric-return', 'afw-hub');
    const fw = await box(page, 'afw-hub').getAttribute('data-id');
    await trace(page, 'onprem-client (onprem-branch)', 'vm-web', 'TCP', 443);
    const outcome = await page.locator('.trace .outcome').textContent();
    assert.match(outcome, /dropped/i);
    assert.match(outcome, /at afw-hub/);
    assert.match(outcome, /F-12/);
    const evs = await events(page);
    assert.deepEqual(placesOf(evs, 'forward'), ['onprem-branch', 'vpngw-hub', 'afw-hub', 'vm-web']);
    assert.deepEqual(placesOf(evs, 'reply'), ['vm-web', 'vpngw-hub', 'onprem-branch'], 'the reply skips the firewall');
    const ack = evs.filter((e) => e.leg === 'ack');
    assert.equal(ack.at(-1).place, 'afw-hub', "the client's ACK ends at the firewall");
    assert.ok(ack.at(-1).dropped);

    // Clicking the last event moves the animation there: the drop is drawn at the firewall.
    await page.locator('ol.events > li.event').last().locator('.event-head').click();
    assert.ok(await page.locator('ol.events > li.event').last().evaluate((e) => e.classList.contains('current')));
    await page.waitForSelector('.trace-overlay g.drop-mark[data-at="afw-hub"]');
    assert.equal(await page.locator(`.trace-overlay rect.ring.dropped[data-ring="${fw}"]`).count(), 1);
    assert.match(await page.locator('.player-status').textContent(), new RegExp(`${evs.length}/${evs.length}`));
    await page.screenshot({ path: join(ARTIFACTS, 'views-trace-asymmetric.png') });

    // The engine's proven fixes, each with Apply (one undo step).
    const fixes = page.locator('.fixes .fix');
    await fixes.first().waitFor({ timeout: 10000 });
    assert.match(await fixes.first().textContent(), /192\.168\.0\.0\/16|propagation|SNAT/);
    await fixes.first().locator('button.apply').click();
    await page.waitForFunction(() => /delivered/i.test(document.querySelector('.trace .outcome')?.textContent ?? ''));
    await page.keyboard.press('Control+z');
    await page.waitForFunction(() => /dropped/i.test(document.querySelector('.trace .outcome')?.textContent ?? ''));
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test("saved questions: the design's own are listed and asked again by a click; save and remove", { timeout: 90000 }, async () => {
  const { context, page, problems } = await openPage(browser);
  try {
    await gallery(page, 'asymmetric-return', 'afw-hub');
    await tab(page, 'Trace');
    const listed = page.locator('.trace .questions li.question');
    assert.deepEqual(await listed.locator('.ask-again').allTextContents(), [
      'trace onprem-client → vm-web: HTTPS (TCP 443)',
      'trace onprem-client → vm-web: ping (ICMP)',
    ]);
    await listed.nth(0).locator('.ask-again').click();
    await page.waitForSelector('.trace .outcome');
    assert.match(await page.locator('.trace .outcome').textContent(), /dropped/i, 'the HTTPS question replays the asymmetric drop');
    assert.equal(await page.locator('.trace input[name=to]').inputValue(), '10.1.1.4', 'the form shows what was asked');

    // The form's question is saved into the design (one undo step) and removed again.
    await page.selectOption('.trace select[name=protocol]', 'UDP');
    await page.fill('.trace input[name=port]', '53');
    await page.locator('.trace button.save-question').click();
    await listed.nth(2).waitFor();
    assert.equal(await listed.nth(2).locator('.ask-again').textContent(), 'trace onprem-client → 10.1.1.4: UDP 53');
    const saved = async () => (await storedDesign(page)).design.questions.length;
    await waitForStored(page, (d) => d.design.questions?.length === 3);
    await listed.nth(2).locator('button.remove').click();
    await page.waitForFunction(() => document.querySelectorAll('.trace .questions li.question').length === 2);
    await page.keyboard.press('Control+z');
    await page.waitForFunction(() => document.querySelectorAll('.trace .questions li.question').length === 3);
    await waitForStored(page, (d) => d.design.questions?.length === 3);
    assert.equal(await saved(), 3);
    await page.screenshot({ path: join(ARTIFACTS, 'views-questions.png') });
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('DNS from the spoke returns the private IP through the hub forwarder', { timeout: 90000 }, async () => {
  const { context, page, problems } = await openPage(browser);
  try {
    await gallery(page, 'seed-lab', 'vm-dns');
    await tab(page, 'DNS');
    await page.selectOption('.dns select[name=from]', { label: 'vm-spoke' });
    await page.fill('.dns input[name=name]', 'mftesting.blob.core.windows.net');
    await page.locator('.dns button.run', { hasText: 'Resolve' }).click();
    const answer = await page.locator('.dns .outcome').textContent();
    assert.match(answer, /A 10\.1\.1\.4/);
    assert.match(answer, /mftesting\.privatelink\.blob\.core\.windows\.net/, 'through the privatelink CNAME');
    const evs = await events(page);
    const query = placesOf(evs, 'query');
    assert.equal(query[0], 'vm-spoke');
    assert.equal(query[1], 'vm-dns', 'the spoke asks the hub DNS VM');
    assert.match(evs[1].text, /D-4/, 'which forwards (D-4)');
    assert.ok(evs.some((e) => /D-2/.test(e.text)), 'the linked privatelink zone answers (D-2)');
    assert.equal(evs.at(-1).place, 'vm-spoke', 'the answer comes back to the client');
    assert.equal(evs.at(-1).leg, 'answer');
    await page.locator('ol.events > li.event').nth(2).locator('.event-head').click();
    await page.screenshot({ path: join(ARTIFACTS, 'views-dns.png') });
    // The lookup saved as a question of the design.
    await page.locator('.dns button.save-question').click();
    await page.waitForSelector('.dns .questions li.question');
    assert.match(await page.locator('.dns .questions li.question').last().textContent(), /lookup vm-spoke resolves mftesting\.blob\.core\.windows\.net/);

    // Connect: the lookup, then TCP to the answer, as one animation; how and with which source.
    await page.locator('.dns button.connect').click();
    const connected = page.locator('.dns .outcome');
    await page.waitForFunction(() => /connected/i.test(document.querySelector('.dns .outcome')?.textContent ?? ''));
    assert.match(await connected.textContent(), /Private endpoint pe-mftesting-blob \(10\.1\.1\.4\)/);
    assert.match(await connected.textContent(), /sees source IP 10\.1\.0\.4/);
    const cevs = await events(page);
    assert.equal(cevs[0].leg, 'query', 'the lookup plays first');
    assert.deepEqual(placesOf(cevs, 'forward'), ['vm-spoke', 'pe-mftesting-blob'], 'then TCP straight to the endpoint');
    await page.screenshot({ path: join(ARTIFACTS, 'views-connect.png') });

    // Enter in the name resolves too.
    await page.fill('.dns input[name=name]', 'nothing-here.example.com');
    await page.press('.dns input[name=name]', 'Enter');
    await page.waitForFunction(() => /NXDOMAIN/.test(document.querySelector('.dns .outcome')?.textContent ?? ''));
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('effective routes: an Invalid row struck through with what overrides it; rule text; copy', { timeout: 90000 }, async () => {
  const { context, page, problems } = await openPage(browser);
  try {
    await gallery(page, 'seed-lab', 'snet-vm');
    await box(page, 'snet-vm').locator('rect').first().click({ position: { x: 40, y: 8 } });
    await tab(page, 'Routes');
    await page.waitForSelector('.routes-table');
    assert.match(await page.locator('.routes .target').textContent(), /snet-vm/);
    const invalid = page.locator('tr.route.invalid');
    assert.ok((await invalid.count()) >= 2, 'VnetLocal and Internet are overridden by the UDRs');
    const row = invalid.filter({ hasText: 'VnetLocal' });
    assert.match(await row.textContent(), /10\.1\.0\.0\/16/);
    const strike = await row.locator('td').first().evaluate((td) => getComputedStyle(td).textDecorationLine);
    assert.equal(strike, 'line-through');
    const override = row.locator('xpath=following-sibling::tr[1]');
    assert.match(await override.textContent(), /overridden by User 10\.1\.0\.0\/16 → VirtualAppliance 10\.0\.1\.4/);
    assert.match(await override.textContent(), /R-23/);
    await page.screenshot({ path: join(ARTIFACTS, 'views-routes.png') });

    await override.locator('button.rule-link').click();
    const dialog = page.locator('.rule-dialog');
    await dialog.waitFor();
    // The rule texts are fetched on first use (rules.json): the title follows once they are in.
    await page.waitForFunction(() => /^R-23 · /.test(document.querySelector('.rule-dialog h2')?.textContent ?? ''));
    assert.match(await dialog.locator('a').getAttribute('href'), /^https:\/\/learn\.microsoft\.com\//);
    await page.screenshot({ path: join(ARTIFACTS, 'views-rule.png') });
    await page.keyboard.press('Escape');
    assert.equal(await dialog.count(), 0);

    await page.locator('.routes button', { hasText: 'Copy CSV' }).click();
    await page.waitForFunction(() => document.querySelector('.routes .status')?.textContent);
    const csv = await page.evaluate(() => navigator.clipboard.readText());
    assert.match(csv, /^Source,State,Address prefix,Next hop type,Next hop IP,Rule/);
    assert.match(csv, /"Default","Invalid","10\.1\.0\.0\/16","VnetLocal"/);
    await page.locator('.routes button', { hasText: 'Copy JSON' }).click();
    await page.waitForFunction(async () => (await navigator.clipboard.readText()).startsWith('{'));
    const json = JSON.parse(await page.evaluate(() => navigator.clipboard.readText()));
    assert.equal(json.routes.length, await page.locator('tr.route').count());
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('context menu: trace from and to an element; the player steps, seeks and pauses', { timeout: 90000 }, async () => {
  const { context, page, problems } = await openPage(browser);
  try {
    await gallery(page, 'seed-lab', 'vm-spoke');
    const menu = page.locator('.canvas-menu');
    await box(page, 'vm-spoke').locator('rect').first().click({ button: 'right' });
    await menu.waitFor();
    await page.screenshot({ path: join(ARTIFACTS, 'views-menu.png') });
    await menu.locator('button', { hasText: 'Trace from here' }).click();
    assert.equal(await menu.count(), 0);
    await box(page, 'pe-mftesting-blob').locator('rect').first().click({ button: 'right', position: { x: 10, y: 10 } });
    await menu.locator('button', { hasText: 'Trace to here' }).click();
    await page.waitForSelector('.trace .outcome');
    assert.equal(await page.locator('.trace select[name=from] option:checked').textContent(), 'vm-spoke');
    assert.equal(await page.inputValue('.trace input[name=to]'), 'pe-mftesting-blob');

    const bar = page.locator('.player');
    await bar.waitFor();
    await bar.locator('button', { hasText: 'Pause' }).click({ timeout: 1000 }).catch(() => {});
    await bar.locator('button', { hasText: 'Restart' }).click();
    await bar.locator('button', { hasText: 'Pause' }).click();
    await bar.locator('button[aria-label="Step back"]').click();
    assert.match(await page.locator('.player-status').textContent(), /^1\/4 · → vm-spoke/);
    await bar.locator('button[aria-label="Step forward"]').click();
    await bar.locator('button[aria-label="Step forward"]').click();
    assert.match(await page.locator('.player-status').textContent(), /^3\/4 · ← pe-mftesting-blob/);
    assert.ok(await page.locator('ol.events > li.event').nth(2).evaluate((e) => e.classList.contains('current')));
    await page.locator('ol.events > li.event').first().locator('.event-head').click();
    assert.match(await page.locator('.player-status').textContent(), /^1\/4/);
    const dot0 = await page.locator('.trace-overlay circle.packet').getAttribute('cx');
    await page.locator('.player input[type=range]').fill('5');
    await bar.locator('button', { hasText: 'Play' }).click();
    await page.waitForFunction(() => /^4\/4/.test(document.querySelector('.player-status')?.textContent ?? ''), null, { timeout: 5000 });
    assert.notEqual(await page.locator('.trace-overlay circle.packet').getAttribute('cx'), dot0, 'the dot moved');
    await bar.locator('button', { hasText: 'Play' }).waitFor();
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});
