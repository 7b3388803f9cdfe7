//! Intents and outcomes in words: a title for an intent that has none, and a trace's outcome as
//! the one line an intent's summary carries.

use crate::model::{Design, DnsExpectation, IntentCheck, IntentEnd, Protocol};
use crate::trace::Outcome;

/// A sentence that says what the intent promises, for one that has no title of its own:
/// "vm-app reaches stcontoso (TCP 443)".
pub fn describe(design: &Design, check: &IntentCheck) -> String {
    let end = |e: &IntentEnd| match e {
        IntentEnd::Element { id } => crate::lookup::name(design, id),
        IntentEnd::Internet { ip } => format!("the internet ({ip})"),
    };
    let flow = |p: &Protocol, port: &u16| match p {
        Protocol::Icmp => "ICMP".to_string(),
        Protocol::Any => format!("port {port}"),
        Protocol::Tcp => format!("TCP {port}"),
        Protocol::Udp => format!("UDP {port}"),
    };
    match check {
        IntentCheck::Reach { from, to, protocol, port } => {
            format!("{} reaches {} ({})", end(from), end(to), flow(protocol, port))
        }
        IntentCheck::Isolate { from, to, protocol, port } => {
            format!("{} cannot reach {} ({})", end(from), end(to), flow(protocol, port))
        }
        IntentCheck::Through { from, to, protocol, port, device } => format!(
            "{} reaches {} through {} ({})",
            end(from),
            end(to),
            crate::lookup::name(design, device),
            flow(protocol, port)
        ),
        IntentCheck::Symmetric { from, to, protocol, port } => {
            format!("{} ↔ {} replies the same way ({})", end(from), end(to), flow(protocol, port))
        }
        IntentCheck::Resolves { from, name, expect } => {
            let answer = match expect {
                DnsExpectation::PrivateEndpoint => "a private endpoint".to_string(),
                DnsExpectation::Ip { ip } => ip.to_string(),
                DnsExpectation::NotPublic => "a private address".to_string(),
            };
            format!("{name} resolves to {answer} from {}", end(from))
        }
    }
}

/// A trace's outcome in a few words. The rule that decided a failure is not repeated here: the
/// intent's `rule` carries it, and the studio and the CLI show it beside the summary.
pub(crate) fn outcome_text(outcome: &Outcome) -> String {
    match outcome {
        Outcome::Delivered => "delivered".to_string(),
        Outcome::Dropped { at, reason, .. } => format!("dropped at {}: {reason}", at.name()),
        Outcome::AtRisk { device, reason, .. } => format!("at risk at {}: {reason}", device.name()),
        Outcome::Loop { at } => format!("loops at {}", at.name()),
        Outcome::NoRoute { at } => format!("no route at {}", at.name()),
    }
}
