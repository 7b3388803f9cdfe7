//! `resolves` intents: a name, looked up from each client the source stands for, must give the
//! expected answer (a private endpoint's address, a given address, or not a public one). The
//! answer is the DNS engine's, step by step (D-1..D-23); this only compares it.

use super::ends::senders;
use super::{Evidence, Status, Verdict, MAX_PAIRS};
use crate::dns::{is_private, Answer, DnsEngine};
use crate::model::{Design, DnsExpectation, IntentEnd};
use std::net::Ipv4Addr;

pub(super) fn resolves(
    design: &Design,
    dns: Option<&DnsEngine>,
    from: &IntentEnd,
    name: &str,
    expect: &DnsExpectation,
) -> Verdict {
    let Some(dns) = dns else { return Verdict::unchecked("no DNS engine") };
    if name.trim().is_empty() {
        return Verdict::unchecked("the intent names no DNS name to look up");
    }
    let clients = match senders(design, from) {
        Ok(s) => s,
        Err(why) => return Verdict::unchecked(why),
    };
    let clients: Vec<_> = clients.into_iter().filter_map(|s| s.client.map(|c| (c, s.name))).collect();
    if clients.is_empty() {
        return Verdict::unchecked(
            "the internet asks public DNS: look a name up from a VM, subnet, VNet or on-premises host",
        );
    }
    let total = clients.len();
    let mut failures = 0;
    let (mut worst, mut first) = (None, None);
    for (client, label) in clients.iter().take(MAX_PAIRS) {
        let r = match dns.resolve(client.as_str(), name) {
            Ok(r) => r,
            Err(e) => return Verdict::unchecked(e.to_string()),
        };
        let (ok, why) = judge(design, &r.answer, expect);
        let rule = r.steps.last().map(|s| s.rule);
        let entry = || Some((ok, why.clone(), rule, client.clone(), label.clone()));
        if !ok {
            failures += 1;
            worst = worst.or_else(entry);
        } else {
            first = first.or_else(entry);
        }
    }
    let checked = total.min(MAX_PAIRS);
    let Some((ok, why, rule, client, label)) = worst.or(first) else { return Verdict::unchecked("nothing to check") };
    let more = match failures {
        n if n > 1 => format!(" (fails for {n} of {checked} clients)"),
        0 if checked > 1 => format!(" (all {checked} clients)"),
        _ => String::new(),
    };
    Verdict {
        status: if ok { Status::Pass } else { Status::Fail },
        summary: format!("{label} asks {name}: {why}{more}"),
        rule: if ok { None } else { rule },
        pairs: checked,
        evidence: Some(Evidence::Lookup { from: client, name: name.to_string() }),
    }
}

/// Whether an answer is the expected one, in words.
fn judge(design: &Design, answer: &Answer, expect: &DnsExpectation) -> (bool, String) {
    let ips: &[Ipv4Addr] = match answer {
        Answer::A { ips, .. } => ips,
        Answer::NxDomain { .. } => return (false, "NXDOMAIN".to_string()),
        Answer::ServFail { reason } => return (false, format!("SERVFAIL ({reason})")),
    };
    let list = ips.iter().map(Ipv4Addr::to_string).collect::<Vec<_>>().join(", ");
    match expect {
        DnsExpectation::PrivateEndpoint => {
            let pe = ips
                .iter()
                .find_map(|ip| design.private_endpoints.iter().find(|p| p.ip == *ip || p.secondary_ips.contains(ip)));
            match pe {
                Some(p) => (true, format!("{list}, private endpoint {}", p.name)),
                None => (false, format!("{list}, not a private endpoint's address")),
            }
        }
        DnsExpectation::Ip { ip } if ips.contains(ip) => (true, list),
        DnsExpectation::Ip { ip } => (false, format!("{list}, not {ip}")),
        DnsExpectation::NotPublic if ips.iter().all(|ip| is_private(*ip)) => (true, list),
        DnsExpectation::NotPublic => (false, format!("{list}, a public address")),
    }
}
