//! Network Watcher's questions asked of a design, answered in Azure's own shapes (DECISIONS 29):
//! effective security rules (N-12, `az network nic list-effective-nsg`), IP flow verify (N-13,
//! `az network watcher test-ip-flow`), next hop (`az network watcher show-next-hop`) and the
//! effective route table (`az network nic show-effective-route-table`), so that a prediction can
//! be diffed against what `az` prints with ordinary tools ([`compare`]).
//!
//! Architecture invariant: this module shapes answers; it does not compute network behaviour of
//! its own. Routes and their selection come from [`crate::routes`], NSG verdicts from
//! [`crate::filter::nsg`], the `VirtualNetwork` tag from the compiled [`crate::trace::Engine`]
//! (its prefix list, [`tags`], is tested to be the same set). Every row carries the engine's
//! explanation — the rule ids behind it and why — in a `vnetStudio` key ([`az::STUDIO_KEY`]),
//! which `--format az` strips. Nothing here reads a file or a clock.
//!
//! - [`target`]: which NIC a question is about (a NIC, or a VM with exactly one NIC).
//! - [`ids`]: Azure resource ids for design elements.
//! - [`az`]: the shared shape pieces and the two JSON forms (with and without `vnetStudio`).
//! - [`tags`]: service tags expanded into prefixes (N-4, N-12).
//! - [`security`], [`flow_verify`], [`next_hop`], [`routes`]: the four answers.
//! - [`compare`]: a prediction against a saved `az` output, order, case and ids normalised.

pub mod az;
pub mod compare;
pub mod flow_verify;
pub mod ids;
pub mod next_hop;
pub mod route_diff;
pub mod routes;
pub mod security;
pub mod tags;
pub mod target;
#[cfg(test)]
mod testutil;

use crate::model::Protocol;
use std::fmt;
use std::net::Ipv4Addr;

/// Why a Network Watcher question could not be answered: the question, not the design, is wrong.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum WatcherError {
    /// No VM or NIC has this name or id.
    UnknownTarget(String),
    /// A VM with several NICs was named: the question needs one of them (N-13's
    /// `targetNicResourceId`).
    AmbiguousVm { vm: String, nics: Vec<String> },
    /// A VM without any NIC.
    NoNic { vm: String },
    /// The NIC's subnet is not in the design (a dangling reference validation reports).
    Detached { nic: String },
    /// IP flow verify's local address must be one of the NIC's (N-13): its primary or a
    /// secondary IP configuration.
    NotNicIp { ip: Ipv4Addr, nic: String, nic_ips: Vec<Ipv4Addr> },
    /// IP flow verify tests TCP and UDP only (N-13).
    Protocol(Protocol),
    /// Only the source port may be `*` (N-13): the remote port inbound, the local port outbound.
    WildcardPort { which: &'static str },
    /// An `ip:port` that does not parse.
    BadEndpoint(String),
}

impl fmt::Display for WatcherError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WatcherError::UnknownTarget(key) => write!(f, "no VM or NIC named '{key}'"),
            WatcherError::AmbiguousVm { vm, nics } => write!(
                f,
                "VM '{vm}' has {} NICs ({}): name the NIC to ask about",
                nics.len(),
                nics.join(", ")
            ),
            WatcherError::NoNic { vm } => write!(f, "VM '{vm}' has no NIC"),
            WatcherError::Detached { nic } => {
                write!(f, "NIC '{nic}' is in a subnet that is not in the design")
            }
            WatcherError::NotNicIp { ip, nic, nic_ips } => {
                let ips: Vec<String> = nic_ips.iter().map(ToString::to_string).collect();
                let its = if ips.len() == 1 { "its IP is" } else { "its IPs are" };
                write!(f, "{ip} is not an IP of NIC '{nic}' ({its} {}); the local IP must be the NIC's (N-13)", ips.join(", "))
            }
            WatcherError::Protocol(p) => write!(
                f,
                "IP flow verify tests TCP and UDP only, not {} (N-13)",
                crate::filter::protocol_name(*p)
            ),
            WatcherError::WildcardPort { which } => write!(
                f,
                "the {which} port cannot be '*': only the source port may be (the remote port inbound, the local port outbound, N-13)"
            ),
            WatcherError::BadEndpoint(text) => write!(
                f,
                "'{text}' is not an address and port: expected ip:port, such as 10.0.0.4:443 or 10.0.0.4:*"
            ),
        }
    }
}

impl std::error::Error for WatcherError {}
