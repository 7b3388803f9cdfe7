//! Writes the generated landing zone (DECISIONS 21) with N spokes as a Resource Graph result
//! (`export::to_resource_graph`), the input of the studio's import benchmark
//! (`tests/e2e/import-bench.mjs`): `cargo run -p vnet-core --release --example landing_zone_arg -- 1000 > arg-1000.json`.
//! The same shape `benches/import.rs` measures natively.

use vnet_core::layout::Layout;
use vnet_core::Document;

fn main() {
    let n: usize = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(100);
    match vnet_core::gallery::generated(n) {
        Ok(design) => println!("{}", vnet_core::export::to_resource_graph(&Document::new(design, Layout::default()))),
        Err(e) => {
            eprintln!("{n} spokes: {e}");
            std::process::exit(2);
        }
    }
}
