//! Writing designs as text — JSON files, the autosave, share links, the clipboard — is a module
//! of its own, fetched just after the first paint (DECISIONS 24: the first load stays under
//! 400 KiB; the model's serializer and the link's deflate were ≈ 14 KB of it once schema v2 grew
//! the model). Nothing needs it before the first edit: the first screen only reads designs.
//!
//! The async paths (autosave, saving aside, downloads, share links) await it, so a write begun
//! before it arrives happens once it is here, and one that cannot get it (offline on a first
//! visit) fails with a message the save banner shows, never silently. The one synchronous path,
//! the stash written as the page goes, uses it when it is here: the only design it could miss
//! is one edited in the instant before the module arrived, whose autosave is then still waiting.

use leptos::wasm_split::SplitLoaderError;
use std::cell::Cell;
use vnet_core::codec::{json, link};
use vnet_core::model::without_azure_meta;
use vnet_core::Document;

/// What the writing module provides.
pub struct Writer {
    /// Pretty JSON, for files people read.
    pub json: fn(&Document) -> String,
    /// Compact JSON, for the autosave.
    pub compact: fn(&Document) -> String,
    /// A share link's fragment for the document (see [`share`]).
    pub link: fn(Document, bool) -> Shared,
}

static WRITER: Writer = Writer { json: json::to_json, compact: json::to_compact_json, link: share };

/// A share link's fragment, and whether the design names Azure resources.
pub struct Shared {
    pub fragment: String,
    /// For a design that names Azure resources (an imported one): whether the link keeps their
    /// ids and tags. `None` when the design has none.
    pub azure: Option<bool>,
}

/// The link of `doc`: Azure resource ids, subscriptions and tags are left out unless
/// `keep_azure` (issue 19 §2). Here, not on the main side: the copy and the comparison that
/// tell whether there is anything to leave out are code the first load need not carry.
fn share(mut doc: Document, keep_azure: bool) -> Shared {
    let stripped = without_azure_meta(&doc.design);
    // Whether there is anything to keep: the one copy made serves as the answer too.
    let azure = (stripped != doc.design).then_some(keep_azure);
    if !keep_azure {
        doc.design = stripped;
    }
    Shared { fragment: link::encode(&doc), azure }
}

/// The split point of writing (`platform::lazy`).
#[leptos::wasm_split::wasm_split(writing, wasm_split_path = ::leptos::wasm_split, fallible)]
fn entry() -> Result<&'static Writer, SplitLoaderError> {
    Ok(&WRITER)
}

thread_local! {
    static LOADED: Cell<Option<&'static Writer>> = const { Cell::new(None) };
}

/// Why a write could not happen.
pub const UNAVAILABLE: &str = "the part of the studio that writes designs could not be loaded (is the network down?)";

/// The writer, fetched if it is not here yet (the loader fetches the file once however many ask).
pub async fn writer() -> Result<&'static Writer, String> {
    if let Some(w) = loaded() {
        return Ok(w);
    }
    let w = entry().await.map_err(|_| UNAVAILABLE.to_string())?;
    LOADED.with(|l| l.set(Some(w)));
    Ok(w)
}

/// The writer, if it is already here.
pub fn loaded() -> Option<&'static Writer> {
    LOADED.with(Cell::get)
}

/// Starts fetching the writer (after the first paint).
pub fn prefetch() {
    leptos::task::spawn_local(async {
        let _ = writer().await;
    });
}
