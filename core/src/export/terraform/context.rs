//! What the Terraform writers share: each element's resource type and label (given before any
//! block is written, so a reference never depends on writing order), the variables declared so
//! far, regions as variables, and the blocks written.
//!
//! Labels: the element's name in snake_case (`hub-vnet` → `hub_vnet`; a subnet's with its
//! VNet's), unique per resource type (Terraform's own rule), a number after a repeat; a name that
//! does not start with a letter gets the type's short name in front (`nsg_10_0_0_0`).

use crate::id::Id;
use crate::model::Design;
use hcl::expr::{Traversal, Variable};
use hcl::{Block, Expression};
use std::collections::{HashMap, HashSet};

/// One input variable.
pub(super) struct Var {
    pub name: String,
    pub kind: &'static str,
    pub default: Option<Expression>,
    pub description: String,
    pub sensitive: bool,
    /// Shown in the header: the model did not choose this value, the export did.
    pub assumed: Option<String>,
}

pub(super) struct Ctx<'d> {
    pub d: &'d Design,
    used: HashMap<&'static str, HashSet<String>>,
    refs: HashMap<Id, (&'static str, String)>,
    pub vars: Vec<Var>,
    pub blocks: Vec<Block>,
    regions: Vec<String>,
    ids: crate::export::arm::Ids<'d>,
}

/// `hub-vnet` → `hub_vnet`.
pub(super) fn snake(text: &str) -> String {
    let mut out = String::new();
    for word in text.split(|c: char| !c.is_ascii_alphanumeric()).filter(|w| !w.is_empty()) {
        if !out.is_empty() {
            out.push('_');
        }
        out.push_str(&word.to_ascii_lowercase());
    }
    out
}

/// `a.b.c`.
pub(super) fn path(root: &str, attrs: &[&str]) -> Expression {
    let mut t = Traversal::builder(Variable::unchecked(root));
    for a in attrs {
        t = t.attr(*a);
    }
    Expression::from(t.build())
}

impl<'d> Ctx<'d> {
    pub fn new(d: &'d Design) -> Self {
        let ids = crate::export::arm::Ids::new(d, true);
        Ctx {
            d,
            used: HashMap::new(),
            refs: HashMap::new(),
            vars: Vec::new(),
            blocks: Vec::new(),
            regions: Vec::new(),
            ids,
        }
    }

    /// A new unique label for a resource of `kind`.
    pub fn label(&mut self, kind: &'static str, name: &str, short: &str) -> String {
        let used = self.used.entry(kind).or_default();
        let mut base = snake(name);
        if !base.starts_with(|c: char| c.is_ascii_alphabetic()) {
            base = if base.is_empty() { short.to_string() } else { format!("{short}_{base}") };
        }
        let label = if used.contains(&base) {
            (2..).map(|n| format!("{base}_{n}")).find(|l| !used.contains(l)).unwrap_or(base)
        } else {
            base
        };
        used.insert(label.clone());
        label
    }

    /// Gives the element a resource of `kind` and a label; returns the label.
    pub fn register(&mut self, id: &Id, kind: &'static str, name: &str, short: &str) -> String {
        let label = self.label(kind, name, short);
        self.refs.insert(id.clone(), (kind, label.clone()));
        label
    }

    /// The element is reached through the variable `var.<name>` (a service not written here).
    pub fn register_var(&mut self, id: &Id, name: &str) {
        self.refs.insert(id.clone(), ("var", name.to_string()));
    }

    /// The element's resource type and label, when it has a resource here.
    pub fn resource(&self, id: &Id) -> Option<(&'static str, &str)> {
        self.refs.get(id).map(|(k, l)| (*k, l.as_str()))
    }

    /// `azurerm_x.label.attr` of an element; a placeholder's Azure id as a string; an element
    /// this export does not write (a service reached by variable) through its variable.
    pub fn attr(&self, id: &Id, attr: &str) -> Expression {
        match self.refs.get(id) {
            Some(("var", name)) => path("var", &[name]),
            Some((kind, label)) => path(kind, &[label, attr]),
            None => Expression::from(self.azure_id(id)),
        }
    }

    /// `….id` of an element.
    pub fn id(&self, id: &Id) -> Expression {
        self.attr(id, "id")
    }

    /// The Azure id of an element that is not written (a placeholder): its own, as the flat
    /// export writes it.
    fn azure_id(&self, id: &Id) -> String {
        self.ids.of(id)
    }

    /// The variable's reference, declaring it on first use.
    pub fn var(
        &mut self,
        name: &str,
        kind: &'static str,
        default: Option<Expression>,
        description: &str,
    ) -> Expression {
        self.var_full(name, kind, default, description, false)
    }

    /// A secret: `sensitive = true` and never a default.
    pub fn secret(&mut self, name: &str, description: &str) -> Expression {
        self.var_full(name, "string", None, description, true)
    }

    fn var_full(
        &mut self,
        name: &str,
        kind: &'static str,
        default: Option<Expression>,
        description: &str,
        sensitive: bool,
    ) -> Expression {
        if !self.vars.iter().any(|v| v.name == name) {
            let assumed =
                default.as_ref().filter(|_| name != "resource_group_name" && !name.starts_with("location")).map(shown);
            let description = description.to_string();
            self.vars.push(Var { name: name.to_string(), kind, default, description, sensitive, assumed });
        }
        path("var", &[name])
    }

    /// `var.location` for the first region met, `var.location_2`… for others.
    pub fn location(&mut self, region: &str) -> Expression {
        let at = match self.regions.iter().position(|r| r == region) {
            Some(i) => i,
            None => {
                self.regions.push(region.to_string());
                self.regions.len() - 1
            }
        };
        let name = if at == 0 { "location".to_string() } else { format!("location_{}", at + 1) };
        let description = if at == 0 {
            format!("Region of the design's resources (simulated in {region}).")
        } else {
            format!("Region of the resources the design places in {region}.")
        };
        self.var(&name, "string", Some(Expression::from(region)), &description)
    }

    /// The region of a subnet's VNet (a resource's own), or the design's first.
    pub fn region_of_subnet(&self, subnet: &Id) -> String {
        self.ids.ix.region_of_subnet(subnet).map_or_else(|| self.first_region(), str::to_string)
    }

    pub fn first_region(&self) -> String {
        self.d.vnets.first().map(|v| v.region.clone()).unwrap_or_default()
    }

    /// The design's lookups, indexed once.
    pub fn ix(&self) -> &crate::export::index::Index<'d> {
        &self.ids.ix
    }

    /// `azurerm_resource_group.this.name`.
    pub fn rg(&self) -> Expression {
        path("azurerm_resource_group", &["this", "name"])
    }

    pub fn push(&mut self, b: Block) {
        self.blocks.push(b);
    }
}

/// A default as the header lists it, on one line (it is a comment).
fn shown(e: &Expression) -> String {
    let mut f = hcl::format::Formatter::builder().compact(true).prefer_ident_keys(true).build_vec();
    match hcl::format::Format::format(e, &mut f) {
        Ok(()) => {
            String::from_utf8(f.into_inner()).unwrap_or_default().split_whitespace().collect::<Vec<_>>().join(" ")
        }
        Err(_) => String::new(),
    }
}
