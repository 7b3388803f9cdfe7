//! From a template's `resources` to planned resource instances (copy loops expanded, false
//! conditions dropped with a note, child resources flattened with full types, names and ids),
//! and from a planned instance to the REST shape `{id, name, type, location, properties, tags}`.
//!
//! Planning comes first for the whole template so that every resource's id is known (for
//! `reference('name')` and languageVersion 2.0 symbolic names) before any property is evaluated.

use serde_json::{Map, Value};

use super::eval::{marker_resource, Ctx};
use super::frame::{Declared, Frame, Scope};
use super::functions::resource::build_id;
use super::limits;

/// One resource instance to deploy.
pub(crate) struct Planned<'t> {
    pub raw: &'t Value,
    pub path: String,
    pub copies: Vec<(String, i64)>,
    pub full_type: String,
    /// `parent/child` for child resources.
    pub full_name: String,
    pub id: String,
    pub symbolic: Option<String>,
    /// The innermost resource copy loop's name.
    pub copy_loop: Option<String>,
    pub existing: bool,
    /// Where it lands (a nested deployment's `resourceGroup`/`subscriptionId` change it).
    pub target: Scope,
}

impl Planned<'_> {
    pub fn is_deployment(&self) -> bool {
        !self.existing && self.full_type.eq_ignore_ascii_case("Microsoft.Resources/deployments")
    }
}

/// Keys of a template resource that say how to deploy it, not what it is.
const TEMPLATE_ONLY: &[&str] = &[
    "condition",
    "copy",
    "dependsOn",
    "resources",
    "existing",
    "scope",
    "comments",
    "apiVersion",
    "metadata",
    "subscriptionId",
    "resourceGroup",
    "name",
    "type",
    "id",
    "parent",
    "import",
    "asserts",
    "batchSize",
];

/// Plans every resource of `template` (array or languageVersion 2.0 object form).
pub(crate) fn plan_all<'t>(frame: &Frame, template: &'t Value, prefix: &str, target: &Scope) -> Vec<Planned<'t>> {
    let mut out = Vec::new();
    match template.get("resources") {
        Some(Value::Array(items)) => {
            for (i, r) in items.iter().enumerate() {
                plan_one(frame, r, &format!("{prefix}resources[{i}]"), None, None, &[], target, &mut out);
            }
        }
        Some(Value::Object(items)) => {
            // An extension resource's `scope` may name another resource by symbolic name: plan
            // those after the rest, so the name is declared by then.
            let scoped_by_symbol =
                |r: &Value| r.get("scope").and_then(Value::as_str).is_some_and(|s| items.contains_key(s));
            let (later, first): (Vec<_>, Vec<_>) = items.iter().partition(|(_, r)| scoped_by_symbol(r));
            for (key, r) in first.into_iter().chain(later) {
                plan_one(frame, r, &format!("{prefix}resources.{key}"), Some(key), None, &[], target, &mut out);
            }
        }
        Some(_) => frame.shared.note(&format!("{prefix}resources"), "resources is neither an array nor an object"),
        None => {}
    }
    out
}

/// The parent of a child resource: its full type and name, as planned.
struct Parent {
    full_type: String,
    full_name: String,
}

#[allow(clippy::too_many_arguments)]
fn plan_one<'t>(
    frame: &Frame,
    raw: &'t Value,
    path: &str,
    symbolic: Option<&str>,
    parent: Option<&Parent>,
    base_copies: &[(String, i64)],
    target: &Scope,
    out: &mut Vec<Planned<'t>>,
) {
    let shared = frame.shared;
    let Some(obj) = raw.as_object() else {
        shared.note(path, "a resource that is not an object is ignored");
        return;
    };
    let mut base = Ctx::new(frame);
    base.copies = std::rc::Rc::new(base_copies.to_vec());
    base.path = std::rc::Rc::from(path);
    let (loop_name, count) = match obj.get("copy") {
        Some(copy @ Value::Object(_)) => {
            let name = copy.get("name").and_then(Value::as_str).unwrap_or_default().to_string();
            match base.count(copy.get("count"), &format!("{path}.copy.count")) {
                Ok(n) => (Some(name), n),
                Err(message) => {
                    shared.note(&format!("{path}.copy.count"), format!("{message}; this resource is not imported"));
                    return;
                }
            }
        }
        _ => (None, 1),
    };
    for i in 0..count {
        if out.len() >= limits::MAX_RESOURCES
            || shared.planned.get() >= limits::MAX_RESOURCES
            || shared.burn(1).is_err()
        {
            let message = format!(
                "more than {} resources, or the work budget is spent; the rest are not imported",
                limits::MAX_RESOURCES
            );
            shared.note_once("max-resources", path, message);
            return;
        }
        shared.planned.set(shared.planned.get() + 1);
        let ctx = match &loop_name {
            Some(n) => base.with_copy(n, i),
            None => base.clone(),
        };
        let at = if loop_name.is_some() { format!("{path} (copy {i})") } else { path.to_string() };
        if let Some(c) = obj.get("condition") {
            match ctx.walk(c, &format!("{path}.condition")) {
                Value::Bool(true) => {}
                Value::Bool(false) => {
                    let name = quiet_name(&ctx, obj, path);
                    shared.note(&at, format!("resource {name} is not deployed: its condition is false"));
                    continue;
                }
                v if marker_resource(&v).is_some() => {
                    shared.note(&at, "condition cannot be computed; the resource is imported as if it were true")
                }
                other => shared.note(&at, format!("condition is not a boolean ({other}); the resource is imported")),
            }
        }
        let Some(ty) =
            ctx.walk(obj.get("type").unwrap_or(&Value::Null), &format!("{path}.type")).as_str().map(str::to_string)
        else {
            shared.note(&at, "resource has no type it can compute; not imported");
            continue;
        };
        let name = match ctx.walk(obj.get("name").unwrap_or(&Value::Null), &format!("{path}.name")) {
            Value::String(s) => s,
            _ => {
                let fallback = format!("unknown-name-{}", out.len());
                shared.note(&at, format!("resource name cannot be computed; it is imported as '{fallback}'"));
                fallback
            }
        };
        let (full_type, full_name) = full_type_and_name(parent, &ty, &name);
        let mut tgt = target.clone();
        for (key, field) in [("subscriptionId", 0), ("resourceGroup", 1)] {
            if let Some(v) = obj.get(key) {
                match ctx.walk(v, &format!("{path}.{key}")) {
                    Value::String(s) if field == 0 => tgt.subscription = s,
                    Value::String(s) => tgt.resource_group = Some(s),
                    _ => shared.note(&at, format!("{key} cannot be computed; the deployment's own is used")),
                }
            }
        }
        let prefix = match obj.get("scope").map(|s| ctx.walk(s, &format!("{path}.scope"))) {
            Some(Value::String(s)) if s.starts_with('/') => s.trim_end_matches('/').to_string(),
            Some(Value::String(s)) => match frame.declared(&s) {
                Some(id) => id,
                None => format!("{}/providers/{}", tgt.prefix(), s.trim_matches('/')),
            },
            _ => tgt.prefix(),
        };
        let id = if full_type.eq_ignore_ascii_case("Microsoft.Resources/resourceGroups") {
            format!("/subscriptions/{}/resourceGroups/{full_name}", tgt.subscription)
        } else {
            build_id(&prefix, &full_type, &[&full_name]).unwrap_or_else(|why| {
                shared.note(&at, format!("resource id cannot be built: {why}"));
                format!("{prefix}/providers/{full_type}/{full_name}")
            })
        };
        if full_type.eq_ignore_ascii_case("Microsoft.Resources/deployments") {
            tgt.deployment = full_name.clone();
        }
        frame.names.borrow_mut().insert(full_name.to_ascii_lowercase(), Declared { id: id.clone() });
        if let Some(sym) = symbolic {
            frame.symbols.borrow_mut().entry(sym.to_ascii_lowercase()).or_insert(Declared { id: id.clone() });
        }
        let existing =
            matches!(obj.get("existing").map(|e| ctx.walk(e, &format!("{path}.existing"))), Some(Value::Bool(true)));
        let copies = (*ctx.copies).clone();
        let me = Parent { full_type: full_type.clone(), full_name: full_name.clone() };
        out.push(Planned {
            raw,
            path: path.to_string(),
            copies: copies.clone(),
            full_type,
            full_name,
            id,
            symbolic: symbolic.map(str::to_string),
            copy_loop: loop_name.clone(),
            existing,
            target: tgt.clone(),
        });
        for (j, child) in obj.get("resources").and_then(Value::as_array).into_iter().flatten().enumerate() {
            plan_one(frame, child, &format!("{path}.resources[{j}]"), None, Some(&me), &copies, &tgt, out);
        }
    }
}

/// A child declared inside its parent gives a relative type (`subnets`) and name (`default`);
/// it may also give them in full (`Microsoft.Network/virtualNetworks/subnets`, `vnet/default`).
/// <https://learn.microsoft.com/azure/azure-resource-manager/templates/child-resource-name-type>
fn full_type_and_name(parent: Option<&Parent>, ty: &str, name: &str) -> (String, String) {
    let Some(p) = parent else { return (ty.to_string(), name.to_string()) };
    let full_type = if ty.contains('/') { ty.to_string() } else { format!("{}/{ty}", p.full_type) };
    let type_depth = full_type.split('/').count().saturating_sub(1);
    let full_name =
        if name.split('/').count() >= type_depth { name.to_string() } else { format!("{}/{name}", p.full_name) };
    (full_type, full_name)
}

/// The resource's name for a note, without leaving notes of its own.
fn quiet_name(ctx: &Ctx, obj: &Map<String, Value>, path: &str) -> String {
    let name = ctx.frame.shared.quietly(|| ctx.walk(obj.get("name").unwrap_or(&Value::Null), &format!("{path}.name")));
    match name {
        Value::String(s) => format!("'{s}'"),
        _ => "(name unknown)".into(),
    }
}

/// The REST shape of a planned resource; `existing` ones carry `"$existing": true`.
pub(crate) fn render(frame: &Frame, p: &Planned) -> Value {
    let mut ctx = Ctx::new(frame);
    ctx.copies = std::rc::Rc::new(p.copies.clone());
    ctx.path = std::rc::Rc::from(p.path.as_str());
    let mut out = Map::new();
    out.insert("id".into(), Value::String(p.id.clone()));
    let short = p.full_name.rsplit('/').next().unwrap_or_default();
    out.insert("name".into(), Value::String(short.to_string()));
    out.insert("type".into(), Value::String(p.full_type.clone()));
    for (k, v) in p.raw.as_object().into_iter().flatten() {
        if TEMPLATE_ONLY.iter().any(|t| t.eq_ignore_ascii_case(k)) {
            continue;
        }
        out.insert(k.clone(), ctx.walk(v, &format!("{}.{k}", p.path)));
    }
    out.entry("location").or_insert(Value::Null);
    out.entry("properties").or_insert_with(|| Value::Object(Map::new()));
    out.entry("tags").or_insert_with(|| Value::Object(Map::new()));
    if p.existing {
        out.insert("$existing".into(), Value::Bool(true));
    }
    Value::Object(out)
}
