//! What the four answers share: a reference to another resource (`{"id", "resourceGroup"}`),
//! the `vnetStudio` explanation, and the two JSON forms of an answer (DECISIONS 29).
//!
//! `az` prints JSON with sorted keys and two-space indentation (knack's `format_json`:
//! `json.dumps(…, indent=2, sort_keys=True, separators=(',', ': '))`), and adds `resourceGroup`
//! beside every `id` it prints (azure-cli's `_add_resource_group`). [`az_json`] and
//! [`studio_json`] return values whose maps are sorted, so `serde_json::to_string_pretty` prints
//! what `az` prints.

use super::ids;
use crate::packet::RuleId;
use serde::Serialize;
use serde_json::{Map, Value};

/// The key that holds the engine's explanation in every row of an answer.
pub const STUDIO_KEY: &str = "vnetStudio";

/// A reference to another resource, as `az` prints it: the id and, added by `az`, its group.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SubResource {
    pub id: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub resource_group: String,
}

impl SubResource {
    pub fn new(id: String) -> Self {
        let resource_group = ids::resource_group(&id).unwrap_or_default().to_string();
        SubResource { id, resource_group }
    }
}

/// The engine's explanation of one row: the AZURE.md rules behind it (the deciding one first) and
/// a sentence saying why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Explanation {
    pub rules: Vec<RuleId>,
    pub why: String,
}

/// The `--json` form: Azure's shape with a `vnetStudio` key per row, keys sorted as `az` sorts them.
pub fn studio_json<T: Serialize>(answer: &T) -> Result<Value, serde_json::Error> {
    serde_json::to_value(answer).map(sort_keys)
}

/// The `--format az` form: exactly the shape `az` prints, without the `vnetStudio` keys.
pub fn az_json<T: Serialize>(answer: &T) -> Result<Value, serde_json::Error> {
    let mut v = serde_json::to_value(answer)?;
    strip_studio(&mut v);
    Ok(sort_keys(v))
}

/// Removes every `vnetStudio` key, at any depth.
pub fn strip_studio(v: &mut Value) {
    match v {
        Value::Object(map) => {
            map.remove(STUDIO_KEY);
            map.values_mut().for_each(strip_studio);
        }
        Value::Array(items) => items.iter_mut().for_each(strip_studio),
        _ => {}
    }
}

/// The same value with every map's keys in ascending order. serde_json's map is already sorted
/// unless its `preserve_order` feature is on somewhere in the build; this keeps `az`'s order
/// either way.
pub fn sort_keys(v: Value) -> Value {
    match v {
        Value::Object(map) => {
            let mut entries: Vec<(String, Value)> = map.into_iter().collect();
            entries.sort_by(|a, b| a.0.cmp(&b.0));
            Value::Object(entries.into_iter().map(|(k, v)| (k, sort_keys(v))).collect::<Map<String, Value>>())
        }
        Value::Array(items) => Value::Array(items.into_iter().map(sort_keys).collect()),
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[derive(Serialize)]
    #[serde(rename_all = "camelCase")]
    struct Row {
        z_last: u8,
        a_first: SubResource,
        vnet_studio: Explanation,
    }

    #[test]
    fn the_az_form_drops_vnet_studio_and_sorts_keys_like_az() {
        let id = ids::azure_id(ids::Resource::Nsg(&crate::model::Nsg {
            id: crate::Id::new("n1"),
            name: "nsg".into(),
            rules: vec![],
            meta: Default::default(),
        }));
        let row = Row {
            z_last: 1,
            a_first: SubResource::new(id.clone()),
            vnet_studio: Explanation { rules: vec!["N-12"], why: "because".into() },
        };
        let az = az_json(&vec![row]).unwrap();
        assert_eq!(az, json!([{ "aFirst": { "id": id, "resourceGroup": "vnet-studio" }, "zLast": 1 }]));
        let text = serde_json::to_string_pretty(&az).unwrap();
        assert!(text.find("aFirst") < text.find("zLast"), "{text}");
        assert!(text.contains("\"id\": \"/subscriptions/"), "two-space indent and ': ' separators: {text}");
    }

    #[test]
    fn the_studio_form_keeps_the_explanation() {
        let v = studio_json(&Explanation { rules: vec!["N-13", "N-5"], why: "w".into() }).unwrap();
        assert_eq!(v, json!({ "rules": ["N-13", "N-5"], "why": "w" }));
        let mut nested = json!({ "value": [{ "vnetStudio": 1, "x": { "vnetStudio": 2, "y": 3 } }] });
        strip_studio(&mut nested);
        assert_eq!(nested, json!({ "value": [{ "x": { "y": 3 } }] }));
    }
}
