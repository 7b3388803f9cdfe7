//! Private endpoints (E-1, E-2) and their private DNS zone groups (D-10): subnet, addresses (the
//! static IP configurations, else the endpoint's NIC, else its custom DNS configs), target
//! resource and sub-resource (`groupIds`), connection state, and the zones the zone group writes
//! the endpoint's A record into. The record sets a zone group owns are returned so that the
//! record reader does not import them twice (DECISIONS 25).

use super::super::fields::{arr, field, field_str, ip, is_blank, reference};
use super::super::shape::{kind_of_id, str_ci, Resource};
use super::super::Context;
use super::zone_index;
use crate::catalog::services;
use crate::id::Id;
use crate::model::{ConnectionState, ElementKind, PeTarget, PrivateDnsZone, PrivateEndpoint};
use std::collections::HashSet;
use std::net::Ipv4Addr;

const ENDPOINTS: &str = "microsoft.network/privateendpoints";
const GROUPS: &str = "microsoft.network/privateendpoints/privatednszonegroups";
const NICS: &str = "microsoft.network/networkinterfaces";
const PLS: &str = "microsoft.network/privatelinkservices";

/// Reads every private endpoint; returns the (zone, record name) pairs their zone groups own.
pub(super) fn read(cx: &mut Context<'_>) -> HashSet<(Id, String)> {
    let mut owned = HashSet::new();
    for r in cx.of_kind(ENDPOINTS) {
        endpoint(cx, r, &mut owned);
    }
    for g in cx.of_kind(GROUPS) {
        if !cx.is_consumed(g) {
            cx.skip(g, "its private endpoint is not in the input");
        }
    }
    owned
}

fn endpoint<'a>(cx: &mut Context<'a>, r: &'a Resource, owned: &mut HashSet<(Id, String)>) {
    let p = &r.props;
    let subnet_ref = reference(cx, p, "subnet", r.shown_id());
    let Some(subnet) = subnet_ref.and_then(|s| cx.element_by_id(s)).cloned() else {
        return cx.skip(r, format!("its subnet {} is not in the input", subnet_ref.unwrap_or("(none given)")));
    };
    let mut ips = addresses(cx, r);
    if ips.is_empty() {
        // A template's endpoint has a dynamic address Azure assigns at deployment.
        let Some(free) = crate::suggest::free_ip(&cx.design, &subnet) else {
            return cx.skip(r, "no private IP given, and its subnet has no free address");
        };
        let text = format!(
            "no private IP given (dynamic): assumed {free}, the first free address of its subnet, as Azure assigns"
        );
        cx.assume(r.shown_id(), text);
        ips.push(free);
    }
    let Some((&ip, secondary)) = ips.split_first() else { return };
    let auto = arr(p, "privateLinkServiceConnections").first();
    let manual = arr(p, "manualPrivateLinkServiceConnections").first();
    let Some(conn) = auto.or(manual) else {
        return cx.skip(r, "no private link service connection: its target is unknown");
    };
    let path = format!("{}#privateLinkServiceConnections[0].privateLinkServiceId", r.shown_id());
    let target_id = cx.text(field(conn, "privateLinkServiceId"), &path).unwrap_or_default().to_string();
    let group = field(conn, "groupIds").and_then(|g| g.as_array()).and_then(|g| g.first()).and_then(|g| g.as_str());
    let Some((target, target_name)) = target(cx, r, &target_id, group) else {
        return cx
            .skip(r, format!("its target {target_id} is neither a Private Link service nor a service of the catalog"));
    };
    let status =
        field(conn, "privateLinkServiceConnectionState").and_then(|s| str_ci(s, "status")).unwrap_or("Approved");
    let connection_state = match status.to_ascii_lowercase().as_str() {
        "approved" => ConnectionState::Approved,
        "pending" => ConnectionState::Pending,
        "rejected" => ConnectionState::Rejected,
        _ => ConnectionState::Disconnected,
    };
    let mut dns_zone_group = Vec::new();
    for zone_ref in zone_configs(cx, r) {
        let (zone, names) = zone_ref;
        let Some(zone) = zone_element(cx, &zone) else { continue };
        owned.insert((zone.clone(), target_name.to_ascii_lowercase()));
        for n in names {
            owned.insert((zone.clone(), n.to_ascii_lowercase()));
        }
        if !dns_zone_group.contains(&zone) {
            dns_zone_group.push(zone);
        }
    }
    let why =
        "application security groups of a private endpoint are not modelled (NSG rules naming them match nothing)";
    super::super::fields::not_modelled(cx, r, &["applicationSecurityGroups"], why);
    let id = cx.alloc(ElementKind::PrivateEndpoint);
    let meta = cx.meta(r);
    cx.design.private_endpoints.push(PrivateEndpoint {
        id: id.clone(),
        name: r.name.clone(),
        subnet,
        ip,
        secondary_ips: secondary.to_vec(),
        target,
        connection_state,
        dns_zone_group,
        meta,
    });
    cx.imported(r, ElementKind::PrivateEndpoint, id);
}

/// The endpoint's addresses, primary first: static IP configurations, else its NIC's (read here
/// and consumed: an endpoint's NIC is no VM's), else the custom DNS configs.
fn addresses<'a>(cx: &mut Context<'a>, r: &'a Resource) -> Vec<Ipv4Addr> {
    let mut out: Vec<Ipv4Addr> = Vec::new();
    let mut add = |list: Vec<Ipv4Addr>| {
        for a in list {
            if !out.contains(&a) {
                out.push(a);
            }
        }
    };
    let mut configured: Vec<Ipv4Addr> = Vec::new();
    for (i, c) in arr(&r.props, "ipConfigurations").iter().enumerate() {
        let path = format!("{}#ipConfigurations[{i}].privateIPAddress", r.shown_id());
        configured.extend(cx.ip(field(c, "privateIPAddress").filter(|v| !is_blank(v)), &path));
    }
    add(configured);
    for nic_ref in arr(&r.props, "networkInterfaces") {
        let Some(nic) = str_ci(nic_ref, "id").and_then(|id| cx.resource_by_id(id)).filter(|n| n.kind == NICS) else {
            continue;
        };
        cx.consume(nic);
        add(arr(&nic.props, "ipConfigurations")
            .iter()
            .filter_map(|c| field_str(c, "privateIPAddress").and_then(ip))
            .collect());
    }
    // The DNS configs repeat the addresses for clients' DNS: read only when nothing else says.
    let custom: Vec<Ipv4Addr> = arr(&r.props, "customDnsConfigs")
        .iter()
        .flat_map(|c| arr(c, "ipAddresses"))
        .filter_map(|a| a.as_str().and_then(ip))
        .collect();
    if out.is_empty() {
        for a in custom {
            if !out.contains(&a) {
                out.push(a);
            }
        }
    }
    out
}

/// The target (E-1): a Private Link service, or a PaaS sub-resource (a placeholder when the
/// resource is outside the input). Also returns the resource's name, the label of its record.
fn target(cx: &mut Context<'_>, r: &Resource, target_id: &str, group: Option<&str>) -> Option<(PeTarget, String)> {
    let name = super::super::shape::name_of_id(target_id).to_string();
    if kind_of_id(target_id).as_deref() == Some(PLS) {
        // The service has no element of its own (E-5): its alias is all the endpoint needs.
        let service = cx.resource_by_id(target_id);
        if let Some(s) = service {
            cx.consume(s);
        }
        let alias = service.and_then(|s| s.prop("alias")).and_then(|a| a.as_str()).unwrap_or(target_id);
        return Some((PeTarget::PrivateLinkService { alias: alias.to_string() }, name));
    }
    let resource = match cx.element_by_id(target_id).cloned() {
        Some(id) => id,
        None => super::super::paas::placeholder(cx, target_id, &services::region_label(&r.location))?,
    };
    let service = cx.design.paas_resource(&resource).and_then(|p| services::service(&p.service))?;
    let sub = match group.and_then(|g| service.sub_resource(g)) {
        Some(s) => s.group_id.to_string(),
        None => {
            let first = service.sub_resources.first()?.group_id;
            let given = group.unwrap_or("(none)");
            cx.coerce(
                format!("{}#groupIds[0]", r.shown_id()),
                given,
                first,
                format!("not a sub-resource of {} in the catalog", service.display),
            );
            first.to_string()
        }
    };
    Some((PeTarget::Paas { resource, sub_resource: sub }, name))
}

/// The zone group's zone configs, as (zone id, record set names), from child resources and
/// from an inline `privateDnsZoneGroups` property; the groups are consumed.
fn zone_configs<'a>(cx: &mut Context<'a>, r: &'a Resource) -> Vec<(String, Vec<String>)> {
    let mut groups: Vec<serde_json::Value> = arr(&r.props, "privateDnsZoneGroups").to_vec();
    for g in cx.children(r, GROUPS) {
        cx.consume(g);
        groups.push(g.props.clone());
    }
    let mut out = Vec::new();
    for g in &groups {
        for c in arr(super::super::shape::props_of(g), "privateDnsZoneConfigs") {
            let path = format!("{}#privateDnsZoneGroups.privateDnsZoneConfigs.privateDnsZoneId", r.shown_id());
            let Some(zone) = cx.text(field(c, "privateDnsZoneId"), &path) else { continue };
            let names = field(c, "recordSets")
                .and_then(|s| s.as_array())
                .map(|s| s.iter().filter_map(|x| str_ci(x, "recordSetName").map(str::to_string)).collect())
                .unwrap_or_default();
            out.push((zone.to_string(), names));
        }
    }
    out
}

/// The zone of a zone config: imported, or a placeholder named after the id.
fn zone_element(cx: &mut Context<'_>, azure_id: &str) -> Option<Id> {
    if let Some(id) = cx.element_by_id(azure_id).cloned() {
        return zone_index(cx, &id).map(|_| id);
    }
    let name = super::super::shape::name_of_id(azure_id).to_ascii_lowercase();
    let why = "a private endpoint's DNS zone group names this zone, which is not in the input";
    Some(cx.placeholder(azure_id, ElementKind::Zone, why, |d, id, meta| {
        d.dns_zones.push(PrivateDnsZone { id, name, records: Vec::new(), links: Vec::new(), meta });
    }))
}
