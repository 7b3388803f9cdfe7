//! Packet filtering: the allow/deny (and NAT) decisions of NSGs (N-*), Azure Firewall (F-2..F-10)
//! and third-party NVAs, as pure functions of a rule set and a [`Packet`](crate::packet::Packet).
//!
//! Architecture invariant: this module decides, it does not route. It knows nothing of the network
//! index, effective routes or traces; the trace calls it at each device and supplies what only
//! routing knows (the `VirtualNetwork` tag of the subnet, whether a packet arrived on a public IP).
//! Every verdict carries the AZURE.md rule id behind it.
//!
//! - [`nsg`]: one NSG, one direction (N-2, N-3, N-4).
//! - [`firewall`]: Azure Firewall rule processing order, DNAT and SNAT (F-3, F-4, F-6..F-9).
//! - [`nva`]: a third-party NVA's ordered rules and SNAT.
//! - `asg`: application security groups as the address sets NSG rules may name (N-1).
//! - `app_rules` (application-rule matching, FQDN wildcards; F-2, F-3) and `snat` (the firewall's
//!   SNAT address and private ranges; F-6, F-7, F-9) are parts of [`firewall`], which re-exports
//!   their public functions.

mod app_rules;
mod asg;
pub mod firewall;
pub mod nsg;
pub mod nva;
mod snat;
#[cfg(test)]
mod testutil;

pub use asg::{AsgSets, NO_ASGS};

use crate::model::{AddressMatch, PortRange, Protocol, ServiceTag};
use ipnet::Ipv4Net;
use std::net::Ipv4Addr;

/// A set of IPv4 prefixes with fast containment: sorted, merged, inclusive `u32` ranges, searched
/// by bisection. Built once per subnet by the network index (the `VirtualNetwork` tag of N-4 can
/// hold hundreds of peer and on-premises prefixes), then queried for every packet.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct PrefixSet {
    /// Disjoint, non-adjacent, ascending `(first, last)` address ranges.
    ranges: Vec<(u32, u32)>,
}

/// What the service tags mean for ONE NSG evaluation. The `VirtualNetwork` tag depends on where
/// the NSG sits: DECISIONS 5 takes the tag of the subnet that holds the NSG (for a NIC NSG, the
/// NIC's subnet), computed by the network index as N-4's Sim choice describes.
#[derive(Clone, Copy, Debug)]
pub struct TagContext<'a> {
    pub virtual_network: &'a PrefixSet,
    /// The design's application security groups as address sets (N-1), for NSG rules that name
    /// them; [`NO_ASGS`] where rules cannot (firewall and NVA rules).
    pub asgs: &'a AsgSets,
}

/// 168.63.129.16, the Azure platform address: load-balancer health probes (`AzureLoadBalancer`,
/// N-4) and Azure DNS (`AzurePlatformDNS`, N-9).
pub const AZURE_PLATFORM_IP: Ipv4Addr = Ipv4Addr::new(168, 63, 129, 16);

/// RFC 1918 and RFC 6598 space: the `IANAPrivateRanges` of F-6/F-7, and what N-4's Sim choice
/// excludes from the `Internet` tag.
pub const IANA_PRIVATE_RANGES: [Ipv4Net; 4] = [
    Ipv4Net::new_assert(Ipv4Addr::new(10, 0, 0, 0), 8),
    Ipv4Net::new_assert(Ipv4Addr::new(172, 16, 0, 0), 12),
    Ipv4Net::new_assert(Ipv4Addr::new(192, 168, 0, 0), 16),
    Ipv4Net::new_assert(Ipv4Addr::new(100, 64, 0, 0), 10),
];

impl PrefixSet {
    /// The union of `prefixes`; overlapping and adjacent prefixes are merged.
    pub fn new(prefixes: impl IntoIterator<Item = Ipv4Net>) -> Self {
        let mut ranges: Vec<(u32, u32)> =
            prefixes.into_iter().map(|p| (u32::from(p.network()), u32::from(p.broadcast()))).collect();
        ranges.sort_unstable();
        let mut merged: Vec<(u32, u32)> = Vec::with_capacity(ranges.len());
        for (first, last) in ranges {
            match merged.last_mut() {
                // Overlapping or adjacent (`prev_last + 1 == first`) ranges join.
                Some(prev) if first <= prev.1.saturating_add(1) => prev.1 = prev.1.max(last),
                _ => merged.push((first, last)),
            }
        }
        PrefixSet { ranges: merged }
    }

    /// All of IPv4 (what a `0.0.0.0/0` prefix gives, N-4).
    pub fn everything() -> Self {
        PrefixSet { ranges: vec![(0, u32::MAX)] }
    }

    pub fn is_everything(&self) -> bool {
        self.ranges == [(0, u32::MAX)]
    }

    pub fn is_empty(&self) -> bool {
        self.ranges.is_empty()
    }

    pub fn contains(&self, ip: Ipv4Addr) -> bool {
        let ip = u32::from(ip);
        // Ranges are disjoint and ascending: the only candidate is the last one starting at or before `ip`.
        let after = self.ranges.partition_point(|&(first, _)| first <= ip);
        after > 0 && self.ranges.get(after - 1).is_some_and(|&(_, last)| ip <= last)
    }
}

impl FromIterator<Ipv4Net> for PrefixSet {
    fn from_iter<I: IntoIterator<Item = Ipv4Net>>(iter: I) -> Self {
        PrefixSet::new(iter)
    }
}

/// Whether `ip` is in RFC 1918 or RFC 6598 space ([`IANA_PRIVATE_RANGES`]).
pub fn is_iana_private(ip: Ipv4Addr) -> bool {
    IANA_PRIVATE_RANGES.iter().any(|net| net.contains(&ip))
}

/// Whether a rule's source or destination covers `ip`. The address half only: the port half of
/// `AzurePlatformDNS` is [`tag_port_matches`].
///
/// - `VirtualNetwork`: the context's set (N-4, DECISIONS 5); a `0.0.0.0/0` in it matches everything.
/// - `Internet`: outside the `VirtualNetwork` set and outside RFC 1918 / RFC 6598 (N-4 Sim choice).
/// - `AzureLoadBalancer`: 168.63.129.16, the health-probe source (N-4).
/// - `AzurePlatformDNS`: 168.63.129.16 (N-9).
pub fn address_matches(m: &AddressMatch, ip: Ipv4Addr, ctx: &TagContext) -> bool {
    match m {
        AddressMatch::Any => true,
        AddressMatch::Prefix(net) => net.contains(&ip),
        AddressMatch::Tag(ServiceTag::VirtualNetwork) => ctx.virtual_network.contains(ip),
        AddressMatch::Tag(ServiceTag::Internet) => !ctx.virtual_network.contains(ip) && !is_iana_private(ip),
        AddressMatch::Tag(ServiceTag::AzureLoadBalancer | ServiceTag::AzurePlatformDns) => ip == AZURE_PLATFORM_IP,
    }
}

/// The port half of a tag: `AzurePlatformDNS` is Azure DNS, 168.63.129.16 **port 53** (N-9), so a
/// rule naming it covers only DNS traffic (and therefore never ICMP). Every other match covers any port.
pub fn tag_port_matches(m: &AddressMatch, port: u16) -> bool {
    !matches!(m, AddressMatch::Tag(ServiceTag::AzurePlatformDns)) || port == 53
}

/// Whether a rule's port ranges cover a packet's port. ICMP has no ports, so ranges never
/// exclude it (N-1: ports are a TCP/UDP notion; the same holds for firewall and NVA rules).
pub(crate) fn ports_match(protocol: Protocol, ranges: &[PortRange], port: u16) -> bool {
    protocol == Protocol::Icmp || ranges.iter().any(|r| r.contains(port))
}

/// The name people read for a protocol, as the Azure portal spells it.
pub(crate) fn protocol_name(p: Protocol) -> &'static str {
    match p {
        Protocol::Tcp => "TCP",
        Protocol::Udp => "UDP",
        Protocol::Icmp => "ICMP",
        Protocol::Any => "Any",
    }
}

/// "TCP 10.1.0.4 → 10.1.1.4:443" (ICMP without a port), for explanations.
pub(crate) fn describe_flow(p: &crate::packet::Packet) -> String {
    match p.protocol {
        Protocol::Icmp => format!("ICMP {} → {}", p.src, p.dst),
        other => format!("{} {} → {}:{}", protocol_name(other), p.src, p.dst, p.dst_port),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn net(s: &str) -> Ipv4Net {
        s.parse().unwrap()
    }

    fn ip(s: &str) -> Ipv4Addr {
        s.parse().unwrap()
    }

    // N-4: the VirtualNetwork tag is a union of many prefixes (VNet, peers, on-premises, UDRs).
    #[test]
    fn prefix_set_merges_overlapping_and_adjacent_prefixes() {
        let set = PrefixSet::new([net("10.1.0.0/24"), net("10.1.1.0/24"), net("10.1.0.128/25"), net("10.3.0.0/16")]);
        assert_eq!(set.ranges.len(), 2);
        assert!(set.contains(ip("10.1.0.0")));
        assert!(set.contains(ip("10.1.1.255")));
        assert!(!set.contains(ip("10.1.2.0")));
        assert!(!set.contains(ip("10.2.255.255")));
        assert!(set.contains(ip("10.3.200.1")));
        assert!(!set.contains(ip("9.255.255.255")));
        assert!(!set.contains(ip("255.255.255.255")));
    }

    // N-4: a 0.0.0.0/0 UDR prefix makes the set everything.
    #[test]
    fn prefix_set_edges_empty_and_everything() {
        let empty = PrefixSet::new([]);
        assert!(empty.is_empty() && !empty.contains(ip("0.0.0.0")));
        let all = PrefixSet::new([net("10.0.0.0/8"), net("0.0.0.0/0")]);
        assert!(all.is_everything());
        assert_eq!(all, PrefixSet::everything());
        assert!(all.contains(ip("0.0.0.0")) && all.contains(ip("255.255.255.255")));
        let top = PrefixSet::new([net("255.255.255.255/32"), net("255.255.255.254/32")]);
        assert_eq!(top.ranges, vec![(u32::MAX - 1, u32::MAX)]);
        assert!(!top.is_everything());
    }

    #[test]
    fn n4_virtual_network_tag_with_default_route_prefix_matches_everything() {
        let vnet = PrefixSet::new([net("10.1.0.0/16"), net("0.0.0.0/0")]);
        let ctx = TagContext { virtual_network: &vnet, asgs: &NO_ASGS };
        let tag = AddressMatch::Tag(ServiceTag::VirtualNetwork);
        for a in ["8.8.8.8", "10.9.9.9", "192.168.1.1", "255.255.255.255"] {
            assert!(address_matches(&tag, ip(a), &ctx), "{a}");
        }
        // Nothing is left for the Internet tag.
        assert!(!address_matches(&AddressMatch::Tag(ServiceTag::Internet), ip("8.8.8.8"), &ctx));
    }

    #[test]
    fn n4_virtual_network_tag_is_the_context_set() {
        let vnet = PrefixSet::new([net("10.1.0.0/16")]);
        let ctx = TagContext { virtual_network: &vnet, asgs: &NO_ASGS };
        let tag = AddressMatch::Tag(ServiceTag::VirtualNetwork);
        assert!(address_matches(&tag, ip("10.1.2.3"), &ctx));
        assert!(!address_matches(&tag, ip("10.2.0.4"), &ctx));
    }

    #[test]
    fn n4_internet_tag_excludes_rfc1918_rfc6598_and_the_virtual_network() {
        let vnet = PrefixSet::new([net("10.1.0.0/16"), net("20.0.0.0/24")]);
        let ctx = TagContext { virtual_network: &vnet, asgs: &NO_ASGS };
        let tag = AddressMatch::Tag(ServiceTag::Internet);
        assert!(address_matches(&tag, ip("8.8.8.8"), &ctx));
        for a in
            ["10.9.0.1", "172.16.0.1", "172.31.255.255", "192.168.0.1", "100.64.0.1", "100.127.255.255", "20.0.0.9"]
        {
            assert!(!address_matches(&tag, ip(a), &ctx), "{a}");
        }
        assert!(address_matches(&tag, ip("172.32.0.1"), &ctx));
        assert!(address_matches(&tag, ip("100.128.0.1"), &ctx));
    }

    #[test]
    fn n4_n9_platform_tags_are_168_63_129_16_and_platform_dns_needs_port_53() {
        let vnet = PrefixSet::default();
        let ctx = TagContext { virtual_network: &vnet, asgs: &NO_ASGS };
        let lb = AddressMatch::Tag(ServiceTag::AzureLoadBalancer);
        let dns = AddressMatch::Tag(ServiceTag::AzurePlatformDns);
        assert!(address_matches(&lb, AZURE_PLATFORM_IP, &ctx));
        assert!(!address_matches(&lb, ip("168.63.129.17"), &ctx));
        assert!(address_matches(&dns, AZURE_PLATFORM_IP, &ctx));
        assert!(tag_port_matches(&dns, 53) && !tag_port_matches(&dns, 443));
        assert!(tag_port_matches(&lb, 443) && tag_port_matches(&AddressMatch::Any, 1));
    }

    // N-1: a rule's source or destination is `*`, a CIDR or a tag.
    #[test]
    fn n1_prefix_and_any_matches() {
        let vnet = PrefixSet::default();
        let ctx = TagContext { virtual_network: &vnet, asgs: &NO_ASGS };
        assert!(address_matches(&AddressMatch::Any, ip("1.2.3.4"), &ctx));
        assert!(address_matches(&AddressMatch::Prefix(net("10.1.0.0/24")), ip("10.1.0.200"), &ctx));
        assert!(!address_matches(&AddressMatch::Prefix(net("10.1.0.0/24")), ip("10.1.1.0"), &ctx));
    }
}
