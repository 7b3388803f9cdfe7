//! `{"value": […resources…], "vnetStudio": {…}}`: the Azure part of a design as REST resources
//! (`{id, name, type, location, tags, properties}`, children inline as Azure returns them, or as
//! child resources where Resource Graph lists them so), and beside them the parts Azure has no
//! resource for. Any design exported so imports back to itself (`tests/import_roundtrip.rs`).
//!
//! Resources, one module per family: VNets with subnets and peerings, route tables, NSGs, ASGs,
//! NICs with their public IPs, VMs, internal load balancers, NAT gateways (here); Azure Firewalls
//! with their policies ([`firewall`]); gateways, connections, local network gateways and circuits
//! ([`hybrid`]); catalog PaaS services with their service firewalls ([`paas`]); private DNS
//! zones, links, records and private endpoints ([`dns`]); DNS private resolvers and forwarding
//! rulesets ([`resolver`]).
//!
//! `vnetStudio` holds the design's name and description, the VM roles (NVA rules, DNS server
//! settings: Azure only knows IP forwarding), public DNS records and service prefixes (here); a
//! gateway's instance IPs, a connection's learned prefixes and next hops, a site's hosts, router
//! and DNS servers ([`hybrid`]); a PaaS resource's synthetic public IP and default action
//! ([`paas`]); traffic, questions, intents and settings ([`studio`]). Placeholders
//! (`meta.external`) are references, not resources: they are not written.
//!
//! Ids: `meta.azureId` when the element has one, else one under the placeholder subscription and
//! resource group of DECISIONS 28, from the element's name (made unique when names repeat).

mod dns;
mod firewall;
pub(crate) mod hybrid;
mod paas;
mod resolver;
mod studio;

use crate::document::Document;
use crate::id::Id;
use crate::model::{
    Access, Design, Direction, FirewallRules, Meta, NextHopType, PeNetworkPolicies, ProbeProtocol, Protocol, SnatRange,
};
use serde_json::{json, Map, Value};
use std::collections::{BTreeMap, HashMap, HashSet};

pub(crate) const RG: &str = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-imported/providers";

/// The design as Azure REST resources plus the `vnetStudio` object.
pub fn to_arm_resources(doc: &Document) -> Value {
    let d = &doc.design;
    let (out, studio) = write(d, &Ids::new(d, true));
    super::object([("value", Value::Array(out)), ("vnetStudio", studio)])
}

/// The resources and the `vnetStudio` object with every id under the placeholder resource group
/// (`meta.azureId` kept for placeholders only): what a deployment template deploys into one
/// resource group, so that the template's `resourceId()`s and `vnetStudio`'s references agree.
pub(crate) fn for_template(d: &Design) -> (Vec<Value>, Value) {
    write(d, &Ids::new(d, false))
}

fn write(d: &Design, ids: &Ids) -> (Vec<Value>, Value) {
    let mut out: Vec<Value> = Vec::new();
    for a in d.asgs.iter().filter(|a| !a.meta.external) {
        out.push(resource(ids, &a.id, &a.name, "Microsoft.Network/applicationSecurityGroups", "", &a.meta, json!({})));
    }
    let region = d.vnets.first().map(|v| v.region.as_str()).unwrap_or_default();
    for g in d.nsgs.iter().filter(|g| !g.meta.external) {
        let rules: Vec<Value> = g.rules.iter().map(|r| nsg_rule(ids, &g.id, r)).collect();
        let props = super::object([("securityRules", Value::Array(rules))]);
        out.push(resource(ids, &g.id, &g.name, "Microsoft.Network/networkSecurityGroups", region, &g.meta, props));
    }
    for t in d.route_tables.iter().filter(|t| !t.meta.external) {
        let routes: Vec<Value> = t
            .routes
            .iter()
            .map(|r| {
                let mut p = json!({ "addressPrefix": r.prefix.to_string(), "nextHopType": r.next_hop_type.arm_name() });
                if let (NextHopType::VirtualAppliance, Some(ip)) = (r.next_hop_type, r.next_hop_ip) {
                    p["nextHopIpAddress"] = json!(ip.to_string());
                }
                let id = format!("{}/routes/{}", ids.of(&t.id), r.name);
                super::object([("id", Value::String(id)), ("name", json!(r.name)), ("properties", p)])
            })
            .collect();
        let props = super::object([
            ("disableBgpRoutePropagation", Value::Bool(t.disable_bgp_route_propagation)),
            ("routes", Value::Array(routes)),
        ]);
        out.push(resource(ids, &t.id, &t.name, "Microsoft.Network/routeTables", region, &t.meta, props));
    }
    for v in d.vnets.iter().filter(|v| !v.meta.external) {
        out.push(vnet(ids, v));
    }
    for n in d.nat_gateways.iter().filter(|n| !n.meta.external) {
        let pips: Vec<Value> = n
            .public_ips
            .iter()
            .enumerate()
            .map(|(i, ip)| {
                let name = format!("{}-pip{}", n.name, i + 1);
                let pip = public_ip(ids, &n.id, &name, *ip, region);
                let reference = json!({ "id": pip["id"] });
                out.push(pip);
                reference
            })
            .collect();
        let subnets: Vec<Value> = n.subnets.iter().map(|s| json!({ "id": ids.of(s) })).collect();
        let props = super::object([("publicIpAddresses", Value::Array(pips)), ("subnets", Value::Array(subnets))]);
        out.push(resource(ids, &n.id, &n.name, "Microsoft.Network/natGateways", region, &n.meta, props));
    }
    compute(d, ids, region, &mut out);
    firewall::firewalls(d, ids, region, &mut out);
    balancers(d, ids, region, &mut out);
    hybrid::write(d, ids, region, &mut out);
    paas::write(d, ids, &mut out);
    dns::zones(d, ids, &mut out);
    dns::endpoints(d, ids, &mut out);
    resolver::write(d, ids, region, &mut out);
    (out, studio(d, ids))
}

/// Azure ids of the design's elements.
pub(crate) struct Ids<'d> {
    /// The design's lookups, indexed once.
    pub(crate) ix: super::index::Index<'d>,
    map: HashMap<Id, String>,
    used: HashSet<String>,
    /// Whether `meta.azureId` is kept for elements of the design (not only for placeholders).
    keep_azure: bool,
}

impl<'d> Ids<'d> {
    pub(crate) fn new(d: &'d Design, keep_azure: bool) -> Self {
        let ix = super::index::Index::new(d);
        let mut ids = Ids { ix, map: HashMap::new(), used: HashSet::new(), keep_azure };
        for v in &d.vnets {
            ids.add(&v.id, &v.meta, format!("{RG}/Microsoft.Network/virtualNetworks/{}", v.name));
        }
        for s in &d.subnets {
            let parent = ids.of(&s.vnet);
            ids.add(&s.id, &s.meta, format!("{parent}/subnets/{}", s.name));
        }
        for p in &d.peerings {
            let parent = ids.of(&p.vnet);
            ids.add(&p.id, &p.meta, format!("{parent}/virtualNetworkPeerings/{}", p.name));
        }
        let net = |kind: &str, name: &str| format!("{RG}/Microsoft.Network/{kind}/{name}");
        for t in &d.route_tables {
            ids.add(&t.id, &t.meta, net("routeTables", &t.name));
        }
        for g in &d.nsgs {
            ids.add(&g.id, &g.meta, net("networkSecurityGroups", &g.name));
        }
        for a in &d.asgs {
            ids.add(&a.id, &a.meta, net("applicationSecurityGroups", &a.name));
        }
        for vm in &d.vms {
            ids.add(&vm.id, &vm.meta, format!("{RG}/Microsoft.Compute/virtualMachines/{}", vm.name));
            for n in &vm.nics {
                ids.add(&n.id, &n.meta, net("networkInterfaces", &n.name));
            }
        }
        for f in &d.firewalls {
            ids.add(&f.id, &f.meta, net("azureFirewalls", &f.name));
        }
        for l in &d.load_balancers {
            ids.add(&l.id, &l.meta, net("loadBalancers", &l.name));
        }
        for n in &d.nat_gateways {
            ids.add(&n.id, &n.meta, net("natGateways", &n.name));
        }
        for p in &d.paas {
            ids.add(&p.id, &p.meta, paas::default_id(p));
        }
        for z in &d.dns_zones {
            ids.add(&z.id, &z.meta, net("privateDnsZones", &z.name));
            let zone = ids.of(&z.id);
            for (i, l) in z.links.iter().enumerate() {
                let vnet =
                    ids.ix.vnet(&l.vnet).map_or_else(|| format!("link{}", i + 1), |v| format!("link-{}", v.name));
                ids.add(&l.id, &l.meta, format!("{zone}/virtualNetworkLinks/{vnet}"));
            }
        }
        for p in &d.private_endpoints {
            ids.add(&p.id, &p.meta, net("privateEndpoints", &p.name));
        }
        for r in &d.resolvers {
            ids.add(&r.id, &r.meta, net("dnsResolvers", &r.name));
            let base = ids.of(&r.id);
            for e in &r.inbound_endpoints {
                ids.add(&e.id, &e.meta, format!("{base}/inboundEndpoints/{}", e.name));
            }
            for e in &r.outbound_endpoints {
                ids.add(&e.id, &e.meta, format!("{base}/outboundEndpoints/{}", e.name));
            }
        }
        for s in &d.rulesets {
            ids.add(&s.id, &s.meta, net("dnsForwardingRulesets", &s.name));
        }
        for s in &d.sites {
            let kind = if hybrid::is_circuit(d, &s.id) { "expressRouteCircuits" } else { "localNetworkGateways" };
            ids.add(&s.id, &s.meta, net(kind, &s.name));
        }
        for g in &d.gateways {
            ids.add(&g.id, &g.meta, net("virtualNetworkGateways", &g.name));
            for c in &g.connections {
                ids.add(&c.id, &c.meta, net("connections", &c.name));
            }
        }
        ids
    }

    /// The element's Azure id: its own, or `path`, made unique when a name repeats.
    fn add(&mut self, id: &Id, meta: &Meta, path: String) {
        let own = !meta.azure_id.is_empty() && (self.keep_azure || meta.external);
        let mut full = if own { meta.azure_id.clone() } else { path };
        if !self.used.insert(full.to_ascii_lowercase()) {
            full = format!("{full}-{id}");
            self.used.insert(full.to_ascii_lowercase());
        }
        self.map.insert(id.clone(), full);
    }

    /// The element's Azure id, when it has one here.
    pub(super) fn get(&self, id: &Id) -> Option<&String> {
        self.map.get(id)
    }

    pub(crate) fn of(&self, id: &Id) -> String {
        self.map.get(id).cloned().unwrap_or_else(|| id.to_string())
    }
}

/// One REST resource.
pub(super) fn resource(ids: &Ids, id: &Id, name: &str, kind: &str, location: &str, meta: &Meta, props: Value) -> Value {
    let mut r = Map::new();
    r.insert("id".into(), Value::String(ids.of(id)));
    r.insert("name".into(), json!(name));
    r.insert("type".into(), json!(kind));
    r.insert("properties".into(), props);
    if !location.is_empty() {
        r.insert("location".into(), json!(location));
    }
    if !meta.tags.is_empty() {
        r.insert("tags".into(), json!(meta.tags));
    }
    Value::Object(r)
}

/// A public IP resource named after its owner.
pub(super) fn public_ip(ids: &Ids, owner: &Id, name: &str, ip: std::net::Ipv4Addr, region: &str) -> Value {
    let base = ids.of(owner);
    let rg = base.split("/providers/").next().unwrap_or(RG);
    json!({
        "id": format!("{rg}/providers/Microsoft.Network/publicIPAddresses/{name}"),
        "name": name,
        "type": "Microsoft.Network/publicIPAddresses",
        "location": region,
        "sku": { "name": "Standard" },
        "properties": { "publicIPAllocationMethod": "Static", "ipAddress": ip.to_string() }
    })
}

fn protocol(p: Protocol) -> &'static str {
    match p {
        Protocol::Tcp => "Tcp",
        Protocol::Udp => "Udp",
        Protocol::Icmp => "Icmp",
        Protocol::Any => "*",
    }
}

fn nsg_rule(ids: &Ids, nsg: &Id, r: &crate::model::NsgRule) -> Value {
    let mut p = Map::new();
    p.insert("protocol".into(), json!(protocol(r.protocol)));
    p.insert("sourcePortRange".into(), json!(r.source_ports.to_string()));
    p.insert("destinationPortRange".into(), json!(r.destination_ports.to_string()));
    let asgs = |list: &[Id]| -> Value { list.iter().map(|a| json!({ "id": ids.of(a) })).collect() };
    if r.source_asgs.is_empty() {
        p.insert("sourceAddressPrefix".into(), json!(r.source.to_string()));
    } else {
        p.insert("sourceApplicationSecurityGroups".into(), asgs(&r.source_asgs));
    }
    if r.destination_asgs.is_empty() {
        p.insert("destinationAddressPrefix".into(), json!(r.destination.to_string()));
    } else {
        p.insert("destinationApplicationSecurityGroups".into(), asgs(&r.destination_asgs));
    }
    let access = if r.access == Access::Allow { "Allow" } else { "Deny" };
    let direction = if r.direction == Direction::Inbound { "Inbound" } else { "Outbound" };
    p.insert("access".into(), json!(access));
    p.insert("priority".into(), json!(r.priority));
    p.insert("direction".into(), json!(direction));
    let id = format!("{}/securityRules/{}", ids.of(nsg), r.name);
    super::object([("id", Value::String(id)), ("name", json!(r.name)), ("properties", Value::Object(p))])
}

fn vnet(ids: &Ids, v: &crate::model::Vnet) -> Value {
    let subnets: Vec<Value> = ids
        .ix
        .subnets_of(&v.id)
        .iter()
        .map(|s| {
            let mut p = json!({ "addressPrefix": s.prefix.to_string() });
            if let Some(t) = &s.route_table {
                p["routeTable"] = json!({ "id": ids.of(t) });
            }
            if let Some(g) = &s.nsg {
                p["networkSecurityGroup"] = json!({ "id": ids.of(g) });
            }
            if let Some(n) = ids.ix.nat_of_subnet(&s.id) {
                p["natGateway"] = json!({ "id": ids.of(&n.id) });
            }
            if !s.service_endpoints.is_empty() {
                p["serviceEndpoints"] = s
                    .service_endpoints
                    .iter()
                    .map(|e| json!({ "service": e.service, "locations": e.locations }))
                    .collect();
            }
            let policies = match s.private_endpoint_network_policies {
                PeNetworkPolicies::Disabled => "Disabled",
                PeNetworkPolicies::Enabled => "Enabled",
                PeNetworkPolicies::NetworkSecurityGroupEnabled => "NetworkSecurityGroupEnabled",
                PeNetworkPolicies::RouteTableEnabled => "RouteTableEnabled",
            };
            p["privateEndpointNetworkPolicies"] = json!(policies);
            if let Some(service) = &s.delegation {
                p["delegations"] = json!([{ "name": "delegation", "properties": { "serviceName": service } }]);
            }
            let mut r = super::object([
                ("id", Value::String(ids.of(&s.id))),
                ("name", json!(s.name)),
                ("type", json!("Microsoft.Network/virtualNetworks/subnets")),
                ("properties", p),
            ]);
            if !s.meta.tags.is_empty() {
                r["tags"] = json!(s.meta.tags);
            }
            r
        })
        .collect();
    let peerings: Vec<Value> = ids
        .ix
        .peerings_of(&v.id)
        .iter()
        .map(|p| {
            let remote = ids.ix.vnet(&p.remote_vnet);
            let reverse = ids.ix.peered(&p.remote_vnet, &p.vnet);
            let space: Vec<String> =
                remote.map(|r| r.address_space.iter().map(|n| n.to_string()).collect()).unwrap_or_default();
            json!({
                "id": ids.of(&p.id),
                "name": p.name,
                "type": "Microsoft.Network/virtualNetworks/virtualNetworkPeerings",
                "properties": {
                    "remoteVirtualNetwork": { "id": ids.of(&p.remote_vnet) },
                    "remoteAddressSpace": { "addressPrefixes": space },
                    "allowVirtualNetworkAccess": p.allow_virtual_network_access,
                    "allowForwardedTraffic": p.allow_forwarded_traffic,
                    "allowGatewayTransit": p.allow_gateway_transit,
                    "useRemoteGateways": p.use_remote_gateways,
                    "peeringState": if reverse { "Connected" } else { "Initiated" }
                }
            })
        })
        .collect();
    let space: Vec<String> = v.address_space.iter().map(|n| n.to_string()).collect();
    let mut props = super::object([
        ("addressSpace", json!({ "addressPrefixes": space })),
        ("subnets", Value::Array(subnets)),
        ("virtualNetworkPeerings", Value::Array(peerings)),
    ]);
    if !v.dns_servers.is_empty() {
        props["dhcpOptions"] =
            json!({ "dnsServers": v.dns_servers.iter().map(|ip| ip.to_string()).collect::<Vec<_>>() });
    }
    resource(ids, &v.id, &v.name, "Microsoft.Network/virtualNetworks", &v.region, &v.meta, props)
}

fn compute(d: &Design, ids: &Ids, region: &str, out: &mut Vec<Value>) {
    let region_of = |subnet: &Id| ids.ix.region_of_subnet(subnet).map(str::to_string);
    for vm in d.vms.iter().filter(|v| !v.meta.external) {
        let mut refs = Vec::new();
        for (i, n) in vm.nics.iter().enumerate() {
            let location = region_of(&n.subnet).unwrap_or_else(|| region.to_string());
            let mut configs = Vec::new();
            for (k, ip) in n.ips().enumerate() {
                let mut p = json!({ "privateIPAddress": ip.to_string(), "privateIPAllocationMethod": "Static",
                    "subnet": { "id": ids.of(&n.subnet) }, "primary": k == 0 });
                if k == 0 {
                    if let Some(pip) = n.public_ip {
                        let r = public_ip(ids, &n.id, &format!("{}-pip", n.name), pip, &location);
                        p["publicIPAddress"] = json!({ "id": r["id"] });
                        out.push(r);
                    }
                    let groups: Vec<Value> =
                        ids.ix.asgs_of_nic(&n.id).iter().map(|a| json!({ "id": ids.of(&a.id) })).collect();
                    if !groups.is_empty() {
                        p["applicationSecurityGroups"] = Value::Array(groups);
                    }
                }
                configs.push(super::object([("name", json!(format!("ipconfig{}", k + 1))), ("properties", p)]));
            }
            let mut props = json!({
                "enableIPForwarding": n.ip_forwarding,
                "dnsSettings": { "dnsServers": n.dns_servers.iter().map(|ip| ip.to_string()).collect::<Vec<_>>() },
                "primary": i == 0,
                "virtualMachine": { "id": ids.of(&vm.id) }
            });
            props["ipConfigurations"] = Value::Array(configs);
            if let Some(g) = &n.nsg {
                props["networkSecurityGroup"] = json!({ "id": ids.of(g) });
            }
            let mut tags: BTreeMap<String, String> = n.meta.tags.clone();
            tags.extend(n.tags.clone());
            let meta = Meta { tags, ..n.meta.clone() };
            out.push(resource(ids, &n.id, &n.name, "Microsoft.Network/networkInterfaces", &location, &meta, props));
            refs.push(json!({ "id": ids.of(&n.id), "properties": { "primary": i == 0 } }));
        }
        let location = vm.nics.first().and_then(|n| region_of(&n.subnet)).unwrap_or_else(|| region.to_string());
        let props = super::object([("networkProfile", super::object([("networkInterfaces", Value::Array(refs))]))]);
        out.push(resource(ids, &vm.id, &vm.name, "Microsoft.Compute/virtualMachines", &location, &vm.meta, props));
    }
}

fn balancers(d: &Design, ids: &Ids, region: &str, out: &mut Vec<Value>) {
    for lb in d.load_balancers.iter().filter(|l| !l.meta.external) {
        let base = ids.of(&lb.id);
        let members: Vec<Value> = lb
            .backends
            .iter()
            .map(|b| json!({ "id": format!("{}/ipConfigurations/ipconfig1", ids.of(&b.nic)) }))
            .collect();
        let rules: Vec<Value> = lb
            .rules
            .iter()
            .map(|r| {
                let proto = match r.protocol {
                    Protocol::Tcp => "Tcp",
                    Protocol::Udp => "Udp",
                    _ => "All",
                };
                json!({ "name": r.name, "properties": { "protocol": proto, "frontendPort": r.frontend_port, "backendPort": r.backend_port } })
            })
            .collect();
        let probes: Vec<Value> = lb
            .probe
            .iter()
            .map(|p| {
                let proto = match p.protocol {
                    ProbeProtocol::Tcp => "Tcp",
                    ProbeProtocol::Http => "Http",
                    ProbeProtocol::Https => "Https",
                };
                json!({ "name": "probe", "properties": { "protocol": proto, "port": p.port } })
            })
            .collect();
        let props = json!({
            "frontendIPConfigurations": [{ "name": "frontend", "properties": {
                "privateIPAddress": lb.frontend_ip.to_string(), "privateIPAllocationMethod": "Static", "subnet": { "id": ids.of(&lb.subnet) } } }],
            "backendAddressPools": [{ "name": "backend", "id": format!("{base}/backendAddressPools/backend"),
                "properties": { "backendIPConfigurations": members } }],
            "loadBalancingRules": rules,
            "probes": probes
        });
        let mut r = resource(ids, &lb.id, &lb.name, "Microsoft.Network/loadBalancers", region, &lb.meta, props);
        r["sku"] = json!({ "name": "Standard" });
        out.push(r);
    }
}

/// What Azure has no resource for, beside the resources.
fn studio(d: &Design, ids: &Ids) -> Value {
    let roles: Vec<Value> = d
        .vms
        .iter()
        // Every VM's role, plain ones too: import assumes one from IP forwarding or a DNS
        // server address when none is given.
        .filter(|vm| !vm.meta.external)
        .map(|vm| json!({ "vm": ids.of(&vm.id), "role": vm.role }))
        .collect();
    let mut s = super::object([
        ("name", json!(d.name)),
        ("description", json!(d.description)),
        ("vmRoles", Value::Array(roles)),
    ]);
    if !d.public_dns.is_empty() {
        s["publicDns"] = json!(d.public_dns);
    }
    if !d.service_prefixes.is_empty() {
        s["servicePrefixes"] = json!(d.service_prefixes);
    }
    // A probe's answer (F-22 b) is the simulator's assumption, not an Azure property.
    let unhealthy: Vec<Value> = d
        .load_balancers
        .iter()
        .filter(|l| !l.meta.external)
        .flat_map(|l| l.backends.iter().filter(|b| !b.healthy).map(move |b| (l, b)))
        .map(|(l, b)| json!({ "loadBalancer": ids.of(&l.id), "nic": ids.of(&b.nic) }))
        .collect();
    if !unhealthy.is_empty() {
        s["unhealthyBackends"] = json!(unhealthy);
    }
    hybrid::studio(d, ids, &mut s);
    paas::studio(d, ids, &mut s);
    studio::write(d, ids, &mut s);
    s
}

/// `SnatRange` as Azure writes it.
pub(super) fn snat_text(r: &SnatRange) -> String {
    match r {
        SnatRange::Token(_) => "IANAPrivateRanges".to_string(),
        SnatRange::Prefix(p) => p.to_string(),
    }
}

/// Whether a collection's rules are DNAT.
pub(super) fn is_dnat(r: &FirewallRules) -> bool {
    matches!(r, FirewallRules::Dnat { .. })
}
