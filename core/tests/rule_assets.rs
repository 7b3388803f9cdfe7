//! The studio shows a rule's text (title, summary, source, sim choice) when a rule id is clicked.
//! The texts are fetched on demand from `public/rules.json` rather than carried in the wasm, which
//! the first page load fetches whole (DECISIONS 24). The file is generated from
//! `vnet_core::catalog::rules`, the one source; this test fails when it drifts.
//!
//! Regenerate with `UPDATE_RULES=1 cargo test -p vnet-core --test rule_assets`.

use std::path::PathBuf;
use vnet_core::catalog::rules::RULES;

#[derive(serde::Serialize)]
#[serde(rename_all = "camelCase")]
struct Text {
    id: &'static str,
    section: &'static str,
    title: &'static str,
    summary: &'static str,
    source: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    sim_choice: Option<&'static str>,
}

#[test]
fn rules_file_matches_the_catalog() {
    let texts: Vec<Text> = RULES
        .iter()
        .map(|r| Text {
            id: r.id,
            section: r.section.title(),
            title: r.title,
            summary: r.summary,
            source: r.source,
            sim_choice: r.sim_choice,
        })
        .collect();
    let text = serde_json::to_string_pretty(&texts).unwrap() + "\n";
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../public/rules.json");
    if std::env::var_os("UPDATE_RULES").is_some() {
        std::fs::write(&path, &text).unwrap();
    }
    let current = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        current == text,
        "public/rules.json is out of date: run UPDATE_RULES=1 cargo test -p vnet-core --test rule_assets"
    );
}
