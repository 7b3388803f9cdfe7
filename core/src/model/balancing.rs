//! Internal Standard load balancers in front of NVA pools (AZURE.md F-22) and NAT gateways
//! (F-23), new in schema v2.

use super::meta::Meta;
use super::security::Protocol;
use super::serde_util::{is_default, is_true};
use crate::id::Id;
use serde::Serialize;
use std::net::Ipv4Addr;

/// An internal Standard load balancer: one private frontend IP in a subnet, a backend pool of
/// NICs, load-balancing rules and one health probe. As a route's `VirtualAppliance` next hop it
/// hands each flow to one healthy backend (F-22).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LoadBalancer {
    pub id: Id,
    pub name: String,
    /// The subnet of the frontend IP.
    pub subnet: Id,
    pub frontend_ip: Ipv4Addr,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub backends: Vec<LbBackend>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub rules: Vec<LbRule>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub probe: Option<LbProbe>,
    #[serde(skip_serializing_if = "is_default")]
    pub meta: Meta,
}

/// One member of the backend pool.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LbBackend {
    pub nic: Id,
    /// Whether its health probe answers (F-22 b); an unhealthy backend gets no new flows.
    #[serde(skip_serializing_if = "is_true")]
    pub healthy: bool,
}

/// A load-balancing rule. Protocol `Any` with frontend port 0 is an HA ports rule: every flow on
/// every port (F-22 a).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LbRule {
    pub name: String,
    pub protocol: Protocol,
    #[serde(skip_serializing_if = "is_default")]
    pub frontend_port: u16,
    #[serde(skip_serializing_if = "is_default")]
    pub backend_port: u16,
}

impl LbRule {
    /// An HA ports rule balances every protocol on every port.
    pub fn is_ha_ports(&self) -> bool {
        self.protocol == Protocol::Any && self.frontend_port == 0
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct LbProbe {
    pub protocol: ProbeProtocol,
    pub port: u16,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
pub enum ProbeProtocol {
    #[serde(rename = "TCP")]
    Tcp,
    #[serde(rename = "HTTP")]
    Http,
    #[serde(rename = "HTTPS")]
    Https,
}

/// A NAT gateway: the Internet egress of the subnets it serves (F-23), with up to 16 public IPs.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct NatGateway {
    pub id: Id,
    pub name: String,
    pub public_ips: Vec<Ipv4Addr>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub subnets: Vec<Id>,
    #[serde(skip_serializing_if = "is_default")]
    pub meta: Meta,
}
