//! Filter fixes, each narrowed to the flow (source /32, destination /32, protocol, port): an NSG
//! allow rule just above the denying one (N-2: lower number wins; N-3 defaults are overridable;
//! N-8 for a private endpoint's subnet), an Azure Firewall network rule collection (F-3: nothing
//! matching is default deny), and an NVA allow rule first in its list (first match decides).

use super::{Candidate, Failure};
use crate::edit::{Edit, Element};
use crate::filter::firewall::{self, FirewallDecision};
use crate::filter::{nsg, TagContext};
use crate::model::*;
use crate::packet::Packet;
use crate::trace::Place;
use ipnet::Ipv4Net;

fn host(ip: std::net::Ipv4Addr) -> AddressMatch {
    AddressMatch::Prefix(Ipv4Net::from(ip))
}

fn ports(p: &Packet) -> PortRange {
    if p.protocol == Protocol::Icmp {
        PortRange::ANY
    } else {
        PortRange::single(p.dst_port)
    }
}

fn rule_name(p: &Packet) -> String {
    let proto = format!("{:?}", p.protocol).to_ascii_lowercase();
    match p.protocol {
        Protocol::Icmp => format!("allow-{proto}-{}-to-{}", p.src, p.dst),
        _ => format!("allow-{proto}-{}-{}-to-{}", p.dst_port, p.src, p.dst),
    }
    .replace('.', "-")
}

fn describe(p: &Packet) -> String {
    match p.protocol {
        Protocol::Tcp => format!("TCP {} from {} to {}", p.dst_port, p.src, p.dst),
        Protocol::Udp => format!("UDP {} from {} to {}", p.dst_port, p.src, p.dst),
        Protocol::Icmp | Protocol::Any => format!("ICMP from {} to {}", p.src, p.dst),
    }
}

/// N-2 / N-3 / N-8: the NSG that denied; a new allow rule with the highest free priority number
/// below the deny's (so it is evaluated first), in the same direction.
pub(super) fn nsg_allow(f: &Failure) -> Vec<Candidate> {
    if !matches!(f.rule, "N-2" | "N-3" | "N-8") || !f.dropped() || f.in_reply {
        return Vec::new();
    }
    let Some(hop) = f.hop() else { return Vec::new() };
    let net = &f.eng.net;
    let mut packet = hop.packet.clone();
    // The first hop is the source sending (outbound, N-5); any later hop is arrival (inbound).
    let direction = if f.path.hops.len() == 1 { Direction::Outbound } else { Direction::Inbound };
    let (nsgs, tags): (Vec<&Nsg>, _) = match &hop.place {
        Place::Nic { .. } => {
            let Some((_, nic)) = f.nic_at(&hop.place) else { return Vec::new() };
            if nic.public_ip == Some(packet.dst) {
                packet.dst = nic.ip; // N-11: NSGs see the private address.
            }
            let Some(six) = net.subnet_ix(&nic.subnet) else { return Vec::new() };
            let subnet_nsg = net.subnets[six].nsg;
            let nic_nsg = nic.nsg.as_ref().and_then(|id| f.design.nsg(id));
            let order = match direction {
                Direction::Inbound => [subnet_nsg, nic_nsg],
                Direction::Outbound => [nic_nsg, subnet_nsg],
            };
            (order.into_iter().flatten().collect(), f.eng.tags.get(six))
        }
        Place::PrivateEndpoint { .. } => {
            let Some(s) = f.subnet_at(&hop.place) else { return Vec::new() };
            let Some(six) = net.subnet_ix(&s.id) else { return Vec::new() };
            (net.subnets[six].nsg.into_iter().collect(), f.eng.tags.get(six))
        }
        _ => return Vec::new(),
    };
    let Some(tags) = tags else { return Vec::new() };
    let ctx = TagContext { virtual_network: tags, asgs: &net.asgs };
    let Some((group, verdict)) = nsgs
        .into_iter()
        .map(|g| (g, nsg::evaluate(g, direction, &packet, &ctx)))
        .find(|(_, v)| v.access == Access::Deny)
    else {
        return Vec::new();
    };
    let used: Vec<u16> = group.rules.iter().filter(|r| r.direction == direction).map(|r| r.priority).collect();
    let below = verdict.priority.min(4097);
    let mut g = group.clone();
    let priority = match (100..below).rev().find(|p| !used.contains(p)) {
        Some(p) => p,
        // No free number above the deny: move the deny one down when that number is free (the
        // order of every other rule stays the same) and take its place.
        None => {
            let (p, next) = (verdict.priority, verdict.priority.saturating_add(1));
            if verdict.default_rule || next > 4096 || used.contains(&next) {
                return Vec::new();
            }
            let deny = g.rules.iter_mut().find(|r| r.direction == direction && r.priority == p);
            let Some(deny) = deny else { return Vec::new() };
            deny.priority = next;
            p
        }
    };
    g.rules.push(NsgRule {
        destination_asgs: Default::default(),
        source_asgs: Default::default(),
        name: rule_name(&packet),
        priority,
        direction,
        access: Access::Allow,
        protocol: packet.protocol,
        source: host(packet.src),
        source_ports: PortRange::ANY,
        destination: host(packet.dst),
        destination_ports: ports(&packet),
    });
    vec![Candidate {
        title: format!("Allow {} in NSG '{}' ({direction:?}, priority {priority})", describe(&packet), group.name),
        rule: "N-2",
        why: format!(
            "NSG '{}' denies the flow by rule '{}' ({}); rules are evaluated by ascending priority and the first match decides (N-2), so an allow at {priority} for exactly this flow comes first.",
            group.name, verdict.rule_name, verdict.priority_text()
        ),
        edits: vec![Edit::Update(Element::Nsg(g))],
    }]
}

/// The firewall with a rule collection group allowing `packet` (network rule), or `None` when the
/// firewall already allows it.
pub(super) fn firewall_rule_edit(f: &Failure, fw: &Firewall, packet: &Packet) -> Option<Edit> {
    let fw_subnet = f.design.subnet(&fw.subnet)?.prefix;
    let v = firewall::evaluate(fw, fw_subnet, packet, false);
    if matches!(v.decision, FirewallDecision::Allow { .. }) {
        return None;
    }
    let collection = |priority: u32| RuleCollection {
        name: "allow-flow".into(),
        priority,
        rules: FirewallRules::Network {
            action: FirewallAction::Allow,
            rules: vec![NetworkRule {
                name: rule_name(packet),
                protocols: vec![packet.protocol],
                sources: vec![host(packet.src)],
                destinations: vec![host(packet.dst)],
                ports: vec![ports(packet)],
            }],
        },
    };
    // F-3: network collections are evaluated by group priority, then collection priority; the
    // new collection must come first, so a deny collection cannot match before it.
    let mut new = fw.clone();
    let used: Vec<u32> = fw.rule_collection_groups.iter().map(|g| g.priority).collect();
    let first = used.iter().copied().min().unwrap_or(200);
    let lowest_group = new.rule_collection_groups.iter_mut().min_by_key(|g| g.priority);
    let lowest_collection = lowest_group.as_ref().and_then(|g| g.collections.iter().map(|c| c.priority).min());
    if let Some(p) = (100..first).rev().find(|p| !used.contains(p)) {
        let group = RuleCollectionGroup { name: "rcg-fix".into(), priority: p, collections: vec![collection(100)] };
        new.rule_collection_groups.push(group);
    } else if let (Some(group), Some(p)) = (lowest_group, lowest_collection.and_then(|l| (100..l).next_back())) {
        group.collections.push(collection(p));
    } else {
        // Cannot come first: a new group after the others still works when no deny matches.
        let p = (100..=65000).find(|p| !used.contains(p))?;
        new.rule_collection_groups.push(RuleCollectionGroup {
            name: "rcg-fix".into(),
            priority: p,
            collections: vec![collection(100)],
        });
    }
    Some(Edit::Update(Element::Firewall(new)))
}

/// F-3: the firewall denied (default deny or a deny collection): allow this flow by a network rule.
pub(super) fn firewall_allow(f: &Failure) -> Vec<Candidate> {
    if f.rule != "F-3" || !f.dropped() {
        return Vec::new();
    }
    let Some(hop) = f.hop() else { return Vec::new() };
    let Some(fw) = f.firewall_at(&hop.place) else { return Vec::new() };
    let Some(edit) = firewall_rule_edit(f, fw, &hop.packet) else { return Vec::new() };
    vec![Candidate {
        title: format!("Allow {} on firewall '{}' (network rule)", describe(&hop.packet), fw.name),
        rule: "F-3",
        why: "Azure Firewall denies whatever no rule allows (F-3); a network rule collection for exactly this flow allows it.".into(),
        edits: vec![edit],
    }]
}

/// F-20 (NVA rules): the NVA's rules deny (first match decides, none matching denies); add an
/// allow rule for this flow first in its list.
pub(super) fn nva_allow(f: &Failure) -> Vec<Candidate> {
    if f.rule != "F-20" || !f.dropped() {
        return Vec::new();
    }
    let Some(hop) = f.hop() else { return Vec::new() };
    let Some((vm, nic)) = f.nic_at(&hop.place) else { return Vec::new() };
    let VmRole::Nva(cfg) = &vm.role else { return Vec::new() };
    if !nic.ip_forwarding {
        return Vec::new();
    }
    let p = &hop.packet;
    let mut cfg = cfg.clone();
    cfg.rules.insert(
        0,
        NvaRule {
            name: rule_name(p),
            action: RuleAction::Allow,
            protocol: p.protocol,
            source: host(p.src),
            destination: host(p.dst),
            ports: ports(p),
        },
    );
    let mut new = vm.clone();
    new.role = VmRole::Nva(cfg);
    vec![Candidate {
        title: format!("Allow {} on NVA '{}'", describe(p), vm.name),
        rule: "F-20",
        why: "The NVA's rules deny this flow (first match decides, none matching denies); an allow rule first in its list lets it through.".into(),
        edits: vec![Edit::Update(Element::Vm(new))],
    }]
}
