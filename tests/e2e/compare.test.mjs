// "Compare with…" (issue 21 §2), as a user does it: open a landing zone whose spoke sends
// 0.0.0.0/0 to the hub firewall and that promises two things (spoke 1 reaches spoke 2 through
// afw-hub; spoke 1 cannot reach the internet, which afw-hub denies), set a checkpoint, delete
// the spoke's default route in the properties panel, compare with the checkpoint. The worker's
// diff lists both intents as newly failing, the spoke-to-spoke flows lost, the route rows that
// changed; the isolate intent's two traces show the flow now going straight out, bypassing the
// firewall; the trace view offers the proven fix; the canvas outlines what changed.
//   trunk build --release --dist /work/dist-compare
//   VNET_DIST=/work/dist-compare node --test tests/e2e/compare.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { useStudio, openPage, waitForStudio, linkFor, fixture, ARTIFACTS } from './harness.mjs';

let url;
let browser;
useStudio((s) => ({ url, browser } = s));

const field = (page, key) => page.locator(`.properties .field[data-key="${key}"]`);

test('a checkpoint, the spoke default route removed, compared: flows lost, intents broken, the bypass and its fix', { timeout: 120000 }, async () => {
  const { context, page, problems } = await openPage(browser);
  const doc = await fixture('compare-landing-zone.json');
  await page.goto(url + '#' + linkFor(doc));
  await waitForStudio(page);

  // "Compare…" in the canvas toolbar opens the Compare panel, where the checkpoint is set.
  await page.getByRole('button', { name: 'Compare…' }).click();
  await page.locator('section.panel.compare').waitFor({ timeout: 20000 });
  await page.locator('.compare-sources .hint', { hasText: 'No checkpoint yet' }).waitFor();
  await page.getByRole('button', { name: 'Set checkpoint' }).click();
  await page.locator('.compare-sources .hint', { hasText: 'no edit since' }).waitFor();
  await page.locator('.tabs [role=tab]', { hasText: 'Properties' }).click();

  // The user deletes the default route line of the spoke's route table.
  // Its tile (rt26) is drawn without its title at the fitted zoom: found by id.
  const rt = doc.design.routeTables.find((t) => t.name === 'rt-spoke-0001-web');
  await page.locator(`svg.canvas g.box[data-id="${rt.id}"] rect`).first().click({ position: { x: 12, y: 8 } });
  const routes = field(page, 'routes').locator('textarea');
  await routes.waitFor();
  const lines = (await routes.inputValue()).split('\n');
  assert.ok(lines.some((l) => l.startsWith('default-to-afw 0.0.0.0/0 VirtualAppliance 10.0.1.4')), lines.join('\n'));
  await routes.fill(lines.filter((l) => !l.includes('0.0.0.0/0')).join('\n'));
  await routes.blur();

  await page.getByRole('button', { name: 'Compare…' }).click();
  await page.locator('section.panel.compare').waitFor({ timeout: 20000 });
  await page.locator('.compare-sources .hint', { hasText: 'Checkpoint set 1 edit ago' }).waitFor();
  await page.locator('button.compare-checkpoint').click();
  const result = page.locator('.compare-result');
  await result.waitFor({ timeout: 30000 });
  await page.screenshot({ path: join(ARTIFACTS, 'compare-list.png') });

  const summary = await page.locator('.compare-summary').textContent();
  assert.match(summary, /2 intents newly failing/);
  assert.match(summary, /8 flows lost/);

  // Intents first, both newly failing.
  const groups = await page.$$eval('.compare-result .effects h3', (hs) => hs.map((h) => h.textContent));
  assert.deepEqual(groups, ['Intents (2)', 'Reachability (8)', 'Effective routes (6)', 'Elements (1)']);
  const failing = page.locator('.effects.intents .effect.newly-failing');
  assert.equal(await failing.count(), 2);
  const through = failing.filter({ hasText: 'spoke 1 web reaches spoke 2 web through afw-hub' });
  assert.match(await through.textContent(), /pass → fail/);

  // Reachability: spoke 1 to spoke 2 lost, with the route that drops it.
  const lost = page.locator('.effects.reachability .effect.lost', { hasText: 'vnet-spoke-0001/snet-web → vnet-spoke-0002/snet-web' });
  assert.equal(await lost.count(), 2, 'TCP 443 and ICMP');
  assert.match(await lost.first().textContent(), /delivered → dropped .*R-4/);
  // The removed row, with the rule that made it.
  const removed = page.locator('.effects.routes .effect', { hasText: "0.0.0.0/0 (User 'default-to-afw')" });
  assert.match(await removed.textContent(), /removed Active → VirtualAppliance 10\.0\.1\.4 → —/);

  // The canvas outlines the changed route table and the subnet whose routes changed.
  assert.equal(await page.locator('svg.canvas .compare-marks rect.diff-mark.changed').count(), 1);
  assert.equal(await page.locator('svg.canvas .compare-marks rect.diff-mark.routes').count(), 1);

  // The isolate intent on both sides: before, afw-hub drops it; now it goes out directly.
  await failing.filter({ hasText: 'cannot reach the internet' }).click();
  const sides = page.locator('.compare-sides');
  await sides.waitFor();
  const before = sides.locator('.side.before');
  const now = sides.locator('.side.now');
  assert.match(await before.locator('.intent-status').textContent(), /pass/);
  assert.match(await before.locator('.outcome').textContent(), /dropped at afw-hub/i);
  assert.match(await now.locator('.intent-status').textContent(), /fail/);
  assert.match(await now.locator('.outcome').textContent(), /delivered/i);
  assert.doesNotMatch(await now.locator('.path').first().textContent(), /afw-hub/, 'now it bypasses the firewall');
  assert.match(await before.locator('.path').first().textContent(), /afw-hub/);
  await page.screenshot({ path: join(ARTIFACTS, 'compare-sides.png') });

  // The through intent: now dropped at spoke 1; the trace view offers the proven fix.
  await sides.getByRole('button', { name: 'Back to the list' }).click();
  await through.click();
  await sides.waitFor();
  assert.match(await sides.locator('.side.now .outcome').textContent(), /dropped/i);
  await sides.locator('.side.now').getByRole('button', { name: 'Open the trace' }).click();
  await page.locator('section.panel.trace .outcome.dropped').waitFor();
  const fix = page.locator('ul.fixes li.fix').first();
  await fix.waitFor({ timeout: 20000 });
  await page.screenshot({ path: join(ARTIFACTS, 'compare-fix.png') });
  const fixText = await fix.textContent();
  assert.ok(fixText.length > 10, fixText);

  // A narrower window: the side panel keeps its width and the two versions stay readable.
  await page.setViewportSize({ width: 1100, height: 900 });
  await page.getByRole('button', { name: 'Compare…' }).click();
  await page.locator('.effects.intents .effect.newly-failing').first().click();
  await page.locator('.compare-sides').screenshot({ path: join(ARTIFACTS, 'compare-narrow.png') });

  assert.deepEqual(problems, []);
  await context.close();
});

test('compared with a file, then undone: the comparison says it is stale and compares again to no effect', { timeout: 120000 }, async () => {
  const { context, page, problems } = await openPage(browser);
  const doc = await fixture('compare-landing-zone.json');
  await page.goto(url + '#' + linkFor(doc));
  await waitForStudio(page);

  // The edit: the spoke's default route removed, as in the test above.
  const rt = doc.design.routeTables.find((t) => t.name === 'rt-spoke-0001-web');
  await page.locator(`svg.canvas g.box[data-id="${rt.id}"] rect`).first().click({ position: { x: 12, y: 8 } });
  const routes = field(page, 'routes').locator('textarea');
  await routes.waitFor();
  const lines = (await routes.inputValue()).split('\n');
  await routes.fill(lines.filter((l) => !l.includes('0.0.0.0/0')).join('\n'));
  await routes.blur();

  // "Before" is the design as a file (what a reviewer downloads from the pull request).
  await page.getByRole('button', { name: 'Compare…' }).click();
  await page.locator('section.panel.compare').waitFor({ timeout: 20000 });
  const buffer = Buffer.from(JSON.stringify(doc));
  await page.locator('.compare-sources input[name=compare-file]').setInputFiles({ name: 'landing-zone.json', mimeType: 'application/json', buffer });
  const result = page.locator('.compare-result');
  await result.waitFor({ timeout: 30000 });
  assert.match(await page.locator('.compare-what').textContent(), /landing-zone\.json/);
  assert.match(await page.locator('.compare-summary').textContent(), /2 intents newly failing/);
  assert.equal(await page.locator('.compare-stale').count(), 0, 'fresh: nothing changed since');

  // Undo brings the route back: the list is now about a design that is no longer open.
  await page.getByRole('button', { name: 'Undo' }).click();
  await page.locator('.compare-stale').waitFor({ timeout: 10000 });
  assert.ok(await result.evaluate((e) => e.classList.contains('stale')));
  await page.screenshot({ path: join(ARTIFACTS, 'compare-stale.png') });

  // Compare again: the same file against the design as it is now, which is the file's.
  await page.getByRole('button', { name: 'Compare again' }).click();
  await page.locator('.compare-summary', { hasText: /^No effect/ }).waitFor({ timeout: 30000 });
  assert.equal(await page.locator('.compare-stale').count(), 0);

  assert.deepEqual(problems, []);
  await context.close();
});
