//! The top bar's files: Import (the dialog that reads studio designs and Azure's JSON,
//! `import_dialog`), Export (the design's JSON, ARM, Bicep or Terraform, `export_dialog`) and the
//! drawing as SVG or PNG (the registry's exports).

use crate::actions::registry::Ctx;
use crate::shell::export_dialog::ExportDialog;
use crate::shell::import_dialog::ImportDialog;
use crate::shell::toolbar::ActionButton;
use leptos::prelude::*;

#[component]
pub fn FileMenu(ctx: Ctx, import: ImportDialog, export: ExportDialog) -> impl IntoView {
    view! {
        <div class="filemenu">
            <button class="import" on:click=move |_| import.show() title="Open a design file, or import your network from Azure's JSON">
                "Import"
            </button>
            <button
                class="export"
                aria-haspopup="dialog"
                on:click=move |_| export.show()
                title="Save the design as JSON, or export it as an ARM template, Bicep or Terraform (Ctrl/⌘ + S saves the JSON at once)"
            >
                "Export…"
            </button>
            <ActionButton ctx id="export-svg" />
            <ActionButton ctx id="export-png" />
        </div>
    }
}
