//! The studio fetches gallery designs as static files (`public/gallery/`) instead of carrying the
//! gallery's builder code in its wasm: that code and its texts cost more of the first-load size
//! budget (DECISIONS 24) than a design file fetched on demand. The files are generated from
//! `vnet_core::gallery`, which stays the one source; this test fails when they drift.
//!
//! Regenerate with `UPDATE_GALLERY=1 cargo test -p vnet-core --test gallery_assets`.

use serde::Serialize;
use std::path::PathBuf;
use vnet_core::codec::json;
use vnet_core::gallery::{self, ENTRIES};

/// One line of `index.json`: what the gallery picker lists before any design is fetched.
#[derive(Serialize)]
struct Listing {
    slug: &'static str,
    title: &'static str,
    description: &'static str,
}

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../public/gallery")
}

/// Every asset as (file name, expected text).
fn expected() -> Vec<(String, String)> {
    let listings: Vec<Listing> =
        ENTRIES.iter().map(|e| Listing { slug: e.slug, title: e.title, description: e.description }).collect();
    let mut files = vec![("index.json".to_string(), serde_json::to_string_pretty(&listings).unwrap() + "\n")];
    for e in ENTRIES {
        let doc = gallery::document(e.slug).unwrap().unwrap_or_else(|err| panic!("{}: {err}", e.slug));
        // Compact: the generated landing zone is large, and the studio re-indents on export.
        let text = serde_json::to_string(&doc).unwrap();
        // The file must read back as the same document the builder made.
        let back = json::from_json(&text).unwrap_or_else(|err| panic!("{}: {err}", e.slug));
        assert_eq!(json::to_json(&back), json::to_json(&doc), "{}", e.slug);
        files.push((format!("{}.json", e.slug), text + "\n"));
    }
    files
}

#[test]
fn gallery_files_match_the_gallery() {
    let update = std::env::var_os("UPDATE_GALLERY").is_some();
    let dir = dir();
    if update {
        std::fs::create_dir_all(&dir).unwrap();
    }
    let mut stale = Vec::new();
    for (name, text) in expected() {
        let path = dir.join(&name);
        if update {
            std::fs::write(&path, &text).unwrap();
        } else if std::fs::read_to_string(&path).ok().as_deref() != Some(text.as_str()) {
            stale.push(name);
        }
    }
    assert!(
        stale.is_empty(),
        "public/gallery is out of date for {stale:?}: run UPDATE_GALLERY=1 cargo test -p vnet-core --test gallery_assets"
    );
}
