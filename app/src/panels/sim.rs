//! The simulation, loaded on demand: the engine (routes, traces, DNS, fixes, insights, costs) and
//! the views that show it live in a second wasm module, fetched the first time someone opens a
//! simulation tab, the insights or the cost panel, or asks a question from the context menu.
//!
//! Why: the first page load carries only the editor (model, codec, validation, canvas, the
//! properties panel without its element forms, which are a split module too: `properties`).
//! The simulation was ≈ 190 KB of the ≈ 700 KB gzipped first load, and the size
//! budget counts every byte the first load fetches (DECISIONS 24).
//!
//! How: `views::entry` is a split point (`wasm_split_helpers`); the build cuts the code reachable
//! only through it into its own module (`scripts/split-wasm`, a Trunk post-build hook). It
//! returns a table of plain functions ([`Sim`]); the studio renders through the table once it is
//! loaded, so nothing on this side names an engine function.
//!
//! Architecture invariant: this module and every other module of the main side reach the engine
//! and the views only through [`Sim`]. A direct call from the main side compiles, but pulls that
//! code back into the first load; `tests/e2e/size.mjs` catches the growth.

use crate::canvas::interaction::Camera;
use crate::canvas::Scene;
use crate::document::store::Store;
use crate::panels::views::Views;
use crate::platform::lazy::Module;
use leptos::prelude::*;
use vnet_core::Id;

/// The tabs of the side panel. `Design` holds the properties and diagnostics.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tab {
    Design,
    Routes,
    /// Effective security rules and IP flow verify (N-12, N-13).
    Security,
    Trace,
    Dns,
    Matrix,
    /// The design's intents, pass or fail (issue 21).
    Intents,
    /// "Compare with…": what a change does (issue 21 §2). Opened from the canvas toolbar's
    /// "Compare…", not from the tab strip (eight tabs do not fit one row of the panel).
    Compare,
}

impl Tab {
    const ALL: [Tab; 7] = [Tab::Design, Tab::Routes, Tab::Security, Tab::Trace, Tab::Dns, Tab::Matrix, Tab::Intents];

    fn label(self) -> &'static str {
        match self {
            Tab::Design => "Properties",
            Tab::Routes => "Routes",
            Tab::Security => "Security",
            Tab::Trace => "Trace",
            Tab::Dns => "DNS",
            Tab::Matrix => "Matrix",
            Tab::Intents => "Intents",
            Tab::Compare => "Compare",
        }
    }
}

/// The context menu's questions, asked of the element the menu was opened on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ask {
    TraceFrom,
    TraceTo,
    ResolveFrom,
    Routes,
    /// "Add intent…": the intent form, starting from this element.
    AddIntent,
    /// A saved question of the design (the id is the question's), asked again: a trace, or a
    /// lookup or connect in the DNS tab.
    Question {
        trace: bool,
    },
}

impl Ask {
    /// The tab that shows the answer.
    fn tab(self) -> Tab {
        match self {
            Ask::TraceFrom | Ask::TraceTo => Tab::Trace,
            Ask::ResolveFrom => Tab::Dns,
            Ask::Routes => Tab::Routes,
            Ask::AddIntent => Tab::Intents,
            Ask::Question { trace: true } => Tab::Trace,
            Ask::Question { trace: false } => Tab::Dns,
        }
    }
}

/// What the simulation module provides: plain functions, so that the main side holds a table,
/// not the code.
pub struct Sim {
    /// The views' state (engine memos, forms, player), created once, under the studio.
    pub mount: fn(Store, Camera, Memo<Scene>, RwSignal<Tab>) -> Views,
    /// The panels of the simulation tabs.
    pub panels: fn(Views, Store) -> AnyView,
    /// The rule dialog.
    pub overlays: fn(Views) -> AnyView,
    pub player_bar: fn(Views) -> AnyView,
    /// The animated path on the canvas.
    pub canvas_overlay: fn(Views, Memo<Scene>) -> AnyView,
    pub insights: fn(Views) -> AnyView,
    pub cost: fn(Views) -> AnyView,
    /// A question from the context menu.
    pub ask: fn(Views, Store, Ask, Id),
    /// How many intents fail, beside the Intents tab's label.
    pub intents_badge: fn(Views) -> AnyView,
}

/// The studio's handle on the simulation; `Copy`, provided as context.
#[derive(Clone, Copy)]
pub struct Shell {
    pub tab: RwSignal<Tab>,
    module: Module<Sim>,
    /// The views, mounted once the module is here.
    views: RwSignal<Option<Views>, LocalStorage>,
    /// What `mount` needs, and the studio's owner, so the views' memos live as long as the page.
    parts: StoredValue<(Store, Camera, Memo<Scene>, Owner), LocalStorage>,
    /// The context-menu question waiting for the simulation; asked once it is here, also after
    /// "Try again" if the first fetch failed.
    pending: StoredValue<Option<(Ask, Id)>, LocalStorage>,
}

impl Shell {
    /// Called in the studio's body (its owner becomes the views' owner).
    pub fn new(store: Store, camera: Camera, scene: Memo<Scene>) -> Self {
        let owner = Owner::current().unwrap_or_default();
        Shell {
            tab: RwSignal::new(Tab::Design),
            module: Module::new(),
            views: RwSignal::new_local(None),
            parts: StoredValue::new_local((store, camera, scene, owner)),
            pending: StoredValue::new_local(None),
        }
    }

    /// The simulation and its views, once loaded (tracked).
    pub fn get(&self) -> Option<(&'static Sim, Views)> {
        Some((self.module.get()?, self.views.get()?))
    }

    /// Runs `then` with the simulation: at once when it is here, else once fetched, a task
    /// later (a failed fetch says so in the panels, offers "Try again", and drops `then`).
    pub fn with(&self, then: impl FnOnce(&'static Sim, Views) + 'static) {
        let shell = *self;
        self.module.fetch(crate::panels::views::entry, move |sim| then(sim, shell.mounted(sim)));
    }

    /// The views, mounted under the studio's owner the first time.
    fn mounted(self, sim: &'static Sim) -> Views {
        if let Some(views) = self.views.get_untracked() {
            return views;
        }
        let (store, camera, scene, owner) = self.parts.get_value();
        let views = owner.with(|| (sim.mount)(store, camera, scene, self.tab));
        self.views.set(Some(views));
        views
    }

    /// Fetches the simulation if it is not here yet, then asks the pending question, if any.
    pub fn load(&self) {
        let shell = *self;
        self.with(move |sim, views| {
            if let Some((ask, id)) = shell.pending.try_update_value(Option::take).flatten() {
                (sim.ask)(views, shell.parts.with_value(|p| p.0), ask, id);
            }
        });
    }

    /// Renders `view` with the simulation once it is here; until then, nothing.
    pub fn slot(self, view: impl Fn(&'static Sim, Views) -> AnyView + Send + Sync + 'static) -> impl IntoView {
        move || self.get().map(|(sim, views)| view(sim, views))
    }

    /// Asks a question about element `id` (trace from or to it, resolve from it, its routes):
    /// the answer's tab opens at once; while the simulation is fetched it says so there, and if
    /// the fetch fails, it offers "Try again" there.
    pub fn ask(self, ask: Ask, id: Id) {
        self.tab.set(ask.tab());
        self.pending.set_value(Some((ask, id)));
        self.load();
    }

    /// What a panel shows while the simulation is being fetched, or when fetching failed.
    pub fn waiting(self) -> impl IntoView {
        self.module.waiting("simulation", move || self.load())
    }

    /// Fetches the simulation as soon as the open design has intents, so they are checked (and
    /// failing ones marked on the canvas) without a click.
    pub fn check_intents(self, store: Store) {
        let has = Memo::new(move |_| store.design.with(|d| !d.intents.is_empty()));
        Effect::new(move |_| {
            if has.get() {
                self.load();
            }
        });
    }

    /// Whether the side panel is wide (tables need room).
    pub fn wide(self) -> impl Fn() -> bool + Copy {
        move || self.tab.get() != Tab::Design
    }
}

/// The tab strip above the side panel. Opening a simulation tab fetches the simulation.
#[component]
pub fn TabStrip(shell: Shell) -> impl IntoView {
    let tabs = Tab::ALL
        .into_iter()
        .map(|t| {
            let open = move |_| {
                // A tab chosen by hand replaces a question still waiting for the simulation.
                shell.pending.set_value(None);
                shell.tab.set(t);
                if t != Tab::Design {
                    shell.load();
                }
            };
            view! {
                <button role="tab" class="tab" aria-selected=move || (shell.tab.get() == t).to_string() on:click=open>
                    {t.label()}
                    {(t == Tab::Intents).then(|| shell.slot(|sim, views| (sim.intents_badge)(views)))}
                </button>
            }
        })
        .collect_view();
    view! { <div class="tabs" role="tablist" aria-label="Side panel">{tabs}</div> }
}

/// A collapsible panel whose body is the simulation's (insights, cost): closed, it shows only
/// its title and fetches nothing; opening it fetches the simulation. Whether it is open is
/// remembered in local storage, so someone who keeps the insights open finds them open (and
/// current) on the next visit; a first visit starts with both closed.
#[component]
pub fn LazyPanel(
    shell: Shell,
    class: &'static str,
    title: &'static str,
    body: fn(&'static Sim, Views) -> AnyView,
) -> impl IntoView {
    let key = format!("vnet-studio.panel.{class}");
    let open = RwSignal::new(crate::platform::storage::local::load(&key).as_deref() == Some("open"));
    if open.get_untracked() {
        shell.load();
    }
    let toggle = move |_| {
        open.update(|o| *o = !*o);
        let now = open.get_untracked();
        crate::platform::storage::local::save(&key, if now { "open" } else { "closed" });
        if now {
            shell.load();
        }
    };
    view! {
        <section class=format!("panel {class}") aria-label=title>
            <button class="panel-toggle" aria-expanded=move || open.get().to_string() on:click=toggle>
                <h2>{title}</h2>
                <span class="chevron">{move || if open.get() { "▾" } else { "▸" }}</span>
            </button>
            {move || open.get().then(|| view! { {shell.waiting()} {shell.slot(body)} })}
        </section>
    }
}
