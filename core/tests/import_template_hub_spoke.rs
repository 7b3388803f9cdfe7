//! Issue 19 §3: the hub-and-spoke landing zone of `hub-spoke/arg.json`, in its third shape — an
//! ARM template as `az bicep build` writes it (a module scoped to the landing zone's resource
//! group, references as `resourceId()`, the spokes' default route taking the firewall's IP from
//! `reference()`) — imports to the same design as the Resource Graph export, and the engine
//! traces through the imported firewall.

use std::fs;
use std::net::Ipv4Addr;
use std::path::Path;
use vnet_core::import::{import, parse_file, ImportFile, ImportOptions, Imported};
use vnet_core::model::{FlowSource, NextHopType, Protocol};
use vnet_core::trace::{Engine, Flow, Outcome, Place};

fn read(rel: &str) -> ImportFile {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import").join(rel);
    let text = fs::read_to_string(&path).expect("fixture");
    parse_file(rel, &text).expect("fixture parses")
}

fn from(rel: &str) -> Imported {
    import(&[read(rel)], &ImportOptions::default()).expect("imports")
}

#[test]
fn the_template_imports_to_the_resource_graph_design() {
    let (arg, template) = (from("hub-spoke/arg.json"), from("templates/hub-spoke-landing-zone.json"));
    assert_eq!(template.document, arg.document);
    assert_eq!(template.report.counts, arg.report.counts);
    assert!(template.report.skipped.is_empty(), "{:?}", template.report.skipped);
}

#[test]
fn the_route_to_the_firewall_is_resolved_from_reference_and_reported() {
    let imported = from("templates/hub-spoke-landing-zone.json");
    let d = &imported.document.design;
    let route = &d.route_tables[0].routes[0];
    assert_eq!(route.next_hop_type, NextHopType::VirtualAppliance);
    assert_eq!(route.next_hop_ip, Some(Ipv4Addr::new(10, 0, 1, 4)), "the firewall's private IP");
    // The template note names the expression and the firewall; the import says what it did.
    let notes = &imported.report.template_notes;
    assert!(
        notes.iter().any(|n| n.path.ends_with("routes[0].properties.nextHopIpAddress")
            && n.message.contains("/azureFirewalls/fw-hub")),
        "{notes:#?}"
    );
    let text = imported.report.to_text();
    assert!(text.contains("fw-hub"), "{text}");
}

#[test]
fn a_flow_between_the_spokes_crosses_the_imported_firewall() {
    let imported = from("templates/hub-spoke-landing-zone.json");
    let d = &imported.document.design;
    let nic = d.vms.iter().find(|v| v.name == "vm-app2").map(|v| v.nics[0].id.clone()).expect("vm-app2");
    let flow = Flow {
        from: FlowSource::Nic { id: nic },
        to: Ipv4Addr::new(10, 1, 1, 4),
        protocol: Protocol::Tcp,
        port: 443,
        host: None,
    };
    // the UDR to the firewall; F-2: its network rule allows 443; N-2: the NSG too.
    let t = Engine::new(d).trace(&flow).expect("traces");
    assert_eq!(t.outcome, Outcome::Delivered, "{t:#?}");
    assert!(t.forward.hops.iter().any(|h| matches!(&h.place, Place::Firewall { name, .. } if name == "fw-hub")));
}
