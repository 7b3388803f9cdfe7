// Browser benchmark of the trace view (issue 7 §5, DECISIONS 24), not a test: prints figures for
// BENCHMARKS.md. Per design, from the click on "Trace" (made at the start of a frame):
//   sync    the click's handler returned (the answer computed: engine, trace, track),
//   effects a task queued after the click ran (Leptos' effects done: verdict, event list, dot),
//   frame   the next requestAnimationFrame, i.e. the frame that paints the first position.
// Three cases: the first trace of the page (the engine is built by that click), then a batch of
// traces alternating TCP 443 and ICMP (each a new answer and a new track; the engine is reused),
// then edits made while the trace is shown (a subnet renamed a character at a time in the
// Properties field, which the hidden Design tab keeps mounted): edit → frame (the shown trace is
// recomputed on the new design, building its engine) and the click on "Trace" right after.
// Between two measurements the page idles 400 ms, so a failing flow's deferred fix proposals
// are not measured.
//   trunk build --release --dist /work/dist-views
//   VNET_DIST=/work/dist-views node tests/e2e/views-bench.mjs [runs] [edits]
import { startServer, launch, openPage } from './harness.mjs';

const RUNS = Number(process.argv[2] ?? 40);
const EDITS = Number(process.argv[3] ?? 10);

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
    // Select a subnet, so its name field is there to edit.
    const subnet = await page.locator('svg.canvas g.box.subnet >> nth=1').boundingBox();
    await page.mouse.click(subnet.x + 20, subnet.y + 6);
    await page.locator('.field[data-key="name"] input').waitFor({ state: 'attached' });
    await page.locator('.tabs [role=tab]', { hasText: 'Trace' }).click();
    // The last client (a spoke VM or an on-premises host) to the first private endpoint, or VM.
    const from = await page.$$eval('.trace select[name=from] option', (os) => os.at(-1).value);
    const to = await page.$$eval('#trace-targets option', (os) => (os.find((o) => /^pe-/.test(o.value)) ?? os[0]).value);
    await page.selectOption('.trace select[name=from]', from);
    await page.fill('.trace input[name=to]', to);
    await page.waitForTimeout(300);
    const r = await page.evaluate(
      async ({ runs, edits }) => {
        const select = document.querySelector('.trace select[name=protocol]');
        const button = () => document.querySelector('.trace button.run');
        const name = document.querySelector('.field[data-key="name"] input');
        const frame = () => new Promise((res) => requestAnimationFrame(res));
        const task = () =>
          new Promise((res) => {
            const c = new MessageChannel();
            c.port1.onmessage = () => res();
            c.port2.postMessage(0);
          });
        const idle = () => new Promise((res) => setTimeout(res, 400));
        // One measured action, started at the start of a frame.
        const measure = async (act) => {
          await frame();
          const t0 = performance.now();
          act();
          const t1 = performance.now();
          await task();
          const t2 = performance.now();
          if (!document.querySelector('svg.canvas .trace-overlay circle.packet')) throw new Error('no packet drawn');
          await frame();
          const t3 = performance.now();
          await idle();
          return { sync: t1 - t0, effects: t2 - t0, frame: t3 - t0 };
        };
        const protocol = (i) => {
          select.value = i % 2 ? 'ICMP' : 'TCP';
          select.dispatchEvent(new Event('change', { bubbles: true }));
        };
        const first = await measure(() => button().click());
        const warm = [];
        for (let i = 1; i <= runs; i++) {
          protocol(i);
          warm.push(await measure(() => button().click()));
        }
        const edit = [];
        const after = [];
        for (let i = 0; i < edits; i++) {
          edit.push(
            await measure(() => {
              name.value = name.value + 'x';
              name.dispatchEvent(new Event('input', { bubbles: true }));
            }),
          );
          protocol(i + 1);
          after.push(await measure(() => button().click()));
        }
        const stats = (xs) => {
          const s = [...xs].sort((a, b) => a - b);
          return { median: s[Math.floor(s.length / 2)], p95: s[Math.floor(s.length * 0.95)], max: s.at(-1) };
        };
        const split = (list) => Object.fromEntries(['sync', 'effects', 'frame'].map((k) => [k, stats(list.map((m) => m[k]))]));
        const hops = document.querySelectorAll('ol.events > li.event').length;
        return {
          first,
          warm: split(warm),
          edit: split(edit),
          after: split(after),
          hops,
          outcome: document.querySelector('.trace .outcome')?.textContent,
        };
      },
      { runs: RUNS, edits: EDITS },
    );
    const f = (s) => `median ${s.median.toFixed(1)} ms, p95 ${s.p95.toFixed(1)} ms, max ${s.max.toFixed(1)} ms`;
    const g = (x) => `sync ${f(x.sync)}\n      effects ${f(x.effects)}\n      frame ${f(x.frame)}`;
    console.log(`${slug}: ${from} → ${to} (${r.hops} stops in the last; ${r.outcome.slice(0, 60)}…)`);
    const one = r.first;
    console.log(`  first trace of the page: sync ${one.sync.toFixed(1)} ms, effects ${one.effects.toFixed(1)} ms, frame ${one.frame.toFixed(1)} ms`);
    console.log(`  ${RUNS} more traces:\n      ${g(r.warm)}`);
    console.log(`  ${EDITS} edits with the trace shown, edit → frame:\n      ${g(r.edit)}`);
    console.log(`  the trace right after each edit:\n      ${g(r.after)}`);
    if (problems.length) console.log('  problems:', problems);
    await context.close();
  }
} finally {
  await browser.close();
  server.close();
}
