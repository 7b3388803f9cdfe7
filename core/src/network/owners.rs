//! Who holds each private IP of a VNet: a NIC, a firewall, a private endpoint, a gateway instance,
//! a resolver endpoint or an internal load balancer's frontend. The trace delivers a packet to the
//! owner of its destination.

use super::HashMap;
use super::{Network, SubnetIx};
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
    /// A DNS Private Resolver endpoint in this subnet: an inbound endpoint's IP, or the address
    /// an outbound endpoint sends forwarded queries from ([`outbound_endpoint_ip`]).
    ResolverEndpoint(SubnetIx),
    /// An internal load balancer's frontend IP (F-22): index into [`super::Balancing::balancers`].
    LoadBalancer(usize),
}

/// One map per VNet. The first claimant of an address keeps it (duplicates are a validation error).
pub(super) fn index(net: &Network) -> Vec<HashMap<Ipv4Addr, Owner>> {
    let mut owners: Vec<HashMap<Ipv4Addr, Owner>> = vec![HashMap::default(); net.vnets.len()];
    let mut claim = |subnet: SubnetIx, ip: Ipv4Addr, owner: Owner| {
        if let Some(info) = net.subnets.get(subnet) {
            owners[info.vnet].entry(ip).or_insert(owner);
        }
    };
    // Secondary IP configurations are the NIC's (and the endpoint's) as much as the primary.
    for (i, n) in net.nics.iter().enumerate() {
        for ip in n.nic.ips() {
            claim(n.subnet, ip, Owner::Nic(i));
        }
    }
    for (fw, subnet) in net.firewalls.iter().flatten() {
        claim(*subnet, fw.private_ip, Owner::Firewall(*subnet));
        if let Some(info) = net.subnets.get(*subnet) {
            let snat = crate::filter::firewall::snat_address(fw, info.subnet.prefix);
            claim(*subnet, snat, Owner::Firewall(*subnet));
        }
    }
    for (i, (pe, subnet)) in net.private_endpoints.iter().enumerate() {
        for ip in pe.ips() {
            claim(*subnet, ip, Owner::PrivateEndpoint(i));
        }
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
                claim(subnet, ep.ip, Owner::ResolverEndpoint(subnet));
            }
        }
        for ep in &r.outbound_endpoints {
            if let Some(subnet) = net.subnet_ix(&ep.subnet) {
                let prefix = net.subnets[subnet].subnet.prefix;
                claim(subnet, outbound_endpoint_ip(prefix), Owner::ResolverEndpoint(subnet));
            }
        }
    }
    for (i, b) in net.balancing.balancers.iter().enumerate() {
        claim(b.subnet, b.lb.frontend_ip, Owner::LoadBalancer(i));
    }
    owners
}

/// The address a resolver outbound endpoint sends forwarded queries from. The model gives outbound
/// endpoints no IP; Azure takes it from the endpoint's dedicated subnet, whose first four
/// addresses are reserved, so the first usable one (`.4` of a /28) stands for it.
pub fn outbound_endpoint_ip(prefix: ipnet::Ipv4Net) -> Ipv4Addr {
    Ipv4Addr::from(u32::from(prefix.network()).saturating_add(4))
}
