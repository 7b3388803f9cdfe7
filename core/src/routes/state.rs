//! Which candidate routes are Active, which Invalid, and which Azure removes from the list
//! (R-6, R-20..R-23, R-26, R-27, E-8, E-9).

use super::{EffectiveRoute, Invalidation, RouteSource, RouteState, RouteTable};
use crate::model::NextHopType;
use crate::network::{Network, SubnetIx};
use crate::packet::RuleId;
use ipnet::Ipv4Net;

/// What happens to a candidate.
#[derive(Clone, Debug)]
enum Fate {
    Keep,
    Invalid { rule: RuleId, by: usize, why: String },
    Removed { why: String },
}

pub(super) fn resolve(net: &Network, subnet: SubnetIx, routes: Vec<EffectiveRoute>) -> RouteTable {
    let mut fates = vec![Fate::Keep; routes.len()];
    // Routes grouped by prefix: indices sorted by (prefix, index), each run one group in table order.
    let mut order: Vec<usize> = (0..routes.len()).collect();
    order.sort_unstable_by_key(|&i| (routes[i].prefix, i));
    let mut contenders = Vec::new();
    for members in order.chunk_by(|&a, &b| routes[a].prefix == routes[b].prefix) {
        if members.len() > 1 {
            same_prefix(&routes, members, &mut fates, &mut contenders);
        }
    }
    default_route_cleanup(&routes, &mut fates);
    summarization(net, subnet, &routes, &mut fates);
    compact(routes, fates)
}

fn is_reserved_none(r: &EffectiveRoute) -> bool {
    r.source == RouteSource::Default && r.next_hop_type == NextHopType::None && r.rule == "R-4"
}

/// System routes a gateway route can never override.
fn protected_from_bgp(r: &EffectiveRoute) -> bool {
    r.source == RouteSource::Default
        && matches!(
            r.next_hop_type,
            NextHopType::VnetLocal
                | NextHopType::VNetPeering
                | NextHopType::VNetGlobalPeering
                | NextHopType::VirtualNetworkServiceEndpoint
        )
}

/// R-20 precedence among routes with one prefix, with its documented exceptions.
/// `contenders` is scratch space, reused across groups.
fn same_prefix(routes: &[EffectiveRoute], members: &[usize], fates: &mut [Fate], contenders: &mut Vec<usize>) {
    let has_override = members.iter().any(|&i| routes[i].source != RouteSource::Default);
    contenders.clear();
    for &i in members {
        if is_reserved_none(&routes[i]) && has_override {
            // a same-prefix UDR or BGP route removes the reserved None row.
            fates[i] = Fate::Removed {
                why: format!("Reserved route {} replaced by a same-prefix route (R-27)", routes[i].prefix),
            };
        } else {
            contenders.push(i);
        }
    }
    if contenders.len() < 2 {
        return;
    }
    // a service-endpoint route is never overridden.
    if let Some(&se) =
        contenders.iter().find(|&&i| routes[i].next_hop_type == NextHopType::VirtualNetworkServiceEndpoint)
    {
        for &i in contenders.iter().filter(|&&i| i != se) {
            let why = "service-endpoint routes cannot be overridden".to_string();
            fates[i] = Fate::Invalid { rule: "R-26", by: se, why };
        }
        return;
    }
    let rank = |i: usize| {
        let r = &routes[i];
        match r.source {
            RouteSource::User => 3,
            // a gateway route never beats VnetLocal, peering or service-endpoint system routes.
            RouteSource::VirtualNetworkGateway if contenders.iter().any(|&j| protected_from_bgp(&routes[j])) => 0,
            RouteSource::VirtualNetworkGateway => 2,
            RouteSource::Default => 1,
        }
    };
    let best = contenders.iter().map(|&i| rank(i)).max().unwrap_or(0);
    let winners: Vec<usize> = contenders.iter().copied().filter(|&i| rank(i) == best).collect();
    let Some(&first) = winners.first() else { return };
    for &i in contenders.iter() {
        let r = &routes[i];
        // Several gateway rows with one prefix (one per connection that learned it, R-25) all
        // stay Active: selection spreads flows over their next hops.
        let ecmp = best == 2 && r.source == RouteSource::VirtualNetworkGateway && rank(i) == 2;
        if i == first || ecmp {
            continue;
        }
        let winner = &routes[first];
        let (rule, why) = match (r.next_hop_type, r.source, winner.source) {
            (NextHopType::InterfaceEndpoint, _, RouteSource::User) => {
                ("E-8", format!("overridden by the /32 user route '{}'", winner.name))
            }
            (_, RouteSource::VirtualNetworkGateway, RouteSource::Default)
                if r.rule == "P-14"
                    && matches!(winner.next_hop_type, NextHopType::VNetPeering | NextHopType::VNetGlobalPeering) =>
            {
                (
                    "P-10",
                    "the VNets are also peered: the peering route wins over the VNet-to-VNet connection".to_string(),
                )
            }
            (_, RouteSource::VirtualNetworkGateway, RouteSource::Default) => {
                ("R-22", "gateway routes cannot override VNet, peering or service-endpoint routes".to_string())
            }
            (_, _, RouteSource::User) => ("R-23", format!("overridden by user route '{}'", winner.name)),
            _ => ("R-20", "a same-prefix route of higher precedence wins".to_string()),
        };
        fates[i] = Fate::Invalid { rule, by: first, why };
    }
}

/// an Active 0.0.0.0/0 to a virtual appliance or gateway removes the reserved None routes;
/// a BGP-learned one also removes the Default Internet row.
fn default_route_cleanup(routes: &[EffectiveRoute], fates: &mut [Fate]) {
    let default_override = routes.iter().enumerate().find(|(i, r)| {
        r.prefix.prefix_len() == 0
            && r.source != RouteSource::Default
            && matches!(fates[*i], Fate::Keep)
            && matches!(r.next_hop_type, NextHopType::VirtualAppliance | NextHopType::VirtualNetworkGateway)
    });
    let Some((_, over)) = default_override else { return };
    let bgp = over.source == RouteSource::VirtualNetworkGateway;
    for (i, r) in routes.iter().enumerate() {
        if is_reserved_none(r) && matches!(fates[i], Fate::Keep) {
            fates[i] = Fate::Removed { why: removed_by_default_override(r.prefix) };
        }
        if bgp && r.source == RouteSource::Default && r.prefix.prefix_len() == 0 {
            fates[i] =
                Fate::Removed { why: "Default Internet route removed by a gateway-learned 0.0.0.0/0 (R-6)".into() };
        }
    }
}

/// The R-6 explanation; the four reserved prefixes are spelled out so that the text, written for
/// nearly every table with a `0.0.0.0/0` UDR, costs no formatting.
fn removed_by_default_override(prefix: Ipv4Net) -> String {
    let text = match (u32::from(prefix.network()).to_be_bytes(), prefix.prefix_len()) {
        ([10, 0, 0, 0], 8) => "Reserved route 10.0.0.0/8 removed by the 0.0.0.0/0 override (R-6)",
        ([172, 16, 0, 0], 12) => "Reserved route 172.16.0.0/12 removed by the 0.0.0.0/0 override (R-6)",
        ([192, 168, 0, 0], 16) => "Reserved route 192.168.0.0/16 removed by the 0.0.0.0/0 override (R-6)",
        ([100, 64, 0, 0], 10) => "Reserved route 100.64.0.0/10 removed by the 0.0.0.0/0 override (R-6)",
        _ => return format!("Reserved route {prefix} removed by the 0.0.0.0/0 override (R-6)"),
    };
    text.to_string()
}

/// E-9: with route-table policies on the endpoint's subnet, an Active user route that contains
/// the endpoint IP and is no wider than the endpoint VNet's range invalidates the /32.
fn summarization(net: &Network, _subnet: SubnetIx, routes: &[EffectiveRoute], fates: &mut [Fate]) {
    for (i, r) in routes.iter().enumerate() {
        if r.next_hop_type != NextHopType::InterfaceEndpoint || !matches!(fates[i], Fate::Keep) {
            continue;
        }
        let Some((_, pe_subnet)) =
            r.target.as_ref().and_then(|id| net.pe_ix(id)).and_then(|i| net.private_endpoints.get(i))
        else {
            continue;
        };
        let pe_info = &net.subnets[*pe_subnet];
        if !pe_info.subnet.private_endpoint_network_policies.route_table_applies() {
            continue;
        }
        // The endpoint address this /32 is for (a secondary IP configuration has its own row).
        let ip = r.prefix.addr();
        let Some(range) = net.vnet_range_of(pe_info.vnet, ip) else { continue };
        let summary = routes
            .iter()
            .enumerate()
            .filter(|(j, u)| {
                u.source == RouteSource::User
                    && matches!(fates[*j], Fate::Keep)
                    && u.prefix.contains(&ip)
                    && u.prefix.prefix_len() >= range.prefix_len()
                    && range.contains(&u.prefix)
            })
            .max_by_key(|(_, u)| u.prefix.prefix_len());
        if let Some((j, u)) = summary {
            let why = format!(
                "route-table network policies on subnet '{}' let user route '{}' ({}) summarize this endpoint",
                pe_info.subnet.name, u.name, u.prefix
            );
            fates[i] = Fate::Invalid { rule: "E-9", by: j, why };
        }
    }
}

/// Drops removed rows (keeping them aside) and renumbers the `by` references.
fn compact(routes: Vec<EffectiveRoute>, fates: Vec<Fate>) -> RouteTable {
    let mut new_index = vec![None; routes.len()];
    let mut next = 0;
    for (i, f) in fates.iter().enumerate() {
        if !matches!(f, Fate::Removed { .. }) {
            new_index[i] = Some(next);
            next += 1;
        }
    }
    let mut table =
        RouteTable { routes: Vec::with_capacity(next), removed: Vec::new(), disable_bgp_route_propagation: false };
    for (mut r, fate) in routes.into_iter().zip(fates) {
        match fate {
            Fate::Keep => table.routes.push(r),
            Fate::Invalid { rule, by, why } => {
                r.state = RouteState::Invalid;
                r.invalid = Some(Invalidation { rule, by: new_index.get(by).copied().flatten(), why });
                table.routes.push(r);
            }
            Fate::Removed { why } => {
                r.why = why;
                table.removed.push(r);
            }
        }
    }
    table
}
