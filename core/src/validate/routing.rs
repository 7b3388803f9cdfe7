//! Route tables and their UDRs (R-11, R-13, R-14, R-17, R-18, R-25, F-20): next hop types and IPs
//! that Azure rejects, next hops nothing can receive, and route tables that break a gateway.

use super::index::{label, Index, IpUse, Label, GATEWAY_SUBNET};
use super::net::Ranges;
use super::{Code, Out};
use crate::id::Id;
use crate::model::*;
use crate::network::HashMap;
use ipnet::Ipv4Net;
use std::net::Ipv4Addr;

/// What the route checks look up, built once for all tables.
struct Ctx<'i, 'a> {
    ix: &'i Index<'a>,
    /// Every VNet address range, merged.
    vnets: Ranges,
    /// Every on-premises site prefix, merged.
    sites: Ranges,
    /// Every on-premises prefix a gateway connection learns (default routes aside), merged.
    learned: Ranges,
    /// The first holder of each private address.
    owners: HashMap<Ipv4Addr, &'i IpUse<'a>>,
    /// The subnets each route table is associated with.
    users: HashMap<&'a Id, Vec<&'a Subnet>>,
}

pub(super) fn check(ix: &Index, out: &mut Out) {
    let d = ix.design;
    let mut owners = HashMap::with_capacity_and_hasher(ix.ips.len(), Default::default());
    for u in &ix.ips {
        owners.entry(u.ip).or_insert(u);
    }
    let mut users: HashMap<&Id, Vec<&Subnet>> = HashMap::default();
    for s in &d.subnets {
        if let Some(t) = &s.route_table {
            users.entry(t).or_default().push(s);
        }
    }
    let ctx = Ctx {
        ix,
        vnets: Ranges::new(d.vnets.iter().flat_map(|v| v.address_space.iter())),
        sites: Ranges::new(d.sites.iter().flat_map(|s| s.prefixes.iter())),
        learned: Ranges::new(
            d.gateways
                .iter()
                .flat_map(|g| &g.connections)
                .flat_map(|c| c.learned_prefixes.iter().map(|l| &l.prefix))
                .filter(|p| p.prefix_len() > 0),
        ),
        owners,
        users,
    };
    for t in &d.route_tables {
        table(&ctx, out, t);
    }
    gateway_subnets(ix, out);
}

fn table(ctx: &Ctx, out: &mut Out, t: &RouteTable) {
    let who = label(ElementKind::RouteTable, &t.name, &t.id);
    let mut prefixes: HashMap<Ipv4Net, usize> = HashMap::with_capacity_and_hasher(t.routes.len(), Default::default());
    for (i, r) in t.routes.iter().enumerate() {
        let hop = r.next_hop_type.arm_name();
        if !r.next_hop_type.allowed_in_udr() {
            let msg =
                format!("{who}: routes[{i}].nextHopType {hop} exists only as a system route; a UDR cannot use it");
            out.push(Code::SystemOnlyNextHop, &t.id, format!("routes[{i}].nextHopType"), msg);
        }
        let field = || format!("routes[{i}].nextHopIp");
        match (r.next_hop_type, r.next_hop_ip) {
            (NextHopType::VirtualAppliance, None) => {
                let field = field();
                let msg = format!("{who}: route '{}' is VirtualAppliance but has no nextHopIp", r.name);
                out.push(Code::NextHopIpMissing, &t.id, field, msg);
            }
            (NextHopType::VirtualAppliance, Some(ip)) => next_hop(ctx, out, t, r, who, field, ip),
            (_, Some(ip)) => {
                let field = field();
                let msg = format!(
                    "{who}: route '{}' has nextHopIp {ip} but next hop type {hop}; only VirtualAppliance takes an IP",
                    r.name
                );
                out.push(Code::NextHopIpUnexpected, &t.id, field, msg);
            }
            (_, None) => {}
        }
        if let Some(first) = prefixes.insert(r.prefix.trunc(), i) {
            prefixes.insert(r.prefix.trunc(), first);
            let msg = format!("{who}: routes[{i}].prefix {} repeats routes[{first}].prefix", r.prefix);
            out.push(Code::DuplicateRoutePrefix, &t.id, format!("routes[{i}].prefix"), msg);
        }
        if r.next_hop_type == NextHopType::VirtualNetworkGateway {
            gateway_hop(ctx, out, t, who, i);
        }
    }
}

/// F-20: the appliance a VirtualAppliance route points at must exist, be directly
/// reachable (not only through a gateway) and forward.
fn next_hop(
    ctx: &Ctx,
    out: &mut Out,
    t: &RouteTable,
    r: &Route,
    who: Label,
    field: impl FnOnce() -> String,
    ip: Ipv4Addr,
) {
    if !ctx.vnets.contains(ip) {
        if ctx.sites.contains(ip) || ctx.learned.contains(ip) {
            let field = field();
            let msg = format!(
                "{who}: route '{}' ({}) sends to virtual appliance {ip}, which lies only in on-premises prefixes, reachable only through a virtual network gateway; a next hop needs direct connectivity (R-13), so packets that select the route are dropped",
                r.name, r.prefix
            );
            out.push(Code::NextHopViaGateway, &t.id, field, msg);
        } else {
            let field = field();
            let msg = format!("{who}: {field} {ip} is in no virtual network and no on-premises site of the design");
            out.push(Code::NextHopOutsideNetworks, &t.id, field, msg);
        }
        return;
    }
    match ctx.owners.get(&ip) {
        None => {
            let field = field();
            let msg = format!("{who}: {field} {ip} belongs to no NIC or firewall, so matching packets are dropped");
            out.push(Code::NextHopUnassigned, &t.id, field, msg);
        }
        Some(owner) if owner.ip_forwarding == Some(false) => {
            let field = field();
            let msg = format!(
                "{who}: {field} {ip} is {:#} ({}), which has IP forwarding off, so it drops what it should forward",
                owner.who, owner.field
            );
            out.push(Code::NextHopWithoutIpForwarding, &t.id, field, msg);
        }
        Some(_) => {}
    }
}

/// a VirtualNetworkGateway UDR needs a VPN-only gateway: the subnet's own VNet's, or the
/// one it reaches with `useRemoteGateways` (P-6). Reported once per route.
fn gateway_hop(ctx: &Ctx, out: &mut Out, t: &RouteTable, who: Label, i: usize) {
    let ix = ctx.ix;
    let users = ctx.users.get(&t.id).map_or(&[][..], Vec::as_slice);
    for s in users {
        let own = ix.gateways_in(&s.vnet);
        let gateways = if own.is_empty() {
            let remote = ix.links_of(&s.vnet).iter().find(|p| p.use_remote_gateways);
            remote.map_or(&[][..], |p| ix.gateways_in(&p.remote_vnet))
        } else {
            own
        };
        if let Some(er) = gateways.iter().find(|g| g.kind == GatewayKind::ExpressRoute) {
            let msg = format!(
                "{who}: routes[{i}] uses VirtualNetworkGateway in subnet '{}', whose gateway '{}' is ExpressRoute; only a VPN-only gateway takes such routes",
                s.name, er.name
            );
            out.push(Code::GatewayHopNotVpn, &t.id, format!("routes[{i}].nextHopType"), msg);
            return;
        }
    }
}

/// a route table on GatewaySubnet must keep propagation and must not hold 0.0.0.0/0.
fn gateway_subnets(ix: &Index, out: &mut Out) {
    for s in ix.design.subnets.iter().filter(|s| s.name == GATEWAY_SUBNET) {
        let Some(t) = s.route_table.as_ref().and_then(|id| ix.route_table(id)) else {
            continue;
        };
        let who = label(ElementKind::RouteTable, &t.name, &t.id);
        let vnet = ix.vnet(&s.vnet).map_or(s.vnet.as_str(), |v| v.name.as_str());
        if t.disable_bgp_route_propagation {
            let msg =
                format!("{who}: disableBgpRoutePropagation is set on the table of GatewaySubnet in '{vnet}'; the gateway stops working");
            out.push(Code::GatewaySubnetPropagationDisabled, &t.id, "disableBgpRoutePropagation", msg);
        }
        for (i, r) in t.routes.iter().enumerate() {
            if r.prefix.prefix_len() == 0 {
                let msg = format!(
                    "{who}: routes[{i}] '{}' sends 0.0.0.0/0 from GatewaySubnet in '{vnet}', which breaks the gateway",
                    r.name
                );
                out.push(Code::GatewaySubnetDefaultRoute, &t.id, format!("routes[{i}].prefix"), msg);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::fixture::{at, found, hub_spoke, route_table};
    use super::*;
    use NextHopType as H;

    fn route(prefix: &str, hop: NextHopType, ip: Option<&str>) -> Route {
        Route {
            // A name Azure accepts (no '/', `azure_names`): r-10.5.0.0-16.
            name: format!("r-{}", prefix.replace('/', "-")),
            prefix: prefix.parse().unwrap(),
            next_hop_type: hop,
            next_hop_ip: ip.map(|i| i.parse().unwrap()),
        }
    }

    #[test]
    fn next_hop_types_and_ips() {
        let (mut d, ids) = hub_spoke();
        route_table(&mut d, &ids.rt_spoke).routes.extend([
            route("10.5.0.0/16", H::VNetPeering, None),
            route("10.6.0.0/16", H::VirtualAppliance, None),
            route("10.7.0.0/16", H::Internet, Some("10.0.1.4")),
            route("10.8.0.0/16", H::VirtualAppliance, Some("203.0.113.9")),
            route("10.9.0.0/16", H::VirtualAppliance, Some("10.0.1.9")),
            Route { name: "drop".into(), ..route("10.5.0.0/16", H::None, None) },
        ]);
        let t = &ids.rt_spoke;
        assert_eq!(
            found(&d),
            vec![
                at(Code::SystemOnlyNextHop, t, "routes[1].nextHopType"),
                at(Code::NextHopIpMissing, t, "routes[2].nextHopIp"),
                at(Code::NextHopIpUnexpected, t, "routes[3].nextHopIp"),
                at(Code::NextHopOutsideNetworks, t, "routes[4].nextHopIp"),
                at(Code::NextHopUnassigned, t, "routes[5].nextHopIp"),
                at(Code::DuplicateRoutePrefix, t, "routes[6].prefix"),
            ]
        );
    }

    #[test]
    fn an_appliance_only_on_premises_is_an_error() {
        let (mut d, ids) = hub_spoke();
        let t = route_table(&mut d, &ids.rt_spoke);
        t.routes.push(route("10.8.0.0/16", H::VirtualAppliance, Some("192.168.7.4")));
        let name = t.routes[1].name.clone();
        assert_eq!(found(&d), vec![at(Code::NextHopViaGateway, &ids.rt_spoke, "routes[1].nextHopIp")]);
        let diags = crate::validate::validate(&d);
        let msg = &diags[0].message;
        assert!(msg.contains(&name) && msg.contains("R-13") && msg.contains("rt-spoke"), "{msg}");
        assert_eq!(diags[0].severity, crate::validate::Severity::Error);
    }

    #[test]
    fn an_appliance_without_ip_forwarding() {
        let (mut d, ids) = hub_spoke();
        route_table(&mut d, &ids.rt_spoke).routes[0].next_hop_ip = Some("10.1.0.4".parse().unwrap());
        let t = &ids.rt_spoke;
        assert_eq!(found(&d), vec![at(Code::NextHopWithoutIpForwarding, t, "routes[0].nextHopIp")]);
        d.vms[0].nics[0].ip_forwarding = true;
        assert_eq!(found(&d), vec![]);
    }

    #[test]
    fn gateway_subnet_tables() {
        let (mut d, ids) = hub_spoke();
        let t = route_table(&mut d, &ids.rt_gw);
        t.disable_bgp_route_propagation = true;
        t.routes.push(route("0.0.0.0/0", H::VirtualAppliance, Some("10.0.1.4")));
        assert_eq!(
            found(&d),
            vec![
                at(Code::GatewaySubnetPropagationDisabled, &ids.rt_gw, "disableBgpRoutePropagation"),
                at(Code::GatewaySubnetDefaultRoute, &ids.rt_gw, "routes[1].prefix"),
            ]
        );
    }

    #[test]
    fn gateway_routes_need_a_vpn_only_gateway() {
        let (mut d, ids) = hub_spoke();
        route_table(&mut d, &ids.rt_spoke).routes.push(route("192.168.0.0/16", H::VirtualNetworkGateway, None));
        assert_eq!(found(&d), vec![], "the spoke reaches the hub's VPN gateway");
        d.gateways[0].kind = GatewayKind::ExpressRoute;
        assert_eq!(found(&d), vec![at(Code::GatewayHopNotVpn, &ids.rt_spoke, "routes[1].nextHopType")]);
    }
}
