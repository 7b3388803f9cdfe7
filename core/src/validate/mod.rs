//! Validation: what Azure would reject, or what silently cannot work, in a design.
//!
//! [`validate`] returns diagnostics; it never fails and never panics (DECISIONS 8): the engine keeps
//! computing on a design with errors and skips what a diagnostic names (a dangling reference, say).
//! Every code is documented once, in [`Code`] (its name, severity, `AZURE.md` rule and description).
//!
//! The checks are grouped by topic, one module each: `cidr`, `addressing`, `ips`, `references`,
//! `names`, `azure_names`, `peering`, `routing`, `gateway_hops`, `vnet2vnet`, `security`, `asg`, `endpoints`,
//! `balancing`, `dns`, `records`, `limits`. They share one `index::Index` (built from the walks
//! in `walk`) once per call, so a large design validates in O(n log n): overlap checks run per
//! VNet (sorted sweeps, `net`) and across peerings only, never over all pairs of VNets, and
//! messages are formatted only for what is reported.
//!
//! Architecture invariant: validation reads the model, the catalog and `crate::records` (what a
//! private zone holds, derived from the model) only; it knows nothing of routes, traces or the UI,
//! and it never changes the design (fixes are proposed elsewhere, as edits).

mod addressing;
mod asg;
mod azure_names;
mod balancing;
mod cidr;
mod code;
mod dns;
mod endpoints;
mod gateway_hops;
mod index;
mod ips;
mod limits;
mod names;
mod net;
mod peering;
mod records;
mod references;
mod routing;
mod security;
mod vnet2vnet;
mod walk;

#[cfg(test)]
mod fixture;
#[cfg(test)]
mod scale;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod vnet2vnet_tests;

pub use code::{Code, Severity};

use crate::id::Id;
use crate::model::Design;
use index::Index;
use serde::Serialize;

/// One finding: which rule (`code`), how bad (`severity`, always `code.severity()`), where
/// (`element` and `field`) and a message for people.
///
/// `element` is the top-level element concerned (a VM, not its NIC; a zone, not its link), so the
/// studio can select it; `field` is the JSON path inside it, camelCase as in files:
/// `prefix`, `addressSpace[1]`, `nics[0].ip`, `routes[2].nextHopIp`. `field` is empty when the
/// diagnostic concerns the element as a whole (a limit on what a VNet holds, say).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub code: Code,
    pub severity: Severity,
    pub element: Option<Id>,
    pub field: String,
    pub message: String,
}

/// Validates a design. The order is deterministic: by the element's position in the design
/// (the order of [`Design::elements`]), then by code, then in the order the checks found them.
pub fn validate(design: &Design) -> Vec<Diagnostic> {
    let ix = Index::new(design);
    let mut out = Out::default();
    references::check(&ix, &mut out);
    names::check(&ix, &mut out);
    azure_names::check(&ix, &mut out);
    cidr::check(&ix, &mut out);
    addressing::check(&ix, &mut out);
    ips::check(&ix, &mut out);
    peering::check(&ix, &mut out);
    routing::check(&ix, &mut out);
    vnet2vnet::check(&ix, &mut out);
    security::check(&ix, &mut out);
    asg::check(&ix, &mut out);
    gateway_hops::check(&ix, &mut out);
    endpoints::check(&ix, &mut out);
    balancing::check(&ix, &mut out);
    dns::check(&ix, &mut out);
    records::check(&ix, &mut out);
    limits::check(&ix, &mut out);
    let mut diagnostics = out.0;
    // A stable sort keeps the checks' own order (routes[0] before routes[1]) within one key.
    diagnostics.sort_by_key(|d| (d.element.as_ref().map_or(usize::MAX, |id| ix.position(id)), d.code));
    diagnostics
}

/// Where checks put their findings.
#[derive(Default)]
pub(crate) struct Out(Vec<Diagnostic>);

impl Out {
    /// Records a diagnostic on `element`; the severity comes from the code, so it cannot disagree
    /// with the catalog.
    pub(crate) fn push(&mut self, code: Code, element: &Id, field: impl Into<String>, message: impl Into<String>) {
        self.0.push(Diagnostic {
            code,
            severity: code.severity(),
            element: Some(element.clone()),
            field: field.into(),
            message: message.into(),
        });
    }

    /// Records a diagnostic on the design itself (its public DNS records, say): no element.
    pub(crate) fn push_design(&mut self, code: Code, field: impl Into<String>, message: impl Into<String>) {
        self.0.push(Diagnostic {
            code,
            severity: code.severity(),
            element: None,
            field: field.into(),
            message: message.into(),
        });
    }
}
