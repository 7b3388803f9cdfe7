//! `vnet-to-vnet-no-route-back` (P-14 (a)): a VNet-to-VNet connection without BGP holds only the
//! remote VNet's own address space, on each side. The spokes that use the local gateway (P-6), and
//! the sites whose routers send the remote VNet's range into their tunnel (P-12, P-13), get a
//! route to the remote VNet, but the remote gateway learns nothing of them: replies have no way
//! back. The fix is BGP on both connection resources (P-14 (b)).

use super::{Code, Ctx, Found, Insight, Proof, Severity};
use crate::edit::{Edit, Element};
use crate::id::Id;
use crate::model::{Gateway, OnPremRouting};
use crate::network::{Far, Network, Tunnel, VnetIx};
use crate::routes::RouteState;
use ipnet::Ipv4Net;

/// One finding per tunnel direction without BGP that has spokes or sites behind its gateway.
pub(crate) fn no_route_back(ctx: &Ctx) -> Vec<Found> {
    let net = &ctx.eng.net;
    let mut found = Vec::new();
    for gw_vnet in 0..net.vnets.len() {
        for (t, _) in net.tunnels(gw_vnet).filter(|(t, _)| !t.bgp) {
            let remote_space = &net.vnets[t.remote_vnet].address_space;
            let spokes: Vec<VnetIx> = (0..net.vnets.len())
                .filter(|&v| v != gw_vnet && net.gateway_vnet[v] == Some(gw_vnet) && routes_over(ctx, v, t))
                .collect();
            let sites: Vec<(&Id, &str, Vec<Ipv4Net>)> = net
                .connections(gw_vnet)
                .filter_map(|c| match c.far {
                    Far::Site(site) if sends_into_tunnel(net, gw_vnet, &c, remote_space) => {
                        Some((&site.id, site.name.as_str(), site.prefixes.clone()))
                    }
                    _ => None,
                })
                .collect();
            if spokes.is_empty() && sites.is_empty() {
                continue;
            }
            found.push(finding(ctx, t, &spokes, &sites));
        }
    }
    found
}

/// Whether a subnet of `vnet` has an Active route over tunnel `t` (propagation may be off, R-17).
fn routes_over(ctx: &Ctx, vnet: VnetIx, t: &Tunnel) -> bool {
    let net = &ctx.eng.net;
    net.vnet_subnets[vnet].iter().filter_map(|&s| ctx.eng.routes.get(s)).any(|table| {
        table.routes.iter().any(|r| {
            r.rule == "P-14"
                && r.state == RouteState::Active
                && r.target.as_ref() == Some(&t.gateway.id)
                && net.vnets[t.remote_vnet].address_space.iter().any(|p| p.trunc() == r.prefix)
        })
    })
}

/// Whether the site behind connection `c` routes the remote VNet's range into its tunnel (P-12).
fn sends_into_tunnel(net: &Network, gw_vnet: VnetIx, c: &crate::network::Connection, remote: &[Ipv4Net]) -> bool {
    let Far::Site(site) = c.far else { return false };
    let covers = |list: &[Ipv4Net]| remote.iter().any(|r| list.iter().any(|p| p.contains(&r.network())));
    match &site.router {
        OnPremRouting::Advertised => covers(&net.advertised_over(gw_vnet, c)),
        OnPremRouting::Static { prefixes } => covers(prefixes),
    }
}

fn finding(ctx: &Ctx, t: &Tunnel, spokes: &[VnetIx], sites: &[(&Id, &str, Vec<Ipv4Net>)]) -> Found {
    let net = &ctx.eng.net;
    let remote = net.vnet_name(t.remote_vnet);
    let mut behind: Vec<String> = spokes.iter().map(|&v| format!("spoke VNet '{}'", net.vnet_name(v))).collect();
    behind.extend(sites.iter().map(|(_, name, _)| format!("site '{name}'")));
    let mut missing: Vec<String> =
        spokes.iter().flat_map(|&v| net.vnets[v].address_space.iter().map(|p| p.to_string())).collect();
    missing.extend(sites.iter().flat_map(|(_, _, prefixes)| prefixes.iter().map(|p| p.to_string())));
    let why = format!(
        "{} reach{} VNet '{remote}' through gateway '{}' (P-6, P-13) over VNet-to-VNet connection '{}', which runs without BGP. Without BGP each side of a VNet-to-VNet connection holds only the other VNet's own address space (P-14 (a)), so gateway '{}' and VNet '{remote}' have no route back to {}: replies are dropped. Enable BGP on both connections ('{}' and '{}'): each gateway then learns the spokes and sites behind the other (P-14 (b)).",
        behind.join(", "),
        if behind.len() == 1 { "es" } else { "" },
        t.gateway.name,
        t.connection.name,
        t.remote.name,
        missing.join(", "),
        t.connection.name,
        t.back.name
    );
    let mut elements = vec![t.connection.id.clone(), t.gateway.id.clone(), t.remote.id.clone(), t.back.id.clone()];
    elements.extend(spokes.iter().map(|&v| net.vnets[v].id.clone()));
    elements.extend(sites.iter().map(|(id, _, _)| (*id).clone()));
    let insight = Insight {
        code: Code::VnetToVnetNoRouteBack,
        severity: Severity::Warning,
        elements,
        title: format!(
            "VNet '{remote}' has no route back to what is behind gateway '{}': connection '{}' runs without BGP",
            t.gateway.name, t.connection.name
        ),
        why,
        rules: vec!["P-14", "P-6", "P-13"],
        fix: None,
        fixable: false,
    };
    let edits = vec![bgp_on(t.gateway, &t.connection.id), bgp_on(t.remote, &t.back.id)];
    let title = format!("Enable BGP on connections '{}' and '{}'", t.connection.name, t.back.name);
    Found::new(insight, Proof::Rerun(no_route_back, vec![(title, edits)]))
}

/// The edit that turns BGP on for one connection of `gateway`.
fn bgp_on(gateway: &Gateway, connection: &Id) -> Edit {
    let mut g = gateway.clone();
    for c in g.connections.iter_mut().filter(|c| &c.id == connection) {
        c.bgp = Some(true);
    }
    Edit::Update(Element::Gateway(g))
}
