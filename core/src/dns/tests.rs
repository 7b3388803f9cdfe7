use super::*;
use crate::gallery;

fn ips(a: &Answer) -> Vec<String> {
    match a {
        Answer::A { ips, .. } => ips.iter().map(ToString::to_string).collect(),
        _ => Vec::new(),
    }
}

#[test]
fn seed_lab_spoke_gets_the_private_ip_via_the_hub_forwarder() {
    // D-3, D-4, D-2, D-10: spoke -> hub DNS VM -> Azure DNS in the hub (zone linked there), whose
    // record the endpoint's DNS zone group writes (derived, D-10; D-11 row 1).
    let d = gallery::seed_lab().unwrap();
    let r = resolve(&d, "vm-spoke", "mftesting.blob.core.windows.net").unwrap();
    assert_eq!(ips(&r.answer), ["10.1.1.4"], "{:#?}", r.steps);
    let rules: Vec<&str> = r.steps.iter().map(|s| s.rule).collect();
    assert_eq!(rules, ["D-3", "D-3", "D-4", "D-1", "D-10", "D-2"], "{:#?}", r.steps);
    let last = r.steps.last().unwrap();
    assert!(last.detail.contains("zone group of private endpoint 'pe-mftesting-blob'"), "{}", last.detail);
}

#[test]
fn a_vnet_without_the_zone_linked_gets_the_public_ip() {
    // D-11 row 4: the spoke asks Azure DNS directly; the zone is linked to the hub only.
    let mut d = gallery::seed_lab().unwrap();
    d.vnets.iter_mut().for_each(|v| v.dns_servers.clear());
    let r = resolve(&d, "vm-spoke", "mftesting.blob.core.windows.net").unwrap();
    assert_eq!(ips(&r.answer), ["198.18.0.10"], "{:#?}", r.steps);
}

#[test]
fn linked_zone_without_the_record_is_nxdomain_unless_fallback() {
    // D-11 rows 2 and 3, D-12.
    let mut d = gallery::seed_lab().unwrap();
    d.private_endpoints[0].dns_zone_group.clear();
    let r = resolve(&d, "vm-dns", "mftesting.blob.core.windows.net").unwrap();
    assert!(matches!(r.answer, Answer::NxDomain { .. }), "{:?}", r.answer);
    d.dns_zones[0].links[0].resolution_policy = crate::model::ResolutionPolicy::NxDomainRedirect;
    let r = resolve(&d, "vm-dns", "mftesting.blob.core.windows.net").unwrap();
    assert_eq!(ips(&r.answer), ["198.18.0.10"]);
}

#[test]
fn hybrid_dns_public_zone_forwarder_works_and_the_wrong_zone_does_not() {
    // D-13 Sim choice: forwarding the public zone gives the PE IP; forwarding privatelink.* only,
    // on a server that does not follow CNAME targets (gallery 8b: followCname off), the public IP.
    for (slug, private) in [("hybrid-dns", true), ("hybrid-dns-wrong-zone", false)] {
        let d = (gallery::entry(slug).unwrap().build)().unwrap();
        let host = d.sites.iter().flat_map(|s| &s.hosts).next().unwrap().name.clone();
        let name = d.questions.iter().find_map(|q| match &q.ask {
            crate::model::Ask::Resolve { name, .. } => Some(name.clone()),
            _ => None,
        });
        let r = resolve(&d, &host, &name.unwrap()).unwrap();
        let got = ips(&r.answer);
        let pe_ips: Vec<String> = d.private_endpoints.iter().map(|p| p.ip.to_string()).collect();
        assert_eq!(
            pe_ips.contains(&got.first().cloned().unwrap_or_default()),
            private,
            "{slug}: {got:?} {:#?}",
            r.steps
        );
    }
}

#[test]
fn forwarding_loops_fail_with_servfail() {
    // D-23: a DNS VM that forwards to itself.
    let mut d = gallery::seed_lab().unwrap();
    for vm in &mut d.vms {
        if let crate::model::VmRole::DnsServer(cfg) = &mut vm.role {
            cfg.forward_all_to = vec!["10.0.2.4".parse().unwrap()];
        }
    }
    let r = resolve(&d, "vm-spoke", "mftesting.blob.core.windows.net").unwrap();
    assert!(matches!(r.answer, Answer::ServFail { .. }), "{:?}", r.answer);
    assert!(r.steps.iter().any(|s| s.rule == "D-23"));
}

#[test]
fn unknown_clients_are_an_error_not_a_panic() {
    let d = gallery::seed_lab().unwrap();
    assert!(resolve(&d, "nobody", "x.example.com").is_err());
}

#[test]
fn legs_are_traced_once_and_reused() {
    // DECISIONS 23: the spoke → hub DNS VM and hub DNS VM → Azure DNS legs are traced on the first query only.
    let d = gallery::seed_lab().unwrap();
    let eng = crate::trace::Engine::new(&d);
    let dns = DnsEngine::new(&eng);
    let first = dns.resolve("vm-spoke", "mftesting.blob.core.windows.net").unwrap();
    let legs = dns.legs.borrow().values().map(Vec::len).sum::<usize>();
    assert_eq!(legs, 2);
    let again = dns.resolve("vm-spoke", "other.example.com").unwrap();
    assert_eq!(dns.legs.borrow().values().map(Vec::len).sum::<usize>(), legs);
    let leg = first.steps.iter().find_map(|s| s.leg.as_ref()).unwrap();
    assert_eq!((leg.to.to_string().as_str(), leg.outcome), ("10.0.2.4", "delivered"));
    assert!(again.steps.iter().any(|s| s.leg.is_some()));
}

#[test]
fn the_sweep_agrees_with_single_resolutions() {
    let d = gallery::generated(3).unwrap();
    let eng = crate::trace::Engine::new(&d);
    let dns = DnsEngine::new(&eng);
    let names = vec!["stlz0002.blob.core.windows.net".to_string(), "stlz0003.queue.core.windows.net".into()];
    let sweep = dns.sweep(&names);
    assert_eq!((sweep.clients.len(), sweep.cells.len()), (12, 12));
    for (c, nic) in sweep.clients.iter().enumerate() {
        for (k, name) in sweep.names.iter().enumerate() {
            let single = dns.resolve(nic.as_str(), name).unwrap();
            assert_eq!(Some(&single.answer), sweep.answer(c, k), "{nic} {name}");
        }
    }
    assert_eq!(sweep.answer(0, 0).and_then(Answer::ip), Some("10.128.6.4".parse().unwrap()));
}

#[test]
fn every_d_rule_is_named_by_a_scenario() {
    // DECISIONS 9: every D id is named by at least one scenario file.
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/scenarios");
    let mut named = std::collections::HashSet::new();
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let text = std::fs::read_to_string(e.path()).unwrap();
        let v: serde_json::Value = serde_json::from_str(&text).unwrap();
        for r in v["rules"].as_array().into_iter().flatten() {
            named.insert(r.as_str().unwrap_or_default().to_string());
        }
    }
    let d_rules = crate::catalog::rules::RULES.iter().map(|r| r.id).filter(|id| id.starts_with("D-"));
    let missing: Vec<&str> = d_rules.filter(|id| !named.contains(*id)).collect();
    assert!(missing.is_empty(), "{missing:?}");
}

#[test]
fn every_gallery_design_resolves_without_panicking() {
    // Every VM and host asks every public name of the design (and a few odd ones); every answer's
    // steps carry a catalog rule id. (`connect` asks the same questions and traces them.)
    for (slug, d) in gallery::test_designs() {
        let eng = crate::trace::Engine::new(&d);
        let dns = DnsEngine::new(&eng);
        for c in dns.test_clients() {
            for n in &dns.test_names() {
                let r = dns.resolve(&c, n).unwrap();
                for s in &r.steps {
                    assert!(crate::catalog::rules::rule(s.rule).is_some(), "{slug}: {}", s.rule);
                }
            }
        }
    }
}

/// The seed lab's hub DNS VM resolving publicly, with one conditional forwarder for the
/// privatelink zone to Azure DNS (from the hub, where the zone is linked).
fn seed_lab_with_privatelink_forwarder(follow_cname: bool) -> crate::model::Design {
    let mut d = gallery::seed_lab().unwrap();
    for vm in &mut d.vms {
        if let crate::model::VmRole::DnsServer(cfg) = &mut vm.role {
            cfg.forward_all_to.clear();
            cfg.conditional_forwarders = vec![crate::model::ConditionalForwarder {
                domain: "privatelink.blob.core.windows.net".into(),
                targets: vec![crate::model::DnsTarget::new(AZURE_DNS)],
            }];
            cfg.follow_cname = follow_cname;
        }
    }
    d
}

#[test]
fn a_dns_vm_follows_a_cname_into_another_of_its_rules() {
    // D-13: the public CNAME into the privatelink name falls under the VM's forwarder: a new
    // query, answered by Azure DNS in the hub from the zone group's record (D-10).
    let d = seed_lab_with_privatelink_forwarder(true);
    let r = resolve(&d, "vm-spoke", "mftesting.blob.core.windows.net").unwrap();
    assert_eq!(ips(&r.answer), ["10.1.1.4"], "{:#?}", r.steps);
    let Answer::A { chain, .. } = &r.answer else { unreachable!() };
    assert_eq!(chain, &["mftesting.privatelink.blob.core.windows.net"], "the rest of the public chain is dropped");
    let follow = r.steps.iter().find(|s| s.rule == "D-13").expect("a D-13 step");
    assert_eq!(
        (follow.at.as_str(), follow.question.as_str()),
        ("vm-dns", "mftesting.privatelink.blob.core.windows.net")
    );
    // Off: the public chain as received.
    let d = seed_lab_with_privatelink_forwarder(false);
    let r = resolve(&d, "vm-spoke", "mftesting.blob.core.windows.net").unwrap();
    assert_eq!(ips(&r.answer), ["198.18.0.10"], "{:#?}", r.steps);
    assert!(r.steps.iter().all(|s| s.rule != "D-13"));
}

#[test]
fn a_target_under_the_same_rule_keeps_the_upstream_chain() {
    // D-13: the seed lab's DNS VM forwards everything to Azure DNS; the privatelink target falls
    // under that same rule, so Azure DNS's chain is kept and no new query is made.
    let d = gallery::seed_lab().unwrap();
    let r = resolve(&d, "vm-spoke", "mftesting.blob.core.windows.net").unwrap();
    assert_eq!(ips(&r.answer), ["10.1.1.4"]);
    assert!(r.steps.iter().all(|s| s.rule != "D-13"), "{:#?}", r.steps);
}

#[test]
fn cname_loops_end_in_servfail_not_a_hang() {
    // D-15 records that point at each other, and an on-premises zone whose CNAME points at itself.
    let mut d = (gallery::entry("hybrid-dns").unwrap().build)().unwrap();
    let cname = |name: &str, target: &str| crate::model::DnsRecord {
        name: name.into(),
        data: crate::model::RecordData::Cname { target: target.into() },
    };
    d.public_dns = vec![cname("a.example.com", "b.example.com"), cname("b.example.com", "a.example.com")];
    d.sites[0].dns_servers[0].zones = vec![crate::model::OnPremZone {
        name: "corp.contoso.com".into(),
        records: vec![cname("x", "x.corp.contoso.com")],
    }];
    for (from, name) in
        [("vm-app", "a.example.com"), ("onprem-client", "a.example.com"), ("onprem-client", "x.corp.contoso.com")]
    {
        let r = resolve(&d, from, name).unwrap();
        assert!(matches!(r.answer, Answer::ServFail { .. }), "{from} {name}: {:?}", r.answer);
        assert!(r.steps.iter().any(|s| s.rule == "D-23"), "{from} {name}");
        assert!(r.steps.len() < 60, "{from} {name}: {} steps", r.steps.len());
    }
}
