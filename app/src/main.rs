//! vnet-studio in the browser. Architecture invariant: this crate renders and edits; every
//! network answer (validation, layout, routes, traces, DNS) comes from `vnet-core`.

mod actions;
mod boxes;
mod browser;
mod canvas;
mod cost_panel;
mod export;
mod gallery;
mod gesture;
mod insights_panel;
mod interaction;
mod keys;
mod lazy;
mod menu;
mod palette;
mod panels;
mod preview;
mod properties;
mod rule_texts;
mod saved;
mod sim;
mod startup;
mod store;
mod studio;
mod toolbar;
mod views;

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(studio::Studio);
}
