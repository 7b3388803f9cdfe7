//! Saved questions: traces, lookups and "connects" kept in the design (its `questions`), so a
//! shared link or a gallery design comes with the questions its author asked. The trace and DNS
//! panels list them; a click fills the question's form and runs it, "Save question" keeps what
//! the form asks, × removes one. Adding and removing are edits (one undo step each).

use super::trace_panel::protocol;
use super::{DnsAsk, Showing, TraceAsk, Views};
use crate::document::store::Store;
use leptos::prelude::*;
use vnet_core::edit::{Edit, Element};
use vnet_core::id::IdKind;
use vnet_core::lookup;
use vnet_core::model::{Ask, Design, FlowSource, Protocol, Question, Vm};

/// The question a trace form asks, with a title people read; an error names what is missing.
pub fn from_trace(d: &Design, ask: &TraceAsk) -> Result<Question, String> {
    let from = lookup::flow_source(d, ask.from.trim()).ok_or("Pick where the packet starts.")?;
    let to = lookup::address(d, ask.to.trim()).ok_or_else(|| format!("'{}' is not an address or element.", ask.to))?;
    let port = if ask.protocol == Protocol::Icmp { 0 } else { ask.port };
    let service =
        if port == 0 { protocol(ask.protocol).to_string() } else { format!("{} {port}", protocol(ask.protocol)) };
    let title = format!("{} → {}: {service}", source_name(d, &from), ask.to.trim());
    Ok(question(d, title, Ask::Trace { from, to, protocol: ask.protocol, port }))
}

/// The question the DNS form asks: a lookup, or "connect" when that is what it last ran.
pub fn from_dns(d: &Design, ask: &DnsAsk, connect: bool) -> Result<Question, String> {
    let from = vnet_core::Id::new(ask.from.trim());
    let name = ask.name.trim().to_string();
    if lookup::flow_source(d, from.as_str()).is_none() {
        return Err("Pick the client that asks.".into());
    }
    if name.is_empty() {
        return Err("Type the name to look up.".into());
    }
    let client = lookup::name(d, &from);
    Ok(if connect {
        question(d, format!("{client} connects to {name}"), Ask::Connect { from, target: name })
    } else {
        question(d, format!("{client} resolves {name}"), Ask::Resolve { from, name })
    })
}

fn question(d: &Design, title: String, ask: Ask) -> Question {
    Question { id: d.id_allocator().next(IdKind::Question), title, ask }
}

/// The VM whose first NIC is `nic`: the trace picker lists VMs, meaning their first NIC.
pub(super) fn vm_of_first_nic<'d>(d: &'d Design, nic: &vnet_core::Id) -> Option<&'d Vm> {
    d.vms.iter().find(|v| v.nics.first().is_some_and(|n| &n.id == nic))
}

fn source_name(d: &Design, from: &FlowSource) -> String {
    match from {
        FlowSource::Nic { id } => vm_of_first_nic(d, id).map_or_else(|| lookup::name(d, id), |v| v.name.clone()),
        FlowSource::Host { id } => lookup::name(d, id),
        FlowSource::Internet { ip } => format!("internet {ip}"),
    }
}

/// The trace form's "from" for a flow source: a VM for its first NIC (what the picker lists).
pub(super) fn source_key(d: &Design, from: &FlowSource) -> String {
    match from {
        FlowSource::Nic { id } => vm_of_first_nic(d, id).map_or_else(|| id.to_string(), |v| v.id.to_string()),
        FlowSource::Host { id } => id.to_string(),
        FlowSource::Internet { ip } => format!("internet:{ip}"),
    }
}

impl Views {
    /// Fills the question's form and runs it (a saved question, or an intent's evidence).
    pub fn ask(&self, d: &Design, ask: &Ask) {
        match ask {
            Ask::Trace { from, to, protocol, port } => {
                let f = self.form;
                f.from.set(source_key(d, from));
                f.to.set(to.to_string());
                f.protocol.set(*protocol);
                f.port.set(port.to_string());
                self.run_trace();
            }
            Ask::Resolve { from, name } | Ask::Connect { from, target: name } => {
                let (client, asked) = self.dns_form;
                client.set(from.to_string());
                asked.set(name.clone());
                if matches!(ask, Ask::Connect { .. }) {
                    self.run_connect();
                } else {
                    self.run_dns();
                }
            }
        }
    }

    /// Saves what the panel's form asks as a question of the design; the reason if it cannot.
    pub fn save_question(&self, store: Store, trace: bool) -> Result<(), String> {
        let q = store.design.with_untracked(|d| {
            if trace {
                from_trace(d, &self.form.ask())
            } else {
                let (from, name) = self.dns_form;
                let ask = DnsAsk { from: from.get_untracked(), name: name.get_untracked() };
                from_dns(d, &ask, self.showing.get_untracked() == Showing::Connect)
            }
        })?;
        store.apply(Edit::Add(Element::Question(q))).map_err(|e| e.to_string())
    }
}

/// The design's saved questions, and "Save question" for the form of the panel it is in.
#[component]
pub fn SavedQuestions(views: Views, store: Store, trace: bool) -> impl IntoView {
    let list = Memo::new(move |_| store.design.with(|d| d.questions.clone()));
    let problem = RwSignal::new(None::<String>);
    let save = move |_| problem.set(views.save_question(store, trace).err());
    let items = move || {
        list.get()
            .into_iter()
            .map(|q| {
                let (id, title) = (q.id.clone(), q.title.clone());
                let kind = match q.ask {
                    Ask::Trace { .. } => "trace",
                    Ask::Resolve { .. } => "lookup",
                    Ask::Connect { .. } => "connect",
                };
                let run = move |_| store.design.with_untracked(|d| views.ask(d, &q.ask));
                let remove = move |_| {
                    let _ = store.apply(Edit::Remove(id.clone()));
                };
                view! {
                    <li class="question">
                        <button type="button" class="ask-again" title="Ask it again" on:click=run>
                            <span class="question-kind">{kind}</span>" "{title}
                        </button>
                        <button type="button" class="remove" aria-label="Remove this question" on:click=remove>"×"</button>
                    </li>
                }
            })
            .collect_view()
    };
    view! {
        <section class="questions" aria-label="Saved questions">
            <div class="questions-head">
                <h3>"Saved questions"</h3>
                <button type="button" class="save-question" on:click=save>"Save question"</button>
            </div>
            {move || problem.get().map(|p| view! { <p class="error" role="alert">{p}</p> })}
            {move || list.with(Vec::is_empty).then(|| view! {
                <p class="hint">"Saved questions travel with the design and its share link."</p>
            })}
            <ul class="question-list">{items}</ul>
        </section>
    }
}
