//! The Export dialog (issue 22 §2): the design as the studio's own JSON file, or as the code that
//! deploys it (an ARM template, the flat ARM resources, Bicep, Terraform), with a preview,
//! Download and Copy.
//!
//! This side is only the frame. The contents, and with them the core's exporters (and hcl-rs),
//! are a module fetched when the dialog first opens (DECISIONS 24: the first load carries only
//! the frame); `vnet_core::export` is called from `body` alone, which only the split
//! point below reaches.

use crate::document::store::Store;
use crate::platform::lazy::Module;
use leptos::prelude::*;

mod body;

/// What is exported: the design's own file, or one of the core's formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Choice {
    Design,
    Arm,
    ArmResources,
    Bicep,
    Terraform,
}

/// The dialog's state; cheap to copy (signal handles).
#[derive(Clone, Copy)]
pub struct ExportDialog {
    open: RwSignal<bool>,
    /// Kept between openings: who exports Terraform once likely wants it again.
    choice: RwSignal<Choice>,
    store: Store,
    views: Module<ExportViews>,
}

/// What the dialog's module provides.
struct ExportViews {
    body: fn(ExportDialog) -> AnyView,
}

/// The split point of the dialog's contents (`platform::lazy`).
#[leptos::wasm_split::wasm_split(export_dialog, wasm_split_path = ::leptos::wasm_split, fallible)]
fn views_entry() -> Result<&'static ExportViews, leptos::wasm_split::SplitLoaderError> {
    Ok(&body::VIEWS)
}

impl ExportDialog {
    pub fn new(store: Store) -> Self {
        ExportDialog { open: RwSignal::new(false), choice: RwSignal::new(Choice::Design), store, views: Module::new() }
    }

    pub fn show(self) {
        self.views.fetch(views_entry, |_| {});
        self.open.set(true);
    }

    pub fn close(self) {
        self.open.set(false);
    }
}

#[component]
pub fn ExportDialogView(dialog: ExportDialog) -> impl IntoView {
    let on_key = move |ev: leptos::ev::KeyboardEvent| {
        if ev.key() == "Escape" {
            ev.stop_propagation();
            dialog.close();
        }
    };
    let body = move || dialog.views.get().map(|v| (v.body)(dialog));
    let panel = NodeRef::<leptos::html::Div>::new();
    // The keys (Escape, Tab) start inside the dialog.
    Effect::new(move || {
        if let Some(p) = panel.get() {
            let _ = p.focus();
        }
    });
    move || {
        dialog.open.get().then(|| {
            view! {
                <div class="modal-backdrop">
                    <div
                        class="export-dialog"
                        role="dialog"
                        aria-modal="true"
                        aria-labelledby="export-title"
                        tabindex="-1"
                        node_ref=panel
                        on:keydown=on_key
                    >
                        <div class="dialog-head">
                            <h2 id="export-title">"Export"</h2>
                            <button class="close" aria-label="Close" on:click=move |_| dialog.close()>"×"</button>
                        </div>
                        {dialog.views.waiting("export formats", move || dialog.show())}
                        {body}
                    </div>
                </div>
            }
        })
    }
}
