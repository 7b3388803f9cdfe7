// The studio's import benchmark (issue 19 §3): the generated landing zone as a Resource Graph
// result (core/examples/landing_zone_arg.rs), chosen in the Import dialog; measured from the
// file given to the report on screen (read, the import module fetched the first time, parse,
// import, insights, layout), then from "Open the imported design" to its boxes drawn.
// Target: 1,000 spokes under 2 s in the browser, with a progress line while it runs.
//   cargo run -p vnet-core --release --example landing_zone_arg -- 1000 > /tmp/arg-1000.json
//   VNET_DIST=<dist> node tests/e2e/import-bench.mjs /tmp/arg-100.json /tmp/arg-1000.json
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { startServer, launch, openPage, waitForStudio } from './harness.mjs';

const files = process.argv.slice(2);
const { server, url } = await startServer();
const browser = await launch();
console.log('| file | size | to the report (first, then warm) | progress line shown | open → drawn |');
console.log('|---|---|---|---|---|');
for (const path of files) {
  const buffer = await readFile(path);
  const { context, page } = await openPage(browser);
  await page.goto(`${url}#gallery=seed-lab`);
  await waitForStudio(page);
  const times = [];
  let progress = false;
  for (let run = 0; run < 3; run++) {
    await page.getByRole('button', { name: 'Import' }).click();
    const dialog = page.getByRole('dialog', { name: 'Import' });
    const t0 = Date.now();
    await dialog.locator('input[type=file]').setInputFiles({ name: basename(path), mimeType: 'application/json', buffer });
    progress ||= await dialog.locator('progress').isVisible().catch(() => false);
    await dialog.locator('.import-report').waitFor({ timeout: 120000 });
    times.push(Date.now() - t0);
    if (run < 2) await dialog.getByRole('button', { name: 'Cancel' }).click();
  }
  const t1 = Date.now();
  await page.getByRole('dialog', { name: 'Import' }).getByRole('button', { name: 'Open the imported design' }).click();
  const ask = page.getByRole('alertdialog');
  if (await ask.isVisible().catch(() => false)) await ask.getByRole('button', { name: 'Discard mine' }).click();
  // Zoomed out to fit, boxes are drawn without their titles: wait for the boxes themselves.
  await page.waitForFunction(() => document.querySelectorAll('svg.canvas g.box').length > 100, null, { timeout: 120000 });
  const open = Date.now() - t1;
  const mb = (buffer.length / 1048576).toFixed(1);
  console.log(`| ${basename(path)} | ${mb} MB | ${times.join(' ms, ')} ms | ${progress ? 'yes' : 'no'} | ${open} ms |`);
  await context.close();
}
await browser.close();
server.close();
