// README screenshots: a trace dropped at the firewall (asymmetric return) and a DNS lookup (seed lab).
// Run on demand after a release build: VNET_DIST=… node tests/e2e/readme-shots.mjs (writes docs/).
import { startServer, launch } from './harness.mjs';
const { server, url } = await startServer();
const browser = await launch();
const out = process.env.OUT ?? new URL('../../docs', import.meta.url).pathname;

// Opens a gallery design on a simulation tab, zoomed in one step, with the client picked.
async function open(slug, tab, client) {
  const context = await browser.newContext({ viewport: { width: 1440, height: 860 } });
  const page = await context.newPage();
  await page.goto(url + '#gallery=' + slug);
  await page.waitForSelector('svg.canvas g.box text.title[data-full="afw-hub"]');
  await page.locator('.tabs [role=tab]', { hasText: tab }).click();
  const panel = tab === 'Trace' ? '.trace' : '.dns';
  await page.locator(`${panel} select[name=from] option >> nth=0`).waitFor({ state: 'attached' });
  await page.selectOption(`${panel} select[name=from]`, { label: client });
  await page.locator('.toolbar button', { hasText: '+' }).click();
  return { context, page };
}

// Waits until the animation has reached its last stop, then takes the picture.
async function shoot({ context, page }, file) {
  await page.waitForFunction(
    () => {
      const m = (document.querySelector('.player-status')?.textContent ?? '').match(/^(\d+)\/(\d+)/);
      return m && m[1] === m[2];
    },
    null,
    { timeout: 20000 },
  );
  await page.waitForTimeout(400);
  await page.screenshot({ path: `${out}/${file}` });
  await context.close();
}

try {
  const trace = await open('asymmetric-return', 'Trace', 'onprem-client (onprem-branch)');
  await trace.page.fill('.trace input[name=to]', 'vm-web');
  await trace.page.locator('.trace button.run').click();
  await trace.page.waitForSelector('.fixes .fix');
  await shoot(trace, 'trace.png');

  const dns = await open('seed-lab', 'DNS', 'vm-spoke');
  await dns.page.fill('.dns input[name=name]', 'mftesting.blob.core.windows.net');
  await dns.page.locator('.dns button.run', { hasText: 'Resolve' }).click();
  await shoot(dns, 'dns.png');
} finally {
  await browser.close();
  server.close();
}
