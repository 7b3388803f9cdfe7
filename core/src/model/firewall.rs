//! Azure Firewall (AZURE.md F-1..F-10): rule collection groups with DNAT, network and
//! application rules, SNAT private ranges and DNS proxy.

use super::serde_util::{is_default, is_false};
use super::text::{AddressMatch, PortRange};
use crate::id::Id;
use ipnet::Ipv4Net;
use serde::Serialize;
use std::net::Ipv4Addr;

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Firewall {
    pub id: Id,
    pub name: String,
    /// The `AzureFirewallSubnet` it is deployed in (F-1).
    pub subnet: Id,
    #[serde(skip_serializing_if = "is_default")]
    pub sku: FirewallSku,
    /// The frontend private IP that UDRs point at.
    pub private_ip: Ipv4Addr,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub public_ip: Option<Ipv4Addr>,
    /// Destinations in these ranges are not SNATed by network rules (F-6, F-7).
    #[serde(skip_serializing_if = "is_iana_default")]
    pub snat_private_ranges: Vec<SnatRange>,
    #[serde(skip_serializing_if = "is_false")]
    pub dns_proxy: bool,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub rule_collection_groups: Vec<RuleCollectionGroup>,
    /// Azure resource id, placeholder marker and tags (schema v2); the engine reads none of it.
    #[serde(skip_serializing_if = "super::serde_util::is_default")]
    pub meta: super::meta::Meta,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default, Serialize)]
pub enum FirewallSku {
    Basic,
    #[default]
    Standard,
    Premium,
}

/// One entry of `snat.privateRanges`: the `IANAPrivateRanges` token or a prefix (F-7).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(untagged)]
pub enum SnatRange {
    Token(SnatToken),
    Prefix(Ipv4Net),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub enum SnatToken {
    #[serde(rename = "IANAPrivateRanges")]
    IanaPrivateRanges,
}

fn iana_default() -> Vec<SnatRange> {
    vec![SnatRange::Token(SnatToken::IanaPrivateRanges)]
}

fn is_iana_default(v: &[SnatRange]) -> bool {
    v == iana_default().as_slice()
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RuleCollectionGroup {
    pub name: String,
    pub priority: u32,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub collections: Vec<RuleCollection>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RuleCollection {
    pub name: String,
    pub priority: u32,
    pub rules: FirewallRules,
}

/// A collection holds rules of one type (F-2); DNAT collections have no allow/deny action.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum FirewallRules {
    Network { action: FirewallAction, rules: Vec<NetworkRule> },
    Application { action: FirewallAction, rules: Vec<ApplicationRule> },
    Dnat { rules: Vec<DnatRule> },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub enum FirewallAction {
    Allow,
    Deny,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct NetworkRule {
    pub name: String,
    pub protocols: Vec<super::security::Protocol>,
    pub sources: Vec<AddressMatch>,
    pub destinations: Vec<AddressMatch>,
    pub ports: Vec<PortRange>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ApplicationRule {
    pub name: String,
    pub sources: Vec<AddressMatch>,
    pub protocols: Vec<AppProtocol>,
    /// FQDNs, `*.example.com` wildcards allowed.
    pub target_fqdns: Vec<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AppProtocol {
    pub kind: AppProtocolKind,
    pub port: u16,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub enum AppProtocolKind {
    Http,
    Https,
    Mssql,
}

/// Inbound to the firewall's public IP: translate the destination (F-4).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DnatRule {
    pub name: String,
    pub sources: Vec<AddressMatch>,
    pub protocols: Vec<super::security::Protocol>,
    pub destination_port: u16,
    pub translated_address: Ipv4Addr,
    pub translated_port: u16,
}
