//! The toolbar above the canvas: undo and redo, zoom and fit, delete and duplicate.

use crate::actions;
use crate::canvas::Scene;
use crate::interaction::Camera;
use crate::store::Store;
use leptos::prelude::*;

#[component]
pub fn Toolbar(store: Store, scene: Memo<Scene>, camera: Camera) -> impl IntoView {
    let no_undo = move || store.depth.get().0 == 0;
    let no_redo = move || store.depth.get().1 == 0;
    let nothing_selected = move || store.selected.with(Option::is_none);
    view! {
        <div class="toolbar" role="toolbar" aria-label="Canvas">
            <button title="Undo (Ctrl+Z)" disabled=no_undo on:click=move |_| store.undo()>"Undo"</button>
            <button title="Redo (Ctrl+Shift+Z, Ctrl+Y)" disabled=no_redo on:click=move |_| store.redo()>"Redo"</button>
            <span class="sep" />
            <button title="Zoom in (+)" aria-label="Zoom in" on:click=move |_| camera.zoom_in(scene)>"+"</button>
            <button title="Zoom out (-)" aria-label="Zoom out" on:click=move |_| camera.zoom_out(scene)>"−"</button>
            <button title="Fit the design (0)" on:click=move |_| camera.fit()>"Fit"</button>
            <span class="sep" />
            <button title="Duplicate (Ctrl+D)" disabled=nothing_selected on:click=move |_| actions::duplicate_selected(store)>
                "Duplicate"
            </button>
            <button title="Delete (Delete)" disabled=nothing_selected on:click=move |_| actions::delete_selected(store)>
                "Delete"
            </button>
        </div>
    }
}
