//! Peering links (P-2, P-3, P-6). Address spaces are compared only across peerings, never over all
//! pairs of VNets: overlap between unpeered VNets is legal in Azure.

use super::index::{label, Index, Label};
use super::net;
use super::{Code, Out};
use crate::id::Id;
use crate::model::*;
use crate::network::HashSet;

pub(super) fn check(ix: &Index, out: &mut Out) {
    let mut directions: HashSet<(&Id, &Id)> =
        HashSet::with_capacity_and_hasher(ix.design.peerings.len(), Default::default());
    let mut using_remote: HashSet<&Id> = HashSet::default();
    for p in &ix.design.peerings {
        let who = label(ElementKind::Peering, &p.name, &p.id);
        if p.vnet == p.remote_vnet {
            let msg = format!("{who}: remoteVnet is its own virtual network; a VNet cannot peer with itself");
            out.push(Code::PeeringToSelf, &p.id, "remoteVnet", msg);
            continue;
        }
        // Dangling ends are reported by `references`.
        let (Some(local), Some(remote)) = (ix.vnet(&p.vnet), ix.vnet(&p.remote_vnet)) else {
            continue;
        };
        if !directions.insert((&p.vnet, &p.remote_vnet)) {
            let msg = format!(
                "{who}: virtual network '{}' already has a link to '{}'; one link per direction is allowed",
                local.name, remote.name
            );
            out.push(Code::PeeringDuplicate, &p.id, "remoteVnet", msg);
            continue;
        }
        overlap(out, p, who, local, remote);
        let reverse = ix.link(&p.remote_vnet, &p.vnet);
        if reverse.is_none() {
            let msg = format!(
                "{who}: '{}' has no link back to '{}', so the peering stays Initiated: no routes, no traffic",
                remote.name, local.name
            );
            out.push(Code::PeeringOneWay, &p.id, "remoteVnet", msg);
        }
        if p.use_remote_gateways {
            if !using_remote.insert(&p.vnet) {
                let msg = format!(
                    "{who}: another link of virtual network '{}' already uses remote gateways; only one may",
                    local.name
                );
                out.push(Code::UseRemoteGatewaysTwice, &p.id, "useRemoteGateways", msg);
            }
            remote_gateways(ix, out, who, p, reverse);
        }
    }
}

/// P-3: the first overlapping pair of ranges, if any (one finding per link is enough to fix it).
fn overlap(out: &mut Out, p: &PeeringLink, who: Label, local: &Vnet, remote: &Vnet) {
    for (i, a) in local.address_space.iter().enumerate() {
        if let Some((j, b)) = remote.address_space.iter().enumerate().find(|(_, b)| net::overlap(a, b)) {
            let msg = format!(
                "{who}: '{}' addressSpace[{i}] {a} overlaps '{}' addressSpace[{j}] {b}; overlapping VNets cannot be peered",
                local.name, remote.name
            );
            out.push(Code::PeeringOverlap, &p.id, "remoteVnet", msg);
            return;
        }
    }
}

/// P-6: `useRemoteGateways` needs a gateway on the other side, transit allowed on the link back,
/// and no gateway of its own.
fn remote_gateways(ix: &Index, out: &mut Out, who: Label, p: &PeeringLink, reverse: Option<&PeeringLink>) {
    let name = |id: &Id| ix.vnet(id).map_or(id.to_string(), |v| v.name.clone());
    if let Some(own) = ix.gateways_in(&p.vnet).first() {
        let msg =
            format!("{who}: useRemoteGateways is set although '{}' has its own gateway '{}'", name(&p.vnet), own.name);
        out.push(Code::UseRemoteGatewaysWithOwnGateway, &p.id, "useRemoteGateways", msg);
    }
    if ix.gateways_in(&p.remote_vnet).is_empty() {
        let msg = format!(
            "{who}: useRemoteGateways is set but '{}' has no VPN or ExpressRoute gateway",
            name(&p.remote_vnet)
        );
        out.push(Code::RemoteGatewayMissing, &p.id, "useRemoteGateways", msg);
    } else if let Some(back) = reverse.filter(|r| !r.allow_gateway_transit) {
        let msg = format!(
            "{who}: useRemoteGateways is set but the link back, '{}', does not allow gateway transit",
            back.name
        );
        out.push(Code::RemoteGatewayTransitOff, &p.id, "useRemoteGateways", msg);
    }
}

#[cfg(test)]
mod tests {
    use super::super::fixture::{at, found, hub_spoke, peering, vnet};
    use super::*;
    use crate::build::DesignBuilder;

    #[test]
    fn self_duplicate_and_one_way_links() {
        let (d, ids) = hub_spoke();
        let mut b = DesignBuilder::from_design(d);
        let spoke2 = b.vnet("vnet-spoke2", "eastus", &["10.2.0.0/16"]);
        let (to_self, _) = b.peer(&spoke2, &spoke2);
        let (again, _) = b.peer(&ids.hub, &ids.spoke);
        let (one_way, back) = b.peer(&ids.hub, &spoke2);
        let mut d = b.build().unwrap();
        d.peerings.retain(|p| p.id != back);
        // The extra links also repeat names; that finding belongs to `names`.
        let got: Vec<_> = found(&d).into_iter().filter(|f| f.0 != Code::DuplicateName).collect();
        assert_eq!(
            got,
            vec![
                at(Code::PeeringToSelf, &to_self, "remoteVnet"),
                at(Code::PeeringToSelf, &d.peerings[3].id, "remoteVnet"),
                at(Code::PeeringDuplicate, &again, "remoteVnet"),
                at(Code::PeeringDuplicate, &d.peerings[5].id, "remoteVnet"),
                at(Code::PeeringOneWay, &one_way, "remoteVnet"),
            ]
        );
    }

    #[test]
    fn overlapping_peered_vnets() {
        let (mut d, ids) = hub_spoke();
        vnet(&mut d, &ids.spoke).address_space.push("10.0.128.0/17".parse().unwrap());
        assert_eq!(
            found(&d),
            vec![
                at(Code::PeeringOverlap, &ids.hub_to_spoke, "remoteVnet"),
                at(Code::PeeringOverlap, &ids.spoke_to_hub, "remoteVnet"),
            ]
        );
    }

    #[test]
    fn remote_gateways_need_a_gateway_and_transit() {
        let (mut d, ids) = hub_spoke();
        peering(&mut d, &ids.hub_to_spoke).allow_gateway_transit = false;
        assert_eq!(found(&d), vec![at(Code::RemoteGatewayTransitOff, &ids.spoke_to_hub, "useRemoteGateways")]);
        d.gateways.clear();
        assert_eq!(found(&d), vec![at(Code::RemoteGatewayMissing, &ids.spoke_to_hub, "useRemoteGateways")]);
    }

    #[test]
    fn remote_gateways_once_and_not_beside_an_own_gateway() {
        let (mut d, ids) = hub_spoke();
        peering(&mut d, &ids.hub_to_spoke).use_remote_gateways = true;
        let got = found(&d);
        assert!(got.contains(&at(Code::UseRemoteGatewaysWithOwnGateway, &ids.hub_to_spoke, "useRemoteGateways")));
        let mut b = DesignBuilder::from_design(hub_spoke().0);
        let hub2 = b.vnet("vnet-hub2", "eastus", &["10.9.0.0/16"]);
        let gw_subnet = b.subnet(&hub2, "GatewaySubnet", "10.9.255.0/27");
        b.gateway("vpngw-hub2", &gw_subnet, GatewayKind::Vpn, "VpnGw1AZ", &[]);
        let (spoke_to_hub2, hub2_to_spoke) = b.peer(&ids.spoke, &hub2);
        b.with_peering(&spoke_to_hub2, |p| p.use_remote_gateways = true);
        b.with_peering(&hub2_to_spoke, |p| p.allow_gateway_transit = true);
        let d = b.build().unwrap();
        assert_eq!(found(&d), vec![at(Code::UseRemoteGatewaysTwice, &spoke_to_hub2, "useRemoteGateways")]);
    }
}
