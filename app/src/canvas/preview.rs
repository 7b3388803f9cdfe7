//! A move or a pan in progress, shown by shifting what is already drawn instead of drawing the
//! scene again: moved boxes get an SVG `transform`, the lines that touch them a new path, and a
//! pan slides the whole canvas with a CSS transform (its drawing is reused, not built again).
//! The layout or the camera changes once, when the pointer is released, which is also when a
//! move becomes its one undo step (DECISIONS 17).
//!
//! Why: at 2,000 elements, building and diffing the scene and painting it again on every
//! pointer move took 170–190 ms a frame (BENCHMARKS.md, studio benchmark).

use crate::canvas::interaction::ViewBox;
use crate::canvas::{Line, LineKind, Scene};
use std::collections::HashSet;
use vnet_core::layout::Rect;
use vnet_core::Id;
use wasm_bindgen::JsCast;

/// A drawn line that touches a moved box: how to draw it again with its ends shifted.
struct MovedLine {
    node: web_sys::Element,
    line: Line,
    ends: (Rect, Rect),
    moves: (bool, bool),
    drawn: String,
}

/// The nodes a move shifts, found once when the move starts.
pub struct MovePreview {
    boxes: Vec<web_sys::Element>,
    lines: Vec<MovedLine>,
}

impl MovePreview {
    /// The drawn boxes of `moving` (ids) in `svg`, and the lines touching them.
    pub fn start(svg: &web_sys::Element, scene: &Scene, moving: &HashSet<Id>) -> Self {
        let moves = |node: &web_sys::Element, attr: &str| {
            node.get_attribute(attr).is_some_and(|id| moving.contains(&Id::new(id)))
        };
        let boxes = nodes(svg, "g.box").filter(|n| moves(n, "data-id")).collect();
        let lines = nodes(svg, "path[data-a]")
            .filter_map(|node| {
                let ends = (moves(&node, "data-a"), moves(&node, "data-b"));
                if ends == (false, false) {
                    return None;
                }
                let (a, b) = (Id::new(node.get_attribute("data-a")?), Id::new(node.get_attribute("data-b")?));
                // Association lines are drawn for the selection only, not kept in the scene: straight.
                let kind = scene.lines.iter().find(|l| l.a == a && l.b == b).map_or(LineKind::Association, |l| l.kind);
                let rects = (scene.rect_of(&a)?, scene.rect_of(&b)?);
                let line = Line::between(kind, (&a, rects.0), (&b, rects.1));
                let drawn = node.get_attribute("d").unwrap_or_default();
                Some(MovedLine { node, line, ends: rects, moves: ends, drawn })
            })
            .collect();
        MovePreview { boxes, lines }
    }

    /// Draws the moved nodes `(dx, dy)` canvas units from where they are.
    pub fn show(&self, (dx, dy): (i32, i32)) {
        let shift = format!("translate({dx} {dy})");
        for b in &self.boxes {
            let _ = b.set_attribute("transform", &shift);
        }
        let moved = |r: Rect, moves: bool| if moves { Rect::new(r.x + dx, r.y + dy, r.w, r.h) } else { r };
        for l in &self.lines {
            let (ra, rb) = (moved(l.ends.0, l.moves.0), moved(l.ends.1, l.moves.1));
            let line = Line::between(l.line.kind, (&l.line.a, ra), (&l.line.b, rb));
            let _ = l.node.set_attribute("d", &line.path());
        }
    }

    /// Puts every node back as the scene drew it (before the layout changes, or when cancelled).
    pub fn clear(&self) {
        for b in &self.boxes {
            let _ = b.remove_attribute("transform");
        }
        for l in &self.lines {
            let _ = l.node.set_attribute("d", &l.drawn);
        }
    }
}

/// Slides the canvas by `(dx, dy)` screen pixels while a pan runs.
pub fn slide(svg: &web_sys::SvgElement, (dx, dy): (f64, f64)) {
    let _ = svg.style().set_property("transform", &format!("translate({dx:.1}px, {dy:.1}px)"));
}

/// Ends a slide: the camera has the new view by now.
pub fn unslide(svg: &web_sys::SvgElement) {
    let _ = svg.style().remove_property("transform");
}

fn nodes(root: &web_sys::Element, selector: &str) -> impl Iterator<Item = web_sys::Element> {
    let list = root.query_selector_all(selector).ok();
    let len = list.as_ref().map_or(0, |l| l.length());
    (0..len).filter_map(move |i| list.as_ref()?.item(i)?.dyn_into().ok())
}

/// A wheel zoom in progress, shown by scaling the canvas layer (a CSS transform) from the view
/// it started at; the camera takes the new view once the wheel rests. Each wheel step used to
/// draw the whole canvas again at its new scale (50–240 ms at 2,000 elements).
pub struct ZoomPreview {
    start: ViewBox,
    /// Screen pixels per canvas unit at the start.
    k: f64,
    /// Where canvas (0, 0) was on screen, relative to the SVG's box.
    origin: (f64, f64),
    /// The SVG box's top left corner on screen at the start.
    corner: (f64, f64),
}

impl ZoomPreview {
    pub fn start(svg: &web_sys::SvgGraphicsElement, start: ViewBox) -> Option<Self> {
        let m = svg.get_screen_ctm()?;
        let k = f64::from(m.a());
        let r = svg.get_bounding_client_rect();
        (k > 0.0).then(|| ZoomPreview {
            start,
            k,
            origin: (f64::from(m.e()) - r.left(), f64::from(m.f()) - r.top()),
            corner: (r.left(), r.top()),
        })
    }

    /// Scales the canvas so that it shows `to` (same aspect as the start view).
    pub fn show(&self, svg: &web_sys::SvgElement, to: ViewBox) {
        let s = self.start.w / to.w;
        let t = |o: f64, from: f64, to: f64| o * (1.0 - s) + self.k * (from - s * to);
        let (tx, ty) = (t(self.origin.0, self.start.x, to.x), t(self.origin.1, self.start.y, to.y));
        let _ = svg.style().set_property("transform", &format!("translate({tx:.2}px, {ty:.2}px) scale({s:.5})"));
    }

    /// The canvas point under the screen point `client` while the canvas shows `to`.
    pub fn to_canvas(&self, to: ViewBox, client: (f64, f64)) -> (f64, f64) {
        let k = self.k * self.start.w / to.w;
        let at = |c: f64, corner: f64, o: f64, from: f64, to: f64| to + (c - corner - o - self.k * from) / k;
        (
            at(client.0, self.corner.0, self.origin.0, self.start.x, to.x),
            at(client.1, self.corner.1, self.origin.1, self.start.y, to.y),
        )
    }
}
