//! IP flow verify (N-13), as `az network watcher test-ip-flow` answers it: would the NSGs of a
//! NIC let this one packet in or out, and which rule decided. Nothing else is consulted — no
//! route, firewall, platform exception (N-9) or peering access (P-4); the trace applies those.
//!
//! The NSGs are met in Azure's order (N-5: inbound the subnet's then the NIC's, outbound the
//! NIC's then the subnet's), each evaluated by [`crate::filter::nsg::evaluate`] with the
//! `VirtualNetwork` tag of the NIC's subnet (N-4). N-13's Sim choice: the first NSG whose
//! deciding rule denies gives `Deny` and that rule; when every NSG allows, `Allow` with the
//! deciding rule of the last one evaluated; with no NSG at all, `Allow` and no rule name.

use super::WatcherError;
use crate::filter::nsg::{self, NsgVerdict};
use crate::filter::{describe_flow, TagContext};
use crate::model::{Access, Direction, Protocol};
use crate::packet::{Packet, RuleId, EPHEMERAL_PORT};
use crate::trace::Engine;
use serde::Serialize;
use std::fmt;
use std::net::Ipv4Addr;
use std::str::FromStr;

/// A port of the question: a number, or `*` (allowed for the source port only, N-13).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Port {
    Any,
    Number(u16),
}

/// `ip:port`, the way `az network watcher test-ip-flow --local/--remote` takes it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Endpoint {
    pub ip: Ipv4Addr,
    pub port: Port,
}

impl FromStr for Endpoint {
    type Err = WatcherError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || WatcherError::BadEndpoint(s.to_string());
        let (ip, port) = s.trim().rsplit_once(':').ok_or_else(bad)?;
        let port = match port {
            "*" => Port::Any,
            p => Port::Number(p.parse().map_err(|_| bad())?),
        };
        Ok(Endpoint { ip: ip.parse().map_err(|_| bad())?, port })
    }
}

impl fmt::Display for Endpoint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.port {
            Port::Any => write!(f, "{}:*", self.ip),
            Port::Number(p) => write!(f, "{}:{p}", self.ip),
        }
    }
}

/// N-13's `VerificationIPFlowParameters`, less the target (the NIC is passed on its own).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FlowQuery {
    pub direction: Direction,
    pub protocol: Protocol,
    pub local: Endpoint,
    pub remote: Endpoint,
}

/// `VerificationIPFlowResult`: `{"access", "ruleName"}`, `ruleName` absent when no rule decided.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FlowVerifyResult {
    pub access: Access,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rule_name: Option<String>,
    pub vnet_studio: FlowExplanation,
}

/// Why: the rules behind the answer, a sentence, and each NSG's verdict in evaluation order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FlowExplanation {
    pub rules: Vec<RuleId>,
    pub why: String,
    pub nsgs: Vec<NsgStep>,
}

/// One NSG met on the way: where it is attached and what it decided.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct NsgStep {
    pub nsg: String,
    /// `subnet` or `networkInterface`, as N-12's associations say.
    pub association: &'static str,
    pub access: Access,
    pub rule_name: String,
    pub priority: u16,
    pub rule: RuleId,
}

/// Answers `q` for NIC `nic` (an index into the engine's `net.nics`).
pub fn verify(eng: &Engine, nic: usize, q: &FlowQuery) -> Result<FlowVerifyResult, WatcherError> {
    let net = &eng.net;
    let n = net.nics.get(nic).ok_or_else(|| WatcherError::UnknownTarget(format!("NIC #{nic}")))?;
    if !matches!(q.protocol, Protocol::Tcp | Protocol::Udp) {
        return Err(WatcherError::Protocol(q.protocol));
    }
    if q.local.ip != n.nic.ip && !n.nic.secondary_ips.contains(&q.local.ip) {
        let nic_ips = std::iter::once(n.nic.ip).chain(n.nic.secondary_ips.iter().copied()).collect();
        return Err(WatcherError::NotNicIp { ip: q.local.ip, nic: n.nic.name.clone(), nic_ips });
    }
    // Only the source port may be `*`: the remote one inbound, the local one outbound (N-13).
    let (source, destination, destination_name) = match q.direction {
        Direction::Inbound => (q.remote, q.local, "local"),
        Direction::Outbound => (q.local, q.remote, "remote"),
    };
    let Port::Number(dst_port) = destination.port else {
        return Err(WatcherError::WildcardPort { which: destination_name });
    };
    // `*` is evaluated as the source port the engine's own flows use, so that the answer is the
    // one the trace gives for the same flow.
    let src_port = match source.port {
        Port::Number(p) => p,
        Port::Any => EPHEMERAL_PORT,
    };
    let packet = Packet { src: source.ip, dst: destination.ip, protocol: q.protocol, src_port, dst_port, host: None };
    let tag = eng.tags.get(n.subnet).ok_or_else(|| WatcherError::Detached { nic: n.nic.name.clone() })?;
    let ctx = TagContext { virtual_network: tag, asgs: &net.asgs };
    let subnet_nsg = net.subnets.get(n.subnet).and_then(|s| s.nsg).map(|g| (g, "subnet"));
    let nic_nsg = n.nic.nsg.as_ref().and_then(|id| net.design.nsg(id)).map(|g| (g, "networkInterface"));
    let order = match q.direction {
        Direction::Inbound => [subnet_nsg, nic_nsg],
        Direction::Outbound => [nic_nsg, subnet_nsg],
    };
    let mut steps = Vec::new();
    let mut last: Option<(NsgVerdict, String)> = None;
    for (g, association) in order.into_iter().flatten() {
        let v = nsg::evaluate(g, q.direction, &packet, &ctx);
        steps.push(NsgStep {
            nsg: g.name.clone(),
            association,
            access: v.access,
            rule_name: arm_rule_name(&v),
            priority: v.priority,
            rule: v.rule,
        });
        let deny = v.access == Access::Deny;
        last = Some((v, g.name.clone()));
        if deny {
            break;
        }
    }
    let flow = describe_flow(&packet);
    let dir = direction_word(q.direction);
    let (access, rule_name, rules, why) = match last {
        None => (
            Access::Allow,
            None,
            vec!["N-13", "N-5"],
            format!("No NSG on NIC '{}' or its subnet: an absent NSG allows {dir} {flow} (N-5)", n.nic.name),
        ),
        Some((v, name)) => {
            let verb = if v.access == Access::Deny { "denies" } else { "allows" };
            let kind = if v.default_rule { "default rule" } else { "rule" };
            let why = match v.access {
                Access::Deny => format!(
                    "NSG '{name}' {verb} {dir} {flow}: its {kind} '{}' (priority {}) decides ({}); the first NSG that denies gives the answer (N-13)",
                    v.rule_name, v.priority, v.rule
                ),
                Access::Allow => format!(
                    "Every NSG allows {dir} {flow}; the last evaluated, '{name}', by its {kind} '{}' (priority {}, {}) (N-13, N-5)",
                    v.rule_name, v.priority, v.rule
                ),
            };
            (v.access, Some(arm_rule_name(&v)), vec!["N-13", "N-5", v.rule], why)
        }
    };
    Ok(FlowVerifyResult { access, rule_name, vnet_studio: FlowExplanation { rules, why, nsgs: steps } })
}

/// `securityRules/<name>` or `defaultSecurityRules/<name>`, as N-13's `ruleName` spells it.
fn arm_rule_name(v: &NsgVerdict) -> String {
    if v.default_rule {
        format!("defaultSecurityRules/{}", v.rule_name)
    } else {
        format!("securityRules/{}", v.rule_name)
    }
}

fn direction_word(d: Direction) -> &'static str {
    match d {
        Direction::Inbound => "inbound",
        Direction::Outbound => "outbound",
    }
}

#[cfg(test)]
mod tests;
