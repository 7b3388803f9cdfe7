//! The walker: moves a packet from place to place. At each place it arrives (inbound checks,
//! device decisions, `arrive.rs`) and, unless the path ends there, is sent on (outbound NSG,
//! route selection, next hop). The same walker carries the reply, in `Direction::Reply`.

use super::arrive::{self, Arrival, Device};
use super::engine::Engine;
use super::steps::Steps;
use super::visits::{Leg, Visits};
use super::{endpoint_reply, hybrid, local, verdict};
use super::{Action, Flow, Hop, Path, PathEnd, Place, Trace, TraceError};
use crate::filter::nsg;
use crate::model::{Direction, FlowSource, GatewayKind, NextHopType};
use crate::network::{Connection, Network, Owner, SubnetIx, VnetIx};
use crate::packet::{Packet, EPHEMERAL_PORT};
use crate::routes::RouteSource;
use std::net::Ipv4Addr;

/// The most hops a path is followed for. **Sim choice** (AZURE.md has no rule for it): R-15 (c)
/// says a long path is not a loop and is traced to its end, and the repeated-state check (R-15 (b))
/// already ends every real loop; this bound only keeps a trace short. A path that reaches it is
/// ended as dropped with a "hop limit" reason that says no state repeated, never as a loop.
pub(super) const MAX_HOPS: usize = 32;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Direction2 {
    Forward,
    Reply,
}

/// Where a packet is, in engine terms.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(super) enum At {
    Nic(usize),
    Firewall(SubnetIx),
    /// A gateway (of this kind, in this GatewaySubnet) receiving from inside Azure (towards
    /// on-premises).
    GatewayOut(SubnetIx, GatewayKind),
    /// A gateway receiving from the tunnel (towards Azure).
    GatewayIn(SubnetIx, GatewayKind),
    Pe(usize),
    /// A DNS Private Resolver endpoint (inbound, or an outbound endpoint's address) in this subnet.
    Resolver(SubnetIx),
    /// Index into `design.sites`.
    OnPrem(usize),
    Internet,
    Service(usize),
    /// An internal load balancer: index into `Network::balancing.balancers` (F-22).
    Lb(usize),
    /// A NAT gateway (index into `design.nat_gateways`) for the subnet it serves (F-23).
    Nat(usize, SubnetIx),
}

/// Who sends the packet on from the current place.
#[derive(Clone, Copy, Debug)]
pub(super) enum Sender {
    /// From a subnet: a NIC (with its outbound NSGs), a firewall or a gateway.
    Subnet {
        subnet: SubnetIx,
        nic: Option<usize>,
        gateway: bool,
    },
    /// A private endpoint's reply: the platform path, UDRs ignored (E-11).
    Platform {
        subnet: SubnetIx,
    },
    OnPrem(usize),
    Internet,
}

/// A packet crossing a peering into a VNet, remembered until it arrives (P-4, P-5).
#[derive(Clone, Copy, Debug)]
pub(super) struct Crossing {
    pub from: VnetIx,
    pub to: VnetIx,
    pub via_gateway: bool,
}

pub(super) struct Walker<'e, 'd> {
    pub eng: &'e Engine<'d>,
    pub direction: Direction2,
    /// Stateful devices the forward path crossed, in order (F-5, F-12).
    pub devices: Vec<Device>,
    /// Where the path was delivered (the reply starts there).
    pub delivered_at: Option<At>,
    /// The subnet whose service endpoint carried the packet to a service (E-22).
    pub service_endpoint_subnet: Option<SubnetIx>,
    /// The place that last handed the packet to the internet or a service (replies return there).
    pub last_sender: Option<At>,
    pub crossing: Option<Crossing>,
    /// The connection the packet last came out of a tunnel by (P-13).
    pub tunnel_in: Option<Connection<'d>>,
    /// The connection whose gateway route the last route selection picked (R-25: under ECMP the
    /// flow hash picks a row, and the row names its connection), for the gateway to send by.
    pub egress: Option<Connection<'d>>,
    /// Whether to write the explanation (steps, places, reasons); the decisions are the same.
    pub explain: bool,
    /// Whether to name the places even without the explanation (`Engine::path`).
    pub places: bool,
    /// The states the packet has been in (R-15 loop check).
    visits: Visits,
    /// Scratch for route selection (the routes covering a destination).
    covering: Vec<usize>,
}

pub(super) enum Next {
    At(At),
    End(PathEnd),
}

impl<'e, 'd> Walker<'e, 'd> {
    pub fn new(eng: &'e Engine<'d>, direction: Direction2, devices: Vec<Device>, explain: bool) -> Self {
        Walker {
            eng,
            direction,
            devices,
            delivered_at: None,
            service_endpoint_subnet: None,
            last_sender: None,
            crossing: None,
            tunnel_in: None,
            egress: None,
            explain,
            places: explain,
            visits: Visits::new(),
            covering: Vec::new(),
        }
    }

    /// Walks from `start` until the path ends.
    pub fn run(&mut self, mut at: At, mut packet: Packet) -> Path {
        let mut hops = Vec::with_capacity(8);
        loop {
            let place = self.place_if_explaining(at);
            let mut steps = Steps::new(self.explain);
            if hops.len() >= MAX_HOPS {
                let reason = steps.explain().then(hop_limit).unwrap_or_default();
                steps.add(Action::Drop, "R-15", || format!("the path reaches {}: {reason}", place.name()));
                hops.push(Hop { place, packet, steps: steps.into_vec() });
                return Path { hops, end: PathEnd::Dropped { reason, rule: "R-15" } };
            }
            if !self.visits.first(&self.eng.net, at, Leg::Arriving, &packet) {
                steps.add(Action::Drop, "R-15", || {
                    format!("the packet reaches {} again with the same header: routing loop", place.name())
                });
                hops.push(Hop { place, packet, steps: steps.into_vec() });
                return Path { hops, end: PathEnd::Loop };
            }
            let mut hop = Hop { place, packet: packet.clone(), steps: Vec::new() };
            let next = match arrive::arrive(self, at, &mut packet, &mut steps) {
                Arrival::End(end) => {
                    if end == PathEnd::Delivered {
                        self.delivered_at = Some(at);
                    }
                    Next::End(end)
                }
                Arrival::Goto(next) => Next::At(next),
                Arrival::Send(sender) => self.send(sender, at, &mut packet, &mut steps, true),
            };
            hop.steps = steps.into_vec();
            hops.push(hop);
            match next {
                Next::At(n) => at = n,
                Next::End(end) => return Path { hops, end },
            }
        }
    }

    pub fn place(&self, at: At) -> Place {
        arrive::place(self.eng, at)
    }

    /// The place for the explanation or the path; a placeholder when only the outcome is wanted.
    pub fn place_if_explaining(&self, at: At) -> Place {
        if self.places {
            self.place(at)
        } else {
            Place::Internet
        }
    }

    /// Outbound checks and route selection from `sender` (N-5, R-19). `forwarded`: the packet
    /// arrived here and is sent on (not sent by its source).
    /// `packet` may change here (the on-premises NAT, E-24); the hop keeps it as it arrived.
    fn send(&mut self, sender: Sender, here: At, packet: &mut Packet, steps: &mut Steps, forwarded: bool) -> Next {
        if !self.visits.first(&self.eng.net, here, Leg::Leaving, packet) {
            let name = if steps.explain() { self.place(here).name().to_string() } else { String::new() };
            steps.add(Action::Drop, "R-15", || {
                format!("the packet leaves {name} again with the same header: routing loop")
            });
            return Next::End(PathEnd::Loop);
        }
        super::balancer::reply_leaving(self, here, packet, steps);
        match sender {
            Sender::Subnet { subnet, nic, gateway } => {
                self.send_from_subnet(subnet, nic, gateway, here, packet, steps, forwarded)
            }
            Sender::Platform { subnet } => endpoint_reply::platform_path(self, subnet, packet, steps),
            Sender::OnPrem(site) => hybrid::send_from_onprem(self, site, packet, steps),
            Sender::Internet => self.send_from_internet(packet, steps),
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn send_from_subnet(
        &mut self,
        subnet: SubnetIx,
        nic: Option<usize>,
        gateway: bool,
        here: At,
        packet: &Packet,
        steps: &mut Steps,
        forwarded: bool,
    ) -> Next {
        let net = &self.eng.net;
        if let (Some(i), Direction2::Forward) = (nic, self.direction) {
            if let Some(platform) = super::platform::address(packet) {
                return super::platform::answer(self.eng, i, platform, packet, steps);
            }
            if let Some(end) = arrive::nsgs(self.eng, i, Direction::Outbound, packet, steps) {
                return Next::End(end);
            }
        }
        let Some(table) = self.eng.table(subnet) else { return Next::End(PathEnd::NoRoute) };
        let Some(sel) = self.eng.select(subnet, packet, self.explain, &mut self.covering) else {
            steps.add(Action::Drop, "R-19", || format!("no route covers {}", packet.dst));
            return Next::End(PathEnd::NoRoute);
        };
        let route = &table.routes[sel.index];
        let src_name = &net.subnets[subnet].subnet.name;
        steps.add(Action::Route, sel.rule, || format!("subnet '{src_name}': {}", sel.why));
        let vnet = net.subnets[subnet].vnet;
        match route.next_hop_type {
            NextHopType::VnetLocal => self.deliver_in(vnet, vnet, packet.dst, gateway, steps),
            NextHopType::VNetPeering | NextHopType::VNetGlobalPeering => {
                let to = route.target.as_ref().and_then(|id| net.vnet_ix(id)).unwrap_or(vnet);
                self.deliver_in(vnet, to, packet.dst, gateway, steps)
            }
            NextHopType::InterfaceEndpoint => {
                let pe = route.target.as_ref().and_then(|id| net.pe_ix(id));
                match pe {
                    Some(i) => {
                        let to = net.subnets[net.private_endpoints[i].1].vnet;
                        self.cross(vnet, to, gateway);
                        Next::At(At::Pe(i))
                    }
                    None => {
                        Next::End(drop(steps, "R-14", || "the private endpoint of this route no longer exists".into()))
                    }
                }
            }
            NextHopType::VirtualAppliance => {
                let Some(&ip) = route.next_hop_ips.first() else {
                    return Next::End(drop(steps, "R-14", || "the route has no next-hop IP".into()));
                };
                // the appliance must be in this VNet or a directly peered one.
                let candidates = std::iter::once(vnet).chain(net.peers[vnet].iter().map(|p| p.remote));
                for v in candidates {
                    if let Some(owner) = net.owner(v, ip) {
                        let target = owner_place(net, owner);
                        if forwarded && local::same_device(net, here, target) {
                            return Next::End(loop_back(self, here, route.prefix, ip, steps));
                        }
                        if let (Owner::LoadBalancer(lb), true) = (owner, forwarded) {
                            if let Some(end) = super::balancer::hands_back(self.eng, lb, nic, packet, steps) {
                                return Next::End(end);
                            }
                        }
                        steps.add(Action::Forward, "R-13", || {
                            format!("to virtual appliance {ip} in VNet '{}'", net.vnet_name(v))
                        });
                        self.cross(vnet, v, gateway);
                        return Next::At(target);
                    }
                }
                if let Some(t) = net.tunnel_only(vnet, ip) {
                    return Next::End(drop(steps, "R-13", || {
                        format!(
                            "next hop {ip} lies behind VNet-to-VNet connection '{}' of gateway '{}', reachable only through a virtual network gateway: next hop not directly reachable (R-13)",
                            t.connection.name, t.gateway.name
                        )
                    }));
                }
                if let Some(remote) = net.on_premises_only(ip) {
                    return Next::End(drop(steps, "R-13", || {
                        format!(
                            "next hop {ip} lies in '{remote}', reachable only through a virtual network gateway: next hop not directly reachable (R-13)"
                        )
                    }));
                }
                Next::End(drop(steps, "R-14", || {
                    format!("next hop {ip} is not assigned to any NIC or firewall reachable from here: next hop unavailable")
                }))
            }
            NextHopType::VirtualNetworkGateway => {
                let Some(gw_vnet) = net.gateway_vnet[vnet] else {
                    return Next::End(drop(steps, "R-14", || {
                        "there is no gateway for this VNet: next hop unavailable".into()
                    }));
                };
                // The gateway that learned the route; a UDR's is the VPN gateway.
                let gws = net.gateways[gw_vnet];
                let learned_by = route.target.as_ref().and_then(|id| gws.iter().find(|g| &g.id == id));
                let Some(gw) = learned_by.or(gws.vpn).or(gws.any()) else {
                    return Next::End(drop(steps, "R-14", || "there is no gateway for this VNet".into()));
                };
                let Some(gw_subnet) = net.subnet_ix(&gw.subnet) else {
                    return Next::End(drop(steps, "R-14", || "the gateway is not in a known subnet".into()));
                };
                self.egress = net.connection_by_id(gw_vnet, route.connection.as_ref());
                if matches!(here, At::GatewayIn(..)) {
                    return hybrid::transit(self, gw_vnet, gw.kind, packet, steps);
                }
                if let Some(ip) = sel.instance {
                    // the instance that carries this flow (the hashed one under ECMP).
                    steps.add(Action::Forward, "R-25", || format!("to gateway '{}', instance {ip}", gw.name));
                }
                self.cross(vnet, gw_vnet, gateway);
                Next::At(At::GatewayOut(gw_subnet, gw.kind))
            }
            NextHopType::Internet => {
                if let (true, At::Nic(i)) = (forwarded, here) {
                    if !local::own_address(net, i, packet.src) {
                        return Next::End(drop(steps, "F-21", || {
                            format!(
                                "'{}' forwards {} to the internet with source {}: not SNATed: Azure translates only the NVA's own private IPs to a public IP, so no reply can come back",
                                net.nics[i].vm.name, packet.dst, packet.src
                            )
                        }));
                    }
                }
                if let Some(next) = super::nat::egress(self, subnet) {
                    return next;
                }
                self.last_sender = Some(here);
                Next::At(self.internet_target(packet.dst))
            }
            NextHopType::VirtualNetworkServiceEndpoint => {
                self.last_sender = Some(here);
                self.service_endpoint_subnet = Some(subnet);
                match net.design.paas.iter().position(|p| p.public_ip == packet.dst) {
                    Some(i) => Next::At(At::Service(i)),
                    None => Next::At(At::Internet),
                }
            }
            NextHopType::None => {
                let rule = if route.source == RouteSource::User { "R-11" } else { "R-4" };
                Next::End(drop(steps, rule, || {
                    format!("route {} has next hop None: the packet is dropped", route.prefix)
                }))
            }
        }
    }

    /// Delivery inside VNet `to` (same VNet or across a peering), to whoever holds the address.
    fn deliver_in(&mut self, from: VnetIx, to: VnetIx, dst: Ipv4Addr, via_gateway: bool, steps: &mut Steps) -> Next {
        match self.eng.net.owner(to, dst) {
            Some(owner) => {
                self.cross(from, to, via_gateway);
                Next::At(owner_place(&self.eng.net, owner))
            }
            None => Next::End(drop(steps, "R-2", || {
                format!("no NIC, endpoint or appliance holds {dst} in VNet '{}'", self.eng.net.vnet_name(to))
            })),
        }
    }

    pub(super) fn cross(&mut self, from: VnetIx, to: VnetIx, via_gateway: bool) {
        self.crossing = (from != to).then_some(Crossing { from, to, via_gateway });
    }

    /// An internet source reaches public addresses only (DECISIONS 7).
    fn send_from_internet(&mut self, packet: &Packet, steps: &mut Steps) -> Next {
        let net = &self.eng.net;
        if let Some(i) = net.nics.iter().position(|n| n.nic.public_ip == Some(packet.dst)) {
            steps.add(Action::Route, "N-11", || {
                format!("{} is the public IP of NIC '{}'", packet.dst, net.nics[i].nic.name)
            });
            return Next::At(At::Nic(i));
        }
        if let Some((_, subnet)) = net.firewalls.iter().flatten().find(|(fw, _)| fw.public_ip == Some(packet.dst)) {
            return Next::At(At::Firewall(*subnet));
        }
        if let Some(i) = net.design.paas.iter().position(|p| p.public_ip == packet.dst) {
            return Next::At(At::Service(i));
        }
        if let Some(next) = super::nat::unsolicited(self, packet, steps) {
            return next;
        }
        steps.add(Action::Drop, "R-3", || format!("{} is not a public address of this design", packet.dst));
        Next::End(PathEnd::NoRoute)
    }

    pub(super) fn internet_target(&self, dst: Ipv4Addr) -> At {
        match self.eng.net.design.paas.iter().position(|p| p.public_ip == dst) {
            Some(i) => At::Service(i),
            None => At::Internet,
        }
    }
}

/// The place of an address owner. A gateway reached inside Azure forwards towards on-premises.
pub(super) fn owner_place(net: &Network, owner: Owner) -> At {
    match owner {
        Owner::Nic(i) => At::Nic(i),
        Owner::Firewall(s) => At::Firewall(s),
        Owner::PrivateEndpoint(i) => At::Pe(i),
        Owner::Gateway(s) => {
            let kind = net.subnets.get(s).and_then(|i| net.gateways[i.vnet].any()).map_or(GatewayKind::Vpn, |g| g.kind);
            At::GatewayOut(s, kind)
        }
        Owner::ResolverEndpoint(s) => At::Resolver(s),
        Owner::LoadBalancer(i) => At::Lb(i),
    }
}

/// R-15 (b): the route for a packet a device forwards selects that device again.
fn loop_back(w: &Walker, here: At, prefix: ipnet::Ipv4Net, ip: Ipv4Addr, steps: &mut Steps) -> PathEnd {
    let name = if steps.explain() { w.place(here).name().to_string() } else { String::new() };
    steps.add(Action::Drop, "R-15", || {
        format!("route {prefix} sends the packet '{name}' forwards back to '{name}' itself ({ip}): routing loop")
    });
    PathEnd::Loop
}

/// A drop step and the path's end; the reason is written only when explaining.
pub(super) fn drop(steps: &mut Steps, rule: crate::packet::RuleId, detail: impl FnOnce() -> String) -> PathEnd {
    let reason = if steps.explain() { detail() } else { String::new() };
    if steps.explain() {
        steps.add(Action::Drop, rule, || reason.clone());
    }
    PathEnd::Dropped { reason, rule }
}

/// The whole trace: forward, then the reply, then the verdict.
/// With `explain` false, only the outcome's kind is meaningful (texts are blank, and places too
/// unless `places`).
pub(super) fn trace(eng: &Engine, flow: &Flow, explain: bool, places: bool) -> Result<Trace, TraceError> {
    let net = &eng.net;
    let (start, src_ip) = match &flow.from {
        FlowSource::Nic { id } if net.nic_or_vm(id).is_none() => {
            // A resolver outbound endpoint sending forwarded queries (D-21): the DNS engine's legs.
            let (subnet, ip) = outbound_endpoint(net, id).ok_or_else(|| TraceError::UnknownSource(id.to_string()))?;
            (Start::Endpoint(subnet), ip)
        }
        FlowSource::Nic { id } => {
            let i = net.nic_or_vm_ix(id).ok_or_else(|| TraceError::UnknownSource(id.to_string()))?;
            (Start::Nic(i), net.nics[i].nic.ip)
        }
        FlowSource::Host { id } => {
            let (site, host) = net
                .design
                .sites
                .iter()
                .enumerate()
                .find_map(|(i, s)| {
                    // An on-premises DNS server is a host too: it sends the queries it forwards (D-13).
                    let host = s.hosts.iter().find(|h| &h.id == id).map(|h| h.ip);
                    host.or_else(|| s.dns_servers.iter().find(|d| &d.id == id).map(|d| d.ip)).map(|ip| (i, ip))
                })
                .ok_or_else(|| TraceError::UnknownSource(id.to_string()))?;
            (Start::OnPrem(site), host)
        }
        FlowSource::Internet { ip } => (Start::Internet, *ip),
    };
    let packet = Packet {
        src: src_ip,
        dst: flow.to,
        protocol: flow.protocol,
        src_port: EPHEMERAL_PORT,
        dst_port: if flow.protocol == crate::model::Protocol::Icmp { 0 } else { flow.port },
        host: flow.host.clone(),
    };
    if let Start::Nic(i) = start {
        if local::own_address(net, i, packet.dst) {
            let place = if explain || places { arrive::place(eng, At::Nic(i)) } else { Place::Internet };
            return Ok(local::trace(flow.clone(), place, packet, explain));
        }
    }
    let mut walker = Walker::new(eng, Direction2::Forward, Vec::new(), explain);
    walker.places = explain || places;
    let forward = walker.run_from(start, packet);
    verdict::finish(eng, flow.clone(), forward, walker)
}

/// The subnet and source address of the resolver outbound endpoint with this id.
fn outbound_endpoint(net: &crate::network::Network, id: &crate::id::Id) -> Option<(SubnetIx, Ipv4Addr)> {
    let ep = net.design.resolvers.iter().flat_map(|r| &r.outbound_endpoints).find(|e| &e.id == id)?;
    let subnet = net.subnet_ix(&ep.subnet)?;
    Some((subnet, crate::network::outbound_endpoint_ip(net.subnets[subnet].subnet.prefix)))
}

/// Where a flow starts.
#[derive(Clone, Copy, Debug)]
pub(super) enum Start {
    Nic(usize),
    /// A resolver outbound endpoint in this subnet.
    Endpoint(SubnetIx),
    OnPrem(usize),
    Internet,
}

impl<'e, 'd> Walker<'e, 'd> {
    /// Runs a path that starts by sending from `start` (the source does not "arrive" at itself).
    pub fn run_from(&mut self, start: Start, packet: Packet) -> Path {
        let (at, sender) = match start {
            Start::Nic(i) => {
                let subnet = self.eng.net.nics[i].subnet;
                (At::Nic(i), Sender::Subnet { subnet, nic: Some(i), gateway: false })
            }
            Start::Endpoint(subnet) => (At::Resolver(subnet), Sender::Subnet { subnet, nic: None, gateway: false }),
            Start::OnPrem(site) => (At::OnPrem(site), Sender::OnPrem(site)),
            Start::Internet => (At::Internet, Sender::Internet),
        };
        self.run_sending(at, sender, packet)
    }

    /// A path whose first hop is `at` sending with `sender`.
    pub fn run_sending(&mut self, at: At, sender: Sender, mut packet: Packet) -> Path {
        let mut hop = Hop { place: self.place_if_explaining(at), packet: packet.clone(), steps: Vec::new() };
        let mut steps = Steps::new(self.explain);
        let next = self.send(sender, at, &mut packet, &mut steps, false);
        hop.steps = steps.into_vec();
        let mut path = match next {
            Next::At(n) => self.run(n, packet),
            Next::End(end) => Path { hops: Vec::new(), end },
        };
        path.hops.insert(0, hop);
        path
    }
}

/// The inbound NSG evaluation used by `arrive` for P-4's exception: is there an explicit allow?
pub(super) fn explicit_allow(eng: &Engine, nic: usize, packet: &Packet) -> bool {
    let net = &eng.net;
    let Some(n) = net.nics.get(nic) else { return false };
    let Some(tag) = eng.tags.get(n.subnet) else { return false };
    let ctx = crate::filter::TagContext { virtual_network: tag, asgs: &net.asgs };
    let subnet_nsg = net.subnets[n.subnet].nsg;
    let nic_nsg = n.nic.nsg.as_ref().and_then(|id| net.design.nsg(id));
    let nsgs: Vec<_> = subnet_nsg.into_iter().chain(nic_nsg).collect();
    !nsgs.is_empty()
        && nsgs.iter().all(|g| {
            let v = nsg::evaluate(g, Direction::Inbound, packet, &ctx);
            v.access == crate::model::Access::Allow && !v.default_rule
        })
}

/// Why a path that reached [`MAX_HOPS`] ends: the simulator's bound, not a loop (R-15 (c)).
fn hop_limit() -> String {
    format!(
        "hop limit: the path is longer than {MAX_HOPS} hops, the most the simulator follows; no device saw \
         the same header twice, so this is not a routing loop (R-15 (c)), and the trace stops here"
    )
}
