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
pub(crate) fn write(plan: &Plan, description: &str) -> Value {
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
            def["defaultValue"] = literal(v);
        }
        params.insert(p.name.clone(), def);
    }
    let resources: Vec<Value> = plan.resources.iter().filter(|r| !r.existing).map(|r| resource(plan, r)).collect();
    let mut metadata = json!({ "_generator": { "name": "vnet-studio" }, "vnetStudio": plan.studio });
    if !description.is_empty() {
        metadata["description"] = json!(description);
    }
    json!({
        "$schema": SCHEMA,
        "contentVersion": "1.0.0.0",
        "metadata": metadata,
        "parameters": params,
        "resources": resources
    })
}

fn resource(plan: &Plan, r: &Res) -> Value {
    let mut out = Map::new();
    out.insert("type".into(), json!(r.kind));
    out.insert("apiVersion".into(), json!(r.api));
    out.insert("name".into(), literal(&json!(r.names.join("/"))));
    for (k, v) in &r.body {
        out.insert(k.clone(), value(plan, v));
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
fn value(plan: &Plan, v: &Value) -> Value {
    match v {
        Value::Object(o) if o.len() == 1 && o.keys().all(|k| k.starts_with('$')) => match expression(plan, v) {
            Some(Expr::Text(e)) => json!(format!("[{e}]")),
            Some(Expr::Literal(s)) => json!(s),
            None => v.clone(),
        },
        Value::Object(o) => Value::Object(o.iter().map(|(k, x)| (k.clone(), value(plan, x))).collect()),
        Value::Array(a) => Value::Array(a.iter().map(|x| value(plan, x)).collect()),
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
fn literal(v: &Value) -> Value {
    match v {
        Value::String(s) if s.starts_with('[') && (s.ends_with(']') || s.starts_with("[[")) => json!(format!("[{s}")),
        Value::Array(a) => Value::Array(a.iter().map(literal).collect()),
        Value::Object(o) => Value::Object(o.iter().map(|(k, x)| (k.clone(), literal(x))).collect()),
        other => other.clone(),
    }
}
