//! Effective routes of each paired subnet, row by row, as `watcher::route_diff` compares a
//! captured table with the engine's: identical rows first, then rows of the same prefix and
//! source (one per gateway connection, R-25) in order as changed, the rest added or removed.
//! Rows Azure removes take part with the state `Removed`, so a row that goes from
//! Active to removed is a change with the rule that removed it.

use super::{Change, RouteChange, Sides};
use crate::routes::{EffectiveRoute, RouteSource, RouteState, RouteTable};

/// A row reduced to what is compared.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Row {
    /// Prefix, source and (for user routes) the route's name.
    route: String,
    key: (ipnet::Ipv4Net, RouteSource),
    /// State and next hop.
    outcome: String,
    rule: String,
}

fn rows(table: &RouteTable) -> Vec<Row> {
    let row = |r: &EffectiveRoute, removed: bool| {
        let name =
            if r.source == RouteSource::User && !r.name.is_empty() { format!(" '{}'", r.name) } else { String::new() };
        let state = match (removed, r.state) {
            (true, _) => "Removed",
            (false, RouteState::Active) => "Active",
            (false, RouteState::Invalid) => "Invalid",
        };
        let mut ips: Vec<String> = r.next_hop_ips.iter().map(ToString::to_string).collect();
        ips.sort();
        let hops = if ips.is_empty() { String::new() } else { format!(" {}", ips.join(", ")) };
        let rule = match (&r.invalid, removed, r.state) {
            (_, true, _) => removal_rule(&r.why).unwrap_or(r.rule).to_string(),
            (Some(inv), false, RouteState::Invalid) => inv.rule.to_string(),
            _ => r.rule.to_string(),
        };
        Row {
            route: format!("{} ({:?}{name})", r.prefix, r.source),
            key: (r.prefix, r.source),
            outcome: format!("{state} → {}{hops}", r.next_hop_type.arm_name()),
            rule,
        }
    };
    table.routes.iter().map(|r| row(r, false)).chain(table.removed.iter().map(|r| row(r, true))).collect()
}

/// The rule a removed row's explanation ends with ("… removed by the 0.0.0.0/0 override (R-6)").
fn removal_rule(why: &str) -> Option<&str> {
    let start = why.rfind("(R-")? + 1;
    let len = why[start..].find(')')?;
    Some(&why[start..start + len])
}

/// Route rows that differ, per paired subnet in the first design's order.
pub(super) fn changes(s: &Sides) -> Vec<RouteChange> {
    let after_ix = super::first_index(s.eb.net.subnets.iter().map(|sub| &sub.subnet.id));
    let before_ix = super::first_index(s.ea.net.subnets.iter().map(|sub| &sub.subnet.id));
    let mut out = Vec::new();
    for (i, sub) in s.ea.net.subnets.iter().enumerate() {
        if before_ix.get(&sub.subnet.id) != Some(&i) {
            continue; // a repeated id: its first subnet stands for it
        }
        let Some(pair) = s.paired(&sub.subnet.id) else { continue };
        let Some(j) = pair.after.as_ref().and_then(|n| after_ix.get(&n.id)) else { continue };
        let (Some(ta), Some(tb)) = (s.ea.table(i), s.eb.table(*j)) else { continue };
        let (mut before, mut after) = (rows(ta), rows(tb));
        before.retain(|r| match after.iter().position(|o| o == r) {
            Some(k) => {
                after.remove(k);
                false
            }
            None => true,
        });
        let change = |change, route: &str, b: Option<&Row>, a: Option<&Row>| RouteChange {
            subnet: pair.clone(),
            change,
            route: route.to_string(),
            before: b.map(|r| r.outcome.clone()),
            after: a.map(|r| r.outcome.clone()),
            rule_before: b.map(|r| r.rule.clone()),
            rule_after: a.map(|r| r.rule.clone()),
        };
        for b in &before {
            match after.iter().position(|o| o.key == b.key) {
                Some(k) => {
                    let a = after.remove(k);
                    // A user route renamed on the way is named by prefix and source only, so
                    // the label reads the same both ways round.
                    let route =
                        if a.route == b.route { a.route.clone() } else { format!("{} ({:?})", a.key.0, a.key.1) };
                    out.push(change(Change::Changed, &route, Some(b), Some(&a)));
                }
                None => out.push(change(Change::Removed, &b.route, Some(b), None)),
            }
        }
        out.extend(after.iter().map(|a| change(Change::Added, &a.route, None, Some(a))));
    }
    out
}
