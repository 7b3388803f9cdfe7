//! Effective routes, in the shape Azure shows them (`az network nic show-effective-route-table`,
//! AZURE.md 1.1), and route selection for one packet (R-19..R-26).
//!
//! Architecture invariant: every route carries the rule id that created it, and every Invalid
//! route the rule (and route) that overrode it. This module filters no packet; the trace does.

mod candidates;
#[cfg(test)]
mod gateway_tests;
mod index;
mod select;
mod state;
mod vnet2vnet;

pub use index::RouteIndex;
pub(crate) use select::{protocol_name, select_among};
pub use select::{select, Selection};

use crate::id::Id;
use crate::model::NextHopType;
use crate::network::{Network, SubnetIx, VnetIx};
use crate::packet::RuleId;
use ipnet::Ipv4Net;
use serde::Serialize;
use std::collections::HashMap;
use std::net::Ipv4Addr;
use std::sync::Arc;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub enum RouteSource {
    Default,
    /// Ranked between User and Default for identical prefixes.
    VirtualNetworkGateway,
    User,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub enum RouteState {
    Active,
    Invalid,
}

/// One row of an effective route table.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct EffectiveRoute {
    pub source: RouteSource,
    pub state: RouteState,
    pub prefix: Ipv4Net,
    pub next_hop_type: NextHopType,
    /// Only for VirtualAppliance (the appliance IP) and VirtualNetworkGateway (instance IPs).
    pub next_hop_ips: Vec<Ipv4Addr>,
    /// The UDR name for User routes; empty otherwise.
    pub name: String,
    /// The rule that created this route.
    pub rule: RuleId,
    /// What the route leads to: the peer VNet, the private endpoint, the gateway, or the service key.
    pub target: Option<Id>,
    /// For a gateway route: the connection it was learned over (R-25, P-14), so a trace that
    /// picks this row under ECMP leaves by this connection. `None` for other routes and UDRs.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub connection: Option<Id>,
    /// For Invalid routes: why, and which route (index in the table) overrode it.
    pub invalid: Option<Invalidation>,
    /// Human explanation of where the route comes from.
    pub why: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Invalidation {
    pub rule: RuleId,
    pub by: Option<usize>,
    pub why: String,
}

/// The effective routes of one subnet (every NIC in it shares them), plus what was removed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RouteTable {
    pub routes: Vec<EffectiveRoute>,
    /// Rows Azure removes rather than invalidates, with the reason, for the explanation.
    pub removed: Vec<EffectiveRoute>,
    /// `disableBgpRoutePropagation` of the subnet's route table.
    pub disable_bgp_route_propagation: bool,
}

impl RouteTable {
    pub fn active(&self) -> impl Iterator<Item = (usize, &EffectiveRoute)> {
        self.routes.iter().enumerate().filter(|(_, r)| r.state == RouteState::Active)
    }
}

/// Whether `ip` is in RFC 1918 or RFC 6598 space, the ranges Azure routes to None: private
/// addresses that the internet does not carry.
pub(crate) fn is_reserved(ip: Ipv4Addr) -> bool {
    candidates::reserved_prefixes().any(|p| p.contains(&ip))
}

/// E-11: the routes of a subnet of `vnet` that has no route table and no service endpoints (its
/// system, peering, gateway and private endpoint routes), which a private endpoint's reply uses.
pub fn vnet_routes_without_table(net: &Network, vnet: VnetIx) -> RouteTable {
    let mut shared = candidates::Shared::new(net);
    let candidates = candidates::without_table(net, vnet, &mut shared);
    let any_subnet = net.vnet_subnets.get(vnet).and_then(|s| s.first()).copied().unwrap_or_default();
    state::resolve(net, any_subnet, candidates)
}

/// Effective routes of a subnet (R-1..R-29, E-3, E-8, E-9).
pub fn subnet_routes(net: &Network, subnet: SubnetIx) -> RouteTable {
    routes_with(net, subnet, &mut candidates::Shared::new(net))
}

fn routes_with(net: &Network, subnet: SubnetIx, shared: &mut candidates::Shared) -> RouteTable {
    let candidates = candidates::all(net, subnet, shared);
    let disable = net.subnets.get(subnet).and_then(|s| s.route_table).is_some_and(|t| t.disable_bgp_route_propagation);
    let mut table = state::resolve(net, subnet, candidates);
    table.disable_bgp_route_propagation = disable;
    table
}

/// What makes two subnets' effective routes the same: VNet, route table, service endpoints.
type ShareKey<'a> = (usize, Option<&'a Id>, &'a [crate::model::ServiceEndpoint]);

/// Effective routes of every subnet of the design, in design order. Subnets of one VNet with
/// the same route table and service endpoints have the same routes (R-1: routes come from the
/// VNet's ranges, its peerings and gateway, the route table and the subnet's service endpoints),
/// so each distinct combination is computed once and shared.
pub fn all_routes(net: &Network) -> Vec<Arc<RouteTable>> {
    let mut computed: HashMap<ShareKey, Arc<RouteTable>> = HashMap::new();
    let mut shared = candidates::Shared::new(net);
    (0..net.subnets.len())
        .map(|s| {
            let info = &net.subnets[s];
            let key = (info.vnet, info.route_table.map(|t| &t.id), info.subnet.service_endpoints.as_slice());
            Arc::clone(computed.entry(key).or_insert_with(|| Arc::new(routes_with(net, s, &mut shared))))
        })
        .collect()
}
