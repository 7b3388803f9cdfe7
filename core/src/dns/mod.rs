//! DNS resolution step by step (issue 6, AZURE.md D-1..D-23): which server the client asks,
//! each forwarder hop, what Azure DNS answers in the VNet of whoever asked it, the CNAME chain
//! from a public name to its privatelink name, and the final answer.
//!
//! DNS packets are network traffic: every leg between a client and a server, or a forwarder and
//! its target, is a UDP flow traced by the routing engine (`legs`); a leg that does not get
//! through fails that step with the trace's reason and rule (DECISIONS 6: `dns` uses `trace`,
//! never the reverse). A [`DnsEngine`] is built once per design version over the trace
//! [`Engine`]: it indexes the design's DNS facts and memoizes the legs (DECISIONS 23).
//!
//! Architecture invariant: resolution always terminates (a visited set gives SERVFAIL "forwarding
//! loop", D-23; a depth bound gives "CNAME loop", "CNAME chain too long" or "forward depth
//! exceeded", whichever is true: `depth`), never panics, and every step carries a rule id.

mod azure;
mod depth;
mod engine;
mod index;
mod legs;
mod public;
mod recursive;
mod servers;

use depth::MAX_DEPTH;
pub use engine::{DnsEngine, Sweep};

use crate::id::Id;
use crate::model::Design;
use crate::packet::RuleId;
use crate::trace::{Engine, Place};
use serde::Serialize;
use std::net::Ipv4Addr;

/// 168.63.129.16, Azure-provided DNS (D-1).
pub const AZURE_DNS: Ipv4Addr = Ipv4Addr::new(168, 63, 129, 16);

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DnsStep {
    /// Who answers or forwards at this step (a server's name, "Azure DNS in vnet-hub", "public DNS").
    pub at: String,
    /// The element to highlight, if any.
    pub element: Option<Id>,
    /// The name asked at this step.
    pub question: String,
    pub detail: String,
    pub rule: RuleId,
    /// The network leg this step sent the query over, when it is one (D-3).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub leg: Option<DnsLeg>,
}

/// A query's trip over the network: UDP to `to:port`, as the routing engine traced it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DnsLeg {
    pub to: Ipv4Addr,
    pub port: u16,
    /// The trace's outcome label ("delivered", "dropped", …).
    pub outcome: &'static str,
    /// The places the query passed after leaving its sender, in order (to animate it).
    pub via: Vec<Place>,
}

#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum Answer {
    /// The final addresses, with the CNAME chain that led to them.
    A {
        ips: Vec<Ipv4Addr>,
        chain: Vec<String>,
    },
    NxDomain {
        chain: Vec<String>,
    },
    ServFail {
        reason: String,
    },
}

impl Answer {
    /// The first address of an A answer.
    pub fn ip(&self) -> Option<Ipv4Addr> {
        match self {
            Answer::A { ips, .. } => ips.first().copied(),
            _ => None,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Resolution {
    pub name: String,
    pub steps: Vec<DnsStep>,
    pub answer: Answer,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub enum DnsError {
    UnknownClient(String),
}

impl std::fmt::Display for DnsError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DnsError::UnknownClient(c) => write!(f, "'{c}' is not a VM, NIC or on-premises host of this design"),
        }
    }
}

impl std::error::Error for DnsError {}

/// Resolves `name` as the VM/NIC or on-premises host `from` (id or name) would. Builds the
/// engines for this one question; to ask many, build a [`DnsEngine`] once and ask it.
pub fn resolve(design: &Design, from: &str, name: &str) -> Result<Resolution, DnsError> {
    let eng = Engine::new(design);
    DnsEngine::new(&eng).resolve(from, name)
}

/// Private (RFC 1918) or shared (RFC 6598) addresses: never reachable on the internet.
pub fn is_private(ip: Ipv4Addr) -> bool {
    let o = ip.octets();
    ip.is_private() || (o[0] == 100 && (64..128).contains(&o[1]))
}

/// Lower case, no trailing dot.
pub(crate) fn normalize(name: &str) -> String {
    name.trim().trim_end_matches('.').to_ascii_lowercase()
}

/// Whether `name` is `zone` or under it; both normalized (`""` is the root and holds everything).
pub(crate) fn in_zone(name: &str, zone: &str) -> bool {
    zone.is_empty()
        || name == zone
        || (name.len() > zone.len()
            && name.ends_with(zone)
            && name.as_bytes().get(name.len() - zone.len() - 1) == Some(&b'.'))
}

#[cfg(test)]
mod tests;
