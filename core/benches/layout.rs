//! Layout benchmark (issue "Diagrams"): the automatic hub-and-spoke layout and the routing of
//! the peering lines around the boxes (as the studio routes them: every VNet, site and side box
//! an obstacle) for the generated landing zone at 10, 100 and 1,000 spokes. Run it with
//! `cargo bench -p vnet-core --bench layout` and record the table in BENCHMARKS.md.

mod timing;

use std::hint::black_box;
use vnet_core::layout::route::{route_all, Wire};
use vnet_core::layout::{auto_layout, Layout};

fn main() {
    println!("| spokes | boxes | auto_layout | peering lines | routed | route_all |");
    println!("|---|---|---|---|---|---|");
    for (n, d) in timing::designs(&[10, 100, 1000]) {
        let runs = if n >= 1000 { 5 } else { 21 };
        let layout_time = timing::median(runs, || {
            black_box(auto_layout(black_box(&d), &Layout::default()));
        });
        let l = auto_layout(&d, &Layout::default());
        let alone = d.vnets.iter().map(|v| &v.id).chain(d.sites.iter().map(|s| &s.id));
        let side = d.paas.iter().map(|p| &p.id).chain(d.dns_zones.iter().map(|z| &z.id));
        let tiles = d.route_tables.iter().map(|r| &r.id).chain(d.nsgs.iter().map(|r| &r.id));
        let boxes: Vec<_> = alone.chain(side).chain(tiles).filter_map(|i| l.get(i)).collect();
        let wires: Vec<Wire> = d
            .peerings
            .iter()
            .filter(|p| p.vnet < p.remote_vnet)
            .filter_map(|p| Some(Wire { a: l.get(&p.vnet)?, b: l.get(&p.remote_vnet)? }))
            .collect();
        let routed = route_all(&boxes, &wires).iter().filter(|p| p.len() > 2).count();
        let route_time = timing::median(runs, || {
            black_box(route_all(black_box(&boxes), black_box(&wires)));
        });
        println!(
            "| {n} | {} | {} | {} | {routed} | {} |",
            boxes.len(),
            timing::fmt(layout_time, 2),
            wires.len(),
            timing::fmt(route_time, 2)
        );
    }
}
