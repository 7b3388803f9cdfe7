//! The design's own parts in `vnetStudio` (issue 19 §3): traffic assumptions, questions, intents
//! and settings, which Azure has no resource for. They are written as a design file writes them,
//! except that a reference to an element is `{"$ref": <Azure id>}` (or, for an on-premises host
//! or DNS server, `{"$ref": <its site's Azure id>, "host"|"dnsServer": <name>}`): the import
//! gives elements new ids, and the Azure id is what both sides share.

use super::Ids;
use crate::model::{Design, ElementKind};
use serde_json::{json, Value};
use std::collections::HashMap;

/// Keys whose strings are text, never references (a name may read like an id).
const TEXT_KEYS: &[&str] = &["name", "title", "target", "domain", "kind", "type", "mode"];

pub(super) fn write(d: &Design, ids: &Ids, s: &mut Value) {
    let mut refs: HashMap<String, Value> = HashMap::new();
    for e in d.elements() {
        let value = match e.kind {
            ElementKind::Host | ElementKind::OnPremDns => {
                let key = if e.kind == ElementKind::Host { "host" } else { "dnsServer" };
                let site = d
                    .sites
                    .iter()
                    .find(|x| x.hosts.iter().any(|h| &h.id == e.id) || x.dns_servers.iter().any(|h| &h.id == e.id));
                match site {
                    Some(site) => json!({ "$ref": ids.of(&site.id), key: e.name }),
                    None => continue,
                }
            }
            ElementKind::Traffic | ElementKind::Question | ElementKind::Intent => continue,
            _ => match ids.get(e.id) {
                Some(azure) => json!({ "$ref": azure }),
                None => continue,
            },
        };
        refs.insert(e.id.to_string(), value);
    }
    let parts = [
        ("traffic", serde_json::to_value(&d.traffic)),
        ("questions", serde_json::to_value(&d.questions)),
        ("intents", serde_json::to_value(&d.intents)),
        ("settings", serde_json::to_value(&d.settings)),
    ];
    for (key, value) in parts {
        let Ok(mut value) = value else { continue };
        if value.as_array().is_some_and(Vec::is_empty) || value.as_object().is_some_and(serde_json::Map::is_empty) {
            continue;
        }
        replace(&mut value, &refs);
        s[key] = value;
    }
}

fn replace(v: &mut Value, refs: &HashMap<String, Value>) {
    match v {
        Value::String(text) => {
            if let Some(r) = refs.get(text.as_str()) {
                *v = r.clone();
            }
        }
        Value::Array(a) => a.iter_mut().for_each(|x| replace(x, refs)),
        Value::Object(o) => o
            .iter_mut()
            // Their own ids are not in `refs`: only references are replaced.
            .filter(|(k, _)| !TEXT_KEYS.contains(&k.as_str()))
            .for_each(|(_, x)| replace(x, refs)),
        _ => {}
    }
}
