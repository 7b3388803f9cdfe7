//! Gallery 1: the seed lab. Frozen: `tests/fixtures/v1/seed-lab.json` and `.link` must keep
//! decoding to exactly this design, so change nothing here (not even the order of the calls,
//! which decides the ids).

use crate::build::{udr, BuildError, DesignBuilder};
use crate::model::*;

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
            follow_cname: true,
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
    // D-10: the zone group writes mftesting → 10.1.1.4 into the zone (derived, not stored).
    b.zone_group(&pe, &zone);
    b.build()
}

fn net(a: u8, b: u8, c: u8, d: u8, len: u8) -> ipnet::Ipv4Net {
    ipnet::Ipv4Net::new(std::net::Ipv4Addr::new(a, b, c, d), len).unwrap_or_default()
}

/// The seed lab as the gallery offers it: [`seed_lab`] (frozen) and three saved questions that
/// tell its story in three clicks (issue 20 §5) — HTTPS to the endpoint takes the endpoint's /32
/// and bypasses the firewall (E-5), ping follows the UDR through it, and the spoke's DNS (the
/// hub's forwarder) answers the endpoint's private IP.
pub fn seed_lab_asked() -> Result<Design, BuildError> {
    let mut d = seed_lab()?;
    let nic = d
        .vms
        .iter()
        .find(|v| v.name == "vm-spoke")
        .and_then(|v| v.nics.first())
        .map(|n| n.id.clone())
        .ok_or_else(|| BuildError("the seed lab has no vm-spoke".into()))?;
    let pe: std::net::Ipv4Addr = [10, 1, 1, 4].into();
    let from = FlowSource::Nic { id: nic.clone() };
    let asks = [
        (
            "vm-spoke → pe-mftesting-blob: HTTPS (TCP 443)",
            Ask::Trace { from: from.clone(), to: pe, protocol: Protocol::Tcp, port: 443 },
        ),
        ("vm-spoke → pe-mftesting-blob: ping (ICMP)", Ask::Trace { from, to: pe, protocol: Protocol::Icmp, port: 0 }),
        (
            "vm-spoke resolves mftesting.blob.core.windows.net",
            Ask::Resolve { from: nic, name: "mftesting.blob.core.windows.net".into() },
        ),
    ];
    let mut ids = d.id_allocator();
    for (title, ask) in asks {
        d.questions.push(Question { id: ids.next(crate::id::IdKind::Question), title: title.into(), ask });
    }
    Ok(d)
}
