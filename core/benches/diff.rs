//! `diff` over the generated landing zone (DECISIONS 21): the design against itself with spoke
//! 1's default route to the firewall removed (issue 21 §3's first breaker), the whole diff —
//! both engines, element pairing, route rows of every subnet, the reachability matrix of both
//! sides for each probe (TCP 443, TCP 22, UDP 53, ICMP), the DNS sweep of both sides, intents
//! and cost. A plain harness like `engine.rs`; run it with
//! `cargo bench -p vnet-core --bench diff -- 10 100` and record the table in BENCHMARKS.md.

mod timing;

use std::hint::black_box;
use vnet_core::diff::diff;

fn main() {
    let sizes = timing::sizes(&[10, 100]);
    println!("| spokes | subnets | VMs | full diff | effects |");
    println!("|---|---|---|---|---|");
    for n in sizes {
        let before = match vnet_core::gallery::generated(n) {
            Ok(d) => d,
            Err(e) => {
                eprintln!("{n} spokes: {e}");
                continue;
            }
        };
        let mut after = before.clone();
        if let Some(rt) = after.route_tables.iter_mut().find(|t| t.name == "rt-spoke-0001-web") {
            rt.routes.retain(|r| r.prefix.prefix_len() != 0);
        }
        let effects = diff(&before, &after).count();
        let runs = if n >= 100 { 3 } else { 7 };
        let t = timing::median(runs, || {
            black_box(diff(black_box(&before), black_box(&after)));
        });
        println!("| {n} | {} | {} | {} | {effects} |", before.subnets.len(), before.vms.len(), timing::fmt(t, 2));
    }
}
