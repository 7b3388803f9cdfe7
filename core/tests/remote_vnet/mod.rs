//! A random change of the engine property tests (`engine_props`): a new VNet connected VNet to
//! VNet with a gateway of the design (P-14).

use proptest::sample::Index;
use std::net::Ipv4Addr;
use vnet_core::model::*;
use vnet_core::Id;

/// A new VNet with a VM and a VPN gateway, connected to a gateway of the design (bit 0 of `bits`:
/// the connection back exists; bits 1 and 2: BGP on each side), at 10.(200 + n).0.0/16, outside
/// every gallery and generated design.
pub fn remote_vnet(d: &mut Design, gateway: &Index, bits: u8) {
    if d.gateways.is_empty() {
        return;
    }
    let local = gateway.get(&d.gateways).id.clone();
    let n = d.vnets.len() % 50;
    let name = format!("prop-remote-{n}");
    if d.vnets.iter().any(|v| v.name == name) {
        return;
    }
    let (gw_ip, vm_ip) = (Ipv4Addr::new(10, 200 + n as u8, 255, 4), Ipv4Addr::new(10, 200 + n as u8, 1, 4));
    let net = |third: u8, len: u8| ipnet::Ipv4Net::new(Ipv4Addr::new(10, 200 + n as u8, third, 0), len).ok();
    let (Some(space), Some(gws), Some(app)) = (net(0, 16), net(255, 27), net(1, 24)) else { return };
    let mut b = vnet_core::build::DesignBuilder::from_design(d.clone());
    let v = b.vnet(&name, "westus", &[&space.to_string()]);
    let gw_subnet = b.subnet(&v, "GatewaySubnet", &gws.to_string());
    let snet = b.subnet(&v, "snet-remote", &app.to_string());
    b.vm(&format!("vm-prop-remote-{n}"), &snet, &vm_ip.to_string());
    let remote = b.gateway(&format!("vpngw-prop-{n}"), &gw_subnet, GatewayKind::Vpn, "VpnGw1", &[&gw_ip.to_string()]);
    *d = match b.build() {
        Ok(built) => built,
        Err(_) => return,
    };
    let connection = |name: String, to: &Id, bgp: bool| GatewayConnection {
        id: Id::new(name.clone()),
        name,
        peer: ConnectionPeer::Gateway(to.clone()),
        bgp: Some(bgp),
        next_hops: Vec::new(),
        learned_prefixes: Vec::new(),
        meta: Default::default(),
    };
    if let Some(g) = d.gateways.iter_mut().find(|g| g.id == local) {
        g.connections.push(connection(format!("to-prop-{n}"), &remote, bits & 2 != 0));
    }
    if bits & 1 != 0 {
        if let Some(g) = d.gateways.iter_mut().find(|g| g.id == remote) {
            g.connections.push(connection(format!("prop-{n}-back"), &local, bits & 4 != 0));
        }
    }
}
