//! Failing intents marked on the canvas: every element a failing (or uncheckable) intent names
//! (`Checked::elements`, drawn as its box: a NIC as its VM, a host as its site) gets a red dashed
//! outline and a "!" badge whose tooltip names the intents; a click on the badge opens the first
//! of them in the Intents tab. Written as SVG text into one group (`markup`), again only when the
//! checked intents or the drawing change; styled by attributes (the page's CSP refuses `style`
//! attributes; only the badge's pointer is in the style sheet).

use super::super::markup::escaped;
use super::super::{drawn_as, Views};
use crate::canvas::Scene;
use leptos::prelude::*;
use std::fmt::Write;
use vnet_core::intent::{Checked, Status};
use vnet_core::model::Design;
use vnet_core::Id;
use wasm_bindgen::JsCast;

const RED: &str = "#c62828";
const AMBER: &str = "#b26a00";

/// A drawn element and the intents (id, title, status) that name it.
pub type Mark = (Id, Vec<(Id, String, Status)>);

/// The drawn elements of the intents that do not hold, each with those intents (id, title,
/// status), in the order the intents come.
pub fn marked(d: &Design, checked: &[Checked]) -> Vec<Mark> {
    let mut out: Vec<Mark> = Vec::new();
    for c in checked.iter().filter(|c| c.status != Status::Pass) {
        for e in &c.elements {
            let at = drawn_as(d, e);
            let entry = (c.id.clone(), c.title.clone(), c.status);
            match out.iter_mut().find(|(id, _)| *id == at) {
                Some((_, list)) if !list.iter().any(|(i, _, _)| *i == c.id) => list.push(entry),
                Some(_) => {}
                None => out.push((at, vec![entry])),
            }
        }
    }
    out
}

/// The marks as SVG markup.
fn svg(scene: &Scene, marked: &[Mark]) -> String {
    let mut out = String::new();
    for (id, intents) in marked {
        let Some(r) = scene.rect_of(id) else { continue };
        let failing = intents.iter().any(|(_, _, s)| *s == Status::Fail);
        let colour = if failing { RED } else { AMBER };
        let mut tip = String::new();
        for (_, title, status) in intents {
            let word = if *status == Status::Fail { "Intent fails" } else { "Intent cannot be checked" };
            let _ = writeln!(tip, "{word}: {title}");
        }
        let (x, y, w, h) = (r.x - 7, r.y - 7, r.w + 14, r.h + 14);
        let (bx, by) = (x + w, y);
        let _ = write!(
            out,
            r##"<g class="intent-mark" data-element="{}" data-intent="{}"><title>{}</title><rect x="{x}" y="{y}" width="{w}" height="{h}" rx="10" fill="none" stroke="{colour}" stroke-width="3" stroke-dasharray="9 5" pointer-events="none"/><circle cx="{bx}" cy="{by}" r="12" fill="{colour}" stroke="#fff" stroke-width="2"/><text x="{bx}" y="{}" text-anchor="middle" font-size="16" font-weight="700" fill="#fff" pointer-events="none">!</text></g>"##,
            escaped(id.as_str()),
            escaped(intents[0].0.as_str()),
            escaped(tip.trim_end()),
            by + 6
        );
    }
    out
}

/// The marks, inside the canvas's SVG (with the trace overlay, `Sim::canvas_overlay`).
#[component]
pub fn IntentMarks(views: Views, scene: Memo<Scene>) -> impl IntoView {
    let design = views.store.design;
    let marked = Memo::new(move |_| views.checked.with(|c| design.with_untracked(|d| marked(d, c))));
    let host = NodeRef::<leptos::svg::G>::new();
    Effect::new(move |_| {
        let Some(g) = host.get() else { return };
        let markup = marked.with(|m| scene.with(|s| svg(s, m)));
        g.set_inner_html(&markup);
    });
    // A click on a mark opens its first intent. The pointer-down is kept from the canvas, so the
    // click neither selects nor starts a drag.
    let open = move |ev: leptos::ev::MouseEvent| {
        let target = ev.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok());
        let mark = target.and_then(|t| t.closest("[data-intent]").ok().flatten());
        if let Some(id) = mark.and_then(|m| m.get_attribute("data-intent")) {
            ev.stop_propagation();
            super::reveal(views, Id::new(id));
        }
    };
    let keep = |ev: leptos::ev::PointerEvent| {
        let on_mark = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .is_some_and(|t| t.closest("[data-intent]").ok().flatten().is_some());
        if on_mark {
            ev.stop_propagation();
        }
    };
    view! { <g class="intent-marks" node_ref=host on:click=open on:pointerdown=keep></g> }
}
