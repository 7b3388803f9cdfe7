//! The context menu of a box on the canvas (right-click, or a long press on touch screens, which
//! browsers report as `contextmenu`). The canvas knows no entries: the action registry adds
//! every entry through the [`CanvasMenu`] in the context, so the menu offers exactly what the
//! registry says:
//!
//! ```ignore
//! let menu = use_context::<CanvasMenu>().expect("the studio provides it");
//! menu.add("Trace from here", move |id| start_trace(id));
//! ```

use crate::document::store::Store;
use leptos::prelude::*;
use std::sync::Arc;
use vnet_core::Id;
use wasm_bindgen::JsCast;

type Action = Arc<dyn Fn(Id) + Send + Sync>;

/// The entries the studio adds to the menu, in order.
#[derive(Clone, Copy)]
pub struct CanvasMenu {
    items: StoredValue<Vec<(&'static str, Action)>>,
    /// The open menu: the box it is for and where (screen pixels).
    open: RwSignal<Option<(Id, f64, f64)>>,
}

impl CanvasMenu {
    pub fn new() -> Self {
        CanvasMenu { items: StoredValue::new(Vec::new()), open: RwSignal::new(None) }
    }

    /// Adds an entry; `run` gets the id of the box the menu was opened on.
    pub fn add(&self, label: &'static str, run: impl Fn(Id) + Send + Sync + 'static) {
        self.items.update_value(|items| items.push((label, Arc::new(run))));
    }

    pub fn close(&self) {
        self.open.set(None);
    }

    pub fn is_open(&self) -> bool {
        self.open.with_untracked(Option::is_some)
    }
}

/// `contextmenu` on the canvas: opens the menu for the box under the pointer (and selects it).
pub fn open(ev: &web_sys::MouseEvent, menu: CanvasMenu, store: Store) {
    let target = ev.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok());
    let id = target.and_then(|t| t.closest("g.box").ok().flatten()).and_then(|g| g.get_attribute("data-id"));
    let Some(id) = id.map(Id::new) else { return };
    ev.prevent_default();
    if !store.selection().contains(&id) {
        store.select(Some(id.clone()));
    }
    menu.open.set(Some((id, f64::from(ev.client_x()), f64::from(ev.client_y()))));
}

#[component]
pub fn ContextMenu(menu: CanvasMenu) -> impl IntoView {
    move || {
        let (id, x, y) = menu.open.get()?;
        let entries = menu
            .items
            .get_value()
            .into_iter()
            .map(|(label, run)| {
                let id = id.clone();
                let on_click = move |_| {
                    menu.close();
                    run(id.clone());
                };
                view! { <li><button role="menuitem" on:click=on_click>{label}</button></li> }
            })
            .collect_view();
        Some(view! {
            <div class="menu-backdrop" on:pointerdown=move |_| menu.close() on:contextmenu=move |ev| {
                ev.prevent_default();
                menu.close();
            } />
            <ul class="canvas-menu" role="menu" style:left=format!("{x}px") style:top=format!("{y}px")>
                {entries}
            </ul>
        })
    }
}
