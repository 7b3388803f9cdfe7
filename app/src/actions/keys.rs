//! The keyboard: a key press runs the registry's action for it ([`registry::for_key`]), and the
//! sheet that lists them ("?") is written from the same table. Keys typed into a field belong to
//! the field, except Escape. Space held to pan is a gesture, not an action.

use crate::actions::registry::{self, Ctx, Trigger, ACTIONS};
use crate::canvas::menu::CanvasMenu;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// Gestures: what the pointer does, listed in the sheet after the actions' keys.
const GESTURES: &[(&str, &str)] = &[
    ("Shift + click, Shift + drag the background", "Add to the selection, select with a rubber band"),
    ("Drag a box", "Move it, or the whole selection (one undo step)"),
    ("Drag the dot of a selected box", "Connect it: peering, zone link, endpoint, gateway, RT/NSG"),
    ("Drag the corner of a selected VNet or subnet", "Resize it"),
    ("Drag a palette item onto the canvas", "Add it there"),
    ("Drag the background, Space + drag, wheel, two fingers", "Pan, pan, zoom, pinch zoom"),
    ("Right-click a box (long press on touch)", "Its menu: duplicate, copy, delete, trace, resolve, routes"),
];

fn target_element(ev: &web_sys::KeyboardEvent) -> Option<web_sys::Element> {
    ev.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok())
}

fn typing_in_field(ev: &web_sys::KeyboardEvent) -> bool {
    target_element(ev).is_some_and(|e| {
        matches!(e.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT") || e.has_attribute("contenteditable")
    })
}

fn on_button(ev: &web_sys::KeyboardEvent) -> bool {
    target_element(ev).is_some_and(|e| e.tag_name() == "BUTTON")
}

/// A modal dialog is open (the replace question): keys belong to it, not to the design behind.
fn modal_open() -> bool {
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.query_selector("[aria-modal=true]").ok().flatten())
        .is_some()
}

/// The canvas (or something inside its frame) has the keyboard focus.
fn canvas_has_focus() -> bool {
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.active_element())
        .is_some_and(|e| e.closest(".canvas-wrap").ok().flatten().is_some())
}

/// Installs the window-wide shortcut handler.
pub fn install(ctx: Ctx) {
    let camera = ctx.camera;
    let up = window_event_listener(leptos::ev::keyup, move |ev| {
        if ev.key() == " " {
            camera.space.set(false);
        }
    });
    let menu = use_context::<CanvasMenu>();
    let handle = window_event_listener(leptos::ev::keydown, move |ev| {
        let key = ev.key();
        // Escape closes an open context menu first, and only that.
        if key == "Escape" && menu.is_some_and(|m| m.is_open()) {
            menu.inspect(|m| m.close());
            return;
        }
        if modal_open() {
            // Not even the browser's own undo, which would undo the last text typed behind it.
            if ev.ctrl_key() || ev.meta_key() {
                ev.prevent_default();
            }
            return;
        }
        if key != "Escape" && typing_in_field(&ev) {
            return;
        }
        // Space on a focused button presses it; elsewhere it is held to pan.
        if key == " " && !on_button(&ev) {
            camera.space.set(true);
            ev.prevent_default();
            return;
        }
        let (cmd, shift) = (ev.ctrl_key() || ev.meta_key(), ev.shift_key());
        let Some(action) = registry::for_key(&key, cmd, shift) else { return };
        if action.canvas_only && !canvas_has_focus() {
            return;
        }
        ev.prevent_default();
        if untrack(|| (action.enabled)(&ctx)) {
            (action.run)(&ctx, &Trigger { shift, target: None });
        }
    });
    on_cleanup(move || {
        handle.remove();
        up.remove();
    });
}

/// Adds the registry's context-menu entries to the canvas menu, in the table's order.
pub fn install_menu(ctx: Ctx, menu: CanvasMenu) {
    for action in ACTIONS.iter().filter(|a| a.in_menu()) {
        menu.add(action.label, move |id| {
            if untrack(|| (action.enabled)(&ctx)) {
                (action.run)(&ctx, &Trigger { shift: false, target: Some(id) });
            }
        });
    }
}

/// The core loop in five steps, for a first visit (the "Help" button and the "?" key).
const HOW_TO: &[&str] = &[
    "Open a design: a gallery design from the top bar, or Import your own network (Azure's JSON from az, Resource Graph or an ARM template).",
    "Edit: click a box to change it on the right; add elements from the palette on the left, or right-click a box.",
    "Ask: Trace a packet hop by hop, resolve a name (DNS), read a subnet's effective routes (Routes), or every pair at once (Matrix). Each decision names the rule that made it: click it.",
    "Keep what must hold as an intent (under a trace or a DNS answer); Compare… shows what a change does before you deploy it.",
    "Share a link (the design is in the link), or Export… to ARM, Bicep or Terraform.",
];

#[component]
pub fn ShortcutSheet(open: RwSignal<bool>) -> impl IntoView {
    move || {
        open.get().then(|| {
            let keys = ACTIONS.iter().filter(|a| !a.keys.is_empty()).map(|a| (a.keys, a.label));
            let rows = keys
                .chain(GESTURES.iter().copied())
                .map(|(k, what)| view! { <tr><th scope="row"><kbd>{k}</kbd></th><td>{what}</td></tr> })
                .collect_view();
            view! {
                <div class="sheet" role="dialog" aria-label="Help">
                    <h2>"How to"</h2>
                    <ol class="how-to">{HOW_TO.iter().map(|step| view! { <li>{*step}</li> }).collect_view()}</ol>
                    <h2>"Keyboard shortcuts"</h2>
                    <table>{rows}</table>
                    <button on:click=move |_| open.set(false)>"Close"</button>
                </div>
            }
        })
    }
}
