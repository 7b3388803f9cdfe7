//! Bringing a network in (issue 19): a design file saved by the studio, or Azure's own JSON —
//! Resource Graph and `az` output, REST responses, ARM templates and their parameters — read by
//! `vnet_core::import`. The importer is a module of its own, fetched when the Import dialog opens
//! or files are dropped (DECISIONS 24: the first load carries no import code).
//!
//! Architecture invariant: everything the import decides is core's; this module only tells a
//! studio design from Azure's JSON and hands the files over.

use leptos::wasm_split::SplitLoaderError;
use std::cell::Cell;
use vnet_core::import::{self, ImportOptions, Report};
use vnet_core::Document;

/// What came of the files.
pub enum Outcome {
    /// One design file saved by the studio: opened as a file is (`codec::json`).
    Design { name: String, text: String },
    /// Azure's JSON, imported into a design, with the report of what was read, skipped and assumed.
    Imported { doc: Box<Document>, report: Report },
}

/// A file as read: its name and its text.
pub type NamedText = (String, String);

/// What the importing module provides.
pub struct Importer {
    /// Imports the files; an error names the file and the problem.
    pub run: fn(Vec<NamedText>) -> Result<Outcome, String>,
}

static IMPORTER: Importer = Importer { run };

/// The largest input the import reads, all files together (issue 19 §1).
pub const MAX_BYTES: usize = import::MAX_IMPORT_BYTES;

fn run(files: Vec<NamedText>) -> Result<Outcome, String> {
    if files.is_empty() {
        return Err("no file was given".into());
    }
    let total: usize = files.iter().map(|(_, t)| t.len()).sum();
    if total > MAX_BYTES {
        return Err(format!(
            "the files hold {} MB together; up to {} MB can be imported",
            total >> 20,
            MAX_BYTES >> 20
        ));
    }
    let mut parsed = Vec::with_capacity(files.len());
    for (name, text) in &files {
        parsed.push(import::parse_file(name, text).map_err(|e| e.to_string())?);
    }
    match parsed.iter().position(|f| import::is_design_file(&f.value)) {
        Some(_) if parsed.len() > 1 => {
            Err("a design saved by the studio opens on its own: import it without the other files".into())
        }
        Some(_) => {
            let (name, text) = files.into_iter().next().unwrap_or_default();
            Ok(Outcome::Design { name, text })
        }
        None => {
            let imported = import::import(&parsed, &ImportOptions::default()).map_err(|e| e.to_string())?;
            Ok(Outcome::Imported { doc: Box::new(imported.document), report: imported.report })
        }
    }
}

/// The split point of importing (`platform::lazy`).
#[leptos::wasm_split::wasm_split(importing, wasm_split_path = ::leptos::wasm_split, fallible)]
fn entry() -> Result<&'static Importer, SplitLoaderError> {
    Ok(&IMPORTER)
}

thread_local! {
    static LOADED: Cell<Option<&'static Importer>> = const { Cell::new(None) };
}

/// The importer, fetched if it is not here yet.
pub async fn importer() -> Result<&'static Importer, String> {
    if let Some(i) = LOADED.with(Cell::get) {
        return Ok(i);
    }
    let i = entry()
        .await
        .map_err(|_| "the part of the studio that imports could not be loaded (is the network down?)".to_string())?;
    LOADED.with(|l| l.set(Some(i)));
    Ok(i)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_studio_design_opens_as_a_file_and_azure_json_is_imported() {
        let design = r#"{"schema": 2, "design": {"name": "x"}}"#.to_string();
        assert!(matches!(run(vec![("d.json".into(), design.clone())]), Ok(Outcome::Design { .. })));
        let vnet = r#"{"value": [{"id": "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/hub",
            "name": "hub", "type": "Microsoft.Network/virtualNetworks", "location": "westeurope",
            "properties": {"addressSpace": {"addressPrefixes": ["10.0.0.0/16"]}}}]}"#;
        match run(vec![("vnets.json".into(), vnet.into())]) {
            Ok(Outcome::Imported { doc, report }) => {
                assert_eq!(doc.design.vnets.len(), 1);
                assert_eq!(doc.design.vnets[0].name, "hub");
                assert_eq!(report.counts.values().sum::<usize>(), 1);
            }
            _ => panic!("the VNet is imported"),
        }
        let both = run(vec![("d.json".into(), design), ("vnets.json".into(), vnet.into())]);
        assert!(both.is_err_and(|e| e.contains("on its own")));
        let local = include_str!("../../../tests/e2e/fixtures/local-design.json").to_string();
        assert!(matches!(run(vec![("local.json".into(), local)]), Ok(Outcome::Design { .. })));
        let bad = run(vec![("broken.json".into(), "{".into())]);
        assert!(bad.is_err_and(|e| e.contains("broken.json")));
    }
}
