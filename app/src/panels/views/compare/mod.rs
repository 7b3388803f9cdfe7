//! "Compare with…" (issue 21 §2): the open design against the checkpoint, a saved design, a
//! share link or a file — what the change does to intents, reachability, routes, DNS answers,
//! elements and the monthly cost.
//!
//! Why a worker: `vnet_core::diff::diff` computes both designs' reachability matrices for every
//! port of the probe set and a DNS sweep — seconds at 100 spokes — so it runs in the matrix's
//! Web Worker (`worker/src/main.rs`, message `diff`), never on the page's thread. The answer
//! comes back as the diff's JSON (`effects`).
//!
//! "Before" is always the other design and "now" the open one, so the effects read as what the
//! edits did. Opening an effect runs its trace or lookup on both designs (`sides`: an engine is
//! compiled for the other design once per comparison); the canvas outlines what changed
//! (`marks`).
//!
//! Architecture invariant: nothing here decides anything: the effects are core's diff, the
//! traces core's engine.

mod effects;
mod list;
mod marks;
mod sides;
mod source;

pub use marks::CompareMarks;

use super::compiled::Shared;
use super::matrix::worker::{Client, Reply};
use super::Views;
use crate::document::checkpoint::Checkpoint;
use crate::document::library::Entry;
use crate::document::naming::title;
use crate::document::store::Store;
use effects::Effects;
use leptos::prelude::*;
use leptos::task::spawn_local;
use source::Other;
use std::sync::Arc;
use vnet_core::codec::json;
use vnet_core::layout::Layout;
use vnet_core::Document;

/// A finished comparison.
pub struct Compared {
    /// How the panel names the other design ("the checkpoint (3 edits ago)").
    pub what: String,
    /// The other design, "before".
    pub other: Arc<Document>,
    /// The open design as it was compared, "now": once the open design differs from it, the
    /// effects are stale (an undo back to it makes them current again).
    pub now: Arc<vnet_core::model::Design>,
    pub effects: Effects,
    /// Wall time from the request to the answer, in the browser (BENCHMARKS.md).
    pub ms: f64,
}

/// Which effect is open on both sides.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Detail {
    Intent(usize),
    Flip(usize),
    Dns(usize),
}

#[derive(Clone, Debug, PartialEq)]
enum Status {
    Idle,
    Comparing(String),
    Failed(String),
}

/// The comparison's state, kept by `Views` across tabs (the canvas marks read it too).
#[derive(Clone, Copy)]
pub struct CompareState {
    status: RwSignal<Status>,
    pub result: RwSignal<Option<Arc<Compared>>>,
    pub detail: RwSignal<Option<Detail>>,
    /// The other design's engine, compiled on the first effect opened.
    before: StoredValue<Option<Shared>>,
    client: StoredValue<Client, LocalStorage>,
}

impl CompareState {
    pub fn new() -> Self {
        CompareState {
            status: RwSignal::new(Status::Idle),
            result: RwSignal::new(None),
            detail: RwSignal::new(None),
            before: StoredValue::new(None),
            client: StoredValue::new_local(Client::default()),
        }
    }

    /// The other design's engine (compiled on first use for this comparison).
    fn before_engine(&self) -> Option<Shared> {
        if let Some(e) = self.before.get_value() {
            return Some(e);
        }
        let other = self.result.with_untracked(|r| r.as_ref().map(|r| r.other.clone()))?;
        let shared = Shared::compile(other.design.clone());
        self.before.set_value(Some(shared.clone()));
        Some(shared)
    }

    /// Sends both designs to the worker; the answer replaces the last comparison.
    fn start(self, store: Store, other: Result<Other, String>) {
        let other = match other {
            Ok(o) => o,
            Err(e) => return self.status.set(Status::Failed(e)),
        };
        let before = json::to_json(&other.doc);
        let now = Arc::new(store.design.get_untracked());
        let after = json::to_json(&Document::new((*now).clone(), Layout::default()));
        let what = other.what;
        let doc = Arc::new(other.doc);
        self.status.set(Status::Comparing(what.clone()));
        let started = js_sys::Date::now();
        let state = self;
        self.client.with_value(|c| {
            c.diff(&before, &after, move |reply| match reply {
                Reply::Diff(text) => match Effects::read(&text) {
                    Ok(effects) => {
                        let ms = js_sys::Date::now() - started;
                        state.before.set_value(None);
                        state.detail.set(None);
                        state.result.set(Some(Arc::new(Compared {
                            what: what.clone(),
                            other: doc.clone(),
                            now: now.clone(),
                            effects,
                            ms,
                        })));
                        state.status.set(Status::Idle);
                    }
                    Err(e) => state.status.set(Status::Failed(e)),
                },
                Reply::Error(e) => state.status.set(Status::Failed(format!("The comparison failed: {e}"))),
                Reply::Progress { .. } | Reply::Matrix(_) => {}
            })
        });
    }

    /// Compares the open design again with the same other design (after edits made the last
    /// comparison stale).
    fn again(self, store: Store) {
        let Some(last) = self.result.get_untracked() else { return };
        self.start(store, Ok(Other { doc: (*last.other).clone(), what: last.what.clone() }));
    }

    fn cancel(self) {
        self.client.with_value(Client::stop);
        self.status.set(Status::Idle);
    }

    /// Closes the comparison: the list and the canvas marks go.
    fn close(self) {
        self.result.set(None);
        self.detail.set(None);
        self.before.set_value(None);
    }
}

/// The Compare tab.
#[component]
pub fn ComparePanel(views: Views, store: Store) -> impl IntoView {
    stylesheet();
    let state = views.compare;
    let status = state.status;
    let comparing = move || matches!(status.get(), Status::Comparing(_));
    view! {
        <section class="panel compare" aria-label="Compare">
            <h2>"Compare with…"</h2>
            <p class="hint">
                "What a change does: the open design (“now”) against another (“before”) — intents, reachability, "
                "effective routes, DNS answers, elements and cost. Computed off the page, in a worker."
            </p>
            <Sources store state disabled=Signal::derive(comparing) />
            {move || match status.get() {
                Status::Idle => ().into_any(),
                Status::Comparing(what) => view! {
                    <p class="comparing" role="status">
                        <span class="spinner" aria-hidden="true"></span>
                        {format!("Comparing with {what}…")}
                        " "<button on:click=move |_| state.cancel()>"Cancel"</button>
                    </p>
                }.into_any(),
                Status::Failed(e) => view! { <p class="error" role="alert">{e}</p> }.into_any(),
            }}
            {move || state.result.get().map(|r| view! { <list::EffectList views store state compared=r /> })}
        </section>
    }
}

/// Adds `compare.css` to the page once: its rules are needed only from here on, so they are not
/// bytes of the first load (DECISIONS 24). The CSP allows stylesheets from the page's origin.
fn stylesheet() {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else { return };
    if doc.query_selector("link[data-compare]").ok().flatten().is_some() {
        return;
    }
    let (Ok(link), Ok(Some(head))) = (doc.create_element("link"), doc.query_selector("head")) else { return };
    let _ = link.set_attribute("rel", "stylesheet");
    let _ = link.set_attribute("href", "./compare.css");
    let _ = link.set_attribute("data-compare", "");
    let _ = head.append_child(&link);
}

/// The four ways to name the other design.
#[component]
fn Sources(store: Store, state: CompareState, disabled: Signal<bool>) -> impl IntoView {
    let checkpoint = Memo::new(move |_| Checkpoint::get().of(&store).map(|m| m.depth));
    let depth = store.depth;
    let checkpoint_hint = move || match checkpoint.get() {
        None => "No checkpoint yet: “Set checkpoint” keeps the design as it is now.".to_string(),
        Some(at) => match depth.get().0.saturating_sub(at) {
            0 => "Checkpoint set; no edit since.".to_string(),
            1 => "Checkpoint set 1 edit ago.".to_string(),
            n => format!("Checkpoint set {n} edits ago."),
        },
    };
    let saved = RwSignal::new(Vec::<Entry>::new());
    if let Some(library) = store.library() {
        spawn_local(async move { saved.set(library.saved().await.unwrap_or_default()) });
    }
    let link = RwSignal::new(String::new());
    let on_saved = move |ev: leptos::ev::Event| {
        let key = event_target_value(&ev);
        if key.is_empty() {
            return;
        }
        spawn_local(async move { state.start(store, source::saved(store, key).await) });
    };
    let on_file = move |ev: leptos::ev::Event| {
        use wasm_bindgen::JsCast;
        let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) else { return };
        let files = input.files().map(|l| crate::platform::browser::files_of(&l)).unwrap_or_default();
        input.set_value("");
        if !files.is_empty() {
            spawn_local(async move { state.start(store, source::files(files).await) });
        }
    };
    let saved_options = move || {
        saved.with(|es| {
            es.iter().map(|e| view! { <option value=e.key.clone()>{title(&e.name)}</option> }).collect_view()
        })
    };
    view! {
        <div class="compare-sources">
            <div class="source">
                <button class="set-checkpoint" title="Keep the design as it is now, to compare later edits with"
                    on:click=move |_| Checkpoint::get().set(&store)>"Set checkpoint"</button>
                <button class="primary compare-checkpoint" disabled=move || disabled.get() || checkpoint.get().is_none()
                    on:click=move |_| state.start(store, source::checkpoint(&store))>
                    "Compare with checkpoint"
                </button>
                <span class="hint">{checkpoint_hint}</span>
            </div>
            <label class="source">
                <span class="field-label">"A saved design"</span>
                <select on:change=on_saved disabled=move || disabled.get()>
                    <option value="" selected=true>{move || if saved.with(Vec::is_empty) { "None saved in this browser" } else { "Choose…" }}</option>
                    {saved_options}
                </select>
            </label>
            <div class="source">
                <label class="field">
                    <span class="field-label">"A share link"</span>
                    <input type="text" name="compare-link" placeholder="Paste a share link" spellcheck="false"
                        prop:value=move || link.get() on:input=move |ev| link.set(event_target_value(&ev)) />
                </label>
                <button disabled=move || disabled.get() || link.with(|l| l.trim().is_empty())
                    on:click=move |_| state.start(store, source::share_link(&link.get_untracked()))>"Compare"</button>
            </div>
            <label class="source">
                <span class="field-label">"A file (a studio design, or Azure’s JSON)"</span>
                <input type="file" name="compare-file" accept=".json,application/json" multiple=true
                    disabled=move || disabled.get() on:change=on_file />
            </label>
        </div>
    }
}
