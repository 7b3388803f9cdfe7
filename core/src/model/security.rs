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
