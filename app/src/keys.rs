//! Keyboard shortcuts, and the sheet that lists them ("?"). Keys typed into a field belong to the
//! field, except Escape.

use crate::actions;
use crate::canvas::Scene;
use crate::gesture;
use crate::interaction::{Camera, GRID};
use crate::store::Store;
use leptos::prelude::*;
use vnet_core::edit::Edit;
use vnet_core::layout::Rect;
use wasm_bindgen::JsCast;

pub const SHORTCUTS: &[(&str, &str)] = &[
    ("Ctrl/⌘ + Z", "Undo"),
    ("Ctrl/⌘ + Shift + Z, Ctrl + Y", "Redo"),
    ("Delete, Backspace", "Delete the selection (asks when it takes more with it)"),
    ("Shift + click, Shift + drag the background", "Add to the selection, select with a rubber band"),
    ("Arrow keys (Shift: ×5)", "Nudge the selection by one grid step"),
    ("Ctrl/⌘ + D", "Duplicate the selection"),
    ("Ctrl/⌘ + C, Ctrl/⌘ + V", "Copy, paste (also into another design in this browser)"),
    ("Escape", "Close the context menu; else clear the selection, close this sheet"),
    ("+ / −", "Zoom in / out"),
    ("0", "Fit the design"),
    ("Drag a box", "Move it, or the whole selection (one undo step)"),
    ("Drag the dot of a selected box", "Connect it: peering, zone link, endpoint, gateway, RT/NSG"),
    ("Drag the corner of a selected VNet or subnet", "Resize it"),
    ("Drag a palette item onto the canvas", "Add it there"),
    ("Drag the background, Space + drag, wheel, two fingers", "Pan, pan, zoom, pinch zoom"),
    ("?", "Show this sheet"),
];

fn typing_in_field(ev: &web_sys::KeyboardEvent) -> bool {
    ev.target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .is_some_and(|e| matches!(e.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT"))
}

fn on_button(ev: &web_sys::KeyboardEvent) -> bool {
    ev.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()).is_some_and(|e| e.tag_name() == "BUTTON")
}

/// Installs the window-wide shortcut handler.
pub fn install(store: Store, scene: Memo<Scene>, camera: Camera, sheet: RwSignal<bool>) {
    let up = window_event_listener(leptos::ev::keyup, move |ev| {
        if ev.key() == " " {
            camera.space.set(false);
        }
    });
    let menu = use_context::<crate::menu::CanvasMenu>();
    let handle = window_event_listener(leptos::ev::keydown, move |ev| {
        let key = ev.key();
        // Escape closes an open context menu first, and only that.
        if key == "Escape" && menu.is_some_and(|m| m.is_open()) {
            menu.inspect(|m| m.close());
            return;
        }
        if key == "Escape" {
            sheet.set(false);
            store.select(None);
            return;
        }
        if typing_in_field(&ev) {
            return;
        }
        let cmd = ev.ctrl_key() || ev.meta_key();
        let step = if ev.shift_key() { 5 * GRID } else { GRID };
        let handled = match key.as_str() {
            // Space on a focused button presses it; elsewhere it is held to pan.
            " " if !on_button(&ev) => {
                camera.space.set(true);
                true
            }
            "ArrowLeft" | "ArrowRight" | "ArrowUp" | "ArrowDown" if !cmd => {
                let (dx, dy) = match key.as_str() {
                    "ArrowLeft" => (-step, 0),
                    "ArrowRight" => (step, 0),
                    "ArrowUp" => (0, -step),
                    _ => (0, step),
                };
                nudge(store, scene, dx, dy);
                true
            }
            "z" | "Z" if cmd && ev.shift_key() => {
                store.redo();
                true
            }
            "z" | "Z" if cmd => {
                store.undo();
                true
            }
            "y" | "Y" if cmd => {
                store.redo();
                true
            }
            "c" | "C" if cmd => actions::copy_selected(store) > 0,
            "v" | "V" if cmd => {
                let _ = actions::paste(store);
                true
            }
            "d" | "D" if cmd => {
                actions::duplicate_selected(store);
                true
            }
            "Delete" | "Backspace" if !cmd => {
                actions::delete_selected(store);
                true
            }
            "+" | "=" if !cmd => {
                camera.zoom_in(scene);
                true
            }
            "-" if !cmd => {
                camera.zoom_out(scene);
                true
            }
            "0" if !cmd => {
                camera.fit();
                true
            }
            "?" => {
                sheet.update(|s| *s = !*s);
                true
            }
            _ => false,
        };
        if handled {
            ev.prevent_default();
        }
    });
    on_cleanup(move || {
        handle.remove();
        up.remove();
    });
}

/// Moves the selection by (dx, dy) canvas units, as one undo step.
fn nudge(store: Store, scene: Memo<Scene>, dx: i32, dy: i32) {
    let items = gesture::moving_items(store, scene, &store.selection());
    let moves: Vec<Edit> = items
        .into_iter()
        .map(|(id, r, _)| Edit::SetRect { id, rect: Some(Rect::new(r.x + dx, r.y + dy, r.w, r.h)) })
        .collect();
    if !moves.is_empty() {
        let _ = store.apply(Edit::Batch(moves));
    }
}

#[component]
pub fn ShortcutSheet(open: RwSignal<bool>) -> impl IntoView {
    move || {
        open.get().then(|| {
            let rows = SHORTCUTS
                .iter()
                .map(|(k, what)| view! { <tr><th scope="row"><kbd>{*k}</kbd></th><td>{*what}</td></tr> })
                .collect_view();
            view! {
                <div class="sheet" role="dialog" aria-label="Keyboard shortcuts">
                    <h2>"Keyboard shortcuts"</h2>
                    <table>{rows}</table>
                    <button on:click=move |_| open.set(false)>"Close"</button>
                </div>
            }
        })
    }
}
