//! NAT gateways (AZURE.md F-23) and internal Standard load balancers (F-22).

use super::context::ref_id;
use super::shape::{get_ci, props_of, str_ci, Resource};
use super::Context;
use crate::id::Id;
use crate::model::{ElementKind, LbBackend, LbProbe, LbRule, LoadBalancer, NatGateway, ProbeProtocol, Protocol};
use serde_json::Value;
use std::collections::HashMap;

const NAT: &str = "microsoft.network/natgateways";
const LB: &str = "microsoft.network/loadbalancers";
const SUBNET: &str = "microsoft.network/virtualnetworks/subnets";
const NIC: &str = "microsoft.network/networkinterfaces";

fn refs(v: Option<&Value>) -> Vec<&Value> {
    v.and_then(Value::as_array).into_iter().flatten().collect()
}

pub(super) fn read_nat(cx: &mut Context<'_>) {
    // NAT gateway key → the subnets that name it (`natGateway` of a subnet).
    let mut by_nat: HashMap<String, Vec<String>> = HashMap::new();
    for s in cx.of_kind(SUBNET) {
        if let Some(nat) = s.prop("natGateway").and_then(|n| cx.resource(n)) {
            by_nat.entry(nat.key.clone()).or_default().push(s.key.clone());
        }
    }
    for r in cx.of_kind(NAT) {
        let mut public_ips = Vec::new();
        for (i, ip) in refs(r.prop("publicIpAddresses")).into_iter().enumerate() {
            let path = format!("{}#publicIpAddresses[{i}]", r.shown_id());
            public_ips.extend(super::compute::public_ip(cx, Some(ip), &path));
        }
        if r.prop("publicIpPrefixes").and_then(Value::as_array).is_some_and(|a| !a.is_empty()) {
            cx.skip_part(
                format!("{}#publicIpPrefixes", r.shown_id()),
                "public IP prefix",
                "public IP prefixes are not simulated; left out",
            );
        }
        let mut served: Vec<Id> = Vec::new();
        for s in refs(r.prop("subnets")) {
            served.extend(cx.element(s).cloned());
        }
        for s in by_nat.get(&r.key).into_iter().flatten() {
            served.extend(cx.element_by_id(s).cloned());
        }
        let mut unique = Vec::new();
        for s in served {
            if !unique.contains(&s) {
                unique.push(s);
            }
        }
        let id = cx.alloc(ElementKind::NatGateway);
        cx.design.nat_gateways.push(NatGateway {
            id: id.clone(),
            name: r.name.clone(),
            public_ips,
            subnets: unique,
            meta: cx.meta(r),
        });
        cx.imported(r, ElementKind::NatGateway, id);
    }
}

pub(super) fn read_lbs(cx: &mut Context<'_>) {
    // Load balancer key → the NICs whose IP configurations name one of its backend pools.
    let mut by_lb: HashMap<String, Vec<String>> = HashMap::new();
    for nic in cx.of_kind(NIC) {
        for c in refs(nic.prop("ipConfigurations")) {
            for pool in refs(get_ci(props_of(c), "loadBalancerBackendAddressPools")).into_iter().filter_map(ref_id) {
                let pool = pool.to_ascii_lowercase();
                if let Some(at) = pool.find("/backendaddresspools/") {
                    by_lb.entry(pool[..at].to_string()).or_default().push(nic.key.clone());
                }
            }
        }
    }
    for r in cx.of_kind(LB) {
        read_lb(cx, r, by_lb.get(&r.key).map(Vec::as_slice).unwrap_or_default());
    }
}

fn read_lb(cx: &mut Context<'_>, r: &Resource, pool_nics: &[String]) {
    let at = |f: &str| format!("{}#{f}", r.shown_id());
    let frontends = refs(r.prop("frontendIPConfigurations"));
    let Some(front) = frontends.first().map(|f| props_of(f)) else { return cx.skip(r, "no frontend IP configuration") };
    if get_ci(front, "publicIPAddress").is_some_and(|v| !v.is_null()) {
        return cx.skip(r, "a public load balancer: the model holds internal ones (F-22)");
    }
    if frontends.len() > 1 {
        cx.coerce(
            at("frontendIPConfigurations"),
            format!("{} frontends", frontends.len()),
            "the first",
            "the model holds one frontend per load balancer",
        );
    }
    let Some(subnet) = get_ci(front, "subnet").and_then(|s| cx.element(s)).cloned() else {
        return cx.skip(r, "its frontend's subnet is not in the input");
    };
    let Some(frontend_ip) =
        cx.ip(get_ci(front, "privateIPAddress"), &at("frontendIPConfigurations[0].privateIPAddress"))
    else {
        return cx.skip(r, "its frontend has no private IPv4 address");
    };
    let mut members: Vec<String> = Vec::new();
    for pool in refs(r.prop("backendAddressPools")) {
        let pp = props_of(pool);
        for c in refs(get_ci(pp, "backendIPConfigurations")) {
            members.extend(ref_id(c).and_then(nic_of_config));
        }
        for a in refs(get_ci(pp, "loadBalancerBackendAddresses")) {
            let cfg = get_ci(props_of(a), "networkInterfaceIPConfiguration");
            members.extend(cfg.and_then(ref_id).and_then(nic_of_config));
        }
    }
    members.extend(pool_nics.iter().cloned());
    let mut backends: Vec<LbBackend> = Vec::new();
    for m in members {
        match cx.element_by_id(&m).cloned() {
            Some(nic) if !backends.iter().any(|b| b.nic == nic) => backends.push(LbBackend { nic, healthy: true }),
            Some(_) => {}
            None => cx.skip_part(&m, NIC, format!("a backend of '{}' not in the input", r.name)),
        }
    }
    let rules = refs(r.prop("loadBalancingRules"))
        .into_iter()
        .filter_map(|x| {
            let p = props_of(x);
            let protocol = match str_ci(p, "protocol")?.to_ascii_lowercase().as_str() {
                "tcp" => Protocol::Tcp,
                "udp" => Protocol::Udp,
                _ => Protocol::Any,
            };
            let port = |f: &str| get_ci(p, f).and_then(Value::as_u64).and_then(|n| u16::try_from(n).ok()).unwrap_or(0);
            Some(LbRule {
                name: str_ci(x, "name").unwrap_or_default().to_string(),
                protocol,
                frontend_port: port("frontendPort"),
                backend_port: port("backendPort"),
            })
        })
        .collect();
    let probes = refs(r.prop("probes"));
    let probe = probes.first().map(|x| props_of(x)).and_then(|p| {
        let protocol = match str_ci(p, "protocol")?.to_ascii_lowercase().as_str() {
            "http" => ProbeProtocol::Http,
            "https" => ProbeProtocol::Https,
            _ => ProbeProtocol::Tcp,
        };
        let port = get_ci(p, "port").and_then(Value::as_u64).and_then(|n| u16::try_from(n).ok())?;
        Some(LbProbe { protocol, port })
    });
    if probes.len() > 1 {
        cx.coerce(
            at("probes"),
            format!("{} probes", probes.len()),
            "the first",
            "the model holds one health probe per load balancer",
        );
    }
    let id = cx.alloc(ElementKind::LoadBalancer);
    cx.design.load_balancers.push(LoadBalancer {
        id: id.clone(),
        name: r.name.clone(),
        subnet,
        frontend_ip,
        backends,
        rules,
        probe,
        meta: cx.meta(r),
    });
    cx.imported(r, ElementKind::LoadBalancer, id);
}

/// `…/networkInterfaces/nic1/ipConfigurations/ipconfig1` → the NIC's lowercase id.
fn nic_of_config(id: &str) -> Option<String> {
    let lower = id.to_ascii_lowercase();
    let at = lower.find("/ipconfigurations/")?;
    Some(lower[..at].to_string())
}
