//! Intents checked (issue 21 §1): each promise of `Design::intents` is evaluated against the
//! engine's own answers — traces for flows, DNS lookups for names — and comes back as pass or
//! fail with the pair that breaks it, so the studio can open that trace or lookup and propose its
//! proven fixes, and `vnet verify` can fail a CI job.
//!
//! An intent's source or destination may be a VNet or a subnet: it means every NIC in it, and the
//! intent reports the worst pair (`ends`). Evaluation decides nothing itself: a flow intent reads
//! the trace's outcome and path (`flows`), a name intent the resolution's answer (`names`).
//!
//! Architecture invariant: pure and deterministic (pairs in design order), never panics, bounded
//! work (at most [`MAX_PAIRS`] pairs per intent, the summary says when it sampled).

mod describe;
mod ends;
mod flows;
mod names;
#[cfg(test)]
mod tests;

pub use describe::describe;

use crate::dns::DnsEngine;
use crate::id::Id;
use crate::model::{Design, Intent, IntentCheck};
use crate::packet::RuleId;
use crate::trace::{Engine, Flow};
use serde::Serialize;

/// At most this many source × destination pairs are checked per intent (a VNet of a 1,000-spoke
/// hub names thousands of NICs); the first ones in design order, and the summary says so.
pub const MAX_PAIRS: usize = 256;

/// Whether an intent holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Status {
    Pass,
    Fail,
    /// It cannot be checked as written (an element is gone, a subnet has no NIC to send from):
    /// the summary says what to change. Not a pass: CI treats it as a failure.
    Unchecked,
}

impl Status {
    pub fn label(self) -> &'static str {
        match self {
            Status::Pass => "pass",
            Status::Fail => "fail",
            Status::Unchecked => "unchecked",
        }
    }
}

/// What to open to see why: the worst pair's trace, connection or lookup.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum Evidence {
    /// A packet trace (`Engine::trace`), whose failure `fix::propose` may mend.
    Trace { flow: Flow },
    /// A connection to a PaaS resource by its public name (`connect::connect_with`): the name is
    /// resolved as the client (an element id, or `internet:<ip>`) would, then traced.
    Connect { from: String, target: String },
    /// A DNS lookup (`DnsEngine::resolve`).
    Lookup { from: Id, name: String },
}

/// One intent, checked.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Checked {
    pub id: Id,
    /// The intent's own title, or a sentence describing it when it has none.
    pub title: String,
    pub status: Status,
    /// One line: why it holds or where it breaks ("dropped at nsg-db: … (N-3)").
    pub summary: String,
    /// The AZURE.md rule that decided the failure, when one did.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rule: Option<RuleId>,
    /// Source × destination pairs checked.
    pub pairs: usize,
    /// The worst pair: the first failing one, else the first checked.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub evidence: Option<Evidence>,
    /// The elements the intent names (ends, device), to mark on the canvas.
    pub elements: Vec<Id>,
}

/// The verdict of one intent before it is labelled: status, summary, rule, pairs, evidence.
pub(crate) struct Verdict {
    pub status: Status,
    pub summary: String,
    pub rule: Option<RuleId>,
    pub pairs: usize,
    pub evidence: Option<Evidence>,
}

impl Verdict {
    pub(crate) fn unchecked(summary: impl Into<String>) -> Self {
        Verdict { status: Status::Unchecked, summary: summary.into(), rule: None, pairs: 0, evidence: None }
    }
}

/// Checks every intent of the design, building the engines once.
pub fn verify(design: &Design) -> Vec<Checked> {
    let eng = Engine::new(design);
    check_all(&eng, &design.intents)
}

/// Checks `intents` against engines already built for this design version (the studio keeps
/// one per version). The DNS engine is built only when an intent needs it.
pub fn check_all(eng: &Engine, intents: &[Intent]) -> Vec<Checked> {
    let needs_dns = intents.iter().any(|i| needs_dns(eng.net.design, &i.check));
    let dns = needs_dns.then(|| DnsEngine::new(eng));
    check_all_with(eng, dns.as_ref(), intents)
}

/// [`check_all`] with a DNS engine already built for this design version (the studio's DNS view
/// keeps one); without it, `resolves` intents and PaaS destinations are unchecked.
pub fn check_all_with(eng: &Engine, dns: Option<&DnsEngine>, intents: &[Intent]) -> Vec<Checked> {
    intents.iter().map(|i| check_with(eng, dns, i)).collect()
}

/// Checks one intent; `dns` is needed for `resolves` and for PaaS destinations.
pub fn check(eng: &Engine, intent: &Intent) -> Checked {
    let dns = needs_dns(eng.net.design, &intent.check).then(|| DnsEngine::new(eng));
    check_with(eng, dns.as_ref(), intent)
}

fn check_with(eng: &Engine, dns: Option<&DnsEngine>, intent: &Intent) -> Checked {
    let design = eng.net.design;
    let v = match &intent.check {
        IntentCheck::Resolves { from, name, expect } => names::resolves(design, dns, from, name, expect),
        _ => flows::check(eng, dns, &intent.check),
    };
    let title = if intent.title.trim().is_empty() { describe(design, &intent.check) } else { intent.title.clone() };
    Checked {
        id: intent.id.clone(),
        title,
        status: v.status,
        summary: v.summary,
        rule: v.rule,
        pairs: v.pairs,
        evidence: v.evidence,
        elements: named_elements(&intent.check),
    }
}

/// Whether checking needs DNS: name intents, and flows to a PaaS resource (reached by name).
fn needs_dns(design: &Design, check: &IntentCheck) -> bool {
    match check {
        IntentCheck::Resolves { .. } => true,
        IntentCheck::Reach { to, .. }
        | IntentCheck::Isolate { to, .. }
        | IntentCheck::Through { to, .. }
        | IntentCheck::Symmetric { to, .. } => ends::is_paas(design, to),
    }
}

fn named_elements(check: &IntentCheck) -> Vec<Id> {
    use crate::model::IntentEnd;
    let id = |e: &IntentEnd| match e {
        IntentEnd::Element { id } => Some(id.clone()),
        IntentEnd::Internet { .. } => None,
    };
    match check {
        IntentCheck::Reach { from, to, .. }
        | IntentCheck::Isolate { from, to, .. }
        | IntentCheck::Symmetric { from, to, .. } => [id(from), id(to)].into_iter().flatten().collect(),
        IntentCheck::Through { from, to, device, .. } => {
            [id(from), id(to), Some(device.clone())].into_iter().flatten().collect()
        }
        IntentCheck::Resolves { from, .. } => id(from).into_iter().collect(),
    }
}

/// How many intents fail or cannot be checked: what `vnet verify` exits on.
pub fn failing(checked: &[Checked]) -> usize {
    checked.iter().filter(|c| c.status != Status::Pass).count()
}
