//! "Next hop" in the Routes view: a destination IP typed by the user, answered as `az network
//! watcher show-next-hop` answers it (next hop type, its IP, the route table's id or `System
//! Route`), with the engine's reasons and the route it selected marked in the table.
//!
//! The answer is `vnet_core::watcher::next_hop` on the views' compiled engine; this file reads
//! the field and formats the answer. It asks about a NIC, so it is offered for a VM only.

use super::copy::copy_az;
use super::rule_text::RuleLink;
use super::{ask_handlers, Views};
use leptos::prelude::*;
use std::net::Ipv4Addr;
use vnet_core::routes::{EffectiveRoute, RouteState};
use vnet_core::watcher::next_hop::{next_hop, NextHopResult, SYSTEM_ROUTE};
use vnet_core::watcher::target;
use vnet_core::Id;

/// A next hop question: from this NIC to this address.
#[derive(Clone, Debug, PartialEq, Eq)]
struct HopAsk {
    nic: Id,
    destination: Ipv4Addr,
}

/// The form's state and the engine's answer to what it last asked.
#[derive(Clone, Copy)]
pub struct NextHop {
    nic: Memo<Option<Id>>,
    text: RwSignal<String>,
    /// What the field said when it could not be read.
    error: RwSignal<Option<String>>,
    asked: RwSignal<Option<HopAsk>>,
    answer: Memo<Option<Result<NextHopResult, String>>>,
}

impl NextHop {
    /// `nic`: the NIC the Routes view shows, if it shows one. An answer about another NIC is not
    /// shown (the selection moved on).
    pub fn new(views: Views, nic: Memo<Option<Id>>) -> Self {
        let asked = RwSignal::new(None::<HopAsk>);
        let settled = views.store.settled;
        let engine = views.engine;
        let answer = Memo::new(move |_| {
            settled.get();
            let ask = asked.get().filter(|a| nic.with(|n| n.as_ref() == Some(&a.nic)))?;
            Some(engine.with_untracked(|e| {
                let eng = e.engine();
                let ix = target::nic(&eng.net, ask.nic.as_str()).map_err(|e| e.to_string())?;
                next_hop(eng, ix, ask.destination).map_err(|e| e.to_string())
            }))
        });
        NextHop { nic, text: RwSignal::new(String::new()), error: RwSignal::new(None), asked, answer }
    }

    /// Whether `r` is the route the answer selected (tracked).
    pub fn selects(&self, r: &EffectiveRoute) -> bool {
        self.answer.with(|a| {
            let Some(Ok(a)) = a else { return false };
            a.vnet_studio.route.as_ref().is_some_and(|s| {
                r.state == RouteState::Active
                    && s.source == r.source
                    && s.name == r.name
                    && s.address_prefix == r.prefix.to_string()
            })
        })
    }

    fn run(&self) {
        let Some(nic) = self.nic.get_untracked() else { return };
        let text = self.text.get_untracked();
        match text.trim().parse::<Ipv4Addr>() {
            Ok(destination) => {
                self.error.set(None);
                self.asked.set(Some(HopAsk { nic, destination }));
            }
            Err(_) => {
                self.asked.set(None);
                self.error.set(Some(format!(
                    "Destination IP: '{}' is not an IPv4 address, such as 10.1.0.4 or 8.8.8.8.",
                    text.trim()
                )));
            }
        }
    }
}

/// The form and its answer; nothing when the Routes view shows no NIC (a subnet, a firewall).
#[component]
pub fn NextHopForm(views: Views, hop: NextHop) -> impl IntoView {
    let status = RwSignal::new(String::new());
    let answer = move || {
        hop.answer.with(|a| match a.as_ref()? {
            Err(e) => Some(view! { <p class="error" role="alert">{e.clone()}</p> }.into_any()),
            Ok(a) => Some(result(views, a, status).into_any()),
        })
    };
    move || hop.nic.with(Option::is_some).then(|| view! { {form(hop)} {answer} })
}

fn form(hop: NextHop) -> impl IntoView {
    let run = move || hop.run();
    let (on_submit, on_enter) = ask_handlers(run);
    let invalid = move || hop.error.with(Option::is_some);
    view! {
        <form class="ask next-hop" on:submit=on_submit on:keydown=on_enter>
            <div class="row">
                <label class="field grow" class:invalid=invalid>
                    <span class="field-label">"Next hop to (destination IP)"</span>
                    <input name="next-hop-to" type="text" spellcheck="false" placeholder="e.g. 10.2.0.4"
                        aria-invalid=move || invalid().to_string()
                        prop:value=move || hop.text.get() on:input=move |ev| hop.text.set(event_target_value(&ev)) />
                </label>
                <button type="button" class="run" on:click=move |_| run()>"Next hop"</button>
            </div>
            {move || hop.error.get().map(|e| view! { <p class="field-error" role="alert">{e}</p> })}
        </form>
    }
}

/// The answer, as `az`'s table shows its three columns, then why.
fn result(views: Views, a: &NextHopResult, status: RwSignal<String>) -> impl IntoView {
    let dropped = a.next_hop_type == "None";
    let class = if dropped { "outcome dropped hop-answer" } else { "outcome hop-answer" };
    let ip = a.next_hop_ip_address.map(|ip| ip.to_string()).unwrap_or_else(|| "—".into());
    // A user route's table by name, then its id as `az` prints it (`routeTableId`).
    let (table, id) = if a.route_table_id == SYSTEM_ROUTE {
        (a.route_table_id.clone(), None)
    } else {
        (a.route_table_id.rsplit('/').next().unwrap_or_default().to_string(), Some(a.route_table_id.clone()))
    };
    let links = a.vnet_studio.rules.iter().map(|r| view! { <RuleLink views id=*r /> " " }).collect_view();
    let copied = a.clone();
    view! {
        <div class=class role="status">
            <dl class="hop">
                <dt>"Next hop type"</dt><dd class="hop-type">{a.next_hop_type}</dd>
                <dt>"Next hop IP"</dt><dd class="mono">{ip}</dd>
                <dt>"Route table"</dt>
                <dd class="mono">{table}{id.map(|id| view! { <span class="id">{id}</span> })}</dd>
            </dl>
            <p>{links}<span class="why">{a.vnet_studio.why.clone()}</span></p>
            <div class="actions">
                <button on:click=move |_| copy_az(&copied, "next-hop.az.json", status)
                    title="As az network watcher show-next-hop prints it">"Copy as az JSON"</button>
                <span class="status" role="status">{move || status.get()}</span>
            </div>
        </div>
    }
}
