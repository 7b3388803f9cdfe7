//! Recursive DNS servers: DNS server VMs (D-4) and on-premises DNS servers (D-13). Each answers
//! from its own records and authoritative zones (on-premises, schema v2), else sends the query
//! to the conditional forwarder of the most specific domain, else to its default forwarders,
//! else resolves it publicly.
//!
//! **CNAME following (D-13 Sim choice).** A recursive server restarts resolution at a CNAME's
//! target through its own configuration (RFC 1034 §4.3.2, §5.3.3). With `followCname` on (the
//! default), when an upstream answer holds a CNAME whose target falls under a *different* rule of
//! this server (another conditional forwarder, a zone or record of its own), the server keeps the
//! chain up to that CNAME, drops the rest and resolves the target as a new query, its own step
//! in the trace; a target under the same rule keeps the upstream's chain. Off, the upstream's
//! answer is returned as received. Caching is not modelled.

use super::index::{Config, Rule};
use super::servers::{list, Resolver, Sender};
use super::{normalize, Answer, MAX_DEPTH};
use crate::model::{DnsTarget, RecordData};
use crate::packet::RuleId;

/// A recursive server as a query meets it.
pub(super) struct Srv<'a, 'd> {
    pub cfg: &'a Config<'d>,
    /// How step texts name it: `DNS server 'vm-dns'`, `'dns-onprem'`.
    pub who: String,
    /// The rule its own steps cite: D-4 (a DNS server VM), D-13 (on-premises).
    pub rule: RuleId,
    /// The server as the sender of its forwarded queries.
    pub sender: Sender<'a>,
}

impl Resolver<'_, '_, '_> {
    /// A query for `name` at the server `srv`.
    pub(super) fn recursive(&mut self, srv: &Srv, name: &str, depth: usize) -> Answer {
        let (at, element) = (srv.sender.name, srv.sender.element);
        if depth > MAX_DEPTH {
            return self.too_deep(at, element, name, srv.rule);
        }
        let rule = srv.cfg.rule(name);
        let start = self.chain.len();
        let answer = match rule {
            Rule::Record => match srv.cfg.records.get(name) {
                Some(data) => return self.own(srv, data, "its own records", name, depth),
                None => Answer::ServFail { reason: "record vanished".into() },
            },
            Rule::Zone(z) => {
                let Some((zone, records)) = srv.cfg.zones.get(z) else {
                    return Answer::ServFail { reason: "zone vanished".into() };
                };
                let relative = name.strip_suffix(zone.as_str()).unwrap_or("").trim_end_matches('.');
                let relative = if relative.is_empty() { "@" } else { relative };
                match records.get(relative) {
                    Some(data) => return self.own(srv, data, &format!("its zone {zone}"), name, depth),
                    None => {
                        let detail = format!("{} is authoritative for {zone} and has no {relative}: NXDOMAIN", srv.who);
                        self.step(at, element, name, srv.rule, detail);
                        return Answer::NxDomain { chain: self.chain.clone() };
                    }
                }
            }
            Rule::Forwarder(f) => match srv.cfg.rules.get(f) {
                Some((domain, targets)) => {
                    self.send(srv, targets, &format!("conditional forwarder for {domain}"), name, depth)
                }
                None => Answer::ServFail { reason: "forwarder vanished".into() },
            },
            Rule::Default if srv.cfg.default.is_empty() => {
                let detail = match srv.rule {
                    "D-13" => format!("{} has no forwarder for {name}: it resolves it on the public internet", srv.who),
                    _ => format!("{} resolves it on the public internet", srv.who),
                };
                self.step(at, element, name, srv.rule, detail);
                self.public(name, None, depth + 1)
            }
            Rule::Default => self.send(srv, srv.cfg.default, "its default forwarder", name, depth),
        };
        self.follow(srv, rule, start, answer, depth)
    }

    /// Sends the query to `targets` (failover in order) and returns their answer.
    fn send(&mut self, srv: &Srv, targets: &[DnsTarget], why: &str, name: &str, depth: usize) -> Answer {
        let detail = format!("{} forwards to {} ({why})", srv.who, list(targets));
        self.step(srv.sender.name, srv.sender.element, name, srv.rule, detail);
        self.forward(&srv.sender, targets, name, depth)
    }

    /// An answer from the server's own data; a CNAME there is followed as a new query at the
    /// same server (RFC 1034 §4.3.2), whatever `followCname` says: it is the server's own record.
    fn own(&mut self, srv: &Srv, data: &RecordData, from: &str, name: &str, depth: usize) -> Answer {
        let (at, element) = (srv.sender.name, srv.sender.element);
        match data {
            RecordData::A { ips } => {
                self.step(at, element, name, srv.rule, format!("{} answers from {from}: A {}", srv.who, list(ips)));
                Answer::A { ips: ips.clone(), chain: self.chain.clone() }
            }
            RecordData::Cname { target } => {
                let target = normalize(target);
                let detail = format!("{} answers from {from}: CNAME {target}, which it resolves in turn", srv.who);
                self.step(at, element, name, srv.rule, detail);
                self.chain.push(target.clone());
                self.recursive(srv, &target, depth + 1)
            }
        }
    }

    /// D-13: the upstream answer for a query under `rule` added `chain[start..]`; the first
    /// CNAME target there that falls under another rule of this server is resolved anew.
    fn follow(&mut self, srv: &Srv, rule: Rule, start: usize, answer: Answer, depth: usize) -> Answer {
        if !srv.cfg.follow_cname || matches!(answer, Answer::ServFail { .. }) {
            return answer;
        }
        let added = self.chain.get(start..).unwrap_or_default();
        let Some((i, other)) = added.iter().enumerate().find_map(|(i, t)| {
            let r = srv.cfg.rule(t);
            (r != rule).then_some((i, r))
        }) else {
            return answer;
        };
        let target = added[i].clone();
        self.chain.truncate(start + i + 1);
        let detail = format!(
            "{} follows the CNAME to {target}: that name falls under {}, not {}, so the server keeps the \
             chain up to it, drops the rest of the answer and resolves {target} as a new query",
            srv.who,
            srv.cfg.describe(other),
            srv.cfg.describe(rule)
        );
        self.step(srv.sender.name, srv.sender.element, &target, "D-13", detail);
        self.recursive(srv, &target, depth + 1)
    }
}
