//! What a change does to the network (issue 21 §2): the difference between two designs, in
//! elements and in what the engine answers — effective routes, reachability, DNS answers,
//! intents and the monthly cost. The studio's "Compare with…" and `vnet diff` show it.
//!
//! Layout is not semantics: `diff` takes two [`Design`]s and never sees where boxes are drawn.
//!
//! **Matching** (`matching`): the two designs may share lineage (a design and its edit, a
//! checkpoint of the undo history) or come from different sources (two imports of one
//! environment, an import against a hand-drawn proposal), where ids are allocated independently
//! and say nothing. Elements are paired, each pass only among those still unpaired, kinds equal:
//! 1. by Azure resource id (`meta.azureId`, case-insensitive; DECISIONS 27: the join key across
//!    imports) where both have one;
//! 2. by element id, unless both have different Azure ids, and only when the names agree or
//!    neither design carries Azure ids (then they are one lineage and a rename is a change);
//! 3. by kind and qualified name (a subnet or peering under its VNet's name, a NIC under its VM's,
//!    a zone link as zone and VNet, case-insensitive), when exactly one element on each side has it.
//!
//! Everything else is added or removed. Engine effects (routes, cells, DNS clients) are compared
//! between paired subnets and VMs only: an element only one side has is already an element change.
//!
//! **Bounds**: the matrix is computed per port of the port set (the intents' ports, TCP 443, TCP
//! 22, UDP 53 and ICMP), the DNS sweep once per design; the full trace that explains a flipped
//! cell is run for at most [`MAX_EXPLAINED`] cells (the rest keep their outcome labels).
//!
//! Architecture invariant: pure, deterministic, never panics; it decides nothing the engines do
//! not. Every route row and every failing cell carries the AZURE.md rule that decided it.

mod dns;
mod elements;
mod intents;
mod matching;
mod reach;
mod routes;
#[cfg(test)]
mod tests;

pub use reach::{probe_set, Probe};

use crate::id::Id;
use crate::model::{Design, ElementKind};
use crate::trace::Engine;
use serde::Serialize;

/// Full traces run to explain flipped reachability cells, at most (the rest are labels only).
pub const MAX_EXPLAINED: usize = 1000;

/// An element as one side calls it: its id there and a readable name (a subnet as
/// `vnet/subnet`, a NIC as `vm/nic`).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Named {
    pub id: Id,
    pub name: String,
}

/// The same thing in both designs: `before` in the first, `after` in the second (one of them is
/// `None` for an element only one side has).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Pair {
    pub before: Option<Named>,
    pub after: Option<Named>,
}

impl Pair {
    /// The name to show: the second design's, else the first's.
    pub fn name(&self) -> &str {
        self.after.as_ref().or(self.before.as_ref()).map_or("", |n| n.name.as_str())
    }

    fn mirrored(&self) -> Pair {
        Pair { before: self.after.clone(), after: self.before.clone() }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Change {
    Added,
    Removed,
    Changed,
}

impl Change {
    fn mirrored(self) -> Change {
        match self {
            Change::Added => Change::Removed,
            Change::Removed => Change::Added,
            Change::Changed => Change::Changed,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Change::Added => "added",
            Change::Removed => "removed",
            Change::Changed => "changed",
        }
    }
}

/// One field of an element that differs: its JSON path (`routes[0].nextHopIp`) and the two
/// values as short text (`None` where the field is absent, which is its default).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FieldChange {
    pub path: String,
    pub before: Option<String>,
    pub after: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ElementChange {
    pub change: Change,
    pub kind: ElementKind,
    pub element: Pair,
    /// For a changed element, field by field.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<FieldChange>,
}

/// One effective route row of a paired subnet that was added, removed, or has another state or
/// next hop. A row Azure removes rather than invalidates counts with the state
/// `Removed`.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RouteChange {
    pub subnet: Pair,
    pub change: Change,
    /// The prefix and source: `0.0.0.0/0 (User 'default-to-afw')`.
    pub route: String,
    /// State and next hop: `Active → VirtualAppliance 10.0.1.4`.
    pub before: Option<String>,
    pub after: Option<String>,
    /// The rule that decided the row on each side: the one that created it, or for an Invalid
    /// or removed row the one that overrode it.
    pub rule_before: Option<String>,
    pub rule_after: Option<String>,
}

/// A subnet × subnet cell whose outcome differs.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ReachFlip {
    pub probe: Probe,
    pub from: Pair,
    pub to: Pair,
    pub before: CellSide,
    pub after: CellSide,
}

/// One side of a flipped cell: the outcome label and, when it is not delivered (and the cell
/// was explained), why and the rule.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CellSide {
    pub outcome: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rule: Option<String>,
}

/// A DNS answer that differs for a VM (paired on both sides) and a name.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DnsChange {
    pub client: Pair,
    pub name: String,
    pub before: String,
    pub after: String,
    /// The rule of the step that gave each answer (the lookup's last step), for the first
    /// [`MAX_EXPLAINED`] changes.
    pub rule_before: Option<String>,
    pub rule_after: Option<String>,
}

/// An intent whose status differs (paired by the matching above).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct IntentFlip {
    pub intent: Pair,
    pub title: String,
    /// `pass`, `fail`, `unchecked`, or `absent` where the side has no such intent.
    pub before: String,
    pub after: String,
    /// Each side's summary when it does not pass: why it fails, or what to change.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub summary_before: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub summary_after: Option<String>,
}

/// Monthly totals in the price table's currency.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CostDelta {
    pub before: f64,
    pub after: f64,
    pub delta: f64,
    pub currency: &'static str,
}

impl CostDelta {
    /// Whether the totals differ by a cent or more.
    pub fn changed(&self) -> bool {
        self.delta.abs() >= 0.005
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Diff {
    pub elements: Vec<ElementChange>,
    pub routes: Vec<RouteChange>,
    pub reachability: Vec<ReachFlip>,
    pub dns: Vec<DnsChange>,
    pub intents: Vec<IntentFlip>,
    pub cost: CostDelta,
    /// The protocol/port set the matrices were computed for.
    pub probes: Vec<Probe>,
    /// Flipped cells left unexplained for [`MAX_EXPLAINED`].
    #[serde(skip_serializing_if = "is_zero")]
    pub unexplained: usize,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

impl Diff {
    /// No effect at all (the cost within a cent).
    pub fn is_empty(&self) -> bool {
        self.elements.is_empty()
            && self.routes.is_empty()
            && self.reachability.is_empty()
            && self.dns.is_empty()
            && self.intents.is_empty()
            && !self.cost.changed()
    }

    /// How many effects: one per element, route row, cell, answer and intent, one for the cost.
    pub fn count(&self) -> usize {
        self.elements.len()
            + self.routes.len()
            + self.reachability.len()
            + self.dns.len()
            + self.intents.len()
            + usize::from(self.cost.changed())
    }

    /// Intents that passed (or did not exist) before and fail or cannot be checked after: what
    /// `vnet diff` exits 1 for (an unchecked intent fails CI as `vnet verify` does).
    pub fn newly_failing(&self) -> impl Iterator<Item = &IntentFlip> {
        let bad = |s: &str| s != "pass" && s != intents::ABSENT;
        self.intents.iter().filter(move |i| bad(&i.after) && !bad(&i.before))
    }

    /// The diff the other way round: added ↔ removed, before ↔ after, each list sorted. What
    /// `diff(b, a)` gives for `diff(a, b)` when the two share ids (tested).
    pub fn mirrored(&self) -> Diff {
        let mut out = Diff {
            elements: self
                .elements
                .iter()
                .map(|e| ElementChange {
                    change: e.change.mirrored(),
                    kind: e.kind,
                    element: e.element.mirrored(),
                    fields: e
                        .fields
                        .iter()
                        .map(|f| FieldChange { path: f.path.clone(), before: f.after.clone(), after: f.before.clone() })
                        .collect(),
                })
                .collect(),
            routes: self
                .routes
                .iter()
                .map(|r| RouteChange {
                    subnet: r.subnet.mirrored(),
                    change: r.change.mirrored(),
                    route: r.route.clone(),
                    before: r.after.clone(),
                    after: r.before.clone(),
                    rule_before: r.rule_after.clone(),
                    rule_after: r.rule_before.clone(),
                })
                .collect(),
            reachability: self
                .reachability
                .iter()
                .map(|f| ReachFlip {
                    probe: f.probe,
                    from: f.from.mirrored(),
                    to: f.to.mirrored(),
                    before: f.after.clone(),
                    after: f.before.clone(),
                })
                .collect(),
            dns: self
                .dns
                .iter()
                .map(|d| DnsChange {
                    client: d.client.mirrored(),
                    name: d.name.clone(),
                    before: d.after.clone(),
                    after: d.before.clone(),
                    rule_before: d.rule_after.clone(),
                    rule_after: d.rule_before.clone(),
                })
                .collect(),
            intents: self
                .intents
                .iter()
                .map(|i| IntentFlip {
                    intent: i.intent.mirrored(),
                    title: i.title.clone(),
                    before: i.after.clone(),
                    after: i.before.clone(),
                    summary_before: i.summary_after.clone(),
                    summary_after: i.summary_before.clone(),
                })
                .collect(),
            cost: CostDelta {
                before: self.cost.after,
                after: self.cost.before,
                delta: -self.cost.delta,
                currency: self.cost.currency,
            },
            probes: self.probes.clone(),
            unexplained: self.unexplained,
        };
        out.sort();
        out
    }

    /// Every list in a canonical order (the order `diff` returns is the designs' order).
    pub fn sort(&mut self) {
        self.elements.sort();
        self.routes.sort();
        self.reachability.sort();
        self.dns.sort();
        self.intents.sort();
    }
}

/// What changes from `before` to `after`: elements, effective routes, reachability for the
/// probe set, DNS answers, intents and the monthly cost.
pub fn diff(before: &Design, after: &Design) -> Diff {
    let a = elements::index(before);
    let b = elements::index(after);
    let pairs = matching::pair(&a, &b);
    let elements = elements::changes(&a, &b, &pairs);
    let (ea, eb) = (Engine::new(before), Engine::new(after));
    let sides = Sides { a: &a, b: &b, pairs: &pairs, ea: &ea, eb: &eb };
    let routes = routes::changes(&sides);
    let probes = probe_set(before, after);
    let (reachability, unexplained) = reach::flips(&sides, &probes);
    let dns = dns::changes(&sides);
    let intents = intents::flips(&sides);
    let (ca, cb) = (crate::cost::estimate(before), crate::cost::estimate(after));
    let cost = CostDelta { before: ca.total, after: cb.total, delta: cb.total - ca.total, currency: ca.table.currency };
    Diff { elements, routes, reachability, dns, intents, cost, probes, unexplained }
}

/// Both designs' indexes, pairing and engines, as the effect modules read them.
pub(crate) struct Sides<'s, 'd> {
    pub a: &'s elements::Index,
    pub b: &'s elements::Index,
    pub pairs: &'s matching::Pairs,
    pub ea: &'s Engine<'d>,
    pub eb: &'s Engine<'d>,
}

impl Sides<'_, '_> {
    /// The pair for an element of the first design that has a partner in the second.
    fn paired(&self, before: &Id) -> Option<Pair> {
        let after = self.pairs.after_of(before)?;
        Some(Pair { before: self.a.named(before), after: self.b.named(after) })
    }
}

/// Each id's first position in `ids` (a repeated id stands for its first element, as
/// `codec::restore` keeps references with the first).
fn first_index<'i>(ids: impl Iterator<Item = &'i Id>) -> std::collections::HashMap<&'i Id, usize> {
    let mut out = std::collections::HashMap::new();
    for (i, id) in ids.enumerate() {
        out.entry(id).or_insert(i);
    }
    out
}
