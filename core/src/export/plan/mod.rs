//! What a deployment deploys, before it is written as an ARM template ([`super::template`]) or
//! Bicep ([`super::bicep`]): the flat REST resources of `arm` (the same property builders, so
//! the three shapes cannot drift) turned into template resources — full types and name
//! segments, API versions, children split out where a template declares them apart (subnets,
//! peerings, a private endpoint's DNS zone group), references to other resources as markers
//! (`$rid`), parameters as markers (`$param`), `dependsOn` where Azure needs an order, and the
//! properties a deployment needs that the model does not hold ([`deploy`]) as parameters.
//!
//! Markers are one-key JSON objects the writers replace: `{"$param": name}`,
//! `{"$expr": text}` (a function call written alike in ARM and Bicep, `subscription().tenantId`)
//! and `{"$rid": {type, names, id, res}}` (`res`: the index of the plan resource it names, or of
//! the one it is a sub-resource of; `id`: the Azure id as the flat shape wrote it).

mod api;
mod deploy;
mod refs;
pub(crate) mod symbols;

use crate::model::Design;
use serde_json::{json, Map, Value};
use std::collections::HashMap;

pub(crate) use refs::parse_id;

/// One template parameter.
pub(crate) struct Param {
    pub name: String,
    pub kind: ParamKind,
    /// `None`: the deployment must give it (secrets never get a default).
    pub default: Option<Value>,
    pub description: String,
    /// Whether the model did not choose this value and the export did (listed in headers).
    pub assumed: bool,
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum ParamKind {
    String,
    SecureString,
    Int,
    Object,
}

/// One resource to deploy (or, `existing`, one outside the design that it references).
pub(crate) struct Res {
    /// Unique symbolic name (Bicep identifier, languageVersion 2.0 style).
    pub symbol: String,
    /// Full type: `Microsoft.Network/virtualNetworks/subnets`.
    pub kind: String,
    pub api: &'static str,
    /// Name segments: `["hub", "AzureFirewallSubnet"]`.
    pub names: Vec<String>,
    pub parent: Option<usize>,
    /// `location`, `sku`, `kind`, `tags`, `properties`, with markers.
    pub body: Map<String, Value>,
    pub depends: Vec<usize>,
    pub existing: bool,
    /// An existing resource's subscription and resource group, when not the deployment's.
    pub scope: Option<(String, String)>,
}

pub(crate) struct Plan {
    pub params: Vec<Param>,
    pub resources: Vec<Res>,
    /// `vnetStudio`: what ARM cannot carry.
    pub studio: Value,
}

/// The plan of a design.
pub(crate) fn plan(d: &Design) -> Plan {
    let (flat, studio) = super::arm::for_template(d);
    let mut b = Builder { resources: Vec::new(), by_id: HashMap::new(), params: Vec::new() };
    for r in flat {
        b.add_flat(r);
    }
    deploy::complete(&mut b);
    refs::resolve(&mut b);
    symbols::assign(&mut b.resources, &b.params);
    Plan { params: b.params, resources: b.resources, studio }
}

pub(crate) struct Builder {
    pub resources: Vec<Res>,
    /// Lowercase flat id → index.
    pub by_id: HashMap<String, usize>,
    pub params: Vec<Param>,
}

impl Builder {
    /// A parameter marker, declaring the parameter on first use.
    pub fn param(&mut self, name: &str, kind: ParamKind, default: Option<Value>, description: &str) -> Value {
        if !self.params.iter().any(|p| p.name == name) {
            let assumed = kind != ParamKind::SecureString && default.is_some();
            let description = description.to_string();
            self.params.push(Param { name: name.to_string(), kind, default, description, assumed });
        }
        json!({ "$param": name })
    }

    fn push(&mut self, id: &str, mut body: Map<String, Value>) -> Option<usize> {
        let parsed = parse_id(id)?;
        let parent = if parsed.names.len() > 1 {
            let parent_id = id.rsplitn(3, '/').nth(2).unwrap_or_default().to_ascii_lowercase();
            self.by_id.get(&parent_id).copied()
        } else {
            None
        };
        for k in ["id", "name", "type"] {
            body.remove(k);
        }
        let at = self.resources.len();
        self.by_id.insert(id.to_ascii_lowercase(), at);
        self.resources.push(Res {
            symbol: String::new(),
            api: api::version(&parsed.kind),
            kind: parsed.kind,
            names: parsed.names,
            parent,
            body,
            depends: Vec::new(),
            existing: false,
            scope: None,
        });
        Some(at)
    }

    /// One flat resource, its inline children split out where a template declares them apart.
    fn add_flat(&mut self, r: Value) {
        let Value::Object(mut body) = r else { return };
        let id = body.get("id").and_then(Value::as_str).unwrap_or_default().to_string();
        let kind = body.get("type").and_then(Value::as_str).unwrap_or_default().to_string();
        let split: &[&str] = match kind.as_str() {
            // Subnets and peerings apart, as Azure Verified Modules deploy them: a route table or
            // NSG a subnet names, or the remote VNet of a peering, is then a dependency of that
            // child, not of the whole VNet.
            "Microsoft.Network/virtualNetworks" => &["subnets", "virtualNetworkPeerings"],
            // A zone group is a child resource; PUT of an endpoint does not take it inline.
            "Microsoft.Network/privateEndpoints" => &["privateDnsZoneGroups"],
            _ => &[],
        };
        let mut children = Vec::new();
        if let Some(Value::Object(props)) = body.get_mut("properties") {
            for key in split {
                if let Some(Value::Array(items)) = props.remove(*key) {
                    children.extend(items.into_iter().map(|c| (key.to_string(), c)));
                }
            }
        }
        if self.push(&id, body).is_none() {
            return;
        }
        for (key, child) in children {
            let Value::Object(mut c) = child else { continue };
            let name = c.get("name").and_then(Value::as_str).unwrap_or_default().to_string();
            let child_id = match c.get("id").and_then(Value::as_str) {
                Some(cid) => cid.to_string(),
                None => format!("{id}/{key}/{name}"),
            };
            c.remove("type");
            self.push(&child_id, c);
        }
    }
}
