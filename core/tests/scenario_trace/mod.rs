//! Trace queries of the scenario files: what a trace must show (outcome, places, cited rules,
//! texts, hop counts, a proved fix) and the check that compares it with the engine's answer.

use serde::Deserialize;
use std::collections::HashSet;
use std::net::Ipv4Addr;
use vnet_core::model::{Design, Protocol};
use vnet_core::trace::{Engine, Flow, Outcome, Place, Trace};

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct TraceQuery {
    /// A VM, NIC or on-premises host (id or name), or `internet:<ip>`.
    pub from: String,
    /// An IP, or the name/id of a VM, NIC, private endpoint, firewall or PaaS resource.
    pub to: String,
    pub protocol: Protocol,
    #[serde(default)]
    pub port: u16,
    #[serde(default)]
    pub host: Option<String>,
    pub expect: TraceExpect,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct TraceExpect {
    /// delivered | dropped | atRisk | loop | noRoute
    pub outcome: String,
    /// The element (name) where it was dropped / the device at risk.
    #[serde(default)]
    pub at: Option<String>,
    /// The rule id of the outcome.
    #[serde(default)]
    pub rule: Option<String>,
    /// Places (names) the forward path must visit, in order.
    #[serde(default)]
    pub via: Vec<String>,
    /// Places the forward path must not visit.
    #[serde(default)]
    pub not_via: Vec<String>,
    /// Places the reply must visit, in order.
    #[serde(default)]
    pub reply_via: Vec<String>,
    /// Places the reply must not visit.
    #[serde(default)]
    pub reply_not_via: Vec<String>,
    /// Rule ids that must appear among the steps (forward, reply or notes).
    #[serde(default)]
    pub steps_cite: Vec<String>,
    /// The source address the destination sees.
    #[serde(default)]
    pub seen_source: Option<Ipv4Addr>,
    /// Text the outcome's reason must contain (`Dropped`, `AtRisk`).
    #[serde(default)]
    pub reason: Option<String>,
    /// Texts that must appear in some step (forward, reply or notes), e.g. the names of the
    /// connections a gateway hop names.
    #[serde(default)]
    pub steps_mention: Vec<String>,
    /// Rule ids no note may cite (e.g. F-12's "the reply takes a different path").
    #[serde(default)]
    pub notes_absent: Vec<String>,
    /// The forward path has exactly this many hops.
    #[serde(default)]
    pub hops: Option<usize>,
    /// A fix proposal for this rule id must exist (each proposal is proved by a re-trace).
    #[serde(default)]
    pub fix: Option<String>,
    /// A proved fix made of exactly two changes addressing these rule ids, in order (issue 20 §5:
    /// neither change alone makes the flow pass), and no single-change proposal.
    #[serde(default)]
    pub fix_pair: Option<[String; 2]>,
    /// When set: whether the reply visits the same places as the request, in any order (the
    /// same instances both ways, e.g. one NVA behind a load balancer).
    #[serde(default)]
    pub same_places_back: Option<bool>,
}

fn place_name(p: &Place) -> &str {
    p.name()
}

fn outcome_key(o: &Outcome) -> (&'static str, Option<&str>, Option<&str>) {
    match o {
        Outcome::Delivered => ("delivered", None, None),
        Outcome::Dropped { at, rule, .. } => ("dropped", Some(place_name(at)), Some(rule)),
        Outcome::AtRisk { device, rule, .. } => ("atRisk", Some(place_name(device)), Some(rule)),
        Outcome::Loop { at } => ("loop", Some(place_name(at)), None),
        Outcome::NoRoute { at } => ("noRoute", Some(place_name(at)), None),
    }
}

fn describe(t: &Trace) -> String {
    let mut out = format!("    outcome: {:?}\n", t.outcome);
    for n in &t.notes {
        out.push_str(&format!("    note [{}] {}\n", n.rule, n.detail));
    }
    let mut path = |label: &str, hops: &[vnet_core::trace::Hop]| {
        for h in hops {
            out.push_str(&format!("    {label} {} [{} -> {}]\n", h.place.name(), h.packet.src, h.packet.dst));
            for s in &h.steps {
                out.push_str(&format!("        {:?} [{}] {}\n", s.action, s.rule, s.detail));
            }
        }
    };
    path("→", &t.forward.hops);
    if let Some(r) = &t.reply {
        path("←", &r.hops);
    }
    out
}

/// `want` appear in `have` in order (not necessarily adjacent).
pub fn in_order(have: &[&str], want: &[String]) -> bool {
    let mut it = have.iter();
    want.iter().all(|w| it.any(|h| h == w))
}

pub fn check_trace(design: &Design, eng: &Engine, q: &TraceQuery) -> Result<(), String> {
    let from = vnet_core::lookup::flow_source(design, &q.from).ok_or(format!("unknown source '{}'", q.from))?;
    let to = vnet_core::lookup::address(design, &q.to).ok_or(format!("unknown destination '{}'", q.to))?;
    let flow = Flow { from, to, protocol: q.protocol, port: q.port, host: q.host.clone() };
    let t = eng.trace(&flow).map_err(|e| e.to_string())?;
    let mut errors = Vec::new();
    let (outcome, at, rule) = outcome_key(&t.outcome);
    if outcome != q.expect.outcome {
        errors.push(format!("outcome is {outcome}, expected {}", q.expect.outcome));
    }
    if let Some(want) = &q.expect.at {
        if at != Some(want.as_str()) {
            errors.push(format!("outcome at {at:?}, expected {want}"));
        }
    }
    if let Some(want) = &q.expect.rule {
        if rule != Some(want.as_str()) {
            errors.push(format!("outcome rule {rule:?}, expected {want}"));
        }
    }
    let fwd: Vec<&str> = t.forward.hops.iter().map(|h| h.place.name()).collect();
    if !in_order(&fwd, &q.expect.via) {
        errors.push(format!("forward path {fwd:?} does not visit {:?} in order", q.expect.via));
    }
    for n in &q.expect.not_via {
        if fwd.contains(&n.as_str()) {
            errors.push(format!("forward path visits {n}"));
        }
    }
    let rep: Vec<&str> = t.reply.iter().flat_map(|r| r.hops.iter().map(|h| h.place.name())).collect();
    if !in_order(&rep, &q.expect.reply_via) {
        errors.push(format!("reply path {rep:?} does not visit {:?} in order", q.expect.reply_via));
    }
    for n in &q.expect.reply_not_via {
        if rep.contains(&n.as_str()) {
            errors.push(format!("reply path visits {n}"));
        }
    }
    let cited: Vec<&str> = t
        .forward
        .hops
        .iter()
        .chain(t.reply.iter().flat_map(|r| r.hops.iter()))
        .flat_map(|h| h.steps.iter().map(|s| s.rule))
        .chain(t.notes.iter().map(|s| s.rule))
        .collect();
    for r in &q.expect.steps_cite {
        if !cited.contains(&r.as_str()) {
            errors.push(format!("no step cites {r}"));
        }
    }
    if let Some(want) = &q.expect.reason {
        let reason = match &t.outcome {
            Outcome::Dropped { reason, .. } | Outcome::AtRisk { reason, .. } => reason.as_str(),
            _ => "",
        };
        if !reason.contains(want.as_str()) {
            errors.push(format!("outcome reason {reason:?} does not say {want:?}"));
        }
    }
    let details: Vec<&str> = t
        .forward
        .hops
        .iter()
        .chain(t.reply.iter().flat_map(|r| r.hops.iter()))
        .flat_map(|h| h.steps.iter().map(|s| s.detail.as_str()))
        .chain(t.notes.iter().map(|s| s.detail.as_str()))
        .collect();
    for want in &q.expect.steps_mention {
        if !details.iter().any(|d| d.contains(want.as_str())) {
            errors.push(format!("no step mentions {want:?}"));
        }
    }
    for rule in &q.expect.notes_absent {
        if let Some(n) = t.notes.iter().find(|n| n.rule == rule) {
            errors.push(format!("a note cites {rule}: {}", n.detail));
        }
    }
    if let Some(want) = q.expect.same_places_back {
        let back: HashSet<&Place> = t.reply.iter().flat_map(|r| r.hops.iter().map(|h| &h.place)).collect();
        let there: HashSet<&Place> = t.forward.hops.iter().map(|h| &h.place).collect();
        if (back == there) != want {
            errors.push(format!("the reply visits the request's places: {}, expected {want}", back == there));
        }
    }
    if let Some(n) = q.expect.hops {
        if t.forward.hops.len() != n {
            errors.push(format!("the forward path has {} hops, expected {n}", t.forward.hops.len()));
        }
    }
    if let Some(rule) = &q.expect.fix {
        let doc = vnet_core::document::Document::new(design.clone(), vnet_core::layout::Layout::default());
        let proposals = vnet_core::fix::propose(&doc, &flow);
        if !proposals.iter().any(|p| p.rule == rule) {
            let got: Vec<(&str, &str)> = proposals.iter().map(|p| (p.title.as_str(), p.rule)).collect();
            errors.push(format!("no proved {rule} fix among {got:?}"));
        }
    }
    if let Some(rules) = &q.expect.fix_pair {
        let doc = vnet_core::document::Document::new(design.clone(), vnet_core::layout::Layout::default());
        let proposals = vnet_core::fix::propose(&doc, &flow);
        let got: Vec<Vec<&str>> = proposals.iter().map(|p| p.parts.iter().map(|x| x.rule).collect()).collect();
        if !got.iter().any(|parts| parts == rules) || got.iter().any(|parts| parts.len() == 1) {
            errors.push(format!("expected a proved pair {rules:?} and no single fix, got {got:?}"));
        }
    }
    if let Some(src) = q.expect.seen_source {
        let seen = t.forward.hops.last().map(|h| h.packet.src);
        if seen != Some(src) {
            errors.push(format!("destination sees source {seen:?}, expected {src}"));
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(format!("{}\n{}", errors.join("\n    "), describe(&t)))
    }
}
