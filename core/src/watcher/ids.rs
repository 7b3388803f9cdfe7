//! Azure resource ids for design elements, as Network Watcher's answers name them.
//!
//! A design element has no Azure id until schema v2 gives it `meta.azureId`; until then every
//! id is built here from a synthetic subscription and resource group, in one function
//! ([`azure_id`]), so that preferring a real id later is a change in one place. [`compare`]
//! ignores the subscription and resource group of every id for the same reason.
//!
//! [`compare`]: super::compare

use crate::model::{Nic, Nsg, RouteTable, Subnet, Vm, Vnet};

/// The subscription of synthetic ids: all zeros, obviously not a real one.
pub const SUBSCRIPTION: &str = "00000000-0000-0000-0000-000000000000";
/// The resource group of synthetic ids.
pub const RESOURCE_GROUP: &str = "vnet-studio";

/// A design element Azure knows by a resource id.
#[derive(Clone, Copy, Debug)]
pub enum Resource<'d> {
    Nsg(&'d Nsg),
    Nic(&'d Nic),
    Subnet { vnet: &'d Vnet, subnet: &'d Subnet },
    RouteTable(&'d RouteTable),
    Vm(&'d Vm),
}

/// The Azure resource id of an element:
/// `/subscriptions/<sub>/resourceGroups/<rg>/providers/<provider>/<type>/<name>[/<child type>/<child>]`.
pub fn azure_id(r: Resource<'_>) -> String {
    let (provider, path) = match r {
        Resource::Nsg(n) => ("Microsoft.Network", format!("networkSecurityGroups/{}", n.name)),
        Resource::Nic(n) => ("Microsoft.Network", format!("networkInterfaces/{}", n.name)),
        Resource::Subnet { vnet, subnet } => {
            ("Microsoft.Network", format!("virtualNetworks/{}/subnets/{}", vnet.name, subnet.name))
        }
        Resource::RouteTable(t) => ("Microsoft.Network", format!("routeTables/{}", t.name)),
        Resource::Vm(v) => ("Microsoft.Compute", format!("virtualMachines/{}", v.name)),
    };
    format!("/subscriptions/{SUBSCRIPTION}/resourceGroups/{RESOURCE_GROUP}/providers/{provider}/{path}")
}

/// The resource group named in an id, as `az` reads it to add `resourceGroup` beside every `id`
/// it prints (azure-cli's `_add_resource_group`: the fifth path segment after `resourceGroups`).
pub fn resource_group(id: &str) -> Option<&str> {
    let mut parts = id.split('/');
    let (_, _, _, rg_key, rg) = (parts.next()?, parts.next()?, parts.next()?, parts.next()?, parts.next()?);
    rg_key.eq_ignore_ascii_case("resourceGroups").then_some(rg)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::id::Id;

    #[test]
    fn ids_have_azure_shape_and_their_resource_group_reads_back() {
        let nsg = Nsg { id: Id::new("n1"), name: "nsg-web".into(), rules: vec![] };
        let id = azure_id(Resource::Nsg(&nsg));
        assert_eq!(
            id,
            "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/vnet-studio/providers/Microsoft.Network/networkSecurityGroups/nsg-web"
        );
        assert_eq!(resource_group(&id), Some("vnet-studio"));
        assert_eq!(resource_group("System Route"), None);
        assert_eq!(resource_group("/subscriptions/x/providers/Microsoft.Network/a/b"), None);
    }
}
