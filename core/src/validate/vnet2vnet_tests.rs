//! P-14 and R-13 checks on the validation fixture with a second VNet connected VNet to VNet.

use super::fixture::{hub_spoke, route_table, Ids};
use super::{validate, Code};
use crate::build::DesignBuilder;
use crate::id::Id;
use crate::model::*;

/// The fixture plus VNet 'vnet-remote' (`range`, GatewaySubnet at its `.255.0/27`) with a
/// gateway of `kind` connected from the hub's gateway 'vpngw-hub', and back when `back`.
pub(super) fn with_remote(d: Design, kind: GatewayKind, range: &str, back: bool) -> Design {
    let base = range.split('.').take(2).collect::<Vec<_>>().join(".");
    let mut b = DesignBuilder::from_design(d);
    let v = b.vnet("vnet-remote", "westus", &[range]);
    let gw_subnet = b.subnet(&v, "GatewaySubnet", &format!("{base}.255.0/27"));
    let app = b.subnet(&v, "snet-remote", &format!("{base}.1.0/24"));
    b.vm("vm-remote", &app, &format!("{base}.1.4"));
    let remote = b.gateway("vpngw-remote", &gw_subnet, kind, "VpnGw1", &[&format!("{base}.255.4")]);
    let mut d = b.build().expect("builds");
    let hub_gw = d.gateways[0].id.clone();
    let conn = |id: &str, to: &Id| GatewayConnection {
        id: Id::new(id),
        name: id.into(),
        peer: ConnectionPeer::Gateway(to.clone()),
        bgp: None,
        next_hops: Vec::new(),
        learned_prefixes: Vec::new(),
        meta: Meta::default(),
    };
    d.gateways[0].connections.push(conn("hub-to-remote", &remote));
    if back {
        if let Some(g) = d.gateways.iter_mut().find(|g| g.id == remote) {
            g.connections.push(conn("remote-to-hub", &hub_gw));
        }
    }
    d
}

/// The codes validation reports on the two gateways.
fn codes(d: &Design) -> Vec<(Code, String)> {
    let gateways: Vec<&Id> = d.gateways.iter().map(|g| &g.id).collect();
    validate(d)
        .into_iter()
        .filter(|x| x.element.as_ref().is_some_and(|e| gateways.contains(&e)))
        .map(|x| (x.code, x.message))
        .collect()
}

/// Trigger designs for [`super::tests`]' every-code check.
pub(super) fn trigger(code: Code, d: Design) -> Design {
    match code {
        Code::Vnet2VnetNotVpn => with_remote(d, GatewayKind::ExpressRoute, "10.9.0.0/16", true),
        Code::Vnet2VnetOneSided => with_remote(d, GatewayKind::Vpn, "10.9.0.0/16", false),
        // 10.1.0.0/16 is the hub's gateway-transit spoke.
        _ => with_remote(d, GatewayKind::Vpn, "10.1.0.0/16", true),
    }
}

#[test]
fn p14_two_vpn_gateways_with_both_connections_and_no_overlap_are_clean() {
    let (d, _) = hub_spoke();
    assert_eq!(codes(&with_remote(d, GatewayKind::Vpn, "10.9.0.0/16", true)), vec![]);
}

#[test]
fn p14_one_sided_connection_warns_naming_both_gateways() {
    let (d, _) = hub_spoke();
    let found = codes(&with_remote(d, GatewayKind::Vpn, "10.9.0.0/16", false));
    assert_eq!(found.len(), 1, "{found:?}");
    let (code, msg) = &found[0];
    assert_eq!(*code, Code::Vnet2VnetOneSided);
    assert!(
        msg.contains("'hub-to-remote'") && msg.contains("'vpngw-remote'") && msg.contains("until both sides exist")
    );
}

#[test]
fn p14_overlap_with_a_spoke_or_a_site_is_an_error_naming_both_sides() {
    let (d, _) = hub_spoke();
    let found = codes(&with_remote(d, GatewayKind::Vpn, "10.1.0.0/16", true));
    assert_eq!(found.len(), 1, "reported once for the pair: {found:?}");
    assert_eq!(found[0].0, Code::Vnet2VnetOverlap);
    assert!(found[0].1.contains("VNet 'vnet-spoke'") && found[0].1.contains("VNet 'vnet-remote'"), "{}", found[0].1);
    // The remote gateway's site overlaps the hub's site.
    let (d, _) = hub_spoke();
    let mut b = DesignBuilder::from_design(with_remote(d, GatewayKind::Vpn, "10.9.0.0/16", true));
    let branch = b.site("branch", &["192.168.5.0/24"]);
    let remote = b.design_mut().gateways[1].id.clone();
    b.connect_site(&remote, &branch, &[]);
    let found = codes(&b.build().unwrap());
    assert!(found
        .iter()
        .any(|(c, m)| *c == Code::Vnet2VnetOverlap && m.contains("site 'onprem'") && m.contains("site 'branch'")));
}

#[test]
fn p14_one_site_connected_to_both_gateways_is_not_an_overlap() {
    let (d, _) = hub_spoke();
    let mut d = with_remote(d, GatewayKind::Vpn, "10.9.0.0/16", true);
    let site = d.sites[0].id.clone();
    let mut b = DesignBuilder::from_design(d);
    let remote = b.design_mut().gateways[1].id.clone();
    b.connect_site(&remote, &site, &[]);
    d = b.build().unwrap();
    assert_eq!(codes(&d), vec![]);
}

#[test]
fn p14_an_expressroute_end_is_an_error() {
    let (d, _) = hub_spoke();
    let found = codes(&with_remote(d, GatewayKind::ExpressRoute, "10.9.0.0/16", true));
    assert!(found
        .iter()
        .any(|(c, m)| *c == Code::Vnet2VnetNotVpn && m.contains("ExpressRoute gateway 'vpngw-remote'")));
}

#[test]
fn r13_an_appliance_behind_a_vnet2vnet_connection_is_not_directly_reachable() {
    let (d, ids): (Design, Ids) = hub_spoke();
    let mut d = with_remote(d, GatewayKind::Vpn, "10.9.0.0/16", true);
    route_table(&mut d, &ids.rt_spoke).routes[0].next_hop_ip = Some("10.9.1.4".parse().unwrap());
    let found: Vec<_> = validate(&d).into_iter().filter(|x| x.code == Code::NextHopViaGateway).collect();
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].message.contains("VNet 'vnet-remote' behind VNet-to-VNet connection 'hub-to-remote'"));
    assert_eq!(found[0].field, "routes[0].nextHopIp");
    // Without the connection back there is no tunnel: the address is simply unreachable.
    d.gateways[1].connections.clear();
    assert!(!validate(&d).iter().any(|x| x.code == Code::NextHopViaGateway));
}
