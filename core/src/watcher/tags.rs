//! Service tags expanded into prefixes, as effective security rules list them (N-12).
//!
//! - `VirtualNetwork`: N-4's Sim choice for the NIC's subnet, as a list of prefixes (the VNet's
//!   ranges, peers whose link allows VNet access, on-premises prefixes behind the VNet's own or
//!   transit gateway and what its VNet-to-VNet tunnels hold (P-14), 168.63.129.16/32, and every
//!   UDR prefix of the subnet's route table), sorted,
//!   duplicates removed. It is the very set the trace engine evaluates ([`Engine::tags`]; tested
//!   below), kept as prefixes because Azure lists prefixes, not their union.
//! - `Internet`: the minimal sorted CIDR cover of everything outside that set, RFC 1918,
//!   RFC 6598, `0.0.0.0/8`, `127.0.0.0/8`, `169.254.0.0/16` and `224.0.0.0/3` (N-12 Sim choice).
//! - `AzureLoadBalancer` (N-12 Sim choice) and `AzurePlatformDNS` (N-9): `168.63.129.16/32`.
//!
//! [`Engine::tags`]: crate::trace::Engine::tags

use crate::filter::{AZURE_PLATFORM_IP, IANA_PRIVATE_RANGES};
use crate::model::ServiceTag;
use crate::network::{Network, SubnetIx};
use ipnet::Ipv4Net;
use std::net::Ipv4Addr;

/// Ranges N-12's Sim choice keeps out of the `Internet` tag besides the VirtualNetwork set and
/// RFC 1918 / RFC 6598: "this network", loopback, link-local, multicast and reserved space.
const NOT_INTERNET: [Ipv4Net; 4] = [
    Ipv4Net::new_assert(Ipv4Addr::new(0, 0, 0, 0), 8),
    Ipv4Net::new_assert(Ipv4Addr::new(127, 0, 0, 0), 8),
    Ipv4Net::new_assert(Ipv4Addr::new(169, 254, 0, 0), 16),
    Ipv4Net::new_assert(Ipv4Addr::new(224, 0, 0, 0), 3),
];

/// The tags' prefixes as seen from one subnet.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TagExpansion {
    pub virtual_network: Vec<Ipv4Net>,
    pub internet: Vec<Ipv4Net>,
}

impl TagExpansion {
    /// The expansions at `subnet` (empty lists for a subnet the index does not have).
    pub fn at(net: &Network, subnet: SubnetIx) -> Self {
        let virtual_network = virtual_network_prefixes(net, subnet);
        let internet = internet_prefixes(&virtual_network);
        TagExpansion { virtual_network, internet }
    }

    /// The prefixes of `tag`, in order.
    pub fn prefixes(&self, tag: ServiceTag) -> Vec<Ipv4Net> {
        match tag {
            ServiceTag::VirtualNetwork => self.virtual_network.clone(),
            ServiceTag::Internet => self.internet.clone(),
            ServiceTag::AzureLoadBalancer | ServiceTag::AzurePlatformDns => vec![Ipv4Net::from(AZURE_PLATFORM_IP)],
        }
    }
}

/// N-4's Sim choice as a prefix list: see the module documentation.
pub fn virtual_network_prefixes(net: &Network, subnet: SubnetIx) -> Vec<Ipv4Net> {
    let prefixes = net.virtual_network_tag_prefixes(subnet);
    let mut out: Vec<Ipv4Net> = prefixes.into_iter().map(|p| p.trunc()).collect();
    out.sort_unstable_by_key(|p| (p.network(), p.prefix_len()));
    out.dedup();
    out
}

/// The `Internet` tag outside `virtual_network` (N-12 Sim choice): the minimal CIDR cover of the
/// remaining public space, ascending.
pub fn internet_prefixes(virtual_network: &[Ipv4Net]) -> Vec<Ipv4Net> {
    let mut excluded: Vec<(u64, u64)> = virtual_network
        .iter()
        .chain(IANA_PRIVATE_RANGES.iter())
        .chain(NOT_INTERNET.iter())
        .map(|p| (u64::from(u32::from(p.network())), u64::from(u32::from(p.broadcast()))))
        .collect();
    excluded.sort_unstable();
    let mut out = Vec::new();
    let mut next: u64 = 0;
    for (first, last) in excluded {
        if first > next {
            cover(next, first - 1, &mut out);
        }
        next = next.max(last + 1);
    }
    cover(next, u64::from(u32::MAX), &mut out);
    out
}

/// Appends the fewest CIDR blocks that exactly cover `first..=last` (nothing when empty).
fn cover(mut first: u64, last: u64, out: &mut Vec<Ipv4Net>) {
    while first <= last {
        // The largest aligned block starting at `first` that does not run past `last`.
        let mut size: u64 = if first == 0 { 1 << 32 } else { 1 << first.trailing_zeros().min(32) };
        while first + size - 1 > last {
            size >>= 1;
        }
        let len = 32 - size.trailing_zeros() as u8;
        let Ok(addr) = u32::try_from(first) else { return };
        if let Ok(block) = Ipv4Net::new(Ipv4Addr::from(addr), len) {
            out.push(block);
        }
        first += size;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::filter::PrefixSet;
    use crate::trace::Engine;

    fn nets(list: &[&str]) -> Vec<Ipv4Net> {
        list.iter().map(|s| s.parse().unwrap()).collect()
    }

    #[test]
    fn n4_the_prefix_list_is_the_set_the_trace_engine_evaluates() {
        let designs: Vec<_> = crate::gallery::test_designs().into_iter().map(|(_, d)| d).collect();
        let mut compared = 0;
        for design in &designs {
            let eng = Engine::new(design);
            for s in 0..eng.net.subnets.len() {
                let list = virtual_network_prefixes(&eng.net, s);
                assert_eq!(PrefixSet::new(list.iter().copied()), eng.tags[s], "{}", eng.net.subnets[s].subnet.name);
                assert!(list
                    .windows(2)
                    .all(|w| (w[0].network(), w[0].prefix_len()) < (w[1].network(), w[1].prefix_len())));
                compared += 1;
            }
        }
        assert!(compared > 50, "{compared}");
    }

    #[test]
    fn n12_internet_is_the_minimal_cover_of_public_space_outside_the_virtual_network() {
        let vnet = nets(&["10.1.0.0/16", "10.0.0.0/16", "168.63.129.16/32"]);
        let internet = internet_prefixes(&vnet);
        // Microsoft's example starts 1.0.0.0/8, 2.0.0.0/7 and ends 208.0.0.0/4 (N-12).
        assert_eq!(&internet[..4], nets(&["1.0.0.0/8", "2.0.0.0/7", "4.0.0.0/6", "8.0.0.0/7"]).as_slice());
        assert_eq!(internet.last(), Some(&"208.0.0.0/4".parse().unwrap()));
        for around_the_platform_ip in nets(&["168.63.129.0/28", "168.63.129.17/32", "168.63.129.18/31"]) {
            assert!(internet.contains(&around_the_platform_ip), "{around_the_platform_ip}");
        }
        // Sorted, disjoint, and exactly the complement: every excluded range is outside, the
        // rest inside.
        let mut total: u64 = 0;
        for w in internet.windows(2) {
            assert!(u32::from(w[0].broadcast()) < u32::from(w[1].network()), "{} {}", w[0], w[1]);
        }
        for p in &internet {
            total += 1u64 << (32 - p.prefix_len());
        }
        let set = PrefixSet::new(internet.iter().copied());
        for ip in [
            "10.1.0.4",
            "10.200.0.1",
            "172.16.0.1",
            "192.168.1.1",
            "100.64.0.1",
            "127.0.0.1",
            "169.254.169.254",
            "224.0.0.1",
            "255.255.255.255",
            "0.1.2.3",
            "168.63.129.16",
        ] {
            assert!(!set.contains(ip.parse().unwrap()), "{ip}");
        }
        for ip in [
            "8.8.8.8",
            "11.0.0.1",
            "100.63.255.255",
            "100.128.0.0",
            "172.32.0.0",
            "192.169.0.1",
            "223.255.255.255",
            "168.63.129.15",
            "168.63.129.17",
        ] {
            assert!(set.contains(ip.parse().unwrap()), "{ip}");
        }
        // 2^32 minus what is excluded: 0/8, 10/8, 100.64/10, 127/8, 169.254/16, 172.16/12, 192.168/16, 224/3, one /32.
        let excluded: u64 = 3 * (1 << 24) + (1 << 22) + (1 << 16) + (1 << 20) + (1 << 16) + (1 << 29) + 1;
        assert_eq!(total, (1u64 << 32) - excluded);
    }

    #[test]
    fn n4_a_default_route_udr_leaves_no_internet() {
        assert!(internet_prefixes(&nets(&["0.0.0.0/0"])).is_empty());
        let mut out = Vec::new();
        cover(0, u64::from(u32::MAX), &mut out);
        assert_eq!(out, nets(&["0.0.0.0/0"]));
        out.clear();
        cover(5, 4, &mut out);
        assert!(out.is_empty());
    }

    #[test]
    fn n12_platform_tags_are_the_platform_address() {
        let t = TagExpansion { virtual_network: vec![], internet: vec![] };
        for tag in [ServiceTag::AzureLoadBalancer, ServiceTag::AzurePlatformDns] {
            assert_eq!(t.prefixes(tag), nets(&["168.63.129.16/32"]));
        }
    }
}
