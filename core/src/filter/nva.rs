//! A third-party network virtual appliance's filtering: ordered allow/deny rules and SNAT.
//!
//! Invariant: one packet, one decision, no state. Whether the NVA may forward at all (IP
//! forwarding, F-20) and what its statefulness means for the return path (F-12, E-11, E-12) are
//! the trace's business.
//!
//! **Sim choices** (AZURE.md describes no NVA rule language; the model's `NvaConfig` is ours):
//! rules are checked in design order and the first match decides; a packet that no rule matches
//! is **denied**, like the default deny of Azure Firewall (F-3) and of a typical firewall
//! appliance; tags in NVA rules take the plain meaning of firewall rules (`VirtualNetwork` =
//! RFC 1918 and RFC 6598 space, `Internet` = everything else), since an NVA has no
//! `VirtualNetwork` tag of its own.

use super::{
    address_matches, describe_flow, ports_match, tag_port_matches, PrefixSet, TagContext, IANA_PRIVATE_RANGES,
};
use crate::model::{NvaConfig, NvaRule, NvaSnat, RuleAction};
use crate::packet::{Packet, RuleId};
use serde::Serialize;
use std::net::Ipv4Addr;

/// What the NVA does with a packet, and which rule said so.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct NvaVerdict {
    pub action: RuleAction,
    /// The matching rule; `None`: no rule matched, so the packet is denied (the simulator's choice).
    pub rule_name: Option<String>,
    /// The source after SNAT, if the NVA translates an allowed packet (F-21).
    pub snat: Option<Ipv4Addr>,
    /// F-21 when the NVA SNATs, F-20 (an NVA forwarding traffic) otherwise.
    pub rule: RuleId,
}

impl NvaVerdict {
    /// One line for the trace: "NVA 'hub-nva' rule 'allow-web' allows TCP 10.1.0.4 → 8.8.8.8:443; the source becomes 10.0.2.4 (F-21)."
    pub fn explain(&self, nva_name: &str, packet: &Packet) -> String {
        let flow = describe_flow(packet);
        let verb = match self.action {
            RuleAction::Allow => "allows",
            RuleAction::Deny => "denies",
        };
        let snat = self.snat.map(|ip| format!("; the source becomes {ip}")).unwrap_or_default();
        match &self.rule_name {
            Some(name) => format!("NVA '{nva_name}' rule '{name}' {verb} {flow}{snat} ({}).", self.rule),
            None => format!(
                "NVA '{nva_name}': no rule matches {flow}, so it is denied (the simulator's default, {}).",
                self.rule
            ),
        }
    }
}

/// The verdict of an NVA, forwarding through the NIC with address `nic_ip`, on `packet`: the first
/// rule (in design order) whose protocol, source, destination and destination ports cover the packet
/// decides (ICMP ignores ports); none matching denies (module doc: the simulator's choice). An
/// allowed packet is SNATed per `NvaSnat`: `Off` keeps the source, `NicIp` uses `nic_ip`, `Address`
/// the given address (F-21).
pub fn evaluate(nva: &NvaConfig, nic_ip: Ipv4Addr, packet: &Packet) -> NvaVerdict {
    let private = PrefixSet::new(IANA_PRIVATE_RANGES);
    let ctx = TagContext { virtual_network: &private, asgs: &super::NO_ASGS };
    let Some(r) = nva.rules.iter().find(|r| rule_matches(r, packet, &ctx)) else {
        return NvaVerdict { action: RuleAction::Deny, rule_name: None, snat: None, rule: "F-20" };
    };
    let snat = match (r.action, &nva.snat) {
        (RuleAction::Deny, _) | (_, NvaSnat::Off) => None,
        (RuleAction::Allow, NvaSnat::NicIp) => Some(nic_ip),
        (RuleAction::Allow, NvaSnat::Address { ip }) => Some(*ip),
    };
    let rule = if snat.is_some() { "F-21" } else { "F-20" };
    NvaVerdict { action: r.action, rule_name: Some(r.name.clone()), snat, rule }
}

fn rule_matches(r: &NvaRule, p: &Packet, ctx: &TagContext) -> bool {
    r.protocol.covers(p.protocol)
        && address_matches(&r.source, p.src, ctx)
        && tag_port_matches(&r.source, p.src_port)
        && address_matches(&r.destination, p.dst, ctx)
        && tag_port_matches(&r.destination, p.dst_port)
        && ports_match(p.protocol, std::slice::from_ref(&r.ports), p.dst_port)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{AddressMatch, PortRange, Protocol};
    use crate::packet::EPHEMERAL_PORT;

    fn ip(s: &str) -> Ipv4Addr {
        s.parse().unwrap()
    }

    fn packet(protocol: Protocol, src: &str, dst: &str, dst_port: u16) -> Packet {
        Packet { src: ip(src), dst: ip(dst), protocol, src_port: EPHEMERAL_PORT, dst_port, host: None }
    }

    fn rule(name: &str, action: RuleAction, protocol: Protocol, src: &str, dst: &str, ports: &str) -> NvaRule {
        NvaRule {
            name: name.into(),
            action,
            protocol,
            source: src.parse::<AddressMatch>().unwrap(),
            destination: dst.parse::<AddressMatch>().unwrap(),
            ports: ports.parse::<PortRange>().unwrap(),
        }
    }

    fn nva(rules: Vec<NvaRule>, snat: NvaSnat) -> NvaConfig {
        NvaConfig { rules, stateful: true, snat }
    }

    const NIC: &str = "10.0.2.4";

    fn decided(v: &NvaVerdict) -> (RuleAction, Option<&str>, Option<Ipv4Addr>, RuleId) {
        (v.action, v.rule_name.as_deref(), v.snat, v.rule)
    }

    #[test]
    fn f20_first_matching_rule_decides_in_design_order() {
        let n = nva(
            vec![
                rule("deny-ssh", RuleAction::Deny, Protocol::Tcp, "*", "10.2.0.0/16", "22"),
                rule("allow-spokes", RuleAction::Allow, Protocol::Any, "10.0.0.0/8", "10.0.0.0/8", "*"),
                rule("allow-ssh-never-reached", RuleAction::Allow, Protocol::Tcp, "*", "*", "22"),
            ],
            NvaSnat::Off,
        );
        let v = evaluate(&n, ip(NIC), &packet(Protocol::Tcp, "10.1.0.4", "10.2.0.4", 22));
        assert_eq!(decided(&v), (RuleAction::Deny, Some("deny-ssh"), None, "F-20"));
        let v = evaluate(&n, ip(NIC), &packet(Protocol::Tcp, "10.1.0.4", "10.2.0.4", 443));
        assert_eq!(decided(&v), (RuleAction::Allow, Some("allow-spokes"), None, "F-20"));
    }

    #[test]
    fn f20_no_matching_rule_denies_by_the_simulators_default() {
        let n = nva(vec![rule("web", RuleAction::Allow, Protocol::Tcp, "*", "*", "443")], NvaSnat::NicIp);
        let p = packet(Protocol::Udp, "10.1.0.4", "10.2.0.4", 443);
        let v = evaluate(&n, ip(NIC), &p);
        assert_eq!(decided(&v), (RuleAction::Deny, None, None, "F-20"));
        assert_eq!(
            v.explain("hub-nva", &p),
            "NVA 'hub-nva': no rule matches UDP 10.1.0.4 → 10.2.0.4:443, so it is denied (the simulator's default, F-20)."
        );
        assert_eq!(decided(&evaluate(&nva(vec![], NvaSnat::Off), ip(NIC), &p)).1, None);
    }

    #[test]
    fn f21_snat_modes_off_nic_ip_and_address() {
        let rules = vec![rule("all", RuleAction::Allow, Protocol::Any, "*", "*", "*")];
        let p = packet(Protocol::Tcp, "10.1.0.4", "8.8.8.8", 443);
        assert_eq!(evaluate(&nva(rules.clone(), NvaSnat::Off), ip(NIC), &p).snat, None);
        let v = evaluate(&nva(rules.clone(), NvaSnat::NicIp), ip(NIC), &p);
        assert_eq!(decided(&v), (RuleAction::Allow, Some("all"), Some(ip(NIC)), "F-21"));
        assert_eq!(
            v.explain("hub-nva", &p),
            "NVA 'hub-nva' rule 'all' allows TCP 10.1.0.4 → 8.8.8.8:443; the source becomes 10.0.2.4 (F-21)."
        );
        let v = evaluate(&nva(rules, NvaSnat::Address { ip: ip("10.0.2.100") }), ip(NIC), &p);
        assert_eq!(v.snat, Some(ip("10.0.2.100")));
    }

    #[test]
    fn f21_a_denied_packet_is_never_snated() {
        let n = nva(vec![rule("block", RuleAction::Deny, Protocol::Any, "*", "*", "*")], NvaSnat::NicIp);
        let v = evaluate(&n, ip(NIC), &packet(Protocol::Tcp, "10.1.0.4", "8.8.8.8", 443));
        assert_eq!(decided(&v), (RuleAction::Deny, Some("block"), None, "F-20"));
    }

    #[test]
    fn f20_ports_protocols_and_plain_tags() {
        let n = nva(
            vec![
                rule("web-range", RuleAction::Allow, Protocol::Tcp, "*", "*", "8000-8100"),
                rule("internet", RuleAction::Allow, Protocol::Udp, "VirtualNetwork", "Internet", "*"),
                rule("icmp", RuleAction::Allow, Protocol::Icmp, "*", "*", "443"),
            ],
            NvaSnat::Off,
        );
        let name = |p: Packet| evaluate(&n, ip(NIC), &p).rule_name;
        assert_eq!(name(packet(Protocol::Tcp, "10.1.0.4", "10.2.0.4", 8100)).as_deref(), Some("web-range"));
        assert_eq!(name(packet(Protocol::Tcp, "10.1.0.4", "10.2.0.4", 8101)), None);
        assert_eq!(name(packet(Protocol::Udp, "10.1.0.4", "1.1.1.1", 53)).as_deref(), Some("internet"));
        assert_eq!(name(packet(Protocol::Udp, "10.1.0.4", "192.168.0.1", 53)), None);
        assert_eq!(name(packet(Protocol::Udp, "8.8.4.4", "1.1.1.1", 53)), None);
        // ICMP ignores the rule's port range.
        assert_eq!(name(packet(Protocol::Icmp, "10.1.0.4", "10.2.0.4", 0)).as_deref(), Some("icmp"));
    }
}
