//! "Connect": resolve a name as the client would, then trace TCP to the answer with the name as
//! the flow's host (DECISIONS 6), and say how the traffic reaches the service (private endpoint,
//! service endpoint or public internet, E-3, E-21, D-11), which source address the service sees
//! (after SNAT, E-22, F-6..F-9) and whether the service's own network rules accept it (public
//! access, allowed subnets, IP rules, private endpoint connection state: E-2, E-22).
//!
//! Architecture invariant: a pure function over the DNS and routing engines; it decides nothing
//! they do not, and only reads their results to name the path and the service's verdict.

mod target;

pub use target::{parse as parse_target, Target};

use crate::catalog::services;
use crate::dns::{Answer, DnsEngine, Resolution};
use crate::id::Id;
use crate::model::{Design, PaasResource, PeTarget, Protocol, ServiceFirewallAction};
use crate::packet::RuleId;
use crate::trace::{Action, Engine, Flow, Outcome, Place, Trace};
use serde::Serialize;
use std::net::Ipv4Addr;

/// How the traffic reaches its destination.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum Via {
    /// To a private endpoint's IP (E-3).
    PrivateEndpoint { id: Id, name: String, ip: Ipv4Addr },
    /// To the service's public IP through a service endpoint of the subnet that sent it (E-21).
    ServiceEndpoint { subnet: Id, name: String },
    /// To a public address over the internet (the service's public endpoint, D-11).
    PublicInternet,
    /// To a private address that is not a private endpoint (a VM, an on-premises host…).
    Private,
    /// Nowhere: the name did not resolve.
    Unresolved,
}

/// What the service's own network rules say about the connection.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ServiceCheck {
    pub resource: Id,
    pub name: String,
    pub accepted: bool,
    pub rule: RuleId,
    pub detail: String,
}

/// One line of the explanation, with its rule.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ConnectStep {
    pub rule: RuleId,
    pub detail: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Connection {
    pub from: String,
    pub target: Target,
    /// The DNS resolution, when the target is a name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resolution: Option<Resolution>,
    /// The address connected to.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ip: Option<Ipv4Addr>,
    /// The TCP trace to that address.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub trace: Option<Trace>,
    pub via: Via,
    /// The source address the destination sees (after SNAT), when the packet reached it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub seen_source: Option<Ipv4Addr>,
    /// The service's own verdict, when the target is a PaaS resource of the design.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub service: Option<ServiceCheck>,
    /// The explanation: resolution, path, source, service, each with its rule.
    pub steps: Vec<ConnectStep>,
    /// The connection is established (trace delivered, or at risk, and the service accepts).
    pub ok: bool,
    pub summary: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub enum ConnectError {
    BadTarget(String),
    UnknownClient(String),
}

impl std::fmt::Display for ConnectError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ConnectError::BadTarget(e) => f.write_str(e),
            ConnectError::UnknownClient(c) => {
                write!(f, "'{c}' is not a VM, NIC or on-premises host of this design (or internet:<ip>)")
            }
        }
    }
}

impl std::error::Error for ConnectError {}

/// Connects from `from` (VM, NIC or on-premises host by id or name, or `internet:<ip>`) to
/// `target` (`https://name[:port]`, `name:port` or an IP). Builds the engines for this one
/// question; with many questions, build a [`DnsEngine`] once and call [`connect_with`].
pub fn connect(design: &Design, from: &str, target: &str) -> Result<Connection, ConnectError> {
    let eng = Engine::new(design);
    connect_with(&DnsEngine::new(&eng), from, target)
}

/// [`connect`] over engines already built for this design version.
pub fn connect_with(dns: &DnsEngine, from: &str, target: &str) -> Result<Connection, ConnectError> {
    let eng = dns.engine();
    let design = eng.net.design;
    let target = parse_target(target).map_err(ConnectError::BadTarget)?;
    let source =
        crate::lookup::flow_source(design, from).ok_or_else(|| ConnectError::UnknownClient(from.to_string()))?;
    let mut steps = Vec::new();
    let (resolution, ip) = match (&target.host, target.ip) {
        (_, Some(ip)) => (None, Some(ip)),
        (Some(host), None) => {
            let r = dns.resolve(from, host).map_err(|_| ConnectError::UnknownClient(from.to_string()))?;
            let ip = r.answer.ip();
            let rule = r.steps.last().map_or("D-11", |s| s.rule);
            let detail = match &r.answer {
                Answer::A { ips, .. } => format!("{host} resolves to {}", list(ips)),
                Answer::NxDomain { .. } => {
                    format!("{host} does not resolve (NXDOMAIN): there is nothing to connect to")
                }
                Answer::ServFail { reason } => format!("resolving {host} fails (SERVFAIL: {reason})"),
            };
            steps.push(ConnectStep { rule, detail });
            (Some(r), ip)
        }
        (None, None) => return Err(ConnectError::BadTarget("no host or address".into())),
    };
    let Some(ip) = ip else {
        let summary = steps.last().map(|s| s.detail.clone()).unwrap_or_default();
        return Ok(Connection {
            from: from.to_string(),
            target,
            resolution,
            ip: None,
            trace: None,
            via: Via::Unresolved,
            seen_source: None,
            service: None,
            steps,
            ok: false,
            summary,
        });
    };
    let flow = Flow { from: source, to: ip, protocol: Protocol::Tcp, port: target.port, host: target.host.clone() };
    let trace = eng.trace(&flow).map_err(|_| ConnectError::UnknownClient(from.to_string()))?;
    let via = via(eng, &trace, ip);
    steps.push(via_step(&via, ip, target.port));
    let reached = reached(&trace);
    let seen_source = reached.then(|| trace.forward.hops.last().map(|h| h.packet.src)).flatten();
    steps.push(outcome_step(&trace));
    if let Some(src) = seen_source {
        let snat = trace.forward.hops.iter().flat_map(|h| &h.steps).rev().find(|s| s.action == Action::Snat);
        let rule = snat.map_or(if matches!(via, Via::ServiceEndpoint { .. }) { "E-22" } else { "R-19" }, |s| s.rule);
        let how = if snat.is_some() { " (translated on the way)" } else { " (the client's own address)" };
        steps.push(ConnectStep { rule, detail: format!("the destination sees source {src}{how}") });
    }
    let service = service_check(design, &trace, &via, ip, target.host.as_deref(), seen_source);
    if let Some(s) = &service {
        steps.push(ConnectStep { rule: s.rule, detail: s.detail.clone() });
    }
    let delivered = matches!(trace.outcome, Outcome::Delivered | Outcome::AtRisk { .. });
    let ok = delivered && service.as_ref().is_none_or(|s| s.accepted);
    let summary = summary(&target, ip, &via, &trace, seen_source, service.as_ref(), ok);
    Ok(Connection {
        from: from.to_string(),
        target,
        resolution,
        ip: Some(ip),
        trace: Some(trace),
        via,
        seen_source,
        service,
        steps,
        ok,
        summary,
    })
}

fn list(ips: &[Ipv4Addr]) -> String {
    ips.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ")
}

/// Whether the forward packet arrived at its destination (even if the reply then failed, or the
/// destination itself refused it: a service or private endpoint still saw the source).
fn reached(trace: &Trace) -> bool {
    trace.forward.end == crate::trace::PathEnd::Delivered
        || trace.forward.hops.last().is_some_and(|h| {
            matches!(h.place, Place::Service { .. } | Place::PrivateEndpoint { .. }) && trace.forward.hops.len() > 1
        })
}

fn via(eng: &Engine, trace: &Trace, ip: Ipv4Addr) -> Via {
    let net = &eng.net;
    let service_endpoint = trace.forward.hops.iter().find(|h| h.steps.iter().any(|s| s.rule == "R-26"));
    if let Some(hop) = service_endpoint {
        let subnet = match &hop.place {
            Place::Nic { ip, .. } => net.nics.iter().find(|n| n.nic.has_ip(*ip)).map(|n| net.subnets[n.subnet].subnet),
            Place::Firewall { id, .. } => {
                net.design.firewalls.iter().find(|f| &f.id == id).and_then(|f| net.design.subnet(&f.subnet))
            }
            _ => None,
        };
        if let Some(s) = subnet {
            return Via::ServiceEndpoint { subnet: s.id.clone(), name: s.name.clone() };
        }
    }
    if let Some((pe, _)) = net.private_endpoints.iter().find(|(pe, _)| pe.has_ip(ip)) {
        return Via::PrivateEndpoint { id: pe.id.clone(), name: pe.name.clone(), ip };
    }
    let private = crate::dns::is_private(ip);
    if private {
        Via::Private
    } else {
        Via::PublicInternet
    }
}

fn via_step(via: &Via, ip: Ipv4Addr, port: u16) -> ConnectStep {
    match via {
        Via::PrivateEndpoint { name, .. } => ConnectStep {
            rule: "E-3",
            detail: format!("TCP {port} to {ip}: the private endpoint '{name}' (its /32 route)"),
        },
        Via::ServiceEndpoint { name, .. } => ConnectStep {
            rule: "E-21",
            detail: format!(
                "TCP {port} to {ip}: the service's public IP, through the service endpoint of subnet '{name}'"
            ),
        },
        Via::PublicInternet => ConnectStep {
            rule: "D-11",
            detail: format!(
                "TCP {port} to {ip}: a public address, over the public endpoint (no private endpoint used)"
            ),
        },
        Via::Private => ConnectStep { rule: "R-19", detail: format!("TCP {port} to {ip}: a private address") },
        Via::Unresolved => ConnectStep { rule: "D-11", detail: "no address".into() },
    }
}

fn outcome_step(trace: &Trace) -> ConnectStep {
    match &trace.outcome {
        Outcome::Delivered => {
            ConnectStep { rule: "R-19", detail: "the trace delivers the request and its reply".into() }
        }
        Outcome::Dropped { at, reason, rule } => {
            ConnectStep { rule, detail: format!("the trace is dropped at {}: {reason}", at.name()) }
        }
        Outcome::AtRisk { device, reason, rule } => {
            ConnectStep { rule, detail: format!("the trace is at risk at {}: {reason}", device.name()) }
        }
        Outcome::Loop { at } => ConnectStep { rule: "R-15", detail: format!("the trace loops at {}", at.name()) },
        Outcome::NoRoute { at } => ConnectStep { rule: "R-19", detail: format!("no route at {}", at.name()) },
    }
}

/// The PaaS resource the connection is meant for: the private endpoint's target, the resource
/// whose public IP it is, or the resource whose public name was asked.
fn resource<'d>(design: &'d Design, via: &Via, ip: Ipv4Addr, host: Option<&str>) -> Option<&'d PaasResource> {
    if let Via::PrivateEndpoint { id, .. } = via {
        let pe = design.private_endpoints.iter().find(|p| &p.id == id)?;
        return match &pe.target {
            PeTarget::Paas { resource, .. } => design.paas_resource(resource),
            PeTarget::PrivateLinkService { .. } => None,
        };
    }
    design.paas.iter().find(|p| p.public_ip == ip).or_else(|| {
        let host = host?;
        design.paas.iter().find(|p| {
            services::service(&p.service).is_some_and(|s| {
                s.sub_resources.iter().any(|r| {
                    host.strip_suffix(r.public_zone)
                        .and_then(|h| h.strip_suffix('.'))
                        .is_some_and(|n| n.eq_ignore_ascii_case(&p.name))
                })
            })
        })
    })
}

/// The service's own verdict (E-2 for a private endpoint connection, E-22 for the public side).
fn service_check(
    design: &Design,
    trace: &Trace,
    via: &Via,
    ip: Ipv4Addr,
    host: Option<&str>,
    seen: Option<Ipv4Addr>,
) -> Option<ServiceCheck> {
    let res = resource(design, via, ip, host)?;
    let check = |accepted: bool, rule: RuleId, detail: String| ServiceCheck {
        resource: res.id.clone(),
        name: res.name.clone(),
        accepted,
        rule,
        detail,
    };
    if let Via::PrivateEndpoint { id, name, .. } = via {
        let state = design.private_endpoints.iter().find(|p| &p.id == id).map(|p| p.connection_state);
        return Some(match state {
            Some(crate::model::ConnectionState::Approved) => check(
                true,
                "E-2",
                format!("'{}' accepts it: the connection of private endpoint '{name}' is Approved (its public network rules do not apply)", res.name),
            ),
            other => check(
                false,
                "E-2",
                format!("'{}' refuses it: the connection of private endpoint '{name}' is {other:?}, not Approved", res.name),
            ),
        });
    }
    // The public side: read the trace's verdict at the service and name the rule that decided it.
    let at_service = trace.forward.hops.last().filter(|h| matches!(h.place, Place::Service { .. }));
    let refused = at_service.and_then(|h| h.steps.iter().find(|s| s.action == Action::Drop && s.rule == "E-22"));
    if let Some(step) = refused {
        return Some(check(false, "E-22", step.detail.clone()));
    }
    if !res.public_network_access {
        let detail = format!("'{}' has public network access disabled: only private endpoints reach it", res.name);
        return Some(check(false, "E-22", detail));
    }
    let seen = seen?;
    let detail = match (res.default_action, via) {
        (ServiceFirewallAction::Allow, _) => {
            format!("'{}' accepts it: its firewall's default action is Allow (source {seen})", res.name)
        }
        (ServiceFirewallAction::Deny, Via::ServiceEndpoint { subnet, name })
            if res.allowed_subnets.contains(subnet) =>
        {
            format!("'{}' accepts it: subnet '{name}' is an allowed virtual network rule (service endpoint)", res.name)
        }
        (ServiceFirewallAction::Deny, _) if res.ip_rules.iter().any(|r| r.contains(&seen)) => {
            format!("'{}' accepts it: {seen} matches an IP rule", res.name)
        }
        (ServiceFirewallAction::Deny, _) => {
            let detail = format!("'{}' denies {seen}: not an allowed subnet (service endpoint) or IP rule", res.name);
            return Some(check(false, "E-22", detail));
        }
    };
    Some(check(true, "E-22", detail))
}

fn summary(
    target: &Target,
    ip: Ipv4Addr,
    via: &Via,
    trace: &Trace,
    seen: Option<Ipv4Addr>,
    service: Option<&ServiceCheck>,
    ok: bool,
) -> String {
    let what = target.host.clone().unwrap_or_else(|| ip.to_string());
    let how = match via {
        Via::PrivateEndpoint { name, .. } => format!("private endpoint '{name}' ({ip})"),
        Via::ServiceEndpoint { name, .. } => {
            format!("the public endpoint {ip} through the service endpoint of '{name}'")
        }
        Via::PublicInternet => format!("the public endpoint {ip} over the internet"),
        Via::Private => format!("{ip}"),
        Via::Unresolved => "nowhere".into(),
    };
    let seen = seen.map(|s| format!("; it sees source {s}")).unwrap_or_default();
    if ok {
        let risk = if matches!(trace.outcome, Outcome::AtRisk { .. }) {
            " (at risk: the reply is not guaranteed)"
        } else {
            ""
        };
        return format!("connects to {what} via {how}{seen}{risk}");
    }
    match (&trace.outcome, service) {
        (Outcome::Delivered | Outcome::AtRisk { .. }, Some(s)) => {
            format!("reaches {what} via {how}{seen}, but the service refuses: {}", s.detail)
        }
        _ => format!("cannot connect to {what} via {how}: {}", outcome_step(trace).detail),
    }
}

#[cfg(test)]
mod tests;
