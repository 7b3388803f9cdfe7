//! DNS records (D-10, D-15): a name that holds a CNAME holds nothing else (RFC 1034 §3.6.2) —
//! in the design's public records, in private zones and in on-premises zones — and a stored
//! record whose name a private endpoint's DNS zone group owns (the group's record answers,
//! `records`), or that two zone groups write into one zone.

use super::index::{label, Index};
use super::{Code, Out};
use crate::id::Id;
use crate::model::{DnsRecord, ElementKind, RecordData};
use crate::network::HashMap;
use crate::records::endpoint_records;

pub(super) fn check(ix: &Index, out: &mut Out) {
    let d = ix.design;
    for (i, first) in cname_conflicts(&d.public_dns) {
        let msg = format!(
            "publicDns[{i}] '{}': {} (RFC 1034 §3.6.2)",
            d.public_dns[i].name,
            conflict_text(&d.public_dns, first)
        );
        out.push_design(Code::CnameAndOtherData, format!("publicDns[{i}]"), msg);
    }
    for z in &d.dns_zones {
        let who = label(ElementKind::Zone, &z.name, &z.id);
        for (i, first) in cname_conflicts(&z.records) {
            let msg = format!("{who}: records[{i}] '{}': {}", z.records[i].name, conflict_text(&z.records, first));
            out.push(Code::CnameAndOtherData, &z.id, format!("records[{i}]"), msg);
        }
    }
    for site in &d.sites {
        let who = label(ElementKind::Site, &site.name, &site.id);
        for (s, server) in site.dns_servers.iter().enumerate() {
            for (i, first) in cname_conflicts(&server.records) {
                let msg =
                    format!("{who}: server '{}' records[{i}]: {}", server.name, conflict_text(&server.records, first));
                out.push(Code::CnameAndOtherData, &site.id, format!("dnsServers[{s}].records[{i}]"), msg);
            }
            for (j, zone) in server.zones.iter().enumerate() {
                for (i, first) in cname_conflicts(&zone.records) {
                    let msg = format!(
                        "{who}: zone {} of server '{}', records[{i}] '{}': {}",
                        zone.name,
                        server.name,
                        zone.records[i].name,
                        conflict_text(&zone.records, first)
                    );
                    out.push(
                        Code::CnameAndOtherData,
                        &site.id,
                        format!("dnsServers[{s}].zones[{j}].records[{i}]"),
                        msg,
                    );
                }
            }
        }
    }
    zone_groups(ix, out);
}

/// D-10: the zone groups' records against the stored ones and against each other.
fn zone_groups(ix: &Index, out: &mut Out) {
    // (zone, lower-case name) → the endpoint that writes it first.
    let mut owner: HashMap<(&Id, String), &crate::model::PrivateEndpoint> = HashMap::default();
    for r in endpoint_records(ix.design) {
        let first = *owner.entry((r.zone, r.name.to_ascii_lowercase())).or_insert(r.endpoint);
        if first.id != r.endpoint.id {
            let zone = ix.zone(r.zone).map_or(r.zone.as_str(), |z| z.name.as_str());
            let msg = format!(
                "{}: dnsZoneGroup[{}] writes {} into {zone}, which private endpoint '{}' already writes; Azure keeps \
                 whichever wrote last, the simulator the first",
                label(ElementKind::PrivateEndpoint, &r.endpoint.name, &r.endpoint.id),
                r.group_index,
                r.name,
                first.name
            );
            out.push(Code::ZoneGroupNameTaken, &r.endpoint.id, format!("dnsZoneGroup[{}]", r.group_index), msg);
        }
    }
    if owner.is_empty() {
        return;
    }
    for z in &ix.design.dns_zones {
        for (i, rec) in z.records.iter().enumerate() {
            let key = (&z.id, rec.name.trim_end_matches('.').to_ascii_lowercase());
            let Some(pe) = owner.get(&key) else { continue };
            let same = matches!(&rec.data, RecordData::A { ips }
                if *ips == std::iter::once(pe.ip).chain(pe.secondary_ips.iter().copied()).collect::<Vec<_>>());
            let what =
                if same { "duplicates the A record".to_string() } else { "is shadowed by the A record".to_string() };
            let msg = format!(
                "{}: records[{i}] '{}' {what} that private endpoint '{}''s DNS zone group writes and owns (D-10); the \
                 zone group's record answers: remove the stored one",
                label(ElementKind::Zone, &z.name, &z.id),
                rec.name,
                pe.name
            );
            out.push(Code::ZoneRecordOwnedByEndpoint, &z.id, format!("records[{i}]"), msg);
        }
    }
}

/// Records that put a CNAME beside other data of the same name: (index, the name's first
/// record). Several A records of one name are one record set and fine.
fn cname_conflicts(records: &[DnsRecord]) -> Vec<(usize, usize)> {
    let mut seen: HashMap<String, (usize, bool)> = HashMap::default();
    let mut out = Vec::new();
    for (i, r) in records.iter().enumerate() {
        let cname = matches!(r.data, RecordData::Cname { .. });
        let key = r.name.trim().trim_end_matches('.').to_ascii_lowercase();
        match seen.get_mut(&key) {
            Some((first, has_cname)) => {
                if *has_cname || cname {
                    out.push((i, *first));
                }
                *has_cname |= cname;
            }
            None => {
                seen.insert(key, (i, cname));
            }
        }
    }
    out
}

fn conflict_text(records: &[DnsRecord], first: usize) -> String {
    let kind = |r: &DnsRecord| match r.data {
        RecordData::A { .. } => "an A record",
        RecordData::Cname { .. } => "a CNAME",
    };
    format!(
        "the name already holds {} (entry {first}), and a name with a CNAME holds nothing else",
        kind(&records[first])
    )
}

#[cfg(test)]
mod tests {
    use super::super::fixture::{at, found, hub_spoke};
    use super::super::Diagnostic;
    use super::*;

    fn record(name: &str, data: RecordData) -> DnsRecord {
        DnsRecord { name: name.into(), data }
    }

    fn a(ip: &str) -> RecordData {
        RecordData::A { ips: vec![ip.parse().unwrap()] }
    }

    fn cname(target: &str) -> RecordData {
        RecordData::Cname { target: target.into() }
    }

    #[test]
    fn a_cname_beside_other_data_is_an_error_wherever_it_is() {
        let (mut d, ids) = hub_spoke();
        d.public_dns = vec![
            record("www.contoso.com", a("203.0.113.80")),
            record("www.contoso.com", a("203.0.113.81")),
            record("WWW.contoso.com.", cname("cdn.contoso.net")),
            record("api.contoso.com", cname("www.contoso.com")),
        ];
        d.dns_zones[0].records = vec![record("app", cname("web")), record("app", a("10.1.1.9"))];
        let diags: Vec<Diagnostic> =
            crate::validate::validate(&d).into_iter().filter(|x| x.code == Code::CnameAndOtherData).collect();
        let got: Vec<(Option<Id>, &str)> = diags.iter().map(|x| (x.element.clone(), x.field.as_str())).collect();
        assert_eq!(got, [(Some(ids.zone.clone()), "records[1]"), (None, "publicDns[2]")]);
        assert!(diags[1].message.contains("RFC 1034"), "{}", diags[1].message);
    }

    #[test]
    fn on_premises_zones_and_records_follow_the_same_rule() {
        let (mut d, ids) = hub_spoke();
        let server = crate::model::OnPremDnsServer {
            id: Id::from("od-x"),
            name: "dns-x".into(),
            ip: "192.168.1.53".parse().unwrap(),
            records: vec![record("a.corp", a("192.168.1.1")), record("a.corp", cname("b.corp"))],
            conditional_forwarders: vec![],
            default_forwarders: vec![],
            zones: vec![crate::model::OnPremZone {
                name: "corp.contoso.com".into(),
                records: vec![record("@", cname("x.example.com")), record("@", a("192.168.1.2"))],
            }],
            follow_cname: true,
        };
        d.sites[0].dns_servers.push(server);
        let n = d.sites[0].dns_servers.len() - 1;
        let site = d.sites[0].id.clone();
        let want = vec![
            at(Code::CnameAndOtherData, &site, &format!("dnsServers[{n}].records[1]")),
            at(Code::CnameAndOtherData, &site, &format!("dnsServers[{n}].zones[0].records[1]")),
        ];
        assert_eq!(found(&d).into_iter().filter(|f| f.0 == Code::CnameAndOtherData).collect::<Vec<_>>(), want);
        let _ = ids;
    }

    #[test]
    fn a_stored_record_a_zone_group_owns_and_two_groups_on_one_name_are_warned() {
        let (mut d, ids) = hub_spoke();
        assert!(found(&d).is_empty(), "the fixture's zone group writes its record; nothing stored twice");
        let name = d.paas[0].name.clone();
        d.dns_zones[0].records.push(record(&name, a("10.1.1.4")));
        d.dns_zones[0].records.push(record("other", a("10.1.1.99")));
        let mut twin = d.private_endpoints[0].clone();
        twin.id = Id::from("pe-twin");
        twin.name = "pe-twin".into();
        twin.ip = "10.1.1.5".parse().unwrap();
        d.private_endpoints.push(twin);
        assert_eq!(
            found(&d),
            vec![
                at(Code::ZoneGroupNameTaken, &Id::from("pe-twin"), "dnsZoneGroup[0]"),
                at(Code::ZoneRecordOwnedByEndpoint, &ids.zone, "records[0]"),
            ]
        );
    }
}
