// Prints the release size of what the first page load fetches (wasm, JS, CSS, HTML), raw and
// gzipped, and fails past the target: 400 KB gzipped (DECISIONS 24).
//
// History (BENCHMARKS.md): the first load passed 400 KB when the engine and its views joined it
// (issue 7) and peaked at 708,781 B gzipped; the simulation and the element forms then became
// modules fetched on demand (app/src/sim.rs, 458,554 B), the model's serde-derived decoder gave
// way to the hand-written `codec::read` (−41 KB), and ASCII-only case folding dropped Unicode's
// case tables (−18 KB): 395,069 B. The studio offline (issue 24 §3) adds offline.js and the web app
// manifest to it.
import { readdirSync, readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';

const dist = process.env.VNET_DIST ?? new URL('../../dist/', import.meta.url).pathname;
const BUDGET = 400 * 1024;
let raw = 0;
let gz = 0;
for (const name of readdirSync(dist).sort()) {
  if (!/\.(wasm|js|css|html|svg|webmanifest)$/.test(name)) continue;
  // The licence notices (scripts/notices) are a page of their own that nothing loads.
  if (name === 'THIRD-PARTY-NOTICES.html') continue;
  // The reachability matrix's worker (matrix-worker.js, vnet-worker.js, vnet-worker_bg.wasm) is
  // fetched only when the matrix opens, never by the first page load, so it is not counted.
  // So are the split modules (app/src/lazy.rs): the simulation (split_simulation.wasm), fetched
  // when a simulation tab, the insights or the cost panel is first opened; the element forms
  // (split_forms.wasm), fetched on the first selection; and the code they share (chunk_*.wasm),
  // fetched with whichever comes first.
  // compare.css is added to the page by the Compare tab when it first opens (a split module).
  // The service worker (sw.js, which carries the build's file list) is registered once the page has
  // loaded, and fetches the rest of the build in the background (docs/deploy.md "Offline");
  // offline.js, which registers it, is part of the first load.
  if (/worker|^split_|^chunk_|^compare\.css$|^sw\.js$/.test(name)) {
    const b = readFileSync(join(dist, name));
    console.log(`${name.padEnd(28)} ${String(b.length).padStart(9)} B  ${String(gzipSync(b, { level: 9 }).length).padStart(8)} B gzipped (on demand, not counted)`);
    continue;
  }
  const bytes = readFileSync(join(dist, name));
  const zipped = gzipSync(bytes, { level: 9 }).length;
  raw += bytes.length;
  gz += zipped;
  console.log(`${name.padEnd(28)} ${String(bytes.length).padStart(9)} B  ${String(zipped).padStart(8)} B gzipped`);
}
// Gallery designs are files fetched on demand; a first visit fetches the list and the seed lab.
for (const name of ['gallery/index.json', 'gallery/seed-lab.json']) {
  const bytes = readFileSync(join(dist, name));
  const zipped = gzipSync(bytes, { level: 9 }).length;
  raw += bytes.length;
  gz += zipped;
  console.log(`${name.padEnd(28)} ${String(bytes.length).padStart(9)} B  ${String(zipped).padStart(8)} B gzipped`);
}
console.log(`${'total'.padEnd(28)} ${String(raw).padStart(9)} B  ${String(gz).padStart(8)} B gzipped (target ${BUDGET} B)`);
if (gz > BUDGET) {
  console.error(`size target exceeded: ${gz} B gzipped > ${BUDGET} B: find what grew (twiggy top on a build with VNET_WASM_OPT_EXTRA=-g)`);
  process.exit(1);
}
