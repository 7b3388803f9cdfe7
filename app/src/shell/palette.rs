//! The palette: one button per element kind. Click: the new element goes into the selection (a
//! subnet into the selected VNet, a VM into the selected subnet) with addresses suggested by core.
//! Drag onto the canvas: it goes where it is dropped (`edits::drop_at`). When it cannot go
//! there, the palette or the canvas says why.

use crate::actions::edits;
use crate::canvas::gesture::Overlay;
use crate::canvas::interaction::{transform, SLOP};
use crate::canvas::Scene;
use crate::document::store::Store;
use leptos::prelude::*;
use vnet_core::edit::NewKind;
use vnet_core::layout::Rect;
use wasm_bindgen::JsCast;

/// A palette item being dragged: where it was pressed, and whether it has left the slop.
#[derive(Clone, Copy)]
struct Drag {
    pointer: i32,
    start: (f64, f64),
    moved: bool,
}

/// The canvas point under the screen point `(x, y)`, when the canvas is what is there.
fn canvas_point(x: f64, y: f64) -> Option<(f64, f64)> {
    let doc = web_sys::window()?.document()?;
    let under = doc.element_from_point(x as f32, y as f32)?;
    let svg: web_sys::SvgGraphicsElement = under.closest("svg.canvas").ok()??.dyn_into().ok()?;
    let (k, e, f) = transform(&svg)?;
    Some(((x - e) * k, (y - f) * k))
}

#[component]
pub fn Palette(store: Store, scene: Memo<Scene>, overlay: Overlay) -> impl IntoView {
    let message = RwSignal::new(None::<String>);
    // A new selection makes an old "why not" stale.
    Effect::new(move |_| {
        store.selected.track();
        message.set(None);
    });
    let buttons = NewKind::ALL
        .iter()
        .map(|&kind| {
            let drag = StoredValue::new(None::<Drag>);
            // A drag ends in a click on the button too; that click must not add a second element.
            let dragged = StoredValue::new(false);
            let on_click = move |_| {
                if dragged.get_value() {
                    dragged.set_value(false);
                    return;
                }
                edits::add(store, kind, move |result| message.set(result.err()));
            };
            let on_down = move |ev: web_sys::PointerEvent| {
                if ev.button() != 0 {
                    return;
                }
                // Adding needs the editor module: on its way while the button is pressed.
                store.editor.prefetch();
                let start = (f64::from(ev.client_x()), f64::from(ev.client_y()));
                drag.set_value(Some(Drag { pointer: ev.pointer_id(), start, moved: false }));
                dragged.set_value(false);
                if let Some(el) = ev.current_target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()) {
                    let _ = el.set_pointer_capture(ev.pointer_id());
                }
            };
            let on_move = move |ev: web_sys::PointerEvent| {
                let Some(mut d) = drag.get_value().filter(|d| d.pointer == ev.pointer_id()) else { return };
                let (x, y) = (f64::from(ev.client_x()), f64::from(ev.client_y()));
                if !d.moved && (x - d.start.0).abs() <= SLOP && (y - d.start.1).abs() <= SLOP {
                    return;
                }
                d.moved = true;
                drag.set_value(Some(d));
                let ghost = canvas_point(x, y)
                    .map(|p| edits::ghost(kind, p).unwrap_or(Rect::new(p.0 as i32, p.1 as i32, 152, 56)));
                overlay.ghost.set(ghost);
            };
            let on_up = move |ev: web_sys::PointerEvent| {
                let Some(d) = drag.get_value().filter(|d| d.pointer == ev.pointer_id()) else { return };
                drag.set_value(None);
                overlay.ghost.set(None);
                if !d.moved {
                    return;
                }
                dragged.set_value(true);
                let (x, y) = (f64::from(ev.client_x()), f64::from(ev.client_y()));
                let Some(p) = canvas_point(x, y) else {
                    message.set(Some("Drop it on the canvas.".into()));
                    return;
                };
                edits::drop_at(store, scene, kind, p, move |result| match result {
                    Ok(()) => overlay.hint.set(None),
                    Err(why) => overlay.say(why, true),
                });
            };
            view! {
                <button
                    class="palette-item"
                    data-kind=kind.label()
                    title=kind.needs()
                    on:click=on_click
                    on:pointerdown=on_down
                    on:pointermove=on_move
                    on:pointerup=on_up
                    on:pointerenter=move |_| store.editor.prefetch()
                    on:pointercancel=move |_| {
                        drag.set_value(None);
                        overlay.ghost.set(None);
                    }
                >
                    {kind.label()}
                </button>
            }
        })
        .collect_view();
    view! {
        <section class="panel palette" aria-label="Add">
            <h2>"Add"</h2>
            <p class="hint">"Click to add to the selection, or drag onto the canvas."</p>
            <div class="palette-grid">{buttons}</div>
            {move || message.get().map(|m| view! { <p class="palette-why" role="status">{m}</p> })}
        </section>
    }
}
