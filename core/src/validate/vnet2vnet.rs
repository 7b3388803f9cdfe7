//! VNet-to-VNet connections (P-14, R-13): two route-based VPN gateways, a connection resource on
//! each, no overlap between what the two sides hold, and no appliance next hop that only a tunnel
//! reaches.

use super::index::{label, Index, Label};
use super::net;
use super::{Code, Out};
use crate::id::Id;
use crate::model::*;
use crate::network::HashMap;
use ipnet::Ipv4Net;
use std::net::Ipv4Addr;

pub(super) fn check(ix: &Index, out: &mut Out) {
    let d = ix.design;
    for (gi, g) in d.gateways.iter().enumerate() {
        let who = label(ElementKind::Gateway, &g.name, &g.id);
        for (i, c) in g.connections.iter().enumerate() {
            let ConnectionPeer::Gateway(remote_id) = &c.peer else { continue };
            // A dangling remote gateway is reported by `references`.
            let Some((ri, remote)) = d.gateways.iter().enumerate().find(|(_, r)| &r.id == remote_id) else {
                continue;
            };
            let field = format!("connections[{i}].remoteGateway");
            if g.kind != GatewayKind::Vpn || remote.kind != GatewayKind::Vpn {
                let msg = format!(
                    "{who}: connection '{}' joins {} gateway '{}' to {} gateway '{}'; a VNet-to-VNet connection joins two route-based VPN gateways (P-14)",
                    c.name,
                    kind_name(g.kind),
                    g.name,
                    kind_name(remote.kind),
                    remote.name
                );
                out.push(Code::Vnet2VnetNotVpn, &g.id, field, msg);
                continue;
            }
            let back = remote.connections.iter().any(|b| b.peer == ConnectionPeer::Gateway(g.id.clone()));
            if !back {
                let msg = format!(
                    "{who}: connection '{}' to gateway '{}' has no connection back from '{}': a VNet-to-VNet tunnel is two connection resources, one on each gateway, so there is no traffic until both sides exist (P-14)",
                    c.name, remote.name, remote.name
                );
                out.push(Code::Vnet2VnetOneSided, &g.id, field.clone(), msg);
            } else if ri < gi {
                // Both sides exist: the overlap is reported once, on the first gateway.
                continue;
            }
            overlap(ix, out, who, (g, c), remote, field);
        }
    }
    appliances(ix, out);
}

fn kind_name(kind: GatewayKind) -> &'static str {
    match kind {
        GatewayKind::Vpn => "VPN",
        GatewayKind::ExpressRoute => "ExpressRoute",
    }
}

/// An address range one side of a connection holds, for the overlap message.
struct Held<'a> {
    prefix: Ipv4Net,
    what: String,
    /// The VNet it belongs to, if a VNet's.
    vnet: Option<&'a Vnet>,
    /// The site it belongs to: one site connected to both gateways is one network, not two.
    site: Option<&'a Id>,
}

/// What gateway `g` brings to a VNet-to-VNet connection `except`: its VNet and the spokes that
/// use it (P-6), the sites of its VNet's gateways, and the VNets of its other VNet-to-VNet
/// connections (P-13, P-14).
fn side<'a>(ix: &Index<'a>, g: &'a Gateway, except: Option<&'a Id>) -> Vec<Held<'a>> {
    let d = ix.design;
    let mut out = Vec::new();
    let Some(vnet) = ix.vnet_of(&g.subnet) else { return out };
    let vnet_ranges = |v: &'a Vnet, out: &mut Vec<Held<'a>>| {
        for p in &v.address_space {
            out.push(Held { prefix: p.trunc(), what: format!("VNet '{}'", v.name), vnet: Some(v), site: None });
        }
    };
    vnet_ranges(vnet, &mut out);
    for p in d.peerings.iter().filter(|p| p.remote_vnet == vnet.id && p.use_remote_gateways) {
        if let Some(spoke) = ix.vnet(&p.vnet) {
            vnet_ranges(spoke, &mut out);
        }
    }
    for gw in ix.gateways_in(&vnet.id) {
        for c in &gw.connections {
            match &c.peer {
                ConnectionPeer::Site(id) => {
                    let Some(site) = d.sites.iter().find(|s| &s.id == id) else { continue };
                    for p in &site.prefixes {
                        let what = format!("site '{}'", site.name);
                        out.push(Held { prefix: p.trunc(), what, vnet: None, site: Some(&site.id) });
                    }
                }
                ConnectionPeer::Gateway(remote) if gw.id == g.id && Some(remote) != except => {
                    let far = d.gateways.iter().find(|r| &r.id == remote).and_then(|r| ix.vnet_of(&r.subnet));
                    if let Some(far) = far.filter(|f| f.id != vnet.id) {
                        vnet_ranges(far, &mut out);
                    }
                }
                ConnectionPeer::Gateway(_) => {}
            }
        }
    }
    out
}

/// P-14: the address spaces of the two VNets, and of everything connected to either gateway, do
/// not overlap. One finding per connection: the first overlapping pair.
fn overlap(
    ix: &Index,
    out: &mut Out,
    who: Label,
    (g, c): (&Gateway, &GatewayConnection),
    remote: &Gateway,
    field: String,
) {
    let (Some(a), Some(b)) = (ix.vnet_of(&g.subnet), ix.vnet_of(&remote.subnet)) else { return };
    if a.id == b.id {
        let msg = format!(
            "{who}: connection '{}' joins VNet '{}' to itself (gateway '{}' is in the same VNet); a VNet-to-VNet connection joins two VNets (P-14)",
            c.name, a.name, remote.name
        );
        out.push(Code::Vnet2VnetOverlap, &g.id, field, msg);
        return;
    }
    let (mine, theirs) = (side(ix, g, Some(&remote.id)), side(ix, remote, Some(&g.id)));
    for x in &mine {
        let clash =
            theirs.iter().find(|y| net::overlap(&x.prefix, &y.prefix) && (x.site.is_none() || x.site != y.site));
        if let Some(y) = clash {
            let msg = format!(
                "{who}: connection '{}' to gateway '{}' joins address spaces that overlap: {} of {} and {} of {}; the two sides of a VNet-to-VNet connection, and everything connected to either gateway, must not overlap (P-14)",
                c.name, remote.name, x.prefix, x.what, y.prefix, y.what
            );
            out.push(Code::Vnet2VnetOverlap, &g.id, field, msg);
            return;
        }
    }
}

/// a VirtualAppliance next hop in a VNet that the route's subnets reach only through a
/// VNet-to-VNet tunnel of their gateway (their own VNet's, or their hub's, P-6) is not directly
/// reachable. Reported once per route.
fn appliances(ix: &Index, out: &mut Out) {
    let d = ix.design;
    let mut users: HashMap<&Id, Vec<&Subnet>> = HashMap::default();
    for s in &d.subnets {
        if let Some(t) = &s.route_table {
            users.entry(t).or_default().push(s);
        }
    }
    for t in &d.route_tables {
        let who = label(ElementKind::RouteTable, &t.name, &t.id);
        for (i, r) in t.routes.iter().enumerate() {
            let (NextHopType::VirtualAppliance, Some(ip)) = (r.next_hop_type, r.next_hop_ip) else { continue };
            let behind = users.get(&t.id).into_iter().flatten().find_map(|s| behind_tunnel(ix, &s.vnet, ip));
            if let Some((vnet, connection)) = behind {
                let msg = format!(
                    "{who}: route '{}' ({}) sends to virtual appliance {ip}, which lies in VNet '{vnet}' behind VNet-to-VNet connection '{connection}', reachable only through a virtual network gateway; a next hop needs direct connectivity (R-13), so packets that select the route are dropped",
                    r.name, r.prefix
                );
                out.push(Code::NextHopViaGateway, &t.id, format!("routes[{i}].nextHopIp"), msg);
            }
        }
    }
}

/// The VNet holding `ip` and the connection that reaches it, when a subnet of `vnet` reaches
/// `ip` only through a VNet-to-VNet tunnel (both connection resources present) of its gateway.
fn behind_tunnel<'a>(ix: &Index<'a>, vnet: &'a Id, ip: Ipv4Addr) -> Option<(&'a str, &'a str)> {
    let holds = |v: &Vnet| v.address_space.iter().any(|p| net::contains(p, ip));
    let own = ix.vnet(vnet)?;
    let peered = ix.links_of(vnet).iter().filter(|p| ix.link(&p.remote_vnet, &p.vnet).is_some());
    if holds(own) || peered.clone().any(|p| ix.vnet(&p.remote_vnet).is_some_and(holds)) {
        return None;
    }
    let gateways = if ix.gateways_in(vnet).is_empty() {
        let hub = peered.clone().find(|p| p.use_remote_gateways)?;
        ix.gateways_in(&hub.remote_vnet)
    } else {
        ix.gateways_in(vnet)
    };
    let d = ix.design;
    for g in gateways.iter().filter(|g| g.kind == GatewayKind::Vpn) {
        for c in &g.connections {
            let ConnectionPeer::Gateway(remote_id) = &c.peer else { continue };
            let Some(remote) = d.gateways.iter().find(|r| &r.id == remote_id) else { continue };
            if !remote.connections.iter().any(|b| b.peer == ConnectionPeer::Gateway(g.id.clone())) {
                continue;
            }
            let held = side(ix, remote, Some(&g.id));
            if let Some(v) = held.iter().filter(|h| net::contains(&h.prefix, ip)).find_map(|h| h.vnet) {
                return Some((v.name.as_str(), c.name.as_str()));
            }
        }
    }
    None
}
