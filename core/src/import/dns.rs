//! Private DNS (issue 19 §1; D-5..D-13, D-20..D-23): private DNS zones, their virtual network
//! links and A/CNAME record sets; private endpoints with their DNS zone groups; the DNS Private
//! Resolver with its endpoints, forwarding rulesets, rules and VNet links; and the VMs the VNets
//! name as custom DNS servers.
//!
//! Order: zones and links, then private endpoints (their zone groups name zones and own record
//! sets), then record sets (those a zone group owns are derived, DECISIONS 25 / D-10, and not
//! imported twice), then the resolver, then DNS server VMs (which may be a resolver's clients).

mod endpoints;
mod resolver;
mod servers;

use super::fields::{arr, bool_ci, reference};
use super::shape::{get_ci, str_ci, Resource};
use super::Context;
use crate::id::Id;
use crate::model::{DnsRecord, ElementKind, PrivateDnsZone, RecordData, ResolutionPolicy, ZoneLink};
use std::collections::HashSet;

const ZONES: &str = "microsoft.network/privatednszones";
const LINKS: &str = "microsoft.network/privatednszones/virtualnetworklinks";
const A: &str = "microsoft.network/privatednszones/a";
const CNAME: &str = "microsoft.network/privatednszones/cname";
/// Record types the model has no record for.
const OTHER_RECORDS: &[&str] = &["aaaa", "mx", "ptr", "soa", "srv", "txt"];

/// Reads this family, in the order above.
pub(super) fn read(cx: &mut Context<'_>) {
    for r in cx.of_kind(ZONES) {
        zone(cx, r);
    }
    for r in cx.of_kind(LINKS) {
        link(cx, r);
    }
    let owned = endpoints::read(cx);
    for kind in [A, CNAME] {
        for r in cx.of_kind(kind) {
            record(cx, r, &owned);
        }
    }
    for t in OTHER_RECORDS {
        for r in cx.of_kind(&format!("{ZONES}/{t}")) {
            let why = match *t {
                "soa" => "the zone's SOA record: zone metadata, which resolution here does not use".to_string(),
                other => format!("{} records are not modelled (A and CNAME are)", other.to_ascii_uppercase()),
            };
            cx.skip(r, why);
        }
    }
    resolver::read(cx);
    servers::read(cx);
}

fn zone<'a>(cx: &mut Context<'a>, r: &'a Resource) {
    let id = cx.alloc(ElementKind::Zone);
    let meta = cx.meta(r);
    let name = r.name.trim_end_matches('.').to_ascii_lowercase();
    cx.design.dns_zones.push(PrivateDnsZone { id: id.clone(), name, records: Vec::new(), links: Vec::new(), meta });
    cx.imported(r, ElementKind::Zone, id);
}

/// The zone element of a child resource (link, record set), by its parent id.
fn parent_zone(cx: &Context<'_>, r: &Resource) -> Option<usize> {
    let parent = r.parent_key()?;
    let id = cx.element_by_id(&parent)?;
    cx.design.dns_zones.iter().position(|z| &z.id == id)
}

/// A zone element by id.
pub(super) fn zone_index(cx: &Context<'_>, id: &Id) -> Option<usize> {
    cx.design.dns_zones.iter().position(|z| &z.id == id)
}

/// A virtual network link (D-5): registration and resolution policy (D-11, D-12).
fn link<'a>(cx: &mut Context<'a>, r: &'a Resource) {
    let Some(zi) = parent_zone(cx, r) else {
        return cx.skip(r, "its private DNS zone is not in the input");
    };
    let vnet_ref = reference(cx, &r.props, "virtualNetwork", r.shown_id());
    let Some(vnet) = vnet_ref.and_then(|v| cx.element_by_id(v)).cloned() else {
        let what = vnet_ref.unwrap_or("(none given)");
        return cx.skip(r, format!("links VNet {what}, which is not in the input"));
    };
    let policy = match str_ci(&r.props, "resolutionPolicy") {
        Some(p) if p.eq_ignore_ascii_case("NxDomainRedirect") => ResolutionPolicy::NxDomainRedirect,
        _ => ResolutionPolicy::Default,
    };
    let id = cx.alloc(ElementKind::ZoneLink);
    let meta = cx.meta(r);
    let link = ZoneLink {
        id: id.clone(),
        vnet,
        registration_enabled: bool_ci(&r.props, "registrationEnabled").unwrap_or(false),
        resolution_policy: policy,
        meta,
    };
    if let Some(z) = cx.design.dns_zones.get_mut(zi) {
        z.links.push(link);
    }
    cx.imported(r, ElementKind::ZoneLink, id);
}

/// An A or CNAME record set. One a private endpoint's zone group owns, and one Azure registered
/// for a VM (D-6), is derived: reported, not imported.
fn record<'a>(cx: &mut Context<'a>, r: &'a Resource, owned: &HashSet<(Id, String)>) {
    let Some(zi) = parent_zone(cx, r) else {
        return cx.skip(r, "its private DNS zone is not in the input");
    };
    let name = if r.name.is_empty() { "@".to_string() } else { r.name.to_ascii_lowercase() };
    let zone_id = cx.design.dns_zones.get(zi).map(|z| z.id.clone()).unwrap_or_default();
    if owned.contains(&(zone_id, name.clone())) {
        return cx.skip(r, "written by a private endpoint's DNS zone group: derived from the endpoint (D-10, DECISIONS 25), not imported twice");
    }
    if bool_ci(&r.props, "isAutoRegistered").unwrap_or(false) {
        return cx.skip(r, "registered by Azure for a VM of a link with autoregistration (D-6): derived, not imported");
    }
    let creator = get_ci(&r.props, "metadata").and_then(|m| str_ci(m, "creator")).unwrap_or_default();
    if creator.starts_with("created by private endpoint") {
        cx.assume(r.shown_id(), format!("{creator}, which is not in the input: imported as a plain record"));
    }
    let data = if r.kind == A {
        let ips: Vec<_> = arr(&r.props, "aRecords")
            .iter()
            .filter_map(|a| str_ci(a, "ipv4Address").and_then(super::fields::ip))
            .collect();
        if ips.is_empty() {
            return cx.skip(r, "an A record set without IPv4 addresses");
        }
        RecordData::A { ips }
    } else {
        let target = get_ci(&r.props, "cnameRecord").and_then(|c| str_ci(c, "cname")).unwrap_or_default();
        if target.is_empty() {
            return cx.skip(r, "a CNAME record set without a target");
        }
        RecordData::Cname { target: target.trim_end_matches('.').to_ascii_lowercase() }
    };
    if let Some(z) = cx.design.dns_zones.get_mut(zi) {
        z.records.push(DnsRecord { name, data });
    }
    cx.consume(r);
    // Records are no elements of their own, but the report counts what was read.
    *cx.report.counts.entry("DNS record set".to_string()).or_default() += 1;
}
