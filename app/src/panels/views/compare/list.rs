//! The effects of a comparison, grouped: intents first (newly failing ones marked), then
//! reachability (flows lost before flows gained), effective routes, DNS answers, elements and
//! the cost. Each line opens what explains it: a flip or an intent its trace on both sides, an
//! answer its lookup on both sides (`sides`), a route its subnet's Routes view, an element its
//! selection.

use super::effects::{CellSide, Effects};
use super::{sides, CompareState, Compared, Detail};
use crate::document::store::Store;
use crate::panels::sim::Tab;
use crate::panels::views::Views;
use leptos::prelude::*;
use std::sync::Arc;
use vnet_core::Id;

/// Lines drawn per group; the rest are counted (a removed default route flips hundreds of
/// cells at 100 spokes, and the list is for reading, not scrolling through thousands).
const SHOWN: usize = 150;

#[component]
pub fn EffectList(views: Views, store: Store, state: CompareState, compared: Arc<Compared>) -> impl IntoView {
    let e = &compared.effects;
    let newly = e.intents.iter().filter(|i| i.newly_failing()).count();
    let (lost, gained) = e.lost_and_gained();
    let summary = if e.is_empty() {
        "No effect: routes, reachability, DNS answers, intents, elements and cost are the same.".to_string()
    } else {
        let mut parts = Vec::new();
        if newly > 0 {
            parts.push(plural(newly, "intent newly failing", "intents newly failing"));
        }
        if lost > 0 {
            parts.push(plural(lost, "flow lost", "flows lost"));
        }
        if gained > 0 {
            parts.push(plural(gained, "flow gained", "flows gained"));
        }
        if !e.routes.is_empty() {
            parts.push(plural(e.routes.len(), "route changed", "routes changed"));
        }
        if !e.dns.is_empty() {
            parts.push(plural(e.dns.len(), "DNS answer changed", "DNS answers changed"));
        }
        if !e.elements.is_empty() {
            parts.push(plural(e.elements.len(), "element changed", "elements changed"));
        }
        parts.join(" · ")
    };
    let probes: Vec<String> = e.probes.iter().map(|p| p.label()).collect();
    let summary_class = if newly > 0 { "compare-summary bad" } else { "compare-summary" };
    let seconds = format!("{:.1} s", compared.ms / 1000.0);
    let detail = move || state.detail.get().map(|d| view! { <sides::Sides views state detail=d /> });
    let now = compared.now.clone();
    let stale = Memo::new(move |_| store.design.with(|d| d != &*now));
    let stale_note = move || {
        stale.get().then(|| {
            view! {
                <p class="compare-stale" role="status">
                    "The design has changed since this comparison: the effects below are for it as it was. "
                    <button class="primary compare-again" on:click=move |_| state.again(store)>"Compare again"</button>
                </p>
            }
        })
    };
    view! {
        <div class="compare-result" class:stale=move || stale.get() data-ms=format!("{:.0}", compared.ms)>
            <div class="compare-head">
                <p class="compare-what"><strong>{format!("Now vs {}", compared.what)}</strong></p>
                <button class="close" on:click=move |_| state.close() title="Close the comparison (the canvas marks go too)">"Close"</button>
            </div>
            {stale_note}
            <p class=summary_class role="status">{summary}</p>
            <p class="hint">{format!("Reachability for {} · computed in {seconds}", probes.join(", "))}</p>
            {detail}
            <Groups views store state compared=compared.clone() />
        </div>
    }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

/// `delivered → dropped (reason, R-x)`.
fn side_text(s: &CellSide) -> String {
    match (&s.reason, &s.rule) {
        (Some(why), Some(rule)) => format!("{} ({why}, {rule})", s.outcome),
        (Some(why), None) => format!("{} ({why})", s.outcome),
        _ => s.outcome.clone(),
    }
}

fn more(n: usize) -> impl IntoView {
    (n > SHOWN).then(|| view! { <li class="more">{format!("… and {} more", n - SHOWN)}</li> })
}

#[component]
fn Groups(views: Views, store: Store, state: CompareState, compared: Arc<Compared>) -> impl IntoView {
    let e: &Effects = &compared.effects;
    let open = move |d: Detail| {
        state.detail.set(Some(d));
    };
    let intents = e
        .intents
        .iter()
        .enumerate()
        .take(SHOWN)
        .map(|(i, f)| {
            let class = if f.newly_failing() { "effect intent newly-failing" } else { "effect intent" };
            let why = f.summary_after.clone().or(f.summary_before.clone()).unwrap_or_default();
            view! {
                <li>
                    <button class=class on:click=move |_| open(Detail::Intent(i))>
                        <span class="what">{f.title.clone()}</span>
                        <span class="change">{format!("{} → {}", f.before, f.after)}</span>
                        <span class="why">{why}</span>
                    </button>
                </li>
            }
        })
        .collect_view();
    // Flows lost (delivered before) first.
    let mut order: Vec<usize> = (0..e.reachability.len()).collect();
    order.sort_by_key(|&i| e.reachability[i].before.outcome != "delivered");
    let flips = order
        .into_iter()
        .take(SHOWN)
        .map(|i| {
            let f = &e.reachability[i];
            let lost = f.before.outcome == "delivered";
            view! {
                <li>
                    <button class=if lost { "effect flip lost" } else { "effect flip gained" } on:click=move |_| open(Detail::Flip(i))>
                        <span class="what">{format!("{} → {}", f.from.name(), f.to.name())}</span>
                        <span class="probe">{f.probe.label()}</span>
                        <span class="change">{format!("{} → {}", side_text(&f.before), side_text(&f.after))}</span>
                    </button>
                </li>
            }
        })
        .collect_view();
    let routes = e
        .routes
        .iter()
        .take(SHOWN)
        .map(|r| {
            let subnet = r.subnet.after_id().map(Id::new);
            let show = move |_| {
                if let Some(id) = subnet.clone() {
                    store.selected.set(Some(id));
                    views.tab.set(Tab::Routes);
                }
            };
            let before = r.before.clone().unwrap_or_else(|| "—".into());
            let after = r.after.clone().unwrap_or_else(|| "—".into());
            let rule = r.rule_after.clone().or(r.rule_before.clone()).map(|x| format!(" ({x})")).unwrap_or_default();
            view! {
                <li>
                    <button class="effect route" on:click=show disabled=r.subnet.after.is_none()
                        title="Open the subnet's effective routes">
                        <span class="what">{format!("{}: {}", r.subnet.name(), r.route)}</span>
                        <span class="change">{format!("{} {before} → {after}{rule}", r.change)}</span>
                    </button>
                </li>
            }
        })
        .collect_view();
    let dns = e
        .dns
        .iter()
        .enumerate()
        .take(SHOWN)
        .map(|(i, d)| {
            view! {
                <li>
                    <button class="effect dns" on:click=move |_| open(Detail::Dns(i))>
                        <span class="what">{format!("{} looks up {}", d.client.name(), d.name)}</span>
                        <span class="change">{format!("{} → {}", d.before, d.after)}</span>
                    </button>
                </li>
            }
        })
        .collect_view();
    let elements = e
        .elements
        .iter()
        .take(SHOWN)
        .map(|x| {
            let id = x.element.after_id().map(Id::new);
            let fields: Vec<String> = x
                .fields
                .iter()
                .take(4)
                .map(|f| {
                    let v = |s: &Option<String>| s.clone().unwrap_or_else(|| "—".into());
                    format!("{}: {} → {}", f.path, v(&f.before), v(&f.after))
                })
                .collect();
            let extra = x.fields.len().saturating_sub(4);
            let select = move |_| {
                if let Some(id) = id.clone() {
                    store.select(Some(id));
                }
            };
            view! {
                <li>
                    <button class=format!("effect element {}", x.change) on:click=select disabled=x.element.after.is_none()>
                        <span class="what">{format!("{} {}", x.kind, x.element.name())}</span>
                        <span class="change">{x.change.clone()}</span>
                        {fields.into_iter().map(|f| view! { <span class="field-change">{f}</span> }).collect_view()}
                        {(extra > 0).then(|| view! { <span class="field-change">{format!("… {extra} more fields")}</span> })}
                    </button>
                </li>
            }
        })
        .collect_view();
    let cost = e.cost.changed().then(|| {
        let c = &e.cost;
        let sign = if c.delta >= 0.0 { "+" } else { "−" };
        view! {
            <section class="effects cost">
                <h3>"Cost"</h3>
                <p>{format!("{:.2} → {:.2} {} per month ({sign}{:.2})", c.before, c.after, c.currency, c.delta.abs())}</p>
            </section>
        }
    });
    let group = |class: &'static str, title: &'static str, n: usize, items: AnyView| {
        (n > 0).then(|| {
            view! {
                <section class=format!("effects {class}")>
                    <h3>{format!("{title} ({n})")}</h3>
                    <ul>{items}{more(n)}</ul>
                </section>
            }
        })
    };
    let unexplained = (e.unexplained > 0)
        .then(|| view! { <p class="hint">{format!("{} flipped flows are listed without their reason (the first ones are explained).", e.unexplained)}</p> });
    view! {
        {group("intents", "Intents", e.intents.len(), intents.into_any())}
        {group("reachability", "Reachability", e.reachability.len(), flips.into_any())}
        {unexplained}
        {group("routes", "Effective routes", e.routes.len(), routes.into_any())}
        {group("dns", "DNS answers", e.dns.len(), dns.into_any())}
        {group("elements", "Elements", e.elements.len(), elements.into_any())}
        {cost}
    }
}
