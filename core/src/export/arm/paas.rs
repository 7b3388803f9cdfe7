//! Catalog PaaS services in the flat REST shape, each with its service firewall where its
//! resource type keeps it (E-20..E-25), as `import::paas` reads it: `networkAcls` for most,
//! child `virtualNetworkRules` / `firewallRules` for database servers, a `networkRuleSets` child
//! for Service Bus and Event Hubs, `siteConfig.ipSecurityRestrictions` for App Service.
//!
//! Azure gives no address for a service's public endpoint and fixes some default actions (a
//! database server denies what no rule allows): the design's synthetic public IP and its
//! default action go to `vnetStudio` ([`studio`]).

use super::{resource, Ids, RG};
use crate::model::{Design, PaasResource, ServiceFirewallAction};
use serde_json::{json, Value};

/// The resource type of a catalog service (the one `import::paas` maps back to it).
pub(super) fn kind_of(service: &str) -> &'static str {
    match service {
        "sql" => "Microsoft.Sql/servers",
        "keyvault" => "Microsoft.KeyVault/vaults",
        "webapp" => "Microsoft.Web/sites",
        "cosmos" => "Microsoft.DocumentDB/databaseAccounts",
        "servicebus" => "Microsoft.ServiceBus/namespaces",
        "eventhubs" => "Microsoft.EventHub/namespaces",
        "acr" => "Microsoft.ContainerRegistry/registries",
        "postgres" => "Microsoft.DBforPostgreSQL/flexibleServers",
        "mysql" => "Microsoft.DBforMySQL/flexibleServers",
        "search" => "Microsoft.Search/searchServices",
        "appconfig" => "Microsoft.AppConfiguration/configurationStores",
        "eventgrid" => "Microsoft.EventGrid/topics",
        "cognitive" | "openai" => "Microsoft.CognitiveServices/accounts",
        _ => "Microsoft.Storage/storageAccounts",
    }
}

/// The default Azure id of a PaaS resource.
pub(super) fn default_id(p: &PaasResource) -> String {
    format!("{RG}/{}/{}", kind_of(&p.service), p.name)
}

pub(super) fn write(d: &Design, ids: &Ids, out: &mut Vec<Value>) {
    for p in d.paas.iter().filter(|p| !p.meta.external) {
        let base = ids.of(&p.id);
        let kind = kind_of(&p.service);
        let deny = p.default_action == ServiceFirewallAction::Deny;
        let subnets: Vec<String> = p.allowed_subnets.iter().map(|s| ids.of(s)).collect();
        let ips: Vec<String> = p.ip_rules.iter().map(ToString::to_string).collect();
        let access = if p.public_network_access { "Enabled" } else { "Disabled" };
        let mut props = json!({ "publicNetworkAccess": access });
        match p.service.as_str() {
            "sql" | "postgres" | "mysql" => {
                for (i, s) in subnets.iter().enumerate() {
                    let name = format!("vnet-rule-{}", i + 1);
                    out.push(json!({ "id": format!("{base}/virtualNetworkRules/{name}"), "name": name,
                        "type": format!("{kind}/virtualNetworkRules"), "properties": { "virtualNetworkSubnetId": s } }));
                }
                for (i, n) in p.ip_rules.iter().enumerate() {
                    let name = format!("ip-rule-{}", i + 1);
                    out.push(json!({ "id": format!("{base}/firewallRules/{name}"), "name": name,
                        "type": format!("{kind}/firewallRules"),
                        "properties": { "startIpAddress": n.network().to_string(), "endIpAddress": n.broadcast().to_string() } }));
                }
            }
            "servicebus" | "eventhubs" => {
                let set = json!({ "defaultAction": if deny { "Deny" } else { "Allow" },
                    "ipRules": ips.iter().map(|i| json!({ "ipMask": i, "action": "Allow" })).collect::<Vec<_>>(),
                    "virtualNetworkRules": subnets.iter().map(|s| json!({ "subnet": { "id": s } })).collect::<Vec<_>>() });
                out.push(json!({ "id": format!("{base}/networkRuleSets/default"), "name": "default",
                    "type": format!("{kind}/networkRuleSets"), "properties": set }));
            }
            "cosmos" => {
                props["isVirtualNetworkFilterEnabled"] = json!(deny);
                props["ipRules"] = ips.iter().map(|i| json!({ "ipAddressOrRange": i })).collect();
                props["virtualNetworkRules"] = subnets.iter().map(|s| json!({ "id": s })).collect();
            }
            "webapp" => {
                let mut list: Vec<Value> = ips.iter().map(|i| json!({ "ipAddress": i, "action": "Allow" })).collect();
                list.extend(subnets.iter().map(|s| json!({ "vnetSubnetResourceId": s, "action": "Allow" })));
                props["siteConfig"] = json!({ "ipSecurityRestrictions": list,
                    "ipSecurityRestrictionsDefaultAction": if deny { "Deny" } else { "Allow" } });
            }
            "search" => {
                props["networkRuleSet"] =
                    json!({ "ipRules": ips.iter().map(|i| json!({ "value": i })).collect::<Vec<_>>() });
            }
            "eventgrid" => {
                props["inboundIpRules"] = ips.iter().map(|i| json!({ "ipMask": i, "action": "Allow" })).collect();
            }
            service => {
                if service == "openai" {
                    props["endpoint"] = json!(format!("https://{}.openai.azure.com/", p.name));
                }
                props["networkAcls"] = json!({ "defaultAction": if deny { "Deny" } else { "Allow" },
                    "ipRules": ips.iter().map(|i| json!({ "value": i, "action": "Allow" })).collect::<Vec<_>>(),
                    "virtualNetworkRules": subnets.iter().map(|s| json!({ "id": s })).collect::<Vec<_>>() });
            }
        }
        let mut r = resource(ids, &p.id, &p.name, kind, &p.region, &p.meta, props);
        if p.service == "openai" {
            r["kind"] = json!("OpenAI");
        }
        out.push(r);
    }
}

/// Per PaaS resource: its synthetic public IP (Azure's JSON has none) and its default action
/// (fixed by Azure for database servers, implied by the rules for search and Event Grid).
pub(super) fn studio(d: &Design, ids: &Ids, s: &mut Value) {
    let list: Vec<Value> = d
        .paas
        .iter()
        .filter(|p| !p.meta.external)
        .map(|p| {
            let action = if p.default_action == ServiceFirewallAction::Deny { "Deny" } else { "Allow" };
            json!({ "resource": ids.of(&p.id), "publicIp": p.public_ip.to_string(), "defaultAction": action })
        })
        .collect();
    if !list.is_empty() {
        s["paas"] = json!(list);
    }
}
