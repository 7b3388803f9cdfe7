//! Every gallery entry builds, has a stable URL-safe slug and lays out within the stored range;
//! the generated landing zone has exactly the counts of DECISIONS 21. That every entry validates
//! without errors and fits a share link is tested by `validate` and `codec::link`: the gallery is
//! the fixture the other modules' tests use, so it depends on none of them.

use super::*;
use std::collections::HashSet;

fn build(e: &Entry) -> Design {
    (e.build)().unwrap_or_else(|err| panic!("{}: {err}", e.slug))
}

#[test]
fn every_gallery_design_builds() {
    for e in ENTRIES {
        let d = build(e);
        assert!(!d.vnets.is_empty(), "{}", e.slug);
        assert!(!d.name.is_empty(), "{}", e.slug);
    }
}

#[test]
fn slugs_are_unique_url_safe_and_entries_are_described() {
    let mut seen = HashSet::new();
    for e in ENTRIES {
        assert!(seen.insert(e.slug), "{} twice", e.slug);
        assert!(
            !e.slug.is_empty()
                && e.slug.bytes().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == b'-')
                && !e.slug.starts_with('-')
                && !e.slug.ends_with('-'),
            "{} is not a URL-safe slug",
            e.slug
        );
        assert!(!e.title.is_empty() && !e.description.is_empty(), "{}", e.slug);
        assert!(e.description.ends_with('.') && !e.description.contains('\n'), "{}: one line", e.slug);
        assert_eq!(entry(e.slug).map(|found| found.title), Some(e.title));
    }
    assert!(entry("no-such-design").is_none());
    assert!(document("no-such-design").is_none());
}

#[test]
fn gallery_designs_are_deterministic() {
    for e in ENTRIES {
        assert_eq!(build(e), build(e), "{}", e.slug);
    }
}

#[test]
fn seed_lab_matches_the_prose() {
    let d = seed_lab().unwrap();
    assert_eq!(d.vnets.len(), 2);
    assert_eq!(d.subnets.len(), 4);
    assert_eq!(d.peerings.len(), 2);
    assert_eq!(d.private_endpoints[0].ip.to_string(), "10.1.1.4");
    let rt = &d.route_tables[0];
    assert_eq!(rt.routes.len(), 2);
    assert_eq!(d.vnets[1].dns_servers[0].to_string(), "10.0.2.4");
    assert_eq!(d.dns_zones[0].links.len(), 1);
    assert!(d.questions.is_empty() && d.traffic.is_empty());
    let asked = seed_lab_asked().unwrap();
    assert_eq!(asked.vnets, d.vnets, "the gallery's seed lab is the frozen one with questions");
    let titles: Vec<&str> = asked.questions.iter().map(|q| q.title.as_str()).collect();
    assert_eq!(
        titles,
        [
            "vm-spoke → pe-mftesting-blob: HTTPS (TCP 443)",
            "vm-spoke → pe-mftesting-blob: ping (ICMP)",
            "vm-spoke resolves mftesting.blob.core.windows.net"
        ]
    );
}

#[test]
fn firewall_patterns_differ_only_in_snat() {
    let snat_of = |slug: &str| {
        let d = build(entry(slug).unwrap());
        let fw = &d.firewalls[0];
        let app_rules = fw
            .rule_collection_groups
            .iter()
            .flat_map(|g| &g.collections)
            .any(|c| matches!(c.rules, FirewallRules::Application { .. }));
        (fw.snat_private_ranges.clone(), app_rules)
    };
    let iana = vec![SnatRange::Token(SnatToken::IanaPrivateRanges)];
    let always = vec![SnatRange::Prefix("255.255.255.255/32".parse().unwrap())];
    for base in ["fw-pe-dedicated-vnet", "fw-pe-same-spoke", "fw-pe-single-vnet", "fw-pe-onprem-expressroute"] {
        assert_eq!(snat_of(base), (iana.clone(), false), "{base}");
    }
    assert_eq!(snat_of("fw-pe-dedicated-vnet-snat"), (iana.clone(), true));
    assert_eq!(snat_of("fw-pe-same-spoke-snat"), (iana, true));
    assert_eq!(snat_of("fw-pe-single-vnet-snat"), (always.clone(), false));
    assert_eq!(snat_of("fw-pe-onprem-expressroute-snat"), (always, false));
}

#[test]
fn service_endpoint_design_reproduces_the_seed_cost_traffic() {
    let d = build(entry("service-vs-private-endpoint").unwrap());
    let pe = &d.private_endpoints[0].id;
    let through_pe: Vec<_> = d.traffic.iter().filter(|t| &t.to == pe).collect();
    assert_eq!(through_pe.len(), 1);
    assert_eq!((through_pe[0].gb_per_month, through_pe[0].gb_per_month_back), (102_400, 102_400));
    assert_eq!(d.private_endpoints.len(), 1);
    assert!(d.vnets.iter().all(|v| v.region == "canadacentral"));
    assert_eq!(d.subnets.iter().filter(|s| !s.service_endpoints.is_empty()).count(), 1);
}

/// `(count, what)` pairs of DECISIONS 21 for `n` spokes.
fn counts(d: &Design) -> Vec<(usize, &'static str)> {
    let fw = &d.firewalls[0];
    let rules = |app: bool| {
        fw.rule_collection_groups
            .iter()
            .flat_map(|g| &g.collections)
            .map(|c| match (&c.rules, app) {
                (FirewallRules::Network { rules, .. }, false) => rules.len(),
                (FirewallRules::Application { rules, .. }, true) => rules.len(),
                _ => 0,
            })
            .sum::<usize>()
    };
    let spokes: Vec<_> = d.vnets.iter().filter(|v| v.name.starts_with("vnet-spoke-")).collect();
    let inbound_ip = d.resolvers[0].inbound_endpoints[0].ip;
    vec![
        (d.vnets.len(), "vnets"),
        (spokes.len(), "spokes"),
        (spokes.iter().filter(|s| d.subnets_of(&s.id).count() == 4).count(), "spokes with 4 subnets"),
        (d.subnets.len(), "subnets"),
        (d.vms.len(), "VMs"),
        (d.private_endpoints.len(), "private endpoints"),
        (d.route_tables.len(), "route tables"),
        (d.route_tables.iter().filter(|t| t.disable_bgp_route_propagation && t.routes.len() == 2).count(), "tables"),
        (d.peerings.len(), "peering links"),
        (d.peerings.iter().filter(|p| p.allow_gateway_transit).count(), "hub links with transit"),
        (d.peerings.iter().filter(|p| p.use_remote_gateways).count(), "spoke links using the gateway"),
        (rules(false), "network rules"),
        (rules(true), "application rules"),
        (
            d.gateways.iter().map(|g| g.connections.iter().map(|c| c.learned_prefixes.len()).sum::<usize>()).sum(),
            "learned",
        ),
        (d.resolvers.len(), "resolvers"),
        (d.resolvers[0].inbound_endpoints.len() + d.resolvers[0].outbound_endpoints.len(), "resolver endpoints"),
        (d.rulesets.len(), "rulesets"),
        (spokes.iter().filter(|s| s.dns_servers == [inbound_ip]).count(), "spokes using the resolver"),
        (d.dns_zones.iter().filter(|z| z.links.len() == 1 && z.links[0].vnet == d.vnets[0].id).count(), "zones"),
        (d.dns_zones.iter().map(|z| z.records.len()).sum(), "stored records"),
        (d.private_endpoints.iter().map(|p| p.dns_zone_group.len()).sum(), "zone group records (D-10)"),
    ]
}

#[test]
fn generated_has_the_counts_of_decisions_21() {
    let d = generated(10).unwrap();
    let expected = vec![
        (11, "vnets"),
        (10, "spokes"),
        (10, "spokes with 4 subnets"),
        (44, "subnets"),
        (40, "VMs"),
        (20, "private endpoints"),
        (20, "route tables"),
        (20, "tables"),
        (20, "peering links"),
        (10, "hub links with transit"),
        (10, "spoke links using the gateway"),
        (10, "network rules"),
        (5, "application rules"),
        (20, "learned"),
        (1, "resolvers"),
        (2, "resolver endpoints"),
        (1, "rulesets"),
        (10, "spokes using the resolver"),
        (2, "zones"),
        (0, "stored records"),
        (20, "zone group records (D-10)"),
    ];
    assert_eq!(counts(&d), expected);
    assert!(d.subnets_of(&d.vnets[1].id).any(|s| s.name == "snet-spare"));
    let spare_used = d.nics().any(|(_, n)| d.subnet(&n.subnet).is_some_and(|s| s.name == "snet-spare"));
    assert!(!spare_used, "the spare subnet stays empty");
}

#[test]
fn generated_addresses_scale_without_overlap() {
    let d = generated(MAX_SPOKES).unwrap();
    let last = d.vnets.last().unwrap();
    assert_eq!(last.name, "vnet-spoke-8192");
    assert_eq!(last.address_space[0].to_string(), "10.255.252.0/22");
    assert!(generated(MAX_SPOKES + 1).is_err());
    assert_eq!(generated(0).map(|d| d.vnets.len()), Ok(1));
}

#[test]
fn every_gallery_layout_lies_in_the_stored_range() {
    // `layout::MAX_COORD` and `MAX_SIZE` are far beyond what the studio draws: every gallery
    // design's automatic layout, the 1,000-spoke landing zone's included, fits well within them.
    use crate::layout::{auto_layout, MAX_COORD, MAX_SIZE};
    let designs = ENTRIES.iter().map(build).chain([generated(1000).unwrap()]);
    for d in designs {
        let layout = auto_layout(&d, &Layout::default());
        for (id, r) in &layout.rects {
            assert!(r.x.abs().max(r.y.abs()).max(r.right().abs()).max(r.bottom().abs()) <= MAX_COORD / 4, "{id} {r:?}");
            assert!(r.w.max(r.h) <= MAX_SIZE / 4 && r.w > 0 && r.h > 0, "{id} {r:?}");
        }
    }
}
