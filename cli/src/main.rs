//! `vnet`: the engine on the command line, so teams can keep designs in git and check them in CI.
//!
//! Exit codes: 0 fine, 1 the design has errors, 2 usage or unreadable input.

mod dns;
mod insights;
mod routes;

use std::process::ExitCode;
use vnet_core::codec::{json, link, Opened};
use vnet_core::validate::{validate, Severity};
use vnet_core::Document;

const USAGE: &str = "usage:
  vnet check <design.json>     print diagnostics; exit 1 if any is an error
  vnet routes <design.json> <vm|nic|subnet> [--json]
                               print the effective routes, as Azure shows them
  vnet trace <design.json> <from> <to> <tcp|udp|icmp> <port> [--json]
                               trace a flow forward and back; exit 1 unless delivered
  vnet insights <design.json>  print the traps found, with rules and fixes; exit 1 if any is an error
  vnet cost <design.json>      print the monthly cost estimate per element and in total
  vnet resolve <design.json> <from> <name> [--json]
                               resolve a name as a VM or on-premises host would, step by step;
                               exit 1 unless it resolves to an address
  vnet connect <design.json> <from> <https://name[:port] | name:port | ip> [--json]
                               resolve, then trace TCP; say private endpoint, service endpoint or
                               internet, the source the service sees, and its verdict; exit 1 unless connected
  vnet link <design.json>      print the design's share-link fragment
  vnet unlink <fragment>       print the design in a share-link fragment as JSON";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.iter().map(String::as_str).collect::<Vec<_>>().as_slice() {
        ["check", path] => read_with_repairs(path).map(|opened| check(&opened)),
        ["insights", path] => read(path).map(|doc| insights::print_insights(&doc)),
        ["cost", path] => read(path).map(|doc| insights::print_cost(&doc)),
        ["link", path] => read(path).map(|doc| {
            println!("{}", link::encode(&doc));
            ExitCode::SUCCESS
        }),
        ["routes", path, at, rest @ ..] => read(path).and_then(|doc| routes::print(&doc, at, json_flag(rest)?)),
        ["trace", path, from, to, proto, port, rest @ ..] => {
            read(path).and_then(|doc| routes::trace(&doc, from, to, proto, port, json_flag(rest)?))
        }
        ["resolve", path, from, name, rest @ ..] => {
            read(path).and_then(|doc| dns::resolve(&doc, from, name, json_flag(rest)?))
        }
        ["connect", path, from, target, rest @ ..] => {
            read(path).and_then(|doc| dns::connect(&doc, from, target, json_flag(rest)?))
        }
        ["unlink", fragment] => link::decode_with_repairs(fragment).map_err(|e| e.to_string()).map(|opened| {
            for r in &opened.repairs {
                eprintln!("warning: {r}");
            }
            println!("{}", json::to_json(&opened.doc));
            ExitCode::SUCCESS
        }),
        _ => Err(USAGE.to_string()),
    };
    result.unwrap_or_else(|msg| {
        eprintln!("{msg}");
        ExitCode::from(2)
    })
}

fn json_flag(rest: &[&str]) -> Result<bool, String> {
    match rest {
        [] => Ok(false),
        ["--json"] => Ok(true),
        _ => Err(USAGE.to_string()),
    }
}

/// The design in a file, with what was repaired on read (repeated ids, `codec::restore`).
fn read_with_repairs(path: &str) -> Result<Opened, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{path}: {e}"))?;
    json::from_json_with_repairs(&text).map_err(|e| format!("{path}: {e}"))
}

/// The design in a file; repairs made on read are told on stderr, so `--json` output stays clean.
fn read(path: &str) -> Result<Document, String> {
    let opened = read_with_repairs(path)?;
    for r in &opened.repairs {
        eprintln!("warning: {path}: {r}");
    }
    Ok(opened.doc)
}

/// Prints the repairs made on read as warnings (before the diagnostics, which name elements by
/// their repaired ids), then the diagnostics.
fn check(opened: &Opened) -> ExitCode {
    let doc = &opened.doc;
    for r in &opened.repairs {
        println!("warning[repaired] {r}");
    }
    let diagnostics = validate(&doc.design);
    let names: std::collections::HashMap<_, _> =
        doc.design.elements().into_iter().map(|e| (e.id.clone(), e.name.to_string())).collect();
    for d in &diagnostics {
        let severity = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        };
        let at = d.element.as_ref().map(|id| names.get(id).cloned().unwrap_or_else(|| id.to_string()));
        match at {
            Some(name) if d.field.is_empty() => println!("{severity}[{}] {name}: {}", d.code.as_str(), d.message),
            Some(name) => println!("{severity}[{}] {name}.{}: {}", d.code.as_str(), d.field, d.message),
            None => println!("{severity}[{}] {}", d.code.as_str(), d.message),
        }
    }
    let errors = diagnostics.iter().filter(|d| d.severity == Severity::Error).count();
    let warnings = opened.repairs.len() + diagnostics.iter().filter(|d| d.severity == Severity::Warning).count();
    println!("{errors} errors, {warnings} warnings");
    if errors > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}
