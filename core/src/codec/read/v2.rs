//! Reading what schema v2 added (DECISIONS 25): element metadata, load balancers and NAT
//! gateways, application security groups, VNet-to-VNet connections and per-prefix next hops,
//! on-premises zones, and intents. As in `model.rs`: `req` required, `opt` defaulted.

use super::{names, object, At, DecodeError, Obj, Read};
use crate::model::*;
use serde_json::Value;

object!(Meta, |o| Ok(Meta { azure_id: o.opt("azureId")?, external: o.opt("external")?, tags: o.opt("tags")? }));

// Load balancers and NAT gateways (model/balancing.rs).

object!(LoadBalancer, |o| Ok(LoadBalancer {
    id: o.req("id")?,
    name: o.req("name")?,
    subnet: o.req("subnet")?,
    frontend_ip: o.req("frontendIp")?,
    backends: o.opt("backends")?,
    rules: o.opt("rules")?,
    probe: o.opt("probe")?,
    meta: o.opt("meta")?,
}));

object!(LbBackend, |o| Ok(LbBackend { nic: o.req("nic")?, healthy: o.or("healthy", true)? }));

object!(LbRule, |o| Ok(LbRule {
    name: o.req("name")?,
    protocol: o.req("protocol")?,
    frontend_port: o.opt("frontendPort")?,
    backend_port: o.opt("backendPort")?,
}));

object!(LbProbe, |o| Ok(LbProbe { protocol: o.req("protocol")?, port: o.req("port")? }));

names!(ProbeProtocol: "TCP" => ProbeProtocol::Tcp, "HTTP" => ProbeProtocol::Http, "HTTPS" => ProbeProtocol::Https;
    "Tcp" => ProbeProtocol::Tcp, "Http" => ProbeProtocol::Http, "Https" => ProbeProtocol::Https);

object!(NatGateway, |o| Ok(NatGateway {
    id: o.req("id")?,
    name: o.req("name")?,
    public_ips: o.req("publicIps")?,
    subnets: o.opt("subnets")?,
    meta: o.opt("meta")?,
}));

// Security (model/security.rs).

object!(Asg, |o| Ok(Asg { id: o.req("id")?, name: o.req("name")?, nics: o.opt("nics")?, meta: o.opt("meta")? }));

// Gateways and on-premises (model/hybrid.rs).

/// The far end of a connection, flattened into it: `site` (schema v1's only form), or
/// `kind: "vnet2vnet"` with `remoteGateway`.
pub(super) fn connection_peer(o: &Obj<'_, '_>) -> Result<ConnectionPeer, DecodeError> {
    if o.map.contains_key("kind") {
        return Ok(match o.tag("kind", &["site", "vnet2vnet"])? {
            0 => ConnectionPeer::Site(o.req("site")?),
            _ => ConnectionPeer::Gateway(o.req("remoteGateway")?),
        });
    }
    Ok(ConnectionPeer::Site(o.req("site")?))
}

/// A bare prefix (schema v1), or `{prefix, nextHops}`.
impl Read for LearnedPrefix {
    fn read(v: &Value, at: &At<'_>) -> Result<Self, DecodeError> {
        if v.is_string() {
            return ipnet::Ipv4Net::read(v, at).map(LearnedPrefix::from);
        }
        let o = Obj::of(v, at)?;
        Ok(LearnedPrefix { prefix: o.req("prefix")?, next_hops: o.opt("nextHops")? })
    }
}

object!(OnPremZone, |o| Ok(OnPremZone { name: o.req("name")?, records: o.opt("records")? }));

// Intents (model/intent.rs).

object!(Intent, |o| Ok(Intent { id: o.req("id")?, title: o.opt("title")?, check: intent_check(o)? }));

/// Flattened into the intent, tagged by `kind`.
fn intent_check(o: &Obj<'_, '_>) -> Result<IntentCheck, DecodeError> {
    let flow = |o: &Obj<'_, '_>| -> Result<(IntentEnd, IntentEnd, Protocol, u16), DecodeError> {
        Ok((o.req("from")?, o.req("to")?, o.req("protocol")?, o.opt("port")?))
    };
    Ok(match o.tag("kind", &["reach", "isolate", "through", "symmetric", "resolves"])? {
        0 => {
            let (from, to, protocol, port) = flow(o)?;
            IntentCheck::Reach { from, to, protocol, port }
        }
        1 => {
            let (from, to, protocol, port) = flow(o)?;
            IntentCheck::Isolate { from, to, protocol, port }
        }
        2 => {
            let (from, to, protocol, port) = flow(o)?;
            IntentCheck::Through { from, to, protocol, port, device: o.req("device")? }
        }
        3 => {
            let (from, to, protocol, port) = flow(o)?;
            IntentCheck::Symmetric { from, to, protocol, port }
        }
        _ => IntentCheck::Resolves { from: o.req("from")?, name: o.req("name")?, expect: o.req("expect")? },
    })
}

object!(IntentEnd, |o| Ok(match o.tag("type", &["element", "internet"])? {
    0 => IntentEnd::Element { id: o.req("id")? },
    _ => IntentEnd::Internet { ip: o.req("ip")? },
}));

object!(DnsExpectation, |o| Ok(match o.tag("type", &["privateEndpoint", "ip", "notPublic"])? {
    0 => DnsExpectation::PrivateEndpoint,
    1 => DnsExpectation::Ip { ip: o.req("ip")? },
    _ => DnsExpectation::NotPublic,
}));
