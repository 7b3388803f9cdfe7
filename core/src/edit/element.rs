//! [`Element`]: one top-level element of a design, of any kind, and the list operations that
//! `apply` needs (find, take, put, replace), written once for every kind by a macro.

use super::EditError;
use crate::id::Id;
use crate::model::*;

macro_rules! elements {
    ($($variant:ident($ty:ty) => $field:ident, $kind:ident;)*) => {
        /// A top-level element of a design (nested ones, such as NICs or zone links, travel with
        /// their owner).
        #[derive(Clone, Debug, PartialEq, Eq)]
        pub enum Element {
            $($variant($ty),)*
        }

        impl Element {
            pub fn id(&self) -> &Id {
                match self {
                    $(Element::$variant(e) => &e.id,)*
                }
            }

            pub fn kind(&self) -> ElementKind {
                match self {
                    $(Element::$variant(_) => ElementKind::$kind,)*
                }
            }

            /// A copy of the top-level element with this id, and its index in its list.
            pub fn find(design: &Design, id: &Id) -> Option<(usize, Element)> {
                $(
                    if let Some(i) = design.$field.iter().position(|e| &e.id == id) {
                        return Some((i, Element::$variant(design.$field[i].clone())));
                    }
                )*
                None
            }

            /// Removes the top-level element with this id; returns where it was.
            pub(super) fn take(design: &mut Design, id: &Id) -> Option<(usize, Element)> {
                $(
                    if let Some(i) = design.$field.iter().position(|e| &e.id == id) {
                        return Some((i, Element::$variant(design.$field.remove(i))));
                    }
                )*
                None
            }

            /// Inserts at `at` (clamped to the list), or appends.
            pub(super) fn put(self, design: &mut Design, at: Option<usize>) {
                match self {
                    $(Element::$variant(e) => {
                        let list = &mut design.$field;
                        let i = at.unwrap_or(list.len()).min(list.len());
                        list.insert(i, e);
                    })*
                }
            }

            /// Replaces the element of the same kind and id; returns the old one.
            pub(super) fn replace(self, design: &mut Design) -> Result<Element, EditError> {
                match self {
                    $(Element::$variant(e) => {
                        let Some(slot) = design.$field.iter_mut().find(|x| x.id == e.id) else {
                            return Err(EditError::NotFound(e.id.clone()));
                        };
                        Ok(Element::$variant(std::mem::replace(slot, e)))
                    })*
                }
            }

            /// Every top-level element of a design, in list order.
            pub fn all(design: &Design) -> Vec<Element> {
                let mut out = Vec::new();
                $(out.extend(design.$field.iter().cloned().map(Element::$variant));)*
                out
            }
        }
    };
}

elements! {
    Vnet(Vnet) => vnets, Vnet;
    Subnet(Subnet) => subnets, Subnet;
    Peering(PeeringLink) => peerings, Peering;
    RouteTable(RouteTable) => route_tables, RouteTable;
    Nsg(Nsg) => nsgs, Nsg;
    Vm(Vm) => vms, Vm;
    Firewall(Firewall) => firewalls, Firewall;
    Gateway(Gateway) => gateways, Gateway;
    Site(OnPremSite) => sites, Site;
    Paas(PaasResource) => paas, Paas;
    PrivateEndpoint(PrivateEndpoint) => private_endpoints, PrivateEndpoint;
    Zone(PrivateDnsZone) => dns_zones, Zone;
    Resolver(DnsResolver) => resolvers, Resolver;
    Ruleset(ForwardingRuleset) => rulesets, Ruleset;
    Traffic(TrafficAssumption) => traffic, Traffic;
    Question(Question) => questions, Question;
    LoadBalancer(LoadBalancer) => load_balancers, LoadBalancer;
    NatGateway(NatGateway) => nat_gateways, NatGateway;
    Asg(Asg) => asgs, Asg;
    Intent(Intent) => intents, Intent;
}

impl Element {
    /// The element's own id and the ids of everything nested in it (NICs, connections, hosts,
    /// on-premises DNS servers, zone links, resolver endpoints).
    pub fn ids(&self) -> Vec<Id> {
        let mut out = vec![self.id().clone()];
        match self {
            Element::Vm(vm) => out.extend(vm.nics.iter().map(|n| n.id.clone())),
            Element::Gateway(gw) => out.extend(gw.connections.iter().map(|c| c.id.clone())),
            Element::Site(site) => {
                out.extend(site.hosts.iter().map(|h| h.id.clone()));
                out.extend(site.dns_servers.iter().map(|d| d.id.clone()));
            }
            Element::Zone(z) => out.extend(z.links.iter().map(|l| l.id.clone())),
            Element::Resolver(r) => {
                out.extend(r.inbound_endpoints.iter().map(|e| e.id.clone()));
                out.extend(r.outbound_endpoints.iter().map(|e| e.id.clone()));
            }
            _ => {}
        }
        out
    }

    /// What the automatic layout reads of this element (`layout::auto_layout`): its ids (hosts
    /// and endpoints are boxes, and count for their container's size), the containers its boxes
    /// are placed in, and for a peering the VNets it joins (the hub is the most-peered VNet). An
    /// update that keeps these cannot move or grow a box: a rename or a new prefix needs no refit.
    pub fn placement(&self) -> Vec<Id> {
        let mut out = self.ids();
        match self {
            Element::Subnet(s) => out.push(s.vnet.clone()),
            Element::Vm(vm) => out.extend(vm.nics.iter().map(|n| n.subnet.clone())),
            Element::Firewall(f) => out.push(f.subnet.clone()),
            Element::Gateway(g) => out.push(g.subnet.clone()),
            Element::PrivateEndpoint(p) => out.push(p.subnet.clone()),
            Element::LoadBalancer(lb) => out.push(lb.subnet.clone()),
            Element::NatGateway(ng) => out.extend(ng.subnets.iter().cloned()),
            Element::Resolver(r) => {
                out.extend(r.inbound_endpoints.iter().map(|e| e.subnet.clone()));
                out.extend(r.outbound_endpoints.iter().map(|e| e.subnet.clone()));
            }
            Element::Peering(p) => out.extend([p.vnet.clone(), p.remote_vnet.clone()]),
            _ => {}
        }
        out
    }

    /// The display name (a traffic assumption has none).
    pub fn name(&self) -> &str {
        match self {
            Element::Vnet(e) => &e.name,
            Element::Subnet(e) => &e.name,
            Element::Peering(e) => &e.name,
            Element::RouteTable(e) => &e.name,
            Element::Nsg(e) => &e.name,
            Element::Vm(e) => &e.name,
            Element::Firewall(e) => &e.name,
            Element::Gateway(e) => &e.name,
            Element::Site(e) => &e.name,
            Element::Paas(e) => &e.name,
            Element::PrivateEndpoint(e) => &e.name,
            Element::Zone(e) => &e.name,
            Element::Resolver(e) => &e.name,
            Element::Ruleset(e) => &e.name,
            Element::Traffic(_) => "",
            Element::Question(e) => &e.title,
            Element::LoadBalancer(e) => &e.name,
            Element::NatGateway(e) => &e.name,
            Element::Asg(e) => &e.name,
            Element::Intent(e) => &e.title,
        }
    }
}
