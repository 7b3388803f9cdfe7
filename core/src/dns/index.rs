//! The design's DNS facts compiled once per design version, so that one resolution is a handful
//! of hash lookups (DECISIONS 23): who answers at each address, which zones each VNet sees, each
//! zone's records (stored, from zone groups and autoregistered: `records`, D-6, D-10), each
//! VNet's ruleset, each DNS server's rules (D-13), public DNS (the design's records and the
//! catalog's chains, D-10, D-15), and the clients by id and name.

use super::{in_zone, normalize};
use crate::catalog::services;
use crate::id::Id;
use crate::model::{ConditionalForwarder, Design, ForwardingRule, OnPremDnsServer, PeTarget, PrivateEndpoint};
use crate::model::{DnsTarget, RecordData, ResolutionPolicy, VmRole};
use crate::network::{Network, VnetIx};
use std::collections::HashMap;
use std::net::Ipv4Addr;
use std::rc::Rc;

/// FNV-1a (`network::HashMap`): the index's keys are short names and addresses from the design;
/// SipHash's defence against hostile keys buys nothing here and costs a third of a resolution.
pub(super) type FastMap<K, V> = crate::network::HashMap<K, V>;

/// Who answers DNS at an address.
#[derive(Clone, Copy, Debug)]
pub(super) enum Server {
    /// A VM's NIC (index into `Network::nics`); it may or may not be a DNS server.
    Nic(usize),
    /// Resolver `.0`, inbound endpoint `.1`.
    Inbound(usize, usize),
    /// A firewall (index into `design.firewalls`) whose subnet is in this VNet.
    Firewall(usize, VnetIx),
    /// On-premises site `.0`, DNS server `.1`.
    OnPrem(usize, usize),
}

/// How a recursive DNS server (a DNS server VM, D-4, or an on-premises server, D-13) handles
/// names: its own records and zones, conditional forwarders, default forwarders, and whether it
/// follows CNAME targets with its own rules (D-13). Names and domains are normalized.
#[derive(Debug, Default)]
pub(super) struct Config<'d> {
    /// Conditional forwarders: domain → targets.
    pub rules: Vec<(String, &'d [DnsTarget])>,
    /// Default forwarders; empty = public recursion.
    pub default: &'d [DnsTarget],
    /// Zones it is authoritative for (on-premises, schema v2), records by lower-case relative name.
    pub zones: Vec<(String, FastMap<String, &'d RecordData>)>,
    /// The site-level records of an on-premises server: an implicit zone of full names.
    pub records: FastMap<String, &'d RecordData>,
    pub follow_cname: bool,
}

/// Which of a server's rules a name falls under (D-13: a CNAME target under another rule is a
/// new query).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Rule {
    /// One of its own site-level records.
    Record,
    /// Its authoritative zone `.0` (index into `Config::zones`).
    Zone(usize),
    /// Its conditional forwarder `.0` (index into `Config::rules`).
    Forwarder(usize),
    /// Nothing specific: the default forwarders, or public recursion.
    Default,
}

impl<'d> Config<'d> {
    fn new(conditional: &'d [ConditionalForwarder], default: &'d [DnsTarget], follow_cname: bool) -> Self {
        let rules = conditional
            .iter()
            .map(|f| (normalize(&f.domain), f.targets.as_slice()))
            .filter(|(d, _)| !d.is_empty())
            .collect();
        Config { rules, default, follow_cname, ..Config::default() }
    }

    fn onprem(server: &'d OnPremDnsServer) -> Self {
        let mut cfg = Config::new(&server.conditional_forwarders, &server.default_forwarders, server.follow_cname);
        for r in &server.records {
            cfg.records.entry(normalize(&r.name)).or_insert(&r.data);
        }
        for z in &server.zones {
            let name = normalize(&z.name);
            if name.is_empty() {
                continue;
            }
            let mut records = FastMap::default();
            for r in &z.records {
                records.entry(normalize(&r.name)).or_insert(&r.data);
            }
            cfg.zones.push((name, records));
        }
        cfg
    }

    /// The rule `name` falls under: an own record, else the most specific of its zones and
    /// conditional forwarders (a zone wins a tie: a server cannot hold both for one domain),
    /// else the default.
    pub fn rule(&self, name: &str) -> Rule {
        if self.records.contains_key(name) {
            return Rule::Record;
        }
        let zone =
            self.zones.iter().enumerate().filter(|(_, (z, _))| in_zone(name, z)).max_by_key(|(_, (z, _))| z.len());
        let fwd =
            self.rules.iter().enumerate().filter(|(_, (d, _))| in_zone(name, d)).max_by_key(|(_, (d, _))| d.len());
        match (zone, fwd) {
            (Some((_, (z, _))), Some((f, (d, _)))) if d.len() > z.len() => Rule::Forwarder(f),
            (Some((z, _)), _) => Rule::Zone(z),
            (None, Some((f, _))) => Rule::Forwarder(f),
            (None, None) => Rule::Default,
        }
    }

    /// The rule in words, for step texts.
    pub fn describe(&self, rule: Rule) -> String {
        match rule {
            Rule::Record => "its own records".into(),
            Rule::Zone(z) => format!("its own zone {}", self.zones.get(z).map_or("", |(n, _)| n.as_str())),
            Rule::Forwarder(f) => {
                format!("its conditional forwarder for {}", self.rules.get(f).map_or("", |(d, _)| d.as_str()))
            }
            Rule::Default if self.default.is_empty() => "public recursion".into(),
            Rule::Default => "its default forwarder".into(),
        }
    }
}

/// A record as Azure DNS serves it: from the zone, written by a private endpoint's DNS zone
/// group (D-10, derived: `records`), or by autoregistration (D-6).
#[derive(Clone, Copy, Debug)]
pub(super) enum Record<'d> {
    Manual(&'d RecordData),
    Auto { ip: Ipv4Addr, nic: usize },
    Endpoint(&'d PrivateEndpoint),
}

/// One private zone: its normalized name, records by lower-case relative name, and links.
pub(super) struct Zone<'d> {
    pub ix: usize,
    pub name: String,
    pub records: FastMap<String, Record<'d>>,
}

/// What simulated public DNS holds for a name (D-10, D-15).
#[derive(Clone, Debug)]
pub(super) enum PublicData {
    A(Vec<Ipv4Addr>),
    Cname(Rc<str>),
}

/// Where a public record comes from: the design (D-15) or the catalog's chain (D-10).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum PublicOrigin {
    Given,
    /// A resource's public name: CNAME to its privatelink name when it has a private endpoint,
    /// else straight to its cluster name.
    Name {
        endpoint: bool,
    },
    /// The privatelink name, publicly a CNAME to the cluster name.
    Privatelink,
    /// The synthetic cluster name, A = the resource's public IP.
    Cluster,
}

#[derive(Clone, Debug)]
pub(super) struct Public {
    pub data: PublicData,
    pub origin: PublicOrigin,
}

/// A client of the resolution: a NIC or an on-premises host (site, host).
#[derive(Clone, Copy, Debug)]
pub(super) enum Client {
    Nic(usize),
    Host(usize, usize),
}

pub(super) struct Index<'d> {
    pub servers: FastMap<Ipv4Addr, Server>,
    /// The configuration of each DNS-server NIC (index into `Network::nics`).
    pub vm_config: HashMap<usize, Config<'d>>,
    /// The configuration of each on-premises DNS server, by (site, server).
    pub onprem_config: HashMap<(usize, usize), Config<'d>>,
    pub zones: Vec<Zone<'d>>,
    /// For each VNet, the zones linked to it with the link's resolution policy (D-5).
    pub linked: Vec<Vec<(usize, ResolutionPolicy)>>,
    /// For each VNet, its ruleset (D-21: one per VNet) with normalized rule domains.
    pub ruleset: Vec<Option<usize>>,
    pub ruleset_rules: Vec<Vec<(String, &'d ForwardingRule)>>,
    /// Azure-provided host names per VNet: `<vm>` → primary IP (D-2 (3)).
    pub hostnames: Vec<FastMap<String, Ipv4Addr>>,
    pub public: FastMap<Rc<str>, Public>,
    /// Public zones of the catalog (for split-horizon, D-8).
    pub public_zones: Vec<&'static str>,
    pub clients: FastMap<&'d str, Client>,
    /// "Azure DNS in '<vnet>'", per VNet: the `at` of Azure DNS steps.
    pub azure_at: Vec<String>,
}

impl<'d> Index<'d> {
    pub fn new(net: &Network<'d>) -> Self {
        let design = net.design;
        let mut servers = FastMap::default();
        let mut vm_config = HashMap::new();
        for (i, n) in net.nics.iter().enumerate() {
            servers.entry(n.nic.ip).or_insert(Server::Nic(i));
            if let VmRole::DnsServer(cfg) = &n.vm.role {
                vm_config.insert(i, Config::new(&cfg.conditional_forwarders, &cfg.forward_all_to, cfg.follow_cname));
            }
        }
        for (r, res) in design.resolvers.iter().enumerate() {
            for (e, ep) in res.inbound_endpoints.iter().enumerate() {
                servers.entry(ep.ip).or_insert(Server::Inbound(r, e));
            }
        }
        for (f, fw) in design.firewalls.iter().enumerate() {
            if let Some(s) = net.subnet_ix(&fw.subnet) {
                servers.entry(fw.private_ip).or_insert(Server::Firewall(f, net.subnets[s].vnet));
            }
        }
        let mut onprem_config = HashMap::new();
        for (s, site) in design.sites.iter().enumerate() {
            for (d, server) in site.dns_servers.iter().enumerate() {
                servers.entry(server.ip).or_insert(Server::OnPrem(s, d));
                onprem_config.insert((s, d), Config::onprem(server));
            }
        }
        let (zones, linked) = zones(net);
        let mut ruleset = vec![None; net.vnets.len()];
        for (i, rs) in design.rulesets.iter().enumerate() {
            for v in rs.vnet_links.iter().filter_map(|v| net.vnet_ix(v)) {
                ruleset[v].get_or_insert(i);
            }
        }
        let ruleset_rules =
            design.rulesets.iter().map(|rs| rs.rules.iter().map(|r| (normalize(&r.domain), r)).collect()).collect();
        let mut hostnames = vec![FastMap::default(); net.vnets.len()];
        for n in net.nics.iter().filter(|n| n.vm.nics.first().is_some_and(|f| f.id == n.nic.id)) {
            hostnames[net.subnets[n.subnet].vnet].entry(n.vm.name.to_ascii_lowercase()).or_insert(n.nic.ip);
        }
        Index {
            servers,
            vm_config,
            onprem_config,
            zones,
            linked,
            ruleset,
            ruleset_rules,
            hostnames,
            public: public_names(design),
            public_zones: services::SERVICES
                .iter()
                .flat_map(|s| s.sub_resources.iter().map(|r| r.public_zone))
                .collect(),
            clients: clients(net),
            azure_at: (0..net.vnets.len()).map(|v| format!("Azure DNS in '{}'", net.vnet_name(v))).collect(),
        }
    }
}

/// Zones with their records and the zones linked to each VNet. Precedence as `records` says:
/// the zone groups' records (D-10), then the stored ones, then autoregistration (D-6).
#[allow(clippy::type_complexity)]
fn zones<'d>(net: &Network<'d>) -> (Vec<Zone<'d>>, Vec<Vec<(usize, ResolutionPolicy)>>) {
    let mut linked = vec![Vec::new(); net.vnets.len()];
    let mut zones = Vec::new();
    let mut from_endpoints: HashMap<&Id, Vec<(&'d str, &'d PrivateEndpoint)>> = HashMap::new();
    for r in crate::records::endpoint_records(net.design) {
        from_endpoints.entry(r.zone).or_default().push((r.name, r.endpoint));
    }
    for (ix, z) in net.design.dns_zones.iter().enumerate() {
        let mut records = FastMap::default();
        for (name, pe) in from_endpoints.get(&z.id).into_iter().flatten() {
            records.entry(name.to_ascii_lowercase()).or_insert(Record::Endpoint(pe));
        }
        for r in &z.records {
            records.entry(r.name.to_ascii_lowercase()).or_insert(Record::Manual(&r.data));
        }
        for link in &z.links {
            let Some(v) = net.vnet_ix(&link.vnet) else { continue };
            linked[v].push((ix, link.resolution_policy));
            if !link.registration_enabled {
                continue;
            }
            // D-6: each VM's primary NIC in the VNet (PEs are never autoregistered).
            for (i, n) in net.nics.iter().enumerate() {
                let primary = n.vm.nics.first().is_some_and(|f| f.id == n.nic.id);
                if primary && net.subnets[n.subnet].vnet == v {
                    records.entry(n.vm.name.to_ascii_lowercase()).or_insert(Record::Auto { ip: n.nic.ip, nic: i });
                }
            }
        }
        zones.push(Zone { ix, name: normalize(&z.name), records });
    }
    (zones, linked)
}

/// The distinct public IPs met on one cluster, with the cluster name each got.
type Clusters = Vec<(Ipv4Addr, Rc<str>)>;

/// Public DNS (D-15): the records the design gives, then the chain the catalog generates for
/// every PaaS resource (D-10) under the names the design does not give. Names are shared
/// (`Rc<str>`): a chain's target is the next record's key, built once.
fn public_names(design: &Design) -> FastMap<Rc<str>, Public> {
    let subs: usize =
        design.paas.iter().filter_map(|r| services::service(&r.service)).map(|s| s.sub_resources.len()).sum();
    let mut out: FastMap<Rc<str>, Public> =
        FastMap::with_capacity_and_hasher(design.public_dns.len() + 3 * subs, Default::default());
    for r in &design.public_dns {
        let name = normalize(&r.name);
        if name.is_empty() {
            continue;
        }
        match (&r.data, out.get_mut(name.as_str())) {
            (RecordData::A { ips }, Some(Public { data: PublicData::A(have), .. })) => have.extend(ips),
            // A CNAME beside other data (RFC 1034 §3.6.2) is a validation error; the first holds.
            (_, Some(_)) => {}
            (RecordData::A { ips }, None) => {
                out.insert(name.into(), Public { data: PublicData::A(ips.clone()), origin: PublicOrigin::Given });
            }
            (RecordData::Cname { target }, None) => {
                let data = PublicData::Cname(normalize(target).into());
                out.insert(name.into(), Public { data, origin: PublicOrigin::Given });
            }
        }
    }
    // The sub-resources each resource has a private endpoint for.
    let mut endpoints: FastMap<&Id, Vec<&str>> = FastMap::default();
    for pe in &design.private_endpoints {
        if let PeTarget::Paas { resource, sub_resource } = &pe.target {
            endpoints.entry(resource).or_default().push(sub_resource);
        }
    }
    // Per (service, sub-resource, region), the distinct public IPs met in design order with
    // their cluster names (`Service::cluster_name`).
    let regions: Vec<String> = design.paas.iter().map(|r| services::region_label(&r.region)).collect();
    let mut clusters: FastMap<(&str, &str, &str), Clusters> = FastMap::default();
    let cname = |target: Rc<str>, origin| Public { data: PublicData::Cname(target), origin };
    for (res, region) in design.paas.iter().zip(&regions) {
        let Some(service) = services::service(&res.service) else { continue };
        let name = res.name.to_ascii_lowercase();
        let pes = endpoints.get(&res.id).map_or(&[][..], Vec::as_slice);
        for sub in service.sub_resources {
            let seen = clusters.entry((service.key, sub.group_id, region.as_str())).or_default();
            let cluster = match seen.iter().find(|(ip, _)| *ip == res.public_ip) {
                Some((_, c)) => c.clone(),
                None => {
                    let c: Rc<str> = service.cluster_name_in(sub, region, seen.len() + 1).into();
                    seen.push((res.public_ip, c.clone()));
                    let a = Public { data: PublicData::A(vec![res.public_ip]), origin: PublicOrigin::Cluster };
                    out.entry(c.clone()).or_insert(a);
                    c
                }
            };
            let private: Rc<str> = format!("{name}.{}", sub.privatelink_zone).into();
            let endpoint = pes.iter().any(|s| s.eq_ignore_ascii_case(sub.group_id));
            let first = if endpoint { private.clone() } else { cluster.clone() };
            let public: Rc<str> = format!("{name}.{}", sub.public_zone).into();
            out.entry(public).or_insert(cname(first, PublicOrigin::Name { endpoint }));
            out.entry(private).or_insert(cname(cluster, PublicOrigin::Privatelink));
        }
    }
    out
}

/// Clients by id and by name: VMs (their first NIC), NICs and on-premises hosts.
fn clients<'d>(net: &Network<'d>) -> FastMap<&'d str, Client> {
    let mut out = FastMap::default();
    for (i, n) in net.nics.iter().enumerate() {
        if n.vm.nics.first().is_some_and(|f| f.id == n.nic.id) {
            out.entry(n.vm.id.as_str()).or_insert(Client::Nic(i));
            out.entry(n.vm.name.as_str()).or_insert(Client::Nic(i));
        }
        out.entry(n.nic.id.as_str()).or_insert(Client::Nic(i));
        out.entry(n.nic.name.as_str()).or_insert(Client::Nic(i));
    }
    for (s, site) in net.design.sites.iter().enumerate() {
        for (h, host) in site.hosts.iter().enumerate() {
            out.entry(host.id.as_str()).or_insert(Client::Host(s, h));
            out.entry(host.name.as_str()).or_insert(Client::Host(s, h));
        }
    }
    out
}
