//! Tests across the checks: the catalog, the seed lab, a trigger for every code, and the order
//! of diagnostics. The exact element and field of each finding are asserted in each module.

use super::fixture::{hub_spoke, peering, route_table, subnet, vnet, Ids};
use super::*;
use crate::build::DesignBuilder;
use crate::gallery;
use crate::model::*;
use ipnet::Ipv4Net;
use std::net::Ipv4Addr;

fn ip(s: &str) -> Ipv4Addr {
    s.parse().unwrap()
}

fn net(s: &str) -> Ipv4Net {
    s.parse().unwrap()
}

#[test]
fn the_fixture_is_clean() {
    assert_eq!(validate(&hub_spoke().0), vec![]);
}

#[test]
fn the_seed_lab_has_no_errors_or_warnings() {
    let d = gallery::seed_lab().unwrap();
    let diags = validate(&d);
    assert!(diags.iter().all(|x| x.severity != Severity::Error), "{diags:#?}");
    assert_eq!(diags, vec![], "the seed lab should be clean");
}

#[test]
fn every_gallery_design_has_no_errors() {
    for e in gallery::ENTRIES {
        let d = (e.build)().unwrap();
        let diags = validate(&d);
        for x in &diags {
            eprintln!("{}: {} {}", e.slug, x.code.as_str(), x.message);
        }
        let errors: Vec<_> = diags.into_iter().filter(|x| x.severity == Severity::Error).collect();
        assert_eq!(errors, vec![], "{}", e.slug);
    }
}

#[test]
fn the_generated_zone_is_clean_at_100_and_only_exceeds_the_peering_limit_at_1000() {
    let d = gallery::generated(100).unwrap();
    assert_eq!(validate(&d), vec![]);
    let d = gallery::generated(1000).unwrap();
    let found: Vec<_> = validate(&d).into_iter().map(|x| (x.code, x.element)).collect();
    assert_eq!(found, vec![(Code::TooManyPeerings, Some(d.vnets[0].id.clone()))]);
}

#[test]
fn every_code_is_triggered_by_a_design() {
    for &code in Code::ALL {
        let diags = validate(&trigger(code));
        assert!(diags.iter().any(|x| x.code == code), "{}: {diags:#?}", code.as_str());
        for x in &diags {
            assert_eq!(x.severity, x.code.severity());
            assert!(x.element.is_some(), "{x:?}");
            assert!(!x.message.is_empty(), "{x:?}");
        }
    }
}

#[test]
fn diagnostics_follow_design_order_then_code() {
    let (mut d, ids) = hub_spoke();
    d.private_endpoints[0].ip = ip("10.1.1.1");
    subnet(&mut d, &ids.data_subnet).prefix = net("10.1.1.5/24");
    subnet(&mut d, &ids.vm_subnet).nsg = Some(Id::from("gone"));
    d.nsgs[0].rules[0].priority = 5000;
    let diags = validate(&d);
    let got: Vec<_> = diags.iter().map(|x| (x.code, x.element.clone().unwrap())).collect();
    assert_eq!(
        got,
        vec![
            (Code::DanglingReference, ids.vm_subnet.clone()),
            (Code::CidrNotCanonical, ids.data_subnet.clone()),
            (Code::NsgPriorityOutOfRange, ids.nsg.clone()),
            (Code::IpReserved, ids.pe.clone()),
        ]
    );
    assert_eq!(validate(&d), diags, "deterministic");
}

#[test]
fn diagnostics_serialize_for_the_app() {
    let (mut d, ids) = hub_spoke();
    peering(&mut d, &ids.hub_to_spoke).allow_gateway_transit = false;
    let json = serde_json::to_value(validate(&d)).unwrap();
    assert_eq!(json[0]["code"], "remote-gateway-transit-off");
    assert_eq!(json[0]["severity"], "error");
    assert_eq!(json[0]["element"], ids.spoke_to_hub.as_str());
    assert_eq!(json[0]["field"], "useRemoteGateways");
}

/// A design that triggers `code` (and possibly others): the clean fixture with one thing broken.
/// The match is exhaustive, so a new code cannot be added without a trigger.
fn trigger(code: Code) -> Design {
    use Code as C;
    let (mut d, ids) = hub_spoke();
    match code {
        C::DuplicateId => d.vms[0].id = ids.hub.clone(),
        C::DanglingReference => subnet(&mut d, &ids.vm_subnet).nsg = Some(Id::from("gone")),
        C::DuplicateName => vnet(&mut d, &ids.spoke).name = "VNET-HUB".into(),
        C::NameRejectedByAzure => vnet(&mut d, &ids.spoke).name = "vnet spoke".into(),
        C::CidrNotCanonical => subnet(&mut d, &ids.data_subnet).prefix = net("10.1.1.5/24"),
        C::VnetWithoutAddressSpace => vnet(&mut d, &ids.spoke).address_space.clear(),
        C::AddressSpaceOverlap => vnet(&mut d, &ids.spoke).address_space.push(net("10.1.2.0/24")),
        C::SubnetOutsideVnet => subnet(&mut d, &ids.data_subnet).prefix = net("10.7.1.0/24"),
        C::SubnetOverlap => subnet(&mut d, &ids.data_subnet).prefix = net("10.1.0.0/23"),
        C::SubnetTooSmall => subnet(&mut d, &ids.data_subnet).prefix = net("10.1.1.0/30"),
        C::IpOutsideSubnet => d.private_endpoints[0].ip = ip("10.1.2.4"),
        C::IpReserved => d.private_endpoints[0].ip = ip("10.1.1.1"),
        C::DuplicateIp => {
            d.private_endpoints[0].subnet = ids.vm_subnet.clone();
            d.private_endpoints[0].ip = ip("10.1.0.4");
        }
        C::HostOutsideSite => d.sites[0].hosts[0].ip = ip("172.16.0.1"),
        C::SiteOverlapsVnet => d.sites[0].prefixes.push(net("10.1.0.0/16")),
        C::PeeringToSelf => peering(&mut d, &ids.spoke_to_hub).remote_vnet = ids.spoke.clone(),
        C::PeeringDuplicate => {
            let p = peering(&mut d, &ids.hub_to_spoke).clone();
            d.peerings.push(PeeringLink { id: Id::from("p-again"), ..p });
        }
        C::PeeringOverlap => vnet(&mut d, &ids.spoke).address_space.push(net("10.0.128.0/17")),
        C::PeeringOneWay => d.peerings.retain(|p| p.id != ids.hub_to_spoke),
        C::RemoteGatewayMissing => d.gateways.clear(),
        C::RemoteGatewayTransitOff => peering(&mut d, &ids.hub_to_spoke).allow_gateway_transit = false,
        C::UseRemoteGatewaysTwice => {
            let mut b = DesignBuilder::from_design(d);
            let hub2 = b.vnet("vnet-hub2", "eastus", &["10.9.0.0/16"]);
            let (to_hub2, _) = b.peer(&ids.spoke, &hub2);
            b.with_peering(&to_hub2, |p| p.use_remote_gateways = true);
            d = b.build().unwrap();
        }
        C::UseRemoteGatewaysWithOwnGateway => peering(&mut d, &ids.hub_to_spoke).use_remote_gateways = true,
        C::SystemOnlyNextHop => route_table(&mut d, &ids.rt_spoke).routes[0].next_hop_type = NextHopType::VNetPeering,
        C::NextHopIpMissing => route_table(&mut d, &ids.rt_spoke).routes[0].next_hop_ip = None,
        C::NextHopIpUnexpected => route_table(&mut d, &ids.rt_spoke).routes[0].next_hop_type = NextHopType::Internet,
        C::NextHopViaGateway => route_table(&mut d, &ids.rt_spoke).routes[0].next_hop_ip = Some(ip("192.168.1.4")),
        C::NextHopOutsideNetworks => route_table(&mut d, &ids.rt_spoke).routes[0].next_hop_ip = Some(ip("203.0.113.1")),
        C::NextHopUnassigned => route_table(&mut d, &ids.rt_spoke).routes[0].next_hop_ip = Some(ip("10.0.1.10")),
        C::NextHopWithoutIpForwarding => {
            route_table(&mut d, &ids.rt_spoke).routes[0].next_hop_ip = Some(ip("10.1.0.4"));
        }
        C::DuplicateRoutePrefix => {
            let t = route_table(&mut d, &ids.rt_spoke);
            let again = Route { name: "again".into(), ..t.routes[0].clone() };
            t.routes.push(again);
        }
        C::GatewayHopNotVpn => {
            d.gateways[0].kind = GatewayKind::ExpressRoute;
            let t = route_table(&mut d, &ids.rt_spoke);
            t.routes[0].next_hop_type = NextHopType::VirtualNetworkGateway;
            t.routes[0].next_hop_ip = None;
        }
        C::Vnet2VnetNotVpn | C::Vnet2VnetOneSided | C::Vnet2VnetOverlap => d = super::vnet2vnet_tests::trigger(code, d),
        C::GatewaySubnetPropagationDisabled => route_table(&mut d, &ids.rt_gw).disable_bgp_route_propagation = true,
        C::GatewaySubnetDefaultRoute => route_table(&mut d, &ids.rt_gw).routes[0].prefix = net("0.0.0.0/0"),
        C::NsgPriorityOutOfRange => d.nsgs[0].rules[0].priority = 4097,
        C::NsgPriorityDuplicate => {
            let again = NsgRule { name: "again".into(), ..d.nsgs[0].rules[0].clone() };
            d.nsgs[0].rules.push(again);
        }
        C::GatewayNextHopUnknown => d.gateways[0].connections[0].next_hops = vec![ip("10.0.255.9")],
        C::AsgMultipleVnets | C::AsgRuleMultipleVnets | C::TooManyAsgs | C::AsgWithAddress | C::AsgEmpty => {
            asg_trigger(&mut d, &ids, code)
        }
        C::NsgOnFirewallSubnet => subnet(&mut d, &ids.fw_subnet).nsg = Some(ids.nsg.clone()),
        C::NsgOnGatewaySubnet => subnet(&mut d, &ids.gw_subnet).nsg = Some(ids.nsg.clone()),
        C::FirewallSubnetName => subnet(&mut d, &ids.fw_subnet).name = "snet-fw".into(),
        C::FirewallSubnetTooSmall => subnet(&mut d, &ids.fw_subnet).prefix = net("10.0.1.0/27"),
        C::GatewaySubnetName => subnet(&mut d, &ids.gw_subnet).name = "snet-gw".into(),
        C::DedicatedSubnetInUse => {
            d.vms[0].nics[0].subnet = ids.fw_subnet.clone();
            d.vms[0].nics[0].ip = ip("10.0.1.10");
        }
        C::FirewallPriorityOutOfRange => d.firewalls[0].rule_collection_groups.push(RuleCollectionGroup {
            name: "low".into(),
            priority: 50,
            collections: vec![],
        }),
        C::FirewallBasicDnsProxy => {
            d.firewalls[0].sku = FirewallSku::Basic;
            d.firewalls[0].dns_proxy = true;
        }
        C::LbRuleInvalid => load_balancer(&mut d, &ids).rules[0].frontend_port = 443,
        C::LbHaPortsMixed => load_balancer(&mut d, &ids).rules.push(LbRule {
            name: "https".into(),
            protocol: Protocol::Tcp,
            frontend_port: 443,
            backend_port: 443,
        }),
        C::LbWithoutRules => load_balancer(&mut d, &ids).rules.clear(),
        C::LbBackendOtherVnet => load_balancer(&mut d, &ids).subnet = ids.dns_in_subnet.clone(),
        C::LbBackendWithoutIpForwarding => {
            load_balancer(&mut d, &ids);
            route_table(&mut d, &ids.rt_spoke).routes[0].next_hop_ip = Some(ip("10.1.0.10"));
        }
        C::NatGatewayPublicIps => nat_gateway(&mut d, &ids).public_ips.clear(),
        C::NatGatewayOnGatewaySubnet => nat_gateway(&mut d, &ids).subnets = vec![ids.gw_subnet.clone()],
        C::NatGatewayAcrossVnets => nat_gateway(&mut d, &ids).subnets.push(ids.dns_in_subnet.clone()),
        C::NatGatewaySharedSubnet => {
            let mut twin = nat_gateway(&mut d, &ids).clone();
            twin.id = Id::from("nat-twin");
            twin.name = "nat-twin".into();
            d.nat_gateways.push(twin);
        }
        C::UnknownService => d.paas[0].service = "mainframe".into(),
        C::UnknownSubResource => {
            d.private_endpoints[0].target =
                PeTarget::Paas { resource: ids.storage.clone(), sub_resource: "vault".into() }
        }
        C::UnknownServiceEndpoint => {
            subnet(&mut d, &ids.data_subnet).service_endpoints[0].service = "Microsoft.Nope".into()
        }
        C::AllowedSubnetWithoutEndpoint => subnet(&mut d, &ids.data_subnet).service_endpoints.clear(),
        C::ZoneGroupWrongZone => d.dns_zones[0].name = "privatelink.file.core.windows.net".into(),
        C::ZoneLinkedTwice => {
            let again = ZoneLink { id: Id::from("zl-again"), ..d.dns_zones[0].links[0].clone() };
            d.dns_zones[0].links.push(again);
        }
        C::ZoneNameConflict => {
            let mut twin = d.dns_zones[0].clone();
            twin.id = Id::from("z-twin");
            twin.links[0].id = Id::from("zl-twin");
            d.dns_zones.push(twin);
        }
        C::TooManyAutoregistrationZones => {
            let mut corp = d.dns_zones[0].clone();
            corp.id = Id::from("z-corp");
            corp.name = "corp.contoso.com".into();
            corp.links[0].id = Id::from("zl-corp");
            d.dns_zones.push(corp);
            for z in &mut d.dns_zones {
                z.links[0].registration_enabled = true;
            }
        }
        C::ForwardingDomainNoDot => d.rulesets[0].rules[0].domain = "corp.contoso.com".into(),
        C::ForwardingTargetAzureDns => d.rulesets[0].rules[0].targets[0] = DnsTarget::new(ip("168.63.129.16")),
        C::ForwardingTargetCount => d.rulesets[0].rules[0].targets.clear(),
        C::TooManyRulesets => {
            let mut second = d.rulesets[0].clone();
            second.id = Id::from("fr-second");
            second.name = "frs-second".into();
            d.rulesets.push(second);
        }
        C::TooManyResolvers => {
            let mut second = d.resolvers[0].clone();
            second.id = Id::from("dr-second");
            second.name = "dnspr-second".into();
            second.inbound_endpoints.clear();
            second.outbound_endpoints.clear();
            d.resolvers.push(second);
        }
        C::ResolverSubnetNotDelegated => subnet(&mut d, &ids.dns_in_subnet).delegation = None,
        C::ResolverSubnetSize => subnet(&mut d, &ids.dns_out_subnet).prefix = net("10.0.3.16/29"),
        C::ResolverSubnetShared => d.resolvers[0].outbound_endpoints[0].subnet = ids.dns_in_subnet.clone(),
        C::ResolverEndpointOtherVnet => d.resolvers[0].outbound_endpoints[0].subnet = ids.data_subnet.clone(),
        C::CnameAndOtherData => {
            let record = |data| DnsRecord { name: "app".into(), data };
            d.dns_zones[0].records.push(record(RecordData::Cname { target: "web".into() }));
            d.dns_zones[0].records.push(record(RecordData::A { ips: vec![ip("10.1.1.9")] }));
        }
        C::ZoneRecordOwnedByEndpoint => {
            let name = d.paas[0].name.clone();
            d.dns_zones[0].records.push(DnsRecord { name, data: RecordData::A { ips: vec![ip("10.1.1.4")] } });
        }
        C::ZoneGroupNameTaken => {
            let twin =
                PrivateEndpoint { id: Id::from("pe-twin"), ip: ip("10.1.1.5"), ..d.private_endpoints[0].clone() };
            d.private_endpoints.push(twin);
        }
        C::TooManyRoutes => {
            let t = route_table(&mut d, &ids.rt_spoke);
            let template = t.routes[0].clone();
            t.routes = (0..401u32)
                .map(|i| Route {
                    name: format!("r{i}"),
                    prefix: Ipv4Net::new(Ipv4Addr::from(0x0a00_0000 + (i << 8)), 24).unwrap(),
                    ..template.clone()
                })
                .collect();
        }
        C::TooManyPeerings => {
            d = with_vnets(d, &ids, 500, |b, ids, v| {
                b.peer(&ids.hub, v);
            })
        }
        C::TooManyZoneLinks => {
            d = with_vnets(d, &ids, 1000, |b, ids, v| {
                b.link_zone(&ids.zone, v);
            })
        }
        C::TooManyAutoregistrationLinks => {
            d = with_vnets(d, &ids, 101, |b, ids, v| {
                b.link_zone(&ids.zone, v);
            });
            d.dns_zones[0].links.iter_mut().for_each(|l| l.registration_enabled = true);
        }
        C::TooManyPrivateEndpoints => {
            let mut b = DesignBuilder::from_design(d);
            let big = b.subnet(&ids.spoke, "snet-pe", "10.1.64.0/20");
            for i in 0..1000u32 {
                let addr = Ipv4Addr::from(0x0a01_4004 + i).to_string();
                b.private_endpoint(&format!("pe{i}"), &big, &addr, &ids.storage, "blob");
            }
            d = b.build().unwrap();
        }
        C::TooManyFirewalls => {
            let mut b = DesignBuilder::from_design(d);
            b.firewall("afw-second", &ids.fw_subnet, "10.0.1.5");
            d = b.build().unwrap();
        }
        C::TooManyGateways => {
            let mut b = DesignBuilder::from_design(d);
            b.gateway("vpngw-second", &ids.gw_subnet, GatewayKind::Vpn, "VpnGw1AZ", &[]);
            d = b.build().unwrap();
        }
        C::TooManyZoneRecords => {
            let record = DnsRecord { name: "x".into(), data: RecordData::A { ips: vec![ip("10.1.1.9")] } };
            d.dns_zones[0].records = vec![record; 25_001];
        }
        C::TooManyForwardingRules => {
            let rule = d.rulesets[0].rules[0].clone();
            d.rulesets[0].rules = vec![rule; 1001];
        }
    }
    d
}

/// A clean internal load balancer in the spoke's VM subnet, the VM behind it (HA ports).
fn load_balancer<'d>(d: &'d mut Design, ids: &Ids) -> &'d mut LoadBalancer {
    d.load_balancers.push(LoadBalancer {
        id: Id::from("lb-spoke"),
        name: "ilb-spoke".into(),
        subnet: ids.vm_subnet.clone(),
        frontend_ip: ip("10.1.0.10"),
        backends: vec![LbBackend { nic: d.vms[0].nics[0].id.clone(), healthy: true }],
        rules: vec![LbRule { name: "ha".into(), protocol: Protocol::Any, frontend_port: 0, backend_port: 0 }],
        probe: Some(LbProbe { protocol: ProbeProtocol::Tcp, port: 22 }),
        meta: Default::default(),
    });
    let last = d.load_balancers.len() - 1;
    &mut d.load_balancers[last]
}

/// A clean NAT gateway on the spoke's VM subnet.
fn nat_gateway<'d>(d: &'d mut Design, ids: &Ids) -> &'d mut NatGateway {
    d.nat_gateways.push(NatGateway {
        id: Id::from("nat-spoke"),
        name: "nat-spoke".into(),
        public_ips: vec![ip("203.0.113.10")],
        subnets: vec![ids.vm_subnet.clone()],
        meta: Default::default(),
    });
    let last = d.nat_gateways.len() - 1;
    &mut d.nat_gateways[last]
}

/// The design with `n` more small VNets, each passed to `f` (to peer it, link it…).
fn with_vnets(d: Design, ids: &Ids, n: usize, f: impl Fn(&mut DesignBuilder, &Ids, &Id)) -> Design {
    let mut b = DesignBuilder::from_design(d);
    for i in 0..n {
        let range = format!("10.{}.{}.0/24", 100 + i / 256, i % 256);
        let v = b.vnet(&format!("vnet-extra{i}"), "eastus", &[&range]);
        f(&mut b, ids, &v);
    }
    b.build().unwrap()
}

/// The ASG triggers: groups of the spoke VM's NIC and of a NIC added in the hub, named by a new
/// rule of the fixture's NSG.
fn asg_trigger(d: &mut Design, ids: &Ids, code: Code) {
    let spoke_nic = d.vms[0].nics[0].clone();
    let mut hub_nic = spoke_nic.clone();
    hub_nic.id = Id::from("nic-hub");
    hub_nic.name = "nic-hub".into();
    hub_nic.subnet = ids.dns_in_subnet.clone();
    hub_nic.ip = ip("10.0.3.6");
    d.vms[0].nics.push(hub_nic.clone());
    let group = |id: &str, nics: Vec<Id>| Asg { id: Id::from(id), name: id.into(), nics, meta: Default::default() };
    d.asgs = vec![
        group("asg-spoke", vec![spoke_nic.id.clone()]),
        group("asg-hub", vec![hub_nic.id.clone()]),
        group("asg-empty", vec![]),
    ];
    let mut rule = d.nsgs[0].rules[0].clone();
    rule.name = "groups".into();
    rule.priority = 4000;
    rule.source = AddressMatch::Any;
    rule.destination = AddressMatch::Any;
    rule.source_asgs = vec![Id::from("asg-spoke")];
    match code {
        Code::AsgMultipleVnets => d.asgs[0].nics.push(hub_nic.id),
        Code::AsgRuleMultipleVnets => rule.destination_asgs = vec![Id::from("asg-hub")],
        Code::TooManyAsgs => rule.source_asgs = vec![Id::from("asg-spoke"); 11],
        Code::AsgWithAddress => rule.source = AddressMatch::Prefix(net("10.9.0.0/16")),
        _ => rule.destination_asgs = vec![Id::from("asg-empty")],
    }
    d.nsgs[0].rules.push(rule);
}
