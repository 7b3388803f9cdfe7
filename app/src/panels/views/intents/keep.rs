//! "Keep as intent": the trace or lookup just answered becomes a promise of the design — the
//! trace's flow must reach, must not reach, or must pass through a device on its path; the
//! lookup's name must resolve to a private endpoint, to the address it gave, or to no public IP.
//! Each is one edit (one undo step); the Intents tab checks it from then on.

use super::super::questions::vm_of_first_nic;
use super::super::{Showing, Views};
use crate::document::store::Store;
use crate::panels::sim::Tab;
use leptos::prelude::*;
use std::net::Ipv4Addr;
use vnet_core::dns::Answer;
use vnet_core::edit::{Edit, Element};
use vnet_core::id::IdKind;
use vnet_core::model::{Design, DnsExpectation, FlowSource, Intent, IntentCheck, IntentEnd, VmRole};
use vnet_core::trace::{Place, Trace};
use vnet_core::{intent, lookup, Id};

/// A trace's source as an intent's end: the VM for its first NIC (what the picker offers).
pub fn source_end(d: &Design, from: &FlowSource) -> IntentEnd {
    match from {
        FlowSource::Nic { id } => {
            IntentEnd::Element { id: vm_of_first_nic(d, id).map_or_else(|| id.clone(), |v| v.id.clone()) }
        }
        FlowSource::Host { id } => IntentEnd::Element { id: id.clone() },
        FlowSource::Internet { ip } => IntentEnd::Internet { ip: *ip },
    }
}

/// A trace's destination as an intent's end: the element the form named, else the element that
/// holds the address, else the internet.
pub fn target_end(d: &Design, key: &str, ip: Ipv4Addr) -> IntentEnd {
    let key = key.trim();
    let named = d
        .elements()
        .into_iter()
        .find(|e| (e.id.as_str() == key || e.name == key) && lookup::address(d, e.id.as_str()).is_some());
    if let Some(e) = named {
        return IntentEnd::Element { id: e.id.clone() };
    }
    let vm = d.vms.iter().find(|v| v.nics.iter().any(|n| n.ip == ip)).map(|v| &v.id);
    let held = vm
        .or_else(|| d.private_endpoints.iter().find(|p| p.ip == ip).map(|p| &p.id))
        .or_else(|| d.firewalls.iter().find(|f| f.private_ip == ip).map(|f| &f.id))
        .or_else(|| d.sites.iter().flat_map(|s| &s.hosts).find(|h| h.ip == ip).map(|h| &h.id))
        .or_else(|| d.load_balancers.iter().find(|l| l.frontend_ip == ip).map(|l| &l.id))
        .or_else(|| d.paas.iter().find(|p| p.public_ip == ip).map(|p| &p.id));
    match held {
        Some(id) => IntentEnd::Element { id: id.clone() },
        None => IntentEnd::Internet { ip },
    }
}

/// The firewalls and NVAs the request crosses, in path order (a `through` intent names one).
pub fn devices_on(d: &Design, t: &Trace) -> Vec<Id> {
    let mut out: Vec<Id> = Vec::new();
    for h in &t.forward.hops {
        let device = match &h.place {
            Place::Firewall { id, .. } => Some(id.clone()),
            Place::Nic { id, .. } => d
                .vms
                .iter()
                .find(|v| matches!(v.role, VmRole::Nva(_)) && v.nics.iter().any(|n| &n.id == id))
                .map(|v| v.id.clone()),
            _ => None,
        };
        if let Some(id) = device.filter(|id| !out.contains(id)) {
            out.push(id);
        }
    }
    out
}

/// Adds an intent (one undo step), titled `title` or else with the sentence core writes for it;
/// its title, or the reason it could not be added.
pub fn add(store: Store, check: IntentCheck, title: Option<String>) -> Result<String, String> {
    let intent = store.design.with_untracked(|d| {
        let title = title.unwrap_or_else(|| intent::describe(d, &check));
        Intent { id: d.id_allocator().next(IdKind::Intent), title, check }
    });
    let title = intent.title.clone();
    store.apply(Edit::Add(Element::Intent(intent))).map_err(|e| e.to_string())?;
    Ok(title)
}

/// What was kept, with a way to the Intents tab; or why not.
fn kept_line(views: Views, kept: RwSignal<Option<Result<String, String>>>) -> impl IntoView {
    move || {
        kept.get().map(|k| match k {
            Ok(title) => view! {
                <p class="hint kept" role="status">"Kept as an intent: " {title} " — "
                    <button type="button" class="link" on:click=move |_| views.tab.set(Tab::Intents)>"see Intents"</button>
                </p>
            }
            .into_any(),
            Err(e) => view! { <p class="error" role="alert">{e}</p> }.into_any(),
        })
    }
}

/// "Keep as intent" under a trace's verdict: must reach, must not reach, must pass through each
/// firewall or NVA of its path.
#[component]
pub fn KeepTrace(views: Views, store: Store) -> impl IntoView {
    let kept = RwSignal::new(None::<Result<String, String>>);
    // A new answer forgets what the last one kept.
    Effect::new(move |_| {
        views.traced.track();
        kept.set(None);
    });
    let offers = move || {
        let ask = views.trace.get()?;
        views.traced.with(|t| {
            let Some(Ok(t)) = t else { return None };
            let (from, to, devices) = store.design.with_untracked(|d| {
                let devices: Vec<(Id, String)> =
                    devices_on(d, t).into_iter().map(|id| (id.clone(), lookup::name(d, &id))).collect();
                (source_end(d, &t.flow.from), target_end(d, &ask.to, t.flow.to), devices)
            });
            let (protocol, port) = (t.flow.protocol, t.flow.port);
            let keep = move |check: IntentCheck| kept.set(Some(add(store, check, None)));
            let (f1, t1, f2, t2) = (from.clone(), to.clone(), from.clone(), to.clone());
            let reach = move |_| keep(IntentCheck::Reach { from: f1.clone(), to: t1.clone(), protocol, port });
            let isolate = move |_| keep(IntentCheck::Isolate { from: f2.clone(), to: t2.clone(), protocol, port });
            let through = devices
                .into_iter()
                .map(|(device, name)| {
                    let (from, to) = (from.clone(), to.clone());
                    let add = move |_| {
                        let check = IntentCheck::Through {
                            from: from.clone(),
                            to: to.clone(),
                            protocol,
                            port,
                            device: device.clone(),
                        };
                        keep(check)
                    };
                    view! { <button type="button" class="keep" on:click=add>"Must pass through " {name}</button> }
                })
                .collect_view();
            Some(view! {
                <div class="actions keep-intent" aria-label="Keep as intent">
                    <span class="field-label">"Keep as intent:"</span>
                    <button type="button" class="keep" on:click=reach>"Must reach"</button>
                    <button type="button" class="keep" on:click=isolate>"Must not reach"</button>
                    {through}
                </div>
            })
        })
    };
    view! { {offers} {kept_line(views, kept)} }
}

/// "Keep as intent" under a lookup's answer: the name must resolve to a private endpoint (when it
/// did), to the address it gave, or to no public IP.
#[component]
pub fn KeepLookup(views: Views, store: Store) -> impl IntoView {
    let kept = RwSignal::new(None::<Result<String, String>>);
    Effect::new(move |_| {
        views.resolved.track();
        kept.set(None);
    });
    let offers = move || {
        if views.showing.get() != Showing::Dns {
            return None;
        }
        let ask = views.dns.get()?;
        views.resolved.with(|r| {
            let Some(Ok(r)) = r else { return None };
            let Answer::A { ips, .. } = &r.answer else { return None };
            let ip = *ips.first()?;
            let from = IntentEnd::Element { id: Id::new(ask.from.trim()) };
            let name = r.name.clone();
            let to_pe = store.design.with_untracked(|d| d.private_endpoints.iter().any(|p| p.ip == ip));
            let keep = move |expect: DnsExpectation| {
                kept.set(Some(add(store, IntentCheck::Resolves { from: from.clone(), name: name.clone(), expect }, None)))
            };
            let keep2 = keep.clone();
            let keep3 = keep.clone();
            Some(view! {
                <div class="actions keep-intent" aria-label="Keep as intent">
                    <span class="field-label">"Keep as intent:"</span>
                    {to_pe.then(|| {
                        let keep = keep.clone();
                        view! { <button type="button" class="keep" on:click=move |_| keep(DnsExpectation::PrivateEndpoint)>"Must resolve to a private endpoint"</button> }
                    })}
                    <button type="button" class="keep" on:click=move |_| keep2(DnsExpectation::Ip { ip })>"Must resolve to " {ip.to_string()}</button>
                    <button type="button" class="keep" on:click=move |_| keep3(DnsExpectation::NotPublic)>"Must not resolve to a public IP"</button>
                </div>
            })
        })
    };
    view! { {offers} {kept_line(views, kept)} }
}
