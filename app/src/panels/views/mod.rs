//! The views that make the engine visible (issue 7): effective routes and next hop, effective
//! security rules and IP flow verify (issue 18), packet traces, DNS lookups, each with its rule
//! texts, and the animation that plays them on the canvas.
//!
//! Architecture invariant: nothing here decides network behaviour. Every answer comes from
//! `vnet-core` (`routes`, `trace::Engine`, `fix`, `dns`, `watcher`), computed in memos over the design
//! signal only (DECISIONS 17): dragging a box never re-traces, it only moves the drawing.
//! This module turns answers into rows, lists and a path to animate.

mod animation;
mod compare;
mod compiled;
mod copy;
mod dns_panel;
mod event_list;
mod intents;
mod markup;
mod matrix;
mod next_hop_form;
mod questions;
mod route_compare;
mod routes_table;
mod rule_text;
mod security;
mod trace_panel;
mod vm_nic;

use animation::{CanvasOverlay, PlayerBar};
pub(crate) use rule_text::RuleLink;

use crate::canvas::interaction::{Camera, ViewBox};
use crate::canvas::Scene;
use crate::document::store::Store;
use crate::panels::sim::{Ask, Sim, Tab};
use animation::{Player, Track};
use leptos::prelude::*;
use vnet_core::connect::Connection;
use vnet_core::dns::Resolution;
use vnet_core::model::{Design, Protocol};
use vnet_core::trace::Trace;
use vnet_core::{lookup, Id};

/// A flow as the trace form holds it: element ids or names, or an IP, as `vnet_core::lookup`
/// reads them (the CLI accepts the same words).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TraceAsk {
    pub from: String,
    pub to: String,
    pub protocol: Protocol,
    pub port: u16,
}

/// A DNS question: the client (VM, NIC or on-premises host) and the name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DnsAsk {
    pub from: String,
    pub name: String,
}

/// Which answer the canvas animates.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Showing {
    Nothing,
    Trace,
    Dns,
    /// A lookup, then a TCP trace to its answer (`vnet_core::connect`), as one animation.
    Connect,
}

/// The views' state; cheap to copy (signal handles), created by `Sim::mount` and held by `sim::Shell`.
#[derive(Clone, Copy)]
pub struct Views {
    pub store: Store,
    pub tab: RwSignal<Tab>,
    /// The rule whose text is open in the dialog.
    pub rule: RwSignal<Option<String>>,
    /// The flow the trace panel asked for (the form's fields are apart, so typing runs nothing).
    pub trace: RwSignal<Option<TraceAsk>>,
    pub dns: RwSignal<Option<DnsAsk>>,
    pub showing: RwSignal<Showing>,
    pub player: Player,
    /// The engine's answer to `trace`, recomputed when the design changes (not the layout).
    pub traced: Memo<Option<Result<Trace, String>>>,
    pub resolved: Memo<Option<Result<Resolution, String>>>,
    /// "Connect" from the DNS form's client to its name (same question as `dns`).
    pub connected: Memo<Option<Result<Connection, String>>>,
    /// What the canvas animates, from `traced` or `resolved`.
    pub track: Memo<Option<Track>>,
    camera: Camera,
    scene: Memo<Scene>,
    /// The trace form's fields, so "trace from/to here" can fill them.
    pub form: TraceForm,
    pub dns_form: (RwSignal<String>, RwSignal<String>),
    /// The compiled engine of the current design (`compiled`), for the views' own questions.
    engine: Memo<compiled::Shared>,
    /// The Security view's NIC choice and IP flow verify form, kept across tabs.
    security: security::SecurityState,
    /// Every intent of the design, checked (`intents::checked`): the Intents tab, its badge and
    /// the canvas marks read it.
    pub checked: Memo<Vec<vnet_core::intent::Checked>>,
    /// The Intents tab's open intent and add form.
    intents: intents::IntentsState,
    /// "Compare with…": the last comparison and the effect open (the canvas marks read it).
    compare: compare::CompareState,
}

#[derive(Clone, Copy)]
pub struct TraceForm {
    pub from: RwSignal<String>,
    pub to: RwSignal<String>,
    pub protocol: RwSignal<Protocol>,
    pub port: RwSignal<String>,
}

impl TraceForm {
    /// The question the form asks now (an unreadable port is 0, which the trace reports).
    fn ask(&self) -> TraceAsk {
        TraceAsk {
            from: self.from.get_untracked(),
            to: self.to.get_untracked(),
            protocol: self.protocol.get_untracked(),
            port: self.port.get_untracked().trim().parse().unwrap_or(0),
        }
    }
}

impl Views {
    pub fn new(store: Store, camera: Camera, scene: Memo<Scene>, tab: RwSignal<Tab>) -> Self {
        let design = store.design;
        // Every answer cites rules: their titles are wanted as soon as the views are.
        crate::panels::rule_texts::RuleTexts::shared().load();
        // One engine per design version for every question below (compiled.rs).
        let engine = compiled::engine(store);
        let trace = RwSignal::new(None::<TraceAsk>);
        let dns = RwSignal::new(None::<DnsAsk>);
        let showing = RwSignal::new(Showing::Nothing);
        // The answers follow a new question at once, and a changed design once it has settled
        // (`Store::settled`): while someone types with a trace shown, a keystroke does not
        // compile the engine again (≈ 6 ms at 100 spokes). Reading the engine untracked still
        // compiles it for the current design when it is stale.
        let settled = store.settled;
        let traced = Memo::new(move |_| {
            settled.get();
            let ask = trace.get()?;
            Some(engine.with_untracked(|e| trace_panel::run(e.engine(), &ask)))
        });
        let resolved = Memo::new(move |_| {
            settled.get();
            let ask = dns.get()?;
            Some(engine.with_untracked(|e| dns_panel::run(e.engine(), &ask)))
        });
        let connected = Memo::new(move |_| {
            settled.get();
            if showing.get() != Showing::Connect {
                return None;
            }
            let ask = dns.get()?;
            Some(engine.with_untracked(|e| dns_panel::connect(e.engine(), &ask)))
        });
        let track = Memo::new(move |_| match showing.get() {
            Showing::Connect => connected.with(|c| match c {
                Some(Ok(c)) => Some(design.with_untracked(|d| dns_panel::connect_track(d, c))),
                _ => None,
            }),
            Showing::Nothing => None,
            Showing::Trace => traced.with(|t| match t {
                Some(Ok(t)) => Some(design.with_untracked(|d| trace_panel::track(d, t))),
                _ => None,
            }),
            Showing::Dns => resolved.with(|r| match r {
                Some(Ok(r)) => Some(design.with_untracked(|d| dns_panel::track(d, r))),
                _ => None,
            }),
        });
        let player = Player::new(Memo::new(move |_| track.with(|t| t.as_ref().map_or(0, |t| t.stops.len()))));
        // With the trace, DNS or security tab open, the settled design's engine is compiled in a
        // task of its own, so the first question asked there does not wait for it (≈ 15 ms at 100
        // spokes); with the other tabs, typing compiles nothing.
        // Once per page, a task after that answers a throwaway trace, so the first one asked
        // does not also compile the code that answers it (`trace_panel::warm_up`).
        let warmed = StoredValue::new(false);
        Effect::new(move |_| {
            settled.get();
            let tab = tab.get();
            if matches!(tab, Tab::Trace | Tab::Dns | Tab::Security) {
                set_timeout(move || engine.with_untracked(|_| ()), std::time::Duration::ZERO);
            }
            if matches!(tab, Tab::Trace | Tab::Dns) && !warmed.get_value() {
                let warm = move || {
                    if !warmed.get_value() && engine.with_untracked(|e| trace_panel::warm_up(e.engine())) {
                        warmed.set_value(true);
                    }
                };
                set_timeout(warm, std::time::Duration::ZERO);
            }
        });
        Views {
            store,
            tab,
            rule: RwSignal::new(None),
            trace,
            dns,
            showing,
            player,
            traced,
            resolved,
            connected,
            track,
            camera,
            scene,
            form: TraceForm {
                from: RwSignal::new(String::new()),
                to: RwSignal::new(String::new()),
                protocol: RwSignal::new(Protocol::Tcp),
                port: RwSignal::new("443".into()),
            },
            dns_form: (RwSignal::new(String::new()), RwSignal::new(String::new())),
            engine,
            security: security::SecurityState::new(),
            checked: intents::checked(store, engine),
            intents: intents::IntentsState::new(),
            compare: compare::CompareState::new(),
        }
    }

    /// Runs the trace in the form and plays it from the start (also the reachability matrix's
    /// way in: fill the form, then call this).
    pub fn run_trace(&self) {
        self.trace.set(Some(self.form.ask()));
        set_if_changed(self.showing, Showing::Trace);
        set_if_changed(self.tab, Tab::Trace);
        self.frame_track_after_answer();
        self.player.restart();
    }

    pub fn run_dns(&self) {
        self.ask_dns(Showing::Dns);
    }

    /// Runs "connect" on the DNS form: the lookup, then TCP to the answer, as one animation.
    pub fn run_connect(&self) {
        self.ask_dns(Showing::Connect);
    }

    fn ask_dns(&self, showing: Showing) {
        let (from, name) = self.dns_form;
        self.dns.set(Some(DnsAsk { from: from.get_untracked(), name: name.get_untracked() }));
        set_if_changed(self.showing, showing);
        set_if_changed(self.tab, Tab::Dns);
        self.frame_track_after_answer();
        self.player.restart();
    }

    /// Frames the answer once it is drawn: a zoom draws the canvas again for the new window
    /// (every box there gets its text: ≈ 90 ms at 100 spokes from the fitted view), so the
    /// verdict and the first animation frame are shown first, and the camera moves in the task
    /// after that frame.
    fn frame_track_after_answer(&self) {
        let views = *self;
        request_animation_frame(move || set_timeout(move || views.frame_track(), std::time::Duration::ZERO));
    }

    /// Zooms the canvas to the elements the answer visits (a person asked; edits never move
    /// the camera), keeping at least a readable neighbourhood around a short path. A path
    /// already in view at a readable zoom (at most `KEEP_ZOOM` times wider than the framed
    /// view) keeps the camera where it is: asking again, TCP then ICMP, does not move the
    /// drawing under the reader, nor draw the canvas again (≈ 4 ms of paint at 10 stops).
    fn frame_track(&self) {
        const KEEP_ZOOM: f64 = 2.5;
        const PLAYER_STRIP: f64 = 0.15;
        let bounds = self
            .track
            .with_untracked(|t| self.scene.with_untracked(|s| t.as_ref().and_then(|t| animation::bounds(t, s))));
        let Some(path) = bounds else { return };
        let mut b = path;
        let (min_w, min_h) = (720, 420);
        if b.w < min_w {
            b.x -= (min_w - b.w) / 2;
            b.w = min_w;
        }
        if b.h < min_h {
            b.y -= (min_h - b.h) / 2;
            b.h = min_h;
        }
        // The player bar floats over the canvas's bottom edge: the framed window has a strip
        // below the path for it, and a path already in view must be clear of that strip.
        let mut framed = ViewBox::fit(b);
        framed.h += framed.h * PLAYER_STRIP;
        let now = self.camera.current(self.scene);
        let clear = ViewBox { h: now.h * (1.0 - PLAYER_STRIP), ..now };
        if clear.contains(path) && now.w <= framed.w * KEEP_ZOOM && now.h <= framed.h * KEEP_ZOOM {
            return;
        }
        self.camera.set(Some(framed));
    }

    /// Runs the trace (or lookup) when its form is complete, else opens its tab to finish it.
    fn open_or_run(&self, trace: bool) {
        if trace {
            let f = self.form;
            if f.from.get_untracked().is_empty() || f.to.get_untracked().trim().is_empty() {
                self.tab.set(Tab::Trace);
            } else {
                self.run_trace();
            }
        } else if self.dns_form.1.get_untracked().trim().is_empty() {
            self.tab.set(Tab::Dns);
        } else {
            self.run_dns();
        }
    }
}

/// Sets `signal` only to a new value: asking again on the tab that shows the answers would
/// otherwise run everything that follows the tab or what is shown (the event list was built twice
/// per answer).
fn set_if_changed<T: PartialEq + Send + Sync + 'static>(signal: RwSignal<T>, value: T) {
    signal.maybe_update(|now| {
        let changed = *now != value;
        if changed {
            *now = value;
        }
        changed
    });
}

/// The panels of the views' tabs; each is present only while its tab is open.
#[component]
fn ViewPanels(views: Views, store: Store) -> impl IntoView {
    // Only a change of tab remounts a panel: "Trace" sets the tab it is already on, and
    // remounting the trace panel rebuilt its pickers (≈ 1,000 options at 100 spokes, most of a
    // trace's time in the browser; BENCHMARKS.md).
    let tab = Memo::new(move |_| views.tab.get());
    // The matrix stays mounted while hidden: its result survives a visit to the trace it opened.
    let matrix_open = Signal::derive(move || tab.get() == Tab::Matrix);
    let panels = move || match tab.get() {
        Tab::Design | Tab::Matrix => ().into_any(),
        Tab::Routes => view! { <routes_table::RoutesPanel views store /> }.into_any(),
        Tab::Security => view! { <security::SecurityPanel views store /> }.into_any(),
        Tab::Trace => view! { <trace_panel::TracePanel views store /> }.into_any(),
        Tab::Dns => view! { <dns_panel::DnsPanel views store /> }.into_any(),
        Tab::Intents => view! { <intents::IntentsPanel views store /> }.into_any(),
        Tab::Compare => view! { <compare::ComparePanel views store /> }.into_any(),
    };
    view! {
        <matrix::MatrixPanel store views open=matrix_open />
        {panels}
    }
}

/// A question from the canvas context menu, about the element `id`.
fn ask(views: Views, store: Store, ask: Ask, id: Id) {
    match ask {
        Ask::TraceFrom => {
            if let Some(key) = store.design.with_untracked(|d| client_key(d, &id)) {
                views.form.from.set(key);
            }
            views.open_or_run(true);
        }
        Ask::TraceTo => {
            if let Some(name) = store.design.with_untracked(|d| target_name(d, &id)) {
                views.form.to.set(name);
            }
            views.open_or_run(true);
        }
        Ask::ResolveFrom => {
            if let Some(key) = store.design.with_untracked(|d| client_key(d, &id)) {
                views.dns_form.0.set(key);
            }
            views.open_or_run(false);
        }
        Ask::Routes => {
            store.selected.set(Some(id));
            views.tab.set(Tab::Routes);
        }
        Ask::AddIntent => {
            store.design.with_untracked(|d| views.intents.form.start_at(d, &id));
            views.tab.set(Tab::Intents);
        }
        Ask::Question { .. } => store.design.with_untracked(|d| {
            if let Some(q) = d.questions.iter().find(|q| q.id == id) {
                views.ask(d, &q.ask);
            }
        }),
    }
}

/// The simulation's table (`crate::panels::sim`): everything the main side may call.
static SIM: Sim = Sim {
    mount: Views::new,
    panels: |views, store| view! { <ViewPanels views store /> }.into_any(),
    overlays: |views| view! { <rule_text::RuleDialog views /> }.into_any(),
    player_bar: |views| view! { <PlayerBar views /> }.into_any(),
    canvas_overlay: |views, scene| {
        view! { <compare::CompareMarks views scene /> <intents::marks::IntentMarks views scene /> <CanvasOverlay views scene /> }
            .into_any()
    },
    insights: |views| crate::panels::insights::body(views.store, views),
    cost: |views| crate::panels::cost::body(views.store),
    ask,
    intents_badge: intents::badge,
};

/// The split point: the build moves the code reachable only from here (the engine and every
/// view of it) into a module of its own, fetched on the first call (`crate::panels::sim`). A failed
/// fetch is an error to show, not a panic: `fallible`.
#[leptos::wasm_split::wasm_split(simulation, wasm_split_path = ::leptos::wasm_split, fallible)]
pub fn entry() -> Result<&'static Sim, leptos::wasm_split::SplitLoaderError> {
    Ok(&SIM)
}

/// The handlers of a question form: `run` on Enter in a text field, and on a submission as a
/// fallback. The panels run their question on the button's click and on Enter, not through a
/// form submission: Chromium's submission steps cost ≈ 3.5 ms at 100 spokes before the submit
/// event even fires (a quarter of the 16 ms frame; BENCHMARKS.md).
fn ask_handlers(
    run: impl Fn() + Copy + 'static,
) -> (impl Fn(leptos::ev::SubmitEvent) + 'static, impl Fn(leptos::ev::KeyboardEvent) + 'static) {
    use wasm_bindgen::JsCast;
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        run();
    };
    let on_enter = move |ev: leptos::ev::KeyboardEvent| {
        let in_input =
            ev.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()).is_some_and(|e| e.tag_name() == "INPUT");
        if ev.key() == "Enter" && in_input && !ev.is_composing() {
            ev.prevent_default();
            run();
        }
    };
    (on_submit, on_enter)
}

/// An element as a flow source or DNS client: a VM, or a site's first on-premises host.
fn client_key(d: &Design, id: &Id) -> Option<String> {
    if let Some(site) = d.site(id) {
        return site.hosts.first().map(|h| h.id.to_string());
    }
    lookup::flow_source(d, id.as_str()).map(|_| id.to_string())
}

/// An element as a destination, by name (what the trace form shows).
fn target_name(d: &Design, id: &Id) -> Option<String> {
    if let Some(site) = d.site(id) {
        return site.hosts.first().map(|h| h.name.clone());
    }
    lookup::address(d, id.as_str())?;
    d.elements().into_iter().find(|e| e.id == id).map(|e| e.name.to_string())
}

/// The `<option>`s of a "From" picker: every client of the design, `selected` marked.
/// A memo, so that an edit which leaves the clients as they were (most edits) redraws none of
/// the options: at 100 spokes they were ~2,600 attribute writes per keystroke.
fn client_options(store: Store, selected: RwSignal<String>) -> impl IntoView {
    let all = Memo::new(move |_| store.design.with(clients));
    move || {
        let selected = selected.get();
        all.get()
            .into_iter()
            .map(|(key, label)| {
                let sel = key == selected;
                view! { <option value=key selected=sel>{label}</option> }
            })
            .collect_view()
    }
}

/// The VMs and on-premises hosts of a design, as (key, label) pairs for "from" pickers.
fn clients(d: &Design) -> Vec<(String, String)> {
    let vms = d.vms.iter().map(|v| (v.id.to_string(), v.name.clone()));
    let hosts = d
        .sites
        .iter()
        .flat_map(|s| s.hosts.iter().map(move |h| (h.id.to_string(), format!("{} ({})", h.name, s.name))));
    vms.chain(hosts).collect()
}

/// Where an element id is drawn: on-premises hosts and NICs are drawn as their site or VM.
pub(crate) fn drawn_as(d: &Design, id: &Id) -> Id {
    if let Some(site) =
        d.sites.iter().find(|s| s.hosts.iter().any(|h| &h.id == id) || s.dns_servers.iter().any(|h| &h.id == id))
    {
        return site.id.clone();
    }
    if let Some(vm) = d.vms.iter().find(|v| v.nics.iter().any(|n| &n.id == id)) {
        return vm.id.clone();
    }
    id.clone()
}
