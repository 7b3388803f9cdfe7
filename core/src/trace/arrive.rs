//! What happens when a packet arrives somewhere: peering checks on entering a VNet (P-4, P-5),
//! inbound NSGs (N-5), IP forwarding (F-20), firewall and NVA decisions with NAT and state
//! (F-3..F-12), private endpoint acceptance (E-2, E-5, N-8), the service's own firewall (E-22).

use super::engine::Engine;
use super::steps::Steps;
use super::walk::{drop, explicit_allow, At, Crossing, Direction2, Sender, Walker};
use super::{Action, PathEnd, Place};
use crate::filter::{firewall, nsg, nva, TagContext};
use crate::id::Id;
use crate::model::{Access, ConnectionState, Direction, PeTarget, Protocol, RuleAction, ServiceFirewallAction, VmRole};
use crate::packet::Packet;
use std::net::Ipv4Addr;

pub(super) enum Arrival {
    End(PathEnd),
    Send(Sender),
    Goto(At),
}

/// A stateful (or NATing) device the forward path crossed.
#[derive(Clone, Debug)]
pub(super) struct Device {
    pub at: At,
    pub place: Place,
    pub stateful: bool,
    /// (original source, translated source)
    pub snat: Option<(Ipv4Addr, Ipv4Addr)>,
    /// (original destination, original port, translated destination)
    pub dnat: Option<(Ipv4Addr, u16, Ipv4Addr)>,
    pub disable_snat_on_pl: bool,
    pub seen_reply: bool,
}

pub(super) fn place(eng: &Engine, at: At) -> Place {
    let net = &eng.net;
    let id_name = |id: &Id, name: &str| (id.clone(), name.to_string());
    match at {
        At::Nic(i) => net.nics.get(i).map_or(Place::Internet, |n| Place::Nic {
            id: n.vm.id.clone(),
            name: n.vm.name.clone(),
            ip: n.nic.ip,
        }),
        At::Firewall(s) => net.firewalls[net.subnets[s].vnet].map_or(Place::Internet, |(fw, _)| {
            let (id, name) = id_name(&fw.id, &fw.name);
            Place::Firewall { id, name }
        }),
        At::GatewayOut(s, kind) | At::GatewayIn(s, kind) => {
            let gws = net.gateways[net.subnets[s].vnet];
            gws.iter()
                .find(|g| g.kind == kind)
                .or(gws.any())
                .map_or(Place::Internet, |g| Place::Gateway { id: g.id.clone(), name: g.name.clone() })
        }
        At::Pe(i) => net
            .private_endpoints
            .get(i)
            .map_or(Place::Internet, |(pe, _)| Place::PrivateEndpoint { id: pe.id.clone(), name: pe.name.clone() }),
        At::Resolver(s) => net
            .design
            .resolvers
            .iter()
            .flat_map(|r| {
                let inbound = r.inbound_endpoints.iter().map(|e| (&e.id, &e.name, &e.subnet));
                inbound.chain(r.outbound_endpoints.iter().map(|e| (&e.id, &e.name, &e.subnet)))
            })
            .find(|(_, _, subnet)| **subnet == net.subnets[s].subnet.id)
            .map_or(Place::Internet, |(id, name, _)| Place::Resolver { id: id.clone(), name: name.clone() }),
        At::OnPrem(i) => net
            .design
            .sites
            .get(i)
            .map_or(Place::Internet, |site| Place::OnPrem { id: site.id.clone(), name: site.name.clone() }),
        At::Internet => Place::Internet,
        At::Service(i) => net
            .design
            .paas
            .get(i)
            .map_or(Place::Internet, |p| Place::Service { id: p.id.clone(), name: p.name.clone() }),
        At::Lb(i) => super::balancer::place(eng, i),
        At::Nat(i, _) => super::nat::place(eng, i),
    }
}

pub(super) fn arrive<'d>(w: &mut Walker<'_, 'd>, at: At, packet: &mut Packet, steps: &mut Steps) -> Arrival {
    let crossing = w.crossing.take();
    if let Some(c) = crossing {
        if let Some(end) = peering_checks(w, c, at, packet, steps) {
            return Arrival::End(end);
        }
    }
    match at {
        At::Nic(i) => nic(w, i, packet, steps),
        At::Firewall(s) => azure_firewall(w, at, s, packet, steps),
        At::GatewayOut(s, kind) => super::hybrid::gateway_out(w, s, kind, packet, steps),
        At::GatewayIn(s, _) => {
            match w.tunnel_in.and_then(|c| c.tunnel().copied()) {
                // P-14: the remote gateway delivers by its own VNet's routes.
                Some(t) => steps.add(Action::Forward, "P-14", || {
                    format!(
                        "out of the tunnel of VNet-to-VNet connection '{}' (from gateway '{}'): gateway '{}' routes by VNet '{}''s routes (its GatewaySubnet's effective routes)",
                        t.connection.name,
                        t.remote.name,
                        t.gateway.name,
                        w.eng.net.vnet_name(t.vnet)
                    )
                }),
                None => {
                    let from =
                        w.tunnel_in.map(|c| format!(" of connection '{}'", c.connection.name)).unwrap_or_default();
                    steps.add(Action::Forward, "P-5", || {
                        format!("out of the tunnel{from}: the gateway routes by its subnet's effective routes (GatewaySubnet)")
                    })
                }
            }
            Arrival::Send(Sender::Subnet { subnet: s, nic: None, gateway: true })
        }
        At::Pe(i) => private_endpoint(w, i, packet, steps),
        At::Resolver(_) => {
            let name = if steps.explain() { w.place(at).name().to_string() } else { String::new() };
            deliver(steps, "D-20", || format!("delivered to DNS Private Resolver endpoint '{name}'"))
        }
        At::OnPrem(site_ix) => {
            let Some(site) = w.eng.net.design.sites.get(site_ix) else { return Arrival::End(PathEnd::NoRoute) };
            // E-24: a reply to the site's public NAT address goes back to the host that sent.
            if w.direction == Direction2::Reply && site.internet_nat_ip == Some(packet.dst) {
                reply_through_device(w, at, false, packet, steps);
            }
            if site.prefixes.iter().any(|p| p.contains(&packet.dst)) {
                let host = site.hosts.iter().find(|h| h.ip == packet.dst).map(|h| h.name.clone());
                let what = host.map_or(format!("{} in the on-premises network '{}'", packet.dst, site.name), |h| {
                    format!("host '{h}'")
                });
                deliver(steps, "P-12", || format!("delivered to {what}"))
            } else {
                Arrival::Send(Sender::OnPrem(site_ix))
            }
        }
        At::Internet => deliver(steps, "R-3", || format!("leaves Azure for {} on the internet", packet.dst)),
        At::Service(i) => service(w, i, packet, steps),
        At::Lb(i) => super::balancer::arrive(w, i, packet, steps),
        At::Nat(i, subnet) => super::nat::arrive(w, i, subnet, packet, steps),
    }
}

fn deliver(steps: &mut Steps, rule: crate::packet::RuleId, detail: impl FnOnce() -> String) -> Arrival {
    steps.add(Action::Deliver, rule, detail);
    Arrival::End(PathEnd::Delivered)
}

/// P-4 and P-5 on entering VNet `c.to` from `c.from` over their peering.
fn peering_checks(w: &mut Walker, c: Crossing, at: At, packet: &Packet, steps: &mut Steps) -> Option<PathEnd> {
    let net = &w.eng.net;
    let peer = net.peer(c.to, c.from)?;
    // P-4 works through NSG semantics, which are stateful (N-6): a reply belongs to a flow the
    // forward check admitted, so only the forward direction is checked.
    let blocked = !peer.link.allow_virtual_network_access || !peer.reverse.allow_virtual_network_access;
    if blocked && w.direction == Direction2::Forward {
        let blocked_by = if peer.link.allow_virtual_network_access { &peer.reverse.name } else { &peer.link.name };
        let admitted = matches!(at, At::Nic(i) if explicit_allow(w.eng, i, packet));
        if !admitted {
            return Some(drop(steps, "P-4", || {
                format!("peering access blocked by link '{blocked_by}' (allowVirtualNetworkAccess is off) and no explicit NSG rule allows it")
            }));
        }
        steps.add(Action::PeeringAllow, "P-4", || {
            format!("link '{blocked_by}' blocks VNet access, but an explicit NSG rule allows this flow")
        });
    }
    // P-5: a packet whose source is not in the sending VNet was forwarded; the receiving link must allow it.
    if !c.via_gateway && !net.in_vnet(c.from, packet.src) {
        if !peer.link.allow_forwarded_traffic {
            return Some(drop(steps, "P-5", || {
                format!(
                "forwarded traffic from {} (not an address of '{}') is refused: allowForwardedTraffic is off on link '{}'",
                packet.src,
                net.vnet_name(c.from),
                peer.link.name
            )
            }));
        }
        steps.add(Action::PeeringAllow, "P-5", || format!("link '{}' accepts forwarded traffic", peer.link.name));
    }
    None
}

/// Inbound (subnet, then NIC) or outbound (NIC, then subnet) NSGs of a NIC (N-5). `Some` = dropped.
pub(super) fn nsgs(
    eng: &Engine,
    nic: usize,
    direction: Direction,
    packet: &Packet,
    steps: &mut Steps,
) -> Option<PathEnd> {
    let net = &eng.net;
    let n = net.nics.get(nic)?;
    let ctx = TagContext { virtual_network: eng.tags.get(n.subnet)?, asgs: &net.asgs };
    let subnet_nsg = net.subnets[n.subnet].nsg;
    let nic_nsg = n.nic.nsg.as_ref().and_then(|id| net.design.nsg(id));
    let order = match direction {
        Direction::Inbound => [subnet_nsg, nic_nsg],
        Direction::Outbound => [nic_nsg, subnet_nsg],
    };
    for g in order.into_iter().flatten() {
        let v = nsg::evaluate(g, direction, packet, &ctx);
        let detail = || {
            format!(
                "NSG '{}' {:?}: rule '{}' ({}) {}",
                g.name,
                direction,
                v.rule_name,
                v.priority_text(),
                match v.access {
                    Access::Allow => "allows",
                    Access::Deny => "denies",
                }
            )
        };
        if v.access == Access::Deny {
            let reason = if steps.explain() { detail() } else { String::new() };
            steps.add(Action::NsgDeny, v.rule, || reason.clone());
            return Some(PathEnd::Dropped { reason, rule: v.rule });
        }
        steps.add(Action::NsgAllow, v.rule, detail);
    }
    None
}

fn nic<'d>(w: &mut Walker<'_, 'd>, i: usize, packet: &mut Packet, steps: &mut Steps) -> Arrival {
    let eng = w.eng;
    let Some(n) = eng.net.nics.get(i).copied() else { return Arrival::End(PathEnd::NoRoute) };
    if n.nic.public_ip == Some(packet.dst) {
        steps.add(Action::Dnat, "N-11", || {
            format!("Azure translates public IP {} to the NIC's private IP {}", packet.dst, n.nic.ip)
        });
        packet.dst = n.nic.ip;
    }
    if w.direction == Direction2::Forward {
        if let Some(end) = nsgs(eng, i, Direction::Inbound, packet, steps) {
            return Arrival::End(end);
        }
    }
    // F-21: a reply addressed to the address this NVA SNATed the request to is its own state
    // to un-NAT and forward, not a packet for the NVA itself.
    let snat_reply = w.direction == Direction2::Reply
        && w.devices.iter().any(|d| d.at == At::Nic(i) && d.snat.is_some_and(|(_, new)| new == packet.dst));
    if let (true, VmRole::Nva(cfg)) = (snat_reply, &n.vm.role) {
        if let Some(end) = reply_through_device(w, At::Nic(i), cfg.stateful, packet, steps) {
            return Arrival::End(end);
        }
        return Arrival::Send(Sender::Subnet { subnet: n.subnet, nic: Some(i), gateway: false });
    }
    if n.nic.has_ip(packet.dst) {
        return deliver(steps, "R-19", || format!("delivered to '{}' ({})", n.vm.name, packet.dst));
    }
    if !n.nic.ip_forwarding {
        return Arrival::End(drop(steps, "F-20", || {
            format!("NIC '{}' has IP forwarding off, so it drops packets for {}", n.nic.name, packet.dst)
        }));
    }
    steps.add(Action::Forward, "F-20", || format!("'{}' forwards (IP forwarding on)", n.vm.name));
    if let VmRole::Nva(cfg) = &n.vm.role {
        let at = At::Nic(i);
        if w.direction == Direction2::Reply {
            if let Some(end) = reply_through_device(w, at, cfg.stateful, packet, steps) {
                return Arrival::End(end);
            }
        } else {
            let v = nva::evaluate(cfg, n.nic.ip, packet);
            let name = v.rule_name.clone().unwrap_or_else(|| "no matching rule".into());
            if v.action == RuleAction::Deny {
                return Arrival::End(drop(steps, v.rule, || format!("NVA '{}' denies ({name})", n.vm.name)));
            }
            steps.add(Action::NvaAllow, v.rule, || format!("NVA '{}' allows (rule '{name}')", n.vm.name));
            let snat = v.snat.map(|new| {
                steps.add(Action::Snat, "F-21", || format!("source {} translated to {new}", packet.src));
                let old = packet.src;
                packet.src = new;
                (old, new)
            });
            if cfg.stateful {
                steps.add(Action::StateCreated, "F-12", || format!("stateful NVA '{}' records the flow", n.vm.name));
            }
            w.devices.push(Device {
                at,
                place: w.place_if_explaining(at),
                stateful: cfg.stateful,
                snat,
                dnat: None,
                disable_snat_on_pl: n.nic.disable_snat_on_pl(),
                seen_reply: false,
            });
        }
    }
    Arrival::Send(Sender::Subnet { subnet: n.subnet, nic: Some(i), gateway: false })
}

/// A reply at a device the forward path may have crossed: match its state and undo its NAT.
/// `Some` = dropped (F-5, F-12: a stateful device drops a reply of a flow it never saw).
fn reply_through_device(
    w: &mut Walker,
    at: At,
    stateful: bool,
    packet: &mut Packet,
    steps: &mut Steps,
) -> Option<PathEnd> {
    let name = if steps.explain() { w.place(at).name().to_string() } else { String::new() };
    match w.devices.iter_mut().find(|d| d.at == at) {
        Some(d) => {
            d.seen_reply = true;
            if let Some((orig, new)) = d.snat {
                if packet.dst == new {
                    packet.dst = orig;
                    steps.add(Action::UnNat, "F-5", || format!("'{name}' translates the reply back to {orig}"));
                }
            }
            if let Some((orig_dst, orig_port, translated)) = d.dnat {
                if packet.src == translated {
                    packet.src = orig_dst;
                    packet.src_port = orig_port;
                }
            }
            if d.stateful {
                steps.add(Action::StateMatched, "F-5", || format!("'{name}' matches the reply to the flow it saw"));
            }
            None
        }
        None if stateful => Some(drop(steps, "F-12", || {
            format!("'{name}' never saw this flow's request, so it drops the reply (asymmetric routing)")
        })),
        None => None,
    }
}

fn azure_firewall<'d>(
    w: &mut Walker<'_, 'd>,
    at: At,
    subnet: usize,
    packet: &mut Packet,
    steps: &mut Steps,
) -> Arrival {
    let net = &w.eng.net;
    let info = &net.subnets[subnet];
    let Some((fw, _)) = net.firewalls[info.vnet] else { return Arrival::End(PathEnd::NoRoute) };
    if w.direction == Direction2::Reply {
        if let Some(end) = reply_through_device(w, at, true, packet, steps) {
            return Arrival::End(end);
        }
        return Arrival::Send(Sender::Subnet { subnet, nic: None, gateway: false });
    }
    let on_public = fw.public_ip == Some(packet.dst);
    if packet.dst == fw.private_ip && !on_public {
        return deliver(steps, "F-1", || format!("delivered to firewall '{}' itself", fw.name));
    }
    let v = firewall::decide(fw, info.subnet.prefix, packet, on_public, steps.explain());
    let mut dnat = None;
    match &v.decision {
        firewall::FirewallDecision::Deny { .. } => {
            return Arrival::End(drop(steps, v.rule, || format!("firewall '{}': {}", fw.name, v.explanation)));
        }
        firewall::FirewallDecision::Dnat { translated, translated_port, .. } => {
            steps.add(Action::Dnat, "F-4", || v.explanation.clone());
            dnat = Some((packet.dst, packet.dst_port, *translated));
            packet.dst = *translated;
            packet.dst_port = *translated_port;
        }
        firewall::FirewallDecision::Allow { .. } => {
            steps.add(Action::FirewallAllow, v.rule, || format!("firewall '{}': {}", fw.name, v.explanation));
        }
    }
    // F-6: internet-bound traffic leaves from the firewall's public IP (when it has one), unless a
    // NAT gateway serves AzureFirewallSubnet: it takes precedence (F-23 a).
    let public = fw
        .public_ip
        .filter(|_| dnat.is_none() && !super::nat::serves(w.eng, subnet) && internet_bound(w, subnet, packet));
    let snat = v.snat.map(|new| {
        let old = packet.src;
        let new = public.unwrap_or(new);
        let (rule, how) = match (dnat.is_some(), public.is_some()) {
            (true, _) => ("F-4", String::new()),
            (false, true) => ("F-6", " (the firewall's public IP: the packet leaves for the internet)".to_string()),
            (false, false) => (v.rule, String::new()),
        };
        steps.add(Action::Snat, rule, || format!("source {old} translated to {new}{how}"));
        packet.src = new;
        (old, new)
    });
    steps.add(Action::StateCreated, "F-5", || format!("firewall '{}' records the flow (stateful)", fw.name));
    w.devices.push(Device {
        at,
        place: w.place_if_explaining(at),
        stateful: true,
        snat,
        dnat,
        disable_snat_on_pl: false,
        seen_reply: false,
    });
    Arrival::Send(Sender::Subnet { subnet, nic: None, gateway: false })
}

/// Whether the firewall's own subnet routes `packet` to the internet (F-6).
fn internet_bound(w: &Walker, subnet: usize, packet: &Packet) -> bool {
    let Some(table) = w.eng.table(subnet) else { return false };
    w.eng
        .select(subnet, packet, false, &mut Vec::new())
        .and_then(|sel| table.routes.get(sel.index))
        .is_some_and(|r| r.next_hop_type == crate::model::NextHopType::Internet)
}

fn private_endpoint<'d>(w: &mut Walker<'_, 'd>, i: usize, packet: &Packet, steps: &mut Steps) -> Arrival {
    let eng = w.eng;
    let Some((pe, subnet)) = eng.net.private_endpoints.get(i).copied() else { return Arrival::End(PathEnd::NoRoute) };
    if pe.connection_state != ConnectionState::Approved {
        return Arrival::End(drop(steps, "E-2", || {
            format!("the connection of '{}' is {:?}, not Approved", pe.name, pe.connection_state)
        }));
    }
    let info = &eng.net.subnets[subnet];
    if info.subnet.private_endpoint_network_policies.nsg_applies() {
        if let (Some(g), Some(tag)) = (info.nsg, eng.tags.get(subnet)) {
            let ctx = TagContext { virtual_network: tag, asgs: &eng.net.asgs };
            let v = nsg::evaluate(g, Direction::Inbound, packet, &ctx);
            let detail = format!("NSG '{}' (network policies on): rule '{}'", g.name, v.rule_name);
            if v.access == Access::Deny {
                return Arrival::End(drop(steps, "N-8", || format!("{detail} denies")));
            }
            steps.add(Action::NsgAllow, "N-8", || format!("{detail} allows"));
        }
    }
    // E-5, second part: what the endpoint itself accepts, whatever route brought the packet.
    let (accepts, what) = match pe.target {
        PeTarget::Paas { .. } => (packet.protocol == Protocol::Tcp, "accepts TCP only (a PaaS private endpoint)"),
        PeTarget::PrivateLinkService { .. } => (
            matches!(packet.protocol, Protocol::Tcp | Protocol::Udp),
            "accepts TCP and UDP only (a Private Link Service endpoint)",
        ),
    };
    if !accepts {
        return Arrival::End(drop(steps, "E-5", || {
            let protocol = crate::routes::protocol_name(packet.protocol);
            format!("private endpoint '{}' {what}: this {protocol} packet gets no answer", pe.name)
        }));
    }
    deliver(steps, "E-3", || format!("delivered to private endpoint '{}' ({})", pe.name, packet.dst))
}

/// The service's own network rules (E-22): public access, default action, subnets, IP rules.
fn service<'d>(w: &mut Walker<'_, 'd>, i: usize, packet: &Packet, steps: &mut Steps) -> Arrival {
    let net = &w.eng.net;
    let Some(p) = net.design.paas.get(i) else { return Arrival::End(PathEnd::NoRoute) };
    if w.direction == Direction2::Reply {
        return deliver(steps, "R-3", || "reply delivered".into());
    }
    if !p.public_network_access {
        return Arrival::End(drop(steps, "E-22", || {
            format!("'{}' has public network access disabled: only private endpoints reach it", p.name)
        }));
    }
    let via_subnet = w.service_endpoint_subnet.and_then(|s| net.subnets.get(s)).map(|s| &s.subnet.id);
    if p.default_action == ServiceFirewallAction::Deny {
        let by_subnet = via_subnet.is_some_and(|s| p.allowed_subnets.contains(s));
        let by_ip = p.ip_rules.iter().any(|r| r.contains(&packet.src));
        if !by_subnet && !by_ip {
            return Arrival::End(drop(steps, "E-22", || {
                format!("'{}' denies {}: not an allowed subnet or IP rule", p.name, packet.src)
            }));
        }
    }
    let how = if via_subnet.is_some() { "through its service endpoint" } else { "over its public endpoint" };
    deliver(steps, "E-22", || format!("'{}' accepts the connection {how}; it sees source {}", p.name, packet.src))
}
