//! A small builder so tests and gallery designs are short to write. Text (CIDRs, IPs) is parsed
//! here; the first parse error is kept and returned by [`DesignBuilder::build`], so a typo in a
//! gallery design is a clear error, never a panic.

mod dns;
mod intent;
pub use intent::at;

use crate::id::{Id, IdAllocator, IdKind};
use crate::model::*;
use ipnet::Ipv4Net;
use std::fmt;
use std::net::Ipv4Addr;

/// A builder error: which call, and what text failed to parse or which reference is unknown.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BuildError(pub String);

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for BuildError {}

pub struct DesignBuilder {
    design: Design,
    ids: IdAllocator,
    error: Option<BuildError>,
}

/// A UDR written as text: `udr("to-fw", "0.0.0.0/0", NextHopType::VirtualAppliance, Some("10.0.1.4"))`.
pub struct Udr<'a> {
    pub name: &'a str,
    pub prefix: &'a str,
    pub hop: NextHopType,
    pub ip: Option<&'a str>,
}

pub fn udr<'a>(name: &'a str, prefix: &'a str, hop: NextHopType, ip: Option<&'a str>) -> Udr<'a> {
    Udr { name, prefix, hop, ip }
}

/// An Azure Firewall network rule written as text, for [`DesignBuilder::network_rules`].
pub struct NetRule<'a> {
    pub name: &'a str,
    pub protocols: &'a [Protocol],
    pub sources: &'a [&'a str],
    pub destinations: &'a [&'a str],
    pub ports: &'a [&'a str],
}

pub fn net_rule<'a>(
    name: &'a str,
    protocols: &'a [Protocol],
    sources: &'a [&'a str],
    destinations: &'a [&'a str],
    ports: &'a [&'a str],
) -> NetRule<'a> {
    NetRule { name, protocols, sources, destinations, ports }
}

/// An Azure Firewall application rule written as text, for [`DesignBuilder::application_rules`].
pub struct AppRule<'a> {
    pub name: &'a str,
    pub sources: &'a [&'a str],
    pub protocols: &'a [AppProtocol],
    pub fqdns: &'a [&'a str],
}

pub fn app_rule<'a>(
    name: &'a str,
    sources: &'a [&'a str],
    protocols: &'a [AppProtocol],
    fqdns: &'a [&'a str],
) -> AppRule<'a> {
    AppRule { name, sources, protocols, fqdns }
}

/// HTTPS on 443, the usual application-rule protocol.
pub const HTTPS: AppProtocol = AppProtocol { kind: AppProtocolKind::Https, port: 443 };

impl DesignBuilder {
    pub fn new(name: &str) -> Self {
        DesignBuilder {
            design: Design { name: name.to_string(), ..Design::default() },
            ids: IdAllocator::after(std::iter::empty()),
            error: None,
        }
    }

    /// Continues an existing design (new ids never collide with its ids).
    pub fn from_design(design: Design) -> Self {
        let ids = design.id_allocator();
        DesignBuilder { design, ids, error: None }
    }

    pub fn build(self) -> Result<Design, BuildError> {
        match self.error {
            Some(e) => Err(e),
            None => Ok(self.design),
        }
    }

    /// Direct access for tweaks the builder has no method for.
    pub fn design_mut(&mut self) -> &mut Design {
        &mut self.design
    }

    pub fn next_id(&mut self, kind: IdKind) -> Id {
        self.ids.next(kind)
    }

    fn fail(&mut self, msg: String) {
        if self.error.is_none() {
            self.error = Some(BuildError(msg));
        }
    }

    pub fn net(&mut self, text: &str) -> Ipv4Net {
        match text.parse() {
            Ok(n) => n,
            Err(_) => {
                self.fail(format!("'{text}' is not an IPv4 CIDR"));
                Ipv4Net::default()
            }
        }
    }

    pub fn ip(&mut self, text: &str) -> Ipv4Addr {
        match text.parse() {
            Ok(ip) => ip,
            Err(_) => {
                self.fail(format!("'{text}' is not an IPv4 address"));
                Ipv4Addr::UNSPECIFIED
            }
        }
    }

    pub fn vnet(&mut self, name: &str, region: &str, address_space: &[&str]) -> Id {
        let id = self.ids.next(IdKind::Vnet);
        let address_space = address_space.iter().map(|a| self.net(a)).collect();
        self.design.vnets.push(Vnet {
            meta: Default::default(),
            id: id.clone(),
            name: name.to_string(),
            region: region.to_string(),
            address_space,
            dns_servers: vec![],
        });
        id
    }

    pub fn subnet(&mut self, vnet: &Id, name: &str, prefix: &str) -> Id {
        let id = self.ids.next(IdKind::Subnet);
        let prefix = self.net(prefix);
        self.design.subnets.push(Subnet {
            meta: Default::default(),
            id: id.clone(),
            name: name.to_string(),
            vnet: vnet.clone(),
            prefix,
            route_table: None,
            nsg: None,
            service_endpoints: vec![],
            private_endpoint_network_policies: PeNetworkPolicies::Disabled,
            delegation: None,
        });
        id
    }

    /// Changes a subnet in place.
    pub fn with_subnet(&mut self, subnet: &Id, f: impl FnOnce(&mut Subnet)) {
        match self.design.subnets.iter_mut().rev().find(|s| &s.id == subnet) {
            Some(s) => f(s),
            None => self.fail(format!("no subnet {subnet}")),
        }
    }

    /// A route table, associated with `subnets`.
    pub fn route_table(&mut self, name: &str, disable_propagation: bool, routes: &[Udr], subnets: &[&Id]) -> Id {
        let id = self.ids.next(IdKind::RouteTable);
        let routes = routes
            .iter()
            .map(|r| Route {
                name: r.name.to_string(),
                prefix: self.net(r.prefix),
                next_hop_type: r.hop,
                next_hop_ip: r.ip.map(|ip| self.ip(ip)),
            })
            .collect();
        self.design.route_tables.push(RouteTable {
            meta: Default::default(),
            id: id.clone(),
            name: name.to_string(),
            disable_bgp_route_propagation: disable_propagation,
            routes,
        });
        for s in subnets {
            let rt = id.clone();
            self.with_subnet(s, |s| s.route_table = Some(rt));
        }
        id
    }

    pub fn nsg(&mut self, name: &str, rules: Vec<NsgRule>, subnets: &[&Id]) -> Id {
        let id = self.ids.next(IdKind::Nsg);
        self.design.nsgs.push(Nsg { meta: Default::default(), id: id.clone(), name: name.to_string(), rules });
        for s in subnets {
            let nsg = id.clone();
            self.with_subnet(s, |s| s.nsg = Some(nsg));
        }
        id
    }

    /// A VM with one NIC; returns (vm, nic).
    pub fn vm(&mut self, name: &str, subnet: &Id, ip: &str) -> (Id, Id) {
        let vm_id = self.ids.next(IdKind::Vm);
        let nic_id = self.ids.next(IdKind::Nic);
        let ip = self.ip(ip);
        self.design.vms.push(Vm {
            meta: Default::default(),
            id: vm_id.clone(),
            name: name.to_string(),
            nics: vec![Nic {
                meta: Default::default(),
                secondary_ips: Default::default(),
                id: nic_id.clone(),
                name: format!("{name}-nic"),
                subnet: subnet.clone(),
                ip,
                ip_forwarding: false,
                dns_servers: vec![],
                nsg: None,
                public_ip: None,
                tags: Default::default(),
            }],
            role: VmRole::Plain,
        });
        (vm_id, nic_id)
    }

    pub fn with_vm(&mut self, vm: &Id, f: impl FnOnce(&mut Vm)) {
        match self.design.vms.iter_mut().rev().find(|v| &v.id == vm) {
            Some(v) => f(v),
            None => self.fail(format!("no VM {vm}")),
        }
    }

    /// Both links of a peering with Azure's defaults; returns (a→b, b→a).
    pub fn peer(&mut self, a: &Id, b: &Id) -> (Id, Id) {
        let name = |d: &Design, from: &Id, to: &Id| {
            let n = |id: &Id| {
                d.vnets.iter().rev().find(|v| &v.id == id).map(|v| v.name.clone()).unwrap_or_else(|| id.to_string())
            };
            format!("{}-to-{}", n(from), n(to))
        };
        let ab_name = name(&self.design, a, b);
        let ba_name = name(&self.design, b, a);
        let ab = self.ids.next(IdKind::Peering);
        let ba = self.ids.next(IdKind::Peering);
        for (id, name, from, to) in [(&ab, ab_name, a, b), (&ba, ba_name, b, a)] {
            self.design.peerings.push(PeeringLink {
                meta: Default::default(),
                id: id.clone(),
                name,
                vnet: from.clone(),
                remote_vnet: to.clone(),
                allow_virtual_network_access: true,
                allow_forwarded_traffic: false,
                allow_gateway_transit: false,
                use_remote_gateways: false,
            });
        }
        (ab, ba)
    }

    pub fn with_peering(&mut self, link: &Id, f: impl FnOnce(&mut PeeringLink)) {
        match self.design.peerings.iter_mut().rev().find(|p| &p.id == link) {
            Some(p) => f(p),
            None => self.fail(format!("no peering link {link}")),
        }
    }

    pub fn firewall(&mut self, name: &str, subnet: &Id, private_ip: &str) -> Id {
        let id = self.ids.next(IdKind::Firewall);
        let private_ip = self.ip(private_ip);
        self.design.firewalls.push(Firewall {
            meta: Default::default(),
            id: id.clone(),
            name: name.to_string(),
            subnet: subnet.clone(),
            sku: FirewallSku::Standard,
            private_ip,
            public_ip: None,
            snat_private_ranges: vec![SnatRange::Token(SnatToken::IanaPrivateRanges)],
            dns_proxy: false,
            rule_collection_groups: vec![],
        });
        id
    }

    pub fn with_firewall(&mut self, fw: &Id, f: impl FnOnce(&mut Firewall)) {
        match self.design.firewalls.iter_mut().find(|x| &x.id == fw) {
            Some(x) => f(x),
            None => self.fail(format!("no firewall {fw}")),
        }
    }

    pub fn gateway(&mut self, name: &str, subnet: &Id, kind: GatewayKind, sku: &str, instance_ips: &[&str]) -> Id {
        let id = self.ids.next(IdKind::Gateway);
        let instance_ips = instance_ips.iter().map(|i| self.ip(i)).collect();
        self.design.gateways.push(Gateway {
            meta: Default::default(),
            id: id.clone(),
            name: name.to_string(),
            subnet: subnet.clone(),
            kind,
            sku: sku.to_string(),
            bgp: true,
            instance_ips,
            public_ip: None,
            connections: vec![],
        });
        id
    }

    pub fn site(&mut self, name: &str, prefixes: &[&str]) -> Id {
        let id = self.ids.next(IdKind::Site);
        let prefixes = prefixes.iter().map(|p| self.net(p)).collect();
        self.design.sites.push(OnPremSite {
            meta: Default::default(),
            id: id.clone(),
            name: name.to_string(),
            prefixes,
            hosts: vec![],
            router: OnPremRouting::Advertised,
            internet_nat_ip: None,
            dns_servers: vec![],
        });
        id
    }

    pub fn host(&mut self, site: &Id, name: &str, ip: &str) -> Id {
        let id = self.ids.next(IdKind::Host);
        let ip = self.ip(ip);
        let host = OnPremHost { id: id.clone(), name: name.to_string(), ip, dns_server: None };
        match self.design.sites.iter_mut().find(|s| &s.id == site) {
            Some(s) => s.hosts.push(host),
            None => self.fail(format!("no site {site}")),
        }
        id
    }

    /// A gateway connection to `site` learning `prefixes`.
    pub fn connect_site(&mut self, gateway: &Id, site: &Id, prefixes: &[&str]) -> Id {
        let id = self.ids.next(IdKind::Connection);
        let learned_prefixes = prefixes.iter().map(|p| self.net(p).into()).collect();
        let site_name = self.design.site(site).map(|s| s.name.clone()).unwrap_or_default();
        let conn = GatewayConnection {
            id: id.clone(),
            name: format!("to-{site_name}"),
            peer: ConnectionPeer::Site(site.clone()),
            bgp: None,
            next_hops: Vec::new(),
            learned_prefixes,
            meta: Meta::default(),
        };
        match self.design.gateways.iter_mut().find(|g| &g.id == gateway) {
            Some(g) => g.connections.push(conn),
            None => self.fail(format!("no gateway {gateway}")),
        }
        id
    }

    pub fn paas(&mut self, name: &str, service: &str, region: &str, public_ip: &str) -> Id {
        let id = self.ids.next(IdKind::Paas);
        let public_ip = self.ip(public_ip);
        self.design.paas.push(PaasResource {
            meta: Default::default(),
            id: id.clone(),
            name: name.to_string(),
            service: service.to_string(),
            region: region.to_string(),
            public_ip,
            public_network_access: true,
            default_action: ServiceFirewallAction::Allow,
            allowed_subnets: vec![],
            ip_rules: vec![],
        });
        id
    }

    pub fn with_paas(&mut self, resource: &Id, f: impl FnOnce(&mut PaasResource)) {
        match self.design.paas.iter_mut().rev().find(|p| &p.id == resource) {
            Some(p) => f(p),
            None => self.fail(format!("no PaaS resource {resource}")),
        }
    }

    pub fn private_endpoint(&mut self, name: &str, subnet: &Id, ip: &str, resource: &Id, sub_resource: &str) -> Id {
        let id = self.ids.next(IdKind::PrivateEndpoint);
        let ip = self.ip(ip);
        self.design.private_endpoints.push(PrivateEndpoint {
            meta: Default::default(),
            secondary_ips: Default::default(),
            id: id.clone(),
            name: name.to_string(),
            subnet: subnet.clone(),
            ip,
            target: PeTarget::Paas { resource: resource.clone(), sub_resource: sub_resource.to_string() },
            connection_state: ConnectionState::Approved,
            dns_zone_group: vec![],
        });
        id
    }

    fn address(&mut self, text: &str) -> AddressMatch {
        match text.parse() {
            Ok(m) => m,
            Err(e) => {
                self.fail(e);
                AddressMatch::Any
            }
        }
    }

    fn ports(&mut self, text: &str) -> PortRange {
        match text.parse() {
            Ok(p) => p,
            Err(e) => {
                self.fail(e);
                PortRange::ANY
            }
        }
    }

    /// Both links of a hub-and-spoke peering. The spoke's link allows forwarded traffic (packets
    /// the hub firewall forwards carry another source, P-5); with `gateway_transit`, the hub's link
    /// allows gateway transit and the spoke's uses the remote gateway (P-6). Returns (hub→spoke, spoke→hub).
    pub fn peer_spoke(&mut self, hub: &Id, spoke: &Id, gateway_transit: bool) -> (Id, Id) {
        let (to_spoke, to_hub) = self.peer(hub, spoke);
        self.with_peering(&to_spoke, |p| p.allow_gateway_transit = gateway_transit);
        self.with_peering(&to_hub, |p| {
            p.allow_forwarded_traffic = true;
            p.use_remote_gateways = gateway_transit;
        });
        (to_spoke, to_hub)
    }

    /// Enables a service endpoint (E-20) on a subnet, for the VNet's region and its pair.
    pub fn service_endpoint(&mut self, subnet: &Id, service: &str) {
        let se = ServiceEndpoint { service: service.to_string(), locations: vec![] };
        self.with_subnet(subnet, |s| s.service_endpoints.push(se));
    }

    /// `snat.privateRanges` of a firewall (F-7): prefixes, or the token `IANAPrivateRanges`.
    /// `["255.255.255.255/32"]` means "always SNAT network-rule traffic".
    pub fn snat_private_ranges(&mut self, fw: &Id, ranges: &[&str]) {
        let ranges: Vec<SnatRange> = ranges
            .iter()
            .map(|r| match *r {
                "IANAPrivateRanges" => SnatRange::Token(SnatToken::IanaPrivateRanges),
                prefix => SnatRange::Prefix(self.net(prefix)),
            })
            .collect();
        self.with_firewall(fw, |f| f.snat_private_ranges = ranges);
    }

    /// A network rule collection `(name, priority)` in the firewall's rule collection group
    /// `(name, priority)`, created if the firewall has no group of that name yet.
    pub fn network_rules(
        &mut self,
        fw: &Id,
        group: (&str, u32),
        collection: (&str, u32),
        action: FirewallAction,
        rules: &[NetRule],
    ) {
        let rules = rules
            .iter()
            .map(|r| NetworkRule {
                name: r.name.to_string(),
                protocols: r.protocols.to_vec(),
                sources: r.sources.iter().map(|a| self.address(a)).collect(),
                destinations: r.destinations.iter().map(|a| self.address(a)).collect(),
                ports: r.ports.iter().map(|p| self.ports(p)).collect(),
            })
            .collect();
        self.rule_collection(fw, group, collection, FirewallRules::Network { action, rules });
    }

    /// An application rule collection, placed like [`Self::network_rules`].
    pub fn application_rules(
        &mut self,
        fw: &Id,
        group: (&str, u32),
        collection: (&str, u32),
        action: FirewallAction,
        rules: &[AppRule],
    ) {
        let rules = rules
            .iter()
            .map(|r| ApplicationRule {
                name: r.name.to_string(),
                sources: r.sources.iter().map(|a| self.address(a)).collect(),
                protocols: r.protocols.to_vec(),
                target_fqdns: r.fqdns.iter().map(|f| f.to_string()).collect(),
            })
            .collect();
        self.rule_collection(fw, group, collection, FirewallRules::Application { action, rules });
    }

    fn rule_collection(&mut self, fw: &Id, group: (&str, u32), collection: (&str, u32), rules: FirewallRules) {
        let collection = RuleCollection { name: collection.0.to_string(), priority: collection.1, rules };
        self.with_firewall(fw, |f| match f.rule_collection_groups.iter_mut().find(|g| g.name == group.0) {
            Some(g) => g.collections.push(collection),
            None => f.rule_collection_groups.push(RuleCollectionGroup {
                name: group.0.to_string(),
                priority: group.1,
                collections: vec![collection],
            }),
        });
    }

    fn dns_target(&mut self, text: &str) -> DnsTarget {
        match text.parse() {
            Ok(t) => t,
            Err(e) => {
                self.fail(e);
                DnsTarget::new(Ipv4Addr::UNSPECIFIED)
            }
        }
    }

    pub fn with_site(&mut self, site: &Id, f: impl FnOnce(&mut OnPremSite)) {
        match self.design.sites.iter_mut().find(|s| &s.id == site) {
            Some(s) => f(s),
            None => self.fail(format!("no site {site}")),
        }
    }

    /// Monthly traffic for the cost panel: `gb` from `from` to `to`, `gb_back` in reply.
    pub fn traffic(&mut self, from: &Id, to: &Id, gb: u64, gb_back: u64) -> Id {
        let id = self.ids.next(IdKind::Traffic);
        self.design.traffic.push(TrafficAssumption {
            id: id.clone(),
            from: from.clone(),
            to: to.clone(),
            gb_per_month: gb,
            gb_per_month_back: gb_back,
        });
        id
    }

    /// A saved question.
    pub fn ask(&mut self, title: &str, ask: Ask) -> Id {
        let id = self.ids.next(IdKind::Question);
        self.design.questions.push(Question { id: id.clone(), title: title.to_string(), ask });
        id
    }

    /// A saved trace from a NIC or an on-premises host (`from` is looked up among the hosts
    /// first) to `to`.
    pub fn ask_trace(&mut self, title: &str, from: &Id, to: &str, protocol: Protocol, port: u16) -> Id {
        let is_host = self.design.sites.iter().flat_map(|s| &s.hosts).any(|h| &h.id == from);
        let from = if is_host { FlowSource::Host { id: from.clone() } } else { FlowSource::Nic { id: from.clone() } };
        let to = self.ip(to);
        self.ask(title, Ask::Trace { from, to, protocol, port })
    }
}

/// An NSG rule from text, for tests and gallery designs.
#[allow(clippy::too_many_arguments)]
pub fn nsg_rule(
    name: &str,
    priority: u16,
    direction: Direction,
    access: Access,
    protocol: Protocol,
    source: &str,
    destination: &str,
    destination_ports: &str,
) -> Result<NsgRule, BuildError> {
    let parse_addr = |s: &str| s.parse::<AddressMatch>().map_err(BuildError);
    Ok(NsgRule {
        destination_asgs: Default::default(),
        source_asgs: Default::default(),
        name: name.to_string(),
        priority,
        direction,
        access,
        protocol,
        source: parse_addr(source)?,
        source_ports: PortRange::ANY,
        destination: parse_addr(destination)?,
        destination_ports: destination_ports.parse().map_err(BuildError)?,
    })
}
