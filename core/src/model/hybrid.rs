//! Virtual network gateways and on-premises sites (AZURE.md, P-6, P-12, D-13).
//!
//! There is no BGP to compute: the prefixes each connection learns are user input.

use super::compute::ConditionalForwarder;
use super::dns::DnsRecord;
use super::serde_util::{is_default, is_false};
use super::text::DnsTarget;
use crate::id::Id;
use ipnet::Ipv4Net;
use serde::Serialize;
use std::net::Ipv4Addr;

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Gateway {
    pub id: Id,
    pub name: String,
    /// The `GatewaySubnet` it is deployed in.
    pub subnet: Id,
    pub kind: GatewayKind,
    pub sku: String,
    #[serde(skip_serializing_if = "is_false")]
    pub bgp: bool,
    /// Private instance IPs; two for active-active (an ECMP set, R-25).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub instance_ips: Vec<Ipv4Addr>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub public_ip: Option<Ipv4Addr>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub connections: Vec<GatewayConnection>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub enum GatewayKind {
    Vpn,
    ExpressRoute,
}

/// A connection from a gateway to an on-premises site, with the prefixes it learns.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct GatewayConnection {
    pub id: Id,
    pub name: String,
    pub site: Id,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub learned_prefixes: Vec<Ipv4Net>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct OnPremSite {
    pub id: Id,
    pub name: String,
    pub prefixes: Vec<Ipv4Net>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub hosts: Vec<OnPremHost>,
    /// What the on-premises router sends into the tunnel (P-12). `Advertised` = whatever the
    /// Azure gateway advertises over BGP; `Static` = the prefixes configured by hand.
    #[serde(skip_serializing_if = "is_default")]
    pub router: OnPremRouting,
    /// The address on-premises traffic to the internet leaves from, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub internet_nat_ip: Option<Ipv4Addr>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub dns_servers: Vec<OnPremDnsServer>,
}

#[derive(Clone, Debug, PartialEq, Eq, Default, Serialize)]
#[serde(tag = "mode", rename_all = "camelCase")]
pub enum OnPremRouting {
    #[default]
    Advertised,
    Static {
        prefixes: Vec<Ipv4Net>,
    },
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct OnPremHost {
    pub id: Id,
    pub name: String,
    pub ip: Ipv4Addr,
    /// The DNS server this host asks (an on-premises DNS server's IP, usually).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dns_server: Option<Ipv4Addr>,
}

/// An on-premises DNS server: local records, conditional forwarders (D-13), and a default
/// forwarder for everything else (empty = public recursion).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct OnPremDnsServer {
    pub id: Id,
    pub name: String,
    pub ip: Ipv4Addr,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub records: Vec<DnsRecord>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub conditional_forwarders: Vec<ConditionalForwarder>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub default_forwarders: Vec<DnsTarget>,
}
