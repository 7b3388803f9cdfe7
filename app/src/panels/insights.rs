//! The insights panel (issue 7 §4): the traps core finds in the design, always current (a memo
//! over the design signal, computed only while the panel is open), each with its severity, the
//! elements involved (a click selects them on the canvas), why it matters, its rule ids (a click
//! opens the rule text) and, when core proved one, a fix applied as one undoable edit.
//!
//! Architecture invariant: no network logic here; `vnet_core::insight` decides everything.

use crate::document::store::Store;
use crate::panels::views::{drawn_as, RuleLink, Views};
use leptos::prelude::*;
use vnet_core::insight::{self, Insight, Severity};
use vnet_core::lookup;
use vnet_core::Id;

/// Designs up to this many subnets get their fixes proved with every edit.
const PROVE_UP_TO: usize = 60;

/// The panel's body (its collapsible frame is the main side's `sim::LazyPanel`).
pub fn body(store: Store, views: Views) -> AnyView {
    let design = store.design;
    // Mounted only while the panel is open, so a closed panel costs nothing per edit.
    // Proving fixes compiles changed designs: on large designs it waits for a click (fix_for).
    // Follows the settled design, not every keystroke (`Store::settled`).
    let found = Memo::new(move |_| {
        store.settled.track();
        design
            .with_untracked(|d| insight::find(d, if d.subnets.len() <= PROVE_UP_TO { insight::MAX_PROOFS } else { 0 }))
    });
    let message = RwSignal::new(None::<String>);
    let summary = move || {
        found.with(|f| {
            let count = |s: Severity| f.iter().filter(|i| i.severity == s).count();
            match f.len() {
                0 => "No traps found".to_string(),
                n => format!("{n} found · {} errors · {} warnings", count(Severity::Error), count(Severity::Warning)),
            }
        })
    };
    let items = move || found.with(|f| f.iter().map(|i| item(store, views, i, message)).collect_view());
    view! {
        <p class="summary">{summary}</p>
        {move || message.get().map(|m| view! { <p class="hint" role="status">{m}</p> })}
        <ul class="insight-list">{items}</ul>
    }
    .into_any()
}

fn item(store: Store, views: Views, i: &Insight, message: RwSignal<Option<String>>) -> impl IntoView {
    let class = format!("insight {}", i.severity.as_str());
    let ids: Vec<Id> = store.design.with_untracked(|d| {
        let mut out: Vec<Id> = Vec::new();
        for id in &i.elements {
            let id = drawn_as(d, id);
            if !out.contains(&id) {
                out.push(id);
            }
        }
        out
    });
    let select_all = {
        let ids = ids.clone();
        move |_| store.select_all(ids.clone())
    };
    let chips = ids
        .iter()
        .map(|id| {
            let label = store.design.with_untracked(|d| lookup::name(d, id));
            let one = id.clone();
            view! { <button class="chip" on:click=move |_| store.select_all(vec![one.clone()])>{label}</button> }
        })
        .collect_view();
    let rules = i.rules.iter().map(|&r| view! { <RuleLink views id=r /> }).collect_view();
    let fix = i.fix.clone().map(|f| {
        let edit = f.edit.clone();
        let on_fix = move |_| match store.apply(edit.clone()) {
            Ok(()) => message.set(Some("Fix applied (undo with Ctrl+Z).".into())),
            Err(e) => message.set(Some(format!("The fix could not be applied: {e}"))),
        };
        view! {
            <button class="insight-fix" on:click=on_fix>
                <span class="fix-label">"Fix"</span>
                {f.title}
            </button>
        }
    });
    let find_fix = (i.fix.is_none() && i.fixable).then(|| {
        let wanted = i.clone();
        let on_find = move |_| {
            let fix = store.design.with_untracked(|d| insight::fix_for(d, &wanted));
            match fix {
                Some(f) => match store.apply(f.edit) {
                    Ok(()) => message.set(Some(format!("Applied: {} (undo with Ctrl+Z).", f.title))),
                    Err(e) => message.set(Some(format!("The fix could not be applied: {e}"))),
                },
                None => message.set(Some("No small change was found that removes this trap.".into())),
            }
        };
        view! { <button class="insight-fix" on:click=on_find><span class="fix-label">"Fix"</span>"Find and apply a proved fix"</button> }
    });
    view! {
        <li class=class data-code=i.code.as_str()>
            <button class="insight-head" on:click=select_all title="Select the elements on the canvas">
                <span class="severity">{i.severity.as_str()}</span>
                <span class="insight-title">{i.title.clone()}</span>
            </button>
            <p class="insight-why">{i.why.clone()}</p>
            <div class="insight-elements">{chips}</div>
            <div class="insight-rules">"Rules " {rules}</div>
            {fix}
            {find_fix}
        </li>
    }
}
