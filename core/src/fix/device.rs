//! Device fixes: IP forwarding off on a forwarding NIC (F-20), a private endpoint connection not
//! approved (E-2), asymmetric return through a stateful device (F-12, DECISIONS 2: a UDR in the
//! replying subnet back through the device, gateway propagation off when a gateway route is the
//! bypass, or SNAT on the device), and a private endpoint's reply that skips the device or
//! has no path back (E-11: SNAT on the device, F-7 / F-21; or the NVA NIC tag of E-12), and an
//! NVA that forwards internet-bound traffic without SNAT (F-21).

use super::routes::{add_routes, va_route};
use super::{Candidate, Failure};
use crate::edit::{Edit, Element};
use crate::model::*;
use crate::routes::{select, RouteSource};
use crate::trace::{Outcome, Place};
use ipnet::Ipv4Net;
use std::net::Ipv4Addr;

/// F-20: a NIC asked to forward a packet not addressed to it has IP forwarding off.
pub(super) fn ip_forwarding(f: &Failure) -> Vec<Candidate> {
    if f.rule != "F-20" || !f.dropped() {
        return Vec::new();
    }
    let Some((vm, nic)) = f.hop().and_then(|h| f.nic_at(&h.place)) else { return Vec::new() };
    if nic.ip_forwarding {
        return Vec::new();
    }
    let mut new = vm.clone();
    new.nics.iter_mut().filter(|n| n.id == nic.id).for_each(|n| n.ip_forwarding = true);
    vec![Candidate {
        title: format!("Turn on IP forwarding on NIC '{}' of '{}'", nic.name, vm.name),
        rule: "F-20",
        why: "A VM forwarding traffic not addressed to itself needs IP forwarding on its NIC; off, Azure drops what it should forward (F-20).".into(),
        edits: vec![Edit::Update(Element::Vm(new))],
    }]
}

/// E-2: the private endpoint's connection is Pending, Rejected or Disconnected.
pub(super) fn approve_endpoint(f: &Failure) -> Vec<Candidate> {
    if f.rule != "E-2" || !f.dropped() {
        return Vec::new();
    }
    let Some(Place::PrivateEndpoint { id, .. }) = f.hop().map(|h| &h.place) else { return Vec::new() };
    let Some(pe) = f.design.private_endpoints.iter().find(|p| &p.id == id) else { return Vec::new() };
    let mut new = pe.clone();
    new.connection_state = ConnectionState::Approved;
    vec![Candidate {
        title: format!("Approve the connection of private endpoint '{}'", pe.name),
        rule: "E-2",
        why: format!(
            "A private endpoint carries traffic only once its connection is Approved (E-2); it is {:?}.",
            pe.connection_state
        ),
        edits: vec![Edit::Update(Element::PrivateEndpoint(new))],
    }]
}

/// The forwarding address of a device place (a firewall's private IP, an NVA NIC's IP).
fn device_ip(f: &Failure, place: &Place) -> Option<Ipv4Addr> {
    match place {
        Place::Firewall { .. } => f.firewall_at(place).map(|fw| fw.private_ip),
        Place::Nic { ip, .. } => Some(*ip),
        _ => None,
    }
}

/// The prefixes that hold `ip`: its on-premises site's prefix, else its VNet range, else the /32.
fn home_prefixes(f: &Failure, ip: Ipv4Addr) -> Vec<Ipv4Net> {
    let site: Vec<Ipv4Net> =
        f.design.sites.iter().flat_map(|s| s.prefixes.iter()).filter(|p| p.contains(&ip)).copied().collect();
    if !site.is_empty() {
        return site;
    }
    let net = &f.eng.net;
    match (0..net.vnets.len()).find_map(|v| net.vnet_range_of(v, ip)) {
        Some(range) => vec![range],
        None => vec![Ipv4Net::from(ip)],
    }
}

/// F-12: one direction of the flow bypassed a stateful device the other crossed. When the reply
/// skipped it (dropped at the device by the verdict), the replying subnet gets the fix; when the
/// request skipped it (the reply is dropped there: never saw the request), the source subnet does.
/// Candidates: a UDR for the far end's prefix → the device; propagation off when the bypass is a
/// gateway route; SNAT on the device, so replies are addressed to it.
pub(super) fn asymmetric_return(f: &Failure) -> Vec<Candidate> {
    let Outcome::Dropped { at: device, rule: "F-12", .. } = &f.trace.outcome else { return Vec::new() };
    let Some(dev_ip) = device_ip(f, device) else { return Vec::new() };
    let request_skipped = f.in_reply && f.dropped();
    let (place, packet, side) = if request_skipped {
        let Some(first) = f.trace.forward.hops.first() else { return Vec::new() };
        (&first.place, first.packet.clone(), "request")
    } else {
        let Some(last) = f.trace.forward.hops.last() else { return Vec::new() };
        (&last.place, last.packet.reply(), "reply")
    };
    let Some(subnet) = f.subnet_at(place) else { return Vec::new() };
    let mut out = Vec::new();
    let routes: Vec<Route> =
        home_prefixes(f, packet.dst).into_iter().map(|p| va_route("via-device", p, dev_ip)).collect();
    let prefixes: Vec<String> = routes.iter().map(|r| r.prefix.to_string()).collect();
    let mut ids = f.design.id_allocator();
    out.push(Candidate {
        title: format!(
            "Route {} from subnet '{}' through '{}' ({dev_ip}) (UDR)",
            prefixes.join(", "),
            subnet.name,
            device.name()
        ),
        rule: "F-12",
        why: format!("The {side} leaves '{}' by another route and skips '{}', which sees only one direction of the flow and drops it (F-12, DECISIONS 2). A UDR for the far end's prefix to the device makes the path symmetric.", subnet.name, device.name()),
        edits: add_routes(f.design, &mut ids, subnet, routes),
    });
    out.extend(propagation_off(f, subnet, &packet));
    if !request_skipped {
        out.extend(snat(f, device, "F-12", SNAT_SYMMETRIC));
    }
    out
}

/// the packet's route is a gateway-learned route (more specific than the UDR to the
/// device); "propagate gateway routes = No" on the subnet's route table removes it.
fn propagation_off(f: &Failure, subnet: &Subnet, reply: &crate::packet::Packet) -> Option<Candidate> {
    let table = f.design.route_table(subnet.route_table.as_ref()?)?;
    if table.disable_bgp_route_propagation {
        return None;
    }
    let six = f.eng.net.subnet_ix(&subnet.id)?;
    let effective = f.eng.table(six)?;
    let sel = select(&f.eng.net, effective, reply)?;
    let chosen = effective.routes.get(sel.index)?;
    if chosen.source != RouteSource::VirtualNetworkGateway {
        return None;
    }
    let mut t = table.clone();
    t.disable_bgp_route_propagation = true;
    Some(Candidate {
        title: format!("Turn off gateway route propagation on route table '{}'", table.name),
        rule: "R-28",
        why: format!("The packet follows the gateway-learned route {} (longer than the UDR to the device), bypassing it (R-28); with propagation off (R-17) the subnet's UDRs decide.", chosen.prefix),
        edits: vec![Edit::Update(Element::RouteTable(t))],
    })
}

/// The reason SNAT helps when a reply skips the device (E-11, F-12).
const SNAT_SYMMETRIC: &str =
    "With SNAT the destination replies to the device's own address, so the reply returns through it (E-11, F-12).";

/// SNAT on a firewall (always: private ranges 255.255.255.255/32, F-7) or an NVA (to its NIC IP,
/// F-21): replies are addressed to the device, so they come back through it.
fn snat(f: &Failure, device: &Place, rule: crate::packet::RuleId, why: &str) -> Vec<Candidate> {
    if let Some(fw) = f.firewall_at(device) {
        let always = vec![SnatRange::Prefix(Ipv4Net::from(Ipv4Addr::BROADCAST))];
        if fw.snat_private_ranges == always {
            return Vec::new();
        }
        let mut new = fw.clone();
        new.snat_private_ranges = always;
        return vec![Candidate {
            title: format!("Always SNAT on firewall '{}' (SNAT private ranges 255.255.255.255/32)", fw.name),
            rule,
            why: format!("{why} Private ranges 255.255.255.255/32 make network rules SNAT every destination (F-7)."),
            edits: vec![Edit::Update(Element::Firewall(new))],
        }];
    }
    let Some((vm, _)) = f.nic_at(device) else { return Vec::new() };
    let VmRole::Nva(cfg) = &vm.role else { return Vec::new() };
    if cfg.snat != NvaSnat::Off {
        return Vec::new();
    }
    let mut new = vm.clone();
    new.role = VmRole::Nva(NvaConfig { snat: NvaSnat::NicIp, ..cfg.clone() });
    vec![Candidate {
        title: format!("SNAT to the NIC's IP on NVA '{}'", vm.name),
        rule,
        why: format!("{why} (F-21)"),
        edits: vec![Edit::Update(Element::Vm(new))],
    }]
}

/// F-21: an NVA forwarded internet-bound traffic without SNAT, so the source is another host's
/// private IP, which Azure does not translate to a public IP. SNAT to the NVA's own IP fixes it.
pub(super) fn internet_snat(f: &Failure) -> Vec<Candidate> {
    let Outcome::Dropped { at: device, rule: "F-21", .. } = &f.trace.outcome else { return Vec::new() };
    snat(
        f,
        device,
        "F-21",
        "Azure translates only the NVA's own private IPs to a public IP: with SNAT to its NIC's IP the packet leaves with a public address, and the reply comes back to the NVA, which translates it back.",
    )
}

/// E-11: a private endpoint's reply ignores UDRs, so it skips the device that forwarded the
/// request (at risk) or has no path back at all. SNAT on the device; for an NVA, the NIC tag
/// `disableSnatOnPL` also brings the reply back to it (E-12).
pub(super) fn endpoint_snat(f: &Failure) -> Vec<Candidate> {
    let device = match &f.trace.outcome {
        Outcome::AtRisk { device, rule: "E-11", .. } => device.clone(),
        Outcome::Dropped { rule: "E-11", .. } => {
            let devices = f.trace.forward.hops.iter().rev().map(|h| &h.place).find(|p| match p {
                Place::Firewall { .. } => true,
                Place::Nic { .. } => f.nic_at(p).is_some_and(|(vm, _)| matches!(vm.role, VmRole::Nva(_))),
                _ => false,
            });
            match devices {
                Some(d) => d.clone(),
                None => return Vec::new(),
            }
        }
        _ => return Vec::new(),
    };
    let mut out = snat(f, &device, "E-11", SNAT_SYMMETRIC);
    if let Some((vm, nic)) = f.nic_at(&device) {
        if matches!(vm.role, VmRole::Nva(_)) && !nic.disable_snat_on_pl() {
            let mut new = vm.clone();
            for n in new.nics.iter_mut().filter(|n| n.id == nic.id) {
                n.tags.insert("disableSnatOnPL".into(), "true".into());
            }
            out.push(Candidate {
                title: format!("Tag NIC '{}' of NVA '{}' with disableSnatOnPL = true", nic.name, vm.name),
                rule: "E-12",
                why: "An NVA NIC tagged disableSnatOnPL gets the private endpoint's replies back without SNAT (E-12)."
                    .into(),
                edits: vec![Edit::Update(Element::Vm(new))],
            });
        }
    }
    out
}
