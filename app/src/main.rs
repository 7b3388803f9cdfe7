//! vnet-studio in the browser. Architecture invariant: this crate renders and edits; every
//! network answer (validation, layout, routes, traces, DNS) comes from `vnet-core`.

mod browser;
mod canvas;
mod panels;
mod startup;
mod studio;

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(studio::Studio);
}
