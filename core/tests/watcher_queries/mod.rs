//! The scenario runner's Network Watcher queries: effective security rules (N-12), IP flow
//! verify (N-13) and next hop, their JSON form in a scenario file and their checks. Expected
//! values are written in Azure's spelling (`securityRules/<name>`, `Tcp`, `22-22`), as the
//! answers print them.

use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::BTreeMap;
use std::net::Ipv4Addr;
use vnet_core::model::{Direction, Protocol};
use vnet_core::trace::Engine;
use vnet_core::watcher::flow_verify::{verify, FlowQuery};
use vnet_core::watcher::next_hop::{next_hop, SYSTEM_ROUTE};
use vnet_core::watcher::security::effective_security_rules;
use vnet_core::watcher::{target, WatcherError};

/// `security`: the effective security rules of a NIC.
#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct SecurityQuery {
    /// A NIC, or a VM with one NIC (id or name).
    nic: String,
    /// The NSG entries, exactly and in order, as `"<nsg> (networkInterface|subnet)"`.
    #[serde(default)]
    nsgs: Option<Vec<String>>,
    /// Rules that must be listed: every field given must match one rule of that NSG's entry.
    #[serde(default)]
    rules: Vec<RuleExpect>,
    /// The exact rule order of one NSG's entry.
    #[serde(default)]
    order: Option<OrderExpect>,
    /// Tag expansions in an entry's `tagMap`.
    #[serde(default)]
    tags: Vec<TagExpect>,
}

#[derive(Deserialize, Serialize, Debug)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct RuleExpect {
    /// The NSG whose entry lists the rule (not an Azure field).
    #[serde(skip_serializing)]
    nsg: String,
    name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    direction: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    priority: Option<u16>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    access: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    protocol: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    source_address_prefix: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    destination_address_prefix: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    source_port_range: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    destination_port_range: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    expanded_source_address_prefix: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    expanded_destination_address_prefix: Option<Vec<String>>,
    /// Rule ids the row's explanation must cite (not an Azure field).
    #[serde(default, skip_serializing)]
    cites: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct OrderExpect {
    nsg: String,
    names: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct TagExpect {
    nsg: String,
    tag: String,
    /// The whole expansion, in order.
    #[serde(default)]
    equals: Option<Vec<String>>,
    #[serde(default)]
    includes: Vec<String>,
    #[serde(default)]
    excludes: Vec<String>,
}

/// `flowVerify`: one IP flow verify question and its answer (or the error it must give).
#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct FlowVerifyQuery {
    nic: String,
    /// Inbound | Outbound
    direction: String,
    protocol: Protocol,
    /// `ip:port`, the port may be `*`.
    local: String,
    remote: String,
    expect: FlowExpect,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct FlowExpect {
    /// Allow | Deny
    #[serde(default)]
    access: Option<String>,
    #[serde(default)]
    rule_name: Option<String>,
    /// The answer has no `ruleName` (no NSG at all).
    #[serde(default)]
    no_rule: bool,
    /// The NSGs evaluated, in order, as `"<nsg> (networkInterface|subnet)"`.
    #[serde(default)]
    nsgs: Option<Vec<String>>,
    #[serde(default)]
    cites: Vec<String>,
    /// The question is refused with an error containing this text.
    #[serde(default)]
    error: Option<String>,
}

/// `nextHops`: the next hop from a NIC to an address.
#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct NextHopQuery {
    nic: String,
    to: Ipv4Addr,
    expect: NextHopExpect,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct NextHopExpect {
    next_hop_type: String,
    #[serde(default)]
    next_hop_ip_address: Option<Ipv4Addr>,
    /// `System Route`, or the name of the route table whose id `routeTableId` must be.
    #[serde(default)]
    route_table: Option<String>,
    #[serde(default)]
    cites: Vec<String>,
}

fn nic(eng: &Engine, key: &str) -> Result<usize, String> {
    target::nic(&eng.net, key).map_err(|e| e.to_string())
}

fn missing_cites(cited: &[&str], want: &[String]) -> Vec<String> {
    want.iter().filter(|r| !cited.contains(&r.as_str())).map(|r| format!("does not cite {r}")).collect()
}

pub fn check_security(eng: &Engine, q: &SecurityQuery) -> Result<(), String> {
    let answer = effective_security_rules(eng, nic(eng, &q.nic)?).map_err(|e| e.to_string())?;
    let json = serde_json::to_value(&answer).map_err(|e| e.to_string())?;
    let entries: Vec<(String, &Value)> = json["value"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|e| {
            let id = e["networkSecurityGroup"]["id"].as_str().unwrap_or_default();
            let name = id.rsplit('/').next().unwrap_or_default();
            let at = if e["association"].get("subnet").is_some() { "subnet" } else { "networkInterface" };
            (format!("{name} ({at})"), e)
        })
        .collect();
    let names: Vec<&str> = entries.iter().map(|(n, _)| n.as_str()).collect();
    let entry = |nsg: &str| entries.iter().find(|(n, _)| n.split(" (").next() == Some(nsg)).map(|(_, e)| *e);
    let mut errors = Vec::new();
    if let Some(want) = &q.nsgs {
        if names != *want {
            errors.push(format!("NSG entries {names:?}, expected {want:?}"));
        }
    }
    for want in &q.rules {
        let Some(e) = entry(&want.nsg) else {
            errors.push(format!("no entry for NSG {} among {names:?}", want.nsg));
            continue;
        };
        let rules = e["effectiveSecurityRules"].as_array().cloned().unwrap_or_default();
        let Some(rule) = rules.iter().find(|r| r["name"] == want.name.as_str()) else {
            errors.push(format!("{}: no rule {}", want.nsg, want.name));
            continue;
        };
        let fields = serde_json::to_value(want).map_err(|e| e.to_string())?;
        for (k, v) in fields.as_object().into_iter().flatten() {
            if rule.get(k) != Some(v) {
                errors.push(format!("{} {}: {k} is {}, expected {v}", want.nsg, want.name, rule[k.as_str()]));
            }
        }
        let cited: Vec<&str> =
            rule["vnetStudio"]["rules"].as_array().into_iter().flatten().filter_map(Value::as_str).collect();
        errors
            .extend(missing_cites(&cited, &want.cites).into_iter().map(|e| format!("{} {}: {e}", want.nsg, want.name)));
    }
    if let Some(want) = &q.order {
        let got: Vec<&str> = entry(&want.nsg)
            .and_then(|e| e["effectiveSecurityRules"].as_array())
            .into_iter()
            .flatten()
            .filter_map(|r| r["name"].as_str())
            .collect();
        if got != want.names {
            errors.push(format!("{}: rules in order {got:?}, expected {:?}", want.nsg, want.names));
        }
    }
    for want in &q.tags {
        let map: BTreeMap<String, Vec<String>> =
            entry(&want.nsg).and_then(|e| serde_json::from_value(e["tagMap"].clone()).ok()).unwrap_or_default();
        let Some(got) = map.get(&want.tag) else {
            errors.push(format!("{}: tagMap has no {} (has {:?})", want.nsg, want.tag, map.keys().collect::<Vec<_>>()));
            continue;
        };
        if want.equals.as_ref().is_some_and(|w| w != got) {
            errors.push(format!("{}: {} is {got:?}, expected {:?}", want.nsg, want.tag, want.equals));
        }
        for p in want.includes.iter().filter(|p| !got.contains(p)) {
            errors.push(format!("{}: {} lacks {p}", want.nsg, want.tag));
        }
        for p in want.excludes.iter().filter(|p| got.contains(p)) {
            errors.push(format!("{}: {} holds {p}", want.nsg, want.tag));
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors.join("\n    "))
    }
}

pub fn check_flow_verify(eng: &Engine, q: &FlowVerifyQuery) -> Result<(), String> {
    let direction = match q.direction.as_str() {
        "Inbound" => Direction::Inbound,
        "Outbound" => Direction::Outbound,
        other => return Err(format!("direction '{other}': expected Inbound or Outbound")),
    };
    let answer = (|| -> Result<_, WatcherError> {
        let n = target::nic(&eng.net, &q.nic)?;
        let query = FlowQuery { direction, protocol: q.protocol, local: q.local.parse()?, remote: q.remote.parse()? };
        verify(eng, n, &query)
    })();
    let r = match (answer, &q.expect.error) {
        (Err(e), Some(want)) if e.to_string().contains(want.as_str()) => return Ok(()),
        (Err(e), _) => return Err(format!("error: {e}")),
        (Ok(r), Some(want)) => return Err(format!("answered {r:?}, expected the error '{want}'")),
        (Ok(r), None) => r,
    };
    let mut errors = Vec::new();
    let access = format!("{:?}", r.access);
    if q.expect.access.as_ref().is_some_and(|a| *a != access) {
        errors.push(format!("access {access}, expected {:?}", q.expect.access));
    }
    if q.expect.rule_name.is_some() && r.rule_name != q.expect.rule_name {
        errors.push(format!("ruleName {:?}, expected {:?}", r.rule_name, q.expect.rule_name));
    }
    if q.expect.no_rule && r.rule_name.is_some() {
        errors.push(format!("ruleName {:?}, expected none", r.rule_name));
    }
    if let Some(want) = &q.expect.nsgs {
        let got: Vec<String> = r.vnet_studio.nsgs.iter().map(|s| format!("{} ({})", s.nsg, s.association)).collect();
        if got != *want {
            errors.push(format!("NSGs evaluated {got:?}, expected {want:?}"));
        }
    }
    errors.extend(missing_cites(&r.vnet_studio.rules, &q.expect.cites));
    if errors.is_empty() {
        Ok(())
    } else {
        Err(format!("{}\n    why: {}", errors.join("\n    "), r.vnet_studio.why))
    }
}

pub fn check_next_hop(eng: &Engine, q: &NextHopQuery) -> Result<(), String> {
    let r = next_hop(eng, nic(eng, &q.nic)?, q.to).map_err(|e| e.to_string())?;
    let mut errors = Vec::new();
    if r.next_hop_type != q.expect.next_hop_type {
        errors.push(format!("nextHopType {}, expected {}", r.next_hop_type, q.expect.next_hop_type));
    }
    if q.expect.next_hop_ip_address.is_some() && r.next_hop_ip_address != q.expect.next_hop_ip_address {
        errors
            .push(format!("nextHopIpAddress {:?}, expected {:?}", r.next_hop_ip_address, q.expect.next_hop_ip_address));
    }
    if let Some(want) = &q.expect.route_table {
        let ok = if want == SYSTEM_ROUTE {
            r.route_table_id == SYSTEM_ROUTE
        } else {
            r.route_table_id.ends_with(&format!("/routeTables/{want}"))
        };
        if !ok {
            errors.push(format!("routeTableId {}, expected {want}", r.route_table_id));
        }
    }
    errors.extend(missing_cites(&r.vnet_studio.rules, &q.expect.cites));
    if errors.is_empty() {
        Ok(())
    } else {
        Err(format!("{}\n    why: {}", errors.join("\n    "), r.vnet_studio.why))
    }
}
