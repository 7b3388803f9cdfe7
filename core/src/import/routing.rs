//! Route tables and their routes (AZURE.md ).

use super::shape::{get_ci, str_ci, Resource};
use super::Context;
use crate::id::Id;
use crate::model::{ElementKind, NextHopType, Route, RouteTable};
use serde_json::Value;

const TABLE: &str = "microsoft.network/routetables";
const ROUTE: &str = "microsoft.network/routetables/routes";

pub(super) fn read(cx: &mut Context<'_>) {
    for r in cx.of_kind(TABLE) {
        let id = cx.alloc(ElementKind::RouteTable);
        let disable = get_ci(&r.props, "disableBgpRoutePropagation").and_then(Value::as_bool).unwrap_or(false);
        let mut routes = Vec::new();
        for route in cx.children(r, ROUTE) {
            cx.consume(route);
            if let Some(x) = read_route(cx, route) {
                routes.push(x);
            }
        }
        cx.design.route_tables.push(RouteTable {
            id: id.clone(),
            name: r.name.clone(),
            disable_bgp_route_propagation: disable,
            routes,
            meta: cx.meta(r),
        });
        cx.imported(r, ElementKind::RouteTable, id);
    }
}

fn read_route(cx: &mut Context<'_>, r: &Resource) -> Option<Route> {
    let at = |f: &str| format!("{}#{f}", r.shown_id());
    let Some(prefix_text) = cx.text(get_ci(&r.props, "addressPrefix"), &at("addressPrefix")) else {
        cx.skip_part(at("addressPrefix"), ROUTE, "no address prefix; route not imported");
        return None;
    };
    let Ok(prefix) = prefix_text.trim().parse() else {
        cx.skip_part(
            at("addressPrefix"),
            ROUTE,
            format!("'{prefix_text}' is not an IPv4 prefix (a service-tag route, R-16, is not simulated); route not imported"),
        );
        return None;
    };
    let hop_text = str_ci(&r.props, "nextHopType").unwrap_or_default();
    let next_hop_type = match hop_text.to_ascii_lowercase().as_str() {
        "virtualappliance" => NextHopType::VirtualAppliance,
        "vnetlocal" => NextHopType::VnetLocal,
        "internet" => NextHopType::Internet,
        "none" => NextHopType::None,
        "virtualnetworkgateway" => NextHopType::VirtualNetworkGateway,
        _ => {
            cx.skip_part(
                at("nextHopType"),
                ROUTE,
                format!("next hop type '{hop_text}' is not one a UDR can have (R-11)"),
            );
            return None;
        }
    };
    let next_hop_ip = if next_hop_type == NextHopType::VirtualAppliance {
        let ip = cx.ip(get_ci(&r.props, "nextHopIpAddress"), &at("nextHopIpAddress"));
        if ip.is_none() {
            cx.skip_part(
                at("nextHopIpAddress"),
                ROUTE,
                "a VirtualAppliance route without a usable next hop IP (R-11); route not imported",
            );
            return None;
        }
        ip
    } else {
        None
    };
    Some(Route { name: r.name.clone(), prefix, next_hop_type, next_hop_ip })
}

/// The route table element a reference (`routeTable`) names, a placeholder outside the input.
pub(super) fn table_ref(cx: &mut Context<'_>, reference: Option<&Value>) -> Option<Id> {
    let reference = reference?;
    if let Some(id) = cx.element(reference) {
        return Some(id.clone());
    }
    let azure_id = super::context::ref_id(reference)?.to_string();
    let name = super::shape::name_of_id(&azure_id).to_string();
    Some(cx.placeholder(
        &azure_id,
        ElementKind::RouteTable,
        "associated here, not in the input: no routes known",
        |d, id, meta| {
            d.route_tables.push(RouteTable { id, name, disable_bgp_route_propagation: false, routes: Vec::new(), meta })
        },
    ))
}
