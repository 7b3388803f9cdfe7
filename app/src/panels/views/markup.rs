//! Answers written as HTML text, for the parts of a view that every answer replaces whole (the
//! event list, the trace's verdict): one `innerHTML` per answer instead of a Leptos rebuild that,
//! under `erase_components`, removes and writes again every attribute one wasm call at a time
//! (≈ 12 ms of a ten-stop trace's first frame; BENCHMARKS.md, session 7). Their rule links are
//! served by one delegated listener (`open_clicked_rule`) with `RuleLink`'s markup, so they look
//! and behave the same. `host` is the element such HTML is written into.

use super::Views;
use crate::panels::rule_texts::RuleTexts;
use leptos::prelude::*;
use std::fmt::Write;
use wasm_bindgen::JsCast;

/// `s` with the characters that matter in HTML text and quoted attributes escaped.
pub fn escaped(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A rule id as a link, as `RuleLink` draws it; its tooltip is the rule's title once the texts
/// are here.
pub fn rule_link(out: &mut String, id: &str, texts: RuleTexts) {
    let (title, id) = (escaped(&texts.title(id)), escaped(id));
    let _ = write!(out, r#"<button class="rule-link" title="{title}" data-rule="{id}">{id}</button>"#);
}

/// The element that holds written HTML: a click on a rule link in it opens the rule's text, any
/// other click goes to `on_click`; hovering or focusing it fetches the rule texts, and when they
/// arrive its rule links get their tooltips in place (writing the HTML again would drop the
/// focus of a link or an entry).
pub fn host(
    views: Views,
    class: &'static str,
    node: NodeRef<leptos::html::Div>,
    on_click: impl Fn(&leptos::ev::MouseEvent) + 'static,
) -> impl IntoView {
    let texts = RuleTexts::shared();
    Effect::new(move |_| {
        if !texts.ready() {
            return;
        }
        let Some(el) = node.get_untracked() else { return };
        let Ok(links) = el.query_selector_all("button.rule-link") else { return };
        for i in 0..links.length() {
            let Some(link) = links.get(i).and_then(|n| n.dyn_into::<web_sys::Element>().ok()) else { continue };
            if let Some(id) = link.get_attribute("data-rule") {
                let _ = link.set_attribute("title", &texts.title(&id));
            }
        }
    });
    let click = move |ev: leptos::ev::MouseEvent| {
        if !open_clicked_rule(views, &ev) {
            on_click(&ev);
        }
    };
    view! { <div class=class node_ref=node on:click=click on:pointerover=move |_| texts.load() on:focusin=move |_| texts.load()></div> }
}

/// The element of a click inside written HTML, if the target is one.
pub fn target(ev: &leptos::ev::MouseEvent) -> Option<web_sys::Element> {
    ev.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok())
}

/// Opens the text of the rule link clicked inside written HTML, if the click was on one.
fn open_clicked_rule(views: Views, ev: &leptos::ev::MouseEvent) -> bool {
    let Some(link) = target(ev).and_then(|t| t.closest("button.rule-link").ok().flatten()) else { return false };
    let Some(id) = link.get_attribute("data-rule") else { return false };
    RuleTexts::shared().load();
    views.rule.set(Some(id));
    true
}

#[cfg(test)]
mod tests {
    use super::escaped;

    #[test]
    fn escapes_markup_and_quotes_and_keeps_the_rest() {
        assert_eq!(escaped(r#"<a href="x">R&D's</a> → é"#), "&lt;a href=&quot;x&quot;&gt;R&amp;D&#39;s&lt;/a&gt; → é");
    }
}
