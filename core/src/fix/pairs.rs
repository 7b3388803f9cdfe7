//! Pairs of changes (issue 20 §5): a flow that needs two changes, for example an NVA or firewall
//! rule *and* forwarded traffic on the peering behind it (F-3 / F-20 and P-5), gets them as one
//! proven pair instead of nothing.
//!
//! Why this shape: the second change is usually invisible until the first is made (the packet
//! never reached the peering while the firewall dropped it), so pairs are not two candidates of
//! the first failure. Each single candidate that did not pass but moved the failure elsewhere is a
//! *first*; the candidates for the failure it left are its *seconds*. A pair is proposed only
//! when the second alone does not make the flow deliver either (the first alone is known not
//! to: it was tried as a single). A second that touches an element the first changed is left
//! out, so "alone" means alone.
//!
//! Bounded: at most [`MAX_PAIRS`] pairs are proved (firsts in the single candidates' order,
//! seconds in generator order), and the search stops after [`MAX_PAIR_PROPOSALS`] pairs; when the
//! budget stopped it with pairs left untried, the proposals say so ([`PairSearch::cut_note`]).

use super::{chain, Chained, Generator, Part, Proposal};
use crate::document::Document;
use crate::edit::{self, Edit};
use crate::trace::{Engine, Flow, Outcome, Place};

/// At most this many pairs are proved per flow (each proof is one to four traces).
pub const MAX_PAIRS: usize = 24;
/// The pair search stops once it has found this many pairs.
pub const MAX_PAIR_PROPOSALS: usize = 3;

/// A single change that did not pass but moved the failure: the design with it applied, and the
/// candidates for where the flow fails now.
pub(crate) struct First {
    work: Document,
    part: Part,
    edits: Vec<Edit>,
    seconds: std::vec::IntoIter<(Generator, super::Candidate)>,
}

impl First {
    pub(crate) fn new(
        work: Document,
        part: Part,
        edits: Vec<Edit>,
        seconds: Vec<(Generator, super::Candidate)>,
    ) -> Self {
        First { work, part, edits, seconds: seconds.into_iter() }
    }
}

/// The pair search of one flow, proved one pair per [`PairSearch::step`].
#[derive(Default)]
pub struct PairSearch {
    pub(super) firsts: Vec<First>,
    /// The index in `firsts` of the one whose seconds are being tried.
    pub(super) at: usize,
    pub(super) started: bool,
    /// Pairs proved so far.
    pub(super) tried: usize,
    /// Pairs found (proposed) so far.
    pub(super) found: usize,
    /// Pairs there were to try when the search started.
    pub(super) total: usize,
}

impl PairSearch {
    pub(crate) fn push(&mut self, first: First) {
        self.firsts.push(first);
    }

    pub(crate) fn started(&self) -> bool {
        self.started
    }

    /// Pairs proved.
    pub fn tried(&self) -> usize {
        self.tried
    }

    /// Pairs there were to try (a first change's seconds, summed over the firsts).
    pub fn total(&self) -> usize {
        self.total
    }

    /// Whether the budget ([`MAX_PAIRS`]) stopped the search with pairs left untried.
    pub fn cut(&self) -> bool {
        self.tried >= MAX_PAIRS && self.found < MAX_PAIR_PROPOSALS && self.tried < self.total
    }

    /// The sentence a proposal carries when the search was cut.
    pub(crate) fn cut_note(&self) -> Option<String> {
        self.cut().then(|| {
            format!(
                "(The search for pairs of changes stopped after {} of {} pairs; others may exist.)",
                self.tried, self.total
            )
        })
    }

    /// Proves the next pair: `None` when the search is over; `Some(Some(..))` with a proposal
    /// (a pair, or a second change that turned out to pass alone) and the devices of its
    /// delivered forward path.
    pub(crate) fn step(&mut self, doc: &Document, flow: &Flow) -> Option<Option<(Proposal, Vec<Place>)>> {
        if !self.started {
            self.started = true;
            self.total = self.firsts.iter().map(|f| f.seconds.len()).sum();
        }
        if self.tried >= MAX_PAIRS || self.found >= MAX_PAIR_PROPOSALS {
            return None;
        }
        let (generator, second) = loop {
            let first = self.firsts.get_mut(self.at)?;
            match first.seconds.next() {
                Some(next) => break next,
                None => self.at += 1,
            }
        };
        self.tried += 1;
        let first = self.firsts.get(self.at)?;
        let Chained::Delivered(p, after) = chain(&first.work, flow, generator, second, None) else {
            return Some(None);
        };
        let (Edit::Batch(second_edits), Some(second_part)) = (&p.edit, p.parts.first()) else {
            return Some(None);
        };
        if delivers_alone(doc, flow, second_edits) {
            // Proven on the design as it is: a single change after all (found late because the
            // first failure hid the place it mends).
            let mut single = p.clone();
            single.edit = Edit::Batch(second_edits.clone());
            return Some(Some((single, after)));
        }
        self.found += 1;
        let mut edits = first.edits.clone();
        edits.extend(second_edits.iter().cloned());
        let (a, b) = (&first.part, second_part);
        let proposal = Proposal {
            title: format!("{} + {}", a.title, b.title),
            rule: a.rule,
            why: format!(
                "Two changes, both needed. 1 ({}): {} 2 ({}): {} Neither alone makes the flow pass (each was re-traced on its own); together they do.",
                a.rule, a.why, b.rule, b.why
            ),
            edit: Edit::Batch(edits),
            outcome_after: p.outcome_after,
            parts: vec![a.clone(), b.clone()],
        };
        Some(Some((proposal, after)))
    }
}

/// Whether `edits` alone, on the design as it is, make the flow deliver (an edit that does not
/// apply there does not).
fn delivers_alone(doc: &Document, flow: &Flow, edits: &[Edit]) -> bool {
    let mut work = doc.clone();
    if edits.iter().any(|e| edit::apply(&mut work, e.clone()).is_err()) {
        return false;
    }
    Engine::new(&work.design).trace(flow).is_ok_and(|t| t.outcome == Outcome::Delivered)
}
