//! `vnet insights` and `vnet cost`: the traps found in a design, and its monthly estimate.

use crate::out::say;
use std::collections::HashMap;
use std::process::ExitCode;
use vnet_core::cost;
use vnet_core::insight::{self, Severity};
use vnet_core::{Document, Id};

fn names(doc: &Document) -> HashMap<Id, String> {
    doc.design.elements().into_iter().map(|e| (e.id.clone(), e.name.to_string())).collect()
}

/// Prints each insight with its elements, rules and fix; exit 1 when one is an error.
pub fn print_insights(doc: &Document) -> ExitCode {
    let found = insight::insights(&doc.design);
    let names = names(doc);
    for i in &found {
        let elements: Vec<&str> =
            i.elements.iter().map(|id| names.get(id).map(String::as_str).unwrap_or(id.as_str())).collect();
        say!("{}[{}] {}", i.severity.as_str(), i.code.as_str(), i.title);
        say!("    elements: {}", elements.join(", "));
        say!("    rules: {}", i.rules.join(", "));
        say!("    why: {}", i.why);
        if let Some(fix) = &i.fix {
            say!("    fix: {}", fix.title);
        }
    }
    let errors = found.iter().filter(|i| i.severity == Severity::Error).count();
    say!("{} insights ({errors} errors)", found.len());
    crate::finding_if(errors > 0)
}

/// Prints the monthly estimate: a line per priced item, a total per element, the total.
pub fn print_cost(doc: &Document) -> ExitCode {
    let e = cost::estimate(&doc.design);
    let cur = e.table.currency;
    say!("Prices of {} ({cur}, list prices; 1 TB = {} GB)", e.table.date, cost::gb_per_tb(&doc.design));
    for c in &e.elements {
        say!("{:>12.2} {cur}  {}", c.amount, c.name);
        for l in e.lines.iter().filter(|l| l.element == c.element) {
            say!(
                "{:>12}       {} × {} {} at {} [{}] = {:.2}",
                "",
                l.item,
                l.quantity,
                l.unit,
                l.unit_price,
                l.rule,
                l.amount
            );
        }
    }
    say!("{:>12.2} {cur}  total per month", e.total);
    for n in &e.notes {
        say!("note: {n}");
    }
    ExitCode::SUCCESS
}
