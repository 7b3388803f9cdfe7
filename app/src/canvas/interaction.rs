//! Pointer gestures on the canvas, for mouse, pen and touch alike (pointer events with pointer
//! capture): press a box to select it, drag it to move it (with everything drawn inside it),
//! drag the background to pan, wheel to zoom around the pointer.
//!
//! A move changes only the layout signal while the pointer moves (DECISIONS 17) and becomes one
//! undo step when it ends. The gestures themselves (move, pan, connect, rubber band, resize,
//! pinch) are in `gesture`; this module holds the camera and the coordinate helpers.

use crate::canvas::preview::{self, ZoomPreview};
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
/// A wheel zoom is drawn for good once the wheel has rested this long (`preview::ZoomPreview`).
const WHEEL_REST: std::time::Duration = std::time::Duration::from_millis(160);

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

    /// Whether `r` lies wholly inside this view.
    pub fn contains(self, r: Rect) -> bool {
        let (x, y) = (f64::from(r.x), f64::from(r.y));
        x >= self.x && y >= self.y && x + f64::from(r.w) <= self.x + self.w && y + f64::from(r.h) <= self.y + self.h
    }

    /// Scaled by `factor` around the canvas point `(px, py)`, which stays where it is on screen.
    pub fn zoomed(self, factor: f64, (px, py): (f64, f64)) -> Self {
        let factor = factor.clamp(0.02, 50.0);
        let w = (self.w * factor).clamp(50.0, 2_000_000.0);
        let f = w / self.w;
        ViewBox { x: px + (self.x - px) * f, y: py + (self.y - py) * f, w, h: self.h * f }
    }

    /// The part of the canvas worth drawing for this view: the view and one view's width and
    /// height around it (a pan slides that in without drawing), widened to a grid of
    /// power-of-two cells so that small pans and zooms keep the same window and redraw nothing.
    pub fn window(self) -> Rect {
        let cell = self.w.max(self.h).max(1.0).log2().ceil().exp2();
        let lo = |v: f64| ((v / cell).floor() * cell).clamp(-1e9, 1e9) as i32;
        let hi = |v: f64| ((v / cell).ceil() * cell).clamp(-1e9, 1e9) as i32;
        let (x0, y0) = (lo(self.x - self.w), lo(self.y - self.h));
        let (x1, y1) = (hi(self.x + 2.0 * self.w), hi(self.y + 2.0 * self.h));
        Rect::new(x0, y0, x1 - x0, y1 - y0)
    }

    fn center(self) -> (f64, f64) {
        (self.x + self.w / 2.0, self.y + self.h / 2.0)
    }
}

/// A wheel zoom shown by a CSS transform until the wheel rests.
struct Zooming {
    svg: web_sys::SvgGraphicsElement,
    preview: ZoomPreview,
    to: ViewBox,
    rest: Option<TimeoutHandle>,
}

/// The canvas view: `None` fits the scene; zooming or panning fixes it. Change it with
/// [`Camera::set`], which first ends a wheel zoom in progress.
#[derive(Clone, Copy)]
pub struct Camera {
    pub view: RwSignal<Option<ViewBox>>,
    pub panning: RwSignal<bool>,
    /// The space bar is held: a drag pans even over a box.
    pub space: RwSignal<bool>,
    zooming: StoredValue<Option<Zooming>, LocalStorage>,
}

impl Camera {
    pub fn new() -> Self {
        Camera {
            view: RwSignal::new(None),
            panning: RwSignal::new(false),
            space: RwSignal::new(false),
            zooming: StoredValue::new_local(None),
        }
    }

    pub fn set(&self, view: Option<ViewBox>) {
        self.end_zoom();
        self.view.set(view);
    }

    /// Ends a wheel zoom in progress (the canvas drops its transform); its view, if one ran.
    fn end_zoom(&self) -> Option<ViewBox> {
        let z = self.take_zoom()?;
        preview::unslide(&z.svg);
        Some(z.to)
    }

    /// The wheel zoom in progress, if any, with its pending end cancelled.
    fn take_zoom(&self) -> Option<Zooming> {
        let z = self.zooming.try_update_value(Option::take).flatten()?;
        if let Some(rest) = z.rest {
            rest.clear();
        }
        Some(z)
    }

    /// One wheel step: zooms by `factor` around the screen point `client`, shown at once by a
    /// transform and drawn for good when the wheel rests.
    fn wheel_zoom(&self, svg: web_sys::SvgGraphicsElement, scene: Memo<Scene>, factor: f64, client: (f64, f64)) {
        let (svg, preview, from) = match self.take_zoom() {
            Some(z) => (z.svg, z.preview, z.to),
            None => {
                let from = self.current(scene);
                match ZoomPreview::start(&svg, from) {
                    Some(p) => (svg, p, from),
                    None => return,
                }
            }
        };
        let to = from.zoomed(factor, preview.to_canvas(from, client));
        preview.show(&svg, to);
        let camera = *self;
        let rest = set_timeout_with_handle(
            move || {
                if let Some(to) = camera.end_zoom() {
                    camera.view.set(Some(to));
                }
            },
            WHEEL_REST,
        )
        .ok();
        self.zooming.set_value(Some(Zooming { svg, preview, to, rest }));
    }

    pub fn view_box(&self, scene: Memo<Scene>) -> ViewBox {
        self.view.get().unwrap_or_else(|| scene.with(|s| ViewBox::fit(s.bounds)))
    }

    /// The view now, or where a wheel zoom in progress is going.
    pub fn current(&self, scene: Memo<Scene>) -> ViewBox {
        if let Some(to) = self.zooming.with_value(|z| z.as_ref().map(|z| z.to)) {
            return to;
        }
        self.view.get_untracked().unwrap_or_else(|| scene.with_untracked(|s| ViewBox::fit(s.bounds)))
    }

    pub fn zoom(&self, scene: Memo<Scene>, factor: f64) {
        let vb = self.current(scene);
        self.set(Some(vb.zoomed(factor, vb.center())));
    }

    pub fn zoom_in(&self, scene: Memo<Scene>) {
        self.zoom(scene, 1.0 / ZOOM_STEP);
    }

    pub fn zoom_out(&self, scene: Memo<Scene>) {
        self.zoom(scene, ZOOM_STEP);
    }

    pub fn fit(&self) {
        self.set(None);
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
    let factor = (ev.delta_y() * 0.0015).exp();
    camera.wheel_zoom(svg, scene, factor, (f64::from(ev.client_x()), f64::from(ev.client_y())));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_drawing_window_holds_the_view_and_its_surroundings_and_ignores_small_pans() {
        let vb = ViewBox { x: 1000.0, y: 500.0, w: 800.0, h: 600.0 };
        let w = vb.window();
        assert!(w.x <= 200 && w.y <= -100 && w.right() >= 2600 && w.bottom() >= 1700, "{w:?}");
        let nudged = ViewBox { x: 1010.0, y: 495.0, ..vb };
        assert_eq!(nudged.window(), w);
    }
}
