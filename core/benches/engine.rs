//! Engine benchmark over the generated landing zone (DECISIONS 21): 10, 100 and 1,000 spokes.
//! Measures building the engine (every subnet's effective routes and tags), one trace, the full
//! reachability matrix, validation, and the peak heap while building. A plain harness (no
//! criterion) so the same code can be timed anywhere; run it with
//! `cargo bench -p vnet-core --bench engine` and record the table in BENCHMARKS.md.

mod timing;

use std::alloc::{GlobalAlloc, Layout, System};
use std::hint::black_box;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;
use vnet_core::model::{FlowSource, Protocol};
use vnet_core::trace::{Engine, Flow};

/// Counts live heap bytes and their peak, to report memory without an external profiler.
struct Counting;
static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let live = LIVE.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
        PEAK.fetch_max(live, Ordering::Relaxed);
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static ALLOC: Counting = Counting;

fn main() {
    let sizes = timing::sizes(&[10, 100, 1000]);
    println!("| spokes | subnets | all effective routes | engine (index + routes + tags) | one trace | validate | reachability matrix | peak heap (engine) |");
    println!("|---|---|---|---|---|---|---|---|");
    for n in sizes {
        let design = match vnet_core::gallery::generated(n) {
            Ok(d) => d,
            Err(e) => {
                eprintln!("{n} spokes: {e}");
                continue;
            }
        };
        let base = LIVE.load(Ordering::Relaxed);
        PEAK.store(base, Ordering::Relaxed);
        let eng = Engine::new(&design);
        let peak = PEAK.load(Ordering::Relaxed).saturating_sub(base);
        let build = timing::median(if n >= 1000 { 5 } else { 21 }, || {
            black_box(Engine::new(black_box(&design)));
        });
        // Effective routes alone, over an index built once (the engine above adds the index and tags).
        let net = vnet_core::network::Network::new(&design);
        let routes_only = timing::median(if n >= 1000 { 5 } else { 21 }, || {
            black_box(vnet_core::routes::all_routes(black_box(&net)));
        });
        // The first spoke VM to a private endpoint in the last spoke, TCP 443: through the hub firewall.
        let src = design.vms.first().and_then(|v| v.nics.first()).map(|n| n.id.clone());
        let dst = design.private_endpoints.last().map(|p| p.ip);
        let (Some(src), Some(dst)) = (src, dst) else {
            eprintln!("{n} spokes: no VM or private endpoint to trace");
            continue;
        };
        let flow = Flow { from: FlowSource::Nic { id: src }, to: dst, protocol: Protocol::Tcp, port: 443, host: None };
        let trace = timing::median(1001, || {
            black_box(eng.trace(black_box(&flow)).ok());
        });
        let validate = timing::median(if n >= 1000 { 5 } else { 21 }, || {
            black_box(vnet_core::validate::validate(black_box(&design)));
        });
        // The 1,000-spoke matrix takes minutes (16 million traces): only on request.
        let big_matrix = std::env::var_os("VNET_BENCH_BIG_MATRIX").is_some();
        let matrix = if n > 100 && !big_matrix {
            "skipped (set VNET_BENCH_BIG_MATRIX=1)".to_string()
        } else if n <= 100 {
            timing::fmt(
                timing::median(3, || {
                    black_box(vnet_core::reach::matrix(&eng, Protocol::Tcp, 443));
                }),
                1,
            )
        } else {
            let t = Instant::now();
            black_box(vnet_core::reach::matrix(&eng, Protocol::Tcp, 443));
            format!("{} (1 run)", timing::fmt(t.elapsed(), 1))
        };
        println!(
            "| {n} | {} | {} | {} | {} | {} | {matrix} | {:.1} MiB |",
            eng.net.subnets.len(),
            timing::fmt(routes_only, 1),
            timing::fmt(build, 1),
            timing::fmt(trace, 1),
            timing::fmt(validate, 1),
            peak as f64 / (1024.0 * 1024.0)
        );
    }
}
