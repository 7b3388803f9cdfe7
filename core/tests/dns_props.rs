//! Property tests of DNS resolution (issue 18 §5; D-10, D-13, D-15): gallery designs with their
//! DNS rewired at random — every DNS server's conditional forwarders, default forwarders,
//! authoritative zones and `followCname`, the design's public records (CNAME loops included),
//! zone groups and stored records — resolve every name from every client without panicking, in
//! a bounded number of steps, every step citing a rule of the catalog; and the sweep agrees with
//! single resolutions.
//!
//! Cases: 64 unless `PROPTEST_CASES` says otherwise (see `strategies::config`).

mod strategies;

use proptest::prelude::*;
use proptest::sample::Index;
use std::net::Ipv4Addr;
use strategies::config;
use vnet_core::catalog::rules;
use vnet_core::dns::{Answer, DnsEngine};
use vnet_core::gallery;
use vnet_core::model::*;
use vnet_core::trace::Engine;

/// A resolution is one path of at most a dozen servers or CNAMEs, each a few steps (failover
/// tries up to six targets): far below this.
const MAX_STEPS: usize = 300;

const BASES: [&str; 3] = ["hybrid-dns", "hybrid-dns-wrong-zone", "seed-lab"];

/// Names the rewired DNS may hold or forward.
const NAMES: [&str; 10] = [
    "stcontoso.blob.core.windows.net",
    "stcontoso.privatelink.blob.core.windows.net",
    "mftesting.blob.core.windows.net",
    "mftesting.privatelink.blob.core.windows.net",
    "blob.westeurope-sim.store.core.windows.net",
    "app.corp.contoso.com",
    "corp.contoso.com",
    "www.contoso.com",
    "a.example.com",
    "b.example.com",
];

/// Domains for forwarders and zones.
const DOMAINS: [&str; 8] = [
    "blob.core.windows.net",
    "privatelink.blob.core.windows.net",
    "core.windows.net",
    "store.core.windows.net",
    "corp.contoso.com",
    "contoso.com",
    "example.com",
    ".",
];

/// Who a forwarder may target: the design's own DNS servers and resolvers, Azure DNS (which
/// only Azure reaches), a public resolver and an address where nobody answers.
fn targets(d: &Design) -> Vec<Ipv4Addr> {
    let mut out: Vec<Ipv4Addr> = d.sites.iter().flat_map(|s| s.dns_servers.iter().map(|x| x.ip)).collect();
    out.extend(d.resolvers.iter().flat_map(|r| r.inbound_endpoints.iter().map(|e| e.ip)));
    out.extend(
        d.vms.iter().filter(|v| matches!(v.role, VmRole::DnsServer(_))).flat_map(|v| v.nics.iter().map(|n| n.ip)),
    );
    out.extend(
        ["168.63.129.16", "8.8.8.8", "10.99.99.99"].map(|a| a.parse::<Ipv4Addr>().unwrap_or(Ipv4Addr::LOCALHOST)),
    );
    out
}

/// A record: A to one of a few addresses, or CNAME to one of the names.
#[derive(Clone, Debug)]
enum Rec {
    A(u8),
    Cname(Index),
}

fn rec() -> impl Strategy<Value = Rec> {
    prop_oneof![(0u8..4).prop_map(Rec::A), any::<Index>().prop_map(Rec::Cname)]
}

fn data(r: &Rec) -> RecordData {
    match r {
        Rec::A(i) => RecordData::A { ips: vec![Ipv4Addr::new(192, 0, 2, *i)] },
        Rec::Cname(i) => RecordData::Cname { target: i.get(&NAMES[..]).to_string() },
    }
}

/// How one DNS server is rewired.
#[derive(Clone, Debug)]
struct Server {
    follow_cname: bool,
    forwarders: Vec<(Index, Vec<Index>)>,
    default: Vec<Index>,
    zones: Vec<(Index, Vec<(u8, Rec)>)>,
}

fn server() -> impl Strategy<Value = Server> {
    let forwarder = (any::<Index>(), prop::collection::vec(any::<Index>(), 1..3));
    let zone = (any::<Index>(), prop::collection::vec((0u8..3, rec()), 0..3));
    (
        any::<bool>(),
        prop::collection::vec(forwarder, 0..3),
        prop::collection::vec(any::<Index>(), 0..2),
        prop::collection::vec(zone, 0..2),
    )
        .prop_map(|(follow_cname, forwarders, default, zones)| Server { follow_cname, forwarders, default, zones })
}

#[derive(Clone, Debug)]
struct Rewire {
    base: Index,
    servers: Vec<Server>,
    public: Vec<(Index, Rec)>,
    zone_groups: bool,
    stored: Vec<(u8, Rec)>,
}

fn rewire() -> impl Strategy<Value = Rewire> {
    (
        any::<Index>(),
        prop::collection::vec(server(), 1..4),
        prop::collection::vec((any::<Index>(), rec()), 0..5),
        any::<bool>(),
        prop::collection::vec((0u8..3, rec()), 0..3),
    )
        .prop_map(|(base, servers, public, zone_groups, stored)| Rewire {
            base,
            servers,
            public,
            zone_groups,
            stored,
        })
}

const LABELS: [&str; 3] = ["@", "app", "stcontoso"];

fn apply(w: &Rewire) -> Design {
    let base = BASES[w.base.index(BASES.len())];
    let mut d = (gallery::entry(base).expect("a gallery entry").build)().expect("builds");
    let ips = targets(&d);
    let to_targets = |picks: &[Index]| picks.iter().map(|i| DnsTarget::new(*i.get(&ips))).collect::<Vec<_>>();
    let mut configs = w.servers.iter().cycle();
    let forwarders = |s: &Server| -> Vec<ConditionalForwarder> {
        s.forwarders
            .iter()
            .map(|(dom, t)| ConditionalForwarder { domain: dom.get(&DOMAINS[..]).to_string(), targets: to_targets(t) })
            .collect()
    };
    for srv in d.sites.iter_mut().flat_map(|s| s.dns_servers.iter_mut()) {
        let Some(s) = configs.next() else { break };
        srv.follow_cname = s.follow_cname;
        srv.conditional_forwarders = forwarders(s);
        srv.default_forwarders = to_targets(&s.default);
        srv.zones = s
            .zones
            .iter()
            .map(|(dom, recs)| OnPremZone {
                name: dom.get(&DOMAINS[..]).to_string(),
                records: recs
                    .iter()
                    .map(|(l, r)| DnsRecord { name: LABELS[*l as usize].into(), data: data(r) })
                    .collect(),
            })
            .collect();
    }
    for vm in &mut d.vms {
        let Some(s) = configs.next() else { break };
        if let VmRole::DnsServer(cfg) = &mut vm.role {
            cfg.follow_cname = s.follow_cname;
            cfg.conditional_forwarders = forwarders(s);
            cfg.forward_all_to = to_targets(&s.default);
        }
    }
    d.public_dns =
        w.public.iter().map(|(n, r)| DnsRecord { name: n.get(&NAMES[..]).to_string(), data: data(r) }).collect();
    if !w.zone_groups {
        d.private_endpoints.iter_mut().for_each(|p| p.dns_zone_group.clear());
    }
    if let Some(z) = d.dns_zones.first_mut() {
        z.records =
            w.stored.iter().map(|(l, r)| DnsRecord { name: LABELS[*l as usize].into(), data: data(r) }).collect();
    }
    d
}

fn clients(d: &Design) -> Vec<String> {
    let mut out: Vec<String> = d.vms.iter().map(|v| v.name.clone()).collect();
    out.extend(d.sites.iter().flat_map(|s| s.hosts.iter().map(|h| h.name.clone())));
    out.push("internet:203.0.113.1".into());
    out
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn rewired_dns_always_terminates_and_cites_known_rules(w in rewire()) {
        let d = apply(&w);
        let eng = Engine::new(&d);
        let dns = DnsEngine::new(&eng);
        for from in clients(&d) {
            for name in NAMES {
                let r = dns.resolve(&from, name);
                prop_assert!(r.is_ok(), "{from} {name}: {r:?}");
                let Ok(r) = r else { continue };
                prop_assert!(r.steps.len() <= MAX_STEPS, "{from} {name}: {} steps", r.steps.len());
                for s in &r.steps {
                    prop_assert!(rules::rule(s.rule).is_some(), "{from} {name}: unknown rule {} ({})", s.rule, s.detail);
                }
                if let Answer::A { chain, .. } | Answer::NxDomain { chain } = &r.answer {
                    prop_assert!(chain.len() <= MAX_STEPS, "{from} {name}: chain of {}", chain.len());
                }
            }
        }
        let names: Vec<String> = NAMES.iter().map(|n| n.to_string()).collect();
        let sweep = dns.sweep(&names);
        for (c, nic) in sweep.clients.iter().enumerate() {
            for (k, name) in sweep.names.iter().enumerate() {
                let single = dns.resolve(nic.as_str(), name).map(|r| r.answer).ok();
                prop_assert_eq!(single.as_ref(), sweep.answer(c, k), "{} {}", nic, name);
            }
        }
    }
}
