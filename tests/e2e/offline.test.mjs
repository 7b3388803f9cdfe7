// The studio offline (issue 24 §3) and from a sub-path (§5): once loaded, a service worker
// (public/sw.js) keeps exactly the build's files, so a reload with no network brings back the
// studio and the autosaved design, and modules fetched on demand work too; a new build waits
// behind an "Update available" notice and the page keeps the old build's files until Reload; a
// site served under /vnet-studio/ opens its share links there, with the worker's scope the sub-path.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import {
  ROOT,
  DIST,
  ARTIFACTS,
  startServer,
  launch,
  launchProfile,
  openPage,
  waitForStudio,
  canvasTitles,
  waitForStored,
} from './harness.mjs';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

/** Starts a server for the test and stops it after. */
async function serving(options, body) {
  const { server, url } = await startServer(options);
  try {
    return await body(url, server);
  } finally {
    server.close();
  }
}

/** Every file of a built site as the worker's list names it: dot files and sw.js aside. */
async function siteFiles(dir, rel = '') {
  const out = [];
  for (const e of await readdir(join(dir, rel), { withFileTypes: true })) {
    if (e.name.startsWith('.')) continue;
    const name = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) out.push(...(await siteFiles(dir, name)));
    else if (name !== 'sw.js') out.push(name);
  }
  return out.sort();
}

/** Waits until a service worker controls the page (the first install takes the page over). */
async function controlled(page) {
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 30000 });
}

/** This origin's caches and the URLs each holds. */
async function cacheContents(page) {
  return page.evaluate(async () => {
    const out = {};
    for (const name of await caches.keys()) out[name] = (await (await caches.open(name)).keys()).map((r) => r.url);
    return out;
  });
}

/** What the page gets for one of the site's files, as a text. */
function pageFetch(page, file) {
  return page.evaluate((f) => fetch(f).then((r) => r.text()), file);
}

/** Selects the seed lab's VM subnet and opens its effective routes (the simulation module). */
async function routes(page) {
  const box = page.locator('svg.canvas g.box', { has: page.locator('text.title[data-full="snet-vm"]') });
  await box.locator('rect').first().click({ position: { x: 40, y: 8 } });
  await page.locator('.tabs [role=tab]', { hasText: 'Routes' }).click();
  await page.waitForSelector('.routes-table', { timeout: 20000 });
  assert.match(await page.locator('.routes .target').textContent(), /snet-vm/);
}

async function rename(page, name) {
  await page.getByRole('textbox', { name: 'Design name' }).fill(name);
  await waitForStored(page, (d) => d.design.name === name);
}

test('once loaded, the studio, the autosaved design and the on-demand modules work offline', { timeout: 120000 }, async () => {
  await serving({}, async (url) => {
    const { context, page, problems } = await openPage(browser);
    const fromWorker = [];
    page.on('response', (r) => r.fromServiceWorker() && fromWorker.push(new URL(r.url()).pathname));
    try {
      await page.goto(url + '#gallery=seed-lab');
      await waitForStudio(page);
      await rename(page, 'Offline study');
      await controlled(page);

      // One cache, holding exactly the build's files (the worker installed before taking over).
      const caches = await cacheContents(page);
      assert.equal(Object.keys(caches).length, 1, JSON.stringify(Object.keys(caches)));
      const [[name, urls]] = Object.entries(caches);
      assert.match(name, /^vnet-studio http:\/\/127\.0\.0\.1:\d+\/ [0-9a-f]{16}$/);
      assert.deepEqual(urls.map((u) => u.slice(url.length)).sort(), await siteFiles(DIST));

      // No network: the reload is served by the worker, and the autosaved design comes back.
      await context.setOffline(true);
      await page.reload();
      await waitForStudio(page);
      assert.equal(await page.getByRole('textbox', { name: 'Design name' }).inputValue(), 'Offline study');
      assert.ok((await canvasTitles(page)).includes('vnet-spoke'));
      assert.ok(fromWorker.includes('/vnet-app_bg.wasm'), `the main module comes from the worker: ${fromWorker}`);

      // The element forms and the simulation, never fetched before going offline, come from the
      // worker's cache.
      await routes(page);
      assert.ok(
        fromWorker.some((p) => /^\/split_simulation-[0-9a-f]+\.wasm$/.test(p)),
        `the simulation module comes from the worker: ${fromWorker}`,
      );
      // So does the matrix's Web Worker and its wasm.
      await page.getByRole('tab', { name: 'Matrix' }).click();
      await page.waitForSelector('.matrix-panel[data-state="done"]', { timeout: 30000 });
      // A gallery design, fetched on demand too.
      await page.locator('.gallery-picker select').selectOption('non-transitive-peering');
      await page.getByRole('alertdialog').getByRole('button', { name: 'Keep both' }).click();
      await page.waitForFunction(() => document.title.startsWith('Non-transitive'));
      await page.screenshot({ path: join(ARTIFACTS, 'offline.png') });
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  });
});

test('a new build waits behind "Update available": the page keeps the old files until Reload', { timeout: 120000 }, async () => {
  // Two builds: this one, and the same with one file changed and its worker's list written again.
  const work = await mkdtemp(join(tmpdir(), 'vnet-builds-'));
  const [oldBuild, newBuild] = [join(work, 'old'), join(work, 'new')];
  try {
    await cp(DIST, oldBuild, { recursive: true });
    await cp(DIST, newBuild, { recursive: true });
    const file = 'import-commands.json';
    const oldText = await readFile(join(oldBuild, file), 'utf8');
    const newText = oldText + '\n';
    await writeFile(join(newBuild, file), newText);
    await cp(join(ROOT, 'public/sw.js'), join(newBuild, 'sw.js'));
    execFileSync(join(ROOT, 'scripts/precache'), [newBuild]);

    await serving({ root: oldBuild }, async (url, server) => {
      const { context, page, problems } = await openPage(browser);
      try {
        await page.goto(url + '#gallery=seed-lab');
        await waitForStudio(page);
        await controlled(page);
        const [oldCache] = Object.keys(await cacheContents(page));

        // The new build is deployed; the next load finds its worker, which installs and waits.
        server.root = newBuild;
        await page.reload();
        await waitForStudio(page);
        const notice = page.locator('.update-notice');
        await notice.waitFor({ timeout: 30000 });
        assert.match(await notice.innerText(), /Update available/);
        await page.screenshot({ path: join(ARTIFACTS, 'offline-update-notice.png') });
        // Meanwhile the page gets the old build's files, and a module fetched now is the old one's.
        assert.equal(await pageFetch(page, file), oldText);
        await routes(page);
        assert.equal(Object.keys(await cacheContents(page)).length, 2, 'the new build is cached beside the old');

        // A second tab of the old build sees the same notice.
        const other = await context.newPage();
        await other.goto(url);
        await waitForStudio(other);
        await other.locator('.update-notice', { hasText: 'Update available' }).waitFor({ timeout: 30000 });

        // Reload: the new worker takes over, the page reloads with the new build, the old cache goes.
        await Promise.all([page.waitForEvent('load'), notice.getByRole('button', { name: 'Reload' }).click()]);
        await waitForStudio(page);
        assert.equal(await pageFetch(page, file), newText);
        const names = Object.keys(await cacheContents(page));
        assert.equal(names.length, 1);
        assert.notEqual(names[0], oldCache);
        assert.equal(await page.locator('.update-notice').count(), 0);
        // The other tab, still on the old build, is told to reload too.
        await other.locator('.update-notice', { hasText: 'A newer version is running in another tab' }).waitFor();
        await Promise.all([other.waitForEvent('load'), other.locator('.update-notice button').click()]);
        await waitForStudio(other);
        assert.equal(await other.locator('.update-notice').count(), 0);
        assert.deepEqual(problems, []);
      } finally {
        await context.close();
      }
    });
  } finally {
    await rm(work, { recursive: true, force: true });
  }
});

test('served from /vnet-studio/, a share link opens there, online and offline; the worker is scoped to it', { timeout: 120000 }, async () => {
  // A host that sends /vnet-studio/index.html to /vnet-studio/: the worker keeps the page anyway.
  await serving({ base: '/vnet-studio/', indexRedirect: true }, async (url) => {
    assert.match(url, /\/vnet-studio\/$/);
    const first = await openPage(browser);
    let link;
    try {
      await first.page.goto(url + '#gallery=seed-lab');
      await waitForStudio(first.page);
      await rename(first.page, 'Shared from a sub-path');
      await first.page.getByRole('button', { name: 'Copy share link' }).click();
      link = await first.page.locator('input.share-url').inputValue();
      assert.ok(link.startsWith(url + '#1.'), link);
      assert.deepEqual(first.problems, []);
    } finally {
      await first.context.close();
    }

    const second = await openPage(browser);
    try {
      await second.page.goto(link);
      await waitForStudio(second.page);
      assert.equal(await second.page.getByRole('textbox', { name: 'Design name' }).inputValue(), 'Shared from a sub-path');
      await controlled(second.page);
      const scope = await second.page.evaluate(() => navigator.serviceWorker.getRegistration().then((r) => r.scope));
      assert.equal(scope, url);
      const [name] = Object.keys(await cacheContents(second.page));
      assert.ok(name.includes(url), name);

      // Offline, the link opens again, from the worker's cache.
      await second.page.goto('about:blank');
      await second.context.setOffline(true);
      await second.page.goto(link);
      await waitForStudio(second.page);
      assert.equal(await second.page.getByRole('textbox', { name: 'Design name' }).inputValue(), 'Shared from a sub-path');
      assert.ok((await canvasTitles(second.page)).includes('vnet-hub'));
      assert.deepEqual(second.problems, []);
    } finally {
      await second.context.close();
    }
  });
});

test('installable: Chromium reads the web app manifest and finds nothing missing', { timeout: 60000 }, async () => {
  await serving({ base: '/vnet-studio/' }, async (url) => {
    const profile = await mkdtemp(join(tmpdir(), 'vnet-profile-'));
    const context = await launchProfile(profile);
    try {
      const page = await context.newPage();
      await page.goto(url);
      await waitForStudio(page);
      await controlled(page);
      const cdp = await context.newCDPSession(page);
      const manifest = await cdp.send('Page.getAppManifest');
      assert.equal(manifest.url, url + 'manifest.webmanifest');
      assert.deepEqual(manifest.errors, []);
      const parsed = JSON.parse(manifest.data);
      assert.equal(parsed.start_url, './');
      assert.equal(parsed.display, 'standalone');
      // The page's theme colour is the top bar's (studio.css --ink).
      assert.equal(await page.locator('meta[name=theme-color]').getAttribute('content'), parsed.theme_color);
      const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
      assert.deepEqual(installabilityErrors, []);
    } finally {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    }
  });
});
