//! The matrix in steps, with progress between them: `vnet_core::reach::MatrixJob` computes a few
//! rows at a time (each cell the outcome of a trace); this module only reports progress and packs
//! the cells into one byte each, with what the studio needs to label and re-run them.

use serde::Serialize;
use std::net::Ipv4Addr;
use vnet_core::model::{Design, FlowSource, Protocol};
use vnet_core::reach::{CellOutcome, MatrixJob};
use vnet_core::trace::Engine;
use vnet_core::Id;

/// One byte per cell. `None` is a pair without representatives (a subnet with no NIC as a
/// source, or no address to stand for it as a destination).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u8)]
pub enum OutcomeCode {
    None = 0,
    Delivered = 1,
    Dropped = 2,
    AtRisk = 3,
    Loop = 4,
    NoRoute = 5,
}

impl From<CellOutcome> for OutcomeCode {
    fn from(o: CellOutcome) -> Self {
        match o {
            CellOutcome::Delivered => OutcomeCode::Delivered,
            CellOutcome::Dropped => OutcomeCode::Dropped,
            CellOutcome::AtRisk => OutcomeCode::AtRisk,
            CellOutcome::Loop => OutcomeCode::Loop,
            CellOutcome::NoRoute => OutcomeCode::NoRoute,
        }
    }
}

/// What the studio needs besides the outcomes: labels for rows and columns, and the flow of
/// each cell (`source` NIC of the row → `target` IP of the column) to re-run its trace.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Meta {
    pub protocol: Protocol,
    pub port: u16,
    pub subnets: Vec<SubnetMeta>,
}

#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SubnetMeta {
    pub id: Id,
    pub name: String,
    pub vnet: String,
    /// The NIC that stands for the subnet as a source.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<Id>,
    /// The address that stands for the subnet as a destination.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target: Option<Ipv4Addr>,
}

/// Progress is reported about this many times per matrix.
const REPORTS: usize = 40;

/// The whole matrix; `report(done_rows, total_rows)` runs after each step.
pub fn run(design: &Design, protocol: Protocol, port: u16, mut report: impl FnMut(usize, usize)) -> (Meta, Vec<u8>) {
    let eng = Engine::new(design);
    let mut job = MatrixJob::new(&eng, protocol, port);
    let n = job.subnets().len();
    let chunk = n.div_ceil(REPORTS).max(1);
    report(0, n);
    loop {
        let p = job.step(&eng, chunk);
        report(p.rows_done, p.rows);
        if p.is_done() {
            break;
        }
    }
    // The representatives, read back from the cells' flows: a row's NIC, a column's address.
    let mut sources: Vec<Option<Id>> = vec![None; n];
    let mut targets: Vec<Option<Ipv4Addr>> = vec![None; n];
    let mut outcomes = vec![OutcomeCode::None as u8; n * n];
    for (row, cells) in job.rows().iter().enumerate() {
        for (col, cell) in cells.iter().enumerate() {
            let Some(cell) = cell else { continue };
            if let (Some(slot), FlowSource::Nic { id }) = (sources.get_mut(row), &cell.flow.from) {
                slot.get_or_insert_with(|| id.clone());
            }
            if let Some(slot) = targets.get_mut(col) {
                slot.get_or_insert(cell.flow.to);
            }
            if let Some(byte) = outcomes.get_mut(row * n + col) {
                *byte = OutcomeCode::from(cell.outcome) as u8;
            }
        }
    }
    let subnets = eng
        .net
        .subnets
        .iter()
        .zip(sources.into_iter().zip(targets))
        .map(|(info, (source, target))| SubnetMeta {
            id: info.subnet.id.clone(),
            name: info.subnet.name.clone(),
            vnet: eng.net.vnets.get(info.vnet).map(|v| v.name.clone()).unwrap_or_default(),
            source,
            target,
        })
        .collect();
    (Meta { protocol, port, subnets }, outcomes)
}
