//! The reachability matrix (issue 4 §3): every subnet to every subnet, for one protocol and
//! port, each cell the outcome of a trace (forward, reply, verdict) and a handle to re-run it.
//!
//! Work is shared without changing any answer: one [`Engine`] (routes, tags, route indexes) for
//! all cells, one representative per subnet, and cells computed with [`Engine::outcome`], the
//! same walk as [`Engine::trace`] without writing the explanation (most of a trace's cost).
//! Above that, cells are computed once per class of equivalent cells (issue 23 §1): where the
//! design is symmetric (a landing zone's spokes are copies of one another), a cell takes the
//! outcome of the first cell of its class, traced for real; `symmetry` says when two cells are
//! equivalent and why that cannot change an answer, and falls back to one trace per cell
//! wherever it cannot prove it. [`Cell::trace`] re-runs the full trace of a cell's own flow; the
//! tests check every cell's outcome against its own full trace.
//!
//! For 1,000 spokes (16 million cells) a [`Cell`] per cell is too much memory; [`grid`] keeps
//! one byte per cell and makes a cell's flow on request, and [`vnet_matrix`] sums it up per
//! VNet pair.
//!
//! For a web worker the matrix is also offered in steps: [`MatrixJob`] computes a few rows at a
//! time and reports its [`Progress`], so the caller can post progress and stay responsive.
//!
//! Architecture invariant: the matrix decides nothing itself; every outcome is a trace's.

mod grid;
mod reps;
mod solver;
mod symmetry;
mod vnet;

pub use grid::{grid, grids, Grid};
pub use vnet::{vnet_matrix, OutcomeCounts, VnetCell, VnetMatrix};

use crate::id::Id;
use crate::model::Protocol;
use crate::trace::{Engine, Flow, Outcome, Trace, TraceError};
use serde::Serialize;
use solver::Solver;
#[cfg(test)]
use {crate::model::FlowSource, reps::representatives};

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
    subnets: Vec<Id>,
    solver: Solver,
    cells: Vec<Vec<Option<Cell>>>,
}

impl MatrixJob {
    pub fn new(eng: &Engine, protocol: Protocol, port: u16) -> Self {
        Self::with(eng, Solver::new(eng, protocol, port, true))
    }

    /// The same job tracing every cell itself, without the symmetry: the reference the
    /// class-based matrix is tested against (and the figure it is measured against).
    pub fn direct(eng: &Engine, protocol: Protocol, port: u16) -> Self {
        Self::with(eng, Solver::new(eng, protocol, port, false))
    }

    fn with(eng: &Engine, solver: Solver) -> Self {
        MatrixJob {
            subnets: eng.net.subnets.iter().map(|s| s.subnet.id.clone()).collect(),
            cells: Vec::with_capacity(solver.reps.len()),
            solver,
        }
    }

    /// Computes up to `rows` more rows and says how far the job is.
    pub fn step(&mut self, eng: &Engine, rows: usize) -> Progress {
        let end = self.cells.len().saturating_add(rows).min(self.solver.reps.len());
        while self.cells.len() < end {
            let row = self.cells.len();
            let cells = (0..self.solver.reps.len()).map(|col| self.cell_at(eng, row, col)).collect();
            self.cells.push(cells);
        }
        self.progress()
    }

    pub fn progress(&self) -> Progress {
        Progress { rows_done: self.cells.len(), rows: self.solver.reps.len() }
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

    fn cell_at(&mut self, eng: &Engine, row: usize, col: usize) -> Option<Cell> {
        let outcome = self.solver.outcome(eng, row, col)?;
        Some(Cell { outcome, flow: self.solver.flow(row, col)? })
    }
}

/// One cell of the matrix, `from` subnet to `to` subnet, without computing the others (the
/// studio's "Compare with…" re-traces a flipped cell on each side): the cell's own trace. `None`
/// where the matrix has no cell, or a subnet is not in the design.
pub fn cell(eng: &Engine, from: &Id, to: &Id, protocol: Protocol, port: u16) -> Option<Cell> {
    let row = eng.net.subnets.iter().position(|s| &s.subnet.id == from)?;
    let col = eng.net.subnets.iter().position(|s| &s.subnet.id == to)?;
    let flow = reps::Reps::new(eng).flow(protocol, port, row, col)?;
    let outcome = CellOutcome::from(&eng.outcome(&flow).ok()?);
    Some(Cell { outcome, flow })
}

/// The matrix for `protocol` and `port`, in one call.
pub fn matrix(eng: &Engine, protocol: Protocol, port: u16) -> Matrix {
    MatrixJob::new(eng, protocol, port).finish(eng)
}

/// The matrix with every cell traced on its own (no symmetry): the reference for tests and
/// benchmarks. Always equal to [`matrix`].
pub fn matrix_direct(eng: &Engine, protocol: Protocol, port: u16) -> Matrix {
    MatrixJob::direct(eng, protocol, port).finish(eng)
}

#[cfg(test)]
mod tests;
