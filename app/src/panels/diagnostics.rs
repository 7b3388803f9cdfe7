//! The validation diagnostics from core, listed by severity.
//!
//! Validation is a module of its own, fetched as the page starts, in parallel with the first
//! paint (DECISIONS 24: the first load stays under 400 KiB). Until it is here the panel says
//! "Checking…", never "No problems found".

use crate::platform::lazy::Module;
use leptos::prelude::*;
use vnet_core::model::Design;
use vnet_core::validate::{self, Diagnostic, Severity};
use vnet_core::Id;

/// What the validation module provides.
pub struct Checks {
    validate: fn(&Design) -> Vec<Diagnostic>,
}

static CHECKS: Checks = Checks { validate: validate::validate };

/// The split point of validation (`platform::lazy`).
#[leptos::wasm_split::wasm_split(validation, wasm_split_path = ::leptos::wasm_split, fallible)]
fn checks() -> Result<&'static Checks, leptos::wasm_split::SplitLoaderError> {
    Ok(&CHECKS)
}

/// The open design's diagnostics, once validation is here. Cheap to copy.
#[derive(Clone, Copy)]
pub struct Diagnostics {
    /// Empty until the module is here (see `ready`).
    pub list: Memo<Vec<Diagnostic>>,
    module: Module<Checks>,
}

impl Diagnostics {
    /// The list follows every change of the design once validation is here ([`Diagnostics::load`]).
    pub fn new(design: RwSignal<Design>) -> Self {
        let module = Module::<Checks>::new();
        let list = Memo::new(move |_| module.get().map(|c| design.with(c.validate)).unwrap_or_default());
        Diagnostics { list, module }
    }

    /// Fetches validation (once, however often called).
    pub fn load(self) {
        self.module.prefetch(checks);
    }

    /// Whether validation is here (tracked).
    pub fn ready(self) -> bool {
        self.module.get().is_some()
    }
}

#[component]
pub fn DiagnosticsPanel(diagnostics: Diagnostics, selected: RwSignal<Option<Id>>) -> impl IntoView {
    let module = diagnostics.module;
    let (ready, diagnostics) = (move || diagnostics.ready(), diagnostics.list);
    let summary = move || {
        if !ready() {
            return "Checking the design…".to_string();
        }
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
        <section class="panel diagnostics" aria-label="Diagnostics" aria-busy=move || (!ready()).to_string()>
            <h2>"Diagnostics"</h2>
            <p class="summary">{summary}</p>
            {module.waiting("checks", move || module.fetch(checks, |_| ()))}
            <ul>{items}</ul>
        </section>
    }
}
