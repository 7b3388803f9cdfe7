//! The checkpoint (issue 21 §2): a copy of the open document kept in memory, "the design as it
//! is now", for "Compare with…" to measure later edits against.
//!
//! Why in memory only: a checkpoint is a working mark for one session of edits, like a stash;
//! the autosave keeps the document, not the checkpoint, and opening another design clears it
//! (a checkpoint of another design compares nothing useful).
//!
//! Main side and small: it holds a `Document` (model types the first load has anyway) and
//! names nothing of the engine or the diff, which live in the simulation module.

use crate::document::store::Store;
use leptos::prelude::*;
use std::sync::Arc;
use vnet_core::Document;

/// The checkpoint: the document and when it was taken (the undo depth, to say "N edits ago").
#[derive(Clone)]
pub struct Mark {
    pub doc: Arc<Document>,
    /// `Store::depth`'s undo count when it was set.
    pub depth: usize,
    /// `Store::opened` when it was set: another design opened since makes it stale.
    pub opened: u64,
}

/// The one checkpoint of the page. An `ArcRwSignal`: reference-counted, so no reactive owner
/// disposes it (an arena signal created on first use would belong to whichever component asked
/// first, and die with it).
#[derive(Clone)]
pub struct Checkpoint(ArcRwSignal<Option<Mark>>);

thread_local! {
    static CHECKPOINT: Checkpoint = Checkpoint(ArcRwSignal::new(None));
}

impl Checkpoint {
    /// The page's checkpoint (created on first use, lives as long as the page).
    pub fn get() -> Checkpoint {
        CHECKPOINT.with(Clone::clone)
    }

    /// Takes the open document as the checkpoint.
    pub fn set(self, store: &Store) {
        let mark = Mark {
            doc: Arc::new(store.document()),
            depth: store.depth.get_untracked().0,
            opened: store.opened.get_untracked(),
        };
        self.0.set(Some(mark));
    }

    /// The checkpoint of the open design, if one was set since it opened (tracked).
    pub fn of(self, store: &Store) -> Option<Mark> {
        let opened = store.opened.get();
        self.0.get().filter(|m| m.opened == opened)
    }
}
