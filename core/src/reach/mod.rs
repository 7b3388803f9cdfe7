//! The reachability matrix (issue 4 §3): every subnet to every subnet, for one protocol and
//! port, each cell the outcome of a trace (forward, reply, verdict) and a handle to re-run it.
//!
//! Work is shared without changing any answer: one [`Engine`] (routes, tags, route indexes) for
//! all cells, one representative per subnet, and cells computed with [`Engine::outcome`], the
//! same walk as [`Engine::trace`] without writing the explanation (most of a trace's cost).
//! [`Cell::trace`] re-runs the full trace of a cell; the test below checks that every cell's
//! outcome equals its full trace's.
//!
//! For a web worker the matrix is also offered in steps: [`MatrixJob`] computes a few rows at a
//! time and reports its [`Progress`], so the caller can post progress and stay responsive.
//!
//! Architecture invariant: the matrix decides nothing itself; every outcome is a trace's.

use crate::id::Id;
use crate::model::{FlowSource, Protocol};
use crate::network::SubnetIx;
use crate::trace::{Engine, Flow, Outcome, Trace, TraceError};
use serde::Serialize;
use std::net::Ipv4Addr;

/// One cell: what happened, and the flow to re-run for the full trace.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Cell {
    pub outcome: CellOutcome,
    pub flow: Flow,
}

impl Cell {
    /// The handle: the cell's full trace, with every hop and step explained.
    pub fn trace(&self, eng: &Engine) -> Result<Trace, TraceError> {
        eng.trace(&self.flow)
    }
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

impl From<&Outcome> for CellOutcome {
    fn from(o: &Outcome) -> Self {
        match o {
            Outcome::Delivered => CellOutcome::Delivered,
            Outcome::Dropped { .. } => CellOutcome::Dropped,
            Outcome::AtRisk { .. } => CellOutcome::AtRisk,
            Outcome::Loop { .. } => CellOutcome::Loop,
            Outcome::NoRoute { .. } => CellOutcome::NoRoute,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Matrix {
    /// Subnet ids, the rows and the columns.
    pub subnets: Vec<Id>,
    /// `cells[row][col]`; `None` where a subnet has no NIC to stand for it, and on the diagonal
    /// of a subnet whose only address is its sender's own (a VM never sends to itself over the
    /// network: its OS answers).
    pub cells: Vec<Vec<Option<Cell>>>,
}

/// How far a [`MatrixJob`] is: rows computed out of all rows (one row per subnet).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Progress {
    pub rows_done: usize,
    pub rows: usize,
}

impl Progress {
    pub fn is_done(&self) -> bool {
        self.rows_done >= self.rows
    }
}

/// The matrix computed in steps. It owns its results and borrows nothing, so a caller (a web
/// worker) can keep it between messages; every step must get an engine of the same design
/// version as the one it was created with (a new design version means a new job).
#[derive(Clone, Debug)]
pub struct MatrixJob {
    protocol: Protocol,
    port: u16,
    subnets: Vec<Id>,
    /// Per subnet: the NIC that sends for it, and the address that receives for it.
    reps: Vec<Representative>,
    /// Per subnet: the address that receives from the subnet's own sender (another NIC's or an
    /// endpoint's), so the diagonal asks about traffic inside the subnet, not to oneself.
    inner: Vec<Option<Ipv4Addr>>,
    cells: Vec<Vec<Option<Cell>>>,
}

impl MatrixJob {
    pub fn new(eng: &Engine, protocol: Protocol, port: u16) -> Self {
        let (reps, inner) = representatives(eng);
        MatrixJob {
            protocol,
            port,
            subnets: eng.net.subnets.iter().map(|s| s.subnet.id.clone()).collect(),
            cells: Vec::with_capacity(reps.len()),
            reps,
            inner,
        }
    }

    /// Computes up to `rows` more rows and says how far the job is.
    pub fn step(&mut self, eng: &Engine, rows: usize) -> Progress {
        let end = self.cells.len().saturating_add(rows).min(self.reps.len());
        while self.cells.len() < end {
            let row = self.row(eng, self.cells.len());
            self.cells.push(row);
        }
        self.progress()
    }

    pub fn progress(&self) -> Progress {
        Progress { rows_done: self.cells.len(), rows: self.reps.len() }
    }

    /// The rows computed so far, in subnet order (row `i` is `subnets()[i]`).
    pub fn rows(&self) -> &[Vec<Option<Cell>>] {
        &self.cells
    }

    pub fn subnets(&self) -> &[Id] {
        &self.subnets
    }

    /// Computes what is left and returns the whole matrix.
    pub fn finish(mut self, eng: &Engine) -> Matrix {
        self.step(eng, usize::MAX);
        Matrix { subnets: self.subnets, cells: self.cells }
    }

    fn row(&self, eng: &Engine, row: usize) -> Vec<Option<Cell>> {
        (0..self.reps.len()).map(|col| self.cell_at(eng, row, col)).collect()
    }

    fn cell_at(&self, eng: &Engine, row: usize, col: usize) -> Option<Cell> {
        let (Some(src), _) = self.reps.get(row)? else { return None };
        let to = if col == row { self.inner.get(row).copied().flatten() } else { self.reps.get(col)?.1 };
        let flow = Flow {
            from: FlowSource::Nic { id: src.clone() },
            to: to?,
            protocol: self.protocol,
            port: self.port,
            host: None,
        };
        let outcome = CellOutcome::from(&eng.outcome(&flow).ok()?);
        Some(Cell { outcome, flow })
    }
}

/// One cell of the matrix, `from` subnet to `to` subnet, without computing the others (the
/// studio's "Compare with…" re-traces a flipped cell on each side). `None` where the matrix
/// has no cell, or a subnet is not in the design.
pub fn cell(eng: &Engine, from: &Id, to: &Id, protocol: Protocol, port: u16) -> Option<Cell> {
    let job = MatrixJob::new(eng, protocol, port);
    let row = job.subnets.iter().position(|s| s == from)?;
    let col = job.subnets.iter().position(|s| s == to)?;
    job.cell_at(eng, row, col)
}

/// Who stands for a subnet: its first NIC as a source, and that NIC's IP (or, for a subnet
/// without NICs, its first private endpoint's or its first usable address) as a destination;
/// plus, for the subnet's own row, its second NIC's or first endpoint's address.
fn representatives(eng: &Engine) -> (Vec<Representative>, Vec<Option<Ipv4Addr>>) {
    let net = &eng.net;
    let mut first_nic: Vec<Option<usize>> = vec![None; net.subnets.len()];
    let mut second_nic: Vec<Option<usize>> = vec![None; net.subnets.len()];
    for (i, n) in net.nics.iter().enumerate() {
        if let (Some(first), Some(second)) = (first_nic.get_mut(n.subnet), second_nic.get_mut(n.subnet)) {
            if first.is_none() {
                *first = Some(i);
            } else if second.is_none() {
                *second = Some(i);
            }
        }
    }
    let mut first_pe: Vec<Option<Ipv4Addr>> = vec![None; net.subnets.len()];
    for (pe, s) in &net.private_endpoints {
        if let Some(slot) = first_pe.get_mut(*s) {
            slot.get_or_insert(pe.ip);
        }
    }
    let reps = (0..net.subnets.len())
        .map(|s: SubnetIx| {
            let nic = first_nic[s].map(|i| &net.nics[i]);
            let dst = nic.map(|n| n.nic.ip).or(first_pe[s]).or_else(|| {
                let prefix = net.subnets[s].subnet.prefix.trunc();
                (prefix.prefix_len() <= 29).then(|| Ipv4Addr::from(u32::from(prefix.network()).saturating_add(4)))
            });
            (nic.map(|n| n.nic.id.clone()), dst)
        })
        .collect();
    let inner = (0..net.subnets.len()).map(|s| second_nic[s].map(|i| net.nics[i].nic.ip).or(first_pe[s])).collect();
    (reps, inner)
}

/// The NIC that sends for a subnet and the address that receives for it.
type Representative = (Option<Id>, Option<Ipv4Addr>);

/// The matrix for `protocol` and `port`, in one call.
pub fn matrix(eng: &Engine, protocol: Protocol, port: u16) -> Matrix {
    MatrixJob::new(eng, protocol, port).finish(eng)
}

#[cfg(test)]
mod tests;
