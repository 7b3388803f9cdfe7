//! The Security view: for the selected VM's NIC, the effective security rules as Azure lists them
//! (N-12: the NIC's NSG, then its subnet's, defaults included, tags expanded), and IP flow verify
//! (N-13) with the deciding rule marked in those rules. "Copy as az JSON" copies what `az network
//! nic list-effective-nsg` prints, to diff with the real deployment.
//!
//! Architecture invariant: the answers are `vnet_core::watcher`'s (`security`, `flow_verify`), on
//! the views' compiled engine, in memos over the settled design, the NIC and the asked question
//! (typing in the form runs nothing). This module picks the NIC and lays the answers out.
//!
//! - [`flow_form`]: the IP flow verify form, its field errors and its verdict.
//! - [`rules_table`]: the NSGs and their rules.

mod flow_form;
mod rules_table;

use super::copy::copy_az;
use super::rule_text::RuleLink;
use super::vm_nic::{vm_nic, NicPicker, VmNic};
use super::Views;
use crate::document::store::Store;
use flow_form::{FlowAsk, FlowForm, FlowVerdict};
use leptos::prelude::*;
use rules_table::{Marks, NsgEntries};
use std::net::Ipv4Addr;
use vnet_core::model::Design;
use vnet_core::trace::Engine;
use vnet_core::watcher::security::{effective_security_rules, EffectiveNsgList};
use vnet_core::watcher::target;
use vnet_core::Id;

/// What the Security view keeps while another tab is open: the NIC chosen on a VM with several,
/// the form's fields and the question it last asked.
#[derive(Clone, Copy)]
pub struct SecurityState {
    nic: RwSignal<Option<Id>>,
    form: FlowForm,
    asked: RwSignal<Option<FlowAsk>>,
}

impl SecurityState {
    pub fn new() -> Self {
        SecurityState { nic: RwSignal::new(None), form: FlowForm::new(), asked: RwSignal::new(None) }
    }
}

/// The NIC the view is about, and its addresses, primary first: IP flow verify's local IP is one
/// of them (N-13).
#[derive(Clone, Debug, PartialEq)]
struct NicTarget {
    vm_nic: VmNic,
    ips: Vec<Ipv4Addr>,
}

fn target(d: &Design, selected: &Id, chosen: Option<&Id>) -> Option<NicTarget> {
    let vm = d.vms.iter().find(|v| &v.id == selected)?;
    let (vm_nic, n) = vm_nic(d, vm, chosen)?;
    Some(NicTarget { vm_nic, ips: std::iter::once(n.ip).chain(n.secondary_ips.iter().copied()).collect() })
}

/// N-12 for the NIC `nic` of the engine's design; an error says why there is no answer.
fn rules_of(eng: &Engine, nic: &Id) -> Result<EffectiveNsgList, String> {
    let ix = target::nic(&eng.net, nic.as_str()).map_err(|e| e.to_string())?;
    effective_security_rules(eng, ix).map_err(|e| e.to_string())
}

#[component]
pub fn SecurityPanel(views: Views, store: Store) -> impl IntoView {
    let state = views.security;
    let (settled, engine) = (store.settled, views.engine);
    let target = Memo::new(move |_| {
        let id = store.selected.get()?;
        store.design.with(|d| target(d, &id, state.nic.get().as_ref()))
    });
    let nic = Memo::new(move |_| target.with(|t| t.as_ref().map(|t| t.vm_nic.nic.clone())));
    let rules = Memo::new(move |_| {
        settled.get();
        let nic = nic.get()?;
        Some(engine.with_untracked(|e| rules_of(e.engine(), &nic)))
    });
    // The verdict of the question last asked, while the view shows the NIC it was asked about.
    let verdict: Memo<Option<FlowVerdict>> = Memo::new(move |_| {
        settled.get();
        let ask = state.asked.get().filter(|a| nic.with(|n| n.as_ref() == Some(&a.nic)))?;
        Some(engine.with_untracked(|e| flow_form::verify(e.engine(), &ask)))
    });
    let marks = Memo::new(move |_| {
        let direction = state.asked.with(|a| a.as_ref().map(|a| a.query.direction))?;
        verdict.with(|v| match v {
            Some(Ok(r)) => Some(Marks::of(r, direction)),
            _ => None,
        })
    });
    let ips = Signal::derive(move || target.with(|t| t.as_ref().map(|t| t.ips.clone()).unwrap_or_default()));
    let status = RwSignal::new(String::new());
    let copy = move |_| {
        if let Some(Ok(list)) = rules.get_untracked() {
            copy_az(&list, "effective-nsg.az.json", status);
        }
    };
    let nic_picker = move || {
        let t = target.get()?.vm_nic;
        Some(view! { <NicPicker choices=t.choices current=t.nic chosen=state.nic /> })
    };
    let body = move || {
        rules.with(|r| match r.as_ref()? {
            Err(e) => Some(view! { <p class="error" role="alert">{e.clone()}</p> }.into_any()),
            Ok(list) if list.value.is_empty() => Some(
                view! {
                    <p class="note no-nsg">
                        "No NSG on this NIC or its subnet: Azure lists no effective security rules "
                        <RuleLink views id="N-12" />
                        ", and IP flow verify allows every flow, naming no rule "
                        <RuleLink views id="N-13" />
                        "."
                    </p>
                }
                .into_any(),
            ),
            Ok(list) => Some(view! { <NsgEntries views list=list.clone() marks /> }.into_any()),
        })
    };
    view! {
        <section class="panel security" aria-label="Effective security rules">
            <h2>"Effective security rules"</h2>
            {move || match target.get() {
                None => view! {
                    <p class="hint">"Select a VM to see the security rules that apply to its NIC, and to test a flow with IP flow verify."</p>
                }.into_any(),
                Some(t) => view! {
                    <p class="summary target">{t.vm_nic.label}</p>
                    {nic_picker}
                    <h3>"IP flow verify"</h3>
                    <flow_form::FlowVerify views form=state.form asked=state.asked nic ips verdict />
                    <div class="actions rules-head">
                        <h3>"Rules, in Azure's order"</h3>
                        <button on:click=copy title="As az network nic list-effective-nsg prints them">"Copy as az JSON"</button>
                        <span class="status" role="status">{move || status.get()}</span>
                    </div>
                    {body}
                }.into_any(),
            }}
        </section>
    }
}
