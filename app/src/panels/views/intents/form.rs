//! The "Add intent" form: kind, source, destination, protocol and port, device, name and
//! expected answer, title — every element picked from the design's own (dropdowns, never typed
//! ids). Adding is one edit (one undo step); "Add intent…" in the canvas context menu opens the
//! form with the element as the source.

use super::super::trace_panel::{protocol_named, protocol_options};
use super::super::Views;
use super::keep;
use crate::document::store::Store;
use leptos::prelude::*;
use std::net::Ipv4Addr;
use vnet_core::model::{Design, DnsExpectation, IntentCheck, IntentEnd, Protocol, VmRole};
use vnet_core::{lookup, Id};

/// The destination choice that means an internet address (typed in its own field).
const INTERNET: &str = "internet";

const KINDS: [(&str, &str); 5] = [
    ("reach", "Must reach"),
    ("isolate", "Must not reach"),
    ("through", "Must pass through a firewall or NVA"),
    ("symmetric", "Reply takes the same devices"),
    ("resolves", "Name must resolve to"),
];

const EXPECTS: [(&str, &str); 3] =
    [("pe", "a private endpoint"), ("ip", "this address"), ("private", "not a public IP")];

/// The form's fields, kept while the tab is closed.
#[derive(Clone, Copy)]
pub struct IntentForm {
    pub shown: RwSignal<bool>,
    kind: RwSignal<&'static str>,
    pub from: RwSignal<String>,
    to: RwSignal<String>,
    internet: RwSignal<String>,
    protocol: RwSignal<Protocol>,
    port: RwSignal<String>,
    device: RwSignal<String>,
    name: RwSignal<String>,
    expect: RwSignal<&'static str>,
    ip: RwSignal<String>,
    title: RwSignal<String>,
}

impl IntentForm {
    pub fn new() -> Self {
        IntentForm {
            shown: RwSignal::new(false),
            kind: RwSignal::new("reach"),
            from: RwSignal::new(String::new()),
            to: RwSignal::new(String::new()),
            internet: RwSignal::new("203.0.113.10".into()),
            protocol: RwSignal::new(Protocol::Tcp),
            port: RwSignal::new("443".into()),
            device: RwSignal::new(String::new()),
            name: RwSignal::new(String::new()),
            expect: RwSignal::new("pe"),
            ip: RwSignal::new(String::new()),
            title: RwSignal::new(String::new()),
        }
    }

    /// Opens the form on element `id` (the context menu's "Add intent…"): the source when it
    /// can send, else the destination.
    pub fn start_at(&self, d: &Design, id: &Id) {
        let key = id.to_string();
        if sources(d).iter().any(|(k, _)| *k == key) {
            self.from.set(key);
        } else if targets(d).iter().any(|(k, _)| *k == key) {
            self.to.set(key);
        }
        self.shown.set(true);
    }

    /// The intent the form describes; the reason when a field is missing or unreadable.
    fn check(&self) -> Result<IntentCheck, String> {
        let from = self.from.get_untracked();
        if from.is_empty() {
            return Err("Pick the source.".into());
        }
        let from = IntentEnd::Element { id: Id::new(from) };
        if self.kind.get_untracked() == "resolves" {
            let name = self.name.get_untracked().trim().to_string();
            if name.is_empty() {
                return Err("Type the name that must resolve.".into());
            }
            let expect = match self.expect.get_untracked() {
                "ip" => DnsExpectation::Ip { ip: parse_ip(&self.ip.get_untracked())? },
                "private" => DnsExpectation::NotPublic,
                _ => DnsExpectation::PrivateEndpoint,
            };
            return Ok(IntentCheck::Resolves { from, name, expect });
        }
        let to = match self.to.get_untracked().as_str() {
            "" => return Err("Pick the destination.".into()),
            INTERNET => IntentEnd::Internet { ip: parse_ip(&self.internet.get_untracked())? },
            id => IntentEnd::Element { id: Id::new(id) },
        };
        let protocol = self.protocol.get_untracked();
        let port = if protocol == Protocol::Icmp {
            0
        } else {
            self.port.get_untracked().trim().parse().map_err(|_| "The port is a number from 0 to 65535.".to_string())?
        };
        Ok(match self.kind.get_untracked() {
            "isolate" => IntentCheck::Isolate { from, to, protocol, port },
            "symmetric" => IntentCheck::Symmetric { from, to, protocol, port },
            "through" => {
                let device = self.device.get_untracked();
                if device.is_empty() {
                    return Err("Pick the firewall or NVA it must pass through.".into());
                }
                IntentCheck::Through { from, to, protocol, port, device: Id::new(device) }
            }
            _ => IntentCheck::Reach { from, to, protocol, port },
        })
    }
}

fn parse_ip(text: &str) -> Result<Ipv4Addr, String> {
    text.trim().parse().map_err(|_| format!("'{}' is not an IPv4 address.", text.trim()))
}

/// What can send: VMs, VNets and subnets (every NIC in them), on-premises sites and hosts.
fn sources(d: &Design) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    out.extend(d.vms.iter().map(|v| (v.id.to_string(), format!("{} (VM)", v.name))));
    out.extend(d.vnets.iter().map(|v| (v.id.to_string(), format!("{} (VNet)", v.name))));
    out.extend(
        d.subnets.iter().map(|s| (s.id.to_string(), format!("{} (subnet of {})", s.name, lookup::name(d, &s.vnet)))),
    );
    out.extend(d.sites.iter().map(|s| (s.id.to_string(), format!("{} (on-premises)", s.name))));
    out.extend(
        d.sites
            .iter()
            .flat_map(|s| s.hosts.iter().map(move |h| (h.id.to_string(), format!("{} (host, {})", h.name, s.name)))),
    );
    out
}

/// What can receive: the sources, private endpoints, PaaS resources, firewalls, load balancers.
fn targets(d: &Design) -> Vec<(String, String)> {
    let mut out = sources(d);
    out.extend(d.private_endpoints.iter().map(|p| (p.id.to_string(), format!("{} (private endpoint)", p.name))));
    out.extend(d.paas.iter().map(|p| (p.id.to_string(), format!("{} (PaaS)", p.name))));
    out.extend(d.firewalls.iter().map(|f| (f.id.to_string(), format!("{} (firewall)", f.name))));
    out.extend(d.load_balancers.iter().map(|l| (l.id.to_string(), format!("{} (load balancer)", l.name))));
    out.push((INTERNET.into(), "The internet (an address)".into()));
    out
}

/// Firewalls and NVAs, for `through`.
fn devices(d: &Design) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> =
        d.firewalls.iter().map(|f| (f.id.to_string(), format!("{} (firewall)", f.name))).collect();
    out.extend(
        d.vms
            .iter()
            .filter(|v| matches!(v.role, VmRole::Nva(_)))
            .map(|v| (v.id.to_string(), format!("{} (NVA)", v.name))),
    );
    out
}

/// A `<select>` over `list` (a memo of the design), bound to `value`; "Pick…" first while empty.
fn picker(name: &'static str, list: Memo<Vec<(String, String)>>, value: RwSignal<String>) -> impl IntoView {
    let options = move || {
        let now = value.get();
        let pick = now.is_empty().then(|| view! { <option value="" selected=true disabled=true>"Pick…"</option> });
        let items = list
            .get()
            .into_iter()
            .map(|(key, label)| {
                let sel = key == now;
                view! { <option value=key selected=sel>{label}</option> }
            })
            .collect_view();
        view! { {pick} {items} }
    };
    view! { <select name=name on:change=move |ev| value.set(event_target_value(&ev))>{options}</select> }
}

/// A `<select>` over fixed (value, label) pairs.
fn choice(
    name: &'static str,
    list: &'static [(&'static str, &'static str)],
    value: RwSignal<&'static str>,
) -> impl IntoView {
    let set = move |ev| {
        let v = event_target_value(&ev);
        if let Some((k, _)) = list.iter().find(|(k, _)| *k == v) {
            value.set(k);
        }
    };
    let options = list
        .iter()
        .map(|(k, label)| view! { <option value=*k selected=move || value.get() == *k>{*label}</option> })
        .collect_view();
    view! { <select name=name on:change=set>{options}</select> }
}

#[component]
pub fn AddIntent(views: Views, store: Store) -> impl IntoView {
    let f = views.intents.form;
    let froms = Memo::new(move |_| store.design.with(sources));
    let tos = Memo::new(move |_| store.design.with(targets));
    let devs = Memo::new(move |_| store.design.with(devices));
    let problem = RwSignal::new(None::<String>);
    let is = move |k: &'static str| move || f.kind.get() == k;
    let flow = move || f.kind.get() != "resolves";
    let add = move |_| {
        let added = f.check().and_then(|check| {
            let title = f.title.get_untracked().trim().to_string();
            keep::add(store, check, Some(title).filter(|t| !t.is_empty()))
        });
        match added {
            Ok(_) => {
                problem.set(None);
                f.title.set(String::new());
                f.shown.set(false);
            }
            Err(e) => problem.set(Some(e)),
        }
    };
    view! {
        <form class="ask intent-form" aria-label="Add intent" on:submit=|ev| ev.prevent_default()>
            <label class="field">
                <span class="field-label">"Kind"</span>
                {choice("kind", &KINDS, f.kind)}
            </label>
            <label class="field">
                <span class="field-label">"From"</span>
                {picker("from", froms, f.from)}
            </label>
            <label class="field" hidden=move || !flow()>
                <span class="field-label">"To"</span>
                {picker("to", tos, f.to)}
            </label>
            <label class="field" hidden=move || !flow() || f.to.get() != INTERNET>
                <span class="field-label">"Internet address"</span>
                <input type="text" name="internet" prop:value=move || f.internet.get() on:input=move |ev| f.internet.set(event_target_value(&ev)) />
            </label>
            <div class="row" hidden=move || !flow()>
                <label class="field">
                    <span class="field-label">"Protocol"</span>
                    <select name="protocol" on:change=move |ev| f.protocol.set(protocol_named(&event_target_value(&ev)))>{protocol_options(f.protocol)}</select>
                </label>
                <label class="field">
                    <span class="field-label">"Port"</span>
                    <input name="port" type="number" min="0" max="65535" prop:value=move || f.port.get()
                        disabled=move || f.protocol.get() == Protocol::Icmp on:input=move |ev| f.port.set(event_target_value(&ev)) />
                </label>
            </div>
            <label class="field" hidden=move || !is("through")()>
                <span class="field-label">"Device"</span>
                {picker("device", devs, f.device)}
            </label>
            <label class="field" hidden=move || !is("resolves")()>
                <span class="field-label">"Name"</span>
                <input type="text" name="name" spellcheck="false" placeholder="mystorage.blob.core.windows.net"
                    prop:value=move || f.name.get() on:input=move |ev| f.name.set(event_target_value(&ev)) />
            </label>
            <div class="row" hidden=move || !is("resolves")()>
                <label class="field">
                    <span class="field-label">"Expected answer"</span>
                    {choice("expect", &EXPECTS, f.expect)}
                </label>
                <label class="field" hidden=move || f.expect.get() != "ip">
                    <span class="field-label">"Address"</span>
                    <input type="text" name="ip" prop:value=move || f.ip.get() on:input=move |ev| f.ip.set(event_target_value(&ev)) />
                </label>
            </div>
            <label class="field">
                <span class="field-label">"Title (optional)"</span>
                <input type="text" name="title" placeholder="A sentence is written from the fields"
                    prop:value=move || f.title.get() on:input=move |ev| f.title.set(event_target_value(&ev)) />
            </label>
            {move || problem.get().map(|p| view! { <p class="error" role="alert">{p}</p> })}
            <div class="actions">
                <button type="button" class="primary" on:click=add>"Add"</button>
                <button type="button" on:click=move |_| f.shown.set(false)>"Cancel"</button>
            </div>
        </form>
    }
}
