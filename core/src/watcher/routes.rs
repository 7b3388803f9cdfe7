//! The effective route table in the shape `az network nic show-effective-route-table` prints
//! (`EffectiveRouteListResult`, AZURE.md 1.1): `{"value": [...]}`, one entry per row of the
//! engine's table, with `addressPrefix` and `nextHopIpAddress` as lists, `name` only on user
//! routes, and `disableBgpRoutePropagation` copied from the subnet's route table on every row.
//! Rows Azure removes rather than invalidates are not listed, as in Azure.

use crate::packet::RuleId;
use crate::routes::{RouteSource, RouteState, RouteTable};
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct EffectiveRouteList {
    pub value: Vec<EffectiveRoute>,
}

/// One `EffectiveRoute`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct EffectiveRoute {
    pub address_prefix: Vec<String>,
    pub disable_bgp_route_propagation: bool,
    /// The UDR's name; absent on system and gateway routes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    pub next_hop_ip_address: Vec<String>,
    pub next_hop_type: &'static str,
    pub source: RouteSource,
    pub state: RouteState,
    pub vnet_studio: RouteExplanation,
}

/// Why a row is there and, for an Invalid row, what overrode it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RouteExplanation {
    pub rules: Vec<RuleId>,
    pub why: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub invalid: Option<InvalidExplanation>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct InvalidExplanation {
    pub rule: RuleId,
    pub why: String,
    /// The index in `value` of the route that won, when there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub by: Option<usize>,
}

/// The engine's table in `az`'s shape.
pub fn effective_route_table(table: &RouteTable) -> EffectiveRouteList {
    let value = table
        .routes
        .iter()
        .map(|r| {
            let mut rules = vec![r.rule];
            let invalid = r.invalid.as_ref().map(|i| {
                rules.push(i.rule);
                InvalidExplanation { rule: i.rule, why: i.why.clone(), by: i.by }
            });
            EffectiveRoute {
                address_prefix: vec![r.prefix.to_string()],
                disable_bgp_route_propagation: table.disable_bgp_route_propagation,
                name: (r.source == RouteSource::User).then(|| r.name.clone()),
                next_hop_ip_address: r.next_hop_ips.iter().map(ToString::to_string).collect(),
                next_hop_type: r.next_hop_type.arm_name(),
                source: r.source,
                state: r.state,
                vnet_studio: RouteExplanation { rules, why: r.why.clone(), invalid },
            }
        })
        .collect();
    EffectiveRouteList { value }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::trace::Engine;
    use crate::watcher::{az, testutil};
    use serde_json::json;

    fn table_of(subnet: &str) -> EffectiveRouteList {
        let d = testutil::design();
        let eng = Engine::new(&d);
        let ix = eng.net.subnets.iter().position(|s| s.subnet.name == subnet).unwrap();
        effective_route_table(eng.table(ix).unwrap())
    }

    #[test]
    fn r12_rows_in_the_shape_az_prints() {
        let t = table_of("snet-web");
        let az = az::az_json(&t).unwrap();
        let rows = az["value"].as_array().unwrap();
        assert_eq!(rows.len(), t.value.len());
        assert_eq!(
            rows[0],
            json!({
                "addressPrefix": ["10.1.0.0/16"],
                "disableBgpRoutePropagation": false,
                "nextHopIpAddress": [],
                "nextHopType": "VnetLocal",
                "source": "Default",
                "state": "Active"
            })
        );
        let udr = rows.iter().find(|r| r["source"] == "User").unwrap();
        assert_eq!(
            udr,
            &json!({
                "addressPrefix": ["172.16.5.0/24"],
                "disableBgpRoutePropagation": false,
                "name": "to-shared",
                "nextHopIpAddress": ["10.0.1.4"],
                "nextHopType": "VirtualAppliance",
                "source": "User",
                "state": "Active"
            })
        );
        let gw = rows.iter().find(|r| r["source"] == "VirtualNetworkGateway").unwrap();
        assert_eq!(gw["nextHopIpAddress"], json!(["10.0.255.4"]));
        assert!(rows.iter().all(|r| r.get("vnetStudio").is_none()));
    }

    #[test]
    fn r20_invalid_rows_say_what_overrode_them() {
        let d = {
            let mut d = testutil::design();
            let rt = d.route_tables.iter_mut().find(|t| t.name == "rt-web").unwrap();
            rt.routes.push(crate::model::Route {
                name: "default-to-nva".into(),
                prefix: "0.0.0.0/0".parse().unwrap(),
                next_hop_type: crate::model::NextHopType::VirtualAppliance,
                next_hop_ip: Some("10.0.1.4".parse().unwrap()),
            });
            rt.disable_bgp_route_propagation = true;
            d
        };
        let eng = Engine::new(&d);
        let ix = eng.net.subnets.iter().position(|s| s.subnet.name == "snet-web").unwrap();
        let t = effective_route_table(eng.table(ix).unwrap());
        assert!(t.value.iter().all(|r| r.disable_bgp_route_propagation), "R-17: copied on every row");
        let internet = t.value.iter().find(|r| r.next_hop_type == "Internet").unwrap();
        assert_eq!(internet.state, RouteState::Invalid);
        let inv = internet.vnet_studio.invalid.as_ref().unwrap();
        assert_eq!(inv.rule, "R-23");
        let by = inv.by.and_then(|i| t.value.get(i)).unwrap();
        assert_eq!(by.name.as_deref(), Some("default-to-nva"));
        assert_eq!(internet.vnet_studio.rules, vec!["R-3", "R-23"]);
        let json = az::studio_json(&t).unwrap();
        assert!(json["value"][0]["vnetStudio"]["why"].is_string());
    }
}
