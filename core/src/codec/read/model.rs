//! Reading the document, the design and its networks, routes, security rules, VMs and firewalls.
//! Field by field as the model declares them (`core/src/model`): `req` for a required field,
//! `opt` for `#[serde(default)]` or an `Option`, `or` for `#[serde(default = "…")]`.

use super::{names, object, At, DecodeError, Obj, Read};
use crate::document::Document;
use crate::model::*;
use serde_json::Value;

object!(Document, |o| Ok(Document { schema: o.req("schema")?, design: o.req("design")?, layout: o.opt("layout")? }));

object!(Design, |o| Ok(Design {
    name: o.opt("name")?,
    description: o.opt("description")?,
    vnets: o.opt("vnets")?,
    subnets: o.opt("subnets")?,
    peerings: o.opt("peerings")?,
    route_tables: o.opt("routeTables")?,
    nsgs: o.opt("nsgs")?,
    vms: o.opt("vms")?,
    firewalls: o.opt("firewalls")?,
    gateways: o.opt("gateways")?,
    sites: o.opt("sites")?,
    paas: o.opt("paas")?,
    private_endpoints: o.opt("privateEndpoints")?,
    dns_zones: o.opt("dnsZones")?,
    resolvers: o.opt("resolvers")?,
    rulesets: o.opt("rulesets")?,
    load_balancers: o.opt("loadBalancers")?,
    nat_gateways: o.opt("natGateways")?,
    asgs: o.opt("asgs")?,
    public_dns: o.opt("publicDns")?,
    service_prefixes: o.opt("servicePrefixes")?,
    settings: o.opt("settings")?,
    traffic: o.opt("traffic")?,
    questions: o.opt("questions")?,
    intents: o.opt("intents")?,
}));

// Networks (model/network.rs).

object!(Vnet, |o| Ok(Vnet {
    id: o.req("id")?,
    name: o.req("name")?,
    region: o.req("region")?,
    address_space: o.req("addressSpace")?,
    dns_servers: o.opt("dnsServers")?,
    meta: o.opt("meta")?,
}));

object!(Subnet, |o| Ok(Subnet {
    id: o.req("id")?,
    name: o.req("name")?,
    vnet: o.req("vnet")?,
    prefix: o.req("prefix")?,
    route_table: o.opt("routeTable")?,
    nsg: o.opt("nsg")?,
    service_endpoints: o.opt("serviceEndpoints")?,
    private_endpoint_network_policies: o.opt("privateEndpointNetworkPolicies")?,
    delegation: o.opt("delegation")?,
    meta: o.opt("meta")?,
}));

object!(ServiceEndpoint, |o| Ok(ServiceEndpoint { service: o.req("service")?, locations: o.opt("locations")? }));

names!(PeNetworkPolicies:
    "Disabled" => PeNetworkPolicies::Disabled,
    "Enabled" => PeNetworkPolicies::Enabled,
    "NetworkSecurityGroupEnabled" => PeNetworkPolicies::NetworkSecurityGroupEnabled,
    "RouteTableEnabled" => PeNetworkPolicies::RouteTableEnabled,
);

object!(PeeringLink, |o| Ok(PeeringLink {
    id: o.req("id")?,
    name: o.req("name")?,
    vnet: o.req("vnet")?,
    remote_vnet: o.req("remoteVnet")?,
    allow_virtual_network_access: o.or("allowVirtualNetworkAccess", true)?,
    allow_forwarded_traffic: o.opt("allowForwardedTraffic")?,
    allow_gateway_transit: o.opt("allowGatewayTransit")?,
    use_remote_gateways: o.opt("useRemoteGateways")?,
    meta: o.opt("meta")?,
}));

// Routes (model/routing.rs).

object!(RouteTable, |o| Ok(RouteTable {
    id: o.req("id")?,
    name: o.req("name")?,
    disable_bgp_route_propagation: o.opt("disableBgpRoutePropagation")?,
    routes: o.opt("routes")?,
    meta: o.opt("meta")?,
}));

object!(Route, |o| Ok(Route {
    name: o.req("name")?,
    prefix: o.req("prefix")?,
    next_hop_type: o.req("nextHopType")?,
    next_hop_ip: o.opt("nextHopIp")?,
}));

names!(NextHopType:
    "VnetLocal" => NextHopType::VnetLocal,
    "Internet" => NextHopType::Internet,
    "None" => NextHopType::None,
    "VirtualAppliance" => NextHopType::VirtualAppliance,
    "VirtualNetworkGateway" => NextHopType::VirtualNetworkGateway,
    "VNetPeering" => NextHopType::VNetPeering,
    "VNetGlobalPeering" => NextHopType::VNetGlobalPeering,
    "VirtualNetworkServiceEndpoint" => NextHopType::VirtualNetworkServiceEndpoint,
    "InterfaceEndpoint" => NextHopType::InterfaceEndpoint,
);

// Security rules (model/security.rs).

object!(Nsg, |o| Ok(Nsg { id: o.req("id")?, name: o.req("name")?, rules: o.opt("rules")?, meta: o.opt("meta")? }));

object!(NsgRule, |o| Ok(NsgRule {
    name: o.req("name")?,
    priority: o.req("priority")?,
    direction: o.req("direction")?,
    access: o.req("access")?,
    protocol: o.req("protocol")?,
    source: o.req("source")?,
    source_ports: o.req("sourcePorts")?,
    destination: o.req("destination")?,
    destination_ports: o.req("destinationPorts")?,
    source_asgs: o.opt("sourceAsgs")?,
    destination_asgs: o.opt("destinationAsgs")?,
}));

names!(Direction: "Inbound" => Direction::Inbound, "Outbound" => Direction::Outbound);
names!(Access: "Allow" => Access::Allow, "Deny" => Access::Deny);
names!(Protocol:
    "TCP" => Protocol::Tcp, "UDP" => Protocol::Udp, "ICMP" => Protocol::Icmp, "Any" => Protocol::Any;
    "Tcp" => Protocol::Tcp, "tcp" => Protocol::Tcp, "Udp" => Protocol::Udp, "udp" => Protocol::Udp,
    "Icmp" => Protocol::Icmp, "icmp" => Protocol::Icmp, "*" => Protocol::Any, "any" => Protocol::Any
);

// VMs and NICs (model/compute.rs).

object!(Vm, |o| Ok(Vm {
    id: o.req("id")?,
    name: o.req("name")?,
    nics: o.req("nics")?,
    role: o.opt("role")?,
    meta: o.opt("meta")?
}));

object!(Nic, |o| Ok(Nic {
    id: o.req("id")?,
    name: o.req("name")?,
    subnet: o.req("subnet")?,
    ip: o.req("ip")?,
    secondary_ips: o.opt("secondaryIps")?,
    ip_forwarding: o.opt("ipForwarding")?,
    dns_servers: o.opt("dnsServers")?,
    nsg: o.opt("nsg")?,
    public_ip: o.opt("publicIp")?,
    tags: o.opt("tags")?,
    meta: o.opt("meta")?,
}));

object!(VmRole, |o| Ok(match o.tag("kind", &["plain", "nva", "dnsServer"])? {
    0 => VmRole::Plain,
    1 => VmRole::Nva(nva_config(o)?),
    _ => VmRole::DnsServer(dns_server_config(o)?),
}));

/// A newtype variant of an internally tagged enum has its struct's fields beside the tag.
fn nva_config(o: &Obj<'_, '_>) -> Result<NvaConfig, DecodeError> {
    Ok(NvaConfig { rules: o.opt("rules")?, stateful: o.opt("stateful")?, snat: o.opt("snat")? })
}

fn dns_server_config(o: &Obj<'_, '_>) -> Result<DnsServerConfig, DecodeError> {
    Ok(DnsServerConfig {
        forward_all_to: o.opt("forwardAllTo")?,
        conditional_forwarders: o.opt("conditionalForwarders")?,
        follow_cname: o.or("followCname", true)?,
    })
}

object!(NvaRule, |o| Ok(NvaRule {
    name: o.req("name")?,
    action: o.req("action")?,
    protocol: o.or("protocol", Protocol::Any)?,
    source: o.req("source")?,
    destination: o.req("destination")?,
    ports: o.or("ports", crate::model::PortRange::ANY)?,
}));

names!(RuleAction: "Allow" => RuleAction::Allow, "Deny" => RuleAction::Deny);

object!(NvaSnat, |o| Ok(match o.tag("mode", &["off", "nicIp", "address"])? {
    0 => NvaSnat::Off,
    1 => NvaSnat::NicIp,
    _ => NvaSnat::Address { ip: o.req("ip")? },
}));

object!(ConditionalForwarder, |o| Ok(ConditionalForwarder { domain: o.req("domain")?, targets: o.req("targets")? }));

// Firewalls (model/firewall.rs).

object!(Firewall, |o| Ok(Firewall {
    id: o.req("id")?,
    name: o.req("name")?,
    subnet: o.req("subnet")?,
    sku: o.opt("sku")?,
    private_ip: o.req("privateIp")?,
    public_ip: o.opt("publicIp")?,
    snat_private_ranges: o.or("snatPrivateRanges", vec![SnatRange::Token(SnatToken::IanaPrivateRanges)])?,
    dns_proxy: o.opt("dnsProxy")?,
    rule_collection_groups: o.opt("ruleCollectionGroups")?,
    meta: o.opt("meta")?,
}));

names!(FirewallSku: "Basic" => FirewallSku::Basic, "Standard" => FirewallSku::Standard, "Premium" => FirewallSku::Premium);

/// Untagged in serde: the token's name, or else a prefix.
impl Read for SnatRange {
    fn read(v: &Value, at: &At<'_>) -> Result<Self, DecodeError> {
        if v.as_str() == Some("IANAPrivateRanges") {
            return Ok(SnatRange::Token(SnatToken::IanaPrivateRanges));
        }
        super::parsed(v, at, "IANAPrivateRanges or an IPv4 prefix", |s| {
            s.parse().map_err(|_| format!("'{s}' is neither IANAPrivateRanges nor an IPv4 prefix"))
        })
        .map(SnatRange::Prefix)
    }
}

object!(RuleCollectionGroup, |o| Ok(RuleCollectionGroup {
    name: o.req("name")?,
    priority: o.req("priority")?,
    collections: o.opt("collections")?,
}));

object!(RuleCollection, |o| Ok(RuleCollection {
    name: o.req("name")?,
    priority: o.req("priority")?,
    rules: o.req("rules")?
}));

object!(FirewallRules, |o| Ok(match o.tag("kind", &["network", "application", "dnat"])? {
    0 => FirewallRules::Network { action: o.req("action")?, rules: o.req("rules")? },
    1 => FirewallRules::Application { action: o.req("action")?, rules: o.req("rules")? },
    _ => FirewallRules::Dnat { rules: o.req("rules")? },
}));

names!(FirewallAction: "Allow" => FirewallAction::Allow, "Deny" => FirewallAction::Deny);

object!(NetworkRule, |o| Ok(NetworkRule {
    name: o.req("name")?,
    protocols: o.req("protocols")?,
    sources: o.req("sources")?,
    destinations: o.req("destinations")?,
    ports: o.req("ports")?,
}));

object!(ApplicationRule, |o| Ok(ApplicationRule {
    name: o.req("name")?,
    sources: o.req("sources")?,
    protocols: o.req("protocols")?,
    target_fqdns: o.req("targetFqdns")?,
}));

object!(AppProtocol, |o| Ok(AppProtocol { kind: o.req("kind")?, port: o.req("port")? }));

names!(AppProtocolKind: "Http" => AppProtocolKind::Http, "Https" => AppProtocolKind::Https, "Mssql" => AppProtocolKind::Mssql);

object!(DnatRule, |o| Ok(DnatRule {
    name: o.req("name")?,
    sources: o.req("sources")?,
    protocols: o.req("protocols")?,
    destination_port: o.req("destinationPort")?,
    translated_address: o.req("translatedAddress")?,
    translated_port: o.req("translatedPort")?,
}));
