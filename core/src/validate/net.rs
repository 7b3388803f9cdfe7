//! Small IPv4 helpers for the checks: overlap of prefixes, a sweep that finds overlapping pairs in
//! O(n log n), a merged set of ranges for "is this address anywhere in the design", and Azure's
//! reserved addresses of a subnet.
//!
//! Every helper truncates its prefixes first: a non-canonical prefix is reported once (by `cidr`)
//! and then treated as the network it denotes, so it never causes a second, confusing finding.

use ipnet::Ipv4Net;
use std::net::Ipv4Addr;

/// First and last address of a prefix, as integers.
pub(crate) fn bounds(net: &Ipv4Net) -> (u32, u32) {
    let t = net.trunc();
    (u32::from(t.network()), u32::from(t.broadcast()))
}

/// Whether two prefixes share an address (CIDR blocks either nest or are disjoint).
pub(crate) fn overlap(a: &Ipv4Net, b: &Ipv4Net) -> bool {
    let ((a0, a1), (b0, b1)) = (bounds(a), bounds(b));
    a0 <= b1 && b0 <= a1
}

/// Whether `inner` lies entirely inside `outer`.
pub(crate) fn within(inner: &Ipv4Net, outer: &Ipv4Net) -> bool {
    let ((i0, i1), (o0, o1)) = (bounds(inner), bounds(outer));
    o0 <= i0 && i1 <= o1
}

/// Whether a prefix contains an address.
pub(crate) fn contains(net: &Ipv4Net, ip: Ipv4Addr) -> bool {
    let (a, b) = bounds(net);
    (a..=b).contains(&u32::from(ip))
}

/// Overlapping pairs among `nets`, as `(earlier, later)` indices into the slice, found with one
/// sorted sweep. Every prefix that overlaps an earlier-swept one appears in at least one pair, paired
/// with the widest prefix enclosing it; that is enough to report each overlap without O(n²) pairs.
pub(crate) fn overlapping_pairs(nets: &[Ipv4Net]) -> Vec<(usize, usize)> {
    // Same start: the wider prefix first, so it encloses the ones after it.
    let mut order: Vec<(u32, u8, usize, u32)> = nets
        .iter()
        .enumerate()
        .map(|(i, n)| {
            let (start, end) = bounds(n);
            (start, n.prefix_len(), i, end)
        })
        .collect();
    order.sort_unstable();
    let mut pairs = Vec::new();
    let mut holder: Option<(usize, u32)> = None;
    for (start, _, i, end) in order {
        match holder {
            Some((h, h_end)) if start <= h_end => {
                pairs.push((h.min(i), h.max(i)));
                if end > h_end {
                    holder = Some((i, end));
                }
            }
            _ => holder = Some((i, end)),
        }
    }
    pairs.sort_unstable();
    pairs
}

/// A set of addresses as sorted, merged, disjoint ranges: membership and overlap in O(log n).
pub(crate) struct Ranges(Vec<(u32, u32)>);

impl Ranges {
    pub fn new<'n>(nets: impl IntoIterator<Item = &'n Ipv4Net>) -> Self {
        let mut all: Vec<(u32, u32)> = nets.into_iter().map(bounds).collect();
        all.sort_unstable();
        let mut merged: Vec<(u32, u32)> = Vec::with_capacity(all.len());
        for (start, end) in all {
            match merged.last_mut() {
                Some(last) if start <= last.1.saturating_add(1) => last.1 = last.1.max(end),
                _ => merged.push((start, end)),
            }
        }
        Ranges(merged)
    }

    /// The range that starts last at or before `addr`, if any.
    fn floor(&self, addr: u32) -> Option<(u32, u32)> {
        let i = self.0.partition_point(|&(start, _)| start <= addr);
        i.checked_sub(1).and_then(|i| self.0.get(i)).copied()
    }

    pub fn contains(&self, ip: Ipv4Addr) -> bool {
        let a = u32::from(ip);
        self.floor(a).is_some_and(|(_, end)| a <= end)
    }

    pub fn overlaps(&self, net: &Ipv4Net) -> bool {
        let (start, end) = bounds(net);
        // The last range starting at or before `end` is the only candidate: ranges are disjoint.
        self.floor(end).is_some_and(|(_, e)| e >= start)
    }
}

/// If `ip` is one of the five addresses Azure reserves in `subnet`, what it is reserved for.
pub(crate) fn reserved_use(subnet: &Ipv4Net, ip: Ipv4Addr) -> Option<&'static str> {
    let (first, last) = bounds(subnet);
    let offset = u32::from(ip).checked_sub(first)?;
    match offset {
        0 => Some("the network address"),
        1 => Some("reserved for the default gateway"),
        2 | 3 => Some("reserved for Azure DNS"),
        _ if u32::from(ip) == last => Some("the broadcast address"),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn n(s: &str) -> Ipv4Net {
        s.parse().unwrap()
    }

    #[test]
    fn sweep_finds_nested_and_equal_prefixes_but_not_neighbours() {
        let nets = [n("10.0.0.0/24"), n("10.0.1.0/24"), n("10.0.0.0/16"), n("10.0.1.0/24")];
        assert_eq!(overlapping_pairs(&nets), vec![(0, 2), (1, 2), (2, 3)]);
        assert!(overlapping_pairs(&[n("10.0.0.0/25"), n("10.0.0.128/25")]).is_empty());
        assert!(overlapping_pairs(&[n("10.0.0.5/24"), n("10.0.0.0/24")]).len() == 1);
    }

    #[test]
    fn ranges_merge_and_answer_membership() {
        let r = Ranges::new(&[n("10.0.0.0/16"), n("10.1.0.0/16"), n("192.168.0.0/24")]);
        assert_eq!(r.0.len(), 2, "adjacent ranges merge");
        assert!(r.contains("10.1.255.255".parse().unwrap()));
        assert!(!r.contains("10.2.0.0".parse().unwrap()));
        assert!(r.overlaps(&n("10.0.0.0/8")));
        assert!(r.overlaps(&n("192.168.0.128/32")));
        assert!(!r.overlaps(&n("172.16.0.0/12")));
        assert!(!Ranges::new(&[]).contains(Ipv4Addr::UNSPECIFIED));
    }

    #[test]
    fn five_reserved_addresses() {
        let s = n("10.1.0.0/24");
        let r = |ip: &str| reserved_use(&s, ip.parse().unwrap());
        assert!(r("10.1.0.0").is_some() && r("10.1.0.1").is_some() && r("10.1.0.3").is_some());
        assert!(r("10.1.0.255").is_some());
        assert_eq!(r("10.1.0.4"), None);
        assert_eq!(r("10.0.255.255"), None, "outside the subnet is not reserved");
    }
}
