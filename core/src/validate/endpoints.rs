//! PaaS resources, private endpoints and service endpoints against the service catalog (E-1,
//! E-20, E-22, D-14): services and sub-resources the catalog knows, service-endpoint names Azure
//! accepts, virtual network rules that can match, and DNS zone groups writing where clients look.

use super::index::{label, Index};
use super::{Code, Out};
use crate::catalog::services::{self, Service};
use crate::model::*;

pub(super) fn check(ix: &Index, out: &mut Out) {
    for p in &ix.design.paas {
        paas(ix, out, p);
    }
    for pe in &ix.design.private_endpoints {
        private_endpoint(ix, out, pe);
    }
    for s in &ix.design.subnets {
        for (i, se) in s.service_endpoints.iter().enumerate() {
            if !services::is_service_endpoint_name(&se.service) {
                let msg = format!(
                    "{}: serviceEndpoints[{i}].service '{}' is not a service endpoint Azure supports",
                    label(ElementKind::Subnet, &s.name, &s.id),
                    se.service
                );
                out.push(Code::UnknownServiceEndpoint, &s.id, format!("serviceEndpoints[{i}].service"), msg);
            }
        }
    }
}

fn paas(ix: &Index, out: &mut Out, p: &PaasResource) {
    let who = label(ElementKind::Paas, &p.name, &p.id);
    let Some(service) = services::service(&p.service) else {
        let known: Vec<&str> = services::SERVICES.iter().map(|s| s.key).collect();
        let msg = format!("{who}: service '{}' is not in the catalog ({})", p.service, known.join(", "));
        out.push(Code::UnknownService, &p.id, "service", msg);
        return;
    };
    // E-22: a virtual network rule matches only traffic that arrives through a service endpoint.
    let Some(endpoint) = service.service_endpoint else {
        return;
    };
    for (i, id) in p.allowed_subnets.iter().enumerate() {
        let Some(s) = ix.subnet(id) else { continue };
        if !s.service_endpoints.iter().any(|se| covers(&se.service, endpoint)) {
            let msg = format!(
                "{who}: allowedSubnets[{i}] '{}' has no {endpoint} service endpoint, so its traffic never matches the rule",
                s.name
            );
            out.push(Code::AllowedSubnetWithoutEndpoint, &p.id, format!("allowedSubnets[{i}]"), msg);
        }
    }
}

/// Whether a subnet's service endpoint `enabled` serves a service whose endpoint is `needed`
/// (`Microsoft.Storage.Global` serves storage too, E-21).
fn covers(enabled: &str, needed: &str) -> bool {
    enabled.eq_ignore_ascii_case(needed)
        || enabled.strip_suffix(".Global").is_some_and(|base| base.eq_ignore_ascii_case(needed))
}

fn private_endpoint(ix: &Index, out: &mut Out, pe: &PrivateEndpoint) {
    let PeTarget::Paas { resource, sub_resource } = &pe.target else {
        return;
    };
    // A dangling target is reported by `references`, an unknown service on the resource itself.
    let Some(service) = ix.paas(resource).and_then(|r| services::service(&r.service)) else {
        return;
    };
    let who = label(ElementKind::PrivateEndpoint, &pe.name, &pe.id);
    let Some(sub) = service.sub_resource(sub_resource) else {
        let msg = format!(
            "{who}: target.subResource '{sub_resource}' is not a sub-resource of {} ({})",
            service.display,
            group_ids(service)
        );
        out.push(Code::UnknownSubResource, &pe.id, "target.subResource", msg);
        return;
    };
    for (i, z) in pe.dns_zone_group.iter().enumerate() {
        let Some(zone) = ix.zone(z) else { continue };
        let name = zone.name.trim_end_matches('.');
        if !name.eq_ignore_ascii_case(sub.privatelink_zone) {
            let msg = format!(
                "{who}: dnsZoneGroup[{i}] '{}' is not {}, the zone clients look up for {}",
                zone.name, sub.privatelink_zone, sub.group_id
            );
            out.push(Code::ZoneGroupWrongZone, &pe.id, format!("dnsZoneGroup[{i}]"), msg);
        }
    }
}

fn group_ids(service: &Service) -> String {
    let ids: Vec<&str> = service.sub_resources.iter().map(|s| s.group_id).collect();
    ids.join(", ")
}

#[cfg(test)]
mod tests {
    use super::super::fixture::{at, found, hub_spoke, subnet};
    use super::*;

    #[test]
    fn unknown_services_and_sub_resources() {
        let (mut d, ids) = hub_spoke();
        d.private_endpoints[0].target = PeTarget::Paas { resource: ids.storage.clone(), sub_resource: "vault".into() };
        assert_eq!(found(&d), vec![at(Code::UnknownSubResource, &ids.pe, "target.subResource")]);
        d.paas[0].service = "mainframe".into();
        assert_eq!(found(&d), vec![at(Code::UnknownService, &ids.storage, "service")]);
    }

    #[test]
    fn service_endpoint_names() {
        let (mut d, ids) = hub_spoke();
        subnet(&mut d, &ids.vm_subnet).service_endpoints =
            vec![ServiceEndpoint { service: "Microsoft.Search".into(), locations: vec![] }];
        assert_eq!(found(&d), vec![at(Code::UnknownServiceEndpoint, &ids.vm_subnet, "serviceEndpoints[0].service")]);
    }

    #[test]
    fn allowed_subnets_need_the_service_endpoint() {
        let (mut d, ids) = hub_spoke();
        d.paas[0].allowed_subnets.push(ids.vm_subnet.clone());
        assert_eq!(found(&d), vec![at(Code::AllowedSubnetWithoutEndpoint, &ids.storage, "allowedSubnets[1]")]);
        subnet(&mut d, &ids.vm_subnet).service_endpoints =
            vec![ServiceEndpoint { service: "Microsoft.Storage.Global".into(), locations: vec![] }];
        assert_eq!(found(&d), vec![]);
    }

    #[test]
    fn zone_groups_write_into_the_privatelink_zone() {
        let (mut d, ids) = hub_spoke();
        d.dns_zones[0].name = "privatelink.file.core.windows.net".into();
        assert_eq!(found(&d), vec![at(Code::ZoneGroupWrongZone, &ids.pe, "dnsZoneGroup[0]")]);
    }
}
