//! `vnet verify`: the design's intents, checked by the engine (`vnet_core::intent`), one line
//! each, so a CI job fails when a change breaks a promise.

use crate::out::{json, say};
use std::process::ExitCode;
use vnet_core::intent::{self, Status};
use vnet_core::Document;

/// Prints each intent's verdict and a count; exit 1 when one fails or cannot be checked.
pub fn run(doc: &Document, as_json: bool) -> Result<ExitCode, String> {
    let checked = intent::verify(&doc.design);
    let failing = intent::failing(&checked);
    if as_json {
        json(&serde_json::to_string_pretty(&checked).map_err(|e| e.to_string())?);
        return Ok(crate::finding_if(failing > 0));
    }
    for c in &checked {
        let status = match c.status {
            Status::Pass => "PASS",
            Status::Fail => "FAIL",
            Status::Unchecked => "UNCHECKED",
        };
        let rule = c.rule.map(|r| format!(" [{r}]")).unwrap_or_default();
        say!("{status:<9} {}: {} — {}{rule}", c.id, c.title, c.summary);
    }
    match checked.len() {
        0 => say!("no intents: add them in the studio (Intents panel) or to the design's \"intents\""),
        n => say!("{n} intents: {} pass, {failing} fail", n - failing),
    }
    Ok(crate::finding_if(failing > 0))
}
