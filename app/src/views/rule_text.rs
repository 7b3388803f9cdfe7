//! Rule ids as links, and the dialog that shows a rule's text from `vnet_core::catalog::rules`
//! (title, our explanation, the simulator's choice where Microsoft is silent, the source).

use super::Views;
use leptos::prelude::*;
use vnet_core::catalog::rules;

/// A rule id that opens its text. Its tooltip is the rule's title.
#[component]
pub fn RuleLink(views: Views, id: &'static str) -> impl IntoView {
    let title = rules::rule(id).map(|r| r.title).unwrap_or("Unknown rule");
    view! {
        <button class="rule-link" title=title data-rule=id on:click=move |_| views.rule.set(Some(id))>
            {id}
        </button>
    }
}

/// The open rule's text, as a modal dialog; Escape, the backdrop or "Close" closes it.
#[component]
pub fn RuleDialog(views: Views) -> impl IntoView {
    let close = move || views.rule.set(None);
    let handle = window_event_listener(leptos::ev::keydown, move |ev| {
        if ev.key() == "Escape" && views.rule.get_untracked().is_some() {
            views.rule.set(None);
        }
    });
    on_cleanup(move || handle.remove());
    let close_button = NodeRef::<leptos::html::Button>::new();
    // Focus the dialog's button, so Escape reaches the dialog before the page's shortcuts.
    Effect::new(move |_| {
        if let Some(b) = close_button.get() {
            let _ = b.focus();
        }
    });
    let on_key = move |ev: leptos::ev::KeyboardEvent| {
        if ev.key() == "Escape" {
            ev.stop_propagation();
            views.rule.set(None);
        }
    };
    move || {
        let id = views.rule.get()?;
        let body = match rules::rule(id) {
            Some(r) => view! {
                <p class="rule-section">{r.section.title()}</p>
                <h2 id="rule-title">{format!("{} · {}", r.id, r.title)}</h2>
                <p class="rule-summary">{r.summary}</p>
                {r.sim_choice.map(|c| view! { <p class="rule-choice"><strong>"Simulator's choice: "</strong>{c}</p> })}
                <p class="rule-source">
                    "Source: "
                    <a href=r.source target="_blank" rel="noopener noreferrer">{r.source}</a>
                </p>
            }
            .into_any(),
            None => view! { <h2 id="rule-title">{id}</h2><p>"This rule id is not in the catalog."</p> }.into_any(),
        };
        Some(view! {
            <div class="backdrop" on:click=move |_| close() on:keydown=on_key>
                <div
                    class="rule-dialog"
                    role="dialog"
                    aria-modal="true"
                    aria-labelledby="rule-title"
                    on:click=|ev| ev.stop_propagation()
                >
                    {body}
                    <button class="close" node_ref=close_button on:click=move |_| close()>"Close"</button>
                </div>
            </div>
        })
    }
}
