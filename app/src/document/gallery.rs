//! Gallery designs as static files (`public/gallery/`, generated from `vnet_core::gallery` and
//! kept in sync by `core/tests/gallery_assets.rs`). Fetching them keeps the gallery's builder code
//! and texts out of the wasm, which the first page load must fetch whole (DECISIONS 24).

use crate::document::naming::title;
use crate::document::open::{Incoming, Opener};
use crate::document::startup::{Notice, Origin};
use crate::platform::browser;
use leptos::prelude::*;
use leptos::task::spawn_local;
use serde::Deserialize;
use vnet_core::codec::json;
use vnet_core::Document;

/// One entry of `gallery/index.json`.
#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
pub struct Listing {
    pub slug: String,
    pub title: String,
    pub description: String,
}

/// The gallery's entries, in PRODUCT.md's order.
pub async fn index() -> Result<Vec<Listing>, String> {
    let text = browser::fetch_text("gallery/index.json").await?;
    serde_json::from_str(&text).map_err(|e| format!("The gallery list could not be read: {e}"))
}

/// The design of one gallery entry, or a message naming the slug and the problem.
pub async fn design(slug: &str) -> Result<Document, String> {
    // Slugs are lower-case words and dashes; anything else is not ours and never reaches a URL.
    if slug.is_empty() || !slug.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-') {
        return Err(format!("There is no gallery design named '{slug}'."));
    }
    let text = browser::fetch_text(&format!("gallery/{slug}.json")).await.map_err(|e| {
        if e.contains("404") {
            format!("There is no gallery design named '{slug}'.")
        } else {
            format!("The gallery design '{slug}' could not be loaded: {e}")
        }
    })?;
    json::from_json(&text).map_err(|e| format!("The gallery design '{slug}' could not be read: {e}"))
}

/// Fetches a gallery design and opens it through the one replace path (it asks when the open
/// design is work); a failure becomes the banner's message and leaves the open design as it was.
/// `origin` is `Default` for the seed lab of a first visit, `New` for a template.
pub fn open(opener: Opener, slug: String, origin: Option<Origin>) {
    spawn_local(async move {
        let fetched = design(&slug).await;
        open_fetched(opener, slug, fetched, origin);
    });
}

/// [`open`] for a design already fetched (the start fetches a `#gallery=` design while it opens
/// the browser's database).
pub fn open_fetched(opener: Opener, slug: String, fetched: Result<Document, String>, origin: Option<Origin>) {
    match fetched {
        Ok(mut doc) => {
            let origin = origin.unwrap_or_else(|| Origin::Gallery(slug.clone()));
            let what = match origin {
                Origin::New => {
                    doc.design.name = format!("{} (copy)", title(&doc.design.name));
                    format!("a new design from the template “{slug}”")
                }
                _ => format!("the gallery design “{}”", title(&doc.design.name)),
            };
            opener.open(Incoming::new(doc, origin, what));
        }
        Err(text) => opener.notice.set(Some(Notice::error(text))),
    }
}
