//! One trace engine per design version, shared by every trace, DNS lookup and "connect" until
//! the design changes.
//!
//! Why: compiling the engine (the network index and every subnet's effective routes) is nearly
//! all of a question's engine time on a large design (≈ 5 ms in wasm at 100 spokes, where one
//! trace is ≈ 10 µs), and the panels used to compile it again for every click.
//!
//! `trace::Engine` borrows the design it was compiled from, while the store's design is a signal
//! that edits change in place; so the engine keeps its own copy of the version it compiled, and
//! `self_cell` holds the pair together (no unsafe code of ours, no lifetime leaks to the views).
//!
//! Architecture invariant: one engine per design version. It is a memo over the store's design
//! signal, so every design edit invalidates it (layout edits do not), and it is lazy: it is
//! compiled when a trace, lookup or connect reads it, or ahead, in a task of its own, once the
//! design has settled while the trace or DNS tab is open (`Views::new`); never on a keystroke,
//! so typing in the editor does not pay for it.

use crate::document::store::Store;
use leptos::prelude::*;
use self_cell::self_cell;
use std::sync::Arc;
use vnet_core::model::Design;
use vnet_core::trace::Engine;

self_cell!(
    /// A design version and the engine compiled from it.
    struct Compiled {
        owner: Design,
        #[covariant]
        dependent: Engine,
    }
);

/// The engine of one design version; cheap to clone, equal only to itself (a new version is a
/// new engine, so the answers computed from it are recomputed).
#[derive(Clone)]
pub struct Shared(Arc<Compiled>);

impl PartialEq for Shared {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

impl Shared {
    pub(super) fn compile(design: Design) -> Self {
        Shared(Arc::new(Compiled::new(design, |d| Engine::new(d))))
    }

    /// The engine; its `net.design` is the version it was compiled from.
    pub fn engine(&self) -> &Engine<'_> {
        self.0.borrow_dependent()
    }
}

/// The engine of the store's current design, compiled on first read after each design change.
pub fn engine(store: Store) -> Memo<Shared> {
    let design = store.design;
    Memo::new(move |_| Shared::compile(design.get()))
}
