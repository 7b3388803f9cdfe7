//! Azure Firewalls (F-2, F-3): the policy, one rule collection group resource per group with its
//! network, application and DNAT collections, the firewall with its public IP.

use super::compute::{pip_id, public_ip};
use super::context::{path, Ctx};
use super::network::{list, resource, tags};
use crate::model::{AppProtocolKind, FirewallAction, FirewallRules, FirewallSku, Protocol, SnatRange};
use hcl::{Block, BlockBuilder, Expression};

pub(super) fn register(cx: &mut Ctx) {
    for f in cx.d.firewalls.iter().filter(|f| !f.meta.external) {
        cx.register(&f.id, "azurerm_firewall", &f.name, "afw");
    }
}

fn protocols(list: &[Protocol]) -> Expression {
    let names: Vec<&str> = list
        .iter()
        .map(|p| match p {
            Protocol::Tcp => "TCP",
            Protocol::Udp => "UDP",
            Protocol::Icmp => "ICMP",
            Protocol::Any => "Any",
        })
        .collect();
    super::network::list(&names)
}

fn action(a: FirewallAction) -> &'static str {
    match a {
        FirewallAction::Allow => "Allow",
        FirewallAction::Deny => "Deny",
    }
}

pub(super) fn write(cx: &mut Ctx) {
    let d = cx.d;
    for fw in d.firewalls.iter().filter(|f| !f.meta.external) {
        let Some(label) = cx.resource(&fw.id).map(|(_, l)| l.to_string()) else { continue };
        let loc = cx.location(&cx.region_of_subnet(&fw.subnet));
        let tier = match fw.sku {
            FirewallSku::Basic => "Basic",
            FirewallSku::Standard => "Standard",
            FirewallSku::Premium => "Premium",
        };
        let mut policy = resource("azurerm_firewall_policy", &label)
            .add_attribute(("name", format!("{}-policy", fw.name)))
            .add_attribute(("location", loc.clone()))
            .add_attribute(("resource_group_name", cx.rg()))
            .add_attribute(("sku", tier));
        // Without a list Azure does not SNAT to the IANA private ranges: write only other lists.
        let ranges: Vec<String> = fw
            .snat_private_ranges
            .iter()
            .filter_map(|r| match r {
                SnatRange::Prefix(p) => Some(p.to_string()),
                SnatRange::Token(_) => None,
            })
            .collect();
        if !ranges.is_empty() {
            policy = policy.add_attribute(("private_ip_ranges", list(&ranges)));
        }
        if fw.dns_proxy {
            policy = policy.add_block(Block::builder("dns").add_attribute(("proxy_enabled", true)).build());
        }
        cx.push(policy.build());
        let policy_id = path("azurerm_firewall_policy", &[&label, "id"]);
        let pip = fw.public_ip.map(|_| public_ip(cx, &format!("{}-pip", fw.name), loc.clone()));
        for g in &fw.rule_collection_groups {
            let l =
                cx.label("azurerm_firewall_policy_rule_collection_group", &format!("{}_{}", fw.name, g.name), "rcg");
            let mut b = resource("azurerm_firewall_policy_rule_collection_group", &l)
                .add_attribute(("name", g.name.as_str()))
                .add_attribute(("firewall_policy_id", policy_id.clone()))
                .add_attribute(("priority", i64::from(g.priority)));
            for c in &g.collections {
                b = b.add_block(collection(c, pip.as_deref()));
            }
            cx.push(b.build());
        }
        let mut config = Block::builder("ip_configuration")
            .add_attribute(("name", "ipconfig"))
            .add_attribute(("subnet_id", cx.id(&fw.subnet)));
        if let Some(p) = &pip {
            config = config.add_attribute(("public_ip_address_id", pip_id(p)));
        }
        let b = resource("azurerm_firewall", &label)
            .add_attribute(("name", fw.name.as_str()))
            .add_attribute(("location", loc))
            .add_attribute(("resource_group_name", cx.rg()))
            .add_attribute(("sku_name", "AZFW_VNet"))
            .add_attribute(("sku_tier", tier))
            .add_attribute(("firewall_policy_id", policy_id))
            .add_block(config.build());
        cx.push(tags(b, &fw.meta).build());
    }
}

/// One collection; a DNAT rule's destination is the firewall's public IP (`pip`, its label), as
/// Azure assigns it.
fn collection(c: &crate::model::RuleCollection, pip: Option<&str>) -> Block {
    let head = |kind: &str, act: &str| -> BlockBuilder {
        Block::builder(kind)
            .add_attribute(("name", c.name.as_str()))
            .add_attribute(("priority", i64::from(c.priority)))
            .add_attribute(("action", act))
    };
    match &c.rules {
        FirewallRules::Network { action: a, rules } => rules
            .iter()
            .fold(head("network_rule_collection", action(*a)), |b, r| {
                b.add_block(
                    Block::builder("rule")
                        .add_attribute(("name", r.name.as_str()))
                        .add_attribute(("protocols", protocols(&r.protocols)))
                        .add_attribute(("source_addresses", list(&r.sources)))
                        .add_attribute(("destination_addresses", list(&r.destinations)))
                        .add_attribute(("destination_ports", list(&r.ports)))
                        .build(),
                )
            })
            .build(),
        FirewallRules::Application { action: a, rules } => rules
            .iter()
            .fold(head("application_rule_collection", action(*a)), |b, r| {
                let mut rule = Block::builder("rule")
                    .add_attribute(("name", r.name.as_str()))
                    .add_attribute(("source_addresses", list(&r.sources)))
                    .add_attribute(("destination_fqdns", list(&r.target_fqdns)));
                for p in &r.protocols {
                    let kind = match p.kind {
                        AppProtocolKind::Http => "Http",
                        AppProtocolKind::Https => "Https",
                        AppProtocolKind::Mssql => "Mssql",
                    };
                    rule = rule.add_block(
                        Block::builder("protocols")
                            .add_attribute(("type", kind))
                            .add_attribute(("port", i64::from(p.port)))
                            .build(),
                    );
                }
                b.add_block(rule.build())
            })
            .build(),
        FirewallRules::Dnat { rules } => rules
            .iter()
            .fold(head("nat_rule_collection", "Dnat"), |b, r| {
                let mut rule = Block::builder("rule")
                    .add_attribute(("name", r.name.as_str()))
                    .add_attribute(("protocols", protocols(&r.protocols)))
                    .add_attribute(("source_addresses", list(&r.sources)));
                if let Some(p) = pip {
                    rule = rule.add_attribute(("destination_address", path("azurerm_public_ip", &[p, "ip_address"])));
                }
                b.add_block(
                    rule.add_attribute(("destination_ports", list(&[r.destination_port])))
                        .add_attribute(("translated_address", r.translated_address.to_string()))
                        .add_attribute(("translated_port", i64::from(r.translated_port)))
                        .build(),
                )
            })
            .build(),
    }
}
