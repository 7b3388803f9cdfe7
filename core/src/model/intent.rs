//! Intents (schema v2; issue "What-if and intents"): promises a design must keep, checked on
//! every edit. Saved questions (`settings::Question`) stay questions to replay; an intent is a
//! claim with an expected outcome.

use super::security::Protocol;
use crate::id::Id;
use serde::Serialize;
use std::net::Ipv4Addr;

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Intent {
    pub id: Id,
    pub title: String,
    #[serde(flatten)]
    pub check: IntentCheck,
}

/// What must hold. Flows name a protocol and a destination port (0 for ICMP).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum IntentCheck {
    /// Must be delivered.
    Reach { from: IntentEnd, to: IntentEnd, protocol: Protocol, port: u16 },
    /// Must not be delivered.
    Isolate { from: IntentEnd, to: IntentEnd, protocol: Protocol, port: u16 },
    /// Must be delivered and cross `device` (a firewall or NVA) in both directions.
    Through { from: IntentEnd, to: IntentEnd, protocol: Protocol, port: u16, device: Id },
    /// The reply must cross the same stateful devices as the request.
    Symmetric { from: IntentEnd, to: IntentEnd, protocol: Protocol, port: u16 },
    /// `name`, looked up from `from`, must give the expected answer.
    Resolves { from: IntentEnd, name: String, expect: DnsExpectation },
}

/// A source or destination: an element (a VM or NIC, a subnet or VNet — every NIC in it —, an
/// on-premises site or host, a private endpoint or PaaS resource), or an internet address.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(tag = "type", rename_all = "camelCase")]
pub enum IntentEnd {
    Element { id: Id },
    Internet { ip: Ipv4Addr },
}

/// The answer a `resolves` intent expects.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "type", rename_all = "camelCase")]
pub enum DnsExpectation {
    /// The IP of a private endpoint (any of the design's).
    PrivateEndpoint,
    /// Exactly this address.
    Ip { ip: Ipv4Addr },
    /// Anything but a public IP (a private address, or no answer at all is a failure).
    NotPublic,
}
