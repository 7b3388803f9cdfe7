//! Import of hybrid connectivity (issue 19 §1): VPN and ExpressRoute gateways, connections and
//! local network gateways, with what each connection learned from `list-learned-routes` and
//! `list-bgp-peer-status` output (R-8, R-25), or, without it, the report's "learned prefixes
//! unknown". Fixtures: `tests/fixtures/import/hybrid/` (each cites its REST API example).

mod import_mutate;

use std::net::Ipv4Addr;
use vnet_core::import::{import, parse_file, ImportFile, ImportOptions, Imported};
use vnet_core::model::*;
use vnet_core::network::Network;
use vnet_core::routes::{subnet_routes, RouteSource, RouteState};

fn fixture(name: &str) -> ImportFile {
    let path = format!("{}/tests/fixtures/import/hybrid/{name}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    parse_file(name, &text).unwrap()
}

fn run(names: &[&str]) -> Imported {
    let files: Vec<ImportFile> = names.iter().map(|n| fixture(n)).collect();
    import(&files, &ImportOptions::default()).unwrap()
}

fn ip(s: &str) -> Ipv4Addr {
    s.parse().unwrap()
}

fn gateway<'d>(d: &'d Design, name: &str) -> &'d Gateway {
    d.gateways.iter().find(|g| g.name == name).unwrap_or_else(|| panic!("no gateway {name}: {:?}", d.gateways))
}

fn connection<'d>(g: &'d Gateway, name: &str) -> &'d GatewayConnection {
    g.connections.iter().find(|c| c.name == name).unwrap_or_else(|| panic!("no connection {name}"))
}

fn site<'d>(d: &'d Design, name: &str) -> &'d OnPremSite {
    d.sites.iter().find(|s| s.name == name).unwrap_or_else(|| panic!("no site {name}"))
}

fn learned(c: &GatewayConnection) -> Vec<(String, Vec<Ipv4Addr>)> {
    c.learned_prefixes.iter().map(|l| (l.prefix.to_string(), l.next_hops.clone())).collect()
}

/// The gateway rows of a subnet's effective routes: (prefix, next hops, rule).
fn gateway_rows(d: &Design, subnet: &str) -> Vec<(String, Vec<Ipv4Addr>, &'static str)> {
    let net = Network::new(d);
    let s = net.subnets.iter().position(|s| s.subnet.name == subnet && net.vnet_name(s.vnet) == "vnet-hub").unwrap();
    subnet_routes(&net, s)
        .routes
        .into_iter()
        .filter(|r| r.source == RouteSource::VirtualNetworkGateway && r.state == RouteState::Active)
        .map(|r| (r.prefix.to_string(), r.next_hop_ips, r.rule))
        .collect()
}

#[test]
fn an_active_active_bgp_gateway_imports_with_its_instances_public_ip_and_connections() {
    let imp = run(&["hub-vpn.rest.json", "vpngw-hub.learned-routes.az.json", "vpngw-hub.bgp-peers.az.json"]);
    let d = &imp.document.design;
    let hub = gateway(d, "vpngw-hub");
    assert_eq!(hub.kind, GatewayKind::Vpn);
    assert_eq!(hub.sku, "VpnGw2AZ");
    assert!(hub.bgp);
    assert_eq!(hub.instance_ips, vec![ip("10.0.255.4"), ip("10.0.255.5")]);
    assert_eq!(hub.public_ip, Some(ip("52.10.0.1")));
    assert_eq!(d.subnet(&hub.subnet).map(|s| s.name.as_str()), Some("GatewaySubnet"));
    assert!(hub.meta.azure_id.ends_with("/virtualNetworkGateways/vpngw-hub"));
    assert_eq!(hub.meta.tags.get("env").map(String::as_str), Some("prod"));
    // VNet-to-VNet (P-14): each side names the other gateway; the engine derives the prefixes.
    let dr = gateway(d, "vpngw-dr");
    assert_eq!(connection(hub, "cn-hub-to-dr").peer, ConnectionPeer::Gateway(dr.id.clone()));
    assert_eq!(connection(dr, "cn-dr-to-hub").peer, ConnectionPeer::Gateway(hub.id.clone()));
    assert!(connection(hub, "cn-hub-to-dr").learned_prefixes.is_empty());
    assert_eq!(imp.report.counts.get("virtual network gateway"), Some(&2));
    assert_eq!(imp.report.counts.get("gateway connection"), Some(&4));
    assert!(imp.report.skipped.iter().all(|s| !s.kind.contains("learned route")), "{:?}", imp.report.skipped);
    assert!(
        imp.report.skipped.iter().all(|s| !s.kind.contains("publicipaddresses")),
        "public IPs are read as addresses"
    );
}

#[test]
fn learned_routes_give_each_prefix_the_instances_that_learned_it_r25() {
    let imp = run(&["hub-vpn.rest.json", "vpngw-hub.learned-routes.az.json", "vpngw-hub.bgp-peers.az.json"]);
    let d = &imp.document.design;
    let hub = gateway(d, "vpngw-hub");
    // 10.20/16 was learned over EBGP by both instances (the connection's own, written empty);
    // 10.21/16 by the first only: the second holds it over IBGP, which names no next hop.
    let bgp = connection(hub, "cn-branch1");
    assert_eq!(learned(bgp), vec![("10.20.0.0/16".into(), vec![]), ("10.21.0.0/16".into(), vec![ip("10.0.255.4")])]);
    assert_eq!(bgp.next_hops, Vec::<Ipv4Addr>::new(), "both instances have a session with 192.168.10.254");
    // The static branch: its local network gateway's prefixes, found by its public IP.
    let stat = connection(hub, "cn-branch2");
    assert_eq!(learned(stat), vec![("172.16.0.0/16".into(), vec![]), ("172.17.0.0/16".into(), vec![])]);
    assert_eq!(stat.bgp, Some(false), "the gateway runs BGP, this connection does not");
    // Sites: the BGP branch's address space is what it advertised; the static one is routed by hand.
    let b1 = site(d, "lgw-branch1");
    for p in ["10.20.0.0/16", "10.21.0.0/16", "192.168.10.254/32"] {
        assert!(b1.prefixes.contains(&p.parse().unwrap()), "{p} in {:?}", b1.prefixes);
    }
    assert_eq!(b1.router, OnPremRouting::Advertised);
    assert_eq!(site(d, "lgw-branch2").router, OnPremRouting::Static { prefixes: vec!["10.0.0.0/16".parse().unwrap()] });
    assert!(
        imp.report.assumptions.iter().all(|a| !a.text.contains("learned prefixes unknown")),
        "{:?}",
        imp.report.assumptions
    );
    // The engine: the hub's subnets route each prefix to the instances that learned it.
    let rows = gateway_rows(d, "snet-app");
    let row = |p: &str| rows.iter().find(|r| r.0 == p).unwrap_or_else(|| panic!("no gateway row {p} in {rows:?}"));
    assert_eq!(row("10.20.0.0/16").1, vec![ip("10.0.255.4"), ip("10.0.255.5")]);
    assert_eq!(row("10.21.0.0/16").1, vec![ip("10.0.255.4")]);
    assert_eq!(row("172.16.0.0/16").1, vec![ip("10.0.255.4"), ip("10.0.255.5")]);
    assert_eq!(row("10.50.0.0/16").2, "P-14", "the VNet-to-VNet tunnel holds the remote VNet");
    assert!(!rows.iter().any(|r| r.0 == "192.168.10.254/32"), "a BGP peer's /32 adds no route (R-8)");
}

#[test]
fn without_learned_routes_a_bgp_connection_reports_its_prefixes_unknown() {
    let imp = run(&["hub-vpn.rest.json"]);
    let d = &imp.document.design;
    let hub = gateway(d, "vpngw-hub");
    assert!(
        connection(hub, "cn-branch1").learned_prefixes.is_empty(),
        "only the BGP peer's /32, which is no route (R-8)"
    );
    assert_eq!(
        learned(connection(hub, "cn-branch2")),
        vec![("172.16.0.0/16".into(), vec![]), ("172.17.0.0/16".into(), vec![])]
    );
    let unknown: Vec<_> = imp
        .report
        .assumptions
        .iter()
        .filter(|a| a.text.contains("learned prefixes unknown: BGP routes not given"))
        .collect();
    assert_eq!(unknown.len(), 1, "the BGP connection only: {:?}", imp.report.assumptions);
    assert!(unknown[0].subject.ends_with("/connections/cn-branch1"));
    assert!(imp.report.to_text().contains("learned prefixes unknown"));
}

#[test]
fn an_expressroute_gateway_from_az_output_learns_from_the_msees() {
    let imp = run(&["er-hub.az.json", "ergw-hub.learned-routes.az.json"]);
    let d = &imp.document.design;
    let er = gateway(d, "ergw-hub");
    assert_eq!(er.kind, GatewayKind::ExpressRoute);
    assert_eq!(er.sku, "ErGw1AZ");
    assert_eq!(er.instance_ips, vec![ip("10.2.255.12"), ip("10.2.255.13")]);
    let c = connection(er, "cn-er-circuit");
    // The circuit is outside the input: a placeholder site, its prefixes what the MSEEs advertised.
    let s = d.site(c.peer.id()).unwrap();
    assert_eq!(s.name, "erc-amsterdam");
    assert!(s.meta.external);
    assert!(imp.report.placeholders.iter().any(|p| p.name == "erc-amsterdam"), "{:?}", imp.report.placeholders);
    assert_eq!(
        learned(c),
        vec![("192.168.0.0/16".into(), vec![]), ("192.168.100.0/24".into(), vec![ip("10.2.255.12")])]
    );
    assert_eq!(s.prefixes.len(), 2);
    let net = Network::new(d);
    let app = net.subnets.iter().position(|x| x.subnet.name == "snet-app").unwrap();
    let table = subnet_routes(&net, app);
    let r = table.routes.iter().find(|r| r.prefix.to_string() == "192.168.100.0/24").unwrap();
    assert_eq!((r.source, r.next_hop_ips.clone()), (RouteSource::VirtualNetworkGateway, vec![ip("10.2.255.12")]));
    // Without the learned routes the circuit's prefixes are unknown, and the report says so.
    let bare = run(&["er-hub.az.json"]);
    let c = connection(gateway(&bare.document.design, "ergw-hub"), "cn-er-circuit");
    assert!(c.learned_prefixes.is_empty());
    assert!(bare.report.assumptions.iter().any(|a| a.text.contains("learned prefixes unknown: BGP routes not given")));
}

#[test]
fn a_connection_whose_gateway_is_missing_is_skipped_with_why() {
    let mut file = fixture("hub-vpn.rest.json");
    if let Some(items) = file.value.get_mut("value").and_then(|v| v.as_array_mut()) {
        items.retain(|r| r.get("name").and_then(|n| n.as_str()) != Some("vpngw-dr"));
    }
    let imp = import(&[file], &ImportOptions::default()).unwrap();
    let skipped: Vec<_> = imp.report.skipped.iter().filter(|s| s.azure_id.contains("/connections/cn-")).collect();
    assert_eq!(skipped.len(), 2, "{skipped:?}");
    assert!(skipped.iter().any(|s| s.why.contains("remote gateway") && s.azure_id.ends_with("cn-hub-to-dr")));
    assert!(skipped.iter().any(|s| s.why.contains("its gateway") && s.azure_id.ends_with("cn-dr-to-hub")));
}

#[test]
fn imported_hybrid_designs_validate_without_errors() {
    use vnet_core::validate::{validate, Severity};
    for files in [
        &["hub-vpn.rest.json", "vpngw-hub.learned-routes.az.json", "vpngw-hub.bgp-peers.az.json"][..],
        &["er-hub.az.json"][..],
    ] {
        let d = run(files).document.design;
        let errors: Vec<_> = validate(&d).into_iter().filter(|x| x.severity == Severity::Error).collect();
        assert!(errors.is_empty(), "{files:?}: {errors:#?}");
    }
}

#[test]
fn hybrid_import_never_panics_on_mutated_input() {
    let files: Vec<ImportFile> =
        ["hub-vpn.rest.json", "vpngw-hub.learned-routes.az.json", "vpngw-hub.bgp-peers.az.json", "er-hub.az.json"]
            .iter()
            .map(|n| fixture(n))
            .collect();
    assert!(import_mutate::never_panics(&files) > 1000);
}

#[test]
fn a_gateway_without_bgp_settings_gets_the_first_free_gateway_subnet_addresses() {
    let mut file = fixture("hub-vpn.rest.json");
    if let Some(items) = file.value.get_mut("value").and_then(|v| v.as_array_mut()) {
        for item in items.iter_mut().filter(|i| i.get("name").and_then(|n| n.as_str()) == Some("vpngw-hub")) {
            if let Some(p) = item.get_mut("properties").and_then(|p| p.as_object_mut()) {
                p.remove("bgpSettings");
            }
        }
    }
    let imp = import(&[file], &ImportOptions::default()).unwrap();
    assert_eq!(
        gateway(&imp.document.design, "vpngw-hub").instance_ips,
        vec![ip("10.0.255.4"), ip("10.0.255.5")],
        "active-active: two"
    );
    assert!(
        imp.report.assumptions.iter().any(|a| a.text.contains("instance IPs not given")),
        "{:?}",
        imp.report.assumptions
    );
}

#[test]
fn the_az_shaped_export_of_the_same_resources_imports_to_the_same_design() {
    let rest = run(&["hub-vpn.rest.json", "vpngw-hub.learned-routes.az.json", "vpngw-hub.bgp-peers.az.json"]);
    let az = run(&["hub-vpn.az.json", "vpngw-hub.learned-routes.az.json", "vpngw-hub.bgp-peers.az.json"]);
    assert_eq!(
        serde_json::to_value(&az.document.design).unwrap(),
        serde_json::to_value(&rest.document.design).unwrap()
    );
    assert_eq!(az.report.counts, rest.report.counts);
}

#[test]
fn the_rest_examples_verbatim_import_and_report_what_is_not_modelled() {
    let imp = run(&["spec-examples.rest.json"]);
    let d = &imp.document.design;
    let gw = gateway(d, "vpngw");
    assert_eq!((gw.sku.as_str(), gw.bgp, gw.instance_ips.clone()), ("VpnGw1", false, vec![ip("10.3.1.254")]));
    assert_eq!(gw.public_ip, None, "gwpip is not in the input");
    let c = connection(gw, "connS2S");
    assert_eq!(learned(c), vec![("10.1.0.0/16".into(), vec![])]);
    assert_eq!(site(d, "localgw").prefixes, vec!["10.1.0.0/16".parse().unwrap()]);
    let parts: Vec<&str> = imp.report.skipped.iter().map(|s| s.kind.as_str()).collect();
    for k in ["natRules", "ingressNatRules", "egressNatRules"] {
        assert!(parts.contains(&k), "{k} reported: {:?}", imp.report.skipped);
    }
    assert!(!parts.contains(&"point-to-site configuration"), "no address pool, no clients");
}

#[test]
fn a_circuit_in_the_input_is_the_expressroute_site_itself() {
    let mut file = fixture("er-hub.az.json");
    let circuit = serde_json::json!({
        "id": "/subscriptions/33333333-3333-3333-3333-333333333333/resourceGroups/rg-connectivity/providers/Microsoft.Network/expressRouteCircuits/erc-amsterdam",
        "name": "erc-amsterdam", "type": "Microsoft.Network/expressRouteCircuits", "location": "westeurope",
        "sku": {"name": "Standard_MeteredData", "tier": "Standard", "family": "MeteredData"},
        "serviceProviderProperties": {"serviceProviderName": "Equinix", "peeringLocation": "Amsterdam", "bandwidthInMbps": 1000},
        "circuitProvisioningState": "Enabled", "serviceProviderProvisioningState": "Provisioned", "tags": {"owner": "network-team"}
    });
    if let Some(items) = file.value.get_mut("value").and_then(|v| v.as_array_mut()) {
        items.push(circuit);
    }
    let imp = import(&[file, fixture("ergw-hub.learned-routes.az.json")], &ImportOptions::default()).unwrap();
    let d = &imp.document.design;
    let c = connection(gateway(d, "ergw-hub"), "cn-er-circuit");
    let s = d.site(c.peer.id()).unwrap();
    assert_eq!((s.name.as_str(), s.meta.external), ("erc-amsterdam", false));
    assert_eq!(s.meta.tags.get("owner").map(String::as_str), Some("network-team"));
    assert!(imp.report.placeholders.is_empty(), "{:?}", imp.report.placeholders);
    assert!(imp.report.skipped.iter().all(|x| !x.kind.contains("expressroutecircuits")), "{:?}", imp.report.skipped);
    assert_eq!(imp.report.counts.get("on-premises site"), Some(&1));
}

#[test]
fn advertised_routes_given_by_mistake_are_reported_not_learned() {
    let advertised = serde_json::json!({"value": [
        {"asPath": "65515", "localAddress": "10.0.255.4", "network": "10.0.0.0/16", "nextHop": "10.0.255.4", "origin": "Igp", "sourcePeer": null, "weight": 0}
    ]});
    let files = vec![fixture("hub-vpn.rest.json"), ImportFile { name: "advertised.json".into(), value: advertised }];
    let imp = import(&files, &ImportOptions::default()).unwrap();
    let hub = gateway(&imp.document.design, "vpngw-hub");
    assert!(connection(hub, "cn-branch1").learned_prefixes.is_empty());
    assert!(imp.report.skipped.iter().any(|s| s.why.contains("an advertised route")), "{:?}", imp.report.skipped);
    assert!(
        imp.report.assumptions.iter().any(|a| a.text.contains("learned prefixes unknown")),
        "no learned routes were given"
    );
}

#[test]
fn routes_learned_over_custom_apipa_bgp_addresses_name_the_instances_r25() {
    let mut file = fixture("hub-vpn.rest.json");
    if let Some(items) = file.value.get_mut("value").and_then(|v| v.as_array_mut()) {
        for item in items.iter_mut() {
            match item.get("name").and_then(|n| n.as_str()) {
                Some("vpngw-hub") => {
                    let peers = &mut item["properties"]["bgpSettings"]["bgpPeeringAddresses"];
                    peers[0]["customBgpIpAddresses"] = serde_json::json!(["169.254.21.2"]);
                    peers[1]["customBgpIpAddresses"] = serde_json::json!(["169.254.22.2"]);
                }
                Some("lgw-branch1") => {
                    item["properties"]["localNetworkAddressSpace"]["addressPrefixes"] =
                        serde_json::json!(["169.254.21.1/32"]);
                    item["properties"]["bgpSettings"]["bgpPeeringAddress"] = serde_json::json!("169.254.21.1");
                }
                _ => {}
            }
        }
    }
    let row = |local: &str, net: &str| serde_json::json!({"asPath": "65010", "localAddress": local, "network": net, "nextHop": "169.254.21.1", "origin": "EBgp", "sourcePeer": "169.254.21.1", "weight": 32768});
    let routes = serde_json::json!({"value": [row("169.254.21.2", "10.20.0.0/16"), row("169.254.22.2", "10.20.0.0/16"), row("169.254.21.2", "10.21.0.0/16")]});
    let files = vec![file, ImportFile { name: "learned.json".into(), value: routes }];
    let imp = import(&files, &ImportOptions::default()).unwrap();
    let hub = gateway(&imp.document.design, "vpngw-hub");
    assert_eq!(hub.instance_ips, vec![ip("10.0.255.4"), ip("10.0.255.5")], "APIPA addresses are not instance IPs");
    assert_eq!(
        learned(connection(hub, "cn-branch1")),
        vec![("10.20.0.0/16".into(), vec![]), ("10.21.0.0/16".into(), vec![ip("10.0.255.4")])]
    );
}
