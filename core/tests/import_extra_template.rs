//! Hybrid, DNS and PaaS resources from a Bicep-compiled ARM template (issue 19 §1): the
//! template interpreter's REST-shaped resources read by the same readers, with the dynamic
//! addresses a template leaves out assumed as Azure assigns them (reported).

use std::net::Ipv4Addr;
use vnet_core::dns::resolve;
use vnet_core::import::{import, parse_file, ImportOptions};
use vnet_core::model::*;

fn ip(s: &str) -> Ipv4Addr {
    s.parse().unwrap()
}

#[test]
fn a_bicep_template_with_gateway_private_endpoint_zone_group_and_resolver_imports() {
    let path = format!("{}/tests/fixtures/import/templates/bicep-hybrid-privatelink.json", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap();
    let imp =
        import(&[parse_file("bicep-hybrid-privatelink.json", &text).unwrap()], &ImportOptions::default()).unwrap();
    let d = &imp.document.design;
    let gw = &d.gateways[0];
    assert_eq!(
        (gw.name.as_str(), gw.instance_ips.clone()),
        ("vpngw-hub", vec![ip("10.0.255.4")]),
        "{}",
        imp.report.to_text()
    );
    let cn = &gw.connections[0];
    let learned: Vec<String> = cn.learned_prefixes.iter().map(|l| l.prefix.to_string()).collect();
    assert_eq!(learned, vec!["192.168.0.0/16", "172.20.0.0/16"], "a parameter array of prefixes");
    let pe = &d.private_endpoints[0];
    assert_eq!(pe.ip, ip("10.0.2.4"));
    let account = d.paas.iter().find(|p| p.name.starts_with("st")).unwrap();
    assert_eq!(pe.target, PeTarget::Paas { resource: account.id.clone(), sub_resource: "blob".into() });
    assert!(!account.public_network_access);
    assert_eq!(pe.dns_zone_group.len(), 1);
    assert_eq!(d.resolvers[0].inbound_endpoints[0].ip, ip("10.0.5.4"));
    let name = format!("{}.blob.core.windows.net", account.name);
    let r = resolve(d, "vm-hub", &name).unwrap();
    assert_eq!(r.answer.ip(), Some(ip("10.0.2.4")), "{:#?}", r.steps);
    assert!(imp.report.skipped.is_empty(), "{:?}", imp.report.skipped);
}
