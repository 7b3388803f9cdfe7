//! VMs and their NICs, and the roles a VM can play: plain workload, network virtual appliance
//! (F-20..F-22) or DNS server (D-3, D-4).

use super::security::Protocol;
use super::serde_util::{is_default, is_false, is_true};
use super::text::{AddressMatch, DnsTarget, PortRange};
use crate::id::Id;
use serde::Serialize;
use std::collections::BTreeMap;
use std::net::Ipv4Addr;

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Vm {
    pub id: Id,
    pub name: String,
    pub nics: Vec<Nic>,
    #[serde(skip_serializing_if = "is_default")]
    pub role: VmRole,
    /// Azure resource id, placeholder marker and tags (schema v2); the engine reads none of it.
    #[serde(skip_serializing_if = "super::serde_util::is_default")]
    pub meta: super::meta::Meta,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Nic {
    pub id: Id,
    pub name: String,
    pub subnet: Id,
    pub ip: Ipv4Addr,
    /// Secondary IP configurations (schema v2): each address is the NIC's, `ip` is the primary.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub secondary_ips: Vec<Ipv4Addr>,
    /// Azure's IP forwarding setting (F-20): without it, packets not addressed to the NIC are dropped.
    #[serde(skip_serializing_if = "is_false")]
    pub ip_forwarding: bool,
    /// NIC-level DNS servers override the VNet's (D-3).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub dns_servers: Vec<Ipv4Addr>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub nsg: Option<Id>,
    /// Internet sources can reach this address (DECISIONS 7).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub public_ip: Option<Ipv4Addr>,
    /// Azure tags; `disableSnatOnPL = true` is meaningful (E-12).
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub tags: BTreeMap<String, String>,
    /// Azure resource id, placeholder marker and tags (schema v2); the engine reads none of it.
    #[serde(skip_serializing_if = "super::serde_util::is_default")]
    pub meta: super::meta::Meta,
}

impl Nic {
    /// E-12: the case-sensitive tag that keeps private endpoint replies symmetric without SNAT.
    pub fn disable_snat_on_pl(&self) -> bool {
        self.tags.get("disableSnatOnPL").is_some_and(|v| v == "true")
    }
}

/// What a VM does besides being a source or destination of traffic.
#[derive(Clone, Debug, PartialEq, Eq, Default, Serialize)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum VmRole {
    #[default]
    Plain,
    Nva(NvaConfig),
    DnsServer(DnsServerConfig),
}

/// A third-party network virtual appliance: ordered allow/deny rules (first match decides,
/// none matching denies), stateful or not, optional SNAT.
#[derive(Clone, Debug, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct NvaConfig {
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub rules: Vec<NvaRule>,
    #[serde(skip_serializing_if = "is_false")]
    pub stateful: bool,
    #[serde(skip_serializing_if = "is_default")]
    pub snat: NvaSnat,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct NvaRule {
    pub name: String,
    pub action: RuleAction,
    #[serde(skip_serializing_if = "is_any_protocol")]
    pub protocol: Protocol,
    pub source: AddressMatch,
    pub destination: AddressMatch,
    #[serde(skip_serializing_if = "is_any_ports")]
    pub ports: PortRange,
}

fn is_any_protocol(p: &Protocol) -> bool {
    *p == Protocol::Any
}
fn is_any_ports(p: &PortRange) -> bool {
    *p == PortRange::ANY
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub enum RuleAction {
    Allow,
    Deny,
}

/// NVA source NAT: off, to the forwarding NIC's own IP, or to a given address.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, Serialize)]
#[serde(tag = "mode", rename_all = "camelCase")]
pub enum NvaSnat {
    #[default]
    Off,
    NicIp,
    Address {
        ip: Ipv4Addr,
    },
}

/// A DNS server VM (Windows DNS, BIND…): local zones, conditional forwarders, and a default
/// forwarder for everything else (usually Azure DNS, 168.63.129.16).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DnsServerConfig {
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub forward_all_to: Vec<DnsTarget>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub conditional_forwarders: Vec<ConditionalForwarder>,
    /// Resolves a CNAME target that falls under another of its rules as a new query (D-13).
    #[serde(skip_serializing_if = "is_true")]
    pub follow_cname: bool,
}

/// "Queries for names under `domain` go to `targets`" (D-13). Used by DNS VMs and on-premises DNS.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ConditionalForwarder {
    pub domain: String,
    pub targets: Vec<DnsTarget>,
}

impl Default for DnsServerConfig {
    fn default() -> Self {
        DnsServerConfig { forward_all_to: Vec::new(), conditional_forwarders: Vec::new(), follow_cname: true }
    }
}

impl Nic {
    /// Every address of the NIC: the primary first, then the secondary IP configurations.
    pub fn ips(&self) -> impl Iterator<Item = Ipv4Addr> + '_ {
        std::iter::once(self.ip).chain(self.secondary_ips.iter().copied())
    }

    /// Whether `ip` is one of the NIC's addresses.
    pub fn has_ip(&self, ip: Ipv4Addr) -> bool {
        self.ip == ip || self.secondary_ips.contains(&ip)
    }
}
