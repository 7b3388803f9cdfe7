//! DNS resolution step by step (issue 6, AZURE.md D-1..D-23): which server the client asks,
//! each forwarder hop, what Azure DNS answers in the VNet of whoever asked it, the CNAME chain
//! from a public name to its privatelink name, and the final answer.
//!
//! Architecture invariant: resolution always terminates (a depth bound and a visited set give
//! SERVFAIL "forwarding loop", D-23) and every step carries a rule id. This first version does
//! not yet trace the UDP 53 network legs between servers (issue 6 §1, third bullet).

mod public;
mod servers;

use crate::id::Id;
use crate::model::Design;
use crate::packet::RuleId;
use serde::Serialize;
use std::net::Ipv4Addr;

/// 168.63.129.16, Azure-provided DNS (D-1).
pub const AZURE_DNS: Ipv4Addr = Ipv4Addr::new(168, 63, 129, 16);

/// No real chain of forwarders is this deep.
const MAX_DEPTH: usize = 12;

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
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
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

/// Resolves `name` as the VM/NIC or on-premises host `from` (id or name) would.
pub fn resolve(design: &Design, from: &str, name: &str) -> Result<Resolution, DnsError> {
    let name = normalize(name);
    let mut r = servers::Resolver::new(design);
    let answer = r.client(from, &name)?;
    Ok(Resolution { name, steps: r.steps, answer })
}

/// Lower case, no trailing dot.
pub(crate) fn normalize(name: &str) -> String {
    name.trim().trim_end_matches('.').to_ascii_lowercase()
}

/// Whether `name` is `zone` or under it.
pub(crate) fn in_zone(name: &str, zone: &str) -> bool {
    let zone = normalize(zone);
    zone.is_empty() || name == zone || name.ends_with(&format!(".{zone}"))
}

#[cfg(test)]
mod tests;
