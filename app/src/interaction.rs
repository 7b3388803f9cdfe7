//! Pointer gestures on the canvas, for mouse, pen and touch alike (pointer events with pointer
//! capture): press a box to select it, drag it to move it (with everything drawn inside it),
//! drag the background to pan, wheel to zoom around the pointer.
//!
//! A move changes only the layout signal while the pointer moves (DECISIONS 17) and becomes one
//! undo step when it ends.

use crate::canvas::Scene;
use crate::store::Store;
use leptos::prelude::*;
use std::fmt;
use vnet_core::edit::{self, Edit};
use vnet_core::layout::Rect;
use vnet_core::Id;
use wasm_bindgen::JsCast;

/// Positions snap to this grid, in canvas units.
pub const GRID: i32 = 8;
/// A press that moves less than this (in screen pixels) is a click, not a drag.
const SLOP: f64 = 3.0;
const ZOOM_STEP: f64 = 1.25;

/// The visible part of the canvas, in canvas units (the SVG `viewBox`).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ViewBox {
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
}

impl fmt::Display for ViewBox {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:.1} {:.1} {:.1} {:.1}", self.x, self.y, self.w, self.h)
    }
}

impl ViewBox {
    /// The whole scene with a margin; room above for the arcs of zone links.
    pub fn fit(bounds: Rect) -> Self {
        let (m, top) = (24.0, 80.0);
        ViewBox {
            x: f64::from(bounds.x) - m,
            y: f64::from(bounds.y) - top,
            w: f64::from(bounds.w) + 2.0 * m,
            h: f64::from(bounds.h) + m + top,
        }
    }

    /// Scaled by `factor` around the canvas point `(px, py)`, which stays where it is on screen.
    fn zoomed(self, factor: f64, (px, py): (f64, f64)) -> Self {
        let factor = factor.clamp(0.02, 50.0);
        let w = (self.w * factor).clamp(50.0, 2_000_000.0);
        let f = w / self.w;
        ViewBox { x: px + (self.x - px) * f, y: py + (self.y - py) * f, w, h: self.h * f }
    }

    fn center(self) -> (f64, f64) {
        (self.x + self.w / 2.0, self.y + self.h / 2.0)
    }
}

/// The canvas view: `None` fits the scene; zooming or panning fixes it.
#[derive(Clone, Copy)]
pub struct Camera {
    pub view: RwSignal<Option<ViewBox>>,
    pub panning: RwSignal<bool>,
}

impl Camera {
    pub fn new() -> Self {
        Camera { view: RwSignal::new(None), panning: RwSignal::new(false) }
    }

    pub fn view_box(&self, scene: Memo<Scene>) -> ViewBox {
        self.view.get().unwrap_or_else(|| scene.with(|s| ViewBox::fit(s.bounds)))
    }

    fn current(&self, scene: Memo<Scene>) -> ViewBox {
        self.view.get_untracked().unwrap_or_else(|| scene.with_untracked(|s| ViewBox::fit(s.bounds)))
    }

    pub fn zoom(&self, scene: Memo<Scene>, factor: f64) {
        let vb = self.current(scene);
        self.view.set(Some(vb.zoomed(factor, vb.center())));
    }

    pub fn zoom_in(&self, scene: Memo<Scene>) {
        self.zoom(scene, 1.0 / ZOOM_STEP);
    }

    pub fn zoom_out(&self, scene: Memo<Scene>) {
        self.zoom(scene, ZOOM_STEP);
    }

    pub fn fit(&self) {
        self.view.set(None);
    }
}

/// What the pointer is doing since it was pressed.
pub enum Gesture {
    Move {
        pointer: i32,
        start: (f64, f64),
        start_client: (f64, f64),
        /// Each box that moves: its id, where it was drawn, and its stored rect before.
        items: Vec<(Id, Rect, Option<Rect>)>,
        moved: bool,
    },
    Pan {
        pointer: i32,
        start_client: (f64, f64),
        start: ViewBox,
        /// Canvas units per screen pixel.
        scale: f64,
        moved: bool,
    },
}

/// Screen → canvas transform of the SVG: (scale, offset x, offset y) with canvas = (screen - offset) * scale.
fn transform(svg: &web_sys::SvgGraphicsElement) -> Option<(f64, f64, f64)> {
    let m = svg.get_screen_ctm()?;
    let a = f64::from(m.a());
    (a > 0.0).then(|| (1.0 / a, f64::from(m.e()), f64::from(m.f())))
}

fn svg_of(ev: &web_sys::Event) -> Option<web_sys::SvgGraphicsElement> {
    ev.current_target()?.dyn_into().ok()
}

fn to_canvas(ev: &web_sys::MouseEvent, svg: &web_sys::SvgGraphicsElement) -> Option<(f64, f64)> {
    let (k, e, f) = transform(svg)?;
    Some(((f64::from(ev.client_x()) - e) * k, (f64::from(ev.client_y()) - f) * k))
}

/// The id of the box under the event's target, if any.
fn box_id(ev: &web_sys::Event) -> Option<Id> {
    let target: web_sys::Element = ev.target()?.dyn_into().ok()?;
    let g = target.closest("g.box").ok()??;
    g.get_attribute("data-id").map(Id::new)
}

pub fn pointer_down(
    ev: &web_sys::PointerEvent,
    store: Store,
    scene: Memo<Scene>,
    camera: Camera,
    gesture: StoredValue<Option<Gesture>>,
) {
    if ev.button() != 0 {
        return;
    }
    let Some(svg) = svg_of(ev) else { return };
    let Some(start) = to_canvas(ev, &svg) else { return };
    let start_client = (f64::from(ev.client_x()), f64::from(ev.client_y()));
    let pointer = ev.pointer_id();
    let _ = svg.set_pointer_capture(pointer);
    // Freeze the view, so the scene does not rescale under the pointer while a box moves.
    let vb = camera.current(scene);
    camera.view.set(Some(vb));
    let next = match box_id(ev) {
        Some(id) => {
            store.selected.set(Some(id.clone()));
            let drawn = |id: &Id| scene.with_untracked(|s| s.shapes.iter().find(|s| &s.id == id).map(|s| s.rect));
            let Some(rect) = drawn(&id) else { return };
            let layout = store.layout.get_untracked();
            let mut items = vec![(id.clone(), rect, layout.get(&id))];
            // What is drawn inside follows by itself unless it has a stored rect of its own.
            let inside = store.design.with_untracked(|d| edit::contents(d, &id));
            items.extend(inside.into_iter().filter_map(|c| layout.get(&c).map(|r| (c, r, Some(r)))));
            Gesture::Move { pointer, start, start_client, items, moved: false }
        }
        None => {
            let scale = transform(&svg).map(|t| t.0).unwrap_or(1.0);
            Gesture::Pan { pointer, start_client, start: vb, scale, moved: false }
        }
    };
    gesture.set_value(Some(next));
}

fn snap(v: i32) -> i32 {
    (f64::from(v) / f64::from(GRID)).round() as i32 * GRID
}

pub fn pointer_move(ev: &web_sys::PointerEvent, store: Store, camera: Camera, gesture: StoredValue<Option<Gesture>>) {
    let client = (f64::from(ev.client_x()), f64::from(ev.client_y()));
    let far = |from: (f64, f64)| (client.0 - from.0).abs() > SLOP || (client.1 - from.1).abs() > SLOP;
    let svg = svg_of(ev);
    gesture.update_value(|g| match g {
        Some(Gesture::Move { pointer, start, start_client, items, moved }) if *pointer == ev.pointer_id() => {
            if !*moved && !far(*start_client) {
                return;
            }
            *moved = true;
            let Some(p) = svg.as_ref().and_then(|svg| to_canvas(ev, svg)) else { return };
            let Some((_, first, _)) = items.first() else { return };
            // The pressed box lands on the grid; everything else keeps its offset to it.
            let dx = snap(first.x + (p.0 - start.0).round() as i32) - first.x;
            let dy = snap(first.y + (p.1 - start.1).round() as i32) - first.y;
            store.layout.update(|l| {
                for (id, r, _) in items.iter() {
                    l.rects.insert(id.clone(), Rect::new(r.x + dx, r.y + dy, r.w, r.h));
                }
            });
        }
        Some(Gesture::Pan { pointer, start_client, start, scale, moved }) if *pointer == ev.pointer_id() => {
            if !*moved && !far(*start_client) {
                return;
            }
            *moved = true;
            camera.panning.set(true);
            let (dx, dy) = ((client.0 - start_client.0) * *scale, (client.1 - start_client.1) * *scale);
            camera.view.set(Some(ViewBox { x: start.x - dx, y: start.y - dy, ..*start }));
        }
        _ => {}
    });
}

pub fn pointer_up(ev: &web_sys::PointerEvent, store: Store, camera: Camera, gesture: StoredValue<Option<Gesture>>) {
    let Some(g) = gesture.try_update_value(Option::take).flatten() else { return };
    if let Some(svg) = svg_of(ev) {
        let _ = svg.release_pointer_capture(ev.pointer_id());
    }
    camera.panning.set(false);
    match g {
        Gesture::Move { items, moved: true, .. } => {
            let inverse = items.into_iter().map(|(id, _, stored)| Edit::SetRect { id, rect: stored }).collect();
            store.record_move(Edit::Batch(inverse));
        }
        // A click on the background clears the selection.
        Gesture::Pan { moved: false, .. } => store.selected.set(None),
        _ => {}
    }
}

pub fn wheel(ev: &web_sys::WheelEvent, scene: Memo<Scene>, camera: Camera) {
    ev.prevent_default();
    let Some(svg) = svg_of(ev) else { return };
    let Some(p) = to_canvas(ev, &svg) else { return };
    let factor = (ev.delta_y() * 0.0015).exp();
    let vb = camera.current(scene);
    camera.view.set(Some(vb.zoomed(factor, p)));
}
