//! Hybrid connectivity in the flat REST shape, as `import::hybrid` reads it: virtual network
//! gateways (with their public IP and `bgpSettings` instance addresses, R-25), connections
//! (IPsec to a local network gateway, Vnet2Vnet to another gateway (P-14), ExpressRoute to a
//! circuit) and on-premises sites as local network gateways, or as ExpressRoute circuits when
//! only ExpressRoute reaches them.
//!
//! Azure has no resource for a site's hosts, DNS servers or router settings, and import infers a
//! connection's learned prefixes and a gateway's instance IPs when they are not given: those
//! go to `vnetStudio` ([`studio`]) so that they come back exactly.

use super::{public_ip, resource, Ids};
use crate::model::{ConnectionPeer, Design, GatewayKind};
use serde_json::{json, Value};

/// Whether a site is reached only over ExpressRoute: it is written as a circuit, not a local
/// network gateway (a circuit has no address space in Azure's JSON).
pub(crate) fn is_circuit(d: &Design, site: &crate::id::Id) -> bool {
    let mut kinds = d
        .gateways
        .iter()
        .flat_map(|g| g.connections.iter().map(move |c| (g.kind, c)))
        .filter(|(_, c)| c.peer.site() == Some(site))
        .map(|(k, _)| k)
        .peekable();
    kinds.peek().is_some() && kinds.all(|k| k == GatewayKind::ExpressRoute)
}

pub(super) fn write(d: &Design, ids: &Ids, region: &str, out: &mut Vec<Value>) {
    for s in d.sites.iter().filter(|s| !s.meta.external) {
        if is_circuit(d, &s.id) {
            let props = json!({ "serviceProviderProperties": {} });
            out.push(resource(ids, &s.id, &s.name, "Microsoft.Network/expressRouteCircuits", region, &s.meta, props));
        } else {
            let space: Vec<String> = s.prefixes.iter().map(ToString::to_string).collect();
            let props = json!({ "localNetworkAddressSpace": { "addressPrefixes": space } });
            out.push(resource(ids, &s.id, &s.name, "Microsoft.Network/localNetworkGateways", region, &s.meta, props));
        }
    }
    for g in d.gateways.iter().filter(|g| !g.meta.external) {
        let location = ids.ix.region_of_subnet(&g.subnet).unwrap_or(region).to_string();
        let mut config = json!({ "privateIPAllocationMethod": "Dynamic", "subnet": { "id": ids.of(&g.subnet) } });
        if let Some(ip) = g.public_ip {
            let pip = public_ip(ids, &g.id, &format!("{}-pip", g.name), ip, &location);
            config["publicIPAddress"] = json!({ "id": pip["id"] });
            out.push(pip);
        }
        let kind = match g.kind {
            GatewayKind::Vpn => "Vpn",
            GatewayKind::ExpressRoute => "ExpressRoute",
        };
        let base = ids.of(&g.id);
        let peering: Vec<Value> = g
            .instance_ips
            .iter()
            .enumerate()
            .map(|(i, ip)| {
                json!({ "ipconfigurationId": format!("{base}/ipConfigurations/ipconfig{}", i + 1),
                    "defaultBgpIpAddresses": [ip.to_string()] })
            })
            .collect();
        let props = json!({
            "gatewayType": kind,
            "sku": { "name": g.sku, "tier": g.sku },
            "activeActive": g.instance_ips.len() > 1,
            "enableBgp": g.bgp,
            "ipConfigurations": [{ "name": "ipconfig1", "id": format!("{base}/ipConfigurations/ipconfig1"), "properties": config }],
            "bgpSettings": { "bgpPeeringAddresses": peering }
        });
        out.push(resource(ids, &g.id, &g.name, "Microsoft.Network/virtualNetworkGateways", &location, &g.meta, props));
        for c in g.connections.iter().filter(|c| !c.meta.external) {
            let mut props = json!({ "virtualNetworkGateway1": { "id": base }, "enableBgp": c.bgp.unwrap_or(g.bgp) });
            match (&c.peer, g.kind) {
                (ConnectionPeer::Gateway(remote), _) => {
                    props["connectionType"] = json!("Vnet2Vnet");
                    props["virtualNetworkGateway2"] = json!({ "id": ids.of(remote) });
                }
                (ConnectionPeer::Site(site), GatewayKind::ExpressRoute) => {
                    props["connectionType"] = json!("ExpressRoute");
                    props["peer"] = json!({ "id": ids.of(site) });
                }
                (ConnectionPeer::Site(site), GatewayKind::Vpn) => {
                    props["connectionType"] = json!("IPsec");
                    props["localNetworkGateway2"] = json!({ "id": ids.of(site) });
                }
            }
            out.push(resource(ids, &c.id, &c.name, "Microsoft.Network/connections", &location, &c.meta, props));
        }
    }
}

/// The hybrid parts `vnetStudio` holds: per gateway its BGP flag, instance IPs and connection
/// order; per connection what it learned; per site what Azure has no property for.
pub(super) fn studio(d: &Design, ids: &Ids, s: &mut Value) {
    let gateways: Vec<Value> = d
        .gateways
        .iter()
        .filter(|g| !g.meta.external)
        .map(|g| {
            let connections: Vec<Value> = g
                .connections
                .iter()
                .filter(|c| !c.meta.external)
                .map(|c| {
                    json!({ "connection": ids.of(&c.id), "bgp": c.bgp, "nextHops": c.next_hops,
                        "learnedPrefixes": c.learned_prefixes })
                })
                .collect();
            json!({ "gateway": ids.of(&g.id), "bgp": g.bgp, "instanceIps": g.instance_ips, "connections": connections })
        })
        .collect();
    if !gateways.is_empty() {
        s["gateways"] = json!(gateways);
    }
    let sites: Vec<Value> = d
        .sites
        .iter()
        .filter(|x| !x.meta.external)
        .filter_map(|x| {
            let mut v = serde_json::to_value(x).ok()?;
            if let Some(o) = v.as_object_mut() {
                o.remove("id");
                o.remove("meta");
                o.remove("name");
            }
            v["site"] = json!(ids.of(&x.id));
            Some(v)
        })
        .collect();
    if !sites.is_empty() {
        s["sites"] = json!(sites);
    }
}
