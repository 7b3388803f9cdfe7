//! The top-level modules of `core/src` import each other one way only (lib.rs "Layers"), tests
//! included: the check of `module-cycles core/src`, kept here so CI holds it. A module `x` (a
//! file `x.rs` or a folder `x/`) imports `y` when one of its files names `crate::y` (in a `use`,
//! a path or a doc link); no chain of imports may lead back to where it started.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).expect("a readable folder").flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The modules each top-level module names as `crate::name` or inside `crate::{…}`.
fn imports(src: &Path) -> BTreeMap<String, BTreeSet<String>> {
    let mut files: BTreeMap<String, Vec<PathBuf>> = BTreeMap::new();
    for entry in fs::read_dir(src).expect("core/src").flatten() {
        let path = entry.path();
        let name = path.file_stem().and_then(|s| s.to_str()).unwrap_or_default().to_string();
        if path.is_dir() {
            rust_files(&path, files.entry(name).or_default());
        } else if path.extension().is_some_and(|e| e == "rs") && name != "lib" && name != "main" {
            files.entry(name).or_default().push(path);
        }
    }
    let word = |s: &str| s.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect::<String>();
    let mut out: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (module, paths) in &files {
        let named = out.entry(module.clone()).or_default();
        for path in paths {
            let text = fs::read_to_string(path).expect("a readable file");
            for (at, _) in text.match_indices("crate::") {
                let rest = &text[at + "crate::".len()..];
                let names: Vec<String> = match rest.strip_prefix('{') {
                    Some(group) => group.split('}').next().unwrap_or("").split(',').map(|n| word(n.trim())).collect(),
                    None => vec![word(rest)],
                };
                named.extend(names.into_iter().filter(|n| n != module && files.contains_key(n)));
            }
        }
    }
    out
}

/// A chain of imports from `start` back to it, if there is one.
fn cycle_from(start: &str, edges: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    let mut stack = vec![vec![start.to_string()]];
    let mut seen = BTreeSet::new();
    while let Some(path) = stack.pop() {
        let last = path.last().cloned().unwrap_or_default();
        for next in edges.get(&last).into_iter().flatten() {
            if next == start {
                return Some([path.clone(), vec![start.to_string()]].concat());
            }
            if seen.insert(next.clone()) {
                stack.push([path.clone(), vec![next.clone()]].concat());
            }
        }
    }
    None
}

#[test]
fn core_modules_import_each_other_one_way() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let edges = imports(&src);
    assert!(edges.len() > 20, "found the modules: {:?}", edges.keys());
    let cycles: Vec<String> = edges.keys().filter_map(|m| cycle_from(m, &edges)).map(|c| c.join(" -> ")).collect();
    assert!(cycles.is_empty(), "import cycles between core's modules:\n{}", cycles.join("\n"));
}

#[test]
fn the_check_sees_a_cycle() {
    let edges: BTreeMap<String, BTreeSet<String>> = [
        ("model".to_string(), BTreeSet::from(["layout".to_string()])),
        ("layout".to_string(), BTreeSet::from(["model".to_string()])),
        ("id".to_string(), BTreeSet::new()),
    ]
    .into();
    assert_eq!(cycle_from("model", &edges), Some(vec!["model".into(), "layout".into(), "model".into()]));
    assert_eq!(cycle_from("id", &edges), None);
}
