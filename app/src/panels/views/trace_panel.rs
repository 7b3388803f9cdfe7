//! The trace panel: pick a source, a destination (element or IP), protocol and port; see the
//! verdict (DECISIONS 1), one event per hop with its decisions and rules, and for a flow that
//! fails, the engine's proven fix proposals (`vnet_core::fix`) with "Apply" (one undo step).

use super::animation::{Event, Leg, Mark, Stop, Track};
use super::event_list::EventList;
use super::markup::{self, escaped};
use super::rule_text::RuleLink;
use super::{ask_handlers, client_options, clients, drawn_as, Showing, TraceAsk, Views};
use crate::document::store::Store;
use crate::panels::rule_texts::RuleTexts;
use leptos::prelude::*;
use std::fmt::Write;
use vnet_core::fix::{self, Proposal};
use vnet_core::lookup;
use vnet_core::model::{Design, Protocol};
use vnet_core::packet::Packet;
use vnet_core::trace::{Action, Engine, Flow, Hop, Outcome, Place, Trace};

/// Runs the engine (of the current design version, `compiled`) for a trace question; errors say
/// which word was not understood.
pub fn run(eng: &Engine, ask: &TraceAsk) -> Result<Trace, String> {
    let d = eng.net.design;
    let from = lookup::flow_source(d, ask.from.trim())
        .ok_or_else(|| format!("'{}' is not a VM, NIC or on-premises host of this design.", ask.from))?;
    let to = lookup::address(d, ask.to.trim())
        .ok_or_else(|| format!("'{}' is neither an IP address nor an element with an address.", ask.to))?;
    let flow = Flow { from, to, protocol: ask.protocol, port: ask.port, host: None };
    eng.trace(&flow).map_err(|e| e.to_string())
}

fn action(a: Action) -> &'static str {
    match a {
        Action::Route => "route",
        Action::NsgAllow => "NSG allows",
        Action::NsgDeny => "NSG denies",
        Action::PeeringAllow => "peering",
        Action::PeeringDeny => "peering blocks",
        Action::FirewallAllow => "firewall allows",
        Action::FirewallDeny => "firewall denies",
        Action::Dnat => "DNAT",
        Action::Snat => "SNAT",
        Action::UnNat => "un-NAT",
        Action::NvaAllow => "NVA allows",
        Action::NvaDeny => "NVA denies",
        Action::StateCreated => "state",
        Action::StateMatched => "state matched",
        Action::Forward => "forward",
        Action::Deliver => "delivered",
        Action::Drop => "dropped",
        Action::ServiceAllow => "service allows",
        Action::ServiceDeny => "service denies",
        Action::Note => "note",
    }
}

pub(super) fn protocol(p: Protocol) -> &'static str {
    match p {
        Protocol::Tcp => "TCP",
        Protocol::Udp => "UDP",
        Protocol::Icmp => "ICMP",
        Protocol::Any => "Any",
    }
}

/// The protocol a name of [`protocol`] stands for (a select's value, the worker's JSON); TCP for
/// anything else.
pub(super) fn protocol_named(name: &str) -> Protocol {
    match name {
        "UDP" => Protocol::Udp,
        "ICMP" => Protocol::Icmp,
        "Any" => Protocol::Any,
        _ => Protocol::Tcp,
    }
}

/// The options of a flow's protocol select (TCP, UDP, ICMP), the one `signal` holds selected.
pub(super) fn protocol_options(signal: RwSignal<Protocol>) -> impl IntoView {
    [Protocol::Tcp, Protocol::Udp, Protocol::Icmp]
        .into_iter()
        .map(|p| view! { <option value=protocol(p) selected=move || signal.get() == p>{protocol(p)}</option> })
        .collect_view()
}

fn packet(p: &Packet) -> String {
    if p.protocol == Protocol::Icmp {
        format!("{} → {} ICMP", p.src, p.dst)
    } else {
        format!("{}:{} → {}:{} {}", p.src, p.src_port, p.dst, p.dst_port, protocol(p.protocol))
    }
}

fn stop(d: &Design, hop: &Hop, leg: Leg) -> Stop {
    Stop {
        element: hop.place.element().map(|id| drawn_as(d, id)),
        place: hop.place.name().to_string(),
        leg,
        caption: packet(&hop.packet),
        events: hop
            .steps
            .iter()
            .map(|s| Event { label: action(s.action), rule: s.rule, detail: s.detail.clone() })
            .collect(),
        mark: Mark::None,
    }
}

/// Answers a few throwaway questions (the first client to the last VM, the last client, often an
/// on-premises host, to the first VM, and a VM to a private endpoint, HTTPS) and writes their
/// markup, then drops it all: wasm functions are compiled on their first call, and the first
/// trace of a page compiled ≈ 200 of them on the click (≈ 9 ms; BENCHMARKS.md, session 7).
/// Whether a question was answered (a design without two clients has nothing to ask).
pub fn warm_up(eng: &Engine) -> bool {
    let d = eng.net.design;
    let clients = super::clients(d);
    let vm = |i: Option<&vnet_core::model::Vm>| i.map(|v| v.id.to_string());
    let pairs = [
        (clients.first().map(|c| c.0.clone()), vm(d.vms.last())),
        (clients.last().map(|c| c.0.clone()), vm(d.vms.first())),
        (vm(d.vms.first()), d.private_endpoints.first().map(|p| p.id.to_string())),
    ];
    let texts = RuleTexts::shared();
    let mut answered = false;
    for (from, to) in pairs {
        let (Some(from), Some(to)) = (from, to) else { continue };
        let (Some(from), Some(to)) = (lookup::flow_source(d, &from), lookup::address(d, &to)) else { continue };
        let flow = Flow { from, to, protocol: Protocol::Tcp, port: 443, host: None };
        if let Ok(t) = eng.trace(&flow) {
            let shown = track(d, &t);
            std::hint::black_box((verdict_html(&Ok(t), texts), super::event_list::html(&shown, 0, texts)));
            answered = true;
        }
    }
    answered
}

/// The trace as a track: the request's hops, the reply's, and when the engine says the client's
/// next packet is dropped by a device the reply skipped (F-12), that packet's way to it.
pub fn track(d: &Design, t: &Trace) -> Track {
    let mut places: Vec<&Place> = Vec::new();
    let mut stops: Vec<Stop> = Vec::new();
    for h in &t.forward.hops {
        places.push(&h.place);
        stops.push(stop(d, h, Leg::Forward));
    }
    for h in t.reply.iter().flat_map(|r| &r.hops) {
        places.push(&h.place);
        stops.push(stop(d, h, Leg::Reply));
    }
    let mut risk = None;
    let (mark, at, end) = match &t.outcome {
        Outcome::Delivered => (Mark::Delivered, None, None),
        Outcome::Dropped { at, reason, rule } => (Mark::Dropped, Some(at), Some((*rule, reason.clone()))),
        Outcome::Loop { at } | Outcome::NoRoute { at } => (Mark::Dropped, Some(at), None),
        Outcome::AtRisk { device, .. } => {
            risk = device.element().map(|id| drawn_as(d, id));
            (Mark::AtRisk, None, None)
        }
    };
    let ends_here = at.is_none_or(|at| places.last() == Some(&at));
    if !ends_here {
        // The engine's verdict names a device the reply never reached: the client's next packet
        // follows the request's path to it (DECISIONS 2).
        if let (Some(at), Some((rule, reason))) = (at, end) {
            for h in &t.forward.hops {
                let mut s = stop(d, h, Leg::Ack);
                s.events = vec![Event {
                    label: "forward",
                    rule: "F-12",
                    detail: "the client's next packet (ACK) follows the request's path".into(),
                }];
                let last = &h.place == at;
                if last {
                    s.events = vec![Event { label: "dropped", rule, detail: reason.clone() }];
                    s.mark = Mark::Dropped;
                }
                stops.push(s);
                if last {
                    break;
                }
            }
        }
    } else if let Some(last) = stops.last_mut() {
        last.mark = mark;
    }
    Track { stops, risk }
}

#[component]
pub fn TracePanel(views: Views, store: Store) -> impl IntoView {
    let f = views.form;
    let sources = client_options(store, f.from);
    // A memo: edits that leave the names as they were redraw no options.
    let target_names = Memo::new(move |_| {
        store.design.with(|d| {
            let mut names: Vec<String> = d.vms.iter().map(|v| v.name.clone()).collect();
            names.extend(d.private_endpoints.iter().map(|p| p.name.clone()));
            names.extend(d.firewalls.iter().map(|x| x.name.clone()));
            names.extend(d.paas.iter().map(|x| x.name.clone()));
            names.extend(d.sites.iter().flat_map(|s| s.hosts.iter().map(|h| h.name.clone())));
            names
        })
    });
    let targets = move || target_names.get().into_iter().map(|n| view! { <option value=n /> }).collect_view();
    // The source is always a client of the open design (another design may have been opened).
    Effect::new(move |_| {
        let list = store.design.with(clients);
        if !list.iter().any(|(k, _)| *k == f.from.get_untracked()) {
            f.from.set(list.first().map(|c| c.0.clone()).unwrap_or_default());
        }
    });
    // "Trace" runs on the button's click and on Enter in a field (`ask_handlers`). The port's
    // range is still checked by the browser, with its message, as a submission did.
    let port = NodeRef::<leptos::html::Input>::new();
    let run = move || {
        // `reportValidity` lays the page out (≈ 1 ms) to place its bubble: only asked when the
        // port is out of range.
        if port.get_untracked().is_none_or(|p| p.check_validity() || p.report_validity()) {
            views.run_trace();
        }
    };
    let (on_submit, on_enter) = ask_handlers(run);
    view! {
        <section class="panel trace" aria-label="Packet trace">
            <h2>"Packet trace"</h2>
            <form class="ask" on:submit=on_submit on:keydown=on_enter>
                <label class="field">
                    <span class="field-label">"From"</span>
                    <select name="from" on:change=move |ev| f.from.set(event_target_value(&ev))>{sources}</select>
                </label>
                <label class="field">
                    <span class="field-label">"To (element or IP)"</span>
                    <input name="to" type="text" list="trace-targets" spellcheck="false" prop:value=move || f.to.get()
                        on:input=move |ev| f.to.set(event_target_value(&ev)) />
                    <datalist id="trace-targets">{targets}</datalist>
                </label>
                <div class="row">
                    <label class="field">
                        <span class="field-label">"Protocol"</span>
                        <select name="protocol" on:change=move |ev| f.protocol.set(protocol_named(&event_target_value(&ev)))>
                            {protocol_options(f.protocol)}
                        </select>
                    </label>
                    <label class="field">
                        <span class="field-label">"Port"</span>
                        <input node_ref=port name="port" type="number" min="0" max="65535" prop:value=move || f.port.get()
                            disabled=move || f.protocol.get() == Protocol::Icmp
                            on:input=move |ev| f.port.set(event_target_value(&ev)) />
                    </label>
                    <button type="button" class="primary run" on:click=move |_| run()>"Trace"</button>
                </div>
            </form>
            <p class="hint">"Or right-click (long-press) an element on the canvas: Trace from here / to here."</p>
            <super::questions::SavedQuestions views store trace=true />
            <TraceResult views store />
        </section>
    }
}

fn still_shown(views: Views, flow: &Flow) -> bool {
    views.traced.with_untracked(|t| matches!(t, Some(Ok(t)) if t.flow == *flow))
}

/// Proves the proposer's next candidate in a task of its own, then the next, and shows the
/// proposals once all are proved; stops when `wanted` says the question changed meanwhile (the
/// trace panel's answer, an intent closed). Shared with the Intents panel.
pub(super) fn prove(
    fixes: RwSignal<Option<Vec<Proposal>>>,
    wanted: impl Fn() -> bool + Copy + 'static,
    mut proposer: fix::Proposer,
) {
    set_timeout(
        move || {
            if !wanted() {
                return;
            }
            if proposer.step() {
                prove(fixes, wanted, proposer);
            } else {
                fixes.try_set(Some(proposer.proposals()));
            }
        },
        std::time::Duration::ZERO,
    );
}

/// The verdict's markup: the outcome with its rule, then the engine's notes; or why there is
/// no trace.
pub(super) fn verdict_html(t: &Result<Trace, String>, texts: RuleTexts) -> String {
    let t = match t {
        Ok(t) => t,
        Err(e) => return format!(r#"<p class="error" role="alert">{}</p>"#, escaped(e)),
    };
    let (class, text, rule) = match &t.outcome {
        Outcome::Delivered => ("outcome delivered", "Delivered, and the reply gets back.".to_string(), None),
        Outcome::Dropped { at, reason, rule } => {
            ("outcome dropped", format!("Dropped at {}: {reason}", at.name()), Some(*rule))
        }
        Outcome::AtRisk { device, reason, rule } => {
            ("outcome at-risk", format!("At risk at {}: {reason}", device.name()), Some(*rule))
        }
        Outcome::Loop { at } => ("outcome dropped", format!("Routing loop at {}.", at.name()), None),
        Outcome::NoRoute { at } => ("outcome dropped", format!("No route at {}.", at.name()), None),
    };
    let mut out = format!(
        r#"<div class="{class}" role="status"><strong>{}</strong> <span class="outcome-text">{}</span>"#,
        escaped(t.outcome.label()),
        escaped(&text)
    );
    if let Some(rule) = rule {
        out.push(' ');
        markup::rule_link(&mut out, rule, texts);
    }
    out.push_str(r#"</div><ul class="notes">"#);
    for n in &t.notes {
        out.push_str(r#"<li class="note">"#);
        markup::rule_link(&mut out, n.rule, texts);
        let _ = write!(out, " {}</li>", escaped(&n.detail));
    }
    out.push_str("</ul>");
    out
}

/// The flow of the answer when it failed (the fixes look for a change that makes it pass).
fn failing(traced: &Option<Result<Trace, String>>) -> Option<&Flow> {
    match traced {
        Some(Ok(t)) if t.outcome != Outcome::Delivered => Some(&t.flow),
        _ => None,
    }
}

/// The verdict, the fixes and the events of the current trace.
#[component]
fn TraceResult(views: Views, store: Store) -> impl IntoView {
    let fixes = RwSignal::new(None::<Vec<Proposal>>);
    // Proposals re-trace the flow on changed copies of the design (an engine each, ≈ 5 ms at
    // 100 spokes, up to a dozen): started in the task after the next frame, so the verdict and
    // the first animation frame are drawn first, then proved one candidate per task (`prove`),
    // so no task blocks input for long; dropped if the trace changed meanwhile.
    Effect::new(move |_| {
        let flow = views.traced.with(|t| failing(t).cloned());
        fixes.set(None);
        let Some(flow) = flow else { return };
        request_animation_frame(move || {
            set_timeout(
                move || {
                    if still_shown(views, &flow) {
                        let proposer = fix::Proposer::new(store.document(), &flow);
                        let flow = StoredValue::new(flow);
                        prove(fixes, move || flow.with_value(|f| still_shown(views, f)), proposer);
                    }
                },
                std::time::Duration::ZERO,
            )
        });
    });
    // The verdict is written as HTML (`markup`): every answer replaces it whole. The fixes are a
    // view of their own, kept while answers keep failing (their list is replaced by the Effect
    // above).
    let texts = RuleTexts::shared();
    let host = NodeRef::<leptos::html::Div>::new();
    Effect::new(move |_| {
        let Some(el) = host.get() else { return };
        let html = views.traced.with(|t| untrack(|| t.as_ref().map(|t| verdict_html(t, texts)).unwrap_or_default()));
        el.set_inner_html(&html);
    });
    let failed = Memo::new(move |_| views.traced.with(|t| failing(t).is_some()));
    let fixes_view = move || failed.get().then(|| view! { <Fixes views store fixes /> });
    let verdict = markup::host(views, "verdict", host, |_| ());
    // The events follow the track on their own: inside the verdict above, every answer built the
    // list twice (once for the new track, once for the verdict's new copy of the list).
    let events = move || (views.showing.get() == Showing::Trace).then(|| view! { <EventList views /> });
    let keep = view! { <super::intents::keep::KeepTrace views store /> };
    view! { {verdict} {keep} {fixes_view} {events} }
}

#[component]
pub(super) fn Fixes(views: Views, store: Store, fixes: RwSignal<Option<Vec<Proposal>>>) -> impl IntoView {
    let error = RwSignal::new(None::<String>);
    // The view stays while answers keep failing: a new answer's search clears the last error.
    Effect::new(move |_| {
        if fixes.with(Option::is_none) {
            error.set(None);
        }
    });
    move || match fixes.get() {
        None => view! { <p class="hint">"Looking for a change that makes it pass…"</p> }.into_any(),
        Some(list) if list.is_empty() => {
            let text = format!(
                "The engine found no small change that makes this flow pass (it tried each single change, then up to {} pairs of them).",
                fix::MAX_PAIRS
            );
            view! { <p class="hint">{text}</p> }.into_any()
        }
        Some(list) => {
            let items = list
                .into_iter()
                .map(|p| {
                    let edit = p.edit.clone();
                    // A pair cites the rule of each of its two changes.
                    let rules = p.parts.iter().map(|x| view! { " " <RuleLink views id=x.rule /> }).collect_view();
                    let apply =
                        move |_| error.set(store.apply(edit.clone()).err().map(|e| format!("Could not apply: {e}")));
                    view! {
                        <li class="fix">
                            <div class="fix-title"><strong>{p.title}</strong>{rules}</div>
                            <p class="fix-why">{p.why}</p>
                            <button class="apply" on:click=apply>"Apply"</button>
                        </li>
                    }
                })
                .collect_view();
            view! {
                <h3>"How to make it pass"</h3>
                <p class="hint">"Each change was tried on a copy of the design and re-traced. Apply is one undo step."</p>
                <ul class="fixes">{items}</ul>
                {move || error.get().map(|e| view! { <p class="error">{e}</p> })}
            }
            .into_any()
        }
    }
}
