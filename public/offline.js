// Registers the service worker that keeps the studio working offline (sw.js, issue 24 §3) and
// says when a new build is waiting: "Update available — Reload". A file of its own, outside the
// wasm, so it costs the first load nothing and works whatever state the studio is in.
//
// A new build's worker installs beside the old one and waits: the old worker keeps serving this
// page the files of the build it came from. The notice's Reload asks the new worker to take over
// and reloads once it has (leaving the page saves the design, document/store.rs), so a page never
// runs with a mix of two builds' files. Service workers need a secure context (https, or
// localhost): elsewhere this does nothing and the studio works online as before.
const sw = navigator.serviceWorker;
if (sw) {
  // Whether this page is served by a worker; a change after that is another build taking over.
  let controlled = Boolean(sw.controller);
  let reloading = false;

  const notice = (text, onReload) => {
    document.querySelector('.update-notice')?.remove();
    const box = document.createElement('div');
    box.className = 'update-notice';
    box.setAttribute('role', 'status');
    const label = document.createElement('span');
    label.textContent = text;
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'primary';
    button.textContent = 'Reload';
    button.addEventListener('click', () => {
      button.disabled = true;
      onReload();
    });
    box.append(label, button);
    document.body.append(box);
  };

  const waiting = (worker) =>
    notice('Update available', () => {
      reloading = true;
      worker.postMessage({ type: 'skip-waiting' });
    });

  sw.addEventListener('controllerchange', () => {
    if (reloading) {
      location.reload();
    } else if (controlled) {
      // Another tab's Reload activated a new build: this page's next fetches would be the new build's.
      notice('A newer version is running in another tab', () => location.reload());
    }
    controlled = true;
  });

  addEventListener('load', async () => {
    let registration;
    try {
      // Relative: the worker's scope is the directory the studio is served from (/vnet-studio/).
      registration = await sw.register('sw.js', { updateViaCache: 'none' });
    } catch (err) {
      console.warn('vnet-studio will not work offline: the service worker did not register.', err);
      return;
    }
    if (!registration) return; // a browser that blocks service workers may answer with nothing
    // Installed while a worker serves this page: a new build waits for the user's Reload. The
    // browser looks for one as the page loads, so it may be waiting or installing already.
    const track = (worker) =>
      worker?.addEventListener('statechange', () => {
        if (worker.state === 'installed' && sw.controller) waiting(worker);
      });
    if (registration.waiting && sw.controller) waiting(registration.waiting);
    track(registration.installing);
    registration.addEventListener('updatefound', () => track(registration.installing));
    // A tab left open for days still hears of a new build: look again whenever it comes back.
    document.addEventListener('visibilitychange', () => {
      if (document.visibilityState === 'visible') registration.update().catch(() => {});
    });
  });
}
