//! `vnet routes` and `vnet trace`: the engine's answers as text tables or JSON (routes in the
//! shape of `az network nic show-effective-route-table`, `crate::watcher::emit`).

use crate::args::AzOutput;
use crate::out::{self, say};
use crate::watcher::Emitted;
use std::process::ExitCode;
use vnet_core::lookup;
use vnet_core::model::Protocol;
use vnet_core::routes::RouteState;
use vnet_core::trace::{Engine, Flow, Hop, Outcome};
use vnet_core::watcher::{target, WatcherError};
use vnet_core::Document;

/// Prints the effective routes; an unknown element is an input error.
pub fn print(doc: &Document, at: &str, output: &AzOutput) -> Result<ExitCode, String> {
    let eng = Engine::new(&doc.design);
    let subnet = subnet_of(&eng, at)?;
    let table = eng.table(subnet).ok_or("no route table")?;
    let az = vnet_core::watcher::routes::effective_route_table(table);
    if let Some(path) = &output.compare {
        return compare(path, &az);
    }
    match crate::watcher::emit(&az, output)? {
        Emitted::Compared(code) => return Ok(code),
        Emitted::Printed => return Ok(ExitCode::SUCCESS),
        Emitted::Text => {}
    }
    say!("{:<22} {:<8} {:<20} {:<30} {:<16} rule", "Source", "State", "Address prefix", "Next hop type", "Next hop IP");
    for r in &table.routes {
        let ips: Vec<String> = r.next_hop_ips.iter().map(ToString::to_string).collect();
        let state = match r.state {
            RouteState::Active => "Active",
            RouteState::Invalid => "Invalid",
        };
        let rule = match &r.invalid {
            Some(inv) => format!("{} (invalid: {}, {})", r.rule, inv.rule, inv.why),
            None => r.rule.to_string(),
        };
        say!(
            "{:<22} {:<8} {:<20} {:<30} {:<16} {rule}",
            format!("{:?}", r.source),
            state,
            r.prefix.to_string(),
            r.next_hop_type.arm_name(),
            ips.join(",")
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// The subnet named `at`, or the subnet of the NIC (or one-NIC VM) named `at`.
fn subnet_of(eng: &Engine, at: &str) -> Result<usize, String> {
    let design = eng.net.design;
    if let Some(s) = design.subnets.iter().find(|s| s.id.as_str() == at || s.name == at) {
        return eng.net.subnet_ix(&s.id).ok_or(format!("subnet '{at}' is not in a known VNet"));
    }
    match target::nic(&eng.net, at) {
        Ok(nic) => Ok(eng.net.nics[nic].subnet),
        Err(WatcherError::UnknownTarget(_)) => Err(format!("no VM, NIC or subnet named '{at}'")),
        Err(e) => Err(e.to_string()),
    }
}

/// Traces a flow; exit 1 unless delivered. An unknown source or destination is an input error.
pub fn trace(
    doc: &Document,
    from: &str,
    to: &str,
    protocol: Protocol,
    port: u16,
    json: bool,
) -> Result<ExitCode, String> {
    let source =
        lookup::flow_source(&doc.design, from).ok_or(format!("no VM, NIC or on-premises host named '{from}'"))?;
    let dst =
        lookup::address(&doc.design, to).ok_or(format!("'{to}' is neither an IP nor an element with an address"))?;
    let eng = Engine::new(&doc.design);
    let t = eng.trace(&Flow { from: source, to: dst, protocol, port, host: None }).map_err(|e| e.to_string())?;
    if json {
        out::json(&serde_json::to_string_pretty(&t).map_err(|e| e.to_string())?);
    } else {
        print_hops("→", &t.forward.hops);
        if let Some(reply) = &t.reply {
            print_hops("←", &reply.hops);
        }
        for n in &t.notes {
            say!("note [{}] {}", n.rule, n.detail);
        }
        match &t.outcome {
            Outcome::Delivered => say!("outcome: delivered"),
            Outcome::Dropped { at, reason, rule } => say!("outcome: dropped at {} [{rule}]: {reason}", at.name()),
            Outcome::AtRisk { device, reason, rule } => {
                say!("outcome: at risk at {} [{rule}]: {reason}", device.name())
            }
            Outcome::Loop { at } => say!("outcome: routing loop at {}", at.name()),
            Outcome::NoRoute { at } => say!("outcome: no route at {}", at.name()),
        }
        // Proposals, each proved by re-tracing the flow on the changed design (issue 4 §2).
        if t.outcome != Outcome::Delivered {
            let mut proposer = vnet_core::fix::Proposer::new(doc.clone(), &t.flow);
            while proposer.step() {}
            if let Some(s) = proposer.pair_search().filter(|s| s.cut()) {
                say!("fix search: pairs of changes cut after {} of {}", s.tried(), s.total());
            }
            for p in proposer.proposals() {
                let rules: Vec<&str> = p.parts.iter().map(|x| x.rule).collect();
                say!("fix: {} [{}]", p.title, rules.join(" + "));
            }
        }
    }
    Ok(crate::finding_if(t.outcome != Outcome::Delivered))
}

fn print_hops(arrow: &str, hops: &[Hop]) {
    for h in hops {
        say!("{arrow} {} ({} → {})", h.place.name(), h.packet.src, h.packet.dst);
        for s in &h.steps {
            say!("    [{}] {}", s.rule, s.detail);
        }
    }
}

/// `--compare`: Azure's table (a saved `az network nic show-effective-route-table`) against the
/// engine's, row by row, each engine row with the rule that produced it; exit 1 on any difference.
fn compare(
    path: &std::path::Path,
    engine: &vnet_core::watcher::routes::EffectiveRouteList,
) -> Result<ExitCode, String> {
    use vnet_core::watcher::route_diff::{compare_routes, RowChange};
    let shown = path.display();
    let text = crate::load::read_capped(path, vnet_core::codec::json::MAX_JSON_BYTES)?;
    let captured: serde_json::Value = serde_json::from_str(&text).map_err(|e| format!("{shown}: not JSON: {e}"))?;
    let diff = compare_routes(&captured, engine).map_err(|e| format!("{shown}: {e}"))?;
    if diff.is_empty() {
        say!("{shown} matches the engine's effective routes (order and case ignored).");
        return Ok(ExitCode::SUCCESS);
    }
    say!("{} route(s) differ between {shown} (Azure) and the engine:", diff.len());
    for d in &diff {
        let rules = if d.rules.is_empty() { String::new() } else { format!(" [{}]", d.rules.join(", ")) };
        match d.change {
            RowChange::Missing => {
                say!(
                    "  missing  {}: Azure {}; the engine has no such row",
                    d.route,
                    d.azure.as_deref().unwrap_or_default()
                )
            }
            RowChange::Extra => say!(
                "  extra    {}: the engine {}{rules}, Azure has no such row: {}",
                d.route,
                d.engine.as_deref().unwrap_or_default(),
                d.why
            ),
            RowChange::Changed => say!(
                "  changed  {}: Azure {}, the engine {}{rules}: {}",
                d.route,
                d.azure.as_deref().unwrap_or_default(),
                d.engine.as_deref().unwrap_or_default(),
                d.why
            ),
        }
    }
    Ok(ExitCode::from(1))
}
