// The reachability matrix's and the design diff's Web Worker (a classic worker: Trunk builds worker wasm for
// wasm-bindgen's no-modules target). A file of its own so the page's CSP (`worker-src 'self'`)
// needs no blob: URL or inline code. The studio starts it only when the matrix opens.
// The messages are described in worker/src/main.rs.
importScripts('./vnet-worker.js');

const ready = wasm_bindgen({ module_or_path: './vnet-worker_bg.wasm' });

onmessage = async (event) => {
  const { id, kind, design, protocol, port, before, after } = event.data;
  try {
    await ready;
    if (kind === 'diff') {
      postMessage({ id, kind: 'diff', diff: wasm_bindgen.diff(before, after) });
      return;
    }
    const progress = (done, total) => postMessage({ id, kind: 'progress', done, total });
    const result = wasm_bindgen.reachability(design, protocol, port, progress);
    const outcomes = result.outcomes;
    const meta = result.meta;
    result.free();
    postMessage({ id, kind: 'result', meta, outcomes }, [outcomes.buffer]);
  } catch (err) {
    postMessage({ id, kind: 'error', message: String(err && err.message ? err.message : err) });
  }
};
