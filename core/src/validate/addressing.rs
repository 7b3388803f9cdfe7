//! The address plan: VNet address spaces, subnets inside them, and on-premises sites against both.
//! Overlaps are found per VNet with a sorted sweep (`net::overlapping_pairs`), so a VNet with
//! thousands of subnets costs O(n log n), and VNets are never compared pairwise here (peered
//! VNets are compared in `peering`, P-3).

use super::index::{label, Index};
use super::net::{self, Ranges};
use super::{Code, Out};
use crate::model::*;
use ipnet::Ipv4Net;

/// Azure's smallest subnet: a /29 leaves three usable addresses after the five reserved ones.
const SMALLEST_SUBNET: u8 = 29;

pub(super) fn check(ix: &Index, out: &mut Out) {
    for v in &ix.design.vnets {
        address_space(out, v);
        subnets(ix, out, v);
    }
    for s in &ix.design.subnets {
        if s.prefix.prefix_len() > SMALLEST_SUBNET {
            let who = label(ElementKind::Subnet, &s.name, &s.id);
            let msg = format!("{who}: prefix {} is smaller than /29, the smallest subnet Azure allows", s.prefix);
            out.push(Code::SubnetTooSmall, &s.id, "prefix", msg);
        }
    }
    sites(ix, out);
}

fn address_space(out: &mut Out, v: &Vnet) {
    let who = label(ElementKind::Vnet, &v.name, &v.id);
    if v.address_space.is_empty() {
        out.push(
            Code::VnetWithoutAddressSpace,
            &v.id,
            "addressSpace",
            format!("{who}: addressSpace is empty; give it at least one range"),
        );
    }
    for (a, b) in net::overlapping_pairs(&v.address_space) {
        let (Some(first), Some(second)) = (v.address_space.get(a), v.address_space.get(b)) else {
            continue;
        };
        let msg = format!("{who}: addressSpace[{b}] {second} overlaps addressSpace[{a}] {first}");
        out.push(Code::AddressSpaceOverlap, &v.id, format!("addressSpace[{b}]"), msg);
    }
}

/// Subnets of one VNet: each inside the address space, and no two overlapping.
fn subnets(ix: &Index, out: &mut Out, v: &Vnet) {
    let subnets = ix.subnets_of(&v.id);
    for s in subnets {
        if !v.address_space.is_empty() && !v.address_space.iter().any(|r| net::within(&s.prefix, r)) {
            let space: Vec<String> = v.address_space.iter().map(Ipv4Net::to_string).collect();
            let msg = format!(
                "{}: prefix {} is outside the address space of virtual network '{}' ({})",
                label(ElementKind::Subnet, &s.name, &s.id),
                s.prefix,
                v.name,
                space.join(", ")
            );
            out.push(Code::SubnetOutsideVnet, &s.id, "prefix", msg);
        }
    }
    let prefixes: Vec<Ipv4Net> = subnets.iter().map(|s| s.prefix).collect();
    for (a, b) in net::overlapping_pairs(&prefixes) {
        // `subnets_of` keeps design order, so `b` is the later subnet: it gets the finding.
        let (Some(first), Some(second)) = (subnets.get(a), subnets.get(b)) else {
            continue;
        };
        let msg = format!(
            "{}: prefix {} overlaps subnet '{}' ({}) in virtual network '{}'",
            label(ElementKind::Subnet, &second.name, &second.id),
            second.prefix,
            first.name,
            first.prefix,
            v.name
        );
        out.push(Code::SubnetOverlap, &second.id, "prefix", msg);
    }
}

/// On-premises hosts inside their site; site prefixes clear of every VNet.
fn sites(ix: &Index, out: &mut Out) {
    let vnet_ranges = Ranges::new(ix.design.vnets.iter().flat_map(|v| v.address_space.iter()));
    for site in &ix.design.sites {
        let who = label(ElementKind::Site, &site.name, &site.id);
        let own = Ranges::new(&site.prefixes);
        let addresses = site.hosts.iter().enumerate().map(|(i, h)| (format!("hosts[{i}].ip"), &h.name, h.ip));
        let servers = site.dns_servers.iter().enumerate();
        let addresses = addresses.chain(servers.map(|(i, s)| (format!("dnsServers[{i}].ip"), &s.name, s.ip)));
        for (field, name, ip) in addresses {
            if !own.contains(ip) {
                let msg = format!("{who}: {field} {ip} of '{name}' is outside every prefix of the site");
                out.push(Code::HostOutsideSite, &site.id, field, msg);
            }
        }
        for (i, p) in site.prefixes.iter().enumerate() {
            if vnet_ranges.overlaps(p) {
                let msg = format!(
                    "{who}: prefixes[{i}] {p} overlaps the address space of a virtual network; Azure keeps the VNet route, so these on-premises addresses are unreachable from it"
                );
                out.push(Code::SiteOverlapsVnet, &site.id, format!("prefixes[{i}]"), msg);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::fixture::{at, found, hub_spoke, subnet, vnet};
    use super::*;

    fn net(s: &str) -> Ipv4Net {
        s.parse().unwrap()
    }

    #[test]
    fn subnet_outside_its_vnet() {
        let (mut d, ids) = hub_spoke();
        subnet(&mut d, &ids.data_subnet).prefix = net("10.2.1.0/24");
        // The private endpoint's address stays behind, outside its moved subnet.
        assert_eq!(
            found(&d),
            vec![at(Code::SubnetOutsideVnet, &ids.data_subnet, "prefix"), at(Code::IpOutsideSubnet, &ids.pe, "ip"),]
        );
    }

    #[test]
    fn overlapping_subnets_are_reported_on_the_later_one() {
        let (mut d, ids) = hub_spoke();
        subnet(&mut d, &ids.data_subnet).prefix = net("10.1.0.128/25");
        let got = found(&d);
        assert!(got.contains(&at(Code::SubnetOverlap, &ids.data_subnet, "prefix")), "{got:?}");
        assert_eq!(got.iter().filter(|f| f.0 == Code::SubnetOverlap).count(), 1);
    }

    #[test]
    fn empty_and_overlapping_address_spaces() {
        let (mut d, ids) = hub_spoke();
        vnet(&mut d, &ids.hub).address_space.push(net("10.0.128.0/17"));
        let mut b = crate::build::DesignBuilder::from_design(d);
        let empty = b.vnet("vnet-empty", "eastus", &[]);
        let d = b.build().unwrap();
        assert_eq!(
            found(&d),
            vec![
                at(Code::AddressSpaceOverlap, &ids.hub, "addressSpace[1]"),
                at(Code::VnetWithoutAddressSpace, &empty, "addressSpace"),
            ]
        );
    }

    #[test]
    fn subnets_smaller_than_29() {
        let (mut d, ids) = hub_spoke();
        subnet(&mut d, &ids.data_subnet).prefix = net("10.1.1.0/30");
        d.private_endpoints[0].ip = "10.1.1.2".parse().unwrap();
        let got = found(&d);
        assert!(got.contains(&at(Code::SubnetTooSmall, &ids.data_subnet, "prefix")), "{got:?}");
    }

    #[test]
    fn hosts_outside_their_site_and_sites_overlapping_vnets() {
        let (mut d, ids) = hub_spoke();
        d.sites[0].hosts[0].ip = "172.16.0.1".parse().unwrap();
        d.sites[0].prefixes.push(net("10.1.8.0/24"));
        assert_eq!(
            found(&d),
            vec![
                at(Code::HostOutsideSite, &ids.site, "hosts[0].ip"),
                at(Code::SiteOverlapsVnet, &ids.site, "prefixes[1]"),
            ]
        );
    }
}
