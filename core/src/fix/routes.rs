//! Route fixes: a UDR with next hop `None` that drops the flow (R-11: remove it), a
//! `VirtualAppliance` UDR whose appliance is unavailable (R-14: point it at a firewall or NVA
//! reachable from the subnet, R-13), and the shared helper that adds UDRs to a subnet's route
//! table, creating and associating one when the subnet has none.

use super::{Candidate, Failure};
use crate::edit::{Edit, Element};
use crate::id::{IdAllocator, IdKind};
use crate::model::{Design, NextHopType, Route, RouteTable, Subnet, VmRole};
use ipnet::Ipv4Net;
use std::net::Ipv4Addr;

/// A `VirtualAppliance` UDR.
pub(super) fn va_route(name: &str, prefix: Ipv4Net, ip: Ipv4Addr) -> Route {
    Route {
        name: format!("{name}-{}", prefix.to_string().replace(['.', '/'], "-")),
        prefix: prefix.trunc(),
        next_hop_type: NextHopType::VirtualAppliance,
        next_hop_ip: Some(ip),
    }
}

/// Edits that put `routes` in `subnet`'s route table (a route with the same prefix is replaced),
/// or create a route table with them and associate it.
pub(super) fn add_routes(design: &Design, ids: &mut IdAllocator, subnet: &Subnet, routes: Vec<Route>) -> Vec<Edit> {
    let merge = |table: &mut RouteTable| {
        for r in routes.iter() {
            table.routes.retain(|x| x.prefix != r.prefix);
            table.routes.push(r.clone());
        }
    };
    if let Some(existing) = subnet.route_table.as_ref().and_then(|id| design.route_table(id)) {
        let mut table = existing.clone();
        merge(&mut table);
        return vec![Edit::Update(Element::RouteTable(table))];
    }
    let mut table = RouteTable {
        meta: Default::default(),
        id: ids.next(IdKind::RouteTable),
        name: format!("rt-{}", subnet.name),
        disable_bgp_route_propagation: false,
        routes: Vec::new(),
    };
    merge(&mut table);
    let mut s = subnet.clone();
    s.route_table = Some(table.id.clone());
    vec![Edit::Add(Element::RouteTable(table)), Edit::Update(Element::Subnet(s))]
}

/// The route table of the subnet the failing hop sends from, and the packet it sent.
fn sender_table<'a>(f: &Failure<'a>) -> Option<(&'a RouteTable, Ipv4Addr)> {
    let hop = f.hop()?;
    let subnet = f.subnet_at(&hop.place)?;
    let table = f.design.route_table(subnet.route_table.as_ref()?)?;
    Some((table, hop.packet.dst))
}

/// The longest UDR of `table` covering `dst` with next hop type `hop`.
fn covering(table: &RouteTable, dst: Ipv4Addr, hop: NextHopType) -> Option<usize> {
    table
        .routes
        .iter()
        .enumerate()
        .filter(|(_, r)| r.next_hop_type == hop && r.prefix.contains(&dst))
        .max_by_key(|(_, r)| r.prefix.prefix_len())
        .map(|(i, _)| i)
}

/// a UDR with next hop `None` drops everything it covers; remove it.
pub(super) fn remove_none_route(f: &Failure) -> Vec<Candidate> {
    if f.rule != "R-11" || !f.dropped() {
        return Vec::new();
    }
    let Some((table, dst)) = sender_table(f) else { return Vec::new() };
    let Some(i) = covering(table, dst, NextHopType::None) else { return Vec::new() };
    let mut t = table.clone();
    let removed = t.routes.remove(i);
    vec![Candidate {
        title: format!("Remove route '{}' ({} → None) from route table '{}'", removed.name, removed.prefix, t.name),
        rule: "R-11",
        why: format!("A UDR with next hop None drops every packet it covers (R-11); without it, {dst} follows the next best route."),
        edits: vec![Edit::Update(Element::RouteTable(t))],
    }]
}

/// the UDR's appliance IP is not a NIC or firewall reachable from here; point it at a
/// firewall or NVA in this VNet or a directly peered one. At most two alternatives.
pub(super) fn repoint_unavailable(f: &Failure) -> Vec<Candidate> {
    if f.rule != "R-14" || !f.dropped() {
        return Vec::new();
    }
    let Some(hop) = f.hop() else { return Vec::new() };
    let Some(vnet) = f.vnet_at(&hop.place) else { return Vec::new() };
    let Some((table, dst)) = sender_table(f) else { return Vec::new() };
    let Some(i) = covering(table, dst, NextHopType::VirtualAppliance) else { return Vec::new() };
    let net = &f.eng.net;
    let reachable: Vec<usize> = std::iter::once(vnet).chain(net.peers[vnet].iter().map(|p| p.remote)).collect();
    let mut devices: Vec<(Ipv4Addr, String)> = Vec::new();
    for &v in &reachable {
        if let Some((fw, _)) = net.firewalls.get(v).copied().flatten() {
            devices.push((fw.private_ip, format!("firewall '{}'", fw.name)));
        }
    }
    for n in &net.nics {
        if reachable.contains(&net.subnets[n.subnet].vnet) && matches!(n.vm.role, VmRole::Nva(_)) {
            devices.push((n.nic.ip, format!("NVA '{}'", n.vm.name)));
        }
    }
    let old = table.routes[i].next_hop_ip;
    devices
        .into_iter()
        .filter(|(ip, _)| Some(*ip) != old)
        .take(2)
        .map(|(ip, name)| {
            let mut t = table.clone();
            if let Some(r) = t.routes.get_mut(i) {
                r.next_hop_ip = Some(ip);
            }
            Candidate {
                title: format!("Point route '{}' ({}) at {name} ({ip})", table.routes[i].name, table.routes[i].prefix),
                rule: "R-14",
                why: "The route's next hop is unavailable, so Azure drops what it covers (R-14); a virtual appliance must be a NIC or firewall in this VNet or a directly peered one (R-13).".into(),
                edits: vec![Edit::Update(Element::RouteTable(t))],
            }
        })
        .collect()
}
