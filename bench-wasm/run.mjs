// Runs the engine benchmark compiled to wasm in headless Chromium and prints its cases as JSON.
// Usage: node bench-wasm/run.mjs <dir with vnet_bench_wasm.js and _bg.wasm> [sizes]
// The page is served on loopback; Chromium is launched as the e2e tests launch it.
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import { launch } from '../tests/e2e/harness.mjs';

const [dir, sizes = '10 100'] = process.argv.slice(2);
if (!dir) {
  console.error('usage: node bench-wasm/run.mjs <pkg dir> [sizes]');
  process.exit(2);
}
const root = normalize(dir);
const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm' };
const PAGE = '<!doctype html><meta charset="utf-8"><title>vnet engine benchmark</title>';

const server = createServer(async (req, res) => {
  const path = new URL(req.url, 'http://x').pathname;
  if (path === '/') {
    res.writeHead(200, { 'content-type': TYPES['.html'] }).end(PAGE);
    return;
  }
  const file = normalize(join(root, path));
  if (!file.startsWith(root)) {
    res.writeHead(403).end();
    return;
  }
  try {
    const body = await readFile(file);
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(body);
  } catch {
    res.writeHead(404).end('not found');
  }
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const url = `http://127.0.0.1:${server.address().port}/`;

const browser = await launch();
try {
  const page = await browser.newPage();
  page.setDefaultTimeout(0);
  await page.goto(url);
  const json = await page.evaluate(async (sizes) => {
    const m = await import('/vnet_bench_wasm.js');
    await m.default();
    return m.run(sizes);
  }, sizes);
  const version = browser.version();
  console.log(JSON.stringify({ browser: version, cases: JSON.parse(json) }));
} finally {
  await browser.close();
  server.close();
}
