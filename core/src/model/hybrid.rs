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
    /// Private instance IPs; two for active-active. By default every connection has a tunnel
    /// on each, so they are a learned prefix's next hops.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub instance_ips: Vec<Ipv4Addr>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub public_ip: Option<Ipv4Addr>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub connections: Vec<GatewayConnection>,
    /// Azure resource id, placeholder marker and tags (schema v2); the engine reads none of it.
    #[serde(skip_serializing_if = "super::serde_util::is_default")]
    pub meta: super::meta::Meta,
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
    /// What the connection joins the gateway to: an on-premises site (site-to-site or
    /// ExpressRoute) or another VNet's gateway (VNet-to-VNet, P-14). Written as `site`, or as
    /// `kind: "vnet2vnet"` with `remoteGateway`.
    #[serde(flatten)]
    pub peer: ConnectionPeer,
    /// BGP on this connection (P-13); `None` follows the gateway's `bgp`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bgp: Option<bool>,
    /// The gateway instances that have a tunnel for this connection; empty means every
    /// instance of the gateway.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub next_hops: Vec<Ipv4Addr>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub learned_prefixes: Vec<LearnedPrefix>,
    /// Azure resource id, placeholder marker and tags (schema v2); the engine reads none of it.
    #[serde(skip_serializing_if = "super::serde_util::is_default")]
    pub meta: super::meta::Meta,
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
    /// Azure resource id, placeholder marker and tags (schema v2); the engine reads none of it.
    #[serde(skip_serializing_if = "super::serde_util::is_default")]
    pub meta: super::meta::Meta,
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
    /// Zones this server is authoritative for (schema v2); `records` above are the records of
    /// an implicit zone, as in schema v1.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub zones: Vec<OnPremZone>,
    /// Resolves a CNAME target that falls under another of its rules as a new query (D-13).
    #[serde(skip_serializing_if = "super::serde_util::is_true")]
    pub follow_cname: bool,
}

/// The far end of a gateway connection.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum ConnectionPeer {
    /// An on-premises site (its local network gateway, or its ExpressRoute circuit).
    Site(Id),
    /// Another VNet's gateway (VNet-to-VNet, P-14); the tunnel carries traffic only when that
    /// gateway has a connection back.
    Gateway(Id),
}

impl ConnectionPeer {
    pub fn site(&self) -> Option<&Id> {
        match self {
            ConnectionPeer::Site(id) => Some(id),
            ConnectionPeer::Gateway(_) => None,
        }
    }

    pub fn remote_gateway(&self) -> Option<&Id> {
        match self {
            ConnectionPeer::Site(_) => None,
            ConnectionPeer::Gateway(id) => Some(id),
        }
    }

    /// The referenced element's id, whichever kind it is.
    pub fn id(&self) -> &Id {
        match self {
            ConnectionPeer::Site(id) | ConnectionPeer::Gateway(id) => id,
        }
    }
}

/// Written flattened into the connection: `"site": id` (schema v1's only form), or
/// `"kind": "vnet2vnet", "remoteGateway": id`.
impl Serialize for ConnectionPeer {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = serializer.serialize_map(None)?;
        match self {
            ConnectionPeer::Site(id) => map.serialize_entry("site", id)?,
            ConnectionPeer::Gateway(id) => {
                map.serialize_entry("kind", "vnet2vnet")?;
                map.serialize_entry("remoteGateway", id)?;
            }
        }
        map.end()
    }
}

/// A prefix a connection learned (BGP or the local network gateway's address space), with the
/// gateway instances that learned it. Empty `next_hops` means the connection's own.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct LearnedPrefix {
    pub prefix: Ipv4Net,
    pub next_hops: Vec<Ipv4Addr>,
}

impl From<Ipv4Net> for LearnedPrefix {
    fn from(prefix: Ipv4Net) -> Self {
        LearnedPrefix { prefix, next_hops: Vec::new() }
    }
}

/// Written as the bare prefix (`"10.0.0.0/16"`, schema v1's form) when it has no next hops of
/// its own, else as `{"prefix": …, "nextHops": […]}`.
impl Serialize for LearnedPrefix {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        if self.next_hops.is_empty() {
            return self.prefix.serialize(serializer);
        }
        let mut map = serializer.serialize_map(Some(2))?;
        map.serialize_entry("prefix", &self.prefix)?;
        map.serialize_entry("nextHops", &self.next_hops)?;
        map.end()
    }
}

/// A zone an on-premises DNS server is authoritative for (schema v2), e.g. `corp.contoso.com`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct OnPremZone {
    pub name: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub records: Vec<DnsRecord>,
}
