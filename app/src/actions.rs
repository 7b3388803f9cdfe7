//! What the toolbar, the palette and the keyboard do to the design: each builds an edit with core
//! (`vnet_core::edit`) and applies it through the store. No network logic here.

use crate::browser;
use crate::store::Store;
use leptos::prelude::*;
use vnet_core::edit::{self, Edit, NewKind};

/// Removes the selected element. When the removal takes other elements with it, asks first,
/// naming them.
pub fn delete_selected(store: Store) {
    let Some(id) = store.selected.get_untracked() else { return };
    let cascade = store.design.with_untracked(|d| edit::removal_cascade(d, &id));
    if !cascade.is_empty() {
        let names: Vec<String> =
            cascade.iter().take(12).map(|e| format!("{} ({})", e.name(), e.kind().label())).collect();
        let more = if cascade.len() > 12 { format!(" and {} more", cascade.len() - 12) } else { String::new() };
        let question = format!("Deleting this also deletes {}{more}. Delete?", names.join(", "));
        if !browser::confirm(&question) {
            return;
        }
    }
    if store.apply(Edit::Remove(id)).is_ok() {
        store.selected.set(None);
    }
}

pub fn duplicate_selected(store: Store) {
    let Some(id) = store.selected.get_untracked() else { return };
    if let Some((edit, copy)) = store.design.with_untracked(|d| edit::duplicate(d, &id)) {
        if store.apply(edit).is_ok() {
            store.selected.set(Some(copy));
        }
    }
}

/// Adds a new element of `kind` into the selection; returns why not when it does not fit there.
pub fn add(store: Store, kind: NewKind) -> Result<(), String> {
    let selected = store.selected.get_untracked();
    let made = store.design.with_untracked(|d| edit::new_element(d, kind, selected.as_ref()));
    let Some((edit, id)) = made else {
        let why = kind.needs();
        return Err(if why.is_empty() { "There is no free address range left for it.".into() } else { why.into() });
    };
    store.apply(edit).map_err(|e| e.to_string())?;
    store.selected.set(Some(id));
    Ok(())
}
