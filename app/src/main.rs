//! vnet-studio in the browser. Architecture invariant: this crate renders and edits; every
//! network answer (validation, layout, routes, traces, DNS) comes from `vnet-core`.
//!
//! The folders depend one way, each only on those listed before it:
//! `platform` (the browser, split modules) → `document` (the open design, its history, storage,
//! the one path that replaces it) → `canvas` (the scene, boxes, gestures, camera, context menu)
//! → `panels` (properties, diagnostics, and the simulation's views) → `actions` (every user
//! action in one registry) → `shell` (the page that puts them together).

mod actions;
mod canvas;
mod document;
mod panels;
mod platform;
mod shell;

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(shell::studio::Studio);
}
