//! What a deployment needs that the flat shape (a snapshot of deployed resources) leaves out or
//! must not send: regions as parameters, VM sizes and images, an administrator account, a VPN
//! shared key, a local gateway's public address, an ExpressRoute circuit's provider, storage and
//! vault SKUs. Each is a parameter, with a visibly assumed default where the model did not
//! choose one and none where it is a secret. Read-only references that would make dependency
//! cycles (a NIC's `virtualMachine`, a policy's `ruleCollectionGroups`) are dropped, and a load
//! balancer's backend members are also written on the NICs' IP configurations, the side a PUT
//! sets them from.

use super::{Builder, ParamKind};
use serde_json::{json, Map, Value};
use std::collections::HashMap;

pub(super) fn complete(b: &mut Builder) {
    locations(b);
    backend_pools(b);
    for i in 0..b.resources.len() {
        let kind = b.resources[i].kind.clone();
        let name = b.resources[i].names.join("/");
        match kind.as_str() {
            "Microsoft.Network/networkInterfaces" => {
                props(b, i, |p| p.remove("virtualMachine"));
            }
            // Inline children are named, not identified, in a request (their ids are the
            // parent's plus their name, as the flat shape wrote them).
            "Microsoft.Network/routeTables" => props(b, i, |p| drop_ids(p, "routes")),
            "Microsoft.Network/networkSecurityGroups" => props(b, i, |p| drop_ids(p, "securityRules")),
            "Microsoft.Network/loadBalancers" => props(b, i, |p| drop_ids(p, "backendAddressPools")),
            "Microsoft.Network/firewallPolicies" => {
                props(b, i, |p| p.remove("ruleCollectionGroups"));
            }
            "Microsoft.Compute/virtualMachines" => vm(b, i, &name),
            "Microsoft.Network/virtualNetworkGateways" => {
                props(b, i, |p| {
                    if p.get("gatewayType").and_then(Value::as_str) == Some("Vpn") {
                        p.insert("vpnType".into(), json!("RouteBased"));
                    }
                });
            }
            "Microsoft.Network/localNetworkGateways" => {
                let param = format!("{}GatewayIpAddress", super::symbols::camel(&name));
                let description = format!("Public IP address of the VPN device of site '{name}' (the design does not hold it; 203.0.113.0/24 is documentation space).");
                let octet = 1 + (i % 254);
                let v = b.param(&param, ParamKind::String, Some(json!(format!("203.0.113.{octet}"))), &description);
                props(b, i, |p| p.insert("gatewayIpAddress".into(), v));
            }
            // An IPsec or VNet-to-VNet tunnel needs a shared key: a secret, never a default.
            "Microsoft.Network/connections" if vpn(b, i) => {
                let v = b.param("vpnSharedKey", ParamKind::SecureString, None, "Shared key of the VPN connections.");
                props(b, i, |p| p.insert("sharedKey".into(), v));
            }
            "Microsoft.Network/expressRouteCircuits" => circuit(b, i),
            "Microsoft.Storage/storageAccounts" => {
                let sku = b.param(
                    "storageSku",
                    ParamKind::String,
                    Some(json!("Standard_LRS")),
                    "SKU of the storage accounts (the design does not choose one).",
                );
                let r = &mut b.resources[i].body;
                r.insert("sku".into(), json!({ "name": sku }));
                r.insert("kind".into(), json!("StorageV2"));
            }
            "Microsoft.KeyVault/vaults" => {
                props(b, i, |p| {
                    p.insert("tenantId".into(), json!({ "$expr": "subscription().tenantId" }));
                    p.insert("sku".into(), json!({ "family": "A", "name": "standard" }));
                });
            }
            "Microsoft.Sql/servers" => {
                let login = b.param(
                    "sqlAdministratorLogin",
                    ParamKind::String,
                    Some(json!("sqladmin")),
                    "Administrator login of the SQL servers.",
                );
                let password = b.param(
                    "sqlAdministratorPassword",
                    ParamKind::SecureString,
                    None,
                    "Administrator password of the SQL servers.",
                );
                props(b, i, |p| {
                    p.insert("administratorLogin".into(), login);
                    p.insert("administratorLoginPassword".into(), password);
                });
            }
            "Microsoft.Network/privateEndpoints" => endpoint(b, i),
            _ => {}
        }
    }
}

/// Whether a connection is a VPN tunnel (IPsec to a site, or VNet-to-VNet).
fn vpn(b: &mut Builder, i: usize) -> bool {
    props(b, i, |p| matches!(p.get("connectionType").and_then(Value::as_str), Some("IPsec" | "Vnet2Vnet")))
}

/// Changes the resource's `properties` object (made when absent or not an object).
fn props<T>(b: &mut Builder, i: usize, f: impl FnOnce(&mut Map<String, Value>) -> T) -> T {
    let body = &mut b.resources[i].body;
    let mut map = match body.remove("properties") {
        Some(Value::Object(m)) => m,
        _ => Map::new(),
    };
    let out = f(&mut map);
    body.insert("properties".into(), Value::Object(map));
    out
}

fn drop_ids(p: &mut Map<String, Value>, list: &str) {
    for item in p.get_mut(list).and_then(Value::as_array_mut).into_iter().flatten() {
        if let Some(o) = item.as_object_mut() {
            o.remove("id");
        }
    }
}

/// One parameter per region, in order of first use: `location` for the first (the design's
/// main region), `location2`… for the others; `global` (private DNS) stays as Azure writes it.
fn locations(b: &mut Builder) {
    let mut regions: Vec<String> = Vec::new();
    for r in &b.resources {
        if let Some(l) = r.body.get("location").and_then(Value::as_str) {
            if l != "global" && !regions.iter().any(|x| x == l) {
                regions.push(l.to_string());
            }
        }
    }
    let mut markers: HashMap<String, Value> = HashMap::new();
    for (i, region) in regions.iter().enumerate() {
        let name = if i == 0 { "location".to_string() } else { format!("location{}", i + 1) };
        let description = if i == 0 {
            format!("Region of the design's resources (simulated in {region}).")
        } else {
            format!("Region of the resources the design places in {region}.")
        };
        let m = b.param(&name, ParamKind::String, Some(json!(region)), &description);
        markers.insert(region.clone(), m);
    }
    for r in &mut b.resources {
        let marker = r.body.get("location").and_then(Value::as_str).and_then(|l| markers.get(l)).cloned();
        if let Some(m) = marker {
            r.body.insert("location".into(), m);
        }
    }
}

/// A load balancer's backend members written on the NICs too (`loadBalancerBackendAddressPools`
/// of the IP configuration), as a deployment sets them; the pool's own list is read-only.
fn backend_pools(b: &mut Builder) {
    let mut members: Vec<(String, String, String)> = Vec::new();
    for r in &b.resources {
        if r.kind != "Microsoft.Network/loadBalancers" {
            continue;
        }
        let pools = r.body.get("properties").and_then(|p| p.get("backendAddressPools")).and_then(Value::as_array);
        for pool in pools.into_iter().flatten() {
            let pool_id = pool.get("id").and_then(Value::as_str).unwrap_or_default();
            let configs =
                pool.get("properties").and_then(|p| p.get("backendIPConfigurations")).and_then(Value::as_array);
            for c in configs.into_iter().flatten().filter_map(|c| c.get("id").and_then(Value::as_str)) {
                if let Some((nic, config)) = c.rsplit_once("/ipConfigurations/") {
                    members.push((nic.to_ascii_lowercase(), config.to_string(), pool_id.to_string()));
                }
            }
        }
    }
    for (nic, config, pool) in members {
        let Some(&i) = b.by_id.get(&nic) else { continue };
        props(b, i, |p| {
            let configs = p.get_mut("ipConfigurations").and_then(Value::as_array_mut);
            let named = |c: &&mut Value| c.get("name").and_then(Value::as_str) == Some(&config);
            let Some(c) = configs.into_iter().flatten().find(named) else { return };
            let list = c.pointer_mut("/properties/loadBalancerBackendAddressPools").and_then(Value::as_array_mut);
            match list {
                Some(a) => a.push(json!({ "id": pool })),
                None => {
                    if let Some(o) = c.get_mut("properties").and_then(Value::as_object_mut) {
                        o.insert("loadBalancerBackendAddressPools".into(), json!([{ "id": pool }]));
                    }
                }
            }
        });
    }
}

fn vm(b: &mut Builder, i: usize, name: &str) {
    let size = b.param(
        "vmSize",
        ParamKind::String,
        Some(json!("Standard_B2s")),
        "Size of every VM (the design does not choose one).",
    );
    let image = b.param(
        "vmImage",
        ParamKind::Object,
        Some(json!({ "publisher": "Canonical", "offer": "ubuntu-24_04-lts", "sku": "server", "version": "latest" })),
        "Image of every VM (the design does not choose one).",
    );
    let user =
        b.param("adminUsername", ParamKind::String, Some(json!("azureuser")), "Administrator user name of the VMs.");
    let password = b.param("adminPassword", ParamKind::SecureString, None, "Administrator password of the VMs.");
    // A Linux computer name is at most 64 characters.
    let computer: String = name.chars().filter(|c| c.is_ascii_alphanumeric() || *c == '-').take(64).collect();
    props(b, i, |p| {
        p.insert("hardwareProfile".into(), json!({ "vmSize": size }));
        let disk = json!({ "createOption": "FromImage", "managedDisk": { "storageAccountType": "StandardSSD_LRS" } });
        p.insert("storageProfile".into(), json!({ "imageReference": image, "osDisk": disk }));
        p.insert(
            "osProfile".into(),
            json!({ "computerName": computer, "adminUsername": user, "adminPassword": password }),
        );
    });
}

fn circuit(b: &mut Builder, i: usize) {
    let provider = b.param(
        "expressRouteProvider",
        ParamKind::String,
        Some(json!("Equinix")),
        "Service provider of the ExpressRoute circuits (the design does not hold it).",
    );
    let location = b.param(
        "expressRoutePeeringLocation",
        ParamKind::String,
        Some(json!("Amsterdam")),
        "Peering location of the ExpressRoute circuits.",
    );
    let bandwidth = b.param(
        "expressRouteBandwidthInMbps",
        ParamKind::Int,
        Some(json!(1000)),
        "Bandwidth of the ExpressRoute circuits.",
    );
    b.resources[i]
        .body
        .insert("sku".into(), json!({ "name": "Standard_MeteredData", "tier": "Standard", "family": "MeteredData" }));
    let service = json!({ "serviceProviderName": provider, "peeringLocation": location, "bandwidthInMbps": bandwidth });
    props(b, i, |p| p.insert("serviceProviderProperties".into(), service));
}

/// A static private endpoint address needs the group and member it serves.
fn endpoint(b: &mut Builder, i: usize) {
    props(b, i, endpoint_members);
}

fn endpoint_members(p: &mut Map<String, Value>) {
    let group = p
        .get("privateLinkServiceConnections")
        .and_then(|c| c.get(0))
        .and_then(|c| c.pointer("/properties/groupIds/0"))
        .and_then(Value::as_str)
        .map(str::to_string);
    let Some(group) = group else { return };
    // Key Vault's one member is `default`; the other services name it after the group.
    let member = if group == "vault" { "default".to_string() } else { group.clone() };
    for c in p.get_mut("ipConfigurations").and_then(Value::as_array_mut).into_iter().flatten() {
        if let Some(props) = c.get_mut("properties").and_then(Value::as_object_mut) {
            props.insert("groupId".into(), json!(group));
            props.insert("memberName".into(), json!(member));
        }
    }
}
