//! Import of private DNS (issue 19 §1): private endpoints with their DNS zone groups, private
//! zones with A/CNAME record sets and virtual network links, the DNS Private Resolver with its
//! endpoints, rulesets, rules and links, and custom DNS server VMs; then DNS resolution on the
//! imported design (D-2, D-3, D-10, D-11). Fixtures: `tests/fixtures/import/dns/` (a Resource
//! Graph result and `az` list outputs, each citing its REST API example).

mod import_mutate;

use std::net::Ipv4Addr;
use vnet_core::dns::{resolve, Answer, AZURE_DNS};
use vnet_core::import::{import, parse_file, ImportFile, ImportOptions, Imported};
use vnet_core::model::*;

fn fixture(name: &str) -> ImportFile {
    let path = format!("{}/tests/fixtures/import/dns/{name}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    parse_file(name, &text).unwrap()
}

const ALL: [&str; 4] =
    ["hub-privatelink.arg.json", "records.az.json", "zone-group.az.json", "forwarding-rules.az.json"];

fn run(names: &[&str]) -> Imported {
    let files: Vec<ImportFile> = names.iter().map(|n| fixture(n)).collect();
    import(&files, &ImportOptions::default()).unwrap()
}

fn ip(s: &str) -> Ipv4Addr {
    s.parse().unwrap()
}

fn zone<'d>(d: &'d Design, name: &str) -> &'d PrivateDnsZone {
    d.dns_zones.iter().find(|z| z.name == name).unwrap_or_else(|| panic!("no zone {name}"))
}

#[test]
fn a_private_endpoint_imports_with_its_target_and_zone_group() {
    let imp = run(&ALL);
    let d = &imp.document.design;
    assert_eq!(d.private_endpoints.len(), 1, "{:?}", imp.report.skipped);
    let pe = &d.private_endpoints[0];
    assert_eq!(pe.name, "pe-stcontoso-blob");
    assert_eq!(pe.ip, ip("10.0.2.4"));
    assert_eq!(d.subnet(&pe.subnet).map(|s| s.name.as_str()), Some("snet-pe"));
    assert_eq!(pe.connection_state, ConnectionState::Approved);
    let account = d.paas.iter().find(|p| p.name == "stcontoso").unwrap();
    assert_eq!(pe.target, PeTarget::Paas { resource: account.id.clone(), sub_resource: "blob".into() });
    assert!(!account.public_network_access);
    assert_eq!(account.default_action, ServiceFirewallAction::Deny);
    let blob = zone(d, "privatelink.blob.core.windows.net");
    assert_eq!(pe.dns_zone_group, vec![blob.id.clone()]);
    // The endpoint's NIC is read with the endpoint, not as a VM.
    assert!(d.nics().all(|(_, n)| n.ip != ip("10.0.2.4")));
}

#[test]
fn record_sets_import_except_those_a_zone_group_owns_d10() {
    let imp = run(&ALL);
    let d = &imp.document.design;
    let blob = zone(d, "privatelink.blob.core.windows.net");
    assert!(blob.records.is_empty(), "the endpoint's A record is derived (DECISIONS 25): {:?}", blob.records);
    let derived: Vec<_> = imp.report.skipped.iter().filter(|s| s.azure_id.ends_with("/A/stcontoso")).collect();
    assert_eq!(derived.len(), 1, "{:?}", imp.report.skipped);
    assert!(derived[0].why.contains("zone group") && derived[0].why.contains("D-10"));
    assert_eq!(imp.report.counts.get("DNS record set"), Some(&2));
    assert!(imp.report.skipped.iter().any(|s| s.azure_id.ends_with("/SOA/@") && s.why.contains("zone metadata")));
    let internal = zone(d, "contoso.internal");
    assert_eq!(
        internal.records,
        vec![
            DnsRecord { name: "app".into(), data: RecordData::A { ips: vec![ip("10.0.1.4")] } },
            DnsRecord { name: "www".into(), data: RecordData::Cname { target: "app.contoso.internal".into() } },
        ]
    );
    // Links (D-5): registration and resolution policy as given.
    let hub = d.vnets.iter().find(|v| v.name == "vnet-hub").unwrap();
    assert_eq!(blob.links.len(), 1);
    assert_eq!((blob.links[0].vnet.clone(), blob.links[0].registration_enabled), (hub.id.clone(), false));
    assert!(internal.links[0].registration_enabled);
    assert_eq!(internal.links[0].resolution_policy, ResolutionPolicy::Default);
}

#[test]
fn the_private_resolver_imports_with_endpoints_rulesets_rules_and_links() {
    let imp = run(&ALL);
    let d = &imp.document.design;
    assert_eq!(d.resolvers.len(), 1);
    let r = &d.resolvers[0];
    assert_eq!(d.vnet(&r.vnet).map(|v| v.name.as_str()), Some("vnet-hub"));
    assert_eq!(r.inbound_endpoints.len(), 1);
    assert_eq!(r.inbound_endpoints[0].ip, ip("10.0.5.4"));
    assert_eq!(d.subnet(&r.inbound_endpoints[0].subnet).map(|s| s.name.as_str()), Some("snet-dns-in"));
    assert_eq!(r.outbound_endpoints.len(), 1);
    let rs = &d.rulesets[0];
    assert_eq!(rs.outbound_endpoints, vec![r.outbound_endpoints[0].id.clone()]);
    let spoke = d.vnets.iter().find(|v| v.name == "vnet-spoke").unwrap();
    assert_eq!(rs.vnet_links, vec![spoke.id.clone()]);
    assert_eq!(rs.rules.len(), 2);
    let corp = &rs.rules[0];
    assert_eq!((corp.domain.as_str(), corp.enabled), ("corp.contoso.com.", true));
    assert_eq!(corp.targets, vec![DnsTarget::new(ip("192.168.10.53")), DnsTarget::new(ip("192.168.10.54"))]);
    let old = &rs.rules[1];
    assert_eq!((old.enabled, old.targets[0].port), (false, 5353));
    assert!(imp.report.skipped.iter().all(|s| !s.kind.contains("dnsforwardingrulesets")), "{:?}", imp.report.skipped);
}

#[test]
fn a_vnets_custom_dns_server_vm_forwards_to_azure_dns() {
    let imp = run(&ALL);
    let d = &imp.document.design;
    let vm = d.vms.iter().find(|v| v.name == "vm-dns").unwrap();
    match &vm.role {
        VmRole::DnsServer(cfg) => assert_eq!(cfg.forward_all_to, vec![DnsTarget::new(AZURE_DNS)]),
        other => panic!("vm-dns should be a DNS server, is {other:?}"),
    }
    assert!(imp.report.assumptions.iter().any(|a| a.subject.contains("vm-dns") && a.text.contains("168.63.129.16")));
}

fn rules(steps: &[vnet_core::dns::DnsStep]) -> Vec<&'static str> {
    steps.iter().map(|s| s.rule).collect()
}

#[test]
fn resolution_through_the_imported_endpoint_zone_and_link_answers_the_private_ip() {
    let imp = run(&ALL);
    let d = &imp.document.design;
    // The hub VM uses Azure DNS, and the hub has the privatelink zone linked (D-2, D-11): the
    // derived zone-group record answers the endpoint's IP.
    let hub = resolve(d, "vm-hub", "stcontoso.blob.core.windows.net").unwrap();
    assert_eq!(hub.answer.ip(), Some(ip("10.0.2.4")), "{:#?}", hub.steps);
    let r = rules(&hub.steps);
    assert!(r.contains(&"D-10") && r.contains(&"D-2"), "{r:?}");
    match &hub.answer {
        Answer::A { chain, .. } => {
            assert!(chain.iter().any(|c| c == "stcontoso.privatelink.blob.core.windows.net"), "{chain:?}")
        }
        other => panic!("{other:?}"),
    }
    // The spoke VM asks the hub's DNS server VM (D-3), which forwards to Azure DNS in the hub.
    let spoke = resolve(d, "vm-spoke", "stcontoso.blob.core.windows.net").unwrap();
    assert_eq!(spoke.answer.ip(), Some(ip("10.0.2.4")), "{:#?}", spoke.steps);
    assert!(rules(&spoke.steps).contains(&"D-3"), "{:?}", rules(&spoke.steps));
    // The imported CNAME record set resolves in the zone linked with autoregistration.
    let www = resolve(d, "vm-hub", "www.contoso.internal").unwrap();
    assert_eq!(www.answer.ip(), Some(ip("10.0.1.4")), "{:#?}", www.steps);
}

#[test]
fn without_the_zone_group_the_record_set_is_kept_and_the_report_says_whose_it_was() {
    let imp = run(&["hub-privatelink.arg.json", "records.az.json"]);
    let d = &imp.document.design;
    let blob = zone(d, "privatelink.blob.core.windows.net");
    assert_eq!(
        blob.records,
        vec![DnsRecord { name: "stcontoso".into(), data: RecordData::A { ips: vec![ip("10.0.2.4")] } }]
    );
    assert!(d.private_endpoints[0].dns_zone_group.is_empty());
    // A private endpoint made it; the assumption names the creator.
    assert!(imp.report.assumptions.iter().any(|a| a.text.starts_with("created by private endpoint pe-stcontoso-blob")));
    let r = resolve(d, "vm-hub", "stcontoso.blob.core.windows.net").unwrap();
    assert_eq!(r.answer.ip(), Some(ip("10.0.2.4")));
}

#[test]
fn the_imported_dns_design_validates_without_errors() {
    use vnet_core::validate::{validate, Severity};
    let d = run(&ALL).document.design;
    let errors: Vec<_> = validate(&d).into_iter().filter(|x| x.severity == Severity::Error).collect();
    assert!(errors.is_empty(), "{errors:#?}");
}

/// The ARG file alone: the privatelink zone has no record for the account (no zone group, no
/// record sets given), so the link's resolution policy decides (D-11, D-12).
fn with_policy(policy: &str) -> Imported {
    let mut arg = fixture("hub-privatelink.arg.json");
    if let Some(items) = arg.value.get_mut("data").and_then(|v| v.as_array_mut()) {
        for item in items.iter_mut().filter(|i| i.get("name").and_then(|n| n.as_str()) == Some("link-hub")) {
            item["properties"]["resolutionPolicy"] = serde_json::Value::String(policy.into());
        }
    }
    import(&[arg], &ImportOptions::default()).unwrap()
}

#[test]
fn a_links_resolution_policy_decides_a_missing_record_d11() {
    let strict = with_policy("Default");
    let d = &strict.document.design;
    assert_eq!(zone(d, "privatelink.blob.core.windows.net").links[0].resolution_policy, ResolutionPolicy::Default);
    let r = resolve(d, "vm-hub", "stcontoso.blob.core.windows.net").unwrap();
    assert!(matches!(r.answer, Answer::NxDomain { .. }), "{:?}", r.answer);
    assert!(rules(&r.steps).contains(&"D-11"), "{:?}", rules(&r.steps));
    let fallback = with_policy("NxDomainRedirect");
    let d = &fallback.document.design;
    assert_eq!(
        zone(d, "privatelink.blob.core.windows.net").links[0].resolution_policy,
        ResolutionPolicy::NxDomainRedirect
    );
    let r = resolve(d, "vm-hub", "stcontoso.blob.core.windows.net").unwrap();
    let account = d.paas.iter().find(|p| p.name == "stcontoso").unwrap();
    assert_eq!(r.answer.ip(), Some(account.public_ip), "fallback to internet answers the public chain: {:#?}", r.steps);
    assert!(rules(&r.steps).contains(&"D-12"), "{:?}", rules(&r.steps));
}

#[test]
fn az_shaped_endpoints_zones_links_and_resolver_endpoints_import_alike() {
    let sub = "/subscriptions/77777777-7777-7777-7777-777777777777/resourceGroups/rg/providers";
    let net = format!("{sub}/Microsoft.Network");
    let vnet = serde_json::json!([{
        "addressSpace": {"addressPrefixes": ["10.8.0.0/16"]}, "id": format!("{net}/virtualNetworks/vnet-a"), "location": "eastus",
        "name": "vnet-a", "resourceGroup": "rg", "type": "Microsoft.Network/virtualNetworks",
        "subnets": [
            {"addressPrefix": "10.8.1.0/24", "id": format!("{net}/virtualNetworks/vnet-a/subnets/snet-pe"), "name": "snet-pe"},
            {"addressPrefix": "10.8.2.0/28", "id": format!("{net}/virtualNetworks/vnet-a/subnets/snet-in"), "name": "snet-in",
             "delegations": [{"name": "d", "serviceName": "Microsoft.Network/dnsResolvers"}]}]}]);
    // `az network private-endpoint list`: connections flattened, a manual (pending) connection.
    let pe = serde_json::json!([{
        "customDnsConfigs": [{"fqdn": "kv-a.vault.azure.net", "ipAddresses": ["10.8.1.5"]}],
        "id": format!("{net}/privateEndpoints/pe-kv"), "location": "eastus", "name": "pe-kv", "resourceGroup": "rg",
        "manualPrivateLinkServiceConnections": [{"groupIds": ["vault"], "name": "c",
            "privateLinkServiceConnectionState": {"status": "Pending"},
            "privateLinkServiceId": format!("{sub}/Microsoft.KeyVault/vaults/kv-a")}],
        "privateLinkServiceConnections": [], "subnet": {"id": format!("{net}/virtualNetworks/vnet-a/subnets/snet-pe")},
        "type": "Microsoft.Network/privateEndpoints"}]);
    // `az network private-dns link vnet list` and `az dns-resolver inbound-endpoint list`.
    let link = serde_json::json!([{
        "id": format!("{net}/privateDnsZones/privatelink.vaultcore.azure.net/virtualNetworkLinks/l"), "name": "l",
        "registrationEnabled": false, "resolutionPolicy": "NxDomainRedirect", "resourceGroup": "rg",
        "type": "Microsoft.Network/privateDnsZones/virtualNetworkLinks", "virtualNetwork": {"id": format!("{net}/virtualNetworks/vnet-a")}}]);
    let zone_list = serde_json::json!([{"id": format!("{net}/privateDnsZones/privatelink.vaultcore.azure.net"), "location": "global",
        "name": "privatelink.vaultcore.azure.net", "numberOfRecordSets": 1, "type": "Microsoft.Network/privateDnsZones"}]);
    let resolver = serde_json::json!([
        {"id": format!("{net}/dnsResolvers/r"), "location": "eastus", "name": "r", "type": "Microsoft.Network/dnsResolvers",
         "virtualNetwork": {"id": format!("{net}/virtualNetworks/vnet-a")}},
        {"id": format!("{net}/dnsResolvers/r/inboundEndpoints/in"), "location": "eastus", "name": "in",
         "ipConfigurations": [{"privateIpAddress": "10.8.2.4", "privateIpAllocationMethod": "Dynamic",
            "subnet": {"id": format!("{net}/virtualNetworks/vnet-a/subnets/snet-in")}}],
         "type": "Microsoft.Network/dnsResolvers/inboundEndpoints"}]);
    let files: Vec<ImportFile> =
        [("vnet", vnet), ("pe", pe), ("link", link), ("zones", zone_list), ("resolver", resolver)]
            .into_iter()
            .map(|(n, v)| ImportFile { name: n.into(), value: v })
            .collect();
    let imp = import(&files, &ImportOptions::default()).unwrap();
    let d = &imp.document.design;
    let pe = &d.private_endpoints[0];
    assert_eq!((pe.ip, pe.connection_state), (ip("10.8.1.5"), ConnectionState::Pending));
    // The vault is outside the input: a placeholder PaaS resource (external) of the catalog's Key Vault.
    let PeTarget::Paas { resource, sub_resource } = &pe.target else { panic!("{:?}", pe.target) };
    let kv = d.paas_resource(resource).unwrap();
    assert_eq!(
        (kv.name.as_str(), kv.service.as_str(), sub_resource.as_str(), kv.meta.external),
        ("kv-a", "keyvault", "vault", true)
    );
    assert!(imp.report.placeholders.iter().any(|p| p.name == "kv-a"));
    let z = zone(d, "privatelink.vaultcore.azure.net");
    assert_eq!(z.links[0].resolution_policy, ResolutionPolicy::NxDomainRedirect);
    assert_eq!(d.resolvers[0].inbound_endpoints[0].ip, ip("10.8.2.4"));
}

#[test]
fn dns_import_never_panics_on_mutated_input() {
    let files: Vec<ImportFile> = ALL.iter().map(|n| fixture(n)).collect();
    assert!(import_mutate::never_panics(&files) > 1000);
}

#[test]
fn dynamic_addresses_a_template_leaves_out_are_assumed_first_free_and_reported() {
    let mut arg = fixture("hub-privatelink.arg.json");
    if let Some(items) = arg.value.get_mut("data").and_then(|v| v.as_array_mut()) {
        // What a deployment template says: no NIC, no custom DNS configs, no inbound address.
        items.retain(|i| {
            !i.get("name").and_then(|n| n.as_str()).is_some_and(|n| n.starts_with("pe-stcontoso-blob.nic"))
        });
        for item in items.iter_mut() {
            match item.get("name").and_then(|n| n.as_str()) {
                Some("pe-stcontoso-blob") => item["properties"]["customDnsConfigs"] = serde_json::json!([]),
                Some("in-hub") => {
                    item["properties"]["ipConfigurations"][0]["privateIpAddress"] = serde_json::Value::Null
                }
                _ => {}
            }
        }
    }
    let imp = import(&[arg], &ImportOptions::default()).unwrap();
    let d = &imp.document.design;
    assert_eq!(d.private_endpoints[0].ip, ip("10.0.2.4"), "the first address Azure gives in snet-pe");
    assert_eq!(d.resolvers[0].inbound_endpoints[0].ip, ip("10.0.5.4"));
    let assumed: Vec<_> = imp.report.assumptions.iter().filter(|a| a.text.contains("(dynamic): assumed")).collect();
    assert_eq!(assumed.len(), 2, "{:?}", imp.report.assumptions);
}

#[test]
fn the_rest_examples_endpoint_to_a_private_link_service_keeps_both_static_addresses() {
    let imp = run(&["private-endpoint-pls.rest.json"]);
    let d = &imp.document.design;
    let pe = &d.private_endpoints[0];
    // The static IP configurations are the endpoint's addresses; the DNS configs only repeat them for DNS.
    assert_eq!((pe.ip, pe.secondary_ips.clone()), (ip("192.168.0.6"), vec![ip("192.168.0.7")]));
    assert_eq!(
        pe.target,
        PeTarget::PrivateLinkService {
            alias: "testPls.00000000-0000-0000-0000-000000000000.azure.privatelinkservice".into()
        }
    );
    // The Private Link service itself has no element: it is read as the endpoint's target.
    assert!(
        imp.report.skipped.iter().all(|s| !s.azure_id.ends_with("/privateLinkServices/testPls")),
        "{:?}",
        imp.report.skipped
    );
}

#[test]
fn the_az_shaped_export_of_the_same_resources_imports_to_the_same_design() {
    let arg = run(&ALL);
    let az = run(&["hub-privatelink.az.json", "records.az.json", "zone-group.az.json", "forwarding-rules.az.json"]);
    assert_eq!(serde_json::to_value(&az.document.design).unwrap(), serde_json::to_value(&arg.document.design).unwrap());
    assert_eq!(az.report.counts, arg.report.counts);
}

#[test]
fn a_vm_a_nic_names_as_its_dns_server_is_assumed_a_forwarder_to_azure_dns() {
    let mut arg = fixture("hub-privatelink.arg.json");
    if let Some(items) = arg.value.get_mut("data").and_then(|v| v.as_array_mut()) {
        for item in items.iter_mut().filter(|i| i.get("name").and_then(|n| n.as_str()) == Some("nic-vm-spoke")) {
            // The NIC's own setting overrides the VNet's (D-3): it asks vm-hub.
            item["properties"]["dnsSettings"] = serde_json::json!({"dnsServers": ["10.0.1.4"]});
        }
    }
    let imp = import(&[arg, fixture("records.az.json")], &ImportOptions::default()).unwrap();
    let d = &imp.document.design;
    let hub = d.vms.iter().find(|v| v.name == "vm-hub").unwrap();
    match &hub.role {
        VmRole::DnsServer(cfg) => assert_eq!(cfg.forward_all_to, vec![DnsTarget::new(AZURE_DNS)]),
        other => panic!("vm-hub should be a DNS server, is {other:?}"),
    }
    let said: Vec<_> = imp.report.assumptions.iter().filter(|a| a.text.contains("NIC 'nic-vm-spoke'")).collect();
    assert_eq!(said.len(), 1, "{:?}", imp.report.assumptions);
    // vm-spoke's queries now go to vm-hub (D-3), which forwards to Azure DNS in the hub (D-2).
    let r = resolve(d, "vm-spoke", "www.contoso.internal").unwrap();
    assert_eq!(r.answer.ip(), Some(ip("10.0.1.4")), "{:#?}", r.steps);
    assert!(r.steps.iter().any(|s| s.at.contains("vm-hub")), "{:#?}", r.steps);
}

#[test]
fn a_reference_a_template_left_unknown_is_reported_by_its_expression() {
    let mut arg = fixture("hub-privatelink.arg.json");
    let expression = "[reference('hubModule').outputs.peSubnetId.value]";
    if let Some(items) = arg.value.get_mut("data").and_then(|v| v.as_array_mut()) {
        for item in items.iter_mut().filter(|i| i.get("name").and_then(|n| n.as_str()) == Some("pe-stcontoso-blob")) {
            let marker = serde_json::json!({"$vnetUnknown": {"expression": expression, "path": "properties.subnet.id", "resource": null}});
            item["properties"]["subnet"] = serde_json::json!({ "id": marker });
        }
    }
    let imp = import(&[arg], &ImportOptions::default()).unwrap();
    assert!(imp.document.design.private_endpoints.is_empty());
    let said: Vec<_> = imp.report.skipped.iter().filter(|s| s.why.contains(expression)).collect();
    assert_eq!(said.len(), 1, "{:?}", imp.report.skipped);
    assert!(said[0].azure_id.ends_with("pe-stcontoso-blob.subnet"), "{}", said[0].azure_id);
    assert!(imp.report.skipped.iter().any(|s| s.azure_id.ends_with("/privateEndpoints/pe-stcontoso-blob")));
}
