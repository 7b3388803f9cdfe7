//! The views that make the engine visible (issue 7): effective routes, packet traces, DNS
//! lookups, each with its rule texts, and the animation that plays them on the canvas.
//!
//! Architecture invariant: nothing here decides network behaviour. Every answer comes from
//! `vnet-core` (`routes`, `trace::Engine`, `fix`, `dns`), computed in memos over the design
//! signal only (DECISIONS 17): dragging a box never re-traces, it only moves the drawing.
//! This module turns answers into rows, lists and a path to animate.

mod animation;
mod dns_panel;
mod matrix;
mod routes_table;
mod rule_text;
mod trace_panel;

pub use animation::{CanvasOverlay, PlayerBar};

use crate::canvas::Scene;
use crate::interaction::{Camera, ViewBox};
use crate::store::Store;
use animation::{Player, Track};
use leptos::prelude::*;
use vnet_core::dns::Resolution;
use vnet_core::model::{Design, Protocol};
use vnet_core::trace::Trace;
use vnet_core::Id;

/// The tabs of the side panel. `Design` holds the properties and diagnostics.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tab {
    Design,
    Routes,
    Trace,
    Dns,
    Matrix,
}

impl Tab {
    const ALL: [Tab; 5] = [Tab::Design, Tab::Routes, Tab::Trace, Tab::Dns, Tab::Matrix];

    fn label(self) -> &'static str {
        match self {
            Tab::Design => "Properties",
            Tab::Routes => "Routes",
            Tab::Trace => "Trace",
            Tab::Dns => "DNS",
            Tab::Matrix => "Matrix",
        }
    }
}

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
}

/// The views' state; cheap to copy (signal handles), provided as context by the studio.
#[derive(Clone, Copy)]
pub struct Views {
    pub tab: RwSignal<Tab>,
    /// The rule whose text is open in the dialog.
    pub rule: RwSignal<Option<&'static str>>,
    /// The flow the trace panel asked for (the form's fields are apart, so typing runs nothing).
    pub trace: RwSignal<Option<TraceAsk>>,
    pub dns: RwSignal<Option<DnsAsk>>,
    pub showing: RwSignal<Showing>,
    pub player: Player,
    /// The engine's answer to `trace`, recomputed when the design changes (not the layout).
    pub traced: Memo<Option<Result<Trace, String>>>,
    pub resolved: Memo<Option<Result<Resolution, String>>>,
    /// What the canvas animates, from `traced` or `resolved`.
    pub track: Memo<Option<Track>>,
    camera: Camera,
    scene: Memo<Scene>,
    /// The trace form's fields, so "trace from/to here" can fill them.
    pub form: TraceForm,
    pub dns_form: (RwSignal<String>, RwSignal<String>),
}

#[derive(Clone, Copy)]
pub struct TraceForm {
    pub from: RwSignal<String>,
    pub to: RwSignal<String>,
    pub protocol: RwSignal<Protocol>,
    pub port: RwSignal<String>,
}

impl Views {
    pub fn new(store: Store, camera: Camera, scene: Memo<Scene>) -> Self {
        let design = store.design;
        let trace = RwSignal::new(None::<TraceAsk>);
        let dns = RwSignal::new(None::<DnsAsk>);
        let showing = RwSignal::new(Showing::Nothing);
        let traced = Memo::new(move |_| {
            let ask = trace.get()?;
            Some(design.with(|d| trace_panel::run(d, &ask)))
        });
        let resolved = Memo::new(move |_| {
            let ask = dns.get()?;
            Some(design.with(|d| dns_panel::run(d, &ask)))
        });
        let track = Memo::new(move |_| match showing.get() {
            Showing::Nothing => None,
            Showing::Trace => traced.with(|t| match t {
                Some(Ok(t)) => Some(design.with(|d| trace_panel::track(d, t))),
                _ => None,
            }),
            Showing::Dns => resolved.with(|r| match r {
                Some(Ok(r)) => Some(design.with(|d| dns_panel::track(d, r))),
                _ => None,
            }),
        });
        let player = Player::new(Memo::new(move |_| track.with(|t| t.as_ref().map_or(0, |t| t.stops.len()))));
        Views {
            tab: RwSignal::new(Tab::Design),
            rule: RwSignal::new(None),
            trace,
            dns,
            showing,
            player,
            traced,
            resolved,
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
        }
    }

    /// Runs the trace in the form and plays it from the start (also the reachability matrix's
    /// way in: fill the form, then call this).
    pub fn run_trace(&self) {
        let f = self.form;
        let port = f.port.get_untracked().trim().parse().unwrap_or(0);
        let ask = TraceAsk {
            from: f.from.get_untracked(),
            to: f.to.get_untracked(),
            protocol: f.protocol.get_untracked(),
            port,
        };
        self.trace.set(Some(ask));
        self.showing.set(Showing::Trace);
        self.tab.set(Tab::Trace);
        self.frame_track();
        self.player.restart();
    }

    pub fn run_dns(&self) {
        let (from, name) = self.dns_form;
        self.dns.set(Some(DnsAsk { from: from.get_untracked(), name: name.get_untracked() }));
        self.showing.set(Showing::Dns);
        self.tab.set(Tab::Dns);
        self.frame_track();
        self.player.restart();
    }

    /// Zooms the canvas to the elements the answer visits (a person asked; edits never move
    /// the camera), keeping at least a readable neighbourhood around a short path.
    fn frame_track(&self) {
        let bounds = self
            .track
            .with_untracked(|t| self.scene.with_untracked(|s| t.as_ref().and_then(|t| animation::bounds(t, s))));
        let Some(mut b) = bounds else { return };
        let (min_w, min_h) = (720, 420);
        if b.w < min_w {
            b.x -= (min_w - b.w) / 2;
            b.w = min_w;
        }
        if b.h < min_h {
            b.y -= (min_h - b.h) / 2;
            b.h = min_h;
        }
        self.camera.view.set(Some(ViewBox::fit(b)));
    }

    /// Whether the side panel is wide (tables need room).
    fn wide(&self) -> bool {
        self.tab.get() != Tab::Design
    }
}

/// The views, from the studio's context.
pub fn views() -> Option<Views> {
    use_context::<Views>()
}

/// The tab strip above the side panel.
#[component]
pub fn TabStrip(views: Views) -> impl IntoView {
    let tabs = Tab::ALL
        .into_iter()
        .map(|t| {
            view! {
                <button
                    role="tab"
                    class="tab"
                    aria-selected=move || (views.tab.get() == t).to_string()
                    on:click=move |_| views.tab.set(t)
                >
                    {t.label()}
                </button>
            }
        })
        .collect_view();
    view! { <div class="tabs" role="tablist" aria-label="Side panel">{tabs}</div> }
}

/// The panels of the views' tabs; each is present only while its tab is open.
#[component]
pub fn ViewPanels(views: Views, store: Store) -> impl IntoView {
    // The matrix stays mounted while hidden: its result survives a visit to the trace it opened.
    let matrix_open = Signal::derive(move || views.tab.get() == Tab::Matrix);
    let panels = move || match views.tab.get() {
        Tab::Design | Tab::Matrix => ().into_any(),
        Tab::Routes => view! { <routes_table::RoutesPanel views store /> }.into_any(),
        Tab::Trace => view! { <trace_panel::TracePanel views store /> }.into_any(),
        Tab::Dns => view! { <dns_panel::DnsPanel views store /> }.into_any(),
    };
    view! {
        <matrix::MatrixPanel store views open=matrix_open />
        {panels}
    }
}

/// What floats above the page: the rule dialog.
#[component]
pub fn ViewOverlays(views: Views, store: Store) -> impl IntoView {
    let _ = store;
    view! { <rule_text::RuleDialog views /> }
}

/// Side-panel class: wide while a view tab is open.
pub fn sidebar_wide(views: Views) -> impl Fn() -> bool + Copy {
    move || views.wide()
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
fn drawn_as(d: &Design, id: &Id) -> Id {
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
