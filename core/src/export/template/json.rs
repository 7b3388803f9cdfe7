//! JSON written as the ARM documentation writes templates: two-space indent, and the keys of an
//! object in the order a reader looks for them (`type`, `apiVersion`, `name`, `location` …
//! `dependsOn`, `properties`), the rest alphabetically (`serde_json`'s map is sorted, and sorted
//! is deterministic). Scalars go through `serde_json`, so escaping is its.

use serde_json::Value;
use std::fmt::Write;

/// Keys of the template written first, in this order.
const TOP: &[&str] = &["$schema", "contentVersion", "metadata", "parameters", "variables", "resources", "outputs"];

/// Keys of a resource, a parameter or a nested object written first, in this order.
const FIRST: &[&str] = &["type", "apiVersion", "name", "location", "kind", "sku", "tags", "dependsOn", "defaultValue"];

fn rank(key: &str, depth: usize) -> usize {
    let order = if depth == 0 { TOP } else { FIRST };
    order.iter().position(|k| *k == key).unwrap_or(order.len())
}

/// The value, pretty-printed, with a final newline.
pub(crate) fn pretty(v: &Value) -> String {
    let mut out = String::with_capacity(1 << 16);
    write(&mut out, v, 0);
    out.push('\n');
    out
}

fn write(out: &mut String, v: &Value, depth: usize) {
    match v {
        Value::Array(items) if !items.is_empty() => {
            out.push('[');
            for (i, x) in items.iter().enumerate() {
                out.push_str(if i == 0 { "\n" } else { ",\n" });
                indent(out, depth + 1);
                write(out, x, depth + 1);
            }
            out.push('\n');
            indent(out, depth);
            out.push(']');
        }
        Value::Object(map) if !map.is_empty() => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort_by_key(|k| rank(k, depth));
            out.push('{');
            for (i, k) in keys.into_iter().enumerate() {
                out.push_str(if i == 0 { "\n" } else { ",\n" });
                indent(out, depth + 1);
                string(out, k);
                out.push_str(": ");
                if let Some(x) = map.get(k) {
                    write(out, x, depth + 1);
                }
            }
            out.push('\n');
            indent(out, depth);
            out.push('}');
        }
        Value::String(s) => string(out, s),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Null => out.push_str("null"),
        other => {
            let _ = write!(out, "{other}");
        }
    }
}

/// A JSON string. Most need no escape and are copied as they are; the others go through
/// `serde_json`, so escaping stays its.
fn string(out: &mut String, s: &str) {
    if s.bytes().any(|b| b < 0x20 || b == b'"' || b == b'\\') {
        let _ = write!(out, "{}", Value::String(s.to_string()));
    } else {
        out.push('"');
        out.push_str(s);
        out.push('"');
    }
}

fn indent(out: &mut String, depth: usize) {
    for _ in 0..depth {
        out.push_str("  ");
    }
}
