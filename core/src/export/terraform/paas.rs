//! Catalog PaaS services: storage accounts and key vaults as resources with their service
//! firewall (E-20..E-25; the replication type is a variable, the model does not choose one);
//! any other service the design names is not written — a private endpoint reaches it through a
//! variable holding its resource id, which the user gives.

use super::context::{path, Ctx};
use super::network::{list, resource, tags};
use crate::model::ServiceFirewallAction;
use hcl::Block;

pub(super) fn register(cx: &mut Ctx) {
    for p in cx.d.paas.iter().filter(|p| !p.meta.external) {
        match p.service.as_str() {
            "storage" => {
                cx.register(&p.id, "azurerm_storage_account", &p.name, "st");
            }
            "keyvault" => {
                cx.register(&p.id, "azurerm_key_vault", &p.name, "kv");
            }
            _ => {
                // `var.<label>_id`: the context writes a reference to it.
                let label = cx.label("var", &format!("{}_id", p.name), "paas");
                cx.register_var(&p.id, &label);
                let description =
                    format!("Resource id of the {} '{}' (this export does not write that service).", p.service, p.name);
                cx.var(&label, "string", None, &description);
            }
        }
    }
}

pub(super) fn write(cx: &mut Ctx) {
    let d = cx.d;
    for p in d.paas.iter().filter(|p| !p.meta.external) {
        let Some((kind, label)) = cx.resource(&p.id).map(|(k, l)| (k, l.to_string())) else { continue };
        if kind == "var" {
            continue;
        }
        let region = if p.region.is_empty() { cx.first_region() } else { p.region.clone() };
        let loc = cx.location(&region);
        let deny = p.default_action == ServiceFirewallAction::Deny;
        let ips: Vec<String> = p
            .ip_rules
            .iter()
            // A single address is written without its /32, as the service firewall takes it.
            .map(|n| if n.prefix_len() == 32 { n.addr().to_string() } else { n.to_string() })
            .collect();
        let subnets = hcl::Expression::from(p.allowed_subnets.iter().map(|s| cx.id(s)).collect::<Vec<_>>());
        let b = resource(kind, &label)
            .add_attribute(("name", p.name.as_str()))
            .add_attribute(("location", loc))
            .add_attribute(("resource_group_name", cx.rg()));
        let b = if kind == "azurerm_storage_account" {
            let replication = cx.var(
                "storage_replication_type",
                "string",
                Some("LRS".into()),
                "Replication of the storage accounts (the design does not choose one).",
            );
            let rules = Block::builder("network_rules")
                .add_attribute(("default_action", if deny { "Deny" } else { "Allow" }))
                .add_attribute(("ip_rules", list(&ips)))
                .add_attribute(("virtual_network_subnet_ids", subnets));
            b.add_attribute(("account_tier", "Standard"))
                .add_attribute(("account_replication_type", replication))
                .add_attribute(("public_network_access_enabled", p.public_network_access))
                .add_block(rules.build())
        } else {
            let acls = Block::builder("network_acls")
                .add_attribute(("default_action", if deny { "Deny" } else { "Allow" }))
                .add_attribute(("bypass", "AzureServices"))
                .add_attribute(("ip_rules", list(&ips)))
                .add_attribute(("virtual_network_subnet_ids", subnets));
            b.add_attribute(("tenant_id", path("data", &["azurerm_client_config", "current", "tenant_id"])))
                .add_attribute(("sku_name", "standard"))
                .add_attribute(("public_network_access_enabled", p.public_network_access))
                .add_block(acls.build())
        };
        cx.push(tags(b, &p.meta).build());
    }
}

/// Whether the design has a key vault (the configuration needs the tenant from the client).
pub(super) fn needs_client_config(cx: &Ctx) -> bool {
    cx.d.paas.iter().any(|p| !p.meta.external && p.service == "keyvault")
}
