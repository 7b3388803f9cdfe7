//! Keyboard shortcuts, and the sheet that lists them ("?"). Keys typed into a field belong to the
//! field, except Escape.

use crate::actions;
use crate::canvas::Scene;
use crate::interaction::Camera;
use crate::store::Store;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

pub const SHORTCUTS: &[(&str, &str)] = &[
    ("Ctrl/⌘ + Z", "Undo"),
    ("Ctrl/⌘ + Shift + Z, Ctrl + Y", "Redo"),
    ("Delete, Backspace", "Delete the selection (asks when it takes more with it)"),
    ("Ctrl/⌘ + D", "Duplicate the selection"),
    ("Escape", "Clear the selection, close this sheet"),
    ("+ / −", "Zoom in / out"),
    ("0", "Fit the design"),
    ("Drag a box", "Move it (one undo step)"),
    ("Drag the background, wheel", "Pan, zoom"),
    ("?", "Show this sheet"),
];

fn typing_in_field(ev: &web_sys::KeyboardEvent) -> bool {
    ev.target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .is_some_and(|e| matches!(e.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT"))
}

/// Installs the window-wide shortcut handler.
pub fn install(store: Store, scene: Memo<Scene>, camera: Camera, sheet: RwSignal<bool>) {
    let handle = window_event_listener(leptos::ev::keydown, move |ev| {
        let key = ev.key();
        if key == "Escape" {
            sheet.set(false);
            store.selected.set(None);
            return;
        }
        if typing_in_field(&ev) {
            return;
        }
        let cmd = ev.ctrl_key() || ev.meta_key();
        let handled = match key.as_str() {
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
    on_cleanup(move || handle.remove());
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
