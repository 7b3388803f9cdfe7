// Browser benchmark of the reachability matrix (issue 7 §5, DECISIONS 24), not a test: prints
// figures for BENCHMARKS.md. The 100-spoke design (gallery `large-landing-zone`,
// `gallery::generated(100)`): time from the request (opening the matrix, or changing the port)
// to the full result drawn, and how the main thread kept drawing frames meanwhile, measured
// with its own requestAnimationFrame loop while the pointer moves over the drawing.
//   trunk build --release --dist /work/dist-matrix
//   VNET_DIST=/work/dist-matrix node tests/e2e/matrix-bench.mjs [runs]
import { join } from 'node:path';
import { startServer, launch, openPage, waitForStudio, ARTIFACTS } from './harness.mjs';

const RUNS = Number(process.argv[2] ?? 5);

/** Starts recording frame times on the page. */
async function recordFrames(page) {
  await page.evaluate(() => {
    window.__frames = [];
    // Long tasks (> 50 ms) on the main thread tell blocking apart from a busy machine's
    // scheduling: a frame gap without a long task is the CPU being shared, not the page blocked.
    window.__long = [];
    window.__observer?.disconnect();
    window.__observer = new PerformanceObserver((l) => window.__long.push(...l.getEntries().map((e) => e.duration)));
    window.__observer.observe({ type: 'longtask' });
    const tick = (t) => {
      window.__frames.push(t);
      if (window.__recording) requestAnimationFrame(tick);
    };
    window.__recording = true;
    requestAnimationFrame(tick);
  });
}

async function stopFrames(page) {
  return page.evaluate(() => {
    window.__recording = false;
    const f = window.__frames;
    const gaps = f.slice(1).map((t, i) => t - f[i]);
    gaps.sort((a, b) => a - b);
    const pct = (p) => gaps[Math.min(gaps.length - 1, Math.floor(gaps.length * p))] ?? 0;
    const long = window.__long.slice().sort((a, b) => b - a);
    return {
      frames: f.length,
      p50: pct(0.5),
      p95: pct(0.95),
      max: gaps[gaps.length - 1] ?? 0,
      over50: gaps.filter((g) => g > 50).length,
      longTasks: long.length,
      longestTask: Math.round(long[0] ?? 0),
    };
  });
}

/** Moves the pointer back and forth over the drawing until `done` resolves (input during the run). */
async function wiggle(page, done) {
  let stop = false;
  done.finally(() => (stop = true));
  let i = 0;
  while (!stop) {
    await page.mouse.move(300 + (i % 40) * 5, 400 + (i % 7) * 3);
    i++;
  }
}

/** Resolves when the panel goes from computing to done (a MutationObserver set before the start). */
async function armDone(page) {
  await page.evaluate(() => {
    window.__done = new Promise((resolve) => {
      let computing = false;
      const watch = () => {
        const panel = document.querySelector('.matrix-panel');
        if (!panel) return;
        new MutationObserver(() => {
          if (panel.dataset.state === 'computing') computing = true;
          if (computing && panel.dataset.state === 'done') resolve();
        }).observe(panel, { attributes: true, attributeFilter: ['data-state'] });
      };
      watch();
    });
  });
}

async function timed(page, start) {
  await armDone(page);
  await recordFrames(page);
  const t0 = Date.now();
  const done = page.evaluate(() => window.__done).then(() => Date.now() - t0);
  await start();
  await wiggle(page, done);
  const wall = await done;
  const frames = await stopFrames(page);
  const ms = Number(await page.locator('.matrix-panel').getAttribute('data-ms'));
  return { wall, ms, ...frames };
}

const { server, url } = await startServer();
const browser = await launch();
try {
  // Baseline: the same pointer movement over the 100-spoke drawing with nothing computing.
  {
    const { context, page } = await openPage(browser);
    await page.goto(url + '#gallery=large-landing-zone');
    await waitForStudio(page);
    await page.waitForLoadState('networkidle');
    await recordFrames(page);
    await wiggle(page, new Promise((r) => setTimeout(r, 3000)));
    console.log(`baseline (no matrix) ${JSON.stringify(await stopFrames(page))}`);
    await context.close();
  }
  const results = [];
  for (let run = 0; run < RUNS; run++) {
    const { context, page, problems } = await openPage(browser);
    await page.goto(url + '#gallery=large-landing-zone');
    await waitForStudio(page);
    await page.waitForLoadState('networkidle');
    const open = await timed(page, () => page.getByRole('tab', { name: 'Matrix' }).click());
    const port = page.locator('.matrix-port');
    const again = await timed(page, async () => {
      await port.fill('22');
      await port.press('Enter');
      await port.blur();
    });
    const cells = await page.locator('canvas.matrix-canvas').getAttribute('aria-label');
    if (run === 0) {
      console.log(cells);
      await page.screenshot({ path: join(ARTIFACTS, 'matrix-100-spokes.png') });
    }
    if (problems.length) console.log('problems:', problems);
    results.push({ open, again });
    console.log(`run ${run + 1}: open ${JSON.stringify(open)}  re-run ${JSON.stringify(again)}`);
    await context.close();
  }
  const median = (xs) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  for (const k of ['open', 'again']) {
    const r = results.map((x) => x[k]);
    console.log(
      `${k}: median request→result ${median(r.map((x) => x.ms))} ms (wall ${median(r.map((x) => x.wall))} ms), ` +
        `frame gap p50 ${median(r.map((x) => x.p50)).toFixed(1)} ms, p95 ${median(r.map((x) => x.p95)).toFixed(1)} ms, ` +
        `max ${Math.max(...r.map((x) => x.max)).toFixed(1)} ms, frames > 50 ms: ${r.map((x) => x.over50).join('/')}, ` +
        `long tasks: ${r.map((x) => x.longTasks).join('/')} (longest ${Math.max(...r.map((x) => x.longestTask))} ms)`,
    );
  }
} finally {
  await browser.close();
  server.close();
}
