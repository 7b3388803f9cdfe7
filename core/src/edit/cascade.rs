//! What removing an element takes with it (DECISIONS 13): elements that cannot exist without it
//! are removed too (a subnet without its VNet, a firewall without its subnet, a peering link
//! without either VNet), and references to it are cleared (a subnet's route table, a NIC's NSG, a
//! zone link to a removed VNet). Intents stay as they are, even when what they name goes (see
//! `fate`). The result is a plan of plain edits, so its inverse is exact.

use super::element::Element;
use crate::id::Id;
use crate::model::*;
use std::collections::BTreeSet;

/// What happens to one element when the ids in `removed` disappear.
enum Fate {
    Keep,
    Remove,
    Change(Box<Element>),
}

/// The ids that go (the element, what is nested in it, and what depends on them), and the
/// updated versions of the elements that only lose references.
pub(super) struct Plan {
    pub removed: BTreeSet<Id>,
    /// Top-level elements to remove, in design order.
    pub removals: Vec<Id>,
    /// Elements that stay, with references to removed ids cleared.
    pub updates: Vec<Element>,
}

/// The cascade of removing `id` (a top-level element or a nested one such as a NIC or zone link).
pub(super) fn plan(design: &Design, id: &Id) -> Plan {
    let elements = Element::all(design);
    let mut removed: BTreeSet<Id> = BTreeSet::new();
    removed.insert(id.clone());
    if let Some(e) = elements.iter().find(|e| e.id() == id) {
        removed.extend(e.ids());
    }
    // Fixpoint: a removal can remove further elements (VNet → subnet → VM → saved question).
    loop {
        let mut grew = false;
        for e in &elements {
            if removed.contains(e.id()) {
                continue;
            }
            match fate(e, &removed) {
                Fate::Keep => {}
                Fate::Remove => {
                    for i in e.ids() {
                        grew |= removed.insert(i);
                    }
                }
                Fate::Change(new) => {
                    let kept: BTreeSet<Id> = new.ids().into_iter().collect();
                    for i in e.ids().into_iter().filter(|i| !kept.contains(i)) {
                        grew |= removed.insert(i);
                    }
                }
            }
        }
        if !grew {
            break;
        }
    }
    let mut removals = Vec::new();
    let mut updates = Vec::new();
    for e in elements {
        if removed.contains(e.id()) {
            removals.push(e.id().clone());
        } else if let Fate::Change(new) = fate(&e, &removed) {
            updates.push(*new);
        }
    }
    Plan { removed, removals, updates }
}

fn fate(element: &Element, gone: &BTreeSet<Id>) -> Fate {
    let g = |id: &Id| gone.contains(id);
    let g_opt = |id: &Option<Id>| id.as_ref().is_some_and(|i| gone.contains(i));
    let changed = |e: Element| if &e == element { Fate::Keep } else { Fate::Change(Box::new(e)) };
    match element {
        Element::Vnet(_) | Element::RouteTable(_) => Fate::Keep,
        Element::Nsg(nsg) => {
            // A rule that names only removed application security groups cannot exist without
            // them (Azure refuses to delete a group in use); one that keeps a group stays.
            let mut nsg = nsg.clone();
            nsg.rules.retain_mut(|r| {
                let (src, dst) = (r.source_asgs.len(), r.destination_asgs.len());
                r.source_asgs.retain(|a| !g(a));
                r.destination_asgs.retain(|a| !g(a));
                !(src > 0 && r.source_asgs.is_empty() || dst > 0 && r.destination_asgs.is_empty())
            });
            changed(Element::Nsg(nsg))
        }
        Element::Subnet(s) => {
            if g(&s.vnet) {
                return Fate::Remove;
            }
            let mut s = s.clone();
            if g_opt(&s.route_table) {
                s.route_table = None;
            }
            if g_opt(&s.nsg) {
                s.nsg = None;
            }
            changed(Element::Subnet(s))
        }
        Element::Peering(p) if g(&p.vnet) || g(&p.remote_vnet) => Fate::Remove,
        Element::Peering(_) => Fate::Keep,
        Element::Vm(vm) => {
            let mut vm = vm.clone();
            let before = vm.nics.len();
            vm.nics.retain(|n| !g(&n.id) && !g(&n.subnet));
            if before > 0 && vm.nics.is_empty() {
                return Fate::Remove;
            }
            for nic in &mut vm.nics {
                if g_opt(&nic.nsg) {
                    nic.nsg = None;
                }
            }
            changed(Element::Vm(vm))
        }
        Element::Firewall(fw) if g(&fw.subnet) => Fate::Remove,
        Element::Firewall(_) => Fate::Keep,
        Element::Gateway(gw) => {
            if g(&gw.subnet) {
                return Fate::Remove;
            }
            let mut gw = gw.clone();
            gw.connections.retain(|c| !g(&c.id) && !g(c.peer.id()));
            changed(Element::Gateway(gw))
        }
        Element::Site(site) => {
            let mut site = site.clone();
            site.hosts.retain(|h| !g(&h.id));
            site.dns_servers.retain(|d| !g(&d.id));
            changed(Element::Site(site))
        }
        Element::Paas(p) => {
            let mut p = p.clone();
            p.allowed_subnets.retain(|s| !g(s));
            changed(Element::Paas(p))
        }
        Element::PrivateEndpoint(pe) => {
            let target_gone = matches!(&pe.target, PeTarget::Paas { resource, .. } if g(resource));
            if g(&pe.subnet) || target_gone {
                return Fate::Remove;
            }
            let mut pe = pe.clone();
            pe.dns_zone_group.retain(|z| !g(z));
            changed(Element::PrivateEndpoint(pe))
        }
        Element::Zone(z) => {
            let mut z = z.clone();
            z.links.retain(|l| !g(&l.id) && !g(&l.vnet));
            changed(Element::Zone(z))
        }
        Element::Resolver(r) => {
            if g(&r.vnet) {
                return Fate::Remove;
            }
            let mut r = r.clone();
            r.inbound_endpoints.retain(|e| !g(&e.id) && !g(&e.subnet));
            r.outbound_endpoints.retain(|e| !g(&e.id) && !g(&e.subnet));
            changed(Element::Resolver(r))
        }
        Element::Ruleset(rs) => {
            let mut rs = rs.clone();
            rs.outbound_endpoints.retain(|e| !g(e));
            rs.vnet_links.retain(|v| !g(v));
            changed(Element::Ruleset(rs))
        }
        Element::LoadBalancer(lb) if g(&lb.subnet) => Fate::Remove,
        Element::LoadBalancer(lb) => {
            let mut lb = lb.clone();
            lb.backends.retain(|b| !g(&b.nic));
            changed(Element::LoadBalancer(lb))
        }
        Element::NatGateway(ng) => {
            let mut ng = ng.clone();
            ng.subnets.retain(|s| !g(s));
            changed(Element::NatGateway(ng))
        }
        Element::Asg(asg) => {
            let mut asg = asg.clone();
            asg.nics.retain(|n| !g(n));
            changed(Element::Asg(asg))
        }
        // A promise outlives what it names (a Sim choice): removing the firewall an intent
        // passes through leaves the intent, now unchecked ("'afw-hub' is not in the design"),
        // so the Intents tab, Compare and `vnet diff` show the promise broken instead of
        // losing it silently with the element.
        Element::Intent(_) => Fate::Keep,
        Element::Traffic(t) if g(&t.from) || g(&t.to) => Fate::Remove,
        Element::Traffic(_) => Fate::Keep,
        Element::Question(q) => {
            let from = match &q.ask {
                Ask::Trace { from: FlowSource::Nic { id } | FlowSource::Host { id }, .. } => Some(id),
                Ask::Trace { .. } => None,
                Ask::Resolve { from, .. } | Ask::Connect { from, .. } => Some(from),
            };
            if from.is_some_and(g) {
                Fate::Remove
            } else {
                Fate::Keep
            }
        }
    }
}
