//! PaaS fields: a resource's service firewall (E-20..E-25: default action, subnets allowed
//! through their service endpoint, IP rules) and a private endpoint's target (E-1) and DNS zone
//! group (D-10). Subnets are written `vnet/subnet`, zones and resources by name.

use super::dns_fields::vnets;
use super::fields::{
    arm, arm_name, field, field_in, id_of, ips, items, name, name_of, prefix, show_list, show_text, FieldSpec, Input,
    OTHER_KIND,
};
use vnet_core::edit::Element;
use vnet_core::model::*;
use vnet_core::Id;

const ACTIONS: &[(ServiceFirewallAction, &str)] =
    &[(ServiceFirewallAction::Allow, "Allow"), (ServiceFirewallAction::Deny, "Deny")];

pub const PAAS: &[FieldSpec] = &[
    field!("Service (catalog key, e.g. storage)", "service", Text, Paas(p) => p.service, show_text, name),
    field!("Service firewall default action (Allow or Deny)", "defaultAction", Text, Paas(p) => p.default_action, show_action, |t| arm(t, ACTIONS, "an action")),
    field_in!("Allowed subnets (vnet/subnet, through service endpoints)", "allowedSubnets", Text, Paas(p) => p.allowed_subnets, show_subnets, subnets),
    field!("IP rules", "ipRules", Text, Paas(p) => p.ip_rules, show_list, ip_rules),
];

pub const PRIVATE_ENDPOINT: &[FieldSpec] = &[
    field_in!("Target (resource sub-resource, or PrivateLinkService alias)", "target", Text, PrivateEndpoint(p) => p.target, show_target, target),
    field_in!("DNS zone group (zone names)", "dnsZoneGroup", Text, PrivateEndpoint(p) => p.dns_zone_group, show_zones, zones),
    field!("Secondary IPs (further IP configurations)", "secondaryIps", Text, PrivateEndpoint(p) => p.secondary_ips, show_list, ips),
];

fn show_action(a: &ServiceFirewallAction) -> String {
    arm_name(a, ACTIONS)
}

/// Prefixes; none is fine (no IP rules).
fn ip_rules(text: &str) -> Result<Vec<ipnet::Ipv4Net>, String> {
    items(text).map(prefix).collect()
}

/// A subnet as these fields write it: `vnet/subnet`.
pub(super) fn subnet_label(d: &Design, id: &Id) -> String {
    match d.subnet(id) {
        Some(s) => format!("{}/{}", name_of(vnets(d), &s.vnet), s.name),
        None => id.to_string(),
    }
}

fn show_subnets(d: &Design, ids: &[Id]) -> String {
    ids.iter().map(|id| subnet_label(d, id)).collect::<Vec<_>>().join(", ")
}

/// Reads [`subnet_label`].
pub(super) fn subnet_by_label(d: &Design, t: &str) -> Result<Id, String> {
    let found = d.subnets.iter().find(|s| subnet_label(d, &s.id) == t);
    found.map(|s| s.id.clone()).ok_or_else(|| format!("there is no subnet '{t}': write vnet/subnet."))
}

fn subnets(d: &Design, _: &PaasResource, text: &str) -> Result<Vec<Id>, String> {
    items(text).map(|t| subnet_by_label(d, t)).collect()
}

fn show_target(d: &Design, t: &PeTarget) -> String {
    match t {
        PeTarget::Paas { resource, sub_resource } => {
            let paas = d.paas.iter().map(|p| (&p.id, p.name.as_str()));
            format!("{} {sub_resource}", name_of(paas, resource))
        }
        PeTarget::PrivateLinkService { alias } => format!("PrivateLinkService {alias}"),
    }
}

fn target(d: &Design, _: &PrivateEndpoint, text: &str) -> Result<PeTarget, String> {
    let words: Vec<&str> = text.split_whitespace().collect();
    match words.as_slice() {
        ["PrivateLinkService", alias] => Ok(PeTarget::PrivateLinkService { alias: alias.to_string() }),
        [resource, sub] => Ok(PeTarget::Paas {
            resource: id_of(d.paas.iter().map(|p| (&p.id, p.name.as_str())), resource, "PaaS resource")?,
            sub_resource: sub.to_string(),
        }),
        _ => Err("write 'resource sub-resource' (mftesting blob) or 'PrivateLinkService alias'.".into()),
    }
}

fn zone_names(d: &Design) -> impl Iterator<Item = (&Id, &str)> {
    d.dns_zones.iter().map(|z| (&z.id, z.name.as_str()))
}

fn show_zones(d: &Design, ids: &[Id]) -> String {
    ids.iter().map(|id| name_of(zone_names(d), id)).collect::<Vec<_>>().join(", ")
}

fn zones(d: &Design, _: &PrivateEndpoint, text: &str) -> Result<Vec<Id>, String> {
    items(text).map(|n| id_of(zone_names(d), n, "private DNS zone")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paas_fields_print_what_they_parse() {
        let json = include_str!("../../../../public/gallery/service-vs-private-endpoint.json");
        let d = vnet_core::codec::json::from_json(json).expect("the gallery design decodes").design;
        let (p, pe) = (&d.paas[0], &d.private_endpoints[0]);
        let all: Vec<Id> = d.subnets.iter().map(|s| s.id.clone()).collect();
        assert_eq!(subnets(&d, p, &show_subnets(&d, &all)).unwrap(), all);
        assert_eq!(target(&d, pe, &show_target(&d, &pe.target)).unwrap(), pe.target);
        assert_eq!(zones(&d, pe, &show_zones(&d, &pe.dns_zone_group)).unwrap(), pe.dns_zone_group);
        let pls = PeTarget::PrivateLinkService { alias: "svc.guid.eastus.azure.privatelinkservice".into() };
        assert_eq!(target(&d, pe, &show_target(&d, &pls)).unwrap(), pls);
        assert_eq!(subnets(&d, p, "hub/nowhere").unwrap_err(), "there is no subnet 'hub/nowhere': write vnet/subnet.");
        assert!(target(&d, pe, "nothing blob").unwrap_err().contains("no PaaS resource named 'nothing'"));
        assert!(ip_rules("").unwrap().is_empty());
        assert!(ip_rules("203.0.113.0/24, 198.51.100.7/32").is_ok());
    }
}
