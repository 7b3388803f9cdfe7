//! Insights (issue 7 §4, DECISIONS 18): the traps of the seed articles, found in a design and
//! explained, each with the elements involved, why it matters, the AZURE.md rules behind it and,
//! where one exists, a fix as a typed [`Edit`] that is PROVED to remove the trap.
//!
//! Two kinds of detector, one file per family:
//! - **static** ones read the design and the compiled routes only (route limits, zone links,
//!   policies, forwarders); they are cheap and run on every edit;
//! - **traced** ones run the fixed set of flows of [`flows`] (at most [`flows::MAX_FLOWS`]) with
//!   the trace engine or the DNS engine, and read the outcomes.
//!
//! A fix is proved the way `fix` proves proposals: the edit is applied to a copy of the design
//! and the same detector runs again; the fix is kept only when the insight (same code, same key
//! element) is gone. Fixes that come from `fix::propose` are proved by a re-trace there.
//!
//! Architecture invariant: pure and deterministic (detectors run in a fixed order, flows are
//! chosen in design order), never panics, bounded work (flows and proofs are capped).

mod balancing;
mod dns;
mod flows;
mod hygiene;
mod paths;
mod private_endpoints;
mod routing;
mod service_endpoints;
#[cfg(test)]
mod tests;
mod vnet2vnet;

use crate::edit::{self, Edit};
use crate::id::Id;
use crate::layout::Layout;
use crate::model::Design;
use crate::packet::RuleId;
use crate::trace::{Engine, Flow};
pub use crate::validate::Severity;
use std::collections::HashMap;

/// Which trap an insight is about. The kebab-case names are stable (scenario files use them).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Code {
    PeFirewallBypass,
    PeProtocolSplit,
    PeSnatMissing,
    PeRouteSprawl,
    GatewayPropagationBypass,
    VnetTagWidened,
    ServiceEndpointOnPremises,
    ServiceEndpointUnavailable,
    ZoneNotLinked,
    NonTransitivePeering,
    ForwarderWrongZone,
    PrivatelinkNxdomain,
    AsymmetricStateful,
    LbProbeBlocked,
    VnetToVnetNoRouteBack,
    RouteTableUnattached,
    NsgUnattached,
    NsgAcrossVnets,
    NsgDefaultRuleName,
}

impl Code {
    pub const fn as_str(self) -> &'static str {
        match self {
            Code::PeFirewallBypass => "pe-firewall-bypass",
            Code::PeProtocolSplit => "pe-protocol-split",
            Code::PeSnatMissing => "pe-snat-missing",
            Code::PeRouteSprawl => "pe-route-sprawl",
            Code::GatewayPropagationBypass => "gateway-propagation-bypass",
            Code::VnetTagWidened => "vnet-tag-widened",
            Code::ServiceEndpointOnPremises => "service-endpoint-on-premises",
            Code::ServiceEndpointUnavailable => "service-endpoint-unavailable",
            Code::ZoneNotLinked => "zone-not-linked",
            Code::NonTransitivePeering => "non-transitive-peering",
            Code::ForwarderWrongZone => "forwarder-wrong-zone",
            Code::PrivatelinkNxdomain => "privatelink-nxdomain",
            Code::AsymmetricStateful => "asymmetric-stateful",
            Code::LbProbeBlocked => "lb-probe-blocked",
            Code::VnetToVnetNoRouteBack => "vnet-to-vnet-no-route-back",
            Code::RouteTableUnattached => "route-table-unattached",
            Code::NsgUnattached => "nsg-unattached",
            Code::NsgAcrossVnets => "nsg-across-vnets",
            Code::NsgDefaultRuleName => "nsg-default-rule-name",
        }
    }
}

/// A change that removes the trap, with its proof already done.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fix {
    /// What the change does, in the studio's words.
    pub title: String,
    /// One undo step that `edit::apply` accepts on the design the insight was computed for.
    pub edit: Edit,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Insight {
    pub code: Code,
    pub severity: Severity,
    /// The elements involved; the first is the key (what the proof checks is no longer flagged).
    pub elements: Vec<Id>,
    pub title: String,
    /// Why it matters, citing the rules.
    pub why: String,
    /// AZURE.md rule ids, each present in `catalog::rules`.
    pub rules: Vec<RuleId>,
    pub fix: Option<Fix>,
    /// A fix may exist but was not proved in this call (over the proof budget): [`fix_for`]
    /// looks for it on demand.
    pub fixable: bool,
}

/// What every detector reads: the design and its compiled engine (built once per call).
pub(crate) struct Ctx<'d> {
    pub design: &'d Design,
    pub eng: Engine<'d>,
    names: std::cell::OnceCell<HashMap<&'d Id, &'d str>>,
    /// The first NIC of each subnet (by subnet index), found once.
    first_nics: std::cell::OnceCell<Vec<Option<&'d crate::model::Nic>>>,
}

impl<'d> Ctx<'d> {
    fn new(design: &'d Design) -> Self {
        Ctx {
            design,
            eng: Engine::new(design),
            names: std::cell::OnceCell::new(),
            first_nics: std::cell::OnceCell::new(),
        }
    }

    /// The first NIC in a subnet, in design order.
    pub fn first_nic(&self, subnet: crate::network::SubnetIx) -> Option<&'d crate::model::Nic> {
        let firsts = self.first_nics.get_or_init(|| {
            let mut v = vec![None; self.eng.net.subnets.len()];
            for n in self.eng.net.nics.iter().rev() {
                if let Some(slot) = v.get_mut(n.subnet) {
                    *slot = Some(n.nic);
                }
            }
            v
        });
        firsts.get(subnet).copied().flatten()
    }

    /// The display name of an element, or its id.
    pub fn name(&self, id: &Id) -> String {
        let names = self.names.get_or_init(|| self.design.elements().into_iter().map(|e| (e.id, e.name)).collect());
        match names.get(id) {
            Some(n) if !n.is_empty() => n.to_string(),
            _ => id.to_string(),
        }
    }
}

/// What a detector found, before its fix is proved.
pub(crate) struct Found {
    pub insight: Insight,
    pub proof: Proof,
}

/// How to find and prove a fix for a finding.
pub(crate) enum Proof {
    None,
    /// Candidates (title, edits), each proved by running `detector` again on the changed design.
    Rerun(Detector, Vec<(String, Vec<Edit>)>),
    /// `fix::propose` for a flow that fails: its proposals are proved by a re-trace.
    Trace(Flow),
}

impl Found {
    pub fn new(insight: Insight, proof: Proof) -> Self {
        Found { insight, proof }
    }
}

/// A detector: one family of traps.
pub(crate) type Detector = fn(&Ctx) -> Vec<Found>;

/// Static detectors: design and routes only.
const STATIC: &[Detector] = &[
    private_endpoints::firewall_bypass,
    private_endpoints::route_sprawl,
    routing::gateway_propagation,
    routing::vnet_tag_widened,
    service_endpoints::on_premises,
    service_endpoints::unavailable,
    dns::forwarder_wrong_zone,
    dns::privatelink_nxdomain,
    balancing::probe_blocked,
    vnet2vnet::no_route_back,
    hygiene::unattached_route_tables,
    hygiene::unattached_nsgs,
    hygiene::nsg_across_vnets,
    hygiene::default_rule_names,
];

/// Traced detectors: they run the flows of [`flows`].
const TRACED: &[Detector] = &[
    private_endpoints::protocol_split,
    private_endpoints::snat_missing,
    paths::non_transitive,
    paths::asymmetric,
    dns::zone_not_linked,
];

/// At most this many fixes are proved per call (each proof compiles a changed design once or
/// a few times), most severe insights first; the others are shown without a fix.
pub const MAX_PROOFS: usize = 8;

/// At most this many insights per detector; the last one says how many more there were (a
/// 100-spoke landing zone repeats one trap per spoke).
pub const MAX_PER_CODE: usize = 10;

/// Every insight of the design, by severity then in detector order, with up to [`MAX_PROOFS`]
/// proved fixes.
pub fn insights(design: &Design) -> Vec<Insight> {
    find(design, MAX_PROOFS)
}

/// Every insight, proving at most `proofs` fixes (each proof compiles a changed design: on a
/// large design the studio passes 0 and proves one fix when asked, with [`fix_for`]).
pub fn find(design: &Design, proofs: usize) -> Vec<Insight> {
    run(design, STATIC.iter().chain(TRACED), proofs)
}

/// Only the static insights (cheap enough for every keystroke on any design).
pub fn static_insights(design: &Design) -> Vec<Insight> {
    static_insights_proving(design, MAX_PROOFS)
}

/// The static insights with at most `proofs` fixes proved by tracing the changed design: the
/// import report names findings and proves none (proofs were most of a 1,000-spoke import).
pub fn static_insights_proving(design: &Design, proofs: usize) -> Vec<Insight> {
    run(design, STATIC.iter(), proofs)
}

/// Proves a fix for one insight found earlier on this design (same code, same key elements).
pub fn fix_for(design: &Design, insight: &Insight) -> Option<Fix> {
    let ctx = Ctx::new(design);
    let key: Vec<&Id> = insight.elements.iter().take(2).collect();
    let f = STATIC
        .iter()
        .chain(TRACED)
        .flat_map(|detect| detect(&ctx))
        .find(|f| f.insight.code == insight.code && f.insight.elements.iter().take(2).eq(key.iter().copied()))?;
    prove(design, &f.insight, f.proof)
}

fn run<'a>(design: &Design, detectors: impl Iterator<Item = &'a Detector>, proofs: usize) -> Vec<Insight> {
    let ctx = Ctx::new(design);
    let mut found: Vec<Found> = Vec::new();
    for detect in detectors {
        let mut these = detect(&ctx);
        if these.len() > MAX_PER_CODE {
            let more = these.len() - MAX_PER_CODE;
            these.truncate(MAX_PER_CODE);
            if let Some(last) = these.last_mut() {
                last.insight.why.push_str(&format!(" ({more} more like this are not listed.)"));
            }
        }
        found.extend(these);
    }
    found.sort_by_key(|f| f.insight.severity);
    let mut budget = proofs;
    found
        .into_iter()
        .map(|f| {
            let mut insight = f.insight;
            if !matches!(f.proof, Proof::None) {
                if budget > 0 {
                    budget -= 1;
                    insight.fix = prove(design, &insight, f.proof);
                } else {
                    insight.fixable = true;
                }
            }
            insight
        })
        .collect()
}

fn prove(design: &Design, insight: &Insight, proof: Proof) -> Option<Fix> {
    match proof {
        Proof::None => None,
        Proof::Rerun(detect, candidates) => {
            let key: Vec<Id> = insight.elements.iter().take(2).cloned().collect();
            rerun(design, detect, insight.code, &key, candidates)
        }
        Proof::Trace(flow) => {
            let doc = crate::document::Document::new(design.clone(), Layout::default());
            let p = crate::fix::propose(&doc, &flow).into_iter().next()?;
            Some(Fix { title: p.title, edit: p.edit })
        }
    }
}

/// Applies `edit` to a copy of `design`; `None` when it does not apply.
pub(crate) fn changed(design: &Design, edit: &Edit) -> Option<Design> {
    let mut d = design.clone();
    let mut layout = Layout::default();
    edit::apply_parts(&mut d, &mut layout, edit.clone()).ok()?;
    Some(d)
}

/// The first candidate (title, edits) after which `detect` no longer reports `code` for `key`
/// (the first two elements of the insight).
/// Tries at most three candidates.
fn rerun(
    design: &Design,
    detect: Detector,
    code: Code,
    key: &[Id],
    candidates: Vec<(String, Vec<Edit>)>,
) -> Option<Fix> {
    for (title, edits) in candidates.into_iter().take(3) {
        let edit = Edit::Batch(edits);
        let Some(after) = changed(design, &edit) else { continue };
        let ctx = Ctx::new(&after);
        let still =
            detect(&ctx).iter().any(|f| f.insight.code == code && f.insight.elements.iter().take(2).eq(key.iter()));
        if !still {
            return Some(Fix { title, edit });
        }
    }
    None
}

/// Dedupes ids, keeping the first occurrence (element lists read in order of importance).
pub(crate) fn unique(ids: Vec<Id>) -> Vec<Id> {
    let mut out: Vec<Id> = Vec::with_capacity(ids.len());
    for id in ids {
        if !out.contains(&id) {
            out.push(id);
        }
    }
    out
}
