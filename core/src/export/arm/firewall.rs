//! Azure Firewalls in the flat REST shape: the firewall, its public IP, and a firewall policy
//! with one rule collection group resource per group (F-2, F-3), as the portal deploys them.

use super::{is_dnat, public_ip, resource, snat_text, Ids};
use crate::model::{AppProtocolKind, Design, FirewallAction, FirewallRules, FirewallSku, Protocol};
use serde_json::{json, Value};

fn protocols(list: &[Protocol]) -> Vec<&'static str> {
    list.iter()
        .map(|p| match p {
            Protocol::Tcp => "TCP",
            Protocol::Udp => "UDP",
            Protocol::Icmp => "ICMP",
            Protocol::Any => "Any",
        })
        .collect()
}

fn texts<T: ToString>(list: &[T]) -> Vec<String> {
    list.iter().map(ToString::to_string).collect()
}

fn action(a: FirewallAction) -> &'static str {
    match a {
        FirewallAction::Allow => "Allow",
        FirewallAction::Deny => "Deny",
    }
}

pub(super) fn firewalls(d: &Design, ids: &Ids, region: &str, out: &mut Vec<Value>) {
    for fw in d.firewalls.iter().filter(|f| !f.meta.external) {
        let location = d
            .subnet(&fw.subnet)
            .and_then(|s| d.vnet(&s.vnet))
            .map(|v| v.region.clone())
            .unwrap_or_else(|| region.to_string());
        let fw_id = ids.of(&fw.id);
        let rg = fw_id.split("/providers/").next().unwrap_or_default().to_string();
        let policy_id = format!("{rg}/providers/Microsoft.Network/firewallPolicies/{}-policy", fw.name);
        let tier = match fw.sku {
            FirewallSku::Basic => "Basic",
            FirewallSku::Standard => "Standard",
            FirewallSku::Premium => "Premium",
        };
        let mut groups = Vec::new();
        // Written after their policy, as a reader (and a template) expects a parent first.
        let mut group_resources = Vec::new();
        for g in &fw.rule_collection_groups {
            let collections: Vec<Value> = g
                .collections
                .iter()
                .map(|c| {
                    let (kind, act, rules): (&str, &str, Vec<Value>) = match &c.rules {
                        FirewallRules::Network { action: a, rules } => (
                            "FirewallPolicyFilterRuleCollection",
                            action(*a),
                            rules
                                .iter()
                                .map(|r| {
                                    json!({ "ruleType": "NetworkRule", "name": r.name, "ipProtocols": protocols(&r.protocols),
                                        "sourceAddresses": texts(&r.sources), "destinationAddresses": texts(&r.destinations),
                                        "destinationPorts": texts(&r.ports) })
                                })
                                .collect(),
                        ),
                        FirewallRules::Application { action: a, rules } => (
                            "FirewallPolicyFilterRuleCollection",
                            action(*a),
                            rules
                                .iter()
                                .map(|r| {
                                    let protos: Vec<Value> = r
                                        .protocols
                                        .iter()
                                        .map(|p| {
                                            let t = match p.kind {
                                                AppProtocolKind::Http => "Http",
                                                AppProtocolKind::Https => "Https",
                                                AppProtocolKind::Mssql => "Mssql",
                                            };
                                            json!({ "protocolType": t, "port": p.port })
                                        })
                                        .collect();
                                    json!({ "ruleType": "ApplicationRule", "name": r.name, "sourceAddresses": texts(&r.sources),
                                        "protocols": protos, "targetFqdns": r.target_fqdns })
                                })
                                .collect(),
                        ),
                        FirewallRules::Dnat { rules } => (
                            "FirewallPolicyNatRuleCollection",
                            "DNAT",
                            rules
                                .iter()
                                .map(|r| {
                                    let dest: Vec<String> = fw.public_ip.iter().map(ToString::to_string).collect();
                                    json!({ "ruleType": "NatRule", "name": r.name, "ipProtocols": protocols(&r.protocols),
                                        "sourceAddresses": texts(&r.sources), "destinationAddresses": dest,
                                        "destinationPorts": [r.destination_port.to_string()],
                                        "translatedAddress": r.translated_address.to_string(),
                                        "translatedPort": r.translated_port.to_string() })
                                })
                                .collect(),
                        ),
                    };
                    debug_assert_eq!(kind == "FirewallPolicyNatRuleCollection", is_dnat(&c.rules));
                    json!({ "ruleCollectionType": kind, "name": c.name, "priority": c.priority, "action": { "type": act }, "rules": rules })
                })
                .collect();
            let id = format!("{policy_id}/ruleCollectionGroups/{}", g.name);
            groups.push(json!({ "id": id }));
            group_resources.push(
                json!({ "id": id, "name": g.name, "type": "Microsoft.Network/firewallPolicies/ruleCollectionGroups",
                "properties": { "priority": g.priority, "ruleCollections": collections } }),
            );
        }
        let ranges: Vec<String> = fw.snat_private_ranges.iter().map(snat_text).collect();
        out.push(json!({
            "id": policy_id, "name": format!("{}-policy", fw.name), "type": "Microsoft.Network/firewallPolicies", "location": location,
            "properties": { "sku": { "tier": tier }, "snat": { "privateRanges": ranges },
                "dnsSettings": { "enableProxy": fw.dns_proxy }, "ruleCollectionGroups": groups }
        }));
        out.append(&mut group_resources);
        let mut config =
            json!({ "privateIPAddress": fw.private_ip.to_string(), "subnet": { "id": ids.of(&fw.subnet) } });
        if let Some(ip) = fw.public_ip {
            let pip = public_ip(ids, &fw.id, &format!("{}-pip", fw.name), ip, &location);
            config["publicIPAddress"] = json!({ "id": pip["id"] });
            out.push(pip);
        }
        let props = json!({
            "sku": { "name": "AZFW_VNet", "tier": tier },
            "ipConfigurations": [{ "name": "ipconfig", "properties": config }],
            "firewallPolicy": { "id": policy_id }
        });
        out.push(resource(ids, &fw.id, &fw.name, "Microsoft.Network/azureFirewalls", &location, &fw.meta, props));
    }
}
