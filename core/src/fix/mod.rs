//! Fix proposals (issue 4 §2): for a flow that does not get through, the smallest changes that
//! would let it, each PROVED by re-tracing the flow on the changed design. Only proposals whose
//! re-run is `Delivered` are returned, so the studio never suggests a change that does not work.
//!
//! How: trace the flow; read where and why it failed (the outcome's rule id and place, see
//! [`Failure`]); ask each small generator (one per family of AZURE.md rules) for candidate edits;
//! apply each to a clone of the document and trace again with a fresh [`Engine`]. A candidate
//! whose re-trace fails again for the same rule gets one more step from the same generator (the
//! forward NSG allowed, now the inbound one denies; the forward link accepts forwarded traffic,
//! now the reply's link refuses it), at most [`MAX_ROUNDS`] steps, all in one undo step.
//!
//! Architecture invariant: pure and deterministic (generators run in a fixed order, ids come from
//! `Design::id_allocator`), never panics, bounded work (at most [`MAX_CANDIDATES`] candidates).

mod device;
mod failure;
mod filters;
mod peering;
mod routes;
#[cfg(test)]
mod tests;

pub use failure::Failure;

use crate::document::Document;
use crate::edit::{self, Edit};
use crate::packet::RuleId;
use crate::trace::{Engine, Flow, Outcome, Path, Place};

/// A change that makes a failing flow deliver, with the proof (the re-traced outcome).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Proposal {
    /// What to do, in the studio's words: "Peer VNet01 with VNet03 (both links)".
    pub title: String,
    /// The AZURE.md rule the change addresses, e.g. `"P-1"`.
    pub rule: RuleId,
    /// Why it works, citing the rules.
    pub why: String,
    /// One undo step (an [`Edit::Batch`]) that `edit::apply` accepts on the document.
    pub edit: Edit,
    /// The outcome of the flow after the edit: always `Delivered` (the proof).
    pub outcome_after: Outcome,
}

/// A proposal before its proof.
#[derive(Clone, Debug)]
pub(crate) struct Candidate {
    pub title: String,
    pub rule: RuleId,
    pub why: String,
    pub edits: Vec<Edit>,
}

/// A generator reads a failure and proposes zero or more candidates.
type Generator = fn(&Failure) -> Vec<Candidate>;

/// Generators, most specific first: this is the order proposals come back in.
const GENERATORS: &[Generator] = &[
    peering::missing_peering,
    peering::link_flags,
    device::ip_forwarding,
    device::approve_endpoint,
    filters::nsg_allow,
    filters::firewall_allow,
    filters::nva_allow,
    routes::remove_none_route,
    routes::repoint_unavailable,
    device::asymmetric_return,
    device::endpoint_snat,
    device::internet_snat,
    peering::hub_transit,
];

/// At most this many candidates are proved per flow (each proof is one or a few traces).
pub const MAX_CANDIDATES: usize = 12;
/// At most this many steps of one generator are chained into one proposal.
pub const MAX_ROUNDS: usize = 3;

/// Proposals that make `flow` deliver on `doc`, best first; empty when it already delivers, when
/// the flow cannot be traced, or when nothing small works.
pub fn propose(doc: &Document, flow: &Flow) -> Vec<Proposal> {
    let mut proposer = Proposer::new(doc.clone(), flow);
    while proposer.step() {}
    proposer.proposals()
}

/// [`propose`] one candidate at a time. Why: each proof compiles an engine for a changed copy
/// of the design (≈ 5 ms in wasm at 100 spokes, and a dozen candidates), so the studio proves
/// one per task and the page stays responsive in between.
pub struct Proposer {
    doc: Document,
    flow: Flow,
    candidates: std::vec::IntoIter<(Generator, Candidate)>,
    /// The forwarding devices of the failing forward path.
    devices: Vec<Place>,
    /// Proven proposals, with whether they take a device out of the path.
    out: Vec<(bool, Proposal)>,
}

impl Proposer {
    /// Traces the flow once and collects the candidates; none when it delivers or cannot be traced.
    pub fn new(doc: Document, flow: &Flow) -> Self {
        let mut candidates: Vec<(Generator, Candidate)> = Vec::new();
        let mut devices = Vec::new();
        let eng = Engine::new(&doc.design);
        if let Ok(trace) = eng.trace(flow) {
            if trace.outcome != Outcome::Delivered {
                let failure = Failure::new(&doc, &eng, &trace);
                for generator in GENERATORS {
                    for c in generator(&failure) {
                        if candidates.len() < MAX_CANDIDATES {
                            candidates.push((*generator, c));
                        }
                    }
                }
                devices = devices_on(&trace.forward);
            }
        }
        drop(eng);
        Proposer { doc, flow: flow.clone(), candidates: candidates.into_iter(), devices, out: Vec::new() }
    }

    /// Proves the next candidate; `false` when none was left.
    pub fn step(&mut self) -> bool {
        let Some((generator, c)) = self.candidates.next() else { return false };
        if let Some((mut p, after)) = prove(&self.doc, &self.flow, generator, c) {
            // A fix that takes an inspecting device out of the path changes the design's intent:
            // it still delivers, so it is offered, but after the ones that keep the device.
            let skipped: Vec<&str> = self.devices.iter().filter(|d| !after.contains(d)).map(|d| d.name()).collect();
            if !skipped.is_empty() {
                p.why.push_str(&format!(" Note: the flow then no longer passes through '{}'.", skipped.join("', '")));
            }
            if !self.out.iter().any(|(_, o)| o.edit == p.edit) {
                self.out.push((!skipped.is_empty(), p));
            }
        }
        true
    }

    /// The proven proposals, best first.
    pub fn proposals(self) -> Vec<Proposal> {
        let mut out = self.out;
        out.sort_by_key(|(bypass, _)| *bypass);
        out.into_iter().map(|(_, p)| p).collect()
    }
}

/// The forwarding devices (firewalls, NVAs: any place between the first and the last) of a path.
fn devices_on(path: &Path) -> Vec<Place> {
    let n = path.hops.len();
    path.hops
        .iter()
        .enumerate()
        .filter(|(i, h)| *i > 0 && *i + 1 < n && matches!(h.place, Place::Firewall { .. } | Place::Nic { .. }))
        .map(|(_, h)| h.place.clone())
        .collect()
}

/// Applies the candidate to a clone and re-traces; chains the same generator while the flow
/// fails again for the same rule. `Some` only when the flow is delivered in the end.
/// Also returns the forwarding devices of the delivered forward path.
fn prove(doc: &Document, flow: &Flow, generator: Generator, first: Candidate) -> Option<(Proposal, Vec<Place>)> {
    let mut work = doc.clone();
    let mut titles = vec![first.title.clone()];
    let mut edits: Vec<Edit> = Vec::new();
    let mut step = first.edits.clone();
    for round in 0..MAX_ROUNDS {
        for e in &step {
            edit::apply(&mut work, e.clone()).ok()?;
        }
        edits.extend(step);
        let eng = Engine::new(&work.design);
        let trace = eng.trace(flow).ok()?;
        if trace.outcome == Outcome::Delivered {
            let proposal = Proposal {
                title: titles.join("; "),
                rule: first.rule,
                why: first.why,
                edit: Edit::Batch(edits),
                outcome_after: trace.outcome,
            };
            return Some((proposal, devices_on(&trace.forward)));
        }
        if round + 1 == MAX_ROUNDS {
            return None;
        }
        let failure = Failure::new(&work, &eng, &trace);
        let next = generator(&failure).into_iter().find(|c| c.rule == first.rule)?;
        titles.push(next.title);
        step = next.edits;
    }
    None
}
