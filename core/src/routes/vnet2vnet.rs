//! Routes over VNet-to-VNet connections (P-14): every subnet of a VNet whose gateway (its own, or
//! its hub's through gateway transit, P-6) has a VNet-to-VNet tunnel gets one
//! `VirtualNetworkGateway` route per prefix the tunnel holds (the remote VNet's address space;
//! with BGP also what the remote gateway advertises), with the next hops of the local gateway
//! instances that carry the connection. They are gateway routes like any other: route
//! propagation off drops them, and VNet and peering routes beat them (R-22, P-10).
//! A one-sided connection holds nothing, so it adds no route (P-14 Sim choice).

use super::{EffectiveRoute, RouteSource, RouteState};
use crate::model::NextHopType;
use crate::network::{Network, VnetIx};

/// The VNet-to-VNet routes of the subnets of `vnet` (before R-17, which the caller applies).
pub(super) fn routes(net: &Network, vnet: VnetIx, out: &mut Vec<EffectiveRoute>) {
    let Some(gw_vnet) = net.gateway_vnet.get(vnet).copied().flatten() else { return };
    let via = if gw_vnet == vnet { String::new() } else { format!(" in peered VNet '{}'", net.vnet_name(gw_vnet)) };
    for (t, held) in net.tunnels(gw_vnet) {
        let remote = net.vnet_name(t.remote_vnet);
        let base = format!("VNet-to-VNet connection '{}' of gateway '{}'{via}", t.connection.name, t.gateway.name);
        let maintained = format!("{base}: address space of VNet '{remote}'");
        let learned = format!("{base}: learned over BGP from gateway '{}'", t.remote.name);
        for h in held {
            out.push(EffectiveRoute {
                source: RouteSource::VirtualNetworkGateway,
                state: RouteState::Active,
                prefix: h.prefix,
                next_hop_type: NextHopType::VirtualNetworkGateway,
                next_hop_ips: h.next_hops.clone(),
                name: String::new(),
                rule: "P-14",
                target: Some(t.gateway.id.clone()),
                connection: Some(t.connection.id.clone()),
                invalid: None,
                why: if h.over_bgp { learned.clone() } else { maintained.clone() },
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::{select, subnet_routes, RouteSource, RouteState, RouteTable};
    use crate::build::DesignBuilder;
    use crate::id::Id;
    use crate::model::*;
    use crate::network::Network;
    use crate::packet::Packet;
    use std::net::Ipv4Addr;

    /// Hub A (10.1/16, gateway, a spoke 10.11/16 using it) and hub B (10.2/16, gateway, spoke
    /// 10.22/16), connected A→B (and B→A when `both`), BGP on both connections when `bgp`.
    fn two_hubs(both: bool, bgp: bool) -> Design {
        let mut b = DesignBuilder::new("p14");
        let a = b.vnet("vnet-a", "eastus", &["10.1.0.0/16"]);
        let a_gw = b.subnet(&a, "GatewaySubnet", "10.1.255.0/27");
        b.subnet(&a, "snet-a", "10.1.1.0/24");
        let gw_a = b.gateway("vpngw-a", &a_gw, GatewayKind::Vpn, "VpnGw1", &["10.1.255.4", "10.1.255.5"]);
        let spoke_a = b.vnet("vnet-spoke-a", "eastus", &["10.11.0.0/16"]);
        b.subnet(&spoke_a, "snet-spoke-a", "10.11.1.0/24");
        b.peer_spoke(&a, &spoke_a, true);
        let bv = b.vnet("vnet-b", "westus", &["10.2.0.0/16"]);
        let b_gw = b.subnet(&bv, "GatewaySubnet", "10.2.255.0/27");
        b.subnet(&bv, "snet-b", "10.2.1.0/24");
        let gw_b = b.gateway("vpngw-b", &b_gw, GatewayKind::Vpn, "VpnGw1", &["10.2.255.4"]);
        let spoke_b = b.vnet("vnet-spoke-b", "westus", &["10.22.0.0/16"]);
        b.subnet(&spoke_b, "snet-spoke-b", "10.22.1.0/24");
        b.peer_spoke(&bv, &spoke_b, true);
        let mut d = b.build().unwrap();
        let conn = |id: &str, remote: &Id| GatewayConnection {
            id: Id::new(id),
            name: id.into(),
            peer: ConnectionPeer::Gateway(remote.clone()),
            bgp: Some(bgp),
            next_hops: Vec::new(),
            learned_prefixes: Vec::new(),
            meta: Meta::default(),
        };
        d.gateways[0].connections.push(conn("a-to-b", &gw_b));
        if both {
            d.gateways[1].connections.push(conn("b-to-a", &gw_a));
        }
        d
    }

    fn table(d: &Design, subnet: &str) -> RouteTable {
        let net = Network::new(d);
        let s = net.subnets.iter().position(|s| s.subnet.name == subnet).unwrap();
        subnet_routes(&net, s)
    }

    /// (prefix, next hops, rule) of the table's gateway rows.
    fn gateway_rows(t: &RouteTable) -> Vec<(String, Vec<Ipv4Addr>, &'static str)> {
        t.routes
            .iter()
            .filter(|r| r.source == RouteSource::VirtualNetworkGateway)
            .map(|r| (r.prefix.to_string(), r.next_hop_ips.clone(), r.rule))
            .collect()
    }

    fn ips(list: &[&str]) -> Vec<Ipv4Addr> {
        list.iter().map(|s| s.parse().unwrap()).collect()
    }

    #[test]
    fn p14_without_bgp_each_side_routes_to_the_remote_vnet_only() {
        let d = two_hubs(true, false);
        let a_hops = ips(&["10.1.255.4", "10.1.255.5"]);
        assert_eq!(gateway_rows(&table(&d, "snet-a")), vec![("10.2.0.0/16".into(), a_hops.clone(), "P-14")]);
        // P-6: the spoke uses A's gateway and gets the same route.
        assert_eq!(gateway_rows(&table(&d, "snet-spoke-a")), vec![("10.2.0.0/16".into(), a_hops, "P-14")]);
        assert_eq!(gateway_rows(&table(&d, "snet-b")), vec![("10.1.0.0/16".into(), ips(&["10.2.255.4"]), "P-14")]);
    }

    #[test]
    fn p14_one_connection_resource_gives_no_route() {
        let d = two_hubs(false, true);
        for s in ["snet-a", "snet-spoke-a", "snet-b", "snet-spoke-b"] {
            assert!(gateway_rows(&table(&d, s)).is_empty(), "{s}");
        }
    }

    #[test]
    fn p14_with_bgp_each_side_learns_the_other_sides_spokes() {
        let d = two_hubs(true, true);
        let rows: Vec<String> = gateway_rows(&table(&d, "snet-b")).into_iter().map(|r| r.0).collect();
        assert_eq!(rows, vec!["10.1.0.0/16", "10.11.0.0/16"]);
        let rows: Vec<String> = gateway_rows(&table(&d, "snet-spoke-a")).into_iter().map(|r| r.0).collect();
        assert_eq!(rows, vec!["10.2.0.0/16", "10.22.0.0/16"]);
        assert!(table(&d, "snet-spoke-a")
            .routes
            .iter()
            .any(|r| r.why.contains("learned over BGP from gateway 'vpngw-b'")));
    }

    #[test]
    fn p14_bgp_needs_both_connection_resources() {
        let mut d = two_hubs(true, true);
        d.gateways[1].connections[0].bgp = Some(false);
        let rows: Vec<String> = gateway_rows(&table(&d, "snet-b")).into_iter().map(|r| r.0).collect();
        assert_eq!(rows, vec!["10.1.0.0/16"]);
    }

    #[test]
    fn p14_propagation_off_drops_the_routes_and_a_design_narrows_next_hops() {
        let mut d = two_hubs(true, false);
        d.gateways[0].connections[0].next_hops = ips(&["10.1.255.5"]);
        assert_eq!(gateway_rows(&table(&d, "snet-a")), vec![("10.2.0.0/16".into(), ips(&["10.1.255.5"]), "P-14")]);
        let mut b = DesignBuilder::from_design(d);
        let s = b.design_mut().subnets.iter().find(|s| s.name == "snet-a").unwrap().id.clone();
        b.route_table("rt-a", true, &[], &[&s]);
        let d = b.build().unwrap();
        assert!(gateway_rows(&table(&d, "snet-a")).is_empty());
    }

    #[test]
    fn p14_a_triangle_of_bgp_connections_terminates_and_prefers_the_direct_connection() {
        let mut b = DesignBuilder::new("triangle");
        let mut gws = Vec::new();
        for k in 1..=3u8 {
            let v = b.vnet(&format!("vnet-{k}"), "eastus", &[&format!("10.{k}.0.0/16")]);
            let gs = b.subnet(&v, "GatewaySubnet", &format!("10.{k}.255.0/27"));
            b.subnet(&v, &format!("snet-{k}"), &format!("10.{k}.1.0/24"));
            gws.push(b.gateway(&format!("gw-{k}"), &gs, GatewayKind::Vpn, "VpnGw1", &[&format!("10.{k}.255.4")]));
        }
        let mut d = b.build().unwrap();
        for (i, g) in d.gateways.iter_mut().enumerate() {
            for (j, to) in gws.iter().enumerate().filter(|(j, _)| *j != i) {
                g.connections.push(GatewayConnection {
                    id: Id::new(format!("c{i}{j}")),
                    name: format!("c{i}{j}"),
                    peer: ConnectionPeer::Gateway(to.clone()),
                    bgp: Some(true),
                    next_hops: Vec::new(),
                    learned_prefixes: Vec::new(),
                    meta: Meta::default(),
                });
            }
        }
        let rows: Vec<String> = gateway_rows(&table(&d, "snet-1")).into_iter().map(|r| r.0).collect();
        // Each remote VNet once, over its direct connection (the shorter AS path); never 10.1/16.
        assert_eq!(rows, vec!["10.2.0.0/16", "10.3.0.0/16"]);
    }

    #[test]
    fn p10_the_peering_wins_over_the_tunnel() {
        let mut d = two_hubs(true, false);
        let mut b = DesignBuilder::from_design(d.clone());
        let (a, bv) = (d.vnets[0].id.clone(), d.vnets[2].id.clone());
        b.peer(&a, &bv);
        d = b.build().unwrap();
        let t = table(&d, "snet-a");
        let tunnel = t.routes.iter().find(|r| r.rule == "P-14").unwrap();
        assert_eq!(tunnel.state, RouteState::Invalid);
        assert_eq!(tunnel.invalid.as_ref().map(|i| i.rule), Some("P-10"));
        let net = Network::new(&d);
        let packet = Packet {
            src: "10.1.1.4".parse().unwrap(),
            dst: "10.2.1.4".parse().unwrap(),
            protocol: Protocol::Tcp,
            src_port: 50000,
            dst_port: 443,
            host: None,
        };
        let sel = select(&net, &t, &packet).unwrap();
        // Different regions: global peering (P-8).
        assert_eq!(t.routes[sel.index].next_hop_type, NextHopType::VNetGlobalPeering);
    }
}
