//! Next hop, as `az network watcher show-next-hop` answers it (`NextHopResult`): the next hop
//! type of the route a NIC's subnet selects for a destination, its IP when it has one, and the
//! id of the route table the route comes from — or the string `System Route` when it is not a
//! user route ("If the route being returned does not correspond to any user created routes then
//! this field will be the string 'System Route'", NextHopResult in the Network REST API).
//!
//! The route is chosen by [`crate::routes`]' selection (R-19..R-26) on the subnet's effective
//! routes; next hop types use the ARM spelling, as the effective routes do (AZURE.md 1.1).

use super::ids::{azure_id, Resource};
use super::WatcherError;
use crate::model::{NextHopType, Protocol};
use crate::packet::{Packet, RuleId, EPHEMERAL_PORT};
use crate::routes::{RouteSource, RouteState};
use crate::trace::Engine;
use serde::Serialize;
use std::net::Ipv4Addr;

/// What `routeTableId` says for every route that is not a user route.
pub const SYSTEM_ROUTE: &str = "System Route";

/// `NextHopResult`; `nextHopIpAddress` is absent when the next hop has no address.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct NextHopResult {
    pub next_hop_type: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_hop_ip_address: Option<Ipv4Addr>,
    pub route_table_id: String,
    pub vnet_studio: NextHopExplanation,
}

/// Why: the rules behind the choice, a sentence, and the route that was selected.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct NextHopExplanation {
    pub rules: Vec<RuleId>,
    pub why: String,
    /// The selected route's prefix, source and name (for a user route), as in the effective routes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub route: Option<SelectedRoute>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SelectedRoute {
    pub address_prefix: String,
    pub source: RouteSource,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub name: String,
}

/// The next hop from NIC `nic` (an index into the engine's `net.nics`) to `destination`, the
/// packet leaving from the NIC's own IP.
pub fn next_hop(eng: &Engine, nic: usize, destination: Ipv4Addr) -> Result<NextHopResult, WatcherError> {
    let net = &eng.net;
    let n = net.nics.get(nic).ok_or_else(|| WatcherError::UnknownTarget(format!("NIC #{nic}")))?;
    let detached = || WatcherError::Detached { nic: n.nic.name.clone() };
    let table = eng.table(n.subnet).ok_or_else(detached)?;
    // Next hop is a routing question: the protocol only matters to a private endpoint's /32
    // (E-5), which Azure installs for TCP; the port only to an ECMP flow hash.
    let packet = Packet {
        src: n.nic.ip,
        dst: destination,
        protocol: Protocol::Tcp,
        src_port: EPHEMERAL_PORT,
        dst_port: 443,
        host: None,
    };
    let mut covering = Vec::new();
    let Some(sel) = eng.select(n.subnet, &packet, true, &mut covering) else {
        return Ok(NextHopResult {
            next_hop_type: NextHopType::None.arm_name(),
            next_hop_ip_address: None,
            route_table_id: SYSTEM_ROUTE.to_string(),
            vnet_studio: NextHopExplanation {
                rules: vec!["R-19"],
                why: format!("No Active route covers {destination}: the packet is dropped (R-19)"),
                route: None,
            },
        });
    };
    let route = table.routes.get(sel.index).filter(|r| r.state == RouteState::Active).ok_or_else(detached)?;
    let route_table = net.subnets.get(n.subnet).and_then(|s| s.route_table);
    let route_table_id = match (route.source, route_table) {
        (RouteSource::User, Some(t)) => azure_id(Resource::RouteTable(t)),
        _ => SYSTEM_ROUTE.to_string(),
    };
    let next_hop_ip_address = match route.next_hop_type {
        NextHopType::VirtualAppliance | NextHopType::VirtualNetworkGateway => route.next_hop_ips.first().copied(),
        _ => None,
    };
    let mut rules = vec![sel.rule];
    if route.rule != sel.rule {
        rules.push(route.rule);
    }
    Ok(NextHopResult {
        next_hop_type: route.next_hop_type.arm_name(),
        next_hop_ip_address,
        route_table_id,
        vnet_studio: NextHopExplanation {
            rules,
            why: format!("{}; the route: {} ({})", sel.why, route.why, route.rule),
            route: Some(SelectedRoute {
                address_prefix: route.prefix.to_string(),
                source: route.source,
                name: route.name.clone(),
            }),
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::watcher::{ids, target, testutil};

    fn hop(key: &str, to: &str) -> NextHopResult {
        let d = testutil::design();
        let eng = Engine::new(&d);
        let nic = target::nic(&eng.net, key).unwrap();
        next_hop(&eng, nic, to.parse().unwrap()).unwrap()
    }

    fn shape(r: &NextHopResult) -> (&str, Option<String>, &str) {
        (r.next_hop_type, r.next_hop_ip_address.map(|ip| ip.to_string()), r.route_table_id.as_str())
    }

    #[test]
    fn r19_a_user_route_names_its_route_table() {
        let r = hop("vm-web", "172.16.5.9");
        let rt = format!(
            "/subscriptions/{}/resourceGroups/{}/providers/Microsoft.Network/routeTables/rt-web",
            ids::SUBSCRIPTION,
            ids::RESOURCE_GROUP
        );
        assert_eq!(shape(&r), ("VirtualAppliance", Some("10.0.1.4".into()), rt.as_str()));
        assert_eq!(r.vnet_studio.rules, vec!["R-19", "R-12"]);
        let route = r.vnet_studio.route.as_ref().unwrap();
        assert_eq!(
            (route.address_prefix.as_str(), route.source, route.name.as_str()),
            ("172.16.5.0/24", RouteSource::User, "to-shared")
        );
    }

    #[test]
    fn r19_system_routes_say_system_route() {
        assert_eq!(shape(&hop("vm-web", "8.8.8.8")), ("Internet", None, SYSTEM_ROUTE));
        assert_eq!(shape(&hop("vm-web", "10.1.2.4")), ("VnetLocal", None, SYSTEM_ROUTE));
        assert_eq!(shape(&hop("vm-web", "10.0.255.4")), ("VNetPeering", None, SYSTEM_ROUTE));
        assert_eq!(shape(&hop("vm-web", "10.200.0.1")), ("None", None, SYSTEM_ROUTE));
        // P-6: the branch prefix the hub's gateway learned, with the gateway instance's IP.
        let r = hop("vm-client", "192.168.10.7");
        assert_eq!(shape(&r), ("VirtualNetworkGateway", Some("10.0.255.4".into()), SYSTEM_ROUTE));
        assert!(r.vnet_studio.rules.contains(&"P-6"), "{:?}", r.vnet_studio.rules);
    }

    #[test]
    fn the_az_form_omits_an_absent_ip() {
        let az = crate::watcher::az::az_json(&hop("vm-web", "8.8.8.8")).unwrap();
        assert_eq!(az, serde_json::json!({ "nextHopType": "Internet", "routeTableId": "System Route" }));
    }
}
