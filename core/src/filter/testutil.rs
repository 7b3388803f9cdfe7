//! Test fixtures shared by the firewall tests (`firewall`, `app_rules`, `snat`): a hub firewall
//! and short constructors for its rules and packets.

use super::firewall::{evaluate, FirewallDecision, FirewallVerdict, RuleKind};
use crate::id::Id;
use crate::model::{
    AddressMatch, AppProtocol, AppProtocolKind, ApplicationRule, DnatRule, Firewall, FirewallAction, FirewallRules,
    FirewallSku, NetworkRule, Protocol, RuleCollection, RuleCollectionGroup, SnatRange, SnatToken,
};
use crate::packet::{Packet, EPHEMERAL_PORT};
use ipnet::Ipv4Net;
use std::net::Ipv4Addr;

pub(crate) fn ip(s: &str) -> Ipv4Addr {
    s.parse().unwrap()
}

/// AzureFirewallSubnet 10.0.1.0/26, frontend 10.0.1.4, public IP 20.1.1.1.
pub(crate) fn firewall(groups: Vec<RuleCollectionGroup>) -> Firewall {
    Firewall {
        meta: Default::default(),
        id: Id::new("fw1"),
        name: "hub-fw".into(),
        subnet: Id::new("s1"),
        sku: FirewallSku::Standard,
        private_ip: ip("10.0.1.4"),
        public_ip: Some(ip("20.1.1.1")),
        snat_private_ranges: vec![SnatRange::Token(SnatToken::IanaPrivateRanges)],
        dns_proxy: false,
        rule_collection_groups: groups,
    }
}

pub(crate) fn subnet() -> Ipv4Net {
    "10.0.1.0/26".parse().unwrap()
}

pub(crate) fn group(name: &str, priority: u32, collections: Vec<RuleCollection>) -> RuleCollectionGroup {
    RuleCollectionGroup { name: name.into(), priority, collections }
}

pub(crate) fn coll(name: &str, priority: u32, rules: FirewallRules) -> RuleCollection {
    RuleCollection { name: name.into(), priority, rules }
}

pub(crate) fn addrs(list: &[&str]) -> Vec<AddressMatch> {
    list.iter().map(|s| s.parse().unwrap()).collect()
}

pub(crate) fn net(action: FirewallAction, name: &str, src: &[&str], dst: &[&str], ports: &[&str]) -> FirewallRules {
    let rule = NetworkRule {
        name: name.into(),
        protocols: vec![Protocol::Tcp, Protocol::Udp],
        sources: addrs(src),
        destinations: addrs(dst),
        ports: ports.iter().map(|p| p.parse().unwrap()).collect(),
    };
    FirewallRules::Network { action, rules: vec![rule] }
}

pub(crate) fn app(action: FirewallAction, name: &str, fqdns: &[&str]) -> FirewallRules {
    let rule = ApplicationRule {
        name: name.into(),
        sources: addrs(&["*"]),
        protocols: vec![AppProtocol { kind: AppProtocolKind::Https, port: 443 }],
        target_fqdns: fqdns.iter().map(|f| f.to_string()).collect(),
    };
    FirewallRules::Application { action, rules: vec![rule] }
}

pub(crate) fn dnat(name: &str, port: u16, to: &str, to_port: u16) -> FirewallRules {
    let rule = DnatRule {
        name: name.into(),
        sources: addrs(&["*"]),
        protocols: vec![Protocol::Tcp],
        destination_port: port,
        translated_address: ip(to),
        translated_port: to_port,
    };
    FirewallRules::Dnat { rules: vec![rule] }
}

pub(crate) fn tcp(src: &str, dst: &str, port: u16, host: Option<&str>) -> Packet {
    let host = host.map(str::to_string);
    Packet { src: ip(src), dst: ip(dst), protocol: Protocol::Tcp, src_port: EPHEMERAL_PORT, dst_port: port, host }
}

pub(crate) fn eval(fw: &Firewall, p: &Packet, public: bool) -> FirewallVerdict {
    evaluate(fw, subnet(), p, public)
}

pub(crate) fn allow(kind: RuleKind, collection: &str, rule: &str) -> FirewallDecision {
    FirewallDecision::Allow { kind, collection: collection.into(), rule: rule.into() }
}

pub(crate) fn denied(kind: Option<RuleKind>, collection: &str, rule: &str) -> FirewallDecision {
    FirewallDecision::Deny { kind, collection: collection.into(), rule: rule.into() }
}
