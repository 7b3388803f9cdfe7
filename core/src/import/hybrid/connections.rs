//! Gateway connections (`Microsoft.Network/connections`): site-to-site IPsec to a local network
//! gateway, VNet-to-VNet to another gateway (P-14), ExpressRoute to a circuit; and the prefixes
//! each learned from the gateway's learned routes, matched by BGP peer address
//! (`sourcePeer`) or by the far end's public IP (`nextHop` of a static route).

use super::super::fields::{arr, bool_ci, field, ip, ref_at, reference};
use super::super::shape::{str_ci, Resource};
use super::super::Context;
use super::learned::{Learned, Origin};
use super::{instances, peering_addresses, CIRCUITS};
use crate::id::Id;
use crate::model::{ConnectionPeer, ElementKind, GatewayConnection, LearnedPrefix, OnPremRouting, OnPremSite};
use ipnet::Ipv4Net;
use std::net::Ipv4Addr;

/// What the far end of a connection answers to in the learned routes.
#[derive(Default)]
struct FarEnd {
    /// BGP peer addresses (`sourcePeer` of its EBGP routes).
    peers: Vec<Ipv4Addr>,
    /// Public IPs (`nextHop` of its static routes).
    public: Vec<Ipv4Addr>,
}

/// Reads one connection into its gateway.
pub(super) fn read<'a>(cx: &mut Context<'a>, r: &'a Resource, learned: &mut Learned) {
    let p = &r.props;
    let at = r.shown_id().to_string();
    let Some(gw_ref) = reference(cx, p, "virtualNetworkGateway1", &at) else {
        return cx.skip(r, "names no virtualNetworkGateway1");
    };
    let Some((gi, gw_id)) = cx.element_by_id(gw_ref).and_then(|id| gateway_index(cx, id)) else {
        return cx.skip(r, format!("its gateway {gw_ref} is not in the input"));
    };
    let kind = str_ci(p, "connectionType").unwrap_or("IPsec").to_ascii_lowercase();
    let bgp = kind == "expressroute" || bool_ci(p, "enableBgp").unwrap_or(false);
    let instances: Vec<Ipv4Addr> = cx.design.gateways.get(gi).map(|g| g.instance_ips.clone()).unwrap_or_default();
    let only_gateway = cx.design.gateways.len() == 1;
    // Routes and sessions over custom APIPA BGP addresses name those, not the instance.
    let apipa = cx.resource_by_id(gw_ref).map(|g| super::apipa(&g.props)).unwrap_or_default();
    let mut known = instances.clone();
    known.extend(apipa.iter().map(|(custom, _)| *custom));
    let has_routes = learned.has_gateway(&known, only_gateway);
    let rows = learned.of_gateway(&known, only_gateway);
    let subject = r.shown_id().to_string();
    let (peer, far, site) = match kind.as_str() {
        "ipsec" => {
            let Some(lng) = reference(cx, p, "localNetworkGateway2", &at) else {
                return cx.skip(r, "an IPsec connection without localNetworkGateway2");
            };
            let site = site_for(cx, lng, "local network gateway outside the input: its prefixes are unknown");
            (ConnectionPeer::Site(site.clone()), lng_far_end(cx.resource_by_id(lng)), Some(site))
        }
        "vnet2vnet" => {
            let Some(remote_ref) = reference(cx, p, "virtualNetworkGateway2", &at) else {
                return cx.skip(r, "a VNet-to-VNet connection without virtualNetworkGateway2");
            };
            let Some(remote) = cx.element_by_id(remote_ref).cloned() else {
                return cx.skip(
                    r,
                    format!("its remote gateway {remote_ref} is not in the input (P-14 needs both gateways)"),
                );
            };
            (ConnectionPeer::Gateway(remote), gateway_far_end(cx, remote_ref), None)
        }
        "expressroute" => {
            let Some(circuit) = ref_at(p, "peer").or_else(|| ref_at(p, "expressRouteCircuitPeering")) else {
                return cx.skip(r, "an ExpressRoute connection that names no circuit (peer)");
            };
            let circuit = circuit_id(circuit);
            let site = site_for(
                cx,
                &circuit,
                "ExpressRoute circuit outside the input: its prefixes come from the gateway's learned routes",
            );
            (ConnectionPeer::Site(site.clone()), FarEnd::default(), Some(site))
        }
        other => {
            return cx
                .skip(r, format!("connection type '{other}' is not modelled (IPsec, Vnet2Vnet, ExpressRoute are)"))
        }
    };
    // The instances with an established BGP session to the far end carry its tunnels.
    let mut sessions: Vec<Ipv4Addr> =
        learned.sessions(&far.peers).into_iter().map(|a| instance_of(a, &apipa)).collect();
    sessions.sort();
    sessions.dedup();
    let next_hops = if sessions.is_empty() || same_set(&sessions, &instances) { Vec::new() } else { sessions };
    let own: Vec<Ipv4Addr> = if next_hops.is_empty() { instances.clone() } else { next_hops.clone() };
    let prefixes = claim(learned, &rows, kind == "expressroute", &far, &apipa);
    let mut learned_prefixes: Vec<LearnedPrefix> = Vec::new();
    if kind != "vnet2vnet" {
        // A VNet-to-VNet tunnel's prefixes are derived by the engine (P-14); the rows only confirm them.
        learned_prefixes = prefixes
            .into_iter()
            .map(|(prefix, mut hops)| {
                hops.sort();
                LearnedPrefix { prefix, next_hops: if same_set(&hops, &own) { Vec::new() } else { hops } }
            })
            .collect();
    }
    if kind == "ipsec" {
        add_site_space(cx, site.as_ref(), &far, &mut learned_prefixes);
    }
    // A VNet-to-VNet tunnel over BGP learns what the engine derives (P-14 (b)): nothing unknown.
    if bgp && kind != "vnet2vnet" && (!has_routes || (kind == "expressroute" && learned_prefixes.is_empty())) {
        let what = if kind == "expressroute" {
            "none (an ExpressRoute circuit has no address space in Azure's JSON)"
        } else {
            "its local network gateway's address prefixes"
        };
        cx.assume(subject.as_str(), format!("learned prefixes unknown: BGP routes not given (az network vnet-gateway list-learned-routes); the connection learns {what}"));
    }
    if let Some(site) = &site {
        update_site(cx, site, &learned_prefixes, bgp || kind == "expressroute", gi, &subject);
    }
    let why = "NAT rules on a connection are not modelled: addresses are traced untranslated";
    super::super::fields::not_modelled(cx, r, &["ingressNatRules", "egressNatRules"], why);
    let gw_bgp = cx.design.gateways.get(gi).is_some_and(|g| g.bgp);
    let id = cx.alloc(ElementKind::Connection);
    let meta = cx.meta(r);
    let connection = GatewayConnection {
        id: id.clone(),
        name: r.name.clone(),
        peer,
        bgp: (kind != "expressroute" && bgp != gw_bgp).then_some(bgp),
        next_hops,
        learned_prefixes,
        meta,
    };
    match cx.design.gateways.get_mut(gi) {
        Some(g) => g.connections.push(connection),
        None => return cx.skip(r, format!("its gateway {gw_id} vanished")),
    }
    cx.imported(r, ElementKind::Connection, id);
}

/// Claims the gateway's learned routes that came from the far end: EBGP routes from its BGP
/// peer (an ExpressRoute connection takes the EBGP routes no other connection claimed, from the
/// MSEEs), static routes toward its public IP. Each prefix keeps the instances that learned it
/// relayed IBGP copies name no next hop of their own.
fn claim(
    learned: &mut Learned,
    rows: &[usize],
    expressroute: bool,
    far: &FarEnd,
    apipa: &[(Ipv4Addr, Ipv4Addr)],
) -> Vec<(Ipv4Net, Vec<Ipv4Addr>)> {
    let mut prefixes: Vec<(Ipv4Net, Vec<Ipv4Addr>)> = Vec::new();
    for &i in rows {
        let Some(row) = learned.rows.get(i) else { continue };
        let claimed = learned.used.get(i).copied().unwrap_or(true);
        let mine = match row.origin {
            Origin::EBgp if expressroute => !claimed,
            Origin::EBgp => row.source_peer.is_some_and(|a| far.peers.contains(&a)),
            Origin::Network => row.next_hop.is_some_and(|a| far.public.contains(&a) || far.peers.contains(&a)),
            Origin::IBgp => false,
        };
        if !mine {
            continue;
        }
        if let Some(u) = learned.used.get_mut(i) {
            *u = true;
        }
        // A BGP peer's own /32 (its local network gateway's address space) is no route.
        if row.prefix.prefix_len() == 32 && far.peers.contains(&row.prefix.addr()) {
            continue;
        }
        let local = instance_of(row.local, apipa);
        match prefixes.iter_mut().find(|(p, _)| *p == row.prefix) {
            Some((_, hops)) if !hops.contains(&local) => hops.push(local),
            Some(_) => {}
            None => prefixes.push((row.prefix, vec![local])),
        }
    }
    prefixes
}

/// The learned routes no connection claimed: the gateway's own VNet (`Network`, no next hop) and
/// relayed ones (`IBgp`) need none; any other is reported.
pub(super) fn report_unused(cx: &mut Context<'_>, learned: &Learned) {
    for (row, used) in learned.rows.iter().zip(&learned.used) {
        let own = row.origin == Origin::Network && row.next_hop.is_none();
        if *used || own || row.origin == Origin::IBgp {
            continue;
        }
        let from = row.source_peer.or(row.next_hop).map_or_else(|| "?".to_string(), |a| a.to_string());
        cx.skip_part(
            format!("{}#{}", row.resource.file, row.prefix),
            "learned route",
            format!("learned by {} from {from}: no connection of a gateway in the input has that peer", row.local),
        );
    }
}

/// The gateway instance an address stands for: itself, or the instance of a custom APIPA address.
fn instance_of(address: Ipv4Addr, apipa: &[(Ipv4Addr, Ipv4Addr)]) -> Ipv4Addr {
    apipa.iter().find(|(custom, _)| *custom == address).map_or(address, |(_, own)| *own)
}

fn gateway_index(cx: &Context<'_>, id: &Id) -> Option<(usize, Id)> {
    cx.design.gateways.iter().position(|g| &g.id == id).map(|i| (i, id.clone()))
}

fn same_set(a: &[Ipv4Addr], b: &[Ipv4Addr]) -> bool {
    a.len() == b.len() && a.iter().all(|x| b.contains(x))
}

/// `…/expressRouteCircuits/c/peerings/AzurePrivatePeering` → the circuit's id.
fn circuit_id(reference: &str) -> String {
    let lower = reference.to_ascii_lowercase();
    match lower.find("/peerings/") {
        Some(at) => reference.get(..at).unwrap_or(reference).to_string(),
        None => reference.to_string(),
    }
}

/// The site element of a local network gateway or circuit: imported already, made from a circuit
/// of the input, or a placeholder.
fn site_for(cx: &mut Context<'_>, azure_id: &str, why: &str) -> Id {
    if let Some(id) = cx.element_by_id(azure_id) {
        return id.clone();
    }
    if let Some(circuit) = cx.resource_by_id(azure_id).filter(|c| c.kind == CIRCUITS) {
        let id = cx.alloc(ElementKind::Site);
        let meta = cx.meta(circuit);
        cx.design.sites.push(empty_site(id.clone(), circuit.name.clone(), meta));
        cx.imported(circuit, ElementKind::Site, id.clone());
        return id;
    }
    let name = super::super::shape::name_of_id(azure_id).to_string();
    cx.placeholder(azure_id, ElementKind::Site, why, |d, id, meta| d.sites.push(empty_site(id, name, meta)))
}

fn empty_site(id: Id, name: String, meta: crate::model::Meta) -> OnPremSite {
    OnPremSite {
        id,
        name,
        prefixes: Vec::new(),
        hosts: Vec::new(),
        router: OnPremRouting::Advertised,
        internet_nat_ip: None,
        dns_servers: Vec::new(),
        meta,
    }
}

fn lng_far_end(lng: Option<&Resource>) -> FarEnd {
    let Some(lng) = lng else { return FarEnd::default() };
    let peers = lng.prop("bgpSettings").map(peering_addresses).unwrap_or_default();
    let public = lng.prop("gatewayIpAddress").and_then(|v| v.as_str()).and_then(ip).into_iter().collect();
    FarEnd { peers, public }
}

/// A remote gateway answers to its BGP addresses and its instances' public (tunnel) IPs.
fn gateway_far_end(cx: &Context<'_>, remote: &str) -> FarEnd {
    let Some(r) = cx.resource_by_id(remote) else { return FarEnd::default() };
    let mut peers = instances(&r.props);
    if let Some(bgp) = r.prop("bgpSettings") {
        peers.extend(peering_addresses(bgp));
    }
    let mut public: Vec<Ipv4Addr> = r
        .prop("bgpSettings")
        .map(|b| {
            arr(b, "bgpPeeringAddresses")
                .iter()
                .flat_map(|a| arr(a, "tunnelIpAddresses"))
                .filter_map(|v| v.as_str().and_then(ip))
                .collect()
        })
        .unwrap_or_default();
    for c in r.prop("ipConfigurations").and_then(|v| v.as_array()).map_or(&[][..], Vec::as_slice) {
        let pip = ref_at(c, "publicIPAddress").and_then(|id| cx.resource_by_id(id));
        if let Some(a) = pip.and_then(|p| field(&p.props, "ipAddress")).and_then(|v| v.as_str()).and_then(ip) {
            public.push(a);
        }
    }
    FarEnd { peers, public }
}

/// A site-to-site connection also holds its local network gateway's address space as static
/// routes, except a BGP peer's own /32, which contributes no route.
fn add_site_space(cx: &Context<'_>, site: Option<&Id>, far: &FarEnd, out: &mut Vec<LearnedPrefix>) {
    let Some(site) = site.and_then(|s| cx.design.sites.iter().find(|x| &x.id == s)) else { return };
    for p in &site.prefixes {
        let peer_host = p.prefix_len() == 32 && far.peers.contains(&p.addr());
        if !peer_host && !out.iter().any(|l| l.prefix == *p) {
            out.push(LearnedPrefix::from(*p));
        }
    }
}

/// The site learns its connection's prefixes as its own address space; a static site's router
/// sends the gateway VNet's and its gateway-transit spokes' ranges into the tunnel (P-12).
fn update_site(cx: &mut Context<'_>, site: &Id, learned: &[LearnedPrefix], bgp: bool, gi: usize, subject: &str) {
    let routed = if bgp { None } else { Some(azure_side(cx, gi)) };
    let Some(s) = cx.design.sites.iter_mut().find(|x| &x.id == site) else { return };
    for l in learned {
        if !s.prefixes.contains(&l.prefix) {
            s.prefixes.push(l.prefix);
        }
    }
    if let Some(prefixes) = routed {
        s.router = OnPremRouting::Static { prefixes };
        let name = s.name.clone();
        cx.assume(
            subject,
            format!("site '{name}' is static (no BGP): its router is assumed to send the gateway VNet's and its gateway-transit spokes' address space into the tunnel (P-12)"),
        );
    }
}

/// The address space of the gateway's VNet and of the VNets peered to it with useRemoteGateways.
fn azure_side(cx: &Context<'_>, gi: usize) -> Vec<Ipv4Net> {
    let d = &cx.design;
    let Some(vnet) = d.gateways.get(gi).and_then(|g| d.subnet(&g.subnet)).map(|s| s.vnet.clone()) else {
        return Vec::new();
    };
    let mut vnets = vec![vnet.clone()];
    vnets.extend(d.peerings.iter().filter(|p| p.remote_vnet == vnet && p.use_remote_gateways).map(|p| p.vnet.clone()));
    let mut out: Vec<Ipv4Net> =
        vnets.iter().filter_map(|v| d.vnet(v)).flat_map(|v| v.address_space.iter().copied()).collect();
    out.dedup();
    out
}
