//! The toolbar above the canvas: the registry's toolbar actions (undo and redo, zoom and fit,
//! duplicate and delete), in groups.

use crate::actions::registry::{self, Ctx, Trigger};
use leptos::prelude::*;

/// The toolbar's groups, by action id; a separator between groups.
const GROUPS: &[&[&str]] = &[&["undo", "redo"], &["zoom-in", "zoom-out", "fit"], &["duplicate", "delete"]];

#[component]
pub fn Toolbar(ctx: Ctx) -> impl IntoView {
    let groups = GROUPS
        .iter()
        .enumerate()
        .map(|(i, ids)| {
            let buttons = ids
                .iter()
                .filter_map(|id| registry::find(id))
                .filter_map(|a| a.on_toolbar().map(|text| (a, text)))
                .map(|(a, text)| {
                    // A one-character button ("+") is named by its label for screen readers.
                    let aria = (text.chars().count() == 1).then_some(a.label);
                    view! {
                        <button
                            title=a.title()
                            aria-label=aria
                            disabled=move || !(a.enabled)(&ctx)
                            on:click=move |_| (a.run)(&ctx, &Trigger::default())
                        >
                            {text}
                        </button>
                    }
                })
                .collect_view();
            view! {
                {(i > 0).then(|| view! { <span class="sep" /> })}
                {buttons}
            }
        })
        .collect_view();
    view! { <div class="toolbar" role="toolbar" aria-label="Canvas">{groups}</div> }
}
