// Browser benchmark of "Compare with…" (issue 21 §3), not a test: prints figures for
// BENCHMARKS.md. The landing zone of gallery `large-landing-zone` (`gallery::generated(100)`)
// cut to its hub and first n spokes; "after" is it with `rt-spoke-0001-web`'s 0.0.0.0/0 route
// removed (the native bench's change). The page opens "after" from a link, and compares it with
// "before" pasted as a share link: the time is the panel's own `data-ms`, from the request to the
// worker (both designs as JSON) to the effects read back on the page; the main thread's longest
// task meanwhile shows whether the page was blocked.
//   trunk build --release --dist /work/dist-compare
//   VNET_DIST=/work/dist-compare node tests/e2e/compare-bench.mjs [runs]
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startServer, launch, openPage, waitForStudio, linkFor, ROOT } from './harness.mjs';

const RUNS = Number(process.argv[2] ?? 3);

/** The hub and the first `n` spokes of the 100-spoke landing zone. */
function cut(full, n) {
  const doc = structuredClone(full);
  const d = doc.design;
  const keep = new Set(d.vnets.filter((v) => v.name === 'vnet-hub' || Number(v.name.replace('vnet-spoke-', '')) <= n).map((v) => v.id));
  d.vnets = d.vnets.filter((v) => keep.has(v.id));
  d.subnets = d.subnets.filter((s) => keep.has(s.vnet));
  const subnets = new Set(d.subnets.map((s) => s.id));
  d.peerings = d.peerings.filter((p) => keep.has(p.vnet) && keep.has(p.remoteVnet));
  const tables = new Set(d.subnets.map((s) => s.routeTable));
  d.routeTables = d.routeTables.filter((t) => tables.has(t.id));
  d.vms = d.vms.filter((v) => v.nics.every((n) => subnets.has(n.subnet)));
  d.privateEndpoints = d.privateEndpoints.filter((p) => subnets.has(p.subnet));
  const paas = new Set(d.privateEndpoints.map((p) => p.target.resource));
  d.paas = d.paas.filter((p) => paas.has(p.id));
  for (const z of d.dnsZones) z.links = (z.links ?? []).filter((l) => keep.has(l.vnet));
  return doc;
}

function withoutDefault(doc) {
  const after = structuredClone(doc);
  const t = after.design.routeTables.find((r) => r.name === 'rt-spoke-0001-web');
  t.routes = t.routes.filter((r) => r.prefix !== '0.0.0.0/0');
  return after;
}

const median = (xs) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const full = JSON.parse(await readFile(join(ROOT, 'public/gallery/large-landing-zone.json'), 'utf8'));
const { server, url } = await startServer();
const browser = await launch();
try {
  for (const n of [10, 100]) {
    const before = n >= 100 ? full : cut(full, n);
    const after = withoutDefault(before);
    const { context, page } = await openPage(browser);
    await page.goto(url + '#' + linkFor(after));
    await waitForStudio(page);
    await page.getByRole('button', { name: 'Compare…' }).click();
    await page.locator('section.panel.compare').waitFor({ timeout: 30000 });
    await page.fill('.compare-sources input[name=compare-link]', linkFor(before));
    const times = [];
    const longest = [];
    let summary = '';
    for (let i = 0; i < RUNS; i++) {
      await page.evaluate(() => {
        window.__long = [];
        window.__obs?.disconnect();
        window.__obs = new PerformanceObserver((l) => window.__long.push(...l.getEntries().map((e) => e.duration)));
        window.__obs.observe({ type: 'longtask' });
        // The result element is updated in place (Leptos reuses it), so the end of a comparison
        // is its "Comparing…" status going away.
        window.__fresh = false;
        window.__mut?.disconnect();
        window.__mut = new MutationObserver((ms) => {
          for (const m of ms) for (const n of m.removedNodes) if (n.classList?.contains('comparing')) window.__fresh = true;
        });
        window.__mut.observe(document.querySelector('section.panel.compare'), { childList: true, subtree: true });
      });
      await page.locator('.compare-sources button', { hasText: /^Compare$/ }).click();
      await page.waitForFunction(() => window.__fresh, null, { timeout: 120000 }).catch(async (e) => {
        console.error(`run ${i + 1} at ${n} spokes: no new result; the panel says:\n${await page.locator("section.panel.compare").innerText()}`);
        throw e;
      });
      times.push(Number(await page.locator('.compare-result').getAttribute('data-ms')));
      summary = await page.locator('.compare-summary').textContent();
      longest.push(await page.evaluate(() => Math.round(Math.max(0, ...window.__long))));
    }
    console.log(
      `${n} spokes: request → effects ${times.map((t) => t.toFixed(0)).join(', ')} ms (median ${median(times).toFixed(0)} ms; first is cold: worker fetched) · longest main-thread task ${longest.join(', ')} ms · ${summary}`,
    );
    await context.close();
  }
} finally {
  await browser.close();
  server.close();
}
