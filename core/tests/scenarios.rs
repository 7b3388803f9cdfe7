//! The scenario runner: every `tests/scenarios/*.json` file is a design (inline, or a gallery
//! slug) plus queries (effective routes, route lookups, traces) and their expected results. One
//! runner for all of them; a failure prints the scenario, the query and what differed.
//! Network Watcher's questions (`security`, `flowVerify`, `nextHops`) are in `watcher_queries`.

mod watcher_queries;

use serde::Deserialize;
use std::net::Ipv4Addr;
use std::path::PathBuf;
use vnet_core::gallery;
use vnet_core::model::{Design, Protocol};
use vnet_core::packet::{Packet, EPHEMERAL_PORT};
use vnet_core::routes::{select, EffectiveRoute};
use vnet_core::trace::Engine;

mod scenario_trace;
use scenario_trace::{check_trace, in_order, TraceQuery};

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct Scenario {
    name: String,
    #[allow(dead_code)]
    description: String,
    /// AZURE.md rule ids this scenario exercises.
    rules: Vec<String>,
    #[serde(default)]
    gallery: Option<String>,
    #[serde(default)]
    design: Option<Design>,
    #[serde(default)]
    routes: Vec<RoutesQuery>,
    #[serde(default)]
    lookups: Vec<LookupQuery>,
    #[serde(default)]
    traces: Vec<TraceQuery>,
    #[serde(default)]
    resolves: Vec<ResolveQuery>,
    #[serde(default)]
    insights: Option<InsightsQuery>,
    #[serde(default)]
    costs: Option<CostsQuery>,
    #[serde(default)]
    connects: Vec<ConnectQuery>,
    /// Effective security rules of a NIC (N-12).
    #[serde(default)]
    security: Vec<watcher_queries::SecurityQuery>,
    /// IP flow verify (N-13).
    #[serde(default)]
    flow_verify: Vec<watcher_queries::FlowVerifyQuery>,
    /// Network Watcher's next hop.
    #[serde(default)]
    next_hops: Vec<watcher_queries::NextHopQuery>,
    #[serde(default)]
    diagnostics: Vec<DiagnosticExpect>,
}

/// A validation finding the design must produce.
#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct DiagnosticExpect {
    /// The code's kebab-case name.
    code: String,
    /// The element (name or id) it is on; empty for a finding on the design itself (its public
    /// DNS records, say).
    #[serde(default)]
    element: String,
    #[serde(default)]
    field: Option<String>,
    /// error | warning | info
    #[serde(default)]
    severity: Option<String>,
    /// Texts the message must contain (e.g. the route's name and the rule id).
    #[serde(default)]
    mentions: Vec<String>,
}

/// A connect: `from` resolves the target's name, then TCP is traced to the answer.
#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct ConnectQuery {
    from: String,
    /// `https://name[:port]`, `name:port` or an IP.
    target: String,
    expect: ConnectExpect,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct ConnectExpect {
    ok: bool,
    /// privateEndpoint | serviceEndpoint | publicInternet | private | unresolved
    #[serde(default)]
    via: Option<String>,
    #[serde(default)]
    ip: Option<Ipv4Addr>,
    #[serde(default)]
    seen_source: Option<Ipv4Addr>,
    /// Whether the service's own rules accept it (absent: not checked).
    #[serde(default)]
    service_accepts: Option<bool>,
    /// Rule ids that must appear among the connect, DNS and trace steps.
    #[serde(default)]
    steps_cite: Vec<String>,
}

/// The design's insights: these codes with (at least) these elements, and not those codes.
#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct InsightsQuery {
    #[serde(default)]
    expect: Vec<InsightExpect>,
    /// Codes that must not appear.
    #[serde(default)]
    absent: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct InsightExpect {
    code: String,
    /// Element names (or ids) the insight must involve.
    #[serde(default)]
    elements: Vec<String>,
    /// Whether it must come with a proved fix.
    #[serde(default)]
    fix: Option<bool>,
}

/// The monthly estimate: per-element amounts and the total, in the table's currency (to the cent).
#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct CostsQuery {
    #[serde(default)]
    elements: Vec<CostExpect>,
    #[serde(default)]
    total: Option<f64>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct CostExpect {
    name: String,
    amount: f64,
}

/// A DNS lookup: `from` (VM, NIC or on-premises host, id or name) resolves `name`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct ResolveQuery {
    from: String,
    name: String,
    expect: ResolveExpect,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct ResolveExpect {
    /// a | nxdomain | servfail
    answer: String,
    #[serde(default)]
    ips: Vec<Ipv4Addr>,
    /// Rule ids that must appear among the steps.
    #[serde(default)]
    steps_cite: Vec<String>,
    /// Who answers or forwards (step `at`), in order.
    #[serde(default)]
    via: Vec<String>,
    /// Text a SERVFAIL's reason must contain ("forwarding loop", "CNAME chain too long").
    #[serde(default)]
    reason: Option<String>,
    /// Rule ids no step may cite (D-23 for a bound that is not a loop).
    #[serde(default)]
    steps_not_cite: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct RoutesQuery {
    /// Subnet id or name.
    subnet: String,
    /// Rows that must be present (all given fields must match one row).
    #[serde(default)]
    expect: Vec<RouteRow>,
    /// Rows that must not be present.
    #[serde(default)]
    absent: Vec<RouteRow>,
    /// When set, the table has exactly this many rows.
    #[serde(default)]
    count: Option<usize>,
}

#[derive(Deserialize, Debug)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct RouteRow {
    prefix: String,
    #[serde(default)]
    source: Option<String>,
    #[serde(default)]
    state: Option<String>,
    #[serde(default)]
    next_hop_type: Option<String>,
    #[serde(default)]
    next_hop_ip: Option<Vec<Ipv4Addr>>,
    #[serde(default)]
    rule: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct LookupQuery {
    subnet: String,
    to: Ipv4Addr,
    #[serde(default = "tcp")]
    protocol: Protocol,
    #[serde(default)]
    port: u16,
    expect: RouteRow,
    #[serde(default)]
    rule: Option<String>,
    /// the number of next hops the flow hash chose among (0 = no ECMP); the chosen
    /// gateway instance must then be one of the chosen row's next hops.
    #[serde(default)]
    ecmp_over: Option<usize>,
    /// the gateway instance that carries the flow.
    #[serde(default)]
    instance: Option<Ipv4Addr>,
}

fn tcp() -> Protocol {
    Protocol::Tcp
}

fn scenario_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/scenarios")
}

fn load(path: &PathBuf) -> Result<(Scenario, Design), String> {
    let text = std::fs::read_to_string(path).map_err(|e| e.to_string())?;
    let s: Scenario = serde_json::from_str(&text).map_err(|e| format!("bad scenario file: {e}"))?;
    let design = match (&s.gallery, &s.design) {
        (Some(slug), None) => gallery::entry(slug)
            .ok_or(format!("no gallery design '{slug}'"))
            .and_then(|e| (e.build)().map_err(|e| e.to_string()))?,
        (None, Some(d)) => d.clone(),
        _ => return Err("give exactly one of \"gallery\" and \"design\"".into()),
    };
    Ok((s, design))
}

fn subnet_ix(eng: &Engine, key: &str) -> Option<usize> {
    vnet_core::lookup::subnet(eng.net.design, key).and_then(|id| eng.net.subnet_ix(&id))
}

fn row_matches(r: &EffectiveRoute, want: &RouteRow) -> bool {
    r.prefix.to_string() == want.prefix
        && want.source.as_ref().is_none_or(|s| format!("{:?}", r.source) == *s)
        && want.state.as_ref().is_none_or(|s| format!("{:?}", r.state) == *s)
        && want.next_hop_type.as_ref().is_none_or(|s| r.next_hop_type.arm_name() == s)
        && want.next_hop_ip.as_ref().is_none_or(|ips| r.next_hop_ips == *ips)
        && want.rule.as_ref().is_none_or(|rule| r.rule == rule || r.invalid.as_ref().is_some_and(|i| i.rule == rule))
}

fn show(routes: &[EffectiveRoute]) -> String {
    routes
        .iter()
        .map(|r| {
            let inv = r.invalid.as_ref().map(|i| format!(" (invalid: {})", i.rule)).unwrap_or_default();
            format!(
                "    {:?} {:?} {} {} {:?} [{}]{inv}",
                r.source,
                r.state,
                r.prefix,
                r.next_hop_type.arm_name(),
                r.next_hop_ips,
                r.rule
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn check_resolve(design: &Design, q: &ResolveQuery) -> Result<(), String> {
    use vnet_core::dns::{resolve, Answer};
    let r = resolve(design, &q.from, &q.name).map_err(|e| e.to_string())?;
    let (kind, ips) = match &r.answer {
        Answer::A { ips, .. } => ("a", ips.clone()),
        Answer::NxDomain { .. } => ("nxdomain", Vec::new()),
        Answer::ServFail { .. } => ("servfail", Vec::new()),
    };
    let mut errors = Vec::new();
    if kind != q.expect.answer {
        errors.push(format!("answer is {kind}, expected {}", q.expect.answer));
    }
    if !q.expect.ips.is_empty() && ips != q.expect.ips {
        errors.push(format!("addresses {ips:?}, expected {:?}", q.expect.ips));
    }
    for rule in &q.expect.steps_cite {
        if !r.steps.iter().any(|s| s.rule == rule) {
            errors.push(format!("no step cites {rule}"));
        }
    }
    for rule in &q.expect.steps_not_cite {
        if r.steps.iter().any(|s| s.rule == rule) {
            errors.push(format!("a step cites {rule}"));
        }
    }
    if let Some(want) = &q.expect.reason {
        match &r.answer {
            Answer::ServFail { reason } if reason.contains(want.as_str()) => {}
            other => errors.push(format!("answer {other:?}, expected a SERVFAIL for {want:?}")),
        }
    }
    let at: Vec<&str> = r.steps.iter().map(|s| s.at.as_str()).collect();
    if !in_order(&at, &q.expect.via) {
        errors.push(format!("steps at {at:?} do not visit {:?} in order", q.expect.via));
    }
    if errors.is_empty() {
        Ok(())
    } else {
        let steps: Vec<String> = r.steps.iter().map(|s| format!("    [{}] {}: {}", s.rule, s.at, s.detail)).collect();
        Err(format!("{}\n{}", errors.join("\n    "), steps.join("\n")))
    }
}

fn check_connect(design: &Design, q: &ConnectQuery) -> Result<(), String> {
    let c = vnet_core::connect::connect(design, &q.from, &q.target).map_err(|e| e.to_string())?;
    let mut errors = Vec::new();
    if c.ok != q.expect.ok {
        errors.push(format!("ok is {}, expected {}", c.ok, q.expect.ok));
    }
    let via = serde_json::to_value(&c.via).ok().and_then(|v| v.get("kind").and_then(|k| k.as_str().map(String::from)));
    if let Some(want) = &q.expect.via {
        if via.as_deref() != Some(want.as_str()) {
            errors.push(format!("via {via:?}, expected {want}"));
        }
    }
    if q.expect.ip.is_some() && c.ip != q.expect.ip {
        errors.push(format!("address {:?}, expected {:?}", c.ip, q.expect.ip));
    }
    if q.expect.seen_source.is_some() && c.seen_source != q.expect.seen_source {
        errors.push(format!("seen source {:?}, expected {:?}", c.seen_source, q.expect.seen_source));
    }
    if let Some(want) = q.expect.service_accepts {
        let got = c.service.as_ref().map(|s| s.accepted);
        if got != Some(want) {
            errors.push(format!("service accepts {got:?}, expected {want}"));
        }
    }
    let cited: Vec<&str> = c
        .steps
        .iter()
        .map(|s| s.rule)
        .chain(c.resolution.iter().flat_map(|r| r.steps.iter().map(|s| s.rule)))
        .chain(c.trace.iter().flat_map(|t| {
            t.forward
                .hops
                .iter()
                .chain(t.reply.iter().flat_map(|r| r.hops.iter()))
                .flat_map(|h| h.steps.iter().map(|s| s.rule))
        }))
        .collect();
    for r in &q.expect.steps_cite {
        if !cited.contains(&r.as_str()) {
            errors.push(format!("no step cites {r}"));
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        let steps: Vec<String> = c.steps.iter().map(|s| format!("    [{}] {}", s.rule, s.detail)).collect();
        Err(format!("{}\n    {}\n{}", errors.join("\n    "), c.summary, steps.join("\n")))
    }
}

fn check_insights(design: &Design, q: &InsightsQuery) -> Vec<String> {
    let found = vnet_core::insight::insights(design);
    let elements = design.elements();
    let id_of = |key: &str| elements.iter().find(|e| e.id.as_str() == key || e.name == key).map(|e| e.id.clone());
    let show = || {
        let rows: Vec<String> =
            found.iter().map(|i| format!("    {} {:?}: {}", i.code.as_str(), i.elements, i.title)).collect();
        rows.join("\n")
    };
    let mut errors = Vec::new();
    for want in &q.expect {
        let ok = found.iter().any(|i| {
            i.code.as_str() == want.code
                && want.elements.iter().all(|e| id_of(e).is_some_and(|id| i.elements.contains(&id)))
                && want.fix.is_none_or(|f| f == i.fix.is_some())
        });
        if !ok {
            errors.push(format!(
                "insights: no {} with {:?} (fix {:?})\n{}",
                want.code,
                want.elements,
                want.fix,
                show()
            ));
        }
    }
    for code in &q.absent {
        if found.iter().any(|i| i.code.as_str() == code) {
            errors.push(format!("insights: unexpected {code}\n{}", show()));
        }
    }
    errors
}

fn check_diagnostics(design: &Design, want: &[DiagnosticExpect]) -> Vec<String> {
    let found = vnet_core::validate::validate(design);
    let elements = design.elements();
    let id_of = |key: &str| elements.iter().find(|e| e.id.as_str() == key || e.name == key).map(|e| e.id.clone());
    let mut errors = Vec::new();
    for w in want {
        let ok = found.iter().any(|d| {
            d.code.as_str() == w.code
                && match w.element.as_str() {
                    "" => d.element.is_none(),
                    e => d.element.is_some() && d.element == id_of(e),
                }
                && w.field.as_ref().is_none_or(|f| &d.field == f)
                && w.severity.as_ref().is_none_or(|s| d.severity.as_str() == s)
                && w.mentions.iter().all(|m| d.message.contains(m.as_str()))
        });
        if !ok {
            let rows: Vec<String> = found
                .iter()
                .map(|d| format!("    {} {:?} {}: {}", d.code.as_str(), d.element, d.field, d.message))
                .collect();
            errors.push(format!(
                "diagnostics: no {} on {} {:?} mentioning {:?}\n{}",
                w.code,
                w.element,
                w.field,
                w.mentions,
                rows.join("\n")
            ));
        }
    }
    errors
}

fn check_costs(design: &Design, q: &CostsQuery) -> Vec<String> {
    let e = vnet_core::cost::estimate(design);
    let close = |a: f64, b: f64| (a - b).abs() < 0.005;
    let mut errors = Vec::new();
    for want in &q.elements {
        match e.elements.iter().find(|c| c.name == want.name || c.element.as_str() == want.name) {
            Some(c) if close(c.amount, want.amount) => {}
            Some(c) => errors.push(format!("cost of {}: {:.2}, expected {:.2}", want.name, c.amount, want.amount)),
            None => errors.push(format!("cost: no row for {} in {:?}", want.name, e.elements)),
        }
    }
    if let Some(t) = q.total {
        if !close(e.total, t) {
            errors.push(format!("cost total {:.2}, expected {t:.2}", e.total));
        }
    }
    errors
}

fn run(path: &PathBuf) -> Result<usize, String> {
    let (s, design) = load(path)?;
    let eng = Engine::new(&design);
    let mut failures = Vec::new();
    let mut checks = 0;
    for q in &s.routes {
        checks += 1;
        let Some(ix) = subnet_ix(&eng, &q.subnet) else {
            failures.push(format!("routes {}: no such subnet", q.subnet));
            continue;
        };
        let table = &eng.routes[ix].routes;
        for want in &q.expect {
            if !table.iter().any(|r| row_matches(r, want)) {
                failures.push(format!("routes {}: missing {want:?}\n  table:\n{}", q.subnet, show(table)));
            }
        }
        for not in &q.absent {
            if table.iter().any(|r| row_matches(r, not)) {
                failures.push(format!("routes {}: unexpected {not:?}\n  table:\n{}", q.subnet, show(table)));
            }
        }
        if let Some(n) = q.count {
            if table.len() != n {
                failures.push(format!(
                    "routes {}: {} rows, expected {n}\n  table:\n{}",
                    q.subnet,
                    table.len(),
                    show(table)
                ));
            }
        }
    }
    for q in &s.lookups {
        checks += 1;
        let Some(ix) = subnet_ix(&eng, &q.subnet) else {
            failures.push(format!("lookup {}: no such subnet", q.subnet));
            continue;
        };
        let packet = Packet {
            src: Ipv4Addr::UNSPECIFIED,
            dst: q.to,
            protocol: q.protocol,
            src_port: EPHEMERAL_PORT,
            dst_port: q.port,
            host: None,
        };
        match select(&eng.net, &eng.routes[ix], &packet) {
            Some(sel) => {
                let r = &eng.routes[ix].routes[sel.index];
                let over = sel.ecmp.map_or(0, |(_, n)| n);
                if q.ecmp_over.is_some_and(|n| n != over) {
                    failures
                        .push(format!("lookup {} → {}: ECMP over {over}, expected {:?}", q.subnet, q.to, q.ecmp_over));
                }
                if sel.ecmp.is_some() && !sel.instance.is_some_and(|ip| r.next_hop_ips.contains(&ip)) {
                    failures.push(format!(
                        "lookup {} → {}: ECMP chose {:?}, not a next hop of its row",
                        q.subnet, q.to, sel.instance
                    ));
                }
                if q.instance.is_some_and(|ip| sel.instance != Some(ip)) {
                    failures.push(format!(
                        "lookup {} → {}: instance {:?}, expected {:?}",
                        q.subnet, q.to, sel.instance, q.instance
                    ));
                }
                if !row_matches(r, &q.expect) || q.rule.as_ref().is_some_and(|rule| sel.rule != rule) {
                    failures.push(format!(
                        "lookup {} → {}: chose {} {} [{}], expected {:?} {:?}",
                        q.subnet,
                        q.to,
                        r.prefix,
                        r.next_hop_type.arm_name(),
                        sel.rule,
                        q.expect,
                        q.rule
                    ));
                }
            }
            None => failures.push(format!("lookup {} → {}: no route", q.subnet, q.to)),
        }
    }
    for q in &s.traces {
        checks += 1;
        if let Err(e) = check_trace(&design, &eng, q) {
            failures.push(format!("trace {} → {} {:?}/{}: {e}", q.from, q.to, q.protocol, q.port));
        }
    }
    for q in &s.resolves {
        checks += 1;
        if let Err(e) = check_resolve(&design, q) {
            failures.push(format!("resolve {} from {}: {e}", q.name, q.from));
        }
    }
    for q in &s.connects {
        checks += 1;
        if let Err(e) = check_connect(&design, q) {
            failures.push(format!("connect {} → {}: {e}", q.from, q.target));
        }
    }
    for (i, q) in s.security.iter().enumerate() {
        checks += 1;
        if let Err(e) = watcher_queries::check_security(&eng, q) {
            failures.push(format!("security #{}: {e}", i + 1));
        }
    }
    for (i, q) in s.flow_verify.iter().enumerate() {
        checks += 1;
        if let Err(e) = watcher_queries::check_flow_verify(&eng, q) {
            failures.push(format!("flowVerify #{}: {e}", i + 1));
        }
    }
    for (i, q) in s.next_hops.iter().enumerate() {
        checks += 1;
        if let Err(e) = watcher_queries::check_next_hop(&eng, q) {
            failures.push(format!("nextHops #{}: {e}", i + 1));
        }
    }
    if let Some(q) = &s.insights {
        checks += 1;
        failures.extend(check_insights(&design, q));
    }
    if !s.diagnostics.is_empty() {
        checks += 1;
        failures.extend(check_diagnostics(&design, &s.diagnostics));
    }
    if let Some(q) = &s.costs {
        checks += 1;
        failures.extend(check_costs(&design, q));
    }
    if failures.is_empty() {
        Ok(checks)
    } else {
        Err(format!("scenario '{}' ({}):\n  {}", s.name, path.display(), failures.join("\n  ")))
    }
}

#[test]
fn every_scenario_file_passes() {
    let mut files: Vec<PathBuf> = std::fs::read_dir(scenario_dir())
        .expect("tests/scenarios exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no scenario files found");
    let mut failures = Vec::new();
    let mut checks = 0;
    for f in &files {
        match run(f) {
            Ok(n) => checks += n,
            Err(e) => failures.push(e),
        }
    }
    eprintln!("{} scenario files, {checks} checks passed, {} files failed", files.len(), failures.len());
    assert!(failures.is_empty(), "\n{}", failures.join("\n\n"));
}

#[test]
fn scenario_rule_ids_exist_in_the_catalog() {
    for e in std::fs::read_dir(scenario_dir()).expect("tests/scenarios exists").flatten() {
        let path = e.path();
        if path.extension().is_none_or(|x| x != "json") {
            continue;
        }
        let (s, _) = load(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        assert!(!s.rules.is_empty(), "{}: names no rule", path.display());
        for r in &s.rules {
            assert!(vnet_core::catalog::rules::rule(r).is_some(), "{}: unknown rule id {r}", path.display());
        }
    }
}
