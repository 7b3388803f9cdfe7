//! Network security groups (AZURE.md N-1..N-11). Default rules are not stored: they are Azure's
//! and cannot be deleted, so the engine adds them (N-3).

use super::text::{AddressMatch, PortRange};
use crate::id::Id;
use serde::Serialize;

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Nsg {
    pub id: Id,
    pub name: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub rules: Vec<NsgRule>,
    /// Azure resource id, placeholder marker and tags (schema v2); the engine reads none of it.
    #[serde(skip_serializing_if = "super::serde_util::is_default")]
    pub meta: super::meta::Meta,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct NsgRule {
    pub name: String,
    /// 100..=4096 for user rules (N-1).
    pub priority: u16,
    pub direction: Direction,
    pub access: Access,
    pub protocol: Protocol,
    pub source: AddressMatch,
    pub source_ports: PortRange,
    pub destination: AddressMatch,
    pub destination_ports: PortRange,
    /// Application security groups as the source (schema v2): when set, they replace `source`
    /// (Azure takes prefixes or groups, not both).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub source_asgs: Vec<Id>,
    /// Application security groups as the destination; when set, they replace `destination`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub destination_asgs: Vec<Id>,
}

/// An application security group: a named set of NICs that NSG rules can name (schema v2).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Asg {
    pub id: Id,
    pub name: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub nics: Vec<Id>,
    #[serde(skip_serializing_if = "super::serde_util::is_default")]
    pub meta: super::meta::Meta,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub enum Direction {
    Inbound,
    Outbound,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub enum Access {
    Allow,
    Deny,
}

/// Protocols of NSG and NVA rules, and of flows (a flow is never `Any`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub enum Protocol {
    #[serde(rename = "TCP")]
    Tcp,
    #[serde(rename = "UDP")]
    Udp,
    #[serde(rename = "ICMP")]
    Icmp,
    #[serde(rename = "Any")]
    Any,
}

impl Protocol {
    /// Whether a rule written for `self` covers a packet of protocol `packet`.
    pub fn covers(self, packet: Protocol) -> bool {
        self == Protocol::Any || self == packet
    }
}
