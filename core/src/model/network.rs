//! Virtual networks, subnets and peering links: the address plan (AZURE.md R-1..R-5, P-1..P-8).

use super::serde_util::is_default;
use crate::id::Id;
use ipnet::Ipv4Net;
use serde::Serialize;
use std::net::Ipv4Addr;

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Vnet {
    pub id: Id,
    pub name: String,
    /// Azure region name, e.g. `eastus`. Peerings across regions are global (P-8).
    pub region: String,
    pub address_space: Vec<Ipv4Net>,
    /// Custom DNS servers (`dhcpOptions.dnsServers`, D-3). Empty = Azure-provided DNS (D-1).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub dns_servers: Vec<Ipv4Addr>,
    /// Azure resource id, placeholder marker and tags (schema v2); the engine reads none of it.
    #[serde(skip_serializing_if = "super::serde_util::is_default")]
    pub meta: super::meta::Meta,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Subnet {
    pub id: Id,
    pub name: String,
    pub vnet: Id,
    pub prefix: Ipv4Net,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub route_table: Option<Id>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub nsg: Option<Id>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub service_endpoints: Vec<ServiceEndpoint>,
    /// `privateEndpointNetworkPolicies` (E-7); default Disabled.
    #[serde(skip_serializing_if = "is_default")]
    pub private_endpoint_network_policies: PeNetworkPolicies,
    /// Subnet delegation, e.g. `Microsoft.Network/dnsResolvers` (D-20).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub delegation: Option<String>,
    /// Azure resource id, placeholder marker and tags (schema v2); the engine reads none of it.
    #[serde(skip_serializing_if = "super::serde_util::is_default")]
    pub meta: super::meta::Meta,
}

/// A service endpoint on a subnet (E-20): the service name (`Microsoft.Storage`) and the regions
/// it covers (empty = the VNet's region and its pair, as Azure does by default).
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ServiceEndpoint {
    pub service: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub locations: Vec<String>,
}

/// `privateEndpointNetworkPolicies` of a subnet (E-7, E-8).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default, Serialize)]
pub enum PeNetworkPolicies {
    #[default]
    Disabled,
    Enabled,
    NetworkSecurityGroupEnabled,
    RouteTableEnabled,
}

impl PeNetworkPolicies {
    /// NSG rules of the subnet apply to traffic into its private endpoints (E-10, N-8).
    pub fn nsg_applies(self) -> bool {
        matches!(self, PeNetworkPolicies::Enabled | PeNetworkPolicies::NetworkSecurityGroupEnabled)
    }

    /// Wider UDRs can summarize the /32 routes of its private endpoints (E-9).
    pub fn route_table_applies(self) -> bool {
        matches!(self, PeNetworkPolicies::Enabled | PeNetworkPolicies::RouteTableEnabled)
    }
}

/// One link of a peering (P-2): a peering is two links, one under each VNet. Azure's defaults are
/// written out in every file so that a reader never has to remember them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PeeringLink {
    pub id: Id,
    pub name: String,
    /// The VNet this link belongs to.
    pub vnet: Id,
    /// The VNet it points at.
    pub remote_vnet: Id,
    /// P-4, default true.
    pub allow_virtual_network_access: bool,
    /// P-5, default false; governs packets *arriving* over this link that did not originate in the remote VNet.
    pub allow_forwarded_traffic: bool,
    /// P-6, default false.
    pub allow_gateway_transit: bool,
    /// P-6, default false.
    pub use_remote_gateways: bool,
    /// Azure resource id, placeholder marker and tags (schema v2); the engine reads none of it.
    #[serde(skip_serializing_if = "super::serde_util::is_default")]
    pub meta: super::meta::Meta,
}
