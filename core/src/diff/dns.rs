//! DNS answers that change: every VM paired on both sides (its primary NIC asks, as
//! `DnsEngine::sweep` does) × every name of either design's private zones (their records, the
//! zone groups' and autoregistered ones included: `records`) and of its PaaS resources' public
//! names (each sub-resource of the catalog service, D-10).

use super::{DnsChange, Sides};
use crate::catalog::services;
use crate::dns::{Answer, DnsEngine};
use crate::id::Id;
use crate::model::Design;
use std::collections::{BTreeSet, HashMap};

/// The names asked: zone records as fully qualified names, and PaaS public names, lower case.
pub(crate) fn names(design: &Design, into: &mut BTreeSet<String>) {
    for zone in &design.dns_zones {
        let apex = zone.name.trim_end_matches('.').to_ascii_lowercase();
        for r in crate::records::zone_records(design, &zone.id).into_iter().filter(|r| r.answered) {
            let name = r.name.trim_end_matches('.').to_ascii_lowercase();
            into.insert(if name == "@" || name.is_empty() { apex.clone() } else { format!("{name}.{apex}") });
        }
    }
    for res in &design.paas {
        let Some(service) = services::service(&res.service) else { continue };
        for sub in service.sub_resources {
            into.insert(format!("{}.{}", res.name.to_ascii_lowercase(), sub.public_zone));
        }
    }
}

/// An answer as a line: `A 10.1.2.4`, `NXDOMAIN`, `SERVFAIL (why)`.
pub fn answer_text(a: &Answer) -> String {
    match a {
        Answer::A { ips, .. } => {
            format!("A {}", ips.iter().map(ToString::to_string).collect::<Vec<_>>().join(", "))
        }
        Answer::NxDomain { .. } => "NXDOMAIN".to_string(),
        Answer::ServFail { reason } => format!("SERVFAIL ({reason})"),
    }
}

/// Whether two answers read the same as [`answer_text`] writes them, without writing them (the
/// sweep compares every client × name of both sides; most answers are equal).
fn same_text(x: &Answer, y: &Answer) -> bool {
    match (x, y) {
        (Answer::A { ips: a, .. }, Answer::A { ips: b, .. }) => a == b,
        (Answer::NxDomain { .. }, Answer::NxDomain { .. }) => true,
        (Answer::ServFail { reason: a }, Answer::ServFail { reason: b }) => a == b,
        _ => false,
    }
}

pub(super) fn changes(s: &Sides) -> Vec<DnsChange> {
    let mut set = BTreeSet::new();
    names(s.ea.net.design, &mut set);
    names(s.eb.net.design, &mut set);
    let names: Vec<String> = set.into_iter().collect();
    if names.is_empty() {
        return Vec::new();
    }
    let (da, db) = (DnsEngine::new(s.ea), DnsEngine::new(s.eb));
    let (sa, sb) = (da.sweep(&names), db.sweep(&names));
    // A client NIC's VM, on each side.
    let vm_of = |eng: &crate::trace::Engine| -> HashMap<Id, Id> {
        eng.net.nics.iter().map(|n| (n.nic.id.clone(), n.vm.id.clone())).collect()
    };
    let (vms_a, vms_b) = (vm_of(s.ea), vm_of(s.eb));
    // Each VM's first client row (a repeated id stands for its first VM).
    let rows = |clients: &[Id], vms: &HashMap<Id, Id>| -> HashMap<Id, usize> {
        let mut out = HashMap::new();
        for (i, nic) in clients.iter().enumerate() {
            if let Some(vm) = vms.get(nic) {
                out.entry(vm.clone()).or_insert(i);
            }
        }
        out
    };
    let (client_a, client_b) = (rows(&sa.clients, &vms_a), rows(&sb.clients, &vms_b));
    let mut out = Vec::new();
    let mut budget = 2 * super::MAX_EXPLAINED;
    for (c, nic) in sa.clients.iter().enumerate() {
        let Some(vm) = vms_a.get(nic) else { continue };
        if client_a.get(vm) != Some(&c) {
            continue; // a repeated id: its first client stands for it
        }
        let Some(pair) = s.paired(vm) else { continue };
        let Some(&d) = pair.after.as_ref().and_then(|n| client_b.get(&n.id)) else { continue };
        for (k, name) in names.iter().enumerate() {
            let (Some(x), Some(y)) = (sa.answer(c, k), sb.answer(d, k)) else { continue };
            if !same_text(x, y) {
                let (before, after) = (answer_text(x), answer_text(y));
                // The rule of the step that gave each answer, from the lookup step by step.
                let mut explain = |eng: &DnsEngine, vm: &Id| {
                    if budget == 0 {
                        return None;
                    }
                    budget -= 1;
                    let r = eng.resolve(vm.as_str(), name).ok()?;
                    r.steps.last().map(|s| s.rule.to_string())
                };
                let rule_before = explain(&da, vm);
                let rule_after = pair.after.as_ref().and_then(|n| explain(&db, &n.id));
                out.push(DnsChange {
                    client: pair.clone(),
                    name: name.clone(),
                    before,
                    after,
                    rule_before,
                    rule_after,
                });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `same_text` is exactly "the texts are equal", on every pair of a varied set of answers.
    #[test]
    fn same_text_is_equal_texts() {
        let ip = |s: &str| s.parse().expect("an address");
        let answers = [
            Answer::A { ips: vec![], chain: vec![] },
            Answer::A { ips: vec![ip("10.1.2.4")], chain: vec![] },
            Answer::A { ips: vec![ip("10.1.2.4")], chain: vec!["x.privatelink.blob.core.windows.net".into()] },
            Answer::A { ips: vec![ip("10.1.2.4"), ip("10.1.2.5")], chain: vec![] },
            Answer::A { ips: vec![ip("10.1.2.5"), ip("10.1.2.4")], chain: vec![] },
            Answer::NxDomain { chain: vec![] },
            Answer::NxDomain { chain: vec!["a.example".into()] },
            Answer::ServFail { reason: "no route to the resolver".into() },
            Answer::ServFail { reason: "timeout".into() },
        ];
        for x in &answers {
            for y in &answers {
                assert_eq!(same_text(x, y), answer_text(x) == answer_text(y), "{x:?} / {y:?}");
            }
        }
    }
}
