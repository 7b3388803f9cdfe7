//! The design's DNS facts compiled once per design version, so that one resolution is a handful
//! of hash lookups (DECISIONS 23): who answers at each address, which zones each VNet sees, each
//! zone's records (manual and autoregistered, D-6), each VNet's ruleset, the public names of the
//! catalog (D-10, D-14), and the clients by id and name.

use super::{in_zone, normalize};
use crate::catalog::services;
use crate::id::Id;
use crate::model::{ConditionalForwarder, Design, ForwardingRule, PeTarget, RecordData, ResolutionPolicy};
use crate::model::{DnsTarget, VmRole};
use crate::network::{Network, VnetIx};
use std::collections::HashMap;
use std::net::Ipv4Addr;

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

/// Conditional forwarders (domain normalized) and the default forwarders of a DNS server.
#[derive(Debug, Default)]
pub(super) struct Forwarders<'d> {
    pub rules: Vec<(String, &'d [DnsTarget])>,
    pub default: &'d [DnsTarget],
}

impl<'d> Forwarders<'d> {
    fn new(conditional: &'d [ConditionalForwarder], default: &'d [DnsTarget]) -> Self {
        let rules = conditional
            .iter()
            .map(|f| (normalize(&f.domain), f.targets.as_slice()))
            .filter(|(d, _)| !d.is_empty())
            .collect();
        Forwarders { rules, default }
    }

    /// The conditional forwarder whose domain is the longest suffix of `name`.
    pub fn longest(&self, name: &str) -> Option<&(String, &'d [DnsTarget])> {
        self.rules.iter().filter(|(d, _)| in_zone(name, d)).max_by_key(|(d, _)| d.len())
    }
}

/// A record as Azure DNS serves it: from the zone, or written by autoregistration (D-6).
#[derive(Clone, Copy, Debug)]
pub(super) enum Record<'d> {
    Manual(&'d RecordData),
    Auto { ip: Ipv4Addr, nic: usize },
}

/// One private zone: its normalized name, records by lower-case relative name, and links.
pub(super) struct Zone<'d> {
    pub ix: usize,
    pub name: String,
    pub records: FastMap<String, Record<'d>>,
}

/// What public DNS holds for a name (D-10, D-11, E-23).
#[derive(Clone, Debug)]
pub(super) enum Public {
    /// The resource's public name: CNAME to its privatelink name when a private endpoint exists
    /// for that sub-resource, else its public IP.
    Name { cname: Option<String>, ip: Ipv4Addr },
    /// The privatelink name, which publicly resolves to the public IP.
    Privatelink { ip: Ipv4Addr },
}

/// A client of the resolution: a NIC or an on-premises host (site, host).
#[derive(Clone, Copy, Debug)]
pub(super) enum Client {
    Nic(usize),
    Host(usize, usize),
}

pub(super) struct Index<'d> {
    pub servers: FastMap<Ipv4Addr, Server>,
    /// Forwarders of each DNS-server NIC (index into `Network::nics`).
    pub vm_forwarders: HashMap<usize, Forwarders<'d>>,
    /// Forwarders of each on-premises DNS server, by (site, server).
    pub onprem_forwarders: HashMap<(usize, usize), Forwarders<'d>>,
    pub zones: Vec<Zone<'d>>,
    /// For each VNet, the zones linked to it with the link's resolution policy (D-5).
    pub linked: Vec<Vec<(usize, ResolutionPolicy)>>,
    /// For each VNet, its ruleset (D-21: one per VNet) with normalized rule domains.
    pub ruleset: Vec<Option<usize>>,
    pub ruleset_rules: Vec<Vec<(String, &'d ForwardingRule)>>,
    /// Azure-provided host names per VNet: `<vm>` → primary IP (D-2 (3)).
    pub hostnames: Vec<FastMap<String, Ipv4Addr>>,
    pub public: FastMap<String, Public>,
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
        let mut vm_forwarders = HashMap::new();
        for (i, n) in net.nics.iter().enumerate() {
            servers.entry(n.nic.ip).or_insert(Server::Nic(i));
            if let VmRole::DnsServer(cfg) = &n.vm.role {
                vm_forwarders.insert(i, Forwarders::new(&cfg.conditional_forwarders, &cfg.forward_all_to));
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
        let mut onprem_forwarders = HashMap::new();
        for (s, site) in design.sites.iter().enumerate() {
            for (d, server) in site.dns_servers.iter().enumerate() {
                servers.entry(server.ip).or_insert(Server::OnPrem(s, d));
                onprem_forwarders
                    .insert((s, d), Forwarders::new(&server.conditional_forwarders, &server.default_forwarders));
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
            vm_forwarders,
            onprem_forwarders,
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

/// Zones with their records (manual first; autoregistration fills the names left, D-6) and the
/// zones linked to each VNet.
#[allow(clippy::type_complexity)]
fn zones<'d>(net: &Network<'d>) -> (Vec<Zone<'d>>, Vec<Vec<(usize, ResolutionPolicy)>>) {
    let mut linked = vec![Vec::new(); net.vnets.len()];
    let mut zones = Vec::new();
    for (ix, z) in net.design.dns_zones.iter().enumerate() {
        let mut records = FastMap::default();
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

fn public_names(design: &Design) -> FastMap<String, Public> {
    let mut out = FastMap::default();
    let with_pe: std::collections::HashSet<(&Id, String)> = design
        .private_endpoints
        .iter()
        .filter_map(|pe| match &pe.target {
            PeTarget::Paas { resource, sub_resource } => Some((resource, sub_resource.to_ascii_lowercase())),
            PeTarget::PrivateLinkService { .. } => None,
        })
        .collect();
    for res in &design.paas {
        let Some(service) = services::service(&res.service) else { continue };
        let name = res.name.to_ascii_lowercase();
        for sub in service.sub_resources {
            let private = format!("{name}.{}", sub.privatelink_zone);
            let has_pe = with_pe.contains(&(&res.id, sub.group_id.to_ascii_lowercase()));
            let cname = has_pe.then(|| private.clone());
            out.entry(format!("{name}.{}", sub.public_zone)).or_insert(Public::Name { cname, ip: res.public_ip });
            out.entry(private).or_insert(Public::Privatelink { ip: res.public_ip });
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
