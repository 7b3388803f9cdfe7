//! Hybrid connectivity (issue 19 §1): VPN and ExpressRoute virtual network gateways, their
//! connections (site-to-site IPsec to a local network gateway, VNet-to-VNet to another gateway,
//! P-14, ExpressRoute to a circuit), local network gateways as on-premises sites, and what each
//! connection learned from `list-learned-routes` / `list-bgp-peer-status` output.
//!
//! There is no BGP to compute: a connection's learned prefixes are data. Given the learned
//! routes, each prefix keeps the gateway instances that learned it over EBGP as its next hops
//! without them a site-to-site connection learns its local network gateway's address
//! space, and a BGP or ExpressRoute connection is reported as "learned prefixes unknown".

mod connections;
mod learned;

use super::fields::{arr, bool_ci, field, ip, prefixes, ref_at, reference};
use super::shape::{get_ci, str_ci, Resource};
use super::Context;
use crate::model::{ElementKind, Gateway, GatewayKind, OnPremRouting, OnPremSite};
use learned::Learned;
use std::net::Ipv4Addr;

const GATEWAYS: &str = "microsoft.network/virtualnetworkgateways";
const LOCAL_GATEWAYS: &str = "microsoft.network/localnetworkgateways";
const CONNECTIONS: &str = "microsoft.network/connections";
const PUBLIC_IPS: &str = "microsoft.network/publicipaddresses";
pub(super) const CIRCUITS: &str = "microsoft.network/expressroutecircuits";

/// Reads gateways, local network gateways, connections and learned routes, in that order.
pub(super) fn read(cx: &mut Context<'_>) {
    let mut learned = Learned::collect(cx);
    for r in cx.of_kind(GATEWAYS) {
        gateway(cx, r, &learned);
    }
    for r in cx.of_kind(LOCAL_GATEWAYS) {
        site(cx, r);
    }
    let mut all = cx.of_kind(CONNECTIONS);
    // ExpressRoute connections take the BGP routes no site-to-site peer claimed: read them last.
    all.sort_by_key(|r| str_ci(&r.props, "connectionType").is_some_and(|t| t.eq_ignore_ascii_case("ExpressRoute")));
    for r in all {
        connections::read(cx, r, &mut learned);
    }
    connections::report_unused(cx, &learned);
    for r in cx.of_kind(CIRCUITS) {
        if !cx.is_consumed(r) {
            cx.skip(r, "an ExpressRoute circuit no connection of the input uses: the model's site is the far end of a connection");
        }
    }
}

/// A virtual network gateway in its `GatewaySubnet`.
fn gateway<'a>(cx: &mut Context<'a>, r: &'a Resource, learned: &Learned) {
    let p = &r.props;
    let kind = match str_ci(p, "gatewayType").unwrap_or("Vpn") {
        t if t.eq_ignore_ascii_case("Vpn") => GatewayKind::Vpn,
        t if t.eq_ignore_ascii_case("ExpressRoute") => GatewayKind::ExpressRoute,
        t => return cx.skip(r, format!("gateway type '{t}' is not modelled (VPN and ExpressRoute are)")),
    };
    let configs = arr(p, "ipConfigurations");
    let path = format!("{}#ipConfigurations", r.shown_id());
    let subnet_ref = configs.iter().find_map(|c| reference(cx, c, "subnet", &path));
    let Some(subnet) = subnet_ref.and_then(|s| cx.element_by_id(s)).cloned() else {
        let what = subnet_ref.unwrap_or("(none given)");
        return cx.skip(r, format!("its subnet {what} is not in the input; a gateway needs its GatewaySubnet"));
    };
    let sku = get_ci(p, "sku").unwrap_or(&r.sku);
    let sku = str_ci(sku, "name").unwrap_or_default().to_string();
    let active_active = bool_ci(p, "activeActive").unwrap_or(false);
    // ExpressRoute always runs BGP with the MSEEs; a VPN gateway says so in `enableBgp`.
    let bgp = kind == GatewayKind::ExpressRoute || bool_ci(p, "enableBgp").unwrap_or(false);
    let mut instance_ips = instances(p);
    if instance_ips.is_empty() && cx.of_kind(GATEWAYS).len() == 1 {
        let mut seen: Vec<Ipv4Addr> = learned.rows.iter().map(|row| row.local).collect();
        seen.sort();
        seen.dedup();
        if !seen.is_empty() {
            cx.assume(
                r.shown_id(),
                "instance IPs taken from the learned routes' localAddress (bgpSettings gives none)",
            );
            instance_ips = seen;
        }
    }
    if instance_ips.is_empty() {
        // A template's gateway has no bgpSettings yet: Azure gives the instances the first
        // addresses of the GatewaySubnet.
        instance_ips = first_free(&cx.design, &subnet, if active_active { 2 } else { 1 });
        let list: Vec<String> = instance_ips.iter().map(Ipv4Addr::to_string).collect();
        let text = format!(
            "instance IPs not given (no bgpSettings): assumed {}, the first free addresses of its GatewaySubnet (R-25)",
            list.join(", ")
        );
        cx.assume(r.shown_id(), text);
    } else if active_active && instance_ips.len() < 2 {
        cx.assume(r.shown_id(), "active-active, but bgpSettings names fewer than two instance IPs (R-25)");
    }
    let mut public_ip = None;
    for c in configs {
        let Some(pip) = ref_at(c, "publicIPAddress").and_then(|id| cx.resource_by_id(id)) else { continue };
        if pip.kind == PUBLIC_IPS {
            cx.consume(pip);
        }
        if public_ip.is_none() {
            public_ip = pip.prop("ipAddress").and_then(|v| v.as_str()).and_then(ip);
        }
    }
    super::fields::not_modelled(
        cx,
        r,
        &["natRules"],
        "NAT rules of a VPN gateway are not modelled: addresses are traced untranslated",
    );
    let p2s = get_ci(p, "vpnClientConfiguration")
        .map(|c| arr(field(c, "vpnClientAddressPool").unwrap_or(c), "addressPrefixes"));
    if p2s.is_some_and(|pool| !pool.is_empty()) {
        let path = format!("{}#vpnClientConfiguration", r.shown_id());
        cx.skip_part(path, "point-to-site configuration", "point-to-site VPN clients are not modelled");
    }
    let id = cx.alloc(ElementKind::Gateway);
    let meta = cx.meta(r);
    cx.design.gateways.push(Gateway {
        id: id.clone(),
        name: r.name.clone(),
        subnet,
        kind,
        sku,
        bgp,
        instance_ips,
        public_ip,
        connections: Vec::new(),
        meta,
    });
    cx.imported(r, ElementKind::Gateway, id);
}

/// The private instance IPs: `bgpSettings.bgpPeeringAddresses[].defaultBgpIpAddresses`, or
/// the comma-separated `bgpPeeringAddress`; APIPA custom addresses are not instance IPs.
pub(super) fn instances(p: &serde_json::Value) -> Vec<Ipv4Addr> {
    let Some(bgp) = get_ci(p, "bgpSettings") else { return Vec::new() };
    let mut out: Vec<Ipv4Addr> = arr(bgp, "bgpPeeringAddresses")
        .iter()
        .flat_map(|a| arr(a, "defaultBgpIpAddresses"))
        .filter_map(|v| v.as_str().and_then(ip))
        .collect();
    if out.is_empty() {
        out = peering_addresses(bgp);
    }
    out.retain(|a| !a.is_link_local());
    out.dedup();
    out
}

/// Custom (APIPA, 169.254.21.0–169.254.22.255) BGP addresses of the instances, each with the
/// instance's own address: learned routes and BGP sessions name the APIPA address when a
/// connection uses one, while R-25's next hop is the instance.
pub(super) fn apipa(p: &serde_json::Value) -> Vec<(Ipv4Addr, Ipv4Addr)> {
    let Some(bgp) = get_ci(p, "bgpSettings") else { return Vec::new() };
    let mut out = Vec::new();
    for a in arr(bgp, "bgpPeeringAddresses") {
        let Some(own) = arr(a, "defaultBgpIpAddresses").iter().find_map(|v| v.as_str().and_then(ip)) else { continue };
        out.extend(arr(a, "customBgpIpAddresses").iter().filter_map(|v| v.as_str().and_then(ip)).map(|c| (c, own)));
    }
    out
}

/// `bgpPeeringAddress` (comma-separated on an active-active gateway).
pub(super) fn peering_addresses(bgp: &serde_json::Value) -> Vec<Ipv4Addr> {
    str_ci(bgp, "bgpPeeringAddress").unwrap_or_default().split(',').filter_map(ip).collect()
}

/// A local network gateway as an on-premises site: its address space (learned prefixes are
/// added by its connections).
fn site<'a>(cx: &mut Context<'a>, r: &'a Resource) {
    let space = field(&r.props, "localNetworkAddressSpace").map_or(&[][..], |s| arr(s, "addressPrefixes"));
    let (prefixes, bad) = prefixes(space);
    for b in bad {
        cx.skip_part(
            format!("{}#localNetworkAddressSpace", r.shown_id()),
            "address prefix",
            format!("'{b}' is not an IPv4 prefix"),
        );
    }
    let id = cx.alloc(ElementKind::Site);
    let meta = cx.meta(r);
    cx.design.sites.push(OnPremSite {
        id: id.clone(),
        name: r.name.clone(),
        prefixes,
        hosts: Vec::new(),
        router: OnPremRouting::Advertised,
        internet_nat_ip: None,
        dns_servers: Vec::new(),
        meta,
    });
    cx.imported(r, ElementKind::Site, id);
}

/// The first `n` addresses of a subnet no element uses (`suggest::free_ip`, asked again with
/// each found address held by a stand-in gateway in a scratch copy).
fn first_free(design: &crate::model::Design, subnet: &crate::id::Id, n: usize) -> Vec<Ipv4Addr> {
    let mut probe = crate::model::Design { subnets: design.subnets.clone(), ..Default::default() };
    probe.vms = design.vms.clone();
    probe.firewalls = design.firewalls.clone();
    probe.load_balancers = design.load_balancers.clone();
    probe.gateways = design.gateways.clone();
    probe.private_endpoints = design.private_endpoints.clone();
    probe.resolvers = design.resolvers.clone();
    let mut out = Vec::new();
    for _ in 0..n {
        let Some(ip) = crate::suggest::free_ip(&probe, subnet) else { break };
        out.push(ip);
        probe.gateways.push(Gateway {
            id: Default::default(),
            name: String::new(),
            subnet: subnet.clone(),
            kind: GatewayKind::Vpn,
            sku: String::new(),
            bgp: false,
            instance_ips: vec![ip],
            public_ip: None,
            connections: Vec::new(),
            meta: Default::default(),
        });
    }
    out
}
