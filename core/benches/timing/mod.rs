//! What the bench binaries share: the median of repeated timings, its display, and the spoke
//! counts from the command line. Benches only (a clock): the engine itself never reads one.

use std::time::{Duration, Instant};

/// The median of `runs` timings of `f` (after one warm-up run).
pub fn median(runs: usize, mut f: impl FnMut()) -> Duration {
    f();
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed()
        })
        .collect();
    times.sort();
    times[times.len() / 2]
}

/// `d` in µs (with `digits` decimals) below a millisecond, else in ms with two.
pub fn fmt(d: Duration, digits: usize) -> String {
    let us = d.as_secs_f64() * 1e6;
    if us < 1000.0 {
        format!("{us:.digits$} µs")
    } else {
        format!("{:.2} ms", us / 1000.0)
    }
}

/// The spoke counts given as arguments, or `default`.
pub fn sizes(default: &[usize]) -> Vec<usize> {
    let sizes: Vec<usize> = std::env::args().skip(1).filter_map(|a| a.parse().ok()).collect();
    if sizes.is_empty() {
        default.to_vec()
    } else {
        sizes
    }
}

/// The generated landing zone (DECISIONS 21) at each spoke count given as arguments, or
/// `default`; a count that does not build is said on stderr and skipped. (Each bench binary
/// compiles this module; those that build their designs otherwise do not call it.)
#[allow(dead_code)]
pub fn designs(default: &[usize]) -> impl Iterator<Item = (usize, vnet_core::model::Design)> {
    sizes(default).into_iter().filter_map(|n| match vnet_core::gallery::generated(n) {
        Ok(d) => Some((n, d)),
        Err(e) => {
            eprintln!("{n} spokes: {e}");
            None
        }
    })
}
