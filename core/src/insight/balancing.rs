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

#[cfg(test)]
mod tests {
    use crate::build::{nsg_rule, DesignBuilder};
    use crate::insight::{insights, Code, Severity};
    use crate::model::*;

    /// Two NVAs behind an ILB probing TCP 8080; `deny` NSG rules on the second NVA's subnet.
    fn pool(deny_priority: u16, both: bool) -> Design {
        let mut b = DesignBuilder::new("probe");
        let hub = b.vnet("vnet-hub", "westeurope", &["10.0.0.0/16"]);
        let s1 = b.subnet(&hub, "snet-nva-1", "10.0.1.0/24");
        let s2 = b.subnet(&hub, "snet-nva-2", "10.0.2.0/24");
        let (_, n1) = b.vm("nva-1", &s1, "10.0.1.4");
        let (_, n2) = b.vm("nva-2", &s2, "10.0.2.4");
        let rule =
            nsg_rule("deny-probe", deny_priority, Direction::Inbound, Access::Deny, Protocol::Tcp, "*", "*", "8080");
        let subnets: Vec<&crate::id::Id> = if both { vec![&s1, &s2] } else { vec![&s2] };
        b.nsg("nsg-nva", rule.into_iter().collect(), &subnets);
        let mut d = b.build().unwrap();
        d.load_balancers.push(LoadBalancer {
            id: crate::id::Id::new("lb1"),
            name: "ilb-nva".into(),
            subnet: s1,
            frontend_ip: "10.0.1.10".parse().unwrap(),
            backends: vec![LbBackend { nic: n1, healthy: true }, LbBackend { nic: n2, healthy: true }],
            rules: vec![LbRule { name: "ha".into(), protocol: Protocol::Any, frontend_port: 0, backend_port: 0 }],
            probe: Some(LbProbe { protocol: ProbeProtocol::Http, port: 8080 }),
            meta: Default::default(),
        });
        d
    }

    #[test]
    fn a_denied_probe_is_found_and_its_fix_proved() {
        let d = pool(300, false);
        let found: Vec<_> = insights(&d).into_iter().filter(|i| i.code == Code::LbProbeBlocked).collect();
        assert_eq!(found.len(), 1, "{found:?}");
        let i = &found[0];
        assert_eq!(i.severity, Severity::Warning, "one backend is still healthy");
        assert_eq!(i.elements.first().map(|e| e.as_str()), Some("lb1"));
        assert!(i.why.contains("1 of 2 backends"), "{}", i.why);
        let fix = i.fix.as_ref().expect("a free priority below 300 exists");
        let after = crate::insight::changed(&d, &fix.edit).unwrap();
        assert!(insights(&after).iter().all(|i| i.code != Code::LbProbeBlocked));
    }

    #[test]
    fn every_backend_denied_is_an_error_and_no_room_means_no_fix() {
        let found: Vec<_> = insights(&pool(100, true)).into_iter().filter(|i| i.code == Code::LbProbeBlocked).collect();
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(found.iter().all(|i| i.severity == Severity::Error && i.fix.is_none()));
        assert!(found[0].why.contains("drops every new flow"), "{}", found[0].why);
    }
}
