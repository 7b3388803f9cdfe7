//! Element ids: short, deterministic and stable (DECISIONS 11).
//!
//! An id is a kind prefix and a counter (`v3`, `s12`, `n7`). Ids are never random, so the same
//! edits on the same design always produce the same ids, and tests and share links stay stable.
//! People see names; ids are for references.

use serde::{Deserialize, Serialize};
use std::fmt;

/// A reference to an element of a design. The prefix names the element kind.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, Default)]
#[serde(transparent)]
pub struct Id(pub String);

impl Id {
    pub fn new(s: impl Into<String>) -> Self {
        Id(s.into())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The counter after the kind prefix, if the id has the canonical `<letters><digits>` form.
    pub fn counter(&self) -> Option<u32> {
        let digits = self.0.trim_start_matches(|c: char| c.is_ascii_alphabetic());
        if digits.is_empty() || digits.len() == self.0.len() {
            return None;
        }
        digits.parse().ok()
    }
}

impl fmt::Display for Id {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<String> for Id {
    fn from(s: String) -> Self {
        Id(s)
    }
}

impl From<&str> for Id {
    fn from(s: &str) -> Self {
        Id(s.to_string())
    }
}

/// The kind prefix of each element type. One place, so that ids read the same everywhere.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IdKind {
    Vnet,
    Subnet,
    Vm,
    Nic,
    Peering,
    RouteTable,
    Nsg,
    Firewall,
    Gateway,
    Connection,
    Site,
    Host,
    OnPremDns,
    Paas,
    PrivateEndpoint,
    Zone,
    ZoneLink,
    Resolver,
    ResolverEndpoint,
    Ruleset,
    Question,
    Traffic,
    LoadBalancer,
    NatGateway,
    Asg,
    Intent,
}

impl IdKind {
    pub const fn prefix(self) -> &'static str {
        match self {
            IdKind::Vnet => "v",
            IdKind::Subnet => "s",
            IdKind::Vm => "vm",
            IdKind::Nic => "n",
            IdKind::Peering => "p",
            IdKind::RouteTable => "rt",
            IdKind::Nsg => "nsg",
            IdKind::Firewall => "fw",
            IdKind::Gateway => "gw",
            IdKind::Connection => "cn",
            IdKind::Site => "op",
            IdKind::Host => "h",
            IdKind::OnPremDns => "od",
            IdKind::Paas => "svc",
            IdKind::PrivateEndpoint => "pe",
            IdKind::Zone => "z",
            IdKind::ZoneLink => "zl",
            IdKind::Resolver => "dr",
            IdKind::ResolverEndpoint => "ep",
            IdKind::Ruleset => "fr",
            IdKind::Question => "q",
            IdKind::Traffic => "t",
            IdKind::LoadBalancer => "lb",
            IdKind::NatGateway => "nat",
            IdKind::Asg => "asg",
            IdKind::Intent => "it",
        }
    }
}

/// Hands out ids with one design-wide counter: the next id is one past the largest counter in use,
/// so ids are a pure function of the design (no hidden state to keep in sync).
#[derive(Clone, Debug, Default)]
pub struct IdAllocator {
    next: u32,
}

impl IdAllocator {
    /// An allocator that never reuses any of `existing`.
    pub fn after<'a>(existing: impl IntoIterator<Item = &'a Id>) -> Self {
        let max = existing.into_iter().filter_map(Id::counter).max().unwrap_or(0);
        IdAllocator { next: max.saturating_add(1) }
    }

    pub fn next(&mut self, kind: IdKind) -> Id {
        let id = Id(format!("{}{}", kind.prefix(), self.next));
        self.next = self.next.saturating_add(1);
        id
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counter_reads_the_digits_after_the_prefix() {
        assert_eq!(Id::from("vm12").counter(), Some(12));
        assert_eq!(Id::from("v3").counter(), Some(3));
        assert_eq!(Id::from("hub").counter(), None);
        assert_eq!(Id::from("42").counter(), None);
    }

    #[test]
    fn allocator_continues_after_the_largest_counter() {
        let ids = [Id::from("v1"), Id::from("s7"), Id::from("custom")];
        let mut alloc = IdAllocator::after(ids.iter());
        assert_eq!(alloc.next(IdKind::Subnet), Id::from("s8"));
        assert_eq!(alloc.next(IdKind::Nic), Id::from("n9"));
    }
}
