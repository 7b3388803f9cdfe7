//! Insights on the gallery designs: each trap fires where the gallery shows it, with a proved fix
//! where one exists, and not on the fixed versions.

use super::*;
use crate::gallery;

fn of(slug: &str) -> Design {
    let e = gallery::entry(slug).unwrap_or_else(|| panic!("no gallery design {slug}"));
    (e.build)().unwrap_or_else(|e| panic!("{slug}: {e}"))
}

fn codes(d: &Design) -> Vec<&'static str> {
    insights(d).iter().map(|i| i.code.as_str()).collect()
}

#[test]
fn every_gallery_design_gives_insights_whose_rules_exist() {
    for e in gallery::ENTRIES {
        let d = (e.build)().unwrap();
        for i in insights(&d) {
            assert!(!i.elements.is_empty(), "{}: {:?}", e.slug, i.code);
            for r in &i.rules {
                assert!(crate::catalog::rules::rule(r).is_some(), "{}: {:?} cites unknown {r}", e.slug, i.code);
            }
        }
    }
}

#[test]
fn seed_lab_shows_the_bypass_and_the_protocol_split() {
    let d = of("seed-lab");
    let c = codes(&d);
    assert!(c.contains(&"pe-firewall-bypass"), "{c:?}");
    assert!(c.contains(&"pe-protocol-split"), "{c:?}");
}

/// The insights of `code` in `d`.
fn find(d: &Design, code: Code) -> Vec<Insight> {
    insights(d).into_iter().filter(|i| i.code == code).collect()
}

/// Applies an insight's fix and checks the insight is gone (same code, same first two elements).
fn fix_removes(d: &Design, i: &Insight) -> Design {
    let fix = i.fix.as_ref().unwrap_or_else(|| panic!("{:?} has no fix", i.code));
    let after = changed(d, &fix.edit).expect("the fix applies");
    let key: Vec<&Id> = i.elements.iter().take(2).collect();
    let still =
        insights(&after).into_iter().any(|j| j.code == i.code && j.elements.iter().take(2).eq(key.iter().copied()));
    assert!(!still, "{:?} is still there after '{}'", i.code, fix.title);
    after
}

fn by_name(d: &Design, name: &str) -> Id {
    d.elements().into_iter().find(|e| e.name == name).map(|e| e.id.clone()).unwrap_or_else(|| panic!("no {name}"))
}

#[test]
fn every_gallery_fix_applies_and_removes_its_insight() {
    for (_, d) in gallery::test_designs() {
        for i in insights(&d).iter().filter(|i| i.fix.is_some()) {
            fix_removes(&d, i);
        }
    }
}

#[test]
fn seed_lab_bypass_names_the_endpoint_the_route_table_and_the_firewall() {
    let d = of("seed-lab");
    let i = &find(&d, Code::PeFirewallBypass)[0];
    for n in ["pe-mftesting-blob", "snet-data", "snet-vm", "rt-spoke-vm", "afw-hub"] {
        assert!(i.elements.contains(&by_name(&d, n)), "{n} not in {:?}", i.elements);
    }
    assert_eq!(i.rules, ["E-3", "E-8", "E-9"]);
    // The fix (E-9 policies on the endpoint's subnet) also ends the protocol split.
    let after = fix_removes(&d, i);
    assert!(find(&after, Code::PeProtocolSplit).is_empty());
}

#[test]
fn fixed_designs_do_not_show_the_traps() {
    for (slug, code) in [
        ("route-summarization", Code::PeFirewallBypass),
        ("route-summarization", Code::PeProtocolSplit),
        ("route-summarization", Code::PeRouteSprawl),
        ("fw-pe-same-spoke-snat", Code::PeSnatMissing),
        ("fw-pe-single-vnet-snat", Code::PeSnatMissing),
        ("hybrid-dns", Code::ForwarderWrongZone),
        ("seed-lab", Code::NonTransitivePeering),
        ("seed-lab", Code::AsymmetricStateful),
        ("seed-lab", Code::ZoneNotLinked),
        ("seed-lab", Code::PrivatelinkNxdomain),
    ] {
        assert!(find(&of(slug), code).is_empty(), "{slug} shows {}", code.as_str());
    }
}

#[test]
fn per_endpoint_routes_are_sprawl_and_summarization_fixes_them() {
    let mut d = of("route-summarization");
    let ips: Vec<_> = d.private_endpoints.iter().map(|p| p.ip).collect();
    let table = d.route_tables.iter_mut().find(|t| t.name == "rt-spoke-workload").unwrap();
    let hop = table.routes[0].clone();
    table.routes = ips
        .iter()
        .map(|ip| crate::model::Route { name: format!("pe-{ip}"), prefix: (*ip).into(), ..hop.clone() })
        .collect();
    d.subnets.iter_mut().for_each(|s| s.private_endpoint_network_policies = Default::default());
    let found = find(&d, Code::PeRouteSprawl);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].severity, Severity::Info);
    assert!(find(&d, Code::PeFirewallBypass).is_empty(), "exact /32 UDRs win (E-8)");
    let after = fix_removes(&d, &found[0]);
    assert!(find(&after, Code::PeFirewallBypass).is_empty(), "the summary must not open a bypass (E-9)");
}

#[test]
fn a_default_udr_widens_the_virtual_network_tag_of_an_nsg() {
    let mut d = of("seed-lab");
    d.nsgs.push(crate::model::Nsg {
        meta: Default::default(),
        id: Id::new("n900"),
        name: "nsg-vm".into(),
        rules: vec![],
    });
    d.subnets.iter_mut().filter(|s| s.name == "snet-vm").for_each(|s| s.nsg = Some(Id::new("n900")));
    let found = find(&d, Code::VnetTagWidened);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].rules, ["N-4", "N-3"]);
    fix_removes(&d, &found[0]);
}

#[test]
fn an_allowed_subnet_without_the_service_endpoint() {
    let mut d = of("service-vs-private-endpoint");
    d.subnets.iter_mut().for_each(|s| s.service_endpoints.clear());
    let found = find(&d, Code::ServiceEndpointUnavailable);
    assert_eq!(found.len(), 1, "{found:?}");
    fix_removes(&d, &found[0]);
    // A service without service endpoints at all cannot be fixed that way.
    d.paas.iter_mut().for_each(|p| p.service = "search".into());
    let found = find(&d, Code::ServiceEndpointUnavailable);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].fix.is_none() && found[0].rules.contains(&"E-20"));
}

#[test]
fn a_spoke_on_azure_dns_without_the_zone_resolves_publicly() {
    let mut d = of("seed-lab");
    d.vnets.iter_mut().for_each(|v| v.dns_servers.clear());
    let found = find(&d, Code::ZoneNotLinked);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].elements.contains(&by_name(&d, "vnet-spoke")));
    fix_removes(&d, &found[0]);
}

#[test]
fn another_organizations_endpoint_is_nxdomain_without_fallback() {
    let mut d = of("seed-lab");
    // A partner's storage account with a private endpoint in the partner's own VNet: its public
    // name is CNAMEd into privatelink.blob.core.windows.net, which our hub links without a record.
    let mut b = crate::build::DesignBuilder::from_design(d.clone());
    let partner = b.vnet("vnet-partner", "canadacentral", &["10.9.0.0/16"]);
    let snet = b.subnet(&partner, "snet-pe", "10.9.1.0/24");
    let account = b.paas("partnerstore", "storage", "canadacentral", "198.18.0.30");
    b.private_endpoint("pe-partnerstore", &snet, "10.9.1.4", &account, "blob");
    d = b.build().unwrap();
    let found = find(&d, Code::PrivatelinkNxdomain);
    assert_eq!(found.len(), 1, "{found:?}");
    let r = crate::dns::resolve(&d, "vm-spoke", "partnerstore.blob.core.windows.net").unwrap();
    assert!(matches!(r.answer, crate::dns::Answer::NxDomain { .. }), "{:?}", r.answer);
    let after = fix_removes(&d, &found[0]);
    let r = crate::dns::resolve(&after, "vm-spoke", "partnerstore.blob.core.windows.net").unwrap();
    assert!(matches!(r.answer, crate::dns::Answer::A { .. }), "fallback to internet answers publicly: {:?}", r.answer);
}

#[test]
fn gallery_traps_fire_where_the_gallery_shows_them() {
    for (slug, code) in [
        ("fw-pe-same-spoke", Code::PeSnatMissing),
        ("fw-pe-single-vnet", Code::PeSnatMissing),
        ("fw-pe-onprem-expressroute", Code::PeSnatMissing),
        ("service-vs-private-endpoint", Code::ServiceEndpointOnPremises),
        ("non-transitive-peering", Code::NonTransitivePeering),
        ("hybrid-dns-wrong-zone", Code::ForwarderWrongZone),
        ("asymmetric-return", Code::AsymmetricStateful),
        ("asymmetric-return", Code::GatewayPropagationBypass),
    ] {
        let found = find(&of(slug), code);
        assert!(!found.is_empty(), "{slug} does not show {}", code.as_str());
        assert!(found.iter().all(|i| i.fix.is_some()), "{slug}: {} without a fix", code.as_str());
    }
}

#[test]
fn the_landing_zone_is_capped_per_detector() {
    let d = of("large-landing-zone");
    let all = insights(&d);
    assert!(find(&d, Code::PeFirewallBypass).len() <= MAX_PER_CODE);
    assert!(all.iter().filter(|i| i.fix.is_some()).count() <= MAX_PROOFS);
}

#[test]
fn a_fix_over_the_budget_is_proved_on_demand() {
    let d = of("seed-lab");
    let unproved = super::find(&d, 0);
    let proved = insights(&d);
    assert_eq!(unproved.len(), proved.len());
    for (u, p) in unproved.iter().zip(&proved) {
        assert!(u.fix.is_none() && u.fixable, "{:?}", u.code);
        assert_eq!(fix_for(&d, u), p.fix, "{:?}", u.code);
    }
}

#[test]
fn the_wrong_zone_warning_says_whether_the_server_follows_cnames() {
    // D-13: Microsoft's advice either way; the outcome depends on followCname.
    let mut d = of("hybrid-dns-wrong-zone");
    let off = &find(&d, Code::ForwarderWrongZone)[0];
    assert!(off.why.contains("followCname off") && off.why.contains("public IP"), "{}", off.why);
    d.sites.iter_mut().flat_map(|s| &mut s.dns_servers).for_each(|s| s.follow_cname = true);
    let on = &find(&d, Code::ForwarderWrongZone)[0];
    assert_eq!(on.severity, Severity::Warning);
    for words in ["works through CNAME following", "departs from Microsoft's guidance", "caching", "does not re-query"]
    {
        assert!(on.why.contains(words), "{words}: {}", on.why);
    }
    fix_removes(&d, on);
}
