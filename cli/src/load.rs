//! The one loader every subcommand uses for its design argument: a design file as the studio
//! saves it, or Azure's own JSON imported in its place (issue 19 §2) — Resource Graph, REST or
//! `az` output, or ARM templates; one file, several joined with commas, or a folder of `.json`
//! files. Reading files stays here; `vnet_core::import` is pure.
//!
//! Every file is read through [`read_capped`]: never more than [`MAX_IMPORT_BYTES`] (issue 24 §1).
//! The file's size is checked before reading, and the read itself is bounded, so a 3 GB file fails
//! at once and `/dev/zero` (whose size says 0) stops at the cap instead of growing without end.

use crate::out::tell;
use std::io::Read;
use std::path::{Path, PathBuf};
use vnet_core::codec::{json, Opened};
use vnet_core::import::{self, ImportFile, ImportOptions, Imported, MAX_IMPORT_BYTES};

/// The files a design argument names: itself, the `.json` files of a folder (sorted), or a
/// comma-separated list of either.
pub fn expand(arg: &Path) -> Result<Vec<PathBuf>, String> {
    let text = arg.to_string_lossy();
    let parts: Vec<PathBuf> = if !arg.exists() && text.contains(',') {
        text.split(',').filter(|s| !s.is_empty()).map(PathBuf::from).collect()
    } else {
        vec![arg.to_path_buf()]
    };
    let mut out = Vec::new();
    for p in parts {
        if p.is_dir() {
            let entries = std::fs::read_dir(&p).map_err(|e| format!("{}: {e}", p.display()))?;
            let mut files: Vec<PathBuf> =
                entries.flatten().map(|e| e.path()).filter(|f| f.extension().is_some_and(|x| x == "json")).collect();
            files.sort();
            if files.is_empty() {
                return Err(format!("{}: no .json files in this folder", p.display()));
            }
            out.extend(files);
        } else {
            out.push(p);
        }
    }
    Ok(out)
}

const MB: usize = 1024 * 1024;

/// The text of the file at `path`, refused when it holds more than `cap` bytes: first by its
/// size on disk (a 3 GB file is refused without reading a byte), then by a read of at most
/// `cap + 1` bytes (a device or pipe, whose size is 0, cannot make the CLI read without end).
pub fn read_capped(path: &Path, cap: usize) -> Result<String, String> {
    let shown = path.display();
    let too_big = || format!("{shown}: larger than {} MB, the most vnet reads from its inputs", cap / MB);
    let file = std::fs::File::open(path).map_err(|e| format!("{shown}: {e}"))?;
    let size = file.metadata().map_err(|e| format!("{shown}: {e}"))?.len();
    if size > cap as u64 {
        return Err(too_big());
    }
    // `size` is 0 for devices and pipes: reserve only what a regular file announced.
    let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(cap));
    file.take(cap as u64 + 1).read_to_end(&mut bytes).map_err(|e| format!("{shown}: {e}"))?;
    if bytes.len() > cap {
        return Err(too_big());
    }
    String::from_utf8(bytes).map_err(|_| format!("{shown}: not UTF-8 text"))
}

/// Reads files for import, under the total size cap, each parsed with import's bounded parse.
pub fn read_import_files(paths: &[PathBuf]) -> Result<Vec<ImportFile>, String> {
    let mut total: u64 = 0;
    for p in paths {
        total += std::fs::metadata(p).map_err(|e| format!("{}: {e}", p.display()))?.len();
    }
    if total > MAX_IMPORT_BYTES as u64 {
        return Err(format!(
            "the inputs are {total} bytes together, more than import reads ({} MB for all files); import fewer at once",
            MAX_IMPORT_BYTES / MB
        ));
    }
    // Sizes on disk can lie (devices, pipes, a file growing meanwhile): each read is bounded by
    // what is left of the cap.
    let mut left = MAX_IMPORT_BYTES;
    paths
        .iter()
        .map(|p| {
            let text = read_capped(p, left)?;
            left -= text.len();
            import::parse_file(&p.display().to_string(), &text).map_err(|e| e.to_string())
        })
        .collect()
}

/// Imports files (the ARM parameters file, if any, for templates among them).
pub fn import_files(paths: &[PathBuf], parameters: Option<&Path>) -> Result<Imported, String> {
    let files = read_import_files(paths)?;
    let parameters = match parameters {
        Some(p) => {
            let text = read_capped(p, MAX_IMPORT_BYTES)?;
            Some(import::parse_file(&p.display().to_string(), &text).map_err(|e| e.to_string())?.value)
        }
        None => None,
    };
    import::import(&files, &ImportOptions { parameters }).map_err(|e| e.to_string())
}

/// Whether a file's text is a design file (`{"schema": …, "design": …}`) rather than Azure's
/// JSON. Text that is not JSON counts as a design file, so its error is the design reader's.
fn is_design(text: &str) -> bool {
    match serde_json::from_str::<serde_json::Value>(text.strip_prefix('\u{feff}').unwrap_or(text)) {
        Ok(v) => import::is_design_file(&v),
        Err(_) => true,
    }
}

/// A design argument that is the studio's link rather than a path: a whole URL (`https://…/#…`)
/// or its fragment (`#…`) — a share link, or `#gallery=<slug>` for a gallery design.
fn link_of(arg: &Path) -> Option<&str> {
    let text = arg.to_str()?;
    let is_link = text.starts_with("https://") || text.starts_with("http://") || text.starts_with('#');
    (is_link && !arg.exists()).then_some(text)
}

/// Opens a studio link: a gallery design by its slug, or a share link decoded (the design is in
/// the link itself: nothing is fetched).
fn open_link(text: &str) -> Result<Opened, String> {
    let fragment = text.split_once('#').map_or(text, |(_, f)| f);
    if let Some(slug) = fragment.strip_prefix("gallery=") {
        let slug = slug.split('&').next().unwrap_or_default();
        let doc = vnet_core::gallery::document(slug)
            .ok_or_else(|| format!("the link names gallery design '{slug}', which the gallery does not have"))?
            .map_err(|e| format!("gallery design '{slug}': {e}"))?;
        return Ok(Opened { doc, repairs: Vec::new() });
    }
    vnet_core::codec::link::decode_with_repairs(text).map_err(|e| format!("the share link could not be read: {e}"))
}

/// The design argument of a subcommand, read: a design file, Azure's JSON imported (then a
/// one-line summary of the import report goes to stderr, so `--json` output stays clean), or a
/// studio link (a share link or a gallery link).
pub fn open(arg: &Path) -> Result<Opened, String> {
    if let Some(text) = link_of(arg) {
        return open_link(text);
    }
    let paths = expand(arg)?;
    if let [one] = paths.as_slice() {
        let text = read_capped(one, MAX_IMPORT_BYTES)?;
        if is_design(&text) {
            return json::from_json_with_repairs(&text).map_err(|e| format!("{}: {e}", one.display()));
        }
    }
    let imported = import_files(&paths, None)?;
    let r = &imported.report;
    let total: usize = r.counts.values().sum();
    tell!(
        "note: imported {total} element(s) from Azure JSON ({} file(s)): {} skipped, {} placeholder(s), {} assumption(s); `vnet import` prints the report",
        paths.len(),
        r.skipped.len(),
        r.placeholders.len(),
        r.assumptions.len()
    );
    Ok(Opened { doc: imported.document, repairs: Vec::new() })
}
