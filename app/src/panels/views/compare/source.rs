//! Where the other design of a comparison comes from: the checkpoint, a design saved in this
//! browser (`document::library`), a pasted share link (`codec::link`), or a file — a studio
//! design or Azure's JSON, read by the import module (`document::importing`) as Import does.
//!
//! Each gives a `Document` and the words that name it in the panel ("the checkpoint", "the
//! saved design “hub”"). Nothing here compares: `super` sends both designs to the worker.

use crate::document::checkpoint::Checkpoint;
use crate::document::importing::{self, Outcome};
use crate::document::naming::title;
use crate::document::store::Store;
use crate::platform::browser;
use leptos::prelude::*;
use vnet_core::codec::{json, link};
use vnet_core::Document;

/// The other design and how the panel names it.
pub struct Other {
    pub doc: Document,
    pub what: String,
}

/// The checkpoint of the open design, if one was set.
pub fn checkpoint(store: &Store) -> Result<Other, String> {
    let mark = Checkpoint::get().of(store).ok_or("No checkpoint yet: choose “Set checkpoint” before you edit.")?;
    let edits = store.depth.get_untracked().0.saturating_sub(mark.depth);
    let what = match edits {
        0 => "the checkpoint".to_string(),
        1 => "the checkpoint (1 edit ago)".to_string(),
        n => format!("the checkpoint ({n} edits ago)"),
    };
    Ok(Other { doc: (*mark.doc).clone(), what })
}

/// A design saved in this browser.
pub async fn saved(store: Store, key: String) -> Result<Other, String> {
    let library = store.library().ok_or("The designs saved in this browser cannot be read here.")?;
    let doc = library.read_saved(&key).await.map_err(|e| format!("The saved design could not be read: {e}."))?;
    let what = format!("the saved design “{}”", title(&doc.design.name));
    Ok(Other { doc, what })
}

/// A share link as pasted: the whole URL or only what follows `#`.
pub fn share_link(text: &str) -> Result<Other, String> {
    let text = text.trim();
    let fragment = text.split_once('#').map_or(text, |(_, f)| f);
    if fragment.is_empty() {
        return Err("Paste a share link (Copy share link in the top bar makes one).".into());
    }
    if fragment.starts_with("gallery=") {
        return Err(
            "That link opens a gallery design: open it, Set checkpoint, then open yours again — or paste a share link."
                .into(),
        );
    }
    let doc = link::decode(fragment).map_err(|e| format!("That share link could not be read: {e}."))?;
    let what = format!("the shared design “{}”", title(&doc.design.name));
    Ok(Other { doc, what })
}

/// Files chosen in the file input: one studio design, or Azure's JSON (several files allowed).
pub async fn files(files: Vec<web_sys::File>) -> Result<Other, String> {
    let texts = browser::read_files(files, importing::MAX_BYTES).await?;
    let names: Vec<String> = texts.iter().map(|(n, _)| n.clone()).collect();
    let importer = importing::importer().await?;
    let what = format!("the file {}", names.join(", "));
    match (importer.run)(texts)? {
        Outcome::Design { name, text } => {
            let doc = json::from_json(&text).map_err(|e| format!("{name} could not be read: {e}."))?;
            Ok(Other { doc, what })
        }
        Outcome::Imported { doc, .. } => Ok(Other { doc: *doc, what: format!("{what} (imported from Azure)") }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_share_link_reads_with_or_without_its_address() {
        let doc = Document::new(vnet_core::gallery::generated(1).expect("builds"), Default::default());
        let fragment = link::encode(&doc);
        let whole = format!("https://example.org/vnet/#{fragment}");
        for text in [fragment.as_str(), whole.as_str()] {
            let other = share_link(text).unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(other.doc.design, doc.design);
        }
        assert!(share_link("  ").is_err());
        assert!(share_link("https://x/#gallery=hub").is_err_and(|e| e.contains("gallery")));
        assert!(share_link("#v2.@@@").is_err());
    }
}
