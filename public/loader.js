// Loads the studio's wasm. A file of its own (not Trunk's inline script) so the page's
// Content-Security-Policy can forbid inline scripts.
import init from './vnet-app.js';
init({ module_or_path: './vnet-app_bg.wasm' });
