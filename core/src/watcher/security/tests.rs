use super::*;
use crate::watcher::testutil;
use crate::watcher::{ids, target};

fn rules_of(e: &EffectiveNsg) -> Vec<&str> {
    e.effective_security_rules.iter().map(|r| r.name.as_str()).collect()
}

fn find<'a>(e: &'a EffectiveNsg, name: &str) -> &'a EffectiveSecurityRule {
    e.effective_security_rules.iter().find(|r| r.name == name).expect(name)
}

fn answer(key: &str) -> EffectiveNsgList {
    let d = testutil::design();
    let eng = Engine::new(&d);
    let nic = target::nic(&eng.net, key).unwrap();
    effective_security_rules(&eng, nic).unwrap()
}

#[test]
fn n12_one_entry_per_nsg_the_nics_first_with_its_association() {
    let a = answer("vm-web");
    assert_eq!(a.value.len(), 2);
    let (nic, subnet) = (&a.value[0], &a.value[1]);
    let base = format!(
        "/subscriptions/{}/resourceGroups/{}/providers/Microsoft.Network",
        ids::SUBSCRIPTION,
        ids::RESOURCE_GROUP
    );
    assert_eq!(nic.network_security_group.id, format!("{base}/networkSecurityGroups/nsg-web-nic"));
    assert_eq!(nic.network_security_group.resource_group, "vnet-studio");
    assert_eq!(
        nic.association.network_interface.as_ref().map(|s| s.id.as_str()),
        Some(format!("{base}/networkInterfaces/vm-web-nic").as_str())
    );
    assert!(nic.association.subnet.is_none());
    assert_eq!(
        subnet.association.subnet.as_ref().map(|s| s.id.as_str()),
        Some(format!("{base}/virtualNetworks/vnet-spoke/subnets/snet-web").as_str())
    );
    assert!(subnet.association.network_interface.is_none());
    assert_eq!(nic.vnet_studio.rules, vec!["N-12", "N-5"]);
    assert!(
        subnet.vnet_studio.why.contains("inbound it is evaluated before the NIC's NSG"),
        "{}",
        subnet.vnet_studio.why
    );
}

#[test]
fn n12_n3_rules_by_direction_then_priority_defaults_included() {
    let a = answer("vm-web");
    assert_eq!(
        rules_of(&a.value[0]),
        vec![
            "securityRules/deny-ssh-from-client",
            "securityRules/allow-web",
            "defaultSecurityRules/AllowVnetInBound",
            "defaultSecurityRules/AllowAzureLoadBalancerInBound",
            "defaultSecurityRules/DenyAllInBound",
            "defaultSecurityRules/AllowVnetOutBound",
            "defaultSecurityRules/AllowInternetOutBound",
            "defaultSecurityRules/DenyAllOutBound",
        ]
    );
    let subnet = &a.value[1];
    assert_eq!(
        rules_of(subnet)[..4],
        [
            "securityRules/allow-ssh-from-vnet",
            "securityRules/allow-lb-probe",
            "securityRules/allow-https-internet",
            "securityRules/allow-ping"
        ]
    );
    assert_eq!(rules_of(subnet)[7], "securityRules/deny-azure-dns");
    let deny_all = find(subnet, "defaultSecurityRules/DenyAllInBound");
    assert_eq!((deny_all.priority, deny_all.access, deny_all.direction), (65500, Access::Deny, Direction::Inbound));
    assert_eq!(deny_all.vnet_studio.rules, vec!["N-3"]);
}

#[test]
fn n12_fields_in_azures_spelling() {
    let a = answer("vm-web");
    let ssh = find(&a.value[0], "securityRules/deny-ssh-from-client");
    assert_eq!(ssh.protocol, "Tcp");
    assert_eq!((ssh.source_port_range.as_str(), ssh.destination_port_range.as_str()), ("0-65535", "22-22"));
    assert_eq!(ssh.destination_port_ranges, vec!["22-22"]);
    assert_eq!(ssh.source_address_prefix, "10.1.2.0/24");
    assert_eq!(ssh.source_address_prefixes, vec!["10.1.2.0/24"]);
    assert_eq!(ssh.destination_address_prefix, "0.0.0.0/0");
    assert!(ssh.expanded_source_address_prefix.is_empty() && ssh.expanded_destination_address_prefix.is_empty());
    assert_eq!(ssh.vnet_studio.rules, vec!["N-2"]);
    let subnet = &a.value[1];
    assert_eq!(find(subnet, "defaultSecurityRules/AllowVnetInBound").protocol, "All");
    let ping = find(subnet, "securityRules/allow-ping");
    assert_eq!(ping.protocol, "Icmp");
    assert!(ping.vnet_studio.rules.contains(&"N-12"));
}

#[test]
fn n4_n12_each_service_tag_expanded_for_the_nics_subnet() {
    let a = answer("vm-web");
    let subnet = &a.value[1];
    // VirtualNetwork: the spoke, its peered hub, the branch behind the hub's gateway (P-6),
    // 168.63.129.16 and the UDR prefix of rt-web (N-4).
    let vnet = vec!["10.0.0.0/16", "10.1.0.0/16", "168.63.129.16/32", "172.16.5.0/24", "192.168.10.0/24"];
    let ssh = find(subnet, "securityRules/allow-ssh-from-vnet");
    assert_eq!(ssh.source_address_prefix, "VirtualNetwork");
    assert_eq!(ssh.expanded_source_address_prefix, vnet);
    assert_eq!(ssh.vnet_studio.rules, vec!["N-2", "N-4"]);
    let probe = find(subnet, "securityRules/allow-lb-probe");
    assert_eq!(probe.expanded_source_address_prefix, vec!["168.63.129.16/32"]);
    let https = find(subnet, "securityRules/allow-https-internet");
    assert_eq!(&https.expanded_source_address_prefix[..2], ["1.0.0.0/8", "2.0.0.0/7"]);
    assert_eq!(https.expanded_source_address_prefix.last().map(String::as_str), Some("208.0.0.0/4"));
    assert!(!https.expanded_source_address_prefix.iter().any(|p| p.starts_with("10.") || p.starts_with("192.168.")));
    let dns = find(subnet, "securityRules/deny-azure-dns");
    assert_eq!(dns.destination_address_prefix, "AzurePlatformDNS");
    assert_eq!(dns.expanded_destination_address_prefix, vec!["168.63.129.16/32"]);
    assert_eq!(dns.vnet_studio.rules, vec!["N-2", "N-9"]);
    // tagMap: every tag used, defaults' included, with the same expansions.
    let tags: Vec<&str> = subnet.tag_map.keys().map(String::as_str).collect();
    assert_eq!(tags, vec!["AzureLoadBalancer", "AzurePlatformDNS", "Internet", "VirtualNetwork"]);
    assert_eq!(subnet.tag_map["VirtualNetwork"], vnet);
    assert_eq!(subnet.tag_map["Internet"], https.expanded_source_address_prefix);
    let nic_tags: Vec<&str> = a.value[0].tag_map.keys().map(String::as_str).collect();
    assert_eq!(nic_tags, vec!["AzureLoadBalancer", "Internet", "VirtualNetwork"]);
}

#[test]
fn n12_nothing_is_listed_without_an_nsg() {
    assert!(answer("vm-client").value.is_empty());
}

#[test]
fn n12_the_az_form_is_what_az_prints() {
    let a = answer("vm-web");
    let az = crate::watcher::az::az_json(&a).unwrap();
    let text = serde_json::to_string_pretty(&az).unwrap();
    assert!(!text.contains("vnetStudio"));
    let first = &az["value"][0];
    let keys: Vec<&String> = first.as_object().unwrap().keys().collect();
    assert_eq!(keys, ["association", "effectiveSecurityRules", "networkSecurityGroup", "tagMap"]);
    let rule = first["effectiveSecurityRules"][0].as_object().unwrap();
    let keys: Vec<&str> = rule.keys().map(String::as_str).collect();
    assert_eq!(
        keys,
        [
            "access",
            "destinationAddressPrefix",
            "destinationAddressPrefixes",
            "destinationPortRange",
            "destinationPortRanges",
            "direction",
            "expandedDestinationAddressPrefix",
            "expandedSourceAddressPrefix",
            "name",
            "priority",
            "protocol",
            "sourceAddressPrefix",
            "sourceAddressPrefixes",
            "sourcePortRange",
            "sourcePortRanges"
        ]
    );
    assert_eq!(first["association"]["networkInterface"]["resourceGroup"], "vnet-studio");
}

#[test]
fn n12_n1_a_rule_naming_groups_expands_to_their_members_and_names_them() {
    let mut d = testutil::design();
    let members: Vec<Id> = d
        .nics()
        .filter(|(_, n)| n.name == "vm-duo-nic2" || n.name.starts_with("vm-client"))
        .map(|(_, n)| n.id.clone())
        .collect();
    assert_eq!(members.len(), 2);
    d.asgs.push(crate::model::Asg {
        id: Id::new("asg-clients"),
        name: "AsgClients".into(),
        nics: members,
        meta: Default::default(),
    });
    let nsg = d.nsgs.iter_mut().find(|g| g.name == "nsg-web-nic").unwrap();
    let mut rule = nsg.rules[0].clone();
    rule.name = "allow-clients".into();
    rule.priority = 150;
    rule.source_asgs = vec![Id::new("asg-clients")];
    nsg.rules.push(rule);
    let eng = Engine::new(&d);
    let nic = target::nic(&eng.net, "vm-web").unwrap();
    let a = effective_security_rules(&eng, nic).unwrap();
    let r = find(&a.value[0], "securityRules/allow-clients");
    // The groups replace the address: no prefix, and every IP configuration of every member.
    assert_eq!((r.source_address_prefix.as_str(), r.source_address_prefixes.len()), ("", 0));
    assert_eq!(r.expanded_source_address_prefix, vec!["10.1.2.4/32", "10.1.2.6/32", "10.1.2.7/32"]);
    assert_eq!(r.destination_address_prefix, "0.0.0.0/0");
    assert!(r.vnet_studio.rules.contains(&"N-1"));
    assert!(r.vnet_studio.why.contains("source asg:AsgClients"), "{}", r.vnet_studio.why);
}
