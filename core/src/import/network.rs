//! Virtual networks, subnets and peering links (AZURE.md R-1..R-5, P-1..P-8).
//!
//! VNets are read first, so a subnet or peering found anywhere in the input finds its VNet; a
//! peering's remote VNet outside the input becomes a placeholder (`meta.external`) with the
//! address space the peering reports (`remoteAddressSpace`), and — when Azure says the peering
//! is `Connected` — the reverse link it must have, assumed with Azure's defaults.

use super::context::ref_id;
use super::shape::{get_ci, name_of_id, str_ci, Resource};
use super::Context;
use crate::id::Id;
use crate::model::{ElementKind, PeNetworkPolicies, PeeringLink, ServiceEndpoint, Subnet, Vnet};
use ipnet::Ipv4Net;
use serde_json::Value;
use std::net::Ipv4Addr;

const VNET: &str = "microsoft.network/virtualnetworks";
const SUBNET: &str = "microsoft.network/virtualnetworks/subnets";
const PEERING: &str = "microsoft.network/virtualnetworks/virtualnetworkpeerings";

pub(super) fn read(cx: &mut Context<'_>) {
    let vnets = cx.of_kind(VNET);
    for r in &vnets {
        read_vnet(cx, r);
    }
    for r in cx.of_kind(SUBNET) {
        read_subnet(cx, r);
    }
    for r in cx.of_kind(PEERING) {
        read_peering(cx, r);
    }
}

/// Azure writes regions in several spellings (`West Europe`, `westeurope`).
pub(super) fn region(location: &str) -> String {
    location.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_ascii_lowercase()
}

/// IPv4 prefixes of a list, each other entry reported (IPv6 is not simulated).
fn prefixes(cx: &mut Context<'_>, list: Option<&Value>, path: &str) -> Vec<Ipv4Net> {
    let mut out = Vec::new();
    for v in list.and_then(Value::as_array).into_iter().flatten() {
        let Some(text) = cx.text(Some(v), path) else { continue };
        match text.trim().parse::<Ipv4Net>() {
            Ok(net) => out.push(net.trunc()),
            Err(_) => cx.skip_part(path, "prefix", format!("'{text}' is not an IPv4 prefix (IPv6 is not simulated)")),
        }
    }
    out
}

fn read_vnet(cx: &mut Context<'_>, r: &Resource) {
    let at = format!("{}#addressSpace.addressPrefixes", r.shown_id());
    let space = prefixes(cx, get_ci(&r.props, "addressSpace").and_then(|a| get_ci(a, "addressPrefixes")), &at);
    let dhcp = get_ci(&r.props, "dhcpOptions").and_then(|d| get_ci(d, "dnsServers"));
    let mut dns_servers = Vec::new();
    for v in dhcp.and_then(Value::as_array).into_iter().flatten() {
        match v.as_str().and_then(|s| s.trim().parse::<Ipv4Addr>().ok()) {
            Some(ip) => dns_servers.push(ip),
            None => cx.skip_part(
                format!("{}#dhcpOptions.dnsServers", r.shown_id()),
                "value",
                format!("{v} is not an IPv4 address"),
            ),
        }
    }
    let region = region(&r.location);
    if region.is_empty() {
        cx.assume(r.shown_id(), "no location given: the region is left empty (peerings to it count as regional, P-8)");
    }
    let id = cx.alloc(ElementKind::Vnet);
    cx.design.vnets.push(Vnet {
        id: id.clone(),
        name: r.name.clone(),
        region,
        address_space: space,
        dns_servers,
        meta: cx.meta(r),
    });
    cx.imported(r, ElementKind::Vnet, id);
}

/// The VNet element of a child resource (subnet, peering): its parent, or a placeholder.
fn parent_vnet(cx: &mut Context<'_>, r: &Resource, space: Vec<Ipv4Net>) -> Option<Id> {
    let parent = r.parent_key()?;
    if let Some(id) = cx.element_by_id(&parent) {
        return Some(id.clone());
    }
    let name = name_of_id(&parent).to_string();
    let region = region(&r.location);
    Some(cx.placeholder(
        &parent,
        ElementKind::Vnet,
        "parent of a subnet or peering in the input, not itself in it",
        |d, id, meta| d.vnets.push(Vnet { id, name, region, address_space: space, dns_servers: Vec::new(), meta }),
    ))
}

fn read_subnet(cx: &mut Context<'_>, r: &Resource) {
    let p = &r.props;
    let at = |f: &str| format!("{}#{f}", r.shown_id());
    let mut list: Vec<Value> = get_ci(p, "addressPrefixes").and_then(Value::as_array).cloned().unwrap_or_default();
    if let Some(one) = get_ci(p, "addressPrefix") {
        list.insert(0, one.clone());
    }
    let all = prefixes(cx, Some(&Value::Array(list)), &at("addressPrefix"));
    let Some(prefix) = all.first().copied() else {
        return cx.skip(r, "no IPv4 address prefix");
    };
    if all.len() > 1 {
        let rest: Vec<String> = all.iter().skip(1).map(|n| n.to_string()).collect();
        cx.coerce(at("addressPrefixes"), rest.join(", "), prefix.to_string(), "the model holds one prefix per subnet");
    }
    let Some(vnet) = parent_vnet(cx, r, vec![prefix]) else {
        return cx.skip(r, "its VNet cannot be told from the input (no id)");
    };
    let route_table = super::routing::table_ref(cx, get_ci(p, "routeTable"));
    let nsg = super::security::nsg_ref(cx, get_ci(p, "networkSecurityGroup"));
    let service_endpoints = get_ci(p, "serviceEndpoints")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|e| {
            let e = super::shape::props_of(e);
            let service = str_ci(e, "service")?.to_string();
            let locations = get_ci(e, "locations")
                .and_then(Value::as_array)
                .map(|l| l.iter().filter_map(Value::as_str).filter(|s| *s != "*").map(region).collect())
                .unwrap_or_default();
            Some(ServiceEndpoint { service, locations })
        })
        .collect();
    let policies_text = str_ci(p, "privateEndpointNetworkPolicies").unwrap_or("Disabled");
    let private_endpoint_network_policies = match policies_text.to_ascii_lowercase().as_str() {
        "enabled" => PeNetworkPolicies::Enabled,
        "networksecuritygroupenabled" => PeNetworkPolicies::NetworkSecurityGroupEnabled,
        "routetableenabled" => PeNetworkPolicies::RouteTableEnabled,
        "disabled" => PeNetworkPolicies::Disabled,
        other => {
            cx.coerce(
                at("privateEndpointNetworkPolicies"),
                other,
                "Disabled",
                "not a value Azure documents; Azure's default",
            );
            PeNetworkPolicies::Disabled
        }
    };
    let delegations: Vec<String> = get_ci(p, "delegations")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|d| str_ci(super::shape::props_of(d), "serviceName").map(str::to_string))
        .collect();
    if delegations.len() > 1 {
        cx.coerce(
            at("delegations"),
            delegations.join(", "),
            delegations[0].clone(),
            "the model holds one delegation per subnet",
        );
    }
    let id = cx.alloc(ElementKind::Subnet);
    cx.design.subnets.push(Subnet {
        id: id.clone(),
        name: r.name.clone(),
        vnet,
        prefix,
        route_table,
        nsg,
        service_endpoints,
        private_endpoint_network_policies,
        delegation: delegations.into_iter().next(),
        meta: cx.meta(r),
    });
    cx.imported(r, ElementKind::Subnet, id);
}

fn flag(p: &Value, name: &str, default: bool) -> bool {
    get_ci(p, name).and_then(Value::as_bool).unwrap_or(default)
}

fn read_peering(cx: &mut Context<'_>, r: &Resource) {
    let p = &r.props;
    let Some(remote_ref) = get_ci(p, "remoteVirtualNetwork").and_then(|v| ref_id(v).map(str::to_string)) else {
        return cx.skip(r, "no remoteVirtualNetwork");
    };
    let Some(vnet) = parent_vnet(cx, r, Vec::new()) else {
        return cx.skip(r, "its VNet cannot be told from the input (no id)");
    };
    let remote_space = get_ci(p, "remoteAddressSpace").or_else(|| get_ci(p, "remoteVirtualNetworkAddressSpace"));
    let remote_known = cx.element_by_id(&remote_ref).cloned();
    let link = PeeringLink {
        id: cx.alloc(ElementKind::Peering),
        name: r.name.clone(),
        vnet: vnet.clone(),
        remote_vnet: Id::default(),
        allow_virtual_network_access: flag(p, "allowVirtualNetworkAccess", true),
        allow_forwarded_traffic: flag(p, "allowForwardedTraffic", false),
        allow_gateway_transit: flag(p, "allowGatewayTransit", false),
        use_remote_gateways: flag(p, "useRemoteGateways", false),
        meta: cx.meta(r),
    };
    let remote = match remote_known {
        Some(id) => id,
        None => {
            let at = format!("{}#remoteAddressSpace.addressPrefixes", r.shown_id());
            let space = prefixes(cx, remote_space.and_then(|s| get_ci(s, "addressPrefixes")), &at);
            let name = name_of_id(&remote_ref).to_string();
            let region = cx.design.vnet(&vnet).map(|v| v.region.clone()).unwrap_or_default();
            let id = cx.placeholder(
                &remote_ref,
                ElementKind::Vnet,
                "remote VNet of a peering, not in the input",
                |d, id, meta| {
                    d.vnets.push(Vnet { id, name, region, address_space: space, dns_servers: Vec::new(), meta })
                },
            );
            cx.assume(&remote_ref, "outside the input: its region is assumed to be the peering VNet's, its address space the one the peering reports");
            let connected = str_ci(p, "peeringState").is_some_and(|s| s.eq_ignore_ascii_case("connected"));
            if connected {
                reverse_link(cx, &link, &id, &remote_ref);
            }
            id
        }
    };
    let id = link.id.clone();
    cx.design.peerings.push(PeeringLink { remote_vnet: remote, ..link });
    cx.imported(r, ElementKind::Peering, id);
}

/// The link a `Connected` peering implies under a placeholder remote VNet (P-2: a peering is two
/// links), with Azure's defaults, and gateway transit where the local link uses it.
fn reverse_link(cx: &mut Context<'_>, link: &PeeringLink, remote: &Id, remote_ref: &str) {
    let id = cx.alloc(ElementKind::Peering);
    let local = cx.design.vnet(&link.vnet).map(|v| v.name.clone()).unwrap_or_default();
    let azure_id = format!("{remote_ref}/virtualNetworkPeerings/to-{local}");
    cx.assume(
        &azure_id,
        "the peering is Connected, so its reverse link exists outside the input: assumed with Azure's defaults (VNet access allowed, forwarded traffic not), gateway transit where the local link uses remote gateways",
    );
    cx.design.peerings.push(PeeringLink {
        id: id.clone(),
        name: format!("to-{local}"),
        vnet: remote.clone(),
        remote_vnet: link.vnet.clone(),
        allow_virtual_network_access: true,
        allow_forwarded_traffic: false,
        allow_gateway_transit: link.use_remote_gateways,
        use_remote_gateways: false,
        meta: crate::model::Meta { azure_id: azure_id.clone(), external: true, tags: Default::default() },
    });
    cx.imported_as(&azure_id, ElementKind::Peering, id);
}
