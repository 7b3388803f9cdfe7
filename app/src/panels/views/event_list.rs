//! The event list of an animated answer: one entry per stop, each with its decisions and their
//! rule links; clicking an entry moves the animation there, clicking a rule opens its text.
//!
//! Written as HTML text (`markup`): every answer replaces the whole list, ≈ 250 nodes and 40
//! rule links for a trace of ten stops, and two listeners on the list serve every entry and
//! link. The markup is what the Leptos views made before, so styles and e2e tests did not change.

use super::animation::{Mark, Track};
use super::markup::{self, escaped};
use super::Views;
use crate::panels::rule_texts::RuleTexts;
use leptos::prelude::Track as _;
use leptos::prelude::*;
use std::fmt::Write;

/// The list's markup: a heading and one `li.event` per stop, `current` marking the stop the dot
/// is at.
pub(super) fn html(t: &Track, current: usize, texts: RuleTexts) -> String {
    let mut out = String::from(r#"<h3>Hop by hop</h3><ol class="events">"#);
    for (i, s) in t.stops.iter().enumerate() {
        let dropped = if s.mark == Mark::Dropped { " dropped" } else { "" };
        let cur = if i == current { " current" } else { "" };
        let _ = write!(
            out,
            r#"<li class="event {leg}{cur}{dropped}" data-i="{i}"><button class="event-head"><span class="arrow">{arrow}</span> <strong>{place}</strong> <span class="caption">{caption}</span></button><ul class="steps">"#,
            leg = s.leg.class(),
            arrow = escaped(s.leg.arrow()),
            place = escaped(&s.place),
            caption = escaped(&s.caption),
        );
        for e in &s.events {
            let _ = write!(out, r#"<li><span class="label">{}</span> "#, escaped(e.label));
            markup::rule_link(&mut out, e.rule, texts);
            let _ = write!(out, r#" <span class="detail">{}</span></li>"#, escaped(&e.detail));
        }
        out.push_str("</ul></li>");
    }
    out.push_str("</ol>");
    out
}

/// One entry per stop of the animated track; clicking one moves the animation there.
#[component]
pub fn EventList(views: Views) -> impl IntoView {
    let p = views.player;
    let texts = RuleTexts::shared();
    let host = NodeRef::<leptos::html::Div>::new();
    // The list is written after the answer's first frame: its ≈ 250 new nodes cost ≈ 8 ms of
    // style, layout and paint, and most of it is below the fold, while the verdict and the dot are
    // what the person looks at first (a trace's first frame; BENCHMARKS.md, session 7). A new
    // answer empties the list at once, so it never shows an older answer's hops.
    let pending = StoredValue::new(false);
    let write_after_frame = move || {
        if pending.try_get_value() != Some(false) {
            return;
        }
        pending.set_value(true);
        request_animation_frame(move || {
            set_timeout(
                move || {
                    if pending.try_set_value(false).is_some() {
                        return;
                    }
                    let Some(Some(el)) = host.try_get_untracked() else { return };
                    let html = views.track.with_untracked(|t| {
                        t.as_ref().map(|t| html(t, p.current_untracked(), texts)).unwrap_or_default()
                    });
                    el.set_inner_html(&html);
                },
                std::time::Duration::ZERO,
            )
        });
    };
    Effect::new(move |_| {
        views.track.track();
        if let Some(el) = host.get() {
            el.set_inner_html("");
            write_after_frame();
        }
    });
    // The dot moving on marks its stop; only the two entries concerned change.
    Effect::new(move |_| {
        let i = p.current();
        let Some(el) = host.get_untracked() else { return };
        if let Ok(Some(old)) = el.query_selector("li.event.current") {
            let _ = old.class_list().remove_1("current");
        }
        if let Ok(Some(now)) = el.query_selector(&format!("li.event[data-i=\"{i}\"]")) {
            let _ = now.class_list().add_1("current");
        }
    });
    // An entry's head is the first child of its `li`, which knows the stop.
    let seek = move |ev: &leptos::ev::MouseEvent| {
        let stop = markup::target(ev)
            .and_then(|t| t.closest("button.event-head").ok().flatten())
            .and_then(|head| head.parent_element()?.get_attribute("data-i")?.parse().ok());
        if let Some(i) = stop {
            p.seek(i);
        }
    };
    markup::host(views, "event-list", host, seek)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::panels::views::animation::{Event, Leg, Stop};

    fn stop(place: &str, leg: Leg, mark: Mark) -> Stop {
        Stop {
            element: None,
            place: place.into(),
            leg,
            caption: "10.0.0.4:443 → 10.1.0.4:443 TCP".into(),
            events: vec![Event { label: "route", rule: "R-1", detail: "via <hub> & \"fw\"".into() }],
            mark,
        }
    }

    #[test]
    fn markup_escapes_names_and_marks_the_current_and_dropped_stops() {
        let t = Track {
            stops: vec![stop("vm-a", Leg::Forward, Mark::None), stop("afw-hub", Leg::Reply, Mark::Dropped)],
            risk: None,
        };
        // The rule texts are not fetched in a unit test: the tooltips are empty.
        let html = html(&t, 1, RuleTexts::shared());
        assert!(html.contains(r#"<li class="event forward" data-i="0">"#), "{html}");
        assert!(html.contains(r#"<li class="event reply current dropped" data-i="1">"#), "{html}");
        assert!(html.contains("via &lt;hub&gt; &amp; &quot;fw&quot;"), "{html}");
        assert!(html.contains(r#"<button class="rule-link" title="" data-rule="R-1">R-1</button>"#), "{html}");
    }

    #[test]
    fn a_name_from_a_link_stays_text() {
        let t = Track { stops: vec![stop("<img src=x onerror=alert(1)>", Leg::Forward, Mark::None)], risk: None };
        let html = html(&t, 0, RuleTexts::shared());
        assert!(!html.contains("<img"), "{html}");
        assert!(html.contains("&lt;img src=x onerror=alert(1)&gt;"), "{html}");
    }
}
