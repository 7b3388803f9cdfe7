//! `vnet check`: the design's diagnostics, one line each, naming the element they are about.

use crate::out::say;
use std::collections::HashMap;
use std::process::ExitCode;
use vnet_core::codec::Opened;
use vnet_core::validate::{validate, Severity};

/// Prints the repairs made on read as warnings (before the diagnostics, which name elements by
/// their repaired ids), then the diagnostics; exit 1 when one is an error.
pub fn check(opened: &Opened) -> ExitCode {
    let doc = &opened.doc;
    for r in &opened.repairs {
        say!("warning[repaired] {r}");
    }
    let diagnostics = validate(&doc.design);
    let names: HashMap<_, _> = doc.design.elements().into_iter().map(|e| (e.id.clone(), e.name.to_string())).collect();
    for d in &diagnostics {
        let severity = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        };
        let at = d.element.as_ref().map(|id| names.get(id).cloned().unwrap_or_else(|| id.to_string()));
        match at {
            Some(name) if d.field.is_empty() => say!("{severity}[{}] {name}: {}", d.code.as_str(), d.message),
            Some(name) => say!("{severity}[{}] {name}.{}: {}", d.code.as_str(), d.field, d.message),
            None => say!("{severity}[{}] {}", d.code.as_str(), d.message),
        }
    }
    let errors = diagnostics.iter().filter(|d| d.severity == Severity::Error).count();
    let warnings = opened.repairs.len() + diagnostics.iter().filter(|d| d.severity == Severity::Warning).count();
    say!("{errors} errors, {warnings} warnings");
    crate::finding_if(errors > 0)
}
