//! `vnet import`: Azure's JSON in, the import report out (text, or JSON with `--json`), and the
//! design written with `-o`.

use crate::load;
use crate::out::{self, say};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use vnet_core::codec::json;

pub fn run(
    files: &[PathBuf],
    parameters: Option<&Path>,
    output: Option<&Path>,
    as_json: bool,
) -> Result<ExitCode, String> {
    let mut paths = Vec::new();
    for f in files {
        paths.extend(load::expand(f)?);
    }
    let imported = load::import_files(&paths, parameters)?;
    if let Some(out) = output {
        std::fs::write(out, json::to_json(&imported.document)).map_err(|e| format!("{}: {e}", out.display()))?;
    }
    if as_json {
        let text = serde_json::to_string_pretty(&imported.report).map_err(|e| e.to_string())?;
        out::json(&text);
    } else {
        out::lines(&imported.report.to_text());
        match output {
            Some(out) => say!("Design written to {}.", out.display()),
            None => say!("No design written: add -o design.json to save it."),
        }
    }
    Ok(ExitCode::SUCCESS)
}
