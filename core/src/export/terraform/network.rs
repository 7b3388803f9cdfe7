//! Virtual networks, subnets (with their NSG, route table and NAT gateway associations, the
//! azurerm way of attaching them), peerings, route tables with their routes, NSGs with their
//! rules, and application security groups.

use super::context::Ctx;
use crate::model::{Access, AddressMatch, Direction, NextHopType, PeNetworkPolicies, Protocol};
use hcl::{Block, BlockBuilder, Expression};

pub(super) fn resource(kind: &str, label: &str) -> BlockBuilder {
    Block::builder("resource").add_label(kind).add_label(label)
}

/// Lines of strings as a list.
pub(super) fn list<T: ToString>(items: &[T]) -> Expression {
    Expression::from(items.iter().map(|x| Expression::from(x.to_string())).collect::<Vec<_>>())
}

/// Azure tags of an element, when it has any.
pub(super) fn tags(b: BlockBuilder, meta: &crate::model::Meta) -> BlockBuilder {
    if meta.tags.is_empty() {
        return b;
    }
    let obj: hcl::Object<hcl::ObjectKey, Expression> =
        meta.tags.iter().map(|(k, v)| (hcl::ObjectKey::from(k.as_str()), Expression::from(v.as_str()))).collect();
    b.add_attribute(("tags", Expression::from(obj)))
}

pub(super) fn register(cx: &mut Ctx) {
    let d = cx.d;
    for v in d.vnets.iter().filter(|v| !v.meta.external) {
        cx.register(&v.id, "azurerm_virtual_network", &v.name, "vnet");
    }
    for s in &d.subnets {
        let vnet = cx.ix().vnet(&s.vnet);
        if vnet.is_some_and(|v| !v.meta.external) && !s.meta.external {
            let name = format!("{}_{}", vnet.map(|v| v.name.as_str()).unwrap_or_default(), s.name);
            cx.register(&s.id, "azurerm_subnet", &name, "snet");
        }
    }
    for t in d.route_tables.iter().filter(|t| !t.meta.external) {
        cx.register(&t.id, "azurerm_route_table", &t.name, "rt");
    }
    for g in d.nsgs.iter().filter(|g| !g.meta.external) {
        cx.register(&g.id, "azurerm_network_security_group", &g.name, "nsg");
    }
    for a in d.asgs.iter().filter(|a| !a.meta.external) {
        cx.register(&a.id, "azurerm_application_security_group", &a.name, "asg");
    }
}

pub(super) fn write(cx: &mut Ctx) {
    let d = cx.d;
    for a in d.asgs.iter().filter(|a| !a.meta.external) {
        let Some((kind, label)) = cx.resource(&a.id).map(|(k, l)| (k, l.to_string())) else { continue };
        let loc = cx.location(&cx.first_region());
        let b = resource(kind, &label)
            .add_attribute(("name", a.name.as_str()))
            .add_attribute(("location", loc))
            .add_attribute(("resource_group_name", cx.rg()));
        cx.push(tags(b, &a.meta).build());
    }
    for t in d.route_tables.iter().filter(|t| !t.meta.external) {
        let Some(label) = cx.resource(&t.id).map(|(_, l)| l.to_string()) else { continue };
        let loc = cx.location(&cx.first_region());
        let mut b = resource("azurerm_route_table", &label)
            .add_attribute(("name", t.name.as_str()))
            .add_attribute(("location", loc))
            .add_attribute(("resource_group_name", cx.rg()))
            .add_attribute(("bgp_route_propagation_enabled", !t.disable_bgp_route_propagation));
        for r in &t.routes {
            let mut route = Block::builder("route")
                .add_attribute(("name", r.name.as_str()))
                .add_attribute(("address_prefix", r.prefix.to_string()))
                .add_attribute(("next_hop_type", r.next_hop_type.arm_name()));
            if let (NextHopType::VirtualAppliance, Some(ip)) = (r.next_hop_type, r.next_hop_ip) {
                route = route.add_attribute(("next_hop_in_ip_address", ip.to_string()));
            }
            b = b.add_block(route.build());
        }
        cx.push(tags(b, &t.meta).build());
    }
    for g in d.nsgs.iter().filter(|g| !g.meta.external) {
        let Some(label) = cx.resource(&g.id).map(|(_, l)| l.to_string()) else { continue };
        let loc = cx.location(&cx.first_region());
        let mut b = resource("azurerm_network_security_group", &label)
            .add_attribute(("name", g.name.as_str()))
            .add_attribute(("location", loc))
            .add_attribute(("resource_group_name", cx.rg()));
        for r in &g.rules {
            b = b.add_block(security_rule(cx, r));
        }
        cx.push(tags(b, &g.meta).build());
    }
    for v in d.vnets.iter().filter(|v| !v.meta.external) {
        vnet(cx, v);
    }
    for p in &d.peerings {
        let Some(vnet) = cx.ix().vnet(&p.vnet).filter(|v| !v.meta.external) else { continue };
        let Some(local) = cx.resource(&vnet.id).map(|(_, l)| l.to_string()) else { continue };
        let label = cx.label("azurerm_virtual_network_peering", &p.name, "peer");
        let b = resource("azurerm_virtual_network_peering", &label)
            .add_attribute(("name", p.name.as_str()))
            .add_attribute(("resource_group_name", cx.rg()))
            .add_attribute(("virtual_network_name", super::context::path("azurerm_virtual_network", &[&local, "name"])))
            .add_attribute(("remote_virtual_network_id", cx.id(&p.remote_vnet)))
            .add_attribute(("allow_virtual_network_access", p.allow_virtual_network_access))
            .add_attribute(("allow_forwarded_traffic", p.allow_forwarded_traffic))
            .add_attribute(("allow_gateway_transit", p.allow_gateway_transit))
            .add_attribute(("use_remote_gateways", p.use_remote_gateways));
        cx.push(b.build());
    }
}

fn vnet(cx: &mut Ctx, v: &crate::model::Vnet) {
    let Some(label) = cx.resource(&v.id).map(|(_, l)| l.to_string()) else { return };
    let loc = cx.location(&v.region);
    let mut b = resource("azurerm_virtual_network", &label)
        .add_attribute(("name", v.name.as_str()))
        .add_attribute(("location", loc))
        .add_attribute(("resource_group_name", cx.rg()))
        .add_attribute(("address_space", list(&v.address_space)));
    if !v.dns_servers.is_empty() {
        b = b.add_attribute(("dns_servers", list(&v.dns_servers)));
    }
    cx.push(tags(b, &v.meta).build());
    for s in cx.ix().subnets_of(&v.id).to_vec() {
        let Some(sl) = cx.resource(&s.id).map(|(_, l)| l.to_string()) else { continue };
        let policies = match s.private_endpoint_network_policies {
            PeNetworkPolicies::Disabled => "Disabled",
            PeNetworkPolicies::Enabled => "Enabled",
            PeNetworkPolicies::NetworkSecurityGroupEnabled => "NetworkSecurityGroupEnabled",
            PeNetworkPolicies::RouteTableEnabled => "RouteTableEnabled",
        };
        let mut b = resource("azurerm_subnet", &sl)
            .add_attribute(("name", s.name.as_str()))
            .add_attribute(("resource_group_name", cx.rg()))
            .add_attribute(("virtual_network_name", super::context::path("azurerm_virtual_network", &[&label, "name"])))
            .add_attribute(("address_prefixes", list(&[s.prefix])));
        if !s.service_endpoints.is_empty() {
            let names: Vec<&str> = s.service_endpoints.iter().map(|e| e.service.as_str()).collect();
            b = b.add_attribute(("service_endpoints", list(&names)));
        }
        b = b.add_attribute(("private_endpoint_network_policies", policies));
        if let Some(service) = &s.delegation {
            let inner = Block::builder("service_delegation").add_attribute(("name", service.as_str())).build();
            b = b
                .add_block(Block::builder("delegation").add_attribute(("name", "delegation")).add_block(inner).build());
        }
        cx.push(b.build());
        let subnet_id = super::context::path("azurerm_subnet", &[&sl, "id"]);
        if let Some(g) = &s.nsg {
            let b = resource("azurerm_subnet_network_security_group_association", &sl)
                .add_attribute(("subnet_id", subnet_id.clone()))
                .add_attribute(("network_security_group_id", cx.id(g)));
            cx.push(b.build());
        }
        if let Some(t) = &s.route_table {
            let b = resource("azurerm_subnet_route_table_association", &sl)
                .add_attribute(("subnet_id", subnet_id.clone()))
                .add_attribute(("route_table_id", cx.id(t)));
            cx.push(b.build());
        }
        if let Some(n) = cx.ix().nat_of_subnet(&s.id).filter(|n| !n.meta.external) {
            let b = resource("azurerm_subnet_nat_gateway_association", &sl)
                .add_attribute(("subnet_id", subnet_id))
                .add_attribute(("nat_gateway_id", cx.id(&n.id)));
            cx.push(b.build());
        }
    }
}

fn security_rule(cx: &Ctx, r: &crate::model::NsgRule) -> Block {
    let protocol = match r.protocol {
        Protocol::Tcp => "Tcp",
        Protocol::Udp => "Udp",
        Protocol::Icmp => "Icmp",
        Protocol::Any => "*",
    };
    let mut b = Block::builder("security_rule")
        .add_attribute(("name", r.name.as_str()))
        .add_attribute(("priority", i64::from(r.priority)))
        .add_attribute(("direction", if r.direction == Direction::Inbound { "Inbound" } else { "Outbound" }))
        .add_attribute(("access", if r.access == Access::Allow { "Allow" } else { "Deny" }))
        .add_attribute(("protocol", protocol))
        .add_attribute(("source_port_range", r.source_ports.to_string()))
        .add_attribute(("destination_port_range", r.destination_ports.to_string()));
    let asgs = |list: &[crate::id::Id]| Expression::from(list.iter().map(|a| cx.id(a)).collect::<Vec<_>>());
    b = if r.source_asgs.is_empty() {
        b.add_attribute(("source_address_prefix", prefix(&r.source)))
    } else {
        b.add_attribute(("source_application_security_group_ids", asgs(&r.source_asgs)))
    };
    b = if r.destination_asgs.is_empty() {
        b.add_attribute(("destination_address_prefix", prefix(&r.destination)))
    } else {
        b.add_attribute(("destination_application_security_group_ids", asgs(&r.destination_asgs)))
    };
    b.build()
}

fn prefix(m: &AddressMatch) -> String {
    m.to_string()
}
