//! The class-based reachability matrix (issue 23 §1) against one trace per cell, on generated
//! landing zones perturbed where a class merge would go wrong: a UDR in one spoke naming another
//! spoke (its range or one subnet), an NSG rule naming another spoke, a firewall rule for one
//! spoke pair, an ASG of one spoke's VMs, forwarded traffic refused on one spoke's peering, the
//! firewall's SNAT always on or default, and a shared NSG on every spoke. Every cell of every
//! perturbed design must equal its own trace's outcome (`Engine::outcome` of the cell's flow).
//!
//! Cases: 64 unless `PROPTEST_CASES` says otherwise.

use proptest::prelude::*;
use vnet_core::gallery;
use vnet_core::model::*;
use vnet_core::reach::{self, Grid};
use vnet_core::trace::Engine;
use vnet_core::Id;

const PROBES: [(Protocol, u16); 3] = [(Protocol::Tcp, 443), (Protocol::Tcp, 22), (Protocol::Icmp, 0)];
const TIERS: [&str; 4] = ["web", "app", "data", "spare"];

/// Spoke `i`'s range (0-based), or its subnet `tier` (`gallery::generated`'s address plan).
fn spoke_prefix(i: usize, tier: Option<usize>) -> ipnet::Ipv4Net {
    let base = u32::from(std::net::Ipv4Addr::new(10, 128, 0, 0)) + (i as u32) * 1024;
    match tier {
        Some(t) => ipnet::Ipv4Net::new(std::net::Ipv4Addr::from(base + (t as u32) * 256), 24).expect("a /24"),
        None => ipnet::Ipv4Net::new(std::net::Ipv4Addr::from(base), 22).expect("a /22"),
    }
}

fn subnet_id(d: &Design, spoke: usize, tier: usize) -> Option<Id> {
    let vnet = d.vnets.iter().find(|v| v.name == format!("vnet-spoke-{:04}", spoke + 1))?;
    d.subnets.iter().find(|s| s.vnet == vnet.id && s.name == format!("snet-{}", TIERS[tier])).map(|s| s.id.clone())
}

#[derive(Clone, Debug)]
enum Change {
    /// A UDR in spoke `from`'s `tier` table for spoke `to` (its range, or one subnet).
    Udr { from: usize, tier: usize, to: usize, subnet: Option<usize>, hop: usize },
    /// An NSG rule on spoke `on`'s subnet `tier` naming spoke `other` (or one of its subnets).
    Nsg { on: usize, tier: usize, other: usize, subnet: Option<usize>, inbound: bool, allow: bool, port: u16 },
    /// A firewall network rule, first in order, for one spoke subnet pair.
    Firewall { from: usize, from_tier: usize, to: usize, to_tier: usize, allow: bool, port: u16 },
    /// An ASG of spoke `of`'s web VMs, denied inbound on spoke `on`'s web subnet.
    Asg { of: usize, on: usize },
    /// The hub's link to spoke `spoke` refuses forwarded traffic (P-5).
    Forwarded { spoke: usize },
    /// The firewall translates every source (always SNAT) or keeps the default ranges.
    Snat { always: bool },
    /// One NSG on every spoke's web subnet, with a rule for all spokes' space.
    SharedNsg { deny: bool },
}

fn change(spokes: usize) -> impl Strategy<Value = Change> {
    let s = 0..spokes;
    prop_oneof![
        3 => (s.clone(), 0..2usize, s.clone(), prop::option::of(0..4usize), 0..4usize)
            .prop_map(|(from, tier, to, subnet, hop)| Change::Udr { from, tier, to, subnet, hop }),
        3 => (s.clone(), 0..4usize, s.clone(), prop::option::of(0..4usize), any::<bool>(), any::<bool>(), prop_oneof![Just(0u16), Just(22), Just(443)])
            .prop_map(|(on, tier, other, subnet, inbound, allow, port)| Change::Nsg { on, tier, other, subnet, inbound, allow, port }),
        3 => (s.clone(), 0..4usize, s.clone(), 0..4usize, any::<bool>(), prop_oneof![Just(22u16), Just(443)])
            .prop_map(|(from, from_tier, to, to_tier, allow, port)| Change::Firewall { from, from_tier, to, to_tier, allow, port }),
        1 => (s.clone(), s.clone()).prop_map(|(of, on)| Change::Asg { of, on }),
        1 => s.prop_map(|spoke| Change::Forwarded { spoke }),
        1 => any::<bool>().prop_map(|always| Change::Snat { always }),
        1 => any::<bool>().prop_map(|deny| Change::SharedNsg { deny }),
    ]
}

fn nsg_rule(priority: u16, inbound: bool, allow: bool, prefix: ipnet::Ipv4Net, port: u16) -> NsgRule {
    NsgRule {
        name: format!("prop-{priority}"),
        priority,
        direction: if inbound { Direction::Inbound } else { Direction::Outbound },
        access: if allow { Access::Allow } else { Access::Deny },
        protocol: Protocol::Any,
        source: if inbound { AddressMatch::Prefix(prefix) } else { AddressMatch::Any },
        source_ports: PortRange::ANY,
        destination: if inbound { AddressMatch::Any } else { AddressMatch::Prefix(prefix) },
        destination_ports: if port == 0 { PortRange::ANY } else { PortRange { from: port, to: port } },
        source_asgs: Vec::new(),
        destination_asgs: Vec::new(),
    }
}

/// The NSG of a subnet, made when it has none.
fn nsg_of<'d>(d: &'d mut Design, subnet: &Id) -> Option<&'d mut Nsg> {
    let fresh = Id::new(format!("nsg-prop-{}", d.nsgs.len()));
    let s = d.subnets.iter_mut().find(|s| &s.id == subnet)?;
    let id = s.nsg.get_or_insert_with(|| fresh.clone()).clone();
    if !d.nsgs.iter().any(|n| n.id == id) {
        d.nsgs.push(Nsg { id: id.clone(), name: id.to_string(), rules: Vec::new(), meta: Default::default() });
    }
    d.nsgs.iter_mut().find(|n| n.id == id)
}

fn apply(d: &mut Design, c: &Change) {
    match c {
        Change::Udr { from, tier, to, subnet, hop } => {
            let name = format!("rt-spoke-{:04}-{}", from + 1, TIERS[*tier]);
            let fw = d.firewalls.first().map(|f| f.private_ip);
            let Some(t) = d.route_tables.iter_mut().find(|t| t.name == name) else { return };
            let (next_hop_type, next_hop_ip) = match hop {
                0 => (NextHopType::None, None),
                1 => (NextHopType::VirtualAppliance, fw),
                2 => (NextHopType::VnetLocal, None),
                _ => (NextHopType::Internet, None),
            };
            t.routes.push(Route {
                name: "prop".into(),
                prefix: spoke_prefix(*to, *subnet),
                next_hop_type,
                next_hop_ip,
            });
        }
        Change::Nsg { on, tier, other, subnet, inbound, allow, port } => {
            let Some(id) = subnet_id(d, *on, *tier) else { return };
            let Some(nsg) = nsg_of(d, &id) else { return };
            let priority = 100 + nsg.rules.len() as u16;
            nsg.rules.push(nsg_rule(priority, *inbound, *allow, spoke_prefix(*other, *subnet), *port));
        }
        Change::Firewall { from, from_tier, to, to_tier, allow, port } => {
            let Some(fw) = d.firewalls.first_mut() else { return };
            let rule = NetworkRule {
                name: "prop-pair".into(),
                protocols: vec![Protocol::Tcp, Protocol::Icmp],
                sources: vec![AddressMatch::Prefix(spoke_prefix(*from, Some(*from_tier)))],
                destinations: vec![AddressMatch::Prefix(spoke_prefix(*to, Some(*to_tier)))],
                ports: vec![PortRange { from: *port, to: *port }],
            };
            let action = if *allow { FirewallAction::Allow } else { FirewallAction::Deny };
            fw.rule_collection_groups.insert(
                0,
                RuleCollectionGroup {
                    name: format!("rcg-prop-{}", fw.rule_collection_groups.len()),
                    priority: 100,
                    collections: vec![RuleCollection {
                        name: "prop".into(),
                        priority: 100,
                        rules: FirewallRules::Network { action, rules: vec![rule] },
                    }],
                },
            );
        }
        Change::Asg { of, on } => {
            let members: Vec<Id> = d
                .vms
                .iter()
                .filter(|v| v.name.starts_with(&format!("vm-{:04}-web", of + 1)))
                .flat_map(|v| v.nics.iter().map(|n| n.id.clone()))
                .collect();
            let asg = Id::new(format!("asg-prop-{}", d.asgs.len()));
            d.asgs.push(Asg { id: asg.clone(), name: asg.to_string(), nics: members, meta: Default::default() });
            let Some(id) = subnet_id(d, *on, 0) else { return };
            let Some(nsg) = nsg_of(d, &id) else { return };
            let priority = 100 + nsg.rules.len() as u16;
            let mut rule = nsg_rule(priority, true, false, spoke_prefix(*of, None), 0);
            rule.source = AddressMatch::Any;
            rule.source_asgs = vec![asg];
            nsg.rules.push(rule);
        }
        Change::Forwarded { spoke } => {
            let Some(vnet) = d.vnets.iter().find(|v| v.name == format!("vnet-spoke-{:04}", spoke + 1)) else { return };
            let vnet = vnet.id.clone();
            for p in d.peerings.iter_mut().filter(|p| p.remote_vnet == vnet) {
                p.allow_forwarded_traffic = false;
            }
        }
        Change::Snat { always } => {
            if let Some(fw) = d.firewalls.first_mut() {
                fw.snat_private_ranges = if *always {
                    vec![SnatRange::Prefix("255.255.255.255/32".parse().expect("a prefix"))]
                } else {
                    vec![SnatRange::Token(SnatToken::IanaPrivateRanges)]
                };
            }
        }
        Change::SharedNsg { deny } => {
            let id = Id::new("nsg-prop-shared");
            if !d.nsgs.iter().any(|n| n.id == id) {
                let rule = nsg_rule(100, true, !deny, "10.128.0.0/9".parse().expect("a prefix"), 22);
                d.nsgs.push(Nsg { id: id.clone(), name: "shared".into(), rules: vec![rule], meta: Default::default() });
            }
            for s in d.subnets.iter_mut().filter(|s| s.name == "snet-web") {
                s.nsg = Some(id.clone());
            }
        }
    }
}

/// Every cell of the class-based grid equals its own flow's outcome, traced alone.
fn check(d: &Design) -> Result<usize, TestCaseError> {
    let eng = Engine::new(d);
    let mut symmetric = 0;
    for (protocol, port) in PROBES {
        let g: Grid = reach::grid(&eng, protocol, port);
        for row in 0..g.len() {
            for col in 0..g.len() {
                let want = g.flow(row, col).map(|f| eng.outcome(&f).map(|o| reach::CellOutcome::from(&o)));
                let got = g.outcome(row, col).map(Ok);
                prop_assert_eq!(
                    got,
                    want,
                    "{:?} {} [{}][{}] {} → {}",
                    protocol,
                    port,
                    row,
                    col,
                    g.subnets[row],
                    g.subnets[col]
                );
            }
        }
        symmetric = symmetric.max(g.symmetric_subnets());
    }
    Ok(symmetric)
}

fn perturbed() -> impl Strategy<Value = Design> {
    (4usize..7).prop_flat_map(|spokes| {
        prop::collection::vec(change(spokes), 1..5).prop_map(move |changes| {
            let mut d = gallery::generated(spokes).unwrap_or_default();
            for c in &changes {
                apply(&mut d, c);
            }
            d
        })
    })
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|s| s.parse().ok()).unwrap_or(64),
        ..ProptestConfig::default()
    })]

    #[test]
    fn class_cells_equal_their_own_traces(d in perturbed()) {
        check(&d)?;
    }
}

/// The perturbations are not vacuous: a UDR in spoke 1 for spoke 3 takes spokes 1 and 3 out of
/// the class (spoke 1's form differs, spoke 3 is named) and leaves the others in it; and the
/// answers that change are right.
#[test]
fn a_cross_reference_takes_exactly_its_spokes_out_of_the_class() {
    let mut d = gallery::generated(5).expect("builds");
    assert_eq!(check(&d).expect("equal"), 20, "five symmetric spokes of four subnets");
    apply(&mut d, &Change::Udr { from: 0, tier: 0, to: 2, subnet: None, hop: 0 });
    assert_eq!(check(&d).expect("equal"), 12, "spokes 1 and 3 lose their symmetry");
    let mut d = gallery::generated(5).expect("builds");
    apply(&mut d, &Change::Firewall { from: 1, from_tier: 0, to: 3, to_tier: 1, allow: false, port: 443 });
    assert_eq!(check(&d).expect("equal"), 12, "a firewall rule for spokes 2 → 4 names both");
    let mut d = gallery::generated(5).expect("builds");
    apply(&mut d, &Change::SharedNsg { deny: true });
    assert_eq!(check(&d).expect("equal"), 20, "an NSG shared alike by every spoke keeps the class");
}
