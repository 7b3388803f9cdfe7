//! F-23: a NAT gateway is the Internet egress of the subnets it serves. A packet whose selected
//! route has next hop `Internet` and that leaves from such a subnet goes through the NAT gateway,
//! which translates its source to one of the gateway's public IPs; the reply comes back through
//! it and is translated back. The NAT gateway accepts no unsolicited inbound connection.
//!
//! Precedence (F-23 a) falls out of where the step sits: it runs only after the `Internet` route
//! decision, so a `0.0.0.0/0` UDR to an appliance or a gateway, or a BGP default route, wins; the
//! NVA's own Internet egress then uses its own subnet's NAT gateway. A `0.0.0.0/0 → Internet` UDR
//! keeps the NAT gateway (F-23 b, Sim choice). Effective routes are unchanged (F-23 f).
//!
//! The whole egress decision is [`egress`], one call at the `Internet` next hop, so other checks
//! of that next hop (an NVA's missing SNAT, F-21) compose with it by running before it.
//!
//! Sim choices: the source becomes the gateway's first public IP (SNAT port inventories are not
//! modelled, X-6); only forward packets use it: the reply of an inbound-originated flow (through
//! a NIC's public IP) keeps that path (F-23 c); ICMP is dropped at the gateway (F-23 d).

use super::arrive::{Arrival, Device};
use super::engine::Engine;
use super::steps::Steps;
use super::walk::{drop, owner_place, At, Direction2, Next, Walker};
use super::{Action, PathEnd, Place};
use crate::model::Protocol;
use crate::network::SubnetIx;
use crate::packet::Packet;

/// Whether a NAT gateway serves this subnet (F-23).
pub(super) fn serves(eng: &Engine, subnet: SubnetIx) -> bool {
    eng.net.balancing.subnet_nat.get(subnet).is_some_and(Option::is_some)
}

/// At an `Internet` next hop from `subnet`: the subnet's NAT gateway, when it has one and the
/// packet starts a flow from inside (F-23 b, c). `None`: the packet leaves as before.
pub(super) fn egress(w: &mut Walker, subnet: SubnetIx) -> Option<Next> {
    if w.direction != Direction2::Forward {
        return None;
    }
    let (nat, _) = w.eng.net.balancing.nat_of(w.eng.net.design, subnet)?;
    let at = At::Nat(nat, subnet);
    w.last_sender = Some(at);
    Some(Next::At(at))
}

/// An internet source sending to a NAT gateway's public IP: the gateway is reached, and refuses.
pub(super) fn unsolicited(w: &Walker, packet: &Packet, steps: &mut Steps) -> Option<Next> {
    let net = &w.eng.net;
    let nat = net.design.nat_gateways.iter().position(|ng| ng.public_ips.contains(&packet.dst))?;
    let subnet = (0..net.subnets.len()).find(|&s| net.balancing.subnet_nat.get(s) == Some(&Some(nat)))?;
    steps.add(Action::Route, "F-23", || {
        let name = net.design.nat_gateways.get(nat).map_or("?", |ng| ng.name.as_str());
        format!("{} is a public IP of NAT gateway {name}", packet.dst)
    });
    Some(Next::At(At::Nat(nat, subnet)))
}

pub(super) fn place(eng: &Engine, nat: usize) -> Place {
    eng.net
        .design
        .nat_gateways
        .get(nat)
        .map_or(Place::Internet, |ng| Place::NatGateway { id: ng.id.clone(), name: ng.name.clone() })
}

/// A packet at NAT gateway `nat`, sent from (or returning to) `subnet`.
pub(super) fn arrive(w: &mut Walker, nat: usize, subnet: SubnetIx, packet: &mut Packet, steps: &mut Steps) -> Arrival {
    let net = &w.eng.net;
    let Some(ng) = net.design.nat_gateways.get(nat) else { return Arrival::End(PathEnd::NoRoute) };
    let at = At::Nat(nat, subnet);
    if w.direction == Direction2::Reply {
        return reply(w, at, packet, steps);
    }
    if ng.public_ips.contains(&packet.dst) {
        return Arrival::End(drop(steps, "F-23", || {
            format!("NAT gateway {} accepts no unsolicited inbound connection to {}", ng.name, packet.dst)
        }));
    }
    if !matches!(packet.protocol, Protocol::Tcp | Protocol::Udp) {
        return Arrival::End(drop(steps, "F-23", || {
            format!(
                "NAT gateway {} drops {:?} to {}: NAT gateway supports TCP and UDP only",
                ng.name, packet.protocol, packet.dst
            )
        }));
    }
    let Some(&public) = ng.public_ips.first() else {
        return Arrival::End(drop(steps, "F-23", || format!("NAT gateway {} has no public IP", ng.name)));
    };
    let vnet = net.subnets.get(subnet).map(|s| s.vnet);
    let from_firewall = vnet.and_then(|v| net.firewalls.get(v).copied().flatten()).is_some_and(|(_, s)| s == subnet);
    let private = packet.src;
    steps.add(Action::Snat, "F-23", || {
        let over = if from_firewall { " (it takes precedence over the firewall's public IP)" } else { "" };
        format!("NAT gateway {}: source {private} → {public}{over}", ng.name)
    });
    w.devices.push(Device {
        at,
        place: w.place_if_explaining(at),
        stateful: true,
        snat: Some((private, public)),
        dnat: None,
        disable_snat_on_pl: false,
        seen_reply: false,
    });
    packet.src = public;
    Arrival::Goto(w.internet_target(packet.dst))
}

/// The reply: translated back to the private source, then delivered to whoever holds it in the
/// subnet's VNet. A reply to a flow the gateway never translated is refused like any inbound.
fn reply(w: &mut Walker, at: At, packet: &mut Packet, steps: &mut Steps) -> Arrival {
    let net = &w.eng.net;
    let At::Nat(nat, subnet) = at else { return Arrival::End(PathEnd::NoRoute) };
    let name = net.design.nat_gateways.get(nat).map_or("?", |ng| ng.name.as_str());
    let state = w.devices.iter_mut().find(|d| d.at == at && d.snat.is_some_and(|(_, new)| new == packet.dst));
    let Some(d) = state else {
        return Arrival::End(drop(steps, "F-23", || {
            format!("NAT gateway {name} has no outbound flow for {}: no unsolicited inbound", packet.dst)
        }));
    };
    d.seen_reply = true;
    let Some((private, public)) = d.snat else { return Arrival::End(PathEnd::NoRoute) };
    steps.add(Action::UnNat, "F-23", || format!("NAT gateway {name}: destination {public} → {private}"));
    packet.dst = private;
    let Some(vnet) = net.subnets.get(subnet).map(|s| s.vnet) else { return Arrival::End(PathEnd::NoRoute) };
    match net.owner(vnet, private) {
        Some(owner) => Arrival::Goto(owner_place(net, owner)),
        None => Arrival::End(drop(steps, "R-2", || format!("no NIC or device holds {private} any more"))),
    }
}
