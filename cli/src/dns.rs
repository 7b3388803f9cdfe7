//! `vnet resolve` and `vnet connect`: DNS resolution step by step, and resolve-then-trace.
//! Exit 0 when the name resolves (resolve) or the connection is established (connect), else 1;
//! an unknown client is an input error (2).

use crate::out::{self, say};
use std::process::ExitCode;
use vnet_core::connect::{connect_with, Via};
use vnet_core::dns::{Answer, DnsEngine, DnsStep};
use vnet_core::trace::Engine;
use vnet_core::Document;

fn print_steps(steps: &[DnsStep]) {
    for s in steps {
        say!("  {} [{}] {}", s.at, s.rule, s.detail);
    }
}

fn answer_line(a: &Answer) -> String {
    let chain = |c: &[String]| if c.is_empty() { String::new() } else { format!(" (via CNAME {})", c.join(" → ")) };
    match a {
        Answer::A { ips, chain: c } => {
            let ips = ips.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ");
            format!("answer: A {ips}{}", chain(c))
        }
        Answer::NxDomain { chain: c } => format!("answer: NXDOMAIN{}", chain(c)),
        Answer::ServFail { reason } => format!("answer: SERVFAIL ({reason})"),
    }
}

pub fn resolve(doc: &Document, from: &str, name: &str, json: bool) -> Result<ExitCode, String> {
    let eng = Engine::new(&doc.design);
    let r = DnsEngine::new(&eng).resolve(from, name).map_err(|e| e.to_string())?;
    if json {
        out::json(&serde_json::to_string_pretty(&r).map_err(|e| e.to_string())?);
    } else {
        say!("{} from {from}:", r.name);
        print_steps(&r.steps);
        say!("{}", answer_line(&r.answer));
    }
    Ok(crate::finding_if(!matches!(r.answer, Answer::A { .. })))
}

pub fn connect(doc: &Document, from: &str, target: &str, json: bool) -> Result<ExitCode, String> {
    let eng = Engine::new(&doc.design);
    let c = connect_with(&DnsEngine::new(&eng), from, target).map_err(|e| e.to_string())?;
    if json {
        out::json(&serde_json::to_string_pretty(&c).map_err(|e| e.to_string())?);
    } else {
        if let Some(r) = &c.resolution {
            say!("resolve {} from {from}:", r.name);
            print_steps(&r.steps);
            say!("  {}", answer_line(&r.answer));
        }
        if let Some(t) = &c.trace {
            say!("trace TCP {} → {}:{}:", from, t.flow.to, t.flow.port);
            for h in &t.forward.hops {
                say!("  → {} ({} → {})", h.place.name(), h.packet.src, h.packet.dst);
            }
            for h in t.reply.iter().flat_map(|r| &r.hops) {
                say!("  ← {} ({} → {})", h.place.name(), h.packet.src, h.packet.dst);
            }
        }
        for s in &c.steps {
            say!("[{}] {}", s.rule, s.detail);
        }
        let via = match &c.via {
            Via::PrivateEndpoint { name, .. } => format!("private endpoint '{name}'"),
            Via::ServiceEndpoint { name, .. } => format!("service endpoint of subnet '{name}'"),
            Via::PublicInternet => "public internet".into(),
            Via::Private => "private address".into(),
            Via::Unresolved => "unresolved".into(),
        };
        say!("via: {via}");
        if let Some(src) = c.seen_source {
            say!("seen source: {src}");
        }
        say!("{}: {}", if c.ok { "connected" } else { "failed" }, c.summary);
    }
    Ok(crate::finding_if(!c.ok))
}
