//! Frozen schema 2 fixtures (DECISIONS 25): a file holding every type and variant schema 2
//! added must keep decoding to the same design, and be written the same way, forever. Produced
//! once by `to_json` (with `FREEZE_V2=1`, only while the file does not exist) and never
//! regenerated; if a test here fails, add a migration step instead of touching the fixture.

use std::collections::BTreeMap;
use std::net::Ipv4Addr;
use vnet_core::codec::json::{from_json, to_json};
use vnet_core::codec::link::{decode, encode};
use vnet_core::model::*;
use vnet_core::{Document, Id};

const EVERY_VARIANT_V1_JSON: &str = include_str!("fixtures/v1/every-variant.json");
const FIXTURE: &str = "tests/fixtures/v2/every-variant.json";

fn ip(text: &str) -> Ipv4Addr {
    text.parse().expect("a valid IP in the fixture")
}

fn id(text: &str) -> Id {
    Id::from(text)
}

fn meta(azure_id: &str) -> Meta {
    Meta { azure_id: azure_id.into(), external: false, tags: BTreeMap::from([("env".to_string(), "prod".to_string())]) }
}

/// The v1 every-variant design with every schema 2 addition, each with non-default values.
fn every_variant_v2() -> Document {
    let mut doc = from_json(EVERY_VARIANT_V1_JSON).expect("the v1 fixture decodes");
    let d = &mut doc.design;
    d.name = "Every variant (schema 2)".into();
    d.description = "Every type and variant schema 2 added.".into();
    d.vnets[0].meta =
        meta("/subscriptions/0000/resourceGroups/rg-hub/providers/Microsoft.Network/virtualNetworks/vnet-hub");
    d.vnets[1].meta = Meta { external: true, ..Meta::default() };
    d.vms[0].nics[0].secondary_ips = vec![ip("10.1.0.5"), ip("10.1.0.6")];
    if let VmRole::DnsServer(c) = &mut d.vms[4].role {
        c.follow_cname = false;
    }
    d.private_endpoints[0].secondary_ips = vec![ip("10.1.1.8")];
    d.nsgs[0].rules[0].source_asgs = vec![id("asg52")];
    d.nsgs[0].rules[0].destination_asgs = vec![id("asg53")];
    let gw = &mut d.gateways[0];
    gw.connections[0].bgp = Some(false);
    gw.connections[0].next_hops = vec![ip("10.0.0.4")];
    gw.connections[0].learned_prefixes[1].next_hops = vec![ip("10.0.0.5")];
    gw.connections.push(GatewayConnection {
        id: id("cn49"),
        name: "to-ergw".into(),
        peer: ConnectionPeer::Gateway(id("gw24")),
        bgp: Some(true),
        next_hops: vec![],
        learned_prefixes: vec![],
        meta: Meta::default(),
    });
    let server = &mut d.sites[0].dns_servers[0];
    server.follow_cname = false;
    server.zones = vec![OnPremZone {
        name: "corp.contoso.com".into(),
        records: vec![DnsRecord { name: "app".into(), data: RecordData::A { ips: vec![ip("192.168.1.81")] } }],
    }];
    d.load_balancers = vec![
        LoadBalancer {
            id: id("lb50"),
            name: "ilb-nva".into(),
            subnet: id("s5"),
            frontend_ip: ip("10.1.0.100"),
            backends: vec![LbBackend { nic: id("n14"), healthy: true }, LbBackend { nic: id("n15"), healthy: false }],
            rules: vec![
                LbRule { name: "ha-ports".into(), protocol: Protocol::Any, frontend_port: 0, backend_port: 0 },
                LbRule { name: "https".into(), protocol: Protocol::Tcp, frontend_port: 443, backend_port: 8443 },
            ],
            probe: Some(LbProbe { protocol: ProbeProtocol::Http, port: 8080 }),
            meta: meta("/subscriptions/0000/resourceGroups/rg-hub/providers/Microsoft.Network/loadBalancers/ilb-nva"),
        },
        LoadBalancer {
            id: id("lb51"),
            name: "ilb-bare".into(),
            subnet: id("s8"),
            frontend_ip: ip("10.1.1.100"),
            backends: vec![],
            rules: vec![LbRule { name: "dns".into(), protocol: Protocol::Udp, frontend_port: 53, backend_port: 53 }],
            probe: Some(LbProbe { protocol: ProbeProtocol::Tcp, port: 53 }),
            meta: Meta::default(),
        },
    ];
    d.asgs = vec![
        Asg { id: id("asg52"), name: "asg-web".into(), nics: vec![id("n12")], meta: Meta::default() },
        Asg { id: id("asg53"), name: "asg-empty".into(), nics: vec![], meta: meta("") },
    ];
    d.nat_gateways = vec![NatGateway {
        id: id("nat54"),
        name: "natgw".into(),
        public_ips: vec![ip("20.3.0.1"), ip("20.3.0.2")],
        subnets: vec![id("s5")],
        meta: Meta::default(),
    }];
    d.public_dns = vec![
        DnsRecord { name: "www.contoso.com".into(), data: RecordData::A { ips: vec![ip("203.0.113.80")] } },
        DnsRecord {
            name: "mftesting.privatelink.blob.core.windows.net".into(),
            data: RecordData::Cname { target: "blob.ams09prdstr07a.store.core.windows.net".into() },
        },
    ];
    d.service_prefixes =
        BTreeMap::from([("Storage.CanadaCentral".to_string(), vec!["20.38.96.0/19".parse().unwrap()])]);
    let flow = |to: IntentEnd| (IntentEnd::Element { id: id("n12") }, to);
    let (from, to) = flow(IntentEnd::Element { id: id("pe32") });
    d.intents = vec![
        Intent {
            id: id("it55"),
            title: "App reaches the blob".into(),
            check: IntentCheck::Reach { from: from.clone(), to: to.clone(), protocol: Protocol::Tcp, port: 443 },
        },
        Intent {
            id: id("it56"),
            title: "No SSH from the internet".into(),
            check: IntentCheck::Isolate {
                from: IntentEnd::Internet { ip: ip("203.0.113.9") },
                to: IntentEnd::Element { id: id("s5") },
                protocol: Protocol::Tcp,
                port: 22,
            },
        },
        Intent {
            id: id("it57"),
            title: "Through the firewall".into(),
            check: IntentCheck::Through {
                from: from.clone(),
                to: IntentEnd::Element { id: id("op25") },
                protocol: Protocol::Any,
                port: 0,
                device: id("fw19"),
            },
        },
        Intent {
            id: id("it58"),
            title: "Replies come back the same way".into(),
            check: IntentCheck::Symmetric { from: from.clone(), to, protocol: Protocol::Udp, port: 53 },
        },
        Intent {
            id: id("it59"),
            title: "Blob resolves privately".into(),
            check: IntentCheck::Resolves {
                from: from.clone(),
                name: "mftesting.blob.core.windows.net".into(),
                expect: DnsExpectation::PrivateEndpoint,
            },
        },
        Intent {
            id: id("it60"),
            title: "Intranet resolves".into(),
            check: IntentCheck::Resolves {
                from: IntentEnd::Element { id: id("h26") },
                name: "intranet.corp.contoso.com".into(),
                expect: DnsExpectation::Ip { ip: ip("192.168.1.80") },
            },
        },
        Intent {
            id: id("it61"),
            title: "SQL never public".into(),
            check: IntentCheck::Resolves {
                from,
                name: "sqlsrv.database.windows.net".into(),
                expect: DnsExpectation::NotPublic,
            },
        },
    ];
    doc
}

fn fixture() -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(FIXTURE);
    if !path.exists() && std::env::var_os("FREEZE_V2").is_some() {
        std::fs::write(&path, to_json(&every_variant_v2()) + "\n").expect("the fixture is written once");
    }
    std::fs::read_to_string(&path).expect("the frozen v2 fixture exists")
}

#[test]
fn the_v2_every_variant_file_decodes_to_the_same_design() {
    let text = fixture();
    let doc = from_json(&text).expect("the v2 fixture decodes");
    assert_eq!(doc, every_variant_v2());
    assert_eq!(to_json(&doc), text.trim_end(), "written the same way: nothing renamed, nothing reordered");
    assert_eq!(decode(&encode(&doc)), Ok(doc));
}

#[test]
fn the_v2_fixture_covers_every_variant_schema_2_added() {
    let d = every_variant_v2().design;
    let kinds: Vec<_> = d.intents.iter().map(|i| std::mem::discriminant(&i.check)).collect();
    let distinct: std::collections::BTreeSet<_> = kinds.iter().map(|k| format!("{k:?}")).collect();
    assert_eq!(distinct.len(), 5, "every intent kind");
    let expectations: Vec<_> = d
        .intents
        .iter()
        .filter_map(|i| match &i.check {
            IntentCheck::Resolves { expect, .. } => Some(std::mem::discriminant(expect)),
            _ => None,
        })
        .collect();
    assert_eq!(expectations.iter().map(|e| format!("{e:?}")).collect::<std::collections::BTreeSet<_>>().len(), 3);
    let peers: Vec<_> = d.gateways.iter().flat_map(|g| &g.connections).map(|c| &c.peer).collect();
    assert!(peers.iter().any(|p| matches!(p, ConnectionPeer::Site(_))));
    assert!(peers.iter().any(|p| matches!(p, ConnectionPeer::Gateway(_))));
    let probes: std::collections::BTreeSet<_> =
        d.load_balancers.iter().filter_map(|l| l.probe.as_ref()).map(|p| format!("{:?}", p.protocol)).collect();
    assert!(probes.len() >= 2);
    assert!(d.load_balancers.iter().flat_map(|l| &l.rules).any(LbRule::is_ha_ports));
    assert!(d.load_balancers.iter().flat_map(|l| &l.backends).any(|b| !b.healthy));
}
