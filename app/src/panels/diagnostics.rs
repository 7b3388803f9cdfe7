//! Side panels: the validation diagnostics from core, listed by severity.

use leptos::prelude::*;
use vnet_core::validate::{Diagnostic, Severity};
use vnet_core::Id;

#[component]
pub fn DiagnosticsPanel(diagnostics: Memo<Vec<Diagnostic>>, selected: RwSignal<Option<Id>>) -> impl IntoView {
    let summary = move || {
        diagnostics.with(|ds| {
            let errors = ds.iter().filter(|d| d.severity == Severity::Error).count();
            let warnings = ds.iter().filter(|d| d.severity == Severity::Warning).count();
            match (errors, warnings) {
                (0, 0) => "No problems found".to_string(),
                _ => format!("{errors} errors · {warnings} warnings"),
            }
        })
    };
    let items = move || {
        diagnostics.with(|ds| {
            ds.iter()
                .map(|d| {
                    let class = match d.severity {
                        Severity::Error => "diag error",
                        Severity::Warning => "diag warning",
                        Severity::Info => "diag info",
                    };
                    let element = d.element.clone();
                    let on_click = move |_| selected.set(element.clone());
                    view! {
                        <li class=class>
                            <button class="diag-button" on:click=on_click>
                                <span class="code">{d.code.as_str()}</span>
                                <span class="message">{d.message.clone()}</span>
                            </button>
                        </li>
                    }
                })
                .collect_view()
        })
    };
    view! {
        <section class="panel diagnostics" aria-label="Diagnostics">
            <h2>"Diagnostics"</h2>
            <p class="summary">{summary}</p>
            <ul>{items}</ul>
        </section>
    }
}
