//! The ARM deployment template (`azuredeploy.json`): the plan's parameters and resources, child
//! resources at the top level with their full type and `parent/child` name, references as
//! `resourceId()` (a placeholder outside the deployment's resource group by its literal id),
//! `dependsOn` where Azure needs an order, and `metadata.vnetStudio` for what ARM cannot carry
//! (on-premises sites, VM roles, learned prefixes, traffic, questions, intents, public DNS):
//! `import` reads it back to the same design (`tests/import_roundtrip.rs`).

mod json;

pub(crate) use json::pretty;

use super::plan::{ParamKind, Plan, Res};
use serde_json::{json, Map, Value};

const SCHEMA: &str = "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#";

/// The template as JSON.
pub(crate) fn write(mut plan: Plan, description: &str) -> Value {
    let mut params = Map::new();
    for p in &plan.params {
        let kind = match p.kind {
            ParamKind::String => "string",
            ParamKind::SecureString => "securestring",
            ParamKind::Int => "int",
            ParamKind::Object => "object",
        };
        let mut def = json!({ "type": kind, "metadata": { "description": p.description } });
        if let Some(v) = &p.default {
            def["defaultValue"] = literal(v.clone());
        }
        params.insert(p.name.clone(), def);
    }
    // The bodies are taken out of the plan and rewritten in place (moved, not copied: the
    // markers need the plan's other resources, read alongside).
    let mut bodies: Vec<Map<String, Value>> = plan.resources.iter_mut().map(|r| std::mem::take(&mut r.body)).collect();
    let resources: Vec<Value> = plan
        .resources
        .iter()
        .zip(bodies.iter_mut())
        .filter(|(r, _)| !r.existing)
        .map(|(r, body)| resource(&plan, r, std::mem::take(body)))
        .collect();
    let studio = std::mem::take(&mut plan.studio);
    let mut metadata = super::object([("_generator", json!({ "name": "vnet-studio" })), ("vnetStudio", studio)]);
    if !description.is_empty() {
        metadata["description"] = json!(description);
    }
    super::object([
        ("$schema", json!(SCHEMA)),
        ("contentVersion", json!("1.0.0.0")),
        ("metadata", metadata),
        ("parameters", Value::Object(params)),
        ("resources", Value::Array(resources)),
    ])
}

fn resource(plan: &Plan, r: &Res, body: Map<String, Value>) -> Value {
    let mut out = Map::new();
    out.insert("type".into(), json!(r.kind));
    out.insert("apiVersion".into(), json!(r.api));
    out.insert("name".into(), literal(json!(r.names.join("/"))));
    for (k, v) in body {
        out.insert(k, value(plan, v));
    }
    let deps: Vec<Value> = r
        .parent
        .iter()
        .chain(&r.depends)
        .filter_map(|&j| plan.resources.get(j))
        .map(|d| json!(format!("[{}]", resource_id(d))))
        .collect();
    if !deps.is_empty() {
        out.insert("dependsOn".into(), Value::Array(deps));
    }
    Value::Object(out)
}

/// `resourceId('type', 'name', …)` of a plan resource.
fn resource_id(r: &Res) -> String {
    call_resource_id(&r.kind, &r.names)
}

fn call_resource_id(kind: &str, names: &[String]) -> String {
    let mut args = vec![quote(kind)];
    args.extend(names.iter().map(|n| quote(n)));
    format!("resourceId({})", args.join(", "))
}

/// An ARM expression string literal.
fn quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

/// A value with its markers written as expressions.
fn value(plan: &Plan, v: Value) -> Value {
    match v {
        Value::Object(o) if o.len() == 1 && o.keys().all(|k| k.starts_with('$')) => {
            let v = Value::Object(o);
            match expression(plan, &v) {
                Some(Expr::Text(e)) => Value::String(format!("[{e}]")),
                Some(Expr::Literal(s)) => Value::String(s),
                None => v,
            }
        }
        Value::Object(o) => Value::Object(o.into_iter().map(|(k, x)| (k, value(plan, x))).collect()),
        Value::Array(a) => Value::Array(a.into_iter().map(|x| value(plan, x)).collect()),
        other => literal(other),
    }
}

enum Expr {
    Text(String),
    Literal(String),
}

fn expression(plan: &Plan, v: &Value) -> Option<Expr> {
    if let Some(p) = v.get("$param").and_then(Value::as_str) {
        return Some(Expr::Text(format!("parameters({})", quote(p))));
    }
    if let Some(e) = v.get("$expr").and_then(Value::as_str) {
        return Some(Expr::Text(e.to_string()));
    }
    let rid = v.get("$rid")?;
    let kind = rid.get("type").and_then(Value::as_str)?;
    let names: Vec<String> =
        rid.get("names")?.as_array()?.iter().filter_map(|n| n.as_str().map(str::to_string)).collect();
    let target = rid.get("res").and_then(Value::as_u64).and_then(|j| plan.resources.get(j as usize));
    // A resource in another resource group or subscription: its id as it is.
    if target.is_some_and(|t| t.existing && t.scope.is_some()) {
        return Some(Expr::Literal(rid.get("id").and_then(Value::as_str)?.to_string()));
    }
    Some(Expr::Text(call_resource_id(kind, &names)))
}

/// A literal string that ARM would read as an expression (`[…]`) or an escape (`[[…`) gets an
/// extra `[`.
fn literal(v: Value) -> Value {
    match v {
        Value::String(s) if s.starts_with('[') && (s.ends_with(']') || s.starts_with("[[")) => json!(format!("[{s}")),
        Value::Array(a) => Value::Array(a.into_iter().map(literal).collect()),
        Value::Object(o) => Value::Object(o.into_iter().map(|(k, x)| (k, literal(x))).collect()),
        other => other,
    }
}
