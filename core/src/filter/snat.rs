//! Azure Firewall SNAT (F-6..F-9): which source address the firewall translates to, and when a
//! network-rule flow is translated. Re-exported by [`super::firewall`].

use super::IANA_PRIVATE_RANGES;
use crate::model::{Firewall, SnatRange, SnatToken};
use ipnet::Ipv4Net;
use std::net::Ipv4Addr;

/// Why a network-rule flow is or is not SNATed (F-6, F-7).
pub(crate) enum SnatReason {
    /// `0.0.0.0/0` in the private ranges: never SNAT.
    NeverAll,
    /// `255.255.255.255/32` in the private ranges: always SNAT.
    AlwaysAll,
    InPrivateRanges,
    OutsidePrivateRanges,
}

impl SnatReason {
    pub(crate) fn translates(&self) -> bool {
        matches!(self, SnatReason::AlwaysAll | SnatReason::OutsidePrivateRanges)
    }
}

const EVERYTHING: Ipv4Net = Ipv4Net::new_assert(Ipv4Addr::UNSPECIFIED, 0);
const ALWAYS_SNAT: Ipv4Net = Ipv4Net::new_assert(Ipv4Addr::BROADCAST, 32);

/// The source address the firewall SNATs to (F-4, F-6, F-8). **Sim choice (F-9):** an address of
/// `AzureFirewallSubnet` distinct from the frontend private IP that UDRs point at: the next one
/// after it, skipping Azure's reserved addresses (the first four and the broadcast) and wrapping
/// to the first usable one. A subnet too small to hold two usable addresses (which validation
/// reports, F-1) gives the frontend IP itself.
pub fn snat_address(fw: &Firewall, firewall_subnet: Ipv4Net) -> Ipv4Addr {
    let first = u32::from(firewall_subnet.network()).saturating_add(4);
    let last = u32::from(firewall_subnet.broadcast()).saturating_sub(1);
    let frontend = u32::from(fw.private_ip);
    if first >= last {
        return fw.private_ip;
    }
    // `frontend < last`, so `frontend + 1` cannot overflow.
    let next = if (first..last).contains(&frontend) { frontend + 1 } else { first };
    Ipv4Addr::from(next)
}

/// Whether a network-rule allow SNATs a packet to `dst` (F-6, F-7): iff `dst` is outside the
/// firewall's private ranges, where the `IANAPrivateRanges` token stands for 10/8, 172.16/12,
/// 192.168/16 and 100.64/10. `0.0.0.0/0` in the list means never SNAT; `255.255.255.255/32` means
/// always. **Sim choice** for a list holding both: never (`0.0.0.0/0` covers every destination).
pub fn network_rule_snats(fw: &Firewall, dst: Ipv4Addr) -> bool {
    snat_reason(fw, dst).translates()
}

pub(crate) fn snat_reason(fw: &Firewall, dst: Ipv4Addr) -> SnatReason {
    let prefixes = || {
        fw.snat_private_ranges.iter().flat_map(|r| match r {
            SnatRange::Token(SnatToken::IanaPrivateRanges) => IANA_PRIVATE_RANGES.as_slice(),
            SnatRange::Prefix(p) => std::slice::from_ref(p),
        })
    };
    if prefixes().any(|p| *p == EVERYTHING) {
        SnatReason::NeverAll
    } else if prefixes().any(|p| *p == ALWAYS_SNAT) {
        SnatReason::AlwaysAll
    } else if prefixes().any(|p| p.contains(&dst)) {
        SnatReason::InPrivateRanges
    } else {
        SnatReason::OutsidePrivateRanges
    }
}

pub(crate) fn is_default_ranges(fw: &Firewall) -> bool {
    fw.snat_private_ranges == [SnatRange::Token(SnatToken::IanaPrivateRanges)]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::filter::testutil::{firewall, ip, subnet};

    fn with_ranges(ranges: &[&str]) -> Firewall {
        let mut fw = firewall(vec![]);
        fw.snat_private_ranges = ranges
            .iter()
            .map(|r| match *r {
                "IANAPrivateRanges" => SnatRange::Token(SnatToken::IanaPrivateRanges),
                p => SnatRange::Prefix(p.parse().unwrap()),
            })
            .collect();
        fw
    }

    #[test]
    fn f6_default_private_ranges_are_rfc1918_and_rfc6598() {
        let fw = firewall(vec![]);
        assert!(is_default_ranges(&fw));
        for kept in ["10.2.0.4", "172.16.0.1", "172.31.255.254", "192.168.10.1", "100.64.0.1", "100.127.0.1"] {
            assert!(!network_rule_snats(&fw, ip(kept)), "{kept}");
        }
        for snated in ["8.8.8.8", "172.32.0.1", "100.128.0.1", "198.18.0.4", "20.1.1.1"] {
            assert!(network_rule_snats(&fw, ip(snated)), "{snated}");
        }
    }

    #[test]
    fn f7_custom_ranges_replace_the_defaults_unless_the_token_is_kept() {
        let kept = with_ranges(&["IANAPrivateRanges", "198.18.0.0/15"]);
        assert!(!is_default_ranges(&kept));
        assert!(!network_rule_snats(&kept, ip("198.18.0.4")));
        assert!(!network_rule_snats(&kept, ip("10.2.0.4")));
        let replaced = with_ranges(&["10.0.0.0/8"]);
        assert!(!network_rule_snats(&replaced, ip("10.2.0.4")));
        assert!(network_rule_snats(&replaced, ip("192.168.1.1")));
        assert!(network_rule_snats(&with_ranges(&[]), ip("10.2.0.4")));
    }

    #[test]
    fn f7_everything_means_never_and_broadcast_means_always() {
        let never = with_ranges(&["0.0.0.0/0"]);
        assert!(!network_rule_snats(&never, ip("8.8.8.8")));
        let always = with_ranges(&["IANAPrivateRanges", "255.255.255.255/32"]);
        assert!(network_rule_snats(&always, ip("10.2.0.4")));
        // Both listed: 0.0.0.0/0 wins (Sim choice).
        assert!(!network_rule_snats(&with_ranges(&["255.255.255.255/32", "0.0.0.0/0"]), ip("8.8.8.8")));
    }

    #[test]
    fn f9_snat_address_is_the_next_usable_address_after_the_frontend() {
        let mut fw = firewall(vec![]);
        assert_eq!(snat_address(&fw, subnet()), ip("10.0.1.5"));
        assert_ne!(snat_address(&fw, subnet()), fw.private_ip);
        // The last usable address (.62; .63 is the broadcast) wraps to the first usable one (.4).
        fw.private_ip = ip("10.0.1.62");
        assert_eq!(snat_address(&fw, subnet()), ip("10.0.1.4"));
        // A frontend outside the subnet (a broken design) still gives an address inside it.
        fw.private_ip = ip("10.9.9.9");
        assert_eq!(snat_address(&fw, subnet()), ip("10.0.1.4"));
        // Too small for two usable addresses: the frontend itself, never a panic.
        fw.private_ip = ip("10.0.1.4");
        assert_eq!(snat_address(&fw, "10.0.1.0/29".parse().unwrap()), ip("10.0.1.5"));
        assert_eq!(snat_address(&fw, "10.0.1.4/30".parse().unwrap()), ip("10.0.1.4"));
        assert_eq!(snat_address(&fw, "255.255.255.255/32".parse().unwrap()), ip("10.0.1.4"));
        assert_eq!(snat_address(&fw, "0.0.0.0/32".parse().unwrap()), ip("10.0.1.4"));
    }
}
