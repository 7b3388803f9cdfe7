//! What `vnetStudio` says of imported resources (written by `export::arm`, `arm::hybrid` and
//! `arm::paas`): a gateway's BGP flag, instance IPs and connection order; a connection's
//! BGP flag, next hops and learned prefixes (R-8: Azure's resources give them only through
//! `list-learned-routes`); a site's prefixes, hosts, router (P-12), internet NAT address and DNS
//! servers (D-13), which Azure has no resource for; a PaaS resource's synthetic public IP and
//! default action (E-21); a load balancer backend's health (F-22 b). They replace what the
//! readers read or assumed.

use super::super::report::Note;
use super::super::Context;
use crate::id::Id;
use crate::model::{ElementKind, LearnedPrefix, ServiceFirewallAction};
use ipnet::Ipv4Net;
use serde_json::{json, Value};
use std::net::Ipv4Addr;

pub(super) fn read(cx: &mut Context<'_>, file: &str, s: &Value) {
    for g in s.get("gateways").and_then(Value::as_array).into_iter().flatten() {
        if let Err(message) = gateway(cx, g) {
            cx.report.template_notes.push(Note { file: file.into(), path: "$.vnetStudio.gateways".into(), message });
        }
    }
    for p in s.get("paas").and_then(Value::as_array).into_iter().flatten() {
        if let Err(message) = paas(cx, p) {
            cx.report.template_notes.push(Note { file: file.into(), path: "$.vnetStudio.paas".into(), message });
        }
    }
    for b in s.get("unhealthyBackends").and_then(Value::as_array).into_iter().flatten() {
        if let Err(message) = unhealthy(cx, b) {
            cx.report.template_notes.push(Note {
                file: file.into(),
                path: "$.vnetStudio.unhealthyBackends".into(),
                message,
            });
        }
    }
    for site_value in s.get("sites").and_then(Value::as_array).into_iter().flatten() {
        if let Err(message) = site(cx, site_value) {
            cx.report.template_notes.push(Note { file: file.into(), path: "$.vnetStudio.sites".into(), message });
        }
    }
}

fn element(cx: &Context<'_>, v: &Value, key: &str) -> Result<Id, String> {
    let azure_id = v.get(key).and_then(Value::as_str).ok_or_else(|| format!("an entry without '{key}'"))?;
    cx.element_by_id(azure_id).cloned().ok_or_else(|| format!("'{azure_id}': no such {key} in the input"))
}

fn address(v: &Value) -> Result<Ipv4Addr, String> {
    v.as_str().and_then(|t| t.parse().ok()).ok_or_else(|| format!("{v} is not an IPv4 address"))
}

fn addresses(v: Option<&Value>) -> Result<Vec<Ipv4Addr>, String> {
    v.and_then(Value::as_array).into_iter().flatten().map(address).collect()
}

/// `"10.0.0.0/16"` or `{"prefix": …, "nextHops": […]}`, as a design file writes it.
fn learned(v: &Value) -> Result<LearnedPrefix, String> {
    let (text, hops) = match v {
        Value::String(t) => (Some(t.as_str()), Ok(Vec::new())),
        other => (other.get("prefix").and_then(Value::as_str), addresses(other.get("nextHops"))),
    };
    let prefix: Ipv4Net = text.and_then(|t| t.parse().ok()).ok_or_else(|| format!("{v} is not a learned prefix"))?;
    Ok(LearnedPrefix { prefix, next_hops: hops? })
}

fn gateway(cx: &mut Context<'_>, v: &Value) -> Result<(), String> {
    let id = element(cx, v, "gateway")?;
    let instance_ips = addresses(v.get("instanceIps"))?;
    let mut given = Vec::new();
    for c in v.get("connections").and_then(Value::as_array).into_iter().flatten() {
        let cid = element(cx, c, "connection")?;
        let bgp = c.get("bgp").and_then(Value::as_bool);
        let hops = addresses(c.get("nextHops"))?;
        let prefixes: Vec<LearnedPrefix> = c
            .get("learnedPrefixes")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .map(learned)
            .collect::<Result<_, _>>()?;
        given.push((cid, bgp, hops, prefixes));
    }
    let g = cx.design.gateways.iter_mut().find(|g| g.id == id).ok_or("the gateway vanished")?;
    if let Some(bgp) = v.get("bgp").and_then(Value::as_bool) {
        g.bgp = bgp;
    }
    g.instance_ips = instance_ips;
    // In the given order: the reader takes ExpressRoute connections last.
    let mut ordered = Vec::new();
    for (cid, bgp, hops, prefixes) in given {
        let Some(at) = g.connections.iter().position(|c| c.id == cid) else { continue };
        let mut c = g.connections.remove(at);
        c.bgp = bgp;
        c.next_hops = hops;
        c.learned_prefixes = prefixes;
        ordered.push(c);
    }
    ordered.append(&mut g.connections);
    g.connections = ordered;
    Ok(())
}

/// A site's parts, read with the design file's own reader and given fresh ids.
fn site(cx: &mut Context<'_>, v: &Value) -> Result<(), String> {
    let id = element(cx, v, "site")?;
    let mut entry = v.clone();
    entry["id"] = json!("studio-site");
    entry["name"] = json!("");
    if let Some(o) = entry.as_object_mut() {
        o.remove("site");
    }
    let text = json!({ "schema": crate::model::SCHEMA_VERSION, "design": { "sites": [entry] } }).to_string();
    let parsed = crate::codec::json::from_json(&text).map_err(|e| format!("not read: {e}"))?;
    let mut read = parsed.design.sites.into_iter().next().ok_or("not read")?;
    for h in &mut read.hosts {
        h.id = cx.alloc(ElementKind::Host);
    }
    for dns in &mut read.dns_servers {
        dns.id = cx.alloc(ElementKind::OnPremDns);
    }
    let target = cx.design.sites.iter_mut().find(|x| x.id == id).ok_or("the site vanished")?;
    target.prefixes = read.prefixes;
    target.hosts = read.hosts;
    target.router = read.router;
    target.internet_nat_ip = read.internet_nat_ip;
    target.dns_servers = read.dns_servers;
    Ok(())
}

/// A PaaS resource's synthetic public IP and default action (E-21, E-22).
fn paas(cx: &mut Context<'_>, v: &Value) -> Result<(), String> {
    let id = element(cx, v, "resource")?;
    let public_ip = v.get("publicIp").map(address).transpose()?;
    let action = match v.get("defaultAction").and_then(Value::as_str) {
        Some("Deny") => Some(ServiceFirewallAction::Deny),
        Some("Allow") => Some(ServiceFirewallAction::Allow),
        None => None,
        Some(other) => return Err(format!("default action '{other}' is neither Allow nor Deny")),
    };
    let target = cx.design.paas.iter_mut().find(|x| x.id == id).ok_or("the PaaS resource vanished")?;
    if let Some(ip) = public_ip {
        target.public_ip = ip;
    }
    if let Some(a) = action {
        target.default_action = a;
    }
    Ok(())
}

/// A backend whose health probe does not answer (F-22 b): the simulator's assumption.
fn unhealthy(cx: &mut Context<'_>, v: &Value) -> Result<(), String> {
    let lb = element(cx, v, "loadBalancer")?;
    let nic = element(cx, v, "nic")?;
    let target = cx.design.load_balancers.iter_mut().find(|l| l.id == lb).ok_or("the load balancer vanished")?;
    let backend = target.backends.iter_mut().find(|b| b.nic == nic).ok_or("no such backend of the load balancer")?;
    backend.healthy = false;
    Ok(())
}
