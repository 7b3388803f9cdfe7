//! One effect on both sides: a flipped flow or an intent as its trace in the other design
//! ("before", on an engine compiled for it) and in the open one ("now", on the views' shared
//! engine), a changed DNS answer as its lookup in both. Side by side when the panel is wide,
//! stacked when it is narrow (CSS grid). The "now" side opens the full trace view, where the
//! engine's proven fixes are offered, or the lookup.

use super::super::dns_panel::{self, answer_text};
use super::super::markup::{self, escaped};
use super::super::trace_panel::verdict_html;
use super::super::{drawn_as, DnsAsk, Views};
use super::{CompareState, Detail};
use crate::panels::rule_texts::RuleTexts;
use leptos::prelude::*;
use std::fmt::Write;
use vnet_core::intent::{self, Evidence};
use vnet_core::model::FlowSource;
use vnet_core::reach;
use vnet_core::trace::{Engine, Flow, Trace};
use vnet_core::Id;

/// What one side shows, and for the "now" side what to open.
struct Side {
    /// Written HTML: the intent's status, the verdict or the answer, the path.
    html: String,
    open: Option<Open>,
}

#[derive(Clone)]
enum Open {
    Trace(Flow),
    Lookup(DnsAsk),
}

#[component]
pub fn Sides(views: Views, state: CompareState, detail: Detail) -> impl IntoView {
    let Some(compared) = state.result.get_untracked() else { return ().into_any() };
    let Some(before_engine) = state.before_engine() else { return ().into_any() };
    let texts = RuleTexts::shared();
    let (title, before, now) = views.engine.with_untracked(|now| {
        let (b, n) = (before_engine.engine(), now.engine());
        let e = &compared.effects;
        match detail {
            Detail::Flip(i) => {
                let Some(f) = e.reachability.get(i) else { return (String::new(), None, None) };
                let (p, port) = (f.probe.protocol(), f.probe.port);
                let cell = |eng: &Engine, from: Option<&str>, to: Option<&str>| {
                    let (from, to) = (Id::new(from?), Id::new(to?));
                    reach::cell(eng, &from, &to, p, port)
                };
                let title = format!("{} → {}, {}", f.from.name(), f.to.name(), f.probe.label());
                let before = cell(b, f.from.before_id(), f.to.before_id()).map(|c| trace_side(b, &c.flow, None, texts));
                let now = cell(n, f.from.after_id(), f.to.after_id()).map(|c| trace_side(n, &c.flow, None, texts));
                (title, before, now)
            }
            Detail::Intent(i) => {
                let Some(f) = e.intents.get(i) else { return (String::new(), None, None) };
                let side = |eng: &Engine, id: Option<&str>| {
                    let id = id?;
                    let it = eng.net.design.intents.iter().find(|x| x.id.as_str() == id)?;
                    let checked = intent::check(eng, it);
                    let status = format!(
                        r#"<p class="intent-status is-{}"><strong>{}</strong> {}</p>"#,
                        checked.status.label(),
                        checked.status.label(),
                        escaped(&checked.summary)
                    );
                    Some(match checked.evidence {
                        Some(Evidence::Trace { flow }) => trace_side(eng, &flow, Some(status), texts),
                        Some(Evidence::Lookup { from, name }) => {
                            lookup_side(eng, DnsAsk { from: from.to_string(), name }, Some(status), texts)
                        }
                        _ => Side { html: status, open: None },
                    })
                };
                (f.title.clone(), side(b, f.intent.before_id()), side(n, f.intent.after_id()))
            }
            Detail::Dns(i) => {
                let Some(d) = e.dns.get(i) else { return (String::new(), None, None) };
                let side = |eng: &Engine, client: Option<&str>| {
                    Some(lookup_side(eng, DnsAsk { from: client?.to_string(), name: d.name.clone() }, None, texts))
                };
                let title = format!("{} looks up {}", d.client.name(), d.name);
                (title, side(b, d.client.before_id()), side(n, d.client.after_id()))
            }
        }
    });
    let what = compared.what.clone();
    view! {
        <section class="compare-sides" aria-label="Both versions">
            <div class="compare-head">
                <h3>{title}</h3>
                <button class="close" on:click=move |_| state.detail.set(None)>"Back to the list"</button>
            </div>
            <div class="sides">
                <SideView views label=format!("Before — {what}") class="before" side=before />
                <SideView views label="Now — the open design".to_string() class="now" side=now />
            </div>
        </section>
    }
    .into_any()
}

#[component]
fn SideView(views: Views, label: String, class: &'static str, side: Option<Side>) -> impl IntoView {
    let node = NodeRef::<leptos::html::Div>::new();
    let (html, open) = match side {
        Some(s) => (s.html, s.open),
        None => (r#"<p class="hint">Not in this version.</p>"#.to_string(), None),
    };
    Effect::new(move |_| {
        if let Some(el) = node.get() {
            el.set_inner_html(&html);
        }
    });
    let button = (class == "now").then_some(open).flatten().map(|o| {
        let (text, title) = match &o {
            Open::Trace(_) => {
                ("Open the trace", "The full trace, animated on the canvas, with the changes that make it pass")
            }
            Open::Lookup(_) => ("Open the lookup", "The full lookup, animated on the canvas"),
        };
        view! { <button class="open-side primary" title=title on:click=move |_| open_now(views, &o)>{text}</button> }
    });
    view! {
        <div class=format!("side {class}")>
            <h4>{label}</h4>
            {markup::host(views, "side-body", node, |_| ())}
            {button}
        </div>
    }
}

/// Puts the question in the trace or DNS form of the open design and asks it there.
fn open_now(views: Views, open: &Open) {
    match open {
        Open::Trace(flow) => {
            let from = views.store.design.with_untracked(|d| match &flow.from {
                FlowSource::Nic { id } => Some(drawn_as(d, id).to_string()),
                FlowSource::Host { id } => Some(id.to_string()),
                FlowSource::Internet { .. } => None,
            });
            let Some(from) = from else { return };
            views.form.from.set(from);
            views.form.to.set(flow.to.to_string());
            views.form.protocol.set(flow.protocol);
            views.form.port.set(flow.port.to_string());
            views.run_trace();
        }
        Open::Lookup(ask) => {
            views.dns_form.0.set(ask.from.clone());
            views.dns_form.1.set(ask.name.clone());
            views.run_dns();
        }
    }
}

/// The places a trace visits, request then reply.
fn path(t: &Trace) -> String {
    let names = |hops: &[vnet_core::trace::Hop]| hops.iter().map(|h| h.place.name().to_string()).collect::<Vec<_>>();
    let mut out = format!(
        r#"<p class="path"><span class="leg">request</span> {}</p>"#,
        escaped(&names(&t.forward.hops).join(" → "))
    );
    if let Some(r) = &t.reply {
        let _ = write!(
            out,
            r#"<p class="path"><span class="leg">reply</span> {}</p>"#,
            escaped(&names(&r.hops).join(" → "))
        );
    }
    out
}

fn trace_side(eng: &Engine, flow: &Flow, head: Option<String>, texts: RuleTexts) -> Side {
    let traced = eng.trace(flow).map_err(|e| e.to_string());
    let mut html = head.unwrap_or_default();
    html.push_str(&verdict_html(&traced, texts));
    if let Ok(t) = &traced {
        html.push_str(&path(t));
    }
    Side { html, open: Some(Open::Trace(flow.clone())) }
}

fn lookup_side(eng: &Engine, ask: DnsAsk, head: Option<String>, texts: RuleTexts) -> Side {
    let mut html = head.unwrap_or_default();
    match dns_panel::run(eng, &ask) {
        Ok(r) => {
            let _ = write!(
                html,
                r#"<div class="outcome answer"><strong>{}</strong></div><ol class="dns-steps">"#,
                escaped(&answer_text(&r.answer))
            );
            for s in &r.steps {
                html.push_str("<li>");
                markup::rule_link(&mut html, s.rule, texts);
                let _ = write!(html, " {}: {}</li>", escaped(&s.at), escaped(&s.detail));
            }
            html.push_str("</ol>");
        }
        Err(e) => {
            let _ = write!(html, r#"<p class="error">{}</p>"#, escaped(&e));
        }
    }
    Side { html, open: Some(Open::Lookup(ask)) }
}
