// Browser benchmark of the trace view (issue 7 §5, DECISIONS 24), not a test: prints figures for
// BENCHMARKS.md. For each design, a batch of traces alternating TCP 443 and ICMP (so each one is
// a new answer and a new track): from the click on "Trace" (made at the start of a frame) to
// (a) the engine's trace computed and the DOM updated with the event list and the packet dot on
// the canvas (a task queued after the click runs once Leptos' effects are done), and (b) the next
// requestAnimationFrame, i.e. the frame that paints that first animation position. Between two
// traces the page idles 400 ms, so a failing flow's deferred fix proposals are not measured.
//   trunk build --release --dist /work/dist-views
//   VNET_DIST=/work/dist-views node tests/e2e/views-bench.mjs [runs]
import { startServer, launch, openPage } from './harness.mjs';

const RUNS = Number(process.argv[2] ?? 40);

const { server, url } = await startServer();
const browser = await launch();
try {
  for (const [slug, marker] of [
    ['seed-lab', 'afw-hub'],
    ['asymmetric-return', 'afw-hub'],
    ['large-landing-zone', 'afw-hub'],
  ]) {
    const { context, page, problems } = await openPage(browser);
    await page.goto(url + '#gallery=' + slug);
    await page.waitForSelector(`svg.canvas g.box text.title[data-full="${marker}"]`, { timeout: 60000 });
    await page.locator('.tabs [role=tab]', { hasText: 'Trace' }).click();
    // The last client (a spoke VM or an on-premises host) to the first private endpoint, or VM.
    const from = await page.$$eval('.trace select[name=from] option', (os) => os.at(-1).value);
    const to = await page.$$eval('#trace-targets option', (os) => (os.find((o) => /^pe-/.test(o.value)) ?? os[0]).value);
    await page.selectOption('.trace select[name=from]', from);
    await page.fill('.trace input[name=to]', to);
    const r = await page.evaluate(async (runs) => {
      const select = document.querySelector('.trace select[name=protocol]');
      const button = document.querySelector('.trace button.run');
      const frame = () => new Promise((res) => requestAnimationFrame(res));
      const task = () =>
        new Promise((res) => {
          const c = new MessageChannel();
          c.port1.onmessage = () => res();
          c.port2.postMessage(0);
        });
      const work = [];
      const paint = [];
      for (let i = 0; i < runs; i++) {
        select.value = i % 2 ? 'ICMP' : 'TCP';
        select.dispatchEvent(new Event('change', { bubbles: true }));
        await frame();
        const t0 = performance.now();
        button.click();
        await task();
        const t1 = performance.now();
        if (!document.querySelector('svg.canvas .trace-overlay circle.packet')) throw new Error('no packet drawn');
        await frame();
        const t2 = performance.now();
        work.push(t1 - t0);
        paint.push(t2 - t0);
        // The fix proposals of a failing flow are computed after the first frame (deferred by
        // design); let them finish so they do not fall into the next measurement.
        await new Promise((res) => setTimeout(res, 400));
      }
      const stats = (xs) => {
        const s = [...xs].sort((a, b) => a - b);
        return { median: s[Math.floor(s.length / 2)], p95: s[Math.floor(s.length * 0.95)], max: s.at(-1) };
      };
      const hops = document.querySelectorAll('ol.events > li.event').length;
      return { work: stats(work), paint: stats(paint), hops, outcome: document.querySelector('.trace .outcome')?.textContent };
    }, RUNS);
    const f = (s) => `median ${s.median.toFixed(1)} ms, p95 ${s.p95.toFixed(1)} ms, max ${s.max.toFixed(1)} ms`;
    console.log(`${slug}: ${from} → ${to}, ${RUNS} traces (${r.hops} stops in the last; ${r.outcome.slice(0, 60)}…)`);
    console.log(`  click → trace computed, list and dot in the DOM: ${f(r.work)}`);
    console.log(`  click → next animation frame (first frame drawn): ${f(r.paint)}`);
    if (problems.length) console.log('  problems:', problems);
    await context.close();
  }
} finally {
  await browser.close();
  server.close();
}
