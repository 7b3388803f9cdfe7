//! Private DNS zones, the DNS Private Resolver and forwarding rulesets (D-7, D-20, D-21, L-22,
//! L-25, L-29, L-31, L-35): what Azure rejects when zones, resolvers and rulesets are wired up.

use super::index::{label, Index, Label, RESOLVER_DELEGATION};
use super::{Code, Out};
use crate::id::Id;
use crate::model::*;
use crate::network::{HashMap, HashSet};
use std::net::Ipv4Addr;
use std::ops::RangeInclusive;

/// D-21: Azure DNS's virtual IP, which a forwarding rule may not target.
const AZURE_DNS: Ipv4Addr = Ipv4Addr::new(168, 63, 129, 16);
/// L-31: targets per forwarding rule.
const TARGETS: RangeInclusive<usize> = 1..=6;
/// L-35: resolver endpoint subnets are /28 to /24.
const RESOLVER_SUBNET_LENS: RangeInclusive<u8> = 24..=28;

pub(super) fn check(ix: &Index, out: &mut Out) {
    zone_links(ix, out);
    let mut per_vnet: HashSet<&Id> = HashSet::default();
    let mut endpoint_subnets: HashMap<&Id, String> = HashMap::default();
    for r in &ix.design.resolvers {
        let who = label(ElementKind::Resolver, &r.name, &r.id);
        if ix.vnet(&r.vnet).is_some() && !per_vnet.insert(&r.vnet) {
            let msg = format!("{who}: vnet already holds another DNS private resolver; one per VNet is allowed");
            out.push(Code::TooManyResolvers, &r.id, "vnet", msg);
        }
        let inbound = r.inbound_endpoints.iter().enumerate();
        let inbound = inbound.map(|(i, e)| (format!("inboundEndpoints[{i}].subnet"), &e.name, &e.subnet));
        let outbound = r.outbound_endpoints.iter().enumerate();
        let outbound = outbound.map(|(i, e)| (format!("outboundEndpoints[{i}].subnet"), &e.name, &e.subnet));
        for (field, name, subnet) in inbound.chain(outbound) {
            endpoint(ix, out, r, who, field, name, subnet, &mut endpoint_subnets);
        }
    }
    for rs in &ix.design.rulesets {
        ruleset(out, rs);
    }
    rulesets_per_vnet(ix, out);
}

/// D-7 and L-22, per VNet across all zones.
fn zone_links(ix: &Index, out: &mut Out) {
    // (vnet, zone name) → zone id; vnet → the zone it autoregisters in.
    let mut by_name: HashMap<(&Id, String), &Id> = HashMap::default();
    let mut registering: HashMap<&Id, &PrivateDnsZone> = HashMap::default();
    for z in &ix.design.dns_zones {
        let who = label(ElementKind::Zone, &z.name, &z.id);
        // DNS names compare without regard to ASCII case, and only ASCII case (RFC 4343).
        let name = z.name.trim_end_matches('.').to_ascii_lowercase();
        let mut linked: HashSet<&Id> = HashSet::with_capacity_and_hasher(z.links.len(), Default::default());
        for (i, l) in z.links.iter().enumerate() {
            let Some(vnet) = ix.vnet(&l.vnet) else { continue };
            if !linked.insert(&l.vnet) {
                let msg = format!("{who}: links[{i}] links '{}' again; a zone-VNet pair has one link", vnet.name);
                out.push(Code::ZoneLinkedTwice, &z.id, format!("links[{i}].vnet"), msg);
                continue;
            }
            let first = *by_name.entry((&l.vnet, name.clone())).or_insert(&z.id);
            if first != &z.id {
                let msg = format!(
                    "{who}: links[{i}] links '{}', which is already linked to another zone named {} ({first})",
                    vnet.name, z.name
                );
                out.push(Code::ZoneNameConflict, &z.id, format!("links[{i}].vnet"), msg);
            }
            if l.registration_enabled {
                let other = *registering.entry(&l.vnet).or_insert(z);
                if other.id != z.id {
                    let msg = format!(
                        "{who}: links[{i}] autoregisters '{}', which already autoregisters in zone {}",
                        vnet.name, other.name
                    );
                    let field = format!("links[{i}].registrationEnabled");
                    out.push(Code::TooManyAutoregistrationZones, &z.id, field, msg);
                }
            }
        }
    }
}

/// D-20, L-35: a resolver endpoint needs its own delegated /28../24 subnet in the resolver's VNet.
#[allow(clippy::too_many_arguments)]
fn endpoint<'a>(
    ix: &Index<'a>,
    out: &mut Out,
    r: &DnsResolver,
    who: Label,
    field: String,
    name: &str,
    subnet: &'a Id,
    taken: &mut HashMap<&'a Id, String>,
) {
    let Some(s) = ix.subnet(subnet) else { return };
    if s.delegation.as_deref() != Some(RESOLVER_DELEGATION) {
        let msg = format!("{who}: {field} '{}' of endpoint '{name}' is not delegated to {RESOLVER_DELEGATION}", s.name);
        out.push(Code::ResolverSubnetNotDelegated, &r.id, field.as_str(), msg);
    }
    if !RESOLVER_SUBNET_LENS.contains(&s.prefix.prefix_len()) {
        let msg = format!("{who}: {field} '{}' is {}, not /28 to /24", s.name, s.prefix);
        out.push(Code::ResolverSubnetSize, &r.id, field.as_str(), msg);
    }
    if s.vnet != r.vnet {
        let msg = format!("{who}: {field} '{}' is not in the resolver's virtual network", s.name);
        out.push(Code::ResolverEndpointOtherVnet, &r.id, field.as_str(), msg);
    }
    match taken.get(subnet) {
        Some(first) => {
            let msg = format!("{who}: {field} '{}' already holds endpoint '{first}'", s.name);
            out.push(Code::ResolverSubnetShared, &r.id, field, msg);
        }
        None => {
            taken.insert(subnet, name.to_string());
        }
    }
}

/// D-21, L-31: rule domains are fully qualified; one to six targets, none of them Azure DNS.
fn ruleset(out: &mut Out, rs: &ForwardingRuleset) {
    let who = label(ElementKind::Ruleset, &rs.name, &rs.id);
    for (i, rule) in rs.rules.iter().enumerate() {
        if !rule.domain.ends_with('.') {
            let msg =
                format!("{who}: rules[{i}].domain '{}' does not end with a dot; write '{}.'", rule.domain, rule.domain);
            out.push(Code::ForwardingDomainNoDot, &rs.id, format!("rules[{i}].domain"), msg);
        }
        if !TARGETS.contains(&rule.targets.len()) {
            let msg =
                format!("{who}: rules[{i}] '{}' has {} targets; a rule takes 1 to 6", rule.name, rule.targets.len());
            out.push(Code::ForwardingTargetCount, &rs.id, format!("rules[{i}].targets"), msg);
        }
        for (j, t) in rule.targets.iter().enumerate() {
            if t.ip == AZURE_DNS {
                let msg = format!("{who}: rules[{i}].targets[{j}] is {AZURE_DNS}, which Azure rejects as a target");
                out.push(Code::ForwardingTargetAzureDns, &rs.id, format!("rules[{i}].targets[{j}]"), msg);
            }
        }
    }
}

/// L-29: one ruleset per VNet.
fn rulesets_per_vnet(ix: &Index, out: &mut Out) {
    let mut linked: HashMap<&Id, &ForwardingRuleset> = HashMap::default();
    for rs in &ix.design.rulesets {
        for (i, v) in rs.vnet_links.iter().enumerate() {
            let Some(vnet) = ix.vnet(v) else { continue };
            let first = *linked.entry(v).or_insert(rs);
            if first.id != rs.id {
                let msg = format!(
                    "{}: vnetLinks[{i}] '{}' is already linked to ruleset '{}'; one ruleset per VNet",
                    label(ElementKind::Ruleset, &rs.name, &rs.id),
                    vnet.name,
                    first.name
                );
                out.push(Code::TooManyRulesets, &rs.id, format!("vnetLinks[{i}]"), msg);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::fixture::{at, found, hub_spoke, subnet};
    use super::*;
    use crate::build::DesignBuilder;

    #[test]
    fn zone_links_twice_same_name_and_autoregistration() {
        let (d, ids) = hub_spoke();
        let mut b = DesignBuilder::from_design(d);
        b.link_zone(&ids.zone, &ids.hub);
        let twin = b.zone("privatelink.blob.core.windows.net");
        b.link_zone(&twin, &ids.spoke);
        b.link_zone(&twin, &ids.hub);
        let corp = b.zone("corp.contoso.com");
        b.link_zone(&corp, &ids.spoke);
        let mut d = b.build().unwrap();
        d.dns_zones[1].links[0].registration_enabled = true;
        d.dns_zones[2].links[0].registration_enabled = true;
        let got: Vec<_> = found(&d).into_iter().filter(|f| f.0 != Code::DuplicateName).collect();
        assert_eq!(
            got,
            vec![
                at(Code::ZoneLinkedTwice, &ids.zone, "links[1].vnet"),
                at(Code::ZoneNameConflict, &twin, "links[1].vnet"),
                at(Code::TooManyAutoregistrationZones, &corp, "links[0].registrationEnabled"),
            ]
        );
    }

    #[test]
    fn forwarding_rules() {
        let (mut d, ids) = hub_spoke();
        let rule = &mut d.rulesets[0].rules[0];
        rule.domain = "corp.contoso.com".into();
        rule.targets.push(DnsTarget::new(AZURE_DNS));
        let mut many = d.rulesets[0].rules[0].clone();
        many.name = "many".into();
        many.domain = ".".into();
        many.targets = vec![DnsTarget::new(Ipv4Addr::new(192, 168, 1, 53)); 7];
        d.rulesets[0].rules.push(many);
        assert_eq!(
            found(&d),
            vec![
                at(Code::ForwardingDomainNoDot, &ids.ruleset, "rules[0].domain"),
                at(Code::ForwardingTargetAzureDns, &ids.ruleset, "rules[0].targets[1]"),
                at(Code::ForwardingTargetCount, &ids.ruleset, "rules[1].targets"),
            ]
        );
    }

    #[test]
    fn one_resolver_and_one_ruleset_per_vnet() {
        let (mut d, _) = hub_spoke();
        let mut second = d.resolvers[0].clone();
        second.id = Id::from("dr-second");
        second.name = "dnspr-second".into();
        second.inbound_endpoints.clear();
        second.outbound_endpoints.clear();
        d.resolvers.push(second);
        let mut rs = d.rulesets[0].clone();
        rs.id = Id::from("fr-second");
        rs.name = "frs-second".into();
        d.rulesets.push(rs);
        assert_eq!(
            found(&d),
            vec![
                at(Code::TooManyResolvers, &Id::from("dr-second"), "vnet"),
                at(Code::TooManyRulesets, &Id::from("fr-second"), "vnetLinks[0]"),
            ]
        );
    }

    #[test]
    fn resolver_endpoint_subnets() {
        let (mut d, ids) = hub_spoke();
        subnet(&mut d, &ids.dns_out_subnet).delegation = None;
        subnet(&mut d, &ids.dns_out_subnet).prefix = "10.0.3.16/29".parse().unwrap();
        d.resolvers[0].outbound_endpoints.push(OutboundEndpoint {
            meta: Default::default(),
            id: Id::from("ep-extra"),
            name: "extra".into(),
            subnet: ids.data_subnet.clone(),
        });
        d.resolvers[0].outbound_endpoints.push(OutboundEndpoint {
            meta: Default::default(),
            id: Id::from("ep-shared"),
            name: "shared".into(),
            subnet: ids.dns_in_subnet.clone(),
        });
        let r = &ids.resolver;
        assert_eq!(
            found(&d),
            vec![
                at(Code::ResolverSubnetNotDelegated, r, "outboundEndpoints[0].subnet"),
                at(Code::ResolverSubnetNotDelegated, r, "outboundEndpoints[1].subnet"),
                at(Code::ResolverSubnetSize, r, "outboundEndpoints[0].subnet"),
                at(Code::ResolverSubnetShared, r, "outboundEndpoints[2].subnet"),
                at(Code::ResolverEndpointOtherVnet, r, "outboundEndpoints[1].subnet"),
            ]
        );
    }
}
