//! Copy and paste, within a design or between two: [`clip`] takes the selected elements with what
//! is drawn inside them (a VNet's subnets and their VMs, endpoints, firewalls, gateways) as a
//! small design of their own, which the studio keeps as JSON; [`paste`] adds them to a design
//! with fresh ids and fresh addresses (a VNet gets the next free range, its subnets the next free
//! prefixes, NICs and endpoints the next free IPs), so a paste never collides with what is there.
//!
//! References are kept when their target was pasted too or exists in the design pasted into, and
//! dropped otherwise (a subnet's route table from another design, a connection to a missing
//! site). Resolvers and forwarding rulesets are not pasted.

use super::{contents, Edit, Element};
use crate::id::{Id, IdKind};
use crate::model::*;
use crate::suggest;
use std::collections::HashMap;

/// The elements `ids` and what is drawn inside them, as a design of their own (list order kept).
pub fn clip(design: &Design, ids: &[Id]) -> Design {
    let mut want: Vec<Id> = ids.to_vec();
    for id in ids {
        want.extend(contents(design, id));
    }
    let mut out = Design::default();
    for element in Element::all(design) {
        if want.contains(element.id()) && !matches!(element, Element::Resolver(_) | Element::Ruleset(_)) {
            element.put(&mut out, None);
        }
    }
    out
}

/// The edit that adds the clipped elements to `design`, and the new ids of the top-level elements
/// added. Subnets whose VNet was not copied go into `into` (a selected VNet, or the VNet of a
/// selected subnet), else into their original VNet when it exists; tiles likewise go into the
/// selected subnet. `None` when nothing could be pasted.
pub fn paste(design: &Design, clip: &Design, into: Option<&Id>) -> Option<(Edit, Vec<Id>)> {
    let mut p = Paster {
        scratch: design.clone(),
        ids: design.id_allocator(),
        map: HashMap::new(),
        edits: Vec::new(),
        added: Vec::new(),
        into_vnet: into
            .and_then(|i| design.vnet(i).map(|v| v.id.clone()).or_else(|| design.subnet(i).map(|s| s.vnet.clone()))),
        into_subnet: into.filter(|i| design.subnet(i).is_some()).cloned(),
    };
    for rt in &clip.route_tables {
        let mut rt = rt.clone();
        rt.name = p.name(&rt.name);
        rt.id = p.fresh(&rt.id, IdKind::RouteTable);
        p.add(Element::RouteTable(rt));
    }
    for nsg in &clip.nsgs {
        let mut nsg = nsg.clone();
        nsg.name = p.name(&nsg.name);
        nsg.id = p.fresh(&nsg.id, IdKind::Nsg);
        p.add(Element::Nsg(nsg));
    }
    for svc in &clip.paas {
        let mut svc = svc.clone();
        svc.name = p.name(&svc.name);
        svc.id = p.fresh(&svc.id, IdKind::Paas);
        svc.allowed_subnets.clear();
        p.add(Element::Paas(svc));
    }
    for site in &clip.sites {
        let mut site = site.clone();
        site.name = p.name(&site.name);
        site.id = p.fresh(&site.id, IdKind::Site);
        site.hosts.iter_mut().for_each(|h| h.id = p.ids.next(IdKind::Host));
        site.dns_servers.iter_mut().for_each(|d| d.id = p.ids.next(IdKind::OnPremDns));
        p.add(Element::Site(site));
    }
    for v in &clip.vnets {
        let mut v = v.clone();
        let len = v.address_space.first().map_or(16, |n| n.prefix_len());
        v.address_space = vec![suggest::vnet_range(&p.scratch, len)?];
        v.name = p.name(&v.name);
        v.id = p.fresh(&v.id, IdKind::Vnet);
        p.add(Element::Vnet(v));
    }
    for s in &clip.subnets {
        let mut s = s.clone();
        let vnet = match p.map.get(&s.vnet) {
            Some(v) => v.clone(),
            None => match p.into_vnet.clone().or_else(|| design.vnet(&s.vnet).map(|v| v.id.clone())) {
                Some(v) => v,
                None => continue,
            },
        };
        let Some(prefix) = suggest::subnet_prefix(&p.scratch, &vnet, s.prefix.prefix_len()) else { continue };
        s.prefix = prefix;
        s.vnet = vnet;
        s.route_table = s.route_table.and_then(|r| p.reference(&r));
        s.nsg = s.nsg.and_then(|r| p.reference(&r));
        s.id = p.fresh(&s.id, IdKind::Subnet);
        p.add(Element::Subnet(s));
    }
    for vm in &clip.vms {
        let mut vm = vm.clone();
        let mut ok = true;
        for nic in &mut vm.nics {
            match p.place(&nic.subnet) {
                Some((subnet, ip)) => {
                    nic.subnet = subnet;
                    nic.ip = ip;
                }
                None => ok = false,
            }
            nic.id = p.ids.next(IdKind::Nic);
            if p.scratch.nics().any(|(_, n)| n.name == nic.name) {
                nic.name.push_str("-copy");
            }
            nic.nsg = nic.nsg.take().and_then(|r| p.reference(&r));
        }
        if ok {
            vm.name = p.name(&vm.name);
            vm.id = p.fresh(&vm.id, IdKind::Vm);
            p.add(Element::Vm(vm));
        }
    }
    for fw in &clip.firewalls {
        let mut fw = fw.clone();
        let Some((subnet, ip)) = p.place(&fw.subnet) else { continue };
        (fw.subnet, fw.private_ip) = (subnet, ip);
        fw.name = p.name(&fw.name);
        fw.id = p.fresh(&fw.id, IdKind::Firewall);
        p.add(Element::Firewall(fw));
    }
    for gw in &clip.gateways {
        let mut gw = gw.clone();
        let Some((subnet, ip)) = p.place(&gw.subnet) else { continue };
        let mut ips = vec![ip];
        for _ in 1..gw.instance_ips.len() {
            ips.extend(p.place(&subnet).map(|(_, ip)| ip));
        }
        (gw.subnet, gw.instance_ips) = (subnet, ips);
        gw.connections.retain(|c| p.reference(c.peer.id()).is_some());
        for c in &mut gw.connections {
            if let Some(to) = p.reference(c.peer.id()) {
                c.peer = match c.peer {
                    ConnectionPeer::Site(_) => ConnectionPeer::Site(to),
                    ConnectionPeer::Gateway(_) => ConnectionPeer::Gateway(to),
                };
            }
            c.id = p.ids.next(IdKind::Connection);
        }
        gw.name = p.name(&gw.name);
        gw.id = p.fresh(&gw.id, IdKind::Gateway);
        p.add(Element::Gateway(gw));
    }
    for pe in &clip.private_endpoints {
        let mut pe = pe.clone();
        let Some((subnet, ip)) = p.place(&pe.subnet) else { continue };
        (pe.subnet, pe.ip) = (subnet, ip);
        if let PeTarget::Paas { resource, .. } = &mut pe.target {
            *resource = p.reference(resource).unwrap_or_else(|| resource.clone());
        }
        pe.dns_zone_group = pe.dns_zone_group.iter().filter_map(|z| p.reference(z)).collect();
        pe.name = p.name(&pe.name);
        pe.id = p.fresh(&pe.id, IdKind::PrivateEndpoint);
        p.add(Element::PrivateEndpoint(pe));
    }
    for z in &clip.dns_zones {
        let mut z = z.clone();
        z.links.retain(|l| p.map.contains_key(&l.vnet));
        for l in &mut z.links {
            l.vnet = p.map.get(&l.vnet).cloned().unwrap_or_else(|| l.vnet.clone());
            l.id = p.ids.next(IdKind::ZoneLink);
        }
        z.id = p.fresh(&z.id, IdKind::Zone);
        p.add(Element::Zone(z));
    }
    if p.added.is_empty() {
        return None;
    }
    Some((Edit::Batch(p.edits), p.added))
}

struct Paster {
    /// The design with everything pasted so far, for address suggestions and name checks.
    scratch: Design,
    ids: crate::id::IdAllocator,
    /// Old id → new id of everything pasted.
    map: HashMap<Id, Id>,
    edits: Vec<Edit>,
    added: Vec<Id>,
    into_vnet: Option<Id>,
    into_subnet: Option<Id>,
}

impl Paster {
    fn fresh(&mut self, old: &Id, kind: IdKind) -> Id {
        let new = self.ids.next(kind);
        self.map.insert(old.clone(), new.clone());
        new
    }

    fn add(&mut self, element: Element) {
        self.added.push(element.id().clone());
        element.clone().put(&mut self.scratch, None);
        self.edits.push(Edit::Add(element));
    }

    /// `name`, or `name-copy` when the design has an element of that name already.
    fn name(&self, name: &str) -> String {
        if self.scratch.elements().iter().any(|e| e.name == name) {
            format!("{name}-copy")
        } else {
            name.to_string()
        }
    }

    /// Where a reference goes: to the pasted copy, or to the element itself if it is in the design.
    fn reference(&self, id: &Id) -> Option<Id> {
        self.map.get(id).cloned().or_else(|| self.scratch.elements().iter().any(|e| *e.id == *id).then(|| id.clone()))
    }

    /// The subnet a tile goes into (its pasted subnet, the selected one, or its own) and a free IP
    /// there, reserved in the scratch design.
    fn place(&mut self, subnet: &Id) -> Option<(Id, std::net::Ipv4Addr)> {
        let target = self
            .map
            .get(subnet)
            .cloned()
            .or_else(|| self.into_subnet.clone())
            .or_else(|| self.scratch.subnet(subnet).map(|s| s.id.clone()))?;
        let ip = suggest::free_ip(&self.scratch, &target)?;
        // Later tiles must not take this address.
        self.scratch.private_endpoints.push(PrivateEndpoint {
            meta: Default::default(),
            secondary_ips: Default::default(),
            id: Id::default(),
            name: String::new(),
            subnet: target.clone(),
            ip,
            target: PeTarget::PrivateLinkService { alias: String::new() },
            connection_state: ConnectionState::Approved,
            dns_zone_group: vec![],
        });
        Some((target, ip))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Document;
    use crate::edit::apply;
    use crate::gallery;
    use crate::layout::Layout;
    use crate::validate::{validate, Severity};

    fn errors(d: &Design) -> usize {
        validate(d).iter().filter(|x| x.severity == Severity::Error).count()
    }

    #[test]
    fn a_vnet_pasted_into_another_design_brings_its_subnets_and_tiles_with_new_addresses() {
        let lab = gallery::seed_lab().unwrap();
        let spoke = lab.vnets.iter().find(|v| v.name == "vnet-spoke").unwrap().id.clone();
        let clipped = clip(&lab, std::slice::from_ref(&spoke));
        assert_eq!(clipped.vnets.len(), 1);
        assert_eq!(clipped.subnets.len(), 2);
        assert!(clipped.vms.len() == 1 && clipped.private_endpoints.len() == 1);

        // Into the same design: everything new, nothing overlapping.
        let mut doc = Document::new(lab.clone(), Layout::default());
        let before_errors = errors(&doc.design);
        let (edit, added) = paste(&doc.design, &clipped, None).unwrap();
        let inverse = apply(&mut doc, edit).unwrap();
        assert_eq!(doc.design.vnets.len(), 3);
        let copy = doc.design.vnet(&added[0]).unwrap();
        assert_eq!(copy.name, "vnet-spoke-copy");
        assert_eq!(copy.address_space[0].to_string(), "10.2.0.0/16");
        let subnets: Vec<_> = doc.design.subnets_of(&copy.id).collect();
        assert_eq!(subnets.len(), 2);
        assert!(subnets.iter().all(|s| copy.address_space[0].contains(&s.prefix)));
        assert_eq!(errors(&doc.design), before_errors, "no new errors: {:?}", validate(&doc.design));
        apply(&mut doc, inverse).unwrap();
        assert_eq!(doc.design, lab, "one undo step");

        // Into an empty design: references to elements that are not there are dropped.
        let empty = Design::default();
        let (edit, _) = paste(&empty, &clipped, None).unwrap();
        let mut doc = Document::new(empty, Layout::default());
        apply(&mut doc, edit).unwrap();
        assert_eq!(doc.design.subnets.len(), 2);
        assert!(doc.design.subnets.iter().all(|s| s.route_table.is_none()));
        assert_eq!(doc.design.vms[0].nics[0].ip.to_string(), "10.0.0.4");
    }

    #[test]
    fn a_vm_pastes_into_the_selected_subnet() {
        let lab = gallery::seed_lab().unwrap();
        let vm = lab.vms.iter().find(|v| v.name == "vm-spoke").unwrap().id.clone();
        let data = lab.subnets.iter().find(|s| s.name == "snet-data").unwrap().id.clone();
        let (edit, added) = paste(&lab, &clip(&lab, &[vm]), Some(&data)).unwrap();
        let mut doc = Document::new(lab, Layout::default());
        apply(&mut doc, edit).unwrap();
        let copy = doc.design.vms.iter().find(|v| v.id == added[0]).unwrap();
        assert_eq!(copy.nics[0].subnet, data);
        assert_eq!(copy.nics[0].ip.to_string(), "10.1.1.5", "the PE has .4");
    }
}
