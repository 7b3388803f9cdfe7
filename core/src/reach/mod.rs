//! The reachability matrix (issue 4 §3): every subnet to every subnet, for one protocol and
//! port, each cell the outcome of a full trace (forward, reply, verdict) and a handle to re-run it.
//!
//! Work is shared the cheap way first: one [`Engine`] (routes, tags) for all cells, and one
//! representative per subnet. Cells whose source and destination subnets have no address to
//! stand for them are `None`.

use crate::model::{FlowSource, Protocol};
use crate::network::SubnetIx;
use crate::trace::{Engine, Flow};
use serde::Serialize;
use std::net::Ipv4Addr;

/// One cell: what happened, and the flow to re-run for the full trace.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Cell {
    pub outcome: CellOutcome,
    pub flow: Flow,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum CellOutcome {
    Delivered,
    Dropped,
    AtRisk,
    Loop,
    NoRoute,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Matrix {
    /// Subnet ids, the rows and the columns.
    pub subnets: Vec<crate::Id>,
    /// `cells[row][col]`; `None` where a subnet has no NIC to stand for it.
    pub cells: Vec<Vec<Option<Cell>>>,
}

/// Who stands for a subnet: its first NIC as a source, and that NIC's IP (or, for a subnet
/// without NICs, its first usable address) as a destination.
fn representatives(eng: &Engine) -> Vec<(Option<crate::Id>, Option<Ipv4Addr>)> {
    (0..eng.net.subnets.len())
        .map(|s: SubnetIx| {
            let nic = eng.net.nics.iter().find(|n| n.subnet == s);
            let dst = nic.map(|n| n.nic.ip).or_else(|| {
                let pe = eng.net.private_endpoints.iter().find(|(_, ps)| *ps == s).map(|(p, _)| p.ip);
                pe.or_else(|| {
                    let prefix = eng.net.subnets[s].subnet.prefix.trunc();
                    (prefix.prefix_len() <= 29).then(|| Ipv4Addr::from(u32::from(prefix.network()).saturating_add(4)))
                })
            });
            (nic.map(|n| n.nic.id.clone()), dst)
        })
        .collect()
}

/// The matrix for `protocol` and `port`.
pub fn matrix(eng: &Engine, protocol: Protocol, port: u16) -> Matrix {
    let reps = representatives(eng);
    let cells = reps
        .iter()
        .map(|(src, _)| {
            reps.iter()
                .map(|(_, dst)| {
                    let (src, dst) = (src.as_ref()?, (*dst)?);
                    let flow = Flow { from: FlowSource::Nic { id: src.clone() }, to: dst, protocol, port, host: None };
                    let outcome = match eng.trace(&flow).ok()?.outcome {
                        crate::trace::Outcome::Delivered => CellOutcome::Delivered,
                        crate::trace::Outcome::Dropped { .. } => CellOutcome::Dropped,
                        crate::trace::Outcome::AtRisk { .. } => CellOutcome::AtRisk,
                        crate::trace::Outcome::Loop { .. } => CellOutcome::Loop,
                        crate::trace::Outcome::NoRoute { .. } => CellOutcome::NoRoute,
                    };
                    Some(Cell { outcome, flow })
                })
                .collect()
        })
        .collect();
    Matrix { subnets: eng.net.subnets.iter().map(|s| s.subnet.id.clone()).collect(), cells }
}
