//! Export of a design to Azure's shapes (issue 19 §3). The first format is the flat REST /
//! Resource Graph shape that import reads ([`arm::to_arm_resources`]), so import is tested
//! against it: a design exported and imported back is the same design (modulo ids).

pub mod arm;

pub use arm::to_arm_resources;

use crate::Document;
use serde_json::{json, Value};

/// The design's Azure resources as a Resource Graph query lists them (`{"count", "data": […]}`,
/// types lower case, no `vnetStudio` object): what `az graph query` gives for a real
/// environment, so the import benchmarks and the studio's measures read that shape.
pub fn to_resource_graph(doc: &Document) -> Value {
    let mut data = match to_arm_resources(doc).get_mut("value").map(Value::take) {
        Some(Value::Array(items)) => items,
        _ => Vec::new(),
    };
    for r in &mut data {
        if let Some(t) = r.get("type").and_then(Value::as_str).map(str::to_ascii_lowercase) {
            r["type"] = json!(t);
        }
    }
    json!({ "count": data.len(), "data": data })
}
