//! Strategies for what schema v2 added (DECISIONS 25): element metadata, load balancers, NAT
//! gateways, application security groups, VNet-to-VNet connections, per-prefix next hops,
//! on-premises zones, public DNS records, service prefixes and intents. `super` builds the v1
//! fields; [`with_meta`] and the functions here fill in the rest.

use super::{dns_record, few, id, ip, net, protocol, text};
use proptest::collection::btree_map;
use proptest::option;
use proptest::prelude::*;
use proptest::sample::select;
use vnet_core::model::*;

pub fn meta() -> impl Strategy<Value = Meta> {
    prop_oneof![
        2 => Just(Meta::default()),
        1 => (text(), any::<bool>(), btree_map(text(), text(), 0..3))
            .prop_map(|(azure_id, external, tags)| Meta { azure_id, external, tags }),
    ]
}

/// Elements that carry [`Meta`].
pub trait HasMeta {
    fn meta_mut(&mut self) -> &mut Meta;
}

macro_rules! has_meta {
    ($($ty:ty),*) => {$(impl HasMeta for $ty { fn meta_mut(&mut self) -> &mut Meta { &mut self.meta } })*};
}
has_meta!(
    Vnet,
    Subnet,
    PeeringLink,
    RouteTable,
    Nsg,
    Vm,
    Nic,
    Firewall,
    Gateway,
    GatewayConnection,
    OnPremSite,
    PaasResource,
    PrivateEndpoint,
    PrivateDnsZone,
    ZoneLink,
    DnsResolver,
    InboundEndpoint,
    OutboundEndpoint,
    ForwardingRuleset,
    LoadBalancer,
    NatGateway,
    Asg
);

/// `s` with arbitrary metadata.
pub fn with_meta<T: HasMeta + std::fmt::Debug>(s: impl Strategy<Value = T>) -> impl Strategy<Value = T> {
    (s, meta()).prop_map(|(mut e, m)| {
        *e.meta_mut() = m;
        e
    })
}

pub fn connection_peer() -> impl Strategy<Value = ConnectionPeer> {
    prop_oneof![3 => id().prop_map(ConnectionPeer::Site), 1 => id().prop_map(ConnectionPeer::Gateway)]
}

pub fn learned_prefix() -> impl Strategy<Value = LearnedPrefix> {
    (net(), few(ip())).prop_map(|(prefix, next_hops)| LearnedPrefix { prefix, next_hops })
}

pub fn on_prem_zone() -> impl Strategy<Value = OnPremZone> {
    (text(), few(dns_record())).prop_map(|(name, records)| OnPremZone { name, records })
}

pub fn asg() -> impl Strategy<Value = Asg> {
    with_meta((id(), text(), few(id())).prop_map(|(id, name, nics)| Asg { id, name, nics, meta: Meta::default() }))
}

pub fn load_balancer() -> impl Strategy<Value = LoadBalancer> {
    let backend = (id(), any::<bool>()).prop_map(|(nic, healthy)| LbBackend { nic, healthy });
    let rule = (text(), protocol(), any::<u16>(), any::<u16>()).prop_map(|(name, protocol, f, b)| LbRule {
        name,
        protocol,
        frontend_port: f,
        backend_port: b,
    });
    let probe = (select(&[ProbeProtocol::Tcp, ProbeProtocol::Http, ProbeProtocol::Https][..]), any::<u16>())
        .prop_map(|(protocol, port)| LbProbe { protocol, port });
    with_meta((id(), text(), id(), ip(), few(backend), few(rule), option::of(probe)).prop_map(
        |(id, name, subnet, frontend_ip, backends, rules, probe)| LoadBalancer {
            id,
            name,
            subnet,
            frontend_ip,
            backends,
            rules,
            probe,
            meta: Meta::default(),
        },
    ))
}

pub fn nat_gateway() -> impl Strategy<Value = NatGateway> {
    with_meta((id(), text(), few(ip()), few(id())).prop_map(|(id, name, public_ips, subnets)| NatGateway {
        id,
        name,
        public_ips,
        subnets,
        meta: Meta::default(),
    }))
}

pub fn service_prefixes() -> impl Strategy<Value = std::collections::BTreeMap<String, Vec<ipnet::Ipv4Net>>> {
    btree_map(text(), few(net()), 0..3)
}

pub fn intent_end() -> impl Strategy<Value = IntentEnd> {
    prop_oneof![3 => id().prop_map(|id| IntentEnd::Element { id }), 1 => ip().prop_map(|ip| IntentEnd::Internet { ip })]
}

pub fn dns_expectation() -> impl Strategy<Value = DnsExpectation> {
    prop_oneof![
        Just(DnsExpectation::PrivateEndpoint),
        ip().prop_map(|ip| DnsExpectation::Ip { ip }),
        Just(DnsExpectation::NotPublic),
    ]
}

pub fn intent_check() -> impl Strategy<Value = IntentCheck> {
    let flow = || (intent_end(), intent_end(), protocol(), any::<u16>());
    prop_oneof![
        flow().prop_map(|(from, to, protocol, port)| IntentCheck::Reach { from, to, protocol, port }),
        flow().prop_map(|(from, to, protocol, port)| IntentCheck::Isolate { from, to, protocol, port }),
        (flow(), id()).prop_map(|((from, to, protocol, port), device)| IntentCheck::Through {
            from,
            to,
            protocol,
            port,
            device
        }),
        flow().prop_map(|(from, to, protocol, port)| IntentCheck::Symmetric { from, to, protocol, port }),
        (intent_end(), text(), dns_expectation()).prop_map(|(from, name, expect)| IntentCheck::Resolves {
            from,
            name,
            expect
        }),
    ]
}

pub fn intent() -> impl Strategy<Value = Intent> {
    (id(), text(), intent_check()).prop_map(|(id, title, check)| Intent { id, title, check })
}
