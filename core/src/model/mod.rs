//! The design model, schema v1 (DECISIONS 10): everything the engine and the studio need, as
//! plain types. They are written with serde's `Serialize` and read by `codec::read` (hand-written
//! for size; it holds the defaults of fields a file leaves out). Elements live in flat, ordered lists and refer to each other by [`Id`];
//! layout lives apart in `layout::Layout`, so the engine never sees positions, and the two meet
//! in `document::Document`, above both: the model names neither.
//!
//! Architecture invariant: the model is data only. It knows nothing of routing, DNS or the UI.

mod balancing;
mod compute;
mod dns;
mod firewall;
mod hybrid;
mod intent;
mod meta;
mod network;
mod paas;
mod routing;
mod security;
pub(crate) mod serde_util;
mod settings;
mod text;

pub use balancing::*;
pub use compute::*;
pub use dns::*;
pub use firewall::*;
pub use hybrid::*;
pub use intent::*;
pub use meta::*;
pub use network::*;
pub use paas::*;
pub use routing::*;
pub use security::*;
pub use settings::*;
pub use text::*;

use crate::id::{Id, IdAllocator, IdKind};
use serde::Serialize;

/// The schema version this build writes. Older versions are migrated on read (`codec::migrate`).
pub const SCHEMA_VERSION: u32 = 2;

/// The network semantics of a design: what the engine reads.
#[derive(Clone, Debug, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Design {
    #[serde(skip_serializing_if = "String::is_empty")]
    pub name: String,
    /// What the design is for, in prose (schema v2; the gallery's story).
    #[serde(skip_serializing_if = "String::is_empty")]
    pub description: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub vnets: Vec<Vnet>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub subnets: Vec<Subnet>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub peerings: Vec<PeeringLink>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub route_tables: Vec<RouteTable>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub nsgs: Vec<Nsg>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub vms: Vec<Vm>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub firewalls: Vec<Firewall>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub gateways: Vec<Gateway>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub sites: Vec<OnPremSite>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub paas: Vec<PaasResource>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub private_endpoints: Vec<PrivateEndpoint>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub dns_zones: Vec<PrivateDnsZone>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub resolvers: Vec<DnsResolver>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub rulesets: Vec<ForwardingRuleset>,
    /// Internal Standard load balancers (schema v2, F-22).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub load_balancers: Vec<LoadBalancer>,
    /// NAT gateways (schema v2, F-23).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub nat_gateways: Vec<NatGateway>,
    /// Application security groups (schema v2), named in NSG rules.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub asgs: Vec<Asg>,
    /// Public DNS records the simulated public DNS answers first (schema v2, D-15): names on the
    /// internet, fully qualified.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub public_dns: Vec<DnsRecord>,
    /// Per service tag (`Storage`, `Storage.WestEurope`), prefixes that replace the catalog's
    /// synthetic ones (schema v2).
    #[serde(skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub service_prefixes: std::collections::BTreeMap<String, Vec<ipnet::Ipv4Net>>,
    #[serde(skip_serializing_if = "serde_util::is_default")]
    pub settings: Settings,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub traffic: Vec<TrafficAssumption>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub questions: Vec<Question>,
    /// Promises the design must keep (schema v2).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub intents: Vec<Intent>,
}

/// The kind of an element, for messages and generic handling (selection, diagnostics).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub enum ElementKind {
    Vnet,
    Subnet,
    Peering,
    RouteTable,
    Nsg,
    Vm,
    Nic,
    Firewall,
    Gateway,
    Connection,
    Site,
    Host,
    OnPremDns,
    Paas,
    PrivateEndpoint,
    Zone,
    ZoneLink,
    Resolver,
    ResolverEndpoint,
    Ruleset,
    Traffic,
    Question,
    LoadBalancer,
    NatGateway,
    Asg,
    Intent,
}

impl ElementKind {
    /// The prefix family of a fresh id for an element of this kind.
    pub const fn id_kind(self) -> IdKind {
        match self {
            ElementKind::Vnet => IdKind::Vnet,
            ElementKind::Subnet => IdKind::Subnet,
            ElementKind::Peering => IdKind::Peering,
            ElementKind::RouteTable => IdKind::RouteTable,
            ElementKind::Nsg => IdKind::Nsg,
            ElementKind::Vm => IdKind::Vm,
            ElementKind::Nic => IdKind::Nic,
            ElementKind::Firewall => IdKind::Firewall,
            ElementKind::Gateway => IdKind::Gateway,
            ElementKind::Connection => IdKind::Connection,
            ElementKind::Site => IdKind::Site,
            ElementKind::Host => IdKind::Host,
            ElementKind::OnPremDns => IdKind::OnPremDns,
            ElementKind::Paas => IdKind::Paas,
            ElementKind::PrivateEndpoint => IdKind::PrivateEndpoint,
            ElementKind::Zone => IdKind::Zone,
            ElementKind::ZoneLink => IdKind::ZoneLink,
            ElementKind::Resolver => IdKind::Resolver,
            ElementKind::ResolverEndpoint => IdKind::ResolverEndpoint,
            ElementKind::Ruleset => IdKind::Ruleset,
            ElementKind::Traffic => IdKind::Traffic,
            ElementKind::Question => IdKind::Question,
            ElementKind::LoadBalancer => IdKind::LoadBalancer,
            ElementKind::NatGateway => IdKind::NatGateway,
            ElementKind::Asg => IdKind::Asg,
            ElementKind::Intent => IdKind::Intent,
        }
    }

    pub const fn label(self) -> &'static str {
        match self {
            ElementKind::Vnet => "virtual network",
            ElementKind::Subnet => "subnet",
            ElementKind::Peering => "peering link",
            ElementKind::RouteTable => "route table",
            ElementKind::Nsg => "network security group",
            ElementKind::Vm => "virtual machine",
            ElementKind::Nic => "network interface",
            ElementKind::Firewall => "Azure Firewall",
            ElementKind::Gateway => "virtual network gateway",
            ElementKind::Connection => "gateway connection",
            ElementKind::Site => "on-premises site",
            ElementKind::Host => "on-premises host",
            ElementKind::OnPremDns => "on-premises DNS server",
            ElementKind::Paas => "PaaS resource",
            ElementKind::PrivateEndpoint => "private endpoint",
            ElementKind::Zone => "private DNS zone",
            ElementKind::ZoneLink => "zone link",
            ElementKind::Resolver => "DNS private resolver",
            ElementKind::ResolverEndpoint => "resolver endpoint",
            ElementKind::Ruleset => "forwarding ruleset",
            ElementKind::Traffic => "traffic assumption",
            ElementKind::Question => "saved question",
            ElementKind::LoadBalancer => "internal load balancer",
            ElementKind::NatGateway => "NAT gateway",
            ElementKind::Asg => "application security group",
            ElementKind::Intent => "intent",
        }
    }
}

/// One element's identity, as seen by generic code: its id, kind and display name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ElementRef<'a> {
    pub id: &'a Id,
    pub kind: ElementKind,
    pub name: &'a str,
}

impl Design {
    /// Every element with an id, nested ones (NICs, connections, hosts, endpoints, links) included,
    /// in a stable order.
    pub fn elements(&self) -> Vec<ElementRef<'_>> {
        use ElementKind as K;
        let mut out: Vec<ElementRef<'_>> = Vec::new();
        let r = |id, kind, name| ElementRef { id, kind, name };
        out.extend(self.vnets.iter().map(|e| r(&e.id, K::Vnet, e.name.as_str())));
        out.extend(self.subnets.iter().map(|e| r(&e.id, K::Subnet, e.name.as_str())));
        out.extend(self.peerings.iter().map(|e| r(&e.id, K::Peering, e.name.as_str())));
        out.extend(self.route_tables.iter().map(|e| r(&e.id, K::RouteTable, e.name.as_str())));
        out.extend(self.nsgs.iter().map(|e| r(&e.id, K::Nsg, e.name.as_str())));
        for vm in &self.vms {
            out.push(r(&vm.id, K::Vm, vm.name.as_str()));
            out.extend(vm.nics.iter().map(|n| r(&n.id, K::Nic, n.name.as_str())));
        }
        out.extend(self.firewalls.iter().map(|e| r(&e.id, K::Firewall, e.name.as_str())));
        for gw in &self.gateways {
            out.push(r(&gw.id, K::Gateway, gw.name.as_str()));
            out.extend(gw.connections.iter().map(|c| r(&c.id, K::Connection, c.name.as_str())));
        }
        for site in &self.sites {
            out.push(r(&site.id, K::Site, site.name.as_str()));
            out.extend(site.hosts.iter().map(|h| r(&h.id, K::Host, h.name.as_str())));
            out.extend(site.dns_servers.iter().map(|d| r(&d.id, K::OnPremDns, d.name.as_str())));
        }
        out.extend(self.paas.iter().map(|e| r(&e.id, K::Paas, e.name.as_str())));
        out.extend(self.private_endpoints.iter().map(|e| r(&e.id, K::PrivateEndpoint, e.name.as_str())));
        for zone in &self.dns_zones {
            out.push(r(&zone.id, K::Zone, zone.name.as_str()));
            out.extend(zone.links.iter().map(|l| r(&l.id, K::ZoneLink, zone.name.as_str())));
        }
        for res in &self.resolvers {
            out.push(r(&res.id, K::Resolver, res.name.as_str()));
            out.extend(res.inbound_endpoints.iter().map(|e| r(&e.id, K::ResolverEndpoint, e.name.as_str())));
            out.extend(res.outbound_endpoints.iter().map(|e| r(&e.id, K::ResolverEndpoint, e.name.as_str())));
        }
        out.extend(self.rulesets.iter().map(|e| r(&e.id, K::Ruleset, e.name.as_str())));
        out.extend(self.load_balancers.iter().map(|e| r(&e.id, K::LoadBalancer, e.name.as_str())));
        out.extend(self.nat_gateways.iter().map(|e| r(&e.id, K::NatGateway, e.name.as_str())));
        out.extend(self.asgs.iter().map(|e| r(&e.id, K::Asg, e.name.as_str())));
        out.extend(self.traffic.iter().map(|e| r(&e.id, K::Traffic, "")));
        out.extend(self.questions.iter().map(|e| r(&e.id, K::Question, e.title.as_str())));
        out.extend(self.intents.iter().map(|e| r(&e.id, K::Intent, e.title.as_str())));
        out
    }

    /// The own id of every element, in the order of [`Design::elements`] (a test holds the two
    /// lists together), so that a repair found on `elements()` can rename the element at the same
    /// index. References to other elements are not included.
    pub fn element_ids_mut(&mut self) -> Vec<&mut Id> {
        let mut out: Vec<&mut Id> = Vec::new();
        out.extend(self.vnets.iter_mut().map(|e| &mut e.id));
        out.extend(self.subnets.iter_mut().map(|e| &mut e.id));
        out.extend(self.peerings.iter_mut().map(|e| &mut e.id));
        out.extend(self.route_tables.iter_mut().map(|e| &mut e.id));
        out.extend(self.nsgs.iter_mut().map(|e| &mut e.id));
        for vm in &mut self.vms {
            out.push(&mut vm.id);
            out.extend(vm.nics.iter_mut().map(|n| &mut n.id));
        }
        out.extend(self.firewalls.iter_mut().map(|e| &mut e.id));
        for gw in &mut self.gateways {
            out.push(&mut gw.id);
            out.extend(gw.connections.iter_mut().map(|c| &mut c.id));
        }
        for site in &mut self.sites {
            out.push(&mut site.id);
            out.extend(site.hosts.iter_mut().map(|h| &mut h.id));
            out.extend(site.dns_servers.iter_mut().map(|d| &mut d.id));
        }
        out.extend(self.paas.iter_mut().map(|e| &mut e.id));
        out.extend(self.private_endpoints.iter_mut().map(|e| &mut e.id));
        for zone in &mut self.dns_zones {
            out.push(&mut zone.id);
            out.extend(zone.links.iter_mut().map(|l| &mut l.id));
        }
        for res in &mut self.resolvers {
            out.push(&mut res.id);
            out.extend(res.inbound_endpoints.iter_mut().map(|e| &mut e.id));
            out.extend(res.outbound_endpoints.iter_mut().map(|e| &mut e.id));
        }
        out.extend(self.rulesets.iter_mut().map(|e| &mut e.id));
        out.extend(self.load_balancers.iter_mut().map(|e| &mut e.id));
        out.extend(self.nat_gateways.iter_mut().map(|e| &mut e.id));
        out.extend(self.asgs.iter_mut().map(|e| &mut e.id));
        out.extend(self.traffic.iter_mut().map(|e| &mut e.id));
        out.extend(self.questions.iter_mut().map(|e| &mut e.id));
        out.extend(self.intents.iter_mut().map(|e| &mut e.id));
        out
    }

    /// An allocator for new ids that never collides with an existing one.
    pub fn id_allocator(&self) -> IdAllocator {
        let elements = self.elements();
        IdAllocator::after(elements.iter().map(|e| e.id))
    }

    pub fn vnet(&self, id: &Id) -> Option<&Vnet> {
        self.vnets.iter().find(|v| &v.id == id)
    }

    pub fn subnet(&self, id: &Id) -> Option<&Subnet> {
        self.subnets.iter().find(|s| &s.id == id)
    }

    pub fn route_table(&self, id: &Id) -> Option<&RouteTable> {
        self.route_tables.iter().find(|t| &t.id == id)
    }

    pub fn nsg(&self, id: &Id) -> Option<&Nsg> {
        self.nsgs.iter().find(|n| &n.id == id)
    }

    pub fn paas_resource(&self, id: &Id) -> Option<&PaasResource> {
        self.paas.iter().find(|p| &p.id == id)
    }

    pub fn site(&self, id: &Id) -> Option<&OnPremSite> {
        self.sites.iter().find(|s| &s.id == id)
    }

    /// Subnets of a VNet, in design order.
    pub fn subnets_of<'a>(&'a self, vnet: &'a Id) -> impl Iterator<Item = &'a Subnet> + 'a {
        self.subnets.iter().filter(move |s| &s.vnet == vnet)
    }

    /// Every NIC with the VM that owns it.
    pub fn nics(&self) -> impl Iterator<Item = (&Vm, &Nic)> {
        self.vms.iter().flat_map(|vm| vm.nics.iter().map(move |n| (vm, n)))
    }
}
