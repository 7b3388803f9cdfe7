//! Reachability cells that flip: the subnet × subnet matrix (`reach::grids`, one byte per cell,
//! the design's symmetry found once for every probe) of both designs for each probe of the set,
//! compared between paired subnets; a cell's flow is made only where it flips. A side that is not delivered is
//! explained by its full trace (the reason and rule of the outcome), up to `MAX_EXPLAINED`.

use super::{CellSide, ReachFlip, Sides, MAX_EXPLAINED};
use crate::model::{Design, IntentCheck, Protocol};
use crate::reach::{grids, Cell, CellOutcome};
use crate::trace::{Engine, Outcome};
use serde::Serialize;
use std::collections::BTreeSet;

/// A protocol and destination port (0 for ICMP) the matrices are computed for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Probe {
    pub protocol: Protocol,
    pub port: u16,
}

impl std::fmt::Display for Probe {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.protocol {
            Protocol::Icmp => write!(f, "ICMP"),
            Protocol::Tcp => write!(f, "TCP {}", self.port),
            Protocol::Udp => write!(f, "UDP {}", self.port),
            Protocol::Any => write!(f, "any {}", self.port),
        }
    }
}

/// The ports the two designs' intents use, and TCP 443, TCP 22, UDP 53 and ICMP (issue 21 §2),
/// in order.
pub fn probe_set(before: &Design, after: &Design) -> Vec<Probe> {
    let mut set: BTreeSet<Probe> =
        [(Protocol::Tcp, 443), (Protocol::Tcp, 22), (Protocol::Udp, 53), (Protocol::Icmp, 0)]
            .into_iter()
            .map(|(protocol, port)| Probe { protocol, port })
            .collect();
    for intent in before.intents.iter().chain(&after.intents) {
        let (protocol, port) = match &intent.check {
            IntentCheck::Reach { protocol, port, .. }
            | IntentCheck::Isolate { protocol, port, .. }
            | IntentCheck::Through { protocol, port, .. }
            | IntentCheck::Symmetric { protocol, port, .. } => (*protocol, *port),
            IntentCheck::Resolves { .. } => continue,
        };
        match protocol {
            Protocol::Any => continue,
            Protocol::Icmp => set.insert(Probe { protocol, port: 0 }),
            _ => set.insert(Probe { protocol, port }),
        };
    }
    set.into_iter().collect()
}

fn label(o: CellOutcome) -> &'static str {
    match o {
        CellOutcome::Delivered => "delivered",
        CellOutcome::Dropped => "dropped",
        CellOutcome::AtRisk => "at risk",
        CellOutcome::Loop => "loop",
        CellOutcome::NoRoute => "no route",
    }
}

/// One side of a flip, explained by the cell's full trace when it is not delivered and the
/// budget allows.
fn side(eng: &Engine, cell: &Cell, budget: &mut usize, unexplained: &mut bool) -> CellSide {
    let mut out = CellSide { outcome: label(cell.outcome).to_string(), reason: None, rule: None };
    if cell.outcome == CellOutcome::Delivered {
        return out;
    }
    if *budget == 0 {
        *unexplained = true;
        return out;
    }
    *budget -= 1;
    let Ok(trace) = cell.trace(eng) else { return out };
    let last_rule = |t: &crate::trace::Trace| {
        let path = t.reply.as_ref().unwrap_or(&t.forward);
        path.hops.iter().rev().flat_map(|h| h.steps.iter().rev()).next().map(|s| s.rule.to_string())
    };
    let (reason, rule) = match &trace.outcome {
        Outcome::Delivered => (None, None),
        Outcome::Dropped { reason, rule, .. } | Outcome::AtRisk { reason, rule, .. } => {
            (Some(reason.clone()), Some(rule.to_string()))
        }
        Outcome::Loop { at } => (Some(format!("loop at {}", at.name())), Some("R-15".to_string())),
        Outcome::NoRoute { at } => (Some(format!("no route at {}", at.name())), last_rule(&trace)),
    };
    out.reason = reason;
    out.rule = rule;
    out
}

/// Flipped cells per probe, and how many flips were left unexplained.
pub(super) fn flips(s: &Sides, probes: &[Probe]) -> (Vec<ReachFlip>, usize) {
    let mut out = Vec::new();
    let mut budget = MAX_EXPLAINED;
    let mut unexplained = 0;
    let list: Vec<(Protocol, u16)> = probes.iter().map(|p| (p.protocol, p.port)).collect();
    let (grids_a, grids_b) = (grids(s.ea, &list), grids(s.eb, &list));
    for ((&probe, ma), mb) in probes.iter().zip(&grids_a).zip(&grids_b) {
        let col = super::first_index(mb.subnets.iter());
        let row = super::first_index(ma.subnets.iter());
        // Per row or column of the first matrix: the pair and the second matrix's index.
        let paired: Vec<Option<(super::Pair, usize)>> = ma
            .subnets
            .iter()
            .enumerate()
            .map(|(i, id)| {
                if row.get(id) != Some(&i) {
                    return None; // a repeated id: its first subnet stands for it
                }
                let pair = s.paired(id)?;
                let j = *col.get(&pair.after.as_ref()?.id)?;
                Some((pair, j))
            })
            .collect();
        for (i, from) in paired.iter().enumerate() {
            let Some((from, bi)) = from else { continue };
            for (j, to) in paired.iter().enumerate() {
                let Some((to, bj)) = to else { continue };
                let (Some(oa), Some(ob)) = (ma.outcome(i, j), mb.outcome(*bi, *bj)) else { continue };
                if oa == ob {
                    continue;
                }
                let (Some(ca), Some(cb)) = (ma.cell(i, j), mb.cell(*bi, *bj)) else { continue };
                let mut missed = false;
                let before = side(s.ea, &ca, &mut budget, &mut missed);
                let after = side(s.eb, &cb, &mut budget, &mut missed);
                unexplained += usize::from(missed);
                out.push(ReachFlip { probe, from: from.clone(), to: to.clone(), before, after });
            }
        }
    }
    (out, unexplained)
}
