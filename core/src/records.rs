//! The records of a private DNS zone as Azure holds them: the ones stored in the zone, the A
//! records that private endpoints' DNS zone groups write (D-10) and the ones autoregistration
//! keeps for VMs (D-6). Only the first kind is stored in a design; the other two are **derived**
//! from the design every time (DECISIONS 25), so they can never disagree with the endpoint or
//! the VM they come from.
//!
//! Which record answers when several share a name: a zone group owns the record set it writes
//! (Azure creates, overwrites and deletes it with the endpoint, D-10), so its record wins over a
//! stored one, which validation reports (`zone-record-owned-by-endpoint`); a stored record wins
//! over an autoregistered one (D-6); among endpoints writing the same name into one zone, the
//! first in design order (Azure keeps whichever wrote last, which a design does not record;
//! validation reports it too).
//!
//! Architecture invariant: pure functions of the model; the DNS engine (`dns`), validation and
//! insights read zone contents through here only, so they agree on what a zone holds.

use crate::id::Id;
use crate::model::{Design, PaasResource, PeTarget, PrivateDnsZone, PrivateEndpoint, RecordData};
use serde::Serialize;
use std::collections::HashMap;
use std::net::Ipv4Addr;

/// Where a record of a private zone comes from.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum RecordOrigin {
    /// Stored in the zone, at `records[index]`.
    Stored { index: usize },
    /// Written by this private endpoint's DNS zone group (D-10): "from endpoint …".
    Endpoint { id: Id, name: String },
    /// Kept by autoregistration for this VM's primary NIC (D-6).
    Autoregistered { id: Id, name: String },
}

/// One record of a zone's list, with its origin.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ZoneRecord {
    /// The relative name, as written (`@` is the apex).
    pub name: String,
    #[serde(flatten)]
    pub data: RecordData,
    pub origin: RecordOrigin,
    /// False when another record of the same name answers instead (see the module's text).
    pub answered: bool,
    /// The rule that puts the record there: D-5 (stored), D-10 (zone group), D-6 (autoregistered).
    pub rule: &'static str,
}

/// An A record a private endpoint's DNS zone group writes into one zone (D-10).
#[derive(Clone, Copy, Debug)]
pub struct EndpointRecord<'d> {
    /// The zone (an entry of the endpoint's `dnsZoneGroup`).
    pub zone: &'d Id,
    /// Its position in the endpoint's `dnsZoneGroup`.
    pub group_index: usize,
    /// The record name: the target resource's name (`mystorage`).
    pub name: &'d str,
    pub endpoint: &'d PrivateEndpoint,
}

impl EndpointRecord<'_> {
    /// The record's addresses: the endpoint's primary IP, then its secondary ones.
    pub fn ips(&self) -> Vec<Ipv4Addr> {
        std::iter::once(self.endpoint.ip).chain(self.endpoint.secondary_ips.iter().copied()).collect()
    }
}

/// Every record the zone groups of `design` write, in design order (endpoint by endpoint, each
/// in its zone group's order). An endpoint to a Private Link Service has no resource name, so
/// its zone group writes nothing here; one to a resource the design does not hold neither.
pub fn endpoint_records(design: &Design) -> Vec<EndpointRecord<'_>> {
    let with_groups = design.private_endpoints.iter().filter(|pe| !pe.dns_zone_group.is_empty());
    let mut resources: Option<HashMap<&Id, &PaasResource>> = None;
    let mut out = Vec::new();
    for pe in with_groups {
        let PeTarget::Paas { resource, .. } = &pe.target else { continue };
        let by_id = resources.get_or_insert_with(|| design.paas.iter().map(|r| (&r.id, r)).collect());
        let Some(r) = by_id.get(resource) else { continue };
        for (group_index, zone) in pe.dns_zone_group.iter().enumerate() {
            out.push(EndpointRecord { zone, group_index, name: &r.name, endpoint: pe });
        }
    }
    out
}

/// The records of zone `zone` (by id) with their origins, for the zone's record list: the zone
/// groups' records first, then the stored ones, then the autoregistered ones. Empty for an
/// unknown zone.
pub fn zone_records(design: &Design, zone: &Id) -> Vec<ZoneRecord> {
    let Some(z) = design.dns_zones.iter().find(|z| &z.id == zone) else { return Vec::new() };
    let mut out: Vec<ZoneRecord> = Vec::new();
    let mut taken: Vec<String> = Vec::new();
    let mut claim = |name: &str| {
        let key = name.trim_end_matches('.').to_ascii_lowercase();
        let free = !taken.contains(&key);
        if free {
            taken.push(key);
        }
        free
    };
    for r in endpoint_records(design).into_iter().filter(|r| r.zone == zone) {
        out.push(ZoneRecord {
            name: r.name.to_string(),
            data: RecordData::A { ips: r.ips() },
            origin: RecordOrigin::Endpoint { id: r.endpoint.id.clone(), name: r.endpoint.name.clone() },
            answered: claim(r.name),
            rule: "D-10",
        });
    }
    for (index, r) in z.records.iter().enumerate() {
        out.push(ZoneRecord {
            name: r.name.clone(),
            data: r.data.clone(),
            origin: RecordOrigin::Stored { index },
            answered: claim(&r.name),
            rule: "D-5",
        });
    }
    for (vm, ip) in autoregistered(design, z) {
        out.push(ZoneRecord {
            name: vm.name.clone(),
            data: RecordData::A { ips: vec![ip] },
            origin: RecordOrigin::Autoregistered { id: vm.id.clone(), name: vm.name.clone() },
            answered: claim(&vm.name),
            rule: "D-6",
        });
    }
    out
}

/// The VMs whose primary NIC autoregistration records in `zone` (D-6), with that NIC's address.
fn autoregistered<'d>(design: &'d Design, zone: &PrivateDnsZone) -> Vec<(&'d crate::model::Vm, Ipv4Addr)> {
    let vnets: Vec<&Id> = zone.links.iter().filter(|l| l.registration_enabled).map(|l| &l.vnet).collect();
    if vnets.is_empty() {
        return Vec::new();
    }
    design
        .vms
        .iter()
        .filter_map(|vm| {
            let nic = vm.nics.first()?;
            let vnet = &design.subnet(&nic.subnet)?.vnet;
            vnets.contains(&vnet).then_some((vm, nic.ip))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gallery;

    #[test]
    fn the_seed_labs_zone_shows_the_endpoints_record_and_stores_none() {
        let d = gallery::seed_lab().unwrap();
        let zone = &d.dns_zones[0];
        assert!(zone.records.is_empty(), "D-10: the zone group's record is derived, never stored");
        let list = zone_records(&d, &zone.id);
        assert_eq!(list.len(), 1, "{list:?}");
        assert_eq!(list[0].name, "mftesting");
        assert_eq!(list[0].data, RecordData::A { ips: vec!["10.1.1.4".parse().unwrap()] });
        assert!(matches!(&list[0].origin, RecordOrigin::Endpoint { name, .. } if name == "pe-mftesting-blob"));
        assert!(list[0].answered);
    }

    #[test]
    fn a_zone_group_owns_its_record_set_over_a_stored_one_and_secondary_ips_join_it() {
        let mut d = gallery::seed_lab().unwrap();
        let zone = d.dns_zones[0].id.clone();
        d.private_endpoints[0].secondary_ips = vec!["10.1.1.5".parse().unwrap()];
        d.dns_zones[0].records.push(crate::model::DnsRecord {
            name: "MFTESTING".into(),
            data: RecordData::A { ips: vec!["10.9.9.9".parse().unwrap()] },
        });
        let list = zone_records(&d, &zone);
        let answered: Vec<_> = list.iter().map(|r| (r.rule, r.answered)).collect();
        assert_eq!(answered, [("D-10", true), ("D-5", false)]);
        assert_eq!(list[0].data, RecordData::A { ips: vec!["10.1.1.4".parse().unwrap(), "10.1.1.5".parse().unwrap()] });
        assert!(zone_records(&d, &Id::from("nope")).is_empty());
    }

    #[test]
    fn autoregistered_records_come_last_and_yield_to_stored_ones() {
        let mut d = gallery::seed_lab().unwrap();
        d.dns_zones[0].links[0].registration_enabled = true;
        let hub_vms: Vec<String> = d
            .vms
            .iter()
            .filter(|vm| {
                vm.nics
                    .first()
                    .and_then(|n| d.subnet(&n.subnet))
                    .is_some_and(|s| s.vnet == d.dns_zones[0].links[0].vnet)
            })
            .map(|vm| vm.name.clone())
            .collect();
        assert!(!hub_vms.is_empty());
        d.dns_zones[0].records.push(crate::model::DnsRecord {
            name: hub_vms[0].clone(),
            data: RecordData::A { ips: vec!["10.0.9.9".parse().unwrap()] },
        });
        let list = zone_records(&d, &d.dns_zones[0].id);
        let auto: Vec<_> = list.iter().filter(|r| r.rule == "D-6").collect();
        assert_eq!(auto.len(), hub_vms.len());
        assert!(!auto[0].answered, "a manual record of the same name overrides the automatic one (D-6)");
    }
}
