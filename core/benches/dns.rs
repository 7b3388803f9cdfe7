//! DNS benchmark over the generated landing zone (DECISIONS 21, 23): one resolution with the
//! network legs already traced, and the sweep "every service name from every VM". A plain
//! harness like `engine.rs`; run it with `cargo bench -p vnet-core --bench dns -- 10 100 1000`
//! and record the table in BENCHMARKS.md. Targets (100 spokes): one resolve < 10 µs, sweep < 100 ms.

mod timing;

use std::hint::black_box;
use vnet_core::catalog::services;
use vnet_core::dns::DnsEngine;
use vnet_core::trace::Engine;

fn main() {
    let sizes = timing::sizes(&[10, 100]);
    println!("| spokes | VMs × names | DNS engine (index) | one resolve (legs warm) | new engine + first resolve (legs traced) | sweep (fresh engine, legs included) | per resolve in the sweep |");
    println!("|---|---|---|---|---|---|---|");
    for n in sizes {
        let design = match vnet_core::gallery::generated(n) {
            Ok(d) => d,
            Err(e) => {
                eprintln!("{n} spokes: {e}");
                continue;
            }
        };
        let eng = Engine::new(&design);
        // Every public name of every PaaS resource: each sub-resource of its catalog service.
        let names: Vec<String> = design
            .paas
            .iter()
            .filter_map(|p| services::service(&p.service).map(|s| (p, s)))
            .flat_map(|(p, s)| s.sub_resources.iter().map(move |r| format!("{}.{}", p.name, r.public_zone)))
            .collect();
        let vms = design.vms.len();
        let index = timing::median(11, || {
            black_box(DnsEngine::new(black_box(&eng)));
        });
        // A spoke VM in the middle resolves the next spoke's blob name: inbound endpoint, hub
        // context, public CNAME, privatelink zone (five steps and one leg).
        let from = format!("vm-{:04}-web-1", n / 2 + 1);
        let name = format!("stlz{:04}.blob.core.windows.net", (n / 2 + 1) % n + 1);
        let dns = DnsEngine::new(&eng);
        let one = {
            const BATCH: u32 = 1000;
            let t = timing::median(21, || {
                for _ in 0..BATCH {
                    black_box(dns.resolve(black_box(&from), black_box(&name)).ok());
                }
            });
            t / BATCH
        };
        let cold = timing::median(101, || {
            let fresh = DnsEngine::new(&eng);
            black_box(fresh.resolve(&from, &name).ok());
        });
        let sweep = timing::median(11, || {
            let fresh = DnsEngine::new(&eng);
            black_box(fresh.sweep(black_box(&names)));
        });
        let cells = vms * names.len();
        println!(
            "| {n} | {vms} × {} = {cells} | {} | {} | {} | {} | {:.0} ns |",
            names.len(),
            timing::fmt(index, 2),
            timing::fmt(one, 2),
            timing::fmt(cold, 2),
            timing::fmt(sweep, 2),
            sweep.as_secs_f64() * 1e9 / cells as f64
        );
    }
}
