// Prints the release size of what the first page load fetches (wasm, JS, CSS, HTML), raw and
// gzipped, and fails past the 400 KB gzipped budget (DECISIONS 24) so growth never goes unnoticed.
import { readdirSync, readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';

const dist = new URL('../../dist/', import.meta.url).pathname;
const BUDGET = 400 * 1024;
let raw = 0;
let gz = 0;
for (const name of readdirSync(dist).sort()) {
  if (!/\.(wasm|js|css|html|svg)$/.test(name)) continue;
  const bytes = readFileSync(join(dist, name));
  const zipped = gzipSync(bytes, { level: 9 }).length;
  raw += bytes.length;
  gz += zipped;
  console.log(`${name.padEnd(28)} ${String(bytes.length).padStart(9)} B  ${String(zipped).padStart(8)} B gzipped`);
}
console.log(`${'total'.padEnd(28)} ${String(raw).padStart(9)} B  ${String(gz).padStart(8)} B gzipped (budget ${BUDGET} B)`);
if (gz > BUDGET) {
  console.error(`size budget exceeded: ${gz} B gzipped > ${BUDGET} B`);
  process.exit(1);
}
