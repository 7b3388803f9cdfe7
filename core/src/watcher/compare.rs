//! A prediction against what `az` printed (DECISIONS 29): both JSON documents are normalised —
//! order, case and the details only one side carries removed — and their differences listed as
//! readable lines, so `vnet routes … --compare az-output.json` says what the design gets wrong.
//!
//! Normalised away: `vnetStudio` keys; `resourceGroup` keys (az adds them beside every `id`, the
//! REST API does not); `nextLink`; null values and empty lists (a field one side omits and the
//! other prints empty); the order of every list; the case of keys and strings; and, in resource
//! ids, the subscription and resource group (a design's elements have synthetic ones until they
//! carry their Azure id, [`super::ids`]), so ids compare by provider path and names. An older
//! API's `tagMap`, a JSON string, is read as the map it encodes.

use serde_json::{Map, Value};

/// One difference: a `path = value` line found on one side only.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Difference {
    /// In the expected document (what `az` printed), not in the prediction.
    Missing(String),
    /// In the prediction, not in the expected document.
    Unexpected(String),
}

impl Difference {
    pub fn line(&self) -> &str {
        match self {
            Difference::Missing(l) | Difference::Unexpected(l) => l,
        }
    }
}

/// The differences between `expected` (a saved `az` output) and `predicted` (the engine's answer,
/// with or without `vnetStudio`), sorted by path; empty when they are the same once normalised.
pub fn compare(expected: &Value, predicted: &Value) -> Vec<Difference> {
    let mut want = lines(&normalise(expected.clone()));
    let mut have = lines(&normalise(predicted.clone()));
    want.sort();
    have.sort();
    let (mut i, mut j) = (0, 0);
    let mut out = Vec::new();
    while i < want.len() || j < have.len() {
        match (want.get(i), have.get(j)) {
            (Some(w), Some(h)) if w == h => {
                i += 1;
                j += 1;
            }
            (Some(w), Some(h)) if w < h => {
                out.push(Difference::Missing(w.clone()));
                i += 1;
            }
            (Some(_), Some(h)) => {
                out.push(Difference::Unexpected(h.clone()));
                j += 1;
            }
            (Some(w), None) => {
                out.push(Difference::Missing(w.clone()));
                i += 1;
            }
            (None, Some(h)) => {
                out.push(Difference::Unexpected(h.clone()));
                j += 1;
            }
            (None, None) => break,
        }
    }
    // Missing and unexpected lines of one path side by side.
    out.sort_by(|a, b| a.line().cmp(b.line()));
    out
}

/// The normal form described in the module documentation.
pub fn normalise(v: Value) -> Value {
    match v {
        Value::Object(map) => {
            let mut out = Map::new();
            for (k, child) in map {
                let key = k.to_lowercase();
                if matches!(key.as_str(), "vnetstudio" | "resourcegroup" | "nextlink") {
                    continue;
                }
                let child = match (key.as_str(), child) {
                    ("tagmap", Value::String(s)) => serde_json::from_str(&s).unwrap_or(Value::String(s)),
                    (_, c) => c,
                };
                let child = normalise(child);
                let empty = child.is_null() || child.as_array().is_some_and(Vec::is_empty);
                if !empty {
                    out.insert(key, child);
                }
            }
            Value::Object(out)
        }
        Value::Array(items) => {
            let mut items: Vec<Value> = items.into_iter().map(normalise).collect();
            items.sort_by_cached_key(|v| v.to_string());
            Value::Array(items)
        }
        Value::String(s) => Value::String(normalise_string(&s)),
        other => other,
    }
}

/// Lower case; a resource id loses its subscription and resource group.
fn normalise_string(s: &str) -> String {
    let lower = s.to_lowercase();
    if lower.starts_with("/subscriptions/") {
        if let Some(at) = lower.find("/providers/") {
            return lower[at..].to_string();
        }
    }
    lower
}

/// Keys that identify an element of a list of objects (a route, an NSG entry, a rule), so that
/// its lines say which element they belong to instead of a position.
const IDENTITY: [&str; 7] =
    ["name", "networksecuritygroup", "association", "source", "addressprefix", "nexthoptype", "nexthopipaddress"];

/// Every leaf of `v` as a `path = value` line.
fn lines(v: &Value) -> Vec<String> {
    let mut out = Vec::new();
    leaves(v, "", &mut out);
    out
}

fn leaves(v: &Value, path: &str, out: &mut Vec<String>) {
    match v {
        Value::Object(map) if map.is_empty() => out.push(format!("{path} = {{}}")),
        Value::Object(map) => {
            for (k, child) in map {
                let p = if path.is_empty() { k.clone() } else { format!("{path}.{k}") };
                leaves(child, &p, out);
            }
        }
        Value::Array(items) => {
            for item in items {
                match item {
                    Value::Object(map) => leaves(item, &format!("{path}[{}]", label(map)), out),
                    other => out.push(format!("{path}[] = {}", short(other))),
                }
            }
        }
        other => out.push(format!("{path} = {}", short(other))),
    }
}

/// A list element's identity: its identifying fields, in [`IDENTITY`]'s order, ids by their
/// last segment (the resource's name).
fn label(map: &Map<String, Value>) -> String {
    let parts: Vec<String> = IDENTITY.iter().filter_map(|k| map.get(*k)).map(brief).collect();
    parts.join(" ")
}

fn brief(v: &Value) -> String {
    match v {
        Value::String(s) if s.starts_with("/providers/") => s.rsplit('/').next().unwrap_or_default().to_string(),
        Value::Array(items) => items.iter().map(brief).collect::<Vec<_>>().join(","),
        Value::Object(map) => map
            .iter()
            .map(|(k, v)| if k == "id" { brief(v) } else { format!("{k}:{}", brief(v)) })
            .collect::<Vec<_>>()
            .join(" "),
        other => short(other),
    }
}

/// A value in a line: strings bare, lists joined by commas, objects as their values.
fn short(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Array(items) => items.iter().map(short).collect::<Vec<_>>().join(","),
        Value::Object(map) => map.iter().map(|(k, v)| format!("{k}:{}", short(v))).collect::<Vec<_>>().join(" "),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn route(prefix: &str, hop: &str, state: &str) -> Value {
        json!({ "addressPrefix": [prefix], "disableBgpRoutePropagation": false, "nextHopIpAddress": [],
                "nextHopType": hop, "source": "Default", "state": state })
    }

    #[test]
    fn the_same_routes_in_another_order_and_case_are_equal() {
        let az = json!({ "nextLink": null, "value": [route("0.0.0.0/0", "Internet", "Active"), route("10.1.0.0/16", "VnetLocal", "Active")] });
        let mut ours =
            json!({ "value": [route("10.1.0.0/16", "vnetlocal", "active"), route("0.0.0.0/0", "Internet", "Active")] });
        ours["value"][0]["vnetStudio"] = json!({ "rules": ["R-2"], "why": "…" });
        ours["value"][1]["nextHopIpAddress"] = Value::Null;
        assert_eq!(compare(&az, &ours), vec![]);
    }

    #[test]
    fn a_different_state_is_one_line_each_side() {
        let az = json!({ "value": [route("0.0.0.0/0", "Internet", "Invalid")] });
        let ours = json!({ "value": [route("0.0.0.0/0", "Internet", "Active")] });
        assert_eq!(
            compare(&az, &ours),
            vec![
                Difference::Unexpected("value[default 0.0.0.0/0 internet].state = active".into()),
                Difference::Missing("value[default 0.0.0.0/0 internet].state = invalid".into()),
            ]
        );
    }

    #[test]
    fn ids_compare_by_provider_path_and_resource_groups_are_ignored() {
        let az = json!({ "value": [{ "networkSecurityGroup": {
            "id": "/subscriptions/1234/resourceGroups/Prod-RG/providers/Microsoft.Network/networkSecurityGroups/NSG-Web",
            "resourceGroup": "Prod-RG" }, "tagMap": "{\"AzureLoadBalancer\": [\"168.63.129.16/32\"]}" }] });
        let ours = json!({ "value": [{ "networkSecurityGroup": {
            "id": "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/vnet-studio/providers/Microsoft.Network/networkSecurityGroups/nsg-web",
            "resourceGroup": "vnet-studio" }, "tagMap": { "AzureLoadBalancer": ["168.63.129.16/32"] } }] });
        assert_eq!(compare(&az, &ours), vec![]);
        let other = json!({ "value": [{ "networkSecurityGroup": { "id": "/subscriptions/1/resourceGroups/r/providers/Microsoft.Network/networkSecurityGroups/other" } }] });
        let diff = compare(&other, &ours);
        assert!(
            diff.contains(&Difference::Missing(
                "value[other].networksecuritygroup.id = /providers/microsoft.network/networksecuritygroups/other"
                    .into()
            )),
            "{diff:?}"
        );
    }
}
