//! Packets between Azure and on-premises or another VNet's gateway: what an on-premises router
//! sends into its tunnel (P-12, P-13), the gateway sending a packet over one of its connections
//! (R-8, P-14), and transit between two of a gateway's own connections (P-13).

use super::arrive::{Arrival, Device};
use super::steps::Steps;
use super::walk::{drop, At, Next, Walker};
use super::{Action, PathEnd};
use crate::model::{GatewayKind, OnPremRouting};
use crate::network::{Connection, Far, Network, VnetIx};
use crate::packet::{Packet, RuleId};
use std::net::Ipv4Addr;

/// A connection's name for a step: `connection 'to-branch1' (site 'branch1')`, or
/// `VNet-to-VNet connection 'a-to-b' (to gateway 'vpngw-b' in VNet 'vnet-b')`.
fn label(net: &Network, c: &Connection) -> String {
    match c.far {
        Far::Site(site) => format!("connection '{}' (site '{}')", c.connection.name, site.name),
        Far::Vnet(t) => format!(
            "VNet-to-VNet connection '{}' (to gateway '{}' in VNet '{}')",
            c.connection.name,
            t.remote.name,
            net.vnet_name(t.remote_vnet)
        ),
    }
}

/// Where a packet sent over `c` arrives: the site, or the remote gateway coming out of the
/// tunnel (P-14), which then knows the connection the packet came in by (P-13). `None` when the
/// remote gateway's subnet is unknown (the index never builds such a tunnel).
fn through<'d>(w: &mut Walker<'_, 'd>, c: &Connection<'d>) -> Option<At> {
    let net = &w.eng.net;
    match c.far {
        Far::Site(site) => Some(At::OnPrem(net.site_ix(&site.id))),
        Far::Vnet(t) => {
            let subnet = net.subnet_ix(&t.remote.subnet)?;
            w.tunnel_in = Some(net.arrival(&t)?);
            Some(At::GatewayIn(subnet, GatewayKind::Vpn))
        }
    }
}

/// For a VNet-to-VNet egress (P-14, R-25): the gateway instances that carry `dst` over the
/// tunnel, and whether the prefix is the remote VNet's own or learned over BGP.
fn tunnel_detail(net: &Network, c: &Connection, dst: Ipv4Addr) -> String {
    let Far::Vnet(t) = c.far else { return String::new() };
    let held = net.held(&t).iter().filter(|h| h.prefix.contains(&dst)).max_by_key(|h| h.prefix.prefix_len());
    let Some(h) = held else { return String::new() };
    let what = match h.over_bgp {
        true => format!("{} was learned over BGP from gateway '{}'", h.prefix, t.remote.name),
        false => format!("{} is VNet '{}''s address space", h.prefix, net.vnet_name(t.remote_vnet)),
    };
    let ips: Vec<String> = h.next_hops.iter().map(Ipv4Addr::to_string).collect();
    match ips.len() {
        0 => format!("; {what}"),
        1 => format!("; {what}; tunnel from instance {} (R-25)", ips[0]),
        _ => format!("; {what}; tunnels from instances {} (one per flow, R-25)", ips.join(", ")),
    }
}

/// The rule a gateway applies sending over `c`: R-8 towards a site, P-14 to another VNet.
fn send_rule(c: &Connection) -> RuleId {
    match c.far {
        Far::Site(_) => "R-8",
        Far::Vnet(_) => "P-14",
    }
}

/// P-12, P-13: on-premises sends a destination into a tunnel iff its router routes it there: what
/// the gateway advertises over that connection (BGP), or the router's static list. A private
/// destination routed into no tunnel goes nowhere; anything else goes to the internet.
pub(super) fn send_from_onprem(w: &mut Walker, site_ix: usize, packet: &mut Packet, steps: &mut Steps) -> Next {
    let net = &w.eng.net;
    let Some(site) = net.design.sites.get(site_ix) else { return Next::End(PathEnd::NoRoute) };
    if site.prefixes.iter().any(|p| p.contains(&packet.dst)) {
        // Inside the site (e.g. a host asking its DNS server): delivered without leaving it.
        w.delivered_at = Some(At::OnPrem(site_ix));
        steps.add(Action::Deliver, "P-12", || format!("{} is inside on-premises network '{}'", packet.dst, site.name));
        return Next::End(PathEnd::Delivered);
    }
    for (gw_vnet, c) in site_connections(w, site_ix) {
        let Some(gw_subnet) = net.subnet_ix(&c.gateway.subnet) else { continue };
        let (into_tunnel, rule) = match &site.router {
            OnPremRouting::Advertised => {
                if net.advertised_prefixes(gw_vnet).iter().any(|p| p.contains(&packet.dst)) {
                    (true, "P-12")
                } else {
                    (net.advertised_over(gw_vnet, &c).iter().any(|p| p.contains(&packet.dst)), "P-13")
                }
            }
            OnPremRouting::Static { prefixes } => (prefixes.iter().any(|p| p.contains(&packet.dst)), "P-12"),
        };
        if into_tunnel {
            steps.add(Action::Route, rule, || {
                let how = match (&site.router, rule) {
                    (OnPremRouting::Static { .. }, _) => "listed by hand in its static prefixes",
                    (_, "P-13") => "learned over BGP: the gateway advertises its other connections' prefixes",
                    _ => "advertised by the gateway",
                };
                format!(
                    "the on-premises router sends {} into the tunnel to gateway '{}' over connection '{}' ({how})",
                    packet.dst, c.gateway.name, c.connection.name
                )
            });
            w.tunnel_in = Some(c);
            return Next::At(At::GatewayIn(gw_subnet, c.gateway.kind));
        }
    }
    if crate::routes::is_reserved(packet.dst) {
        return Next::End(drop(steps, "P-12", || {
            format!(
                "on-premises '{}' routes {} into no tunnel (the gateway does not advertise it to this site and it is not in the router's static prefixes), and a private address is not reachable over the internet",
                site.name, packet.dst
            )
        }));
    }
    steps.add(Action::Route, "P-12", || {
        format!("{} is not advertised over the tunnel: on-premises sends it to the internet", packet.dst)
    });
    w.last_sender = Some(At::OnPrem(site_ix));
    // E-24: a host's internet traffic leaves the site from its public NAT address, which is
    // what a service's IP rules see; replies come back to it and are translated back.
    let from_host = site.prefixes.iter().any(|p| p.contains(&packet.src));
    if let (Some(nat), true) = (site.internet_nat_ip, from_host) {
        steps.add(Action::Snat, "E-24", || {
            format!("on-premises '{}' translates source {} to its public address {nat}", site.name, packet.src)
        });
        w.devices.push(Device {
            at: At::OnPrem(site_ix),
            place: w.place_if_explaining(At::OnPrem(site_ix)),
            stateful: false,
            snat: Some((packet.src, nat)),
            dnat: None,
            disable_snat_on_pl: false,
            seen_reply: false,
        });
        packet.src = nat;
    }
    Next::At(w.internet_target(packet.dst))
}

/// The connections that reach site `site_ix`, with their gateway's VNet, in design order.
fn site_connections<'d>(w: &Walker<'_, 'd>, site_ix: usize) -> Vec<(VnetIx, Connection<'d>)> {
    let net = &w.eng.net;
    let Some(site) = net.design.sites.get(site_ix) else { return Vec::new() };
    let mut out = Vec::new();
    for gw in &net.design.gateways {
        let Some(gw_vnet) = net.subnet_ix(&gw.subnet).map(|s| net.subnets[s].vnet) else { continue };
        let ours = |c: &Connection| c.gateway.id == gw.id && c.site().is_some_and(|s| s.id == site.id);
        for c in net.connections(gw_vnet).filter(ours) {
            out.push((gw_vnet, c));
        }
    }
    out
}

/// The connection a gateway sends `packet` over: the one whose route row the selection picked
/// under ECMP across connections the flow hash chose that row), else the longest prefix
/// any connection of the gateway holds (R-8, P-13), as for a UDR to the gateway.
fn chosen_connection<'d>(
    w: &mut Walker<'_, 'd>,
    gw_vnet: VnetIx,
    kind: GatewayKind,
    packet: &Packet,
) -> Option<Connection<'d>> {
    let picked = w.egress.take().filter(|c| c.gateway.kind == kind);
    picked.or_else(|| w.eng.net.egress_connection(gw_vnet, packet.dst, Some(kind)))
}

/// R-8, P-14: a gateway reached from inside Azure sends the packet over the connection that
/// holds the destination: to a site, or through a VNet-to-VNet tunnel to the remote gateway.
pub(super) fn gateway_out(w: &mut Walker, s: usize, kind: GatewayKind, packet: &Packet, steps: &mut Steps) -> Arrival {
    let net = &w.eng.net;
    let vnet = net.subnets[s].vnet;
    let Some(c) = chosen_connection(w, vnet, kind, packet) else {
        return Arrival::End(drop(steps, "R-14", || {
            format!("no connection of the gateway holds {}: no on-premises site or VNet behind it", packet.dst)
        }));
    };
    steps.add(Action::Forward, send_rule(&c), || {
        let detail = tunnel_detail(net, &c, packet.dst);
        format!("gateway '{}' sends the packet through the tunnel over {}{detail}", c.gateway.name, label(net, &c))
    });
    match through(w, &c) {
        Some(at) => Arrival::Goto(at),
        None => Arrival::End(PathEnd::NoRoute),
    }
}

/// P-13: a packet out of one connection whose route leads back to the gateway (kind `kind`)
/// leaves over the connection that holds its destination (a site's or a VNet-to-VNet one, P-14),
/// unless that is the connection it arrived on, or the two connections are ExpressRoute and VPN
/// (Azure Route Server, X-2).
pub(super) fn transit(w: &mut Walker, gw_vnet: VnetIx, kind: GatewayKind, packet: &Packet, steps: &mut Steps) -> Next {
    let Some(out) = chosen_connection(w, gw_vnet, kind, packet) else {
        return Next::End(drop(steps, "R-14", || {
            format!("no connection of the gateway holds {}: no on-premises site or VNet behind it", packet.dst)
        }));
    };
    let net = &w.eng.net;
    let Some(inn) = w.tunnel_in else {
        steps.add(Action::Forward, send_rule(&out), || {
            format!("the gateway sends the packet over {}{}", label(net, &out), tunnel_detail(net, &out, packet.dst))
        });
        return through(w, &out).map_or(Next::End(PathEnd::NoRoute), Next::At);
    };
    if out.same(&inn) {
        return Next::End(drop(steps, "P-13", || {
            format!(
                "gateway '{}' would send {} back over {}, the connection it arrived on: would leave by the connection it arrived on",
                out.gateway.name,
                packet.dst,
                label(net, &out)
            )
        }));
    }
    if inn.gateway.kind != out.gateway.kind {
        return Next::End(drop(steps, "P-13", || {
            format!(
                "transit from {} on '{}' to {} on '{}' crosses between ExpressRoute and VPN, which needs Azure Route Server (not modelled, X-2)",
                label(net, &inn),
                inn.gateway.name,
                label(net, &out),
                out.gateway.name
            )
        }));
    }
    if out.gateway.kind == GatewayKind::ExpressRoute {
        return Next::End(drop(steps, "X-2", || {
            format!(
                "ExpressRoute gateway '{}' does not carry traffic from {} to {}: circuit to circuit needs ExpressRoute Global Reach (not modelled, X-2)",
                out.gateway.name,
                label(net, &inn),
                label(net, &out)
            )
        }));
    }
    steps.add(Action::Forward, "P-13", || {
        format!(
            "gateway '{}' forwards between its own connections: in over {}, out over {}, which holds {}{}",
            out.gateway.name,
            label(net, &inn),
            label(net, &out),
            packet.dst,
            tunnel_detail(net, &out, packet.dst)
        )
    });
    through(w, &out).map_or(Next::End(PathEnd::NoRoute), Next::At)
}
