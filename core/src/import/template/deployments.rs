//! One template's expansion, and nested `Microsoft.Resources/deployments` (how Bicep modules
//! compile) expanded recursively: an inline `template` with `expressionEvaluationOptions.scope`
//! `inner` gets its own parameters (evaluated in the parent) and variables; `outer` (ARM's
//! default) sees the parent's. Its resources land in the deployment's `resourceGroup` /
//! `subscriptionId`. Its `outputs` are computed so that `reference(deployment).outputs.x.value`
//! in the parent gives them. A `templateLink` cannot be read (a note says so).
//! <https://learn.microsoft.com/azure/azure-resource-manager/templates/linked-templates#expression-evaluation-scope-in-nested-templates>

use std::collections::{HashMap, HashSet};

use serde_json::{json, Map, Value};

use super::eval::{marker, Ctx};
use super::frame::{Frame, Scope, Shared};
use super::resources::{self, Planned};
use super::{limits, Expanded};

pub(crate) fn expand_root(template: &Value, parameters: Option<&Value>, file: &str) -> Expanded {
    let shared = Shared::new(file);
    if !template.is_object() {
        shared.note("", "the template is not a JSON object");
        return Expanded { resources: Vec::new(), notes: shared.into_notes() };
    }
    let given = parameter_values(parameters, &shared);
    let schema = template.get("$schema").and_then(Value::as_str).unwrap_or_default().to_ascii_lowercase();
    let group_scope =
        !["subscriptiondeploymenttemplate", "managementgroupdeploymenttemplate", "tenantdeploymenttemplate"]
            .iter()
            .any(|s| schema.contains(s));
    let scope = Scope::root(group_scope);
    let frame = Frame::new(&shared, template, &given, scope.clone(), "");
    let mut out = Vec::new();
    expand_template(&frame, template, "", &scope, &mut out);
    drop(frame);
    Expanded { resources: out, notes: shared.into_notes() }
}

/// A parameters file `{parameters: {name: {value}}}` or a bare `{name: value}` object.
fn parameter_values(parameters: Option<&Value>, shared: &Shared) -> Map<String, Value> {
    let Some(p) = parameters else { return Map::new() };
    let Some(obj) = p.as_object() else {
        shared.note("(parameters)", "the parameters file is not a JSON object; defaults are used");
        return Map::new();
    };
    let wrapped = obj.get("parameters").and_then(Value::as_object);
    let entries = match wrapped {
        Some(w)
            if obj.contains_key("$schema")
                || obj.contains_key("contentVersion")
                || w.values().all(|v| v.get("value").is_some() || v.get("reference").is_some()) =>
        {
            w
        }
        _ => obj,
    };
    let mut out = Map::new();
    for (name, v) in entries {
        if name.starts_with('$') || name == "contentVersion" {
            continue;
        }
        let path = format!("(parameters).{name}");
        let value = match v.as_object() {
            Some(o) if o.contains_key("value") => o.get("value").cloned().unwrap_or(Value::Null),
            Some(o) if o.contains_key("reference") => {
                shared.note(&path, format!("parameter '{name}' is a Key Vault reference; its value is unknown"));
                marker(&format!("reference to Key Vault for '{name}'"), &path, None)
            }
            _ => v.clone(),
        };
        out.insert(name.clone(), value);
    }
    out
}

/// Expands `template` in `frame` into `out`; returns its evaluated `outputs` object.
fn expand_template(frame: &Frame, template: &Value, prefix: &str, target: &Scope, out: &mut Vec<Value>) -> Value {
    let planned = resources::plan_all(frame, template, prefix, target);
    let mut slots: Vec<Vec<Value>> = vec![Vec::new(); planned.len()];
    for i in deployment_order(frame, &planned) {
        slots[i] = nested(frame, &planned[i]);
    }
    for (i, p) in planned.iter().enumerate() {
        if !p.is_deployment() {
            slots[i] = vec![resources::render(frame, p)];
        }
    }
    for r in slots.into_iter().flatten() {
        if out.len() >= limits::MAX_RESOURCES {
            frame.shared.note_once(
                "max-resources",
                prefix,
                format!("more than {} resources; the rest are not imported", limits::MAX_RESOURCES),
            );
            break;
        }
        out.push(r);
    }
    outputs(frame, template, prefix)
}

/// Nested deployments in an order where each comes after those its `dependsOn` names (so a
/// module's outputs exist before another module reads them); cycles keep document order.
fn deployment_order(frame: &Frame, planned: &[Planned]) -> Vec<usize> {
    let deployments: Vec<usize> = (0..planned.len()).filter(|&i| planned[i].is_deployment()).collect();
    // Every key a `dependsOn` entry may use for a deployment: id, name, symbolic name, copy loop.
    let mut keys: HashMap<String, Vec<usize>> = HashMap::new();
    for &j in &deployments {
        let p = &planned[j];
        let mut own = vec![p.id.to_ascii_lowercase(), p.full_name.to_ascii_lowercase()];
        own.extend(p.symbolic.iter().chain(p.copy_loop.iter()).map(|s| s.to_ascii_lowercase()));
        for k in own {
            keys.entry(k).or_default().push(j);
        }
    }
    let mut deps: HashMap<usize, Vec<usize>> = HashMap::new();
    for &i in &deployments {
        let mut ctx = Ctx::new(frame);
        ctx.copies = std::rc::Rc::new(planned[i].copies.clone());
        let named: Vec<String> = frame.shared.quietly(|| {
            planned[i]
                .raw
                .get("dependsOn")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(|d| ctx.walk(d, "").as_str().map(str::to_ascii_lowercase))
                .collect()
        });
        let mut on: Vec<usize> = Vec::new();
        for entry in &named {
            let by_name = entry.rsplit_once("/microsoft.resources/deployments/").map(|(_, n)| n.to_string());
            for k in std::iter::once(entry.clone()).chain(by_name) {
                on.extend(keys.get(&k).into_iter().flatten().copied().filter(|&j| j != i));
            }
        }
        deps.insert(i, on);
    }
    // Depth-first, iteratively (a chain of thousands of modules must not overflow the stack).
    let mut order = Vec::new();
    let mut seen: HashSet<usize> = HashSet::new();
    for &start in &deployments {
        if !seen.insert(start) {
            continue;
        }
        let mut stack: Vec<(usize, usize)> = vec![(start, 0)];
        while let Some((node, next)) = stack.pop() {
            let children = deps.get(&node).map(Vec::as_slice).unwrap_or_default();
            match children.get(next) {
                Some(&child) => {
                    stack.push((node, next + 1));
                    if seen.insert(child) {
                        stack.push((child, 0));
                    }
                }
                None => order.push(node),
            }
        }
    }
    order
}

/// The resources of one nested deployment instance.
fn nested(frame: &Frame, p: &Planned) -> Vec<Value> {
    let shared = frame.shared;
    if frame.level >= limits::MAX_NESTED_DEPLOYMENTS {
        shared.note(
            &p.path,
            format!("deployments nested deeper than {}; this one is not expanded", limits::MAX_NESTED_DEPLOYMENTS),
        );
        return Vec::new();
    }
    let props = p.raw.get("properties").unwrap_or(&Value::Null);
    if props.get("templateLink").is_some() {
        shared.note(
            &format!("{}.properties.templateLink", p.path),
            format!(
                "deployment '{}' links to a template file the import cannot read; its resources are not imported",
                p.full_name
            ),
        );
        return Vec::new();
    }
    let Some(template) = props.get("template").filter(|t| t.is_object()) else {
        shared.note(&p.path, format!("deployment '{}' has no inline template; nothing to expand", p.full_name));
        return Vec::new();
    };
    let inner = props
        .get("expressionEvaluationOptions")
        .and_then(|o| o.get("scope"))
        .and_then(Value::as_str)
        .is_some_and(|s| s.eq_ignore_ascii_case("inner"));
    let prefix = format!("{}.properties.template.", p.path);
    let mut out = Vec::new();
    let outputs = if inner {
        let mut ctx = Ctx::new(frame);
        ctx.copies = std::rc::Rc::new(p.copies.clone());
        let mut given = Map::new();
        for (name, v) in props.get("parameters").and_then(Value::as_object).into_iter().flatten() {
            let path = format!("{}.properties.parameters.{name}", p.path);
            let value = match v.get("value") {
                Some(x) => ctx.walk(x, &format!("{path}.value")),
                None => {
                    shared.note(
                        &path,
                        format!("parameter '{name}' is not a plain value (Key Vault reference?); its value is unknown"),
                    );
                    marker(&v.to_string(), &path, None)
                }
            };
            given.insert(name.clone(), value);
        }
        let mut child = Frame::new(shared, template, &given, p.target.clone(), &prefix);
        child.level = frame.level + 1;
        child.origin = Some(p.full_name.clone());
        expand_template(&child, template, &prefix, &p.target, &mut out)
    } else {
        let mut child = Frame::outer(frame);
        child.origin = Some(p.full_name.clone());
        expand_template(&child, template, &prefix, &p.target, &mut out)
    };
    shared.deployment_outputs.borrow_mut().insert(p.id.to_ascii_lowercase(), json!({ "outputs": outputs }));
    out
}

/// `outputs: {name: {type, value | copy}}` → `{name: {type, value}}`, evaluated quietly (a value
/// that cannot be computed is noted where a template reads it).
fn outputs(frame: &Frame, template: &Value, prefix: &str) -> Value {
    let mut out = Map::new();
    let Some(defs) = template.get("outputs").and_then(Value::as_object) else { return Value::Object(out) };
    let ctx = Ctx::new(frame);
    for (name, def) in defs {
        let path = format!("{prefix}outputs.{name}");
        let value = frame.shared.quietly(|| match (def.get("value"), def.get("copy")) {
            (Some(v), _) => ctx.walk(v, &format!("{path}.value")),
            (None, Some(copy)) => ctx.copy_array(copy, &format!("{path}.copy")),
            (None, None) => Value::Null,
        });
        out.insert(name.clone(), json!({"type": def.get("type").cloned().unwrap_or(Value::Null), "value": value}));
    }
    Value::Object(out)
}
