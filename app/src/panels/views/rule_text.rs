//! Rule ids as links, and the dialog that shows a rule's text (title, our explanation, the
//! simulator's choice where Microsoft is silent, the source). The texts come from
//! `vnet_core::catalog::rules` by way of `rules.json`, fetched when the simulation mounts
//! (`crate::panels::rule_texts`), so their prose is not in the first page load.

use super::Views;
use crate::panels::rule_texts::RuleTexts;
use leptos::prelude::*;

/// A rule id that opens its text. Its tooltip is the rule's title.
#[component]
pub fn RuleLink(views: Views, id: &'static str) -> impl IntoView {
    let texts = RuleTexts::shared();
    let open = move |_| {
        texts.load();
        views.rule.set(Some(id.to_string()));
    };
    view! {
        <button
            class="rule-link"
            title=move || texts.title(id)
            data-rule=id
            on:pointerenter=move |_| texts.load()
            on:focus=move |_| texts.load()
            on:click=open
        >
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
    // Whoever opens the dialog (a rule link, an insight), the texts are fetched then.
    let texts = RuleTexts::shared();
    Effect::new(move |_| {
        if views.rule.with(Option::is_some) {
            texts.load();
        }
    });
    move || {
        let id = views.rule.get()?;
        let body = match texts.get(&id) {
            Ok(Some(r)) => {
                let heading = format!("{} · {}", r.id, r.title);
                let (href, source) = (r.source.clone(), r.source);
                view! {
                    <p class="rule-section">{r.section}</p>
                    <h2 id="rule-title">{heading}</h2>
                    <p class="rule-summary">{r.summary}</p>
                    {r.sim_choice.map(|c| view! { <p class="rule-choice"><strong>"Simulator's choice: "</strong>{c}</p> })}
                    <p class="rule-source">
                        "Source: "
                        <a href=href target="_blank" rel="noopener noreferrer">{source}</a>
                    </p>
                }
                .into_any()
            }
            Ok(None) => view! { <h2 id="rule-title">{id.clone()}</h2><p>"Loading the rule's text…"</p> }.into_any(),
            Err(e) => view! { <h2 id="rule-title">{id.clone()}</h2><p>{e}</p> }.into_any(),
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
