//! Load-balancer traps (F-22): an NSG that denies the health probe from 168.63.129.16 makes a
//! backend unhealthy, so the internal load balancer stops sending it flows (and with every
//! backend down, drops them). Read from the engine's backend health, decided once per design.

use super::{Code, Ctx, Found, Insight, Proof, Severity};
use crate::edit::{Edit, Element};
use crate::id::Id;
use crate::model::{Access, AddressMatch, Direction, Nsg, NsgRule, PortRange, Protocol, ServiceTag};
use crate::trace::Health;

/// `lb-probe-blocked`, one per (load balancer, backend): the backend's NSG denies the probe.
/// An error when no backend of the pool is left healthy (every new flow is dropped), else a
/// warning (the pool runs on fewer instances than it has).
pub(crate) fn probe_blocked(ctx: &Ctx) -> Vec<Found> {
    let net = &ctx.eng.net;
    let mut out = Vec::new();
    for (b, pool) in net.balancing.balancers.iter().zip(&ctx.eng.pools) {
        let Some(port) = b.lb.probe.as_ref().map(|p| p.port) else { continue };
        let healthy = pool.iter().filter(|x| x.health == Health::Healthy).count();
        for backend in pool {
            let Health::ProbeDenied { nsg, rule, priority } = &backend.health else { continue };
            let Some(n) = net.nics.get(backend.nic) else { continue };
            let (lb, vm, nsg_name) = (&b.lb.name, &n.vm.name, ctx.name(nsg));
            let consequence = if healthy == 0 {
                "No backend is left healthy, so the load balancer drops every new flow (F-22 b)".to_string()
            } else {
                format!("The pool runs on {healthy} of {} backends (F-22 b)", pool.len())
            };
            let insight = Insight {
                code: Code::LbProbeBlocked,
                severity: if healthy == 0 { Severity::Error } else { Severity::Warning },
                elements: vec![b.lb.id.clone(), n.vm.id.clone(), nsg.clone()],
                title: format!("{lb} cannot probe {vm}: NSG {nsg_name} denies the health probe"),
                why: format!(
                    "Health probes come from 168.63.129.16 (the AzureLoadBalancer tag, allowed by the default rule \
                     AllowAzureLoadBalancerInBound, N-3), but rule '{rule}' (priority {priority}) of NSG {nsg_name} \
                     denies it on port {port}, so {lb} marks {vm} unhealthy and sends it no new flows. \
                     {consequence}. Allow AzureLoadBalancer on port {port} above that rule."
                ),
                rules: vec!["F-22", "N-3"],
                fix: None,
                fixable: false,
            };
            let proof = match allow_probe(ctx, nsg, *priority, port) {
                Some(fixed) => {
                    let title = format!("Allow the health probe (AzureLoadBalancer, TCP {port}) in {nsg_name}");
                    Proof::Rerun(probe_blocked, vec![(title, vec![Edit::Update(Element::Nsg(fixed))])])
                }
                None => Proof::None,
            };
            out.push(Found::new(insight, proof));
        }
    }
    out
}

/// The NSG with an inbound rule allowing the probe, at the highest free priority that still
/// comes before the denying rule; `None` when no priority is free there.
fn allow_probe(ctx: &Ctx, nsg: &Id, deny_priority: u16, port: u16) -> Option<Nsg> {
    let g = ctx.design.nsgs.iter().find(|g| &g.id == nsg)?;
    let used = |p: u16| g.rules.iter().any(|r| r.direction == Direction::Inbound && r.priority == p);
    let priority = (100..deny_priority).rev().find(|&p| !used(p))?;
    let mut fixed = g.clone();
    fixed.rules.push(NsgRule {
        name: format!("allow-lb-probe-{port}"),
        priority,
        direction: Direction::Inbound,
        access: Access::Allow,
        protocol: Protocol::Tcp,
        source: AddressMatch::Tag(ServiceTag::AzureLoadBalancer),
        source_ports: PortRange::ANY,
        destination: AddressMatch::Any,
        destination_ports: PortRange { from: port, to: port },
        source_asgs: Vec::new(),
        destination_asgs: Vec::new(),
    });
    Some(fixed)
}
