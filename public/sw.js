// The studio offline (issue 24 §3): a service worker that keeps exactly one build's files.
//
// `BUILD` is written by scripts/precache at build time: every file of dist/ (the page, the main
// and on-demand wasm modules, the split loader, the matrix worker, the gallery, rules.json, ...)
// with its SHA-256, and `version`, a hash of that list. The cache is named after the version, so
// a new build is a new cache and a new sw.js (the browser sees the bytes changed and installs it).
//
// - install: fetches every file past the HTTP cache, checked against its hash (`integrity`), into
//   the new cache; a file that differs (a half-finished deploy) fails the install, which the
//   browser retries on a later visit, so a cache never holds two builds' files.
// - activate: deletes this site's older caches and takes the open pages (a first install only:
//   an update activates when the user asks for it, public/offline.js).
// - fetch: a file of the build comes from this worker's own cache (never another version's),
//   anything else from the network; a page request falls back to the cached index.html.
//
// A new worker waits (no skipWaiting on its own): the old one keeps serving the old set to the
// open pages until the user clicks "Reload" on the update notice, so old and new never mix.
const BUILD = null; // scripts/precache

const SCOPE = self.registration.scope;
const PREFIX = `vnet-studio ${SCOPE} `;
const CACHE = BUILD && PREFIX + BUILD.version;

/** The file of the build a URL names (relative to the scope), or null. */
function buildFile(url, navigation) {
  const u = new URL(url);
  if (u.origin !== self.location.origin || !u.href.startsWith(SCOPE)) return null;
  // A page request may carry a query (share links keep the page's own search); subresources don't.
  if (u.search && !navigation) return null;
  let path;
  try {
    path = decodeURIComponent(u.pathname.slice(new URL(SCOPE).pathname.length));
  } catch {
    return null; // a malformed escape names no file of ours
  }
  const file = path === '' ? 'index.html' : path;
  return BUILD && Object.hasOwn(BUILD.files, file) ? file : null;
}

self.addEventListener('install', (event) => {
  if (!BUILD) return; // an unprocessed sw.js: nothing to keep
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE);
      try {
        await Promise.all(
          Object.entries(BUILD.files).map(async ([file, integrity]) => {
            const url = new URL(file, SCOPE);
            const response = await fetch(url, { cache: 'reload', integrity });
            if (!response.ok) throw new Error(`${file}: HTTP ${response.status}`);
            // A host may redirect a file (some send /index.html to /); a page request cannot be
            // answered with a redirected response, so keep its body and headers only.
            const kept = response.redirected
              ? new Response(await response.blob(), { status: response.status, statusText: response.statusText, headers: response.headers })
              : response;
            await cache.put(url, kept);
          }),
        );
      } catch (err) {
        console.warn('vnet-studio: the offline copy of this build was not kept (a later visit tries again):', err);
        await caches.delete(CACHE);
        throw err;
      }
    })(),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      const names = await caches.keys();
      const first = !names.some((n) => n.startsWith(PREFIX) && n !== CACHE);
      await Promise.all(names.filter((n) => n.startsWith(PREFIX) && n !== CACHE).map((n) => caches.delete(n)));
      // On a first install the open page was loaded from the network with this same build: take
      // it over so what it fetches next (an on-demand module) is cached. An update activates only
      // when a page asked for it and reloads (offline.js).
      if (first) await self.clients.claim();
    })(),
  );
});

self.addEventListener('message', (event) => {
  if (event.data?.type === 'skip-waiting') self.skipWaiting();
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (!BUILD || request.method !== 'GET') return;
  const navigation = request.mode === 'navigate';
  const file = buildFile(request.url, navigation);
  if (file) {
    event.respondWith(fromCache(file).then((hit) => hit ?? fetch(request)));
  } else if (navigation && request.url.startsWith(SCOPE)) {
    // A path under the site that is not a file of it: the network says what it is; offline, the studio.
    event.respondWith(fetch(request).catch(() => fromCache('index.html').then((hit) => hit ?? Response.error())));
  }
});

/** A file of the build from this version's cache (undefined when it is not there). */
async function fromCache(file) {
  const cache = await caches.open(CACHE);
  return cache.match(new URL(file, SCOPE));
}
