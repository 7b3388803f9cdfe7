//! The canvas's boxes as SVG. A box is drawn from its frame (what it is and where) and its
//! words (title and detail) kept apart: the keyed list diffs frames only, and the words are one
//! signal per drawn box, kept in step with the scene by one pass per change ([`Words::sync`]).
//!
//! Why: a keystroke in a name changes the scene's words, not its frames. Keyed by their whole
//! content, boxes were drawn anew on every keystroke: the list of 1,413 shapes cloned, hashed
//! and diffed, the old `<g>` replaced, and Chromium hit-tested and repainted the whole canvas
//! (BENCHMARKS.md, session 8). Now a rename rewrites the box's text nodes in place, and at a
//! zoom that draws no text it changes nothing on the canvas.

use crate::canvas::{content_key, BoxKind, Detail, LabelScale, Presenting, Scene, Shape};
use crate::document::store::Store;
use leptos::prelude::*;
use std::collections::HashMap;
use vnet_core::layout::Rect;
use vnet_core::Id;

/// What the keyed list of boxes diffs: which box, what kind, where, and where its shape was
/// in the scene when the box was drawn (a hint for finding its words, not part of the key).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Frame {
    pub id: Id,
    pub kind: BoxKind,
    pub rect: Rect,
    pub at: usize,
}

impl Frame {
    pub fn of(shape: &Shape, at: usize) -> Self {
        Frame { id: shape.id.clone(), kind: shape.kind, rect: shape.rect, at }
    }

    /// The key in the keyed list: a box is drawn anew only when it moves, resizes or changes kind.
    pub fn key(&self) -> u64 {
        content_key(&(&self.id, self.kind, self.rect))
    }
}

/// A box's words, a signal each: a new prefix rewrites the detail line only.
#[derive(Clone)]
struct Text {
    title: ArcRwSignal<String>,
    detail: ArcRwSignal<String>,
}

impl Text {
    /// The words of `shape` (none if the box's shape is gone).
    fn of(shape: Option<&Shape>) -> Self {
        let (title, detail) = shape.map(|s| (s.title.clone(), s.detail.clone())).unwrap_or_default();
        Text { title: ArcRwSignal::new(title), detail: ArcRwSignal::new(detail) }
    }
}

/// The words of a box that draws text, and how many drawn boxes use them (a box being drawn
/// anew and the one it replaces can briefly share them).
struct Slot {
    text: Text,
    users: usize,
}

/// Sets `signal` to `new` if it holds something else.
fn set_if_changed(signal: &ArcRwSignal<String>, new: &str) {
    if signal.with_untracked(|old| old != new) {
        signal.set(new.to_string());
    }
}

/// The words of the boxes that draw text, by id. A box claims its slot when it draws text and
/// gives it back when it stops: zoomed out to boxes only there are none, and a rename costs the
/// canvas nothing.
#[derive(Clone, Copy)]
pub struct Words(StoredValue<HashMap<Id, Slot>>);

impl Words {
    pub fn new() -> Self {
        Words(StoredValue::new(HashMap::new()))
    }

    /// The words of `frame`'s box, made from `scene` if no drawn box has them yet; given back
    /// when the current reactive scope is cleaned up (the box stops drawing text, or goes).
    fn claim(&self, frame: &Frame, scene: &Scene) -> Text {
        let made = || Text::of(scene.shape_near(&frame.id, frame.at));
        let text = self.0.try_update_value(|map| {
            let slot = map.entry(frame.id.clone()).or_insert_with(|| Slot { text: made(), users: 0 });
            slot.users += 1;
            slot.text.clone()
        });
        let (words, id) = (*self, frame.id.clone());
        on_cleanup(move || words.release(&id));
        text.unwrap_or_else(made)
    }

    fn release(&self, id: &Id) {
        self.0.try_update_value(|map| {
            if let Some(slot) = map.get_mut(id) {
                slot.users = slot.users.saturating_sub(1);
                if slot.users == 0 {
                    map.remove(id);
                }
            }
        });
    }

    /// Sets the words that differ from `scene`'s: a lookup per shape while some box draws text
    /// (none at "fit" on 100 spokes), and only the changed boxes' text nodes are written.
    pub fn sync(&self, scene: &Scene) {
        self.0.with_value(|map| {
            if map.is_empty() {
                return;
            }
            // Backwards, so where a broken design repeats an id, the first shape's words (the
            // one drawn, `canvas`) are the ones left.
            for shape in scene.shapes.iter().rev() {
                if let Some(slot) = map.get(&shape.id) {
                    set_if_changed(&slot.text.title, &shape.title);
                    set_if_changed(&slot.text.detail, &shape.detail);
                }
            }
        });
    }
}

/// One box: its frame drawn once, its words following `text`.
pub fn box_view(
    frame: Frame,
    scene: Memo<Scene>,
    words: Words,
    store: Store,
    (detail, label): (Memo<Detail>, Memo<LabelScale>),
) -> impl IntoView {
    let Rect { x, y, w, h } = frame.rect;
    let id = frame.id.clone();
    let primary = {
        let id = id.clone();
        move || store.selected.with(|s| s.as_ref() == Some(&id))
    };
    let is_selected = move || store.is_selected(&id);
    let container = frame.kind.is_container();
    let (title_y, detail_y) = (y + 22, y + 40);
    let text_x = if container { x + 12 } else { x + 10 };
    let badge = frame.kind.badge();
    // Roughly how many characters fit on one line of this box, by the width of a character:
    // 13 px bold about 7.5 px (a VNet's 16 px about 9.5), 12 px about 6.8; presentation mode's
    // 18 px and 15 px about 11.5 and 9.5.
    let big = use_context::<Presenting>().map(|p| p.0);
    let big = move || big.is_some_and(|b| b.get());
    let room = f64::from(w - 20);
    let fit = move |px: f64| ((room / px) as usize).max(4);
    let is_vnet = frame.kind == BoxKind::Vnet;
    let title_px = if is_vnet { 9.5 } else { 7.5 };
    // A VNet's words grow as the view zooms out (`LabelScale`), scaled about the range's
    // baseline and moved to just above the box; other boxes' words keep their size.
    let k = move || if is_vnet { label.get().0.unwrap_or(LabelScale::MAX) } else { 1.0 };
    // A VNet keeps its words further out than other boxes, as long as they can be read.
    let vnet_words = move || is_vnet && label.get().0.is_some();
    let fit = move |px: f64| fit(px * k());
    let outside = move || k() > 1.0;
    let words_transform = move || {
        let k = k();
        (k > 1.0).then(|| format!("translate({text_x} {}) scale({k:.3}) translate({} {})", y - 6, -text_x, -detail_y))
    };
    // Zoomed out too far to read, a box has no text nodes at all: a 100-spoke design at "fit"
    // then builds a fifth of the nodes (first render, edits).
    let claimed = frame.clone();
    let words_view = move || {
        (detail.get() != Detail::BoxesOnly || vnet_words()).then(|| {
            let text = scene.with_untracked(|s| words.claim(&claimed, s));
            let Text { title, detail: line } = text;
            let tooltip = {
                let (title, line) = (title.clone(), line.clone());
                move || format!("{}\n{}", title.get(), line.get())
            };
            let full = title.clone();
            let title = move || title.with(|t| ellipsize(t, fit(if big() { 11.5 } else { title_px })));
            let line = move || line.with(|d| ellipsize(d, fit(if big() { 9.5 } else { 6.8 })));
            view! {
                <title>{tooltip}</title>
                {(!badge.is_empty()).then(|| view! { <text class="badge" x=x + w - 8 y=y + h - 8>{badge}</text> })}
                <g class="words" class:outside=outside transform=words_transform>
                    <text class="title" x=text_x y=title_y data-full=move || full.get()>{title}</text>
                    <text class="detail" x=text_x y=detail_y>{line}</text>
                </g>
            }
        })
    };
    let connects = frame.kind.connects();
    // Handles of the primary selection: drag the dot onto another box to connect, the corner of
    // a container to resize it.
    let handles = move || {
        primary().then(|| {
            view! {
                {connects.then(|| view! {
                    <circle class="handle connect" data-handle="connect" cx=x + w cy=y + h / 2 r=9>
                        <title>"Drag onto another box to connect"</title>
                    </circle>
                })}
                {container.then(|| view! {
                    <rect class="handle resize" data-handle="resize" x=x + w - 14 y=y + h - 14 width=14 height=14>
                        <title>"Drag to resize"</title>
                    </rect>
                })}
            }
        })
    };
    view! {
        <g class=frame.kind.class() class:selected=is_selected data-id=frame.id.to_string()>
            <rect x=x y=y width=w height=h rx=if container { 10 } else { 6 } />
            {words_view}
            {handles}
        </g>
    }
}

/// `text` cut to `max` characters with an ellipsis; the full text is in the box's tooltip.
fn ellipsize(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_string()
    } else {
        let cut: String = text.chars().take(max.saturating_sub(1)).collect();
        format!("{cut}…")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::canvas::scene;

    #[test]
    fn a_rename_keeps_every_frame_and_changes_one_box_s_words() {
        let doc = vnet_core::gallery::document("seed-lab").and_then(Result::ok).expect("seed lab");
        let layout = vnet_core::layout::auto_layout(&doc.design, &doc.layout);
        let before = scene(&doc.design, &layout, None);
        let mut renamed = doc.design.clone();
        // A plain subnet: renaming one to or from "GatewaySubnet" changes its kind, and redraws it.
        let plain = renamed.subnets.iter().position(|s| !s.name.ends_with("Subnet")).expect("a plain subnet");
        renamed.subnets[plain].name.push('x');
        let after = scene(&renamed, &layout, None);
        let frames = |s: &Scene| s.shapes.iter().enumerate().map(|(at, sh)| Frame::of(sh, at)).collect::<Vec<_>>();
        assert_eq!(frames(&before), frames(&after));
        let changed: Vec<&Id> = before
            .shapes
            .iter()
            .zip(&after.shapes)
            .filter(|(b, a)| b.title != a.title || b.detail != a.detail)
            .map(|(b, _)| &b.id)
            .collect();
        assert_eq!(changed, vec![&renamed.subnets[plain].id]);
    }

    #[test]
    fn ellipsize_cuts_long_text_and_keeps_short_text() {
        assert_eq!(ellipsize("spoke-01", 10), "spoke-01");
        assert_eq!(ellipsize("a-very-long-subnet-name", 8), "a-very-…");
    }
}
