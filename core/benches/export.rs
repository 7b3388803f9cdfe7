//! Export benchmark (issue 22 §3): the generated landing zone (DECISIONS 21) at 10, 100 and
//! 1,000 spokes, exported in every format (`export::export`, the files' text included). Target:
//! under 100 ms natively at 1,000 spokes. Run it with `cargo bench -p vnet-core --bench export`
//! (spoke counts as arguments, e.g. `-- 1000`) and record the table in BENCHMARKS.md.

mod timing;

use std::hint::black_box;
use vnet_core::export::{export, Format};
use vnet_core::layout::Layout;
use vnet_core::Document;

fn main() {
    println!("| spokes | format | output | export |");
    println!("|---|---|---|---|");
    for (n, design) in timing::designs(&[10, 100, 1000]) {
        let doc = Document::new(design, Layout::default());
        for format in Format::ALL {
            let bytes: usize = export(&doc, format).map(|f| f.iter().map(|x| x.text.len()).sum()).unwrap_or(0);
            let runs = if n >= 1000 { 7 } else { 21 };
            let time = timing::median(runs, || {
                black_box(export(black_box(&doc), format).ok());
            });
            println!("| {n} | {} | {} KB | {} |", format.name(), bytes / 1024, timing::fmt(time, 0));
        }
    }
}
