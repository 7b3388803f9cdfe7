//! Private addresses: every address a NIC, firewall, private endpoint, resolver inbound endpoint or
//! gateway instance holds must lie in its subnet, avoid the five addresses Azure reserves in every
//! subnet, and be unique within its VNet (the routing engine delivers to the owner of an address).

use super::index::{Index, IpUse};
use super::net;
use super::{Code, Out};
use crate::id::Id;
use crate::network::HashMap;
use std::net::Ipv4Addr;

pub(super) fn check(ix: &Index, out: &mut Out) {
    let mut owners: HashMap<(&Id, Ipv4Addr), &IpUse> =
        HashMap::with_capacity_and_hasher(ix.ips.len(), Default::default());
    for u in &ix.ips {
        // A dangling subnet is reported by `references`; there is nothing to check against.
        let Some(subnet) = ix.subnet(u.subnet) else { continue };
        let (who, field, ip) = (&u.who, &u.field, u.ip);
        if !net::contains(&subnet.prefix, ip) {
            let msg = format!("{who}: {field} {ip} is outside subnet '{}' ({})", subnet.name, subnet.prefix.trunc());
            out.push(Code::IpOutsideSubnet, u.element, field.to_string(), msg);
        } else if let Some(reason) = net::reserved_use(&subnet.prefix, ip) {
            let msg = format!(
                "{who}: {field} {ip} is {reason} of subnet '{}' ({}); Azure reserves the first four and the last address",
                subnet.name,
                subnet.prefix.trunc()
            );
            out.push(Code::IpReserved, u.element, field.to_string(), msg);
        }
        match owners.get(&(&subnet.vnet, ip)) {
            Some(first) => {
                let vnet = ix.vnet(&subnet.vnet).map_or(subnet.vnet.as_str(), |v| v.name.as_str());
                let msg = format!(
                    "{who}: {field} {ip} is already used by {:#} ({}) in virtual network '{vnet}'",
                    first.who, first.field
                );
                out.push(Code::DuplicateIp, u.element, field.to_string(), msg);
            }
            None => {
                owners.insert((&subnet.vnet, ip), u);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::fixture::{at, found, hub_spoke};
    use super::*;

    fn ip(s: &str) -> Ipv4Addr {
        s.parse().unwrap()
    }

    #[test]
    fn addresses_outside_their_subnet() {
        let (mut d, ids) = hub_spoke();
        d.vms[0].nics[0].ip = ip("10.1.1.10");
        d.firewalls[0].private_ip = ip("10.0.2.4");
        for t in &mut d.route_tables {
            t.routes[0].next_hop_ip = Some(ip("10.0.2.4"));
        }
        d.private_endpoints[0].ip = ip("10.1.0.9");
        d.resolvers[0].inbound_endpoints[0].ip = ip("10.0.3.20");
        d.gateways[0].instance_ips[1] = ip("10.0.254.5");
        let c = Code::IpOutsideSubnet;
        assert_eq!(
            found(&d),
            vec![
                at(c, &ids.vm, "nics[0].ip"),
                at(c, &ids.fw, "privateIp"),
                at(c, &ids.gw, "instanceIps[1]"),
                at(c, &ids.pe, "ip"),
                at(c, &ids.resolver, "inboundEndpoints[0].ip"),
            ]
        );
    }

    #[test]
    fn the_five_reserved_addresses() {
        for (addr, reason) in [
            ("10.1.0.0", "the network address"),
            ("10.1.0.1", "default gateway"),
            ("10.1.0.2", "Azure DNS"),
            ("10.1.0.3", "Azure DNS"),
            ("10.1.0.255", "broadcast"),
        ] {
            let (mut d, ids) = hub_spoke();
            d.vms[0].nics[0].ip = ip(addr);
            let diags = super::super::validate(&d);
            assert_eq!(diags.len(), 1, "{addr}: {diags:?}");
            assert_eq!((diags[0].code, diags[0].element.as_ref()), (Code::IpReserved, Some(&ids.vm)));
            assert_eq!(diags[0].field, "nics[0].ip");
            assert!(diags[0].message.contains(reason), "{}", diags[0].message);
        }
    }

    #[test]
    fn the_same_address_twice_in_one_vnet() {
        let (mut d, ids) = hub_spoke();
        let mut b = crate::build::DesignBuilder::from_design(d.clone());
        let (vm2, _) = b.vm("vm-other", &ids.vm_subnet, "10.1.0.4");
        d = b.build().unwrap();
        let diags = super::super::validate(&d);
        assert_eq!(found(&d), vec![at(Code::DuplicateIp, &vm2, "nics[0].ip")]);
        assert_eq!(
            diags[0].message,
            "Virtual machine 'vm-other': nics[0].ip 10.1.0.4 is already used by virtual machine 'vm-app' (nics[0].ip) in virtual network 'vnet-spoke'"
        );
    }
}
