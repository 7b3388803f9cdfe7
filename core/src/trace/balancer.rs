//! F-22: an internal Standard load balancer (ILB) in front of an NVA pool. A packet that reaches
//! the frontend IP (as a route's `VirtualAppliance` next hop, R-13, or addressed to it) is matched
//! to a load-balancing rule, then handed to one healthy backend chosen by a symmetric hash of its
//! 5-tuple. The ILB is its own hop and has no NSG of its own; the backend's inbound NSGs and IP
//! forwarding (F-20) are checked when the packet arrives there.
//!
//! Sim choices (AZURE.md F-22):
//! - rules: an HA ports rule carries every protocol (ICMP hashed with ports 0); without one, only
//!   TCP or UDP matching a rule's protocol and frontend port is balanced, anything else is
//!   dropped at the ILB, "no load-balancing rule";
//! - health: a backend is healthy when the design says so and its NSGs let the probe from
//!   168.63.129.16 reach the probe port; with no healthy backend new flows are dropped;
//! - symmetry: the hash puts the two endpoints in a fixed order first, so A→B and B→A pick the
//!   same backend of one ILB; the ILB's id salts the hash, so two ILBs decide independently and
//!   a reply through another ILB may reach another (stateful) instance: F-12 decides there;
//! - as a route next hop the packet keeps its original destination (F-22 c); a flow addressed to
//!   the frontend itself gets the backend's address as its destination (and the rule's backend
//!   port, when it has one), as Azure does without floating IP, and the reply leaves with
//!   the frontend as its source again.

use super::arrive::{Arrival, Device};
use super::engine::Engine;
use super::platform::WIRESERVER;
use super::steps::Steps;
use super::walk::{drop, At, Direction2, Walker};
use super::{Action, PathEnd, Place};
use crate::filter::{nsg, PrefixSet, TagContext};
use crate::id::Id;
use crate::model::{Access, Direction, LbRule, LoadBalancer, Protocol};
use crate::network::Network;
use crate::packet::{Packet, EPHEMERAL_PORT};

/// Whether a backend takes new flows, and if not, why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Health {
    Healthy,
    /// The design marks it unhealthy (its probe fails for a reason the design does not model).
    MarkedDown,
    /// An inbound NSG denies the probe from 168.63.129.16 on the probe port.
    ProbeDenied {
        nsg: Id,
        rule: String,
        priority: u16,
    },
}

/// One backend: its index in `Network::nics` and its health.
#[derive(Clone, Debug)]
pub(crate) struct Backend {
    pub nic: usize,
    pub health: Health,
}

/// The backends of each ILB, in the order of `Network::balancing.balancers`; health is decided
/// once per engine (it depends on the design only).
pub(super) fn pools(net: &Network, tags: &[PrefixSet]) -> Vec<Vec<Backend>> {
    net.balancing
        .balancers
        .iter()
        .map(|b| {
            b.backends
                .iter()
                .map(|&(nic, flag)| {
                    let health = if flag { probe(net, tags, nic, b.lb) } else { Health::MarkedDown };
                    Backend { nic, health }
                })
                .collect()
        })
        .collect()
}

/// The health probe from 168.63.129.16 through the backend's inbound NSGs (subnet, then NIC;
/// N-5). HTTP and HTTPS probes are TCP connections too. No probe configured: nothing to fail.
fn probe(net: &Network, tags: &[PrefixSet], nic: usize, lb: &LoadBalancer) -> Health {
    let (Some(p), Some(n)) = (&lb.probe, net.nics.get(nic)) else { return Health::Healthy };
    let Some(tag) = tags.get(n.subnet) else { return Health::Healthy };
    let packet = Packet {
        src: WIRESERVER,
        dst: n.nic.ip,
        protocol: Protocol::Tcp,
        src_port: EPHEMERAL_PORT,
        dst_port: p.port,
        host: None,
    };
    let ctx = TagContext { virtual_network: tag, asgs: &net.asgs };
    let nic_nsg = n.nic.nsg.as_ref().and_then(|id| net.design.nsg(id));
    for g in [net.subnets[n.subnet].nsg, nic_nsg].into_iter().flatten() {
        let v = nsg::evaluate(g, Direction::Inbound, &packet, &ctx);
        if v.access == Access::Deny {
            return Health::ProbeDenied { nsg: g.id.clone(), rule: v.rule_name, priority: v.priority };
        }
    }
    Health::Healthy
}

/// The symmetric 5-tuple hash of one load balancer (F-22 d): the two (address, port) endpoints
/// are put in a fixed order before hashing, so a flow and its reply hash alike; `salt` (the
/// load balancer's id) makes different load balancers decide independently. ICMP has no ports:
/// it hashes with ports 0. FNV-1a over the bytes, then a 64-bit finalizer so that small pools
/// (`hash % n`) get well-spread choices.
pub(crate) fn flow_hash(salt: &str, p: &Packet) -> u64 {
    let (sport, dport) = if p.protocol == Protocol::Icmp { (0, 0) } else { (p.src_port, p.dst_port) };
    let a = (u32::from(p.src), sport);
    let b = (u32::from(p.dst), dport);
    let (lo, hi) = if a <= b { (a, b) } else { (b, a) };
    let protocol: u8 = match p.protocol {
        Protocol::Tcp => 6,
        Protocol::Udp => 17,
        Protocol::Icmp => 1,
        Protocol::Any => 0,
    };
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut eat = |bytes: &[u8]| {
        for byte in bytes {
            h = (h ^ u64::from(*byte)).wrapping_mul(0x0100_0000_01b3);
        }
    };
    eat(salt.as_bytes());
    eat(&lo.0.to_be_bytes());
    eat(&lo.1.to_be_bytes());
    eat(&hi.0.to_be_bytes());
    eat(&hi.1.to_be_bytes());
    eat(&[protocol]);
    // splitmix64's finalizer.
    let mut z = h;
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// The rule that balances `p` (F-22 a): the HA ports rule if there is one, else a TCP or UDP
/// rule whose protocol and frontend port match.
fn rule_for<'a>(lb: &'a LoadBalancer, p: &Packet) -> Option<&'a LbRule> {
    lb.rules.iter().find(|r| r.is_ha_ports()).or_else(|| {
        let balanced = matches!(p.protocol, Protocol::Tcp | Protocol::Udp);
        lb.rules.iter().find(|r| {
            balanced && (r.protocol == Protocol::Any || r.protocol == p.protocol) && r.frontend_port == p.dst_port
        })
    })
}

pub(super) fn place(eng: &Engine, i: usize) -> Place {
    eng.net.balancing.balancers.get(i).map_or(Place::Internet, |b| Place::LoadBalancer {
        id: b.lb.id.clone(),
        name: b.lb.name.clone(),
        ip: b.lb.frontend_ip,
    })
}

fn protocol_name(p: Protocol) -> &'static str {
    match p {
        Protocol::Tcp => "TCP",
        Protocol::Udp => "UDP",
        Protocol::Icmp => "ICMP",
        Protocol::Any => "any protocol",
    }
}

/// What ILB `i` does with a packet (F-22 a, b, d).
enum Choice<'a> {
    NoRule,
    NoHealthyBackend,
    /// The rule that matched, the chosen backend (index into `Network::nics`), k healthy of n.
    Backend {
        rule: &'a LbRule,
        nic: usize,
        healthy: usize,
        of: usize,
    },
}

fn choose<'a>(eng: &'a Engine, i: usize, packet: &Packet) -> Option<Choice<'a>> {
    let (b, pool) = (eng.net.balancing.balancers.get(i)?, eng.pools.get(i)?);
    let Some(rule) = rule_for(b.lb, packet) else { return Some(Choice::NoRule) };
    let healthy: Vec<usize> = pool.iter().filter(|b| b.health == Health::Healthy).map(|b| b.nic).collect();
    let k = u64::try_from(healthy.len()).ok().filter(|&k| k > 0);
    let pick = k.and_then(|k| usize::try_from(flow_hash(b.lb.id.as_str(), packet) % k).ok());
    Some(match pick.and_then(|ix| healthy.get(ix)) {
        Some(&nic) => Choice::Backend { rule, nic, healthy: healthy.len(), of: pool.len() },
        None => Choice::NoHealthyBackend,
    })
}

/// R-15 (b): NVA NIC `from` (IP forwarding on) sends a packet whose route leads to ILB `i`, and
/// the ILB would hand it straight back to that NVA (same 5-tuple, same backend): a loop, at the
/// NVA. Checked at the NVA's route decision, before the packet reaches the ILB again.
pub(super) fn hands_back(
    eng: &Engine,
    i: usize,
    from: Option<usize>,
    packet: &Packet,
    steps: &mut Steps,
) -> Option<PathEnd> {
    let from = from.filter(|&n| eng.net.nics.get(n).is_some_and(|n| n.nic.ip_forwarding))?;
    let Some(Choice::Backend { nic, .. }) = choose(eng, i, packet) else { return None };
    if nic != from {
        return None;
    }
    steps.add(Action::Drop, "R-15", || {
        let lb = eng.net.balancing.balancers.get(i).map_or("?", |b| b.lb.name.as_str());
        let vm = eng.net.nics.get(from).map_or("?", |n| n.vm.name.as_str());
        format!("ILB {lb} would hand the packet back to '{vm}', which just forwarded it (same 5-tuple, same backend): routing loop")
    });
    Some(PathEnd::Loop)
}

/// A packet at ILB `i`: rule, health, the hashed choice, then on to the chosen backend.
pub(super) fn arrive(w: &mut Walker, i: usize, packet: &mut Packet, steps: &mut Steps) -> Arrival {
    let eng = w.eng;
    let net = &eng.net;
    let (Some(b), Some(pool), Some(choice)) =
        (net.balancing.balancers.get(i), eng.pools.get(i), choose(eng, i, packet))
    else {
        return Arrival::End(PathEnd::NoRoute);
    };
    let lb = b.lb;
    if steps.explain() {
        for backend in pool.iter().filter(|b| b.health != Health::Healthy) {
            let name = net.nics.get(backend.nic).map_or("?", |n| n.vm.name.as_str());
            steps.add(Action::Note, "F-22", || match &backend.health {
                Health::ProbeDenied { nsg, rule, priority } => format!(
                    "backend '{name}' is unhealthy: NSG '{}' rule '{rule}' (priority {priority}) denies the health probe from 168.63.129.16 on port {}",
                    net.design.nsg(nsg).map_or(nsg.as_str(), |g| g.name.as_str()),
                    lb.probe.as_ref().map_or(0, |p| p.port)
                ),
                _ => format!("backend '{name}' is marked unhealthy: its health probe fails, so it gets no new flows"),
            });
        }
    }
    let (rule, chosen, k, n) = match choice {
        Choice::Backend { rule, nic, healthy, of } => (rule, nic, healthy, of),
        Choice::NoRule => {
            return Arrival::End(drop(steps, "F-22", || {
                let port = if packet.protocol == Protocol::Icmp {
                    String::new()
                } else {
                    format!(" port {}", packet.dst_port)
                };
                format!(
                    "ILB {} {}: no load-balancing rule for {}{port} (only an HA ports rule balances every flow)",
                    lb.name,
                    lb.frontend_ip,
                    protocol_name(packet.protocol)
                )
            }));
        }
        Choice::NoHealthyBackend => {
            return Arrival::End(drop(steps, "F-22", || {
                format!(
                    "ILB {} {}: no healthy backend (0 of {}), so new flows are dropped",
                    lb.name,
                    lb.frontend_ip,
                    pool.len()
                )
            }));
        }
    };
    let Some(backend) = net.nics.get(chosen) else { return Arrival::End(PathEnd::NoRoute) };
    steps.add(Action::Forward, "F-22", || {
        format!(
            "ILB {} {}: rule {}, backend {} (5-tuple hash, {k} of {n} healthy)",
            lb.name, lb.frontend_ip, rule.name, backend.vm.name
        )
    });
    if packet.dst == lb.frontend_ip && w.direction == Direction2::Forward {
        let port = if rule.backend_port != 0 { rule.backend_port } else { packet.dst_port };
        steps.add(Action::Dnat, "F-22", || {
            format!(
                "the flow is addressed to the frontend: destination {}:{} becomes backend {}:{port}",
                lb.frontend_ip, packet.dst_port, backend.nic.ip
            )
        });
        w.devices.push(Device {
            at: At::Lb(i),
            place: w.place_if_explaining(At::Lb(i)),
            stateful: false,
            snat: None,
            dnat: Some((lb.frontend_ip, packet.dst_port, backend.nic.ip)),
            disable_snat_on_pl: false,
            seen_reply: false,
        });
        packet.dst = backend.nic.ip;
        packet.dst_port = port;
    }
    let (from, to) = (net.subnets[b.subnet].vnet, net.subnets[backend.subnet].vnet);
    w.cross(from, to, false);
    Arrival::Goto(At::Nic(chosen))
}

/// The reply of a flow addressed to a frontend leaves its backend with the frontend's address
/// as its source again (the platform undoes the ILB's translation).
pub(super) fn reply_leaving(w: &Walker, here: At, packet: &mut Packet, steps: &mut Steps) {
    if w.direction != Direction2::Reply || !matches!(here, At::Nic(_)) {
        return;
    }
    let undone = w.devices.iter().find_map(|d| match (d.at, d.dnat) {
        (At::Lb(_), Some((frontend, port, backend))) if backend == packet.src => Some((frontend, port)),
        _ => None,
    });
    if let Some((frontend, port)) = undone {
        steps.add(Action::UnNat, "F-22", || {
            format!("the ILB's translation is undone: the reply leaves with source {frontend}")
        });
        packet.src = frontend;
        packet.src_port = port;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::net::Ipv4Addr;

    fn packet(src: [u8; 4], sport: u16, dst: [u8; 4], dport: u16, protocol: Protocol) -> Packet {
        Packet {
            src: Ipv4Addr::from(src),
            dst: Ipv4Addr::from(dst),
            protocol,
            src_port: sport,
            dst_port: dport,
            host: None,
        }
    }

    /// F-22 d: a flow and its reply (addresses and ports swapped) hash alike, for every protocol.
    #[test]
    fn a_flow_and_its_reply_hash_alike() {
        for protocol in [Protocol::Tcp, Protocol::Udp, Protocol::Icmp] {
            for i in 0..200u16 {
                let p =
                    packet([10, 1, (i % 7) as u8, 4], 50000 + i, [10, 2, 0, (i % 250) as u8 + 1], 443 + i, protocol);
                assert_eq!(flow_hash("lb-a", &p), flow_hash("lb-a", &p.reply()), "{p:?}");
            }
        }
    }

    /// ICMP carries no ports: whatever the packet says, it hashes as ports 0.
    #[test]
    fn icmp_hashes_without_ports() {
        let a = packet([10, 1, 0, 4], 50000, [10, 2, 0, 4], 0, Protocol::Icmp);
        let b = packet([10, 1, 0, 4], 0, [10, 2, 0, 4], 0, Protocol::Icmp);
        assert_eq!(flow_hash("lb-a", &a), flow_hash("lb-a", &b));
        let tcp = Packet { protocol: Protocol::Tcp, ..b.clone() };
        assert_ne!(flow_hash("lb-a", &tcp), flow_hash("lb-a", &b), "the protocol is part of the tuple");
    }

    /// Two load balancers decide independently: over many flows their choices among two
    /// backends disagree for some flows (a fixed function of the flow would always agree), and
    /// each spreads flows over both backends.
    #[test]
    fn different_load_balancers_hash_independently() {
        let flows: Vec<Packet> =
            (0..256u16).map(|i| packet([10, 1, 0, 4], 50000 + i, [10, 2, 0, 4], 443, Protocol::Tcp)).collect();
        let pick = |salt: &str, p: &Packet| flow_hash(salt, p) % 2;
        let disagree = flows.iter().filter(|p| pick("lb-in", p) != pick("lb-out", p)).count();
        assert!(disagree > 64 && disagree < 192, "{disagree} of 256 flows disagree");
        for salt in ["lb-in", "lb-out"] {
            let zeros = flows.iter().filter(|p| pick(salt, p) == 0).count();
            assert!(zeros > 64 && zeros < 192, "{salt}: {zeros} of 256 flows on backend 0");
        }
    }

    #[test]
    fn rules_match_ha_ports_or_protocol_and_port() {
        let rule =
            |name: &str, protocol, port| LbRule { name: name.into(), protocol, frontend_port: port, backend_port: 0 };
        let mut lb = LoadBalancer {
            id: crate::id::Id::new("lb"),
            name: "lb".into(),
            subnet: crate::id::Id::new("s"),
            frontend_ip: Ipv4Addr::new(10, 0, 0, 10),
            backends: Vec::new(),
            rules: vec![rule("https", Protocol::Tcp, 443), rule("dns", Protocol::Udp, 53)],
            probe: None,
            meta: Default::default(),
        };
        let to = |protocol, port| packet([10, 1, 0, 4], 50000, [10, 9, 0, 4], port, protocol);
        assert_eq!(rule_for(&lb, &to(Protocol::Tcp, 443)).map(|r| r.name.as_str()), Some("https"));
        assert_eq!(rule_for(&lb, &to(Protocol::Udp, 53)).map(|r| r.name.as_str()), Some("dns"));
        assert!(rule_for(&lb, &to(Protocol::Tcp, 53)).is_none());
        assert!(rule_for(&lb, &to(Protocol::Icmp, 0)).is_none());
        lb.rules = vec![rule("ha", Protocol::Any, 0)];
        for (protocol, port) in [(Protocol::Tcp, 22), (Protocol::Udp, 53), (Protocol::Icmp, 0)] {
            assert_eq!(rule_for(&lb, &to(protocol, port)).map(|r| r.name.as_str()), Some("ha"));
        }
    }
}
