//! Issue 19 §3: one hub-and-spoke landing zone (hub VNet with AzureFirewallSubnet, an Azure
//! Firewall with a policy and a rule collection group, two spokes peered both ways, a route table
//! sending the spokes' default route to the firewall, an NSG, two VMs), exported from Azure in
//! two shapes — Resource Graph (`arg.json`) and `az … list -o json` files (`az/`) — imports to the
//! same design, and the engine answers on it as AZURE.md says.

use std::fs;
use std::net::Ipv4Addr;
use std::path::Path;
use vnet_core::import::{import, parse_file, ImportFile, ImportOptions, Imported};
use vnet_core::model::{FirewallRules, FlowSource, NextHopType, Protocol};
use vnet_core::trace::{Engine, Flow, Outcome, Place};
use vnet_core::validate::{validate, Severity};

fn dir() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import/hub-spoke")
}

fn read(path: &Path) -> ImportFile {
    let text = fs::read_to_string(path).expect("fixture");
    parse_file(&path.display().to_string(), &text).expect("fixture parses")
}

fn from_arg() -> Imported {
    import(&[read(&dir().join("arg.json"))], &ImportOptions::default()).expect("imports")
}

fn from_az() -> Imported {
    let mut paths: Vec<_> = fs::read_dir(dir().join("az")).expect("az dir").flatten().map(|e| e.path()).collect();
    paths.sort();
    let files: Vec<ImportFile> = paths.iter().map(|p| read(p)).collect();
    import(&files, &ImportOptions::default()).expect("imports")
}

#[test]
fn resource_graph_and_az_shapes_import_to_the_same_design() {
    let (arg, az) = (from_arg(), from_az());
    assert_eq!(arg.document, az.document);
    assert_eq!(arg.report.counts, az.report.counts);
}

#[test]
fn the_imported_design_has_azures_names_prefixes_and_flags() {
    let imported = from_arg();
    let d = &imported.document.design;
    let names: Vec<&str> = d.vnets.iter().map(|v| v.name.as_str()).collect();
    assert_eq!(names, ["vnet-hub", "vnet-spoke1", "vnet-spoke2"]);
    assert_eq!(d.name, "rg-network (imported)", "named after its resource group");
    assert_eq!(d.vnets[0].address_space, vec!["10.0.0.0/16".parse().unwrap()]);
    assert_eq!(d.vnets[0].region, "westeurope");
    assert_eq!(d.vnets[0].meta.tags.get("env").map(String::as_str), Some("prod"));
    assert!(d.vnets[0].meta.azure_id.ends_with("/virtualNetworks/vnet-hub"));
    assert_eq!(d.subnets.len(), 4);
    // P-2: four links, two per peering, all with forwarded traffic allowed (P-5).
    assert_eq!(d.peerings.len(), 4);
    assert!(d
        .peerings
        .iter()
        .all(|p| p.allow_virtual_network_access && p.allow_forwarded_traffic && !p.use_remote_gateways));
    let rt = &d.route_tables[0];
    assert!(rt.disable_bgp_route_propagation);
    assert_eq!(rt.routes[0].next_hop_type, NextHopType::VirtualAppliance);
    assert_eq!(rt.routes[0].next_hop_ip, Some(Ipv4Addr::new(10, 0, 1, 4)));
    let spokes_with_table = d.subnets.iter().filter(|s| s.route_table.as_ref() == Some(&rt.id)).count();
    assert_eq!(spokes_with_table, 2);
    let fw = &d.firewalls[0];
    assert_eq!(fw.private_ip, Ipv4Addr::new(10, 0, 1, 4));
    assert_eq!(fw.public_ip, Some(Ipv4Addr::new(20, 61, 10, 5)));
    assert!(fw.dns_proxy, "the policy's dnsSettings.enableProxy");
    assert_eq!(d.subnet(&fw.subnet).map(|s| s.name.as_str()), Some("AzureFirewallSubnet"));
    let group = &fw.rule_collection_groups[0];
    assert_eq!((group.name.as_str(), group.priority), ("rcg-spokes", 200));
    assert!(matches!(&group.collections[0].rules, FirewallRules::Network { rules, .. } if rules[0].ports.len() == 2));
    assert!(matches!(&group.collections[1].rules, FirewallRules::Application { .. }));
    let nsg = &d.nsgs[0];
    assert_eq!(nsg.rules.iter().map(|r| r.priority).collect::<Vec<_>>(), [100, 200]);
    assert_eq!(d.vms.iter().map(|v| v.name.as_str()).collect::<Vec<_>>(), ["vm-app1", "vm-app2"]);
    assert_eq!(d.vms[0].nics[0].ip, Ipv4Addr::new(10, 1, 1, 4));
    // Never a silent drop: everything was read, nothing made up.
    assert!(imported.report.skipped.is_empty(), "{:?}", imported.report.skipped);
    assert!(imported.report.placeholders.is_empty());
    let errors: Vec<_> = validate(d).into_iter().filter(|x| x.severity == Severity::Error).collect();
    assert!(errors.is_empty(), "{errors:?}");
}

fn flow(d: &vnet_core::Design, from_vm: &str, to: Ipv4Addr, port: u16) -> Flow {
    let nic = d.vms.iter().find(|v| v.name == from_vm).map(|v| v.nics[0].id.clone()).expect("vm");
    Flow { from: FlowSource::Nic { id: nic }, to, protocol: Protocol::Tcp, port, host: None }
}

#[test]
fn spoke_to_spoke_goes_through_the_imported_firewall() {
    for imported in [from_arg(), from_az()] {
        let d = &imported.document.design;
        let engine = Engine::new(d);
        // the spoke's 0.0.0.0/0 UDR sends it to the firewall; F-2: the network rule
        // allows 443 between the spokes; N-2: nsg-app1 allows 443 from spoke 2.
        let t = engine.trace(&flow(d, "vm-app2", Ipv4Addr::new(10, 1, 1, 4), 443)).expect("traces");
        assert_eq!(t.outcome, Outcome::Delivered, "{t:#?}");
        let places: Vec<&Place> = t.forward.hops.iter().map(|h| &h.place).collect();
        assert!(places.iter().any(|p| matches!(p, Place::Firewall { name, .. } if name == "fw-hub")), "{places:?}");
        // 3389 is in no rule collection: the firewall denies it (F-2).
        let t = engine.trace(&flow(d, "vm-app2", Ipv4Addr::new(10, 1, 1, 4), 3389)).expect("traces");
        assert!(matches!(&t.outcome, Outcome::Dropped { at: Place::Firewall { .. }, .. }), "{:?}", t.outcome);
    }
}
