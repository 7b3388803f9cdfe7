//! One network security group, one direction: which rule decides a packet (N-2, N-3).
//!
//! Invariant: an NSG is evaluated on its own. Which NSGs a packet meets and in what order (subnet
//! then NIC inbound, NIC then subnet outbound, N-5), statefulness (N-6) and the platform bypasses
//! (N-9) are the trace's business; this module answers "what does this NSG say about this packet".

use super::{address_matches, ports_match, tag_port_matches, TagContext};
use crate::id::Id;
use crate::model::{Access, AddressMatch, Direction, Nsg, NsgRule, PortRange, Protocol, ServiceTag};
use crate::packet::{Packet, RuleId};

/// The rule of one NSG that decided a packet.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NsgVerdict {
    pub access: Access,
    pub rule_name: String,
    pub priority: u16,
    /// One of Azure's six default rules (N-3) decided, not a rule of the design.
    pub default_rule: bool,
    /// `"N-2"` when a user rule matched, `"N-3"` when a default rule did.
    pub rule: RuleId,
    /// The application security groups the deciding rule named, as rule texts write them
    /// (`source asg:AsgLogic, destination asg:AsgDb`); empty when it named none (N-1).
    pub groups: String,
}

/// A default rule as data: all six cover every protocol and port (N-3).
struct DefaultRule {
    priority: u16,
    name: &'static str,
    source: AddressMatch,
    destination: AddressMatch,
    access: Access,
}

const VNET: AddressMatch = AddressMatch::Tag(ServiceTag::VirtualNetwork);

/// N-3, inbound, with the names ARM returns.
const INBOUND_DEFAULTS: [DefaultRule; 3] = [
    DefaultRule { priority: 65000, name: "AllowVnetInBound", source: VNET, destination: VNET, access: Access::Allow },
    DefaultRule {
        priority: 65001,
        name: "AllowAzureLoadBalancerInBound",
        source: AddressMatch::Tag(ServiceTag::AzureLoadBalancer),
        destination: AddressMatch::Any,
        access: Access::Allow,
    },
    DefaultRule {
        priority: 65500,
        name: "DenyAllInBound",
        source: AddressMatch::Any,
        destination: AddressMatch::Any,
        access: Access::Deny,
    },
];

/// N-3, outbound, with the names ARM returns.
const OUTBOUND_DEFAULTS: [DefaultRule; 3] = [
    DefaultRule { priority: 65000, name: "AllowVnetOutBound", source: VNET, destination: VNET, access: Access::Allow },
    DefaultRule {
        priority: 65001,
        name: "AllowInternetOutBound",
        source: AddressMatch::Any,
        destination: AddressMatch::Tag(ServiceTag::Internet),
        access: Access::Allow,
    },
    DefaultRule {
        priority: 65500,
        name: "DenyAllOutBound",
        source: AddressMatch::Any,
        destination: AddressMatch::Any,
        access: Access::Deny,
    },
];

fn defaults(direction: Direction) -> &'static [DefaultRule; 3] {
    match direction {
        Direction::Inbound => &INBOUND_DEFAULTS,
        Direction::Outbound => &OUTBOUND_DEFAULTS,
    }
}

impl NsgVerdict {
    /// One line for the trace: "NSG 'spoke1-nsg' inbound: rule 'deny-ssh' (priority 200) denies TCP 10.0.0.4 → 10.1.0.4:22 (N-2)."
    pub fn explain(&self, nsg_name: &str, direction: Direction, packet: &Packet) -> String {
        let dir = match direction {
            Direction::Inbound => "inbound",
            Direction::Outbound => "outbound",
        };
        let verb = match self.access {
            Access::Allow => "allows",
            Access::Deny => "denies",
        };
        let kind = if self.default_rule { "default rule" } else { "rule" };
        format!(
            "NSG '{nsg_name}' {dir}: {kind} '{}' ({}) {verb} {} ({}).",
            self.rule_name,
            self.priority_text(),
            super::describe_flow(packet),
            self.rule
        )
    }

    /// "priority 110", or "priority 110, source asg:AsgLogic" when the rule named groups: the
    /// groups, not the address they replace, say what the rule matched (N-1).
    pub fn priority_text(&self) -> String {
        if self.groups.is_empty() {
            format!("priority {}", self.priority)
        } else {
            format!("priority {}, {}", self.priority, self.groups)
        }
    }
}

/// The groups a rule names, as its text writes them (`source asg:A, destination asg:B`).
pub fn groups_text(rule: &NsgRule, ctx: &TagContext) -> String {
    let ends = [("source", &rule.source_asgs), ("destination", &rule.destination_asgs)];
    let named: Vec<String> =
        ends.iter().filter(|(_, g)| !g.is_empty()).map(|(end, g)| format!("{end} {}", ctx.asgs.label(g))).collect();
    named.join(", ")
}

/// A rule's source or destination as its text writes it: the groups when it names any (they
/// replace the address, N-1), else the address match.
pub fn end_text(address: &AddressMatch, groups: &[Id], ctx: &TagContext) -> String {
    if groups.is_empty() {
        address.to_string()
    } else {
        ctx.asgs.label(groups)
    }
}

/// Azure's six default rules of one direction as `NsgRule`s, exactly N-3 (names as ARM returns
/// them), for display. They are not stored in the design (ARCHITECTURE: decisions of our own).
pub fn default_rules(direction: Direction) -> Vec<NsgRule> {
    defaults(direction)
        .iter()
        .map(|d| NsgRule {
            destination_asgs: Default::default(),
            source_asgs: Default::default(),
            name: d.name.to_string(),
            priority: d.priority,
            direction,
            access: d.access,
            protocol: Protocol::Any,
            source: d.source.clone(),
            source_ports: PortRange::ANY,
            destination: d.destination.clone(),
            destination_ports: PortRange::ANY,
        })
        .collect()
}

/// The verdict of `nsg` on `packet` travelling in `direction` (N-2): the design's rules of that
/// direction by ascending priority, then the defaults (N-3); the first match decides.
///
/// Design rules always come before the defaults: user priorities are 100..=4096 (N-1) and
/// validation reports any other value. Equal priorities (which Azure rejects) keep design order.
/// `Protocol::Any` covers every protocol; source and destination ports are both checked, except
/// for ICMP, which has none.
pub fn evaluate(nsg: &Nsg, direction: Direction, packet: &Packet, ctx: &TagContext) -> NsgVerdict {
    let mut user: Vec<&NsgRule> = nsg.rules.iter().filter(|r| r.direction == direction).collect();
    user.sort_by_key(|r| r.priority);
    let user_match = user.into_iter().find(|r| {
        let source = End { address: &r.source, groups: &r.source_asgs, ports: r.source_ports };
        let destination = End { address: &r.destination, groups: &r.destination_asgs, ports: r.destination_ports };
        rule_matches(r.protocol, source, destination, packet, ctx)
    });
    if let Some(r) = user_match {
        return NsgVerdict {
            access: r.access,
            rule_name: r.name.clone(),
            priority: r.priority,
            default_rule: false,
            rule: "N-2",
            groups: groups_text(r, ctx),
        };
    }
    let rules = defaults(direction);
    // The last default (DenyAll*) matches every packet, so the fallback is that very rule.
    let [.., deny_all] = rules;
    let d = rules
        .iter()
        .find(|d| {
            let source = End { address: &d.source, groups: &[], ports: PortRange::ANY };
            let destination = End { address: &d.destination, groups: &[], ports: PortRange::ANY };
            rule_matches(Protocol::Any, source, destination, packet, ctx)
        })
        .unwrap_or(deny_all);
    NsgVerdict {
        access: d.access,
        rule_name: d.name.to_string(),
        priority: d.priority,
        default_rule: true,
        rule: "N-3",
        groups: String::new(),
    }
}

/// One side of a rule: its address match, the groups that replace it when any, and its ports.
#[derive(Clone, Copy)]
struct End<'r> {
    address: &'r AddressMatch,
    groups: &'r [Id],
    ports: PortRange,
}

impl End<'_> {
    fn matches(self, protocol: Protocol, ip: std::net::Ipv4Addr, port: u16, ctx: &TagContext) -> bool {
        let address = if self.groups.is_empty() {
            address_matches(self.address, ip, ctx) && tag_port_matches(self.address, port)
        } else {
            // N-1: a rule naming groups matches their members' addresses; its prefix is ignored.
            ctx.asgs.contains(self.groups, ip)
        };
        address && ports_match(protocol, std::slice::from_ref(&self.ports), port)
    }
}

fn rule_matches(protocol: Protocol, source: End, destination: End, packet: &Packet, ctx: &TagContext) -> bool {
    protocol.covers(packet.protocol)
        && source.matches(packet.protocol, packet.src, packet.src_port, ctx)
        && destination.matches(packet.protocol, packet.dst, packet.dst_port, ctx)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::build::nsg_rule;
    use crate::filter::{AsgSets, PrefixSet, AZURE_PLATFORM_IP, NO_ASGS};
    use crate::id::Id;
    use crate::packet::EPHEMERAL_PORT;
    use std::net::Ipv4Addr;

    fn ip(s: &str) -> Ipv4Addr {
        s.parse().unwrap()
    }

    fn packet(protocol: Protocol, src: &str, dst: &str, dst_port: u16) -> Packet {
        Packet { src: ip(src), dst: ip(dst), protocol, src_port: EPHEMERAL_PORT, dst_port, host: None }
    }

    fn nsg(rules: Vec<NsgRule>) -> Nsg {
        Nsg { meta: Default::default(), id: Id::new("n1"), name: "nsg".into(), rules }
    }

    /// `build::nsg_rule`, unwrapped: same eight fields.
    #[allow(clippy::too_many_arguments)]
    fn rule(
        name: &str,
        prio: u16,
        dir: Direction,
        access: Access,
        proto: Protocol,
        src: &str,
        dst: &str,
        ports: &str,
    ) -> NsgRule {
        nsg_rule(name, prio, dir, access, proto, src, dst, ports).unwrap()
    }

    /// The VirtualNetwork tag of a spoke 10.1.0.0/16 peered with a hub 10.0.0.0/16 (N-4).
    fn spoke_vnet() -> PrefixSet {
        PrefixSet::new(["10.1.0.0/16".parse().unwrap(), "10.0.0.0/16".parse().unwrap()])
    }

    fn eval(n: &Nsg, dir: Direction, p: &Packet) -> NsgVerdict {
        let vnet = spoke_vnet();
        evaluate(n, dir, p, &TagContext { virtual_network: &vnet, asgs: &NO_ASGS })
    }

    fn decided_by(v: &NsgVerdict) -> (Access, &str, u16, bool, RuleId) {
        (v.access, v.rule_name.as_str(), v.priority, v.default_rule, v.rule)
    }

    #[test]
    fn n3_default_rules_are_exactly_the_six_arm_rules() {
        let names = |d| default_rules(d).into_iter().map(|r| (r.priority, r.name, r.access)).collect::<Vec<_>>();
        assert_eq!(
            names(Direction::Inbound),
            vec![
                (65000, "AllowVnetInBound".to_string(), Access::Allow),
                (65001, "AllowAzureLoadBalancerInBound".to_string(), Access::Allow),
                (65500, "DenyAllInBound".to_string(), Access::Deny),
            ]
        );
        assert_eq!(
            names(Direction::Outbound),
            vec![
                (65000, "AllowVnetOutBound".to_string(), Access::Allow),
                (65001, "AllowInternetOutBound".to_string(), Access::Allow),
                (65500, "DenyAllOutBound".to_string(), Access::Deny),
            ]
        );
        let out = default_rules(Direction::Outbound);
        assert!(out.iter().all(|r| r.direction == Direction::Outbound && r.protocol == Protocol::Any));
        assert_eq!(out[1].destination, AddressMatch::Tag(ServiceTag::Internet));
        assert_eq!(out[0].source, VNET);
    }

    #[test]
    fn n3_allow_vnet_inbound_and_outbound() {
        let empty = nsg(vec![]);
        let p = packet(Protocol::Tcp, "10.0.0.4", "10.1.0.4", 22);
        assert_eq!(
            decided_by(&eval(&empty, Direction::Inbound, &p)),
            (Access::Allow, "AllowVnetInBound", 65000, true, "N-3")
        );
        assert_eq!(
            decided_by(&eval(&empty, Direction::Outbound, &p)),
            (Access::Allow, "AllowVnetOutBound", 65000, true, "N-3")
        );
    }

    #[test]
    fn n3_allow_azure_load_balancer_inbound() {
        let p = packet(Protocol::Tcp, "168.63.129.16", "10.1.0.4", 80);
        let v = eval(&nsg(vec![]), Direction::Inbound, &p);
        assert_eq!(decided_by(&v), (Access::Allow, "AllowAzureLoadBalancerInBound", 65001, true, "N-3"));
    }

    #[test]
    fn n3_deny_all_inbound_for_traffic_from_outside_the_virtual_network() {
        let p = packet(Protocol::Tcp, "10.9.0.4", "10.1.0.4", 443);
        let v = eval(&nsg(vec![]), Direction::Inbound, &p);
        assert_eq!(decided_by(&v), (Access::Deny, "DenyAllInBound", 65500, true, "N-3"));
    }

    #[test]
    fn n3_allow_internet_outbound_and_deny_all_outbound() {
        let empty = nsg(vec![]);
        let web = packet(Protocol::Tcp, "10.1.0.4", "8.8.8.8", 443);
        assert_eq!(decided_by(&eval(&empty, Direction::Outbound, &web)).1, "AllowInternetOutBound");
        // 10.9/16 is neither in the VirtualNetwork tag nor Internet (RFC 1918, N-4 Sim choice).
        let other_spoke = packet(Protocol::Tcp, "10.1.0.4", "10.9.0.4", 443);
        let v = eval(&empty, Direction::Outbound, &other_spoke);
        assert_eq!(decided_by(&v), (Access::Deny, "DenyAllOutBound", 65500, true, "N-3"));
    }

    #[test]
    fn n2_lowest_priority_number_decides_whatever_the_design_order() {
        let rules = vec![
            rule("allow-ssh", 300, Direction::Inbound, Access::Allow, Protocol::Tcp, "*", "*", "22"),
            rule("deny-ssh", 200, Direction::Inbound, Access::Deny, Protocol::Tcp, "10.0.0.0/16", "*", "22"),
            rule("outbound-only", 100, Direction::Outbound, Access::Allow, Protocol::Any, "*", "*", "*"),
        ];
        let n = nsg(rules);
        let v = eval(&n, Direction::Inbound, &packet(Protocol::Tcp, "10.0.0.4", "10.1.0.4", 22));
        assert_eq!(decided_by(&v), (Access::Deny, "deny-ssh", 200, false, "N-2"));
        // deny-ssh does not cover 10.9/16, so the next rule decides: first match wins.
        let v = eval(&n, Direction::Inbound, &packet(Protocol::Tcp, "10.9.0.4", "10.1.0.4", 22));
        assert_eq!(decided_by(&v), (Access::Allow, "allow-ssh", 300, false, "N-2"));
        // An outbound rule never decides an inbound packet.
        let v = eval(&n, Direction::Inbound, &packet(Protocol::Udp, "10.9.0.4", "10.1.0.4", 53));
        assert_eq!(v.rule_name, "DenyAllInBound");
    }

    #[test]
    fn n3_a_user_rule_overrides_a_default_rule() {
        let n = nsg(vec![rule(
            "deny-vnet",
            4096,
            Direction::Inbound,
            Access::Deny,
            Protocol::Any,
            "VirtualNetwork",
            "*",
            "*",
        )]);
        let v = eval(&n, Direction::Inbound, &packet(Protocol::Udp, "10.0.0.4", "10.1.0.4", 53));
        assert_eq!(decided_by(&v), (Access::Deny, "deny-vnet", 4096, false, "N-2"));
    }

    #[test]
    fn n4_a_default_route_prefix_in_the_tag_makes_allow_vnet_allow_everything() {
        let vnet = PrefixSet::new(["10.1.0.0/16".parse().unwrap(), "0.0.0.0/0".parse().unwrap()]);
        let ctx = TagContext { virtual_network: &vnet, asgs: &NO_ASGS };
        let v =
            evaluate(&nsg(vec![]), Direction::Inbound, &packet(Protocol::Tcp, "203.0.113.9", "10.1.0.4", 3389), &ctx);
        assert_eq!(decided_by(&v), (Access::Allow, "AllowVnetInBound", 65000, true, "N-3"));
    }

    #[test]
    fn n1_protocol_any_covers_tcp_udp_and_icmp_but_tcp_covers_only_tcp() {
        let n = nsg(vec![
            rule("tcp-only", 100, Direction::Inbound, Access::Deny, Protocol::Tcp, "*", "*", "*"),
            rule("any", 200, Direction::Inbound, Access::Allow, Protocol::Any, "*", "*", "*"),
        ]);
        assert_eq!(
            eval(&n, Direction::Inbound, &packet(Protocol::Tcp, "10.9.0.4", "10.1.0.4", 80)).rule_name,
            "tcp-only"
        );
        assert_eq!(eval(&n, Direction::Inbound, &packet(Protocol::Udp, "10.9.0.4", "10.1.0.4", 80)).rule_name, "any");
        assert_eq!(eval(&n, Direction::Inbound, &packet(Protocol::Icmp, "10.9.0.4", "10.1.0.4", 0)).rule_name, "any");
    }

    #[test]
    fn n1_destination_port_ranges_are_inclusive() {
        let n = nsg(vec![rule("range", 100, Direction::Inbound, Access::Allow, Protocol::Tcp, "*", "*", "8000-8100")]);
        for (port, name) in [(7999, "DenyAllInBound"), (8000, "range"), (8100, "range"), (8101, "DenyAllInBound")] {
            assert_eq!(
                eval(&n, Direction::Inbound, &packet(Protocol::Tcp, "10.9.0.4", "10.1.0.4", port)).rule_name,
                name
            );
        }
    }

    #[test]
    fn n1_source_ports_are_checked_too() {
        let mut r = rule("from-high-ports", 100, Direction::Inbound, Access::Allow, Protocol::Tcp, "*", "*", "443");
        r.source_ports = "1024-65535".parse().unwrap();
        let n = nsg(vec![r]);
        let mut p = packet(Protocol::Tcp, "10.9.0.4", "10.1.0.4", 443);
        assert_eq!(eval(&n, Direction::Inbound, &p).rule_name, "from-high-ports");
        p.src_port = 80;
        assert_eq!(eval(&n, Direction::Inbound, &p).rule_name, "DenyAllInBound");
    }

    #[test]
    fn n1_icmp_ignores_port_ranges() {
        let mut r = rule("icmp-with-ports", 100, Direction::Inbound, Access::Allow, Protocol::Icmp, "*", "*", "443");
        r.source_ports = "1024".parse().unwrap();
        let n = nsg(vec![r]);
        let v = eval(&n, Direction::Inbound, &packet(Protocol::Icmp, "10.9.0.4", "10.1.0.4", 0));
        assert_eq!(decided_by(&v), (Access::Allow, "icmp-with-ports", 100, false, "N-2"));
    }

    #[test]
    fn n9_azure_platform_dns_rule_covers_only_port_53_to_168_63_129_16() {
        let n = nsg(vec![rule(
            "no-azure-dns",
            100,
            Direction::Outbound,
            Access::Deny,
            Protocol::Any,
            "*",
            "AzurePlatformDNS",
            "*",
        )]);
        let dns = packet(Protocol::Udp, "10.1.0.4", "168.63.129.16", 53);
        assert_eq!(eval(&n, Direction::Outbound, &dns).rule_name, "no-azure-dns");
        let other = Packet { dst_port: 80, ..dns };
        assert_eq!(other.dst, AZURE_PLATFORM_IP);
        assert_ne!(eval(&n, Direction::Outbound, &other).rule_name, "no-azure-dns");
    }

    #[test]
    fn n2_explanation_names_the_rule_and_its_id() {
        let n = nsg(vec![rule("deny-ssh", 200, Direction::Inbound, Access::Deny, Protocol::Tcp, "*", "*", "22")]);
        let p = packet(Protocol::Tcp, "10.0.0.4", "10.1.0.4", 22);
        assert_eq!(
            eval(&n, Direction::Inbound, &p).explain("spoke1-nsg", Direction::Inbound, &p),
            "NSG 'spoke1-nsg' inbound: rule 'deny-ssh' (priority 200) denies TCP 10.0.0.4 → 10.1.0.4:22 (N-2)."
        );
    }

    /// AsgLogic = 10.1.1.4 (+ secondary 10.1.1.5), AsgDb = 10.1.2.4: the docs' three-tier example.
    fn tiers() -> AsgSets {
        AsgSets::new([
            (Id::new("asg-logic"), "AsgLogic".into(), vec![ip("10.1.1.4"), ip("10.1.1.5")]),
            (Id::new("asg-db"), "AsgDb".into(), vec![ip("10.1.2.4")]),
        ])
    }

    #[test]
    fn n1_rules_naming_groups_match_their_members_and_ignore_the_address() {
        let mut allow = rule(
            "Allow-Database-BusinessLogic",
            110,
            Direction::Inbound,
            Access::Allow,
            Protocol::Tcp,
            "10.9.0.0/16",
            "*",
            "1433",
        );
        allow.source_asgs = vec![Id::new("asg-logic")];
        allow.destination_asgs = vec![Id::new("asg-db")];
        let mut deny =
            rule("Deny-Database-All", 120, Direction::Inbound, Access::Deny, Protocol::Any, "*", "*", "1433");
        deny.destination_asgs = vec![Id::new("asg-db")];
        let n = nsg(vec![allow, deny]);
        let (vnet, asgs) = (spoke_vnet(), tiers());
        let ctx = TagContext { virtual_network: &vnet, asgs: &asgs };
        let at = |src: &str, dst: &str| evaluate(&n, Direction::Inbound, &packet(Protocol::Tcp, src, dst, 1433), &ctx);
        // From AsgLogic (its secondary address too) to AsgDb: allowed, though 10.9/16 is not the source.
        for src in ["10.1.1.4", "10.1.1.5"] {
            let v = at(src, "10.1.2.4");
            assert_eq!(decided_by(&v), (Access::Allow, "Allow-Database-BusinessLogic", 110, false, "N-2"));
            assert_eq!(v.groups, "source asg:AsgLogic, destination asg:AsgDb");
        }
        // From anyone else, the 10.9/16 prefix included: denied by the group rule.
        for src in ["10.1.0.9", "10.9.0.4"] {
            let v = at(src, "10.1.2.4");
            assert_eq!(decided_by(&v), (Access::Deny, "Deny-Database-All", 120, false, "N-2"));
            assert_eq!(v.priority_text(), "priority 120, destination asg:AsgDb");
        }
        // A destination outside AsgDb: neither group rule applies, the default does.
        assert_eq!(at("10.1.1.4", "10.1.3.4").rule_name, "AllowVnetInBound");
        // Without the design's groups, a group rule matches nothing.
        let none = TagContext { virtual_network: &vnet, asgs: &NO_ASGS };
        let v = evaluate(&n, Direction::Inbound, &packet(Protocol::Tcp, "10.1.1.4", "10.1.2.4", 1433), &none);
        assert_eq!(v.rule_name, "AllowVnetInBound");
    }

    #[test]
    fn n1_group_rules_read_as_their_groups() {
        let mut r = rule("web", 100, Direction::Inbound, Access::Allow, Protocol::Tcp, "Internet", "*", "80");
        r.destination_asgs = vec![Id::new("asg-db")];
        let (vnet, asgs) = (spoke_vnet(), tiers());
        let ctx = TagContext { virtual_network: &vnet, asgs: &asgs };
        assert_eq!(groups_text(&r, &ctx), "destination asg:AsgDb");
        assert_eq!(end_text(&r.source, &r.source_asgs, &ctx), "Internet");
        assert_eq!(end_text(&r.destination, &r.destination_asgs, &ctx), "asg:AsgDb");
    }
}
