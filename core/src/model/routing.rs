//! Route tables and user-defined routes (AZURE.md R-11..R-18).

use super::serde_util::is_false;
use crate::id::Id;
use ipnet::Ipv4Net;
use serde::Serialize;
use std::net::Ipv4Addr;

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RouteTable {
    pub id: Id,
    pub name: String,
    /// "Propagate gateway routes = No".
    #[serde(skip_serializing_if = "is_false")]
    pub disable_bgp_route_propagation: bool,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub routes: Vec<Route>,
    /// Azure resource id, placeholder marker and tags (schema v2); the engine reads none of it.
    #[serde(skip_serializing_if = "super::serde_util::is_default")]
    pub meta: super::meta::Meta,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Route {
    pub name: String,
    pub prefix: Ipv4Net,
    pub next_hop_type: NextHopType,
    /// Only for `VirtualAppliance`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_hop_ip: Option<Ipv4Addr>,
}

/// Next hop types, spelled as ARM spells them (AZURE.md 1.1). System-only types can appear in a
/// design file only by mistake; validation rejects them on UDRs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub enum NextHopType {
    VnetLocal,
    Internet,
    None,
    VirtualAppliance,
    VirtualNetworkGateway,
    VNetPeering,
    VNetGlobalPeering,
    VirtualNetworkServiceEndpoint,
    InterfaceEndpoint,
}

impl NextHopType {
    pub const fn arm_name(self) -> &'static str {
        match self {
            NextHopType::VnetLocal => "VnetLocal",
            NextHopType::Internet => "Internet",
            NextHopType::None => "None",
            NextHopType::VirtualAppliance => "VirtualAppliance",
            NextHopType::VirtualNetworkGateway => "VirtualNetworkGateway",
            NextHopType::VNetPeering => "VNetPeering",
            NextHopType::VNetGlobalPeering => "VNetGlobalPeering",
            NextHopType::VirtualNetworkServiceEndpoint => "VirtualNetworkServiceEndpoint",
            NextHopType::InterfaceEndpoint => "InterfaceEndpoint",
        }
    }

    /// Whether a user-defined route may use this next hop.
    pub const fn allowed_in_udr(self) -> bool {
        matches!(
            self,
            NextHopType::VnetLocal
                | NextHopType::Internet
                | NextHopType::None
                | NextHopType::VirtualAppliance
                | NextHopType::VirtualNetworkGateway
        )
    }
}
