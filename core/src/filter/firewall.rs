//! Azure Firewall rule processing (F-2..F-9): which rule decides a packet, and how the firewall
//! translates it (DNAT, SNAT).
//!
//! Invariant: one packet, one decision, no state. Flow state (F-5, F-12), threat intelligence and
//! the built-in infrastructure rule collection are not modelled here; F-10 (the firewall resolves
//! an application rule's name itself) is the trace's business: this module only says whether a
//! rule allows the host name.
//!
//! **Sim choice** (AZURE.md is silent): the firewall has no subnet of its own to give the
//! `VirtualNetwork` tag a meaning, so tags in firewall rules take their plain meaning:
//! `VirtualNetwork` = RFC 1918 and RFC 6598 space, `Internet` = everything else,
//! `AzureLoadBalancer`/`AzurePlatformDNS` = 168.63.129.16, `*` = everything.

use super::app_rules::{app_protocol_name, application_match};
use super::snat::{is_default_ranges, snat_reason, SnatReason};
use super::{
    address_matches, describe_flow, ports_match, tag_port_matches, PrefixSet, TagContext, IANA_PRIVATE_RANGES,
};
use crate::model::{
    AddressMatch, ApplicationRule, DnatRule, Firewall, FirewallAction, FirewallRules, NetworkRule, Protocol,
    RuleCollection,
};
use crate::packet::{Packet, RuleId};
use ipnet::Ipv4Net;
use serde::Serialize;
use std::net::Ipv4Addr;

pub use super::app_rules::fqdn_matches;
pub use super::snat::{network_rule_snats, snat_address};

/// The three rule types, in processing order (F-2, F-3).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub enum RuleKind {
    Dnat,
    Network,
    Application,
}

/// What the firewall does with a packet, and which rule said so.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase", rename_all_fields = "camelCase", tag = "decision")]
pub enum FirewallDecision {
    /// Destination translated and the flow allowed (F-4).
    Dnat {
        collection: String,
        rule: String,
        translated: Ipv4Addr,
        translated_port: u16,
    },
    Allow {
        kind: RuleKind,
        collection: String,
        rule: String,
    },
    /// `kind: None` with rule `"default deny"`: no rule matched (F-3).
    Deny {
        kind: Option<RuleKind>,
        collection: String,
        rule: String,
    },
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FirewallVerdict {
    pub decision: FirewallDecision,
    /// The source after SNAT, if the firewall translates it (F-4, F-6..F-9).
    pub snat: Option<Ipv4Addr>,
    /// F-3 for ordering and default deny, F-4 for DNAT, F-6/F-7 for a network-rule allow (its SNAT
    /// decision), F-8 for an application-rule allow.
    pub rule: RuleId,
    /// One line naming the rule, for the trace.
    pub explanation: String,
}

/// The verdict of `fw` on `packet`, which reached the firewall in `firewall_subnet` (its
/// `AzureFirewallSubnet` prefix), from the Internet on its public IP if `arrived_on_public_ip`.
///
/// F-3: DNAT collections first, then network collections, then application collections, whatever
/// the group priorities; within a type, groups by priority, then collections by priority, then
/// rules in order; the first matching rule terminates (a Deny collection's match denies), and a
/// network match means application rules are never evaluated. Nothing matching: default deny.
///
/// DNAT is evaluated only for a packet that arrived on the public IP and is addressed to it (F-4).
/// **Sim choice:** such a packet that no DNAT rule matches is denied: network and application
/// rules filter traffic passing through the firewall, not traffic for the firewall itself, and
/// application rules never apply to inbound connections (F-4).
pub fn evaluate(
    fw: &Firewall,
    firewall_subnet: Ipv4Net,
    packet: &Packet,
    arrived_on_public_ip: bool,
) -> FirewallVerdict {
    decide(fw, firewall_subnet, packet, arrived_on_public_ip, true)
}

/// [`evaluate`]; without `explain`, `explanation` is left empty (the reachability matrix's
/// traces keep only outcomes, and writing the texts was most of the firewall's cost).
pub(crate) fn decide(
    fw: &Firewall,
    firewall_subnet: Ipv4Net,
    packet: &Packet,
    arrived_on_public_ip: bool,
    explain: bool,
) -> FirewallVerdict {
    let collections = ordered_collections(fw);
    let ctx = TagContext { virtual_network: private_ranges(), asgs: &super::NO_ASGS };
    let flow = if explain { describe_flow(packet) } else { String::new() };
    let text = |f: &dyn Fn() -> String| if explain { f() } else { String::new() };
    let snat_ip = snat_address(fw, firewall_subnet);

    if arrived_on_public_ip && fw.public_ip == Some(packet.dst) {
        for (c, rules) in collections.iter().filter_map(|c| dnat_rules(c).map(|r| (c, r))) {
            if let Some(r) = rules.iter().find(|r| dnat_matches(r, packet, &ctx)) {
                let explanation = text(&|| {
                    format!(
                    "DNAT rule '{}' {} translates {flow} to {}:{}; the source becomes {snat_ip} so replies return through the firewall (F-4).",
                    r.name, where_(c), r.translated_address, r.translated_port
                )
                });
                let decision = FirewallDecision::Dnat {
                    collection: c.name.clone(),
                    rule: r.name.clone(),
                    translated: r.translated_address,
                    translated_port: r.translated_port,
                };
                return FirewallVerdict { decision, snat: Some(snat_ip), rule: "F-4", explanation };
            }
        }
        let explanation = text(&|| {
            format!(
            "No DNAT rule matches {flow} on the firewall's public IP; only DNAT rules admit inbound traffic there, so the firewall denies it (F-4)."
        )
        });
        return deny(None, "", "default deny", "F-4", explanation);
    }

    for (c, action, rules) in collections.iter().filter_map(|c| network_rules(c).map(|(a, r)| (c, a, r))) {
        let Some(r) = rules.iter().find(|r| network_matches(r, packet, &ctx)) else { continue };
        let head = text(&|| format!("Network rule '{}' {}", r.name, where_(c)));
        if action == FirewallAction::Deny {
            let explanation = text(&|| format!("{head} denies {flow}; the first matching rule decides (F-3)."));
            return deny(Some(RuleKind::Network), &c.name, &r.name, "F-3", explanation);
        }
        let reason = snat_reason(fw, packet.dst);
        let snat = reason.translates().then_some(snat_ip);
        let rule = if is_default_ranges(fw) { "F-6" } else { "F-7" };
        let tail = || match reason {
            SnatReason::NeverAll => {
                "the SNAT private ranges include 0.0.0.0/0, so the source is never translated".to_string()
            }
            SnatReason::AlwaysAll => {
                format!("the SNAT private ranges include 255.255.255.255/32, so the source is always translated, to {snat_ip}")
            }
            SnatReason::InPrivateRanges => {
                "destination is in the SNAT private ranges, so the source is kept".to_string()
            }
            SnatReason::OutsidePrivateRanges => {
                format!("destination is outside the SNAT private ranges, so the source is translated to {snat_ip}")
            }
        };
        let explanation = text(&|| format!("{head} allows {flow}; {} ({rule}).", tail()));
        let decision =
            FirewallDecision::Allow { kind: RuleKind::Network, collection: c.name.clone(), rule: r.name.clone() };
        return FirewallVerdict { decision, snat, rule, explanation };
    }

    let host = packet.host.as_deref().filter(|h| !h.is_empty() && packet.protocol == Protocol::Tcp);
    if let Some(host) = host {
        for (c, action, rules) in collections.iter().filter_map(|c| application_rules(c).map(|(a, r)| (c, a, r))) {
            let Some((r, kind)) = rules.iter().find_map(|r| application_match(r, packet, host, &ctx).map(|k| (r, k)))
            else {
                continue;
            };
            let head = text(&|| format!("Application rule '{}' {}", r.name, where_(c)));
            let what = text(&|| format!("{} {host} ({flow})", app_protocol_name(kind)));
            if action == FirewallAction::Deny {
                let explanation = text(&|| format!("{head} denies {what}; the first matching rule decides (F-3)."));
                return deny(Some(RuleKind::Application), &c.name, &r.name, "F-3", explanation);
            }
            let explanation = text(&|| {
                format!("{head} allows {what}; application rules always translate the source, here to {snat_ip} (F-8).")
            });
            let decision = FirewallDecision::Allow {
                kind: RuleKind::Application,
                collection: c.name.clone(),
                rule: r.name.clone(),
            };
            return FirewallVerdict { decision, snat: Some(snat_ip), rule: "F-8", explanation };
        }
    }

    let has_app_rules = collections.iter().any(|c| application_rules(c).is_some());
    let note = if has_app_rules && host.is_none() {
        " (application rules need a TCP flow with a host name, which this flow lacks)"
    } else {
        ""
    };
    let explanation = text(&|| format!("No rule matches {flow}{note}, so the firewall denies it by default (F-3)."));
    deny(None, "", "default deny", "F-3", explanation)
}

/// RFC 1918 and RFC 6598 space: the firewall's `VirtualNetwork` tag (see the module documentation).
fn private_ranges() -> &'static PrefixSet {
    static PRIVATE: std::sync::OnceLock<PrefixSet> = std::sync::OnceLock::new();
    PRIVATE.get_or_init(|| PrefixSet::new(IANA_PRIVATE_RANGES))
}

/// Every collection in F-3 order within a type: groups by priority, then collections by priority;
/// equal priorities keep design order (stable sort).
fn ordered_collections(fw: &Firewall) -> Vec<&RuleCollection> {
    let mut groups: Vec<_> = fw.rule_collection_groups.iter().collect();
    groups.sort_by_key(|g| g.priority);
    let mut out = Vec::new();
    for g in groups {
        let start = out.len();
        out.extend(g.collections.iter());
        out[start..].sort_by_key(|c| c.priority);
    }
    out
}

fn dnat_rules(c: &RuleCollection) -> Option<&[DnatRule]> {
    match &c.rules {
        FirewallRules::Dnat { rules } => Some(rules),
        _ => None,
    }
}

fn network_rules(c: &RuleCollection) -> Option<(FirewallAction, &[NetworkRule])> {
    match &c.rules {
        FirewallRules::Network { action, rules } => Some((*action, rules)),
        _ => None,
    }
}

fn application_rules(c: &RuleCollection) -> Option<(FirewallAction, &[ApplicationRule])> {
    match &c.rules {
        FirewallRules::Application { action, rules } => Some((*action, rules)),
        _ => None,
    }
}

pub(super) fn any_address(list: &[AddressMatch], ip: Ipv4Addr, port: u16, ctx: &TagContext) -> bool {
    list.iter().any(|m| address_matches(m, ip, ctx) && tag_port_matches(m, port))
}

fn dnat_matches(r: &DnatRule, p: &Packet, ctx: &TagContext) -> bool {
    r.protocols.iter().any(|proto| proto.covers(p.protocol))
        && any_address(&r.sources, p.src, p.src_port, ctx)
        && r.destination_port == p.dst_port
}

/// F-2: a 5-tuple match; ICMP ignores the port list.
fn network_matches(r: &NetworkRule, p: &Packet, ctx: &TagContext) -> bool {
    r.protocols.iter().any(|proto| proto.covers(p.protocol))
        && any_address(&r.sources, p.src, p.src_port, ctx)
        && any_address(&r.destinations, p.dst, p.dst_port, ctx)
        && ports_match(p.protocol, &r.ports, p.dst_port)
}

/// "in collection 'allow-spoke' (priority 200)".
fn where_(c: &RuleCollection) -> String {
    format!("in collection '{}' (priority {})", c.name, c.priority)
}

fn deny(kind: Option<RuleKind>, collection: &str, rule: &str, id: RuleId, explanation: String) -> FirewallVerdict {
    let decision = FirewallDecision::Deny { kind, collection: collection.to_string(), rule: rule.to_string() };
    FirewallVerdict { decision, snat: None, rule: id, explanation }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::filter::testutil::*;
    use crate::model::SnatRange;

    /// Group priorities put application before network before DNAT; F-3 ignores that.
    fn inverted_groups() -> Firewall {
        firewall(vec![
            group("apps", 100, vec![coll("allow-web", 100, app(FirewallAction::Allow, "any-web", &["*"]))]),
            group("nets", 200, vec![coll("block", 100, net(FirewallAction::Deny, "no-443", &["*"], &["*"], &["443"]))]),
            group("nats", 300, vec![coll("inbound", 100, dnat("web-in", 443, "10.1.0.4", 8443))]),
        ])
    }

    #[test]
    fn f3_f4_dnat_comes_first_whatever_the_group_priority() {
        let v = eval(&inverted_groups(), &tcp("203.0.113.9", "20.1.1.1", 443, Some("app.contoso.com")), true);
        let expected = FirewallDecision::Dnat {
            collection: "inbound".into(),
            rule: "web-in".into(),
            translated: ip("10.1.0.4"),
            translated_port: 8443,
        };
        assert_eq!((v.decision, v.snat, v.rule), (expected, Some(ip("10.0.1.5")), "F-4"));
        assert_eq!(
            v.explanation,
            "DNAT rule 'web-in' in collection 'inbound' (priority 100) translates TCP 203.0.113.9 → 20.1.1.1:443 to 10.1.0.4:8443; the source becomes 10.0.1.5 so replies return through the firewall (F-4)."
        );
    }

    #[test]
    fn f3_network_comes_before_application_whatever_the_group_priority() {
        let v = eval(&inverted_groups(), &tcp("10.1.0.4", "198.51.100.7", 443, Some("www.example.com")), false);
        assert_eq!((v.decision, v.snat, v.rule), (denied(Some(RuleKind::Network), "block", "no-443"), None, "F-3"));
        assert_eq!(
            v.explanation,
            "Network rule 'no-443' in collection 'block' (priority 100) denies TCP 10.1.0.4 → 198.51.100.7:443; the first matching rule decides (F-3)."
        );
    }

    #[test]
    fn f4_dnat_only_for_packets_that_arrived_on_the_public_ip() {
        let fw = inverted_groups();
        // From inside, to the public IP: DNAT is not evaluated; the network deny decides.
        let v = eval(&fw, &tcp("10.1.0.4", "20.1.1.1", 443, None), false);
        assert_eq!(v.decision, denied(Some(RuleKind::Network), "block", "no-443"));
        // On the public IP without a matching DNAT rule (Sim choice): denied, never network rules.
        let v = eval(&fw, &tcp("203.0.113.9", "20.1.1.1", 3389, None), true);
        assert_eq!((v.decision, v.snat, v.rule), (denied(None, "", "default deny"), None, "F-4"));
    }

    #[test]
    fn f3_groups_by_priority_then_collections_by_priority() {
        let fw = firewall(vec![
            group(
                "late",
                500,
                vec![coll("late-allow", 100, net(FirewallAction::Allow, "late", &["*"], &["*"], &["*"]))],
            ),
            group(
                "early",
                100,
                vec![
                    coll("second", 300, net(FirewallAction::Allow, "allow-all", &["*"], &["*"], &["*"])),
                    coll("first", 200, net(FirewallAction::Deny, "deny-db", &["*"], &["10.2.0.0/16"], &["1433"])),
                ],
            ),
        ]);
        assert_eq!(
            eval(&fw, &tcp("10.1.0.4", "10.2.0.4", 1433, None), false).decision,
            denied(Some(RuleKind::Network), "first", "deny-db")
        );
        assert_eq!(
            eval(&fw, &tcp("10.1.0.4", "10.2.0.4", 443, None), false).decision,
            allow(RuleKind::Network, "second", "allow-all")
        );
    }

    #[test]
    fn f3_a_network_match_stops_application_rules() {
        let fw = firewall(vec![group(
            "g",
            100,
            vec![
                coll("deny-web", 100, app(FirewallAction::Deny, "no-example", &["www.example.com"])),
                coll(
                    "allow-spoke",
                    200,
                    net(FirewallAction::Allow, "spoke-to-anywhere", &["10.1.0.0/16"], &["*"], &["*"]),
                ),
            ],
        )]);
        let v = eval(&fw, &tcp("10.1.0.4", "10.1.1.4", 443, Some("www.example.com")), false);
        assert_eq!(
            (v.decision, v.snat, v.rule),
            (allow(RuleKind::Network, "allow-spoke", "spoke-to-anywhere"), None, "F-6")
        );
        assert_eq!(
            v.explanation,
            "Network rule 'spoke-to-anywhere' in collection 'allow-spoke' (priority 200) allows TCP 10.1.0.4 → 10.1.1.4:443; destination is in the SNAT private ranges, so the source is kept (F-6)."
        );
        // Outside the network rule's sources, the application deny decides.
        let v = eval(&fw, &tcp("10.7.0.4", "10.1.1.4", 443, Some("WWW.Example.com")), false);
        assert_eq!((v.decision, v.rule), (denied(Some(RuleKind::Application), "deny-web", "no-example"), "F-3"));
    }

    #[test]
    fn f6_network_rule_to_a_public_destination_is_snated() {
        let fw = firewall(vec![group(
            "g",
            100,
            vec![coll("out", 100, net(FirewallAction::Allow, "web", &["*"], &["Internet"], &["443"]))],
        )]);
        let v = eval(&fw, &tcp("10.1.0.4", "8.8.8.8", 443, None), false);
        assert_eq!((v.decision, v.snat, v.rule), (allow(RuleKind::Network, "out", "web"), Some(ip("10.0.1.5")), "F-6"));
        assert!(v.explanation.ends_with(
            "destination is outside the SNAT private ranges, so the source is translated to 10.0.1.5 (F-6)."
        ));
        // Firewall tags take their plain meaning (Sim choice): Internet excludes RFC 1918.
        assert_eq!(
            eval(&fw, &tcp("10.1.0.4", "10.2.0.4", 443, None), false).decision,
            denied(None, "", "default deny")
        );
    }

    #[test]
    fn f7_custom_private_ranges_drive_the_network_snat_decision_and_cite_f7() {
        let mut fw = firewall(vec![group(
            "g",
            100,
            vec![coll("all", 100, net(FirewallAction::Allow, "any", &["*"], &["*"], &["*"]))],
        )]);
        fw.snat_private_ranges = vec![SnatRange::Prefix("255.255.255.255/32".parse().unwrap())];
        let v = eval(&fw, &tcp("10.1.0.4", "10.2.0.4", 443, None), false);
        assert_eq!((v.snat, v.rule), (Some(ip("10.0.1.5")), "F-7"));
        assert!(v.explanation.ends_with("the SNAT private ranges include 255.255.255.255/32, so the source is always translated, to 10.0.1.5 (F-7)."));
        fw.snat_private_ranges = vec![SnatRange::Prefix("0.0.0.0/0".parse().unwrap())];
        let v = eval(&fw, &tcp("10.1.0.4", "8.8.8.8", 443, None), false);
        assert_eq!((v.snat, v.rule), (None, "F-7"));
    }

    #[test]
    fn f3_default_deny_without_rules() {
        let p = Packet { protocol: Protocol::Icmp, dst_port: 0, ..tcp("10.1.0.4", "10.2.0.4", 0, None) };
        let v = eval(&firewall(vec![]), &p, false);
        assert_eq!((v.decision, v.snat, v.rule), (denied(None, "", "default deny"), None, "F-3"));
        assert_eq!(
            v.explanation,
            "No rule matches ICMP 10.1.0.4 → 10.2.0.4, so the firewall denies it by default (F-3)."
        );
    }

    #[test]
    fn f2_network_rules_ignore_ports_for_icmp() {
        let mut rules = net(FirewallAction::Allow, "ping", &["*"], &["10.2.0.0/16"], &["443"]);
        if let FirewallRules::Network { rules, .. } = &mut rules {
            rules[0].protocols = vec![Protocol::Icmp];
        }
        let fw = firewall(vec![group("g", 100, vec![coll("icmp", 100, rules)])]);
        let p = Packet { protocol: Protocol::Icmp, ..tcp("10.1.0.4", "10.2.0.4", 0, None) };
        assert_eq!(eval(&fw, &p, false).decision, allow(RuleKind::Network, "icmp", "ping"));
        assert_eq!(
            eval(&fw, &tcp("10.1.0.4", "10.2.0.4", 443, None), false).decision,
            denied(None, "", "default deny")
        );
    }
}
