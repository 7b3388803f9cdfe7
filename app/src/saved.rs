//! Saved designs (DECISIONS 16): besides the current design, the browser keeps a list of designs
//! put aside ("keep both" when a link or a file opens over local work). Stored as JSON documents
//! under one local-storage key; a damaged list is kept as it is and read as empty.

use crate::browser;
use vnet_core::codec::json;
use vnet_core::Document;

pub const SAVED_KEY: &str = "vnet-studio.saved";
/// The list never grows past this; the oldest designs go first.
const MAX_SAVED: usize = 50;

fn load_raw() -> Vec<String> {
    browser::load_local(SAVED_KEY).and_then(|t| serde_json::from_str::<Vec<String>>(&t).ok()).unwrap_or_default()
}

/// The saved designs that still decode, newest first, with their index in the list.
pub fn list() -> Vec<(usize, Document)> {
    let raw = load_raw();
    raw.iter().enumerate().rev().filter_map(|(i, t)| json::from_json(t).ok().map(|d| (i, d))).collect()
}

/// Puts a design in the list (unless the newest saved one is the same).
pub fn keep(doc: &Document) -> bool {
    let mut raw = load_raw();
    let text = json::to_json(doc);
    if raw.last() == Some(&text) {
        return true;
    }
    raw.push(text);
    if raw.len() > MAX_SAVED {
        let extra = raw.len() - MAX_SAVED;
        raw.drain(..extra);
    }
    serde_json::to_string(&raw).is_ok_and(|t| browser::save_local(SAVED_KEY, &t))
}

/// Takes the design at `index` out of the list.
pub fn take(index: usize) -> Option<Document> {
    let mut raw = load_raw();
    if index >= raw.len() {
        return None;
    }
    let text = raw.remove(index);
    let doc = json::from_json(&text).ok()?;
    serde_json::to_string(&raw).is_ok_and(|t| browser::save_local(SAVED_KEY, &t)).then_some(doc)
}
