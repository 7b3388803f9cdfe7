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
/// even where the zoom leaves it out on screen. The export itself is a module fetched the first
/// time (`canvas::export`).
pub fn export_drawing(ctx: &Ctx, png: bool) {
    let (full_text, notice) = (ctx.full_text, ctx.notice);
    let name = file_name(&ctx.store.design.with_untracked(|d| d.name.clone()), if png { "png" } else { "svg" });
    spawn_local(async move {
        let exporter = match export::exporter().await {
            Ok(e) => e,
            Err(e) => return notice.set(Some(Notice::error(format!("The drawing could not be exported: {e}.")))),
        };
        full_text.set(true);
        leptos::task::tick().await;
        let drawing = if png {
            (exporter.png)(name)
        } else {
            (exporter.svg)(&name);
            None
        };
        full_text.set(false);
        if let Some(drawing) = drawing {
            if !drawing.await {
                notice.set(Some(Notice::error("This browser could not draw the PNG.")));
            }
        }
    });
}

/// A share link on show.
#[derive(Clone, Debug, PartialEq)]
pub struct ShareLink {
    pub url: String,
    /// For a design that names Azure resources (an imported one): whether the link keeps their
    /// ids and tags. `None` when the design has none.
    pub azure: Option<bool>,
}

/// Shows the open design's share link and copies it to the clipboard. Azure resource ids,
/// subscriptions and tags are left out unless the share box's toggle keeps them (issue 19 §2).
pub fn share(ctx: &Ctx) {
    share_link(ctx.store, ctx.share, ctx.notice, false);
}

/// Makes the link of the open design, with its Azure metadata when `keep_azure`, shows it and
/// copies it.
pub fn share_link(
    store: Store,
    share: RwSignal<Option<ShareLink>>,
    notice: RwSignal<Option<Notice>>,
    keep_azure: bool,
) {
    let doc = store.document();
    spawn_local(async move {
        let writer = match writing::writer().await {
            Ok(w) => w,
            Err(e) => return notice.set(Some(Notice::error(format!("No link could be made: {e}.")))),
        };
        let shared = (writer.link)(doc, keep_azure);
        let url = format!("{}#{}", browser::base_url(), shared.fragment);
        share.set(Some(ShareLink { url: url.clone(), azure: shared.azure }));
        if !browser::copy_to_clipboard(&url).await {
            notice.set(Some(Notice::info("Copy the link from the box below: this browser did not allow copying.")));
        }
    });
}
