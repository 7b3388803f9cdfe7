//! Service endpoint traps: on-premises clients never use a service endpoint (E-24), and a
//! service or subnet without one leaves the "allowed subnet" rule of a PaaS firewall unused
//! (E-20, E-22).

use super::{unique, Code, Ctx, Found, Insight, Proof, Severity};
use crate::catalog::services;
use crate::edit::{Edit, Element};
use crate::model::{ConnectionState, PaasResource, PeTarget, ServiceEndpoint, ServiceFirewallAction};
use ipnet::Ipv4Net;

/// Resources that rely on virtual network rules: default deny, public access on, subnets allowed.
fn relies_on_vnet_rules(r: &PaasResource) -> bool {
    r.public_network_access && r.default_action == ServiceFirewallAction::Deny && !r.allowed_subnets.is_empty()
}

fn has_private_endpoint(ctx: &Ctx, r: &PaasResource) -> bool {
    ctx.design.private_endpoints.iter().any(|pe| {
        pe.connection_state == ConnectionState::Approved
            && matches!(&pe.target, PeTarget::Paas { resource, .. } if resource == &r.id)
    })
}

/// `service-endpoint-on-premises`, one per (resource, site): the resource admits subnets by their
/// service endpoint, but traffic from an on-premises site is not routed out of such a subnet and
/// arrives from the site's public address (E-24), which no IP rule allows.
pub(crate) fn on_premises(ctx: &Ctx) -> Vec<Found> {
    let d = ctx.design;
    let connected =
        |site: &crate::id::Id| d.gateways.iter().flat_map(|g| &g.connections).any(|c| c.peer.site() == Some(site));
    let mut out = Vec::new();
    for r in d.paas.iter().filter(|r| relies_on_vnet_rules(r)) {
        for site in d.sites.iter().filter(|s| connected(&s.id)) {
            let allowed = site.internet_nat_ip.is_some_and(|ip| r.ip_rules.iter().any(|p| p.contains(&ip)));
            if allowed {
                continue;
            }
            let pe = has_private_endpoint(ctx, r);
            let mut elements = vec![r.id.clone(), site.id.clone()];
            elements.extend(r.allowed_subnets.iter().cloned());
            let advice = if pe {
                "Its private endpoint is the way in from on-premises (E-4), with DNS forwarded to Azure (D-13)."
            } else {
                "Allow the site's public NAT address by an IP rule, or give the resource a private endpoint (E-4)."
            };
            let insight = Insight {
                code: Code::ServiceEndpointOnPremises,
                severity: if pe { Severity::Info } else { Severity::Warning },
                elements: unique(elements),
                title: format!("{} cannot use {}'s service endpoint", site.name, r.name),
                why: format!(
                    "{} denies by default and admits its allowed subnets by their service endpoint (E-22). \
                     Traffic from on-premises is not routed out of such a subnet, so it does not use the \
                     endpoint (E-24): it reaches the public side from {} and is denied. {advice}",
                    r.name,
                    site.internet_nat_ip.map(|ip| ip.to_string()).unwrap_or_else(|| "an unknown public address".into()),
                ),
                rules: vec!["E-24", "E-22", "E-4"],
                fix: None,
                fixable: false,
            };
            let proof = match site.internet_nat_ip {
                Some(ip) => {
                    let mut fixed = r.clone();
                    fixed.ip_rules.push(Ipv4Net::from(ip));
                    let title = format!("Allow {}'s NAT address {ip} in {}'s firewall", site.name, r.name);
                    Proof::Rerun(on_premises, vec![(title, vec![Edit::Update(Element::Paas(fixed))])])
                }
                None => Proof::None,
            };
            out.push(Found::new(insight, proof));
        }
    }
    out
}

/// `service-endpoint-unavailable`: a resource allows subnets by virtual network rule, but the
/// service has no service endpoints (E-20), or an allowed subnet has none for it (E-22), or
/// (Azure SQL) the subnet's VNet is in another region (E-24).
pub(crate) fn unavailable(ctx: &Ctx) -> Vec<Found> {
    let d = ctx.design;
    let mut out = Vec::new();
    for r in d.paas.iter().filter(|r| relies_on_vnet_rules(r)) {
        let Some(service) = services::service(&r.service) else { continue };
        let Some(se) = service.service_endpoint else {
            let mut elements = vec![r.id.clone()];
            elements.extend(r.allowed_subnets.iter().cloned());
            let insight = Insight {
                code: Code::ServiceEndpointUnavailable,
                severity: Severity::Warning,
                elements,
                title: format!("{} has no service endpoints", service.display),
                why: format!(
                    "{} allows subnets by virtual network rule, but {} does not support service endpoints \
                     (E-20): no subnet's traffic arrives with its private identity, so the rule admits nothing. \
                     Use a private endpoint.",
                    r.name, service.display
                ),
                rules: vec!["E-20", "E-22"],
                fix: None,
                fixable: false,
            };
            out.push(Found::new(insight, Proof::None));
            continue;
        };
        for subnet_id in &r.allowed_subnets {
            let Some(subnet) = d.subnet(subnet_id) else { continue };
            let has = subnet.service_endpoints.iter().any(|e| {
                e.service.eq_ignore_ascii_case(se)
                    || (se == "Microsoft.Storage" && e.service.eq_ignore_ascii_case("Microsoft.Storage.Global"))
            });
            let region = d.vnet(&subnet.vnet).map(|v| v.region.as_str()).unwrap_or("");
            let other_region = se == "Microsoft.Sql" && !region.eq_ignore_ascii_case(&r.region);
            if has && !other_region {
                continue;
            }
            let (title, why, proof) = if other_region {
                (
                    format!("{}'s service endpoint does not reach {} in {}", subnet.name, r.name, r.region),
                    format!(
                        "Azure SQL service endpoints work only for servers in the VNet's region (E-24): {} is in \
                         {region}, {} in {}. Use a private endpoint.",
                        subnet.name, r.name, r.region
                    ),
                    Proof::None,
                )
            } else {
                let mut fixed = subnet.clone();
                fixed.service_endpoints.push(ServiceEndpoint { service: se.to_string(), locations: Vec::new() });
                (
                    format!("{} is allowed by {} but has no {se} endpoint", subnet.name, r.name),
                    format!(
                        "{} admits {} by virtual network rule, but the subnet has no {se} service endpoint, so its \
                         traffic leaves from a public address (E-21, E-22) and the rule never matches.",
                        r.name, subnet.name
                    ),
                    Proof::Rerun(
                        unavailable,
                        vec![(format!("Enable {se} on {}", subnet.name), vec![Edit::Update(Element::Subnet(fixed))])],
                    ),
                )
            };
            let insight = Insight {
                code: Code::ServiceEndpointUnavailable,
                severity: Severity::Warning,
                elements: vec![r.id.clone(), subnet.id.clone()],
                title,
                why,
                rules: vec!["E-20", "E-22", "E-24"],
                fix: None,
                fixable: false,
            };
            out.push(Found::new(insight, proof));
        }
    }
    out
}
