//! Buttons that run the registry's actions: the toolbar above the canvas (undo and redo, zoom
//! and fit, duplicate and delete, in groups) and the top bar's (exports, present, share).

use crate::actions::registry::{self, Ctx, Trigger};
use leptos::prelude::*;

/// The toolbar's groups, by action id; a separator between groups.
const GROUPS: &[&[&str]] = &[&["undo", "redo", "compare"], &["zoom-in", "zoom-out", "fit"], &["duplicate", "delete"]];

/// A button for the action `id`, with its place's text (or `text` instead, when given).
#[component]
pub fn ActionButton(
    ctx: Ctx,
    id: &'static str,
    #[prop(optional)] class: &'static str,
    #[prop(optional, into)] text: Option<Signal<String>>,
    #[prop(optional, into)] pressed: Option<Signal<bool>>,
) -> impl IntoView {
    let action = registry::find(id)?;
    let label = action.on_toolbar().or(action.on_top_bar()).unwrap_or(action.label);
    // A one-character button ("+") is named by its label for screen readers.
    let aria = (label.chars().count() == 1).then_some(action.label);
    let text = move || text.map(|t| t.get()).unwrap_or_else(|| label.to_string());
    Some(view! {
        <button
            class=class
            title=action.title()
            aria-label=aria
            aria-pressed=move || pressed.map(|p| p.get().to_string())
            disabled=move || !(action.enabled)(&ctx)
            on:click=move |_| (action.run)(&ctx, &Trigger::default())
        >
            {text}
        </button>
    })
}

#[component]
pub fn Toolbar(ctx: Ctx) -> impl IntoView {
    let groups = GROUPS
        .iter()
        .enumerate()
        .map(|(i, ids)| {
            let buttons = ids.iter().map(|&id| view! { <ActionButton ctx id /> }).collect_view();
            view! {
                {(i > 0).then(|| view! { <span class="sep" /> })}
                {buttons}
            }
        })
        .collect_view();
    view! { <div class="toolbar" role="toolbar" aria-label="Canvas">{groups}</div> }
}
