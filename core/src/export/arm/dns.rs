//! Private DNS and private endpoints in the flat REST shape, as `import::dns` reads them: private
//! DNS zones with their virtual network links (D-5, D-11, D-12) and A/CNAME record sets as child
//! resources, and private endpoints (E-1, E-2) with their addresses, private link service
//! connection and inline `privateDnsZoneGroups` (D-10). The records a zone group writes are
//! derived from the endpoint (DECISIONS 25): a design that still holds one (schema v1) does not
//! get it written.

use super::{resource, Ids, RG};
use crate::model::{ConnectionState, Design, PeTarget, RecordData, ResolutionPolicy};
use serde_json::{json, Value};

pub(super) fn zones(d: &Design, ids: &Ids, out: &mut Vec<Value>) {
    for z in d.dns_zones.iter().filter(|z| !z.meta.external) {
        let base = ids.of(&z.id);
        out.push(resource(ids, &z.id, &z.name, "Microsoft.Network/privateDnsZones", "global", &z.meta, json!({})));
        for l in z.links.iter().filter(|l| !l.meta.external) {
            let policy = match l.resolution_policy {
                ResolutionPolicy::Default => "Default",
                ResolutionPolicy::NxDomainRedirect => "NxDomainRedirect",
            };
            let props = json!({ "virtualNetwork": { "id": ids.of(&l.vnet) },
                "registrationEnabled": l.registration_enabled, "resolutionPolicy": policy });
            let name = ids.of(&l.id).rsplit('/').next().unwrap_or_default().to_string();
            let kind = "Microsoft.Network/privateDnsZones/virtualNetworkLinks";
            out.push(resource(ids, &l.id, &name, kind, "global", &l.meta, props));
        }
        for r in z.records.iter().filter(|r| !ids.ix.owned(&z.id, &r.name)) {
            let (kind, props) = match &r.data {
                RecordData::A { ips } => (
                    "A",
                    json!({ "ttl": 3600, "aRecords": ips.iter().map(|ip| json!({ "ipv4Address": ip.to_string() })).collect::<Vec<_>>() }),
                ),
                RecordData::Cname { target } => ("CNAME", json!({ "ttl": 3600, "cnameRecord": { "cname": target } })),
            };
            out.push(json!({ "id": format!("{base}/{kind}/{}", r.name), "name": r.name,
                "type": format!("Microsoft.Network/privateDnsZones/{kind}"), "properties": props }));
        }
    }
}

pub(super) fn endpoints(d: &Design, ids: &Ids, out: &mut Vec<Value>) {
    for pe in d.private_endpoints.iter().filter(|p| !p.meta.external) {
        let location = ids.ix.region_of_subnet(&pe.subnet).unwrap_or_default().to_string();
        let (target, groups) = match &pe.target {
            PeTarget::Paas { resource, sub_resource } => (ids.of(resource), vec![sub_resource.clone()]),
            PeTarget::PrivateLinkService { alias } => {
                // The service has no element (E-5): a resource stands for it, carrying the alias.
                let name = format!("pls-{}", pe.name);
                let id = format!("{RG}/Microsoft.Network/privateLinkServices/{name}");
                out.push(json!({ "id": id, "name": name, "type": "Microsoft.Network/privateLinkServices",
                    "location": location, "properties": { "alias": alias } }));
                (id, Vec::new())
            }
        };
        let status = match pe.connection_state {
            ConnectionState::Approved => "Approved",
            ConnectionState::Pending => "Pending",
            ConnectionState::Rejected => "Rejected",
            ConnectionState::Disconnected => "Disconnected",
        };
        let configs: Vec<Value> = std::iter::once(pe.ip)
            .chain(pe.secondary_ips.iter().copied())
            .enumerate()
            .map(|(i, ip)| json!({ "name": format!("ipconfig{}", i + 1), "properties": { "privateIPAddress": ip.to_string() } }))
            .collect();
        let zones: Vec<Value> = pe
            .dns_zone_group
            .iter()
            .map(|z| {
                let name = ids.ix.zone(z).map(|x| x.name.replace('.', "-")).unwrap_or_default();
                json!({ "name": name, "properties": { "privateDnsZoneId": ids.of(z) } })
            })
            .collect();
        let base = ids.of(&pe.id);
        let mut props = json!({
            "subnet": { "id": ids.of(&pe.subnet) },
            "ipConfigurations": configs,
            "privateLinkServiceConnections": [{ "name": pe.name, "properties": {
                "privateLinkServiceId": target, "groupIds": groups,
                "privateLinkServiceConnectionState": { "status": status } } }]
        });
        if !zones.is_empty() {
            props["privateDnsZoneGroups"] = json!([{ "id": format!("{base}/privateDnsZoneGroups/default"), "name": "default",
                "properties": { "privateDnsZoneConfigs": zones } }]);
        }
        out.push(resource(ids, &pe.id, &pe.name, "Microsoft.Network/privateEndpoints", &location, &pe.meta, props));
    }
}
