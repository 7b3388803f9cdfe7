//! Address suggestions for new elements (issue 5): the next free VNet range, the next free subnet
//! prefix of a VNet, the next free IP of a subnet. The studio proposes them; people can change them.
//!
//! Architecture invariant: suggestions read the design and never change it; they never panic and
//! return `None` when nothing fits.

use crate::id::Id;
use crate::model::Design;
use ipnet::Ipv4Net;
use std::net::Ipv4Addr;

/// Azure reserves the first four addresses and the last one of every subnet.
const RESERVED_LOW: u32 = 4;

/// The first `/len` block of 10.0.0.0/8 that overlaps no VNet address space and no on-premises
/// prefix (so it can be peered and connected without overlap).
pub fn vnet_range(design: &Design, len: u8) -> Option<Ipv4Net> {
    let pool = Ipv4Net::new(Ipv4Addr::new(10, 0, 0, 0), 8).ok()?;
    first_free(pool, len, &taken_ranges(design))
}

/// A /24 for a new on-premises site, from 172.16.0.0/12, overlapping no VNet and no other site.
pub fn site_range(design: &Design) -> Option<Ipv4Net> {
    let pool = Ipv4Net::new(Ipv4Addr::new(172, 16, 0, 0), 12).ok()?;
    first_free(pool, 24, &taken_ranges(design))
}

fn taken_ranges(design: &Design) -> Vec<Ipv4Net> {
    design
        .vnets
        .iter()
        .flat_map(|v| v.address_space.iter().copied())
        .chain(design.sites.iter().flat_map(|s| s.prefixes.iter().copied()))
        .collect()
}

/// The first `/len` block inside the VNet's address spaces that overlaps none of its subnets.
pub fn subnet_prefix(design: &Design, vnet: &Id, len: u8) -> Option<Ipv4Net> {
    let v = design.vnet(vnet)?;
    let taken: Vec<Ipv4Net> = design.subnets_of(vnet).map(|s| s.prefix.trunc()).collect();
    v.address_space.iter().find_map(|space| first_free(space.trunc(), len, &taken))
}

/// The first address of the subnet that Azure does not reserve and no NIC (secondary IPs
/// included), firewall, load balancer frontend, gateway, private endpoint or resolver endpoint uses.
pub fn free_ip(design: &Design, subnet: &Id) -> Option<Ipv4Addr> {
    let prefix = design.subnet(subnet)?.prefix.trunc();
    let used = used_ips(design);
    let first = u32::from(prefix.network()).checked_add(RESERVED_LOW)?;
    let last = u32::from(prefix.broadcast()).checked_sub(1)?;
    (first..=last).map(Ipv4Addr::from).find(|ip| !used.contains(ip))
}

fn used_ips(design: &Design) -> Vec<Ipv4Addr> {
    let mut out: Vec<Ipv4Addr> = design.nics().flat_map(|(_, n)| n.ips()).collect();
    out.extend(design.firewalls.iter().map(|f| f.private_ip));
    out.extend(design.load_balancers.iter().map(|lb| lb.frontend_ip));
    out.extend(design.gateways.iter().flat_map(|g| g.instance_ips.iter().copied()));
    out.extend(
        design.private_endpoints.iter().flat_map(|p| std::iter::once(p.ip).chain(p.secondary_ips.iter().copied())),
    );
    out.extend(design.resolvers.iter().flat_map(|r| r.inbound_endpoints.iter().map(|e| e.ip)));
    out
}

/// The first aligned `/len` block of `pool` that overlaps nothing in `taken`.
fn first_free(pool: Ipv4Net, len: u8, taken: &[Ipv4Net]) -> Option<Ipv4Net> {
    if len < pool.prefix_len() || len > 32 {
        return None;
    }
    let size = 1u64 << (32 - u32::from(len));
    let start = u64::from(u32::from(pool.network()));
    let end = u64::from(u32::from(pool.broadcast()));
    let mut at = start;
    while at + size - 1 <= end {
        let candidate = Ipv4Net::new(Ipv4Addr::from(at as u32), len).ok()?;
        match taken.iter().filter(|t| overlaps(t, &candidate)).map(|t| u64::from(u32::from(t.broadcast()))).max() {
            None => return Some(candidate),
            // Skip past the block that is in the way, to the next aligned start.
            Some(b) => at = (b + 1).div_ceil(size) * size,
        }
    }
    None
}

fn overlaps(a: &Ipv4Net, b: &Ipv4Net) -> bool {
    a.contains(&b.network()) || b.contains(&a.network())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gallery;

    fn net(s: &str) -> Ipv4Net {
        s.parse().unwrap()
    }

    #[test]
    fn next_vnet_range_skips_used_spaces() {
        let d = gallery::seed_lab().unwrap();
        // The seed lab uses 10.0.0.0/16 and 10.1.0.0/16.
        assert_eq!(vnet_range(&d, 16), Some(net("10.2.0.0/16")));
        assert_eq!(vnet_range(&Design::default(), 16), Some(net("10.0.0.0/16")));
    }

    #[test]
    fn next_subnet_prefix_is_aligned_and_free() {
        let d = gallery::seed_lab().unwrap();
        let hub = d.vnets.iter().find(|v| v.name == "vnet-hub").unwrap();
        // 10.0.1.0/26 and 10.0.2.0/24 are taken: 10.0.0.0/24 is free.
        assert_eq!(subnet_prefix(&d, &hub.id, 24), Some(net("10.0.0.0/24")));
        assert_eq!(subnet_prefix(&d, &hub.id, 26), Some(net("10.0.0.0/26")));
        assert_eq!(subnet_prefix(&d, &hub.id, 8), None);
        assert_eq!(subnet_prefix(&d, &Id::from("nope"), 24), None);
    }

    #[test]
    fn next_ip_skips_reserved_and_used() {
        let d = gallery::seed_lab().unwrap();
        let fw_subnet = d.subnets.iter().find(|s| s.name == "AzureFirewallSubnet").unwrap();
        // 10.0.1.4 is the firewall's.
        assert_eq!(free_ip(&d, &fw_subnet.id), Some(Ipv4Addr::new(10, 0, 1, 5)));
    }

    #[test]
    fn full_pools_give_nothing() {
        assert_eq!(first_free(net("10.0.0.0/30"), 31, &[net("10.0.0.0/30")]), None);
        assert_eq!(first_free(net("10.0.0.0/30"), 31, &[net("10.0.0.0/31")]), Some(net("10.0.0.2/31")));
        assert_eq!(first_free(net("0.0.0.0/0"), 0, &[]), Some(net("0.0.0.0/0")));
    }
}
