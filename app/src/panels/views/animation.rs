//! The animation: an engine answer (a trace, a DNS lookup) as a track of stops at drawn
//! elements, and a player that moves a dot along it with `requestAnimationFrame`: play, pause,
//! step forward and back, speed, restart. Forward, reply, the client's next packet (ACK) and DNS
//! query/answer legs are drawn in distinct colours; drops and risks are marked where they happen.
//!
//! Only the position signal changes per frame; the track is a memo over the engine's answer, and
//! element positions come from the scene (the layout), so dragging a box moves the path with it.

use super::markup::escaped;
use super::{Showing, Views};
use crate::canvas::Scene;
use leptos::prelude::*;
use std::fmt::Write;
use vnet_core::layout::Rect;
use vnet_core::packet::RuleId;
use vnet_core::Id;

/// Which part of the story a stop belongs to; each is drawn in its own colour.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Leg {
    Forward,
    Reply,
    /// The client's next packet after an asymmetric reply (F-12): it meets the device that drops it.
    Ack,
    Query,
    Answer,
}

impl Leg {
    pub fn class(self) -> &'static str {
        match self {
            Leg::Forward => "forward",
            Leg::Reply => "reply",
            Leg::Ack => "ack",
            Leg::Query => "query",
            Leg::Answer => "answer",
        }
    }

    pub fn arrow(self) -> &'static str {
        match self {
            Leg::Forward | Leg::Query => "→",
            Leg::Reply | Leg::Answer => "←",
            Leg::Ack => "→ ACK",
        }
    }

    /// Offset in canvas units, so a reply drawn over its request stays visible beside it.
    fn offset(self) -> f64 {
        match self {
            Leg::Forward | Leg::Query => 0.0,
            Leg::Reply | Leg::Answer => 8.0,
            Leg::Ack => -8.0,
        }
    }
}

/// How a stop ends the story, if it does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mark {
    None,
    Delivered,
    Dropped,
    AtRisk,
}

/// One decision at a stop, with its rule.
#[derive(Clone, Debug, PartialEq)]
pub struct Event {
    pub label: &'static str,
    pub rule: RuleId,
    pub detail: String,
}

/// A place the dot visits, and what happened there.
#[derive(Clone, Debug, PartialEq)]
pub struct Stop {
    /// The drawn element; `None` for places without a box (the internet, public DNS).
    pub element: Option<Id>,
    pub place: String,
    pub leg: Leg,
    /// The packet or question as it arrived here.
    pub caption: String,
    pub events: Vec<Event>,
    pub mark: Mark,
}

#[derive(Clone, Debug, PartialEq, Default)]
pub struct Track {
    pub stops: Vec<Stop>,
    /// A stateful device left one-sided by a private endpoint's reply (E-11): drawn amber.
    pub risk: Option<Id>,
}

/// Playback state. Only `pos` changes per frame.
#[derive(Clone, Copy)]
pub struct Player {
    /// Position along the track in stops: 2.5 is halfway from stop 2 to stop 3.
    pub pos: RwSignal<f64>,
    pub playing: RwSignal<bool>,
    /// Stops per second.
    pub speed: RwSignal<f64>,
    /// Number of stops of the track being played.
    pub len: Memo<usize>,
    stop: Memo<usize>,
    running: StoredValue<bool>,
}

impl Player {
    pub fn new(len: Memo<usize>) -> Self {
        let pos = RwSignal::new(0.0_f64);
        // The stop the dot is at or has last passed: changes per stop, not per frame.
        let stop = Memo::new(move |_| {
            let last = len.get().saturating_sub(1);
            ((pos.get() + 1e-6).floor().max(0.0) as usize).min(last)
        });
        Player {
            pos,
            playing: RwSignal::new(false),
            speed: RwSignal::new(1.5),
            len,
            stop,
            running: StoredValue::new(false),
        }
    }

    fn last(&self) -> f64 {
        self.len.get_untracked().saturating_sub(1) as f64
    }

    /// The stop the dot is at or has last passed.
    pub fn current(&self) -> usize {
        self.stop.get()
    }

    pub fn current_untracked(&self) -> usize {
        self.stop.get_untracked()
    }

    pub fn play(&self) {
        if self.pos.get_untracked() >= self.last() {
            self.pos.set(0.0);
        }
        self.playing.set(true);
        if !self.running.get_value() {
            self.running.set_value(true);
            self.frame(js_sys::Date::now());
        }
    }

    pub fn pause(&self) {
        self.playing.set(false);
    }

    pub fn restart(&self) {
        self.pos.set(0.0);
        self.play();
    }

    pub fn step(&self, forward: bool) {
        self.pause();
        let p = self.pos.get_untracked();
        let next = if forward { (p + 1e-6).floor() + 1.0 } else { (p - 1e-6).ceil() - 1.0 };
        self.pos.set(next.clamp(0.0, self.last()));
    }

    pub fn seek(&self, stop: usize) {
        self.pause();
        self.pos.set((stop as f64).min(self.last()));
    }

    /// One animation frame: advance by the time elapsed, then ask for the next frame.
    fn frame(self, last: f64) {
        request_animation_frame(move || {
            let Some(playing) = self.playing.try_get_untracked() else { return };
            if !playing {
                self.running.set_value(false);
                return;
            }
            let now = js_sys::Date::now();
            let dt = ((now - last) / 1000.0).clamp(0.0, 0.1);
            let next = (self.pos.get_untracked() + dt * self.speed.get_untracked()).min(self.last());
            self.pos.set(next);
            if next >= self.last() {
                self.playing.set(false);
                self.running.set_value(false);
            } else {
                self.frame(now);
            }
        });
    }
}

/// Where each stop is drawn: the centre of its element's box, or an anchor above the drawing
/// for places without a box (one per name, left of the top-right corner).
/// A place without a box, drawn as a circle: its name and centre.
type Anchor = (String, f64, f64);

fn points(track: &Track, scene: &Scene) -> (Vec<(f64, f64)>, Vec<Anchor>) {
    let mut anchors: Vec<Anchor> = Vec::new();
    let b = scene.bounds;
    let pts = track
        .stops
        .iter()
        .map(|s| {
            let rect = s.element.as_ref().and_then(|id| scene.rect_of(id));
            let (x, y) = match rect {
                Some(r) => (f64::from(r.x) + f64::from(r.w) / 2.0, f64::from(r.y) + f64::from(r.h) / 2.0),
                None => match anchors.iter().find(|a| a.0 == s.place) {
                    Some(a) => (a.1, a.2),
                    None => {
                        let x = f64::from(b.right()) - 70.0 - 180.0 * anchors.len() as f64;
                        let y = f64::from(b.y) - 40.0;
                        anchors.push((s.place.clone(), x, y));
                        (x, y)
                    }
                },
            };
            let o = s.leg.offset();
            (x + o, y + o)
        })
        .collect();
    (pts, anchors)
}

/// The rectangle holding every element the track visits and its anchors.
pub fn bounds(track: &Track, scene: &Scene) -> Option<Rect> {
    let (pts, _) = points(track, scene);
    let rects = track.stops.iter().filter_map(|s| s.element.as_ref().and_then(|id| scene.rect_of(id)));
    let anchors = pts.iter().map(|(x, y)| Rect::new(*x as i32 - 20, *y as i32 - 40, 40, 60));
    let all: Vec<Rect> = rects.chain(anchors).collect();
    let first = all.first()?;
    let (mut x0, mut y0, mut x1, mut y1) = (first.x, first.y, first.right(), first.bottom());
    for r in &all {
        x0 = x0.min(r.x);
        y0 = y0.min(r.y);
        x1 = x1.max(r.right());
        y1 = y1.max(r.bottom());
    }
    Some(Rect::new(x0, y0, x1 - x0, y1 - y0))
}

/// The overlay's layers under the dot, as SVG markup (`markup`): anchors for places without a
/// box, rings at visited elements (the current one and a reached drop marked), the legs, and the
/// drop's cross once the dot has reached it. Written again when the track, the layout or the
/// current stop changes; never per animation frame.
fn layers(t: &Track, scene: &Scene, pts: &[(f64, f64)], anchors: &[Anchor], current: usize) -> String {
    let mut out = String::new();
    for (name, x, y) in anchors {
        let _ = write!(
            out,
            r#"<g class="anchor"><circle cx="{x}" cy="{y}" r="16"/><text x="{x}" y="{}">{}</text></g>"#,
            y - 22.0,
            escaped(name)
        );
    }
    let mut seen: Vec<&Id> = Vec::new();
    for (i, s) in t.stops.iter().enumerate() {
        let Some(id) = s.element.as_ref() else { continue };
        let is_current = i == current;
        let dropped = s.mark == Mark::Dropped && i <= current;
        if seen.contains(&id) && !is_current && !dropped {
            continue;
        }
        seen.push(id);
        let Some(r) = scene.rect_of(id) else { continue };
        let class = match (is_current, dropped) {
            (true, true) => "ring current dropped",
            (true, false) => "ring current",
            (false, true) => "ring dropped",
            (false, false) => "ring",
        };
        ring(&mut out, class, r, 5, Some(id));
    }
    if let Some(r) = t.risk.as_ref().and_then(|id| scene.rect_of(id)) {
        ring(&mut out, "ring at-risk", r, 8, None);
    }
    for i in 1..t.stops.len().min(pts.len()) {
        let ((x1, y1), (x2, y2)) = (pts[i - 1], pts[i]);
        if (x1 - x2).abs() + (y1 - y2).abs() < 1.0 {
            continue;
        }
        let _ = write!(
            out,
            r#"<path class="leg {}" d="M{x1:.1} {y1:.1} L{x2:.1} {y2:.1}" marker-end="url(#leg-arrow)"/>"#,
            t.stops[i].leg.class()
        );
    }
    // The drop mark: a red cross with the word, drawn once the dot has reached the stop.
    let drop = t.stops.iter().enumerate().find(|(_, s)| s.mark == Mark::Dropped);
    if let Some((i, s)) = drop.filter(|(i, _)| *i <= current) {
        if let Some(&(x, y)) = pts.get(i) {
            let (a, b, c, d) = (x - 12.0, y - 12.0, x + 12.0, y + 12.0);
            let _ = write!(
                out,
                r#"<g class="drop-mark" data-at="{}"><path d="M{a} {b} L{c} {d} M{c} {b} L{a} {d}"/><text x="{}" y="{}">dropped</text></g>"#,
                escaped(&s.place),
                x + 18.0,
                y - 14.0
            );
        }
    }
    out
}

/// A ring `pad` units around the box `r`, for the element `id` when it is one of the track's.
fn ring(out: &mut String, class: &str, r: Rect, pad: i32, id: Option<&Id>) {
    let rx = if pad > 5 { 11 } else { 9 };
    let _ = write!(
        out,
        r#"<rect class="{class}" x="{}" y="{}" width="{}" height="{}" rx="{rx}""#,
        r.x - pad,
        r.y - pad,
        r.w + 2 * pad,
        r.h + 2 * pad
    );
    if let Some(id) = id {
        let _ = write!(out, r#" data-ring="{}""#, escaped(id.as_str()));
    }
    out.push_str("/>");
}

/// The animation drawn over the canvas (inside its SVG): the layers above, and the moving dot.
#[component]
pub fn CanvasOverlay(views: Views, scene: Memo<Scene>) -> impl IntoView {
    let track = views.track;
    let player = views.player;
    let geometry = Memo::new(move |_| track.with(|t| t.as_ref().map(|t| scene.with(|s| points(t, s)))));
    let host = NodeRef::<leptos::svg::G>::new();
    Effect::new(move |_| {
        let Some(g) = host.get() else { return };
        let current = player.current();
        let svg = geometry.with(|geo| {
            track.with(|t| match (t, geo) {
                (Some(t), Some((pts, anchors))) => scene.with(|s| layers(t, s, pts, anchors, current)),
                _ => String::new(),
            })
        });
        g.set_inner_html(&svg);
    });
    let dot = move || {
        let (pts, _) = geometry.get()?;
        if pts.is_empty() {
            return None;
        }
        let p = player.pos.get().clamp(0.0, (pts.len() - 1) as f64);
        let i = p.floor() as usize;
        let j = (i + 1).min(pts.len() - 1);
        let f = p - i as f64;
        let (x, y) = (pts[i].0 + (pts[j].0 - pts[i].0) * f, pts[i].1 + (pts[j].1 - pts[i].1) * f);
        let leg = track.with(|t| t.as_ref().and_then(|t| t.stops.get(j)).map(|s| s.leg.class()).unwrap_or("forward"));
        Some(view! { <circle class=format!("packet {leg}") cx=format!("{x:.1}") cy=format!("{y:.1}") r="10" /> })
    };
    view! {
        <g class="trace-overlay" aria-hidden="true">
            <defs>
                <marker id="leg-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
                    <path d="M0 0 L10 5 L0 10 z" />
                </marker>
            </defs>
            <g class="layers" node_ref=host></g>
            {dot}
        </g>
    }
    .into_any()
}

/// Playback controls over the canvas, shown while an answer is being animated (also in
/// presentation mode, where the side panel is hidden). Always built, hidden between answers: the
/// first answer of a page then only shows them.
#[component]
pub fn PlayerBar(views: Views) -> impl IntoView {
    let p = views.player;
    let visible = move || views.showing.get() != Showing::Nothing && p.len.get() > 0;
    let status = move || {
        let cur = p.current();
        views.track.with(|t| {
            let t = t.as_ref()?;
            let s = t.stops.get(cur)?;
            Some(format!("{}/{} · {} {}", cur + 1, t.stops.len(), s.leg.arrow(), s.place))
        })
    };
    let on_speed = move |ev: leptos::ev::Event| {
        if let Ok(v) = event_target_value(&ev).parse::<f64>() {
            p.speed.set(v);
        }
    };
    let close = move |_| {
        p.pause();
        views.showing.set(Showing::Nothing);
    };
    view! {
        <div class="player" role="toolbar" aria-label="Animation" hidden=move || !visible()>
            <button title="Restart" on:click=move |_| p.restart()>"Restart"</button>
            <button title="Step back" aria-label="Step back" on:click=move |_| p.step(false)>"◀"</button>
            <button class="primary" on:click=move |_| if p.playing.get_untracked() { p.pause() } else { p.play() }>
                {move || if p.playing.get() { "Pause" } else { "Play" }}
            </button>
            <button title="Step forward" aria-label="Step forward" on:click=move |_| p.step(true)>"▶"</button>
            <label class="speed">
                "Speed"
                <input type="range" min="0.25" max="5" step="0.25" prop:value=move || p.speed.get().to_string() on:input=on_speed />
            </label>
            <span class="player-status">{status}</span>
            <button class="dismiss" aria-label="Hide the animation" on:click=close>"×"</button>
        </div>
    }
    .into_any()
}
