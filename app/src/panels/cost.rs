//! The cost panel (issue 7 §4): the monthly estimate from `vnet_core::cost` per element and in
//! total, a bar chart of the largest costs (SVG, sized by attributes: the CSP forbids inline
//! styles), and the traffic assumptions it is computed from, editable here (each change is one
//! undoable edit of the design's `traffic` list).
//!
//! Architecture invariant: no pricing here; core computes every figure.

use crate::document::store::Store;
use leptos::prelude::*;
use vnet_core::cost::{self, Estimate};
use vnet_core::edit::{Edit, Element};
use vnet_core::id::IdKind;
use vnet_core::lookup;
use vnet_core::model::TrafficAssumption;
use vnet_core::Id;

/// Bars in the chart.
const BARS: usize = 6;
const CHART_W: f64 = 300.0;
const BAR_H: f64 = 22.0;

/// `$2,055.30` (USD; other currencies get their code).
fn money(currency: &str, x: f64) -> String {
    let cents = (x * 100.0).round() as i64;
    let (whole, frac) = (cents / 100, (cents % 100).abs());
    let digits = whole.abs().to_string();
    let mut grouped = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    let sign = if whole < 0 { "-" } else { "" };
    match currency {
        "USD" => format!("{sign}${grouped}.{frac:02}"),
        c => format!("{sign}{grouped}.{frac:02} {c}"),
    }
}

/// The panel's body (its collapsible frame is the main side's `sim::LazyPanel`).
pub fn body(store: Store) -> AnyView {
    let design = store.design;
    // Follows the settled design, not every keystroke (`Store::settled`).
    let estimate = Memo::new(move |_| {
        store.settled.track();
        design.with_untracked(cost::estimate)
    });
    view! { <CostBody store estimate /> }.into_any()
}

#[component]
fn CostBody(store: Store, estimate: Memo<Estimate>) -> impl IntoView {
    let total = move || estimate.with(|e| money(e.table.currency, e.total));
    let basis = move || {
        estimate.with(|e| {
            let tb = store.design.with(cost::gb_per_tb);
            format!("{} list prices of {} · 730 h a month · 1 TB = {tb} GB", e.table.currency, e.table.date)
        })
    };
    let verified = move || estimate.with(|e| e.table.verified.to_string());
    let rows = move || {
        estimate.with(|e| {
            e.elements
                .iter()
                .map(|c| {
                    let id = c.element.clone();
                    let items: Vec<String> = e
                        .lines
                        .iter()
                        .filter(|l| l.element == c.element)
                        .map(|l| format!("{}: {} {} × {} [{}]", l.item, fmt_qty(l.quantity), l.unit, l.unit_price, l.rule))
                        .collect();
                    view! {
                        <tr>
                            <td>
                                <button class="chip" on:click=move |_| store.select_all(vec![id.clone()])>{c.name.clone()}</button>
                                <div class="cost-items">{items.join(" · ")}</div>
                            </td>
                            <td class="amount">{money(e.table.currency, c.amount)}</td>
                        </tr>
                    }
                })
                .collect_view()
        })
    };
    let notes = move || estimate.with(|e| e.notes.iter().map(|n| view! { <li>{n.clone()}</li> }).collect_view());
    view! {
        <p class="summary">
            <span class="cost-total">{total}</span>
            " a month"
        </p>
        <p class="hint" title=verified>{basis}</p>
        <Chart estimate />
        <table class="cost-table">
            <thead><tr><th>"Element"</th><th class="amount">"Monthly"</th></tr></thead>
            <tbody>{rows}</tbody>
        </table>
        <ul class="cost-notes">{notes}</ul>
        <Traffic store />
    }
}

fn fmt_qty(q: f64) -> String {
    if q.fract() == 0.0 {
        format!("{}", q as i64)
    } else {
        format!("{q:.2}")
    }
}

/// Horizontal bars of the largest element costs.
#[component]
fn Chart(estimate: Memo<Estimate>) -> impl IntoView {
    move || {
        estimate.with(|e| {
            let top: Vec<_> = e.elements.iter().filter(|c| c.amount > 0.0).take(BARS).collect();
            if top.is_empty() {
                return None;
            }
            let max = top.iter().map(|c| c.amount).fold(0.0, f64::max).max(0.01);
            let height = BAR_H * top.len() as f64 + 4.0;
            let bars = top
                .iter()
                .enumerate()
                .map(|(i, c)| {
                    let y = 2.0 + BAR_H * i as f64;
                    // Bars take at most a third of the width: the label after the longest must fit.
                    let w = (c.amount / max * (CHART_W / 3.0)).max(2.0);
                    view! {
                        <g class="bar">
                            <title>{format!("{}: {}", c.name, money(e.table.currency, c.amount))}</title>
                            <rect x="0" y=y + 3.0 width=w height=BAR_H - 6.0 rx="3" />
                            <text x=w + 6.0 y=y + BAR_H / 2.0 + 4.0>{format!("{} {}", money(e.table.currency, c.amount), c.name)}</text>
                        </g>
                    }
                })
                .collect_view();
            Some(view! {
                <svg class="cost-chart" role="img" aria-label="Largest monthly costs" viewBox=format!("0 0 {CHART_W} {height}") width="100%" height=height>
                    {bars}
                </svg>
            })
        })
    }
}

/// The traffic assumptions: GB a month each way between two elements, editable.
#[component]
fn Traffic(store: Store) -> impl IntoView {
    // Memos, here and for the pickers: an edit elsewhere in the design redraws none of this
    // (the pickers held ~1,100 options at 100 spokes, rewritten on every keystroke).
    let paths = Memo::new(move |_| {
        store.design.with(|d| {
            let label = |t: &TrafficAssumption| format!("{} → {}", lookup::name(d, &t.from), lookup::name(d, &t.to));
            d.traffic.iter().map(|t| (t.clone(), label(t))).collect::<Vec<_>>()
        })
    });
    let rows = move || {
        paths.with(|paths| {
            paths
                .iter()
                .map(|(t, label)| {
                    let label = label.clone();
                    let (fwd, back) = (t.clone(), t.clone());
                    let remove = t.id.clone();
                    view! {
                        <li class="traffic-row">
                            <span class="traffic-path">{label}</span>
                            <label class="inline-field">
                                <span>"GB/month"</span>
                                <input type="number" min="0" step="1" prop:value=t.gb_per_month.to_string()
                                    on:change=move |ev| set_gb(store, &fwd, event_target_value(&ev), false) />
                            </label>
                            <label class="inline-field">
                                <span>"back"</span>
                                <input type="number" min="0" step="1" prop:value=t.gb_per_month_back.to_string()
                                    on:change=move |ev| set_gb(store, &back, event_target_value(&ev), true) />
                            </label>
                            <button class="remove" aria-label="Remove this assumption" on:click=move |_| {
                                let _ = store.apply(Edit::Remove(remove.clone()));
                            }>"×"</button>
                        </li>
                    }
                })
                .collect_view()
        })
    };
    let from = RwSignal::new(String::new());
    let to = RwSignal::new(String::new());
    // The pickers follow the settled design (`Store::settled`): at 100 spokes they are ~1,400
    // names, cloned and compared on every keystroke otherwise.
    let source_list = Memo::new(move |_| {
        store.settled.track();
        store.design.with_untracked(|d| {
            let vms = d.vms.iter().map(|v| (v.id.clone(), v.name.clone()));
            let hosts = d.sites.iter().flat_map(|s| s.hosts.iter().map(|h| (h.id.clone(), h.name.clone())));
            vms.chain(hosts).collect::<Vec<_>>()
        })
    });
    let target_list = Memo::new(move |_| {
        store.settled.track();
        store.design.with_untracked(|d| {
            let pes = d.private_endpoints.iter().map(|p| (p.id.clone(), p.name.clone()));
            let paas = d.paas.iter().map(|p| (p.id.clone(), p.name.clone()));
            let vms = d.vms.iter().map(|v| (v.id.clone(), v.name.clone()));
            let hosts = d.sites.iter().flat_map(|s| s.hosts.iter().map(|h| (h.id.clone(), h.name.clone())));
            pes.chain(paas).chain(vms).chain(hosts).collect::<Vec<_>>()
        })
    });
    let options = |list: Memo<Vec<(Id, String)>>| {
        move || list.get().into_iter().map(|(id, n)| view! { <option value=id.to_string()>{n}</option> }).collect_view()
    };
    let (sources, targets) = (options(source_list), options(target_list));
    let add = move |_| {
        let (f, t) = (from.get_untracked(), to.get_untracked());
        if f.is_empty() || t.is_empty() || f == t {
            return;
        }
        let id = store.design.with_untracked(|d| d.id_allocator().next(IdKind::Traffic));
        let a = TrafficAssumption { id, from: Id::new(f), to: Id::new(t), gb_per_month: 1024, gb_per_month_back: 1024 };
        let _ = store.apply(Edit::Add(Element::Traffic(a)));
    };
    view! {
        <h3>"Traffic assumptions"</h3>
        <p class="hint">"Data a month on each path (TCP 443 is traced to find what it crosses)."</p>
        <ul class="traffic">{rows}</ul>
        <div class="actions traffic-add">
            <select aria-label="From" on:change=move |ev| from.set(event_target_value(&ev))>
                <option value="">"From…"</option>
                {sources}
            </select>
            <select aria-label="To" on:change=move |ev| to.set(event_target_value(&ev))>
                <option value="">"To…"</option>
                {targets}
            </select>
            <button on:click=add>"Add path"</button>
        </div>
    }
}

fn set_gb(store: Store, t: &TrafficAssumption, text: String, back: bool) {
    let Ok(gb) = text.trim().parse::<u64>() else { return };
    let mut t = t.clone();
    if back {
        t.gb_per_month_back = gb;
    } else {
        t.gb_per_month = gb;
    }
    let _ = store.apply(Edit::Update(Element::Traffic(t)));
}
