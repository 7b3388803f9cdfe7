//! The Import dialog (issue 19 §2): files chosen, dropped on the canvas or pasted; the commands
//! that write them, ready to copy; then the import report, and the imported design opened
//! through the one replace path (`document::open`), which asks before losing work.
//!
//! This side is only the dialog's state and frame. Its contents and the work behind them
//! (reading the files, the import, the report, opening the result) are `body`, a module fetched
//! when the dialog first opens or files are dropped (DECISIONS 24: the first load carries only
//! the frame); the import itself is `document::importing`, another.

use crate::document::open::Opener;
use crate::platform::browser;
use crate::platform::lazy::Module;
use leptos::prelude::*;
use vnet_core::import::Report;
use vnet_core::Document;

mod body;

/// Where the dialog is.
enum Phase {
    /// Waiting for files.
    Choosing,
    /// Reading and importing: what, for the progress line.
    Busy(String),
    /// The report, before the design is opened.
    Done { doc: Box<Document>, report: Report, from: String },
    /// Nothing could be imported: why.
    Failed(String),
}

/// The dialog's state; cheap to copy (signal handles).
#[derive(Clone, Copy)]
pub struct ImportDialog {
    open: RwSignal<bool>,
    phase: RwSignal<Phase, LocalStorage>,
    opener: Opener,
    /// The dialog's contents, a module of their own fetched when it first opens.
    views: Module<DialogViews>,
}

/// What the dialog's module provides.
struct DialogViews {
    body: fn(ImportDialog) -> AnyView,
    /// Reads the files (chosen or dropped) and imports them.
    read: fn(ImportDialog, Vec<web_sys::File>),
}

/// The split point of the dialog's contents (`platform::lazy`).
#[leptos::wasm_split::wasm_split(import_dialog, wasm_split_path = ::leptos::wasm_split, fallible)]
fn views_entry() -> Result<&'static DialogViews, leptos::wasm_split::SplitLoaderError> {
    Ok(&body::VIEWS)
}

impl ImportDialog {
    pub fn new(opener: Opener) -> Self {
        ImportDialog {
            open: RwSignal::new(false),
            phase: RwSignal::new_local(Phase::Choosing),
            opener,
            views: Module::new(),
        }
    }

    pub fn show(self) {
        self.views.fetch(views_entry, |_| {});
        if !self.phase.with_untracked(|p| matches!(p, Phase::Busy(_))) {
            self.phase.set(Phase::Choosing);
        }
        self.open.set(true);
    }

    fn close(self) {
        self.open.set(false);
        self.phase.set(Phase::Choosing);
    }

    /// Files dropped (on the canvas or the dialog's drop zone) are read and imported, once the
    /// dialog's module is here; a drop that carries no file is not ours. The files are taken
    /// from the event at once: the browser empties its list once the event is over.
    pub fn drop(self, ev: leptos::ev::DragEvent) {
        let Some(list) = ev.data_transfer().and_then(|d| d.files()).filter(|l| l.length() > 0) else { return };
        ev.prevent_default();
        let files = browser::files_of(&list);
        self.show();
        self.views.fetch(views_entry, move |v| (v.read)(self, files));
    }
}

/// A drag that carries files may be dropped here (the browser would otherwise open the file).
pub fn accept_files(ev: leptos::ev::DragEvent) {
    let has_files = ev.data_transfer().is_some_and(|d| d.types().includes(&"Files".into(), 0));
    if has_files {
        ev.prevent_default();
    }
}

#[component]
pub fn ImportDialogView(dialog: ImportDialog) -> impl IntoView {
    let on_key = move |ev: leptos::ev::KeyboardEvent| {
        if ev.key() == "Escape" && !dialog.phase.with_untracked(|p| matches!(p, Phase::Busy(_))) {
            ev.stop_propagation();
            dialog.close();
        }
    };
    let body = move || match dialog.views.get() {
        Some(v) => (v.body)(dialog),
        None => view! { <p class="busy" role="status" aria-busy="true">"Loading…"</p> }.into_any(),
    };
    move || {
        dialog.open.get().then(|| {
            view! {
                <div class="modal-backdrop">
                    <div class="import-dialog" role="dialog" aria-modal="true" aria-labelledby="import-title" on:keydown=on_key>
                        <div class="dialog-head">
                            <h2 id="import-title">"Import"</h2>
                            <button class="close" aria-label="Close" on:click=move |_| dialog.close()>"×"</button>
                        </div>
                        <p class="hint">
                            "A design saved from the studio, or your network as Azure describes it: Resource Graph or az CLI output, REST API responses, ARM templates with their parameters file. Several files at once are joined by resource id."
                        </p>
                        {body}
                    </div>
                </div>
            }
        })
    }
}
