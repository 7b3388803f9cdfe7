//! "Compare with Azure" in the Routes view (issue 19 §2): the user pastes what `az network nic
//! show-effective-route-table` printed for the real NIC and sees each row that differs from the
//! engine's table — missing, extra, another state or next hop — with the rule behind the
//! engine's row. The comparison is `vnet_core::watcher::route_diff`'s; this file lays it out.

use super::rule_text::RuleLink;
use super::Views;
use leptos::prelude::*;
use vnet_core::routes::RouteTable;
use vnet_core::watcher::route_diff::{compare_routes, RowChange, RowDifference};
use vnet_core::watcher::routes::effective_route_table;

#[component]
pub fn RouteCompare(views: Views, table: Memo<Option<RouteTable>>) -> impl IntoView {
    let pasted = RwSignal::new(String::new());
    // What was last compared: the comparison follows the design's edits until the text changes.
    let asked = RwSignal::new(None::<String>);
    let result = Memo::new(move |_| {
        let text = asked.get()?;
        let captured: serde_json::Value = match serde_json::from_str(&text) {
            Ok(v) => v,
            Err(e) => return Some(Err(format!("The pasted text is not JSON: {e}."))),
        };
        table.with(|t| {
            let t = t.as_ref()?;
            Some(compare_routes(&captured, &effective_route_table(t)).map_err(|e| format!("The pasted JSON is {e}.")))
        })
    });
    let outcome = move || {
        result.get().map(|r| match r {
            Err(e) => view! { <p class="error" role="alert">{e}</p> }.into_any(),
            Ok(diff) if diff.is_empty() => {
                view! { <p class="note same">"Azure's table and the engine's are the same (order and case aside)."</p> }
                    .into_any()
            }
            Ok(diff) => {
                let n = diff.len();
                let rows = diff.into_iter().map(|d| view! { <DiffRow views d /> }).collect_view();
                view! {
                    <p class="summary">{format!("{n} row(s) differ:")}</p>
                    <ul class="route-diff">{rows}</ul>
                }
                .into_any()
            }
        })
    };
    view! {
        <details class="route-compare">
            <summary>"Compare with Azure"</summary>
            <p class="hint">
                "Paste what "<code>"az network nic show-effective-route-table -g RG -n NIC -o json"</code>
                " printed for the real NIC (or the portal's download of Effective routes as JSON)."
            </p>
            <textarea
                aria-label="Azure's effective routes, as JSON"
                rows="5"
                spellcheck="false"
                on:input=move |ev| pasted.set(event_target_value(&ev))
            ></textarea>
            <button on:click=move |_| asked.set(Some(pasted.get_untracked()))>"Compare"</button>
            {outcome}
        </details>
    }
}

#[component]
fn DiffRow(views: Views, d: RowDifference) -> impl IntoView {
    let (label, class) = match d.change {
        RowChange::Missing => ("Missing from the engine", "missing"),
        RowChange::Extra => ("Only in the engine", "extra"),
        RowChange::Changed => ("Different", "changed"),
    };
    let azure = d.azure.map(|a| view! { <div>"Azure: "{a}</div> });
    let engine = d.engine.map(|e| view! { <div>"Engine: "{e}</div> });
    let rules = d.rules.into_iter().map(|id| view! { " " <RuleLink views id /> }).collect_view();
    let why = (!d.why.is_empty()).then(|| view! { <div class="why">{d.why}{rules}</div> });
    view! {
        <li class=class>
            <strong>{label}</strong>" "<span class="route">{d.route}</span>
            {azure}
            {engine}
            {why}
        </li>
    }
}
