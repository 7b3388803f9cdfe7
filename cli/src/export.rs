//! `vnet export`: the core's files (`vnet_core::export::export`) printed, or written into a
//! folder with `-o`.

use std::path::Path;
use std::process::ExitCode;
use vnet_core::export::{export, Format};
use vnet_core::Document;

pub fn run(doc: &Document, format: Format, output: Option<&Path>) -> Result<ExitCode, String> {
    let files = export(doc, format).map_err(|e| e.to_string())?;
    match output {
        None => {
            // Code, printed as written (its writers escape what they quote), through the one
            // writer that ends quietly on a closed pipe.
            for f in &files {
                crate::out::json(f.text.strip_suffix('\n').unwrap_or(&f.text));
            }
        }
        Some(dir) => {
            std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
            for f in &files {
                let path = dir.join(&f.path);
                std::fs::write(&path, &f.text).map_err(|e| format!("{}: {e}", path.display()))?;
                crate::out::tell!("wrote {}", path.display());
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
