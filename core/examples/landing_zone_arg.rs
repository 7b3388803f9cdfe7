//! Writes the generated landing zone (DECISIONS 21) with N spokes as a Resource Graph result
//! (`{"count", "data": […]}`, lowercase types), the input of the studio's import benchmark
//! (`tests/e2e/import-bench.mjs`): `cargo run -p vnet-core --release --example landing_zone_arg -- 1000 > arg-1000.json`.
//! The same shape `benches/import.rs` measures natively.

use serde_json::{json, Value};
use vnet_core::layout::Layout;
use vnet_core::Document;

fn main() {
    let n: usize = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(100);
    let design = match vnet_core::gallery::generated(n) {
        Ok(d) => d,
        Err(e) => {
            eprintln!("{n} spokes: {e}");
            std::process::exit(2);
        }
    };
    let exported = vnet_core::export::to_arm_resources(&Document::new(design, Layout::default()));
    let mut data = match exported.get("value") {
        Some(Value::Array(items)) => items.clone(),
        _ => Vec::new(),
    };
    for r in &mut data {
        if let Some(t) = r.get("type").and_then(Value::as_str).map(str::to_ascii_lowercase) {
            r["type"] = json!(t);
        }
    }
    println!("{}", json!({ "count": data.len(), "data": data }));
}
