//! Ids and references (DECISIONS 8, 11): every id is unique, and every id field names an element
//! of the kind it expects. The engine skips a dangling reference; this module says so, once per
//! field.

use super::index::{label, Index};
use super::{Code, Out};
use crate::id::Id;
use crate::model::*;

pub(super) fn check(ix: &Index, out: &mut Out) {
    duplicate_ids(ix, out);
    let mut r = Refs { ix, out };
    network(&mut r);
    compute(&mut r);
    services(&mut r);
    dns(&mut r);
    questions(&mut r);
    balancing(&mut r);
    intents(&mut r);
}

/// Every entry but the first with its id is a duplicate; the index knows which is first.
fn duplicate_ids(ix: &Index, out: &mut Out) {
    for (i, e) in ix.entries.iter().enumerate() {
        if ix.position(e.id) == i {
            continue;
        }
        if let Some(f) = ix.entry(e.id) {
            let msg = format!(
                "{}: id '{}' is already used by {}",
                label(e.kind, e.name, e.id),
                e.id,
                label(f.kind, f.name, f.id)
            );
            out.push(Code::DuplicateId, e.owner, e.path("id"), msg);
        }
    }
}

/// The reference checker: knows the index and where to report.
struct Refs<'i, 'a> {
    ix: &'i Index<'a>,
    out: &'i mut Out,
}

impl Refs<'_, '_> {
    /// `target`, found in `field` of `owner`, must name an element of one of the `want` kinds
    /// (any kind when `want` is empty). The field path is built only when there is something to report.
    fn expect(&mut self, owner: &Id, field: impl FnOnce() -> String, target: &Id, want: &[ElementKind]) {
        let problem = match self.ix.entry(target) {
            None => format!("names no {}", kinds(want)),
            Some(e) if !want.is_empty() && !want.contains(&e.kind) => {
                format!("names {:#}, not a {}", label(e.kind, e.name, e.id), kinds(want))
            }
            Some(_) => return,
        };
        let field = field();
        let msg = format!("{}: {field} '{target}' {problem}", self.ix.label_of(owner));
        self.out.push(Code::DanglingReference, owner, field, msg);
    }

    fn opt(&mut self, owner: &Id, field: impl FnOnce() -> String, target: &Option<Id>, want: ElementKind) {
        if let Some(t) = target {
            self.expect(owner, field, t, &[want]);
        }
    }
}

/// "subnet", or "network interface, virtual machine or on-premises host".
fn kinds(want: &[ElementKind]) -> String {
    match want {
        [] => "element".to_string(),
        [one] => one.label().to_string(),
        [init @ .., last] => {
            let init: Vec<&str> = init.iter().map(|k| k.label()).collect();
            format!("{} or {}", init.join(", "), last.label())
        }
    }
}

fn network(r: &mut Refs) {
    use ElementKind as K;
    let d = r.ix.design;
    for s in &d.subnets {
        r.expect(&s.id, || "vnet".into(), &s.vnet, &[K::Vnet]);
        r.opt(&s.id, || "routeTable".into(), &s.route_table, K::RouteTable);
        r.opt(&s.id, || "nsg".into(), &s.nsg, K::Nsg);
    }
    for p in &d.peerings {
        r.expect(&p.id, || "vnet".into(), &p.vnet, &[K::Vnet]);
        r.expect(&p.id, || "remoteVnet".into(), &p.remote_vnet, &[K::Vnet]);
    }
    for fw in &d.firewalls {
        r.expect(&fw.id, || "subnet".into(), &fw.subnet, &[K::Subnet]);
    }
    for g in &d.gateways {
        r.expect(&g.id, || "subnet".into(), &g.subnet, &[K::Subnet]);
        for (i, c) in g.connections.iter().enumerate() {
            match &c.peer {
                ConnectionPeer::Site(site) => r.expect(&g.id, || format!("connections[{i}].site"), site, &[K::Site]),
                ConnectionPeer::Gateway(remote) => {
                    r.expect(&g.id, || format!("connections[{i}].remoteGateway"), remote, &[K::Gateway])
                }
            }
        }
    }
}

fn compute(r: &mut Refs) {
    use ElementKind as K;
    let d = r.ix.design;
    for vm in &d.vms {
        for (i, nic) in vm.nics.iter().enumerate() {
            r.expect(&vm.id, || format!("nics[{i}].subnet"), &nic.subnet, &[K::Subnet]);
            r.opt(&vm.id, || format!("nics[{i}].nsg"), &nic.nsg, K::Nsg);
        }
    }
    for nsg in &d.nsgs {
        for (i, rule) in nsg.rules.iter().enumerate() {
            for (j, a) in rule.source_asgs.iter().enumerate() {
                r.expect(&nsg.id, || format!("rules[{i}].sourceAsgs[{j}]"), a, &[K::Asg]);
            }
            for (j, a) in rule.destination_asgs.iter().enumerate() {
                r.expect(&nsg.id, || format!("rules[{i}].destinationAsgs[{j}]"), a, &[K::Asg]);
            }
        }
    }
    for asg in &d.asgs {
        for (i, n) in asg.nics.iter().enumerate() {
            r.expect(&asg.id, || format!("nics[{i}]"), n, &[K::Nic]);
        }
    }
}

/// Load balancers (frontend subnet, backend NICs) and NAT gateways (the subnets they serve).
fn balancing(r: &mut Refs) {
    use ElementKind as K;
    let d = r.ix.design;
    for lb in &d.load_balancers {
        r.expect(&lb.id, || "subnet".into(), &lb.subnet, &[K::Subnet]);
        for (i, b) in lb.backends.iter().enumerate() {
            r.expect(&lb.id, || format!("backends[{i}].nic"), &b.nic, &[K::Nic]);
        }
    }
    for ng in &d.nat_gateways {
        for (i, s) in ng.subnets.iter().enumerate() {
            r.expect(&ng.id, || format!("subnets[{i}]"), s, &[K::Subnet]);
        }
    }
}

/// An intent's ends may be any element that holds addresses; its device is a firewall or an NVA.
fn intents(r: &mut Refs) {
    use ElementKind as K;
    let d = r.ix.design;
    for it in &d.intents {
        let (from, to, device) = match &it.check {
            IntentCheck::Reach { from, to, .. }
            | IntentCheck::Isolate { from, to, .. }
            | IntentCheck::Symmetric { from, to, .. } => (from, Some(to), None),
            IntentCheck::Through { from, to, device, .. } => (from, Some(to), Some(device)),
            IntentCheck::Resolves { from, .. } => (from, None, None),
        };
        for (field, end) in [("from.id", Some(from)), ("to.id", to)] {
            if let Some(IntentEnd::Element { id }) = end {
                r.expect(&it.id, || field.into(), id, &[]);
            }
        }
        if let Some(device) = device {
            r.expect(&it.id, || "device".into(), device, &[K::Firewall, K::Vm, K::LoadBalancer]);
        }
    }
}

fn services(r: &mut Refs) {
    use ElementKind as K;
    let d = r.ix.design;
    for p in &d.paas {
        for (i, s) in p.allowed_subnets.iter().enumerate() {
            r.expect(&p.id, || format!("allowedSubnets[{i}]"), s, &[K::Subnet]);
        }
    }
    for pe in &d.private_endpoints {
        r.expect(&pe.id, || "subnet".into(), &pe.subnet, &[K::Subnet]);
        if let PeTarget::Paas { resource, .. } = &pe.target {
            r.expect(&pe.id, || "target.resource".into(), resource, &[K::Paas]);
        }
        for (i, z) in pe.dns_zone_group.iter().enumerate() {
            r.expect(&pe.id, || format!("dnsZoneGroup[{i}]"), z, &[K::Zone]);
        }
    }
}

fn dns(r: &mut Refs) {
    use ElementKind as K;
    let d = r.ix.design;
    for z in &d.dns_zones {
        for (i, l) in z.links.iter().enumerate() {
            r.expect(&z.id, || format!("links[{i}].vnet"), &l.vnet, &[K::Vnet]);
        }
    }
    for res in &d.resolvers {
        r.expect(&res.id, || "vnet".into(), &res.vnet, &[K::Vnet]);
        for (i, e) in res.inbound_endpoints.iter().enumerate() {
            r.expect(&res.id, || format!("inboundEndpoints[{i}].subnet"), &e.subnet, &[K::Subnet]);
        }
        for (i, e) in res.outbound_endpoints.iter().enumerate() {
            r.expect(&res.id, || format!("outboundEndpoints[{i}].subnet"), &e.subnet, &[K::Subnet]);
        }
    }
    for rs in &d.rulesets {
        for (i, e) in rs.outbound_endpoints.iter().enumerate() {
            let field = format!("outboundEndpoints[{i}]");
            if r.ix.kind(e) == Some(K::ResolverEndpoint) && !r.ix.is_outbound_endpoint(e) {
                let msg = format!(
                    "{}: {field} '{e}' names an inbound endpoint; a ruleset sends through outbound endpoints",
                    label(K::Ruleset, &rs.name, &rs.id)
                );
                r.out.push(Code::DanglingReference, &rs.id, field, msg);
            } else {
                r.expect(&rs.id, || field, e, &[K::ResolverEndpoint]);
            }
        }
        for (i, v) in rs.vnet_links.iter().enumerate() {
            r.expect(&rs.id, || format!("vnetLinks[{i}]"), v, &[K::Vnet]);
        }
    }
}

/// Traffic assumptions may run between any two elements; questions start at a NIC or host (a
/// trace), or at whatever can send a query or a flow (resolve, connect).
fn questions(r: &mut Refs) {
    use ElementKind as K;
    let d = r.ix.design;
    for t in &d.traffic {
        r.expect(&t.id, || "from".into(), &t.from, &[]);
        r.expect(&t.id, || "to".into(), &t.to, &[]);
    }
    for q in &d.questions {
        match &q.ask {
            Ask::Trace { from, .. } => match from {
                FlowSource::Nic { id } => r.expect(&q.id, || "from.id".into(), id, &[K::Nic]),
                FlowSource::Host { id } => r.expect(&q.id, || "from.id".into(), id, &[K::Host]),
                FlowSource::Internet { .. } => {}
            },
            Ask::Resolve { from, .. } | Ask::Connect { from, .. } => {
                r.expect(&q.id, || "from".into(), from, &[K::Vm, K::Nic, K::Host, K::OnPremDns]);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::fixture::{at, found, hub_spoke, subnet};
    use super::*;

    #[test]
    fn every_reference_field_is_checked() {
        let (mut d, ids) = hub_spoke();
        let gone = Id::from("gone");
        subnet(&mut d, &ids.vm_subnet).route_table = Some(gone.clone());
        d.peerings[0].remote_vnet = gone.clone();
        d.vms[0].nics[0].nsg = Some(gone.clone());
        d.gateways[0].connections[0].peer = ConnectionPeer::Site(gone.clone());
        d.paas[0].allowed_subnets.push(gone.clone());
        d.private_endpoints[0].dns_zone_group.push(gone.clone());
        d.dns_zones[0].links[0].vnet = gone.clone();
        d.resolvers[0].outbound_endpoints[0].subnet = gone.clone();
        d.rulesets[0].vnet_links.push(gone.clone());
        d.traffic[0].to = gone.clone();
        let c = Code::DanglingReference;
        let got: Vec<_> = found(&d).into_iter().filter(|f| f.0 == c).collect();
        assert_eq!(
            got,
            vec![
                at(c, &ids.vm_subnet, "routeTable"),
                at(c, &d.peerings[0].id, "remoteVnet"),
                at(c, &ids.vm, "nics[0].nsg"),
                at(c, &ids.gw, "connections[0].site"),
                at(c, &ids.storage, "allowedSubnets[1]"),
                at(c, &ids.pe, "dnsZoneGroup[1]"),
                at(c, &ids.zone, "links[0].vnet"),
                at(c, &ids.resolver, "outboundEndpoints[0].subnet"),
                at(c, &ids.ruleset, "vnetLinks[1]"),
                at(c, &ids.traffic, "to"),
            ]
        );
    }

    #[test]
    fn a_reference_to_the_wrong_kind_says_what_it_names() {
        let (mut d, ids) = hub_spoke();
        d.private_endpoints[0].target = PeTarget::Paas { resource: ids.vm.clone(), sub_resource: "blob".into() };
        d.rulesets[0].outbound_endpoints = vec![d.resolvers[0].inbound_endpoints[0].id.clone()];
        d.questions[0].ask = Ask::Resolve { from: ids.hub.clone(), name: "x.contoso.com".into() };
        let diags = super::super::validate(&d);
        let got: Vec<_> = diags.iter().map(|x| (x.code, x.element.clone().unwrap(), x.field.as_str())).collect();
        let c = Code::DanglingReference;
        assert_eq!(
            got,
            vec![
                (c, ids.pe.clone(), "target.resource"),
                (c, ids.ruleset.clone(), "outboundEndpoints[0]"),
                (c, ids.question.clone(), "from"),
            ]
        );
        assert_eq!(
            diags[0].message,
            format!(
                "Private endpoint 'pe-blob': target.resource '{}' names virtual machine 'vm-app', not a PaaS resource",
                ids.vm
            )
        );
    }

    #[test]
    fn duplicate_ids_name_the_first_holder() {
        let (mut d, ids) = hub_spoke();
        d.vms[0].nics[0].id = ids.hub.clone();
        let diags = super::super::validate(&d);
        // The question's trace starts at the NIC's old id, which now names nothing.
        let got: Vec<_> = diags.iter().map(|x| (x.code, x.field.as_str())).collect();
        assert_eq!(got, vec![(Code::DuplicateId, "nics[0].id"), (Code::DanglingReference, "from.id")]);
        assert_eq!(diags[0].element.as_ref(), Some(&ids.vm));
        assert!(diags[0].message.contains("already used by Virtual network 'vnet-hub'"));
    }
}
