//! vnet-worker: the reachability matrix (issue 7 §4) computed in a Web Worker, so the studio's
//! canvas never freezes while thousands of traces run.
//!
//! Architecture invariant: this crate decides nothing about networks; every cell is
//! `vnet_core`'s answer. It only decodes the design, runs the matrix in chunks of rows and reports
//! progress. It is fetched only when the matrix view opens, so it is not part of the first page
//! load (DECISIONS 24).
//!
//! The message protocol, driven by `public/matrix-worker.js`:
//! - in: `{ id, design, protocol, port }` — `design` is the document JSON of core's codec,
//!   `protocol` one of `TCP`, `UDP`, `ICMP`;
//! - out: `{ id, kind: "progress", done, total }` (rows), then
//!   `{ id, kind: "result", meta, outcomes }`, or on failure `{ id, kind: "error", message }`.
//!   `meta` is the JSON of [`Meta`]; `outcomes` is a `Uint8Array` of `n × n`
//!   [`OutcomeCode`](job::OutcomeCode)s, row-major (row = source subnet, column = destination).
//! - in: `{ id, kind: "diff", before, after }` — two document JSONs (issue 21 §2, "Compare
//!   with…"); out: `{ id, kind: "diff", diff }`, `diff` the JSON of `vnet_core::diff::Diff`
//!   (eight matrices and a DNS sweep at 100 spokes: seconds, hence off the main thread), or
//!   `{ id, kind: "error", message }`.

mod job;

use job::Meta;
use vnet_core::model::Protocol;
use wasm_bindgen::prelude::*;

/// A finished matrix, handed to JavaScript as two plain values (a JSON text and bytes) so that
/// posting it to the page is one cheap structured clone.
#[wasm_bindgen]
pub struct MatrixResult {
    meta: String,
    outcomes: Vec<u8>,
}

#[wasm_bindgen]
impl MatrixResult {
    /// The JSON of [`Meta`]: subnets, their representatives, protocol and port.
    #[wasm_bindgen(getter)]
    pub fn meta(&self) -> String {
        self.meta.clone()
    }

    /// One byte per cell, row-major; see [`job::OutcomeCode`].
    #[wasm_bindgen(getter)]
    pub fn outcomes(&self) -> Vec<u8> {
        self.outcomes.clone()
    }
}

/// Computes the matrix of `design_json` for `protocol` and `port`, calling
/// `progress(done_rows, total_rows)` after each step. The studio re-runs a cell's full trace
/// itself (the trace view), from the cell's `source` NIC to its column's `target` address.
#[wasm_bindgen]
pub fn reachability(
    design_json: &str,
    protocol: &str,
    port: u16,
    progress: &js_sys::Function,
) -> Result<MatrixResult, JsError> {
    let doc = decode(design_json)?;
    let protocol = parse_protocol(protocol)?;
    let report = |done: usize, total: usize| {
        // A failing progress callback must not stop the computation: progress is cosmetic.
        let _ = progress.call2(&JsValue::NULL, &JsValue::from(done as u32), &JsValue::from(total as u32));
    };
    let (meta, outcomes): (Meta, Vec<u8>) = job::run(&doc.design, protocol, port, report);
    let meta = serde_json::to_string(&meta).map_err(|e| JsError::new(&e.to_string()))?;
    Ok(MatrixResult { meta, outcomes })
}

/// What changes from `before_json` to `after_json` (core's document JSON each), as the JSON of
/// `vnet_core::diff::Diff`. The layout is not compared: `diff` reads designs only.
#[wasm_bindgen]
pub fn diff(before_json: &str, after_json: &str) -> Result<String, JsError> {
    let before = decode(before_json)?;
    let after = decode(after_json)?;
    let d = vnet_core::diff::diff(&before.design, &after.design);
    serde_json::to_string(&d).map_err(|e| JsError::new(&e.to_string()))
}

fn decode(design_json: &str) -> Result<vnet_core::Document, JsError> {
    vnet_core::codec::json::from_json(design_json).map_err(|e| JsError::new(&e.to_string()))
}

fn parse_protocol(protocol: &str) -> Result<Protocol, JsError> {
    match protocol {
        "TCP" => Ok(Protocol::Tcp),
        "UDP" => Ok(Protocol::Udp),
        "ICMP" => Ok(Protocol::Icmp),
        other => Err(JsError::new(&format!("unknown protocol '{other}' (TCP, UDP or ICMP)"))),
    }
}

fn main() {}
