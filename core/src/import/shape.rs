//! Input shapes (issue 19 §1, contract "Inside"): every file's JSON becomes one flat list of
//! [`Resource`]s, whatever shape it came in:
//! - Resource Graph `{"data": […]}` (a paged result is several files), REST `{"value": […]}`,
//!   a plain array, a single object;
//! - the REST shape (`properties: {…}`) or the `az` CLI's flattened shape (properties at the top);
//! - nested children (subnets, peerings, routes, security rules) inline or as their own resources:
//!   inline ones are split out with an id under their parent, so readers see one form;
//! - objects without `id` or `type` (`--query` projections): the type is read from the id, or
//!   inferred from the keys; without an id they are found by name (`Resource::key`).
//!
//! Ids and types compare case-insensitively, as Azure's do: `key` and `kind` are lowercase. The
//! same resource met twice (a subnet inline and from `az network vnet subnet list`) is merged.

use super::report::Note;
use super::ImportOptions;
use serde_json::{Map, Value};
use std::collections::{BTreeMap, HashMap};

/// One Azure resource of the input, in one normalized form.
#[derive(Clone, Debug, PartialEq)]
pub struct Resource {
    /// The Azure id as given; empty when the object had none.
    pub id: String,
    /// The lowercase id, or `name:<kind>/<lowercase name>` for an object without id.
    pub key: String,
    /// The lowercase type (`microsoft.network/virtualnetworks/subnets`); empty when unknown.
    pub kind: String,
    pub name: String,
    pub location: String,
    pub tags: BTreeMap<String, String>,
    /// `properties` (REST shape) or the object itself (the `az` flattened shape).
    pub props: Value,
    /// The top-level `sku` (public IPs, load balancers, gateways), `Null` when absent.
    pub sku: Value,
    /// The input file it came from.
    pub file: String,
    /// The key of the resource it was written inside (a subnet inline in its VNet), when its
    /// own id does not say (`--query` projections without ids).
    pub parent: Option<String>,
}

impl Resource {
    /// A property by (case-insensitive) name.
    pub fn prop(&self, name: &str) -> Option<&Value> {
        get_ci(&self.props, name)
    }

    /// The lowercase id of the parent resource (a subnet's VNet); `None` for a top-level one.
    pub fn parent_key(&self) -> Option<String> {
        parent_of(&self.key).or_else(|| self.parent.clone())
    }

    /// `(azure id or key, type)` for report lines.
    pub fn shown_id(&self) -> &str {
        if self.id.is_empty() {
            &self.key
        } else {
            &self.id
        }
    }
}

/// A value of an object by case-insensitive key (Resource Graph and `az` differ in case:
/// `enableIPForwarding` / `enableIpForwarding`).
pub fn get_ci<'v>(v: &'v Value, name: &str) -> Option<&'v Value> {
    let obj = v.as_object()?;
    obj.get(name).or_else(|| obj.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v))
}

/// The string at `name`, if it is one.
pub fn str_ci<'v>(v: &'v Value, name: &str) -> Option<&'v str> {
    get_ci(v, name).and_then(Value::as_str)
}

/// The `properties` of a sub-object (REST) or the object itself (`az`).
pub fn props_of(v: &Value) -> &Value {
    match get_ci(v, "properties") {
        Some(p) if p.is_object() => p,
        _ => v,
    }
}

/// `/…/providers/NS/T1/n1/T2/n2` → `ns/t1/t2`.
pub fn kind_of_id(id: &str) -> Option<String> {
    let lower = id.to_ascii_lowercase();
    let at = lower.rfind("/providers/")?;
    let parts: Vec<&str> = lower[at + "/providers/".len()..].split('/').filter(|p| !p.is_empty()).collect();
    let ns = parts.first()?;
    let mut kind = (*ns).to_string();
    for t in parts.iter().skip(1).step_by(2) {
        kind.push('/');
        kind.push_str(t);
    }
    (parts.len() >= 3).then_some(kind)
}

/// The lowercase id of the parent of a lowercase child id (two segments up), if it is a child.
pub fn parent_of(key: &str) -> Option<String> {
    let at = key.rfind("/providers/")?;
    let tail: Vec<&str> = key[at + "/providers/".len()..].split('/').collect();
    if tail.len() < 5 {
        return None;
    }
    let mut parts: Vec<&str> = key.split('/').collect();
    parts.truncate(parts.len().saturating_sub(2));
    Some(parts.join("/"))
}

/// The last segment of an id: the resource's name.
pub fn name_of_id(id: &str) -> &str {
    id.trim_end_matches('/').rsplit('/').next().unwrap_or(id)
}

/// The key a split-out child carries to its parent when no id says it (taken out again).
const PARENT: &str = "$vnetStudioParent";

/// Inline children split out into their own resources: (parent kind, property, child segment).
const CHILDREN: &[(&str, &str, &str)] = &[
    ("microsoft.network/virtualnetworks", "subnets", "subnets"),
    ("microsoft.network/virtualnetworks", "virtualNetworkPeerings", "virtualNetworkPeerings"),
    ("microsoft.network/routetables", "routes", "routes"),
    ("microsoft.network/networksecuritygroups", "securityRules", "securityRules"),
    ("microsoft.network/firewallpolicies", "ruleCollectionGroups", "ruleCollectionGroups"),
];

/// Everything the files hold, flattened and merged, with notes on files that held nothing usable
/// and on templates.
pub struct Collected {
    pub resources: Vec<Resource>,
    pub notes: Vec<Note>,
    /// `vnetStudio` objects written beside the resources by export (file, object).
    pub studio: Vec<(String, Value)>,
}

/// Flattens every file (templates expanded) into one list of resources.
pub fn collect(files: &[super::ImportFile], options: &ImportOptions) -> Collected {
    let mut out = Collector::default();
    // A parameters file given among the inputs serves the templates when none was passed apart.
    let params_file = files.iter().find(|f| schema_has(&f.value, "deploymentparameters.json"));
    let parameters = options.parameters.as_ref().or(params_file.map(|f| &f.value));
    for file in files {
        if schema_has(&file.value, "deploymentparameters.json") {
            continue;
        }
        if schema_has(&file.value, "deploymenttemplate.json") {
            // What ARM cannot carry travels in the template's metadata (`export::template`).
            let studio = file.value.get("metadata").and_then(|m| m.get("vnetStudio")).filter(|v| v.is_object());
            if let Some(studio) = studio {
                out.studio.push((file.name.clone(), studio.clone()));
            }
            let expanded = super::template::expand(&file.value, parameters, &file.name);
            out.notes.extend(expanded.notes.into_iter().map(|n| Note {
                file: n.file,
                path: n.path,
                message: n.message,
            }));
            for r in expanded.resources {
                out.item(r, &file.name);
            }
            continue;
        }
        let before = out.resources.len();
        out.value(&file.value, &file.name);
        if out.resources.len() == before {
            out.notes.push(Note {
                file: file.name.clone(),
                path: "$".into(),
                message: "no Azure resources found in this file".into(),
            });
        }
    }
    Collected { resources: out.resources, notes: out.notes, studio: out.studio }
}

fn schema_has(v: &Value, needle: &str) -> bool {
    str_ci(v, "$schema").is_some_and(|s| s.to_ascii_lowercase().contains(needle))
}

#[derive(Default)]
struct Collector {
    resources: Vec<Resource>,
    index: HashMap<String, usize>,
    notes: Vec<Note>,
    studio: Vec<(String, Value)>,
    untyped: usize,
}

impl Collector {
    /// A file's top level: an envelope (`data`, `value`), an array or one object.
    fn value(&mut self, v: &Value, file: &str) {
        match v {
            Value::Array(items) => {
                for item in items {
                    // `az … list` pages and `--query` projections can nest arrays once.
                    if let Value::Array(inner) = item {
                        inner.iter().for_each(|i| self.item(i.clone(), file));
                    } else {
                        self.item(item.clone(), file);
                    }
                }
            }
            Value::Object(obj) => {
                if let Some(studio) = obj.get("vnetStudio").filter(|v| v.is_object()) {
                    self.studio.push((file.to_string(), studio.clone()));
                }
                let envelope = ["data", "value"].iter().find_map(|k| obj.get(*k).filter(|v| v.is_array()));
                match envelope {
                    Some(items) if !obj.contains_key("type") => self.value(items, file),
                    _ => self.item(v.clone(), file),
                }
            }
            _ => {}
        }
    }

    /// One resource object, in either shape; inline children are split out.
    fn item(&mut self, v: Value, file: &str) {
        let Value::Object(mut obj) = v else { return };
        obj.remove("$source");
        let parent = match obj.remove(PARENT) {
            Some(Value::String(p)) => Some(p),
            _ => None,
        };
        if obj.is_empty() {
            return;
        }
        let id = take_str(&mut obj, "id");
        let name = take_str(&mut obj, "name");
        let mut kind = take_str(&mut obj, "type").to_ascii_lowercase();
        if kind.is_empty() {
            kind = kind_of_id(&id).unwrap_or_else(|| infer_kind(&obj).to_string());
        }
        let name = if name.is_empty() { name_of_id(&id).to_string() } else { name };
        let location = take_str(&mut obj, "location");
        let tags = take_tags(&mut obj);
        let sku = obj.remove("sku").unwrap_or(Value::Null);
        let mut props = match obj.remove("properties") {
            Some(Value::Object(p)) => Value::Object(p),
            _ => Value::Object(obj),
        };
        let key = if !id.is_empty() {
            id.to_ascii_lowercase()
        } else if !name.is_empty() && !kind.is_empty() {
            match &parent {
                Some(p) => format!("{p}/{}/{}", kind.rsplit('/').next().unwrap_or_default(), name.to_ascii_lowercase()),
                None => format!("name:{kind}/{}", name.to_ascii_lowercase()),
            }
        } else {
            self.untyped += 1;
            format!("untyped:{file}#{}", self.untyped)
        };
        let children = split_children(&kind, &id, &key, &mut props);
        self.push(Resource { id, key, kind, name, location, tags, props, sku, file: file.to_string(), parent });
        for child in children {
            self.item(child, file);
        }
    }

    fn push(&mut self, r: Resource) {
        match self.index.get(&r.key) {
            Some(&at) => {
                if let Some(old) = self.resources.get_mut(at) {
                    merge(old, r);
                }
            }
            None => {
                self.index.insert(r.key.clone(), self.resources.len());
                self.resources.push(r);
            }
        }
    }
}

/// The same resource met again: fill what the first sighting lacked.
fn merge(old: &mut Resource, new: Resource) {
    if old.id.is_empty() {
        old.id = new.id;
    }
    if old.location.is_empty() {
        old.location = new.location;
    }
    if old.sku.is_null() {
        old.sku = new.sku;
    }
    for (k, v) in new.tags {
        old.tags.entry(k).or_insert(v);
    }
    if let (Value::Object(o), Value::Object(n)) = (&mut old.props, new.props) {
        for (k, v) in n {
            o.entry(k).or_insert(v);
        }
    }
}

/// Removes the inline children of `props` and returns them as resources with ids under `id`.
fn split_children(kind: &str, id: &str, key: &str, props: &mut Value) -> Vec<Value> {
    let mut out = Vec::new();
    let Value::Object(obj) = props else { return out };
    for (parent, prop, segment) in CHILDREN {
        if kind != *parent {
            continue;
        }
        let Some(field) = obj.keys().find(|k| k.eq_ignore_ascii_case(prop)).cloned() else { continue };
        let Some(Value::Array(items)) = obj.remove(&field) else { continue };
        for item in items {
            let Value::Object(mut child) = item else { continue };
            // A bare reference `{id}` says nothing the child resource itself will not.
            if child.len() <= 1 && child.contains_key("id") {
                out.push(Value::Object(child));
                continue;
            }
            let name = child.get("name").and_then(Value::as_str).unwrap_or_default().to_string();
            let has_id = child.get("id").and_then(Value::as_str).is_some_and(|s| !s.is_empty());
            if !has_id && !id.is_empty() && !name.is_empty() {
                child.insert("id".into(), Value::String(format!("{id}/{segment}/{name}")));
            }
            if !has_id && id.is_empty() {
                child.insert(PARENT.into(), Value::String(key.to_string()));
            }
            if !child.contains_key("type") {
                child.insert("type".into(), Value::String(format!("{parent}/{}", segment.to_ascii_lowercase())));
            }
            out.push(Value::Object(child));
        }
    }
    out.retain(|c| c.as_object().is_some_and(|o| o.len() > 1));
    out
}

fn take_str(obj: &mut Map<String, Value>, name: &str) -> String {
    let key = obj.keys().find(|k| k.eq_ignore_ascii_case(name)).cloned();
    match key.and_then(|k| obj.get(&k).map(|v| (k, v.is_string()))) {
        Some((k, true)) => match obj.remove(&k) {
            Some(Value::String(s)) => s,
            _ => String::new(),
        },
        _ => String::new(),
    }
}

fn take_tags(obj: &mut Map<String, Value>) -> BTreeMap<String, String> {
    let mut tags = BTreeMap::new();
    if let Some(Value::Object(t)) = obj.remove("tags") {
        for (k, v) in t {
            let v = match v {
                Value::String(s) => s,
                other => other.to_string(),
            };
            tags.insert(k, v);
        }
    }
    tags
}

/// The type of an object that has neither `type` nor an `id` to read it from (a `--query`
/// projection), from the keys only that type has.
fn infer_kind(obj: &Map<String, Value>) -> &'static str {
    let has = |k: &str| obj.keys().any(|x| x.eq_ignore_ascii_case(k));
    let p = match obj.get("properties") {
        Some(Value::Object(p)) => Some(p),
        _ => None,
    };
    let has = |k: &str| has(k) || p.is_some_and(|p| p.keys().any(|x| x.eq_ignore_ascii_case(k)));
    if has("addressSpace") && !has("gatewayIpAddress") {
        "microsoft.network/virtualnetworks"
    } else if has("remoteVirtualNetwork") {
        "microsoft.network/virtualnetworks/virtualnetworkpeerings"
    } else if has("nextHopType") && has("addressPrefix") {
        "microsoft.network/routetables/routes"
    } else if has("routes") || has("disableBgpRoutePropagation") {
        "microsoft.network/routetables"
    } else if has("securityRules") || has("defaultSecurityRules") {
        "microsoft.network/networksecuritygroups"
    } else if has("ipConfigurations") && (has("enableIPForwarding") || has("macAddress") || has("virtualMachine")) {
        "microsoft.network/networkinterfaces"
    } else if has("publicIPAllocationMethod") {
        "microsoft.network/publicipaddresses"
    } else if has("networkProfile") && has("hardwareProfile") {
        "microsoft.compute/virtualmachines"
    } else if has("frontendIPConfigurations") {
        "microsoft.network/loadbalancers"
    } else if has("networkRuleCollections") || has("applicationRuleCollections") {
        "microsoft.network/azurefirewalls"
    } else if has("direction") && has("access") && has("priority") {
        "microsoft.network/networksecuritygroups/securityrules"
    } else if has("addressPrefix") || has("addressPrefixes") {
        "microsoft.network/virtualnetworks/subnets"
    } else {
        ""
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn one(v: Value) -> Vec<Resource> {
        let mut c = Collector::default();
        c.value(&v, "f.json");
        c.resources
    }

    #[test]
    fn kind_and_parent_come_from_the_id() {
        let id = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/hub/subnets/a";
        assert_eq!(kind_of_id(id).as_deref(), Some("microsoft.network/virtualnetworks/subnets"));
        assert_eq!(
            parent_of(&id.to_ascii_lowercase()).as_deref(),
            Some("/subscriptions/s/resourcegroups/rg/providers/microsoft.network/virtualnetworks/hub")
        );
        assert_eq!(
            parent_of("/subscriptions/s/resourcegroups/rg/providers/microsoft.network/virtualnetworks/hub"),
            None
        );
    }

    #[test]
    fn inline_subnets_split_and_merge_with_separate_ones() {
        let vnet = json!({"data": [{"id": "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/hub",
            "name": "hub", "type": "microsoft.network/virtualnetworks",
            "properties": {"addressSpace": {"addressPrefixes": ["10.0.0.0/16"]},
                "subnets": [{"name": "a", "properties": {"addressPrefix": "10.0.1.0/24"}}]}}]});
        let subnet = json!([{"id": "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/HUB/subnets/A",
            "name": "a", "addressPrefix": "10.0.1.0/24", "privateEndpointNetworkPolicies": "Enabled"}]);
        let mut c = Collector::default();
        c.value(&vnet, "a");
        c.value(&subnet, "b");
        assert_eq!(c.resources.len(), 2);
        let s = &c.resources[1];
        assert_eq!(s.kind, "microsoft.network/virtualnetworks/subnets");
        assert_eq!(str_ci(&s.props, "privateEndpointNetworkPolicies"), Some("Enabled"));
        assert!(c.resources[0].prop("subnets").is_none());
    }

    #[test]
    fn projections_without_id_or_type_are_found_by_name() {
        let r = one(json!([{"name": "rt-spoke", "routes": []}, {"weird": 1}]));
        assert_eq!(r[0].key, "name:microsoft.network/routetables/rt-spoke");
        assert!(r[1].key.starts_with("untyped:"));
    }
}
