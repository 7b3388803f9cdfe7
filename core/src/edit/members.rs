//! Connections that make one element a member of another's set (schema v2): a VM's NIC into a
//! load balancer's backend pool (F-22) or an application security group, a subnet onto a NAT
//! gateway (F-23). `connect` dispatches here; the checks are the ones Azure makes when the
//! association is created.

use super::{Edit, Element};
use crate::model::*;

/// The NIC of `vm` in `vnet`: the first one in `subnet` if any, else the first in the VNet.
fn nic_in<'a>(design: &Design, vm: &'a Vm, vnet: &crate::Id, subnet: Option<&crate::Id>) -> Option<&'a Nic> {
    let in_vnet = |n: &&Nic| design.subnet(&n.subnet).is_some_and(|s| &s.vnet == vnet);
    vm.nics.iter().find(|n| Some(&n.subnet) == subnet).or_else(|| vm.nics.iter().find(in_vnet))
}

/// Adds the VM's NIC in the load balancer's VNet to its backend pool, healthy. An internal load
/// balancer's backends are in its own VNet.
pub(super) fn backend(design: &Design, lb: &LoadBalancer, vm: &Vm) -> Result<(Edit, String), String> {
    let vnet = design.subnet(&lb.subnet).map(|s| s.vnet.clone()).ok_or(format!("{} has no subnet.", lb.name))?;
    let Some(nic) = nic_in(design, vm, &vnet, Some(&lb.subnet)) else {
        return Err(format!(
            "{} has no NIC in the VNet of {}: a backend pool is in its load balancer's VNet.",
            vm.name, lb.name
        ));
    };
    if lb.backends.iter().any(|b| b.nic == nic.id) {
        return Err(format!("{} is already a backend of {}.", vm.name, lb.name));
    }
    let mut updated = lb.clone();
    updated.backends.push(LbBackend { nic: nic.id.clone(), healthy: true });
    Ok((Edit::Update(Element::LoadBalancer(updated)), format!("Added {} to the backend pool of {}", vm.name, lb.name)))
}

/// Attaches a NAT gateway to a subnet. F-23 (e): one NAT gateway per subnet, subnets of one VNet
/// only, never `GatewaySubnet`.
pub(super) fn nat_subnet(design: &Design, ng: &NatGateway, subnet: &Subnet) -> Result<(Edit, String), String> {
    if subnet.name == "GatewaySubnet" {
        return Err("A NAT gateway cannot be attached to GatewaySubnet (F-23).".into());
    }
    if ng.subnets.contains(&subnet.id) {
        return Err(format!("{} already serves {}.", ng.name, subnet.name));
    }
    if let Some(other) = design.nat_gateways.iter().find(|n| n.subnets.contains(&subnet.id)) {
        return Err(format!("{} already has NAT gateway {}: one per subnet (F-23).", subnet.name, other.name));
    }
    let vnet_of = |id: &crate::Id| design.subnet(id).map(|s| &s.vnet);
    if ng.subnets.first().and_then(vnet_of).is_some_and(|v| v != &subnet.vnet) {
        return Err(format!("{} serves subnets of another VNet: a NAT gateway serves one VNet (F-23).", ng.name));
    }
    let mut updated = ng.clone();
    updated.subnets.push(subnet.id.clone());
    Ok((Edit::Update(Element::NatGateway(updated)), format!("Attached NAT gateway {} to {}", ng.name, subnet.name)))
}

/// Adds the VM's first NIC to an application security group. Microsoft: "All network interfaces
/// assigned to an application security group have to exist in the same virtual network that the
/// first network interface assigned to the application security group is in."
pub(super) fn asg_member(design: &Design, asg: &Asg, vm: &Vm) -> Result<(Edit, String), String> {
    let Some(nic) = vm.nics.first() else {
        return Err(format!("{} has no network interface.", vm.name));
    };
    if asg.nics.contains(&nic.id) {
        return Err(format!("{} is already in {}.", vm.name, asg.name));
    }
    let vnet_of = |id: &crate::Id| {
        design.nics().find(|(_, n)| &n.id == id).and_then(|(_, n)| design.subnet(&n.subnet)).map(|s| s.vnet.clone())
    };
    if let (Some(first), Some(own)) = (asg.nics.first().and_then(vnet_of), vnet_of(&nic.id)) {
        if first != own {
            return Err(format!(
                "{}'s members are in another VNet: an application security group is in one VNet.",
                asg.name
            ));
        }
    }
    let mut updated = asg.clone();
    updated.nics.push(nic.id.clone());
    Ok((Edit::Update(Element::Asg(updated)), format!("Added {} to {}", vm.name, asg.name)))
}

#[cfg(test)]
mod tests {
    use crate::build::DesignBuilder;
    use crate::document::Document;
    use crate::edit::{apply, connect, new_element, NewKind};
    use crate::layout::{auto_layout, Layout};
    use crate::model::*;
    use crate::Id;

    /// A hub with an NVA subnet (two NVAs), a GatewaySubnet with a VPN gateway, and a spoke with
    /// its own VPN gateway.
    fn two_hubs() -> (Document, [Id; 6]) {
        let mut b = DesignBuilder::new("members");
        let hub = b.vnet("hub", "westeurope", &["10.0.0.0/16"]);
        let nva = b.subnet(&hub, "snet-nva", "10.0.1.0/24");
        let gws = b.subnet(&hub, "GatewaySubnet", "10.0.255.0/27");
        let (a, _) = b.vm("nva-a", &nva, "10.0.1.4");
        let spoke = b.vnet("spoke", "westeurope", &["10.1.0.0/16"]);
        let sgws = b.subnet(&spoke, "GatewaySubnet", "10.1.255.0/27");
        let app = b.subnet(&spoke, "snet-app", "10.1.1.0/24");
        let g1 = b.gateway("vgw-hub", &gws, GatewayKind::Vpn, "VpnGw1", &["10.0.255.4"]);
        let g2 = b.gateway("vgw-spoke", &sgws, GatewayKind::Vpn, "VpnGw1", &["10.1.255.4"]);
        let design = b.build().expect("the test design builds");
        (Document::new(design, Layout::default()), [nva, a, g1, g2, app, gws])
    }

    #[test]
    fn a_load_balancer_goes_into_a_subnet_with_a_free_frontend_and_takes_vms_as_backends() {
        let (mut doc, [nva, vm, ..]) = two_hubs();
        assert!(new_element(&doc.design, NewKind::LoadBalancer, None).is_none(), "it needs a subnet");
        let (add, lb) = new_element(&doc.design, NewKind::LoadBalancer, Some(&nva)).unwrap();
        apply(&mut doc, add).unwrap();
        let made = &doc.design.load_balancers[0];
        assert_eq!(made.frontend_ip.to_string(), "10.0.1.5", "the next free address after the NVA's");
        assert!(made.rules[0].is_ha_ports(), "F-22 (a): an HA ports rule to start with");
        let before = doc.clone();
        let (edit, what) = connect(&doc.design, &lb, &vm).unwrap();
        assert!(what.contains("backend pool"), "{what}");
        let inverse = apply(&mut doc, edit).unwrap();
        assert_eq!(
            doc.design.load_balancers[0].backends,
            vec![LbBackend { nic: doc.design.vms[0].nics[0].id.clone(), healthy: true }]
        );
        assert!(connect(&doc.design, &vm, &lb).unwrap_err().contains("already a backend"));
        apply(&mut doc, inverse).unwrap();
        assert_eq!(doc, before);
        // Drawn as a tile of its subnet, beside the NVA.
        let layout = auto_layout(&doc.design, &doc.layout);
        let (s, t) = (layout.get(&nva).unwrap(), layout.get(&lb).unwrap());
        assert!(t.x >= s.x && t.right() <= s.right() && t.y >= s.y && t.bottom() <= s.bottom(), "{t:?} in {s:?}");
        assert!(crate::edit::contents(&doc.design, &nva).contains(&lb), "it moves with its subnet");
    }

    #[test]
    fn a_nat_gateway_serves_subnets_of_one_vnet_never_gateway_subnet_and_is_drawn_in_its_vnet() {
        let (mut doc, [nva, _, _, _, app, gws]) = two_hubs();
        assert!(new_element(&doc.design, NewKind::NatGateway, Some(&gws)).is_none(), "F-23 (e)");
        let (add, ng) = new_element(&doc.design, NewKind::NatGateway, Some(&nva)).unwrap();
        apply(&mut doc, add).unwrap();
        assert_eq!(doc.design.nat_gateways[0].subnets, vec![nva.clone()]);
        assert_eq!(doc.design.nat_gateways[0].public_ips.len(), 1);
        assert!(new_element(&doc.design, NewKind::NatGateway, Some(&nva)).is_none(), "one per subnet");
        let why = connect(&doc.design, &ng, &app).unwrap_err();
        assert!(why.contains("one VNet (F-23)"), "{why}");
        assert!(connect(&doc.design, &ng, &gws).unwrap_err().contains("GatewaySubnet"));
        let (alone, loose) = new_element(&doc.design, NewKind::NatGateway, None).unwrap();
        apply(&mut doc, alone).unwrap();
        assert!(connect(&doc.design, &loose, &nva).unwrap_err().contains("one per subnet"));
        let (edit, _) = connect(&doc.design, &app, &loose).unwrap();
        apply(&mut doc, edit).unwrap();
        // Each is drawn under the subnets of the VNet it serves, and the VNet holds it.
        let layout = auto_layout(&doc.design, &doc.layout);
        for (nat, vnet) in [(&ng, &doc.design.vnets[0].id), (&loose, &doc.design.vnets[1].id)] {
            let (v, t) = (layout.get(vnet).unwrap(), layout.get(nat).unwrap());
            assert!(t.y >= v.y && t.bottom() <= v.bottom() && t.x >= v.x && t.right() <= v.right(), "{t:?} in {v:?}");
            let lowest = doc.design.subnets_of(vnet).filter_map(|s| layout.get(&s.id)).map(|r| r.bottom()).max();
            assert!(lowest.is_some_and(|b| t.y > b), "under the subnets");
            assert!(crate::edit::contents(&doc.design, vnet).contains(nat));
        }
    }

    #[test]
    fn an_asg_takes_the_selected_vm_and_vms_of_its_vnet_only() {
        let (mut doc, [nva, vm, ..]) = two_hubs();
        let (add, asg) = new_element(&doc.design, NewKind::Asg, Some(&vm)).unwrap();
        apply(&mut doc, add).unwrap();
        assert_eq!(doc.design.asgs[0].nics, vec![doc.design.vms[0].nics[0].id.clone()]);
        assert!(connect(&doc.design, &vm, &asg).unwrap_err().contains("already in"));
        let (add, _) = new_element(&doc.design, NewKind::Vm, Some(&nva)).unwrap();
        apply(&mut doc, add).unwrap();
        let second = doc.design.vms[1].id.clone();
        let (edit, _) = connect(&doc.design, &asg, &second).unwrap();
        apply(&mut doc, edit).unwrap();
        assert_eq!(doc.design.asgs[0].nics.len(), 2);
        let app = doc.design.subnets.iter().find(|s| s.name == "snet-app").unwrap().id.clone();
        let (add, _) = new_element(&doc.design, NewKind::Vm, Some(&app)).unwrap();
        apply(&mut doc, add).unwrap();
        let far = doc.design.vms[2].id.clone();
        assert!(connect(&doc.design, &asg, &far).unwrap_err().contains("in one VNet"));
    }

    #[test]
    fn two_vpn_gateways_connect_vnet_to_vnet_on_both_sides_in_one_step() {
        let (mut doc, [_, _, g1, g2, ..]) = two_hubs();
        let before = doc.clone();
        let (edit, what) = connect(&doc.design, &g1, &g2).unwrap();
        assert!(what.contains("P-14"), "{what}");
        let inverse = apply(&mut doc, edit).unwrap();
        let peer = |g: usize| doc.design.gateways[g].connections.iter().map(|c| c.peer.clone()).collect::<Vec<_>>();
        assert_eq!(peer(0), vec![ConnectionPeer::Gateway(g2.clone())]);
        assert_eq!(peer(1), vec![ConnectionPeer::Gateway(g1.clone())]);
        assert!(connect(&doc.design, &g2, &g1).unwrap_err().contains("already connected"));
        // With one side removed, connecting again restores only the missing side.
        let mut one = doc.clone();
        let back = one.design.gateways[1].connections[0].id.clone();
        apply(&mut one, crate::edit::Edit::Remove(back)).unwrap();
        let (edit, _) = connect(&one.design, &g1, &g2).unwrap();
        apply(&mut one, edit).unwrap();
        assert_eq!(one.design.gateways[0].connections.len(), 1);
        assert_eq!(one.design.gateways[1].connections.len(), 1);
        apply(&mut doc, inverse).unwrap();
        assert_eq!(doc, before, "one undo step takes both");
        let mut er = doc.clone();
        er.design.gateways[1].kind = GatewayKind::ExpressRoute;
        assert!(connect(&er.design, &g1, &g2).unwrap_err().contains("ExpressRoute"));
    }
}
