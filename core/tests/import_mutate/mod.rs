//! Import never panics on what Azure's JSON might hold instead (issue 19 §3): every leaf of every
//! input file, in turn, replaced by `null`, a string that is no address, an empty array and an
//! object; the import answers (a design or an error) each time.

use serde_json::{json, Value};
use vnet_core::import::{import, ImportFile, ImportOptions};

/// The JSON pointers of every leaf (and every empty container) of `v`.
fn leaves(v: &Value, at: String, out: &mut Vec<String>) {
    match v {
        Value::Object(o) if !o.is_empty() => {
            o.iter().for_each(|(k, x)| leaves(x, format!("{at}/{}", k.replace('~', "~0").replace('/', "~1")), out))
        }
        Value::Array(a) if !a.is_empty() => a.iter().enumerate().for_each(|(i, x)| leaves(x, format!("{at}/{i}"), out)),
        _ => out.push(at),
    }
}

/// Imports `files` once per (leaf, replacement); returns how many imports ran.
pub fn never_panics(files: &[ImportFile]) -> usize {
    let replacements = [Value::Null, json!("10.0.0.0/33"), json!([]), json!({"id": 7})];
    let mut runs = 0;
    for (f, file) in files.iter().enumerate() {
        let mut paths = Vec::new();
        leaves(&file.value, String::new(), &mut paths);
        for path in paths {
            for r in &replacements {
                let mut mutated = files.to_vec();
                if let Some(slot) = mutated.get_mut(f).and_then(|m| m.value.pointer_mut(&path)) {
                    *slot = r.clone();
                }
                let _ = import(&mutated, &ImportOptions::default());
                runs += 1;
            }
        }
    }
    runs
}
