//! Codec benchmark over the generated landing zone (DECISIONS 21): 10, 100 and 1,000 spokes.
//! Measures writing and reading a design file (`to_json`, `from_json`) and a share link
//! (`link::encode`, `link::decode`), with their sizes. Reading is what a page does before its
//! first render (a link, local storage or a gallery file). Run it with
//! `cargo bench -p vnet-core --bench codec` and record the table in BENCHMARKS.md.

mod timing;

use std::hint::black_box;
use vnet_core::codec::{json, link};
use vnet_core::layout::Layout;
use vnet_core::Document;

fn main() {
    println!("| spokes | file | to_json | from_json | link | link::encode | link::decode |");
    println!("|---|---|---|---|---|---|---|");
    for (n, design) in timing::designs(&[10, 100, 1000]) {
        let doc = Document::new(design, Layout::default());
        let runs = if n >= 1000 { 7 } else { 31 };
        let file = json::to_json(&doc);
        let fragment = link::encode(&doc);
        let write = timing::median(runs, || {
            black_box(json::to_json(black_box(&doc)));
        });
        let read = timing::median(runs, || {
            black_box(json::from_json(black_box(&file)).ok());
        });
        let encode = timing::median(runs, || {
            black_box(link::encode(black_box(&doc)));
        });
        let decode = timing::median(runs, || {
            black_box(link::decode(black_box(&fragment)).ok());
        });
        println!(
            "| {n} | {} KB | {} | {} | {} KB | {} | {} |",
            file.len() / 1024,
            timing::fmt(write, 0),
            timing::fmt(read, 0),
            fragment.len() / 1024,
            timing::fmt(encode, 0),
            timing::fmt(decode, 0),
        );
    }
}
