//! `vnet diff`: what changes from one design to another (`vnet_core::diff`), grouped by kind of
//! effect, one line each, then a summary line. Exit 1 when an intent newly fails, or on any
//! effect with `--fail-on-change`.

use crate::out::{json, say};
use std::process::ExitCode;
use vnet_core::diff::{diff, Change, Diff, Pair};
use vnet_core::Document;

pub fn run(before: &Document, after: &Document, as_json: bool, fail_on_change: bool) -> Result<ExitCode, String> {
    let d = diff(&before.design, &after.design);
    let failing = d.newly_failing().count();
    let finding = failing > 0 || (fail_on_change && !d.is_empty());
    if as_json {
        json(&serde_json::to_string_pretty(&d).map_err(|e| e.to_string())?);
    } else {
        print(&d);
    }
    Ok(crate::finding_if(finding))
}

/// A pair as one side names it, or `old → new` when it was renamed.
fn name(p: &Pair) -> String {
    match (&p.before, &p.after) {
        (Some(b), Some(a)) if b.name != a.name => format!("{} → {}", b.name, a.name),
        _ => p.name().to_string(),
    }
}

fn sign(c: Change) -> &'static str {
    match c {
        Change::Added => "+",
        Change::Removed => "-",
        Change::Changed => "~",
    }
}

fn or_none(v: &Option<String>) -> &str {
    v.as_deref().unwrap_or("(none)")
}

fn print(d: &Diff) {
    if !d.elements.is_empty() {
        say!("Elements");
        for e in &d.elements {
            say!("  {} {} {}", sign(e.change), e.kind.label(), name(&e.element));
            for f in &e.fields {
                say!("      {}: {} → {}", f.path, or_none(&f.before), or_none(&f.after));
            }
        }
    }
    if !d.routes.is_empty() {
        say!("Routes");
        for r in &d.routes {
            let rule = |s: &Option<String>| s.as_deref().map(|r| format!(" [{r}]")).unwrap_or_default();
            say!(
                "  {} {}: {}: {}{} → {}{}",
                sign(r.change),
                name(&r.subnet),
                r.route,
                or_none(&r.before),
                rule(&r.rule_before),
                or_none(&r.after),
                rule(&r.rule_after)
            );
        }
    }
    if !d.reachability.is_empty() {
        say!("Reachability");
        for f in &d.reachability {
            let side = |s: &vnet_core::diff::CellSide| match (&s.reason, &s.rule) {
                (Some(why), Some(rule)) => format!("{} ({why}) [{rule}]", s.outcome),
                (Some(why), None) => format!("{} ({why})", s.outcome),
                _ => s.outcome.clone(),
            };
            say!("  {} {} → {}: {} → {}", f.probe, name(&f.from), name(&f.to), side(&f.before), side(&f.after));
        }
    }
    if d.unexplained > 0 {
        say!(
            "  ({} flipped cells beyond the first {} are not explained)",
            d.unexplained,
            vnet_core::diff::MAX_EXPLAINED
        );
    }
    if !d.dns.is_empty() {
        say!("DNS");
        for c in &d.dns {
            let rule = |s: &Option<String>| s.as_deref().map(|r| format!(" [{r}]")).unwrap_or_default();
            say!(
                "  {} asks {}: {}{} → {}{}",
                name(&c.client),
                c.name,
                c.before,
                rule(&c.rule_before),
                c.after,
                rule(&c.rule_after)
            );
        }
    }
    if !d.intents.is_empty() {
        say!("Intents");
        for i in &d.intents {
            let why =
                i.summary_after.as_ref().or(i.summary_before.as_ref()).map(|s| format!(" — {s}")).unwrap_or_default();
            say!("  {}: {} → {}{why}", i.title, i.before, i.after);
        }
    }
    if d.cost.changed() {
        say!("Cost");
        say!("  {:.2} → {:.2} {} a month ({:+.2})", d.cost.before, d.cost.after, d.cost.currency, d.cost.delta);
    }
    say!(
        "{} element(s), {} route row(s), {} reachability cell(s), {} DNS answer(s), {} intent(s) changed ({} newly failing); cost {:+.2} {} a month",
        d.elements.len(),
        d.routes.len(),
        d.reachability.len(),
        d.dns.len(),
        d.intents.len(),
        d.newly_failing().count(),
        d.cost.delta,
        d.cost.currency
    );
}
