//! R-25 (second edition) on gateway routes: one row per (prefix, connection) carrying the
//! instances that learned the prefix, ECMP over next hops only where a prefix has several, and
//! R-29's ExpressRoute preference on top.

use super::{select, subnet_routes, RouteSource, RouteTable};
use crate::build::DesignBuilder;
use crate::model::{Design, GatewayKind, LearnedPrefix, Protocol};
use crate::network::Network;
use crate::packet::Packet;
use std::collections::BTreeSet;
use std::net::Ipv4Addr;

fn ip(s: &str) -> Ipv4Addr {
    s.parse().unwrap()
}

/// A hub with an app subnet and a gateway of `kind` with `instances`, connected to site "dc"
/// (192.168.0.0/16, 172.16.10.0/24) and site "branch" (192.168.0.0/16 again).
fn hub(kind: GatewayKind, instances: &[&str]) -> Design {
    let mut b = DesignBuilder::new("r25");
    let hub = b.vnet("vnet-hub", "eastus", &["10.0.0.0/16"]);
    let gw_subnet = b.subnet(&hub, "GatewaySubnet", "10.0.255.0/27");
    let app = b.subnet(&hub, "snet-app", "10.0.1.0/24");
    b.vm("vm-app", &app, "10.0.1.4");
    let gw = b.gateway("gw", &gw_subnet, kind, "VpnGw2AZ", instances);
    let dc = b.site("dc", &["192.168.0.0/16", "172.16.10.0/24"]);
    b.connect_site(&gw, &dc, &["192.168.0.0/16", "172.16.10.0/24"]);
    let branch = b.site("branch", &["192.168.0.0/16"]);
    b.connect_site(&gw, &branch, &["192.168.0.0/16"]);
    b.build().unwrap()
}

fn app_table(d: &Design) -> RouteTable {
    let net = Network::new(d);
    let s = net.subnets.iter().position(|s| s.subnet.name == "snet-app").unwrap();
    subnet_routes(&net, s)
}

/// (prefix, next hops) of the table's gateway rows, in table order.
fn gateway_rows(t: &RouteTable) -> Vec<(String, Vec<Ipv4Addr>)> {
    t.routes
        .iter()
        .filter(|r| r.source == RouteSource::VirtualNetworkGateway)
        .map(|r| (r.prefix.to_string(), r.next_hop_ips.clone()))
        .collect()
}

fn packet(dst: &str, src_port: u16) -> Packet {
    Packet { src: ip("10.0.1.4"), dst: ip(dst), protocol: Protocol::Tcp, src_port, dst_port: 443, host: None }
}

#[test]
fn r25_one_row_per_prefix_and_connection_with_every_instance_by_default() {
    let d = hub(GatewayKind::Vpn, &["10.0.255.4", "10.0.255.5"]);
    let both = vec![ip("10.0.255.4"), ip("10.0.255.5")];
    assert_eq!(
        gateway_rows(&app_table(&d)),
        vec![
            ("192.168.0.0/16".into(), both.clone()),
            ("172.16.10.0/24".into(), both.clone()),
            ("192.168.0.0/16".into(), both),
        ]
    );
    let t = app_table(&d);
    assert!(t.routes.iter().filter(|r| r.source == RouteSource::VirtualNetworkGateway).all(|r| r.rule == "R-8"));
    assert!(t.routes.iter().any(|r| r.why.contains("over connection 'to-branch'")));
}

#[test]
fn r25_a_prefix_learned_by_one_instance_has_one_next_hop_and_no_ecmp() {
    let mut d = hub(GatewayKind::Vpn, &["10.0.255.4", "10.0.255.5"]);
    let dc = &mut d.gateways[0].connections[0];
    dc.learned_prefixes[1] = LearnedPrefix { prefix: dc.learned_prefixes[1].prefix, next_hops: vec![ip("10.0.255.5")] };
    let net = Network::new(&d);
    let t = app_table(&d);
    assert!(gateway_rows(&t).contains(&("172.16.10.0/24".into(), vec![ip("10.0.255.5")])));
    for port in 40000..40050 {
        let sel = select(&net, &t, &packet("172.16.10.9", port)).unwrap();
        assert_eq!((sel.rule, sel.ecmp, sel.instance), ("R-19", None, Some(ip("10.0.255.5"))));
    }
}

#[test]
fn r25_ecmp_spreads_flows_over_every_next_hop_of_the_prefix_and_keeps_each_flow() {
    let mut d = hub(GatewayKind::Vpn, &["10.0.255.4", "10.0.255.5"]);
    // The branch connection has a tunnel on instance .4 only: 192.168/16 has 2 + 1 next hops.
    d.gateways[0].connections[1].next_hops = vec![ip("10.0.255.4")];
    let net = Network::new(&d);
    let t = app_table(&d);
    assert!(gateway_rows(&t).contains(&("192.168.0.0/16".into(), vec![ip("10.0.255.4")])));
    let mut picked = BTreeSet::new();
    for port in 40000..40200 {
        let p = packet("192.168.7.7", port);
        let sel = select(&net, &t, &p).unwrap();
        let (k, n) = sel.ecmp.unwrap();
        assert_eq!((sel.rule, n), ("R-25", 3));
        let row = &t.routes[sel.index];
        let instance = sel.instance.unwrap();
        assert!(row.next_hop_ips.contains(&instance));
        assert!(sel.why.contains(&format!("the flow hash picked instance {instance}")), "{}", sel.why);
        picked.insert((sel.index, instance, k));
        assert_eq!(select(&net, &t, &p), Some(sel), "one flow, one next hop");
    }
    assert_eq!(picked.len(), 3, "every next hop carries some flows: {picked:?}");
}

#[test]
fn r25_an_active_standby_gateway_has_one_next_hop_per_row() {
    let d = hub(GatewayKind::Vpn, &["10.0.255.4"]);
    let net = Network::new(&d);
    let t = app_table(&d);
    assert!(gateway_rows(&t).iter().all(|(_, hops)| hops == &vec![ip("10.0.255.4")]));
    // Two connections learned 192.168/16: two rows, two next hops, so ECMP between them.
    let sel = select(&net, &t, &packet("192.168.7.7", 40000)).unwrap();
    assert_eq!((sel.ecmp.map(|(_, n)| n), sel.instance), (Some(2), Some(ip("10.0.255.4"))));
}

#[test]
fn r29_expressroute_rows_replace_the_vpn_rows_of_the_same_prefix() {
    let mut d = hub(GatewayKind::Vpn, &["10.0.255.4", "10.0.255.5"]);
    let mut er = d.gateways[0].clone();
    er.id = crate::id::Id::new("er");
    er.name = "er".into();
    er.kind = GatewayKind::ExpressRoute;
    er.instance_ips = vec![ip("10.0.255.6"), ip("10.0.255.7")];
    er.connections.truncate(1);
    er.connections[0].id = crate::id::Id::new("er-dc");
    er.connections[0].learned_prefixes.truncate(1);
    d.gateways.push(er);
    let er_hops = vec![ip("10.0.255.6"), ip("10.0.255.7")];
    let rows = gateway_rows(&app_table(&d));
    assert_eq!(rows.iter().filter(|(p, _)| p == "192.168.0.0/16").count(), 1, "{rows:?}");
    assert!(rows.contains(&("192.168.0.0/16".into(), er_hops)));
    // The VPN still installs what ExpressRoute did not learn.
    assert!(rows.contains(&("172.16.10.0/24".into(), vec![ip("10.0.255.4"), ip("10.0.255.5")])));
}
