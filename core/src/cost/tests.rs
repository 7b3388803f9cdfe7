//! The cost estimate against AZURE.md section 8: the seed's figure (C-22) on gallery 6, and the
//! peering rules (C-3, C-4, C-21) on a two-VNet design.

use super::*;
use crate::gallery;
use crate::model::TrafficAssumption;

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 0.005
}

fn of(slug: &str) -> Design {
    (gallery::entry(slug).unwrap().build)().unwrap()
}

fn element<'a>(e: &'a Estimate, name: &str) -> &'a ElementCost {
    e.elements.iter().find(|c| c.name == name).unwrap_or_else(|| panic!("no cost row for {name}: {:?}", e.elements))
}

#[test]
fn gallery_6_reproduces_the_seed_figure_c22() {
    let d = of("service-vs-private-endpoint");
    let e = estimate(&d);
    // C-22: 730 h × $0.01 + 100 TB in and 100 TB out (1 TB = 1,024 GB) × $0.01 = $2,055.30.
    let pe = element(&e, "pe-stcontoso-blob");
    assert!(close(pe.amount, 2_055.30), "{}", pe.amount);
    assert!(pe.amount > 2_000.0);
    let pe_lines: Vec<&Line> = e.lines.iter().filter(|l| l.element == pe.element).collect();
    assert!(pe_lines.iter().any(|l| l.rule == "C-1" && close(l.amount, 7.30)), "{pe_lines:?}");
    assert!(pe_lines.iter().any(|l| l.item == "data in" && close(l.quantity, 102_400.0) && close(l.amount, 1_024.0)));
    assert!(pe_lines.iter().any(|l| l.item == "data out" && close(l.quantity, 102_400.0) && close(l.amount, 1_024.0)));
    // The same traffic through the service endpoint is free (C-8): no line on the storage account.
    assert!(!e.elements.iter().any(|c| c.name == "stcontoso"), "{:?}", e.elements);
    // The largest cost comes first.
    assert_eq!(e.elements[0].name, "pe-stcontoso-blob");
    // VPN gateway VpnGw1AZ at the VpnGw1 price (C-11) and the privatelink zone (C-9).
    assert!(close(element(&e, "vpngw-app").amount, 730.0 * 0.19));
    assert!(close(e.total, 2_055.30 + 138.70 + 0.50), "{}", e.total);
    assert_eq!(e.table.date, "2026-11-24");
}

#[test]
fn peering_is_charged_on_both_sides_regional_and_global() {
    let mut d = of("non-transitive-peering");
    let vm = |d: &Design, n: &str| d.vms.iter().find(|v| v.name == n).map(|v| v.id.clone()).unwrap();
    let (a, b) = (vm(&d, &d.vms[0].name.clone()), d.vms[1].id.clone());
    d.traffic.push(TrafficAssumption { id: Id::new("t900"), from: a, to: b, gb_per_month: 1000, gb_per_month_back: 0 });
    let e = estimate(&d);
    let peering: Vec<&Line> = e.lines.iter().filter(|l| l.rule == "C-3").collect();
    // C-21: one way across one peering = egress at the sender + ingress at the receiver.
    assert_eq!(peering.len(), 2, "{:?}", e.lines);
    assert!(peering.iter().all(|l| close(l.amount, 10.0)));
    // Move the second VNet to Japan: global peering, egress at zone 1, ingress at zone 2 (C-4).
    let second = d.vnets[1].id.clone();
    d.vnets.iter_mut().filter(|v| v.id == second).for_each(|v| v.region = "japaneast".into());
    let e = estimate(&d);
    let global: Vec<&Line> = e.lines.iter().filter(|l| l.rule == "C-4").collect();
    assert_eq!(global.len(), 2, "{:?}", e.lines);
    let mut amounts: Vec<f64> = global.iter().map(|l| l.amount).collect();
    amounts.sort_by(f64::total_cmp);
    assert!(close(amounts[0], 35.0) && close(amounts[1], 90.0), "{amounts:?}");
}

#[test]
fn every_gallery_design_is_priced_without_panicking() {
    for entry in gallery::ENTRIES {
        let d = (entry.build)().unwrap();
        let e = estimate(&d);
        assert!(e.total >= 0.0 && e.total.is_finite(), "{}", entry.slug);
        for l in &e.lines {
            assert!(crate::catalog::rules::rule(l.rule).is_some(), "{}: {}", entry.slug, l.rule);
        }
    }
}
