//! Frozen fixtures: files and links written by earlier builds must keep decoding, to the same
//! design, forever (STYLE: Excalidraw's restore tests, Mermaid's versioned links).
//!
//! The files under `fixtures/v1/` were produced once, by `to_json` and `encode` of schema 1 with
//! link format 1, and are never regenerated. If one of these tests fails, the model or the codec
//! changed in a way that breaks old files or links: add a migration step (`codec::migrate`) or a
//! link-format branch (`codec::link`) instead of touching the fixture. When the schema moves to 2,
//! add `fixtures/v2/` next to these and keep every test below. Schema 2's own fixtures are in
//! `codec_fixtures_v2.rs`.

use ipnet::Ipv4Net;
use std::collections::BTreeMap;
use std::net::Ipv4Addr;
use vnet_core::codec::json::{from_json, to_json};
use vnet_core::codec::link::{decode, encode};
use vnet_core::gallery;
use vnet_core::layout::{Layout, Rect};
use vnet_core::model::*;
use vnet_core::{Document, Id};

const SEED_LAB_V1_JSON: &str = include_str!("fixtures/v1/seed-lab.json");
const SEED_LAB_V1_LINK: &str = include_str!("fixtures/v1/seed-lab.link");
const EVERY_VARIANT_V1_JSON: &str = include_str!("fixtures/v1/every-variant.json");

/// The gallery's seed lab without the saved questions it gained after the v1 files were frozen
/// (issue 20 §5: `gallery::seed_lab_asked`).
fn seed_lab() -> Document {
    let mut doc = gallery::document("seed-lab").expect("the gallery has the seed lab").expect("the seed lab builds");
    doc.design.questions.clear();
    doc
}

/// The seed lab as schema 1 wrote it: the current one plus the A record its zone group writes,
/// which the first edition stored in the zone and the second derives (D-10, DECISIONS 25). A v1
/// file keeps that stored record; validation reports it as owned by the zone group.
fn seed_lab_v1() -> Document {
    let mut doc = seed_lab();
    let record = DnsRecord { name: "mftesting".into(), data: RecordData::A { ips: vec!["10.1.1.4".parse().unwrap()] } };
    doc.design.dns_zones[0].records.push(record);
    doc
}

#[test]
fn the_v1_seed_lab_file_decodes_to_the_current_seed_lab() {
    assert_eq!(from_json(SEED_LAB_V1_JSON), Ok(seed_lab_v1()));
}

#[test]
fn the_v1_seed_lab_link_decodes_to_the_current_seed_lab() {
    assert_eq!(decode(SEED_LAB_V1_LINK.trim()), Ok(seed_lab_v1()));
    assert_eq!(decode(&format!("#{}", SEED_LAB_V1_LINK.trim())), Ok(seed_lab_v1()));
}

#[test]
fn the_v1_every_variant_file_decodes_to_the_same_design() {
    let doc = from_json(EVERY_VARIANT_V1_JSON).expect("the v1 fixture decodes");
    assert_eq!(doc, every_variant());
    // Still written the same way: nothing renamed, nothing reordered; schema 2 is additive
    // (DECISIONS 25), so only the stamp differs.
    let restamped = EVERY_VARIANT_V1_JSON.trim_end().replacen("\"schema\": 1,", "\"schema\": 2,", 1);
    assert_eq!(to_json(&doc), restamped);
    assert_eq!(decode(&encode(&doc)), Ok(doc));
}

#[test]
fn the_every_variant_design_covers_every_variant() {
    let d = every_variant().design;
    let roles: Vec<_> = d.vms.iter().map(|vm| &vm.role).collect();
    assert!(roles.iter().any(|r| matches!(r, VmRole::Plain)));
    assert!(roles.iter().any(|r| matches!(r, VmRole::DnsServer(_))));
    for snat in [NvaSnat::Off, NvaSnat::NicIp] {
        assert!(roles.iter().any(|r| matches!(r, VmRole::Nva(c) if c.snat == snat)));
    }
    assert!(roles.iter().any(|r| matches!(r, VmRole::Nva(c) if matches!(c.snat, NvaSnat::Address { .. }))));
    let rules: Vec<_> = d
        .firewalls
        .iter()
        .flat_map(|f| &f.rule_collection_groups)
        .flat_map(|g| &g.collections)
        .map(|c| &c.rules)
        .collect();
    assert!(rules.iter().any(|r| matches!(r, FirewallRules::Network { .. })));
    assert!(rules.iter().any(|r| matches!(r, FirewallRules::Application { .. })));
    assert!(rules.iter().any(|r| matches!(r, FirewallRules::Dnat { .. })));
    let asks: Vec<_> = d.questions.iter().map(|q| &q.ask).collect();
    for source in ["nic", "host", "internet"] {
        assert!(asks.iter().any(|a| match a {
            Ask::Trace { from, .. } => match from {
                FlowSource::Nic { .. } => source == "nic",
                FlowSource::Host { .. } => source == "host",
                FlowSource::Internet { .. } => source == "internet",
            },
            _ => false,
        }));
    }
    assert!(asks.iter().any(|a| matches!(a, Ask::Resolve { .. })));
    assert!(asks.iter().any(|a| matches!(a, Ask::Connect { .. })));
    let targets: Vec<_> = d.private_endpoints.iter().map(|p| &p.target).collect();
    assert!(targets.iter().any(|t| matches!(t, PeTarget::Paas { .. })));
    assert!(targets.iter().any(|t| matches!(t, PeTarget::PrivateLinkService { .. })));
    let records: Vec<_> = d.dns_zones.iter().flat_map(|z| &z.records).map(|r| &r.data).collect();
    assert!(records.iter().any(|r| matches!(r, RecordData::A { .. })));
    assert!(records.iter().any(|r| matches!(r, RecordData::Cname { .. })));
    assert!(d.sites.iter().any(|s| s.router == OnPremRouting::Advertised));
    assert!(d.sites.iter().any(|s| matches!(s.router, OnPremRouting::Static { .. })));
    let hops: std::collections::BTreeSet<_> =
        d.route_tables.iter().flat_map(|t| &t.routes).map(|r| r.next_hop_type).collect();
    assert_eq!(hops.len(), 9, "every next hop type");
}

fn ip(text: &str) -> Ipv4Addr {
    text.parse().expect("a valid IP in the fixture")
}

fn net(text: &str) -> Ipv4Net {
    text.parse().expect("a valid prefix in the fixture")
}

fn any_of(text: &str) -> AddressMatch {
    text.parse().expect("a valid address match in the fixture")
}

fn ports(text: &str) -> PortRange {
    text.parse().expect("a valid port range in the fixture")
}

fn target(text: &str) -> DnsTarget {
    text.parse().expect("a valid DNS target in the fixture")
}

fn id(text: &str) -> Id {
    Id::from(text)
}

/// One design holding every model type and every enum variant, with non-default values for the
/// fields that are omitted when default. Frozen as `fixtures/v1/every-variant.json`.
fn every_variant() -> Document {
    let mut tags = BTreeMap::new();
    tags.insert("disableSnatOnPL".to_string(), "true".to_string());
    tags.insert("owner".to_string(), "net \"team\" ✓".to_string());
    let nva_rule = |name: &str, action, protocol| NvaRule {
        name: name.into(),
        action,
        protocol,
        source: any_of("10.1.0.0/16"),
        destination: any_of("*"),
        ports: ports("*"),
    };
    let hops = [
        ("local", NextHopType::VnetLocal, None),
        ("internet", NextHopType::Internet, None),
        ("blackhole", NextHopType::None, None),
        ("to-fw", NextHopType::VirtualAppliance, Some(ip("10.0.1.4"))),
        ("to-gw", NextHopType::VirtualNetworkGateway, None),
        ("peering", NextHopType::VNetPeering, None),
        ("global-peering", NextHopType::VNetGlobalPeering, None),
        ("service-endpoint", NextHopType::VirtualNetworkServiceEndpoint, None),
        ("interface-endpoint", NextHopType::InterfaceEndpoint, None),
    ];
    let design = Design {
        service_prefixes: Default::default(),
        load_balancers: Default::default(),
        nat_gateways: Default::default(),
        public_dns: Default::default(),
        asgs: Default::default(),
        description: Default::default(),
        intents: Default::default(),
        name: "Every variant (schema 1)".into(),
        vnets: vec![
            Vnet {
                meta: Default::default(),
                id: id("v1"),
                name: "vnet-hub".into(),
                region: "canadacentral".into(),
                address_space: vec![net("10.0.0.0/16"), net("10.100.0.0/24")],
                dns_servers: vec![],
            },
            Vnet {
                meta: Default::default(),
                id: id("v2"),
                name: "vnet-spoke".into(),
                region: "canadaeast".into(),
                address_space: vec![net("10.1.0.0/16")],
                dns_servers: vec![ip("10.0.2.4"), ip("168.63.129.16")],
            },
        ],
        subnets: vec![
            Subnet {
                meta: Default::default(),
                id: id("s3"),
                name: "AzureFirewallSubnet".into(),
                vnet: id("v1"),
                prefix: net("10.0.1.0/26"),
                route_table: None,
                nsg: None,
                service_endpoints: vec![],
                private_endpoint_network_policies: PeNetworkPolicies::Disabled,
                delegation: None,
            },
            Subnet {
                meta: Default::default(),
                id: id("s4"),
                name: "snet-inbound".into(),
                vnet: id("v1"),
                prefix: net("10.0.3.0/28"),
                route_table: None,
                nsg: None,
                service_endpoints: vec![],
                private_endpoint_network_policies: PeNetworkPolicies::Enabled,
                delegation: Some("Microsoft.Network/dnsResolvers".into()),
            },
            Subnet {
                meta: Default::default(),
                id: id("s5"),
                name: "snet-vm".into(),
                vnet: id("v2"),
                prefix: net("10.1.0.0/24"),
                route_table: Some(id("rt6")),
                nsg: Some(id("nsg7")),
                service_endpoints: vec![
                    ServiceEndpoint { service: "Microsoft.Storage".into(), locations: vec![] },
                    ServiceEndpoint {
                        service: "Microsoft.Sql".into(),
                        locations: vec!["canadaeast".into(), "canadacentral".into()],
                    },
                ],
                private_endpoint_network_policies: PeNetworkPolicies::NetworkSecurityGroupEnabled,
                delegation: None,
            },
            Subnet {
                meta: Default::default(),
                id: id("s8"),
                name: "snet-data".into(),
                vnet: id("v2"),
                // Host bits set on purpose: the model keeps them, validation names the fix.
                prefix: net("10.1.1.7/24"),
                route_table: None,
                nsg: None,
                service_endpoints: vec![],
                private_endpoint_network_policies: PeNetworkPolicies::RouteTableEnabled,
                delegation: None,
            },
        ],
        peerings: vec![
            PeeringLink {
                meta: Default::default(),
                id: id("p9"),
                name: "hub-to-spoke".into(),
                vnet: id("v1"),
                remote_vnet: id("v2"),
                allow_virtual_network_access: true,
                allow_forwarded_traffic: false,
                allow_gateway_transit: true,
                use_remote_gateways: false,
            },
            PeeringLink {
                meta: Default::default(),
                id: id("p10"),
                name: "spoke-to-hub".into(),
                vnet: id("v2"),
                remote_vnet: id("v1"),
                allow_virtual_network_access: false,
                allow_forwarded_traffic: true,
                allow_gateway_transit: false,
                use_remote_gateways: true,
            },
        ],
        route_tables: vec![RouteTable {
            meta: Default::default(),
            id: id("rt6"),
            name: "rt-spoke".into(),
            disable_bgp_route_propagation: true,
            routes: hops
                .iter()
                .enumerate()
                .map(|(i, (name, hop, next))| Route {
                    name: (*name).into(),
                    prefix: net(&format!("10.{}.0.0/16", 200 + i)),
                    next_hop_type: *hop,
                    next_hop_ip: *next,
                })
                .collect(),
        }],
        nsgs: vec![Nsg {
            meta: Default::default(),
            id: id("nsg7"),
            name: "nsg-vm".into(),
            rules: vec![
                NsgRule {
                    destination_asgs: Default::default(),
                    source_asgs: Default::default(),
                    name: "allow-https-in".into(),
                    priority: 100,
                    direction: Direction::Inbound,
                    access: Access::Allow,
                    protocol: Protocol::Tcp,
                    source: any_of("VirtualNetwork"),
                    source_ports: ports("*"),
                    destination: any_of("10.1.0.4/32"),
                    destination_ports: ports("443"),
                },
                NsgRule {
                    destination_asgs: Default::default(),
                    source_asgs: Default::default(),
                    name: "deny-udp-out".into(),
                    priority: 4096,
                    direction: Direction::Outbound,
                    access: Access::Deny,
                    protocol: Protocol::Udp,
                    source: any_of("*"),
                    source_ports: ports("1024-65535"),
                    destination: any_of("Internet"),
                    destination_ports: ports("53"),
                },
                NsgRule {
                    destination_asgs: Default::default(),
                    source_asgs: Default::default(),
                    name: "icmp-from-lb".into(),
                    priority: 200,
                    direction: Direction::Inbound,
                    access: Access::Allow,
                    protocol: Protocol::Icmp,
                    source: any_of("AzureLoadBalancer"),
                    source_ports: ports("*"),
                    destination: any_of("*"),
                    destination_ports: ports("*"),
                },
                NsgRule {
                    destination_asgs: Default::default(),
                    source_asgs: Default::default(),
                    name: "any-to-dns".into(),
                    priority: 300,
                    direction: Direction::Outbound,
                    access: Access::Allow,
                    protocol: Protocol::Any,
                    source: any_of("10.1.0.0/24"),
                    source_ports: ports("*"),
                    destination: any_of("AzurePlatformDNS"),
                    destination_ports: ports("53"),
                },
            ],
        }],
        vms: vec![
            Vm {
                meta: Default::default(),
                id: id("vm11"),
                name: "vm-app".into(),
                nics: vec![Nic {
                    meta: Default::default(),
                    secondary_ips: Default::default(),
                    id: id("n12"),
                    name: "vm-app-nic".into(),
                    subnet: id("s5"),
                    ip: ip("10.1.0.4"),
                    ip_forwarding: false,
                    dns_servers: vec![ip("10.0.3.4")],
                    nsg: Some(id("nsg7")),
                    public_ip: Some(ip("20.1.2.3")),
                    tags,
                }],
                role: VmRole::Plain,
            },
            Vm {
                meta: Default::default(),
                id: id("vm13"),
                name: "nva-stateful".into(),
                nics: vec![
                    Nic {
                        meta: Default::default(),
                        secondary_ips: Default::default(),
                        id: id("n14"),
                        name: "nva-in".into(),
                        subnet: id("s5"),
                        ip: ip("10.1.0.10"),
                        ip_forwarding: true,
                        dns_servers: vec![],
                        nsg: None,
                        public_ip: None,
                        tags: BTreeMap::new(),
                    },
                    Nic {
                        meta: Default::default(),
                        secondary_ips: Default::default(),
                        id: id("n15"),
                        name: "nva-out".into(),
                        subnet: id("s8"),
                        ip: ip("10.1.1.10"),
                        ip_forwarding: true,
                        dns_servers: vec![],
                        nsg: None,
                        public_ip: None,
                        tags: BTreeMap::new(),
                    },
                ],
                role: VmRole::Nva(NvaConfig {
                    rules: vec![
                        nva_rule("allow-tcp", RuleAction::Allow, Protocol::Tcp),
                        NvaRule { ports: ports("8000-8100"), ..nva_rule("deny-rest", RuleAction::Deny, Protocol::Any) },
                    ],
                    stateful: true,
                    snat: NvaSnat::NicIp,
                }),
            },
            Vm {
                meta: Default::default(),
                id: id("vm16"),
                name: "nva-snat-address".into(),
                nics: vec![],
                role: VmRole::Nva(NvaConfig {
                    rules: vec![],
                    stateful: false,
                    snat: NvaSnat::Address { ip: ip("10.1.1.200") },
                }),
            },
            Vm {
                meta: Default::default(),
                id: id("vm17"),
                name: "nva-defaults".into(),
                nics: vec![],
                role: VmRole::Nva(NvaConfig::default()),
            },
            Vm {
                meta: Default::default(),
                id: id("vm18"),
                name: "vm-dns".into(),
                nics: vec![],
                role: VmRole::DnsServer(DnsServerConfig {
                    follow_cname: true,
                    forward_all_to: vec![target("168.63.129.16")],
                    conditional_forwarders: vec![ConditionalForwarder {
                        domain: "corp.contoso.com".into(),
                        targets: vec![target("192.168.1.53"), target("192.168.1.54:5353")],
                    }],
                }),
            },
        ],
        firewalls: vec![
            Firewall {
                meta: Default::default(),
                id: id("fw19"),
                name: "afw-hub".into(),
                subnet: id("s3"),
                sku: FirewallSku::Premium,
                private_ip: ip("10.0.1.4"),
                public_ip: Some(ip("20.0.0.1")),
                snat_private_ranges: vec![
                    SnatRange::Token(SnatToken::IanaPrivateRanges),
                    SnatRange::Prefix(net("100.64.0.0/10")),
                ],
                dns_proxy: true,
                rule_collection_groups: vec![RuleCollectionGroup {
                    name: "rcg".into(),
                    priority: 100,
                    collections: vec![
                        RuleCollection {
                            name: "dnat".into(),
                            priority: 100,
                            rules: FirewallRules::Dnat {
                                rules: vec![DnatRule {
                                    name: "rdp-in".into(),
                                    sources: vec![any_of("203.0.113.0/24")],
                                    protocols: vec![Protocol::Tcp],
                                    destination_port: 3389,
                                    translated_address: ip("10.1.0.4"),
                                    translated_port: 3389,
                                }],
                            },
                        },
                        RuleCollection {
                            name: "net".into(),
                            priority: 200,
                            rules: FirewallRules::Network {
                                action: FirewallAction::Allow,
                                rules: vec![NetworkRule {
                                    name: "spoke-out".into(),
                                    protocols: vec![Protocol::Tcp, Protocol::Udp, Protocol::Icmp],
                                    sources: vec![any_of("10.1.0.0/16")],
                                    destinations: vec![any_of("*"), any_of("10.0.0.0/8")],
                                    ports: vec![ports("*"), ports("443"), ports("1000-2000")],
                                }],
                            },
                        },
                        RuleCollection {
                            name: "app".into(),
                            priority: 300,
                            rules: FirewallRules::Application {
                                action: FirewallAction::Deny,
                                rules: vec![ApplicationRule {
                                    name: "web".into(),
                                    sources: vec![any_of("*")],
                                    protocols: vec![
                                        AppProtocol { kind: AppProtocolKind::Http, port: 80 },
                                        AppProtocol { kind: AppProtocolKind::Https, port: 443 },
                                        AppProtocol { kind: AppProtocolKind::Mssql, port: 1433 },
                                    ],
                                    target_fqdns: vec!["*.example.com".into(), "contoso.com".into()],
                                }],
                            },
                        },
                    ],
                }],
            },
            Firewall {
                meta: Default::default(),
                id: id("fw20"),
                name: "afw-basic".into(),
                subnet: id("s3"),
                sku: FirewallSku::Basic,
                private_ip: ip("10.0.1.5"),
                public_ip: None,
                snat_private_ranges: vec![],
                dns_proxy: false,
                rule_collection_groups: vec![],
            },
            Firewall {
                meta: Default::default(),
                id: id("fw21"),
                name: "afw-standard".into(),
                subnet: id("s3"),
                sku: FirewallSku::Standard,
                private_ip: ip("10.0.1.6"),
                public_ip: None,
                snat_private_ranges: vec![SnatRange::Token(SnatToken::IanaPrivateRanges)],
                dns_proxy: false,
                rule_collection_groups: vec![],
            },
        ],
        gateways: vec![
            Gateway {
                meta: Default::default(),
                id: id("gw22"),
                name: "vpngw".into(),
                subnet: id("s3"),
                kind: GatewayKind::Vpn,
                sku: "VpnGw2AZ".into(),
                bgp: true,
                instance_ips: vec![ip("10.0.0.4"), ip("10.0.0.5")],
                public_ip: Some(ip("20.0.0.2")),
                connections: vec![GatewayConnection {
                    id: id("cn23"),
                    name: "to-onprem".into(),
                    peer: ConnectionPeer::Site(id("op25")),
                    bgp: None,
                    next_hops: vec![],
                    learned_prefixes: vec![net("192.168.0.0/16").into(), net("172.16.0.0/12").into()],
                    meta: Meta::default(),
                }],
            },
            Gateway {
                meta: Default::default(),
                id: id("gw24"),
                name: "ergw".into(),
                subnet: id("s3"),
                kind: GatewayKind::ExpressRoute,
                sku: "ErGw1AZ".into(),
                bgp: false,
                instance_ips: vec![],
                public_ip: None,
                connections: vec![],
            },
        ],
        sites: vec![
            OnPremSite {
                meta: Default::default(),
                id: id("op25"),
                name: "datacenter".into(),
                prefixes: vec![net("192.168.0.0/16")],
                hosts: vec![
                    OnPremHost {
                        id: id("h26"),
                        name: "laptop".into(),
                        ip: ip("192.168.10.20"),
                        dns_server: Some(ip("192.168.1.53")),
                    },
                    OnPremHost { id: id("h27"), name: "printer".into(), ip: ip("192.168.10.21"), dns_server: None },
                ],
                router: OnPremRouting::Advertised,
                internet_nat_ip: Some(ip("198.51.100.7")),
                dns_servers: vec![OnPremDnsServer {
                    follow_cname: true,
                    zones: Default::default(),
                    id: id("od28"),
                    name: "dc01".into(),
                    ip: ip("192.168.1.53"),
                    records: vec![DnsRecord {
                        name: "intranet".into(),
                        data: RecordData::A { ips: vec![ip("192.168.1.80")] },
                    }],
                    conditional_forwarders: vec![ConditionalForwarder {
                        domain: "blob.core.windows.net".into(),
                        targets: vec![target("10.0.3.4")],
                    }],
                    default_forwarders: vec![target("8.8.8.8")],
                }],
            },
            OnPremSite {
                meta: Default::default(),
                id: id("op29"),
                name: "branch".into(),
                prefixes: vec![net("172.16.0.0/16")],
                hosts: vec![],
                router: OnPremRouting::Static { prefixes: vec![net("10.0.0.0/8")] },
                internet_nat_ip: None,
                dns_servers: vec![],
            },
        ],
        paas: vec![
            PaasResource {
                meta: Default::default(),
                id: id("svc30"),
                name: "mftesting".into(),
                service: "storage".into(),
                region: "canadacentral".into(),
                public_ip: ip("198.18.0.10"),
                public_network_access: false,
                default_action: ServiceFirewallAction::Deny,
                allowed_subnets: vec![id("s5")],
                ip_rules: vec![net("203.0.113.0/24")],
            },
            PaasResource {
                meta: Default::default(),
                id: id("svc31"),
                name: "sqlsrv".into(),
                service: "sql".into(),
                region: "canadaeast".into(),
                public_ip: ip("198.18.0.11"),
                public_network_access: true,
                default_action: ServiceFirewallAction::Allow,
                allowed_subnets: vec![],
                ip_rules: vec![],
            },
        ],
        private_endpoints: [
            ConnectionState::Approved,
            ConnectionState::Pending,
            ConnectionState::Rejected,
            ConnectionState::Disconnected,
        ]
        .into_iter()
        .enumerate()
        .map(|(i, state)| PrivateEndpoint {
            meta: Default::default(),
            secondary_ips: Default::default(),
            id: id(&format!("pe{}", 32 + i)),
            name: format!("pe-{i}"),
            subnet: id("s8"),
            ip: ip(&format!("10.1.1.{}", 4 + i)),
            target: if i == 3 {
                PeTarget::PrivateLinkService { alias: "pls-partner.abcd.canadacentral.azure.privatelinkservice".into() }
            } else {
                PeTarget::Paas { resource: id("svc30"), sub_resource: "blob".into() }
            },
            connection_state: state,
            dns_zone_group: if i == 0 { vec![id("z36")] } else { vec![] },
        })
        .collect(),
        dns_zones: vec![PrivateDnsZone {
            meta: Default::default(),
            id: id("z36"),
            name: "privatelink.blob.core.windows.net".into(),
            records: vec![
                DnsRecord { name: "mftesting".into(), data: RecordData::A { ips: vec![ip("10.1.1.4")] } },
                DnsRecord {
                    name: "alias".into(),
                    data: RecordData::Cname { target: "mftesting.privatelink.blob.core.windows.net".into() },
                },
            ],
            links: vec![
                ZoneLink {
                    meta: Default::default(),
                    id: id("zl37"),
                    vnet: id("v1"),
                    registration_enabled: true,
                    resolution_policy: ResolutionPolicy::Default,
                },
                ZoneLink {
                    meta: Default::default(),
                    id: id("zl38"),
                    vnet: id("v2"),
                    registration_enabled: false,
                    resolution_policy: ResolutionPolicy::NxDomainRedirect,
                },
            ],
        }],
        resolvers: vec![DnsResolver {
            meta: Default::default(),
            id: id("dr39"),
            name: "dnspr-hub".into(),
            vnet: id("v1"),
            inbound_endpoints: vec![InboundEndpoint {
                meta: Default::default(),
                id: id("ep40"),
                name: "inbound".into(),
                subnet: id("s4"),
                ip: ip("10.0.3.4"),
            }],
            outbound_endpoints: vec![OutboundEndpoint {
                meta: Default::default(),
                id: id("ep41"),
                name: "outbound".into(),
                subnet: id("s4"),
            }],
        }],
        rulesets: vec![ForwardingRuleset {
            meta: Default::default(),
            id: id("fr42"),
            name: "ruleset".into(),
            outbound_endpoints: vec![id("ep41")],
            rules: vec![
                ForwardingRule {
                    name: "corp".into(),
                    domain: "corp.contoso.com.".into(),
                    targets: vec![target("192.168.1.53"), target("192.168.1.54:5353")],
                    enabled: true,
                },
                ForwardingRule {
                    name: "everything".into(),
                    domain: ".".into(),
                    targets: vec![target("8.8.8.8")],
                    enabled: false,
                },
            ],
            vnet_links: vec![id("v1"), id("v2")],
        }],
        settings: Settings {
            pe_route_protocols: PeRouteProtocols::AllProtocols,
            tb_convention: TbConvention::Decimal1000,
            price_table: "2025-01".into(),
        },
        traffic: vec![TrafficAssumption {
            id: id("t43"),
            from: id("vm11"),
            to: id("svc30"),
            gb_per_month: 500,
            gb_per_month_back: 50,
        }],
        questions: vec![
            Question {
                id: id("q44"),
                title: "Spoke VM to the blob endpoint".into(),
                ask: Ask::Trace {
                    from: FlowSource::Nic { id: id("n12") },
                    to: ip("10.1.1.4"),
                    protocol: Protocol::Tcp,
                    port: 443,
                },
            },
            Question {
                id: id("q45"),
                title: String::new(),
                ask: Ask::Trace {
                    from: FlowSource::Host { id: id("h26") },
                    to: ip("10.1.0.4"),
                    protocol: Protocol::Icmp,
                    port: 0,
                },
            },
            Question {
                id: id("q46"),
                title: "RDP from the internet".into(),
                ask: Ask::Trace {
                    from: FlowSource::Internet { ip: ip("203.0.113.9") },
                    to: ip("20.0.0.1"),
                    protocol: Protocol::Tcp,
                    port: 3389,
                },
            },
            Question {
                id: id("q47"),
                title: "Blob name from the laptop".into(),
                ask: Ask::Resolve { from: id("h26"), name: "mftesting.blob.core.windows.net".into() },
            },
            Question {
                id: id("q48"),
                title: "Connect to the blob".into(),
                ask: Ask::Connect { from: id("n12"), target: "https://mftesting.blob.core.windows.net".into() },
            },
        ],
    };
    let mut layout = Layout::default();
    layout.rects.insert(id("v1"), Rect::new(300, 0, 400, 320));
    layout.rects.insert(id("v2"), Rect::new(-40, 400, 360, 200));
    layout.rects.insert(id("vm11"), Rect::new(10, 450, 128, 56));
    Document::new(design, layout)
}
