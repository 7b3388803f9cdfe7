//! Path traps found by tracing: non-transitive peering (P-1) and a stateful device on an
//! asymmetric path (F-12, F-5). Both take their fix from `fix::propose`, proved by a re-trace.

use super::flows::{self, MAX_FLOWS};
use super::{Code, Ctx, Found, Insight, Proof, Severity};
use crate::model::FlowSource;
use crate::trace::{Flow, Outcome};

/// `non-transitive-peering`: VNets A and C are both peered with B but not with each other, and
/// TCP from A's first NIC to C's does not get through (P-1). One per unordered pair.
pub(crate) fn non_transitive(ctx: &Ctx) -> Vec<Found> {
    let net = &ctx.eng.net;
    let mut out = Vec::new();
    let mut traced = 0;
    for a in 0..net.vnets.len() {
        for c in (a + 1)..net.vnets.len() {
            if traced >= MAX_FLOWS {
                return out;
            }
            if net.peer(a, c).is_some() {
                continue;
            }
            let Some(b) = net.peers[a].iter().map(|p| p.remote).find(|&b| net.peer(c, b).is_some()) else { continue };
            let (Some(from), Some(to)) = (flows::first_nic_in_vnet(ctx, a), flows::first_nic_in_vnet(ctx, c)) else {
                continue;
            };
            traced += 1;
            let flow = flows::tcp(flows::from_nic(from), to.ip);
            let Ok(t) = ctx.eng.trace(&flow) else { continue };
            if matches!(t.outcome, Outcome::Delivered | Outcome::AtRisk { .. }) {
                continue;
            }
            let (va, vb, vc) = (net.vnets[a], net.vnets[b], net.vnets[c]);
            let insight = Insight {
                code: Code::NonTransitivePeering,
                severity: Severity::Warning,
                elements: vec![va.id.clone(), vc.id.clone(), vb.id.clone()],
                title: format!("{} cannot reach {} through {}", va.name, vc.name, vb.name),
                why: format!(
                    "{} and {} are each peered with {}, but peering is not transitive (P-1): {} gets routes \
                     only for its direct peers (R-7), so TCP from {} to {} ends with \"{}\". Peer them \
                     directly, or route through an NVA or firewall in {} with UDRs on both sides.",
                    va.name,
                    vc.name,
                    vb.name,
                    va.name,
                    va.name,
                    vc.name,
                    t.outcome.label(),
                    vb.name
                ),
                rules: vec!["P-1", "R-7"],
                fix: None,
                fixable: false,
            };
            out.push(Found::new(insight, Proof::Trace(flow)));
        }
    }
    out
}

/// The flows `asymmetric` runs: each site's first host to each VNet's first NIC, then each
/// VNet's first NIC to every other VNet's first NIC.
fn asymmetric_flows(ctx: &Ctx) -> Vec<Flow> {
    let net = &ctx.eng.net;
    let firsts: Vec<_> = (0..net.vnets.len()).filter_map(|v| flows::first_nic_in_vnet(ctx, v)).collect();
    let mut out = Vec::new();
    for host in flows::site_hosts(ctx) {
        for nic in &firsts {
            out.push(flows::tcp(FlowSource::Host { id: host.id.clone() }, nic.ip));
        }
    }
    for a in &firsts {
        if out.len() >= MAX_FLOWS {
            break;
        }
        for c in &firsts {
            if a.id != c.id {
                out.push(flows::tcp(flows::from_nic(a), c.ip));
            }
        }
    }
    out.truncate(MAX_FLOWS);
    out
}

/// `asymmetric-stateful`: a stateful device (Azure Firewall, stateful NVA) sees one direction of
/// a flow and drops the other (F-12, F-5): the classic gateway-propagation and one-sided-UDR cases.
pub(crate) fn asymmetric(ctx: &Ctx) -> Vec<Found> {
    let mut out = Vec::new();
    for flow in asymmetric_flows(ctx) {
        let Ok(t) = ctx.eng.trace(&flow) else { continue };
        let Outcome::Dropped { at, rule: "F-12" | "F-5", reason } = &t.outcome else { continue };
        let Some(device) = at.element().cloned() else { continue };
        let device = flows::vm_of(ctx, &device).unwrap_or(device);
        let source = flows::source_element(ctx, &flow.from);
        if out.iter().any(|f: &Found| {
            f.insight.elements.first() == Some(&device) && f.insight.elements.get(1) == source.as_ref()
        }) {
            continue;
        }
        let who = source.as_ref().map(|s| ctx.name(s)).unwrap_or_default();
        let device_name = ctx.name(&device);
        let mut elements = vec![device];
        elements.extend(source);
        elements.extend(
            t.forward.hops.last().and_then(|h| h.place.element()).map(|id| flows::vm_of(ctx, id).unwrap_or(id.clone())),
        );
        let insight = Insight {
            code: Code::AsymmetricStateful,
            severity: Severity::Error,
            elements,
            title: format!("{device_name} sees only one direction of {who} → {}", flow.to),
            why: format!(
                "TCP from {who} to {} crosses {device_name} in one direction only; a stateful device drops \
                 packets of a connection it has no state for (F-5, F-12): {reason}. Make both directions take \
                 the same path (a UDR on the other side, or gateway propagation off, R-28) or SNAT at the device.",
                flow.to
            ),
            rules: vec!["F-12", "F-5"],
            fix: None,
            fixable: false,
        };
        out.push(Found::new(insight, Proof::Trace(flow)));
    }
    out
}
