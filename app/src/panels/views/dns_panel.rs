//! DNS lookups: resolve a name as a VM or an on-premises host would. The query animates from
//! the client through each DNS server (and over the network legs the engine traced between
//! them), then the answer comes back the same way; each step shows its question, what happened
//! and its rule. The resolution is `vnet_core::dns`'s, on the shared engine (`compiled`); this
//! file only lays it out.

use super::animation::{Event, Leg, Mark, Stop, Track};
use super::event_list::EventList;
use super::rule_text::RuleLink;
use super::{ask_handlers, client_options, clients, drawn_as, DnsAsk, Showing, Views};
use crate::document::store::Store;
use leptos::prelude::*;
use vnet_core::catalog::services;
use vnet_core::connect::{self, Connection, Via};
use vnet_core::dns::{Answer, DnsEngine, Resolution};
use vnet_core::model::{Design, PeTarget, RecordData};
use vnet_core::trace::Engine;

/// Resolves on the engine of the current design version (`compiled`); the DNS index over it is
/// small next to the engine and is built per question.
pub fn run(eng: &Engine, ask: &DnsAsk) -> Result<Resolution, String> {
    if ask.name.trim().is_empty() {
        return Err("Type a name to resolve.".into());
    }
    DnsEngine::new(eng).resolve(ask.from.trim(), ask.name.trim()).map_err(|e| e.to_string())
}

/// "Connect" to the form's name: HTTPS unless the text names a scheme, port or address.
pub fn connect(eng: &Engine, ask: &DnsAsk) -> Result<Connection, String> {
    let name = ask.name.trim();
    if name.is_empty() {
        return Err("Type a name to connect to.".into());
    }
    let target = if name.contains(':') || name.parse::<std::net::Ipv4Addr>().is_ok() {
        name.to_string()
    } else {
        format!("https://{name}")
    };
    connect::connect_with(&DnsEngine::new(eng), ask.from.trim(), &target).map_err(|e| e.to_string())
}

/// The lookup's track, then the TCP trace's, as one story.
pub fn connect_track(d: &Design, c: &Connection) -> Track {
    let mut t = c.resolution.as_ref().map(|r| track(d, r)).unwrap_or_default();
    if let Some(trace) = &c.trace {
        let more = super::trace_panel::track(d, trace);
        t.stops.extend(more.stops);
        t.risk = more.risk;
    }
    t
}

fn via(v: &Via) -> String {
    match v {
        Via::PrivateEndpoint { name, ip, .. } => format!("Private endpoint {name} ({ip})"),
        Via::ServiceEndpoint { name, .. } => format!("Service endpoint of subnet {name}"),
        Via::PublicInternet => "Public internet".into(),
        Via::Private => "Private address".into(),
        Via::Unresolved => "Not resolved".into(),
    }
}

#[component]
fn ConnectResult(views: Views, c: Connection) -> impl IntoView {
    let class = if c.ok { "outcome delivered" } else { "outcome dropped" };
    let steps =
        c.steps.iter().map(|s| view! { <li><RuleLink views id=s.rule />" "{s.detail.clone()}</li> }).collect_view();
    let source = c.seen_source.map(|ip| format!("The service sees source IP {ip}."));
    view! {
        <div class=class role="status">
            <strong>{if c.ok { "connected" } else { "not connected" }}</strong>" "
            <span class="via">{via(&c.via)}</span>
            <p class="outcome-text">{c.summary.clone()}</p>
            {source.map(|s| view! { <p class="seen-source">{s}</p> })}
        </div>
        <ul class="connect-steps">{steps}</ul>
    }
}

/// The answer in one line: `A 10.1.1.4 (CNAME …)`, `NXDOMAIN`, `SERVFAIL: …`.
pub fn answer_text(a: &Answer) -> String {
    let chain = |c: &[String]| if c.is_empty() { String::new() } else { format!(" via CNAME {}", c.join(" → ")) };
    match a {
        Answer::A { ips, chain: c } => {
            let ips: Vec<String> = ips.iter().map(ToString::to_string).collect();
            format!("A {}{}", ips.join(", "), chain(c))
        }
        Answer::NxDomain { chain: c } => format!("NXDOMAIN{}", chain(c)),
        Answer::ServFail { reason } => format!("SERVFAIL: {reason}"),
    }
}

/// Adds a stop, or merges its events into the previous one when it is the same place on the
/// same leg (a leg's last hop is the server the next step names).
fn push(stops: &mut Vec<Stop>, s: Stop) {
    if let Some(last) = stops.last_mut() {
        if last.leg == s.leg && last.element == s.element && (s.element.is_some() || last.place == s.place) {
            last.events.extend(s.events);
            if s.mark != Mark::None {
                last.mark = s.mark;
            }
            return;
        }
    }
    stops.push(s);
}

/// The lookup as a track: the query out through every server and network hop, the answer back.
pub fn track(d: &Design, r: &Resolution) -> Track {
    let mut stops: Vec<Stop> = Vec::new();
    for step in &r.steps {
        let event = Event { label: "DNS", rule: step.rule, detail: step.detail.clone() };
        let Some(leg) = &step.leg else {
            let stop = Stop {
                element: step.element.as_ref().map(|id| drawn_as(d, id)),
                place: step.at.clone(),
                leg: Leg::Query,
                caption: format!("? {}", step.question),
                events: vec![event],
                mark: Mark::None,
            };
            push(&mut stops, stop);
            continue;
        };
        // A network leg: the query travels from the step's sender through the places the
        // engine traced; the step's own text belongs where the leg ends.
        let failed = leg.outcome != "delivered";
        let n = leg.via.len();
        for (i, place) in leg.via.iter().enumerate() {
            let at_end = i + 1 == n;
            let stop = Stop {
                element: place.element().map(|id| drawn_as(d, id)),
                place: place.name().to_string(),
                leg: Leg::Query,
                caption: format!("? {} (UDP {} to {})", step.question, leg.port, leg.to),
                events: if at_end { vec![event.clone()] } else { Vec::new() },
                mark: if at_end && failed { Mark::Dropped } else { Mark::None },
            };
            push(&mut stops, stop);
        }
        if n == 0 {
            if let Some(last) = stops.last_mut() {
                last.events.push(event);
            }
        }
    }
    let answer = answer_text(&r.answer);
    let back: Vec<Stop> = stops
        .iter()
        .rev()
        .skip(1)
        .map(|s| Stop {
            element: s.element.clone(),
            place: s.place.clone(),
            leg: Leg::Answer,
            caption: answer.clone(),
            events: Vec::new(),
            mark: Mark::None,
        })
        .collect();
    for s in back {
        push(&mut stops, s);
    }
    if let Some(last) = stops.last_mut().filter(|s| s.leg == Leg::Answer) {
        let rule = r.steps.last().map_or("D-1", |s| s.rule);
        last.events.push(Event { label: "answer", rule, detail: answer.clone() });
        last.mark = if matches!(r.answer, Answer::A { .. }) { Mark::Delivered } else { Mark::Dropped };
    }
    Track { stops, risk: None }
}

/// Names worth asking in this design: each PaaS resource's public names and each record of the
/// private zones.
fn suggestions(d: &Design) -> Vec<String> {
    let mut out = Vec::new();
    for pe in &d.private_endpoints {
        if let PeTarget::Paas { resource, sub_resource } = &pe.target {
            let zone = d
                .paas_resource(resource)
                .and_then(|p| Some((p, services::service(&p.service)?.sub_resource(sub_resource)?)));
            if let Some((p, sr)) = zone {
                out.push(format!("{}.{}", p.name, sr.public_zone));
            }
        }
    }
    for p in &d.paas {
        if let Some(sr) = services::service(&p.service).and_then(|s| s.sub_resources.first()) {
            out.push(format!("{}.{}", p.name, sr.public_zone));
        }
    }
    for z in &d.dns_zones {
        out.extend(
            vnet_core::records::zone_records(d, &z.id)
                .into_iter()
                .filter(|r| matches!(r.data, RecordData::A { .. }))
                .map(|r| format!("{}.{}", r.name, z.name)),
        );
    }
    out.dedup();
    out
}

#[component]
pub fn DnsPanel(views: Views, store: Store) -> impl IntoView {
    let (from, name) = views.dns_form;
    Effect::new(move |_| {
        let list = store.design.with(clients);
        if !list.iter().any(|(k, _)| *k == from.get_untracked()) {
            from.set(list.first().map(|c| c.0.clone()).unwrap_or_default());
        }
    });
    if name.get_untracked().is_empty() {
        if let Some(n) = store.design.with_untracked(suggestions).into_iter().next() {
            name.set(n);
        }
    }
    let sources = client_options(store, from);
    // A memo: edits that leave the names as they were redraw no options.
    let suggested = Memo::new(move |_| store.design.with(suggestions));
    let names = move || suggested.get().into_iter().map(|n| view! { <option value=n /> }).collect_view();
    // "Resolve" runs on the button's click and on Enter in the name (`ask_handlers`).
    let (on_submit, on_enter) = ask_handlers(move || views.run_dns());
    // The events follow the track on their own, not rebuilt with each answer (trace_panel).
    let events =
        move || matches!(views.showing.get(), Showing::Dns | Showing::Connect).then(|| view! { <EventList views /> });
    let result = move || {
        if views.showing.get() == Showing::Connect {
            return views.connected.with(|c| match c {
                Some(Ok(c)) => view! { <ConnectResult views c=c.clone() /> }.into_any(),
                Some(Err(e)) => view! { <p class="error" role="alert">{e.clone()}</p> }.into_any(),
                None => ().into_any(),
            });
        }
        views.resolved.with(|r| match r {
            None => ().into_any(),
            Some(Err(e)) => view! { <p class="error" role="alert">{e.clone()}</p> }.into_any(),
            Some(Ok(r)) => {
                let class = match r.answer {
                    Answer::A { .. } => "outcome delivered",
                    Answer::NxDomain { .. } => "outcome at-risk",
                    Answer::ServFail { .. } => "outcome dropped",
                };
                let rule = r.steps.last().map(|s| s.rule);
                view! {
                    <div class=class role="status">
                        <span class="qname">{r.name.clone()}</span>" "
                        <span class="outcome-text answer">{answer_text(&r.answer)}</span>
                        {rule.map(|id| view! { " " <RuleLink views id /> })}
                    </div>
                }
                .into_any()
            }
        })
    };
    view! {
        <section class="panel dns" aria-label="DNS lookup">
            <h2>"DNS lookup"</h2>
            <form class="ask" on:submit=on_submit on:keydown=on_enter>
                <label class="field">
                    <span class="field-label">"From (VM or on-premises host)"</span>
                    <select name="from" on:change=move |ev| from.set(event_target_value(&ev))>{sources}</select>
                </label>
                <div class="row">
                    <label class="field grow">
                        <span class="field-label">"Name"</span>
                        <input name="name" type="text" list="dns-names" spellcheck="false" prop:value=move || name.get()
                            on:input=move |ev| name.set(event_target_value(&ev)) />
                        <datalist id="dns-names">{names}</datalist>
                    </label>
                    <button type="button" class="primary run" on:click=move |_| views.run_dns()>"Resolve"</button>
                    <button type="button" class="run connect" title="Resolve, then open TCP to the answer (HTTPS unless you give a port)"
                        on:click=move |_| views.run_connect()>"Connect"</button>
                </div>
            </form>
            <super::questions::SavedQuestions views store trace=false />
            {result}
            <super::intents::keep::KeepLookup views store />
            {events}
        </section>
    }
}
