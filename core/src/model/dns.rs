//! Private DNS zones and the DNS Private Resolver (AZURE.md D-5..D-12, D-20..D-23).

use super::serde_util::{is_default, is_false, is_true};
use super::text::DnsTarget;
use crate::id::Id;
use serde::Serialize;
use std::net::Ipv4Addr;

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PrivateDnsZone {
    pub id: Id,
    /// The zone name, e.g. `privatelink.blob.core.windows.net`.
    pub name: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub records: Vec<DnsRecord>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub links: Vec<ZoneLink>,
    /// Azure resource id, placeholder marker and tags (schema v2); the engine reads none of it.
    #[serde(skip_serializing_if = "super::serde_util::is_default")]
    pub meta: super::meta::Meta,
}

/// A record set: a relative name (`@` for the apex) and its data.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DnsRecord {
    pub name: String,
    #[serde(flatten)]
    pub data: RecordData,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "type")]
pub enum RecordData {
    A {
        ips: Vec<Ipv4Addr>,
    },
    #[serde(rename = "CNAME")]
    Cname {
        target: String,
    },
}

/// A virtual network link of a private zone (D-5).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ZoneLink {
    pub id: Id,
    pub vnet: Id,
    #[serde(skip_serializing_if = "is_false")]
    pub registration_enabled: bool,
    #[serde(skip_serializing_if = "is_default")]
    pub resolution_policy: ResolutionPolicy,
    /// Azure resource id, placeholder marker and tags (schema v2); the engine reads none of it.
    #[serde(skip_serializing_if = "super::serde_util::is_default")]
    pub meta: super::meta::Meta,
}

/// D-11, D-12: `NxDomainRedirect` is "fallback to internet".
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default, Serialize)]
pub enum ResolutionPolicy {
    #[default]
    Default,
    NxDomainRedirect,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DnsResolver {
    pub id: Id,
    pub name: String,
    pub vnet: Id,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub inbound_endpoints: Vec<InboundEndpoint>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub outbound_endpoints: Vec<OutboundEndpoint>,
    /// Azure resource id, placeholder marker and tags (schema v2); the engine reads none of it.
    #[serde(skip_serializing_if = "super::serde_util::is_default")]
    pub meta: super::meta::Meta,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct InboundEndpoint {
    pub id: Id,
    pub name: String,
    /// A dedicated subnet delegated to `Microsoft.Network/dnsResolvers`, /28 to /24 (L-35).
    pub subnet: Id,
    pub ip: Ipv4Addr,
    /// Azure resource id, placeholder marker and tags (schema v2); the engine reads none of it.
    #[serde(skip_serializing_if = "super::serde_util::is_default")]
    pub meta: super::meta::Meta,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct OutboundEndpoint {
    pub id: Id,
    pub name: String,
    pub subnet: Id,
    /// Azure resource id, placeholder marker and tags (schema v2); the engine reads none of it.
    #[serde(skip_serializing_if = "super::serde_util::is_default")]
    pub meta: super::meta::Meta,
}

/// A DNS forwarding ruleset (D-21): rules, the outbound endpoints it sends through, and the VNets it is linked to.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ForwardingRuleset {
    pub id: Id,
    pub name: String,
    pub outbound_endpoints: Vec<Id>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub rules: Vec<ForwardingRule>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub vnet_links: Vec<Id>,
    /// Azure resource id, placeholder marker and tags (schema v2); the engine reads none of it.
    #[serde(skip_serializing_if = "super::serde_util::is_default")]
    pub meta: super::meta::Meta,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ForwardingRule {
    pub name: String,
    /// Ends with a dot, e.g. `contoso.com.`; `.` matches everything (D-21).
    pub domain: String,
    pub targets: Vec<DnsTarget>,
    #[serde(skip_serializing_if = "is_true")]
    pub enabled: bool,
}
