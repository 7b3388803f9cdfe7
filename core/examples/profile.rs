//! One engine workload, for `valgrind --tool=callgrind` (instruction counts are repeatable on a
//! shared, noisy machine; wall-clock timings are not): `cargo build --profile bench -p vnet-core
//! --example profile`, then `valgrind --tool=callgrind <binary> routes|validate|matrix|grid|trace|rows <spokes> [repetitions or rows]`.

use std::hint::black_box;
use vnet_core::model::{FlowSource, Protocol};
use vnet_core::trace::{Engine, Flow};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let what = args.get(1).map_or("routes", String::as_str);
    let n: usize = args.get(2).and_then(|a| a.parse().ok()).unwrap_or(100);
    let reps: usize = args.get(3).and_then(|a| a.parse().ok()).unwrap_or(1);
    let design = match vnet_core::gallery::generated(n) {
        Ok(d) => d,
        Err(e) => return eprintln!("{e}"),
    };
    let net = vnet_core::network::Network::new(&design);
    match what {
        "routes" => {
            for _ in 0..reps {
                black_box(vnet_core::routes::all_routes(black_box(&net)));
            }
        }
        "validate" => {
            for _ in 0..reps {
                black_box(vnet_core::validate::validate(black_box(&design)));
            }
        }
        "matrix" => {
            let eng = Engine::new(&design);
            for _ in 0..reps {
                black_box(vnet_core::reach::matrix(&eng, Protocol::Tcp, 443));
            }
        }
        // Issue 23: the class-based grid and the VNet summary (for `/usr/bin/time -v`'s peak RSS).
        "grid" => {
            let eng = Engine::new(&design);
            for _ in 0..reps {
                let g = black_box(vnet_core::reach::grid(&eng, Protocol::Tcp, 443));
                let v = black_box(vnet_core::reach::VnetMatrix::from_grid(&eng, &g));
                println!("{} cells, {} traced, {} VNets", g.len() * g.len(), g.traced(), v.vnets.len());
            }
        }
        "trace" => {
            let eng = Engine::new(&design);
            let src = design.vms.first().and_then(|v| v.nics.first()).map(|n| n.id.clone());
            let (Some(src), Some(dst)) = (src, design.private_endpoints.last().map(|p| p.ip)) else { return };
            let flow =
                Flow { from: FlowSource::Nic { id: src }, to: dst, protocol: Protocol::Tcp, port: 443, host: None };
            for _ in 0..reps {
                black_box(eng.trace(black_box(&flow)).ok());
            }
        }
        // The first `reps` rows of the matrix (a job's steps), timed, with the whole matrix
        // extrapolated from them: the 1,000-spoke matrix (16 million cells) takes minutes.
        "rows" => {
            let eng = Engine::new(&design);
            let mut job = vnet_core::reach::MatrixJob::new(&eng, Protocol::Tcp, 443);
            let start = std::time::Instant::now();
            let p = job.step(&eng, reps);
            let took = start.elapsed().as_secs_f64();
            let sources = job.rows().iter().filter(|r| r.iter().any(Option::is_some)).count();
            let all =
                eng.net.subnets.iter().enumerate().filter(|(s, _)| eng.net.nics.iter().any(|n| n.subnet == *s)).count();
            println!(
                "{} of {} rows ({sources} with a source) in {took:.3} s; all {all} source rows ≈ {:.1} s",
                p.rows_done,
                p.rows,
                took / sources.max(1) as f64 * all as f64
            );
        }
        other => eprintln!("unknown workload '{other}': routes, validate, matrix, grid, trace or rows"),
    }
}
