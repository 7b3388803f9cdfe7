//! Intents checked on gallery designs whose traces and lookups AZURE.md decides (the seed lab,
//! the firewall-and-private-endpoint patterns, the asymmetric return).

use super::*;
use crate::model::{DnsExpectation, IntentEnd, Protocol};
use crate::packet::RuleId;

fn design(slug: &str) -> Design {
    crate::gallery::document(slug).and_then(Result::ok).map(|d| d.design).unwrap_or_default()
}

fn el(design: &Design, name: &str) -> IntentEnd {
    let id = design.elements().into_iter().find(|e| e.name == name).map(|e| e.id.clone());
    IntentEnd::Element { id: id.unwrap_or_else(|| Id::new("missing")) }
}

fn id_of(design: &Design, name: &str) -> Id {
    match el(design, name) {
        IntentEnd::Element { id } => id,
        IntentEnd::Internet { .. } => Id::new("missing"),
    }
}

fn checked(design: &Design, check: IntentCheck) -> Checked {
    let intent = Intent { id: Id::new("it1"), title: String::new(), check };
    check_all(&Engine::new(design), &[intent]).remove(0)
}

fn tcp(port: u16) -> (Protocol, u16) {
    (Protocol::Tcp, port)
}

#[test]
fn reach_fails_where_the_private_endpoint_has_no_path_back_and_isolate_mirrors_it() {
    let d = design("fw-pe-dedicated-vnet");
    let (from, to) = (el(&d, "vm-app"), el(&d, "pe-stcontoso-blob"));
    let (protocol, port) = tcp(443);
    let reach = checked(&d, IntentCheck::Reach { from: from.clone(), to: to.clone(), protocol, port });
    assert_eq!(reach.status, Status::Fail);
    assert_eq!(reach.rule, Some("E-11" as RuleId), "{}", reach.summary);
    assert!(
        reach.summary.starts_with("vm-app (10.1.1.4) → pe-stcontoso-blob (10.2.1.4): dropped at"),
        "{}",
        reach.summary
    );
    assert!(
        matches!(&reach.evidence, Some(Evidence::Trace { flow }) if flow.to == "10.2.1.4".parse::<std::net::Ipv4Addr>().unwrap())
    );
    assert_eq!(reach.title, "vm-app reaches pe-stcontoso-blob (TCP 443)");
    let isolate = checked(&d, IntentCheck::Isolate { from, to, protocol, port });
    assert_eq!(isolate.status, Status::Pass, "{}", isolate.summary);

    // With SNAT on the firewall (E-11's fix) and an application rule for the storage's name, the
    // app reaches the storage by name (F-8 always SNATs); its private endpoint's address alone
    // carries no host name for an application rule, so the firewall denies it (F-3).
    let d = design("fw-pe-dedicated-vnet-snat");
    let reach = checked(&d, IntentCheck::Reach { from: el(&d, "vm-app"), to: el(&d, "stcontoso"), protocol, port });
    assert_eq!(reach.status, Status::Pass, "{}", reach.summary);
    assert_eq!(reach.pairs, 1);
    let reach =
        checked(&d, IntentCheck::Reach { from: el(&d, "vm-app"), to: el(&d, "pe-stcontoso-blob"), protocol, port });
    assert_eq!((reach.status, reach.rule), (Status::Fail, Some("F-3" as RuleId)), "{}", reach.summary);
    assert!(!reach.summary.contains("(F-3). (F-3)"), "the rule is not repeated: {}", reach.summary);
}

#[test]
fn through_holds_when_both_directions_cross_the_firewall() {
    let d = design("seed-lab");
    let internet = IntentEnd::Internet { ip: "8.8.8.8".parse().unwrap() };
    let device = id_of(&d, "afw-hub");
    let c = checked(
        &d,
        IntentCheck::Through { from: el(&d, "vm-spoke"), to: internet, protocol: Protocol::Tcp, port: 443, device },
    );
    assert_eq!(c.status, Status::Pass, "{}", c.summary);
    assert!(c.summary.ends_with("delivered through afw-hub both ways"), "{}", c.summary);
    // The spoke reaches its private endpoint directly (the PE is in the spoke, R-2): not through the firewall.
    let device = id_of(&d, "afw-hub");
    let c = checked(
        &d,
        IntentCheck::Through {
            from: el(&d, "vm-spoke"),
            to: el(&d, "pe-mftesting-blob"),
            protocol: Protocol::Tcp,
            port: 443,
            device,
        },
    );
    assert_eq!(c.status, Status::Fail, "{}", c.summary);
    assert!(c.summary.contains("bypasses afw-hub"), "{}", c.summary);
}

#[test]
fn symmetric_and_reach_fail_on_the_asymmetric_return() {
    let d = design("asymmetric-return");
    let (from, to) = (el(&d, "onprem-client"), el(&d, "vm-web"));
    let c =
        checked(&d, IntentCheck::Symmetric { from: from.clone(), to: to.clone(), protocol: Protocol::Tcp, port: 443 });
    assert_eq!(c.status, Status::Fail);
    assert_eq!(c.rule, Some("F-12" as RuleId), "{}", c.summary);
    let device = id_of(&d, "afw-hub");
    let c = checked(&d, IntentCheck::Through { from, to, protocol: Protocol::Tcp, port: 443, device });
    assert_eq!(c.status, Status::Fail);
    assert_eq!(c.elements.len(), 3, "both ends and the device are marked");
}

#[test]
fn a_paas_destination_is_reached_by_name_as_the_client_resolves_it() {
    let d = design("seed-lab");
    let c = checked(
        &d,
        IntentCheck::Reach { from: el(&d, "vm-spoke"), to: el(&d, "mftesting"), protocol: Protocol::Tcp, port: 443 },
    );
    assert_eq!(c.status, Status::Pass, "{}", c.summary);
    assert!(c.summary.contains("via private endpoint 'pe-mftesting-blob'"), "{}", c.summary);
    assert!(
        matches!(&c.evidence, Some(Evidence::Connect { target, .. }) if target == "mftesting.blob.core.windows.net:443")
    );
    let c = checked(
        &d,
        IntentCheck::Reach { from: el(&d, "vm-spoke"), to: el(&d, "mftesting"), protocol: Protocol::Udp, port: 53 },
    );
    assert_eq!(c.status, Status::Unchecked, "{}", c.summary);
}

#[test]
fn resolves_compares_the_dns_engines_answer() {
    let d = design("seed-lab");
    let name = "mftesting.blob.core.windows.net".to_string();
    let ask = |expect| checked(&d, IntentCheck::Resolves { from: el(&d, "vm-spoke"), name: name.clone(), expect });
    let pe = ask(DnsExpectation::PrivateEndpoint);
    assert_eq!(pe.status, Status::Pass, "{}", pe.summary);
    assert!(pe.summary.contains("10.1.1.4, private endpoint pe-mftesting-blob"), "{}", pe.summary);
    assert_eq!(ask(DnsExpectation::NotPublic).status, Status::Pass);
    let wrong = ask(DnsExpectation::Ip { ip: "10.9.9.9".parse().unwrap() });
    assert_eq!(wrong.status, Status::Fail);
    assert!(wrong.summary.contains("10.1.1.4, not 10.9.9.9"), "{}", wrong.summary);
    assert!(matches!(wrong.evidence, Some(Evidence::Lookup { .. })));
}

#[test]
fn a_vnet_means_every_nic_in_it_and_the_worst_pair_is_reported() {
    let d = design("seed-lab");
    // vnet-spoke holds vm-spoke and the private endpoint: a VNet as destination is both.
    let c = checked(
        &d,
        IntentCheck::Reach { from: el(&d, "vm-dns"), to: el(&d, "vnet-spoke"), protocol: Protocol::Udp, port: 53 },
    );
    assert_eq!(c.pairs, 2, "{}", c.summary);
    let c = checked(
        &d,
        IntentCheck::Isolate {
            from: el(&d, "vnet-spoke"),
            to: el(&d, "vnet-spoke"),
            protocol: Protocol::Tcp,
            port: 443,
        },
    );
    assert_eq!(c.pairs, 1, "vm-spoke to the private endpoint; not to itself");
    assert_eq!(c.status, Status::Fail, "{}", c.summary);
    assert!(c.summary.ends_with("— it must not be"), "{}", c.summary);
}

#[test]
fn what_cannot_be_checked_says_what_to_change() {
    let d = design("seed-lab");
    let (protocol, port) = tcp(443);
    let gone = IntentEnd::Element { id: Id::new("vm999") };
    let c = checked(&d, IntentCheck::Reach { from: gone, to: el(&d, "vm-spoke"), protocol, port });
    assert_eq!(c.status, Status::Unchecked);
    assert!(c.summary.contains("'vm999' is not in the design"), "{}", c.summary);
    let c =
        checked(&d, IntentCheck::Reach { from: el(&d, "AzureFirewallSubnet"), to: el(&d, "vm-spoke"), protocol, port });
    assert_eq!(c.status, Status::Unchecked);
    assert!(c.summary.contains("has no VM or host to send from"), "{}", c.summary);
    let device = id_of(&d, "vnet-hub");
    let c =
        checked(&d, IntentCheck::Through { from: el(&d, "vm-spoke"), to: el(&d, "vm-dns"), protocol, port, device });
    assert!(c.summary.contains("is not a firewall or an NVA"), "{}", c.summary);
    assert_eq!(failing(&[c]), 1, "unchecked counts as failing for CI");
}

#[test]
fn verify_checks_the_designs_own_intents_in_order() {
    let mut d = design("seed-lab");
    let (protocol, port) = tcp(443);
    let check = IntentCheck::Reach { from: el(&d, "vm-spoke"), to: el(&d, "mftesting"), protocol, port };
    d.intents.push(Intent { id: Id::new("it1"), title: "App reaches its storage".into(), check });
    let check = IntentCheck::Isolate { from: el(&d, "vm-spoke"), to: el(&d, "mftesting"), protocol, port };
    d.intents.push(Intent { id: Id::new("it2"), title: String::new(), check });
    let out = verify(&d);
    assert_eq!(
        out.iter().map(|c| (c.id.as_str(), c.status)).collect::<Vec<_>>(),
        [("it1", Status::Pass), ("it2", Status::Fail)]
    );
    assert_eq!(out[0].title, "App reaches its storage");
    assert_eq!(out[1].title, "vm-spoke cannot reach mftesting (TCP 443)");
}
