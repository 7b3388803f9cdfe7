//! The editing operations that build new elements and connections (core's `edit::new_element`,
//! `connect`, `duplicate`, `clip`, `paste`), as a module fetched on demand (`editor`, a split
//! point like the forms'): a first visit that only looks at a design does not load them
//! (DECISIONS 24). The first selection, or a hand near the palette, fetches it; an action that
//! needs it before it is here runs once it is.

use crate::platform::lazy::Module;
use vnet_core::edit::{self, Edit, NewKind};
use vnet_core::model::Design;
use vnet_core::Id;

/// An edit and what it does ("Peered a and b"), or why it cannot be done.
pub type Connected = Result<(Edit, String), String>;
/// An edit and the id of what it adds (the new element, the copy).
pub type Made = Option<(Edit, Id)>;
/// An edit and the ids of the top-level elements it pastes.
pub type Pasted = Option<(Edit, Vec<Id>)>;

/// What the editor module provides.
pub struct Ops {
    pub connect: fn(&Design, &Id, &Id) -> Connected,
    pub new_element: fn(&Design, NewKind, Option<&Id>) -> Made,
    pub duplicate: fn(&Design, &Id) -> Made,
    pub clip: fn(&Design, &[Id]) -> Design,
    pub paste: fn(&Design, &Design, Option<&Id>) -> Pasted,
}

static OPS: Ops = Ops {
    connect: edit::connect,
    new_element: edit::new_element,
    duplicate: edit::duplicate,
    clip: edit::clip,
    paste: edit::paste,
};

/// The split point of the editing operations (`crate::platform::lazy`).
#[leptos::wasm_split::wasm_split(editor, wasm_split_path = ::leptos::wasm_split, fallible)]
fn editor() -> Result<&'static Ops, leptos::wasm_split::SplitLoaderError> {
    Ok(&OPS)
}

/// The editor module, as the studio holds it. `Copy`.
#[derive(Clone, Copy)]
pub struct Editor(Module<Ops>);

impl Editor {
    pub fn new() -> Self {
        Editor(Module::new())
    }

    /// The operations, if here (untracked).
    pub fn now(self) -> Option<&'static Ops> {
        self.0.get_untracked()
    }

    /// Fetches the module if it is not here or on its way.
    pub fn prefetch(self) {
        self.0.prefetch(editor);
    }

    /// Runs `then` with the operations: at once when they are here, else once fetched.
    pub fn with(self, then: impl FnOnce(&'static Ops) + 'static) {
        self.0.fetch(editor, then);
    }
}

impl Default for Editor {
    fn default() -> Self {
        Self::new()
    }
}
