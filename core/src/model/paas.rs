//! PaaS resources (their public side) and private endpoints (AZURE.md E-1..E-12, E-20..E-25).

use super::serde_util::{is_default, is_true};
use crate::id::Id;
use ipnet::Ipv4Net;
use serde::Serialize;
use std::net::Ipv4Addr;

/// A PaaS resource such as a storage account. Its public names come from the service catalog
/// (`catalog::services`): `<name>.<sub-resource public zone>`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PaasResource {
    pub id: Id,
    /// The resource name, the first label of its public FQDN (e.g. `mftesting`).
    pub name: String,
    /// Catalog key of the service, e.g. `storage`, `sql`, `keyvault`.
    pub service: String,
    pub region: String,
    /// Synthetic public IP of its public endpoint (clearly not a real Azure address).
    pub public_ip: Ipv4Addr,
    /// `publicNetworkAccess`: when false, only private endpoints reach it.
    #[serde(skip_serializing_if = "is_true")]
    pub public_network_access: bool,
    /// Service firewall default action (`networkAcls.defaultAction`).
    #[serde(skip_serializing_if = "is_default")]
    pub default_action: ServiceFirewallAction,
    /// Virtual network rules: subnets allowed through their service endpoint (E-22).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub allowed_subnets: Vec<Id>,
    /// Public IP rules.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub ip_rules: Vec<Ipv4Net>,
    /// Azure resource id, placeholder marker and tags (schema v2); the engine reads none of it.
    #[serde(skip_serializing_if = "super::serde_util::is_default")]
    pub meta: super::meta::Meta,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default, Serialize)]
pub enum ServiceFirewallAction {
    #[default]
    Allow,
    Deny,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PrivateEndpoint {
    pub id: Id,
    pub name: String,
    pub subnet: Id,
    pub ip: Ipv4Addr,
    /// Further IP configurations (schema v2), e.g. one per member name of the target.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub secondary_ips: Vec<Ipv4Addr>,
    pub target: PeTarget,
    /// Only `Approved` passes traffic (E-2).
    #[serde(skip_serializing_if = "is_default")]
    pub connection_state: ConnectionState,
    /// Private DNS zones the DNS zone group writes the A record into (D-10).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub dns_zone_group: Vec<Id>,
    /// Azure resource id, placeholder marker and tags (schema v2); the engine reads none of it.
    #[serde(skip_serializing_if = "super::serde_util::is_default")]
    pub meta: super::meta::Meta,
}

impl PrivateEndpoint {
    /// Every address of the endpoint: the primary first, then the secondary IP configurations.
    pub fn ips(&self) -> impl Iterator<Item = Ipv4Addr> + '_ {
        std::iter::once(self.ip).chain(self.secondary_ips.iter().copied())
    }

    /// Whether `ip` is one of the endpoint's addresses.
    pub fn has_ip(&self, ip: Ipv4Addr) -> bool {
        self.ip == ip || self.secondary_ips.contains(&ip)
    }
}

/// What a private endpoint connects to (E-1): a PaaS sub-resource, or a customer's Private Link
/// Service (which accepts TCP and UDP, E-5).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum PeTarget {
    #[serde(rename_all = "camelCase")]
    Paas { resource: Id, sub_resource: String },
    #[serde(rename_all = "camelCase")]
    PrivateLinkService { alias: String },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default, Serialize)]
pub enum ConnectionState {
    #[default]
    Approved,
    Pending,
    Rejected,
    Disconnected,
}
