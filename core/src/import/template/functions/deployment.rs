//! Deployment and scope functions: `parameters`, `variables`, `copyIndex`, `deployment`,
//! `environment`, `resourceGroup`, `subscription`, `tenant`, `managementGroup`, `deployer`,
//! `utcNow`, with the placeholder scope values the module doc lists.
//! <https://learn.microsoft.com/azure/azure-resource-manager/templates/template-functions-deployment>
//! <https://learn.microsoft.com/azure/azure-resource-manager/templates/template-functions-scope>

use serde_json::{json, Value};

use super::{arity, as_int, str_arg, Ctx, Fail, Res};
use crate::import::template::frame::{PLACEHOLDER_LOCATION, PLACEHOLDER_TENANT};

pub(crate) fn call(ctx: &Ctx, name: &str, args: &[Value]) -> Option<Res<Value>> {
    let scope = &ctx.frame.scope;
    let r = match name {
        "parameters" => arity(name, args, 1, 1).and_then(|_| ctx.frame.params.get(str_arg(name, args, 0)?, "parameter", ctx)),
        "variables" => arity(name, args, 1, 1).and_then(|_| ctx.frame.vars.get(str_arg(name, args, 0)?, "variable", ctx)),
        "copyindex" => copy_index(ctx, args),
        "lambdavariables" => arity(name, args, 1, 1).and_then(|_| {
            let want = str_arg(name, args, 0)?.to_ascii_lowercase();
            ctx.lambdas.iter().rev().find(|(n, _)| *n == want).map(|(_, v)| v.clone()).ok_or_else(|| Fail::error(format!("no lambda variable '{want}'")))
        }),
        "deployment" => arity(name, args, 0, 0).map(|_| {
            json!({
                "name": scope.deployment,
                "location": scope.location,
                "properties": {"template": {"contentVersion": "1.0.0.0"}, "parameters": {}, "mode": "Incremental", "provisioningState": "Accepted"},
            })
        }),
        "environment" => arity(name, args, 0, 0).map(|_| environment()),
        "resourcegroup" => arity(name, args, 0, 0).and_then(|_| {
            let rg = scope.resource_group.clone().ok_or_else(|| Fail::error("resourceGroup() in a deployment that targets no resource group"))?;
            if scope.location == PLACEHOLDER_LOCATION {
                ctx.frame.shared.note_once(
                    "placeholder-location",
                    &ctx.path,
                    format!("resourceGroup().location is not in the template; the placeholder '{PLACEHOLDER_LOCATION}' is used"),
                );
            }
            Ok(json!({
                "id": scope.prefix(),
                "name": rg,
                "type": "Microsoft.Resources/resourceGroups",
                "location": scope.location,
                "tags": {},
                "properties": {"provisioningState": "Succeeded"},
            }))
        }),
        "subscription" => arity(name, args, 0, 0).map(|_| {
            json!({
                "id": format!("/subscriptions/{}", scope.subscription),
                "subscriptionId": scope.subscription,
                "tenantId": PLACEHOLDER_TENANT,
                "displayName": "imported subscription",
            })
        }),
        "tenant" => arity(name, args, 0, 0).map(|_| {
            json!({"id": format!("/tenants/{PLACEHOLDER_TENANT}"), "tenantId": PLACEHOLDER_TENANT, "countryCode": "", "displayName": "imported tenant"})
        }),
        "managementgroup" => arity(name, args, 0, 1).map(|_| {
            json!({"id": "/providers/Microsoft.Management/managementGroups/mg-imported", "name": "mg-imported", "type": "Microsoft.Management/managementGroups", "properties": {}})
        }),
        "deployer" => arity(name, args, 0, 0).map(|_| {
            json!({"objectId": PLACEHOLDER_TENANT, "tenantId": PLACEHOLDER_TENANT, "userPrincipalName": "importer@example.com"})
        }),
        "utcnow" => arity(name, args, 0, 1).map(|_| {
            ctx.frame.shared.note(&ctx.path, "utcNow() is the deployment time; a fixed stand-in (2000-01-01) is used");
            Value::String("20000101T000000Z".into())
        }),
        _ => return None,
    };
    Some(r)
}

/// `copyIndex([loopName], [offset])`: the innermost loop's index, or the named loop's, plus the offset.
/// <https://learn.microsoft.com/azure/azure-resource-manager/templates/template-functions-numeric#copyindex>
fn copy_index(ctx: &Ctx, args: &[Value]) -> Res<Value> {
    arity("copyIndex", args, 0, 2)?;
    let (loop_name, offset) = match args {
        [] => (None, 0),
        [Value::String(n)] => (Some(n.as_str()), 0),
        [o] => (None, as_int(o).map_err(|_| Fail::error("copyIndex(): offset must be an integer"))?),
        [Value::String(n), o] => {
            (Some(n.as_str()), as_int(o).map_err(|_| Fail::error("copyIndex(): offset must be an integer"))?)
        }
        _ => return Err(Fail::error("copyIndex(): takes a loop name and/or an offset")),
    };
    let found = match loop_name {
        None => ctx.copies.last(),
        Some(n) => ctx.copies.iter().rev().find(|(name, _)| name.eq_ignore_ascii_case(n)),
    };
    let (_, index) = found.ok_or_else(|| match loop_name {
        Some(n) => Fail::error(format!("copyIndex('{n}') outside a copy loop of that name")),
        None => Fail::error("copyIndex() outside a copy loop"),
    })?;
    index.checked_add(offset).map(Value::from).ok_or_else(|| Fail::error("copyIndex(): offset overflows"))
}

/// Azure public cloud's `environment()`.
fn environment() -> Value {
    json!({
        "name": "AzureCloud",
        "gallery": "https://gallery.azure.com/",
        "graph": "https://graph.windows.net/",
        "portal": "https://portal.azure.com",
        "graphAudience": "https://graph.windows.net/",
        "activeDirectoryDataLake": "https://datalake.azure.net/",
        "batch": "https://batch.core.windows.net/",
        "media": "https://rest.media.azure.net",
        "sqlManagement": "https://management.core.windows.net:8443/",
        "vmImageAliasDoc": "https://raw.githubusercontent.com/Azure/azure-rest-api-specs/master/arm-compute/quickstart-templates/aliases.json",
        "resourceManager": "https://management.azure.com/",
        "authentication": {
            "loginEndpoint": "https://login.microsoftonline.com/",
            "audiences": ["https://management.core.windows.net/", "https://management.azure.com/"],
            "tenant": "common",
            "identityProvider": "AAD",
        },
        "suffixes": {
            "acrLoginServer": ".azurecr.io",
            "azureDatalakeAnalyticsCatalogAndJob": "azuredatalakeanalytics.net",
            "azureDatalakeStoreFileSystem": "azuredatalakestore.net",
            "azureFrontDoorEndpointSuffix": "azurefd.net",
            "keyvaultDns": ".vault.azure.net",
            "sqlServerHostname": ".database.windows.net",
            "storage": "core.windows.net",
        },
    })
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{err, eval_in, ok};
    use serde_json::json;

    #[test]
    fn scope_placeholders() {
        assert_eq!(ok("resourceGroup().name"), json!("rg-imported"));
        assert_eq!(ok("resourceGroup().location"), json!("westeurope"));
        assert_eq!(ok("subscription().subscriptionId"), json!("00000000-0000-0000-0000-000000000000"));
        assert_eq!(
            ok("resourceGroup().id"),
            json!("/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-imported")
        );
        assert_eq!(ok("environment().suffixes.storage"), json!("core.windows.net"));
        assert_eq!(ok("deployment().name"), json!("vnet-import"));
        assert!(err("copyIndex()"));
    }

    #[test]
    fn parameters_and_variables() {
        let t = json!({
            "parameters": {"prefix": {"type": "string", "defaultValue": "[concat('10.', '1')]"}, "none": {"type": "string"}},
            "variables": {
                "vnet": "[concat(parameters('prefix'), '.0.0/16')]",
                "Loop": "[variables('loop')]",
                "copy": [{"name": "subnets", "count": 2, "input": "[concat('snet-', copyIndex('subnets', 1))]"}]
            }
        });
        assert_eq!(eval_in(&t, "variables('VNET')"), Ok(json!("10.1.0.0/16")));
        assert_eq!(eval_in(&t, "variables('subnets')"), Ok(json!(["snet-1", "snet-2"])));
        // A variable that refers to itself is a failed expression: a marker, and the note says why.
        assert!(eval_in(&t, "variables('loop')").is_ok_and(|v| v.get("$vnetUnknown").is_some()));
        assert!(eval_in(&t, "variables('nope')").is_err());
        assert!(matches!(eval_in(&t, "parameters('none')"), Err(super::Fail::Unknown { .. })));
    }
}
