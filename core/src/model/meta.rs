//! Element metadata (schema v2, DECISIONS 25): where an element came from in Azure and what it is
//! tagged with. Import keeps the Azure resource id so a second import of the same environment
//! matches element by element; export writes it back. The engine reads none of it.

use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Clone, Debug, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Meta {
    /// The Azure resource id (`/subscriptions/…/resourceGroups/…/providers/…`); subscription and
    /// resource group are read from it. Empty for an element drawn in the studio.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub azure_id: String,
    /// A placeholder for a resource outside the design's input (DECISIONS 26): referenced, not
    /// described, so the engine treats it as given and export writes an `existing` reference.
    #[serde(skip_serializing_if = "super::serde_util::is_false")]
    pub external: bool,
    /// Azure tags, as Azure holds them.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub tags: BTreeMap<String, String>,
}

/// Every element's metadata, nested elements' too (a VM's NICs, a gateway's connections, a
/// zone's links, a resolver's endpoints), for what reads or clears all of it at once.
pub fn metas_mut(d: &mut super::Design) -> Vec<&mut Meta> {
    let mut out: Vec<&mut Meta> = Vec::new();
    out.extend(d.vnets.iter_mut().map(|e| &mut e.meta));
    out.extend(d.subnets.iter_mut().map(|e| &mut e.meta));
    out.extend(d.peerings.iter_mut().map(|e| &mut e.meta));
    out.extend(d.route_tables.iter_mut().map(|e| &mut e.meta));
    out.extend(d.nsgs.iter_mut().map(|e| &mut e.meta));
    out.extend(d.asgs.iter_mut().map(|e| &mut e.meta));
    for vm in &mut d.vms {
        out.push(&mut vm.meta);
        out.extend(vm.nics.iter_mut().map(|e| &mut e.meta));
    }
    out.extend(d.firewalls.iter_mut().map(|e| &mut e.meta));
    for g in &mut d.gateways {
        out.push(&mut g.meta);
        out.extend(g.connections.iter_mut().map(|e| &mut e.meta));
    }
    out.extend(d.sites.iter_mut().map(|e| &mut e.meta));
    out.extend(d.paas.iter_mut().map(|e| &mut e.meta));
    out.extend(d.private_endpoints.iter_mut().map(|e| &mut e.meta));
    for z in &mut d.dns_zones {
        out.push(&mut z.meta);
        out.extend(z.links.iter_mut().map(|e| &mut e.meta));
    }
    for r in &mut d.resolvers {
        out.push(&mut r.meta);
        out.extend(r.inbound_endpoints.iter_mut().map(|e| &mut e.meta));
        out.extend(r.outbound_endpoints.iter_mut().map(|e| &mut e.meta));
    }
    out.extend(d.rulesets.iter_mut().map(|e| &mut e.meta));
    out.extend(d.load_balancers.iter_mut().map(|e| &mut e.meta));
    out.extend(d.nat_gateways.iter_mut().map(|e| &mut e.meta));
    out
}

/// Whether any element carries an Azure resource id or tags (an imported design does).
pub fn has_azure_meta(d: &super::Design) -> bool {
    // Through the one list of where metadata lives ([`metas_mut`]), at the cost of a copy.
    without_azure_meta(d) != *d
}

/// The design without Azure resource ids, subscriptions (which live in the ids) and tags, as a
/// share link carries it by default (issue 19 §2): a link travels further than its author
/// thinks. Placeholders stay marked `external` (that is what they are, not where they live).
pub fn without_azure_meta(d: &super::Design) -> super::Design {
    let mut out = d.clone();
    for m in metas_mut(&mut out) {
        m.azure_id.clear();
        m.tags.clear();
    }
    out
}
