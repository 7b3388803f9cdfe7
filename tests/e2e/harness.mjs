// Shared set-up for the browser tests: a static server for dist/ on loopback, Debian's Chromium
// driven by playwright-core, and a page that fails the test on any page error, console error or
// Content-Security-Policy violation.
import { createServer } from 'node:http';
import { readFile, mkdir } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import { deflateRawSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { before, after } from 'node:test';

export const ROOT = new URL('../../', import.meta.url).pathname;
// VNET_DIST lets parallel work test its own build (`trunk build --release --dist <dir>`).
const DIST = process.env.VNET_DIST ?? join(ROOT, 'dist');
export const ARTIFACTS = join(ROOT, 'tests/e2e/artifacts');
export { DIST };

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.json': 'application/json',
  '.png': 'image/png',
  '.webmanifest': 'application/manifest+json',
};

/**
 * Serves dist/ on 127.0.0.1 at a free port, at the host's root or under `base` (a sub-path such
 * as "/vnet-studio/", as GitHub Pages serves a project; the sub-path without its slash redirects
 * there, as Pages does). `root` is the directory served; `server.root` may be changed while it
 * runs (a test of a new build replaces the files a running site serves). `indexRedirect` sends
 * `index.html` to the directory, as some hosts do (Cloudflare Pages, Netlify's pretty URLs).
 */
export async function startServer({ base = '/', root = DIST, indexRedirect = false } = {}) {
  const server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    if ((base !== '/' && path === base.slice(0, -1)) || (indexRedirect && path === base + 'index.html')) {
      res.writeHead(301, { location: base }).end();
      return;
    }
    if (!path.startsWith(base)) {
      res.writeHead(404).end('not found');
      return;
    }
    const rel = path.slice(base.length);
    const file = normalize(join(server.root, rel === '' ? 'index.html' : rel));
    if (!file.startsWith(server.root)) {
      res.writeHead(403).end();
      return;
    }
    try {
      const body = await readFile(file);
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
      res.end(body);
    } catch {
      res.writeHead(404).end('not found');
    }
  });
  server.root = root;
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  return { server, url: `http://127.0.0.1:${port}${base}` };
}

/** Debian's Chromium, headless, as every test runs it. */
const CHROMIUM = {
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
};

export async function launch() {
  await mkdir(ARTIFACTS, { recursive: true });
  return chromium.launch(CHROMIUM);
}

/**
 * A browser with a profile on disk (`dir`), as a person's: unlike `launch`'s contexts, which are
 * incognito, Chromium considers installing a web app in it.
 */
export async function launchProfile(dir) {
  return chromium.launchPersistentContext(dir, CHROMIUM);
}

/**
 * A fresh browser context (empty storage) and page. `problems` collects page errors, console
 * errors and CSP violations; tests assert it stays empty.
 *
 * The studio's service worker (public/sw.js) runs as on a real visit: once it has installed, it
 * serves the build's files from its cache. Playwright's `page.route` does not see requests a
 * service worker answers, so a test that fails a fetch on purpose passes `serviceWorkers: 'block'`
 * (a first visit, before the worker is there, is when a fetch can still fail).
 */
export async function openPage(browser, { width = 1440, height = 900, serviceWorkers = 'allow' } = {}) {
  const context = await browser.newContext({ viewport: { width, height }, serviceWorkers });
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' || /Content.Security.Policy/i.test(m.text())) problems.push(`console ${m.type()}: ${m.text()}`);
  });
  return { context, page, problems };
}

/**
 * Waits until the studio has drawn its canvas and checked the design (validation is a module of
 * its own), with VNets around their hub and lines routed (so is the placement: `canvas::routing`),
 * so that boxes stay where a test finds them.
 */
export async function waitForStudio(page) {
  await page.waitForSelector('svg.canvas g.box', { timeout: 20000 });
  await page.waitForSelector('.diagnostics[aria-busy="false"]', { timeout: 20000 });
  await page.waitForSelector('svg.canvas[data-routed="true"]', { timeout: 20000 });
}

/** Titles of every box on the canvas, in drawing order. */
export async function canvasTitles(page) {
  return page.$$eval('svg.canvas g.box text.title', (els) => els.map((e) => e.dataset.full));
}

/**
 * A share-link fragment for a document, encoded the way the studio's link format 1 is:
 * "1." + base64url(raw deflate(JSON)). Lets tests craft hostile or future links.
 */
export function linkFor(doc) {
  const data = deflateRawSync(Buffer.from(JSON.stringify(doc)), { level: 9 });
  return '1.' + data.toString('base64url');
}

export async function fixture(name) {
  return JSON.parse(await readFile(join(ROOT, 'tests/e2e/fixtures', name), 'utf8'));
}

/**
 * Starts the static server and Chromium before a test file's tests and stops them after.
 * `use` receives `{ url, browser }` once they are up, e.g. `useStudio((s) => ({ url, browser } = s));`.
 */
export function useStudio(use) {
  let server;
  let browser;
  before(async () => {
    let url;
    ({ server, url } = await startServer());
    browser = await launch();
    use({ url, browser });
  });
  after(async () => {
    await browser?.close();
    server?.close();
  });
}

/**
 * The studio keeps documents in IndexedDB (app/src/platform/storage.rs): database "vnet-studio",
 * stores "docs" (the JSON text) and "meta" (origin, edited, name: three lines), the open design under
 * "current", saved designs under "saved:<n>". These run in the page.
 */
async function idb(op, arg) {
  // Runs in the page: self-contained, since it is sent there as text.
  const db = await new Promise((resolve, reject) => {
    const open = indexedDB.open('vnet-studio', 1);
    open.onupgradeneeded = () => ['docs', 'meta'].forEach((s) => open.result.createObjectStore(s));
    open.onsuccess = () => resolve(open.result);
    open.onerror = () => reject(open.error);
  });
  try {
    return await new Promise((resolve, reject) => {
      if (op === 'read') {
        const r = db.transaction([arg.store], 'readonly').objectStore(arg.store).get(arg.key);
        r.onsuccess = () => resolve(r.result ?? null);
        r.onerror = () => reject(r.error);
      } else {
        const tx = db.transaction(['docs', 'meta'], 'readwrite');
        for (const [key, meta, doc] of arg) {
          tx.objectStore('docs').put(doc, key);
          tx.objectStore('meta').put(meta, key);
        }
        tx.oncomplete = () => resolve(null);
        tx.onerror = () => reject(tx.error);
      }
    });
  } finally {
    db.close();
  }
}

/** Runs `idb(op, arg)` in the page. */
function inPage(page, op, arg) {
  return page.evaluate(`(${idb.toString()})(${JSON.stringify(op)}, ${JSON.stringify(arg)})`);
}

/** The JSON text of the open design as last autosaved (null when none). */
export async function storedText(page, key = 'current') {
  return inPage(page, 'read', { store: 'docs', key });
}

/** The open design as last autosaved, parsed (null when none). */
export async function storedDesign(page, key = 'current') {
  const text = await storedText(page, key);
  return text === null ? null : JSON.parse(text);
}

/** Waits until the autosaved design satisfies `pred` (polls; fails after `timeout` ms). */
export async function waitForStored(page, pred, timeout = 10000) {
  const end = Date.now() + timeout;
  for (;;) {
    const doc = await storedDesign(page);
    if (doc && pred(doc)) return doc;
    if (Date.now() > end) throw new Error(`the autosave never matched: ${JSON.stringify(doc)?.slice(0, 200)}`);
    await page.waitForTimeout(100);
  }
}

/**
 * Stores `doc` as the open design, as the studio would after the user's own edits (origin
 * "local", edited), so the next load restores it and anything opened over it asks first. Call it
 * on a page whose studio has opened a design and not been edited since.
 * Returns the JSON text stored.
 */
export async function storeDesign(page, doc, { origin = 'local', edited = true } = {}) {
  // The studio saves what it opened after its quiet time: wait for that first, or it would
  // overwrite what is stored here.
  await waitForStored(page, () => true);
  await page.waitForTimeout(100);
  const text = typeof doc === 'string' ? doc : JSON.stringify(doc);
  const name = typeof doc === 'string' ? '' : doc.design?.name ?? '';
  // Meta as document/library.rs writes it: origin, "edited" or "kept", name, one per line.
  const meta = `${origin}\n${edited ? 'edited' : 'kept'}\n${name}`;
  await inPage(page, 'write', [['current', meta, text]]);
  return text;
}
