//! Property tests of the engine (issue 4 §4): on any design — arbitrary model values from the
//! shared strategies, and gallery / generated designs perturbed at random (UDRs, NSG rules,
//! peering flags, SNAT ranges, policies, deleted elements, VNet-to-VNet connections) —
//! `Engine::new` never panics, every trace terminates with bounded forward and reply paths, every
//! step and note carries a rule id of the catalog, every hop is at an element of the design or
//! the internet, a delivered flow has a delivered reply, and the reachability matrix never panics.
//!
//! Cases: 64 per property unless `PROPTEST_CASES` says otherwise (see `strategies::config`).

mod remote_vnet;
mod strategies;

use proptest::prelude::*;
use proptest::sample::Index;
use std::collections::HashSet;
use std::net::Ipv4Addr;
use strategies::config;
use vnet_core::catalog::rules;
use vnet_core::gallery;
use vnet_core::model::*;
use vnet_core::reach;
use vnet_core::trace::{Engine, Flow, Outcome, PathEnd, Trace};
use vnet_core::Id;

/// The walker's hop limit is 32, plus the first hop of a reply and the loop-report hop.
const MAX_PATH: usize = 40;

/// Every id a hop may stand at: VMs, firewalls, gateways, private endpoints, resolver inbound
/// endpoints, on-premises sites, PaaS resources, internal load balancers and NAT gateways.
fn element_ids(d: &Design) -> HashSet<Id> {
    let mut ids: HashSet<Id> = HashSet::new();
    ids.extend(d.vms.iter().map(|v| v.id.clone()));
    ids.extend(d.firewalls.iter().map(|f| f.id.clone()));
    ids.extend(d.gateways.iter().map(|g| g.id.clone()));
    ids.extend(d.private_endpoints.iter().map(|p| p.id.clone()));
    ids.extend(d.resolvers.iter().flat_map(|r| r.inbound_endpoints.iter().map(|e| e.id.clone())));
    // Outbound endpoints send forwarded DNS queries, so they are places too (D-21).
    ids.extend(d.resolvers.iter().flat_map(|r| r.outbound_endpoints.iter().map(|e| e.id.clone())));
    ids.extend(d.sites.iter().map(|s| s.id.clone()));
    ids.extend(d.paas.iter().map(|p| p.id.clone()));
    ids.extend(d.load_balancers.iter().map(|l| l.id.clone()));
    ids.extend(d.nat_gateways.iter().map(|n| n.id.clone()));
    ids
}

fn check_trace(d: &Design, t: &Trace) -> Result<(), TestCaseError> {
    let ids = element_ids(d);
    prop_assert!(t.forward.hops.len() <= MAX_PATH, "forward path of {} hops", t.forward.hops.len());
    if let Some(r) = &t.reply {
        prop_assert!(r.hops.len() <= MAX_PATH, "reply path of {} hops", r.hops.len());
    }
    let hops = t.forward.hops.iter().chain(t.reply.iter().flat_map(|r| r.hops.iter()));
    for h in hops {
        if let Some(id) = h.place.element() {
            prop_assert!(ids.contains(id), "hop at {id:?} ({}) is not an element of the design", h.place.name());
        }
        for s in &h.steps {
            prop_assert!(rules::rule(s.rule).is_some(), "step cites unknown rule {} ({})", s.rule, s.detail);
        }
    }
    for s in &t.notes {
        prop_assert!(rules::rule(s.rule).is_some(), "note cites unknown rule {}", s.rule);
    }
    match &t.outcome {
        Outcome::Delivered => {
            prop_assert_eq!(&t.forward.end, &PathEnd::Delivered);
            let reply = t.reply.as_ref();
            prop_assert!(reply.is_some(), "delivered without a reply path");
            prop_assert_eq!(reply.map(|r| &r.end), Some(&PathEnd::Delivered));
        }
        Outcome::Dropped { rule, .. } | Outcome::AtRisk { rule, .. } => {
            prop_assert!(rules::rule(rule).is_some(), "outcome cites unknown rule {rule}");
        }
        Outcome::Loop { .. } | Outcome::NoRoute { .. } => {}
    }
    Ok(())
}

/// Every source a design offers: its NICs, its on-premises hosts and one internet address.
fn sources(d: &Design) -> Vec<FlowSource> {
    let mut out: Vec<FlowSource> = d.nics().map(|(_, n)| FlowSource::Nic { id: n.id.clone() }).collect();
    out.extend(d.sites.iter().flat_map(|s| s.hosts.iter()).map(|h| FlowSource::Host { id: h.id.clone() }));
    out.push(FlowSource::Internet { ip: Ipv4Addr::new(203, 0, 113, 9) });
    out
}

/// Every address a design holds, plus a few that no one does.
fn destinations(d: &Design) -> Vec<Ipv4Addr> {
    let mut out: Vec<Ipv4Addr> = d.nics().map(|(_, n)| n.ip).collect();
    out.extend(d.nics().filter_map(|(_, n)| n.public_ip));
    out.extend(d.private_endpoints.iter().map(|p| p.ip));
    out.extend(d.firewalls.iter().flat_map(|f| std::iter::once(f.private_ip).chain(f.public_ip)));
    out.extend(d.paas.iter().map(|p| p.public_ip));
    out.extend(d.sites.iter().flat_map(|s| s.hosts.iter().map(|h| h.ip)));
    out.extend(d.load_balancers.iter().map(|l| l.frontend_ip));
    out.extend(d.nat_gateways.iter().flat_map(|n| n.public_ips.iter().copied()));
    out.extend([Ipv4Addr::new(8, 8, 8, 8), Ipv4Addr::new(10, 99, 0, 1), Ipv4Addr::new(168, 63, 129, 16)]);
    out
}

const PROTOCOLS: [Protocol; 4] = [Protocol::Tcp, Protocol::Udp, Protocol::Icmp, Protocol::Any];

/// Traces `flows` picked flows and checks each one.
fn trace_some(d: &Design, picks: &[(Index, Index, u8, u16)]) -> Result<(), TestCaseError> {
    let eng = Engine::new(d);
    let (srcs, dsts) = (sources(d), destinations(d));
    for (s, t, proto, port) in picks {
        let flow = Flow {
            from: s.get(&srcs).clone(),
            to: *t.get(&dsts),
            protocol: PROTOCOLS[usize::from(*proto) % PROTOCOLS.len()],
            port: *port,
            host: (*port == 443).then(|| "stcontoso.blob.core.windows.net".to_string()),
        };
        if let Ok(trace) = eng.trace(&flow) {
            check_trace(d, &trace)?;
        }
    }
    Ok(())
}

/// Every flow between every pair of NICs and from every host, on a small design.
fn trace_all(d: &Design) -> Result<(), TestCaseError> {
    let eng = Engine::new(d);
    for from in sources(d).into_iter().take(12) {
        for to in destinations(d).into_iter().take(16) {
            for protocol in [Protocol::Tcp, Protocol::Icmp] {
                let flow = Flow { from: from.clone(), to, protocol, port: 443, host: None };
                if let Ok(trace) = eng.trace(&flow) {
                    check_trace(d, &trace)?;
                }
            }
        }
    }
    Ok(())
}

// ---- perturbations of real designs ----

/// A base design: a gallery entry (the 100-spoke one replaced by a small generated one) or a
/// generated landing zone with 0–3 spokes.
fn base() -> impl Strategy<Value = Design> {
    let n = gallery::ENTRIES.len();
    (0..n + 4).prop_map(move |i| {
        let built = match gallery::ENTRIES.get(i) {
            Some(e) if e.slug != "large-landing-zone" => (e.build)(),
            _ => gallery::generated(i.saturating_sub(n).min(3)),
        };
        built.unwrap_or_default()
    })
}

/// One random change. Indices pick among what the design has; `bits` is a random word.
#[derive(Clone, Debug)]
enum Change {
    Udr {
        table: Index,
        prefix: Index,
        hop: Index,
        ip: Index,
    },
    NewTable {
        subnet: Index,
        disable: bool,
    },
    NsgRule {
        subnet: Index,
        inbound: bool,
        allow: bool,
        prefix: Index,
        port: u16,
    },
    PeeringFlags {
        link: Index,
        bits: u8,
    },
    IpForwarding {
        nic: Index,
        on: bool,
    },
    Policies {
        subnet: Index,
        which: u8,
    },
    Snat {
        fw: Index,
        which: u8,
    },
    Settings {
        all: bool,
    },
    DeleteVm(Index),
    DeleteSubnet(Index),
    DeletePeering(Index),
    DeleteFirewall(Index),
    DeleteGateway(Index),
    DeleteRouteTable(Index),
    DeletePe(Index),
    NvaRole {
        vm: Index,
        stateful: bool,
        snat: bool,
        tag: bool,
    },
    ConnectionState {
        pe: Index,
        which: u8,
    },
    /// Two NVAs behind an internal load balancer in a subnet, and a UDR to its frontend (F-22).
    Ilb {
        subnet: Index,
        table: Index,
        prefix: Index,
        bits: u8,
    },
    /// A NAT gateway on a subnet (F-23).
    Nat {
        subnet: Index,
        ip: bool,
    },
    /// A new VNet with a VM and a VPN gateway, connected VNet to VNet with a gateway of the
    /// design (P-14): bit 0 = the connection back exists, bits 1 and 2 = BGP on each side.
    RemoteVnet {
        gateway: Index,
        bits: u8,
    },
}

fn change() -> impl Strategy<Value = Change> {
    let i = any::<Index>;
    prop_oneof![
        3 => (i(), i(), i(), i()).prop_map(|(table, prefix, hop, ip)| Change::Udr { table, prefix, hop, ip }),
        1 => (i(), any::<bool>()).prop_map(|(subnet, disable)| Change::NewTable { subnet, disable }),
        2 => (i(), any::<bool>(), any::<bool>(), i(), prop_oneof![Just(0u16), Just(22), Just(443)])
            .prop_map(|(subnet, inbound, allow, prefix, port)| Change::NsgRule { subnet, inbound, allow, prefix, port }),
        2 => (i(), any::<u8>()).prop_map(|(link, bits)| Change::PeeringFlags { link, bits }),
        1 => (i(), any::<bool>()).prop_map(|(nic, on)| Change::IpForwarding { nic, on }),
        1 => (i(), any::<u8>()).prop_map(|(subnet, which)| Change::Policies { subnet, which }),
        1 => (i(), any::<u8>()).prop_map(|(fw, which)| Change::Snat { fw, which }),
        1 => any::<bool>().prop_map(|all| Change::Settings { all }),
        1 => i().prop_map(Change::DeleteVm),
        1 => i().prop_map(Change::DeleteSubnet),
        1 => i().prop_map(Change::DeletePeering),
        1 => i().prop_map(Change::DeleteFirewall),
        1 => i().prop_map(Change::DeleteGateway),
        1 => i().prop_map(Change::DeleteRouteTable),
        1 => i().prop_map(Change::DeletePe),
        1 => (i(), any::<bool>(), any::<bool>(), any::<bool>())
            .prop_map(|(vm, stateful, snat, tag)| Change::NvaRole { vm, stateful, snat, tag }),
        1 => (i(), any::<u8>()).prop_map(|(pe, which)| Change::ConnectionState { pe, which }),
        2 => (i(), i(), i(), any::<u8>()).prop_map(|(subnet, table, prefix, bits)| Change::Ilb { subnet, table, prefix, bits }),
        1 => (i(), any::<bool>()).prop_map(|(subnet, ip)| Change::Nat { subnet, ip }),
        2 => (i(), any::<u8>()).prop_map(|(gateway, bits)| Change::RemoteVnet { gateway, bits }),
    ]
}

/// Prefixes that matter to the design: its VNet ranges and subnets, /32s of its addresses, the
/// default route and the reserved ranges.
fn prefixes(d: &Design) -> Vec<ipnet::Ipv4Net> {
    let mut out: Vec<ipnet::Ipv4Net> = d.vnets.iter().flat_map(|v| v.address_space.iter().copied()).collect();
    out.extend(d.subnets.iter().map(|s| s.prefix));
    out.extend(destinations(d).into_iter().map(ipnet::Ipv4Net::from));
    out.extend(["0.0.0.0/0", "10.0.0.0/8", "192.168.0.0/16"].iter().filter_map(|p| p.parse::<ipnet::Ipv4Net>().ok()));
    out
}

fn pick<'a, T>(ix: &Index, items: &'a [T]) -> Option<&'a T> {
    (!items.is_empty()).then(|| ix.get(items))
}

fn pick_mut<'a, T>(ix: &Index, items: &'a mut [T]) -> Option<&'a mut T> {
    if items.is_empty() {
        return None;
    }
    let i = ix.index(items.len());
    items.get_mut(i)
}

fn remove<T>(ix: &Index, items: &mut Vec<T>) {
    if !items.is_empty() {
        items.remove(ix.index(items.len()));
    }
}

const HOPS: [NextHopType; 5] = [
    NextHopType::VirtualAppliance,
    NextHopType::VirtualNetworkGateway,
    NextHopType::None,
    NextHopType::VnetLocal,
    NextHopType::Internet,
];

fn apply(d: &mut Design, c: &Change) {
    let prefixes = prefixes(d);
    let appliances: Vec<Ipv4Addr> = d
        .firewalls
        .iter()
        .map(|f| f.private_ip)
        .chain(d.nics().map(|(_, n)| n.ip))
        .chain([Ipv4Addr::new(10, 0, 9, 9)])
        .collect();
    match c {
        Change::Udr { table, prefix, hop, ip } => {
            let (Some(&prefix), Some(t)) = (pick(prefix, &prefixes), pick_mut(table, &mut d.route_tables)) else {
                return;
            };
            let hop = *hop.get(&HOPS);
            let next_hop_ip = (hop == NextHopType::VirtualAppliance).then(|| *ip.get(&appliances));
            t.routes.push(Route { name: format!("prop-{}", t.routes.len()), prefix, next_hop_type: hop, next_hop_ip });
        }
        Change::NewTable { subnet, disable } => {
            let id = Id::new(format!("rt-prop-{}", d.route_tables.len()));
            let Some(s) = pick_mut(subnet, &mut d.subnets) else { return };
            s.route_table = Some(id.clone());
            d.route_tables.push(RouteTable {
                meta: Default::default(),
                id,
                name: "rt-prop".into(),
                routes: Vec::new(),
                disable_bgp_route_propagation: *disable,
            });
        }
        Change::NsgRule { subnet, inbound, allow, prefix, port } => {
            let Some(&prefix) = pick(prefix, &prefixes) else { return };
            let id = Id::new(format!("nsg-prop-{}", d.nsgs.len()));
            let Some(s) = pick_mut(subnet, &mut d.subnets) else { return };
            let nsg_id = s.nsg.get_or_insert_with(|| id.clone()).clone();
            if !d.nsgs.iter().any(|n| n.id == nsg_id) {
                d.nsgs.push(Nsg {
                    meta: Default::default(),
                    id: nsg_id.clone(),
                    name: "nsg-prop".into(),
                    rules: Vec::new(),
                });
            }
            if let Some(n) = d.nsgs.iter_mut().find(|n| n.id == nsg_id) {
                let priority = 100 + u16::try_from(n.rules.len()).unwrap_or(0);
                let ports = if *port == 0 { PortRange::ANY } else { PortRange { from: *port, to: *port } };
                n.rules.push(NsgRule {
                    destination_asgs: Default::default(),
                    source_asgs: Default::default(),
                    name: format!("prop-{priority}"),
                    priority,
                    direction: if *inbound { Direction::Inbound } else { Direction::Outbound },
                    access: if *allow { Access::Allow } else { Access::Deny },
                    protocol: Protocol::Any,
                    source: if *inbound { AddressMatch::Prefix(prefix) } else { AddressMatch::Any },
                    source_ports: PortRange::ANY,
                    destination: if *inbound { AddressMatch::Any } else { AddressMatch::Prefix(prefix) },
                    destination_ports: ports,
                });
            }
        }
        Change::PeeringFlags { link, bits } => {
            if let Some(p) = pick_mut(link, &mut d.peerings) {
                p.allow_virtual_network_access = bits & 1 != 0;
                p.allow_forwarded_traffic = bits & 2 != 0;
                p.allow_gateway_transit = bits & 4 != 0;
                p.use_remote_gateways = bits & 8 != 0;
            }
        }
        Change::IpForwarding { nic, on } => {
            let mut nics: Vec<&mut Nic> = d.vms.iter_mut().flat_map(|v| v.nics.iter_mut()).collect();
            if let Some(n) = pick_mut(nic, &mut nics) {
                n.ip_forwarding = *on;
            }
        }
        Change::Policies { subnet, which } => {
            if let Some(s) = pick_mut(subnet, &mut d.subnets) {
                s.private_endpoint_network_policies = match which % 4 {
                    0 => PeNetworkPolicies::Disabled,
                    1 => PeNetworkPolicies::Enabled,
                    2 => PeNetworkPolicies::NetworkSecurityGroupEnabled,
                    _ => PeNetworkPolicies::RouteTableEnabled,
                };
            }
        }
        Change::Snat { fw, which } => {
            if let Some(f) = pick_mut(fw, &mut d.firewalls) {
                let range = |p: &str| p.parse().ok().map(SnatRange::Prefix);
                f.snat_private_ranges = match which % 3 {
                    0 => vec![SnatRange::Token(SnatToken::IanaPrivateRanges)],
                    1 => range("0.0.0.0/0").into_iter().collect(),
                    _ => range("255.255.255.255/32").into_iter().collect(),
                };
            }
        }
        Change::Settings { all } => {
            d.settings.pe_route_protocols =
                if *all { PeRouteProtocols::AllProtocols } else { PeRouteProtocols::default() };
        }
        Change::DeleteVm(i) => remove(i, &mut d.vms),
        Change::DeleteSubnet(i) => remove(i, &mut d.subnets),
        Change::DeletePeering(i) => remove(i, &mut d.peerings),
        Change::DeleteFirewall(i) => remove(i, &mut d.firewalls),
        Change::DeleteGateway(i) => remove(i, &mut d.gateways),
        Change::DeleteRouteTable(i) => remove(i, &mut d.route_tables),
        Change::DeletePe(i) => remove(i, &mut d.private_endpoints),
        Change::NvaRole { vm, stateful, snat, tag } => {
            if let Some(v) = pick_mut(vm, &mut d.vms) {
                v.role = VmRole::Nva(NvaConfig {
                    rules: vec![NvaRule {
                        name: "allow-all".into(),
                        action: RuleAction::Allow,
                        protocol: Protocol::Any,
                        source: AddressMatch::Any,
                        destination: AddressMatch::Any,
                        ports: PortRange::ANY,
                    }],
                    stateful: *stateful,
                    snat: if *snat { NvaSnat::NicIp } else { NvaSnat::Off },
                });
                for n in &mut v.nics {
                    n.ip_forwarding = true;
                    if *tag {
                        n.tags.insert("disableSnatOnPL".into(), "true".into());
                    }
                }
            }
        }
        Change::Ilb { subnet, table, prefix, bits } => ilb(d, subnet, table, pick(prefix, &prefixes).copied(), *bits),
        Change::Nat { subnet, ip } => {
            let Some(s) = pick(subnet, &d.subnets).map(|s| s.id.clone()) else { return };
            let n = d.nat_gateways.len();
            d.nat_gateways.push(NatGateway {
                id: Id::new(format!("nat-prop-{n}")),
                name: format!("nat-prop-{n}"),
                public_ips: if *ip { vec![Ipv4Addr::new(203, 0, 113, 100)] } else { Vec::new() },
                subnets: vec![s],
                meta: Default::default(),
            });
        }
        Change::ConnectionState { pe, which } => {
            if let Some(p) = pick_mut(pe, &mut d.private_endpoints) {
                p.connection_state = match which % 4 {
                    0 => ConnectionState::Approved,
                    1 => ConnectionState::Pending,
                    2 => ConnectionState::Rejected,
                    _ => ConnectionState::Disconnected,
                };
            }
        }
        Change::RemoteVnet { gateway, bits } => remote_vnet::remote_vnet(d, gateway, *bits),
    }
}

/// `Change::Ilb`: two NVAs (stateful or not, SNAT or not, by `bits`) at `.200` and `.201` of a
/// subnet, an ILB at `.210` in front of them (HA ports, or a TCP 443 rule; one backend possibly
/// unhealthy), and a UDR in a random table sending `prefix` to its frontend.
fn ilb(d: &mut Design, subnet: &Index, table: &Index, prefix: Option<ipnet::Ipv4Net>, bits: u8) {
    let Some(s) = pick(subnet, &d.subnets).cloned() else { return };
    if s.prefix.prefix_len() > 24 {
        return;
    }
    let at = |k: u32| Ipv4Addr::from(u32::from(s.prefix.network()).saturating_add(k));
    let n = d.load_balancers.len();
    let mut backends = Vec::new();
    for (k, ip) in [(0, at(200)), (1, at(201))] {
        let id = Id::new(format!("nva-lb-{n}-{k}"));
        let nic = Id::new(format!("nva-lb-{n}-{k}-nic"));
        d.vms.push(Vm {
            id: id.clone(),
            name: id.to_string(),
            nics: vec![Nic {
                id: nic.clone(),
                name: nic.to_string(),
                subnet: s.id.clone(),
                ip,
                secondary_ips: Vec::new(),
                ip_forwarding: bits & 1 == 0,
                dns_servers: Vec::new(),
                nsg: None,
                public_ip: None,
                tags: Default::default(),
                meta: Default::default(),
            }],
            role: VmRole::Nva(NvaConfig {
                rules: vec![NvaRule {
                    name: "allow-all".into(),
                    action: RuleAction::Allow,
                    protocol: Protocol::Any,
                    source: AddressMatch::Any,
                    destination: AddressMatch::Any,
                    ports: PortRange::ANY,
                }],
                stateful: bits & 2 != 0,
                snat: if bits & 4 != 0 { NvaSnat::NicIp } else { NvaSnat::Off },
            }),
            meta: Default::default(),
        });
        backends.push(LbBackend { nic, healthy: k == 0 || bits & 8 == 0 });
    }
    let rule = if bits & 16 == 0 {
        LbRule { name: "ha".into(), protocol: Protocol::Any, frontend_port: 0, backend_port: 0 }
    } else {
        LbRule { name: "https".into(), protocol: Protocol::Tcp, frontend_port: 443, backend_port: 8443 }
    };
    d.load_balancers.push(LoadBalancer {
        id: Id::new(format!("lb-prop-{n}")),
        name: format!("lb-prop-{n}"),
        subnet: s.id.clone(),
        frontend_ip: at(210),
        backends,
        rules: vec![rule],
        probe: Some(LbProbe { protocol: ProbeProtocol::Tcp, port: 22 }),
        meta: Default::default(),
    });
    if let (Some(prefix), Some(t)) = (prefix, pick_mut(table, &mut d.route_tables)) {
        t.routes.push(Route {
            name: format!("prop-lb-{n}"),
            prefix,
            next_hop_type: NextHopType::VirtualAppliance,
            next_hop_ip: Some(at(210)),
        });
    }
}

fn perturbed() -> impl Strategy<Value = Design> {
    (base(), prop::collection::vec(change(), 0..8)).prop_map(|(mut d, changes)| {
        for c in &changes {
            apply(&mut d, c);
        }
        d
    })
}

fn flows() -> impl Strategy<Value = Vec<(Index, Index, u8, u16)>> {
    prop::collection::vec(
        (any::<Index>(), any::<Index>(), any::<u8>(), prop_oneof![Just(443u16), Just(22), Just(53), Just(1433)]),
        1..24,
    )
}

proptest! {
    #![proptest_config(config())]

    /// Arbitrary (referentially inconsistent) designs: no panic, and traces from every source
    /// satisfy the invariants.
    #[test]
    fn engine_survives_arbitrary_designs(d in strategies::design(), picks in flows()) {
        trace_some(&d, &picks)?;
        trace_all(&d)?;
    }

    /// Gallery and generated designs with random UDRs, NSG rules, peering flags, SNAT ranges,
    /// policies, NVA roles and deleted elements: every trace keeps the invariants.
    #[test]
    fn traces_on_perturbed_designs_keep_the_invariants(d in perturbed(), picks in flows()) {
        trace_some(&d, &picks)?;
    }

    /// The reachability matrix of a small perturbed design never panics, equals the matrix of
    /// one trace per cell, and its cells' flows trace with the same invariants.
    #[test]
    fn reachability_matrix_never_panics(d in perturbed(), proto in 0u8..3) {
        let eng = Engine::new(&d);
        let protocol = PROTOCOLS[usize::from(proto)];
        let m = reach::matrix(&eng, protocol, 443);
        prop_assert_eq!(m.cells.len(), m.subnets.len());
        // The class-based matrix (issue 23) says what one trace per cell says.
        prop_assert_eq!(&m, &reach::matrix_direct(&eng, protocol, 443));
        for cell in m.cells.iter().flatten().flatten().take(20) {
            if let Ok(t) = eng.trace(&cell.flow) {
                check_trace(&d, &t)?;
            }
        }
    }
}

/// Every gallery design, unperturbed: all flows between all of its sources and addresses.
#[test]
fn every_gallery_design_traces_cleanly() {
    for e in gallery::ENTRIES.iter().filter(|e| e.slug != "large-landing-zone") {
        let d = (e.build)().unwrap_or_else(|err| panic!("{}: {err}", e.slug));
        if let Err(err) = trace_all(&d) {
            panic!("{}: {err}", e.slug);
        }
    }
}
