//! Route selection for one packet (R-19, R-22, R-25, R-26, E-5): longest prefix over Active
//! routes, with the documented exceptions, and the reason for the choice.

use super::{EffectiveRoute, RouteSource, RouteTable};
use crate::model::{NextHopType, PeRouteProtocols, PeTarget, Protocol};
use crate::network::Network;
use crate::packet::{Packet, RuleId};
use serde::Serialize;
use std::net::Ipv4Addr;

/// The route chosen for a packet, with the rule that decided the choice.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Selection {
    /// Index of the chosen route in the table.
    pub index: usize,
    pub rule: RuleId,
    pub why: String,
    /// For an ECMP set: which next hop the flow hash picked, and how many there were
    /// across the winning prefix's rows.
    pub ecmp: Option<(usize, usize)>,
    /// For a gateway route: the gateway instance that carries the flow, the hashed one
    /// under ECMP; `None` when the route lists no instance.
    pub instance: Option<Ipv4Addr>,
}

/// Chooses the route for `packet` from `table`. `None` when no Active route covers the
/// destination (impossible while the default route exists, but a design may remove it).
pub fn select(net: &Network, table: &RouteTable, packet: &Packet) -> Option<Selection> {
    let covering: Vec<usize> = table.active().filter(|(_, r)| r.prefix.contains(&packet.dst)).map(|(i, _)| i).collect();
    select_among(net, table, &covering, packet, true)
}

/// [`select`] given the indices of the Active routes covering the destination, in table order
/// (from a scan or a [`super::RouteIndex`]). Without `explain`, `why` is left empty.
pub(crate) fn select_among(
    net: &Network,
    table: &RouteTable,
    covering: &[usize],
    packet: &Packet,
    explain: bool,
) -> Option<Selection> {
    let dst = packet.dst;
    let route = |i: &usize| &table.routes[*i];

    // a service-endpoint route is used for its prefixes whatever else matches.
    if let Some(&i) = covering
        .iter()
        .filter(|i| route(i).next_hop_type == NextHopType::VirtualNetworkServiceEndpoint)
        .max_by_key(|i| route(i).prefix.prefix_len())
    {
        let why = if explain {
            format!(
                "{dst} is a public address of a service with a service endpoint on this subnet ({})",
                route(&i).prefix
            )
        } else {
            String::new()
        };
        return Some(Selection { index: i, rule: "R-26", why, ecmp: None, instance: None });
    }

    // inside a VNet or peering prefix, gateway routes are ignored even when longer.
    let inside_system = covering.iter().map(route).any(|r| {
        r.source == RouteSource::Default
            && matches!(
                r.next_hop_type,
                NextHopType::VnetLocal | NextHopType::VNetPeering | NextHopType::VNetGlobalPeering
            )
    });
    let not_gateway = |r: &EffectiveRoute| !(inside_system && r.source == RouteSource::VirtualNetworkGateway);
    let pe_skipped = |r: &EffectiveRoute| {
        r.next_hop_type == NextHopType::InterfaceEndpoint && !pe_route_applies(net, r, packet.protocol)
    };
    // E-5: the last private endpoint route that does not apply to this protocol, for the explanation.
    let skipped_pe = covering.iter().map(route).rev().find(|r| not_gateway(r) && pe_skipped(r)).map(|r| r.prefix);
    // No collections on this hot path: the covering set is a handful of routes, scanned a few times.
    let eligible = || covering.iter().copied().filter(|i| not_gateway(route(i)) && !pe_skipped(route(i)));

    let longest = eligible().map(|i| route(&i).prefix.prefix_len()).max()?;
    let best = || eligible().filter(|i| route(i).prefix.prefix_len() == longest);
    let top = best().map(|i| route(&i).source).max()?;
    let set = || best().filter(|i| route(i).source == top);
    // the members of an ECMP set are next hops, not rows: a row lists the instances that
    // learned its prefix over its connection, and a row without any counts once.
    let hops = |i: usize| match route(&i).next_hop_type {
        NextHopType::VirtualNetworkGateway => route(&i).next_hop_ips.len().max(1),
        _ => 1,
    };
    let members: usize = set().map(hops).sum();
    let (pick, hop, ecmp) = if members > 1 {
        let k = flow_hash(packet) % members;
        let (pick, hop) = nth_hop(set(), k, hops)?;
        (pick, hop, Some((k, members)))
    } else {
        (set().next()?, 0, None)
    };
    let chosen = &table.routes[pick];
    let instance = match chosen.next_hop_type {
        NextHopType::VirtualNetworkGateway => chosen.next_hop_ips.get(hop).copied(),
        _ => None,
    };
    let rule = match skipped_pe {
        Some(_) => "E-5",
        None if ecmp.is_some() => "R-25",
        None => "R-19",
    };
    if !explain {
        return Some(Selection { index: pick, rule, why: String::new(), ecmp, instance });
    }
    let mut why = match skipped_pe {
        Some(pe) => format!(
            "the private endpoint route {pe} applies to TCP only (design setting), so this {} packet uses the next-best route {}",
            protocol_name(packet.protocol),
            chosen.prefix
        ),
        None => format!("longest prefix match for {dst}: {} ({})", chosen.prefix, chosen.next_hop_type.arm_name()),
    };
    if let Some((k, n)) = ecmp {
        let hop = instance.map_or_else(|| format!("route {}", k + 1), |ip| format!("instance {ip}"));
        why.push_str(&format!("; ECMP over {n} next hops: the flow hash picked {hop} (R-25)"));
    }
    Some(Selection { index: pick, rule, why, ecmp, instance })
}

/// The row and next-hop position of the `k`-th next hop across `rows` (each row has `hops(row)`).
fn nth_hop(rows: impl Iterator<Item = usize>, mut k: usize, hops: impl Fn(usize) -> usize) -> Option<(usize, usize)> {
    for row in rows {
        let n = hops(row);
        if k < n {
            return Some((row, k));
        }
        k -= n;
    }
    None
}

/// E-5: whether the /32 route of this private endpoint applies to a packet of `protocol`.
fn pe_route_applies(net: &Network, route: &EffectiveRoute, protocol: Protocol) -> bool {
    if protocol == Protocol::Tcp || net.design.settings.pe_route_protocols == PeRouteProtocols::AllProtocols {
        return true;
    }
    let target = route.target.as_ref().and_then(|id| net.pe_ix(id)).and_then(|i| net.private_endpoints.get(i));
    // A Private Link Service honours the /32 for UDP too; PaaS endpoints only for TCP.
    matches!(target, Some((pe, _)) if matches!(pe.target, PeTarget::PrivateLinkService { .. }) && protocol == Protocol::Udp)
}

pub(crate) fn protocol_name(p: Protocol) -> &'static str {
    match p {
        Protocol::Tcp => "TCP",
        Protocol::Udp => "UDP",
        Protocol::Icmp => "ICMP",
        Protocol::Any => "any",
    }
}

/// A deterministic 5-tuple hash (FNV-1a), the same on every platform and run.
fn flow_hash(p: &Packet) -> usize {
    let mut h: u32 = 0x811c_9dc5;
    let proto = protocol_name(p.protocol).as_bytes();
    for b in p
        .src
        .octets()
        .iter()
        .chain(p.dst.octets().iter())
        .chain(proto)
        .chain(&p.src_port.to_be_bytes())
        .chain(&p.dst_port.to_be_bytes())
    {
        h ^= u32::from(*b);
        h = h.wrapping_mul(0x0100_0193);
    }
    h as usize
}
