//! Who holds each private IP of a VNet: a NIC, a firewall, a private endpoint, a gateway instance
//! or a resolver inbound endpoint. The trace delivers a packet to the owner of its destination.

use super::{Network, SubnetIx};
use std::collections::HashMap;
use std::net::Ipv4Addr;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Owner {
    /// Index into [`Network::nics`].
    Nic(usize),
    /// A firewall's frontend or SNAT address; the firewall lives in this subnet.
    Firewall(SubnetIx),
    /// Index into [`Network::private_endpoints`].
    PrivateEndpoint(usize),
    /// A gateway instance IP; the gateway lives in this subnet.
    Gateway(SubnetIx),
    /// A DNS Private Resolver inbound endpoint in this subnet.
    ResolverInbound(SubnetIx),
}

/// One map per VNet. The first claimant of an address keeps it (duplicates are a validation error).
pub(super) fn index(net: &Network) -> Vec<HashMap<Ipv4Addr, Owner>> {
    let mut owners: Vec<HashMap<Ipv4Addr, Owner>> = vec![HashMap::new(); net.vnets.len()];
    let mut claim = |subnet: SubnetIx, ip: Ipv4Addr, owner: Owner| {
        if let Some(info) = net.subnets.get(subnet) {
            owners[info.vnet].entry(ip).or_insert(owner);
        }
    };
    for (i, n) in net.nics.iter().enumerate() {
        claim(n.subnet, n.nic.ip, Owner::Nic(i));
    }
    for (fw, subnet) in net.firewalls.iter().flatten() {
        claim(*subnet, fw.private_ip, Owner::Firewall(*subnet));
        if let Some(info) = net.subnets.get(*subnet) {
            let snat = crate::filter::firewall::snat_address(fw, info.subnet.prefix);
            claim(*subnet, snat, Owner::Firewall(*subnet));
        }
    }
    for (i, (pe, subnet)) in net.private_endpoints.iter().enumerate() {
        claim(*subnet, pe.ip, Owner::PrivateEndpoint(i));
    }
    for gw in &net.design.gateways {
        if let Some(subnet) = net.subnet_ix(&gw.subnet) {
            for ip in &gw.instance_ips {
                claim(subnet, *ip, Owner::Gateway(subnet));
            }
        }
    }
    for r in &net.design.resolvers {
        for ep in &r.inbound_endpoints {
            if let Some(subnet) = net.subnet_ix(&ep.subnet) {
                claim(subnet, ep.ip, Owner::ResolverInbound(subnet));
            }
        }
    }
    owners
}
