//! E-11: a private endpoint's reply takes the platform path. It ignores the route table of the
//! endpoint's subnet and goes by the system and gateway routes of the endpoint's VNet, as a
//! subnet without a route table has them: to the owner of the address in that VNet or a peered
//! one, or to the virtual network gateway for an on-premises client, which then sends it over
//! the connection to the site like any packet to on-premises. E-12: an NVA tagged
//! `disableSnatOnPL` that forwarded the request gets the reply instead.

use super::steps::Steps;
use super::walk::{drop, owner_place, At, Next, Walker};
use super::Action;
use crate::model::NextHopType;
use crate::network::SubnetIx;
use crate::packet::Packet;

pub(super) fn platform_path(w: &mut Walker, subnet: SubnetIx, packet: &Packet, steps: &mut Steps) -> Next {
    let eng = w.eng;
    let net = &eng.net;
    let vnet = net.subnets[subnet].vnet;
    if let Some(nva) = w.devices.iter().find(|d| d.disable_snat_on_pl) {
        if let At::Nic(i) = nva.at {
            steps.add(Action::Forward, "E-12", || {
                format!("the reply returns through '{}', whose NIC is tagged disableSnatOnPL", nva.place.name())
            });
            let to = net.subnets[net.nics[i].subnet].vnet;
            w.cross(vnet, to, false);
            return Next::At(At::Nic(i));
        }
    }
    let no_path = || format!("the private endpoint has no path back to {}", packet.dst);
    let Some(table) = eng.bare_table(vnet) else { return Next::End(drop(steps, "E-11", no_path)) };
    let Some(sel) = crate::routes::select_among(net, table, &covering(table, packet), packet, steps.explain()) else {
        return Next::End(drop(steps, "E-11", no_path));
    };
    let Some(route) = table.routes.get(sel.index) else { return Next::End(drop(steps, "E-11", no_path)) };
    let why = |via: &str| {
        format!(
            "the private endpoint replies to {}{via} by its VNet's system and gateway routes (its subnet's route table is not used): {}",
            packet.dst, sel.why
        )
    };
    match route.next_hop_type {
        NextHopType::VnetLocal | NextHopType::VNetPeering | NextHopType::VNetGlobalPeering => {
            let to = route.target.as_ref().and_then(|id| net.vnet_ix(id)).unwrap_or(vnet);
            let Some(owner) = net.owner(to, packet.dst) else { return Next::End(drop(steps, "E-11", no_path)) };
            steps.add(Action::Forward, "E-11", || why(""));
            w.cross(vnet, to, false);
            Next::At(owner_place(net, owner))
        }
        NextHopType::VirtualNetworkGateway => {
            let Some(gw_vnet) = net.gateway_vnet[vnet] else { return Next::End(drop(steps, "E-11", no_path)) };
            let gateway = route.target.as_ref().and_then(|id| net.gateways[gw_vnet].iter().find(|g| &g.id == id));
            let Some(gateway) = gateway.or(net.gateways[gw_vnet].any()) else {
                return Next::End(drop(steps, "E-11", no_path));
            };
            let Some(gw_subnet) = net.subnet_ix(&gateway.subnet) else {
                return Next::End(drop(steps, "E-11", no_path));
            };
            w.egress = net.connection_by_id(gw_vnet, route.connection.as_ref());
            steps.add(Action::Forward, "E-11", || why(&format!(" through gateway '{}'", gateway.name)));
            w.cross(vnet, gw_vnet, false);
            Next::At(At::GatewayOut(gw_subnet, gateway.kind))
        }
        _ => Next::End(drop(steps, "E-11", || format!("{}: {}", no_path(), sel.why))),
    }
}

/// The Active routes of `table` that cover the reply's destination.
fn covering(table: &crate::routes::RouteTable, packet: &Packet) -> Vec<usize> {
    table.active().filter(|(_, r)| r.prefix.contains(&packet.dst)).map(|(i, _)| i).collect()
}
