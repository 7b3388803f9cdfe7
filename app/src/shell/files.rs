//! Files in and out: the design as JSON (import through the one replace path, export), the
//! drawing as SVG or PNG. Downloaded files are named after the design (`naming::file_name`).

use crate::canvas::export;
use crate::canvas::FullText;
use crate::document::naming::{file_name, title};
use crate::document::open::{Incoming, Opener};
use crate::document::startup::{Notice, Origin};
use crate::document::store::Store;
use crate::platform::browser;
use leptos::prelude::*;
use leptos::task::spawn_local;
use vnet_core::codec::json;
use wasm_bindgen::JsCast;

/// Downloads the open design as a JSON file named after it.
pub fn export_json(store: Store) {
    let doc = store.document();
    browser::download(&file_name(&doc.design.name, "json"), "application/json", &json::to_json(&doc));
}

#[component]
pub fn FileMenu(opener: Opener) -> impl IntoView {
    let (store, notice) = (opener.store, opener.notice);
    // Exports draw every box's text, even where the zoom leaves it out on screen.
    let full_text = use_context::<FullText>().map(|f| f.0);
    let with_full_text = move |then: Box<dyn FnOnce()>| {
        spawn_local(async move {
            full_text.inspect(|f| f.set(true));
            leptos::task::tick().await;
            then();
            full_text.inspect(|f| f.set(false));
        })
    };
    let name = move |ext: &str| file_name(&store.design.with_untracked(|d| d.name.clone()), ext);
    let export_svg = move |_| {
        with_full_text(Box::new(move || {
            if let Some(svg) = export::svg_markup() {
                browser::download(&name("svg"), "image/svg+xml", &svg);
            }
        }))
    };
    let export_png = move |_| {
        let name = name("png");
        with_full_text(Box::new(move || {
            if let Some((svg, w, h)) = export::svg_for_png() {
                spawn_local(async move {
                    if !browser::download_png(&name, &svg, w, h).await {
                        notice.set(Some(Notice::error("This browser could not draw the PNG.")));
                    }
                });
            }
        }))
    };
    let import = move |ev: leptos::ev::Event| {
        let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) else { return };
        spawn_local(async move {
            let file = browser::read_file(&input).await;
            input.set_value("");
            let Some((file_name, text)) = file else { return };
            match json::from_json(&text) {
                Ok(doc) => {
                    let what = format!("“{}” from the file {file_name}", title(&doc.design.name));
                    opener.open(Incoming::new(doc, Origin::File, what));
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
            <button on:click=move |_| export_json(store)>"Export JSON"</button>
            <button on:click=export_svg>"SVG"</button>
            <button on:click=export_png>"PNG"</button>
        </div>
    }
}
