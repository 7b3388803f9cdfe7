//! Hybrid connectivity: virtual network gateways with their public IP, local network gateways
//! (their device address is a variable: the model holds the site's prefixes, not its VPN
//! device), ExpressRoute circuits (provider, location and bandwidth as variables) for sites
//! only ExpressRoute reaches, and connections (IPsec with the shared key as a sensitive
//! variable, Vnet2Vnet P-14, ExpressRoute).

use super::compute::{pip_id, public_ip};
use super::context::Ctx;
use super::network::{list, resource, tags};
use crate::model::{ConnectionPeer, GatewayKind};
use hcl::{Block, Expression};

/// Whether a site is reached only over ExpressRoute (written as a circuit): as the flat ARM
/// writer decides it.
fn is_circuit(cx: &Ctx, site: &crate::id::Id) -> bool {
    crate::export::arm::hybrid::is_circuit(cx.d, site)
}

pub(super) fn register(cx: &mut Ctx) {
    let d = cx.d;
    for s in d.sites.iter().filter(|s| !s.meta.external) {
        if is_circuit(cx, &s.id) {
            cx.register(&s.id, "azurerm_express_route_circuit", &s.name, "erc");
        } else {
            cx.register(&s.id, "azurerm_local_network_gateway", &s.name, "lgw");
        }
    }
    for g in d.gateways.iter().filter(|g| !g.meta.external) {
        cx.register(&g.id, "azurerm_virtual_network_gateway", &g.name, "vgw");
    }
}

pub(super) fn write(cx: &mut Ctx) {
    let d = cx.d;
    for (i, s) in d.sites.iter().filter(|s| !s.meta.external).enumerate() {
        let Some((kind, label)) = cx.resource(&s.id).map(|(k, l)| (k, l.to_string())) else { continue };
        let loc = cx.location(&cx.first_region());
        let b = if kind == "azurerm_express_route_circuit" {
            let provider = cx.var(
                "express_route_provider",
                "string",
                Some("Equinix".into()),
                "Service provider of the ExpressRoute circuits (the design does not hold it).",
            );
            let peering = cx.var(
                "express_route_peering_location",
                "string",
                Some("Amsterdam".into()),
                "Peering location of the ExpressRoute circuits.",
            );
            let bandwidth = cx.var(
                "express_route_bandwidth_in_mbps",
                "number",
                Some(1000i64.into()),
                "Bandwidth of the ExpressRoute circuits.",
            );
            let sku =
                Block::builder("sku").add_attribute(("tier", "Standard")).add_attribute(("family", "MeteredData"));
            resource(kind, &label)
                .add_attribute(("name", s.name.as_str()))
                .add_attribute(("location", loc))
                .add_attribute(("resource_group_name", cx.rg()))
                .add_attribute(("service_provider_name", provider))
                .add_attribute(("peering_location", peering))
                .add_attribute(("bandwidth_in_mbps", bandwidth))
                .add_block(sku.build())
        } else {
            let var = format!("{label}_gateway_address");
            let description = format!("Public IP address of the VPN device of site '{}' (the design does not hold it; 203.0.113.0/24 is documentation space).", s.name);
            let address = cx.var(&var, "string", Some(format!("203.0.113.{}", 1 + i % 254).into()), &description);
            resource(kind, &label)
                .add_attribute(("name", s.name.as_str()))
                .add_attribute(("location", loc))
                .add_attribute(("resource_group_name", cx.rg()))
                .add_attribute(("gateway_address", address))
                .add_attribute(("address_space", list(&s.prefixes)))
        };
        cx.push(tags(b, &s.meta).build());
    }
    for g in d.gateways.iter().filter(|g| !g.meta.external) {
        let Some(label) = cx.resource(&g.id).map(|(_, l)| l.to_string()) else { continue };
        let loc = cx.location(&cx.region_of_subnet(&g.subnet));
        // Active-active (two instances, R-25) takes one IP configuration and public IP each.
        let active = g.instance_ips.len() > 1;
        let mut configs = Vec::new();
        for k in 1..=(if active { 2 } else { 1 }) {
            let name = if k == 1 { format!("{}-pip", g.name) } else { format!("{}-pip{k}", g.name) };
            let pip = public_ip(cx, &name, loc.clone());
            let config = Block::builder("ip_configuration")
                .add_attribute(("name", format!("ipconfig{k}")))
                .add_attribute(("public_ip_address_id", pip_id(&pip)))
                .add_attribute(("private_ip_address_allocation", "Dynamic"))
                .add_attribute(("subnet_id", cx.id(&g.subnet)));
            configs.push(config.build());
        }
        let mut b = resource("azurerm_virtual_network_gateway", &label)
            .add_attribute(("name", g.name.as_str()))
            .add_attribute(("location", loc.clone()))
            .add_attribute(("resource_group_name", cx.rg()));
        b = match g.kind {
            GatewayKind::Vpn => b.add_attribute(("type", "Vpn")).add_attribute(("vpn_type", "RouteBased")),
            GatewayKind::ExpressRoute => b.add_attribute(("type", "ExpressRoute")),
        };
        b = b
            .add_attribute(("sku", g.sku.as_str()))
            .add_attribute(("active_active", active))
            .add_attribute(("bgp_enabled", g.bgp))
            .add_blocks(configs);
        cx.push(tags(b, &g.meta).build());
        for c in g.connections.iter().filter(|c| !c.meta.external) {
            let l = cx.label("azurerm_virtual_network_gateway_connection", &c.name, "con");
            let mut b = resource("azurerm_virtual_network_gateway_connection", &l)
                .add_attribute(("name", c.name.as_str()))
                .add_attribute(("location", loc.clone()))
                .add_attribute(("resource_group_name", cx.rg()));
            let gw = super::context::path("azurerm_virtual_network_gateway", &[&label, "id"]);
            b = match (&c.peer, g.kind) {
                (ConnectionPeer::Gateway(remote), _) => {
                    let key = cx.secret("vpn_shared_key", "Shared key of the VPN connections.");
                    b.add_attribute(("type", "Vnet2Vnet"))
                        .add_attribute(("virtual_network_gateway_id", gw))
                        .add_attribute(("peer_virtual_network_gateway_id", cx.id(remote)))
                        .add_attribute(("shared_key", key))
                }
                (ConnectionPeer::Site(site), GatewayKind::ExpressRoute) => b
                    .add_attribute(("type", "ExpressRoute"))
                    .add_attribute(("virtual_network_gateway_id", gw))
                    .add_attribute(("express_route_circuit_id", cx.id(site))),
                (ConnectionPeer::Site(site), GatewayKind::Vpn) => {
                    let key = cx.secret("vpn_shared_key", "Shared key of the VPN connections.");
                    b.add_attribute(("type", "IPsec"))
                        .add_attribute(("virtual_network_gateway_id", gw))
                        .add_attribute(("local_network_gateway_id", cx.id(site)))
                        .add_attribute(("shared_key", key))
                }
            };
            b = b.add_attribute(("bgp_enabled", Expression::from(c.bgp.unwrap_or(g.bgp))));
            cx.push(tags(b, &c.meta).build());
        }
    }
}
