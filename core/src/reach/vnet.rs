//! The VNet × VNet summary (issue 23 §1): per pair of VNets, how the cells between their
//! subnets came out — the worst and the best outcome and how many of each — for views where
//! 4,000 × 4,000 subnets is too much to show. Computed from the subnet matrix, so it says
//! nothing the cells do not.

use super::{grid, CellOutcome, Grid};
use crate::id::Id;
use crate::model::Protocol;
use crate::trace::Engine;
use serde::Serialize;

/// How many cells had each outcome.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct OutcomeCounts {
    pub delivered: u32,
    pub dropped: u32,
    pub at_risk: u32,
    #[serde(rename = "loop")]
    pub loops: u32,
    pub no_route: u32,
}

impl OutcomeCounts {
    fn add(&mut self, o: CellOutcome) {
        let slot = match o {
            CellOutcome::Delivered => &mut self.delivered,
            CellOutcome::Dropped => &mut self.dropped,
            CellOutcome::AtRisk => &mut self.at_risk,
            CellOutcome::Loop => &mut self.loops,
            CellOutcome::NoRoute => &mut self.no_route,
        };
        *slot = slot.saturating_add(1);
    }

    pub fn total(&self) -> u32 {
        self.delivered + self.dropped + self.at_risk + self.loops + self.no_route
    }
}

/// One VNet pair: its cells' worst and best outcome and their counts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct VnetCell {
    pub worst: CellOutcome,
    pub best: CellOutcome,
    pub counts: OutcomeCounts,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct VnetMatrix {
    pub protocol: Protocol,
    pub port: u16,
    /// VNet ids, the rows and the columns.
    pub vnets: Vec<Id>,
    /// `cells[row][col]`; `None` where no subnet cell lies between the two VNets.
    pub cells: Vec<Vec<Option<VnetCell>>>,
}

/// How bad an outcome is, for worst and best: delivered, at risk (it may work), dropped, no
/// route, loop (a fault in the design itself).
pub fn severity(o: CellOutcome) -> u8 {
    match o {
        CellOutcome::Delivered => 0,
        CellOutcome::AtRisk => 1,
        CellOutcome::Dropped => 2,
        CellOutcome::NoRoute => 3,
        CellOutcome::Loop => 4,
    }
}

/// The VNet × VNet summary for `protocol` and `port`.
pub fn vnet_matrix(eng: &Engine, protocol: Protocol, port: u16) -> VnetMatrix {
    VnetMatrix::from_grid(eng, &grid(eng, protocol, port))
}

impl VnetMatrix {
    /// The summary of a subnet matrix computed on `eng`.
    pub fn from_grid(eng: &Engine, g: &Grid) -> VnetMatrix {
        let net = &eng.net;
        let v = net.vnets.len();
        let mut counts: Vec<OutcomeCounts> = vec![OutcomeCounts::default(); v * v];
        let vnet_of: Vec<usize> = net.subnets.iter().map(|s| s.vnet).collect();
        for (row, &a) in vnet_of.iter().enumerate().take(g.len()) {
            let Some(line) = counts.get_mut(a * v..(a + 1) * v) else { continue };
            for (&code, &b) in g.codes(row).iter().zip(&vnet_of) {
                if let (Some(o), Some(slot)) = (super::solver::decode(code), line.get_mut(b)) {
                    slot.add(o);
                }
            }
        }
        let cells = (0..v).map(|a| (0..v).map(|b| counts.get(a * v + b).and_then(|c| summary(*c))).collect()).collect();
        VnetMatrix {
            protocol: g.protocol,
            port: g.port,
            vnets: net.vnets.iter().map(|x| x.id.clone()).collect(),
            cells,
        }
    }
}

fn summary(c: OutcomeCounts) -> Option<VnetCell> {
    let present = [
        (c.delivered, CellOutcome::Delivered),
        (c.at_risk, CellOutcome::AtRisk),
        (c.dropped, CellOutcome::Dropped),
        (c.no_route, CellOutcome::NoRoute),
        (c.loops, CellOutcome::Loop),
    ];
    let mut seen = present.iter().filter(|(n, _)| *n > 0).map(|(_, o)| *o);
    let first = seen.next()?;
    let (best, worst) = seen.fold((first, first), |(b, w), o| {
        (if severity(o) < severity(b) { o } else { b }, if severity(o) > severity(w) { o } else { w })
    });
    Some(VnetCell { worst, best, counts: c })
}
