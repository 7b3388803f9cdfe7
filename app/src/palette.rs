//! The palette: one button per element kind. A new element goes into the selection (a subnet into
//! the selected VNet, a VM into the selected subnet) with addresses suggested by core; when it
//! cannot go there, the palette says why.

use crate::actions;
use crate::store::Store;
use leptos::prelude::*;
use vnet_core::edit::NewKind;

#[component]
pub fn Palette(store: Store) -> impl IntoView {
    let message = RwSignal::new(None::<String>);
    // A new selection makes an old "why not" stale.
    Effect::new(move |_| {
        store.selected.track();
        message.set(None);
    });
    let buttons = NewKind::ALL
        .iter()
        .map(|&kind| {
            let on_click = move |_| {
                let result = actions::add(store, kind);
                message.set(result.err());
            };
            view! {
                <button class="palette-item" data-kind=kind.label() title=kind.needs() on:click=on_click>
                    {kind.label()}
                </button>
            }
        })
        .collect_view();
    view! {
        <section class="panel palette" aria-label="Add">
            <h2>"Add"</h2>
            <div class="palette-grid">{buttons}</div>
            {move || message.get().map(|m| view! { <p class="palette-why" role="status">{m}</p> })}
        </section>
    }
}
