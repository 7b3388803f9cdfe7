//! Lookups the writers make per element, indexed once per export: `Design::subnet` and friends
//! scan their lists, which made a 1,000-spoke export quadratic (4,000 NICs each finding its
//! subnet among 3,000, 2,000 peerings each looking for its reverse).

use crate::id::Id;
use crate::model::{Asg, Design, NatGateway, PeTarget, PeeringLink, PrivateDnsZone, Subnet, Vnet};
use std::collections::{HashMap, HashSet};

pub(crate) struct Index<'d> {
    vnets: HashMap<&'d Id, &'d Vnet>,
    subnets: HashMap<&'d Id, &'d Subnet>,
    subnets_by_vnet: HashMap<&'d Id, Vec<&'d Subnet>>,
    peerings_by_vnet: HashMap<&'d Id, Vec<&'d PeeringLink>>,
    pairs: HashSet<(&'d Id, &'d Id)>,
    nat_by_subnet: HashMap<&'d Id, &'d NatGateway>,
    asgs_by_nic: HashMap<&'d Id, Vec<&'d Asg>>,
    zones: HashMap<&'d Id, &'d PrivateDnsZone>,
    nic_names: HashMap<&'d Id, &'d str>,
    /// (zone, lowercase record name) of the records private endpoints' zone groups write.
    owned: HashSet<(&'d Id, String)>,
}

impl<'d> Index<'d> {
    pub fn new(d: &'d Design) -> Self {
        let mut ix = Index {
            vnets: d.vnets.iter().map(|v| (&v.id, v)).collect(),
            subnets: d.subnets.iter().map(|s| (&s.id, s)).collect(),
            subnets_by_vnet: HashMap::new(),
            peerings_by_vnet: HashMap::new(),
            pairs: d.peerings.iter().map(|p| (&p.vnet, &p.remote_vnet)).collect(),
            nat_by_subnet: HashMap::new(),
            asgs_by_nic: HashMap::new(),
            zones: d.dns_zones.iter().map(|z| (&z.id, z)).collect(),
            nic_names: d.vms.iter().flat_map(|v| v.nics.iter()).map(|n| (&n.id, n.name.as_str())).collect(),
            owned: HashSet::new(),
        };
        for s in &d.subnets {
            ix.subnets_by_vnet.entry(&s.vnet).or_default().push(s);
        }
        for p in &d.peerings {
            ix.peerings_by_vnet.entry(&p.vnet).or_default().push(p);
        }
        for n in &d.nat_gateways {
            for s in &n.subnets {
                ix.nat_by_subnet.entry(s).or_insert(n);
            }
        }
        for a in &d.asgs {
            for n in &a.nics {
                ix.asgs_by_nic.entry(n).or_default().push(a);
            }
        }
        let paas: HashMap<&Id, &str> = d.paas.iter().map(|p| (&p.id, p.name.as_str())).collect();
        for pe in &d.private_endpoints {
            let target = match &pe.target {
                PeTarget::Paas { resource, .. } => paas.get(resource).map(|n| n.to_ascii_lowercase()),
                PeTarget::PrivateLinkService { .. } => Some(format!("pls-{}", pe.name).to_ascii_lowercase()),
            };
            if let Some(t) = target {
                for z in &pe.dns_zone_group {
                    ix.owned.insert((z, t.clone()));
                }
            }
        }
        ix
    }

    pub fn vnet(&self, id: &Id) -> Option<&'d Vnet> {
        self.vnets.get(id).copied()
    }

    pub fn subnet(&self, id: &Id) -> Option<&'d Subnet> {
        self.subnets.get(id).copied()
    }

    /// The region of a subnet's VNet.
    pub fn region_of_subnet(&self, id: &Id) -> Option<&'d str> {
        self.subnet(id).and_then(|s| self.vnet(&s.vnet)).map(|v| v.region.as_str())
    }

    pub fn subnets_of(&self, vnet: &Id) -> &[&'d Subnet] {
        self.subnets_by_vnet.get(vnet).map(Vec::as_slice).unwrap_or_default()
    }

    pub fn peerings_of(&self, vnet: &Id) -> &[&'d PeeringLink] {
        self.peerings_by_vnet.get(vnet).map(Vec::as_slice).unwrap_or_default()
    }

    /// Whether a peering from `vnet` to `remote` exists.
    pub fn peered(&self, vnet: &Id, remote: &Id) -> bool {
        self.pairs.contains(&(vnet, remote))
    }

    pub fn nat_of_subnet(&self, subnet: &Id) -> Option<&'d NatGateway> {
        self.nat_by_subnet.get(subnet).copied()
    }

    pub fn asgs_of_nic(&self, nic: &Id) -> &[&'d Asg] {
        self.asgs_by_nic.get(nic).map(Vec::as_slice).unwrap_or_default()
    }

    pub fn zone(&self, id: &Id) -> Option<&'d PrivateDnsZone> {
        self.zones.get(id).copied()
    }

    pub fn nic_name(&self, id: &Id) -> Option<&'d str> {
        self.nic_names.get(id).copied()
    }

    /// Whether a private endpoint's zone group writes this record (D-10, DECISIONS 25).
    pub fn owned(&self, zone: &'d Id, record: &str) -> bool {
        self.owned.contains(&(zone, record.to_ascii_lowercase()))
    }
}
