//! Traffic assumptions, questions, intents and settings from `vnetStudio` (written by
//! `export::arm::studio`). Their references name elements by Azure id (`{"$ref": …}`,
//! with `host` / `dnsServer` for an on-premises host or DNS server of a site): they are turned
//! into the imported elements' ids, then the parts are read with the design file's own reader,
//! beside the imported design, so that they are checked exactly as a design file's are.

use super::super::report::Note;
use super::super::Context;
use crate::model::ElementKind;
use serde_json::{json, Value};

const PARTS: &[(&str, Option<ElementKind>)] = &[
    ("traffic", Some(ElementKind::Traffic)),
    ("questions", Some(ElementKind::Question)),
    ("intents", Some(ElementKind::Intent)),
    ("settings", None),
];

pub(super) fn read(cx: &mut Context<'_>, file: &str, s: &Value) {
    if !PARTS.iter().any(|(key, _)| s.get(*key).is_some()) {
        return;
    }
    let note = |cx: &mut Context<'_>, key: &str, message: String| {
        cx.report.template_notes.push(Note { file: file.into(), path: format!("$.vnetStudio.{key}"), message });
    };
    let mut design = match serde_json::to_value(&cx.design) {
        Ok(d) => d,
        Err(e) => return note(cx, "traffic", format!("not read: {e}")),
    };
    for (key, kind) in PARTS {
        let Some(mut part) = s.get(*key).cloned() else { continue };
        if let Err(message) = resolve(cx, &mut part) {
            note(cx, key, message);
            continue;
        }
        // Fresh ids of the import's own families (the file's could collide with imported ones).
        if let (Some(kind), Some(items)) = (kind, part.as_array_mut()) {
            for item in items.iter_mut().filter(|i| i.is_object()) {
                item["id"] = json!(cx.alloc(*kind).to_string());
            }
        }
        design[*key] = part;
    }
    let text = json!({ "schema": crate::model::SCHEMA_VERSION, "design": design }).to_string();
    match crate::codec::json::from_json(&text) {
        Ok(doc) => {
            cx.design.traffic = doc.design.traffic;
            cx.design.questions = doc.design.questions;
            cx.design.intents = doc.design.intents;
            cx.design.settings = doc.design.settings;
        }
        Err(e) => note(cx, "traffic", format!("traffic, questions, intents, settings not read: {e}")),
    }
}

/// Replaces every `{"$ref": …}` by the id of the element it names.
fn resolve(cx: &Context<'_>, v: &mut Value) -> Result<(), String> {
    match v {
        Value::Array(a) => a.iter_mut().try_for_each(|x| resolve(cx, x)),
        Value::Object(o) => {
            if let Some(azure_id) = o.get("$ref").and_then(Value::as_str) {
                let id = element(cx, azure_id, o.get("host"), o.get("dnsServer"))?;
                *v = json!(id);
                return Ok(());
            }
            o.values_mut().try_for_each(|x| resolve(cx, x))
        }
        _ => Ok(()),
    }
}

fn element(cx: &Context<'_>, azure_id: &str, host: Option<&Value>, dns: Option<&Value>) -> Result<String, String> {
    let id = cx.element_by_id(azure_id).ok_or_else(|| format!("'{azure_id}': no such element in the input"))?;
    let name = host.or(dns).and_then(Value::as_str);
    let Some(name) = name else { return Ok(id.to_string()) };
    let site = cx.design.sites.iter().find(|s| &s.id == id).ok_or_else(|| format!("'{azure_id}' is no site"))?;
    let found = if host.is_some() {
        site.hosts.iter().find(|h| h.name == name).map(|h| h.id.to_string())
    } else {
        site.dns_servers.iter().find(|h| h.name == name).map(|h| h.id.to_string())
    };
    found.ok_or_else(|| format!("site '{}' has no host or DNS server '{name}'", site.name))
}
