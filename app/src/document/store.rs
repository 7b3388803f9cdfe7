//! The studio's state in a few signals, and the one way to change a design: [`Store::apply`] an
//! [`Edit`] from core. Every applied edit records its inverse for undo (at least
//! [`HISTORY_LIMIT`] steps) and autosaves the document; [`Store::saving`] says whether the
//! last autosave reached storage.
//!
//! DECISIONS 17: the design and the layout are separate signals, and an edit notifies only the
//! signals it touches, so a move never recomputes diagnostics.

use crate::document::editor::Editor;
use crate::document::library::Library;
use crate::document::startup::Origin;
use leptos::prelude::*;
use leptos::task::spawn_local;
use vnet_core::edit::{self, Edit, EditError};
use vnet_core::layout::Layout;
use vnet_core::model::Design;
use vnet_core::{Document, Id};

/// Undo steps kept; older ones are dropped.
pub const HISTORY_LIMIT: usize = 500;

/// Quiet time after the last change before the whole-design work that is too slow for every
/// keystroke runs: the autosave (encoding a 2,000-element design and writing it takes several
/// milliseconds) and what follows [`Store::settled`] (insights, costs). A burst of typing or a
/// drag then costs one save, and an edit shows its diagnostics in the same frame.
const SETTLE: std::time::Duration = std::time::Duration::from_millis(250);

#[derive(Default)]
struct History {
    undo: Vec<Edit>,
    redo: Vec<Edit>,
    /// The field being typed in: consecutive edits of one field are one undo step.
    typing: Option<String>,
}

/// Whether the open design is safe in storage.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Saving {
    /// Saved, or nothing to save yet.
    Saved,
    /// The last autosave failed: the design is **not** saved (the reason says why).
    Failed(String),
    /// This browser stores nothing (the reason says why).
    Unavailable(String),
}

/// Cheap to copy: every field is a signal handle.
#[derive(Clone, Copy)]
pub struct Store {
    pub design: RwSignal<Design>,
    pub layout: RwSignal<Layout>,
    pub selected: RwSignal<Option<Id>>,
    /// Further selected elements besides `selected` (shift-click, rubber band); emptied whenever
    /// `selected` is cleared, so code that knows only `selected` stays right.
    pub group: RwSignal<Vec<Id>>,
    pub origin: RwSignal<Origin>,
    /// Changed since it was opened (with `origin`, whether replacing it would lose work).
    pub edited: RwSignal<bool>,
    /// Whether the last autosave reached storage.
    pub saving: RwSignal<Saving>,
    /// Changes when another design is opened (the camera fits it).
    pub opened: RwSignal<u64>,
    /// (undo steps, redo steps), for the toolbar.
    pub depth: RwSignal<(usize, usize)>,
    /// Changes once the design has stopped changing for [`SETTLE`]; slow analyses track this and
    /// read the design untracked.
    pub settled: RwSignal<u64>,
    /// Changes when an edit may change what the automatic layout computes from the design
    /// (`Edit::may_move_boxes`): the canvas lays out again only then, not on a rename.
    pub placed: RwSignal<u64>,
    /// The editing operations (new elements, connections, copies), fetched on demand.
    pub editor: Editor,
    history: StoredValue<History>,
    /// Where autosaves go; none until the database is open.
    library: StoredValue<Option<Library>, LocalStorage>,
    /// Autosaves begun and not finished.
    writing: StoredValue<u32>,
    settle: StoredValue<Option<TimeoutHandle>>,
    /// A change is not autosaved yet.
    unsaved: StoredValue<bool>,
    /// The design changed since `settled` last changed (a move changes only the layout, which
    /// no slow analysis reads).
    redesigned: StoredValue<bool>,
}

impl Store {
    pub fn new(doc: Document, origin: Origin) -> Self {
        let store = Store {
            design: RwSignal::new(doc.design),
            layout: RwSignal::new(doc.layout),
            selected: RwSignal::new(None),
            group: RwSignal::new(Vec::new()),
            origin: RwSignal::new(origin),
            edited: RwSignal::new(false),
            saving: RwSignal::new(Saving::Saved),
            opened: RwSignal::new(0),
            depth: RwSignal::new((0, 0)),
            settled: RwSignal::new(0),
            placed: RwSignal::new(0),
            editor: Editor::new(),
            history: StoredValue::new(History::default()),
            library: StoredValue::new_local(None),
            writing: StoredValue::new(0),
            settle: StoredValue::new(None),
            unsaved: StoredValue::new(false),
            redesigned: StoredValue::new(false),
        };
        // Any change of the design (edits, undo, opening another design) settles later; the
        // first run only subscribes.
        let design = store.design;
        Effect::new(move |subscribed: Option<()>| {
            design.track();
            if subscribed.is_some() {
                store.redesigned.set_value(true);
                store.settle_soon();
            }
        });
        // Leaving the page saves what the quiet time has not saved yet.
        let on_leave = window_event_listener(leptos::ev::pagehide, move |_| store.leave());
        std::mem::forget(on_leave);
        let (selected, group) = (store.selected, store.group);
        Effect::new(move |_| {
            if selected.with(Option::is_none) && group.with_untracked(|g| !g.is_empty()) {
                group.set(Vec::new());
            }
            // A selection is the start of editing: its handles connect, its menu copies.
            if selected.with(Option::is_some) {
                store.editor.prefetch();
            }
        });
        store
    }

    /// Every selected element, the primary one first.
    pub fn selection(&self) -> Vec<Id> {
        let mut out: Vec<Id> = self.selected.get_untracked().into_iter().collect();
        for id in self.group.get_untracked() {
            if !out.contains(&id) {
                out.push(id);
            }
        }
        out
    }

    /// Selects `id` alone (or nothing).
    pub fn select(&self, id: Option<Id>) {
        self.group.set(Vec::new());
        self.selected.set(id);
    }

    /// Sets the whole selection; the first id becomes the primary one.
    pub fn select_all(&self, mut ids: Vec<Id>) {
        let first = (!ids.is_empty()).then(|| ids.remove(0));
        self.group.set(ids);
        self.selected.set(first);
    }

    /// Shift-click: adds `id` to the selection, or takes it out when it is in.
    pub fn toggle(&self, id: Id) {
        let mut all = self.selection();
        match all.iter().position(|x| *x == id) {
            Some(i) => {
                all.remove(i);
            }
            None => all.push(id),
        }
        self.select_all(all);
    }

    /// Whether `id` is selected (tracked).
    pub fn is_selected(&self, id: &Id) -> bool {
        self.selected.with(|s| s.as_ref() == Some(id)) || self.group.with(|g| g.contains(id))
    }

    pub fn document(&self) -> Document {
        Document::new(self.design.get_untracked(), self.layout.get_untracked())
    }

    /// Applies an edit as one undo step.
    pub fn apply(&self, edit: Edit) -> Result<(), EditError> {
        self.apply_keyed(edit, None)
    }

    /// Applies an edit typed into field `key`: edits of the same field in a row are one undo step.
    pub fn apply_typed(&self, edit: Edit, key: String) -> Result<(), EditError> {
        self.apply_keyed(edit, Some(key))
    }

    /// Ends a run of typing, so the next edit of that field is a new undo step.
    pub fn end_typing(&self) {
        self.history.update_value(|h| h.typing = None);
    }

    fn apply_keyed(&self, edit: Edit, key: Option<String>) -> Result<(), EditError> {
        let (mut inverse, moved) = self.raw_apply(edit)?;
        if moved {
            if let Some(fix) = self.refit() {
                inverse = Edit::Batch(vec![fix, inverse]);
            }
        }
        self.history.update_value(|h| {
            let same_field = key.is_some() && h.typing == key;
            if !same_field {
                h.undo.push(inverse);
            }
            h.typing = key;
            h.redo.clear();
            trim(&mut h.undo);
        });
        self.after_change();
        Ok(())
    }

    /// Records an edit that was already applied step by step (a drag), by its inverse.
    pub fn record(&self, inverse: Edit) {
        if inverse.is_noop() {
            return;
        }
        self.history.update_value(|h| {
            h.undo.push(inverse);
            h.typing = None;
            h.redo.clear();
            trim(&mut h.undo);
        });
        self.after_change();
    }

    /// Records a finished move (applied live to the layout) by its inverse, growing containers
    /// that no longer hold what was moved into them; one undo step.
    pub fn record_move(&self, inverse: Edit) {
        let mut inverses = Vec::new();
        if let Some(fix) = self.refit() {
            inverses.push(fix);
        }
        inverses.push(inverse);
        self.record(Edit::Batch(inverses));
    }

    /// Grows containers placed by hand to fit their content; returns the inverse.
    fn refit(&self) -> Option<Edit> {
        let fix = self.design.with_untracked(|d| self.layout.with_untracked(|l| edit::refit(d, l)));
        if fix.is_empty() {
            return None;
        }
        self.raw_apply(Edit::Batch(fix)).ok().map(|(inverse, _)| inverse)
    }

    pub fn undo(&self) {
        self.step(true);
    }

    pub fn redo(&self) {
        self.step(false);
    }

    fn step(&self, undo: bool) {
        let Some(edit) = self.history.try_update_value(|h| {
            h.typing = None;
            if undo {
                h.undo.pop()
            } else {
                h.redo.pop()
            }
        }) else {
            return;
        };
        let Some(edit) = edit else { return };
        match self.raw_apply(edit) {
            Ok((inverse, _)) => {
                self.history.update_value(|h| if undo { h.redo.push(inverse) } else { h.undo.push(inverse) })
            }
            // An inverse always applies; if it ever does not, the history is dropped, not the design.
            Err(_) => self.history.update_value(|h| *h = History::default()),
        }
        self.after_change();
    }

    /// Applies without recording; notifies only the signals the edit touches. Returns the inverse
    /// and whether boxes may have moved (`Edit::may_move_boxes`, then `placed` changed).
    fn raw_apply(&self, edit: Edit) -> Result<(Edit, bool), EditError> {
        let (touches_design, touches_layout) = (edit.touches_design(), edit.touches_layout());
        let moves = self.design.with_untracked(|d| edit.may_move_boxes(d));
        let mut result = None;
        self.design.update_untracked(|d| {
            self.layout.update_untracked(|l| result = Some(edit::apply_parts(d, l, edit)));
        });
        let inverse = result.unwrap_or(Err(EditError::NotFound(Id::default())))?;
        if touches_design {
            self.design.notify();
        }
        if touches_layout {
            self.layout.notify();
        }
        if moves {
            self.placed.update(|n| *n += 1);
        }
        Ok((inverse, moves))
    }

    fn after_change(&self) {
        self.depth.set(self.history.with_value(|h| (h.undo.len(), h.redo.len())));
        // The selection may have been removed (or restored) by the edit.
        if let Some(id) = self.selected.get_untracked() {
            let exists = self.design.with_untracked(|d| d.elements().iter().any(|e| *e.id == id));
            if !exists {
                self.selected.set(None);
            }
        }
        if self.group.with_untracked(|g| !g.is_empty()) {
            let ids: Vec<Id> = self.design.with_untracked(|d| d.elements().iter().map(|e| e.id.clone()).collect());
            self.group.update(|g| g.retain(|id| ids.contains(id)));
        }
        if !self.edited.get_untracked() {
            self.edited.set(true);
        }
        self.unsaved.set_value(true);
        self.settle_soon();
    }

    fn settle_soon(&self) {
        let store = *self;
        if let Some(pending) = self.settle.get_value() {
            pending.clear();
        }
        self.settle.set_value(set_timeout_with_handle(move || store.settle_now(), SETTLE).ok());
    }

    /// Ends the quiet time now: saves, then lets the slow analyses run.
    fn settle_now(&self) {
        if let Some(pending) = self.settle.try_update_value(Option::take).flatten() {
            pending.clear();
        }
        self.save_now();
        if self.redesigned.get_value() {
            self.redesigned.set_value(false);
            self.settled.update(|n| *n += 1);
        }
    }

    fn save_now(&self) {
        if self.unsaved.get_value() {
            self.unsaved.set_value(false);
            self.autosave();
        }
    }

    /// Leaving the page (`pagehide`): a write to IndexedDB begun now may not commit before the
    /// page goes, so what is not committed yet is also written synchronously aside
    /// (`Library::stash`); the next visit takes it from there.
    fn leave(&self) {
        let failed = self.saving.with_untracked(|s| *s != Saving::Saved);
        let pending = self.unsaved.get_value() || self.writing.get_value() > 0 || failed;
        let library = self.library.get_value().filter(|l| l.unavailable().is_none());
        if let (true, Some(library)) = (pending, library) {
            library.stash(&self.document(), &self.origin.get_untracked(), self.edited.get_untracked());
        }
        self.save_now();
    }

    /// Saves after the quiet time, like an edit: what was just opened is drawn first (encoding
    /// a 2,000-element design and handing it to IndexedDB takes tens of milliseconds).
    pub fn save_soon(&self) {
        self.unsaved.set_value(true);
        self.settle_soon();
    }

    /// Where autosaves go from now on; says at once when this browser stores nothing.
    pub fn attach(&self, library: Library) {
        if let Some(why) = library.unavailable() {
            self.saving.set(Saving::Unavailable(why.0));
        }
        self.library.set_value(Some(library));
        if self.unsaved.get_value() {
            self.settle_soon();
        }
    }

    /// The library, once attached.
    pub fn library(&self) -> Option<Library> {
        self.library.get_value()
    }

    /// Whether replacing the open design would lose work: it was edited, or it exists nowhere
    /// else (`Origin::only_here`). An empty design is never work.
    pub fn is_work(&self) -> bool {
        let empty = self.design.with_untracked(|d| d.elements().is_empty() && d.name.is_empty());
        !empty && (self.edited.get_untracked() || self.origin.with_untracked(Origin::only_here))
    }

    /// Saves the open design as the user's current one, and records whether that worked.
    pub fn autosave(&self) {
        let Some(library) = self.library.get_value() else {
            // Before the database is open: saved once it is (`attach`).
            self.unsaved.set_value(true);
            return;
        };
        let (doc, origin, edited) = (self.document(), self.origin.get_untracked(), self.edited.get_untracked());
        let (saving, writing) = (self.saving, self.writing);
        writing.update_value(|n| *n += 1);
        spawn_local(async move {
            let result = library.save_current(&doc, &origin, edited).await;
            writing.update_value(|n| *n -= 1);
            saving.set(match result {
                Ok(()) => Saving::Saved,
                Err(e) if library.unavailable().is_some() => Saving::Unavailable(e.0),
                Err(e) => Saving::Failed(e.0),
            });
        });
    }

    /// Replaces the whole document (opening another design, or restoring the autosaved one):
    /// history starts afresh and the camera fits it. Not saved here: only `document::open`
    /// replaces work, and it saves what it opens.
    pub fn replace(&self, doc: Document, origin: Origin, edited: bool) {
        self.history.set_value(History::default());
        self.select(None);
        self.origin.set(origin);
        self.edited.set(edited);
        self.design.set(doc.design);
        self.layout.set(doc.layout);
        self.placed.update(|n| *n += 1);
        self.opened.update(|n| *n += 1);
        self.depth.set((0, 0));
        self.unsaved.set_value(false);
    }
}

fn trim(undo: &mut Vec<Edit>) {
    if undo.len() > HISTORY_LIMIT {
        let extra = undo.len() - HISTORY_LIMIT;
        undo.drain(..extra);
    }
}
