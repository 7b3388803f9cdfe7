//! Validation at scale: a generated landing zone shaped like the benchmark design of DECISIONS 21
//! (N spokes of 4 subnets, 4 VMs, 2 private endpoints and 2 route tables each, peered to a hub with
//! firewall, VPN gateway, resolver and ruleset). It must validate in well under 100 ms natively
//! at 1,000 spokes, and report only what is wrong with it: the hub's 1,000 peerings exceed L-5.

use super::fixture::found;
use super::*;
use crate::build::{udr, DesignBuilder};
use crate::id::IdKind;
use crate::model::*;
use std::net::Ipv4Addr;

fn landing_zone(spokes: u32) -> Design {
    let mut b = DesignBuilder::new("landing zone");
    let hub = b.vnet("vnet-hub", "eastus", &["10.0.0.0/16"]);
    let fw_subnet = b.subnet(&hub, "AzureFirewallSubnet", "10.0.1.0/26");
    let gw_subnet = b.subnet(&hub, "GatewaySubnet", "10.0.255.0/27");
    let dns_in = b.subnet(&hub, "snet-dns-in", "10.0.3.0/28");
    let dns_out = b.subnet(&hub, "snet-dns-out", "10.0.3.16/28");
    for s in [&dns_in, &dns_out] {
        b.with_subnet(s, |s| s.delegation = Some("Microsoft.Network/dnsResolvers".into()));
    }
    b.firewall("afw-hub", &fw_subnet, "10.0.1.4");
    let gw = b.gateway("vpngw-hub", &gw_subnet, GatewayKind::Vpn, "VpnGw2AZ", &["10.0.255.4", "10.0.255.5"]);
    let site = b.site("onprem", &["192.168.0.0/16"]);
    let learned: Vec<String> = (0..20).map(|i| format!("192.168.{i}.0/24")).collect();
    let learned: Vec<&str> = learned.iter().map(String::as_str).collect();
    b.connect_site(&gw, &site, &learned);
    let blob = b.zone("privatelink.blob.core.windows.net");
    let file = b.zone("privatelink.file.core.windows.net");
    b.link_zone(&blob, &hub);
    b.link_zone(&file, &hub);

    for i in 0..spokes {
        let base = 0x0a10_0000 + i * 0x400;
        let cidr = |offset: u32, len: u8| format!("{}/{len}", Ipv4Addr::from(base + offset));
        let at = |offset: u32| Ipv4Addr::from(base + offset).to_string();
        let range = cidr(0, 22);
        let spoke = b.vnet(&format!("vnet-spoke{i}"), "eastus", &[&range]);
        b.vnet_dns_servers(&spoke, &["10.0.3.4"]);
        let data = b.subnet(&spoke, "snet-data", &cidr(0x200, 24));
        b.subnet(&spoke, "snet-spare", &cidr(0x300, 24));
        for w in 0..2u32 {
            let subnet = b.subnet(&spoke, &format!("snet-work{w}"), &cidr(w * 0x100, 24));
            for v in 0..2u32 {
                b.vm(&format!("vm-s{i}-w{w}-{v}"), &subnet, &at(w * 0x100 + 4 + v));
            }
            let routes = [
                udr("default", "0.0.0.0/0", NextHopType::VirtualAppliance, Some("10.0.1.4")),
                udr("spoke", &range, NextHopType::VirtualAppliance, Some("10.0.1.4")),
            ];
            b.route_table(&format!("rt-s{i}-w{w}"), true, &routes, &[&subnet]);
        }
        let storage = b.paas(&format!("stspoke{i}"), "storage", "eastus", "198.18.0.10");
        b.private_endpoint(&format!("pe-s{i}-blob"), &data, &at(0x204), &storage, "blob");
        b.private_endpoint(&format!("pe-s{i}-file"), &data, &at(0x205), &storage, "file");
        let (to_spoke, to_hub) = b.peer(&hub, &spoke);
        b.with_peering(&to_spoke, |p| p.allow_gateway_transit = true);
        b.with_peering(&to_hub, |p| {
            p.use_remote_gateways = true;
            p.allow_forwarded_traffic = true;
        });
    }

    let resolver = b.next_id(IdKind::Resolver);
    let inbound = b.next_id(IdKind::ResolverEndpoint);
    let outbound = b.next_id(IdKind::ResolverEndpoint);
    let ruleset = b.next_id(IdKind::Ruleset);
    let d = b.design_mut();
    d.resolvers.push(DnsResolver {
        meta: Default::default(),
        id: resolver,
        name: "dnspr-hub".into(),
        vnet: hub.clone(),
        inbound_endpoints: vec![InboundEndpoint {
            meta: Default::default(),
            id: inbound,
            name: "in".into(),
            subnet: dns_in,
            ip: Ipv4Addr::new(10, 0, 3, 4),
        }],
        outbound_endpoints: vec![OutboundEndpoint {
            meta: Default::default(),
            id: outbound.clone(),
            name: "out".into(),
            subnet: dns_out,
        }],
    });
    d.rulesets.push(ForwardingRuleset {
        meta: Default::default(),
        id: ruleset,
        name: "frs-hub".into(),
        outbound_endpoints: vec![outbound],
        rules: vec![ForwardingRule {
            name: "onprem".into(),
            domain: "corp.contoso.com.".into(),
            targets: vec![DnsTarget::new(Ipv4Addr::new(192, 168, 1, 53))],
            enabled: true,
        }],
        vnet_links: vec![hub],
    });
    b.build().unwrap()
}

#[test]
fn a_small_landing_zone_is_clean() {
    assert_eq!(validate(&landing_zone(10)), vec![]);
}

#[test]
fn a_thousand_spokes_only_exceed_the_peering_limit() {
    let d = landing_zone(1000);
    let hub = d.vnets[0].id.clone();
    assert_eq!(found(&d), vec![(Code::TooManyPeerings, hub, String::new())]);
    // Its speed is measured by the engine benchmark (BENCHMARKS.md), never timed in a test.
}
