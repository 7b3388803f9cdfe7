//! Gallery 10 and every benchmark: the generated landing zone of DECISIONS 21.
//!
//! Address plan (no overlap up to [`MAX_SPOKES`]): hub `10.0.0.0/16`; spoke *i* (0-based) is the
//! /22 at `10.128.0.0 + i × 1024` inside `10.128.0.0/9`, with `snet-web` (.0/24), `snet-app`
//! (+1/24), `snet-data` (+2/24) and `snet-spare` (+3/24); on-premises is `172.16.0.0/12`, of
//! which the gateway learns twenty /18s. Names carry the 1-based spoke number, zero-padded to
//! four digits (`vnet-spoke-0001`), so they sort in order.
//!
//! Deterministic (ids and names are a function of `spokes`) and linear in `spokes`: the builder
//! finds what was just added at the end of its lists.

use super::common::{firewall, gateway, to_fw, Built, FW_IP};
use crate::build::{app_rule, net_rule, AppRule, BuildError, DesignBuilder, NetRule, HTTPS};
use crate::id::Id;
use crate::model::*;
use std::net::Ipv4Addr;

const REGION: &str = "eastus";
/// The resolver's inbound endpoint: every spoke's DNS server.
const INBOUND_IP: &str = "10.0.10.4";
/// Spokes live in 10.128.0.0/9 as /22s.
const SPOKE_BASE: Ipv4Addr = Ipv4Addr::new(10, 128, 0, 0);
const SPOKE_SIZE: u32 = 1024;
/// How many /22 spokes fit in 10.128.0.0/9.
pub const MAX_SPOKES: usize = 8192;

/// The benchmark design with `spokes` spokes (DECISIONS 21). Each spoke has two workload subnets
/// with two VMs each and a route table each (`0.0.0.0/0` and the spoke's range → the hub
/// firewall, gateway propagation off), a data subnet with private endpoints for the blob and
/// file services of its own storage account, and an empty spare subnet; it is peered with the
/// hub with gateway transit and uses the resolver's inbound endpoint as DNS server. The hub holds
/// Azure Firewall (10 network rules, 5 application rules), a VPN gateway learning 20 on-premises
/// prefixes from the site, a DNS private resolver (inbound and outbound endpoints) with a
/// forwarding ruleset, and the blob and file privatelink zones (linked to the hub only).
///
/// Over 500 spokes the hub exceeds Azure's 500 peerings (L-5), on purpose (DECISIONS 8).
///
/// What the design shows, as DECISIONS 21 defines it: spoke ↔ spoke and spoke → resolver flows
/// cross the firewall both ways; a spoke's TCP to its own endpoints bypasses the firewall (the
/// /32, E-3); TCP to another spoke's endpoint has no way back without SNAT (E-11, E-13); and
/// hybrid flows are asymmetric (F-12): spokes send on-premises traffic to the firewall, while
/// the GatewaySubnet has no route table. A summary UDR there (`10.128.0.0/9`) would lose to the
/// spokes' /22 peering routes, and one UDR per spoke exceeds 400 routes (L-1) past 400 spokes.
pub fn generated(spokes: usize) -> Result<Design, BuildError> {
    if spokes > MAX_SPOKES {
        return Err(BuildError(format!("{spokes} spokes do not fit 10.128.0.0/9; at most {MAX_SPOKES} do")));
    }
    let mut b = DesignBuilder::new(&format!("Landing zone with {spokes} spokes (generated)"));
    let hub = b.vnet("vnet-hub", REGION, &["10.0.0.0/16"]);
    let fw = firewall(&mut b, &hub);
    let inbound = b.subnet(&hub, "snet-dns-inbound", "10.0.10.0/28");
    let outbound = b.subnet(&hub, "snet-dns-outbound", "10.0.10.16/28");

    let site = b.site("onprem-dc", &["172.16.0.0/12"]);
    b.host(&site, "onprem-client", "172.16.10.10");
    let dns = b.onprem_dns(&site, "dns-onprem", "172.16.0.53");
    for zone in ["blob.core.windows.net", "file.core.windows.net"] {
        b.conditional_forwarder(&dns, zone, &[INBOUND_IP]);
    }
    // Twenty /18s: 172.16.0.0/18, 172.16.64.0/18, … 172.20.192.0/18.
    let learned: Vec<String> = (0..20u32)
        .map(|i| format!("{}/18", Ipv4Addr::from(u32::from(Ipv4Addr::new(172, 16, 0, 0)) + (i << 14))))
        .collect();
    let learned: Vec<&str> = learned.iter().map(String::as_str).collect();
    gateway(&mut b, &hub, GatewayKind::Vpn, &site, &learned);

    let (_, out) = b.resolver("dnspr-hub", &hub, (&inbound, INBOUND_IP), &outbound);
    let ruleset = b.ruleset("dnsfrs-hub", &out, &[&hub]);
    b.forwarding_rule(&ruleset, "corp-contoso", "corp.contoso.com.", &["172.16.0.53"]);

    let blob = b.zone("privatelink.blob.core.windows.net");
    let file = b.zone("privatelink.file.core.windows.net");
    b.link_zone(&blob, &hub);
    b.link_zone(&file, &hub);
    firewall_rules(&mut b, &fw);

    for i in 0..spokes {
        spoke(&mut b, &hub, i, [&blob, &file]);
    }
    b.build()
}

/// Gallery 10: the generated design with 100 spokes.
pub fn large_landing_zone() -> Built {
    generated(100)
}

/// Spoke `i` (0-based), as described on [`generated`].
fn spoke(b: &mut DesignBuilder, hub: &Id, i: usize, [blob, file]: [&Id; 2]) {
    let n = i + 1;
    // `i < MAX_SPOKES`, so the offset stays inside 10.128.0.0/9.
    let base = u32::from(SPOKE_BASE) + (i as u32) * SPOKE_SIZE;
    let at = |offset: u32| Ipv4Addr::from(base + offset).to_string();
    let cidr = |offset: u32, len: u8| format!("{}/{len}", at(offset));
    let range = cidr(0, 22);
    let vnet = b.vnet(&format!("vnet-spoke-{n:04}"), REGION, &[&range]);
    b.vnet_dns_servers(&vnet, &[INBOUND_IP]);
    for (w, tier) in (0u32..).zip(["web", "app"]) {
        let subnet = b.subnet(&vnet, &format!("snet-{tier}"), &cidr(w * 256, 24));
        for v in 1..=2u32 {
            b.vm(&format!("vm-{n:04}-{tier}-{v}"), &subnet, &at(w * 256 + 3 + v));
        }
        let routes = [to_fw("default-to-afw", "0.0.0.0/0"), to_fw("spoke-to-afw", &range)];
        b.route_table(&format!("rt-spoke-{n:04}-{tier}"), true, &routes, &[&subnet]);
    }
    let data = b.subnet(&vnet, "snet-data", &cidr(512, 24));
    b.subnet(&vnet, "snet-spare", &cidr(768, 24));
    // A synthetic public IP inside storage's 198.18.0.0/20.
    let public_ip = Ipv4Addr::from(u32::from(Ipv4Addr::new(198, 18, 0, 16)) + (i as u32 % 4000)).to_string();
    let account = format!("stlz{n:04}");
    let storage = b.paas(&account, "storage", REGION, &public_ip);
    for (k, (sub, zone)) in (0u32..).zip([("blob", blob), ("file", file)]) {
        let pe = b.private_endpoint(&format!("pe-{account}-{sub}"), &data, &at(512 + 4 + k), &storage, sub);
        b.zone_group(&pe, zone);
    }
    b.peer_spoke(hub, &vnet, true);
}

/// Ten network rules and five application rules, in one rule collection group.
fn firewall_rules(b: &mut DesignBuilder, fw: &Id) {
    use Protocol::{Icmp, Tcp, Udp};
    let (spokes, onprem, any) = (["10.128.0.0/9"], ["172.16.0.0/12"], ["*"]);
    let network: [NetRule; 10] = [
        net_rule("spokes-to-onprem-https", &[Tcp], &spokes, &onprem, &["443"]),
        net_rule("onprem-to-spokes-https", &[Tcp], &onprem, &spokes, &["443"]),
        net_rule("onprem-to-spokes-rdp", &[Tcp], &onprem, &spokes, &["3389"]),
        net_rule("onprem-to-spokes-ssh", &[Tcp], &onprem, &spokes, &["22"]),
        net_rule("spokes-to-dns", &[Udp, Tcp], &spokes, &[INBOUND_IP, FW_IP], &["53"]),
        net_rule("spoke-to-spoke-https", &[Tcp], &spokes, &spokes, &["443"]),
        net_rule("spoke-to-spoke-sql", &[Tcp], &spokes, &spokes, &["1433"]),
        net_rule("spoke-to-spoke-icmp", &[Icmp], &spokes, &spokes, &["*"]),
        net_rule("spokes-to-ntp", &[Udp], &spokes, &any, &["123"]),
        net_rule("spokes-to-kms", &[Tcp], &spokes, &any, &["1688"]),
    ];
    const HTTP: AppProtocol = AppProtocol { kind: AppProtocolKind::Http, port: 80 };
    let application: [AppRule; 5] = [
        app_rule("windows-update", &spokes, &[HTTPS, HTTP], &["*.windowsupdate.com", "*.update.microsoft.com"]),
        app_rule("ubuntu-updates", &spokes, &[HTTPS, HTTP], &["*.ubuntu.com"]),
        app_rule("github", &spokes, &[HTTPS], &["github.com", "*.githubusercontent.com"]),
        app_rule("azure-storage", &spokes, &[HTTPS], &["*.blob.core.windows.net", "*.file.core.windows.net"]),
        app_rule("azure-monitor", &spokes, &[HTTPS], &["*.monitor.azure.com", "*.ods.opinsights.azure.com"]),
    ];
    let group = ("rcg-landing-zone", 200);
    b.network_rules(fw, group, ("allow-network", 200), FirewallAction::Allow, &network);
    b.application_rules(fw, group, ("allow-web", 300), FirewallAction::Allow, &application);
}
