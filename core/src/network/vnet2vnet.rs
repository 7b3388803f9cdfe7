//! VNet-to-VNet connections (P-14): which of them carry traffic, and the prefixes each one holds.
//!
//! A tunnel carries traffic only when both connection resources exist (one on each gateway,
//! P-14 Sim choice), between two VPN gateways in two different VNets whose address spaces do not
//! overlap (Azure refuses the rest; validation reports them). Each side behaves like a
//! site-to-site connection whose local network gateway Azure maintains: it holds the remote VNet's
//! address space; with BGP on both connection resources it also holds what the remote gateway
//! advertises (its VNet, its gateway-transit spokes, its local network gateways' prefixes and its
//! other BGP routes, P-12, P-13), so chains transit only with BGP on every intermediate connection.
//!
//! Built once with the network index. Nothing here decides a packet's fate; the trace does.

use super::{connection_bgp, overlaps, Network, VnetIx};
use crate::id::Id;
use crate::model::{ConnectionPeer, Gateway, GatewayConnection};
use ipnet::Ipv4Net;
use std::net::Ipv4Addr;

/// A VNet-to-VNet connection that carries traffic, seen from the side of `gateway`.
#[derive(Clone, Copy, Debug)]
pub struct Tunnel<'d> {
    /// The local VPN gateway and its connection resource.
    pub gateway: &'d Gateway,
    pub connection: &'d GatewayConnection,
    /// The VNet of the local gateway.
    pub vnet: VnetIx,
    /// The remote VPN gateway and its connection resource back to `gateway`.
    pub remote: &'d Gateway,
    pub back: &'d GatewayConnection,
    pub remote_vnet: VnetIx,
    /// BGP runs on the tunnel: both connection resources have it (P-14 (b)).
    pub bgp: bool,
    /// Position in the local gateway VNet's tunnel list (its held prefixes sit at the same place).
    pub index: usize,
}

/// A prefix a tunnel holds, with the local gateway instances that carry it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Held {
    pub prefix: Ipv4Net,
    pub next_hops: Vec<Ipv4Addr>,
    /// Learned over BGP from the remote gateway, rather than the remote VNet's own address space
    /// that the maintained local network gateway holds.
    pub over_bgp: bool,
}

/// The tunnels of every gateway VNet and what each holds (parallel lists).
#[derive(Clone, Debug, Default)]
pub struct Vnet2Vnet<'d> {
    pub tunnels: Vec<Vec<Tunnel<'d>>>,
    pub held: Vec<Vec<Vec<Held>>>,
}

/// The tunnels, without what they hold ([`held`] needs them all first).
pub(super) fn tunnels<'d>(net: &Network<'d>) -> Vec<Vec<Tunnel<'d>>> {
    let mut out: Vec<Vec<Tunnel<'d>>> = vec![Vec::new(); net.vnets.len()];
    // The VPN gateway the index uses in each VNet (L-34), by id.
    let vpn: Vec<(&Id, &'d Gateway, VnetIx)> =
        net.gateways.iter().enumerate().filter_map(|(v, g)| g.vpn.map(|gw| (&gw.id, gw, v))).collect();
    let find = |id: &Id| vpn.iter().find(|(g, _, _)| *g == id).map(|&(_, gw, v)| (gw, v));
    for &(_, gateway, vnet) in &vpn {
        for connection in &gateway.connections {
            let ConnectionPeer::Gateway(remote_id) = &connection.peer else { continue };
            let Some((remote, remote_vnet)) = find(remote_id) else { continue };
            if remote_vnet == vnet || vnets_overlap(net, vnet, remote_vnet) {
                continue;
            }
            let back = remote.connections.iter().find(|c| c.peer == ConnectionPeer::Gateway(gateway.id.clone()));
            let Some(back) = back else { continue };
            let bgp = connection_bgp(gateway, connection) && connection_bgp(remote, back);
            let index = out[vnet].len();
            out[vnet].push(Tunnel { gateway, connection, vnet, remote, back, remote_vnet, bgp, index });
        }
    }
    out
}

fn vnets_overlap(net: &Network, a: VnetIx, b: VnetIx) -> bool {
    net.vnets[a].address_space.iter().any(|x| net.vnets[b].address_space.iter().any(|y| overlaps(x, y)))
}

/// What each tunnel holds (P-14 (a), (b)), in the order of `net.vnet2vnet.tunnels`. A prefix
/// the gateway holds directly (a tunnel's remote VNet, a site connection's prefixes) is not also
/// taken over BGP from a tunnel: BGP prefers the shorter AS path, the direct connection (X-3
/// keeps no AS paths; a ring of VNet-to-VNet connections, or a site connected to both gateways,
/// is where a design meets it).
pub(super) fn held(net: &Network) -> Vec<Vec<Vec<Held>>> {
    net.vnet2vnet
        .tunnels
        .iter()
        .map(|list| {
            let mut held: Vec<Vec<Held>> = list.iter().map(|t| tunnel_held(net, t)).collect();
            let mut direct: Vec<Ipv4Net> = held.iter().flatten().filter(|h| !h.over_bgp).map(|h| h.prefix).collect();
            if let Some(gateway) = list.first().map(|t| t.gateway) {
                for c in &gateway.connections {
                    let Some(site) = c.peer.site().and_then(|id| net.design.site(id)) else { continue };
                    direct.extend(
                        site.prefixes.iter().chain(c.learned_prefixes.iter().map(|l| &l.prefix)).map(|p| p.trunc()),
                    );
                }
            }
            for h in &mut held {
                h.retain(|x| !x.over_bgp || !direct.contains(&x.prefix));
            }
            held
        })
        .collect()
}

fn tunnel_held<'d>(net: &Network<'d>, t: &Tunnel<'d>) -> Vec<Held> {
    let hops = |prefix: &Ipv4Net| -> Vec<Ipv4Addr> {
        // a prefix's own next hops when the design narrows them, else the connection's,
        // else every instance of the gateway.
        let own = t.connection.learned_prefixes.iter().find(|l| l.prefix.trunc() == *prefix && !l.next_hops.is_empty());
        match own {
            Some(l) => l.next_hops.clone(),
            None if !t.connection.next_hops.is_empty() => t.connection.next_hops.clone(),
            None => t.gateway.instance_ips.clone(),
        }
    };
    let mut out: Vec<Held> = Vec::new();
    for range in &net.vnets[t.remote_vnet].address_space {
        let prefix = range.trunc();
        if !out.iter().any(|h| h.prefix == prefix) {
            out.push(Held { prefix, next_hops: hops(&prefix), over_bgp: false });
        }
    }
    if t.bgp {
        // A gateway rejects routes to what it holds itself (its VNet and spokes; BGP's AS-path
        // check would drop its own prefixes coming back).
        let own = net.advertised_prefixes(t.vnet);
        let mut path = vec![&t.gateway.id];
        for prefix in advertised(net, t.remote_vnet, t.remote, &t.back.id, &mut path) {
            if !own.iter().any(|o| overlaps(o, &prefix)) && !out.iter().any(|h| h.prefix == prefix) {
                out.push(Held { prefix, next_hops: hops(&prefix), over_bgp: true });
            }
        }
    }
    out
}

/// What VPN gateway `gateway` (in `gw_vnet`) advertises over its BGP connection `over` (P-12,
/// P-13): its VNet's and gateway-transit spokes' address spaces, then the prefixes of its other
/// connections (their local network gateways' address spaces, a VNet-to-VNet connection's remote
/// VNet included, and what BGP peers taught it), except the default route and anything that
/// overlaps a virtual network prefix. `path` holds the gateways the advertisement already
/// crossed: a gateway never learns back what it sent (BGP's AS-path check).
pub(super) fn advertised<'d>(
    net: &Network<'d>,
    gw_vnet: VnetIx,
    gateway: &'d Gateway,
    over: &Id,
    path: &mut Vec<&'d Id>,
) -> Vec<Ipv4Net> {
    let own = net.advertised_prefixes(gw_vnet);
    let mut out = own.clone();
    let add = |p: &Ipv4Net, out: &mut Vec<Ipv4Net>| {
        let p = p.trunc();
        if p.prefix_len() > 0 && !own.iter().any(|v| overlaps(v, &p)) && !out.contains(&p) {
            out.push(p);
        }
    };
    path.push(&gateway.id);
    for other in gateway.connections.iter().filter(|c| &c.id != over) {
        match &other.peer {
            ConnectionPeer::Site(id) => {
                let Some(site) = net.design.site(id) else { continue };
                site.prefixes.iter().for_each(|p| add(p, &mut out));
                if connection_bgp(gateway, other) {
                    other.learned_prefixes.iter().for_each(|l| add(&l.prefix, &mut out));
                }
            }
            ConnectionPeer::Gateway(_) => {
                let tunnel =
                    net.vnet2vnet.tunnels.get(gw_vnet).and_then(|list| {
                        list.iter().find(|t| t.gateway.id == gateway.id && t.connection.id == other.id)
                    });
                let Some(t) = tunnel else { continue };
                net.vnets[t.remote_vnet].address_space.iter().for_each(|p| add(p, &mut out));
                if t.bgp && !path.contains(&&t.remote.id) {
                    let learned = advertised(net, t.remote_vnet, t.remote, &t.back.id, path);
                    learned.iter().for_each(|p| add(p, &mut out));
                }
            }
        }
    }
    path.pop();
    out
}

impl<'d> Network<'d> {
    /// The VNet-to-VNet tunnels of the VPN gateway in `gateway_vnet`, with what each holds.
    pub fn tunnels(&self, gateway_vnet: VnetIx) -> impl Iterator<Item = (&Tunnel<'d>, &[Held])> + '_ {
        let tunnels = self.vnet2vnet.tunnels.get(gateway_vnet).map_or(&[][..], Vec::as_slice);
        let held = self.vnet2vnet.held.get(gateway_vnet).map_or(&[][..], Vec::as_slice);
        tunnels.iter().zip(held.iter().map(Vec::as_slice))
    }

    /// The prefixes tunnel `t` holds.
    pub fn held(&self, t: &Tunnel) -> &[Held] {
        self.vnet2vnet.held.get(t.vnet).and_then(|l| l.get(t.index)).map_or(&[], Vec::as_slice)
    }

    /// The same tunnel seen from the remote side (its connection `back`).
    pub fn reverse(&self, t: &Tunnel) -> Option<&Tunnel<'d>> {
        let list = self.vnet2vnet.tunnels.get(t.remote_vnet)?;
        list.iter().find(|r| r.gateway.id == t.remote.id && r.connection.id == t.back.id)
    }

    /// Every prefix the tunnels of `gateway_vnet` hold (for the `VirtualNetwork` tag, N-4:
    /// "virtual networks connected to a virtual network gateway").
    pub fn tunnel_prefixes(&self, gateway_vnet: VnetIx) -> impl Iterator<Item = Ipv4Net> + '_ {
        self.tunnels(gateway_vnet).flat_map(|(_, held)| held.iter().map(|h| h.prefix))
    }

    /// the tunnel of VNet `vnet`'s gateway (its own, or its hub's, P-6) that holds `ip`,
    /// when `ip` is outside `vnet` and its directly peered VNets: an address reachable from
    /// `vnet` only through a virtual network gateway.
    pub fn tunnel_only(&self, vnet: VnetIx, ip: Ipv4Addr) -> Option<&Tunnel<'d>> {
        let direct = std::iter::once(vnet).chain(self.peers.get(vnet)?.iter().map(|p| p.remote));
        if direct.into_iter().any(|v| self.in_vnet(v, ip)) {
            return None;
        }
        let gw_vnet = self.gateway_vnet.get(vnet).copied().flatten()?;
        self.tunnels(gw_vnet).find(|(_, held)| held.iter().any(|h| h.prefix.contains(&ip))).map(|(t, _)| t)
    }
}
