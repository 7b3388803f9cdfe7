//! The engine benchmark cases (as in `core/benches/engine.rs`) behind a clock the caller gives:
//! `performance.now()` in the browser, `Instant` natively, so the same compiled code is timed on
//! both sides and the wasm/native ratio compares like with like. Short calls are timed in
//! batches (browser timers are coarse, DECISIONS 24).

use serde::Serialize;
use std::sync::atomic::{AtomicUsize, Ordering};
use vnet_core::model::{FlowSource, Protocol};
use vnet_core::reach::CellOutcome;
use vnet_core::trace::{Engine, Flow};

/// One design size: medians in milliseconds, one trace in microseconds.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Case {
    pub spokes: usize,
    pub subnets: usize,
    pub routes_ms: f64,
    pub engine_ms: f64,
    pub trace_us: f64,
    pub validate_ms: f64,
    /// Only up to 100 spokes (16 million cells at 1,000 take minutes).
    pub matrix_ms: Option<f64>,
    /// What was computed, to check that both sides did the same work: the trace's outcome and
    /// the number of delivered cells.
    pub trace_outcome: String,
    pub matrix_delivered: Option<usize>,
}

/// Where results go so that no optimizer can drop the work: `black_box` is only a hint, and in
/// wasm it is none, so each case folds a little of what it computed into this counter.
static SINK: AtomicUsize = AtomicUsize::new(0);

fn consume(x: usize) {
    SINK.fetch_add(x, Ordering::Relaxed);
}

/// `x`, through a volatile read the optimizer cannot see through: a call on it cannot be hoisted
/// out of the timing loop (in wasm, `black_box` is not a barrier; a trace was computed once per
/// batch before this).
fn opaque<T>(x: &T) -> &T {
    let p: *const T = x;
    // SAFETY: reads back a pointer made from a live reference just above.
    unsafe { &*std::ptr::read_volatile(&p) }
}

/// The median of `runs` timings of `f` in milliseconds, after one warm-up run. A run shorter
/// than `min_ms` is repeated in a batch and averaged, so coarse clocks still resolve it.
fn median_ms(now: &dyn Fn() -> f64, runs: usize, min_ms: f64, mut f: impl FnMut()) -> f64 {
    let t = now();
    f();
    let once = now() - t;
    let batch = if once >= min_ms { 1 } else { (min_ms / once.max(0.001)).ceil().min(10_000.0) as usize };
    let mut times: Vec<f64> = (0..runs.max(1))
        .map(|_| {
            let t = now();
            for _ in 0..batch {
                f();
            }
            (now() - t) / batch as f64
        })
        .collect();
    times.sort_by(f64::total_cmp);
    times[times.len() / 2]
}

/// The cases for each size in `sizes` (spokes), timed with `now` (milliseconds).
pub fn cases(sizes: &[usize], now: &dyn Fn() -> f64) -> Vec<Case> {
    let mut out = Vec::new();
    for &n in sizes {
        let Ok(design) = vnet_core::gallery::generated(n) else { continue };
        let runs = if n >= 1000 { 5 } else { 21 };
        let eng = Engine::new(&design);
        let net = vnet_core::network::Network::new(&design);
        let routes_ms = median_ms(now, runs, 20.0, || {
            consume(vnet_core::routes::all_routes(opaque(&net)).iter().map(|t| t.routes.len()).sum());
        });
        let engine_ms = median_ms(now, runs, 20.0, || {
            let e = Engine::new(opaque(&design));
            consume(e.routes.iter().map(|t| t.routes.len()).sum::<usize>() + e.tags.len());
        });
        let validate_ms = median_ms(now, runs, 20.0, || {
            consume(vnet_core::validate::validate(opaque(&design)).len());
        });
        // The first spoke VM to a private endpoint in the last spoke, TCP 443 (as the native bench).
        let src = design.vms.first().and_then(|v| v.nics.first()).map(|n| n.id.clone());
        let dst = design.private_endpoints.last().map(|p| p.ip);
        let (Some(src), Some(dst)) = (src, dst) else { continue };
        let flow = Flow { from: FlowSource::Nic { id: src }, to: dst, protocol: Protocol::Tcp, port: 443, host: None };
        let trace_us = 1000.0
            * median_ms(now, runs, 20.0, || {
                consume(eng.trace(opaque(&flow)).map_or(0, |t| t.forward.hops.len() + t.outcome.label().len()));
            });
        let trace_outcome = eng.trace(&flow).map_or_else(|e| e.to_string(), |t| t.outcome.label().to_string());
        let delivered = |m: &vnet_core::reach::Matrix| {
            m.cells.iter().flatten().flatten().filter(|c| c.outcome == CellOutcome::Delivered).count()
        };
        let matrix_delivered = (n <= 100).then(|| delivered(&vnet_core::reach::matrix(&eng, Protocol::Tcp, 443)));
        let matrix_ms = (n <= 100).then(|| {
            median_ms(now, if n >= 100 { 5 } else { runs }, 20.0, || {
                let m = vnet_core::reach::matrix(opaque(&eng), Protocol::Tcp, 443);
                consume(delivered(&m));
            })
        });
        out.push(Case {
            spokes: n,
            subnets: eng.net.subnets.len(),
            routes_ms,
            engine_ms,
            trace_us,
            validate_ms,
            matrix_ms,
            trace_outcome,
            matrix_delivered,
        });
    }
    out
}

/// `sizes`: spoke counts separated by spaces or commas (default 10 and 100).
pub fn parse_sizes(sizes: &str) -> Vec<usize> {
    let parsed: Vec<usize> = sizes.split([' ', ',']).filter_map(|s| s.trim().parse().ok()).collect();
    if parsed.is_empty() {
        vec![10, 100]
    } else {
        parsed
    }
}

#[cfg(target_arch = "wasm32")]
mod browser {
    use wasm_bindgen::prelude::*;

    #[wasm_bindgen]
    extern "C" {
        #[wasm_bindgen(js_namespace = performance)]
        fn now() -> f64;
    }

    /// Runs the cases in the page and returns them as JSON.
    #[wasm_bindgen]
    pub fn run(sizes: &str) -> String {
        let cases = super::cases(&super::parse_sizes(sizes), &|| now());
        serde_json::to_string(&cases).unwrap_or_else(|e| format!("{{\"error\":\"{e}\"}}"))
    }
}
