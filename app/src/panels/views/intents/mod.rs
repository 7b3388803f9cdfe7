//! The Intents tab (issue 21 §1): the design's promises — reach, isolate, through a device,
//! symmetric, resolves — each checked by core (`vnet_core::intent`) on every settled edit, listed
//! pass / fail / unchecked with the one line that says why. Opening a failing intent offers the
//! trace or lookup that breaks it (the Trace or DNS tab, filled and run: the views already there,
//! not a copy) and, when a flow fails to get through, the engine's proven fixes (`fix::Proposer`,
//! computed when the intent is opened, never per edit), each one undo step. An intent's title is
//! edited in place; × removes it. Intents are added here (`form`), kept from a trace or lookup
//! (`keep`), and failing ones are marked on the canvas (`marks`).
//!
//! Architecture invariant: nothing here decides whether an intent holds; core does, on the one
//! engine of the design version (`compiled`).

pub mod form;
pub mod keep;
pub mod marks;
#[cfg(test)]
mod tests;

use super::compiled::Shared;
use super::trace_panel::{prove, Fixes};
use super::{RuleLink, Views};
use crate::document::store::Store;
use crate::panels::sim::Tab;
use leptos::prelude::*;
use vnet_core::edit::{Edit, Element};
use vnet_core::fix::{self, Proposal};
use vnet_core::intent::{self, Checked, Evidence, Status};
use vnet_core::model::{Ask, IntentCheck};
use vnet_core::trace::{Flow, Outcome};
use vnet_core::Id;

/// What the Intents tab remembers across tabs: the intent opened, and the add form.
#[derive(Clone, Copy)]
pub struct IntentsState {
    pub open: RwSignal<Option<Id>>,
    /// Changes whenever an intent is opened or closed: fixes still being proved for the intent
    /// that was open stop.
    opening: StoredValue<u64>,
    pub form: form::IntentForm,
}

impl IntentsState {
    pub fn new() -> Self {
        IntentsState { open: RwSignal::new(None), opening: StoredValue::new(0), form: form::IntentForm::new() }
    }
}

/// Every intent of the design, checked on the engine of the design version once the design has
/// settled (`Store::settled`, 250 ms after the last change): a burst of typing checks once, and a
/// design without intents compiles nothing.
pub fn checked(store: Store, engine: Memo<Shared>) -> Memo<Vec<Checked>> {
    let (design, settled) = (store.design, store.settled);
    Memo::new(move |_| {
        settled.get();
        if design.with_untracked(|d| d.intents.is_empty()) {
            return Vec::new();
        }
        engine.with_untracked(|e| {
            let eng = e.engine();
            intent::check_all(eng, &eng.net.design.intents)
        })
    })
}

fn status_class(s: Status) -> &'static str {
    match s {
        Status::Pass => "intent pass",
        Status::Fail => "intent fail",
        Status::Unchecked => "intent unchecked",
    }
}

#[component]
pub fn IntentsPanel(views: Views, store: Store) -> impl IntoView {
    let checked = views.checked;
    let state = views.intents;
    let adding = state.form.shown;
    let counts = move || {
        checked.with(|c| {
            let failing = intent::failing(c);
            match (c.len(), failing) {
                (0, _) => String::new(),
                (1, 0) => "It holds.".to_string(),
                (n, 0) => format!("All {n} hold."),
                (1, _) => "It does not hold.".to_string(),
                (n, f) => format!("{f} of {n} do not hold."),
            }
        })
    };
    let items = move || checked.get().into_iter().map(|c| view! { <IntentItem views store c /> }).collect_view();
    view! {
        <section class="panel intents" aria-label="Intents">
            <div class="questions-head">
                <h2>"Intents"</h2>
                <button type="button" class="add-intent" aria-expanded=move || adding.get().to_string()
                    on:click=move |_| adding.update(|a| *a = !*a)>"Add intent"</button>
            </div>
            <p class="summary" role="status">{counts}</p>
            {move || adding.get().then(|| view! { <form::AddIntent views store /> })}
            {move || checked.with(Vec::is_empty).then(|| view! {
                <p class="hint">"An intent is a promise the design keeps — a flow that must get through, or must not, or must cross a firewall; a name that must resolve privately — checked on every edit. Keep one from a trace or DNS lookup, add one here, or right-click an element: Add intent…"</p>
            })}
            <ul class="intent-list">{items}</ul>
        </section>
    }
}

/// One intent: its status, title and summary; opened, its title field, what breaks it, its fixes.
#[component]
fn IntentItem(views: Views, store: Store, c: Checked) -> impl IntoView {
    let open = views.intents.open;
    let id = c.id.clone();
    let is_open = {
        let id = id.clone();
        Memo::new(move |_| open.with(|o| o.as_ref() == Some(&id)))
    };
    let toggle = {
        let id = id.clone();
        move |_| {
            views.intents.opening.update_value(|n| *n += 1);
            open.update(|o| *o = if o.as_ref() == Some(&id) { None } else { Some(id.clone()) })
        }
    };
    let rule = c.rule;
    let pairs = (c.pairs > 1).then(|| format!(" ({} pairs checked)", c.pairs));
    let detail = {
        let c = c.clone();
        move || is_open.get().then(|| view! { <IntentDetail views store c=c.clone() /> })
    };
    view! {
        <li class=status_class(c.status) data-intent=id.to_string()>
            <button type="button" class="intent-head" aria-expanded=move || is_open.get().to_string() on:click=toggle>
                <span class="intent-status">{c.status.label()}</span>" "
                <span class="intent-title">{c.title.clone()}</span>
            </button>
            <p class="intent-summary">{c.summary.clone()}{pairs}{rule.map(|id| view! { " " <RuleLink views id /> })}</p>
            {detail}
        </li>
    }
}

/// The question that shows an intent's evidence, as the trace and DNS forms ask it.
fn evidence_ask(e: &Evidence) -> Ask {
    match e {
        Evidence::Trace { flow } => {
            Ask::Trace { from: flow.from.clone(), to: flow.to, protocol: flow.protocol, port: flow.port }
        }
        Evidence::Connect { from, target } => Ask::Connect { from: Id::new(from), target: target.clone() },
        Evidence::Lookup { from, name } => Ask::Resolve { from: from.clone(), name: name.clone() },
    }
}

/// An opened intent: rename, show its trace or lookup, remove; a failing flow's fixes.
#[component]
fn IntentDetail(views: Views, store: Store, c: Checked) -> impl IntoView {
    let id = c.id.clone();
    let error = RwSignal::new(None::<String>);
    let stored = store.design.with_untracked(|d| d.intents.iter().find(|i| i.id == id).cloned());
    let Some(stored) = stored else { return ().into_any() };
    let rename = {
        let stored = stored.clone();
        move |ev| {
            let title = event_target_value(&ev).trim().to_string();
            if title != stored.title {
                let edit = Edit::Update(Element::Intent(vnet_core::model::Intent { title, ..stored.clone() }));
                error.set(store.apply(edit).err().map(|e| e.to_string()));
            }
        }
    };
    let remove = {
        let id = id.clone();
        move |_| {
            views.intents.open.set(None);
            error.set(store.apply(Edit::Remove(id.clone())).err().map(|e| e.to_string()));
        }
    };
    let show = c.evidence.as_ref().map(|e| {
        let ask = evidence_ask(e);
        let label = match e {
            Evidence::Trace { .. } => "Show the trace",
            Evidence::Connect { .. } => "Show the connection",
            Evidence::Lookup { .. } => "Show the lookup",
        };
        let run = move |_| store.design.with_untracked(|d| views.ask(d, &ask));
        view! { <button type="button" class="show-evidence" on:click=run>{label}</button> }
    });
    let flow = match (&c.evidence, c.status) {
        (Some(Evidence::Trace { flow }), Status::Fail) => Some(flow.clone()),
        _ => None,
    };
    let reach = !matches!(stored.check, IntentCheck::Isolate { .. });
    view! {
        <div class="intent-detail">
            <label class="field">
                <span class="field-label">"Title"</span>
                <input type="text" name="intent-title" prop:value=stored.title.clone() placeholder=c.title.clone()
                    on:change=rename />
            </label>
            <div class="actions">
                {show}
                <button type="button" class="remove-intent" on:click=remove>"Remove intent"</button>
            </div>
            {move || error.get().map(|e| view! { <p class="error" role="alert">{e}</p> })}
            {flow.map(|flow| view! { <IntentFixes views store flow reach /> })}
        </div>
    }
    .into_any()
}

/// The proven fixes of an intent whose flow does not get through, computed when it is opened
/// (one candidate per task, as the trace panel does) and dropped when it is closed or the design
/// changes. A flow that is delivered and still fails (isolate, or through that skips the device)
/// has no fix to prove: the trace shows where to act.
#[component]
fn IntentFixes(views: Views, store: Store, flow: Flow, reach: bool) -> impl IntoView {
    let fixes = RwSignal::new(None::<Vec<Proposal>>);
    let delivered =
        views.engine.with_untracked(|e| e.engine().trace(&flow).is_ok_and(|t| t.outcome == Outcome::Delivered));
    if delivered {
        let hint = if reach {
            "The flow is delivered, but not the way the intent asks: the trace shows the path it takes."
        } else {
            "The flow is delivered: the trace shows the path; a deny rule on it (NSG, firewall) would keep the promise."
        };
        return view! { <p class="hint">{hint}</p> }.into_any();
    }
    let opening = views.intents.opening;
    let (version, opened) = (store.settled.get_untracked(), opening.get_value());
    let wanted = move || store.settled.get_untracked() == version && opening.get_value() == opened;
    // A frame first, so opening the intent is drawn before the engine is compiled again.
    request_animation_frame(move || {
        if wanted() {
            prove(fixes, wanted, fix::Proposer::new(store.document(), &flow));
        }
    });
    view! { <Fixes views store fixes /> }.into_any()
}

/// The number of intents that do not hold, beside the tab's label (nothing when all hold).
pub fn badge(views: Views) -> AnyView {
    let failing = Memo::new(move |_| views.checked.with(|c| intent::failing(c)));
    (move || {
        let n = failing.get();
        let title = if n == 1 { "1 intent does not hold".to_string() } else { format!("{n} intents do not hold") };
        (n > 0).then(|| view! { <span class="tab-badge" title=title>{n}</span> })
    })
    .into_any()
}

/// Opens the Intents tab on one intent (a mark on the canvas was clicked).
pub fn reveal(views: Views, id: Id) {
    views.intents.open.set(Some(id));
    views.tab.set(Tab::Intents);
}
