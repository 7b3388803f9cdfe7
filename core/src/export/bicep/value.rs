//! Plan values as Bicep expressions: objects and arrays one entry a line (two-space indent),
//! strings single-quoted with Bicep's escapes, markers as parameter names, symbolic references
//! (`hubVnet.id`, `'${nic.id}/ipConfigurations/ipconfig1'` for a sub-resource) or `resourceId()`
//! (a declaration cannot name itself).

use crate::export::plan::{Plan, Res};
use serde_json::Value;

/// Properties Bicep's type checks call read-only (warning BCP073): Azure fills them in from the
/// other side (a pool's members from the NICs) or computes them.
const READ_ONLY: &[&str] = &["backendIPConfigurations", "defaultBgpIpAddresses", "peeringState"];

/// A Bicep string literal.
pub(super) fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('\'');
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\'' => out.push_str("\\'"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '$' => out.push_str("\\$"),
            c => out.push(c),
        }
    }
    out.push('\'');
    out
}

/// An object key: bare when it is an identifier.
fn key(k: &str) -> String {
    let ident = k.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
        && k.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    if ident {
        k.to_string()
    } else {
        quote(k)
    }
}

pub(super) fn write(out: &mut String, plan: &Plan, v: &Value, depth: usize) {
    if let Some(e) = marker(plan, v) {
        out.push_str(&e);
        return;
    }
    match v {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => out.push_str(&n.to_string()),
        Value::String(s) => out.push_str(&quote(s)),
        Value::Array(items) if items.is_empty() => out.push_str("[]"),
        Value::Array(items) => {
            out.push_str("[\n");
            for x in items {
                indent(out, depth + 1);
                write(out, plan, x, depth + 1);
                out.push('\n');
            }
            indent(out, depth);
            out.push(']');
        }
        Value::Object(o) => {
            let entries: Vec<(&String, &Value)> = o.iter().filter(|(k, _)| !READ_ONLY.contains(&k.as_str())).collect();
            if entries.is_empty() {
                out.push_str("{}");
                return;
            }
            out.push_str("{\n");
            for (k, x) in entries {
                indent(out, depth + 1);
                out.push_str(&key(k));
                out.push_str(": ");
                write(out, plan, x, depth + 1);
                out.push('\n');
            }
            indent(out, depth);
            out.push('}');
        }
    }
}

pub(super) fn indent(out: &mut String, depth: usize) {
    for _ in 0..depth {
        out.push_str("  ");
    }
}

/// The expression of a marker value, `None` for any other value.
fn marker(plan: &Plan, v: &Value) -> Option<String> {
    let o = v.as_object().filter(|o| o.len() == 1)?;
    if let Some(p) = o.get("$param").and_then(Value::as_str) {
        return Some(p.to_string());
    }
    if let Some(e) = o.get("$expr").and_then(Value::as_str) {
        return Some(e.to_string());
    }
    let rid = o.get("$rid")?;
    let kind = rid.get("type").and_then(Value::as_str)?;
    let names: Vec<&str> = rid.get("names")?.as_array()?.iter().filter_map(Value::as_str).collect();
    let target = rid.get("res").and_then(Value::as_u64).and_then(|j| plan.resources.get(j as usize));
    Some(match target {
        Some(t) => reference(t, kind, &names),
        None => resource_id(kind, &names),
    })
}

/// `t.id`, or the id of a sub-resource of `t` (`'${t.id}/backendAddressPools/backend'`).
fn reference(t: &Res, kind: &str, names: &[&str]) -> String {
    let segments: Vec<&str> = kind.split('/').skip(1).collect();
    let own = t.names.len();
    if names.len() <= own {
        return format!("{}.id", t.symbol);
    }
    let mut tail = String::new();
    for (seg, name) in segments.iter().zip(names.iter()).skip(own) {
        tail.push('/');
        tail.push_str(seg);
        tail.push('/');
        tail.push_str(name);
    }
    let literal = quote(&tail);
    format!("'${{{}.id}}{}", t.symbol, &literal[1..])
}

/// `resourceId('type', 'name', …)`.
pub(super) fn resource_id(kind: &str, names: &[&str]) -> String {
    let mut args = vec![quote(kind)];
    args.extend(names.iter().map(|n| quote(n)));
    format!("resourceId({})", args.join(", "))
}
