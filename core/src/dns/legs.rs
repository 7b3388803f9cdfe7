//! DNS packets are network traffic (D-3): every hop of a query between a client, a DNS server, a
//! forwarder, a resolver endpoint or on-premises DNS is a UDP flow that the routing engine traces,
//! request and reply. Legs join fixed endpoints, so each is traced once per design version and
//! reused (DECISIONS 23). Azure-provided DNS (168.63.129.16) is a platform address, not routed
//! (D-1): the trace answers it at the sender's host, where only NSG rules naming its platform
//! tag apply (N-9); on-premises cannot reach it at all (D-13).

use super::{DnsEngine, DnsLeg, AZURE_DNS};
use crate::model::{FlowSource, Protocol};
use crate::packet::RuleId;
use crate::trace::{Action, Flow, Outcome, Place};
use std::net::Ipv4Addr;
use std::rc::Rc;

/// The outcome of one leg, as the resolution records it.
#[derive(Clone, Debug)]
pub(super) struct LegResult {
    /// The query and its answer get through (delivered, or at risk with a note).
    pub ok: bool,
    pub rule: RuleId,
    pub detail: String,
    pub leg: DnsLeg,
}

impl<'e, 'd> DnsEngine<'e, 'd> {
    /// The UDP leg from `from` to `to:port`, traced on first use and memoized.
    pub(super) fn leg(&self, from: &FlowSource, to: Ipv4Addr, port: u16) -> Rc<LegResult> {
        let hit =
            self.legs.borrow().get(&(to, port)).and_then(|v| v.iter().find(|(f, _)| f == from).map(|(_, r)| r.clone()));
        if let Some(hit) = hit {
            return hit;
        }
        let result = Rc::new(self.trace_leg(from, to, port));
        self.legs.borrow_mut().entry((to, port)).or_default().push((from.clone(), result.clone()));
        result
    }

    fn trace_leg(&self, from: &FlowSource, to: Ipv4Addr, port: u16) -> LegResult {
        let flow = Flow { from: from.clone(), to, protocol: Protocol::Udp, port, host: None };
        let what = if port == 53 { format!("UDP 53 to {to}") } else { format!("UDP {port} to {to}") };
        // Most legs get through: their result needs only the places the query passed, so the
        // walk runs without its explanation first (`Engine::path`), and again with it only for a
        // leg that fails or is at risk, whose reason and rule the step quotes.
        if let Ok(path) = self.eng.path(&flow) {
            let via: Vec<Place> = path.forward.hops.iter().skip(1).map(|h| h.place.clone()).collect();
            let lost = via.last() == Some(&Place::Internet) && super::is_private(to);
            if path.outcome == Outcome::Delivered && !lost {
                return delivered(what, to, port, via);
            }
        }
        let trace = match self.eng.trace(&flow) {
            Ok(t) => t,
            Err(e) => {
                let leg = DnsLeg { to, port, outcome: "no route", via: Vec::new() };
                return LegResult { ok: false, rule: "D-3", detail: format!("{what}: {e}"), leg };
            }
        };
        let via: Vec<Place> = trace.forward.hops.iter().skip(1).map(|h| h.place.clone()).collect();
        let path = match via.is_empty() {
            true => String::new(),
            false => format!(" ({})", via.iter().map(Place::name).collect::<Vec<_>>().join(" → ")),
        };
        // A private address sent to the internet is "delivered" by the trace, but no server is there.
        let lost = via.last() == Some(&Place::Internet) && super::is_private(to);
        let (ok, rule, detail) = match &trace.outcome {
            Outcome::Delivered if lost => {
                let route = trace.forward.hops.iter().flat_map(|h| &h.steps).rev().find(|s| s.action == Action::Route);
                let why = route.map_or(String::new(), |s| format!(": {}", s.detail));
                (
                    false,
                    route.map_or("R-3", |s| s.rule),
                    format!("{what} leaves for the internet, where no server holds a private address{why}"),
                )
            }
            Outcome::Delivered => return delivered(what, to, port, via),
            Outcome::AtRisk { reason, rule, .. } => (true, *rule, format!("{what}{path} is at risk: {reason}")),
            Outcome::Dropped { at, reason, rule } => {
                (false, *rule, format!("{what} is dropped at {}: {reason}", at.name()))
            }
            Outcome::Loop { at } => (false, "R-15", format!("{what} loops at {}", at.name())),
            Outcome::NoRoute { at } => (false, "R-19", format!("{what}: no route at {}", at.name())),
        };
        let leg = DnsLeg { to, port, outcome: trace.outcome.label(), via };
        LegResult { ok, rule, detail, leg }
    }
}

/// A leg that gets through: answered by the host for Azure DNS (D-1), else by the server (D-3).
fn delivered(what: String, to: Ipv4Addr, port: u16, via: Vec<Place>) -> LegResult {
    let path = match via.is_empty() {
        true => String::new(),
        false => format!(" ({})", via.iter().map(Place::name).collect::<Vec<_>>().join(" → ")),
    };
    let (rule, detail) = match to == AZURE_DNS {
        true => ("D-1", format!("{what} (Azure DNS) is answered by the host")),
        false => ("D-3", format!("{what} gets through{path} and the answer comes back")),
    };
    let leg = DnsLeg { to, port, outcome: Outcome::Delivered.label(), via };
    LegResult { ok: true, rule, detail, leg }
}
