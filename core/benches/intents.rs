//! Intents benchmark (issue 21 §3): 200 intents between single elements of the generated landing
//! zone — 100 `reach` (a spoke's web VM to the next spoke's app VM, TCP 443), 50 `isolate` (a
//! web VM to another spoke's app VM on TCP 22, which the firewall's rules do not allow), 30 `through` (web to the next
//! spoke's web VM through the hub firewall), 20 `resolves` (a web VM resolves its spoke's storage
//! name to the private endpoint) — re-checked after an edit: the time on top of the engine
//! rebuild the edit already costs. Run it with `cargo bench -p vnet-core --bench intents` and
//! record the table in BENCHMARKS.md.

mod timing;

use std::hint::black_box;
use vnet_core::build::at;
use vnet_core::dns::DnsEngine;
use vnet_core::intent::{check_all, check_all_with, Status};
use vnet_core::model::{Design, DnsExpectation, Intent, IntentCheck, Protocol};
use vnet_core::trace::Engine;
use vnet_core::Id;

fn vm(d: &Design, name: &str) -> Id {
    d.vms.iter().find(|v| v.name == name).map(|v| v.id.clone()).unwrap_or_else(|| Id::new("missing"))
}

/// 200 intents over `spokes` spokes (spoke numbers wrap).
fn intents(d: &Design, spokes: usize) -> Vec<Intent> {
    let fw = d.firewalls.first().map(|f| f.id.clone()).unwrap_or_else(|| Id::new("missing"));
    let s = |i: usize| i % spokes + 1;
    let mut out = Vec::new();
    let mut push =
        |check| out.push(Intent { id: Id::new(format!("it{}", out.len() + 1)), title: String::new(), check });
    for i in 0..100 {
        let (from, to) = (vm(d, &format!("vm-{:04}-web-1", s(i))), vm(d, &format!("vm-{:04}-app-1", s(i + 1))));
        push(IntentCheck::Reach { from: at(&from), to: at(&to), protocol: Protocol::Tcp, port: 443 });
    }
    for i in 0..50 {
        let (from, to) = (vm(d, &format!("vm-{:04}-web-2", s(i))), vm(d, &format!("vm-{:04}-app-2", s(i + 2))));
        push(IntentCheck::Isolate { from: at(&from), to: at(&to), protocol: Protocol::Tcp, port: 22 });
    }
    for i in 0..30 {
        let (from, to) = (vm(d, &format!("vm-{:04}-web-1", s(i))), vm(d, &format!("vm-{:04}-web-1", s(i + 1))));
        push(IntentCheck::Through {
            from: at(&from),
            to: at(&to),
            protocol: Protocol::Tcp,
            port: 443,
            device: fw.clone(),
        });
    }
    for i in 0..20 {
        let from = vm(d, &format!("vm-{:04}-web-1", s(i)));
        let name = format!("stlz{:04}.blob.core.windows.net", s(i));
        push(IntentCheck::Resolves { from: at(&from), name, expect: DnsExpectation::PrivateEndpoint });
    }
    out
}

fn main() {
    println!("| spokes | intents | pass | fail | engine rebuild | DNS index | 200 intents, engines built | of which 20 resolves | 200 intents, DNS index included |");
    println!("|---|---|---|---|---|---|---|---|---|");
    for (n, d) in timing::designs(&[10, 100, 1000]) {
        let all = intents(&d, n);
        let flows: Vec<Intent> =
            all.iter().filter(|i| !matches!(i.check, IntentCheck::Resolves { .. })).cloned().collect();
        let runs = if n >= 1000 { 5 } else { 21 };
        let rebuild = timing::median(runs, || {
            black_box(Engine::new(black_box(&d)));
        });
        let eng = Engine::new(&d);
        let checked = check_all(&eng, &all);
        let pass = checked.iter().filter(|c| c.status == Status::Pass).count();
        let fail = checked.len() - pass;
        let dns_index = timing::median(runs, || {
            black_box(DnsEngine::new(black_box(&eng)));
        });
        let dns = DnsEngine::new(&eng);
        let built = timing::median(runs, || {
            black_box(check_all_with(black_box(&eng), Some(&dns), black_box(&all)));
        });
        let flows_only = timing::median(runs, || {
            black_box(check_all_with(black_box(&eng), Some(&dns), black_box(&flows)));
        });
        let every = timing::median(runs, || {
            black_box(check_all(black_box(&eng), black_box(&all)));
        });
        println!(
            "| {n} | {} | {pass} | {fail} | {} | {} | {} | {} | {} |",
            all.len(),
            timing::fmt(rebuild, 1),
            timing::fmt(dns_index, 1),
            timing::fmt(built, 1),
            timing::fmt(built.saturating_sub(flows_only), 1),
            timing::fmt(every, 1)
        );
    }
}
