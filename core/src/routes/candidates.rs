//! Every route a subnet could have before precedence is applied: system routes (R-2..R-5),
//! peering, gateway (R-8, P-14), service endpoint, private endpoint and user
//! routes.

use super::{EffectiveRoute, RouteSource, RouteState};
use crate::catalog::services;
use crate::model::NextHopType;
use crate::network::{Network, SubnetIx, VnetIx};
use crate::packet::RuleId;
use ipnet::Ipv4Net;
use std::net::Ipv4Addr;

/// RFC 1918 and RFC 6598: the reserved prefixes Azure routes to None.
pub(crate) const RESERVED: [(u8, u8, u8); 4] = [(10, 0, 8), (172, 16, 12), (192, 168, 16), (100, 64, 10)];

pub(crate) fn reserved_prefixes() -> impl Iterator<Item = Ipv4Net> {
    RESERVED.iter().filter_map(|&(a, b, len)| Ipv4Net::new(Ipv4Addr::new(a, b, 0, 0), len).ok())
}

fn route(source: RouteSource, prefix: Ipv4Net, hop: NextHopType, rule: RuleId, why: String) -> EffectiveRoute {
    EffectiveRoute {
        source,
        state: RouteState::Active,
        prefix,
        next_hop_type: hop,
        next_hop_ips: Vec::new(),
        name: String::new(),
        rule,
        target: None,
        connection: None,
        invalid: None,
        why,
    }
}

/// Candidate routes that depend on a VNet only, not on the subnet (system, peering, gateway
/// and the VNet's own private endpoint routes): built once per VNet when a design's tables are
/// computed together ([`super::all_routes`]) and cloned into each table, which spares writing
/// the same explanations for every table (a hub's endpoint routes appear in every spoke's).
pub(super) struct Shared {
    system: Vec<Option<Vec<EffectiveRoute>>>,
    peering: Vec<Option<Vec<EffectiveRoute>>>,
    gateway: Vec<Option<Vec<EffectiveRoute>>>,
    endpoints: Vec<Option<Vec<EffectiveRoute>>>,
}

type Part = fn(&Network, VnetIx, &mut Vec<EffectiveRoute>);

fn cached<'s>(
    cache: &'s mut [Option<Vec<EffectiveRoute>>],
    net: &Network,
    vnet: VnetIx,
    part: Part,
) -> &'s [EffectiveRoute] {
    match cache.get_mut(vnet) {
        Some(slot) => slot.get_or_insert_with(|| {
            let mut out = Vec::new();
            part(net, vnet, &mut out);
            out
        }),
        None => &[],
    }
}

impl Shared {
    pub fn new(net: &Network) -> Self {
        let n = net.vnets.len();
        Shared { system: vec![None; n], peering: vec![None; n], gateway: vec![None; n], endpoints: vec![None; n] }
    }
}

/// R-8 and P-14: what the gateway learned from its sites, then its VNet-to-VNet routes.
fn gateway_routes(net: &Network, vnet: VnetIx, out: &mut Vec<EffectiveRoute>) {
    gateway(net, vnet, out);
    super::vnet2vnet::routes(net, vnet, out);
}

pub(super) fn all(net: &Network, subnet: SubnetIx, shared: &mut Shared) -> Vec<EffectiveRoute> {
    let Some(info) = net.subnets.get(subnet) else { return Vec::new() };
    let vnet = info.vnet;
    let mut out = Vec::new();
    out.extend_from_slice(cached(&mut shared.system, net, vnet, system));
    out.extend_from_slice(cached(&mut shared.peering, net, vnet, peering));
    let propagate = !info.route_table.is_some_and(|t| t.disable_bgp_route_propagation);
    if propagate {
        out.extend_from_slice(cached(&mut shared.gateway, net, vnet, gateway_routes));
    }
    service_endpoints(net, info.subnet, &mut out);
    // R-10, E-3: a /32 per private endpoint of this VNet and of directly peered VNets.
    let visible = std::iter::once(vnet).chain(net.peers[vnet].iter().map(|p| p.remote));
    for pe_vnet in visible {
        out.extend_from_slice(cached(&mut shared.endpoints, net, pe_vnet, private_endpoints));
    }
    if let Some(table) = info.route_table {
        for udr in &table.routes {
            let mut r = route(
                RouteSource::User,
                udr.prefix.trunc(),
                udr.next_hop_type,
                "R-12",
                format!("User-defined route '{}' of route table '{}'", udr.name, table.name),
            );
            r.name = udr.name.clone();
            r.next_hop_ips = udr.next_hop_ip.into_iter().collect();
            out.push(r);
        }
    }
    out
}

/// [`all`] for a subnet of `vnet` without a route table or service endpoints (E-11).
pub(super) fn without_table(net: &Network, vnet: VnetIx, shared: &mut Shared) -> Vec<EffectiveRoute> {
    let mut out = Vec::new();
    if vnet >= net.vnets.len() {
        return out;
    }
    out.extend_from_slice(cached(&mut shared.system, net, vnet, system));
    out.extend_from_slice(cached(&mut shared.peering, net, vnet, peering));
    out.extend_from_slice(cached(&mut shared.gateway, net, vnet, gateway_routes));
    let visible = std::iter::once(vnet).chain(net.peers[vnet].iter().map(|p| p.remote));
    for pe_vnet in visible {
        out.extend_from_slice(cached(&mut shared.endpoints, net, pe_vnet, private_endpoints));
    }
    out
}

/// the VNet's ranges, the default Internet route, and the reserved None routes
/// adjusted for the address space.
fn system(net: &Network, vnet: VnetIx, out: &mut Vec<EffectiveRoute>) {
    let ranges: Vec<Ipv4Net> = net.vnets[vnet].address_space.iter().map(|r| r.trunc()).collect();
    for range in &ranges {
        let why = format!("Address range {range} of VNet '{}'", net.vnet_name(vnet));
        out.push(route(RouteSource::Default, *range, NextHopType::VnetLocal, "R-2", why));
    }
    if let Ok(default) = "0.0.0.0/0".parse() {
        out.push(route(
            RouteSource::Default,
            default,
            NextHopType::Internet,
            "R-3",
            "Default route to the Internet".into(),
        ));
    }
    for reserved in reserved_prefixes() {
        // R-5 (a) equal and (b) containing ranges replace the None route; (c) inner ranges coexist.
        if ranges.iter().any(|r| r.contains(&reserved)) {
            continue;
        }
        let why = format!("Reserved range {reserved} is dropped unless a longer route matches");
        out.push(route(RouteSource::Default, reserved, NextHopType::None, "R-4", why));
    }
}

/// one route per range of every directly, fully peered VNet (P-1, P-2).
fn peering(net: &Network, vnet: VnetIx, out: &mut Vec<EffectiveRoute>) {
    for peer in &net.peers[vnet] {
        let hop = if peer.global { NextHopType::VNetGlobalPeering } else { NextHopType::VNetPeering };
        for range in &net.vnets[peer.remote].address_space {
            let why = format!("Peered with VNet '{}' ({})", net.vnet_name(peer.remote), hop.arm_name());
            let mut r = route(RouteSource::Default, range.trunc(), hop, "R-7", why);
            r.target = Some(net.vnets[peer.remote].id.clone());
            out.push(r);
        }
    }
}

/// R-8, P-6, R-25: prefixes learned by the VNet's own gateway or, with gateway transit, the
/// hub's: one row per (prefix, connection), with the next hops of the instances that learned it.
fn gateway(net: &Network, vnet: VnetIx, out: &mut Vec<EffectiveRoute>) {
    let Some(gw_vnet) = net.gateway_vnet[vnet] else { return };
    let via = if gw_vnet == vnet { String::new() } else { format!(" in peered VNet '{}'", net.vnet_name(gw_vnet)) };
    let rule = if gw_vnet == vnet { "R-8" } else { "P-6" };
    // One explanation per connection, cloned per prefix: this runs for every route table.
    let mut last: Option<(&crate::id::Id, String)> = None;
    for learned in net.gateway_routes(gw_vnet) {
        let why = match &last {
            Some((id, why)) if *id == &learned.connection.id => why.clone(),
            _ => {
                let why = format!(
                    "Learned by gateway '{}'{via} over connection '{}'",
                    learned.gateway.name, learned.connection.name
                );
                last = Some((&learned.connection.id, why.clone()));
                why
            }
        };
        let mut r =
            route(RouteSource::VirtualNetworkGateway, learned.prefix, NextHopType::VirtualNetworkGateway, rule, why);
        r.target = Some(learned.gateway.id.clone());
        r.connection = Some(learned.connection.id.clone());
        r.next_hop_ips = learned.next_hops.to_vec();
        out.push(r);
    }
}

/// R-9, E-21: the service's public prefixes (the design's `servicePrefixes`, else the catalog's
/// synthetic ones), on this subnet only.
fn service_endpoints(net: &Network, subnet: &crate::model::Subnet, out: &mut Vec<EffectiveRoute>) {
    let given = &net.design.service_prefixes;
    for se in &subnet.service_endpoints {
        for (service, prefix) in services::endpoint_prefixes(&se.service, given) {
            let origin = if prefix == service.public_prefix() { "synthetic" } else { "given in the design" };
            let why =
                format!("Service endpoint {} on this subnet ({} public prefix, {origin})", se.service, service.display);
            let mut r = route(RouteSource::Default, prefix, NextHopType::VirtualNetworkServiceEndpoint, "R-9", why);
            r.target = Some(crate::id::Id::new(service.key));
            out.push(r);
        }
    }
}

/// R-10, E-3: a /32 for every address (every IP configuration) of every private endpoint in
/// `pe_vnet`, as this VNet and its direct peers see it.
fn private_endpoints(net: &Network, pe_vnet: VnetIx, out: &mut Vec<EffectiveRoute>) {
    for &i in &net.vnet_private_endpoints[pe_vnet] {
        let (pe, _) = net.private_endpoints[i];
        let why = format!("Private endpoint '{}' in VNet '{}'", pe.name, net.vnet_name(pe_vnet));
        for ip in pe.ips() {
            let mut r =
                route(RouteSource::Default, Ipv4Net::from(ip), NextHopType::InterfaceEndpoint, "E-3", why.clone());
            r.target = Some(pe.id.clone());
            out.push(r);
        }
    }
}
