//! The network index: a [`Design`] compiled once into lookups the engine asks many times
//! (Batfish: parse → vendor-independent model → data plane). Dangling references are skipped
//! here, never followed (DECISIONS 8: the engine keeps going; validation reports them).
//!
//! Architecture invariant: this layer decides nothing about routing or filtering; it only says
//! what exists and what is connected (P-2: a peering is connected only when both links exist).

mod balancing;
mod hybrid;
mod owners;
mod tags;
mod vnet2vnet;

pub use balancing::{Balancer, Balancing};
pub use hybrid::{connection_bgp, Connection, Far};
pub use owners::{outbound_endpoint_ip, Owner};
pub use vnet2vnet::{Held, Tunnel, Vnet2Vnet};

use crate::id::Id;
use crate::model::*;
use ipnet::Ipv4Net;
use std::hash::{BuildHasherDefault, Hasher};

/// The index's maps (by id, by address) are read on every hop of every trace: FNV-1a hashes
/// their short keys several times faster than the default SipHash, and the keys are the
/// design's own, so there is no flooding to defend against.
pub(crate) type HashMap<K, V> = std::collections::HashMap<K, V, BuildHasherDefault<Fnv>>;
/// A set hashed the same way (validation's name and id sets).
pub(crate) type HashSet<T> = std::collections::HashSet<T, BuildHasherDefault<Fnv>>;

/// 64-bit FNV-1a.
pub(crate) struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Self {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = (self.0 ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3);
        }
    }
}
use std::net::Ipv4Addr;

/// Index of a VNet in [`Network::vnets`].
pub type VnetIx = usize;
/// Index of a subnet in [`Network::subnets`].
pub type SubnetIx = usize;

/// A connected peering seen from one side: both links exist (P-2).
#[derive(Clone, Debug)]
pub struct Peer<'d> {
    pub remote: VnetIx,
    /// This VNet's link to the remote.
    pub link: &'d PeeringLink,
    /// The remote's link back.
    pub reverse: &'d PeeringLink,
    /// Different regions: `VNetGlobalPeering` (P-8).
    pub global: bool,
}

#[derive(Clone, Debug)]
pub struct SubnetInfo<'d> {
    pub subnet: &'d Subnet,
    pub vnet: VnetIx,
    pub route_table: Option<&'d RouteTable>,
    pub nsg: Option<&'d Nsg>,
}

#[derive(Clone, Copy, Debug)]
pub struct NicInfo<'d> {
    pub vm: &'d Vm,
    pub nic: &'d Nic,
    pub subnet: SubnetIx,
}

/// A prefix as one gateway connection learned it, with its next hops.
#[derive(Clone, Copy, Debug)]
pub struct LearnedRoute<'d> {
    /// Canonical (host bits cleared).
    pub prefix: Ipv4Net,
    pub gateway: &'d Gateway,
    pub connection: &'d GatewayConnection,
    /// The gateway instances that learned the prefix over this connection (empty when the
    /// gateway lists no instance IPs).
    pub next_hops: &'d [Ipv4Addr],
}

/// The gateways of one VNet (L-34: at most one of each kind; extra ones are ignored).
#[derive(Clone, Copy, Debug, Default)]
pub struct Gateways<'d> {
    pub vpn: Option<&'d Gateway>,
    pub express_route: Option<&'d Gateway>,
}

impl<'d> Gateways<'d> {
    pub fn any(&self) -> Option<&'d Gateway> {
        self.express_route.or(self.vpn)
    }

    pub fn iter(&self) -> impl Iterator<Item = &'d Gateway> {
        self.express_route.into_iter().chain(self.vpn)
    }
}

pub struct Network<'d> {
    pub design: &'d Design,
    pub vnets: Vec<&'d Vnet>,
    pub subnets: Vec<SubnetInfo<'d>>,
    pub nics: Vec<NicInfo<'d>>,
    /// Connected peers of each VNet, in design order.
    pub peers: Vec<Vec<Peer<'d>>>,
    pub gateways: Vec<Gateways<'d>>,
    /// The VNet whose gateway each VNet uses: its own, or a hub's through gateway transit (P-6).
    pub gateway_vnet: Vec<Option<VnetIx>>,
    /// The firewall of each VNet (L-34: one).
    pub firewalls: Vec<Option<(&'d Firewall, SubnetIx)>>,
    /// Subnets of each VNet.
    pub vnet_subnets: Vec<Vec<SubnetIx>>,
    /// Private endpoints with their subnet.
    pub private_endpoints: Vec<(&'d PrivateEndpoint, SubnetIx)>,
    /// Private endpoints of each VNet (indexes into `private_endpoints`).
    pub vnet_private_endpoints: Vec<Vec<usize>>,
    /// Internal load balancers and each subnet's NAT gateway (F-22, F-23).
    pub balancing: Balancing<'d>,
    /// VNet-to-VNet tunnels of each gateway VNet and the prefixes they hold (P-14).
    pub vnet2vnet: Vnet2Vnet<'d>,
    /// Application security groups as address sets: every IP of every member NIC (N-1).
    pub asgs: crate::filter::AsgSets,
    pe_ix: HashMap<&'d Id, usize>,
    vnet_ix: HashMap<&'d Id, VnetIx>,
    subnet_ix: HashMap<&'d Id, SubnetIx>,
    nic_ix: HashMap<&'d Id, usize>,
    owners: Vec<HashMap<Ipv4Addr, Owner>>,
}

impl<'d> Network<'d> {
    pub fn new(design: &'d Design) -> Self {
        let vnets: Vec<&Vnet> = design.vnets.iter().collect();
        let vnet_ix: HashMap<&Id, VnetIx> = vnets.iter().enumerate().map(|(i, v)| (&v.id, i)).collect();
        let route_tables: HashMap<&Id, &RouteTable> = design.route_tables.iter().map(|t| (&t.id, t)).collect();
        let nsgs: HashMap<&Id, &Nsg> = design.nsgs.iter().map(|n| (&n.id, n)).collect();

        let mut subnets = Vec::new();
        let mut vnet_subnets = vec![Vec::new(); vnets.len()];
        for subnet in &design.subnets {
            let Some(&vnet) = vnet_ix.get(&subnet.vnet) else { continue };
            vnet_subnets[vnet].push(subnets.len());
            subnets.push(SubnetInfo {
                subnet,
                vnet,
                route_table: subnet.route_table.as_ref().and_then(|id| route_tables.get(id).copied()),
                nsg: subnet.nsg.as_ref().and_then(|id| nsgs.get(id).copied()),
            });
        }
        let subnet_ix: HashMap<&Id, SubnetIx> = subnets.iter().enumerate().map(|(i, s)| (&s.subnet.id, i)).collect();

        let nics: Vec<NicInfo> = design
            .nics()
            .filter_map(|(vm, nic)| Some(NicInfo { vm, nic, subnet: *subnet_ix.get(&nic.subnet)? }))
            .collect();
        let nic_ix: HashMap<&Id, usize> = nics.iter().enumerate().map(|(i, n)| (&n.nic.id, i)).collect();

        let peers = connected_peers(design, &vnets, &vnet_ix);

        let mut gateways = vec![Gateways::default(); vnets.len()];
        for gw in &design.gateways {
            let Some(vnet) = subnet_ix.get(&gw.subnet).map(|&s| subnets[s].vnet) else { continue };
            let slot = match gw.kind {
                GatewayKind::Vpn => &mut gateways[vnet].vpn,
                GatewayKind::ExpressRoute => &mut gateways[vnet].express_route,
            };
            slot.get_or_insert(gw);
        }
        let gateway_vnet = (0..vnets.len()).map(|v| transit_gateway(v, &peers, &gateways)).collect();

        let mut firewalls = vec![None; vnets.len()];
        for fw in &design.firewalls {
            if let Some(&s) = subnet_ix.get(&fw.subnet) {
                firewalls[subnets[s].vnet].get_or_insert((fw, s));
            }
        }
        let private_endpoints: Vec<(&PrivateEndpoint, SubnetIx)> =
            design.private_endpoints.iter().filter_map(|pe| Some((pe, *subnet_ix.get(&pe.subnet)?))).collect();
        let mut vnet_private_endpoints = vec![Vec::new(); vnets.len()];
        for (i, (_, s)) in private_endpoints.iter().enumerate() {
            vnet_private_endpoints[subnets[*s].vnet].push(i);
        }
        let pe_ix = private_endpoints.iter().enumerate().map(|(i, (pe, _))| (&pe.id, i)).collect();
        let balancing = Balancing::new(design, subnets.len(), &subnet_ix, &nic_ix);
        let asgs = asg_sets(design, &nics, &nic_ix);

        let mut net = Network {
            design,
            vnets,
            subnets,
            nics,
            peers,
            gateways,
            gateway_vnet,
            firewalls,
            vnet_subnets,
            private_endpoints,
            vnet_private_endpoints,
            balancing,
            vnet2vnet: Vnet2Vnet::default(),
            asgs,
            pe_ix,
            vnet_ix,
            subnet_ix,
            nic_ix,
            owners: Vec::new(),
        };
        net.owners = owners::index(&net);
        net.vnet2vnet.tunnels = vnet2vnet::tunnels(&net);
        net.vnet2vnet.held = vnet2vnet::held(&net);
        net
    }

    pub fn vnet_ix(&self, id: &Id) -> Option<VnetIx> {
        self.vnet_ix.get(id).copied()
    }

    pub fn subnet_ix(&self, id: &Id) -> Option<SubnetIx> {
        self.subnet_ix.get(id).copied()
    }

    pub fn nic(&self, id: &Id) -> Option<NicInfo<'d>> {
        self.nic_ix.get(id).map(|&i| self.nics[i])
    }

    /// The NIC with this id, or the first NIC of the VM with this id.
    pub fn nic_or_vm(&self, id: &Id) -> Option<NicInfo<'d>> {
        self.nic(id).or_else(|| self.nics.iter().find(|n| &n.vm.id == id).copied())
    }

    /// [`Network::nic_or_vm`]'s index in `nics`.
    pub fn nic_or_vm_ix(&self, id: &Id) -> Option<usize> {
        self.nic_ix.get(id).copied().or_else(|| self.nics.iter().position(|n| &n.vm.id == id))
    }

    /// The index of a private endpoint in `private_endpoints`.
    pub fn pe_ix(&self, id: &Id) -> Option<usize> {
        self.pe_ix.get(id).copied()
    }

    /// Who holds `ip` inside VNet `vnet`, if anyone.
    pub fn owner(&self, vnet: VnetIx, ip: Ipv4Addr) -> Option<Owner> {
        self.owners.get(vnet)?.get(&ip).copied()
    }

    /// Every address something in `vnet` holds (NICs, endpoints, appliances, frontends).
    pub(crate) fn owned_addresses(&self, vnet: VnetIx) -> impl Iterator<Item = Ipv4Addr> + '_ {
        self.owners.get(vnet).into_iter().flat_map(|m| m.keys().copied())
    }

    /// The subnet of `vnet` whose prefix contains `ip`.
    pub fn subnet_containing(&self, vnet: VnetIx, ip: Ipv4Addr) -> Option<SubnetIx> {
        self.vnet_subnets.get(vnet)?.iter().copied().find(|&s| self.subnets[s].subnet.prefix.contains(&ip))
    }

    /// Whether `ip` is inside one of the VNet's address ranges.
    pub fn in_vnet(&self, vnet: VnetIx, ip: Ipv4Addr) -> bool {
        self.vnets.get(vnet).is_some_and(|v| v.address_space.iter().any(|r| r.contains(&ip)))
    }

    /// The VNet's address range that contains `ip`.
    pub fn vnet_range_of(&self, vnet: VnetIx, ip: Ipv4Addr) -> Option<Ipv4Net> {
        self.vnets.get(vnet)?.address_space.iter().copied().find(|r| r.contains(&ip))
    }

    /// The connected peer link from `vnet` to `remote`.
    pub fn peer(&self, vnet: VnetIx, remote: VnetIx) -> Option<&Peer<'d>> {
        self.peers.get(vnet)?.iter().find(|p| p.remote == remote)
    }

    /// The prefixes a gateway VNet learns from on-premises, by gateway kind. R-29: for an
    /// identical prefix learned over ExpressRoute and VPN, only ExpressRoute's is installed.
    /// VNet-to-VNet connections are not on-premises: what they hold is computed (P-14,
    /// [`Network::tunnels`]); their `learnedPrefixes` only narrow next hops.
    pub fn learned_prefixes(&self, gateway_vnet: VnetIx) -> Vec<(Ipv4Net, &'d Gateway)> {
        let mut seen: HashSet<(Ipv4Net, &Id)> = HashSet::default();
        let routes = self.gateway_routes(gateway_vnet);
        routes.into_iter().filter(|l| seen.insert((l.prefix, &l.gateway.id))).map(|l| (l.prefix, l.gateway)).collect()
    }

    /// The gateway routes of a gateway VNet: one per (prefix, connection), each with its own
    /// next-hop set. A prefix's next hops are its own list when the design gives one, else
    /// the connection's (the instances with a tunnel for it), else every instance of the gateway
    /// (active-standby: one address, active-active: both). R-29: a prefix an ExpressRoute gateway
    /// learned is not installed from the VPN gateway.
    pub fn gateway_routes(&self, gateway_vnet: VnetIx) -> Vec<LearnedRoute<'d>> {
        let Some(gws) = self.gateways.get(gateway_vnet) else { return Vec::new() };
        let mut out: Vec<LearnedRoute> = Vec::new();
        let mut seen: HashSet<(Ipv4Net, &Id)> = HashSet::default();
        // ExpressRoute first (`Gateways::iter`), so its prefixes are known when the VPN's come.
        let mut by_express_route: Vec<Ipv4Net> = Vec::new();
        for gw in gws.iter() {
            let express_route = gw.kind == GatewayKind::ExpressRoute;
            // VNet-to-VNet connections are not on-premises: what they hold is computed (P-14).
            for c in gw.connections.iter().filter(|c| c.peer.site().is_some()) {
                let connection_hops = if c.next_hops.is_empty() { &gw.instance_ips } else { &c.next_hops };
                for learned in &c.learned_prefixes {
                    let prefix = learned.prefix.trunc();
                    let shadowed = !express_route && by_express_route.binary_search(&prefix).is_ok();
                    if shadowed || !seen.insert((prefix, &c.id)) {
                        continue;
                    }
                    let hops = if learned.next_hops.is_empty() { connection_hops } else { &learned.next_hops };
                    out.push(LearnedRoute { prefix, gateway: gw, connection: c, next_hops: hops.as_slice() });
                }
            }
            if express_route {
                by_express_route = out.iter().map(|l| l.prefix).collect();
                by_express_route.sort_unstable();
            }
        }
        out
    }

    /// The prefixes a gateway advertises to on-premises (P-12): its VNet's address space and the
    /// address spaces of every VNet that uses it through `useRemoteGateways`.
    pub fn advertised_prefixes(&self, gateway_vnet: VnetIx) -> Vec<Ipv4Net> {
        (0..self.vnets.len())
            .filter(|&v| self.gateway_vnet[v] == Some(gateway_vnet))
            .flat_map(|v| self.vnets[v].address_space.iter().copied())
            .collect()
    }

    /// The index of a site in `design.sites` (0 if it is not there, which callers never pass).
    pub fn site_ix(&self, id: &Id) -> usize {
        self.design.sites.iter().position(|s| &s.id == id).unwrap_or(0)
    }

    pub fn vnet_name(&self, vnet: VnetIx) -> &'d str {
        self.vnets.get(vnet).map(|v| v.name.as_str()).unwrap_or("?")
    }
}

/// Each application security group with the addresses of its member NICs, secondary IP
/// configurations included (N-1); members that are not known NICs are skipped (DECISIONS 8).
fn asg_sets(design: &Design, nics: &[NicInfo], nic_ix: &HashMap<&Id, usize>) -> crate::filter::AsgSets {
    crate::filter::AsgSets::new(design.asgs.iter().map(|asg| {
        let members = asg.nics.iter().filter_map(|id| nic_ix.get(id).map(|&i| nics[i].nic));
        (asg.id.clone(), asg.name.clone(), members.flat_map(|n| n.ips()).collect())
    }))
}

fn overlaps(x: &Ipv4Net, y: &Ipv4Net) -> bool {
    x.contains(&y.network()) || y.contains(&x.network())
}

/// Peerings whose two links both exist (P-2), once per direction; self-peerings and peerings
/// between overlapping VNets, which Azure rejects, are skipped (P-3).
fn connected_peers<'d>(
    design: &'d Design,
    vnets: &[&'d Vnet],
    vnet_ix: &HashMap<&'d Id, VnetIx>,
) -> Vec<Vec<Peer<'d>>> {
    let mut peers: Vec<Vec<Peer>> = vec![Vec::new(); vnets.len()];
    let by_pair: HashMap<(&Id, &Id), &PeeringLink> =
        design.peerings.iter().map(|p| ((&p.vnet, &p.remote_vnet), p)).collect();
    for link in &design.peerings {
        let (Some(&a), Some(&b)) = (vnet_ix.get(&link.vnet), vnet_ix.get(&link.remote_vnet)) else { continue };
        // P-3: a VNet cannot be peered with itself, twice with one remote, or with an overlapping VNet.
        let overlap = vnets[a].address_space.iter().any(|x| vnets[b].address_space.iter().any(|y| overlaps(x, y)));
        if a == b || overlap || peers[a].iter().any(|p| p.remote == b) {
            continue;
        }
        if let Some(reverse) = by_pair.get(&(&link.remote_vnet, &link.vnet)) {
            let global = !vnets[a].region.eq_ignore_ascii_case(&vnets[b].region);
            peers[a].push(Peer { remote: b, link, reverse, global });
        }
    }
    peers
}

/// P-6: a VNet uses its own gateway, or the remote's when its link says `useRemoteGateways` and
/// the remote link says `allowGatewayTransit` and the remote has a gateway. Otherwise none.
fn transit_gateway(vnet: VnetIx, peers: &[Vec<Peer>], gateways: &[Gateways]) -> Option<VnetIx> {
    if gateways[vnet].any().is_some() {
        return Some(vnet);
    }
    peers[vnet].iter().find_map(|p| {
        (p.link.use_remote_gateways && p.reverse.allow_gateway_transit && gateways[p.remote].any().is_some())
            .then_some(p.remote)
    })
}
