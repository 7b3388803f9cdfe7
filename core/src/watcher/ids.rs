//! Azure resource ids for design elements, as Network Watcher's answers name them.
//!
//! An element imported from Azure keeps its id in `meta.azureId` (schema v2, DECISIONS 25), and
//! that id is the answer. An element drawn in the studio has none: its id is built here from a
//! synthetic subscription and resource group (a subnet's from its VNet's id when the VNet has
//! one), all in one function, [`azure_id`]. [`compare`] ignores the subscription and resource
//! group of every id, so a drawn design still compares with what `az` printed.
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

/// The Azure resource id of an element: its `meta.azureId`, or
/// `/subscriptions/<sub>/resourceGroups/<rg>/providers/<provider>/<type>/<name>[/<child type>/<child>]`.
pub fn azure_id(r: Resource<'_>) -> String {
    let given = match r {
        Resource::Nsg(n) => &n.meta.azure_id,
        Resource::Nic(n) => &n.meta.azure_id,
        Resource::Subnet { subnet, .. } => &subnet.meta.azure_id,
        Resource::RouteTable(t) => &t.meta.azure_id,
        Resource::Vm(v) => &v.meta.azure_id,
    };
    if !given.is_empty() {
        return given.clone();
    }
    let (provider, path) = match r {
        Resource::Nsg(n) => ("Microsoft.Network", format!("networkSecurityGroups/{}", n.name)),
        Resource::Nic(n) => ("Microsoft.Network", format!("networkInterfaces/{}", n.name)),
        Resource::Subnet { vnet, subnet } if !vnet.meta.azure_id.is_empty() => {
            return format!("{}/subnets/{}", vnet.meta.azure_id, subnet.name);
        }
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
        let mut nsg = Nsg { id: Id::new("n1"), name: "nsg-web".into(), rules: vec![], meta: Default::default() };
        let id = azure_id(Resource::Nsg(&nsg));
        assert_eq!(
            id,
            "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/vnet-studio/providers/Microsoft.Network/networkSecurityGroups/nsg-web"
        );
        assert_eq!(resource_group(&id), Some("vnet-studio"));
        assert_eq!(resource_group("System Route"), None);
        assert_eq!(resource_group("/subscriptions/x/providers/Microsoft.Network/a/b"), None);
        // An imported element answers with its own id (schema v2's meta.azureId).
        let real =
            "/subscriptions/1234/resourceGroups/Prod-RG/providers/Microsoft.Network/networkSecurityGroups/nsg-web";
        nsg.meta.azure_id = real.into();
        assert_eq!(azure_id(Resource::Nsg(&nsg)), real);
        assert_eq!(resource_group(real), Some("Prod-RG"));
    }

    #[test]
    fn a_drawn_subnet_of_an_imported_vnet_takes_the_vnets_id() {
        let d = crate::gallery::seed_lab().unwrap();
        let mut vnet = d.vnets[1].clone();
        let subnet = d.subnets.iter().find(|s| s.vnet == vnet.id).unwrap().clone();
        let synthetic = azure_id(Resource::Subnet { vnet: &vnet, subnet: &subnet });
        assert!(synthetic.ends_with(&format!("/virtualNetworks/{}/subnets/{}", vnet.name, subnet.name)), "{synthetic}");
        vnet.meta.azure_id =
            "/subscriptions/1/resourceGroups/net/providers/Microsoft.Network/virtualNetworks/spoke".into();
        assert_eq!(
            azure_id(Resource::Subnet { vnet: &vnet, subnet: &subnet }),
            format!(
                "/subscriptions/1/resourceGroups/net/providers/Microsoft.Network/virtualNetworks/spoke/subnets/{}",
                subnet.name
            )
        );
    }
}
