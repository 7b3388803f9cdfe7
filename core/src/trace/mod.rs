//! Packet traces (issue 4): a flow's forward path hop by hop, then the reply's path, with every
//! route, NSG, firewall, NVA and SNAT decision and the rule id behind it; then the verdict
//! (DECISIONS 1): delivered, dropped (where and why), at risk, loop, or no route.
//!
//! Architecture invariant: a trace always terminates (a hop limit and a state check, R-15), never
//! panics, and every step carries an AZURE.md rule id. Routing never imports DNS: a flow carries
//! the host name an application rule needs (DECISIONS 6).

mod arrive;
mod balancer;
mod endpoint_reply;
mod engine;
mod hybrid;
mod local;
mod nat;
mod platform;
mod steps;
mod verdict;
mod visits;
mod walk;

pub(crate) use balancer::{Backend, Health};
pub use engine::Engine;

use crate::id::Id;
use crate::model::{FlowSource, Protocol};
use crate::packet::{Packet, RuleId};
use serde::Serialize;
use std::net::Ipv4Addr;

/// What to trace: from a NIC, an on-premises host or the internet, to an IP.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Flow {
    pub from: FlowSource,
    pub to: Ipv4Addr,
    pub protocol: Protocol,
    /// Destination port; ignored for ICMP.
    pub port: u16,
    /// SNI/Host for application rules (DECISIONS 6).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub host: Option<String>,
}

/// Where a packet is at a hop. `LoadBalancer` is an internal load balancer's frontend (F-22),
/// `NatGateway` a NAT gateway on the way to the internet (F-23).
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum Place {
    Nic { id: Id, name: String, ip: Ipv4Addr },
    Firewall { id: Id, name: String },
    Gateway { id: Id, name: String },
    PrivateEndpoint { id: Id, name: String },
    Resolver { id: Id, name: String },
    OnPrem { id: Id, name: String },
    Internet,
    Service { id: Id, name: String },
    LoadBalancer { id: Id, name: String, ip: Ipv4Addr },
    NatGateway { id: Id, name: String },
}

impl Place {
    /// The element to highlight and animate on the canvas.
    pub fn element(&self) -> Option<&Id> {
        match self {
            Place::Nic { id, .. }
            | Place::Firewall { id, .. }
            | Place::Gateway { id, .. }
            | Place::PrivateEndpoint { id, .. }
            | Place::Resolver { id, .. }
            | Place::OnPrem { id, .. }
            | Place::Service { id, .. }
            | Place::LoadBalancer { id, .. }
            | Place::NatGateway { id, .. } => Some(id),
            Place::Internet => None,
        }
    }

    pub fn name(&self) -> &str {
        match self {
            Place::Nic { name, .. }
            | Place::Firewall { name, .. }
            | Place::Gateway { name, .. }
            | Place::PrivateEndpoint { name, .. }
            | Place::Resolver { name, .. }
            | Place::OnPrem { name, .. }
            | Place::Service { name, .. }
            | Place::LoadBalancer { name, .. }
            | Place::NatGateway { name, .. } => name,
            Place::Internet => "Internet",
        }
    }
}

/// What was decided at a step.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub enum Action {
    Route,
    NsgAllow,
    NsgDeny,
    PeeringAllow,
    PeeringDeny,
    FirewallAllow,
    FirewallDeny,
    Dnat,
    Snat,
    UnNat,
    NvaAllow,
    NvaDeny,
    StateCreated,
    StateMatched,
    Forward,
    Deliver,
    Drop,
    ServiceAllow,
    ServiceDeny,
    Note,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Step {
    pub action: Action,
    pub rule: RuleId,
    pub detail: String,
}

/// One place on the path and what happened there, with the packet as it arrived.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Hop {
    pub place: Place,
    pub packet: Packet,
    pub steps: Vec<Step>,
}

/// DECISIONS 1: five outcomes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum Outcome {
    Delivered,
    Dropped { at: Place, reason: String, rule: RuleId },
    AtRisk { device: Place, reason: String, rule: RuleId },
    Loop { at: Place },
    NoRoute { at: Place },
}

impl Outcome {
    pub fn label(&self) -> &'static str {
        match self {
            Outcome::Delivered => "delivered",
            Outcome::Dropped { .. } => "dropped",
            Outcome::AtRisk { .. } => "at risk",
            Outcome::Loop { .. } => "loop",
            Outcome::NoRoute { .. } => "no route",
        }
    }
}

/// How a path ended.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum PathEnd {
    Delivered,
    Dropped { reason: String, rule: RuleId },
    Loop,
    NoRoute,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Path {
    pub hops: Vec<Hop>,
    pub end: PathEnd,
}

impl Path {
    pub fn last_place(&self) -> Place {
        self.hops.last().map(|h| h.place.clone()).unwrap_or(Place::Internet)
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Trace {
    pub flow: Flow,
    pub forward: Path,
    /// The reply's path, when the forward packet was delivered.
    pub reply: Option<Path>,
    pub outcome: Outcome,
    /// Remarks on the whole flow (asymmetry through stateless devices, settings that decided it).
    pub notes: Vec<Step>,
}

/// Why a flow could not be traced at all.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub enum TraceError {
    UnknownSource(String),
}

impl std::fmt::Display for TraceError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            TraceError::UnknownSource(s) => {
                write!(f, "the source '{s}' is not a NIC, VM or on-premises host of this design")
            }
        }
    }
}

impl std::error::Error for TraceError {}
