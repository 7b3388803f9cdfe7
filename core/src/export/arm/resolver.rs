//! The DNS Private Resolver in the flat REST shape, as `import::dns::resolver` reads it
//! (D-20..D-23): the resolver in its VNet, its inbound endpoints (subnet, static private IP) and
//! outbound endpoints as child resources, and forwarding rulesets with their outbound endpoints,
//! rules (domain, targets in order, state) and VNet links as child resources.

use super::{resource, Ids};
use crate::model::Design;
use serde_json::{json, Value};

pub(super) fn write(d: &Design, ids: &Ids, region: &str, out: &mut Vec<Value>) {
    for r in d.resolvers.iter().filter(|r| !r.meta.external) {
        let location = ids.ix.vnet(&r.vnet).map_or(region.to_string(), |v| v.region.clone());
        let props = json!({ "virtualNetwork": { "id": ids.of(&r.vnet) } });
        out.push(resource(ids, &r.id, &r.name, "Microsoft.Network/dnsResolvers", &location, &r.meta, props));
        for e in r.inbound_endpoints.iter().filter(|e| !e.meta.external) {
            let props = json!({ "ipConfigurations": [{ "subnet": { "id": ids.of(&e.subnet) },
                "privateIpAddress": e.ip.to_string(), "privateIpAllocationMethod": "Static" }] });
            let kind = "Microsoft.Network/dnsResolvers/inboundEndpoints";
            out.push(resource(ids, &e.id, &e.name, kind, &location, &e.meta, props));
        }
        for e in r.outbound_endpoints.iter().filter(|e| !e.meta.external) {
            let props = json!({ "subnet": { "id": ids.of(&e.subnet) } });
            let kind = "Microsoft.Network/dnsResolvers/outboundEndpoints";
            out.push(resource(ids, &e.id, &e.name, kind, &location, &e.meta, props));
        }
    }
    for s in d.rulesets.iter().filter(|s| !s.meta.external) {
        let base = ids.of(&s.id);
        let outbound: Vec<Value> = s.outbound_endpoints.iter().map(|e| json!({ "id": ids.of(e) })).collect();
        let props = json!({ "dnsResolverOutboundEndpoints": outbound });
        out.push(resource(ids, &s.id, &s.name, "Microsoft.Network/dnsForwardingRulesets", region, &s.meta, props));
        for rule in &s.rules {
            let targets: Vec<Value> =
                rule.targets.iter().map(|t| json!({ "ipAddress": t.ip.to_string(), "port": t.port })).collect();
            let state = if rule.enabled { "Enabled" } else { "Disabled" };
            out.push(json!({ "id": format!("{base}/forwardingRules/{}", rule.name), "name": rule.name,
                "type": "Microsoft.Network/dnsForwardingRulesets/forwardingRules",
                "properties": { "domainName": rule.domain, "targetDnsServers": targets, "forwardingRuleState": state } }));
        }
        for (i, v) in s.vnet_links.iter().enumerate() {
            let name = ids.ix.vnet(v).map_or_else(|| format!("link{}", i + 1), |x| format!("link-{}", x.name));
            out.push(json!({ "id": format!("{base}/virtualNetworkLinks/{name}"), "name": name,
                "type": "Microsoft.Network/dnsForwardingRulesets/virtualNetworkLinks",
                "properties": { "virtualNetwork": { "id": ids.of(v) } } }));
        }
    }
}
