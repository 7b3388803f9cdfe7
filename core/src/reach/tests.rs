//! The matrix must say exactly what full traces say: every cell against its own full trace, on
//! every gallery design and a small generated landing zone, for several protocols and ports.

use super::*;
use crate::gallery;
use crate::model::Design;

fn designs() -> Vec<(String, Design)> {
    gallery::test_designs()
}

const FLOWS: [(Protocol, u16); 5] =
    [(Protocol::Tcp, 443), (Protocol::Tcp, 22), (Protocol::Udp, 53), (Protocol::Icmp, 0), (Protocol::Tcp, 1433)];

#[test]
fn every_cell_matches_its_full_trace() {
    let mut checked = 0;
    let mut kinds = std::collections::HashSet::new();
    for (name, design) in designs() {
        let eng = Engine::new(&design);
        let (reps, inner) = representatives(&eng);
        for (protocol, port) in FLOWS {
            let m = matrix(&eng, protocol, port);
            assert_eq!(m.cells.len(), reps.len(), "{name}");
            for (r, row) in m.cells.iter().enumerate() {
                assert_eq!(row.len(), reps.len(), "{name}");
                for (c, cell) in row.iter().enumerate() {
                    // The diagonal asks about traffic inside the subnet, never a VM to itself.
                    let to = if r == c { inner[r] } else { reps[c].1 };
                    let (Some(src), Some(dst)) = (&reps[r].0, to) else {
                        assert!(cell.is_none(), "{name} [{r}][{c}]: no representative, yet a cell");
                        continue;
                    };
                    let flow = Flow { from: FlowSource::Nic { id: src.clone() }, to: dst, protocol, port, host: None };
                    let full = eng.trace(&flow).expect("representatives are traceable");
                    let cell = cell.as_ref().expect("a cell for every pair of representatives");
                    assert_eq!(cell.flow, flow, "{name} [{r}][{c}]");
                    assert_eq!(cell.outcome, CellOutcome::from(&full.outcome), "{name} [{r}][{c}] {flow:?}");
                    assert_eq!(cell.trace(&eng).map(|t| t.outcome), Ok(full.outcome), "{name}: the handle re-runs it");
                    kinds.insert(cell.outcome);
                    checked += 1;
                }
            }
        }
    }
    assert!(checked > 500, "only {checked} cells compared");
    assert!(!kinds.contains(&CellOutcome::Loop), "a cell loops: a diagonal sent a VM to itself?");
    // The designs exercise more than one kind of answer, so agreement is not trivial.
    for kind in [CellOutcome::Delivered, CellOutcome::Dropped, CellOutcome::AtRisk] {
        assert!(kinds.contains(&kind), "no cell was {kind:?}");
    }
}

#[test]
fn a_job_in_steps_gives_the_one_shot_matrix() {
    let design = gallery::generated(2).expect("builds");
    let eng = Engine::new(&design);
    let whole = matrix(&eng, Protocol::Tcp, 443);
    let mut job = MatrixJob::new(&eng, Protocol::Tcp, 443);
    let rows = job.progress().rows;
    assert_eq!((job.progress().rows_done, rows), (0, whole.subnets.len()));
    let mut last = 0;
    while !job.progress().is_done() {
        let p = job.step(&eng, 3);
        assert!(p.rows_done > last && p.rows_done <= last + 3, "{p:?}");
        assert_eq!(job.rows().len(), p.rows_done);
        last = p.rows_done;
    }
    assert_eq!(job.step(&eng, 3), Progress { rows_done: rows, rows });
    assert_eq!(job.subnets(), whole.subnets.as_slice());
    assert_eq!(job.finish(&eng), whole);
}

#[test]
fn an_empty_design_has_an_empty_matrix() {
    let design = Design::default();
    let eng = Engine::new(&design);
    let m = matrix(&eng, Protocol::Tcp, 443);
    assert!(m.subnets.is_empty() && m.cells.is_empty());
    assert!(MatrixJob::new(&eng, Protocol::Tcp, 443).progress().is_done());
}

/// `Engine::path` (places without the explanation, for intents and DNS legs) walks exactly as the
/// full trace: the same places forward and back, the same outcome kind.
#[test]
fn a_path_has_the_places_of_its_full_trace() {
    let places = |p: &crate::trace::Path| p.hops.iter().map(|h| h.place.clone()).collect::<Vec<_>>();
    let mut compared = 0;
    for (name, design) in designs() {
        let eng = Engine::new(&design);
        let (reps, _) = representatives(&eng);
        for (protocol, port) in FLOWS {
            for src in reps.iter().filter_map(|r| r.0.as_ref()) {
                for dst in reps.iter().filter_map(|r| r.1) {
                    let flow = Flow { from: FlowSource::Nic { id: src.clone() }, to: dst, protocol, port, host: None };
                    let (Ok(full), Ok(path)) = (eng.trace(&flow), eng.path(&flow)) else { continue };
                    assert_eq!(places(&path.forward), places(&full.forward), "{name} {flow:?}");
                    assert_eq!(path.reply.as_ref().map(places), full.reply.as_ref().map(places), "{name} {flow:?}");
                    assert_eq!(path.outcome.label(), full.outcome.label(), "{name} {flow:?}");
                    compared += 1;
                }
            }
        }
    }
    assert!(compared > 500, "only {compared} flows compared");
}

#[test]
fn one_cell_is_the_matrix_cell() {
    for (name, design) in designs() {
        let eng = Engine::new(&design);
        let m = matrix(&eng, Protocol::Tcp, 443);
        for (r, row) in m.cells.iter().enumerate() {
            for (c, want) in row.iter().enumerate() {
                let got = cell(&eng, &m.subnets[r], &m.subnets[c], Protocol::Tcp, 443);
                assert_eq!(&got, want, "{name}: {} → {}", m.subnets[r], m.subnets[c]);
            }
        }
    }
    assert!(cell(&Engine::new(&designs()[0].1), &Id::new("nope"), &Id::new("nope"), Protocol::Tcp, 443).is_none());
}

/// The class-based matrix is the matrix of one trace per cell: every cell, on every gallery design
/// and on generated landing zones of 10 and 50 spokes, where the symmetry is really used.
#[test]
fn classes_change_no_answer() {
    let mut all = designs();
    for n in [10, 50] {
        all.push((format!("generated({n})"), gallery::generated(n).expect("builds")));
    }
    let mut shared = 0;
    for (name, design) in &all {
        let eng = Engine::new(design);
        let flows: &[(Protocol, u16)] = if eng.net.subnets.len() > 100 { &FLOWS[..2] } else { &FLOWS };
        for &(protocol, port) in flows {
            let g = grid(&eng, protocol, port);
            let direct = matrix_direct(&eng, protocol, port);
            assert_eq!(g.to_matrix(), direct, "{name} {protocol:?} {port}");
            if name.starts_with("generated") {
                // Spoke subnets share roles; a handful of traces stand for the spoke-to-spoke cells.
                assert!(g.symmetric_subnets() >= g.len() - 4, "{name}: {} symmetric", g.symmetric_subnets());
                assert!(g.traced() * 4 < g.len() * g.len(), "{name}: {} traced of {}", g.traced(), g.len() * g.len());
            }
            shared += g.symmetric_subnets();
        }
        assert_eq!(matrix(&eng, Protocol::Tcp, 443), matrix_direct(&eng, Protocol::Tcp, 443), "{name}");
    }
    assert!(shared > 0);
}

/// The VNet summary agrees with the subnet matrix: each pair's counts are its cells' outcomes,
/// its worst and best the most and least severe of them.
#[test]
fn the_vnet_matrix_sums_up_the_subnet_matrix() {
    let mut all = designs();
    all.push(("generated(10)".into(), gallery::generated(10).expect("builds")));
    let mut pairs = 0;
    for (name, design) in &all {
        let eng = Engine::new(design);
        let m = matrix_direct(&eng, Protocol::Tcp, 443);
        let v = vnet_matrix(&eng, Protocol::Tcp, 443);
        assert_eq!(v.vnets.len(), eng.net.vnets.len(), "{name}");
        for (a, row) in v.cells.iter().enumerate() {
            for (b, got) in row.iter().enumerate() {
                let outcomes: Vec<CellOutcome> = (0..m.subnets.len())
                    .flat_map(|r| (0..m.subnets.len()).map(move |c| (r, c)))
                    .filter(|&(r, c)| eng.net.subnets[r].vnet == a && eng.net.subnets[c].vnet == b)
                    .filter_map(|(r, c)| m.cells[r][c].as_ref().map(|cell| cell.outcome))
                    .collect();
                let Some(got) = got else {
                    assert!(outcomes.is_empty(), "{name} [{a}][{b}]: cells, yet no summary");
                    continue;
                };
                let count = |o: CellOutcome| outcomes.iter().filter(|&&x| x == o).count() as u32;
                assert_eq!(got.counts.delivered, count(CellOutcome::Delivered), "{name} [{a}][{b}]");
                assert_eq!(got.counts.dropped, count(CellOutcome::Dropped), "{name} [{a}][{b}]");
                assert_eq!(got.counts.at_risk, count(CellOutcome::AtRisk), "{name} [{a}][{b}]");
                assert_eq!(got.counts.total() as usize, outcomes.len(), "{name} [{a}][{b}]");
                let worst = outcomes.iter().copied().max_by_key(|&o| vnet::severity(o));
                let best = outcomes.iter().copied().min_by_key(|&o| vnet::severity(o));
                assert_eq!((Some(got.worst), Some(got.best)), (worst, best), "{name} [{a}][{b}]");
                pairs += 1;
            }
        }
    }
    assert!(pairs > 100, "only {pairs} VNet pairs");
    // camelCase on the wire, like the subnet matrix.
    let eng = Engine::new(&all[0].1);
    let json = serde_json::to_string(&vnet_matrix(&eng, Protocol::Tcp, 443)).expect("serializes");
    assert!(json.contains("\"vnets\"") && json.contains("\"atRisk\"") && json.contains("\"noRoute\""), "{json}");
}

/// Where the engine hashes a flow (R-25: a route over VNet space learned by an active-active
/// gateway), the symmetry is not used at all, and the matrix is still the per-pair matrix.
#[test]
fn a_flow_hash_over_vnet_space_turns_the_symmetry_off() {
    let mut design = gallery::generated(4).expect("builds");
    let symmetric = grid(&Engine::new(&design), Protocol::Tcp, 443).symmetric_subnets();
    assert_eq!(symmetric, 16, "four spokes of four subnets");
    let gw = design.gateways.first_mut().expect("the hub's gateway");
    assert!(gw.instance_ips.len() > 1, "active-active");
    let c = gw.connections.first_mut().expect("a connection");
    c.learned_prefixes.push("10.128.0.0/9".parse::<ipnet::Ipv4Net>().expect("a prefix").into());
    let eng = Engine::new(&design);
    for (protocol, port) in FLOWS {
        let g = grid(&eng, protocol, port);
        assert_eq!(g.symmetric_subnets(), 0);
        assert_eq!(g.to_matrix(), matrix_direct(&eng, protocol, port));
    }
}
