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
//! When no single change passes, pairs are tried ([`pairs`], issue 20 §5): a first change that
//! moved the failure elsewhere, then a second from the failure it left. A pair is proposed only
//! when neither change alone makes the flow deliver and both together do, as one undo step.
//!
//! Architecture invariant: pure and deterministic (generators run in a fixed order, ids come from
//! `Design::id_allocator`), never panics, bounded work (at most [`MAX_CANDIDATES`] candidates,
//! and [`MAX_PAIRS`] pairs; a proposal says when the pair search was cut).

mod device;
mod failure;
mod filters;
mod pairs;
mod peering;
mod routes;
#[cfg(test)]
mod tests;

pub use failure::Failure;
pub use pairs::{PairSearch, MAX_PAIRS, MAX_PAIR_PROPOSALS};

use crate::document::Document;
use crate::edit::{self, Edit};
use crate::id::Id;
use crate::packet::RuleId;
use crate::trace::{Engine, Flow, Outcome, Path, Place};

/// A change that makes a failing flow deliver, with the proof (the re-traced outcome).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Proposal {
    /// What to do, in the studio's words: "Peer VNet01 with VNet03 (both links)"; for a pair,
    /// both parts' titles joined by " + ".
    pub title: String,
    /// The AZURE.md rule the change addresses, e.g. `"P-1"` (a pair's first part's).
    pub rule: RuleId,
    /// Why it works, citing the rules.
    pub why: String,
    /// One undo step (an [`Edit::Batch`]) that `edit::apply` accepts on the document: a pair's
    /// two changes are one batch.
    pub edit: Edit,
    /// The outcome of the flow after the edit: always `Delivered` (the proof).
    pub outcome_after: Outcome,
    /// The changes it is made of, in the order they are applied: one, or two for a pair
    /// (neither of which makes the flow deliver alone).
    pub parts: Vec<Part>,
}

/// One change of a proposal, with the rule it addresses.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Part {
    pub title: String,
    pub rule: RuleId,
    pub why: String,
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
/// the flow cannot be traced, or when nothing small (one change, or a pair) works.
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
    /// Where and why the flow failed before any change (a first change of a pair must move it).
    failed_at: Option<Signature>,
    /// The forwarding devices of the failing forward path.
    devices: Vec<Place>,
    /// Proven proposals, with whether they take a device out of the path.
    out: Vec<(bool, Proposal)>,
    /// The pair search: fed by the single candidates that moved the failure, run when none passed.
    pairs: PairSearch,
}

impl Proposer {
    /// Traces the flow once and collects the candidates; none when it delivers or cannot be traced.
    pub fn new(doc: Document, flow: &Flow) -> Self {
        let mut candidates = Vec::new();
        let mut devices = Vec::new();
        let mut failed_at = None;
        let eng = Engine::new(&doc.design);
        if let Ok(trace) = eng.trace(flow) {
            if trace.outcome != Outcome::Delivered {
                let failure = Failure::new(&doc, &eng, &trace);
                candidates = candidates_for(&failure, &[]);
                failed_at = Some(Signature::of(&failure));
                devices = devices_on(&trace.forward);
            }
        }
        drop(eng);
        Proposer {
            doc,
            flow: flow.clone(),
            candidates: candidates.into_iter(),
            failed_at,
            devices,
            out: Vec::new(),
            pairs: PairSearch::default(),
        }
    }

    /// Proves the next candidate (or, once no single one passed, the next pair); `false` when
    /// none was left.
    pub fn step(&mut self) -> bool {
        if let Some((generator, c)) = self.candidates.next() {
            match chain(&self.doc, &self.flow, generator, c, self.failed_at.as_ref()) {
                Chained::Delivered(p, after) => self.offer(p, &after),
                Chained::Moved(first) => self.pairs.push(first),
                Chained::Stuck => {}
            }
            return true;
        }
        if !self.out.is_empty() && !self.pairs.started() {
            return false;
        }
        match self.pairs.step(&self.doc, &self.flow) {
            Some(Some((p, after))) => self.offer(p, &after),
            Some(None) => {}
            None => return false,
        }
        true
    }

    /// Keeps a proven proposal (once per edit set), noting a device it takes out of the path.
    fn offer(&mut self, mut p: Proposal, after: &[Place]) {
        // A fix that takes an inspecting device out of the path changes the design's intent:
        // it still delivers, so it is offered, but after the ones that keep the device.
        let skipped: Vec<&str> = self.devices.iter().filter(|d| !after.contains(d)).map(|d| d.name()).collect();
        if !skipped.is_empty() {
            p.why.push_str(&format!(" Note: the flow then no longer passes through '{}'.", skipped.join("', '")));
        }
        if !self.out.iter().any(|(_, o)| same_edits(&o.edit, &p.edit)) {
            self.out.push((!skipped.is_empty(), p));
        }
    }

    /// How the pair search went: `None` when it did not run (a single change passed, or nothing
    /// moved the failure).
    pub fn pair_search(&self) -> Option<&PairSearch> {
        self.pairs.started().then_some(&self.pairs)
    }

    /// The proven proposals, best first. A pair found by a search that was cut says so.
    pub fn proposals(self) -> Vec<Proposal> {
        let cut = self.pairs.cut_note();
        let mut out = self.out;
        out.sort_by_key(|(bypass, _)| *bypass);
        out.into_iter()
            .map(|(_, mut p)| {
                if let (Some(note), 2) = (&cut, p.parts.len()) {
                    p.why.push(' ');
                    p.why.push_str(note);
                }
                p
            })
            .collect()
    }
}

/// Where and why a trace failed, to tell whether a change moved the failure.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Signature {
    rule: RuleId,
    in_reply: bool,
    hops: usize,
    at: Option<Place>,
}

impl Signature {
    fn of(f: &Failure) -> Self {
        Signature { rule: f.rule, in_reply: f.in_reply, hops: f.path.hops.len(), at: f.hop().map(|h| h.place.clone()) }
    }
}

/// Every generator's candidates for `failure`, in order, leaving out those that change an element
/// of `keep` (what a pair's first change already changed), at most [`MAX_CANDIDATES`].
fn candidates_for(failure: &Failure, keep: &[Id]) -> Vec<(Generator, Candidate)> {
    let mut out = Vec::new();
    for generator in GENERATORS {
        for c in generator(failure) {
            if out.len() < MAX_CANDIDATES && !c.edits.iter().any(|e| touches(e, keep)) {
                out.push((*generator, c));
            }
        }
    }
    out
}

/// The elements an edit changes (adds, updates or removes).
pub(crate) fn touched(edit: &Edit, out: &mut Vec<Id>) {
    match edit {
        Edit::Add(e) | Edit::Update(e) | Edit::Insert { element: e, .. } => out.push(e.id().clone()),
        Edit::Remove(id) | Edit::Take(id) | Edit::SetRect { id, .. } => out.push(id.clone()),
        Edit::Batch(edits) => edits.iter().for_each(|e| touched(e, out)),
        Edit::SetName(_) | Edit::SetSettings(_) | Edit::SetInputs(_) => {}
    }
}

fn touches(edit: &Edit, ids: &[Id]) -> bool {
    let mut mine = Vec::new();
    touched(edit, &mut mine);
    mine.iter().any(|id| ids.contains(id))
}

/// Whether two proposals' edits are the same changes, in any order (a pair found both ways).
fn same_edits(a: &Edit, b: &Edit) -> bool {
    let flat = |e: &Edit| -> Vec<Edit> {
        match e {
            Edit::Batch(v) => v.clone(),
            other => vec![other.clone()],
        }
    };
    let (a, b) = (flat(a), flat(b));
    a.len() == b.len() && a.iter().all(|e| b.contains(e)) && b.iter().all(|e| a.contains(e))
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

/// Where one candidate (and its generator's further steps) took the flow. (A return value, moved
/// once: its variants' sizes do not matter.)
#[allow(clippy::large_enum_variant)]
pub(crate) enum Chained {
    /// Delivered: the proposal, and the forwarding devices of the delivered forward path.
    Delivered(Proposal, Vec<Place>),
    /// Still failing, but elsewhere than `failed_at`: the first change of a possible pair.
    Moved(pairs::First),
    /// The edit did not apply, the flow could not be traced, or it fails as before.
    Stuck,
}

/// Applies the candidate to a clone of `base` and re-traces; chains the same generator while the
/// flow fails again for the same rule. `Delivered` only when the flow is delivered in the end;
/// `Moved` (with the candidates for where it fails now) only when `failed_at` is given and the
/// failure is no longer that one.
fn chain(
    base: &Document,
    flow: &Flow,
    generator: Generator,
    first: Candidate,
    failed_at: Option<&Signature>,
) -> Chained {
    let mut work = base.clone();
    let mut titles = vec![first.title.clone()];
    let mut edits: Vec<Edit> = Vec::new();
    let mut step = first.edits.clone();
    for round in 0..MAX_ROUNDS {
        for e in &step {
            if edit::apply(&mut work, e.clone()).is_err() {
                return Chained::Stuck;
            }
        }
        edits.extend(step);
        let eng = Engine::new(&work.design);
        let Ok(trace) = eng.trace(flow) else { return Chained::Stuck };
        let part = || Part { title: titles.join("; "), rule: first.rule, why: first.why.clone() };
        if trace.outcome == Outcome::Delivered {
            let part = part();
            let proposal = Proposal {
                title: part.title.clone(),
                rule: part.rule,
                why: part.why.clone(),
                edit: Edit::Batch(edits),
                outcome_after: trace.outcome,
                parts: vec![part],
            };
            return Chained::Delivered(proposal, devices_on(&trace.forward));
        }
        let failure = Failure::new(&work, &eng, &trace);
        let next = generator(&failure).into_iter().find(|c| c.rule == first.rule);
        match next {
            Some(next) if round + 1 < MAX_ROUNDS => {
                titles.push(next.title);
                step = next.edits;
            }
            _ => {
                let Some(before) = failed_at else { return Chained::Stuck };
                if Signature::of(&failure) == *before {
                    return Chained::Stuck;
                }
                let mut keep = Vec::new();
                edits.iter().for_each(|e| touched(e, &mut keep));
                let seconds = candidates_for(&failure, &keep);
                let part = part();
                drop(eng);
                return Chained::Moved(pairs::First::new(work, part, edits, seconds));
            }
        }
    }
    Chained::Stuck
}
