//! Pointer gestures on the canvas, for mouse, pen and touch alike (pointer events with pointer
//! capture): press a box to select it, drag it to move it (with everything drawn inside it),
//! drag the background to pan, wheel to zoom around the pointer.
//!
//! A move changes only the layout signal while the pointer moves (DECISIONS 17) and becomes one
//! undo step when it ends. The gestures themselves (move, pan, connect, rubber band, resize,
//! pinch) are in `gesture`; this module holds the camera and the coordinate helpers.

use crate::canvas::Scene;
use leptos::prelude::*;
use std::fmt;
use vnet_core::layout::Rect;
use wasm_bindgen::JsCast;

/// Positions snap to this grid, in canvas units.
pub const GRID: i32 = 8;
/// A press that moves less than this (in screen pixels) is a click, not a drag.
pub const SLOP: f64 = 3.0;
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
    pub fn zoomed(self, factor: f64, (px, py): (f64, f64)) -> Self {
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
    /// The space bar is held: a drag pans even over a box.
    pub space: RwSignal<bool>,
}

impl Camera {
    pub fn new() -> Self {
        Camera { view: RwSignal::new(None), panning: RwSignal::new(false), space: RwSignal::new(false) }
    }

    pub fn view_box(&self, scene: Memo<Scene>) -> ViewBox {
        self.view.get().unwrap_or_else(|| scene.with(|s| ViewBox::fit(s.bounds)))
    }

    pub fn current(&self, scene: Memo<Scene>) -> ViewBox {
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

/// Screen → canvas transform of the SVG: (scale, offset x, offset y) with canvas = (screen - offset) * scale.
pub fn transform(svg: &web_sys::SvgGraphicsElement) -> Option<(f64, f64, f64)> {
    let m = svg.get_screen_ctm()?;
    let a = f64::from(m.a());
    (a > 0.0).then(|| (1.0 / a, f64::from(m.e()), f64::from(m.f())))
}

pub fn svg_of(ev: &web_sys::Event) -> Option<web_sys::SvgGraphicsElement> {
    ev.current_target()?.dyn_into().ok()
}

pub fn to_canvas(ev: &web_sys::MouseEvent, svg: &web_sys::SvgGraphicsElement) -> Option<(f64, f64)> {
    let (k, e, f) = transform(svg)?;
    Some(((f64::from(ev.client_x()) - e) * k, (f64::from(ev.client_y()) - f) * k))
}

pub fn wheel(ev: &web_sys::WheelEvent, scene: Memo<Scene>, camera: Camera) {
    ev.prevent_default();
    let Some(svg) = svg_of(ev) else { return };
    let Some(p) = to_canvas(ev, &svg) else { return };
    let factor = (ev.delta_y() * 0.0015).exp();
    let vb = camera.current(scene);
    camera.view.set(Some(vb.zoomed(factor, p)));
}
