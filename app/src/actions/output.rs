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
use vnet_core::model::without_azure_meta;

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
    let mut doc = store.document();
    let stripped = without_azure_meta(&doc.design);
    // Whether there is anything to keep: the one copy made serves as the answer too.
    let azure = (stripped != doc.design).then_some(keep_azure);
    if !keep_azure {
        doc.design = stripped;
    }
    spawn_local(async move {
        let writer = match writing::writer().await {
            Ok(w) => w,
            Err(e) => return notice.set(Some(Notice::error(format!("No link could be made: {e}.")))),
        };
        let url = format!("{}#{}", browser::base_url(), (writer.link)(&doc));
        share.set(Some(ShareLink { url: url.clone(), azure }));
        if !browser::copy_to_clipboard(&url).await {
            notice.set(Some(Notice::info("Copy the link from the box below: this browser did not allow copying.")));
        }
    });
}
