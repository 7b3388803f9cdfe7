//! Routing traps read from the effective routes: the gateway-propagation bypass of a default route
//! to the firewall and the `0.0.0.0/0` UDR that widens the `VirtualNetwork` tag (N-4).

use super::{unique, Code, Ctx, Found, Insight, Proof, Severity};
use crate::edit::{Edit, Element};
use crate::id::Id;
use crate::model::{
    Access, AddressMatch, Direction, NextHopType, Nsg, NsgRule, PortRange, Protocol, Route, RouteTable,
};
use crate::network::SubnetIx;
use crate::routes::{RouteSource, RouteState};
use ipnet::Ipv4Net;
use std::net::Ipv4Addr;

/// Subnets Azure forbids to change this way (R-17, R-18, N-10).
fn platform(name: &str) -> bool {
    name.eq_ignore_ascii_case("GatewaySubnet") || name.eq_ignore_ascii_case("AzureFirewallSubnet")
}

/// A route table that propagates gateway routes under a default route to an appliance: its
/// subnets, the appliance IP, the learned prefixes and the gateway they come from.
type Propagating<'d> = (&'d RouteTable, Vec<SubnetIx>, Ipv4Addr, Vec<Ipv4Net>, Option<Id>);

/// `gateway-propagation-bypass`, one per route table: its subnets send `0.0.0.0/0` to an
/// appliance but keep gateway propagation on, so on-premises prefixes learned over the gateway
/// are longer and skip the appliance.
pub(crate) fn gateway_propagation(ctx: &Ctx) -> Vec<Found> {
    let net = &ctx.eng.net;
    let mut tables: Vec<Propagating> = Vec::new();
    for (s, info) in net.subnets.iter().enumerate() {
        let Some(table) = info.route_table else { continue };
        if table.disable_bgp_route_propagation || platform(&info.subnet.name) {
            continue;
        }
        let routes = &ctx.eng.routes[s].routes;
        let default_to_appliance = routes.iter().find(|r| {
            r.source == RouteSource::User
                && r.state == RouteState::Active
                && r.prefix.prefix_len() == 0
                && r.next_hop_type == NextHopType::VirtualAppliance
        });
        let Some(hop) = default_to_appliance.and_then(|r| r.next_hop_ips.first().copied()) else { continue };
        let mut learned: Vec<&crate::routes::EffectiveRoute> = routes
            .iter()
            .filter(|r| r.source == RouteSource::VirtualNetworkGateway && r.state == RouteState::Active)
            .collect();
        // one row per connection that learned a prefix; the insight names each prefix once.
        let mut seen = Vec::with_capacity(learned.len());
        learned.retain(|r| {
            let first = !seen.contains(&r.prefix);
            if first {
                seen.push(r.prefix);
            }
            first
        });
        if learned.is_empty() {
            continue;
        }
        match tables.iter_mut().find(|t| t.0.id == table.id) {
            Some(t) => t.1.push(s),
            None => tables.push((
                table,
                vec![s],
                hop,
                learned.iter().map(|r| r.prefix).collect(),
                learned.iter().find_map(|r| r.target.clone()),
            )),
        }
    }
    tables
        .into_iter()
        .map(|(table, subnets, hop, learned, gateway)| {
            let device = super::flows::device_at(ctx, hop);
            let device_name = device.as_ref().map(|d| ctx.name(d)).unwrap_or_else(|| hop.to_string());
            let mut elements = vec![table.id.clone()];
            elements.extend(subnets.iter().map(|&s| net.subnets[s].subnet.id.clone()));
            elements.extend(gateway);
            elements.extend(device);
            let prefixes: Vec<String> = learned.iter().map(|p| p.to_string()).collect();
            let mut off = table.clone();
            off.disable_bgp_route_propagation = true;
            let mut udrs = table.clone();
            for p in &learned {
                if !udrs.routes.iter().any(|r| r.prefix == *p) {
                    udrs.routes.push(Route {
                        name: format!("onprem-{}-to-appliance", p.to_string().replace(['.', '/'], "-")),
                        prefix: *p,
                        next_hop_type: NextHopType::VirtualAppliance,
                        next_hop_ip: Some(hop),
                    });
                }
            }
            let candidates = vec![
                (
                    format!("Turn gateway route propagation off on {} (R-17)", table.name),
                    vec![Edit::Update(Element::RouteTable(off))],
                ),
                (
                    format!("Add UDRs for the on-premises prefixes to {device_name} in {} (R-28)", table.name),
                    vec![Edit::Update(Element::RouteTable(udrs))],
                ),
            ];
            let insight = Insight {
                code: Code::GatewayPropagationBypass,
                severity: Severity::Warning,
                elements: unique(elements),
                title: format!("Traffic to on-premises skips {device_name} ({})", table.name),
                why: format!(
                    "{} sends 0.0.0.0/0 to {device_name} but keeps gateway route propagation on, so its \
                     subnets learn {} from the gateway. Those prefixes are longer than 0.0.0.0/0 and win \
                     (R-19): traffic to on-premises goes straight to the gateway, uninspected, and replies \
                     forced through the firewall from the gateway side meet no state there (F-12). Turn \
                     propagation off (R-17, P-7) or add UDRs for the on-premises prefixes (R-28).",
                    table.name,
                    prefixes.join(", ")
                ),
                rules: vec!["R-28", "R-17", "P-7"],
                fix: None,
                fixable: false,
            };
            Found::new(insight, Proof::Rerun(gateway_propagation, candidates))
        })
        .collect()
}

/// Whether an NSG already denies any inbound source before the default rules (so the widened
/// tag of AllowVnetInBound can no longer admit everything).
fn denies_any_inbound(nsg: &Nsg) -> bool {
    nsg.rules.iter().any(|r| {
        r.direction == Direction::Inbound
            && r.access == Access::Deny
            && r.protocol == Protocol::Any
            && matches!(r.source, AddressMatch::Any)
            && matches!(r.destination, AddressMatch::Any)
            // N-1: a rule naming groups covers their members only, whatever its (ignored) address.
            && r.source_asgs.is_empty()
            && r.destination_asgs.is_empty()
    })
}

/// A free user priority at or below `from`, counting down (N-1: 100..=4096).
fn free_priority(nsg: &Nsg, from: u16) -> Option<u16> {
    (100..=from).rev().find(|p| !nsg.rules.iter().any(|r| r.priority == *p))
}

/// `vnet-tag-widened`, one per NSG: a subnet with a `0.0.0.0/0` UDR has a `VirtualNetwork` tag that
/// matches every address (N-4), so AllowVnetInBound (65000, N-3) admits any source.
pub(crate) fn vnet_tag_widened(ctx: &Ctx) -> Vec<Found> {
    let d = ctx.design;
    let net = &ctx.eng.net;
    let mut out: Vec<Found> = Vec::new();
    let mut seen: Vec<&Id> = Vec::new();
    for info in &net.subnets {
        let Some(table) = info.route_table else { continue };
        let Some(default) = table.routes.iter().find(|r| r.prefix.prefix_len() == 0) else { continue };
        let nic_nsgs = d.nics().filter(|(_, n)| n.subnet == info.subnet.id).filter_map(|(_, n)| n.nsg.as_ref());
        for nsg_id in info.subnet.nsg.iter().chain(nic_nsgs) {
            let Some(nsg) = d.nsg(nsg_id) else { continue };
            if seen.contains(&&nsg.id) || denies_any_inbound(nsg) {
                continue;
            }
            seen.push(&nsg.id);
            let vnet = net.vnets[info.vnet];
            let mut fixed = nsg.clone();
            let (Some(deny_at), Some(allow_at)) = (free_priority(nsg, 4096), free_priority(nsg, 4095)) else {
                continue;
            };
            let allow_at =
                if allow_at == deny_at { free_priority(nsg, deny_at - 1).unwrap_or(allow_at) } else { allow_at };
            for (i, range) in vnet.address_space.iter().enumerate() {
                if i > 0 {
                    break; // one allow for the first range keeps the fix small; more are the user's call
                }
                fixed.rules.push(rule("AllowOwnVnetInbound", allow_at, Access::Allow, AddressMatch::Prefix(*range)));
            }
            fixed.rules.push(rule("DenyOtherInbound", deny_at, Access::Deny, AddressMatch::Any));
            let insight = Insight {
                code: Code::VnetTagWidened,
                severity: Severity::Warning,
                elements: unique(vec![nsg.id.clone(), info.subnet.id.clone(), table.id.clone()]),
                title: format!("{}: VirtualNetwork now means every address", nsg.name),
                why: format!(
                    "{} is used on {}, whose route table {} has the UDR {} ({}). Azure adds every UDR prefix to \
                     the subnet's VirtualNetwork service tag (N-4), so the tag matches everything and the default \
                     rule AllowVnetInBound (65000, N-3) admits any source, the internet included. Add an explicit \
                     deny below your allow rules.",
                    nsg.name,
                    info.subnet.name,
                    table.name,
                    default.prefix,
                    default.next_hop_type.arm_name()
                ),
                rules: vec!["N-4", "N-3"],
                fix: None,
                fixable: false,
            };
            let title = format!(
                "Add to {}: allow {} inbound at {allow_at}, deny any other inbound at {deny_at}",
                nsg.name,
                vnet.address_space.first().map(|r| r.to_string()).unwrap_or_default()
            );
            out.push(Found::new(
                insight,
                Proof::Rerun(vnet_tag_widened, vec![(title, vec![Edit::Update(Element::Nsg(fixed))])]),
            ));
        }
    }
    out
}

fn rule(name: &str, priority: u16, access: Access, source: AddressMatch) -> NsgRule {
    NsgRule {
        destination_asgs: Default::default(),
        source_asgs: Default::default(),
        name: name.to_string(),
        priority,
        direction: Direction::Inbound,
        access,
        protocol: Protocol::Any,
        source,
        source_ports: PortRange::ANY,
        destination: AddressMatch::Any,
        destination_ports: PortRange::ANY,
    }
}
