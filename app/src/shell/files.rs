//! The top bar's files: import a design (through the one replace path) and the registry's
//! exports (JSON, SVG, PNG).

use crate::actions::registry::Ctx;
use crate::document::naming::title;
use crate::document::open::Incoming;
use crate::document::startup::{Notice, Origin};
use crate::platform::browser;
use crate::shell::toolbar::ActionButton;
use leptos::prelude::*;
use leptos::task::spawn_local;
use vnet_core::codec::json;
use wasm_bindgen::JsCast;

#[component]
pub fn FileMenu(ctx: Ctx) -> impl IntoView {
    let (opener, notice) = (ctx.opener, ctx.notice);
    let import = move |ev: leptos::ev::Event| {
        let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) else { return };
        spawn_local(async move {
            let file = browser::read_file(&input).await;
            input.set_value("");
            let Some((file_name, text)) = file else { return };
            match json::from_json_with_repairs(&text) {
                Ok(opened) => {
                    let what = format!("“{}” from the file {file_name}", title(&opened.doc.design.name));
                    opener.open(Incoming::read(opened, Origin::File, what));
                }
                Err(e) => notice.set(Some(Notice::error(format!(
                    "The file {file_name} could not be imported: {e} Nothing was changed."
                )))),
            }
        });
    };
    view! {
        <div class="filemenu">
            <label class="button import">
                "Import"
                <input type="file" accept=".json,application/json" class="visually-hidden" on:change=import />
            </label>
            <ActionButton ctx id="export-json" />
            <ActionButton ctx id="export-svg" />
            <ActionButton ctx id="export-png" />
        </div>
    }
}
