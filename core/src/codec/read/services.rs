//! Reading gateways and on-premises sites, PaaS and private endpoints, DNS, the design's
//! settings and questions, the text forms (`10.0.0.0/8`, `8000-8100`, `10.0.0.4:53`) and the
//! layout. As in `model.rs`: `req` required, `opt` defaulted, `or` defaulted to a given value.

use super::{names, object, parsed, At, DecodeError, Read};
use crate::layout::{Layout, Rect};
use crate::model::*;
use serde_json::Value;
use std::str::FromStr;

// Gateways and on-premises (model/hybrid.rs).

object!(Gateway, |o| Ok(Gateway {
    id: o.req("id")?,
    name: o.req("name")?,
    subnet: o.req("subnet")?,
    kind: o.req("kind")?,
    sku: o.req("sku")?,
    bgp: o.opt("bgp")?,
    instance_ips: o.opt("instanceIps")?,
    public_ip: o.opt("publicIp")?,
    connections: o.opt("connections")?,
    meta: o.opt("meta")?,
}));

names!(GatewayKind: "Vpn" => GatewayKind::Vpn, "ExpressRoute" => GatewayKind::ExpressRoute);

object!(GatewayConnection, |o| Ok(GatewayConnection {
    id: o.req("id")?,
    name: o.req("name")?,
    peer: super::v2::connection_peer(o)?,
    bgp: o.opt("bgp")?,
    next_hops: o.opt("nextHops")?,
    learned_prefixes: o.opt("learnedPrefixes")?,
    meta: o.opt("meta")?,
}));

object!(OnPremSite, |o| Ok(OnPremSite {
    id: o.req("id")?,
    name: o.req("name")?,
    prefixes: o.req("prefixes")?,
    hosts: o.opt("hosts")?,
    router: o.opt("router")?,
    internet_nat_ip: o.opt("internetNatIp")?,
    dns_servers: o.opt("dnsServers")?,
    meta: o.opt("meta")?,
}));

object!(OnPremRouting, |o| Ok(match o.tag("mode", &["advertised", "static"])? {
    0 => OnPremRouting::Advertised,
    _ => OnPremRouting::Static { prefixes: o.req("prefixes")? },
}));

object!(OnPremHost, |o| Ok(OnPremHost {
    id: o.req("id")?,
    name: o.req("name")?,
    ip: o.req("ip")?,
    dns_server: o.opt("dnsServer")?,
}));

object!(OnPremDnsServer, |o| Ok(OnPremDnsServer {
    id: o.req("id")?,
    name: o.req("name")?,
    ip: o.req("ip")?,
    records: o.opt("records")?,
    conditional_forwarders: o.opt("conditionalForwarders")?,
    default_forwarders: o.opt("defaultForwarders")?,
    zones: o.opt("zones")?,
    follow_cname: o.or("followCname", true)?,
}));

// PaaS and private endpoints (model/paas.rs).

object!(PaasResource, |o| Ok(PaasResource {
    id: o.req("id")?,
    name: o.req("name")?,
    service: o.req("service")?,
    region: o.req("region")?,
    public_ip: o.req("publicIp")?,
    public_network_access: o.or("publicNetworkAccess", true)?,
    default_action: o.opt("defaultAction")?,
    allowed_subnets: o.opt("allowedSubnets")?,
    ip_rules: o.opt("ipRules")?,
    meta: o.opt("meta")?,
}));

names!(ServiceFirewallAction: "Allow" => ServiceFirewallAction::Allow, "Deny" => ServiceFirewallAction::Deny);

object!(PrivateEndpoint, |o| Ok(PrivateEndpoint {
    id: o.req("id")?,
    name: o.req("name")?,
    subnet: o.req("subnet")?,
    ip: o.req("ip")?,
    secondary_ips: o.opt("secondaryIps")?,
    target: o.req("target")?,
    connection_state: o.opt("connectionState")?,
    dns_zone_group: o.opt("dnsZoneGroup")?,
    meta: o.opt("meta")?,
}));

object!(PeTarget, |o| Ok(match o.tag("kind", &["paas", "privateLinkService"])? {
    0 => PeTarget::Paas { resource: o.req("resource")?, sub_resource: o.req("subResource")? },
    _ => PeTarget::PrivateLinkService { alias: o.req("alias")? },
}));

names!(ConnectionState:
    "Approved" => ConnectionState::Approved,
    "Pending" => ConnectionState::Pending,
    "Rejected" => ConnectionState::Rejected,
    "Disconnected" => ConnectionState::Disconnected,
);

// DNS (model/dns.rs).

object!(PrivateDnsZone, |o| Ok(PrivateDnsZone {
    id: o.req("id")?,
    name: o.req("name")?,
    records: o.opt("records")?,
    links: o.opt("links")?,
    meta: o.opt("meta")?,
}));

// `data` is flattened in serde: its tag and fields sit beside the name.
object!(DnsRecord, |o| Ok(DnsRecord {
    name: o.req("name")?,
    data: match o.tag("type", &["A", "CNAME"])? {
        0 => RecordData::A { ips: o.req("ips")? },
        _ => RecordData::Cname { target: o.req("target")? },
    },
}));

object!(ZoneLink, |o| Ok(ZoneLink {
    id: o.req("id")?,
    vnet: o.req("vnet")?,
    registration_enabled: o.opt("registrationEnabled")?,
    resolution_policy: o.opt("resolutionPolicy")?,
    meta: o.opt("meta")?,
}));

names!(ResolutionPolicy: "Default" => ResolutionPolicy::Default, "NxDomainRedirect" => ResolutionPolicy::NxDomainRedirect);

object!(DnsResolver, |o| Ok(DnsResolver {
    id: o.req("id")?,
    name: o.req("name")?,
    vnet: o.req("vnet")?,
    inbound_endpoints: o.opt("inboundEndpoints")?,
    outbound_endpoints: o.opt("outboundEndpoints")?,
    meta: o.opt("meta")?,
}));

object!(InboundEndpoint, |o| Ok(InboundEndpoint {
    id: o.req("id")?,
    name: o.req("name")?,
    subnet: o.req("subnet")?,
    ip: o.req("ip")?,
    meta: o.opt("meta")?,
}));

object!(OutboundEndpoint, |o| Ok(OutboundEndpoint {
    id: o.req("id")?,
    name: o.req("name")?,
    subnet: o.req("subnet")?,
    meta: o.opt("meta")?,
}));

object!(ForwardingRuleset, |o| Ok(ForwardingRuleset {
    id: o.req("id")?,
    name: o.req("name")?,
    outbound_endpoints: o.req("outboundEndpoints")?,
    rules: o.opt("rules")?,
    vnet_links: o.opt("vnetLinks")?,
    meta: o.opt("meta")?,
}));

object!(ForwardingRule, |o| Ok(ForwardingRule {
    name: o.req("name")?,
    domain: o.req("domain")?,
    targets: o.req("targets")?,
    enabled: o.or("enabled", true)?,
}));

// Settings, traffic and questions (model/settings.rs).

object!(Settings, |o| Ok(Settings {
    pe_route_protocols: o.opt("peRouteProtocols")?,
    tb_convention: o.opt("tbConvention")?,
    price_table: o.opt("priceTable")?,
}));

names!(PeRouteProtocols: "TcpOnly" => PeRouteProtocols::TcpOnly, "AllProtocols" => PeRouteProtocols::AllProtocols);
names!(TbConvention: "Binary1024" => TbConvention::Binary1024, "Decimal1000" => TbConvention::Decimal1000);

object!(TrafficAssumption, |o| Ok(TrafficAssumption {
    id: o.req("id")?,
    from: o.req("from")?,
    to: o.req("to")?,
    gb_per_month: o.req("gbPerMonth")?,
    gb_per_month_back: o.opt("gbPerMonthBack")?,
}));

// `ask` is flattened in serde: its tag and fields sit beside the id and title.
object!(Question, |o| Ok(Question {
    id: o.req("id")?,
    title: o.opt("title")?,
    ask: match o.tag("kind", &["trace", "resolve", "connect"])? {
        0 => Ask::Trace { from: o.req("from")?, to: o.req("to")?, protocol: o.req("protocol")?, port: o.req("port")? },
        1 => Ask::Resolve { from: o.req("from")?, name: o.req("name")? },
        _ => Ask::Connect { from: o.req("from")?, target: o.req("target")? },
    },
}));

object!(FlowSource, |o| Ok(match o.tag("type", &["nic", "host", "internet"])? {
    0 => FlowSource::Nic { id: o.req("id")? },
    1 => FlowSource::Host { id: o.req("id")? },
    _ => FlowSource::Internet { ip: o.req("ip")? },
}));

// The text forms (model/text.rs): a string, parsed as the model parses what people type.

fn text<T: FromStr<Err = String>>(v: &Value, at: &At<'_>, what: &str) -> Result<T, DecodeError> {
    parsed(v, at, what, T::from_str)
}

impl Read for AddressMatch {
    fn read(v: &Value, at: &At<'_>) -> Result<Self, DecodeError> {
        text(v, at, "an address match in quotes")
    }
}

impl Read for PortRange {
    fn read(v: &Value, at: &At<'_>) -> Result<Self, DecodeError> {
        text(v, at, "a port range in quotes")
    }
}

impl Read for DnsTarget {
    fn read(v: &Value, at: &At<'_>) -> Result<Self, DecodeError> {
        text(v, at, "a DNS target in quotes")
    }
}

// The layout (layout.rs): rectangles by element id.

// Clamped into the stored range (`layout::MAX_COORD`): a hand-edited or hostile value (any
// integer, even one past `i64`) opens as a box near the canvas instead of failing or overflowing
// the layout.
object!(Rect, |o| {
    let [x, y, w, h] = [o.req("x")?, o.req("y")?, o.req("w")?, o.req("h")?].map(|Clamped(v)| v);
    Ok(Rect::clamped_from(x, y, w, h))
});

/// Any JSON integer, saturated to `i64` (a coordinate about to be clamped).
struct Clamped(i64);

impl Read for Clamped {
    fn read(v: &Value, at: &At<'_>) -> Result<Self, DecodeError> {
        match v {
            Value::Number(n) => match (n.as_i64(), n.as_u64()) {
                (Some(i), _) => Ok(Clamped(i)),
                (None, Some(_)) => Ok(Clamped(i64::MAX)),
                _ => Err(at.invalid_type(v, "an integer")),
            },
            other => Err(at.invalid_type(other, "an integer")),
        }
    }
}

impl Read for Layout {
    fn read(v: &Value, at: &At<'_>) -> Result<Self, DecodeError> {
        Read::read(v, at).map(|rects| Layout { rects })
    }
}
