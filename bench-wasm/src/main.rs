//! The same cases natively (`cargo run --release --bin vnet-bench-native -- 10 100`), as JSON on
//! stdout, for `scripts/bench-wasm` to put next to the browser's figures.

use std::time::Instant;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let start = Instant::now();
    let now = || start.elapsed().as_secs_f64() * 1000.0;
    let cases = vnet_bench_wasm::cases(&vnet_bench_wasm::parse_sizes(&args.join(" ")), &now);
    match serde_json::to_string(&cases) {
        Ok(json) => println!("{json}"),
        Err(e) => eprintln!("{e}"),
    }
}
