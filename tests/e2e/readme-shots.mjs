// README screenshots: a trace dropped at the firewall (asymmetric return) and a DNS lookup (seed lab).
// Run on demand after a release build: VNET_DIST=… node tests/e2e/readme-shots.mjs (writes docs/).
import { startServer, launch } from './harness.mjs';
const { server, url } = await startServer();
const browser = await launch();
const out = process.env.OUT ?? new URL('../../docs', import.meta.url).pathname;
{
  const context = await browser.newContext({ viewport: { width: 1440, height: 860 } });
  const page = await context.newPage();
  await page.goto(url + '#gallery=asymmetric-return');
  await page.waitForSelector('svg.canvas g.box text.title[data-full="afw-hub"]');
  await page.locator('.tabs [role=tab]', { hasText: 'Trace' }).click();
  await page.locator('.trace select[name=from] option >> nth=0').waitFor({ state: 'attached' });
  await page.selectOption('.trace select[name=from]', { label: 'onprem-client (onprem-branch)' });
  await page.fill('.trace input[name=to]', 'vm-web');
  await page.locator('.toolbar button', { hasText: '+' }).click();
  await page.locator('.trace button.run').click();
  await page.waitForFunction(() => /^10\/10/.test(document.querySelector('.player-status')?.textContent ?? ''), null, { timeout: 20000 });
  await page.waitForSelector('.fixes .fix');
  await page.waitForTimeout(400);
  await page.screenshot({ path: `${out}/trace.png` });
  await context.close();
}
{
  const context = await browser.newContext({ viewport: { width: 1440, height: 860 } });
  const page = await context.newPage();
  await page.goto(url + '#gallery=seed-lab');
  await page.waitForSelector('svg.canvas g.box text.title[data-full="afw-hub"]');
  await page.locator('.tabs [role=tab]', { hasText: 'DNS' }).click();
  await page.locator('.dns select[name=from] option >> nth=0').waitFor({ state: 'attached' });
  await page.selectOption('.dns select[name=from]', { label: 'vm-spoke' });
  await page.fill('.dns input[name=name]', 'mftesting.blob.core.windows.net');
  await page.locator('.toolbar button', { hasText: '+' }).click();
  await page.locator('.dns button.run', { hasText: 'Resolve' }).click();
  await page.waitForSelector('.dns .outcome');
  await page.waitForFunction(() => { const s = document.querySelector('.player-status')?.textContent ?? ''; const m = s.match(/^(\d+)\/(\d+)/); return m && m[1] === m[2]; }, null, { timeout: 20000 });
  await page.waitForTimeout(400);
  await page.screenshot({ path: `${out}/dns.png` });
  await context.close();
}
await browser.close(); server.close();
