//! The gallery (PRODUCT.md): designs that ship with the studio. Each is also a scenario test.
//! Built with [`DesignBuilder`] so they read like the prose that describes them.

use crate::build::{udr, BuildError, DesignBuilder};
use crate::layout::Layout;
use crate::model::*;

/// A gallery entry: a stable slug (used in URLs: `#gallery=<slug>`), a title and one line.
#[derive(Clone, Copy, Debug)]
pub struct Entry {
    pub slug: &'static str,
    pub title: &'static str,
    pub description: &'static str,
    pub build: fn() -> Result<Design, BuildError>,
}

pub const ENTRIES: &[Entry] = &[Entry {
    slug: "seed-lab",
    title: "Private endpoint in a spoke (the seed lab)",
    description: "TCP to the private endpoint bypasses the hub firewall through its /32 route, while ICMP and UDP follow the UDR.",
    build: seed_lab,
}];

/// The entry with this slug.
pub fn entry(slug: &str) -> Option<&'static Entry> {
    ENTRIES.iter().find(|e| e.slug == slug)
}

/// A gallery design as a document with an empty layout (the studio lays it out).
pub fn document(slug: &str) -> Option<Result<Document, BuildError>> {
    entry(slug).map(|e| (e.build)().map(|d| Document::new(d, Layout::default())))
}

/// Gallery 1: the seed lab (PRODUCT.md, seed article 003).
///
/// Hub: a DNS server VM forwarding everything to Azure DNS, and Azure Firewall. Spoke: a VM
/// subnet whose route table sends `0.0.0.0/0` *and the spoke's own range* to the firewall (a
/// `0.0.0.0/0` route alone loses to the longer VnetLocal route, DECISIONS 3), and a data subnet
/// without a route table holding a private endpoint for `mftesting`'s blob service. The
/// privatelink zone is linked to the hub only; the spoke uses the hub DNS VM.
pub fn seed_lab() -> Result<Design, BuildError> {
    let region = "canadacentral";
    let mut b = DesignBuilder::new("Private endpoint in a spoke (seed lab)");
    let hub = b.vnet("vnet-hub", region, &["10.0.0.0/16"]);
    let spoke = b.vnet("vnet-spoke", region, &["10.1.0.0/16"]);

    let fw_subnet = b.subnet(&hub, "AzureFirewallSubnet", "10.0.1.0/26");
    let dns_subnet = b.subnet(&hub, "snet-dns", "10.0.2.0/24");
    let vm_subnet = b.subnet(&spoke, "snet-vm", "10.1.0.0/24");
    let data_subnet = b.subnet(&spoke, "snet-data", "10.1.1.0/24");

    let fw = b.firewall("afw-hub", &fw_subnet, "10.0.1.4");
    b.with_firewall(&fw, |f| {
        f.rule_collection_groups = vec![RuleCollectionGroup {
            name: "spoke-traffic".into(),
            priority: 200,
            collections: vec![RuleCollection {
                name: "allow-spoke".into(),
                priority: 200,
                rules: FirewallRules::Network {
                    action: FirewallAction::Allow,
                    rules: vec![NetworkRule {
                        name: "spoke-to-anywhere".into(),
                        protocols: vec![Protocol::Any],
                        sources: vec![AddressMatch::Prefix(net(10, 1, 0, 0, 16))],
                        destinations: vec![AddressMatch::Any],
                        ports: vec![PortRange::ANY],
                    }],
                },
            }],
        }];
    });

    let (dns_vm, _) = b.vm("vm-dns", &dns_subnet, "10.0.2.4");
    b.with_vm(&dns_vm, |vm| {
        vm.role = VmRole::DnsServer(DnsServerConfig {
            forward_all_to: vec![DnsTarget::new(std::net::Ipv4Addr::new(168, 63, 129, 16))],
            conditional_forwarders: vec![],
        });
    });
    b.vm("vm-spoke", &vm_subnet, "10.1.0.4");
    b.vnet_dns_servers(&spoke, &["10.0.2.4"]);

    b.route_table(
        "rt-spoke-vm",
        false,
        &[
            udr("default-to-fw", "0.0.0.0/0", NextHopType::VirtualAppliance, Some("10.0.1.4")),
            udr("spoke-to-fw", "10.1.0.0/16", NextHopType::VirtualAppliance, Some("10.0.1.4")),
        ],
        &[&vm_subnet],
    );

    let (_hub_to_spoke, spoke_to_hub) = b.peer(&hub, &spoke);
    // Packets the firewall forwards arrive in the spoke with a spoke or on-premises source (P-5).
    b.with_peering(&spoke_to_hub, |p| p.allow_forwarded_traffic = true);

    let storage = b.paas("mftesting", "storage", region, "198.18.0.10");
    let pe = b.private_endpoint("pe-mftesting-blob", &data_subnet, "10.1.1.4", &storage, "blob");
    let zone = b.zone("privatelink.blob.core.windows.net");
    b.link_zone(&zone, &hub);
    b.a_record(&zone, "mftesting", &["10.1.1.4"]);
    let zone_for_group = zone.clone();
    b.design_mut()
        .private_endpoints
        .iter_mut()
        .filter(|p| p.id == pe)
        .for_each(|p| p.dns_zone_group = vec![zone_for_group.clone()]);
    b.build()
}

fn net(a: u8, b: u8, c: u8, d: u8, len: u8) -> ipnet::Ipv4Net {
    ipnet::Ipv4Net::new(std::net::Ipv4Addr::new(a, b, c, d), len).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_gallery_design_builds() {
        for e in ENTRIES {
            let d = (e.build)().unwrap_or_else(|err| panic!("{}: {err}", e.slug));
            assert!(!d.vnets.is_empty(), "{}", e.slug);
        }
    }

    #[test]
    fn seed_lab_matches_the_prose() {
        let d = seed_lab().unwrap();
        assert_eq!(d.vnets.len(), 2);
        assert_eq!(d.subnets.len(), 4);
        assert_eq!(d.peerings.len(), 2);
        assert_eq!(d.private_endpoints[0].ip.to_string(), "10.1.1.4");
        let rt = &d.route_tables[0];
        assert_eq!(rt.routes.len(), 2);
        assert_eq!(d.vnets[1].dns_servers[0].to_string(), "10.0.2.4");
        assert_eq!(d.dns_zones[0].links.len(), 1);
    }
}
