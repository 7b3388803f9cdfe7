//! The DNS Private Resolver (D-20..D-23): the resolver in its VNet, inbound endpoints (subnet and
//! private IP) and outbound endpoints; forwarding rulesets with the outbound endpoints they send
//! through, their rules (domain, target DNS servers, state) and their VNet links.

use super::super::fields::{arr, field, ip, reference};
use super::super::shape::{str_ci, Resource};
use super::super::Context;
use crate::id::Id;
use crate::model::{
    DnsResolver, DnsTarget, ElementKind, ForwardingRule, ForwardingRuleset, InboundEndpoint, OutboundEndpoint,
};

const RESOLVERS: &str = "microsoft.network/dnsresolvers";
const INBOUND: &str = "microsoft.network/dnsresolvers/inboundendpoints";
const OUTBOUND: &str = "microsoft.network/dnsresolvers/outboundendpoints";
const RULESETS: &str = "microsoft.network/dnsforwardingrulesets";
const RULES: &str = "microsoft.network/dnsforwardingrulesets/forwardingrules";
const RULESET_LINKS: &str = "microsoft.network/dnsforwardingrulesets/virtualnetworklinks";

pub(super) fn read(cx: &mut Context<'_>) {
    for r in cx.of_kind(RESOLVERS) {
        resolver(cx, r);
    }
    for r in cx.of_kind(INBOUND) {
        endpoint(cx, r, true);
    }
    for r in cx.of_kind(OUTBOUND) {
        endpoint(cx, r, false);
    }
    for r in cx.of_kind(RULESETS) {
        ruleset(cx, r);
    }
    for kind in [RULES, RULESET_LINKS] {
        for r in cx.of_kind(kind) {
            if !cx.is_consumed(r) {
                cx.skip(r, "its forwarding ruleset is not in the input");
            }
        }
    }
}

fn resolver<'a>(cx: &mut Context<'a>, r: &'a Resource) {
    let vnet_ref = reference(cx, &r.props, "virtualNetwork", r.shown_id());
    let Some(vnet) = vnet_ref.and_then(|v| cx.element_by_id(v)).cloned() else {
        return cx.skip(r, format!("its VNet {} is not in the input", vnet_ref.unwrap_or("(none given)")));
    };
    let id = cx.alloc(ElementKind::Resolver);
    let meta = cx.meta(r);
    cx.design.resolvers.push(DnsResolver {
        id: id.clone(),
        name: r.name.clone(),
        vnet,
        inbound_endpoints: Vec::new(),
        outbound_endpoints: Vec::new(),
        meta,
    });
    cx.imported(r, ElementKind::Resolver, id);
}

/// The resolver an endpoint belongs to: its parent by id, or the only resolver of the input
/// (the REST examples write endpoint ids without the resolver segment).
fn owner(cx: &Context<'_>, r: &Resource) -> Option<usize> {
    let by_parent = r.parent_key().and_then(|p| cx.element_by_id(&p).cloned());
    match by_parent {
        Some(id) => cx.design.resolvers.iter().position(|x| x.id == id),
        None if cx.design.resolvers.len() == 1 => Some(0),
        None => None,
    }
}

fn endpoint<'a>(cx: &mut Context<'a>, r: &'a Resource, inbound: bool) {
    let Some(ri) = owner(cx, r) else {
        return cx.skip(r, "its DNS resolver is not in the input");
    };
    let config = arr(&r.props, "ipConfigurations").first();
    let path = r.shown_id();
    let subnet_ref = match (inbound, config) {
        (true, Some(c)) => reference(cx, c, "subnet", &format!("{path}#ipConfigurations[0]")),
        (true, None) => None,
        (false, _) => reference(cx, &r.props, "subnet", path),
    };
    let Some(subnet) = subnet_ref.and_then(|s| cx.element_by_id(s)).cloned() else {
        return cx.skip(r, format!("its subnet {} is not in the input", subnet_ref.unwrap_or("(none given)")));
    };
    let id = cx.alloc(ElementKind::ResolverEndpoint);
    let meta = cx.meta(r);
    if inbound {
        let path = format!("{}#ipConfigurations[0].privateIpAddress", r.shown_id());
        let given = config.and_then(|c| field(c, "privateIpAddress")).filter(|v| !super::super::fields::is_blank(v));
        let addr = match cx.ip(given, &path) {
            Some(a) => a,
            None => {
                // Dynamic (a template's endpoint): Azure assigns the first free address.
                let Some(free) = crate::suggest::free_ip(&cx.design, &subnet) else {
                    return cx.skip(r, "an inbound endpoint without a private IP, in a subnet with no free address");
                };
                cx.assume(
                    r.shown_id(),
                    format!("no private IP given (dynamic): assumed {free}, the first free address of its subnet"),
                );
                free
            }
        };
        let e = InboundEndpoint { id: id.clone(), name: r.name.clone(), subnet, ip: addr, meta };
        if let Some(res) = cx.design.resolvers.get_mut(ri) {
            res.inbound_endpoints.push(e);
        }
    } else {
        let e = OutboundEndpoint { id: id.clone(), name: r.name.clone(), subnet, meta };
        if let Some(res) = cx.design.resolvers.get_mut(ri) {
            res.outbound_endpoints.push(e);
        }
    }
    cx.imported(r, ElementKind::ResolverEndpoint, id);
}

fn ruleset<'a>(cx: &mut Context<'a>, r: &'a Resource) {
    let mut outbound: Vec<Id> = Vec::new();
    for e in arr(&r.props, "dnsResolverOutboundEndpoints") {
        match str_ci(e, "id").and_then(|id| cx.element_by_id(id)).cloned() {
            Some(id) => outbound.push(id),
            None => cx.skip_part(
                format!("{}#dnsResolverOutboundEndpoints", r.shown_id()),
                "outbound endpoint",
                format!("{} is not in the input", str_ci(e, "id").unwrap_or("?")),
            ),
        }
    }
    let mut rules = Vec::new();
    for rule in cx.children(r, RULES) {
        cx.consume(rule);
        match forwarding_rule(rule) {
            Ok(x) => rules.push(x),
            Err(why) => cx.skip_part(rule.shown_id(), "forwarding rule", why),
        }
    }
    let mut vnet_links = Vec::new();
    for link in cx.children(r, RULESET_LINKS) {
        cx.consume(link);
        let vnet_ref = reference(cx, &link.props, "virtualNetwork", link.shown_id());
        match vnet_ref.and_then(|v| cx.element_by_id(v)).cloned() {
            Some(v) if !vnet_links.contains(&v) => vnet_links.push(v),
            Some(_) => {}
            None => cx.skip_part(
                link.shown_id(),
                "ruleset link",
                format!("VNet {} is not in the input", vnet_ref.unwrap_or("?")),
            ),
        }
    }
    let id = cx.alloc(ElementKind::Ruleset);
    let meta = cx.meta(r);
    cx.design.rulesets.push(ForwardingRuleset {
        id: id.clone(),
        name: r.name.clone(),
        outbound_endpoints: outbound,
        rules,
        vnet_links,
        meta,
    });
    cx.imported(r, ElementKind::Ruleset, id);
}

/// A rule (D-21): the domain ends with a dot (`.` matches everything), targets in order.
fn forwarding_rule(r: &Resource) -> Result<ForwardingRule, String> {
    let domain = r.prop("domainName").and_then(|d| d.as_str()).unwrap_or_default().trim().to_ascii_lowercase();
    if domain.is_empty() {
        return Err("no domainName".into());
    }
    let domain = if domain.ends_with('.') { domain } else { format!("{domain}.") };
    let mut targets = Vec::new();
    for t in r.prop("targetDnsServers").and_then(|v| v.as_array()).map_or(&[][..], Vec::as_slice) {
        let addr = str_ci(t, "ipAddress").and_then(ip).ok_or("a target DNS server without an IPv4 address")?;
        let port = field(t, "port").and_then(|p| p.as_u64()).and_then(|p| u16::try_from(p).ok()).unwrap_or(53);
        targets.push(DnsTarget { ip: addr, port });
    }
    let enabled =
        !r.prop("forwardingRuleState").and_then(|s| s.as_str()).is_some_and(|s| s.eq_ignore_ascii_case("Disabled"));
    Ok(ForwardingRule { name: r.name.clone(), domain, targets, enabled })
}
