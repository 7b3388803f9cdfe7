//! Connecting two elements, as the studio does when a handle is dragged from one box onto
//! another: a peering (both links, P-2), a zone link, a private endpoint's target, a gateway
//! connection, a route table or NSG association. [`connect`] returns the edit, or the reason the
//! pair cannot be connected, in the user's words (the studio shows it at the drop).
//!
//! Either end may be dragged from: a VNet dropped on a zone links the zone, a subnet dropped on a
//! route table associates it. Checks here are the ones Azure makes when the resource is created
//! (P-3, D-7, N-10); everything else is left to validation.

use super::{members, Edit, Element};
use crate::catalog::services;
use crate::id::{Id, IdKind};
use crate::model::*;

/// What connecting `from` to `to` does: the edit and a short description of it
/// ("Peered vnet-hub and vnet-spoke"), or why it cannot be done.
pub fn connect(design: &Design, from: &Id, to: &Id) -> Result<(Edit, String), String> {
    let find = |id: &Id| Element::find(design, id).map(|(_, e)| e);
    let (Some(a), Some(b)) = (find(from), find(to)) else {
        return Err("Drop the connection on another box.".into());
    };
    if from == to {
        return Err(format!("{} cannot be connected to itself.", a.name()));
    }
    use Element as E;
    match (&a, &b) {
        (E::Vnet(x), E::Vnet(y)) => peer(design, x, y),
        (E::Zone(z), E::Vnet(v)) | (E::Vnet(v), E::Zone(z)) => link_zone(design, z, v),
        (E::PrivateEndpoint(pe), E::Paas(p)) | (E::Paas(p), E::PrivateEndpoint(pe)) => target(pe, p),
        (E::Gateway(gw), E::Site(site)) | (E::Site(site), E::Gateway(gw)) => connect_site(design, gw, site),
        (E::Gateway(x), E::Gateway(y)) => vnet_to_vnet(design, x, y),
        (E::LoadBalancer(lb), E::Vm(vm)) | (E::Vm(vm), E::LoadBalancer(lb)) => members::backend(design, lb, vm),
        (E::NatGateway(ng), E::Subnet(s)) | (E::Subnet(s), E::NatGateway(ng)) => members::nat_subnet(design, ng, s),
        (E::Asg(asg), E::Vm(vm)) | (E::Vm(vm), E::Asg(asg)) => members::asg_member(design, asg, vm),
        (E::RouteTable(rt), E::Subnet(s)) | (E::Subnet(s), E::RouteTable(rt)) => {
            if s.route_table.as_ref() == Some(&rt.id) {
                return Err(format!("{} already uses {}.", s.name, rt.name));
            }
            let mut updated = s.clone();
            updated.route_table = Some(rt.id.clone());
            Ok((Edit::Update(E::Subnet(updated)), format!("Associated route table {} with {}", rt.name, s.name)))
        }
        (E::Nsg(nsg), E::Subnet(s)) | (E::Subnet(s), E::Nsg(nsg)) => {
            if s.name == "AzureFirewallSubnet" {
                return Err("Azure does not support an NSG on AzureFirewallSubnet (N-10).".into());
            }
            if s.nsg.as_ref() == Some(&nsg.id) {
                return Err(format!("{} already uses {}.", s.name, nsg.name));
            }
            let mut updated = s.clone();
            updated.nsg = Some(nsg.id.clone());
            Ok((Edit::Update(E::Subnet(updated)), format!("Associated NSG {} with {}", nsg.name, s.name)))
        }
        (E::Nsg(nsg), E::Vm(vm)) | (E::Vm(vm), E::Nsg(nsg)) => {
            let mut updated = vm.clone();
            let Some(nic) = updated.nics.first_mut() else {
                return Err(format!("{} has no network interface.", vm.name));
            };
            if nic.nsg.as_ref() == Some(&nsg.id) {
                return Err(format!("{}'s NIC already uses {}.", vm.name, nsg.name));
            }
            nic.nsg = Some(nsg.id.clone());
            Ok((Edit::Update(E::Vm(updated)), format!("Associated NSG {} with the NIC of {}", nsg.name, vm.name)))
        }
        _ => Err(format!("{} {}", a.name(), hint(&a, &b))),
    }
}

/// Whether elements of these kinds can be connected at all (either way round): the studio
/// prefers the specific reason of such a pair ("already peered") to the generic one.
pub fn pairs(a: ElementKind, b: ElementKind) -> bool {
    use ElementKind as K;
    let one_way = |x, y| {
        matches!(
            (x, y),
            (K::Vnet, K::Vnet | K::Zone)
                | (K::PrivateEndpoint, K::Paas)
                | (K::Gateway, K::Site | K::Gateway)
                | (K::RouteTable, K::Subnet)
                | (K::LoadBalancer | K::Asg, K::Vm)
                | (K::NatGateway, K::Subnet)
                | (K::Nsg, K::Subnet | K::Vm)
        )
    };
    one_way(a, b) || one_way(b, a)
}

/// What an element can be connected to, for the message at a wrong drop.
fn hint(from: &Element, to: &Element) -> String {
    let what = match from {
        Element::Vnet(_) => "connects to another VNet (peering) or to a private DNS zone (link).",
        Element::Zone(_) => "links to a VNet.",
        Element::PrivateEndpoint(_) => "connects to a PaaS resource (its target).",
        Element::Paas(_) => "is the target of a private endpoint: connect it to one.",
        Element::Gateway(_) => "connects to an on-premises site or to another VNet's VPN gateway.",
        Element::Site(_) => "connects to a VPN or ExpressRoute gateway.",
        Element::RouteTable(_) => "is associated with subnets: drop it on a subnet.",
        Element::Nsg(_) => "is associated with subnets or VMs: drop it on one.",
        Element::Subnet(_) => "takes a route table, an NSG or a NAT gateway: connect one to it.",
        Element::Vm(_) => {
            "takes an NSG on its NIC, a load balancer or an application security group: connect one to it."
        }
        Element::LoadBalancer(_) => "takes VMs into its backend pool: drop it on a VM.",
        Element::NatGateway(_) => "serves subnets: drop it on a subnet.",
        Element::Asg(_) => "takes VMs as members: drop it on a VM.",
        _ => "has no connections to draw.",
    };
    format!("{what} Not {} ({}).", to.name(), to.kind().label())
}

/// Both peering links (P-2) with Azure's default flags (P-4 access on, P-5 forwarded off), plus
/// gateway transit (P-6) when exactly one side has a gateway: the usual hub-spoke choice. A link
/// that already exists is kept; only the missing one is added.
fn peer(design: &Design, a: &Vnet, b: &Vnet) -> Result<(Edit, String), String> {
    if let Some((x, y)) =
        a.address_space.iter().find_map(|x| b.address_space.iter().find(|y| overlap(x, y)).map(|y| (x, y)))
    {
        return Err(format!("{} ({x}) and {} ({y}) overlap: Azure cannot peer them (P-3).", a.name, b.name));
    }
    let link = |v: &Vnet, r: &Vnet| design.peerings.iter().find(|p| p.vnet == v.id && p.remote_vnet == r.id);
    let (ab, ba) = (link(a, b), link(b, a));
    if ab.is_some() && ba.is_some() {
        return Err(format!("{} and {} are already peered (P-3: one peering per pair).", a.name, b.name));
    }
    let has_gateway =
        |v: &Vnet| design.gateways.iter().any(|g| design.subnet(&g.subnet).is_some_and(|s| s.vnet == v.id));
    let (ga, gb) = (has_gateway(a), has_gateway(b));
    let mut ids = design.id_allocator();
    let mut make = |v: &Vnet, r: &Vnet, own: bool, remote: bool| PeeringLink {
        meta: Default::default(),
        id: ids.next(IdKind::Peering),
        name: format!("{}-to-{}", v.name, r.name),
        vnet: v.id.clone(),
        remote_vnet: r.id.clone(),
        allow_virtual_network_access: true,
        allow_forwarded_traffic: false,
        allow_gateway_transit: own && !remote,
        use_remote_gateways: remote && !own,
    };
    let mut edits = Vec::new();
    if ab.is_none() {
        edits.push(Edit::Add(Element::Peering(make(a, b, ga, gb))));
    }
    if ba.is_none() {
        edits.push(Edit::Add(Element::Peering(make(b, a, gb, ga))));
    }
    Ok((Edit::Batch(edits), format!("Peered {} and {}", a.name, b.name)))
}

fn overlap(a: &ipnet::Ipv4Net, b: &ipnet::Ipv4Net) -> bool {
    a.contains(&b.network()) || b.contains(&a.network())
}

/// A zone link with autoregistration off (D-6 allows it on one zone per VNet only; the user turns
/// it on in the properties). D-7: one link per zone–VNet pair, and no two zones of one name.
fn link_zone(design: &Design, zone: &PrivateDnsZone, vnet: &Vnet) -> Result<(Edit, String), String> {
    if zone.links.iter().any(|l| l.vnet == vnet.id) {
        return Err(format!("{} is already linked to {}.", zone.name, vnet.name));
    }
    let twin = design
        .dns_zones
        .iter()
        .any(|z| z.id != zone.id && z.name == zone.name && z.links.iter().any(|l| l.vnet == vnet.id));
    if twin {
        return Err(format!("{} is already linked to another zone named {} (D-7).", vnet.name, zone.name));
    }
    let mut updated = zone.clone();
    updated.links.push(ZoneLink {
        meta: Default::default(),
        id: design.id_allocator().next(IdKind::ZoneLink),
        vnet: vnet.id.clone(),
        registration_enabled: false,
        resolution_policy: ResolutionPolicy::Default,
    });
    Ok((Edit::Update(Element::Zone(updated)), format!("Linked {} to {}", zone.name, vnet.name)))
}

/// Points a private endpoint at a PaaS resource, with the service's first sub-resource (E-1).
fn target(pe: &PrivateEndpoint, paas: &PaasResource) -> Result<(Edit, String), String> {
    if matches!(&pe.target, PeTarget::Paas { resource, .. } if *resource == paas.id) {
        return Err(format!("{} already connects to {}.", pe.name, paas.name));
    }
    let Some(sub) = services::service(&paas.service).and_then(|s| s.sub_resources.first()) else {
        return Err(format!("{} is a service without private endpoints in the catalog.", paas.name));
    };
    let mut updated = pe.clone();
    updated.target = PeTarget::Paas { resource: paas.id.clone(), sub_resource: sub.group_id.to_string() };
    Ok((Edit::Update(Element::PrivateEndpoint(updated)), format!("Connected {} to {}", pe.name, paas.name)))
}

fn connect_site(design: &Design, gw: &Gateway, site: &OnPremSite) -> Result<(Edit, String), String> {
    if gw.connections.iter().any(|c| c.peer.site() == Some(&site.id)) {
        return Err(format!("{} is already connected to {}.", gw.name, site.name));
    }
    let mut updated = gw.clone();
    updated.connections.push(GatewayConnection {
        id: design.id_allocator().next(IdKind::Connection),
        name: format!("cn-{}", site.name),
        peer: ConnectionPeer::Site(site.id.clone()),
        bgp: None,
        next_hops: Vec::new(),
        learned_prefixes: vec![],
        meta: Meta::default(),
    });
    Ok((Edit::Update(Element::Gateway(updated)), format!("Connected {} to {}", gw.name, site.name)))
}

/// A VNet-to-VNet connection (P-14) between two VPN gateways: one connection resource on each,
/// both made here (no traffic flows until both exist); where one side exists, the other is added.
fn vnet_to_vnet(design: &Design, a: &Gateway, b: &Gateway) -> Result<(Edit, String), String> {
    if let Some(g) = [a, b].into_iter().find(|g| g.kind != GatewayKind::Vpn) {
        return Err(format!("{} is an ExpressRoute gateway: VNet-to-VNet joins two VPN gateways (P-14).", g.name));
    }
    let vnet = |g: &Gateway| design.subnet(&g.subnet).map(|s| s.vnet.clone());
    if vnet(a).is_some() && vnet(a) == vnet(b) {
        return Err(format!("{} and {} are in the same VNet.", a.name, b.name));
    }
    let has = |g: &Gateway, r: &Gateway| g.connections.iter().any(|c| c.peer.remote_gateway() == Some(&r.id));
    if has(a, b) && has(b, a) {
        return Err(format!("{} and {} are already connected (P-14).", a.name, b.name));
    }
    let mut ids = design.id_allocator();
    let mut side = |g: &Gateway, r: &Gateway| {
        let mut updated = g.clone();
        updated.connections.push(GatewayConnection {
            id: ids.next(IdKind::Connection),
            name: format!("cn-{}", r.name),
            peer: ConnectionPeer::Gateway(r.id.clone()),
            bgp: None,
            next_hops: Vec::new(),
            learned_prefixes: vec![],
            meta: Meta::default(),
        });
        Edit::Update(Element::Gateway(updated))
    };
    let mut edits = Vec::new();
    if !has(a, b) {
        edits.push(side(a, b));
    }
    if !has(b, a) {
        edits.push(side(b, a));
    }
    Ok((Edit::Batch(edits), format!("Connected {} and {} VNet-to-VNet, both directions (P-14)", a.name, b.name)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Document;
    use crate::edit::apply;
    use crate::gallery;
    use crate::layout::Layout;

    fn lab() -> Document {
        Document::new(gallery::seed_lab().unwrap(), Layout::default())
    }

    fn id(doc: &Document, name: &str) -> Id {
        doc.design.elements().iter().find(|e| e.name == name).map(|e| e.id.clone()).unwrap()
    }

    #[test]
    fn a_new_vnet_peers_with_the_hub_both_links_and_gateway_transit() {
        let mut doc = lab();
        let (add, v) = crate::edit::new_element(&doc.design, crate::edit::NewKind::Vnet, None).unwrap();
        apply(&mut doc, add).unwrap();
        let hub = id(&doc, "vnet-hub");
        let before = doc.clone();
        let (edit, what) = connect(&doc.design, &v, &hub).unwrap();
        assert!(what.starts_with("Peered"));
        let inverse = apply(&mut doc, edit).unwrap();
        let links: Vec<_> = doc.design.peerings.iter().filter(|p| p.vnet == v || p.remote_vnet == v).collect();
        assert_eq!(links.len(), 2, "both links (P-2)");
        assert!(links.iter().all(|p| p.allow_virtual_network_access && !p.allow_forwarded_traffic));
        let hub_has_gw =
            doc.design.gateways.iter().any(|g| doc.design.subnet(&g.subnet).is_some_and(|s| s.vnet == hub));
        if hub_has_gw {
            assert!(links.iter().any(|p| p.vnet == hub && p.allow_gateway_transit));
            assert!(links.iter().any(|p| p.vnet == v && p.use_remote_gateways));
        }
        apply(&mut doc, inverse).unwrap();
        assert_eq!(doc, before, "undo removes both links");
        let again = connect(&before.design, &hub, &id(&before, "vnet-spoke")).unwrap_err();
        assert!(again.contains("already peered"), "{again}");
    }

    #[test]
    fn overlapping_vnets_and_wrong_pairs_say_why() {
        let mut doc = lab();
        let hub = id(&doc, "vnet-hub");
        let mut copy = doc.design.vnet(&hub).unwrap().clone();
        copy.id = Id::new("v999");
        copy.name = "twin".into();
        apply(&mut doc, Edit::Add(Element::Vnet(copy))).unwrap();
        let why = connect(&doc.design, &Id::new("v999"), &hub).unwrap_err();
        assert!(why.contains("P-3") && why.contains("overlap"), "{why}");
        let why = connect(&doc.design, &hub, &id(&doc, "snet-vm")).unwrap_err();
        assert!(why.starts_with("vnet-hub connects to another VNet"), "{why}");
        assert!(connect(&doc.design, &hub, &hub).is_err());
    }

    #[test]
    fn zone_links_endpoint_targets_site_connections_and_associations() {
        let doc = lab();
        let mut d = doc.clone();
        let hub = id(&d, "vnet-hub");
        let zone = d.design.dns_zones[0].id.clone();
        let linked = d.design.dns_zones[0].links.iter().any(|l| l.vnet == hub);
        let r = connect(&d.design, &hub, &zone);
        assert_eq!(r.is_err(), linked, "{r:?}");

        let (add, v) = crate::edit::new_element(&d.design, crate::edit::NewKind::Vnet, None).unwrap();
        apply(&mut d, add).unwrap();
        let (edit, _) = connect(&d.design, &zone, &v).unwrap();
        apply(&mut d, edit).unwrap();
        assert!(d.design.dns_zones[0].links.iter().any(|l| l.vnet == v));

        let subnet = id(&d, "snet-vm");
        let (add, nsg) = crate::edit::new_element(&d.design, crate::edit::NewKind::Nsg, Some(&subnet)).unwrap();
        apply(&mut d, add).unwrap();
        let data = id(&d, "snet-data");
        let (edit, _) = connect(&d.design, &nsg, &data).unwrap();
        apply(&mut d, edit).unwrap();
        assert_eq!(d.design.subnet(&data).unwrap().nsg.as_ref(), Some(&nsg));
        let (add, rt) = crate::edit::new_element(&d.design, crate::edit::NewKind::RouteTable, Some(&subnet)).unwrap();
        apply(&mut d, add).unwrap();
        let (edit, _) = connect(&d.design, &data, &rt).unwrap();
        apply(&mut d, edit).unwrap();
        assert_eq!(d.design.subnet(&data).unwrap().route_table.as_ref(), Some(&rt));

        let (add, site) = crate::edit::new_element(&d.design, crate::edit::NewKind::Site, None).unwrap();
        apply(&mut d, add).unwrap();
        if let Some(gw) = d.design.gateways.first().map(|g| g.id.clone()) {
            let (edit, _) = connect(&d.design, &site, &gw).unwrap();
            apply(&mut d, edit).unwrap();
            assert!(d.design.gateways[0].connections.iter().any(|c| c.peer.site() == Some(&site)));
            assert!(connect(&d.design, &gw, &site).unwrap_err().contains("already connected"));
        }
        if let (Some(pe), Some(_)) = (d.design.private_endpoints.first().map(|p| p.id.clone()), d.design.paas.first()) {
            let (add, svc) = crate::edit::new_element(&d.design, crate::edit::NewKind::Paas, None).unwrap();
            apply(&mut d, add).unwrap();
            let (edit, _) = connect(&d.design, &svc, &pe).unwrap();
            apply(&mut d, edit).unwrap();
            let target = &d.design.private_endpoints.iter().find(|p| p.id == pe).unwrap().target;
            assert!(matches!(target, PeTarget::Paas { resource, .. } if resource == &svc), "{target:?}");
        }
    }
}
