//! Private DNS zones with their VNet links (D-5, D-11, D-12) and A/CNAME records, private
//! endpoints (E-1, E-2) with their DNS zone group — whose records are derived, never also
//! written as record sets (D-10, DECISIONS 25) — and the DNS Private Resolver with its endpoints,
//! forwarding rulesets, rules and VNet links (D-20..D-23).

use super::context::{path, Ctx};
use super::network::{list, resource, tags};
use crate::model::{PeTarget, RecordData, ResolutionPolicy};
use hcl::{Block, Expression};

pub(super) fn register(cx: &mut Ctx) {
    let d = cx.d;
    for z in d.dns_zones.iter().filter(|z| !z.meta.external) {
        cx.register(&z.id, "azurerm_private_dns_zone", &z.name, "zone");
    }
    for p in d.private_endpoints.iter().filter(|p| !p.meta.external) {
        cx.register(&p.id, "azurerm_private_endpoint", &p.name, "pep");
    }
    for r in d.resolvers.iter().filter(|r| !r.meta.external) {
        cx.register(&r.id, "azurerm_private_dns_resolver", &r.name, "dnspr");
        for e in &r.inbound_endpoints {
            cx.register(&e.id, "azurerm_private_dns_resolver_inbound_endpoint", &e.name, "in");
        }
        for e in &r.outbound_endpoints {
            cx.register(&e.id, "azurerm_private_dns_resolver_outbound_endpoint", &e.name, "out");
        }
    }
    for s in d.rulesets.iter().filter(|s| !s.meta.external) {
        cx.register(&s.id, "azurerm_private_dns_resolver_dns_forwarding_ruleset", &s.name, "frs");
    }
}

pub(super) fn write(cx: &mut Ctx) {
    zones(cx);
    endpoints(cx);
    resolvers(cx);
}

fn zones(cx: &mut Ctx) {
    let d = cx.d;
    for z in d.dns_zones.iter().filter(|z| !z.meta.external) {
        let Some(label) = cx.resource(&z.id).map(|(_, l)| l.to_string()) else { continue };
        let b = resource("azurerm_private_dns_zone", &label)
            .add_attribute(("name", z.name.as_str()))
            .add_attribute(("resource_group_name", cx.rg()));
        cx.push(tags(b, &z.meta).build());
        let zone_name = path("azurerm_private_dns_zone", &[&label, "name"]);
        for (i, l) in z.links.iter().filter(|l| !l.meta.external).enumerate() {
            let vnet = cx.ix().vnet(&l.vnet).map_or_else(|| format!("link{}", i + 1), |v| format!("link-{}", v.name));
            let tl = cx.label("azurerm_private_dns_zone_virtual_network_link", &format!("{label}_{vnet}"), "link");
            let mut b = resource("azurerm_private_dns_zone_virtual_network_link", &tl)
                .add_attribute(("name", vnet.as_str()))
                .add_attribute(("resource_group_name", cx.rg()))
                .add_attribute(("private_dns_zone_name", zone_name.clone()))
                .add_attribute(("virtual_network_id", cx.id(&l.vnet)))
                .add_attribute(("registration_enabled", l.registration_enabled));
            if l.resolution_policy == ResolutionPolicy::NxDomainRedirect {
                b = b.add_attribute(("resolution_policy", "NxDomainRedirect"));
            }
            cx.push(b.build());
        }
        let records: Vec<_> = z.records.iter().filter(|r| !cx.ix().owned(&z.id, &r.name)).collect();
        for r in records {
            let (kind, value): (&str, (&str, Expression)) = match &r.data {
                RecordData::A { ips } => ("azurerm_private_dns_a_record", ("records", list(ips))),
                RecordData::Cname { target } => {
                    ("azurerm_private_dns_cname_record", ("record", target.as_str().into()))
                }
            };
            let rl = cx.label(kind, &format!("{label}_{}", r.name), "rec");
            let b = resource(kind, &rl)
                .add_attribute(("name", r.name.as_str()))
                .add_attribute(("zone_name", zone_name.clone()))
                .add_attribute(("resource_group_name", cx.rg()))
                .add_attribute(("ttl", 3600i64))
                .add_attribute(value);
            cx.push(b.build());
        }
    }
}

fn endpoints(cx: &mut Ctx) {
    let d = cx.d;
    for pe in d.private_endpoints.iter().filter(|p| !p.meta.external) {
        let Some(label) = cx.resource(&pe.id).map(|(_, l)| l.to_string()) else { continue };
        let loc = cx.location(&cx.region_of_subnet(&pe.subnet));
        let connection = Block::builder("private_service_connection").add_attribute(("name", pe.name.as_str()));
        let (connection, group) = match &pe.target {
            PeTarget::Paas { resource: r, sub_resource } => (
                connection
                    .add_attribute(("private_connection_resource_id", cx.id(r)))
                    .add_attribute(("subresource_names", list(&[sub_resource])))
                    .add_attribute(("is_manual_connection", false)),
                Some(sub_resource.clone()),
            ),
            // A service of another tenant, by alias: its owner approves the request (E-5).
            PeTarget::PrivateLinkService { alias } => (
                connection
                    .add_attribute(("private_connection_resource_alias", alias.as_str()))
                    .add_attribute(("is_manual_connection", true))
                    .add_attribute(("request_message", "Requested by the vnet-studio export")),
                None,
            ),
        };
        let mut b = resource("azurerm_private_endpoint", &label)
            .add_attribute(("name", pe.name.as_str()))
            .add_attribute(("location", loc))
            .add_attribute(("resource_group_name", cx.rg()))
            .add_attribute(("subnet_id", cx.id(&pe.subnet)))
            .add_block(connection.build());
        if let Some(group) = group {
            for (i, ip) in pe.ips().enumerate() {
                let member = if group == "vault" { "default" } else { group.as_str() };
                let c = Block::builder("ip_configuration")
                    .add_attribute(("name", format!("ipconfig{}", i + 1)))
                    .add_attribute(("private_ip_address", ip.to_string()))
                    .add_attribute(("subresource_name", group.as_str()))
                    .add_attribute(("member_name", member));
                b = b.add_block(c.build());
            }
        }
        if !pe.dns_zone_group.is_empty() {
            let zones: Vec<Expression> = pe.dns_zone_group.iter().map(|z| cx.id(z)).collect();
            let g = Block::builder("private_dns_zone_group")
                .add_attribute(("name", "default"))
                .add_attribute(("private_dns_zone_ids", Expression::from(zones)));
            b = b.add_block(g.build());
        }
        cx.push(tags(b, &pe.meta).build());
    }
}

fn resolvers(cx: &mut Ctx) {
    let d = cx.d;
    for r in d.resolvers.iter().filter(|r| !r.meta.external) {
        let Some(label) = cx.resource(&r.id).map(|(_, l)| l.to_string()) else { continue };
        let region = cx.ix().vnet(&r.vnet).map_or_else(|| cx.first_region(), |v| v.region.clone());
        let loc = cx.location(&region);
        let b = resource("azurerm_private_dns_resolver", &label)
            .add_attribute(("name", r.name.as_str()))
            .add_attribute(("resource_group_name", cx.rg()))
            .add_attribute(("location", loc.clone()))
            .add_attribute(("virtual_network_id", cx.id(&r.vnet)));
        cx.push(tags(b, &r.meta).build());
        let resolver = path("azurerm_private_dns_resolver", &[&label, "id"]);
        for e in &r.inbound_endpoints {
            let Some(el) = cx.resource(&e.id).map(|(_, l)| l.to_string()) else { continue };
            let config = Block::builder("ip_configurations")
                .add_attribute(("subnet_id", cx.id(&e.subnet)))
                .add_attribute(("private_ip_allocation_method", "Static"))
                .add_attribute(("private_ip_address", e.ip.to_string()));
            let b = resource("azurerm_private_dns_resolver_inbound_endpoint", &el)
                .add_attribute(("name", e.name.as_str()))
                .add_attribute(("private_dns_resolver_id", resolver.clone()))
                .add_attribute(("location", loc.clone()))
                .add_block(config.build());
            cx.push(b.build());
        }
        for e in &r.outbound_endpoints {
            let Some(el) = cx.resource(&e.id).map(|(_, l)| l.to_string()) else { continue };
            let b = resource("azurerm_private_dns_resolver_outbound_endpoint", &el)
                .add_attribute(("name", e.name.as_str()))
                .add_attribute(("private_dns_resolver_id", resolver.clone()))
                .add_attribute(("location", loc.clone()))
                .add_attribute(("subnet_id", cx.id(&e.subnet)));
            cx.push(b.build());
        }
    }
    for s in d.rulesets.iter().filter(|s| !s.meta.external) {
        let Some(label) = cx.resource(&s.id).map(|(_, l)| l.to_string()) else { continue };
        let loc = cx.location(&cx.first_region());
        let outbound: Vec<Expression> = s.outbound_endpoints.iter().map(|e| cx.id(e)).collect();
        let b = resource("azurerm_private_dns_resolver_dns_forwarding_ruleset", &label)
            .add_attribute(("name", s.name.as_str()))
            .add_attribute(("resource_group_name", cx.rg()))
            .add_attribute(("location", loc))
            .add_attribute(("private_dns_resolver_outbound_endpoint_ids", Expression::from(outbound)));
        cx.push(tags(b, &s.meta).build());
        let ruleset = path("azurerm_private_dns_resolver_dns_forwarding_ruleset", &[&label, "id"]);
        for rule in &s.rules {
            let rl =
                cx.label("azurerm_private_dns_resolver_forwarding_rule", &format!("{label}_{}", rule.name), "rule");
            // azurerm wants the domain fully qualified (a trailing dot).
            let domain = if rule.domain.ends_with('.') { rule.domain.clone() } else { format!("{}.", rule.domain) };
            let mut b = resource("azurerm_private_dns_resolver_forwarding_rule", &rl)
                .add_attribute(("name", rule.name.as_str()))
                .add_attribute(("dns_forwarding_ruleset_id", ruleset.clone()))
                .add_attribute(("domain_name", domain))
                .add_attribute(("enabled", rule.enabled));
            for t in &rule.targets {
                let target = Block::builder("target_dns_servers")
                    .add_attribute(("ip_address", t.ip.to_string()))
                    .add_attribute(("port", i64::from(t.port)));
                b = b.add_block(target.build());
            }
            cx.push(b.build());
        }
        for (i, v) in s.vnet_links.iter().enumerate() {
            let name = cx.ix().vnet(v).map_or_else(|| format!("link{}", i + 1), |x| format!("link-{}", x.name));
            let ll = cx.label("azurerm_private_dns_resolver_virtual_network_link", &format!("{label}_{name}"), "link");
            let b = resource("azurerm_private_dns_resolver_virtual_network_link", &ll)
                .add_attribute(("name", name.as_str()))
                .add_attribute(("dns_forwarding_ruleset_id", ruleset.clone()))
                .add_attribute(("virtual_network_id", cx.id(v)));
            cx.push(b.build());
        }
    }
}
