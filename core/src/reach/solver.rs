//! One cell's outcome, traced once per class of equivalent cells: the first cell of a class
//! (by the symmetry's key, `symmetry.rs`) is traced for real with [`Engine::outcome`], the
//! others take its outcome. Cells without a class are traced one by one.

use super::reps::Reps;
use super::symmetry::{self, Roles};
use super::CellOutcome;
use crate::model::Protocol;
use crate::network::HashMap;
use crate::trace::{Engine, Flow};

/// A cell's outcome in one byte: `NONE` for no cell, `UNKNOWN` for not yet traced.
pub(super) const UNKNOWN: u8 = 0;
pub(super) const NONE: u8 = 1;

pub(super) fn encode(o: Option<CellOutcome>) -> u8 {
    match o {
        None => NONE,
        Some(CellOutcome::Delivered) => 2,
        Some(CellOutcome::Dropped) => 3,
        Some(CellOutcome::AtRisk) => 4,
        Some(CellOutcome::Loop) => 5,
        Some(CellOutcome::NoRoute) => 6,
    }
}

pub(super) fn decode(code: u8) -> Option<CellOutcome> {
    match code {
        2 => Some(CellOutcome::Delivered),
        3 => Some(CellOutcome::Dropped),
        4 => Some(CellOutcome::AtRisk),
        5 => Some(CellOutcome::Loop),
        6 => Some(CellOutcome::NoRoute),
        _ => None,
    }
}

/// Outcomes already traced, by class key: a table when the roles are few, a map otherwise.
#[derive(Clone, Debug)]
enum Memo {
    Table { width: usize, codes: Vec<u8> },
    Map(HashMap<(u32, u32, bool), u8>),
}

/// The largest table kept (bytes): 16 MiB.
const TABLE_MAX: usize = 1 << 24;

#[derive(Clone, Debug)]
pub(super) struct Solver {
    pub protocol: Protocol,
    pub port: u16,
    pub reps: Reps,
    roles: Roles,
    memo: Memo,
    /// How many cells were traced (the others took their class's outcome).
    pub traced: usize,
}

impl Solver {
    /// With the design's symmetries (`symmetric`), or without (every cell traced).
    pub fn new(eng: &Engine, protocol: Protocol, port: u16, symmetric: bool) -> Solver {
        let roles = if symmetric { symmetry::roles(eng) } else { Roles::none(eng) };
        Solver::with_roles(eng, protocol, port, roles)
    }

    /// With roles already found (they do not depend on the protocol or port).
    pub fn with_roles(eng: &Engine, protocol: Protocol, port: u16, roles: Roles) -> Solver {
        let width = roles.count as usize;
        let memo = match width.checked_mul(width).and_then(|n| n.checked_mul(2)) {
            Some(n) if roles.shared > 0 && n <= TABLE_MAX => Memo::Table { width, codes: vec![UNKNOWN; n] },
            _ => Memo::Map(HashMap::default()),
        };
        Solver { protocol, port, reps: Reps::new(eng), roles, memo, traced: 0 }
    }

    pub fn flow(&self, row: usize, col: usize) -> Option<Flow> {
        self.reps.flow(self.protocol, self.port, row, col)
    }

    /// The outcome of cell (row, col), encoded.
    pub fn code(&mut self, eng: &Engine, row: usize, col: usize) -> u8 {
        if !self.reps.has(row, col) {
            return NONE;
        }
        let Some(key) = self.roles.key(row, col) else { return self.trace(eng, row, col) };
        let slot = match &mut self.memo {
            Memo::Table { width, codes } => {
                let (a, b, same) = key;
                let i = ((a as usize) * *width + b as usize) * 2 + usize::from(same);
                codes.get(i).copied()
            }
            Memo::Map(map) => map.get(&key).copied(),
        };
        if let Some(code) = slot.filter(|&c| c != UNKNOWN) {
            return code;
        }
        let code = self.trace(eng, row, col);
        match &mut self.memo {
            Memo::Table { width, codes } => {
                let (a, b, same) = key;
                let i = ((a as usize) * *width + b as usize) * 2 + usize::from(same);
                if let Some(slot) = codes.get_mut(i) {
                    *slot = code;
                }
            }
            Memo::Map(map) => {
                map.insert(key, code);
            }
        }
        code
    }

    /// A whole row's codes, appended to `out`: [`Solver::code`] for every column, with the
    /// common case (a known class in the table) inline, for the 16 million cells of 1,000 spokes.
    pub fn row(&mut self, eng: &Engine, row: usize, out: &mut Vec<u8>) {
        let n = self.reps.len();
        if !self.reps.has_source(row) {
            out.extend(std::iter::repeat_n(NONE, n));
            return;
        }
        let (Some(&a), Some(&va)) = (self.roles.role.get(row), self.roles.vnet.get(row)) else { return };
        for col in 0..n {
            if let (Memo::Table { width, codes }, Some(&b), Some(&vb), true) = (
                &self.memo,
                self.roles.role.get(col),
                self.roles.vnet.get(col),
                col != row && self.reps.has_target(col),
            ) {
                if a < self.roles.shared || b < self.roles.shared {
                    let i = ((a as usize) * *width + b as usize) * 2 + usize::from(va == vb);
                    if let Some(&code) = codes.get(i).filter(|&&c| c != UNKNOWN) {
                        out.push(code);
                        continue;
                    }
                }
            }
            let code = self.code(eng, row, col);
            out.push(code);
        }
    }

    pub fn outcome(&mut self, eng: &Engine, row: usize, col: usize) -> Option<CellOutcome> {
        decode(self.code(eng, row, col))
    }

    /// The cell's own trace (its outcome only).
    fn trace(&mut self, eng: &Engine, row: usize, col: usize) -> u8 {
        self.traced += 1;
        let outcome = self.flow(row, col).and_then(|flow| eng.outcome(&flow).ok());
        encode(outcome.as_ref().map(CellOutcome::from))
    }

    /// Subnets that share their role with another.
    pub fn shared_subnets(&self) -> usize {
        self.roles.shared_subnets()
    }
}
