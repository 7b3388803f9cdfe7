//! What a press on the canvas becomes, for mouse, pen and touch alike (pointer events with
//! pointer capture): select (shift adds), move the selection, pan (background, or anywhere with
//! space held), connect (from a box's handle onto another box, `edit::connect` decides), rubber
//! band (shift + background), resize a container (its corner handle), pinch zoom (two touches).
//!
//! A move shifts the drawn nodes while the pointer moves and changes the layout once, when the
//! pointer is released; a pan slides the canvas and moves the camera then (`preview`). A resize
//! changes only the layout signal as the pointer moves (DECISIONS 17). Moves and resizes become
//! one undo step when the pointer is released. Every other change is a core `Edit`.

use crate::canvas::interaction::{svg_of, to_canvas, transform, Camera, ViewBox, GRID, SLOP};
use crate::canvas::preview::{self, MovePreview};
use crate::canvas::{contains, Scene};
use crate::document::store::Store;
use leptos::prelude::*;
use vnet_core::edit::{self, Edit, Element};
use vnet_core::layout::Rect;
use vnet_core::Id;
use wasm_bindgen::JsCast;

/// The connection being drawn: from where the handle was pressed to the pointer; `ok` once the
/// pointer is over a box (valid target or not).
#[derive(Clone, Debug, PartialEq)]
pub struct Wire {
    pub from: (f64, f64),
    pub to: (f64, f64),
    pub ok: Option<bool>,
}

/// A short message at the canvas: what a connection or a drop did, or why it could not.
#[derive(Clone, Debug, PartialEq)]
pub struct Hint {
    pub text: String,
    pub error: bool,
}

/// What is drawn over the scene while a gesture runs, and the message it leaves.
#[derive(Clone, Copy)]
pub struct Overlay {
    pub wire: RwSignal<Option<Wire>>,
    pub band: RwSignal<Option<Rect>>,
    /// Where a palette item would land while it is dragged over the canvas.
    pub ghost: RwSignal<Option<Rect>>,
    pub hint: RwSignal<Option<Hint>>,
}

impl Overlay {
    pub fn new() -> Self {
        Overlay {
            wire: RwSignal::new(None),
            band: RwSignal::new(None),
            ghost: RwSignal::new(None),
            hint: RwSignal::new(None),
        }
    }

    pub fn say(&self, text: impl Into<String>, error: bool) {
        self.hint.set(Some(Hint { text: text.into(), error }));
    }
}

/// The box a connection would end on, and what connecting to it would do (or why not).
type Target = Option<(Id, Result<(Edit, String), String>)>;

/// Boxes that move: id, where it was drawn, its stored rect before.
type Items = Vec<(Id, Rect, Option<Rect>)>;

enum Gesture {
    Move {
        pointer: i32,
        start: (f64, f64),
        start_client: (f64, f64),
        items: Items,
        moved: bool,
        pressed: Id,
        /// How far the items have moved so far, in canvas units (snapped).
        offset: (i32, i32),
        preview: Option<MovePreview>,
    },
    /// `to`: the view once the pointer is released.
    Pan {
        pointer: i32,
        start_client: (f64, f64),
        start: ViewBox,
        scale: f64,
        moved: bool,
        to: ViewBox,
    },
    Connect {
        pointer: i32,
        from: Id,
        target: Target,
    },
    Band {
        pointer: i32,
        start: (f64, f64),
        add: bool,
    },
    Resize {
        pointer: i32,
        start: (f64, f64),
        id: Id,
        drawn: Rect,
        stored: Option<Rect>,
    },
    Pinch {
        start: ViewBox,
        center: (f64, f64),
        distance: f64,
    },
}

/// The canvas's gesture state and everything a gesture touches. Cheap to copy.
#[derive(Clone, Copy)]
pub struct Surface {
    pub store: Store,
    pub scene: Memo<Scene>,
    pub camera: Camera,
    pub overlay: Overlay,
    gesture: StoredValue<Option<Gesture>, LocalStorage>,
    /// Touch pointers down, with their last screen position (pinch).
    touches: StoredValue<Vec<(i32, (f64, f64))>>,
}

impl Surface {
    pub fn new(store: Store, scene: Memo<Scene>, camera: Camera, overlay: Overlay) -> Self {
        Surface {
            store,
            scene,
            camera,
            overlay,
            gesture: StoredValue::new_local(None),
            touches: StoredValue::new(Vec::new()),
        }
    }
}

/// The box and the handle (`connect` or `resize`) under the event's target, if any.
fn target_of(ev: &web_sys::Event) -> (Option<Id>, Option<String>) {
    let Some(target) = ev.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()) else { return (None, None) };
    let handle = target.get_attribute("data-handle");
    let id = target.closest("g.box").ok().flatten().and_then(|g| g.get_attribute("data-id")).map(Id::new);
    (id, handle)
}

fn snap(v: i32) -> i32 {
    (f64::from(v) / f64::from(GRID)).round() as i32 * GRID
}

fn client(ev: &web_sys::MouseEvent) -> (f64, f64) {
    (f64::from(ev.client_x()), f64::from(ev.client_y()))
}

/// The boxes that move when `ids` are dragged: each with its drawn and stored rect, then what is
/// drawn inside them that has a stored rect of its own (the rest follows by itself).
pub fn moving_items(store: Store, scene: Memo<Scene>, ids: &[Id]) -> Items {
    let layout = store.layout.get_untracked();
    let mut items: Items = Vec::new();
    let push = |items: &mut Items, id: Id, drawn: Rect| {
        if !items.iter().any(|(i, _, _)| *i == id) {
            let stored = layout.get(&id);
            items.push((id, drawn, stored));
        }
    };
    for id in ids {
        let Some(drawn) = scene.with_untracked(|s| s.rect_of(id)) else { continue };
        push(&mut items, id.clone(), drawn);
        for c in store.design.with_untracked(|d| edit::contents(d, id)) {
            if let Some(r) = layout.get(&c) {
                push(&mut items, c, r);
            }
        }
    }
    items
}

/// Every drawn box that moves with `items`: each item and what is drawn inside it (a VNet's
/// subnets and their tiles), stored rect or not.
fn drawn_inside(store: Store, items: &Items) -> std::collections::HashSet<Id> {
    store.design.with_untracked(|d| {
        items.iter().flat_map(|(id, _, _)| std::iter::once(id.clone()).chain(edit::contents(d, id))).collect()
    })
}

/// Stores the moved rects of `items`, `(dx, dy)` from where they were drawn.
fn place(store: Store, items: &Items, (dx, dy): (i32, i32)) {
    store.layout.update(|l| {
        for (id, r, _) in items {
            l.rects.insert(id.clone(), Rect::new(r.x + dx, r.y + dy, r.w, r.h));
        }
    });
}

/// The layout edit that puts `items` back where they were stored (undo of a move).
pub fn restore(items: Items) -> Edit {
    Edit::Batch(items.into_iter().map(|(id, _, stored)| Edit::SetRect { id, rect: stored }).collect())
}

pub fn pointer_down(ev: &web_sys::PointerEvent, surf: Surface) {
    if ev.button() != 0 {
        return;
    }
    let Surface { store, scene, camera, overlay, gesture, touches } = surf;
    overlay.hint.set(None);
    let Some(svg) = svg_of(ev) else { return };
    let pointer = ev.pointer_id();
    let _ = svg.set_pointer_capture(pointer);
    if ev.pointer_type() == "touch" {
        touches.update_value(|t| t.push((pointer, client(ev))));
        if touches.with_value(Vec::len) == 2 {
            start_pinch(surf, &svg);
            return;
        }
    }
    let Some(start) = to_canvas(ev, &svg) else { return };
    let start_client = client(ev);
    // Freeze the view, so the scene does not rescale under the pointer while a box moves.
    let vb = camera.current(scene);
    camera.set(Some(vb));
    let (id, handle) = target_of(ev);
    let pan = || {
        let scale = transform(&svg).map(|t| t.0).unwrap_or(1.0);
        Gesture::Pan { pointer, start_client, start: vb, scale, moved: false, to: vb }
    };
    let next = match (id, handle.as_deref()) {
        _ if camera.space.get_untracked() => pan(),
        (Some(from), Some("connect")) => {
            overlay.wire.set(Some(Wire { from: start, to: start, ok: None }));
            Gesture::Connect { pointer, from, target: None }
        }
        (Some(id), Some("resize")) => {
            let Some(drawn) = scene.with_untracked(|s| s.rect_of(&id)) else { return };
            let stored = store.layout.with_untracked(|l| l.get(&id));
            Gesture::Resize { pointer, start, id, drawn, stored }
        }
        (Some(id), _) if ev.shift_key() => {
            store.toggle(id);
            return;
        }
        (Some(id), _) => {
            if !store.selection().contains(&id) {
                store.select(Some(id.clone()));
            }
            let mut ids = vec![id.clone()];
            ids.extend(store.selection().into_iter().filter(|s| *s != id));
            let items = moving_items(store, scene, &ids);
            Gesture::Move {
                pointer,
                start,
                start_client,
                items,
                moved: false,
                pressed: id,
                offset: (0, 0),
                preview: None,
            }
        }
        (None, _) if ev.shift_key() => Gesture::Band { pointer, start, add: true },
        (None, _) => pan(),
    };
    gesture.set_value(Some(next));
}

fn start_pinch(surf: Surface, svg: &web_sys::SvgGraphicsElement) {
    let Surface { scene, camera, gesture, touches, .. } = surf;
    // A move or pan the first finger had begun is dropped: two fingers zoom.
    match gesture.try_update_value(Option::take).flatten() {
        Some(Gesture::Move { preview: Some(p), .. }) => p.clear(),
        Some(Gesture::Pan { .. }) => preview::unslide(svg),
        _ => {}
    }
    let pts: Vec<(f64, f64)> = touches.with_value(|t| t.iter().map(|(_, p)| *p).collect());
    let (Some(a), Some(b)) = (pts.first(), pts.get(1)) else { return };
    let Some((k, e, f)) = transform(svg) else { return };
    let mid = ((a.0 + b.0) / 2.0, (a.1 + b.1) / 2.0);
    let center = ((mid.0 - e) * k, (mid.1 - f) * k);
    let distance = ((a.0 - b.0).powi(2) + (a.1 - b.1).powi(2)).sqrt().max(1.0);
    gesture.set_value(Some(Gesture::Pinch { start: camera.current(scene), center, distance }));
}

pub fn pointer_move(ev: &web_sys::PointerEvent, surf: Surface) {
    let Surface { store, scene, camera, overlay, gesture, touches } = surf;
    let now = client(ev);
    let id = ev.pointer_id();
    if ev.pointer_type() == "touch" {
        touches.update_value(|t| t.iter_mut().filter(|(p, _)| *p == id).for_each(|(_, at)| *at = now));
    }
    let far = |from: (f64, f64)| (now.0 - from.0).abs() > SLOP || (now.1 - from.1).abs() > SLOP;
    let svg = svg_of(ev);
    let point = || svg.as_ref().and_then(|svg| to_canvas(ev, svg));
    gesture.update_value(|g| match g {
        Some(Gesture::Move { pointer, start, start_client, items, moved, offset, preview, .. }) if *pointer == id => {
            if !*moved && !far(*start_client) {
                return;
            }
            *moved = true;
            let Some(p) = point() else { return };
            let Some((_, first, _)) = items.first() else { return };
            // The pressed box lands on the grid; everything else keeps its offset to it.
            let dx = snap(first.x + (p.0 - start.0).round() as i32) - first.x;
            let dy = snap(first.y + (p.1 - start.1).round() as i32) - first.y;
            *offset = (dx, dy);
            if preview.is_none() {
                let moving = drawn_inside(store, items);
                *preview = svg.as_ref().map(|svg| scene.with_untracked(|s| MovePreview::start(svg, s, &moving)));
            }
            if let Some(p) = preview {
                p.show(*offset);
            }
        }
        Some(Gesture::Pan { pointer, start_client, start, scale, moved, to }) if *pointer == id => {
            if !*moved && !far(*start_client) {
                return;
            }
            *moved = true;
            camera.panning.set(true);
            let shift = (now.0 - start_client.0, now.1 - start_client.1);
            *to = ViewBox { x: start.x - shift.0 * *scale, y: start.y - shift.1 * *scale, ..*start };
            if let Some(svg) = &svg {
                preview::slide(svg, shift);
            }
        }
        Some(Gesture::Connect { pointer, from, target }) if *pointer == id => {
            let Some(p) = point() else { return };
            let over = scene.with_untracked(|s| pick_target(s, store, from, p));
            let changed = over.as_ref().map(|(i, _)| i) != target.as_ref().map(|(i, _)| i);
            if changed {
                *target = over;
                match target {
                    Some((_, Err(why))) => overlay.say(why.clone(), true),
                    _ => overlay.hint.set(None),
                }
            }
            let ok = target.as_ref().map(|(_, r)| r.is_ok());
            overlay.wire.update(|w| {
                if let Some(w) = w {
                    w.to = p;
                    w.ok = ok;
                }
            });
        }
        Some(Gesture::Band { pointer, start, .. }) if *pointer == id => {
            let Some(p) = point() else { return };
            overlay.band.set(Some(band_rect(*start, p)));
        }
        Some(Gesture::Resize { pointer, start, id: rid, drawn, .. }) if *pointer == id => {
            let Some(p) = point() else { return };
            let w = snap(drawn.w + (p.0 - start.0).round() as i32).max(120);
            let h = snap(drawn.h + (p.1 - start.1).round() as i32).max(64);
            store.layout.update(|l| {
                l.rects.insert(rid.clone(), Rect::new(drawn.x, drawn.y, w, h));
            });
        }
        Some(Gesture::Pinch { start, center, distance }) => {
            let pts: Vec<(f64, f64)> = touches.with_value(|t| t.iter().map(|(_, p)| *p).collect());
            if let (Some(a), Some(b)) = (pts.first(), pts.get(1)) {
                let d = ((a.0 - b.0).powi(2) + (a.1 - b.1).powi(2)).sqrt().max(1.0);
                camera.set(Some(start.zoomed(*distance / d, *center)));
            }
        }
        _ => {}
    });
}

/// The box a connection would end on at `p`: of the boxes under the pointer (innermost first),
/// the first that `edit::connect` accepts, else the innermost with its reason.
/// Nothing while the editor module is on its way (it is fetched with the first selection, whose
/// handle this is, so rarely).
fn pick_target(scene: &Scene, store: Store, from: &Id, p: (f64, f64)) -> Target {
    let Some(ops) = store.editor.now() else {
        store.editor.prefetch();
        return None;
    };
    let kind = |id: &Id| store.design.with_untracked(|d| Element::find(d, id).map(|(_, e)| e.kind()));
    let from_kind = kind(from)?;
    let mut refused = None;
    for s in scene.shapes.iter().rev().filter(|s| &s.id != from && contains(&s.rect, p)) {
        let result = store.design.with_untracked(|d| (ops.connect)(d, from, &s.id));
        if result.is_ok() {
            return Some((s.id.clone(), result));
        }
        // A pair that can connect says the specific reason ("already peered"); else the innermost box speaks.
        let specific = kind(&s.id).is_some_and(|k| edit::pairs(from_kind, k));
        match &refused {
            Some((_, _, true)) => {}
            Some((_, _, false)) if !specific => {}
            _ => refused = Some((s.id.clone(), result, specific)),
        }
    }
    refused.map(|(id, result, _)| (id, result))
}

fn band_rect(a: (f64, f64), b: (f64, f64)) -> Rect {
    let (x0, y0) = (a.0.min(b.0) as i32, a.1.min(b.1) as i32);
    let (x1, y1) = (a.0.max(b.0) as i32, a.1.max(b.1) as i32);
    Rect::new(x0, y0, x1 - x0, y1 - y0)
}

pub fn pointer_up(ev: &web_sys::PointerEvent, surf: Surface) {
    let Surface { store, scene, camera, overlay, gesture, touches } = surf;
    let id = ev.pointer_id();
    touches.update_value(|t| t.retain(|(p, _)| *p != id));
    if let Some(svg) = svg_of(ev) {
        let _ = svg.release_pointer_capture(id);
    }
    let Some(g) = gesture.try_update_value(Option::take).flatten() else { return };
    camera.panning.set(false);
    match g {
        Gesture::Move { items, moved: true, offset, preview, .. } => {
            if let Some(p) = preview {
                p.clear();
            }
            place(store, &items, offset);
            store.record_move(restore(items));
        }
        // A click on one box of a multiple selection selects it alone.
        Gesture::Move { moved: false, pressed, .. } => {
            if !store.group.with_untracked(Vec::is_empty) {
                store.select(Some(pressed));
            }
        }
        // A click on the background clears the selection.
        Gesture::Pan { moved: false, .. } => store.select(None),
        Gesture::Connect { from, target, .. } => {
            let end = overlay.wire.get_untracked().map(|w| w.to);
            overlay.wire.set(None);
            // Dropped before the editor module came: where it was dropped decides once it is here.
            if let (None, None, Some(end)) = (&target, store.editor.now(), end) {
                store.editor.with(move |_| {
                    let target = scene.with_untracked(|s| pick_target(s, store, &from, end));
                    connected(store, overlay, target);
                });
                return;
            }
            connected(store, overlay, target);
        }
        Gesture::Band { add, .. } => {
            let Some(band) = overlay.band.get_untracked() else { return };
            overlay.band.set(None);
            let within =
                |r: &Rect| r.x >= band.x && r.y >= band.y && r.right() <= band.right() && r.bottom() <= band.bottom();
            let mut ids = if add { store.selection() } else { Vec::new() };
            scene.with_untracked(|s| {
                ids.extend(s.shapes.iter().filter(|s| within(&s.rect)).map(|s| s.id.clone()).collect::<Vec<_>>())
            });
            let mut unique: Vec<Id> = Vec::with_capacity(ids.len());
            for id in ids {
                if !unique.contains(&id) {
                    unique.push(id);
                }
            }
            store.select_all(unique);
        }
        Gesture::Resize { id, stored, .. } => {
            store.record_move(Edit::Batch(vec![Edit::SetRect { id, rect: stored }]));
        }
        Gesture::Pan { moved: true, to, .. } => {
            if let Some(svg) = svg_of(ev) {
                preview::unslide(&svg);
            }
            camera.set(Some(to));
        }
        Gesture::Pinch { .. } => {}
    }
}

/// Applies the connection a handle was dropped on, or says why not.
fn connected(store: Store, overlay: Overlay, target: Target) {
    match target {
        Some((_, Ok((edit, what)))) => match store.apply(edit) {
            Ok(()) => overlay.say(what, false),
            Err(e) => overlay.say(e.to_string(), true),
        },
        Some((_, Err(why))) => overlay.say(why, true),
        None => overlay.say("Drop the end of the connection on another box.", true),
    }
}
