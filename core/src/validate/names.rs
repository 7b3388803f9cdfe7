//! Unique names. Azure resource names are unique per kind within a resource group and compared
//! case-insensitively; a design is treated as one resource group. Subnets and peering links are
//! unique within their VNet, routes and rules within their table, NSG or ruleset, and PaaS
//! resources within their service (the name is the first label of a public host name).

use super::index::{label, Index};
use super::{Code, Out};
use crate::id::Id;
use crate::model::*;
use crate::network::HashSet;
use std::borrow::Cow;

pub(super) fn check(ix: &Index, out: &mut Out) {
    use ElementKind as K;
    let d = ix.design;
    // Roughly one name per element, plus routes and rules.
    let mut n = Names { out, seen: HashSet::with_capacity_and_hasher(2 * ix.entries.len(), Default::default()) };
    let top = |k: ElementKind| move || format!("another {}", k.label());
    for v in &d.vnets {
        n.unique(Owner(&v.id, K::Vnet, &v.name), || "name".into(), (K::Vnet, ""), &v.name, top(K::Vnet));
    }
    for s in &d.subnets {
        let vnet = ix.vnet(&s.vnet).map_or(s.vnet.as_str(), |v| v.name.as_str());
        let what = || format!("another subnet of virtual network '{vnet}'");
        n.unique(Owner(&s.id, K::Subnet, &s.name), || "name".into(), (K::Subnet, s.vnet.as_str()), &s.name, what);
    }
    for p in &d.peerings {
        let what = || "another peering link of the same virtual network".to_string();
        n.unique(Owner(&p.id, K::Peering, &p.name), || "name".into(), (K::Peering, p.vnet.as_str()), &p.name, what);
    }
    for t in &d.route_tables {
        let owner = Owner(&t.id, K::RouteTable, &t.name);
        n.unique(owner, || "name".into(), (K::RouteTable, ""), &t.name, top(K::RouteTable));
        for (i, r) in t.routes.iter().enumerate() {
            let what = || "another route of the table".to_string();
            n.unique(owner, || format!("routes[{i}].name"), (K::RouteTable, t.id.as_str()), &r.name, what);
        }
    }
    for g in &d.nsgs {
        let owner = Owner(&g.id, K::Nsg, &g.name);
        n.unique(owner, || "name".into(), (K::Nsg, ""), &g.name, top(K::Nsg));
        for (i, r) in g.rules.iter().enumerate() {
            let what = || "another rule of the NSG".to_string();
            n.unique(owner, || format!("rules[{i}].name"), (K::Nsg, g.id.as_str()), &r.name, what);
        }
    }
    for vm in &d.vms {
        let owner = Owner(&vm.id, K::Vm, &vm.name);
        n.unique(owner, || "name".into(), (K::Vm, ""), &vm.name, top(K::Vm));
        for (i, nic) in vm.nics.iter().enumerate() {
            n.unique(owner, || format!("nics[{i}].name"), (K::Nic, ""), &nic.name, top(K::Nic));
        }
    }
    for f in &d.firewalls {
        n.unique(Owner(&f.id, K::Firewall, &f.name), || "name".into(), (K::Firewall, ""), &f.name, top(K::Firewall));
    }
    for g in &d.gateways {
        n.unique(Owner(&g.id, K::Gateway, &g.name), || "name".into(), (K::Gateway, ""), &g.name, top(K::Gateway));
    }
    for s in &d.sites {
        n.unique(Owner(&s.id, K::Site, &s.name), || "name".into(), (K::Site, ""), &s.name, top(K::Site));
    }
    for p in &d.paas {
        let what = || format!("another '{}' resource", p.service);
        let scope = (K::Paas, p.service.as_str());
        n.unique(Owner(&p.id, K::Paas, &p.name), || "name".into(), scope, &p.name, what);
    }
    for p in &d.private_endpoints {
        let owner = Owner(&p.id, K::PrivateEndpoint, &p.name);
        n.unique(owner, || "name".into(), (K::PrivateEndpoint, ""), &p.name, top(K::PrivateEndpoint));
    }
    for z in &d.dns_zones {
        // DNS names: `Contoso.com.` is `contoso.com`.
        let name = z.name.trim_end_matches('.');
        n.unique(Owner(&z.id, K::Zone, &z.name), || "name".into(), (K::Zone, ""), name, top(K::Zone));
    }
    for r in &d.resolvers {
        n.unique(Owner(&r.id, K::Resolver, &r.name), || "name".into(), (K::Resolver, ""), &r.name, top(K::Resolver));
    }
    for r in &d.rulesets {
        let owner = Owner(&r.id, K::Ruleset, &r.name);
        n.unique(owner, || "name".into(), (K::Ruleset, ""), &r.name, top(K::Ruleset));
        for (i, rule) in r.rules.iter().enumerate() {
            let what = || "another rule of the ruleset".to_string();
            n.unique(owner, || format!("rules[{i}].name"), (K::Ruleset, r.id.as_str()), &rule.name, what);
        }
    }
}

/// The element a finding goes on: its id, kind and name (for the message).
#[derive(Clone, Copy)]
struct Owner<'x>(&'x Id, ElementKind, &'x str);

struct Names<'o, 'a> {
    out: &'o mut Out,
    /// (kind, scope, lower-case name) seen so far.
    seen: HashSet<(ElementKind, &'a str, Cow<'a, str>)>,
}

impl<'a> Names<'_, 'a> {
    /// Records `name`, unique per `scope` (a kind and, for scoped names, the id of the container),
    /// and reports it on `owner` at `field` if it was seen before. Empty names are the editor's business.
    fn unique(
        &mut self,
        owner: Owner,
        field: impl FnOnce() -> String,
        scope: (ElementKind, &'a str),
        name: &'a str,
        what: impl FnOnce() -> String,
    ) {
        // Most names are lower case already: borrow them rather than allocate. ASCII case only
        // (a choice): Azure's naming rules allow ASCII letters in these names, and it keeps
        // Unicode's case tables out of the first-load wasm.
        let key = if name.bytes().any(|b| b.is_ascii_uppercase()) {
            Cow::Owned(name.to_ascii_lowercase())
        } else {
            Cow::Borrowed(name)
        };
        if name.is_empty() || self.seen.insert((scope.0, scope.1, key)) {
            return;
        }
        let Owner(id, kind, owner_name) = owner;
        let field = field();
        let msg = format!("{}: {field} '{name}' is already used by {}", label(kind, owner_name, id), what());
        self.out.push(Code::DuplicateName, id, field, msg);
    }
}

#[cfg(test)]
mod tests {
    use super::super::fixture::{at, found, hub_spoke};
    use super::*;
    use crate::build::DesignBuilder;

    #[test]
    fn duplicate_names_per_kind_and_scope() {
        let (d, ids) = hub_spoke();
        let mut b = DesignBuilder::from_design(d);
        let hub2 = b.vnet("VNET-HUB", "westus", &["10.50.0.0/16"]);
        // The same subnet name in another VNet is fine; twice in one VNet is not.
        b.subnet(&hub2, "snet-vm", "10.50.0.0/24");
        let dup = b.subnet(&ids.spoke, "Snet-VM", "10.1.2.0/24");
        let (vm2, _) = b.vm("vm-app", &dup, "10.1.2.4");
        let nsg2 = b.nsg("nsg-vm", vec![], &[]);
        let zone2 = b.zone("PrivateLink.Blob.Core.Windows.Net.");
        let rt2 = b.route_table("rt-other", false, &[], &[]);
        let mut d = b.build().unwrap();
        let mut routes = d.route_tables[0].routes.clone();
        routes.extend(routes.clone());
        routes[1].prefix = "10.9.0.0/16".parse().unwrap();
        d.route_tables.iter_mut().filter(|t| t.id == rt2).for_each(|t| t.routes = routes.clone());
        let c = Code::DuplicateName;
        let got: Vec<_> = found(&d).into_iter().filter(|f| f.0 == c).collect();
        assert_eq!(
            got,
            vec![
                at(c, &hub2, "name"),
                at(c, &dup, "name"),
                at(c, &rt2, "routes[1].name"),
                at(c, &nsg2, "name"),
                at(c, &vm2, "name"),
                at(c, &vm2, "nics[0].name"),
                at(c, &zone2, "name"),
            ]
        );
    }
}
