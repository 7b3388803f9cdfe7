//! The importer's working state, shared by every reader (one module per resource family).
//!
//! How a reader is written (`pub(super) fn read(cx: &mut Context)`, called in a fixed order from
//! `import/mod.rs`):
//! - take its resources with [`Context::of_kind`] (lowercase type) or the children of one
//!   resource with [`Context::children`]; follow a reference (`{"id": …}`) with
//!   [`Context::resource`] (case-insensitive; falls back to a name match for id-less input);
//! - build the model element, with an id from [`Context::alloc`] and [`Context::meta`] as meta;
//!   push it into `cx.design`, then call [`Context::imported`] so later readers find it by Azure id
//!   ([`Context::element`]) and the report counts it;
//! - a resource read as part of another (a route of a table, a public IP as an address) is marked
//!   with [`Context::consume`]; one that cannot be imported with [`Context::skip`] (it says why);
//! - a reference outside the input becomes a placeholder: [`Context::placeholder`];
//! - values changed to fit the model: [`Context::coerce`]; assumptions: [`Context::assume`];
//! - string fields through [`Context::text`], IP fields through [`Context::ip`]: both report a
//!   `$vnetUnknown` marker (a template expression) by its JSON path; `ip` uses the address of the
//!   resource the marker names when the input has it.
//!
//! Whatever no reader consumed is reported as skipped at the end ("never a silent drop").

use super::report::{Assumption, Coerced, Placeholder, Report, Skipped};
use super::shape::{self, Resource};
use crate::id::{Id, IdAllocator};
use crate::model::{Design, ElementKind, Meta};
use serde_json::Value;
use std::collections::{HashMap, HashSet};
use std::net::Ipv4Addr;

pub struct Context<'a> {
    pub design: Design,
    pub report: Report,
    ids: IdAllocator,
    resources: &'a [Resource],
    /// Resource index by key (lowercase id, or `name:` key).
    index: HashMap<&'a str, usize>,
    /// Resource index by (kind, lowercase name), for references into id-less input.
    by_name: HashMap<(String, String), usize>,
    /// Child resources by the key of their parent, in input order.
    by_parent: HashMap<String, Vec<usize>>,
    /// Imported elements by the lowercase Azure id of their resource.
    elements: HashMap<String, (ElementKind, Id)>,
    consumed: HashSet<String>,
}

impl<'a> Context<'a> {
    pub fn new(resources: &'a [Resource]) -> Self {
        let mut index = HashMap::new();
        let mut by_name = HashMap::new();
        let mut by_parent: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, r) in resources.iter().enumerate() {
            index.insert(r.key.as_str(), i);
            if let Some(parent) = r.parent_key() {
                by_parent.entry(parent).or_default().push(i);
            }
            if !r.kind.is_empty() && !r.name.is_empty() {
                by_name.entry((r.kind.clone(), r.name.to_ascii_lowercase())).or_insert(i);
            }
        }
        Context {
            design: Design::default(),
            report: Report::default(),
            ids: IdAllocator::default(),
            resources,
            index,
            by_name,
            by_parent,
            elements: HashMap::new(),
            consumed: HashSet::new(),
        }
    }

    /// Every resource of a (lowercase) type, in input order.
    pub fn of_kind(&self, kind: &str) -> Vec<&'a Resource> {
        self.resources.iter().filter(|r| r.kind == kind).collect()
    }

    /// Every resource of the input, in input order.
    pub fn all(&self) -> &'a [Resource] {
        self.resources
    }

    /// The child resources of `parent` of a (lowercase) child type, e.g. the subnets of a VNet.
    /// Id-less children (projections) are found under the parent they were written in.
    pub fn children(&self, parent: &Resource, kind: &str) -> Vec<&'a Resource> {
        let by_id = self.by_parent.get(&parent.key).into_iter().flatten().filter_map(|&i| self.resources.get(i));
        by_id.filter(|r| r.kind == kind).collect()
    }

    /// The resource a reference names: by id (case-insensitive), else by type and name (input
    /// without ids). Accepts an id string or a `{"id": …}` object.
    pub fn resource(&self, reference: &Value) -> Option<&'a Resource> {
        let id = ref_id(reference)?;
        self.resource_by_id(id)
    }

    pub fn resource_by_id(&self, id: &str) -> Option<&'a Resource> {
        let key = id.to_ascii_lowercase();
        if let Some(&i) = self.index.get(key.as_str()) {
            return self.resources.get(i);
        }
        let kind = shape::kind_of_id(id)?;
        let i = self.by_name.get(&(kind, shape::name_of_id(id).to_ascii_lowercase()))?;
        self.resources.get(*i)
    }

    /// A fresh element id.
    pub fn alloc(&mut self, kind: ElementKind) -> Id {
        self.ids.next(kind.id_kind())
    }

    /// The element metadata of a resource: its Azure id and tags.
    pub fn meta(&self, r: &Resource) -> Meta {
        Meta { azure_id: r.id.clone(), external: false, tags: r.tags.clone() }
    }

    /// Records an imported element: findable by its resource's Azure id, counted in the report.
    pub fn imported(&mut self, r: &Resource, kind: ElementKind, id: Id) {
        self.consumed.insert(r.key.clone());
        self.elements.insert(r.key.clone(), (kind, id));
        *self.report.counts.entry(kind.label().to_string()).or_default() += 1;
    }

    /// Records an element made from part of a resource (a NIC's VM made up for an orphan NIC) or
    /// under an id that is no resource of the input.
    pub fn imported_as(&mut self, azure_id: &str, kind: ElementKind, id: Id) {
        self.elements.insert(azure_id.to_ascii_lowercase(), (kind, id));
        *self.report.counts.entry(kind.label().to_string()).or_default() += 1;
    }

    /// The element imported from the resource with this Azure id (or reference object).
    pub fn element(&self, reference: &Value) -> Option<&Id> {
        let id = ref_id(reference)?;
        self.element_by_id(id)
    }

    pub fn element_by_id(&self, azure_id: &str) -> Option<&Id> {
        if let Some((_, id)) = self.elements.get(&azure_id.to_ascii_lowercase()) {
            return Some(id);
        }
        let r = self.resource_by_id(azure_id)?;
        self.elements.get(&r.key).map(|(_, id)| id)
    }

    /// Marks a resource as read (part of another element, or used as a value).
    pub fn consume(&mut self, r: &Resource) {
        self.consumed.insert(r.key.clone());
    }

    pub fn is_consumed(&self, r: &Resource) -> bool {
        self.consumed.contains(r.key.as_str())
    }

    /// Reports a resource as not imported, with why.
    pub fn skip(&mut self, r: &Resource, why: impl Into<String>) {
        self.consumed.insert(r.key.clone());
        self.report.skipped.push(Skipped { azure_id: r.shown_id().to_string(), kind: r.kind.clone(), why: why.into() });
    }

    /// Reports a part of a resource (a rule, a field) as not imported.
    pub fn skip_part(&mut self, path: impl Into<String>, kind: &str, why: impl Into<String>) {
        self.report.skipped.push(Skipped { azure_id: path.into(), kind: kind.to_string(), why: why.into() });
    }

    /// Makes a placeholder element for a reference outside the input (`meta.external`): `make`
    /// pushes the element (given its id and meta) into the design. Returns the element's id; a
    /// second call for the same Azure id returns the first placeholder.
    pub fn placeholder(
        &mut self,
        azure_id: &str,
        kind: ElementKind,
        why: impl Into<String>,
        make: impl FnOnce(&mut Design, Id, Meta),
    ) -> Id {
        if let Some(id) = self.element_by_id(azure_id) {
            return id.clone();
        }
        let id = self.alloc(kind);
        let meta = Meta { azure_id: azure_id.to_string(), external: true, tags: Default::default() };
        make(&mut self.design, id.clone(), meta);
        self.elements.insert(azure_id.to_ascii_lowercase(), (kind, id.clone()));
        self.report.placeholders.push(Placeholder {
            azure_id: azure_id.to_string(),
            kind: kind.label().to_string(),
            name: shape::name_of_id(azure_id).to_string(),
            why: why.into(),
        });
        id
    }

    /// Reports a value changed to fit the model. `path` is `<azure id>#<json path>`.
    pub fn coerce(
        &mut self,
        path: impl Into<String>,
        from: impl Into<String>,
        to: impl Into<String>,
        why: impl Into<String>,
    ) {
        self.report.coerced.push(Coerced { path: path.into(), from: from.into(), to: to.into(), why: why.into() });
    }

    /// Reports an assumption about what Azure's JSON does not say.
    pub fn assume(&mut self, subject: impl Into<String>, text: impl Into<String>) {
        self.report.assumptions.push(Assumption { subject: subject.into(), text: text.into() });
    }

    /// An IPv4 address field: a string, or a `$vnetUnknown` marker (template `reference()`) whose
    /// resource has an address in the input (a firewall's, a NIC's, a load balancer frontend's),
    /// which is used and noted. `None` (reported) when neither gives an address.
    pub fn ip(&mut self, v: Option<&Value>, path: &str) -> Option<Ipv4Addr> {
        let v = v?;
        if let Some(s) = v.as_str() {
            return match s.trim().parse() {
                Ok(ip) => Some(ip),
                Err(_) => {
                    self.skip_part(path, "value", format!("'{s}' is not an IPv4 address"));
                    None
                }
            };
        }
        let unknown = shape::get_ci(v, "$vnetUnknown")?;
        let expression = shape::str_ci(unknown, "expression").unwrap_or_default().to_string();
        let named = shape::str_ci(unknown, "resource").and_then(|id| self.resource_by_id(id));
        match named.and_then(address_of) {
            Some(ip) => {
                let name = named.map(|r| r.name.clone()).unwrap_or_default();
                self.coerce(
                    path,
                    expression,
                    ip.to_string(),
                    format!("the template's runtime value is the private IP of '{name}'"),
                );
                Some(ip)
            }
            None => {
                self.skip_part(
                    path,
                    "value",
                    format!("unknown value: '{expression}' cannot be computed from the input"),
                );
                None
            }
        }
    }
}

impl Context<'_> {
    /// The string at a field, or `None` and a report line naming the field when it is a
    /// `$vnetUnknown` marker (a template expression not computable from the input) or not a
    /// string. Readers use it for every string field a template may leave unknown.
    pub fn text<'v>(&mut self, v: Option<&'v Value>, path: &str) -> Option<&'v str> {
        let v = v?;
        if let Some(s) = v.as_str() {
            return Some(s);
        }
        let why = match unknown_expression(v) {
            Some(e) => format!("unknown value: '{e}' cannot be computed from the input"),
            None => format!("{v} is not a string"),
        };
        self.skip_part(path, "value", why);
        None
    }
}

/// The expression of a `$vnetUnknown` marker.
pub fn unknown_expression(v: &Value) -> Option<&str> {
    shape::str_ci(shape::get_ci(v, "$vnetUnknown")?, "expression")
}

/// The id of a reference: a string or `{"id": "…"}`.
pub fn ref_id(v: &Value) -> Option<&str> {
    match v {
        Value::String(s) if !s.is_empty() => Some(s),
        Value::Object(_) => shape::str_ci(v, "id").filter(|s| !s.is_empty()),
        _ => None,
    }
}

/// The private address of a resource that has one: the first IP configuration of a firewall or
/// a NIC, the first frontend of a load balancer.
pub fn address_of(r: &Resource) -> Option<Ipv4Addr> {
    let configs = r.prop("ipConfigurations").or_else(|| r.prop("frontendIPConfigurations"))?;
    let first = configs.as_array()?.first()?;
    shape::str_ci(shape::props_of(first), "privateIPAddress")?.parse().ok()
}
