//! proptest strategies for the model: arbitrary but well-formed [`Document`]s that cover every
//! model type and every enum variant. Shared by the property tests (`mod strategies;`).
//!
//! "Well-formed" means every value is one the model can hold (a port range never starts after it
//! ends, a prefix length is at most 32); it does not mean the design makes sense: references may
//! dangle and addresses may overlap, which is what a decoder and a compute-anyway engine must
//! survive. Ids come mostly from a small canonical pool (`v1`, `s2`…) so references often hit,
//! and sometimes are arbitrary text. Text fields mix plain names with any Unicode, control
//! characters included, to exercise JSON escaping.
//!
//! [`raw_document`] is what a file may hold (ids may repeat, rects take any `i32`); [`document`]
//! is what reading leaves (ids repaired, rects clamped), so it round-trips exactly.
//!
//! Sizes are small (0–2 items per list) so a case stays cheap; use [`config`] for the number of
//! cases (64 unless `PROPTEST_CASES` says otherwise, so CI can cap it).

#![allow(dead_code)]

mod v2;
pub use v2::*;

use ipnet::Ipv4Net;
use proptest::collection::{btree_map, vec};
use proptest::option;
use proptest::prelude::*;
use proptest::sample::select;
use std::net::Ipv4Addr;
use vnet_core::codec::restore::repair_ids;
use vnet_core::layout::{Layout, Rect};
use vnet_core::model::*;
use vnet_core::{Document, Id};

/// The proptest configuration for model properties: `PROPTEST_CASES` if set, else 64 cases.
pub fn config() -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES").ok().and_then(|v| v.trim().parse().ok()).unwrap_or(64);
    ProptestConfig {
        cases,
        // No `*.proptest-regressions` files in the tree: a failure prints its minimal input.
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

/// Up to two items: enough to cover "none", "one" and "several".
fn few<S: Strategy>(s: S) -> impl Strategy<Value = Vec<S::Value>> {
    vec(s, 0..3)
}

// ---- scalars ----

/// Text of any kind: mostly names, sometimes any Unicode (control characters, quotes, emoji).
pub fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => "[a-z][a-z0-9.-]{0,11}",
        1 => vec(any::<char>(), 0..6).prop_map(String::from_iter),
        1 => Just(String::new()),
    ]
}

/// An id: mostly canonical (`<kind prefix><counter>`, from a small pool), sometimes any text.
pub fn id() -> impl Strategy<Value = Id> {
    prop_oneof![
        4 => (select(&["v", "s", "vm", "n", "fw", "gw", "pe", "z", "op", "h", "lb", "nat", "asg", "it"][..]), 1u32..8)
            .prop_map(|(p, n)| Id::new(format!("{p}{n}"))),
        1 => text().prop_map(Id::new),
    ]
}

pub fn ip() -> impl Strategy<Value = Ipv4Addr> {
    any::<u32>().prop_map(Ipv4Addr::from)
}

/// Any prefix, host bits included (the model keeps them; validation names the canonical form).
pub fn net() -> impl Strategy<Value = Ipv4Net> {
    (ip(), 0u8..=32).prop_map(|(ip, len)| Ipv4Net::new(ip, len).expect("prefix length is at most 32"))
}

pub fn port_range() -> impl Strategy<Value = PortRange> {
    prop_oneof![
        Just(PortRange::ANY),
        any::<u16>().prop_map(PortRange::single),
        (any::<u16>(), any::<u16>()).prop_map(|(a, b)| PortRange { from: a.min(b), to: a.max(b) }),
    ]
}

pub fn address_match() -> impl Strategy<Value = AddressMatch> {
    prop_oneof![
        Just(AddressMatch::Any),
        net().prop_map(AddressMatch::Prefix),
        select(&ServiceTag::ALL[..]).prop_map(AddressMatch::Tag),
    ]
}

pub fn protocol() -> impl Strategy<Value = Protocol> {
    select(&[Protocol::Tcp, Protocol::Udp, Protocol::Icmp, Protocol::Any][..])
}

pub fn dns_target() -> impl Strategy<Value = DnsTarget> {
    prop_oneof![ip().prop_map(DnsTarget::new), (ip(), any::<u16>()).prop_map(|(ip, port)| DnsTarget { ip, port }),]
}

// ---- network ----

fn vnet_v1() -> impl Strategy<Value = Vnet> {
    (id(), text(), text(), few(net()), few(ip())).prop_map(|(id, name, region, address_space, dns_servers)| Vnet {
        meta: Meta::default(),
        id,
        name,
        region,
        address_space,
        dns_servers,
    })
}

pub fn pe_network_policies() -> impl Strategy<Value = PeNetworkPolicies> {
    select(
        &[
            PeNetworkPolicies::Disabled,
            PeNetworkPolicies::Enabled,
            PeNetworkPolicies::NetworkSecurityGroupEnabled,
            PeNetworkPolicies::RouteTableEnabled,
        ][..],
    )
}

pub fn service_endpoint() -> impl Strategy<Value = ServiceEndpoint> {
    (text(), few(text())).prop_map(|(service, locations)| ServiceEndpoint { service, locations })
}

fn subnet_v1() -> impl Strategy<Value = Subnet> {
    (
        (id(), text(), id(), net()),
        (option::of(id()), option::of(id()), few(service_endpoint()), pe_network_policies(), option::of(text())),
    )
        .prop_map(|((id, name, vnet, prefix), (route_table, nsg, service_endpoints, policies, delegation))| {
            Subnet {
                meta: Meta::default(),
                id,
                name,
                vnet,
                prefix,
                route_table,
                nsg,
                service_endpoints,
                private_endpoint_network_policies: policies,
                delegation,
            }
        })
}

fn peering_v1() -> impl Strategy<Value = PeeringLink> {
    (id(), text(), id(), id(), any::<[bool; 4]>()).prop_map(|(id, name, vnet, remote_vnet, flags)| PeeringLink {
        meta: Meta::default(),
        id,
        name,
        vnet,
        remote_vnet,
        allow_virtual_network_access: flags[0],
        allow_forwarded_traffic: flags[1],
        allow_gateway_transit: flags[2],
        use_remote_gateways: flags[3],
    })
}

// ---- routing and security ----

pub fn next_hop_type() -> impl Strategy<Value = NextHopType> {
    select(
        &[
            NextHopType::VnetLocal,
            NextHopType::Internet,
            NextHopType::None,
            NextHopType::VirtualAppliance,
            NextHopType::VirtualNetworkGateway,
            NextHopType::VNetPeering,
            NextHopType::VNetGlobalPeering,
            NextHopType::VirtualNetworkServiceEndpoint,
            NextHopType::InterfaceEndpoint,
        ][..],
    )
}

pub fn route() -> impl Strategy<Value = Route> {
    (text(), net(), next_hop_type(), option::of(ip())).prop_map(|(name, prefix, next_hop_type, next_hop_ip)| Route {
        name,
        prefix,
        next_hop_type,
        next_hop_ip,
    })
}

fn route_table_v1() -> impl Strategy<Value = RouteTable> {
    (id(), text(), any::<bool>(), few(route())).prop_map(|(id, name, disable, routes)| RouteTable {
        meta: Meta::default(),
        id,
        name,
        disable_bgp_route_propagation: disable,
        routes,
    })
}

fn nsg_rule_v1() -> impl Strategy<Value = NsgRule> {
    (
        (text(), any::<u16>(), select(&[Direction::Inbound, Direction::Outbound][..])),
        (select(&[Access::Allow, Access::Deny][..]), protocol()),
        (address_match(), port_range(), address_match(), port_range()),
    )
        .prop_map(
            |(
                (name, priority, direction),
                (access, protocol),
                (source, source_ports, destination, destination_ports),
            )| {
                NsgRule {
                    source_asgs: Vec::new(),
                    destination_asgs: Vec::new(),
                    name,
                    priority,
                    direction,
                    access,
                    protocol,
                    source,
                    source_ports,
                    destination,
                    destination_ports,
                }
            },
        )
}

fn nsg_v1() -> impl Strategy<Value = Nsg> {
    (id(), text(), few(nsg_rule())).prop_map(|(id, name, rules)| Nsg { meta: Meta::default(), id, name, rules })
}

// ---- compute ----

fn nic_v1() -> impl Strategy<Value = Nic> {
    (
        (id(), text(), id(), ip(), any::<bool>()),
        (few(ip()), option::of(id()), option::of(ip()), btree_map(text(), text(), 0..3)),
    )
        .prop_map(|((id, name, subnet, ip, ip_forwarding), (dns_servers, nsg, public_ip, tags))| Nic {
            secondary_ips: Vec::new(),
            meta: Meta::default(),
            id,
            name,
            subnet,
            ip,
            ip_forwarding,
            dns_servers,
            nsg,
            public_ip,
            tags,
        })
}

pub fn rule_action() -> impl Strategy<Value = RuleAction> {
    select(&[RuleAction::Allow, RuleAction::Deny][..])
}

pub fn nva_rule() -> impl Strategy<Value = NvaRule> {
    (text(), rule_action(), protocol(), address_match(), address_match(), port_range()).prop_map(
        |(name, action, protocol, source, destination, ports)| NvaRule {
            name,
            action,
            protocol,
            source,
            destination,
            ports,
        },
    )
}

pub fn nva_snat() -> impl Strategy<Value = NvaSnat> {
    prop_oneof![Just(NvaSnat::Off), Just(NvaSnat::NicIp), ip().prop_map(|ip| NvaSnat::Address { ip }),]
}

pub fn conditional_forwarder() -> impl Strategy<Value = ConditionalForwarder> {
    (text(), few(dns_target())).prop_map(|(domain, targets)| ConditionalForwarder { domain, targets })
}

pub fn vm_role() -> impl Strategy<Value = VmRole> {
    prop_oneof![
        Just(VmRole::Plain),
        (few(nva_rule()), any::<bool>(), nva_snat()).prop_map(|(rules, stateful, snat)| VmRole::Nva(NvaConfig {
            rules,
            stateful,
            snat
        })),
        (few(dns_target()), few(conditional_forwarder()))
            .prop_map(|(forward_all_to, conditional_forwarders)| {
                VmRole::DnsServer(DnsServerConfig { follow_cname: true, forward_all_to, conditional_forwarders })
            })
            .prop_flat_map(|role| any::<bool>().prop_map(move |follow| {
                let mut role = role.clone();
                if let VmRole::DnsServer(c) = &mut role {
                    c.follow_cname = follow;
                }
                role
            })),
    ]
}

fn vm_v1() -> impl Strategy<Value = Vm> {
    (id(), text(), few(nic()), vm_role()).prop_map(|(id, name, nics, role)| Vm {
        meta: Meta::default(),
        id,
        name,
        nics,
        role,
    })
}

// ---- firewall ----

pub fn firewall_action() -> impl Strategy<Value = FirewallAction> {
    select(&[FirewallAction::Allow, FirewallAction::Deny][..])
}

pub fn network_rule() -> impl Strategy<Value = NetworkRule> {
    (text(), few(protocol()), few(address_match()), few(address_match()), few(port_range())).prop_map(
        |(name, protocols, sources, destinations, ports)| NetworkRule { name, protocols, sources, destinations, ports },
    )
}

pub fn app_protocol() -> impl Strategy<Value = AppProtocol> {
    (select(&[AppProtocolKind::Http, AppProtocolKind::Https, AppProtocolKind::Mssql][..]), any::<u16>())
        .prop_map(|(kind, port)| AppProtocol { kind, port })
}

pub fn application_rule() -> impl Strategy<Value = ApplicationRule> {
    (text(), few(address_match()), few(app_protocol()), few(text()))
        .prop_map(|(name, sources, protocols, target_fqdns)| ApplicationRule { name, sources, protocols, target_fqdns })
}

pub fn dnat_rule() -> impl Strategy<Value = DnatRule> {
    (text(), few(address_match()), few(protocol()), any::<u16>(), ip(), any::<u16>()).prop_map(
        |(name, sources, protocols, destination_port, translated_address, translated_port)| DnatRule {
            name,
            sources,
            protocols,
            destination_port,
            translated_address,
            translated_port,
        },
    )
}

pub fn firewall_rules() -> impl Strategy<Value = FirewallRules> {
    prop_oneof![
        (firewall_action(), few(network_rule())).prop_map(|(action, rules)| FirewallRules::Network { action, rules }),
        (firewall_action(), few(application_rule()))
            .prop_map(|(action, rules)| FirewallRules::Application { action, rules }),
        few(dnat_rule()).prop_map(|rules| FirewallRules::Dnat { rules }),
    ]
}

pub fn rule_collection() -> impl Strategy<Value = RuleCollection> {
    (text(), any::<u32>(), firewall_rules()).prop_map(|(name, priority, rules)| RuleCollection {
        name,
        priority,
        rules,
    })
}

pub fn rule_collection_group() -> impl Strategy<Value = RuleCollectionGroup> {
    (text(), any::<u32>(), few(rule_collection())).prop_map(|(name, priority, collections)| RuleCollectionGroup {
        name,
        priority,
        collections,
    })
}

pub fn snat_range() -> impl Strategy<Value = SnatRange> {
    prop_oneof![Just(SnatRange::Token(SnatToken::IanaPrivateRanges)), net().prop_map(SnatRange::Prefix),]
}

fn firewall_v1() -> impl Strategy<Value = Firewall> {
    (
        (id(), text(), id(), select(&[FirewallSku::Basic, FirewallSku::Standard, FirewallSku::Premium][..])),
        (ip(), option::of(ip()), few(snat_range()), any::<bool>()),
        few(rule_collection_group()),
    )
        .prop_map(|((id, name, subnet, sku), (private_ip, public_ip, snat_private_ranges, dns_proxy), groups)| {
            Firewall {
                meta: Meta::default(),
                id,
                name,
                subnet,
                sku,
                private_ip,
                public_ip,
                snat_private_ranges,
                dns_proxy,
                rule_collection_groups: groups,
            }
        })
}

// ---- hybrid ----

pub fn gateway_connection() -> impl Strategy<Value = GatewayConnection> {
    with_meta((id(), text(), connection_peer(), option::of(any::<bool>()), few(ip()), few(learned_prefix())).prop_map(
        |(id, name, peer, bgp, next_hops, learned_prefixes)| GatewayConnection {
            id,
            name,
            peer,
            bgp,
            next_hops,
            learned_prefixes,
            meta: Meta::default(),
        },
    ))
}

fn gateway_v1() -> impl Strategy<Value = Gateway> {
    (
        (id(), text(), id(), select(&[GatewayKind::Vpn, GatewayKind::ExpressRoute][..]), text()),
        (any::<bool>(), few(ip()), option::of(ip()), few(gateway_connection())),
    )
        .prop_map(|((id, name, subnet, kind, sku), (bgp, instance_ips, public_ip, connections))| Gateway {
            meta: Meta::default(),
            id,
            name,
            subnet,
            kind,
            sku,
            bgp,
            instance_ips,
            public_ip,
            connections,
        })
}

pub fn record_data() -> impl Strategy<Value = RecordData> {
    prop_oneof![few(ip()).prop_map(|ips| RecordData::A { ips }), text().prop_map(|target| RecordData::Cname { target }),]
}

pub fn dns_record() -> impl Strategy<Value = DnsRecord> {
    (text(), record_data()).prop_map(|(name, data)| DnsRecord { name, data })
}

pub fn on_prem_host() -> impl Strategy<Value = OnPremHost> {
    (id(), text(), ip(), option::of(ip())).prop_map(|(id, name, ip, dns_server)| OnPremHost {
        id,
        name,
        ip,
        dns_server,
    })
}

fn on_prem_dns_server_v1() -> impl Strategy<Value = OnPremDnsServer> {
    (id(), text(), ip(), few(dns_record()), few(conditional_forwarder()), few(dns_target())).prop_map(
        |(id, name, ip, records, conditional_forwarders, default_forwarders)| OnPremDnsServer {
            zones: Vec::new(),
            follow_cname: true,
            id,
            name,
            ip,
            records,
            conditional_forwarders,
            default_forwarders,
        },
    )
}

pub fn on_prem_routing() -> impl Strategy<Value = OnPremRouting> {
    prop_oneof![Just(OnPremRouting::Advertised), few(net()).prop_map(|prefixes| OnPremRouting::Static { prefixes }),]
}

fn site_v1() -> impl Strategy<Value = OnPremSite> {
    ((id(), text(), few(net()), few(on_prem_host())), (on_prem_routing(), option::of(ip()), few(on_prem_dns_server())))
        .prop_map(|((id, name, prefixes, hosts), (router, internet_nat_ip, dns_servers))| OnPremSite {
            meta: Meta::default(),
            id,
            name,
            prefixes,
            hosts,
            router,
            internet_nat_ip,
            dns_servers,
        })
}

// ---- PaaS and private endpoints ----

fn paas_v1() -> impl Strategy<Value = PaasResource> {
    (
        (id(), text(), text(), text(), ip()),
        (
            any::<bool>(),
            select(&[ServiceFirewallAction::Allow, ServiceFirewallAction::Deny][..]),
            few(id()),
            few(net()),
        ),
    )
        .prop_map(
            |(
                (id, name, service, region, public_ip),
                (public_network_access, default_action, allowed_subnets, ip_rules),
            )| {
                PaasResource {
                    meta: Meta::default(),
                    id,
                    name,
                    service,
                    region,
                    public_ip,
                    public_network_access,
                    default_action,
                    allowed_subnets,
                    ip_rules,
                }
            },
        )
}

pub fn pe_target() -> impl Strategy<Value = PeTarget> {
    prop_oneof![
        (id(), text()).prop_map(|(resource, sub_resource)| PeTarget::Paas { resource, sub_resource }),
        text().prop_map(|alias| PeTarget::PrivateLinkService { alias }),
    ]
}

pub fn connection_state() -> impl Strategy<Value = ConnectionState> {
    select(
        &[
            ConnectionState::Approved,
            ConnectionState::Pending,
            ConnectionState::Rejected,
            ConnectionState::Disconnected,
        ][..],
    )
}

fn private_endpoint_v1() -> impl Strategy<Value = PrivateEndpoint> {
    (id(), text(), id(), ip(), pe_target(), connection_state(), few(id())).prop_map(
        |(id, name, subnet, ip, target, connection_state, dns_zone_group)| PrivateEndpoint {
            secondary_ips: Vec::new(),
            meta: Meta::default(),
            id,
            name,
            subnet,
            ip,
            target,
            connection_state,
            dns_zone_group,
        },
    )
}

// ---- DNS ----

fn zone_link_v1() -> impl Strategy<Value = ZoneLink> {
    (id(), id(), any::<bool>(), select(&[ResolutionPolicy::Default, ResolutionPolicy::NxDomainRedirect][..])).prop_map(
        |(id, vnet, registration_enabled, resolution_policy)| ZoneLink {
            meta: Meta::default(),
            id,
            vnet,
            registration_enabled,
            resolution_policy,
        },
    )
}

fn zone_v1() -> impl Strategy<Value = PrivateDnsZone> {
    (id(), text(), few(dns_record()), few(zone_link())).prop_map(|(id, name, records, links)| PrivateDnsZone {
        meta: Meta::default(),
        id,
        name,
        records,
        links,
    })
}

fn resolver_v1() -> impl Strategy<Value = DnsResolver> {
    let inbound = with_meta((id(), text(), id(), ip()).prop_map(|(id, name, subnet, ip)| InboundEndpoint {
        meta: Meta::default(),
        id,
        name,
        subnet,
        ip,
    }));
    let outbound = with_meta((id(), text(), id()).prop_map(|(id, name, subnet)| OutboundEndpoint {
        meta: Meta::default(),
        id,
        name,
        subnet,
    }));
    (id(), text(), id(), few(inbound), few(outbound)).prop_map(
        |(id, name, vnet, inbound_endpoints, outbound_endpoints)| DnsResolver {
            meta: Meta::default(),
            id,
            name,
            vnet,
            inbound_endpoints,
            outbound_endpoints,
        },
    )
}

pub fn forwarding_rule() -> impl Strategy<Value = ForwardingRule> {
    (text(), text(), few(dns_target()), any::<bool>()).prop_map(|(name, domain, targets, enabled)| ForwardingRule {
        name,
        domain,
        targets,
        enabled,
    })
}

fn ruleset_v1() -> impl Strategy<Value = ForwardingRuleset> {
    (id(), text(), few(id()), few(forwarding_rule()), few(id())).prop_map(
        |(id, name, outbound_endpoints, rules, vnet_links)| ForwardingRuleset {
            meta: Meta::default(),
            id,
            name,
            outbound_endpoints,
            rules,
            vnet_links,
        },
    )
}

// ---- settings, traffic, questions ----

pub fn settings() -> impl Strategy<Value = Settings> {
    (
        select(&[PeRouteProtocols::TcpOnly, PeRouteProtocols::AllProtocols][..]),
        select(&[TbConvention::Binary1024, TbConvention::Decimal1000][..]),
        text(),
    )
        .prop_map(|(pe_route_protocols, tb_convention, price_table)| Settings {
            pe_route_protocols,
            tb_convention,
            price_table,
        })
}

pub fn traffic() -> impl Strategy<Value = TrafficAssumption> {
    (id(), id(), id(), any::<u64>(), any::<u64>()).prop_map(|(id, from, to, gb_per_month, gb_per_month_back)| {
        TrafficAssumption { id, from, to, gb_per_month, gb_per_month_back }
    })
}

pub fn flow_source() -> impl Strategy<Value = FlowSource> {
    prop_oneof![
        id().prop_map(|id| FlowSource::Nic { id }),
        id().prop_map(|id| FlowSource::Host { id }),
        ip().prop_map(|ip| FlowSource::Internet { ip }),
    ]
}

pub fn ask() -> impl Strategy<Value = Ask> {
    prop_oneof![
        (flow_source(), ip(), protocol(), any::<u16>()).prop_map(|(from, to, protocol, port)| Ask::Trace {
            from,
            to,
            protocol,
            port
        }),
        (id(), text()).prop_map(|(from, name)| Ask::Resolve { from, name }),
        (id(), text()).prop_map(|(from, target)| Ask::Connect { from, target }),
    ]
}

pub fn question() -> impl Strategy<Value = Question> {
    (id(), text(), ask()).prop_map(|(id, title, ask)| Question { id, title, ask })
}

// ---- elements with metadata (schema v2) ----

pub fn nsg_rule() -> impl Strategy<Value = NsgRule> {
    (nsg_rule_v1(), few(id()), few(id())).prop_map(|(mut r, source_asgs, destination_asgs)| {
        r.source_asgs = source_asgs;
        r.destination_asgs = destination_asgs;
        r
    })
}

pub fn nic() -> impl Strategy<Value = Nic> {
    (with_meta(nic_v1()), few(ip())).prop_map(|(mut n, secondary_ips)| {
        n.secondary_ips = secondary_ips;
        n
    })
}

pub fn private_endpoint() -> impl Strategy<Value = PrivateEndpoint> {
    (with_meta(private_endpoint_v1()), few(ip())).prop_map(|(mut pe, secondary_ips)| {
        pe.secondary_ips = secondary_ips;
        pe
    })
}

pub fn on_prem_dns_server() -> impl Strategy<Value = OnPremDnsServer> {
    (on_prem_dns_server_v1(), few(on_prem_zone()), any::<bool>()).prop_map(|(mut d, zones, follow_cname)| {
        d.zones = zones;
        d.follow_cname = follow_cname;
        d
    })
}

pub fn vnet() -> impl Strategy<Value = Vnet> {
    with_meta(vnet_v1())
}

pub fn subnet() -> impl Strategy<Value = Subnet> {
    with_meta(subnet_v1())
}

pub fn peering() -> impl Strategy<Value = PeeringLink> {
    with_meta(peering_v1())
}

pub fn route_table() -> impl Strategy<Value = RouteTable> {
    with_meta(route_table_v1())
}

pub fn nsg() -> impl Strategy<Value = Nsg> {
    with_meta(nsg_v1())
}

pub fn vm() -> impl Strategy<Value = Vm> {
    with_meta(vm_v1())
}

pub fn firewall() -> impl Strategy<Value = Firewall> {
    with_meta(firewall_v1())
}

pub fn gateway() -> impl Strategy<Value = Gateway> {
    with_meta(gateway_v1())
}

pub fn site() -> impl Strategy<Value = OnPremSite> {
    with_meta(site_v1())
}

pub fn paas() -> impl Strategy<Value = PaasResource> {
    with_meta(paas_v1())
}

pub fn zone_link() -> impl Strategy<Value = ZoneLink> {
    with_meta(zone_link_v1())
}

pub fn zone() -> impl Strategy<Value = PrivateDnsZone> {
    with_meta(zone_v1())
}

pub fn resolver() -> impl Strategy<Value = DnsResolver> {
    with_meta(resolver_v1())
}

pub fn ruleset() -> impl Strategy<Value = ForwardingRuleset> {
    with_meta(ruleset_v1())
}

// ---- design, layout, document ----

pub fn design() -> impl Strategy<Value = Design> {
    let network = (text(), few(vnet()), few(subnet()), few(peering()), few(route_table()), few(nsg()));
    let resources = (few(vm()), few(firewall()), few(gateway()), few(site()), few(paas()), few(private_endpoint()));
    let dns = (few(zone()), few(resolver()), few(ruleset()));
    let rest = (settings(), few(traffic()), few(question()));
    let v2 = (
        text(),
        few(load_balancer()),
        few(nat_gateway()),
        few(asg()),
        few(dns_record()),
        service_prefixes(),
        few(intent()),
    );
    (network, resources, dns, rest, v2).prop_map(
        |(
            (name, vnets, subnets, peerings, route_tables, nsgs),
            (vms, firewalls, gateways, sites, paas, private_endpoints),
            (dns_zones, resolvers, rulesets),
            (settings, traffic, questions),
            (description, load_balancers, nat_gateways, asgs, public_dns, service_prefixes, intents),
        )| Design {
            name,
            description,
            load_balancers,
            nat_gateways,
            asgs,
            public_dns,
            service_prefixes,
            intents,
            vnets,
            subnets,
            peerings,
            route_tables,
            nsgs,
            vms,
            firewalls,
            gateways,
            sites,
            paas,
            private_endpoints,
            dns_zones,
            resolvers,
            rulesets,
            settings,
            traffic,
            questions,
        },
    )
}

/// Any values at all, far out of the stored range included (reading clamps them).
pub fn rect() -> impl Strategy<Value = Rect> {
    any::<[i32; 4]>().prop_map(|[x, y, w, h]| Rect::new(x, y, w, h))
}

pub fn layout() -> impl Strategy<Value = Layout> {
    btree_map(id(), rect(), 0..4).prop_map(|rects| Layout { rects })
}

/// A whole document at the current schema, as a file can hold it: ids may repeat (the pool is
/// small), so reading it repairs them.
pub fn raw_document() -> impl Strategy<Value = Document> {
    (design(), layout()).prop_map(|(design, layout)| Document::new(design, layout))
}

/// A whole document as reading leaves it: repeated ids repaired (`codec::restore`) and rects
/// clamped (`Rect::clamped`), so it reads back exactly.
pub fn document() -> impl Strategy<Value = Document> {
    raw_document().prop_map(|mut doc| {
        repair_ids(&mut doc.design);
        doc.layout.rects.values_mut().for_each(|r| *r = r.clamped());
        doc
    })
}
