//! Application security groups as address sets (N-1; X-8: an ASG is modelled as a static IP set).
//! A rule that names groups as its source (or destination) matches a packet whose source (or
//! destination) is an address of any IP configuration of a NIC in any of those groups, and the
//! rule's address prefix is then ignored (Azure takes prefixes or groups, not both).
//!
//! The sets are built by the network index from the design; this module only answers
//! membership, so filtering stays independent of the index (see the module invariant above).

use crate::id::Id;
use std::net::Ipv4Addr;

/// One group: its id, its name (for explanations) and its members' addresses, sorted.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct Group {
    id: Id,
    name: String,
    addresses: Vec<Ipv4Addr>,
}

/// Every application security group of a design, by id.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AsgSets {
    /// Sorted by id.
    groups: Vec<Group>,
}

/// No groups: the context for rule sets that cannot name groups (firewall and NVA rules) or
/// evaluations without a design at hand. A rule naming groups then matches nothing.
pub static NO_ASGS: AsgSets = AsgSets { groups: Vec::new() };

impl AsgSets {
    /// `groups` as (id, name, member addresses). A group given twice keeps its first entry
    /// (duplicate ids are a validation error).
    pub fn new(groups: impl IntoIterator<Item = (Id, String, Vec<Ipv4Addr>)>) -> Self {
        let mut groups: Vec<Group> = groups
            .into_iter()
            .map(|(id, name, mut addresses)| {
                addresses.sort_unstable();
                addresses.dedup();
                Group { id, name, addresses }
            })
            .collect();
        // A stable sort keeps design order among equal ids, so the first one is kept.
        groups.sort_by(|a, b| a.id.cmp(&b.id));
        groups.dedup_by(|later, first| later.id == first.id);
        AsgSets { groups }
    }

    fn group(&self, id: &Id) -> Option<&Group> {
        self.groups.binary_search_by(|g| g.id.cmp(id)).ok().and_then(|i| self.groups.get(i))
    }

    /// Whether `ip` belongs to any of `groups` (an unknown group holds nothing).
    pub fn contains(&self, groups: &[Id], ip: Ipv4Addr) -> bool {
        groups.iter().filter_map(|id| self.group(id)).any(|g| g.addresses.binary_search(&ip).is_ok())
    }

    /// The addresses of one group, sorted (empty for an unknown group).
    pub fn addresses(&self, id: &Id) -> &[Ipv4Addr] {
        self.group(id).map_or(&[], |g| g.addresses.as_slice())
    }

    /// `asg:NAME[,NAME]`, the way rule texts name groups (an unknown group by its id).
    pub fn label(&self, groups: &[Id]) -> String {
        let names: Vec<&str> =
            groups.iter().map(|id| self.group(id).map_or(id.as_str(), |g| g.name.as_str())).collect();
        format!("asg:{}", names.join(","))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> Ipv4Addr {
        s.parse().unwrap()
    }

    fn sets() -> AsgSets {
        AsgSets::new([
            (Id::new("asg-web"), "AsgWeb".into(), vec![ip("10.0.1.5"), ip("10.0.1.4"), ip("10.0.1.10")]),
            (Id::new("asg-db"), "AsgDb".into(), vec![ip("10.0.2.4")]),
            (Id::new("asg-empty"), "AsgEmpty".into(), vec![]),
        ])
    }

    #[test]
    fn n1_membership_is_any_address_of_any_named_group() {
        let s = sets();
        let web = [Id::new("asg-web")];
        assert!(s.contains(&web, ip("10.0.1.10")));
        assert!(s.contains(&web, ip("10.0.1.4")));
        assert!(!s.contains(&web, ip("10.0.2.4")));
        let both = [Id::new("asg-web"), Id::new("asg-db")];
        assert!(s.contains(&both, ip("10.0.2.4")));
        assert!(!s.contains(&[Id::new("asg-empty")], ip("10.0.1.4")));
        assert!(!s.contains(&[Id::new("missing")], ip("10.0.1.4")));
        assert!(!NO_ASGS.contains(&web, ip("10.0.1.4")));
    }

    #[test]
    fn labels_name_groups_and_addresses_are_sorted() {
        let s = sets();
        assert_eq!(s.label(&[Id::new("asg-web"), Id::new("gone")]), "asg:AsgWeb,gone");
        assert_eq!(s.addresses(&Id::new("asg-web")), &[ip("10.0.1.4"), ip("10.0.1.5"), ip("10.0.1.10")]);
        assert!(s.addresses(&Id::new("gone")).is_empty());
    }

    #[test]
    fn a_duplicate_group_id_keeps_the_first() {
        let s = AsgSets::new([
            (Id::new("a"), "first".into(), vec![ip("10.0.0.4")]),
            (Id::new("a"), "second".into(), vec![ip("10.0.0.5")]),
        ]);
        assert_eq!(s.label(&[Id::new("a")]), "asg:first");
        assert!(!s.contains(&[Id::new("a")], ip("10.0.0.5")));
    }
}
