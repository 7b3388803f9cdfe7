//! Peering fixes: a missing or one-way peering (P-1, P-2), a link refusing VNet access (P-4) or
//! forwarded traffic (P-5), and hub transit through the hub's firewall or NVA (P-1: peering is
//! not transitive, so spoke-to-spoke traffic needs UDRs to a forwarding device in the hub).

use super::routes::{add_routes, va_route};
use super::{filters, Candidate, Failure};
use crate::edit::{Edit, Element};
use crate::id::IdKind;
use crate::model::{PeeringLink, VmRole};
use crate::network::VnetIx;
use crate::trace::PathEnd;
use std::net::Ipv4Addr;

/// Whether the failure is a routing dead end (no route, the reserved `None` routes, nothing holds
/// the address, or the private endpoint's reply has nowhere to go): what a missing peering causes.
fn routing_dead_end(f: &Failure) -> bool {
    matches!(f.path.end, PathEnd::NoRoute) || (f.dropped() && matches!(f.rule, "R-2" | "R-3" | "R-4" | "R-19" | "E-11"))
}

/// P-1, P-2: the source and destination VNets are not connected (no link, or one link only).
/// Adds the missing link(s) with Azure's defaults (VNet access on, forwarded traffic off).
pub(super) fn missing_peering(f: &Failure) -> Vec<Candidate> {
    let (Some(s), Some(d)) = (f.source_vnet(), f.destination_vnet()) else { return Vec::new() };
    if s == d || f.eng.net.peer(s, d).is_some() || !routing_dead_end(f) {
        return Vec::new();
    }
    let net = &f.eng.net;
    let (sv, dv) = (net.vnets[s], net.vnets[d]);
    let has =
        |a: &crate::id::Id, b: &crate::id::Id| f.design.peerings.iter().any(|p| &p.vnet == a && &p.remote_vnet == b);
    let mut ids = f.design.id_allocator();
    let mut edits = Vec::new();
    for (from, to) in [(sv, dv), (dv, sv)] {
        if !has(&from.id, &to.id) {
            edits.push(Edit::Add(Element::Peering(PeeringLink {
                meta: Default::default(),
                id: ids.next(IdKind::Peering),
                name: format!("{}-to-{}", from.name, to.name),
                vnet: from.id.clone(),
                remote_vnet: to.id.clone(),
                allow_virtual_network_access: true,
                allow_forwarded_traffic: false,
                allow_gateway_transit: false,
                use_remote_gateways: false,
            })));
        }
    }
    let (title, rule, why) = if edits.len() == 2 {
        (
            format!("Peer {} with {} (both links)", sv.name, dv.name),
            "P-1",
            format!("Peering is not transitive (P-1): {} has no route to {} until the two VNets are peered directly, with a link on each side (P-2).", sv.name, dv.name),
        )
    } else {
        let (from, to) = if has(&sv.id, &dv.id) { (dv, sv) } else { (sv, dv) };
        (
            format!("Add the missing peering link {} → {}", from.name, to.name),
            "P-2",
            format!("A peering is two links (P-2); with only one, it is not connected and neither VNet gets a route to the other. Adding the link from {} completes it.", from.name),
        )
    };
    vec![Candidate { title, rule, why, edits }]
}

/// P-4 / P-5: the packet crossed a peering whose link refuses it; turn the flag on.
pub(super) fn link_flags(f: &Failure) -> Vec<Candidate> {
    if !matches!(f.rule, "P-4" | "P-5") || !f.dropped() {
        return Vec::new();
    }
    let (Some(hop), Some(prev)) = (f.hop(), f.previous_hop()) else { return Vec::new() };
    let (Some(to), Some(from)) = (f.vnet_at(&hop.place), f.vnet_at(&prev.place)) else { return Vec::new() };
    let Some(peer) = f.eng.net.peer(to, from) else { return Vec::new() };
    if f.rule == "P-5" {
        let mut link = peer.link.clone();
        link.allow_forwarded_traffic = true;
        let name = link.name.clone();
        return vec![Candidate {
            title: format!("Allow forwarded traffic on peering link '{name}'"),
            rule: "P-5",
            why: format!("The packet was forwarded (its source is not in the sending VNet), and link '{name}' refuses forwarded traffic (P-5): allowForwardedTraffic on."),
            edits: vec![Edit::Update(Element::Peering(link))],
        }];
    }
    let mut edits = Vec::new();
    let mut names = Vec::new();
    for link in [peer.link, peer.reverse] {
        if !link.allow_virtual_network_access {
            let mut l = link.clone();
            l.allow_virtual_network_access = true;
            names.push(format!("'{}'", l.name));
            edits.push(Edit::Update(Element::Peering(l)));
        }
    }
    if edits.is_empty() {
        return Vec::new();
    }
    vec![Candidate {
        title: format!("Allow virtual network access on peering link {}", names.join(" and ")),
        rule: "P-4",
        why: "allowVirtualNetworkAccess off blocks traffic to the remote VNet unless an explicit NSG rule allows it (P-4).".into(),
        edits,
    }]
}

/// P-1 the hub-and-spoke way: both VNets are peered with a hub that has a firewall or an NVA.
/// UDRs in the source and destination subnets send each other's ranges to the device, both
/// spokes' links accept forwarded traffic (P-5), and an Azure Firewall gets a rule for the flow.
pub(super) fn hub_transit(f: &Failure) -> Vec<Candidate> {
    let (Some(s), Some(d)) = (f.source_vnet(), f.destination_vnet()) else { return Vec::new() };
    let net = &f.eng.net;
    if s == d || net.peer(s, d).is_some() || !routing_dead_end(f) {
        return Vec::new();
    }
    let (Some(src_subnet), Some(dst_subnet)) =
        (f.source_subnet(), net.subnet_containing(d, f.trace.flow.to).and_then(|i| net.subnets.get(i)))
    else {
        return Vec::new();
    };
    let Some((hub, device_ip, device_name)) = hub_device(f, s, d) else { return Vec::new() };
    let mut ids = f.design.id_allocator();
    let mut edits = Vec::new();
    let to_d: Vec<_> = net.vnets[d].address_space.iter().map(|p| va_route("to-hub-device", *p, device_ip)).collect();
    let to_s: Vec<_> = net.vnets[s].address_space.iter().map(|p| va_route("to-hub-device", *p, device_ip)).collect();
    edits.extend(add_routes(f.design, &mut ids, src_subnet, to_d));
    edits.extend(add_routes(f.design, &mut ids, dst_subnet.subnet, to_s));
    for spoke in [s, d] {
        if let Some(p) = net.peer(spoke, hub) {
            if !p.link.allow_forwarded_traffic {
                let mut l = p.link.clone();
                l.allow_forwarded_traffic = true;
                edits.push(Edit::Update(Element::Peering(l)));
            }
        }
    }
    if let (Some((fw, _)), Some(first)) = (net.firewalls.get(hub).copied().flatten(), f.trace.forward.hops.first()) {
        edits.extend(filters::firewall_rule_edit(f, fw, &first.packet));
    }
    let (sn, dn) = (net.vnet_name(s), net.vnet_name(d));
    vec![Candidate {
        title: format!("Route {sn} ↔ {dn} through {device_name} in {} (UDRs in both spokes)", net.vnet_name(hub)),
        rule: "P-1",
        why: format!("Peering is not transitive (P-1); spokes reach each other through a forwarding device in the hub: UDRs to {device_ip} (R-13), forwarded traffic allowed on the spokes' links (P-5)."),
        edits,
    }]
}

/// A hub peered with both VNets, and its forwarding device (firewall first, else an NVA NIC).
fn hub_device(f: &Failure, s: VnetIx, d: VnetIx) -> Option<(VnetIx, Ipv4Addr, String)> {
    let net = &f.eng.net;
    net.peers.get(s)?.iter().map(|p| p.remote).filter(|&h| net.peer(d, h).is_some()).find_map(|h| {
        if let Some((fw, _)) = net.firewalls.get(h).copied().flatten() {
            return Some((h, fw.private_ip, format!("firewall '{}'", fw.name)));
        }
        net.nics
            .iter()
            .find(|n| net.subnets[n.subnet].vnet == h && matches!(n.vm.role, VmRole::Nva(_)))
            .map(|n| (h, n.nic.ip, format!("NVA '{}'", n.vm.name)))
    })
}
