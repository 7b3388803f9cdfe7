//! ARM templates expand to the resources they deploy (issue 19 §1, DECISIONS 28): the three
//! fixtures are a portal export and two `az bicep build` outputs of a hub-and-spoke landing zone.

use serde_json::{json, Value};
use vnet_core::import::template::{expand, Expanded};

const SUB: &str = "/subscriptions/00000000-0000-0000-0000-000000000000";

fn fixture(name: &str) -> Value {
    let path = format!("{}/tests/fixtures/import/templates/{name}", env!("CARGO_MANIFEST_DIR"));
    serde_json::from_str(&std::fs::read_to_string(&path).expect("fixture readable")).expect("fixture is JSON")
}

fn rg(rg: &str) -> String {
    format!("{SUB}/resourceGroups/{rg}/providers")
}

/// The resources of a type (case-insensitive), by id.
fn of_type<'a>(e: &'a Expanded, ty: &str) -> Vec<&'a Value> {
    e.resources.iter().filter(|r| r["type"].as_str().is_some_and(|t| t.eq_ignore_ascii_case(ty))).collect()
}

fn by_id<'a>(e: &'a Expanded, id: &str) -> &'a Value {
    e.resources.iter().find(|r| r["id"] == id).unwrap_or_else(|| panic!("no resource {id} among {:#?}", ids(e)))
}

fn ids(e: &Expanded) -> Vec<String> {
    e.resources.iter().map(|r| r["id"].as_str().unwrap_or_default().to_string()).collect()
}

fn notes_with(e: &Expanded, text: &str) -> Vec<String> {
    e.notes.iter().filter(|n| n.message.contains(text)).map(|n| format!("{}: {}", n.path, n.message)).collect()
}

#[test]
fn a_portal_export_expands_with_default_names_and_full_properties() {
    let e = expand(&fixture("portal-export-hub-spoke.json"), None, "export.json");
    assert_eq!(e.resources.len(), 11, "{:#?}", ids(&e));
    let hub = by_id(&e, &format!("{}/Microsoft.Network/virtualNetworks/vnet-hub", rg("rg-imported")));
    assert_eq!(hub["name"], "vnet-hub");
    assert_eq!(hub["location"], "westeurope");
    assert_eq!(hub["tags"], json!({"env": "prod", "role": "hub"}));
    assert_eq!(hub["properties"]["addressSpace"]["addressPrefixes"], json!(["10.0.0.0/16"]));
    assert_eq!(
        hub["properties"]["subnets"][0]["id"],
        format!("{}/Microsoft.Network/virtualNetworks/vnet-hub/subnets/AzureFirewallSubnet", rg("rg-imported"))
    );
    let peering = &hub["properties"]["virtualNetworkPeerings"][0]["properties"];
    assert_eq!(
        peering["remoteVirtualNetwork"]["id"],
        format!("{}/Microsoft.Network/virtualNetworks/vnet-spoke1", rg("rg-imported"))
    );
    assert_eq!(peering["allowGatewayTransit"], true);
    // A peering to a VNet outside the export keeps its `_externalid` default.
    assert_eq!(
        hub["properties"]["virtualNetworkPeerings"][1]["properties"]["remoteVirtualNetwork"]["id"],
        "/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg-connectivity/providers/Microsoft.Network/virtualNetworks/vnet-shared"
    );
    // Child resources repeated at top level get their own full type, short name and id.
    let subnet =
        by_id(&e, &format!("{}/Microsoft.Network/virtualNetworks/vnet-spoke1/subnets/snet-app", rg("rg-imported")));
    assert_eq!(subnet["type"], "Microsoft.Network/virtualNetworks/subnets");
    assert_eq!(subnet["name"], "snet-app");
    assert_eq!(
        subnet["properties"]["routeTable"]["id"],
        format!("{}/Microsoft.Network/routeTables/rt-spoke1", rg("rg-imported"))
    );
    let fw = &of_type(&e, "Microsoft.Network/azureFirewalls")[0];
    assert_eq!(fw["properties"]["ipConfigurations"][0]["properties"]["privateIPAddress"], "10.0.1.4");
    assert_eq!(
        fw["properties"]["ipConfigurations"][0]["id"],
        format!(
            "{}/Microsoft.Network/azureFirewalls/afw-hub/azureFirewallIpConfigurations/ipconfig1",
            rg("rg-imported")
        )
    );
    assert_eq!(of_type(&e, "Microsoft.Network/publicIPAddresses")[0]["sku"]["name"], "Standard");
    // Deployment-only keys are not part of the resource.
    assert!(e.resources.iter().all(|r| r.get("dependsOn").is_none() && r.get("apiVersion").is_none()));
    assert!(e.notes.is_empty(), "{:#?}", e.notes);
}

#[test]
fn a_parameters_file_overrides_defaults_in_both_forms() {
    let template = fixture("portal-export-hub-spoke.json");
    let file = fixture("portal-export-hub-spoke.parameters.json");
    let bare = json!({"virtualNetworks_vnet_spoke1_name": "vnet-spoke-payments"});
    for params in [&file, &bare] {
        let e = expand(&template, Some(params), "export.json");
        let spoke = by_id(&e, &format!("{}/Microsoft.Network/virtualNetworks/vnet-spoke-payments", rg("rg-imported")));
        assert_eq!(spoke["properties"]["addressSpace"]["addressPrefixes"], json!(["10.1.0.0/16"]));
        let hub = by_id(&e, &format!("{}/Microsoft.Network/virtualNetworks/vnet-hub", rg("rg-imported")));
        assert_eq!(
            hub["properties"]["virtualNetworkPeerings"][0]["properties"]["remoteVirtualNetwork"]["id"],
            format!("{}/Microsoft.Network/virtualNetworks/vnet-spoke-payments", rg("rg-imported"))
        );
    }
}

#[test]
fn bicep_modules_expand_into_their_resource_groups() {
    let e = expand(&fixture("bicep-modules-hub-spoke.json"), None, "main.json");
    // Hub (vnet, pip, firewall) + 3 spokes × (route table, NSG, vnet, peering) + 3 hub-side peerings.
    assert_eq!(e.resources.len(), 18, "{:#?}", ids(&e));
    let hub = by_id(&e, &format!("{}/Microsoft.Network/virtualNetworks/vnet-hub", rg("rg-hub")));
    assert_eq!(hub["properties"]["subnets"][0]["properties"]["addressPrefix"], "10.0.1.0/26");
    assert_eq!(hub["properties"]["subnets"][1]["properties"]["addressPrefix"], "10.0.0.0/27");
    assert_eq!(hub["location"], "westeurope");
    let spoke_b = by_id(&e, &format!("{}/Microsoft.Network/virtualNetworks/vnet-spoke-b", rg("rg-imported")));
    let subnet = &spoke_b["properties"]["subnets"][0];
    assert_eq!(subnet["name"], "snet-spoke-b-app", "the __bicep user function names the subnet");
    assert_eq!(subnet["properties"]["addressPrefix"], "10.2.1.0/24");
    assert_eq!(
        subnet["properties"]["routeTable"]["id"],
        format!("{}/Microsoft.Network/routeTables/rt-spoke-b", rg("rg-imported"))
    );
    let nsg = by_id(&e, &format!("{}/Microsoft.Network/networkSecurityGroups/nsg-spoke-c", rg("rg-imported")));
    let rules = nsg["properties"]["securityRules"].as_array().cloned().unwrap_or_default();
    assert_eq!(rules.len(), 2, "property copy loop");
    assert_eq!(rules[1]["name"], "allow-8443");
    assert_eq!(rules[1]["properties"]["priority"], 101);
    assert_eq!(rules[1]["properties"]["destinationAddressPrefix"], "10.3.1.0/24");
    // Peerings both ways, the hub side in the hub's group, reading the spoke modules' outputs.
    let to_hub = by_id(
        &e,
        &format!("{}/Microsoft.Network/virtualNetworks/vnet-spoke-a/virtualNetworkPeerings/to-hub", rg("rg-imported")),
    );
    assert_eq!(
        to_hub["properties"]["remoteVirtualNetwork"]["id"],
        format!("{}/Microsoft.Network/virtualNetworks/vnet-hub", rg("rg-hub"))
    );
    let from_hub = by_id(
        &e,
        &format!("{}/Microsoft.Network/virtualNetworks/vnet-hub/virtualNetworkPeerings/hub-to-spoke-c", rg("rg-hub")),
    );
    assert_eq!(
        from_hub["properties"]["remoteVirtualNetwork"]["id"],
        format!("{}/Microsoft.Network/virtualNetworks/vnet-spoke-c", rg("rg-imported"))
    );
}

#[test]
fn the_firewall_ip_from_a_module_output_is_a_marker_naming_the_firewall() {
    let e = expand(&fixture("bicep-modules-hub-spoke.json"), None, "main.json");
    let fw_id = format!("{}/Microsoft.Network/azureFirewalls/afw-hub", rg("rg-hub"));
    for spoke in ["spoke-a", "spoke-b", "spoke-c"] {
        let rt = by_id(&e, &format!("{}/Microsoft.Network/routeTables/rt-{spoke}", rg("rg-imported")));
        let hop = &rt["properties"]["routes"][0]["properties"]["nextHopIpAddress"]["$vnetUnknown"];
        assert_eq!(hop["resource"], fw_id.as_str(), "{rt:#}");
        assert_eq!(hop["expression"], "[parameters('firewallIp')]");
        assert!(hop["path"].as_str().is_some_and(|p| p.ends_with(".properties.routes[0].properties.nextHopIpAddress")));
        assert_eq!(rt["properties"]["routes"][0]["properties"]["nextHopType"], "VirtualAppliance");
    }
    let unknown = notes_with(&e, "not computable");
    assert!(unknown.iter().any(|n| n.contains("nextHopIpAddress") && n.contains(&fw_id)), "{unknown:#?}");
}

#[test]
fn false_conditions_and_linked_templates_are_noted_not_dropped_silently() {
    let e = expand(&fixture("bicep-modules-hub-spoke.json"), None, "main.json");
    assert!(of_type(&e, "Microsoft.Network/bastionHosts").is_empty());
    let dropped = notes_with(&e, "not deployed: its condition is false");
    assert_eq!(dropped.len(), 1, "{:#?}", e.notes);
    assert!(dropped[0].starts_with("resources[2]") && dropped[0].contains("'bastion-deploy'"), "{dropped:?}");
    let linked = notes_with(&e, "links to a template file");
    assert_eq!(linked.len(), 1);
    assert!(linked[0].starts_with("resources[4].properties.templateLink"), "{linked:?}");
    assert!(e.notes.iter().all(|n| n.file == "main.json"));
    // The condition turned on by a parameters file deploys the bastion.
    let e = expand(&fixture("bicep-modules-hub-spoke.json"), Some(&json!({"deployBastion": true})), "main.json");
    let bastion = &of_type(&e, "Microsoft.Network/bastionHosts")[0];
    assert_eq!(
        bastion["properties"]["ipConfigurations"][0]["properties"]["subnet"]["id"],
        format!("{}/Microsoft.Network/virtualNetworks/vnet-hub/subnets/AzureBastionSubnet", rg("rg-hub"))
    );
}

#[test]
fn spoke_count_follows_the_spokes_parameter() {
    let spokes: Vec<Value> =
        (0..12).map(|i| json!({"name": format!("s{i}"), "addressPrefix": format!("10.{}.0.0/16", 10 + i)})).collect();
    let e = expand(&fixture("bicep-modules-hub-spoke.json"), Some(&json!({"spokes": {"value": spokes}})), "main.json");
    assert_eq!(of_type(&e, "Microsoft.Network/virtualNetworks").len(), 13);
    assert_eq!(of_type(&e, "Microsoft.Network/virtualNetworks/virtualNetworkPeerings").len(), 24);
    let last = by_id(&e, &format!("{}/Microsoft.Network/virtualNetworks/vnet-s11", rg("rg-imported")));
    assert_eq!(last["properties"]["subnets"][0]["properties"]["addressPrefix"], "10.21.1.0/24");
}

#[test]
fn language_version_2_symbolic_names_existing_and_reference() {
    let e = expand(&fixture("bicep-langv2-hub-spoke.json"), None, "v2.json");
    let here = rg("rg-imported");
    let fw_id = format!("{here}/Microsoft.Network/azureFirewalls/afw-hub");
    // reference('fw') by symbolic name names the firewall.
    let rt = by_id(&e, &format!("{here}/Microsoft.Network/routeTables/rt-spokes"));
    assert_eq!(
        rt["properties"]["routes"][0]["properties"]["nextHopIpAddress"]["$vnetUnknown"]["resource"],
        fw_id.as_str()
    );
    // …also through a nested deployment's parameter.
    let shared_rt = by_id(&e, &format!("{here}/Microsoft.Network/routeTables/rt-shared"));
    assert_eq!(
        shared_rt["properties"]["routes"][0]["properties"]["nextHopIpAddress"]["$vnetUnknown"]["resource"],
        fw_id.as_str()
    );
    // `existing` is a reference with a marker, in its own resource group.
    let shared = by_id(&e, &format!("{}/Microsoft.Network/virtualNetworks/vnet-shared", rg("rg-shared")));
    assert_eq!(shared["$existing"], true);
    let peering =
        by_id(&e, &format!("{here}/Microsoft.Network/virtualNetworks/vnet-hub/virtualNetworkPeerings/to-shared"));
    assert_eq!(peering["properties"]["remoteVirtualNetwork"]["id"], shared["id"]);
    // Copy loops over a copy variable, with cidrSubnet prefixes.
    let spokes: Vec<&Value> = of_type(&e, "Microsoft.Network/virtualNetworks")
        .into_iter()
        .filter(|v| v["name"].as_str().is_some_and(|n| n.starts_with("vnet-spoke")))
        .collect();
    assert_eq!(spokes.len(), 2);
    let spoke2 = by_id(&e, &format!("{here}/Microsoft.Network/virtualNetworks/vnet-spoke2"));
    assert_eq!(spoke2["properties"]["addressSpace"]["addressPrefixes"], json!(["10.2.0.0/16"]));
    assert_eq!(spoke2["properties"]["subnets"][0]["properties"]["addressPrefix"], "10.2.0.0/24");
    let back =
        by_id(&e, &format!("{here}/Microsoft.Network/virtualNetworks/vnet-hub/virtualNetworkPeerings/to-vnet-spoke1"));
    assert_eq!(
        back["properties"]["remoteVirtualNetwork"]["id"],
        format!("{here}/Microsoft.Network/virtualNetworks/vnet-spoke1")
    );
    // The gateway's condition is false.
    assert!(of_type(&e, "Microsoft.Network/virtualNetworkGateways").is_empty());
    let dropped = notes_with(&e, "condition is false");
    assert!(
        dropped.len() == 1 && dropped[0].starts_with("resources.gateway") && dropped[0].contains("'vgw-hub'"),
        "{dropped:?}"
    );
    // resourceGroup().location is a placeholder, and the report says so once.
    assert_eq!(notes_with(&e, "placeholder 'westeurope'").len(), 1, "{:#?}", e.notes);
    let n = e.resources.len();
    assert_eq!(n, 11, "{:#?}", ids(&e));
}

#[test]
fn failing_expressions_keep_the_resource_and_name_the_path() {
    let template = json!({
        "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
        "resources": [{
            "type": "Microsoft.Network/virtualNetworks",
            "name": "vnet-x",
            "properties": {
                "addressSpace": {"addressPrefixes": ["[noSuchFunction(1)]", "10.9.0.0/16"]},
                "dhcpOptions": {"dnsServers": ["[add('a', 1)]"]},
                "subnets": [{"name": "[concat('s', parameters('missing'))]", "properties": {"addressPrefix": "[substring('x', 5)]"}}]
            }
        }]
    });
    let e = expand(&template, None, "bad.json");
    assert_eq!(e.resources.len(), 1);
    let props = &e.resources[0]["properties"];
    assert_eq!(props["addressSpace"]["addressPrefixes"][1], "10.9.0.0/16");
    let m = &props["addressSpace"]["addressPrefixes"][0]["$vnetUnknown"];
    assert_eq!(m["path"], "resources[0].properties.addressSpace.addressPrefixes[0]");
    assert_eq!(m["expression"], "[noSuchFunction(1)]");
    assert_eq!(m["resource"], Value::Null);
    for path in [
        "resources[0].properties.addressSpace.addressPrefixes[0]",
        "resources[0].properties.dhcpOptions.dnsServers[0]",
        "resources[0].properties.subnets[0].name",
        "resources[0].properties.subnets[0].properties.addressPrefix",
    ] {
        assert!(e.notes.iter().any(|n| n.path == path), "no note at {path}: {:#?}", e.notes);
    }
}

#[test]
fn copy_counts_are_bounded_like_arms() {
    let template = json!({
        "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
        "resources": [
            {"type": "Microsoft.Network/virtualNetworks", "name": "[concat('v', copyIndex())]", "copy": {"name": "v", "count": 801}},
            {"type": "Microsoft.Network/virtualNetworks", "name": "[concat('w', copyIndex(10))]", "copy": {"name": "w", "count": 800}},
            {"type": "Microsoft.Network/virtualNetworks", "name": "zero", "copy": {"name": "z", "count": 0}}
        ]
    });
    let e = expand(&template, None, "loops.json");
    assert_eq!(e.resources.len(), 800);
    assert_eq!(e.resources[0]["name"], "w10");
    assert_eq!(notes_with(&e, "outside 0..=800").len(), 1);
}

#[test]
fn an_outer_scoped_nested_template_sees_the_parents_parameters_and_variables() {
    // ARM's default scope is outer: the inner template's expressions read the parent's
    // parameters and variables; its resources land in the deployment's resource group.
    let template = json!({
        "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
        "parameters": {"prefix": {"type": "string", "defaultValue": "lz"}},
        "variables": {"space": "10.50.0.0/16"},
        "resources": [{
            "type": "Microsoft.Resources/deployments",
            "apiVersion": "2022-09-01",
            "name": "nested-outer",
            "resourceGroup": "rg-net",
            "properties": {
                "mode": "Incremental",
                "template": {
                    "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
                    "resources": [{
                        "type": "Microsoft.Network/virtualNetworks",
                        "name": "[concat(parameters('prefix'), '-vnet')]",
                        "properties": {"addressSpace": {"addressPrefixes": ["[variables('space')]"]}}
                    }]
                }
            }
        }]
    });
    let e = expand(&template, Some(&json!({"prefix": "corp"})), "outer.json");
    let vnet = by_id(&e, &format!("{}/Microsoft.Network/virtualNetworks/corp-vnet", rg("rg-net")));
    assert_eq!(vnet["properties"]["addressSpace"]["addressPrefixes"], json!(["10.50.0.0/16"]));
    assert!(e.notes.is_empty(), "{:#?}", e.notes);
}

#[test]
fn a_subscription_scope_template_places_resources_in_the_groups_it_names() {
    let template = json!({
        "$schema": "https://schema.management.azure.com/schemas/2018-05-01/subscriptionDeploymentTemplate.json#",
        "parameters": {"rgName": {"type": "string", "defaultValue": "rg-landing"}},
        "resources": [
            {"type": "Microsoft.Resources/resourceGroups", "apiVersion": "2022-09-01", "name": "[parameters('rgName')]", "location": "northeurope"},
            {
                "type": "Microsoft.Resources/deployments", "apiVersion": "2022-09-01", "name": "net",
                "resourceGroup": "[parameters('rgName')]",
                "properties": {
                    "expressionEvaluationOptions": {"scope": "inner"},
                    "mode": "Incremental",
                    "parameters": {"rg": {"value": "[parameters('rgName')]"}},
                    "template": {
                        "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
                        "parameters": {"rg": {"type": "string"}},
                        "resources": [{
                            "type": "Microsoft.Network/virtualNetworks", "name": "vnet-lz",
                            "tags": {"group": "[resourceGroup().name]", "same": "[equals(resourceGroup().name, parameters('rg'))]"},
                            "properties": {}
                        }]
                    }
                }
            }
        ]
    });
    let e = expand(&template, None, "sub.json");
    assert_eq!(e.resources.len(), 2, "{:#?}", ids(&e));
    by_id(&e, &format!("{SUB}/resourceGroups/rg-landing"));
    let vnet = by_id(&e, &format!("{}/Microsoft.Network/virtualNetworks/vnet-lz", rg("rg-landing")));
    assert_eq!(vnet["tags"], json!({"group": "rg-landing", "same": true}));
}

#[test]
fn parameters_the_template_does_not_declare_are_noted() {
    let e = expand(
        &fixture("portal-export-hub-spoke.json"),
        Some(&json!({"parameters": {"nope": {"value": 1}}})),
        "export.json",
    );
    assert_eq!(notes_with(&e, "does not declare").len(), 1, "{:#?}", e.notes);
    let e = expand(&fixture("portal-export-hub-spoke.json"), Some(&json!([1, 2])), "export.json");
    assert_eq!(e.resources.len(), 11);
    assert_eq!(notes_with(&e, "not a JSON object").len(), 1);
}

#[test]
fn extension_resources_hang_off_their_scope_and_escapes_stay_literal() {
    let template = json!({
        "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
        "languageVersion": "2.0",
        "resources": {
            "vnet": {"type": "Microsoft.Network/virtualNetworks", "name": "vnet-hub", "tags": {"note": "[[not an expression]"}},
            "lock": {"type": "Microsoft.Authorization/locks", "name": "no-delete", "scope": "vnet", "properties": {"level": "CanNotDelete"}},
            "diag": {
                "type": "Microsoft.Insights/diagnosticSettings", "name": "to-law",
                "scope": "[format('Microsoft.Network/virtualNetworks/{0}', 'vnet-hub')]", "properties": {}
            }
        }
    });
    let e = expand(&template, None, "ext.json");
    let vnet = format!("{}/Microsoft.Network/virtualNetworks/vnet-hub", rg("rg-imported"));
    assert_eq!(by_id(&e, &vnet)["tags"]["note"], "[not an expression]");
    by_id(&e, &format!("{vnet}/providers/Microsoft.Authorization/locks/no-delete"));
    by_id(&e, &format!("{vnet}/providers/Microsoft.Insights/diagnosticSettings/to-law"));
    assert!(e.notes.is_empty(), "{:#?}", e.notes);
}
