//! The matrix in one byte per cell, for designs too large for a [`Cell`] per cell (16 million
//! cells at 1,000 spokes): the same outcomes as [`super::matrix`], with each cell's flow (and so
//! its full trace) made on request.

use super::solver::{self, Solver};
use super::{Cell, CellOutcome, Matrix};
use crate::id::Id;
use crate::model::Protocol;
use crate::trace::{Engine, Flow};

#[derive(Clone, Debug)]
pub struct Grid {
    pub protocol: Protocol,
    pub port: u16,
    /// Subnet ids, the rows and the columns.
    pub subnets: Vec<Id>,
    solver: Solver,
    /// Row-major, one code per cell (`solver::encode`).
    codes: Vec<u8>,
}

/// The matrix for `protocol` and `port`, one byte per cell.
pub fn grid(eng: &Engine, protocol: Protocol, port: u16) -> Grid {
    fill(eng, Solver::new(eng, protocol, port, true))
}

/// The grids of several protocols and ports, the design's symmetry found once for all.
pub fn grids(eng: &Engine, probes: &[(Protocol, u16)]) -> Vec<Grid> {
    let roles = super::symmetry::roles(eng);
    probes.iter().map(|&(protocol, port)| fill(eng, Solver::with_roles(eng, protocol, port, roles.clone()))).collect()
}

fn fill(eng: &Engine, mut solver: Solver) -> Grid {
    let (protocol, port) = (solver.protocol, solver.port);
    let n = solver.reps.len();
    let mut codes = Vec::with_capacity(n.saturating_mul(n));
    for row in 0..n {
        solver.row(eng, row, &mut codes);
    }
    Grid { protocol, port, subnets: eng.net.subnets.iter().map(|s| s.subnet.id.clone()).collect(), solver, codes }
}

impl Grid {
    pub fn len(&self) -> usize {
        self.subnets.len()
    }

    pub fn is_empty(&self) -> bool {
        self.subnets.is_empty()
    }

    /// How many cells were traced; the others took the outcome of an equivalent cell.
    pub fn traced(&self) -> usize {
        self.solver.traced
    }

    /// How many subnets share their role with another subnet (0: the design was traced pair by
    /// pair).
    pub fn symmetric_subnets(&self) -> usize {
        self.solver.shared_subnets()
    }

    /// Row `row`'s outcome codes (`solver::decode` reads them).
    pub(super) fn codes(&self, row: usize) -> &[u8] {
        let n = self.len();
        self.codes.get(row * n..(row + 1) * n).unwrap_or_default()
    }

    /// The outcome of cell (row, col); `None` where the matrix has no cell.
    pub fn outcome(&self, row: usize, col: usize) -> Option<CellOutcome> {
        let n = self.len();
        if row >= n || col >= n {
            return None;
        }
        solver::decode(self.codes.get(row * n + col).copied()?)
    }

    /// The flow of cell (row, col): its own NIC and address, to re-run its full trace.
    pub fn flow(&self, row: usize, col: usize) -> Option<Flow> {
        self.outcome(row, col)?;
        self.solver.flow(row, col)
    }

    /// Cell (row, col) as [`super::matrix`] has it.
    pub fn cell(&self, row: usize, col: usize) -> Option<Cell> {
        Some(Cell { outcome: self.outcome(row, col)?, flow: self.flow(row, col)? })
    }

    /// Every cell made: the [`Matrix`] of the same protocol and port.
    pub fn to_matrix(&self) -> Matrix {
        let n = self.len();
        let cells = (0..n).map(|row| (0..n).map(|col| self.cell(row, col)).collect()).collect();
        Matrix { subnets: self.subnets.clone(), cells }
    }
}
