// Browser benchmark of the trace view (issue 7 §5, DECISIONS 24), not a test: prints figures for
// BENCHMARKS.md. Per design, from the click on "Trace" (made inside a requestAnimationFrame
// callback, i.e. at the start of a frame):
//   sync   the click's handler returned (the answer computed: engine, trace, track),
//   drawn  a task queued after the click ran: Leptos' effects (verdict, event list, the dot) ran
//          as microtasks, then the browser rendered that frame (style, layout, paint), then the
//          task. This is "trace computed and first frame drawn" (main thread), the 16 ms target.
//   vsync  the next requestAnimationFrame: `drawn` rounded up to the display's frame interval, so
//          never below ≈ 16.7 ms even for an empty click (an earlier version reported only this).
//   listed the hop-by-hop list drawn too: it is written in the task after the answer's first frame
//          (views/event_list.rs), then drawn by the next frame; timed at a task after that frame.
//   framed (first trace only) the camera moved to the answer, in the task after its first frame,
//          and the zoomed canvas drawn.
// Three cases: the first trace of the page (the engine is compiled by that click), then a batch of
// traces alternating TCP 443 and ICMP (each a new answer and a new track; the engine is reused),
// then edits made while the trace is shown (a subnet renamed a character at a time in the
// Properties field, which the hidden Design tab keeps mounted): edit → frame (the shown trace is
// recomputed on the new design, compiling its engine) and the click on "Trace" right after.
// Between two measurements the page idles 400 ms, so a failing flow's fix proposals (computed
// after the first frame) are not measured.
//   trunk build --release --dist /work/dist-views
//   VNET_DIST=/work/dist-views node tests/e2e/views-bench.mjs [runs] [edits] [fresh pages]
import { startServer, launch, openPage } from './harness.mjs';

const RUNS = Number(process.argv[2] ?? 40);
const EDITS = Number(process.argv[3] ?? 10);
// Fresh pages whose first trace is measured (the engine compiled in that click).
const COLD = Number(process.argv[4] ?? 5);

// Click on the Trace tab → its form shown, the first time on each page (ms).
const tabOpen = [];

// Opens a design on the Trace tab with the form filled: the last client (a spoke VM or an
// on-premises host) to the first private endpoint, or VM.
async function open(browser, url, slug, marker, select) {
  const { context, page, problems } = await openPage(browser);
  await page.goto(url + '#gallery=' + slug);
  // The design is there when its marker's title is, or, for the 100-spoke design, whose titles are
  // too small to be drawn at the fitted zoom, when its ~1,400 boxes are.
  await page.waitForFunction(
    (m) =>
      document.querySelector(`svg.canvas g.box text.title[data-full="${m}"]`) ||
      document.querySelectorAll('svg.canvas g.box').length >= 1000,
    marker,
    { timeout: 60000 },
  );
  if (select) {
    // Select a subnet, so its name field is there to edit.
    const subnet = await page.locator('svg.canvas g.box.subnet >> nth=1').boundingBox();
    await page.mouse.click(subnet.x + 20, subnet.y + 6);
    await page.locator('.field[data-key="name"] input').waitFor({ state: 'attached' });
  }
  // The first click on a simulation tab fetches the simulation module (app/src/sim.rs): timed
  // from the click to the trace form on screen.
  const tabMs = await page.evaluate(async () => {
    const tab = [...document.querySelectorAll('.tabs [role=tab]')].find((t) => t.textContent === 'Trace');
    const t0 = performance.now();
    tab.click();
    while (!document.querySelector('.trace select[name=from] option')) {
      await new Promise((res) => requestAnimationFrame(res));
    }
    return performance.now() - t0;
  });
  tabOpen.push(tabMs);
  const from = await page.$$eval('.trace select[name=from] option', (os) => os.at(-1).value);
  const to = await page.$$eval('#trace-targets option', (os) => (os.find((o) => /^pe-/.test(o.value)) ?? os[0]).value);
  await page.selectOption('.trace select[name=from]', from);
  await page.fill('.trace input[name=to]', to);
  await page.waitForTimeout(300);
  return { context, page, problems, from, to };
}

// The first trace of a fresh page, as `measure` below times it.
async function firstTrace(page) {
  return page.evaluate(async () => {
    const frame = () => new Promise((res) => requestAnimationFrame(res));
    const task = () =>
      new Promise((res) => {
        const c = new MessageChannel();
        c.port1.onmessage = () => res();
        c.port2.postMessage(0);
      });
    await frame();
    const t0 = performance.now();
    document.querySelector('.trace button.run').click();
    const t1 = performance.now();
    await task();
    const t2 = performance.now();
    await frame();
    const t3 = performance.now();
    // The camera moves to the answer in the task after its first frame (Views::frame_track):
    // then a frame draws the zoomed canvas.
    await new Promise((res) => setTimeout(res, 0));
    await frame();
    await task();
    return { sync: t1 - t0, drawn: t2 - t0, vsync: t3 - t0, framed: performance.now() - t0 };
  });
}

const { server, url } = await startServer();
const browser = await launch();
try {
  for (const [slug, marker] of [
    ['seed-lab', 'afw-hub'],
    ['asymmetric-return', 'afw-hub'],
    ['large-landing-zone', 'afw-hub'],
  ]) {
    const cold = [];
    for (let i = 0; i < COLD; i++) {
      const o = await open(browser, url, slug, marker, false);
      cold.push(await firstTrace(o.page));
      await o.context.close();
    }
    const { context, page, problems, from, to } = await open(browser, url, slug, marker, true);
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
          while (!document.querySelector('ol.events > li.event')) await frame();
          await frame();
          await task();
          const t4 = performance.now();
          await idle();
          return { sync: t1 - t0, drawn: t2 - t0, vsync: t3 - t0, listed: t4 - t0 };
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
        const split = (list) => Object.fromEntries(['sync', 'drawn', 'vsync', 'listed'].map((k) => [k, stats(list.map((m) => m[k]))]));
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
    const g = (x) => `sync ${f(x.sync)}\n      drawn ${f(x.drawn)}\n      vsync ${f(x.vsync)}\n      listed ${f(x.listed)}`;
    console.log(`${slug}: ${from} → ${to} (${r.hops} stops in the last; ${r.outcome.slice(0, 60)}…)`);
    const one = r.first;
    const med = (k) => {
      const xs = cold.map((m) => m[k]).sort((a, b) => a - b);
      return `${xs[Math.floor(xs.length / 2)].toFixed(1)} ms (${xs.map((x) => x.toFixed(1)).join(', ')})`;
    };
    console.log(`  first trace of ${COLD} fresh pages, median (all): sync ${med('sync')}\n      drawn ${med('drawn')}\n      vsync ${med('vsync')}\n      framed (the camera moved to the answer and drawn) ${med('framed')}`);
    const tabs = tabOpen.splice(0).sort((a, b) => a - b);
    console.log(`  Trace tab click → form shown (simulation fetched), median (all): ${tabs[Math.floor(tabs.length / 2)].toFixed(1)} ms (${tabs.map((x) => x.toFixed(1)).join(', ')})`);
    console.log(`  first trace of the measured page: sync ${one.sync.toFixed(1)} ms, drawn ${one.drawn.toFixed(1)} ms, vsync ${one.vsync.toFixed(1)} ms`);
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
