//! The validation index: every lookup the checks need, built in one pass over the design so that
//! no check searches a list (which would make a 1,000-spoke design quadratic).
//!
//! Where ids are duplicated, the first element with the id wins every lookup; `references`
//! reports the duplicates.

pub(crate) use super::walk::{label, Entry, IpUse, Label};

use super::walk::{entries, ip_uses};
use crate::id::Id;
use crate::model::*;
use crate::network::HashMap;

/// The subnet name Azure Firewall requires (F-1), exactly as Azure spells it.
pub(crate) const FIREWALL_SUBNET: &str = "AzureFirewallSubnet";
/// The subnet name VPN and ExpressRoute gateways require.
pub(crate) const GATEWAY_SUBNET: &str = "GatewaySubnet";
/// The delegation a DNS Private Resolver endpoint subnet needs (D-20).
pub(crate) const RESOLVER_DELEGATION: &str = "Microsoft.Network/dnsResolvers";

pub(crate) struct Index<'a> {
    pub design: &'a Design,
    pub entries: Vec<Entry<'a>>,
    first: HashMap<&'a Id, usize>,
    vnets: HashMap<&'a Id, &'a Vnet>,
    subnets: HashMap<&'a Id, &'a Subnet>,
    route_tables: HashMap<&'a Id, &'a RouteTable>,
    paas: HashMap<&'a Id, &'a PaasResource>,
    zones: HashMap<&'a Id, &'a PrivateDnsZone>,
    /// Outbound endpoint id → its resolver (rulesets may only name outbound endpoints).
    outbound: HashMap<&'a Id, &'a DnsResolver>,
    subnets_by_vnet: HashMap<&'a Id, Vec<&'a Subnet>>,
    gateways_by_vnet: HashMap<&'a Id, Vec<&'a Gateway>>,
    links_by_vnet: HashMap<&'a Id, Vec<&'a PeeringLink>>,
    /// (vnet, remote) → the first link in that direction.
    links: HashMap<(&'a Id, &'a Id), &'a PeeringLink>,
    pub ips: Vec<IpUse<'a>>,
}

impl<'a> Index<'a> {
    pub fn new(d: &'a Design) -> Self {
        let entries = entries(d);
        let mut first = HashMap::with_capacity_and_hasher(entries.len(), Default::default());
        for (i, e) in entries.iter().enumerate() {
            first.entry(e.id).or_insert(i);
        }
        let mut subnets_by_vnet: HashMap<&Id, Vec<&Subnet>> = HashMap::default();
        for s in &d.subnets {
            subnets_by_vnet.entry(&s.vnet).or_default().push(s);
        }
        let mut links_by_vnet: HashMap<&Id, Vec<&PeeringLink>> = HashMap::default();
        let mut links = HashMap::with_capacity_and_hasher(d.peerings.len(), Default::default());
        for p in &d.peerings {
            links_by_vnet.entry(&p.vnet).or_default().push(p);
            links.entry((&p.vnet, &p.remote_vnet)).or_insert(p);
        }
        let mut outbound = HashMap::default();
        for r in &d.resolvers {
            for e in &r.outbound_endpoints {
                outbound.entry(&e.id).or_insert(r);
            }
        }
        let mut ix = Index {
            design: d,
            entries,
            first,
            vnets: by_id(&d.vnets, |v| &v.id),
            subnets: by_id(&d.subnets, |s| &s.id),
            route_tables: by_id(&d.route_tables, |t| &t.id),
            paas: by_id(&d.paas, |p| &p.id),
            zones: by_id(&d.dns_zones, |z| &z.id),
            outbound,
            subnets_by_vnet,
            gateways_by_vnet: HashMap::default(),
            links_by_vnet,
            links,
            ips: Vec::new(),
        };
        let mut gateways_by_vnet: HashMap<&Id, Vec<&Gateway>> = HashMap::default();
        for g in &d.gateways {
            if let Some(v) = ix.vnet_of(&g.subnet) {
                gateways_by_vnet.entry(&v.id).or_default().push(g);
            }
        }
        ix.gateways_by_vnet = gateways_by_vnet;
        ix.ips = ip_uses(d);
        ix
    }

    /// The kind of the (first) element with this id.
    pub fn kind(&self, id: &Id) -> Option<ElementKind> {
        self.entry(id).map(|e| e.kind)
    }

    pub fn entry(&self, id: &Id) -> Option<&Entry<'a>> {
        self.first.get(id).and_then(|&i| self.entries.get(i))
    }

    /// Position of the element in design order, for sorting diagnostics.
    pub fn position(&self, id: &Id) -> usize {
        self.first.get(id).copied().unwrap_or(usize::MAX)
    }

    pub fn vnet(&self, id: &Id) -> Option<&'a Vnet> {
        self.vnets.get(id).copied()
    }

    pub fn subnet(&self, id: &Id) -> Option<&'a Subnet> {
        self.subnets.get(id).copied()
    }

    pub fn route_table(&self, id: &Id) -> Option<&'a RouteTable> {
        self.route_tables.get(id).copied()
    }

    pub fn paas(&self, id: &Id) -> Option<&'a PaasResource> {
        self.paas.get(id).copied()
    }

    pub fn zone(&self, id: &Id) -> Option<&'a PrivateDnsZone> {
        self.zones.get(id).copied()
    }

    pub fn is_outbound_endpoint(&self, id: &Id) -> bool {
        self.outbound.contains_key(id)
    }

    /// The VNet of a subnet, by the subnet's id.
    pub fn vnet_of(&self, subnet: &Id) -> Option<&'a Vnet> {
        self.subnet(subnet).and_then(|s| self.vnet(&s.vnet))
    }

    pub fn subnets_of(&self, vnet: &Id) -> &[&'a Subnet] {
        self.subnets_by_vnet.get(vnet).map_or(&[], Vec::as_slice)
    }

    /// The gateways deployed in a VNet (in a subnet of it).
    pub fn gateways_in(&self, vnet: &Id) -> &[&'a Gateway] {
        self.gateways_by_vnet.get(vnet).map_or(&[], Vec::as_slice)
    }

    /// The peering links that belong to a VNet (its outgoing links).
    pub fn links_of(&self, vnet: &Id) -> &[&'a PeeringLink] {
        self.links_by_vnet.get(vnet).map_or(&[], Vec::as_slice)
    }

    /// The first link from `vnet` to `remote`.
    pub fn link(&self, vnet: &'a Id, remote: &'a Id) -> Option<&'a PeeringLink> {
        self.links.get(&(vnet, remote)).copied()
    }

    /// "Subnet 'snet-a'", or the id when the element is unknown.
    pub fn label_of(&self, id: &Id) -> String {
        match self.entry(id) {
            Some(e) => label(e.kind, e.name, e.id).to_string(),
            None => format!("'{id}'"),
        }
    }
}

fn by_id<'a, T>(items: &'a [T], id: impl Fn(&'a T) -> &'a Id) -> HashMap<&'a Id, &'a T> {
    let mut map = HashMap::with_capacity_and_hasher(items.len(), Default::default());
    for item in items {
        map.entry(id(item)).or_insert(item);
    }
    map
}
