//! A packet as the engine sees it: the 5-tuple plus the host name an application rule reads
//! (SNI/Host, DECISIONS 6). Filtering modules (NSG, firewall, NVA) and the trace share it.

use crate::model::Protocol;
use serde::Serialize;
use std::net::Ipv4Addr;

/// The id of the AZURE.md rule behind a decision, e.g. `"R-20"`; its text is in `catalog::rules`.
pub type RuleId = &'static str;

#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Packet {
    pub src: Ipv4Addr,
    pub dst: Ipv4Addr,
    /// Never `Protocol::Any`.
    pub protocol: Protocol,
    pub src_port: u16,
    /// For ICMP, 0.
    pub dst_port: u16,
    /// The name an application rule matches (TLS SNI or HTTP Host), if the flow has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub host: Option<String>,
}

impl Packet {
    /// The reply to this packet: addresses and ports swapped, same protocol, no host name.
    pub fn reply(&self) -> Packet {
        Packet {
            src: self.dst,
            dst: self.src,
            protocol: self.protocol,
            src_port: self.dst_port,
            dst_port: self.src_port,
            host: None,
        }
    }
}

/// The source port the engine uses for flows it originates: fixed, so traces are deterministic.
pub const EPHEMERAL_PORT: u16 = 50000;
