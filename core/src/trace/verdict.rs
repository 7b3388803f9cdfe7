//! The reply and the verdict (DECISIONS 1, F-12, E-11): after a delivered forward path, the
//! reply walks back from the destination; a stateful device the request crossed but the reply
//! did not makes the flow fail there (or, for a private endpoint's platform reply, puts it at risk).

use super::engine::Engine;
use super::steps::Steps;
use super::walk::{At, Direction2, Sender, Walker};
use super::{Action, Flow, Hop, Outcome, Path, PathEnd, Place, Step, Trace, TraceError};

pub(super) fn finish<'d>(
    eng: &Engine<'d>,
    flow: Flow,
    forward: Path,
    walker: Walker<'_, 'd>,
) -> Result<Trace, TraceError> {
    let at_end = forward.last_place();
    let outcome = match &forward.end {
        PathEnd::Dropped { reason, rule } => {
            Some(Outcome::Dropped { at: at_end.clone(), reason: reason.clone(), rule })
        }
        PathEnd::Loop => Some(Outcome::Loop { at: at_end.clone() }),
        PathEnd::NoRoute => Some(Outcome::NoRoute { at: at_end.clone() }),
        PathEnd::Delivered => None,
    };
    let mut notes = setting_notes(&forward);
    if let Some(outcome) = outcome {
        return Ok(Trace { flow, forward, reply: None, outcome, notes });
    }
    let (reply, devices) = reply_path(eng, &forward, &walker);
    let outcome = judge(&forward, &reply, &devices, walker.delivered_at, &mut notes, walker.explain);
    Ok(Trace { flow, forward, reply: Some(reply), outcome, notes })
}

/// E-5: say when the private-endpoint protocol setting decided a route. Not when the packet is
/// dropped at the endpoint because the endpoint accepts TCP only: that drop happens whatever the
/// setting, so the setting did not decide the outcome (E-5, second part).
fn setting_notes(forward: &Path) -> Vec<Step> {
    if matches!(forward.end, PathEnd::Dropped { rule: "E-5", .. }) {
        return Vec::new();
    }
    let decided = forward.hops.iter().flat_map(|h| &h.steps).any(|s| s.rule == "E-5" && s.action == Action::Route);
    if decided {
        vec![Step {
            action: Action::Note,
            rule: "E-5",
            detail: "Decided by the design setting \"private endpoint routes apply to TCP only\" (observed in the field; Microsoft's docs are silent).".into(),
        }]
    } else {
        Vec::new()
    }
}

fn reply_path<'d>(eng: &Engine<'d>, forward: &Path, walker: &Walker<'_, 'd>) -> (Path, Vec<super::arrive::Device>) {
    let net = &eng.net;
    let Some(last) = forward.hops.last() else {
        return (Path { hops: Vec::new(), end: PathEnd::NoRoute }, walker.devices.clone());
    };
    let packet = last.packet.reply();
    let mut rw = Walker::new(eng, Direction2::Reply, walker.devices.clone(), walker.explain);
    rw.places = walker.places;
    let path = match walker.delivered_at {
        Some(at @ At::Nic(i)) => {
            let subnet = net.nics[i].subnet;
            rw.run_sending(at, Sender::Subnet { subnet, nic: Some(i), gateway: false }, packet)
        }
        Some(at @ (At::Firewall(s) | At::Resolver(s))) => {
            rw.run_sending(at, Sender::Subnet { subnet: s, nic: None, gateway: false }, packet)
        }
        Some(at @ At::Pe(i)) => {
            let subnet = net.private_endpoints[i].1;
            rw.run_sending(at, Sender::Platform { subnet }, packet)
        }
        Some(at @ At::OnPrem(site)) => rw.run_sending(at, Sender::OnPrem(site), packet),
        // The internet and services answer the address that sent to them; Azure carries it back.
        Some(at @ (At::Internet | At::Service(_))) => match walker.last_sender {
            Some(sender) => {
                let mut steps = Steps::new(rw.explain);
                steps.add(Action::Forward, "R-3", || format!("the reply returns to {}", packet.dst));
                let first = Hop { place: rw.place_if_explaining(at), packet: packet.clone(), steps: steps.into_vec() };
                let mut p = rw.run(sender, packet);
                p.hops.insert(0, first);
                p
            }
            None => Path { hops: Vec::new(), end: PathEnd::Delivered },
        },
        _ => Path { hops: Vec::new(), end: PathEnd::Delivered },
    };
    (path, rw.devices)
}

fn judge(
    forward: &Path,
    reply: &Path,
    devices: &[super::arrive::Device],
    delivered_at: Option<At>,
    notes: &mut Vec<Step>,
    explain: bool,
) -> Outcome {
    let text = |f: &dyn Fn() -> String| if explain { f() } else { String::new() };
    let at_end = reply.last_place();
    match &reply.end {
        PathEnd::Dropped { reason, rule } => {
            return Outcome::Dropped { at: at_end, reason: text(&|| format!("the reply is dropped: {reason}")), rule };
        }
        PathEnd::Loop => return Outcome::Loop { at: at_end },
        PathEnd::NoRoute => return Outcome::NoRoute { at: at_end },
        PathEnd::Delivered => {}
    }
    let to_private_endpoint = matches!(delivered_at, Some(At::Pe(_)));
    if let Some(d) = devices.iter().find(|d| d.stateful && !d.seen_reply) {
        let name = d.place.name();
        if to_private_endpoint {
            return Outcome::AtRisk {
                device: d.place.clone(),
                reason: text(&|| {
                    format!(
                    "the private endpoint's reply skips '{name}', which saw the request (no SNAT). Azure does not guarantee either outcome: Microsoft recommends SNAT for traffic to private endpoints; field reports vary. Fix: SNAT on '{name}' (or an application rule), or tag the NVA NIC disableSnatOnPL (E-12)."
                )
                }),
                rule: "E-11",
            };
        }
        return Outcome::Dropped {
            at: d.place.clone(),
            reason: text(&|| {
                format!(
                "asymmetric return through '{name}': the reply bypassed it, so the flow's next packet from the client (the ACK) reaches '{name}', which never saw the reply, and is dropped"
            )
            }),
            rule: "F-12",
        };
    }
    if explain && !same_path_back(forward, reply) {
        notes.push(Step {
            action: Action::Note,
            rule: "F-12",
            detail: "The reply takes a different path than the request, but no stateful device is left one-sided."
                .into(),
        });
    }
    Outcome::Delivered
}

/// Whether the reply visits the forward path's places in reverse order.
fn same_path_back(forward: &Path, reply: &Path) -> bool {
    let f: Vec<&Place> = forward.hops.iter().map(|h| &h.place).collect();
    let mut r: Vec<&Place> = reply.hops.iter().map(|h| &h.place).collect();
    r.reverse();
    f == r
}
