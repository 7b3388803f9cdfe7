//! After the first render, the pure part of a keystroke's work runs several times on a copy of
//! the design, results dropped: an edit that replaces an element with itself, validation, the
//! layout and the scene. Wasm functions are compiled on their first call and optimized after
//! some use; without this, the first keystrokes of a page paid for both (BENCHMARKS.md, sessions
//! 6 and 7). Each run is a task of its own, spaced out, so no input waits behind more than one.

use crate::canvas::scene;
use crate::store::Store;
use leptos::prelude::*;
use std::time::Duration;
use vnet_core::edit::{self, Edit, Element};
use vnet_core::layout::auto_layout;
use vnet_core::validate;

/// How many times the work runs: enough for the optimizing tier to pick it up.
const RUNS: usize = 12;

/// Starts the warm-up once the first frame is drawn.
pub fn after_first_render(store: Store) {
    request_animation_frame(move || step(store, 0));
}

/// One run, then the next in a later task.
fn step(store: Store, run: usize) {
    if run >= RUNS {
        return;
    }
    set_timeout(
        move || {
            let Some(mut design) = store.design.try_get_untracked() else { return };
            let Some(mut layout) = store.layout.try_get_untracked() else { return };
            // The edit path: the first element replaced by itself, on the copy.
            let first = design.elements().first().map(|e| e.id.clone());
            if let Some((_, element)) = first.and_then(|id| Element::find(&design, &id)) {
                let edit = Edit::Update(element);
                let _ = (edit.touches_design(), edit.touches_layout(), edit.may_move_boxes(&design));
                let _ = edit::apply_parts(&mut design, &mut layout, edit);
            }
            let placed = auto_layout(&design, &layout);
            std::hint::black_box((validate::validate(&design), scene(&design, &placed)));
            step(store, run + 1);
        },
        Duration::from_millis(if run == 0 { 300 } else { 40 }),
    );
}
