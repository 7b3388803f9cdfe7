//! `vnet security`, `vnet next-hop` and `vnet flow-verify`: Network Watcher's questions, and the
//! Azure-shaped output they share with `vnet routes` (DECISIONS 29): text, `--json` (Azure's
//! shape plus `vnetStudio`), `--format az` (exactly what `az` prints) or `--compare FILE`.

use crate::args::{AzOutput, Format};
use crate::out::{self, say};
use serde::Serialize;
use std::process::ExitCode;
use vnet_core::model::{Direction, Protocol};
use vnet_core::trace::Engine;
use vnet_core::watcher::flow_verify::{self, Endpoint, FlowQuery};
use vnet_core::watcher::security::{EffectiveNsg, EffectiveSecurityRule};
use vnet_core::watcher::{az, compare, next_hop, security, target};
use vnet_core::Document;

/// What [`emit`] did with an answer.
pub enum Emitted {
    /// Printed as JSON: the caller's exit code stands.
    Printed,
    /// Compared with a file: this is the exit code.
    Compared(ExitCode),
    /// Nothing yet: the caller prints its text table.
    Text,
}

/// Prints `answer` as `--json` or `--format az` asks, or compares it with `--compare`'s file.
pub fn emit<T: Serialize>(answer: &T, out: &AzOutput) -> Result<Emitted, String> {
    if let Some(path) = &out.compare {
        let shown = path.display();
        let text = crate::load::read_capped(path, vnet_core::codec::json::MAX_JSON_BYTES)?;
        let expected: serde_json::Value = serde_json::from_str(&text).map_err(|e| format!("{shown}: not JSON: {e}"))?;
        let predicted = az::studio_json(answer).map_err(|e| e.to_string())?;
        let diff = compare::compare(&expected, &predicted);
        if diff.is_empty() {
            say!("{shown} matches the engine's answer (order, case, vnetStudio and the subscription and resource group of ids ignored).");
            return Ok(Emitted::Compared(ExitCode::SUCCESS));
        }
        say!("{} difference(s) between {shown} (-) and the engine's answer (+), normalised (order, case, vnetStudio and the subscription and resource group of ids ignored):", diff.len());
        for d in &diff {
            match d {
                compare::Difference::Missing(l) => say!("- {l}"),
                compare::Difference::Unexpected(l) => say!("+ {l}"),
            }
        }
        return Ok(Emitted::Compared(ExitCode::from(1)));
    }
    let value = match out.format() {
        Format::Text => return Ok(Emitted::Text),
        Format::Json => az::studio_json(answer),
        Format::Az => az::az_json(answer),
    };
    let value = value.map_err(|e| e.to_string())?;
    out::json(&serde_json::to_string_pretty(&value).map_err(|e| e.to_string())?);
    Ok(Emitted::Printed)
}

/// `vnet security`: exit 0 (or the comparison's code).
pub fn security(doc: &Document, key: &str, out: &AzOutput) -> Result<ExitCode, String> {
    let eng = Engine::new(&doc.design);
    let nic = target::nic(&eng.net, key).map_err(|e| e.to_string())?;
    let answer = security::effective_security_rules(&eng, nic).map_err(|e| e.to_string())?;
    match emit(&answer, out)? {
        Emitted::Compared(code) => return Ok(code),
        Emitted::Printed => return Ok(ExitCode::SUCCESS),
        Emitted::Text => {}
    }
    let nic_name = &eng.net.nics[nic].nic.name;
    if answer.value.is_empty() {
        say!("No NSG on NIC '{nic_name}' or on its subnet: no security rules apply (N-12).");
    }
    for (i, entry) in answer.value.iter().enumerate() {
        if i > 0 {
            say!();
        }
        print_entry(entry);
    }
    Ok(ExitCode::SUCCESS)
}

fn print_entry(e: &EffectiveNsg) {
    let name = e.network_security_group.id.rsplit('/').next().unwrap_or_default();
    let at = match (&e.association.network_interface, &e.association.subnet) {
        (Some(n), _) => format!("NIC {}", n.id.rsplit('/').next().unwrap_or_default()),
        (None, Some(s)) => format!("subnet {}", s.id.rsplit('/').next().unwrap_or_default()),
        (None, None) => String::new(),
    };
    say!("NSG {name} on {at} [{}]", e.vnet_studio.rules.join(", "));
    say!(
        "  {:<9} {:<8} {:<50} {:<6} {:<5} {:<20} {:<12} {:<20} {:<12} rule",
        "Direction",
        "Priority",
        "Name",
        "Access",
        "Proto",
        "Source",
        "Src ports",
        "Destination",
        "Dst ports"
    );
    for r in &e.effective_security_rules {
        print_rule(r);
    }
    for (tag, prefixes) in &e.tag_map {
        say!("  {tag} ({} prefixes): {}", prefixes.len(), prefixes.join(" "));
    }
}

fn print_rule(r: &EffectiveSecurityRule) {
    let direction = match r.direction {
        Direction::Inbound => "Inbound",
        Direction::Outbound => "Outbound",
    };
    say!(
        "  {:<9} {:<8} {:<50} {:<6} {:<5} {:<20} {:<12} {:<20} {:<12} {}",
        direction,
        r.priority,
        r.name,
        format!("{:?}", r.access),
        r.protocol,
        r.source_address_prefix,
        r.source_port_range,
        r.destination_address_prefix,
        r.destination_port_range,
        r.vnet_studio.rules.join(", ")
    );
}

/// `vnet next-hop`: exit 1 when the next hop is None (the packet is dropped).
pub fn next_hop(
    doc: &Document,
    key: &str,
    destination: std::net::Ipv4Addr,
    out: &AzOutput,
) -> Result<ExitCode, String> {
    let eng = Engine::new(&doc.design);
    let nic = target::nic(&eng.net, key).map_err(|e| e.to_string())?;
    let answer = next_hop::next_hop(&eng, nic, destination).map_err(|e| e.to_string())?;
    let dropped = answer.next_hop_type == "None";
    match emit(&answer, out)? {
        Emitted::Compared(code) => return Ok(code),
        Emitted::Printed => return Ok(crate::finding_if(dropped)),
        Emitted::Text => {}
    }
    let ip = answer.next_hop_ip_address.map(|ip| ip.to_string()).unwrap_or_default();
    say!("{:<30} {:<16} RouteTableId", "NextHopType", "NextHopIpAddress");
    say!("{:<30} {:<16} {}", answer.next_hop_type, ip, answer.route_table_id);
    say!("why [{}]: {}", answer.vnet_studio.rules.join(", "), answer.vnet_studio.why);
    Ok(crate::finding_if(dropped))
}

/// `vnet flow-verify`: exit 1 when the packet is denied.
pub fn flow_verify(
    doc: &Document,
    key: &str,
    direction: Direction,
    protocol: Protocol,
    local: Endpoint,
    remote: Endpoint,
    out: &AzOutput,
) -> Result<ExitCode, String> {
    let eng = Engine::new(&doc.design);
    let nic = target::nic(&eng.net, key).map_err(|e| e.to_string())?;
    let q = FlowQuery { direction, protocol, local, remote };
    let answer = flow_verify::verify(&eng, nic, &q).map_err(|e| e.to_string())?;
    let denied = answer.access == vnet_core::model::Access::Deny;
    match emit(&answer, out)? {
        Emitted::Compared(code) => return Ok(code),
        Emitted::Printed => return Ok(crate::finding_if(denied)),
        Emitted::Text => {}
    }
    say!("{:<8} RuleName", "Access");
    say!("{:<8} {}", format!("{:?}", answer.access), answer.rule_name.as_deref().unwrap_or(""));
    say!("why [{}]: {}", answer.vnet_studio.rules.join(", "), answer.vnet_studio.why);
    for s in &answer.vnet_studio.nsgs {
        say!(
            "  NSG {} ({}): {:?} by {} (priority {}) [{}]",
            s.nsg,
            s.association,
            s.access,
            s.rule_name,
            s.priority,
            s.rule
        );
    }
    Ok(crate::finding_if(denied))
}
