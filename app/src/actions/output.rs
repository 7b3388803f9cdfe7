//! What leaves the studio: the design as a JSON file, the drawing as SVG or PNG, a share link.
//! Files are named after the design (`naming::file_name`).

use crate::actions::registry::Ctx;
use crate::canvas::export;
use crate::document::naming::file_name;
use crate::document::startup::Notice;
use crate::document::store::Store;
use crate::document::writing;
use crate::platform::browser;
use leptos::prelude::*;
use leptos::task::spawn_local;

/// Downloads the open design as a JSON file named after it.
pub fn export_json(store: Store, notice: RwSignal<Option<Notice>>) {
    let doc = store.document();
    spawn_local(async move {
        match writing::writer().await {
            Ok(w) => {
                browser::download(&file_name(&doc.design.name, "json"), "application/json", &(w.json)(&doc));
            }
            Err(e) => notice.set(Some(Notice::error(format!("The design could not be written: {e}.")))),
        }
    });
}

/// Downloads the drawing as SVG, or as PNG (`png`). Every box draws its text for the export,
/// even where the zoom leaves it out on screen.
pub fn export_drawing(ctx: &Ctx, png: bool) {
    let (full_text, notice) = (ctx.full_text, ctx.notice);
    let name = file_name(&ctx.store.design.with_untracked(|d| d.name.clone()), if png { "png" } else { "svg" });
    spawn_local(async move {
        full_text.set(true);
        leptos::task::tick().await;
        if !png {
            if let Some(svg) = export::svg_markup() {
                browser::download(&name, "image/svg+xml", &svg);
            }
        } else if let Some((svg, w, h)) = export::svg_for_png() {
            spawn_local(async move {
                if !browser::download_png(&name, &svg, w, h).await {
                    notice.set(Some(Notice::error("This browser could not draw the PNG.")));
                }
            });
        }
        full_text.set(false);
    });
}

/// Shows the open design's share link and copies it to the clipboard.
pub fn share(ctx: &Ctx) {
    let (share, notice, doc) = (ctx.share, ctx.notice, ctx.store.document());
    spawn_local(async move {
        let writer = match writing::writer().await {
            Ok(w) => w,
            Err(e) => return notice.set(Some(Notice::error(format!("No link could be made: {e}.")))),
        };
        let url = format!("{}#{}", browser::base_url(), (writer.link)(&doc));
        share.set(Some(url.clone()));
        if !browser::copy_to_clipboard(&url).await {
            notice.set(Some(Notice::info("Copy the link from the box below: this browser did not allow copying.")));
        }
    });
}
