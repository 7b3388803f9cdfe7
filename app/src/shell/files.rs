//! The top bar's files: Import (the dialog that reads studio designs and Azure's JSON,
//! `import_dialog`) and the registry's exports (JSON, SVG, PNG).

use crate::actions::registry::Ctx;
use crate::shell::import_dialog::ImportDialog;
use crate::shell::toolbar::ActionButton;
use leptos::prelude::*;

#[component]
pub fn FileMenu(ctx: Ctx, import: ImportDialog) -> impl IntoView {
    view! {
        <div class="filemenu">
            <button class="import" on:click=move |_| import.show() title="Open a design file, or import your network from Azure's JSON">
                "Import"
            </button>
            <ActionButton ctx id="export-json" />
            <ActionButton ctx id="export-svg" />
            <ActionButton ctx id="export-png" />
        </div>
    }
}
