//! Resource functions: the `resourceId` family (computed), and the runtime lookups
//! (`reference`, `list*`, `pickZones`, `providers`, `getSecret`) that are not: they fail as
//! unknown, naming the resource id they read, unless `reference()` reads a nested deployment
//! whose outputs the interpreter has already computed.
//! <https://learn.microsoft.com/azure/azure-resource-manager/templates/template-functions-resource>

use serde_json::{json, Value};

use super::{arity, str_arg, Ctx, Fail, Res};

pub(crate) fn is_runtime(name: &str) -> bool {
    matches!(name, "reference" | "references" | "pickzones" | "providers" | "getsecret") || name.starts_with("list")
}

pub(crate) fn call(ctx: &Ctx, name: &str, args: &[Value]) -> Option<Res<Value>> {
    let r = match name {
        "resourceid" => resource_id(ctx, args),
        "subscriptionresourceid" => subscription_resource_id(ctx, args),
        "tenantresourceid" => arity(name, args, 2, usize::MAX).and_then(|_| typed_id("", name, args)),
        "extensionresourceid" => arity(name, args, 3, usize::MAX)
            .and_then(|_| typed_id(str_arg(name, args, 0)?.trim_end_matches('/'), name, &args[1..])),
        "managementgroupresourceid" => management_group_resource_id(name, args),
        "resourceinfo" => resource_info(ctx, args),
        "reference" => reference(ctx, args),
        n if is_runtime(n) => {
            let resource = args.first().and_then(Value::as_str).and_then(|s| resolve(ctx, s));
            Err(Fail::Unknown { why: format!("{n}() is a runtime lookup"), resource })
        }
        _ => return None,
    };
    Some(r)
}

/// `{prefix}/providers/{ns}/{type1}/{name1}/{type2}/{name2}…`; the names may also arrive joined
/// with `/` (`vnet/subnet`). Errors when the name count does not match the type's segments.
pub(crate) fn build_id(prefix: &str, full_type: &str, names: &[&str]) -> Result<String, String> {
    let mut types = full_type.split('/').filter(|s| !s.is_empty());
    let namespace = types.next().ok_or_else(|| format!("'{full_type}' is not a resource type"))?;
    let types: Vec<&str> = types.collect();
    let names: Vec<&str> = names.iter().flat_map(|n| n.split('/')).collect();
    if types.is_empty() || types.len() != names.len() {
        return Err(format!(
            "resource type '{full_type}' needs {} name segments, got {} ({})",
            types.len(),
            names.len(),
            names.join("/")
        ));
    }
    let mut id = format!("{prefix}/providers/{namespace}");
    for (t, n) in types.iter().zip(names) {
        id.push_str(&format!("/{t}/{n}"));
    }
    Ok(id)
}

/// The type and name an id names after its last `/providers/`: (`ns/t1/t2`, `n1/n2`).
pub(crate) fn split_id(id: &str) -> Option<(String, String)> {
    let lower = id.to_ascii_lowercase();
    let at = lower.rfind("/providers/")?;
    let segs: Vec<&str> = id[at + "/providers/".len()..].split('/').collect();
    let (ns, rest) = segs.split_first()?;
    if rest.is_empty() || rest.len() % 2 != 0 {
        return None;
    }
    let types: Vec<&str> = rest.iter().step_by(2).copied().collect();
    let names: Vec<&str> = rest.iter().skip(1).step_by(2).copied().collect();
    Some((format!("{ns}/{}", types.join("/")), names.join("/")))
}

fn typed_id(prefix: &str, name: &str, args: &[Value]) -> Res<Value> {
    let full_type = str_arg(name, args, 0)?;
    let names: Vec<&str> = (1..args.len()).map(|i| str_arg(name, args, i)).collect::<Res<_>>()?;
    build_id(prefix, full_type, &names).map(Value::String).map_err(|e| Fail::error(format!("{name}(): {e}")))
}

/// `resourceId([subscriptionId], [resourceGroupName], type, name1, …)`: the type is the first
/// argument with a `/`; what comes before it picks the subscription and group.
fn resource_id(ctx: &Ctx, args: &[Value]) -> Res<Value> {
    arity("resourceId", args, 2, usize::MAX)?;
    let at = args
        .iter()
        .position(|a| a.as_str().is_some_and(|s| s.contains('/')))
        .ok_or_else(|| Fail::error("resourceId(): no argument is a resource type"))?;
    let scope = &ctx.frame.scope;
    let lead: Vec<&str> = (0..at).map(|i| str_arg("resourceId", args, i)).collect::<Res<_>>()?;
    let prefix = match lead.as_slice() {
        [] => scope.prefix(),
        [rg] => format!("/subscriptions/{}/resourceGroups/{rg}", scope.subscription),
        [sub, rg] => format!("/subscriptions/{sub}/resourceGroups/{rg}"),
        _ => return Err(Fail::error("resourceId(): too many arguments before the resource type")),
    };
    typed_id(&prefix, "resourceId", &args[at..])
}

/// `subscriptionResourceId([subscriptionId], type, name1, …)`.
fn subscription_resource_id(ctx: &Ctx, args: &[Value]) -> Res<Value> {
    arity("subscriptionResourceId", args, 2, usize::MAX)?;
    let first_is_type = args[0].as_str().is_some_and(|s| s.contains('/'));
    let (sub, rest) = if first_is_type {
        (ctx.frame.scope.subscription.as_str(), args)
    } else {
        (str_arg("subscriptionResourceId", args, 0)?, &args[1..])
    };
    typed_id(&format!("/subscriptions/{sub}"), "subscriptionResourceId", rest)
}

fn management_group_resource_id(name: &str, args: &[Value]) -> Res<Value> {
    arity(name, args, 2, usize::MAX)?;
    let first_is_type = args[0].as_str().is_some_and(|s| s.contains('/'));
    let (mg, rest) = if first_is_type { ("mg-imported", args) } else { (str_arg(name, args, 0)?, &args[1..]) };
    typed_id(&format!("/providers/Microsoft.Management/managementGroups/{mg}"), name, rest)
}

/// An id, a symbolic name (languageVersion 2.0) or a resource name this template declares → id.
fn resolve(ctx: &Ctx, key: &str) -> Option<String> {
    if key.starts_with('/') {
        return Some(key.to_string());
    }
    ctx.frame.declared(key)
}

/// `resourceInfo('symbolicName')`: `{id, name, type}` of a declared resource.
fn resource_info(ctx: &Ctx, args: &[Value]) -> Res<Value> {
    arity("resourceInfo", args, 1, 1)?;
    let key = str_arg("resourceInfo", args, 0)?;
    let id = ctx.frame.declared(key).ok_or_else(|| Fail::error(format!("resourceInfo(): no resource '{key}'")))?;
    let (t, n) = split_id(&id).unwrap_or_default();
    Ok(json!({"id": id, "name": n, "type": t}))
}

/// `reference(resourceOrId, [apiVersion], ['Full'])`: a nested deployment's computed outputs,
/// else unknown naming the resource.
fn reference(ctx: &Ctx, args: &[Value]) -> Res<Value> {
    arity("reference", args, 1, 3)?;
    let resource = args[0].as_str().and_then(|s| resolve(ctx, s));
    if let Some(id) = &resource {
        if let Some(outputs) = ctx.frame.shared.deployment_outputs.borrow().get(&id.to_ascii_lowercase()) {
            let full = args.get(2).and_then(Value::as_str).is_some_and(|s| s.eq_ignore_ascii_case("full"));
            return Ok(if full { json!({"properties": outputs}) } else { outputs.clone() });
        }
    }
    Err(Fail::Unknown { why: "reference() reads the deployed resource's runtime state".into(), resource })
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{err, eval, ok};
    use super::*;

    const RG: &str = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-imported";

    #[test]
    fn resource_id_forms() {
        assert_eq!(
            ok("resourceId('Microsoft.Network/virtualNetworks', 'hub')"),
            json!(format!("{RG}/providers/Microsoft.Network/virtualNetworks/hub"))
        );
        assert_eq!(
            ok("resourceId('Microsoft.Network/virtualNetworks/subnets', 'hub', 'AzureFirewallSubnet')"),
            json!(format!("{RG}/providers/Microsoft.Network/virtualNetworks/hub/subnets/AzureFirewallSubnet"))
        );
        assert_eq!(
            ok("resourceId('rg-hub', 'Microsoft.Network/virtualNetworks', 'hub')"),
            json!("/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-hub/providers/Microsoft.Network/virtualNetworks/hub")
        );
        assert_eq!(
            ok("resourceId('s1', 'rg-hub', 'Microsoft.Network/virtualNetworks', 'hub')"),
            json!("/subscriptions/s1/resourceGroups/rg-hub/providers/Microsoft.Network/virtualNetworks/hub")
        );
        assert_eq!(
            ok("subscriptionResourceId('Microsoft.Authorization/roleDefinitions', 'r')"),
            json!("/subscriptions/00000000-0000-0000-0000-000000000000/providers/Microsoft.Authorization/roleDefinitions/r")
        );
        assert_eq!(
            ok("tenantResourceId('Microsoft.Authorization/policyDefinitions', 'p')"),
            json!("/providers/Microsoft.Authorization/policyDefinitions/p")
        );
        assert_eq!(
            ok("extensionResourceId(resourceId('Microsoft.Network/virtualNetworks', 'hub'), 'Microsoft.Authorization/locks', 'l')"),
            json!(format!("{RG}/providers/Microsoft.Network/virtualNetworks/hub/providers/Microsoft.Authorization/locks/l"))
        );
        assert_eq!(
            ok("managementGroupResourceId('mg1', 'Microsoft.Authorization/policyDefinitions', 'p')"),
            json!("/providers/Microsoft.Management/managementGroups/mg1/providers/Microsoft.Authorization/policyDefinitions/p")
        );
        assert!(err("resourceId('Microsoft.Network/virtualNetworks/subnets', 'hub')"));
        assert!(err("resourceId('a', 'b')"));
    }

    #[test]
    fn runtime_lookups_name_the_resource() {
        let fw = format!("{RG}/providers/Microsoft.Network/azureFirewalls/fw");
        let got = eval("reference(resourceId('Microsoft.Network/azureFirewalls', 'fw')).ipConfigurations[0].properties.privateIPAddress");
        assert_eq!(
            got,
            Err(Fail::Unknown {
                why: "reference() reads the deployed resource's runtime state".into(),
                resource: Some(fw.clone())
            })
        );
        assert!(
            matches!(eval("listKeys(resourceId('Microsoft.Network/azureFirewalls', 'fw'), '2023-01-01').keys"), Err(Fail::Unknown { resource: Some(r), .. }) if r == fw)
        );
        assert!(matches!(
            eval("pickZones('Microsoft.Compute', 'virtualMachines', 'westeurope')"),
            Err(Fail::Unknown { resource: None, .. })
        ));
        assert_eq!(
            split_id(&format!("{RG}/providers/Microsoft.Network/virtualNetworks/hub/subnets/s")),
            Some(("Microsoft.Network/virtualNetworks/subnets".into(), "hub/s".into()))
        );
    }
}
