//! Import benchmark (issue 19 §3): the generated landing zone (DECISIONS 21) at 10, 100 and
//! 1,000 spokes, exported to the flat REST shape and presented as a Resource Graph result
//! (`export::to_resource_graph`: `{"data": […]}`, lowercase types), then parsed and imported (`parse_file` + `import`, the
//! report's insights and the layout included). Target: 1,000 spokes under 1 s natively. (Export
//! in every format is `benches/export.rs`.) Run it with
//! `cargo bench -p vnet-core --bench import` and record the tables in BENCHMARKS.md.

mod timing;

use std::hint::black_box;
use vnet_core::import::{import, parse_file, ImportOptions};
use vnet_core::layout::Layout;
use vnet_core::Document;

fn main() {
    println!("| spokes | ARG file | resources | parse + import |");
    println!("|---|---|---|---|");
    for (n, design) in timing::designs(&[10, 100, 1000]) {
        let arg = vnet_core::export::to_resource_graph(&Document::new(design, Layout::default()));
        let count = arg["count"].as_u64().unwrap_or(0);
        let text = arg.to_string();
        let runs = if n >= 1000 { 5 } else { 21 };
        let time = timing::median(runs, || {
            let file = parse_file("arg.json", black_box(&text)).ok();
            black_box(file.map(|f| import(&[f], &ImportOptions::default()).ok()));
        });
        println!("| {n} | {} KB | {count} | {} |", text.len() / 1024, timing::fmt(time, 0));
    }
}
