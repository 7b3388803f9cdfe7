//! The canvas's picture of a comparison: an outline around every box that changed — added
//! (green), changed (amber), a subnet whose effective routes changed (blue, dashed) — drawn in
//! the simulation's layer of the SVG, under the trace animation. Removed elements are not in
//! the open design, so they are in the list only.

use super::super::{drawn_as, Views};
use crate::canvas::Scene;
use leptos::prelude::*;
use std::collections::BTreeMap;
use std::fmt::Write;
use vnet_core::Id;

/// The class of each marked box: `added`, `changed` or `routes` (an element change wins over a
/// route change of the same subnet).
fn marked(views: Views) -> BTreeMap<Id, &'static str> {
    let mut out = BTreeMap::new();
    views.compare.result.with(|r| {
        let Some(r) = r else { return };
        views.store.design.with_untracked(|d| {
            for route in &r.effects.routes {
                if let Some(id) = route.subnet.after_id() {
                    out.insert(Id::new(id), "routes");
                }
            }
            for e in &r.effects.elements {
                let class = match e.change.as_str() {
                    "added" => "added",
                    "changed" => "changed",
                    _ => continue,
                };
                if let Some(id) = e.element.after_id() {
                    out.insert(drawn_as(d, &Id::new(id)), class);
                }
            }
        });
    });
    out
}

#[component]
pub fn CompareMarks(views: Views, scene: Memo<Scene>) -> impl IntoView {
    let marks = Memo::new(move |_| marked(views));
    let host = NodeRef::<leptos::svg::G>::new();
    Effect::new(move |_| {
        let Some(g) = host.get() else { return };
        let mut svg = String::new();
        marks.with(|m| {
            scene.with(|s| {
                for (id, class) in m {
                    let Some(r) = s.rect_of(id) else { continue };
                    let _ = write!(
                        svg,
                        r#"<rect class="diff-mark {class}" x="{}" y="{}" width="{}" height="{}" rx="10"/>"#,
                        r.x - 6,
                        r.y - 6,
                        r.w + 12,
                        r.h + 12
                    );
                }
            })
        });
        g.set_inner_html(&svg);
    });
    view! { <g class="compare-marks" aria-hidden="true" node_ref=host></g> }
}
