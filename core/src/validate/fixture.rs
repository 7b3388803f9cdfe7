//! A clean hub-and-spoke design with one element of nearly every kind, which validates without a
//! single diagnostic. Tests break one thing in it and expect exactly the finding that names it.

use crate::build::{nsg_rule, udr, DesignBuilder};
use crate::id::{Id, IdKind};
use crate::model::*;
use std::net::Ipv4Addr;

pub(super) struct Ids {
    pub hub: Id,
    pub spoke: Id,
    pub fw_subnet: Id,
    pub gw_subnet: Id,
    pub dns_in_subnet: Id,
    pub dns_out_subnet: Id,
    pub vm_subnet: Id,
    pub data_subnet: Id,
    pub fw: Id,
    pub gw: Id,
    pub site: Id,
    pub rt_spoke: Id,
    pub rt_gw: Id,
    pub nsg: Id,
    pub vm: Id,
    pub hub_to_spoke: Id,
    pub spoke_to_hub: Id,
    pub storage: Id,
    pub pe: Id,
    pub zone: Id,
    pub resolver: Id,
    pub ruleset: Id,
    pub traffic: Id,
    pub question: Id,
}

/// Hub (firewall, VPN gateway with transit, DNS private resolver and ruleset, privatelink zone)
/// and one spoke (a VM behind a route table and NSG, a private endpoint to blob storage).
pub(super) fn hub_spoke() -> (Design, Ids) {
    let mut b = DesignBuilder::new("fixture");
    let hub = b.vnet("vnet-hub", "eastus", &["10.0.0.0/16"]);
    let spoke = b.vnet("vnet-spoke", "eastus", &["10.1.0.0/16"]);
    let fw_subnet = b.subnet(&hub, "AzureFirewallSubnet", "10.0.1.0/26");
    let gw_subnet = b.subnet(&hub, "GatewaySubnet", "10.0.255.0/27");
    let dns_in_subnet = b.subnet(&hub, "snet-dns-in", "10.0.3.0/28");
    let dns_out_subnet = b.subnet(&hub, "snet-dns-out", "10.0.3.16/28");
    for s in [&dns_in_subnet, &dns_out_subnet] {
        b.with_subnet(s, |s| s.delegation = Some("Microsoft.Network/dnsResolvers".into()));
    }
    let vm_subnet = b.subnet(&spoke, "snet-vm", "10.1.0.0/24");
    let data_subnet = b.subnet(&spoke, "snet-data", "10.1.1.0/24");
    b.with_subnet(&data_subnet, |s| {
        s.service_endpoints = vec![ServiceEndpoint { service: "Microsoft.Storage".into(), locations: vec![] }]
    });

    let fw = b.firewall("afw-hub", &fw_subnet, "10.0.1.4");
    let gw = b.gateway("vpngw-hub", &gw_subnet, GatewayKind::Vpn, "VpnGw1AZ", &["10.0.255.4", "10.0.255.5"]);
    let site = b.site("onprem", &["192.168.0.0/16"]);
    b.host(&site, "onprem-app", "192.168.1.10");
    b.connect_site(&gw, &site, &["192.168.0.0/16"]);

    let to_fw = |name, prefix| udr(name, prefix, NextHopType::VirtualAppliance, Some("10.0.1.4"));
    let rt_spoke = b.route_table("rt-spoke", true, &[to_fw("default-to-fw", "0.0.0.0/0")], &[&vm_subnet]);
    let rt_gw = b.route_table("rt-gateway", false, &[to_fw("spoke-to-fw", "10.1.0.0/16")], &[&gw_subnet]);
    let https =
        nsg_rule("allow-https", 100, Direction::Inbound, Access::Allow, Protocol::Tcp, "VirtualNetwork", "*", "443")
            .unwrap();
    let nsg = b.nsg("nsg-vm", vec![https], &[&vm_subnet]);
    let (vm, nic) = b.vm("vm-app", &vm_subnet, "10.1.0.4");

    let (hub_to_spoke, spoke_to_hub) = b.peer(&hub, &spoke);
    b.with_peering(&hub_to_spoke, |p| p.allow_gateway_transit = true);
    b.with_peering(&spoke_to_hub, |p| {
        p.use_remote_gateways = true;
        p.allow_forwarded_traffic = true;
    });

    let storage = b.paas("stfixture", "storage", "eastus", "198.18.0.10");
    let pe = b.private_endpoint("pe-blob", &data_subnet, "10.1.1.4", &storage, "blob");
    let zone = b.zone("privatelink.blob.core.windows.net");
    b.link_zone(&zone, &hub);

    let resolver = b.next_id(IdKind::Resolver);
    let inbound = b.next_id(IdKind::ResolverEndpoint);
    let outbound = b.next_id(IdKind::ResolverEndpoint);
    let ruleset = b.next_id(IdKind::Ruleset);
    let traffic = b.next_id(IdKind::Traffic);
    let question = b.next_id(IdKind::Question);
    let d = b.design_mut();
    if let Some(p) = d.paas.iter_mut().find(|p| p.id == storage) {
        p.allowed_subnets = vec![data_subnet.clone()];
    }
    if let Some(p) = d.private_endpoints.iter_mut().find(|p| p.id == pe) {
        p.dns_zone_group = vec![zone.clone()];
    }
    d.resolvers.push(DnsResolver {
        meta: Default::default(),
        id: resolver.clone(),
        name: "dnspr-hub".into(),
        vnet: hub.clone(),
        inbound_endpoints: vec![InboundEndpoint {
            meta: Default::default(),
            id: inbound,
            name: "in".into(),
            subnet: dns_in_subnet.clone(),
            ip: Ipv4Addr::new(10, 0, 3, 4),
        }],
        outbound_endpoints: vec![OutboundEndpoint {
            meta: Default::default(),
            id: outbound.clone(),
            name: "out".into(),
            subnet: dns_out_subnet.clone(),
        }],
    });
    d.rulesets.push(ForwardingRuleset {
        meta: Default::default(),
        id: ruleset.clone(),
        name: "frs-hub".into(),
        outbound_endpoints: vec![outbound.clone()],
        rules: vec![ForwardingRule {
            name: "corp".into(),
            domain: "corp.contoso.com.".into(),
            targets: vec![DnsTarget::new(Ipv4Addr::new(192, 168, 1, 53))],
            enabled: true,
        }],
        vnet_links: vec![hub.clone()],
    });
    d.traffic.push(TrafficAssumption {
        id: traffic.clone(),
        from: vm.clone(),
        to: pe.clone(),
        gb_per_month: 100,
        gb_per_month_back: 100,
    });
    d.questions.push(Question {
        id: question.clone(),
        title: "app to blob".into(),
        ask: Ask::Trace {
            from: FlowSource::Nic { id: nic.clone() },
            to: Ipv4Addr::new(10, 1, 1, 4),
            protocol: Protocol::Tcp,
            port: 443,
        },
    });
    let ids = Ids {
        hub,
        spoke,
        fw_subnet,
        gw_subnet,
        dns_in_subnet,
        dns_out_subnet,
        vm_subnet,
        data_subnet,
        fw,
        gw,
        site,
        rt_spoke,
        rt_gw,
        nsg,
        vm,
        hub_to_spoke,
        spoke_to_hub,
        storage,
        pe,
        zone,
        resolver,
        ruleset,
        traffic,
        question,
    };
    (b.build().unwrap(), ids)
}

/// `(code, element, field)` of every diagnostic, for exact assertions.
pub(super) fn found(d: &Design) -> Vec<(super::Code, Id, String)> {
    super::validate(d).into_iter().map(|x| (x.code, x.element.unwrap_or_default(), x.field)).collect()
}

/// Shorthand for one expected finding.
pub(super) fn at(code: super::Code, element: &Id, field: &str) -> (super::Code, Id, String) {
    (code, element.clone(), field.to_string())
}

/// Mutable access by id, for tests that break one element.
pub(super) fn subnet<'d>(d: &'d mut Design, id: &Id) -> &'d mut Subnet {
    d.subnets.iter_mut().find(|s| &s.id == id).unwrap()
}

pub(super) fn vnet<'d>(d: &'d mut Design, id: &Id) -> &'d mut Vnet {
    d.vnets.iter_mut().find(|s| &s.id == id).unwrap()
}

pub(super) fn peering<'d>(d: &'d mut Design, id: &Id) -> &'d mut PeeringLink {
    d.peerings.iter_mut().find(|s| &s.id == id).unwrap()
}

pub(super) fn route_table<'d>(d: &'d mut Design, id: &Id) -> &'d mut RouteTable {
    d.route_tables.iter_mut().find(|s| &s.id == id).unwrap()
}
