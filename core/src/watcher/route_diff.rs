//! An effective route table Azure printed (`az network nic show-effective-route-table`, or the
//! portal's download of it) against the engine's, row by row (issue 19 §2): each row missing from
//! the engine's table, each extra one, and each that both have with another state or next hop —
//! with the rule that produced the engine's row, so a difference points at the behaviour to check.
//!
//! Rows are matched on their address prefixes and source; order, case and the details only one
//! side prints (`vnetStudio`, `name` on a non-user route, `disableBgpRoutePropagation`) do not
//! count. A prefix several rows share (one per gateway connection, R-25) is matched row by row:
//! identical rows first, then the rest in order.

use super::routes::EffectiveRouteList;
use crate::packet::RuleId;
use serde::Serialize;
use serde_json::Value;

/// How a row differs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum RowChange {
    /// Azure lists it; the engine does not.
    Missing,
    /// The engine lists it; Azure does not.
    Extra,
    /// Both list the prefix from this source, with another state or next hop.
    Changed,
}

/// One row that differs.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RowDifference {
    pub change: RowChange,
    /// The address prefixes, comma-separated, and the source: "10.1.0.0/16 (VNetPeering)".
    pub route: String,
    /// Azure's row: "Active → VirtualAppliance 10.0.1.4" (`None` when Azure has no such row).
    pub azure: Option<String>,
    /// The engine's row, the same way.
    pub engine: Option<String>,
    /// The rules that produced the engine's row (empty when it has none).
    pub rules: Vec<RuleId>,
    /// The engine's explanation of its row.
    pub why: String,
}

/// A row reduced to what is compared.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Row {
    prefixes: Vec<String>,
    source: String,
    state: String,
    hop_type: String,
    hops: Vec<String>,
    name: String,
}

impl Row {
    fn key(&self) -> (&[String], &str) {
        (&self.prefixes, &self.source)
    }

    fn route(&self) -> String {
        let name = if self.name.is_empty() { String::new() } else { format!(" '{}'", self.name) };
        format!("{} ({}{name})", self.prefixes.join(", "), self.source)
    }

    fn outcome(&self) -> String {
        let hops = if self.hops.is_empty() { String::new() } else { format!(" {}", self.hops.join(", ")) };
        format!("{} → {}{hops}", self.state, self.hop_type)
    }
}

/// The rows of `captured` (what `az` printed: `{"value": [...]}` or a bare list) that differ from
/// `engine`'s; empty when the tables are the same. An error names what in `captured` is not a
/// route table.
pub fn compare_routes(captured: &Value, engine: &EffectiveRouteList) -> Result<Vec<RowDifference>, String> {
    let list = match captured {
        Value::Array(items) => items,
        Value::Object(map) => match map.get("value") {
            Some(Value::Array(items)) => items,
            _ => return Err("not an effective route table: expected {\"value\": [...]} or a list of routes".into()),
        },
        _ => return Err("not an effective route table: expected {\"value\": [...]} or a list of routes".into()),
    };
    let mut azure: Vec<Row> = Vec::with_capacity(list.len());
    for (i, item) in list.iter().enumerate() {
        azure.push(row_of(item).map_err(|e| format!("value[{i}]: {e}"))?);
    }
    let mut ours: Vec<(Row, &super::routes::EffectiveRoute)> = engine
        .value
        .iter()
        .map(|r| {
            let row = Row {
                prefixes: sorted(r.address_prefix.iter().map(|p| p.to_lowercase())),
                source: format!("{:?}", r.source),
                state: format!("{:?}", r.state),
                hop_type: r.next_hop_type.to_string(),
                hops: sorted(r.next_hop_ip_address.iter().cloned()),
                name: r.name.clone().unwrap_or_default(),
            };
            (row, r)
        })
        .collect();

    // Identical rows first (name aside: Azure names only user routes, and not always).
    azure.retain(|a| match ours.iter().position(|(o, _)| same(a, o)) {
        Some(i) => {
            ours.remove(i);
            false
        }
        None => true,
    });
    let mut out = Vec::new();
    for a in azure {
        match ours.iter().position(|(o, _)| o.key() == a.key()) {
            Some(i) => {
                let (o, r) = ours.remove(i);
                out.push(RowDifference {
                    change: RowChange::Changed,
                    route: a.route(),
                    azure: Some(a.outcome()),
                    engine: Some(o.outcome()),
                    rules: r.vnet_studio.rules.clone(),
                    why: r.vnet_studio.why.clone(),
                });
            }
            None => out.push(RowDifference {
                change: RowChange::Missing,
                route: a.route(),
                azure: Some(a.outcome()),
                engine: None,
                rules: Vec::new(),
                why: String::new(),
            }),
        }
    }
    out.extend(ours.into_iter().map(|(o, r)| RowDifference {
        change: RowChange::Extra,
        route: o.route(),
        azure: None,
        engine: Some(o.outcome()),
        rules: r.vnet_studio.rules.clone(),
        why: r.vnet_studio.why.clone(),
    }));
    Ok(out)
}

fn same(a: &Row, b: &Row) -> bool {
    a.prefixes == b.prefixes
        && a.source.eq_ignore_ascii_case(&b.source)
        && a.state.eq_ignore_ascii_case(&b.state)
        && a.hop_type.eq_ignore_ascii_case(&b.hop_type)
        && a.hops == b.hops
}

fn sorted(items: impl Iterator<Item = String>) -> Vec<String> {
    let mut v: Vec<String> = items.collect();
    v.sort();
    v
}

/// One row of Azure's output. Keys compare case-insensitively; values keep Azure's spelling
/// for display and compare case-insensitively in [`same`].
fn row_of(item: &Value) -> Result<Row, String> {
    let Value::Object(map) = item else { return Err("a route is an object".into()) };
    let get = |key: &str| map.iter().find(|(k, _)| k.eq_ignore_ascii_case(key)).map(|(_, v)| v);
    let text = |key: &str| get(key).and_then(Value::as_str).unwrap_or_default().to_string();
    let list = |key: &str| -> Vec<String> {
        match get(key) {
            Some(Value::Array(items)) => items.iter().filter_map(Value::as_str).map(str::to_lowercase).collect(),
            Some(Value::String(s)) if !s.is_empty() => vec![s.to_lowercase()],
            _ => Vec::new(),
        }
    };
    let prefixes = sorted(list("addressPrefix").into_iter());
    if prefixes.is_empty() {
        return Err("addressPrefix is missing".into());
    }
    let source = canonical(&text("source"), &["Default", "User", "VirtualNetworkGateway", "Unknown"]);
    let state = canonical(&text("state"), &["Active", "Invalid"]);
    let hop_type = canonical(
        &text("nextHopType"),
        &[
            "VnetLocal",
            "VNetPeering",
            "VNetGlobalPeering",
            "VirtualNetworkGateway",
            "VirtualAppliance",
            "Internet",
            "None",
            "VirtualNetworkServiceEndpoint",
            "InterfaceEndpoint",
        ],
    );
    Ok(Row {
        prefixes,
        source,
        state,
        hop_type,
        hops: sorted(list("nextHopIpAddress").into_iter()),
        name: text("name"),
    })
}

/// Azure's spelling of `value` among `known` (case-insensitively), else `value` as given.
fn canonical(value: &str, known: &[&str]) -> String {
    known.iter().find(|k| k.eq_ignore_ascii_case(value)).map_or_else(|| value.to_string(), |k| (*k).to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::trace::Engine;
    use crate::watcher::{az, routes::effective_route_table, testutil};

    fn table() -> EffectiveRouteList {
        let d = testutil::design();
        let eng = Engine::new(&d);
        let s = d.subnets.iter().find(|s| s.name == "snet-web").expect("subnet");
        let ix = eng.net.subnet_ix(&s.id).expect("indexed");
        effective_route_table(eng.table(ix).expect("table"))
    }

    #[test]
    fn the_engine_s_own_az_output_matches_in_any_order_and_case() {
        let t = table();
        let mut captured = az::az_json(&t).expect("az shape");
        captured["value"].as_array_mut().expect("list").reverse();
        let text = captured.to_string().replace("Active", "active");
        assert_eq!(compare_routes(&serde_json::from_str(&text).expect("json"), &t), Ok(Vec::new()));
    }

    #[test]
    fn missing_extra_and_changed_rows_name_the_engine_s_rule() {
        let t = table();
        let mut captured = az::az_json(&t).expect("az shape");
        let rows = captured["value"].as_array_mut().expect("list");
        // Azure lacks the engine's first row, has a route the engine lacks, and another state.
        let first = rows.remove(0);
        rows.push(serde_json::json!({"addressPrefix": ["192.0.2.0/24"], "nextHopIpAddress": [], "nextHopType": "None", "source": "Default", "state": "Active"}));
        let flipped = if rows[0]["state"] == "Active" { "Invalid" } else { "Active" };
        rows[0]["state"] = flipped.into();
        let diff = compare_routes(&captured, &t).expect("a route table");
        assert_eq!(diff.len(), 3, "{diff:#?}");
        let extra = diff.iter().find(|d| d.change == RowChange::Extra).expect("extra");
        assert!(extra.route.starts_with(first["addressPrefix"][0].as_str().expect("prefix")), "{extra:?}");
        assert!(!extra.rules.is_empty(), "the engine's row names its rule");
        let missing = diff.iter().find(|d| d.change == RowChange::Missing).expect("missing");
        assert_eq!(missing.route, "192.0.2.0/24 (Default)");
        assert_eq!(missing.azure.as_deref(), Some("Active → None"));
        let changed = diff.iter().find(|d| d.change == RowChange::Changed).expect("changed");
        assert!(changed.azure.as_deref().is_some_and(|a| a.starts_with(flipped)), "{changed:?}");
        assert!(!changed.rules.is_empty());
    }

    #[test]
    fn what_is_not_a_route_table_is_named() {
        let t = table();
        assert!(compare_routes(&serde_json::json!({"foo": 1}), &t).is_err());
        let err = compare_routes(&serde_json::json!({"value": [{"source": "Default"}]}), &t).expect_err("no prefix");
        assert_eq!(err, "value[0]: addressPrefix is missing");
    }
}
