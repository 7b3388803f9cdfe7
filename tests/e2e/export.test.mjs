// Export (issue 22 §2), as an engineer meets it: the top bar's "Export…" opens a dialog whose
// contents, with the core's exporters, are a module fetched on demand (DECISIONS 24: the first
// load does not carry them); each format's preview shows its code, its file name and size; the
// download is byte for byte what `vnet export public/gallery/seed-lab.json --format F -o DIR`
// writes; Copy puts the same text on the clipboard; the defaults the design leaves open are
// listed. A failed fetch of the module says so and loads on "Try again". The top bar does not
// wrap at 1280 px.
//   trunk build --release --dist /work/dist-export-ui
//   VNET_DIST=/work/dist-export-ui node --test --test-concurrency=1 tests/e2e/export.test.mjs
// The expected files come from the CLI when it is built (VNET_CLI, or target/debug/vnet under
// CARGO_TARGET_DIR), else from the golden files tests/export/seed-lab/, which
// core/tests/export_golden.rs keeps equal to the core's export of the same gallery design.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { useStudio, openPage, waitForStudio, ROOT, ARTIFACTS } from './harness.mjs';

let url;
let browser;
useStudio((s) => ({ url, browser } = s));

const STEM = 'Private-endpoint-in-a-spoke-seed-lab';
const FORMATS = [
  { label: 'ARM template', format: 'arm', file: 'azuredeploy.json', shows: '"$schema": "https://schema.management.azure.com/' },
  { label: 'ARM resources', format: 'arm-resources', file: 'resources.json', shows: '"type": "Microsoft.Network/virtualNetworks"' },
  { label: 'Bicep', format: 'bicep', file: 'main.bicep', shows: "resource vnetHub 'Microsoft.Network/virtualNetworks@" },
  { label: 'Terraform', format: 'terraform', file: 'main.tf', shows: 'resource "azurerm_virtual_network"' },
];

const CLI = process.env.VNET_CLI ?? join(process.env.CARGO_TARGET_DIR ?? join(ROOT, 'target'), 'debug/vnet');

/** What `vnet export` writes for the seed lab in `format`. */
async function expected({ format, file }) {
  if (!existsSync(CLI)) return readFile(join(ROOT, 'tests/export/seed-lab', format, file), 'utf8');
  const dir = mkdtempSync(join(tmpdir(), `vnet-export-${format}-`));
  execFileSync(CLI, ['export', join(ROOT, 'public/gallery/seed-lab.json'), '--format', format, '-o', dir], { stdio: 'ignore' });
  return readFile(join(dir, file), 'utf8');
}

/** A size as the dialog prints it. */
function size(bytes) {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1048576) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1048576).toFixed(1)} MB`;
}

test('each format: preview, name and size, download equal to vnet export, copy, defaults; the module comes on demand', { timeout: 120000 }, async () => {
  const { context, page, problems } = await openPage(browser);
  try {
    const fetched = [];
    page.on('request', (r) => fetched.push(r.url()));
    await page.goto(`${url}#gallery=seed-lab`);
    await waitForStudio(page);
    assert.ok(!fetched.some((u) => /split_export_dialog/.test(u)), 'the first load does not fetch the exporters');

    await page.getByRole('button', { name: 'Export…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Export' });
    await dialog.waitFor();
    const fileName = dialog.locator('.export-file .file-name');
    await fileName.waitFor({ timeout: 20000 });
    assert.ok(fetched.some((u) => /split_export_dialog-[0-9a-f]+\.wasm$/.test(u)), 'opening the dialog fetches its module');

    // The design's own file is the first choice.
    assert.equal(await dialog.getByRole('radio', { name: /^Design JSON/ }).isChecked(), true);
    assert.equal(await fileName.innerText(), `${STEM}.json`);
    const [json] = await Promise.all([page.waitForEvent('download'), dialog.getByRole('button', { name: 'Download' }).click()]);
    assert.equal(json.suggestedFilename(), `${STEM}.json`);
    const doc = JSON.parse(await readFile(await json.path(), 'utf8'));
    assert.equal(doc.design.name, 'Private endpoint in a spoke (seed lab)');
    assert.equal(await dialog.locator('details.defaults').count(), 0, 'the design file assumes nothing');

    for (const f of FORMATS) {
      const want = await expected(f);
      await dialog.getByRole('radio', { name: new RegExp(`^${f.label}`) }).check();
      await page.waitForFunction((name) => document.querySelector('.export-file .file-name')?.textContent === name, `${STEM}-${f.file}`);
      const preview = await dialog.locator('pre.export-preview').innerText();
      assert.ok(preview.includes(f.shows), `${f.label}: the preview shows ${f.shows}`);
      assert.ok(want.startsWith(preview.slice(0, 2000)), `${f.label}: the preview is the file's first lines`);
      const lines = want.split('\n').length - (want.endsWith('\n') ? 1 : 0);
      assert.equal(await dialog.locator('.file-facts').innerText(), `${size(Buffer.byteLength(want))} · ${lines} lines`);

      const [download] = await Promise.all([page.waitForEvent('download'), dialog.getByRole('button', { name: 'Download' }).click()]);
      assert.equal(download.suggestedFilename(), `${STEM}-${f.file}`);
      assert.equal(await readFile(await download.path(), 'utf8'), want, `${f.label}: the download is what vnet export writes`);
      assert.match(await dialog.locator('.status').innerText(), new RegExp(`Downloaded ${STEM}-${f.file.replace('.', '\\.')}`));

      const defaults = dialog.locator('details.defaults');
      if (f.format === 'arm-resources') {
        assert.equal(await defaults.count(), 0, 'the flat resource list has no parameters');
      } else {
        await defaults.locator('summary').click();
        const listed = await defaults.innerText();
        assert.match(listed, /vm_?[sS]ize = ["']Standard_B2s["']/, `${f.label}: the VM size default is listed: ${listed}`);
        assert.doesNotMatch(listed, /[aA]dmin_?[pP]assword =/, 'a secret has no default');
      }
    }

    // Terraform is on show: Copy puts the whole file on the clipboard.
    await dialog.getByRole('button', { name: 'Copy' }).click();
    await dialog.locator('.status', { hasText: 'Copied main.tf' }).waitFor();
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), await expected(FORMATS[3]));

    await page.setViewportSize({ width: 1440, height: 900 });
    await page.screenshot({ path: join(ARTIFACTS, 'export-dialog.png') });

    // The choice stays between openings; Escape closes.
    await page.keyboard.press('Escape');
    assert.equal(await page.getByRole('dialog').count(), 0);
    await page.getByRole('button', { name: 'Export…' }).click();
    assert.equal(await dialog.getByRole('radio', { name: /^Terraform/ }).isChecked(), true);
    await dialog.getByRole('button', { name: 'Close' }).click();
    assert.equal(await page.getByRole('dialog').count(), 0);

    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('the export module failing to load says so, and loads on "Try again"', { timeout: 60000 }, async () => {
  // A first visit: no service worker serves the module from its cache yet (harness.mjs).
  const { context, page, problems } = await openPage(browser, { serviceWorkers: 'block' });
  try {
    let block = true;
    await page.route(/split_export_dialog-[0-9a-f]+\.wasm$/, (route) => (block ? route.abort('internetdisconnected') : route.continue()));
    await page.goto(`${url}#gallery=seed-lab`);
    await waitForStudio(page);
    await page.getByRole('button', { name: 'Export…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Export' });
    const alert = dialog.getByRole('alert');
    await alert.waitFor({ timeout: 20000 });
    assert.match(await alert.innerText(), /export formats could not be loaded/);
    block = false;
    await alert.getByRole('button', { name: 'Try again' }).click();
    await dialog.locator('.export-file .file-name').waitFor({ timeout: 20000 });
    assert.equal(await alert.count(), 0);
    // The failed fetch is the only console error (the browser reports it).
    assert.ok(problems.every((p) => /split_export_dialog|Failed to fetch|ERR_INTERNET_DISCONNECTED/.test(p)), JSON.stringify(problems));
  } finally {
    await context.close();
  }
});

test('the top bar keeps to one row at 1280 px', async () => {
  const { context, page, problems } = await openPage(browser, { width: 1280, height: 800 });
  try {
    await page.goto(`${url}#gallery=seed-lab`);
    await waitForStudio(page);
    const middles = await page.$$eval('.topbar > *', (els) =>
      els.map((e) => {
        const r = e.getBoundingClientRect();
        return r.top + r.height / 2;
      }),
    );
    const spread = Math.max(...middles) - Math.min(...middles);
    assert.ok(spread < 6, `every top bar control on one row: middles ${middles.join(', ')}`);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});
