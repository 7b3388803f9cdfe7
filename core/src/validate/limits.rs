//! Azure's documented limits that `AZURE.md` marks as enforced (L-1, L-5, L-12, L-18, L-20, L-21,
//! L-27, L-34). Counts are per container; each limit is reported once, on the element that
//! exceeds it, or on the first element past it when only one per VNet is allowed. The generated
//! 1,000-spoke benchmark design exceeds L-5 on purpose (DECISIONS 8): the engine still computes.

use super::index::{label, Index};
use super::{Code, Out};
use crate::id::Id;
use crate::model::*;
use crate::network::HashMap;

const ROUTES_PER_TABLE: usize = 400;
const PEERINGS_PER_VNET: usize = 500;
const PRIVATE_ENDPOINTS_PER_VNET: usize = 1000;
const RECORD_SETS_PER_ZONE: usize = 25_000;
const LINKS_PER_ZONE: usize = 1000;
const AUTOREGISTRATION_LINKS_PER_ZONE: usize = 100;
const RULES_PER_RULESET: usize = 1000;

pub(super) fn check(ix: &Index, out: &mut Out) {
    let d = ix.design;
    for t in &d.route_tables {
        over(out, Code::TooManyRoutes, &t.id, "routes", t.routes.len(), ROUTES_PER_TABLE, || {
            format!("{} has {} routes", label(ElementKind::RouteTable, &t.name, &t.id), t.routes.len())
        });
    }
    per_vnet(ix, out);
    // The record sets zone groups write count too (D-10: derived, not stored).
    let mut written: crate::network::HashMap<&crate::id::Id, usize> = Default::default();
    for r in crate::records::endpoint_records(d) {
        *written.entry(r.zone).or_default() += 1;
    }
    for z in &d.dns_zones {
        let who = || label(ElementKind::Zone, &z.name, &z.id);
        let (records, links) = (z.records.len() + written.get(&z.id).copied().unwrap_or(0), z.links.len());
        over(out, Code::TooManyZoneRecords, &z.id, "records", records, RECORD_SETS_PER_ZONE, || {
            format!("{} has {records} record sets", who())
        });
        over(out, Code::TooManyZoneLinks, &z.id, "links", links, LINKS_PER_ZONE, || {
            format!("{} has {links} virtual network links", who())
        });
        let registering = z.links.iter().filter(|l| l.registration_enabled).count();
        let limit = AUTOREGISTRATION_LINKS_PER_ZONE;
        over(out, Code::TooManyAutoregistrationLinks, &z.id, "links", registering, limit, || {
            format!("{} has {registering} links with autoregistration", who())
        });
    }
    for rs in &d.rulesets {
        over(out, Code::TooManyForwardingRules, &rs.id, "rules", rs.rules.len(), RULES_PER_RULESET, || {
            format!("{} has {} rules", label(ElementKind::Ruleset, &rs.name, &rs.id), rs.rules.len())
        });
    }
}

/// Reports `count > limit` as `code` on `element`; `what` says what was counted.
fn over(out: &mut Out, code: Code, element: &Id, field: &str, count: usize, limit: usize, what: impl Fn() -> String) {
    if count > limit {
        out.push(code, element, field, format!("{}; Azure allows {limit}", what()));
    }
}

/// L-5, L-12 and L-34: what one VNet may hold.
fn per_vnet(ix: &Index, out: &mut Out) {
    let d = ix.design;
    for v in &d.vnets {
        let who = || label(ElementKind::Vnet, &v.name, &v.id);
        let links = ix.links_of(&v.id).len();
        over(out, Code::TooManyPeerings, &v.id, "", links, PEERINGS_PER_VNET, || {
            format!("{} has {links} peering links", who())
        });
    }
    let mut endpoints: HashMap<&Id, usize> = HashMap::default();
    for pe in &d.private_endpoints {
        if let Some(s) = ix.subnet(&pe.subnet) {
            *endpoints.entry(&s.vnet).or_default() += 1;
        }
    }
    for v in &d.vnets {
        let count = endpoints.get(&v.id).copied().unwrap_or(0);
        over(out, Code::TooManyPrivateEndpoints, &v.id, "", count, PRIVATE_ENDPOINTS_PER_VNET, || {
            format!("{} holds {count} private endpoints", label(ElementKind::Vnet, &v.name, &v.id))
        });
    }
    let mut firewalls: HashMap<&Id, &Firewall> = HashMap::default();
    for fw in &d.firewalls {
        let Some(v) = ix.vnet_of(&fw.subnet) else { continue };
        let first = *firewalls.entry(&v.id).or_insert(fw);
        if first.id != fw.id {
            let msg = format!(
                "{}: subnet is in '{}', which already holds Azure Firewall '{}'; one per VNet",
                label(ElementKind::Firewall, &fw.name, &fw.id),
                v.name,
                first.name
            );
            out.push(Code::TooManyFirewalls, &fw.id, "subnet", msg);
        }
    }
    let mut gateways: HashMap<(&Id, GatewayKind), &Gateway> = HashMap::default();
    for g in &d.gateways {
        let Some(v) = ix.vnet_of(&g.subnet) else { continue };
        let first = *gateways.entry((&v.id, g.kind)).or_insert(g);
        if first.id != g.id {
            let kind = match g.kind {
                GatewayKind::Vpn => "VPN",
                GatewayKind::ExpressRoute => "ExpressRoute",
            };
            let msg = format!(
                "{}: subnet is in '{}', which already holds {kind} gateway '{}'; one of each kind per VNet",
                label(ElementKind::Gateway, &g.name, &g.id),
                v.name,
                first.name
            );
            out.push(Code::TooManyGateways, &g.id, "subnet", msg);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::fixture::{at, found, hub_spoke, route_table};
    use super::*;
    use crate::build::DesignBuilder;

    fn only(d: &Design, code: Code) -> Vec<(Code, Id, String)> {
        found(d).into_iter().filter(|f| f.0 == code).collect()
    }

    #[test]
    fn routes_per_table() {
        let (mut d, ids) = hub_spoke();
        let t = route_table(&mut d, &ids.rt_spoke);
        let template = t.routes[0].clone();
        t.routes = (0..=ROUTES_PER_TABLE as u32)
            .map(|i| Route {
                name: format!("r{i}"),
                prefix: ipnet::Ipv4Net::new(std::net::Ipv4Addr::from(0x0a00_0000 + (i << 8)), 24).unwrap(),
                ..template.clone()
            })
            .collect();
        assert_eq!(found(&d), vec![at(Code::TooManyRoutes, &ids.rt_spoke, "routes")]);
    }

    #[test]
    fn peerings_and_private_endpoints_per_vnet() {
        let (d, ids) = hub_spoke();
        let mut b = DesignBuilder::from_design(d);
        for i in 0..PEERINGS_PER_VNET {
            let v = b.vnet(&format!("vnet-s{i}"), "eastus", &[&format!("10.{}.{}.0/24", 100 + i / 256, i % 256)]);
            b.peer(&ids.hub, &v);
        }
        let big = b.subnet(&ids.spoke, "snet-pe", "10.1.64.0/20");
        for i in 0..PRIVATE_ENDPOINTS_PER_VNET {
            let ip = std::net::Ipv4Addr::from(0x0a01_4004 + i as u32);
            b.private_endpoint(&format!("pe{i}"), &big, &ip.to_string(), &ids.storage, "blob");
        }
        let d = b.build().unwrap();
        assert_eq!(only(&d, Code::TooManyPeerings), vec![at(Code::TooManyPeerings, &ids.hub, "")]);
        let c = Code::TooManyPrivateEndpoints;
        assert_eq!(only(&d, c), vec![at(c, &ids.spoke, "")]);
    }

    #[test]
    fn one_firewall_and_one_gateway_of_each_kind_per_vnet() {
        let (d, ids) = hub_spoke();
        let mut b = DesignBuilder::from_design(d);
        let fw2 = b.firewall("afw-second", &ids.fw_subnet, "10.0.1.5");
        let gw2 = b.gateway("vpngw-second", &ids.gw_subnet, GatewayKind::Vpn, "VpnGw1AZ", &["10.0.255.6"]);
        b.gateway("ergw", &ids.gw_subnet, GatewayKind::ExpressRoute, "ErGw1AZ", &["10.0.255.7"]);
        let d = b.build().unwrap();
        assert_eq!(
            found(&d),
            vec![at(Code::TooManyFirewalls, &fw2, "subnet"), at(Code::TooManyGateways, &gw2, "subnet")]
        );
    }

    #[test]
    fn zone_and_ruleset_sizes() {
        let (mut d, ids) = hub_spoke();
        // The fixture's zone group writes one record set (D-10): 25,000 stored ones exceed the limit.
        let record = DnsRecord { name: "x".into(), data: RecordData::A { ips: vec!["10.1.1.9".parse().unwrap()] } };
        d.dns_zones[0].records = vec![record; RECORD_SETS_PER_ZONE];
        let rule = d.rulesets[0].rules[0].clone();
        d.rulesets[0].rules =
            (0..=RULES_PER_RULESET).map(|i| ForwardingRule { name: format!("r{i}"), ..rule.clone() }).collect();
        let got: Vec<_> = found(&d).into_iter().filter(|f| f.0 != Code::DuplicateName).collect();
        assert_eq!(
            got,
            vec![
                at(Code::TooManyZoneRecords, &ids.zone, "records"),
                at(Code::TooManyForwardingRules, &ids.ruleset, "rules"),
            ]
        );
    }

    #[test]
    fn zone_links() {
        let (d, ids) = hub_spoke();
        let mut b = DesignBuilder::from_design(d);
        for i in 0..LINKS_PER_ZONE {
            let v = b.vnet(&format!("vnet-l{i}"), "eastus", &["10.200.0.0/24"]);
            b.link_zone(&ids.zone, &v);
        }
        let mut d = b.build().unwrap();
        for l in d.dns_zones[0].links.iter_mut().take(AUTOREGISTRATION_LINKS_PER_ZONE + 1) {
            l.registration_enabled = true;
        }
        assert_eq!(
            found(&d),
            vec![
                at(Code::TooManyZoneLinks, &ids.zone, "links"),
                at(Code::TooManyAutoregistrationLinks, &ids.zone, "links"),
            ]
        );
    }
}
