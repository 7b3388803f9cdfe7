// Import (issue 19 §2), as a troubleshooter meets it: the `az` export of a small hub and two
// spokes (core/tests/fixtures/import/hub-spoke/az, written from Microsoft's REST API examples) is
// dropped on the canvas; the import report says what came in and what it assumed; the imported
// design opens through the replace path; a flow from one spoke to the other is traced through the
// imported firewall (R-13 to the appliance, F-6 by its network rule collection); and a captured
// effective route table is pasted into the Routes view, which lists the one row Azure has and the
// engine does not. The captured table (tests/e2e/fixtures/import-effective-routes-nic-app1.json)
// is the engine's own `az` output for nic-app1, in reverse order, plus one gateway route, as if
// the real NIC also learned 192.168.0.0/16 from a gateway outside the exported resource group.
// A share link of the imported design leaves the Azure ids out unless kept.
//   trunk build --release --dist /work/dist-import
//   VNET_DIST=/work/dist-import node --test tests/e2e/import.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { useStudio, openPage, waitForStudio, fixture, ARTIFACTS } from './harness.mjs';

let url;
let browser;
useStudio((s) => ({ url, browser } = s));

const AZ = new URL('../../core/tests/fixtures/import/hub-spoke/az/', import.meta.url).pathname;

async function azFiles() {
  const names = (await readdir(AZ)).filter((n) => n.endsWith('.json')).sort();
  return Promise.all(names.map(async (name) => ({ name, mimeType: 'application/json', buffer: await readFile(join(AZ, name)) })));
}

/** Drops `files` on the canvas as a file manager would (a DataTransfer of File objects). */
async function dropOnCanvas(page, files) {
  const payload = files.map((f) => ({ name: f.name, text: f.buffer.toString('utf8') }));
  const transfer = await page.evaluateHandle((list) => {
    const dt = new DataTransfer();
    for (const f of list) dt.items.add(new File([f.text], f.name, { type: 'application/json' }));
    return dt;
  }, payload);
  await page.dispatchEvent('.canvas-wrap', 'dragover', { dataTransfer: transfer });
  await page.dispatchEvent('.canvas-wrap', 'drop', { dataTransfer: transfer });
}

const box = (page, name) => page.locator('svg.canvas g.box', { has: page.locator(`text.title[data-full="${name}"]`) });

test('an az export dropped on the canvas: report, open, trace through the imported firewall, compare routes', { timeout: 120000 }, async () => {
  const { context, page, problems } = await openPage(browser);
  try {
    await page.goto(`${url}#gallery=seed-lab`);
    await waitForStudio(page);

    await dropOnCanvas(page, await azFiles());
    const dialog = page.getByRole('dialog', { name: 'Import' });
    const report = dialog.locator('.import-report');
    await report.waitFor({ timeout: 30000 });
    const text = await report.innerText();
    assert.match(text, /18 elements imported from /);
    for (const line of ['3 virtual network', '4 peering link', '1 Azure Firewall', '2 virtual machine', '1 route table']) {
      assert.ok(text.includes(line), `the report counts ${line}: ${text}`);
    }
    assert.match(text, /Insights and warnings on the imported design \(1\)/);
    await page.screenshot({ path: join(ARTIFACTS, 'import-report.png') });

    await dialog.getByRole('button', { name: 'Open the imported design' }).click();
    await box(page, 'vnet-hub').waitFor({ timeout: 20000 });
    for (const name of ['vnet-spoke1', 'vnet-spoke2', 'fw-hub', 'vm-app1', 'vm-app2']) {
      assert.equal(await box(page, name).count(), 1, `${name} is drawn`);
    }
    assert.match(await page.locator('.notice').innerText(), /Imported 18 elements/);
    assert.equal(await page.getByRole('textbox', { name: 'Design name' }).inputValue(), 'rg-network (imported)');

    // A flow between the spokes goes through the imported firewall and is allowed by its rule.
    await page.locator('.tabs [role=tab]', { hasText: 'Trace' }).click();
    await page.locator('section.panel.trace').waitFor({ timeout: 20000 });
    await page.selectOption('.trace select[name=from]', { label: 'vm-app1' });
    await page.fill('.trace input[name=to]', '10.2.1.4');
    await page.selectOption('.trace select[name=protocol]', 'TCP');
    await page.fill('.trace input[name=port]', '443');
    await page.locator('.trace button.run').click();
    await page.waitForSelector('.trace .outcome');
    const trace = await page.locator('section.panel.trace').innerText();
    assert.match(trace, /delivered/i);
    assert.match(trace, /fw-hub/);
    assert.match(trace, /spokes-ssh-https/, 'the deciding firewall rule is named');
    await page.screenshot({ path: join(ARTIFACTS, 'import-trace.png') });

    // Azure's captured table against the engine's: one row only Azure has.
    await box(page, 'vm-app1').locator('rect').first().click();
    await page.locator('.tabs [role=tab]', { hasText: 'Routes' }).click();
    await page.locator('section.panel.routes').waitFor({ timeout: 20000 });
    const compare = page.locator('details.route-compare');
    await compare.locator('summary').click();
    const captured = await fixture('import-effective-routes-nic-app1.json');
    await compare.locator('textarea').fill(JSON.stringify(captured));
    await compare.getByRole('button', { name: 'Compare' }).click();
    const diff = compare.locator('ul.route-diff > li');
    await diff.first().waitFor();
    assert.equal(await diff.count(), 1, await compare.innerText());
    assert.match(await diff.first().innerText(), /Missing from the engine\s+192\.168\.0\.0\/16 \(VirtualNetworkGateway\)/);
    await compare.locator('textarea').fill(JSON.stringify({ value: captured.value.filter((r) => r.source !== 'VirtualNetworkGateway') }));
    await compare.getByRole('button', { name: 'Compare' }).click();
    await compare.locator('p.same').waitFor();
    await page.screenshot({ path: join(ARTIFACTS, 'import-compare.png') });

    // Sharing leaves the Azure ids out unless kept.
    await page.locator('button', { hasText: 'Copy share link' }).click();
    const share = page.locator('.sharebox');
    await share.waitFor();
    const keep = share.getByRole('checkbox', { name: /Keep Azure resource ids/ });
    assert.equal(await keep.isChecked(), false);
    const stripped = await share.locator('input.share-url').inputValue();
    await keep.check();
    await page.waitForFunction((before) => document.querySelector('.sharebox input.share-url')?.value !== before, stripped);
    const kept = await share.locator('input.share-url').inputValue();
    assert.ok(kept.length > stripped.length, `the ids make the link longer: ${stripped.length} → ${kept.length}`);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('the Import dialog: commands to copy, a pasted file that is not JSON, a design file', { timeout: 90000 }, async () => {
  const { context, page, problems } = await openPage(browser);
  try {
    await page.goto(`${url}#gallery=seed-lab`);
    await waitForStudio(page);
    await page.getByRole('button', { name: 'Import' }).click();
    const dialog = page.getByRole('dialog', { name: 'Import' });
    await dialog.locator('details.commands summary').click();
    await dialog.locator('details.commands li').first().waitFor();
    assert.match(await dialog.locator('details.commands').innerText(), /az graph query -q/);
    assert.match(await dialog.locator('details.commands').innerText(), /az network vnet list -o json/);
    await page.screenshot({ path: join(ARTIFACTS, 'import-dialog.png') });

    await dialog.locator('details.paste summary').click();
    await dialog.locator('textarea').fill('{"value": [');
    await dialog.getByRole('button', { name: 'Import the pasted JSON' }).click();
    const error = dialog.getByRole('alert');
    await error.waitFor({ timeout: 20000 });
    assert.match(await error.innerText(), /Nothing was imported: pasted JSON/);
    await dialog.getByRole('button', { name: 'Try other files' }).click();

    // A design saved by the studio opens as a file does.
    const saved = await fixture('local-design.json');
    await dialog.locator('input[type=file]').setInputFiles({ name: 'mine.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(saved)) });
    await page.waitForSelector(`svg.canvas g.box text.title[data-full="${saved.design.vnets[0].name}"]`, { timeout: 20000 });
    assert.equal(await dialog.count(), 0, 'the dialog closed');
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});
