//! Flow intents — `reach`, `isolate`, `through`, `symmetric` — over every sender × receiver pair
//! of their ends. Each pair is judged from the engine's own trace: its outcome (DECISIONS 1) and,
//! for `through` and `symmetric`, the places of the forward and reply paths.

use super::describe::outcome_text;
use super::ends::{self, Receiver, Sender};
use super::{Evidence, Status, Verdict, MAX_PAIRS};
use crate::connect::connect_with;
use crate::dns::DnsEngine;
use crate::id::Id;
use crate::model::{Design, FlowSource, IntentCheck, Protocol, VmRole};
use crate::packet::RuleId;
use crate::trace::{Engine, Flow, Outcome, Path, Place, Trace};
use std::collections::BTreeSet;

/// What one pair showed: whether it keeps the promise, why, and what to open.
struct Attempt {
    ok: bool,
    why: String,
    rule: Option<RuleId>,
    evidence: Evidence,
}

/// What a flow intent promises of each pair.
#[derive(Clone, Copy)]
enum Promise<'a> {
    Delivered,
    NotDelivered,
    Through(&'a [Id]),
    Symmetric,
}

pub(super) fn check(eng: &Engine, dns: Option<&DnsEngine>, check: &IntentCheck) -> Verdict {
    let devices;
    let (from, to, protocol, port, promise) = match check {
        IntentCheck::Reach { from, to, protocol, port } => (from, to, protocol, port, Promise::Delivered),
        IntentCheck::Isolate { from, to, protocol, port } => (from, to, protocol, port, Promise::NotDelivered),
        IntentCheck::Symmetric { from, to, protocol, port } => (from, to, protocol, port, Promise::Symmetric),
        IntentCheck::Through { from, to, protocol, port, device } => {
            devices = match device_places(eng.net.design, device) {
                Ok(d) => d,
                Err(why) => return Verdict::unchecked(why),
            };
            (from, to, protocol, port, Promise::Through(&devices))
        }
        IntentCheck::Resolves { .. } => return Verdict::unchecked("not a flow intent"),
    };
    run(eng, dns, (from, to), flow_kind(*protocol, *port), promise)
}

/// A flow is never `Any`: an intent written for any protocol is checked over TCP (Sim choice).
fn flow_kind(protocol: Protocol, port: u16) -> (Protocol, u16) {
    match protocol {
        Protocol::Any => (Protocol::Tcp, port),
        Protocol::Icmp => (Protocol::Icmp, 0),
        p => (p, port),
    }
}

fn run(
    eng: &Engine,
    dns: Option<&DnsEngine>,
    (from, to): (&crate::model::IntentEnd, &crate::model::IntentEnd),
    (protocol, port): (Protocol, u16),
    promise: Promise,
) -> Verdict {
    let design = eng.net.design;
    let senders = match ends::senders(design, from) {
        Ok(s) => s,
        Err(why) => return Verdict::unchecked(why),
    };
    let receivers = match ends::receivers(design, to) {
        Ok(r) => r,
        Err(why) => return Verdict::unchecked(why),
    };
    let pairs: Vec<(&Sender, &Receiver)> = senders
        .iter()
        .flat_map(|s| receivers.iter().map(move |r| (s, r)))
        .filter(|(s, r)| !same_address(s, r))
        .collect();
    if pairs.is_empty() {
        return Verdict::unchecked("the source and the destination are the same addresses");
    }
    let total = pairs.len();
    let mut failures = 0;
    let (mut first_fail, mut first_pass) = (None, None);
    for (i, (s, r)) in pairs.iter().take(MAX_PAIRS).enumerate() {
        match attempt(eng, dns, s, r, (protocol, port), promise, false) {
            Ok(a) if a.ok => first_pass = first_pass.or(Some((i, a))),
            Ok(a) => {
                failures += 1;
                first_fail = first_fail.or(Some((i, a)));
            }
            Err(why) => return Verdict::unchecked(why),
        }
    }
    let checked = total.min(MAX_PAIRS);
    let sampled =
        if total > MAX_PAIRS { format!("; checked the first {MAX_PAIRS} of {total} pairs") } else { String::new() };
    let (status, (at, a)) = match (first_fail, first_pass) {
        (Some(f), _) => (Status::Fail, f),
        (None, Some(p)) => (Status::Pass, p),
        (None, None) => return Verdict::unchecked("nothing to check"),
    };
    let Some((s, r)) = pairs.get(at) else { return Verdict::unchecked("nothing to check") };
    // A failure judged from the unexplained walk is judged again with its explanation, for the
    // reason and the rule; a pass says enough already.
    let a = match a.why.is_empty() {
        true => match attempt(eng, dns, s, r, (protocol, port), promise, true) {
            Ok(a) => a,
            Err(why) => return Verdict::unchecked(why),
        },
        false => a,
    };
    let label = format!("{} → {}", s.name, r.name());
    let more = match (status, failures) {
        (Status::Fail, n) if n > 1 => format!(" (fails for {n} of {checked} pairs)"),
        (Status::Pass, n) if checked > 1 => format!(" (all {n} pairs)", n = checked - n),
        _ => String::new(),
    };
    Verdict {
        status,
        summary: format!("{label}: {}{more}{sampled}", a.why),
        rule: if status == Status::Fail { a.rule } else { None },
        pairs: checked,
        evidence: Some(a.evidence),
    }
}

/// A NIC talking to itself is not a flow the intent is about (a subnet to the same subnet).
fn same_address(s: &Sender, r: &Receiver) -> bool {
    match (s, r) {
        (_, Receiver::Service { .. }) => false,
        (s, Receiver::Ip { name, .. }) => s.name == *name,
    }
}

/// Judges one pair. Without `explain`, a promise that needs only the outcome is judged from the
/// unexplained walk (several times faster, `Engine::outcome`); a failure's `why` is then left
/// blank, and the failing pair reported is judged again with its explanation.
fn attempt(
    eng: &Engine,
    dns: Option<&DnsEngine>,
    s: &Sender,
    r: &Receiver,
    (protocol, port): (Protocol, u16),
    promise: Promise,
    explain: bool,
) -> Result<Attempt, String> {
    match r {
        Receiver::Ip { ip, .. } => {
            let flow = Flow { from: s.flow.clone(), to: *ip, protocol, port, host: None };
            if !explain && matches!(promise, Promise::Delivered | Promise::NotDelivered) {
                let outcome = eng.outcome(&flow).map_err(|e| e.to_string())?;
                let reached = matches!(outcome, Outcome::Delivered | Outcome::AtRisk { .. });
                let (ok, why) = match promise {
                    Promise::Delivered => (matches!(outcome, Outcome::Delivered), "delivered".to_string()),
                    _ => (!reached, format!("not delivered ({})", outcome.label())),
                };
                // A failure's `why` is left blank: it is explained by the caller.
                let why = if ok { why } else { String::new() };
                return Ok(Attempt { ok, why, rule: None, evidence: Evidence::Trace { flow } });
            }
            if !explain {
                // Which devices a flow crosses needs its places, not its explanation.
                let trace = eng.path(&flow).map_err(|e| e.to_string())?;
                let a = judge(eng.net.design, &trace, promise, Evidence::Trace { flow });
                return Ok(if a.ok { a } else { Attempt { why: String::new(), ..a } });
            }
            let trace = eng.trace(&flow).map_err(|e| e.to_string())?;
            Ok(judge(eng.net.design, &trace, promise, Evidence::Trace { flow }))
        }
        Receiver::Service { fqdn, name } => {
            if protocol != Protocol::Tcp {
                return Err(format!("{name} is reached by name over TCP: make the intent's protocol TCP"));
            }
            let dns = dns.ok_or("no DNS engine")?;
            let from = match &s.flow {
                FlowSource::Internet { ip } => format!("internet:{ip}"),
                FlowSource::Nic { id } | FlowSource::Host { id } => id.to_string(),
            };
            let target = format!("{fqdn}:{port}");
            let conn = connect_with(dns, &from, &target).map_err(|e| e.to_string())?;
            let evidence = Evidence::Connect { from, target };
            // The service's verdict counts as much as the path: a connection is established
            // only when the trace delivers (not merely at risk) and the service accepts it.
            let trace_rule = conn.trace.as_ref().and_then(|t| match &t.outcome {
                Outcome::Dropped { rule, .. } | Outcome::AtRisk { rule, .. } => Some(*rule),
                _ => None,
            });
            let delivered = conn.ok && trace_rule.is_none();
            let rule = trace_rule.or_else(|| conn.service.as_ref().map(|s| s.rule));
            Ok(match (&conn.trace, promise) {
                (Some(t), Promise::Through(_) | Promise::Symmetric)
                    if conn.service.as_ref().is_none_or(|s| s.accepted) =>
                {
                    judge(eng.net.design, t, promise, evidence)
                }
                (_, Promise::NotDelivered) => Attempt {
                    ok: !conn.ok,
                    why: if conn.ok { format!("{} — it must not", conn.summary) } else { conn.summary.clone() },
                    rule: if conn.ok { None } else { rule },
                    evidence,
                },
                _ => Attempt { ok: delivered, why: conn.summary.clone(), rule, evidence },
            })
        }
    }
}

/// Whether a traced pair keeps the promise, in words.
fn judge(design: &Design, trace: &Trace, promise: Promise, evidence: Evidence) -> Attempt {
    let outcome = &trace.outcome;
    let rule = match outcome {
        Outcome::Dropped { rule, .. } | Outcome::AtRisk { rule, .. } => Some(*rule),
        _ => None,
    };
    let delivered = matches!(outcome, Outcome::Delivered);
    let reached = delivered || matches!(outcome, Outcome::AtRisk { .. });
    let (ok, why, rule) = match promise {
        Promise::Delivered => (delivered, outcome_text(outcome), rule),
        Promise::NotDelivered if reached => (false, format!("{} — it must not be", outcome_text(outcome)), rule),
        Promise::NotDelivered => (true, outcome_text(outcome), rule),
        Promise::Through(_) | Promise::Symmetric if !delivered => (false, outcome_text(outcome), rule),
        Promise::Through(device) => {
            let there = crosses(&trace.forward, device);
            let back = trace.reply.as_ref().is_some_and(|p| crosses(p, device));
            let name = device_name(design, device);
            match (there, back) {
                (true, true) => (true, format!("delivered through {name} both ways"), None),
                (false, _) => (false, format!("delivered, but the request bypasses {name}"), None),
                (true, false) => (false, format!("delivered, but the reply bypasses {name}"), None),
            }
        }
        Promise::Symmetric => {
            let there = stateful(design, &trace.forward);
            let back = trace.reply.as_ref().map(|p| stateful(design, p)).unwrap_or_default();
            if there == back {
                (true, "delivered; the reply crosses the same stateful devices".to_string(), None)
            } else {
                let only = |a: &BTreeSet<String>, b: &BTreeSet<String>| {
                    a.difference(b).cloned().collect::<Vec<_>>().join(", ")
                };
                let why = match (only(&there, &back), only(&back, &there)) {
                    (f, r) if r.is_empty() => format!("the reply does not cross {f}, which the request crossed"),
                    (f, r) if f.is_empty() => format!("the reply crosses {r}, which the request did not"),
                    (f, r) => format!("the request crosses {f}, the reply {r}"),
                };
                (false, why, None)
            }
        }
    };
    Attempt { ok, why, rule, evidence }
}

/// The places that stand for a `through` device: a firewall, or the NICs of an NVA (or a NIC).
fn device_places(design: &Design, device: &Id) -> Result<Vec<Id>, String> {
    if design.firewalls.iter().any(|f| &f.id == device) {
        return Ok(vec![device.clone()]);
    }
    if let Some(vm) = design.vms.iter().find(|v| &v.id == device) {
        return Ok(vm.nics.iter().map(|n| n.id.clone()).collect());
    }
    if design.nics().any(|(_, n)| &n.id == device) {
        return Ok(vec![device.clone()]);
    }
    if design.elements().iter().any(|e| e.id == device) {
        return Err(format!(
            "{} is not a firewall or an NVA: traffic cannot be required to cross it",
            crate::lookup::name(design, device)
        ));
    }
    Err(format!("the device '{device}' is not in the design (removed?): edit the intent or remove it"))
}

fn device_name(design: &Design, device: &[Id]) -> String {
    let Some(first) = device.first() else { return "the device".to_string() };
    match design.nics().find(|(_, n)| &n.id == first) {
        Some((vm, _)) => vm.name.clone(),
        None => crate::lookup::name(design, first),
    }
}

fn crosses(path: &Path, device: &[Id]) -> bool {
    path.hops.iter().any(|h| h.place.element().is_some_and(|e| device.contains(e)))
}

/// The stateful devices a path crosses, by name: firewalls and stateful NVAs (F-1, F-21).
fn stateful(design: &Design, path: &Path) -> BTreeSet<String> {
    path.hops
        .iter()
        .filter_map(|h| match &h.place {
            Place::Firewall { name, .. } => Some(name.clone()),
            Place::Nic { id, .. } => design.nics().find(|(_, n)| &n.id == id).and_then(|(vm, _)| match &vm.role {
                VmRole::Nva(cfg) if cfg.stateful => Some(vm.name.clone()),
                _ => None,
            }),
            _ => None,
        })
        .collect()
}
