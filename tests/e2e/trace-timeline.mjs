// Per-click browser timeline of the trace view (BENCHMARKS.md, session 7): 12 traces on the
// asymmetric return, alternating TCP 443 and ICMP, each clicked inside a requestAnimationFrame;
// prints the drawn time per click and the timeline's events summed per click (script, layout, paint).
//   VNET_DIST=… node tests/e2e/trace-timeline.mjs
import { startServer, launch } from './harness.mjs';
const { server, url } = await startServer();
const browser = await launch();
const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
const page = await context.newPage();
await page.goto(url + '#gallery=asymmetric-return');
await page.waitForSelector('svg.canvas g.box text.title[data-full="afw-hub"]');
await page.locator('.tabs [role=tab]', { hasText: 'Trace' }).click(); await page.locator('.trace select[name=from] option >> nth=0').waitFor({ state: 'attached' });
await page.selectOption('.trace select[name=from]', { label: 'onprem-client (onprem-branch)' });
await page.fill('.trace input[name=to]', 'vm-web');
const cdp = await context.newCDPSession(page);
let events = []; cdp.on('Tracing.dataCollected', (d) => events.push(...d.value));
await page.locator('.trace button.run').click(); await page.waitForTimeout(800);
await cdp.send('Tracing.start', { categories: 'devtools.timeline,disabled-by-default-devtools.timeline', transferMode: 'ReportEvents' });
const N = 12; const drawn = [];
for (let i = 0; i < N; i++) {
  await page.selectOption('.trace select[name=protocol]', i % 2 ? 'TCP' : 'ICMP');
  await page.waitForTimeout(400);
  drawn.push(await page.evaluate(() => new Promise((res) => requestAnimationFrame(() => { const t0 = performance.now(); console.timeStamp('CLICK'); document.querySelector('.trace button.run').click(); setTimeout(() => res(performance.now() - t0), 0); }))));
  await page.waitForTimeout(400);
}
const done = new Promise((r) => cdp.once('Tracing.tracingComplete', r)); await cdp.send('Tracing.end'); await done;
const clicks = events.filter((e) => e.name === 'TimeStamp' && e.args?.data?.message === 'CLICK').map((e) => e.ts);
const inWin = (ts) => clicks.some((c) => ts >= c && ts < c + 25000);
const agg = new Map(); for (const e of events) if (e.ph === 'X' && e.dur && inWin(e.ts)) agg.set(e.name, (agg.get(e.name) ?? 0) + e.dur / 1000);
console.log('clicks', clicks.length);
console.log('drawn', drawn.map(Math.round).join(' '));
console.log([...agg.entries()].sort((a, b) => b[1] - a[1]).slice(0, 22).map(([k, v]) => `${(v / N).toFixed(2).padStart(7)} ms/click ${k}`).join('\n'));
await browser.close(); server.close();
