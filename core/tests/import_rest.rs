//! Issue 19 §1/§3: each resource type read from Microsoft's REST API examples (fixtures under
//! `tests/fixtures/import/rest/`, each citing its example in `$source`): what is imported, and
//! what the report says about everything that is not (never a silent drop).

use std::net::Ipv4Addr;
use std::path::Path;
use vnet_core::import::{import, parse_file, ImportOptions, Imported};
use vnet_core::model::{FirewallRules, NextHopType, Protocol, VmRole};

fn load(name: &str) -> Imported {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import/rest").join(name);
    let text = std::fs::read_to_string(&path).expect("fixture");
    let file = parse_file(name, &text).expect("parses");
    import(&[file], &ImportOptions::default()).expect("imports")
}

#[test]
fn a_single_vnet_object_with_inline_subnets() {
    let i = load("vnet-get.json");
    let d = &i.document.design;
    assert_eq!(d.vnets.len(), 1);
    assert_eq!((d.vnets[0].name.as_str(), d.vnets[0].region.as_str()), ("test-vnet", "westus"));
    assert_eq!(d.subnets[0].name, "subnet1");
    assert_eq!(d.subnets[0].prefix.to_string(), "10.0.1.0/24");
    assert_eq!(d.subnets[0].vnet, d.vnets[0].id);
    assert!(i.report.skipped.is_empty(), "{:?}", i.report.skipped);
}

#[test]
fn a_peering_alone_makes_placeholders_and_says_it_is_one_way() {
    let i = load("peering-get.json");
    let d = &i.document.design;
    // Its own VNet and the remote one are both outside the input (DECISIONS 26).
    assert_eq!(i.report.placeholders.len(), 2, "{:?}", i.report.placeholders);
    assert!(d.vnets.iter().all(|v| v.meta.external));
    let remote = d.vnets.iter().find(|v| v.name == "vnet2").expect("placeholder");
    assert_eq!(remote.address_space, vec!["12.0.0.0/8".parse().unwrap()], "remoteAddressSpace");
    let link = &d.peerings[0];
    assert!(link.allow_virtual_network_access && link.allow_forwarded_traffic);
    assert_eq!(link.remote_vnet, remote.id);
    // `Initiated`: no reverse link is assumed, and the report says the link is one-way (P-2).
    assert_eq!(d.peerings.len(), 1);
    assert!(
        i.report.insights.iter().any(|x| x.code == "peering-one-way" && x.rules == ["P-2"]),
        "{:?}",
        i.report.insights
    );
}

#[test]
fn nsg_rules_split_coerce_and_skip_visibly() {
    let i = load("nsg-rules.json");
    let d = &i.document.design;
    let nsg = &d.nsgs[0];
    let names: Vec<&str> = nsg.rules.iter().map(|r| r.name.as_str()).collect();
    // 2 sources x 2 ports = 4 rules at 200..203 (N-2 order kept); Storage and ESP are not simulated.
    assert_eq!(
        names,
        [
            "rule1",
            "two-sources-two-ports",
            "two-sources-two-ports-2",
            "two-sources-two-ports-3",
            "two-sources-two-ports-4",
            "web-tier",
            "DenyAllInBound"
        ]
    );
    assert_eq!(nsg.rules[1..5].iter().map(|r| r.priority).collect::<Vec<_>>(), [200, 201, 202, 203]);
    assert!(i.report.coerced.iter().any(|c| c.path.ends_with("two-sources-two-ports#priority")));
    assert!(i.report.skipped.iter().any(|s| s.azure_id.ends_with("to-storage#destinationAddressPrefix")));
    assert!(i.report.skipped.iter().any(|s| s.azure_id.ends_with("ipsec#protocol")));
    let web = nsg.rules.iter().find(|r| r.name == "web-tier").expect("rule");
    assert_eq!(web.destination_asgs, vec![d.asgs[0].id.clone()]);
    assert_eq!(web.protocol, Protocol::Tcp);
    // The default rules (N-3) are Azure's: not imported as user rules, not reported as skipped.
    assert!(!i.report.skipped.iter().any(|s| s.azure_id.contains("defaultSecurityRules")));
    // Hygiene insights on the result: a DenyAllInBound that denies only 3389, an NSG on nothing.
    let codes: Vec<&str> = i.report.insights.iter().map(|x| x.code.as_str()).collect();
    assert!(codes.contains(&"nsg-default-rule-name") && codes.contains(&"nsg-unattached"), "{codes:?}");
}

#[test]
fn nics_vms_routes_and_the_firewall_with_a_template_marker() {
    let i = load("nic-route-firewall.json");
    let d = &i.document.design;
    let vm = |name: &str| d.vms.iter().find(|v| v.name == name).expect(name);
    // The NIC's VM is not in the input: one is made and the report says so.
    let vm1 = vm("vm1");
    let nic = &vm1.nics[0];
    assert_eq!(nic.ip, Ipv4Addr::new(172, 20, 2, 4));
    assert_eq!(nic.secondary_ips, vec![Ipv4Addr::new(172, 20, 2, 5)], "ipconfig2 is a /28 prefix, reported");
    assert!(i.report.skipped.iter().any(|s| s.azure_id.contains("ipConfigurations[1]")));
    assert_eq!(nic.public_ip, Some(Ipv4Addr::new(40, 85, 154, 247)));
    assert!(i.report.placeholders.iter().any(|p| p.name == "nsg"), "the NIC's NSG is outside the input");
    assert!(i.report.assumptions.iter().any(|a| a.text.contains("has no VM in the input")));
    // F-20: IP forwarding makes an NVA that allows everything; D-3: the VNet's DNS server VM.
    assert!(matches!(&vm("nva1").role, VmRole::Nva(c) if !c.stateful && c.rules.len() == 1));
    assert!(
        matches!(&vm("dns1").role, VmRole::DnsServer(c) if c.forward_all_to[0].ip == Ipv4Addr::new(168, 63, 129, 16))
    );
    // The NVA's NIC is in an ASG outside the input: a placeholder keeps the membership.
    let asg = d.asgs.iter().find(|a| a.name == "asg-nva").expect("placeholder ASG");
    assert!(asg.meta.external && asg.nics == vec![vm("nva1").nics[0].id.clone()]);
    // A subnet prefix a template could not compute is reported by its path, the subnet skipped.
    assert!(!d.subnets.iter().any(|s| s.name == "snet-from-template"));
    assert!(i.report.skipped.iter().any(|s| s.why.contains("cidrSubnet") && s.azure_id.contains("snet-from-template")));
    // The `$vnetUnknown` next hop names the firewall: its private IP is used, and noted.
    let rt = &d.route_tables[0];
    let to_fw = rt.routes.iter().find(|r| r.name == "to-firewall").expect("route");
    assert_eq!(
        (to_fw.next_hop_type, to_fw.next_hop_ip),
        (NextHopType::VirtualAppliance, Some(Ipv4Addr::new(172, 20, 0, 4)))
    );
    assert!(i.report.coerced.iter().any(|c| c.path.ends_with("to-firewall#nextHopIpAddress") && c.to == "172.20.0.4"));
    // An unknown with no resource, and a service-tag prefix, are reported, not imported.
    assert_eq!(rt.routes.len(), 2);
    assert!(i.report.skipped.iter().any(|s| s.why.contains("[parameters('nvaIp')]")));
    assert!(i.report.skipped.iter().any(|s| s.azure_id.ends_with("to-storage#addressPrefix")));
    // Classic firewall rules: one group 'classic'; ranges become prefixes; an FQDN DNAT is skipped.
    let fw = &d.firewalls[0];
    assert!(fw.dns_proxy, "additionalProperties Network.DNS.EnableProxy");
    let group = &fw.rule_collection_groups[0];
    assert_eq!(group.name, "classic");
    let dnat = group.collections.iter().find_map(|c| match &c.rules {
        FirewallRules::Dnat { rules } => Some(rules),
        _ => None,
    });
    assert_eq!(dnat.map(|r| r.len()), Some(1));
    let net = group.collections.iter().find_map(|c| match &c.rules {
        FirewallRules::Network { rules, .. } => Some(rules),
        _ => None,
    });
    let net = net.expect("network collection");
    assert_eq!(net.len(), 1, "the FQDN-only rule has no destination the simulator models");
    assert!(net[0].sources.len() > 2, "two ranges as prefixes: {:?}", net[0].sources);
}

#[test]
fn an_internal_load_balancer_and_a_nat_gateway() {
    let i = load("lb-nat.json");
    let d = &i.document.design;
    let lb = &d.load_balancers[0];
    assert_eq!(lb.frontend_ip, Ipv4Addr::new(10, 0, 1, 4));
    assert_eq!(lb.backends.len(), 1, "nva-a names the pool from its IP configuration");
    assert_eq!((lb.rules[0].frontend_port, lb.rules[0].protocol), (80, Protocol::Tcp));
    assert_eq!(lb.probe.as_ref().map(|p| p.port), Some(80));
    let nat = &d.nat_gateways[0];
    assert_eq!(nat.public_ips, vec![Ipv4Addr::new(20, 10, 0, 1)]);
    let subnet1 = d.subnets.iter().find(|s| s.name == "subnet1").expect("subnet");
    assert_eq!(nat.subnets, vec![subnet1.id.clone()]);
    assert!(i.report.skipped.iter().any(|s| s.azure_id.ends_with("#publicIpPrefixes")));
}
