//! DNS fields: a private zone's virtual network links (D-5..D-12), a resolver's endpoints
//! (D-20), a forwarding ruleset's rules, outbound endpoints and VNet links (D-21), and the
//! forwarders of DNS servers (D-13). Other elements are named by their names; a line that keeps
//! its VNet (or endpoint name) keeps its id.

use super::fields::{
    each_line, field, field_in, first_words, id_of, ip, items, joined, kept, line_error, list, name_of, FieldSpec,
    Input, OTHER_KIND,
};
use vnet_core::edit::Element;
use vnet_core::id::IdKind;
use vnet_core::model::*;
use vnet_core::Id;

pub const ZONE_LINKS: FieldSpec =
    field_in!("Virtual network links", "links", Lines, Zone(z) => z.links, show_links, links)
        .help("VNET [autoregistration] [NxDomainRedirect]\ne.g. vnet-hub autoregistration");

pub const RESOLVER: &[FieldSpec] = &[
        field_in!("Inbound endpoints", "inboundEndpoints", Lines, Resolver(r) => r.inbound_endpoints, show_inbound, inbound)
            .help("NAME SUBNET IP (a subnet of the resolver's VNet)\ne.g. in-hub snet-dns-in 10.0.10.4"),
        field_in!("Outbound endpoints", "outboundEndpoints", Lines, Resolver(r) => r.outbound_endpoints, show_outbound, outbound)
            .help("NAME SUBNET\ne.g. out-hub snet-dns-out"),
];

pub const RULESET: &[FieldSpec] = &[
    field!("Rules", "rules", Lines, Ruleset(r) => r.rules, show_rules, rules)
        .help("NAME DOMAIN TARGETS [disabled]\ne.g. corp corp.contoso.com. 192.168.10.53,192.168.10.54:53"),
    field_in!("Outbound endpoints", "outboundEndpoints", Text, Ruleset(r) => r.outbound_endpoints, show_endpoint_names, endpoint_names),
    field_in!("Linked VNets", "vnetLinks", Text, Ruleset(r) => r.vnet_links, show_vnet_names, vnet_names),
];

pub(super) fn vnets(d: &Design) -> impl Iterator<Item = (&Id, &str)> {
    d.vnets.iter().map(|v| (&v.id, v.name.as_str()))
}

fn show_links(d: &Design, links: &[ZoneLink]) -> String {
    let line = |l: &ZoneLink| {
        let mut out = name_of(vnets(d), &l.vnet).to_string();
        if l.registration_enabled {
            out.push_str(" autoregistration");
        }
        if l.resolution_policy == ResolutionPolicy::NxDomainRedirect {
            out.push_str(" NxDomainRedirect");
        }
        out
    };
    links.iter().map(line).collect::<Vec<_>>().join("\n")
}

/// One link per line: the VNet's name, then `autoregistration` and/or `NxDomainRedirect`.
fn links(d: &Design, zone: &PrivateDnsZone, text: &str) -> Result<Vec<ZoneLink>, String> {
    let mut ids = d.id_allocator();
    let mut out: Vec<ZoneLink> = Vec::new();
    for (n, words) in each_line(text) {
        let at = |e| line_error(n, e);
        let vnet = id_of(vnets(d), &words[0], "VNet").map_err(at)?;
        let (mut registration_enabled, mut resolution_policy) = (false, ResolutionPolicy::Default);
        for flag in &words[1..] {
            match flag.to_ascii_lowercase().as_str() {
                "autoregistration" | "registration" => registration_enabled = true,
                "nxdomainredirect" => resolution_policy = ResolutionPolicy::NxDomainRedirect,
                _ => {
                    return Err(at(format!("'{flag}' is not a link option: use autoregistration or NxDomainRedirect.")))
                }
            }
        }
        let id = kept(&zone.links, &out, |l| &l.id, |l| l.vnet == vnet, |_| false, || ids.next(IdKind::ZoneLink));
        let meta = zone.links.iter().find(|l| l.id == id).map(|l| l.meta.clone()).unwrap_or_default();
        out.push(ZoneLink { id, vnet, registration_enabled, resolution_policy, meta });
    }
    Ok(out)
}

fn subnet_name(d: &Design, id: &Id) -> String {
    d.subnet(id).map_or_else(|| id.to_string(), |s| s.name.clone())
}

/// The subnet named `name` in the resolver's VNet.
fn resolver_subnet(d: &Design, r: &DnsResolver, name: &str) -> Result<Id, String> {
    let vnet = d.vnet(&r.vnet).map_or(r.vnet.as_str(), |v| v.name.as_str());
    let own = d.subnets.iter().filter(|s| s.vnet == r.vnet).map(|s| (&s.id, s.name.as_str()));
    id_of(own, name, &format!("subnet in {vnet}"))
}

fn show_inbound(d: &Design, eps: &[InboundEndpoint]) -> String {
    eps.iter().map(|e| format!("{} {} {}", e.name, subnet_name(d, &e.subnet), e.ip)).collect::<Vec<_>>().join("\n")
}

fn inbound(d: &Design, r: &DnsResolver, text: &str) -> Result<Vec<InboundEndpoint>, String> {
    let (mut ids, names) = (d.id_allocator(), first_words(text));
    let mut out: Vec<InboundEndpoint> = Vec::new();
    for (n, words) in each_line(text) {
        let at = |e| line_error(n, e);
        let [name, subnet, addr] = words.as_slice() else { return Err(at("write 'NAME SUBNET IP'.".into())) };
        let (subnet, ip) = (resolver_subnet(d, r, subnet).map_err(at)?, ip(addr).map_err(at)?);
        let id = kept(
            &r.inbound_endpoints,
            &out,
            |e| &e.id,
            |e| &e.name == name,
            |e| !names.contains(&e.name),
            || ids.next(IdKind::ResolverEndpoint),
        );
        let meta = r.inbound_endpoints.iter().find(|e| e.id == id).map(|e| e.meta.clone()).unwrap_or_default();
        out.push(InboundEndpoint { id, name: name.clone(), subnet, ip, meta });
    }
    Ok(out)
}

fn show_outbound(d: &Design, eps: &[OutboundEndpoint]) -> String {
    eps.iter().map(|e| format!("{} {}", e.name, subnet_name(d, &e.subnet))).collect::<Vec<_>>().join("\n")
}

fn outbound(d: &Design, r: &DnsResolver, text: &str) -> Result<Vec<OutboundEndpoint>, String> {
    let (mut ids, names) = (d.id_allocator(), first_words(text));
    let mut out: Vec<OutboundEndpoint> = Vec::new();
    for (n, words) in each_line(text) {
        let at = |e| line_error(n, e);
        let [name, subnet] = words.as_slice() else { return Err(at("write 'NAME SUBNET'.".into())) };
        let subnet = resolver_subnet(d, r, subnet).map_err(at)?;
        let id = kept(
            &r.outbound_endpoints,
            &out,
            |e| &e.id,
            |e| &e.name == name,
            |e| !names.contains(&e.name),
            || ids.next(IdKind::ResolverEndpoint),
        );
        let meta = r.outbound_endpoints.iter().find(|e| e.id == id).map(|e| e.meta.clone()).unwrap_or_default();
        out.push(OutboundEndpoint { id, name: name.clone(), subnet, meta });
    }
    Ok(out)
}

fn outbound_endpoints(d: &Design) -> impl Iterator<Item = (&Id, &str)> {
    d.resolvers.iter().flat_map(|r| r.outbound_endpoints.iter().map(|e| (&e.id, e.name.as_str())))
}

fn show_endpoint_names(d: &Design, ids: &[Id]) -> String {
    ids.iter().map(|id| name_of(outbound_endpoints(d), id)).collect::<Vec<_>>().join(", ")
}

fn endpoint_names(d: &Design, _: &ForwardingRuleset, text: &str) -> Result<Vec<Id>, String> {
    items(text).map(|n| id_of(outbound_endpoints(d), n, "outbound endpoint")).collect()
}

fn show_vnet_names(d: &Design, ids: &[Id]) -> String {
    ids.iter().map(|id| name_of(vnets(d), id)).collect::<Vec<_>>().join(", ")
}

fn vnet_names(d: &Design, _: &ForwardingRuleset, text: &str) -> Result<Vec<Id>, String> {
    items(text).map(|n| id_of(vnets(d), n, "VNet")).collect()
}

pub(super) fn show_targets(t: &[DnsTarget]) -> String {
    t.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ")
}

/// DNS servers as `ip` or `ip:port`, separated by commas or spaces.
pub(super) fn targets(text: &str) -> Result<Vec<DnsTarget>, String> {
    items(text).map(str::parse).collect()
}

fn show_rules(rules: &[ForwardingRule]) -> String {
    let line = |r: &ForwardingRule| {
        let off = if r.enabled { "" } else { " disabled" };
        format!("{} {} {}{off}", r.name, r.domain, joined(&r.targets))
    };
    rules.iter().map(line).collect::<Vec<_>>().join("\n")
}

/// One rule per line: `name domain targets [disabled]`.
fn rules(text: &str) -> Result<Vec<ForwardingRule>, String> {
    let mut out = Vec::new();
    for (n, words) in each_line(text) {
        let at = |e| line_error(n, e);
        let (enabled, words) = match words.split_last() {
            Some((last, rest)) if last.eq_ignore_ascii_case("disabled") => (false, rest),
            _ => (true, words.as_slice()),
        };
        let [name, domain, t] = words else { return Err(at("write 'NAME DOMAIN TARGETS [disabled]'.".into())) };
        let targets = list(t, "target", str::parse).map_err(at)?;
        out.push(ForwardingRule { name: name.clone(), domain: domain.clone(), targets, enabled });
    }
    Ok(out)
}

pub(super) fn show_forwarders(fs: &[ConditionalForwarder]) -> String {
    fs.iter().map(|f| format!("{} {}", f.domain, joined(&f.targets))).collect::<Vec<_>>().join("\n")
}

/// One forwarder per line: `domain targets`.
pub(super) fn forwarders(text: &str) -> Result<Vec<ConditionalForwarder>, String> {
    let mut out = Vec::new();
    for (n, words) in each_line(text) {
        let at = |e| line_error(n, e);
        let [domain, t] = words.as_slice() else { return Err(at("write 'DOMAIN TARGETS'.".into())) };
        out.push(ConditionalForwarder { domain: domain.clone(), targets: list(t, "target", str::parse).map_err(at)? });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::panels::properties::field_text::tests::hybrid;

    #[test]
    fn zone_links_print_what_they_parse_and_keep_their_ids() {
        let d = hybrid();
        let zone = &d.dns_zones[0];
        let hub = d.vnets[0].name.clone();
        let spoke = d.vnets[1].name.clone();
        let text = format!("{hub} autoregistration\n{spoke} NxDomainRedirect");
        let parsed = links(&d, zone, &text).unwrap();
        assert_eq!(show_links(&d, &parsed), text);
        let same: Vec<_> = zone.links.iter().filter(|l| l.vnet == parsed[0].vnet).collect();
        if let Some(old) = same.first() {
            assert_eq!(old.id, parsed[0].id, "a kept VNet keeps its link id");
        }
        assert_ne!(parsed[0].id, parsed[1].id);
        assert_eq!(links(&d, zone, "\nnowhere").unwrap_err(), "Line 2: there is no VNet named 'nowhere'.");
        assert!(links(&d, zone, &format!("{hub} fallback")).unwrap_err().contains("'fallback' is not a link option"));
    }

    #[test]
    fn resolver_and_ruleset_fields_print_what_they_parse() {
        let d = hybrid();
        let r = &d.resolvers[0];
        let text = show_inbound(&d, &r.inbound_endpoints);
        assert_eq!(inbound(&d, r, &text).unwrap(), r.inbound_endpoints);
        let text = show_outbound(&d, &r.outbound_endpoints);
        assert_eq!(outbound(&d, r, &text).unwrap(), r.outbound_endpoints);
        assert!(outbound(&d, r, "x nowhere").unwrap_err().starts_with("Line 1: there is no subnet in"));
        let rs = &d.rulesets[0];
        assert_eq!(vnet_names(&d, rs, &show_vnet_names(&d, &rs.vnet_links)).unwrap(), rs.vnet_links);
        assert_eq!(
            endpoint_names(&d, rs, &show_endpoint_names(&d, &rs.outbound_endpoints)).unwrap(),
            rs.outbound_endpoints
        );
        let text = "corp corp.contoso.com. 192.168.10.53,10.0.0.4:5353\nall . 8.8.8.8 disabled";
        assert_eq!(show_rules(&rules(text).unwrap()), text);
        assert_eq!(rules("corp corp.contoso.com.").unwrap_err(), "Line 1: write 'NAME DOMAIN TARGETS [disabled]'.");
        assert!(rules("corp c. 10.0.0.300").unwrap_err().starts_with("Line 1: '10.0.0.300' is not a DNS target"));
        let text = "corp.contoso.com 192.168.10.53,192.168.10.54:5353";
        assert_eq!(show_forwarders(&forwarders(text).unwrap()), text);
        assert!(forwarders("corp.contoso.com").unwrap_err().starts_with("Line 1: write 'DOMAIN TARGETS'"));
    }
}
