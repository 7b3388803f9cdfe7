//! The monthly cost estimate (issue 7 §4, AZURE.md C-1..C-23): fixed monthly items per element
//! (private endpoint hours, firewall and gateway hours, zones, resolver endpoints, rulesets) and
//! data charges from the design's traffic assumptions (`Design::traffic`, GB per month each way),
//! priced from the dated table in `catalog::prices`.
//!
//! Where the data is charged is read off the traced path of each assumption (TCP 443 from `from`
//! to `to`): private endpoint data in on the request and out on the reply (C-2, C-20), firewall
//! data processed at each crossing of the firewall, and VNet peering egress at the sender plus
//! ingress at the receiver for each crossing between two VNets (C-3, C-4, C-21, C-23), except the
//! hop into or out of a private endpoint (C-20). Service endpoints are free (C-8).
//!
//! Architecture invariant: pure arithmetic over the design, the engine's traces and the price
//! table; never panics; prices are never written here (they live in `catalog::prices`).

#[cfg(test)]
mod tests;

use crate::catalog::prices::{self, PriceTable};
use crate::id::Id;
use crate::model::{Design, FirewallSku, GatewayKind, TbConvention};
use crate::network::{Network, VnetIx};
use crate::packet::RuleId;
use crate::trace::{Engine, Flow, Hop, Place};
use std::collections::HashMap;

/// One priced item: `quantity` × `unit_price` = `amount`, on an element.
#[derive(Clone, Debug, PartialEq)]
pub struct Line {
    pub element: Id,
    pub item: String,
    pub quantity: f64,
    /// `h`, `GB`, `month`.
    pub unit: &'static str,
    pub unit_price: f64,
    pub amount: f64,
    pub rule: RuleId,
}

/// The monthly total of one element, for the panel's rows and chart.
#[derive(Clone, Debug, PartialEq)]
pub struct ElementCost {
    pub element: Id,
    pub name: String,
    pub amount: f64,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Estimate {
    /// The price table used (its date and currency are shown with every figure).
    pub table: &'static PriceTable,
    pub lines: Vec<Line>,
    /// Per element, largest first.
    pub elements: Vec<ElementCost>,
    pub total: f64,
    /// What the estimate could not price or assumed (shown under the total).
    pub notes: Vec<String>,
}

/// GB in a TB under the design's convention (C-22: the seed's figure uses 1,024).
pub fn gb_per_tb(design: &Design) -> f64 {
    match design.settings.tb_convention {
        TbConvention::Binary1024 => 1024.0,
        TbConvention::Decimal1000 => 1000.0,
    }
}

/// The monthly estimate of a design.
pub fn estimate(design: &Design) -> Estimate {
    let mut notes = Vec::new();
    let pinned = &design.settings.price_table;
    let table = if pinned.is_empty() {
        prices::latest()
    } else {
        prices::by_date(pinned).unwrap_or_else(|| {
            notes.push(format!("No price table dated {pinned}; using {}.", prices::latest().date));
            prices::latest()
        })
    };
    let mut lines = Vec::new();
    fixed(design, table, &mut lines, &mut notes);
    let eng = Engine::new(design);
    for t in &design.traffic {
        traffic(&eng, table, t, &mut lines, &mut notes);
    }
    let names: HashMap<&Id, &str> = design.elements().into_iter().map(|e| (e.id, e.name)).collect();
    let mut elements: Vec<ElementCost> = Vec::new();
    for l in &lines {
        match elements.iter_mut().find(|e| e.element == l.element) {
            Some(e) => e.amount += l.amount,
            None => elements.push(ElementCost {
                element: l.element.clone(),
                name: names.get(&l.element).map(|n| n.to_string()).unwrap_or_else(|| l.element.to_string()),
                amount: l.amount,
            }),
        }
    }
    // A stable sort: equal amounts keep design order.
    elements.sort_by(|a, b| b.amount.total_cmp(&a.amount));
    let total = lines.iter().map(|l| l.amount).sum();
    Estimate { table, lines, elements, total, notes }
}

fn line(
    element: &Id,
    item: impl Into<String>,
    quantity: f64,
    unit: &'static str,
    unit_price: f64,
    rule: RuleId,
) -> Line {
    Line {
        element: element.clone(),
        item: item.into(),
        quantity,
        unit,
        unit_price,
        amount: quantity * unit_price,
        rule,
    }
}

/// Hours and months that do not depend on traffic.
fn fixed(design: &Design, t: &PriceTable, lines: &mut Vec<Line>, notes: &mut Vec<String>) {
    let h = t.hours_per_month;
    for pe in &design.private_endpoints {
        lines.push(line(&pe.id, "endpoint hours", h, "h", t.pe_hour, "C-1"));
    }
    for fw in &design.firewalls {
        let (ix, rule) = match fw.sku {
            FirewallSku::Basic => (0, "C-7"),
            FirewallSku::Standard => (1, "C-5"),
            FirewallSku::Premium => (2, "C-6"),
        };
        let p = t.firewall[ix];
        lines.push(line(&fw.id, format!("{} deployment hours", p.sku), h, "h", p.hour, rule));
    }
    for gw in &design.gateways {
        if gw.kind == GatewayKind::ExpressRoute {
            notes.push(format!("{}: ExpressRoute gateway prices are not in the table.", gw.name));
            continue;
        }
        // AZ SKUs (VpnGw1AZ…) are priced as their non-AZ SKU: the table's older list prices (C-11).
        let sku = gw.sku.trim();
        let base = sku.strip_suffix("AZ").or_else(|| sku.strip_suffix("az")).unwrap_or(sku);
        match t.vpn_gateway_hour.iter().find(|(s, _)| s.eq_ignore_ascii_case(base)) {
            Some(&(_, price)) => lines.push(line(&gw.id, format!("{sku} gateway hours"), h, "h", price, "C-11")),
            None => notes.push(format!("{}: no price for VPN gateway SKU '{sku}'.", gw.name)),
        }
    }
    for z in &design.dns_zones {
        lines.push(line(&z.id, "private DNS zone", 1.0, "month", t.dns_zone_month, "C-9"));
    }
    for r in &design.resolvers {
        let n = (r.inbound_endpoints.len() + r.outbound_endpoints.len()) as f64;
        if n > 0.0 {
            lines.push(line(&r.id, "resolver endpoints", n, "month", t.resolver_endpoint_month, "C-10"));
        }
    }
    for r in &design.rulesets {
        lines.push(line(&r.id, "forwarding ruleset", 1.0, "month", t.ruleset_month, "C-10"));
    }
    // The price table (C-*) has no rows for these yet: say so rather than price them at zero.
    for lb in &design.load_balancers {
        notes.push(format!("{}: Standard load balancer prices (rules, data processed) are not in the table.", lb.name));
    }
    for ng in &design.nat_gateways {
        notes.push(format!("{}: NAT gateway prices (hours, data processed) are not in the table.", ng.name));
    }
}

/// Data charges of one traffic assumption, along its traced forward and reply paths.
fn traffic(
    eng: &Engine,
    t: &PriceTable,
    a: &crate::model::TrafficAssumption,
    lines: &mut Vec<Line>,
    notes: &mut Vec<String>,
) {
    let design = eng.net.design;
    let from = crate::lookup::flow_source(design, a.from.as_str());
    let to = crate::lookup::address(design, a.to.as_str());
    let (Some(from), Some(to)) = (from, to) else {
        notes.push(format!(
            "Traffic {}: '{}' → '{}' is not a source and destination the engine can trace.",
            a.id, a.from, a.to
        ));
        return;
    };
    let flow = Flow { from, to, protocol: crate::model::Protocol::Tcp, port: 443, host: None };
    let Ok(trace) = eng.trace(&flow) else { return };
    charge(eng, t, &trace.forward.hops, a.gb_per_month as f64, "in", lines);
    if let Some(reply) = &trace.reply {
        charge(eng, t, &reply.hops, a.gb_per_month_back as f64, "out", lines);
    }
    if trace.reply.is_none() {
        notes.push(format!(
            "Traffic {}: the flow is {}; only the path it takes is priced.",
            a.id,
            trace.outcome.label()
        ));
    }
}

/// Charges `gb` along a path. `pe_dir` names the private endpoint direction of this leg.
fn charge(eng: &Engine, t: &PriceTable, hops: &[Hop], gb: f64, pe_dir: &str, lines: &mut Vec<Line>) {
    if gb <= 0.0 {
        return;
    }
    let net = &eng.net;
    let vnets: Vec<Option<VnetIx>> = hops.iter().map(|h| vnet_of(net, &h.place)).collect();
    for (i, hop) in hops.iter().enumerate() {
        match &hop.place {
            Place::Firewall { id, .. } => {
                let sku = net.design.firewalls.iter().find(|f| &f.id == id).map(|f| f.sku).unwrap_or_default();
                let (ix, rule) = match sku {
                    FirewallSku::Basic => (0, "C-7"),
                    FirewallSku::Standard => (1, "C-5"),
                    FirewallSku::Premium => (2, "C-6"),
                };
                lines.push(line(id, "data processed", gb, "GB", t.firewall[ix].gb, rule));
            }
            Place::PrivateEndpoint { id, .. } => {
                lines.push(line(id, format!("data {pe_dir}"), gb, "GB", t.pe_gb_processed, "C-20"));
            }
            _ => {}
        }
        if i == 0 {
            continue;
        }
        let pe_side = matches!(hop.place, Place::PrivateEndpoint { .. })
            || matches!(hops[i - 1].place, Place::PrivateEndpoint { .. });
        let (Some(a), Some(b)) = (vnets[i - 1], vnets[i]) else { continue };
        if a == b || pe_side {
            continue;
        }
        let Some(peer) = net.peer(a, b) else { continue };
        let (rate_out, rate_in, rule) = if peer.global {
            let zone = |v: VnetIx| usize::from(prices::region_zone(&net.vnets[v].region)).clamp(1, 3) - 1;
            (t.peering_global_gb[zone(a)], t.peering_global_gb[zone(b)], "C-4")
        } else {
            (t.peering_regional_gb, t.peering_regional_gb, "C-3")
        };
        lines.push(line(&peer.link.id, "peering egress", gb, "GB", rate_out, rule));
        lines.push(line(&peer.reverse.id, "peering ingress", gb, "GB", rate_in, rule));
    }
}

/// The VNet a place is in, when it is in one.
fn vnet_of(net: &Network, place: &Place) -> Option<VnetIx> {
    let d = net.design;
    let subnet = match place {
        Place::Nic { id, .. } => return net.nic_or_vm(id).map(|n| net.subnets[n.subnet].vnet),
        Place::PrivateEndpoint { id, .. } => {
            return net.pe_ix(id).map(|i| net.subnets[net.private_endpoints[i].1].vnet)
        }
        Place::Resolver { id, .. } => {
            return d.resolvers.iter().find(|r| &r.id == id).and_then(|r| net.vnet_ix(&r.vnet))
        }
        Place::Firewall { id, .. } => d.firewalls.iter().find(|f| &f.id == id).map(|f| &f.subnet),
        Place::Gateway { id, .. } => d.gateways.iter().find(|g| &g.id == id).map(|g| &g.subnet),
        Place::LoadBalancer { id, .. } => d.load_balancers.iter().find(|l| &l.id == id).map(|l| &l.subnet),
        Place::NatGateway { id, .. } => d.nat_gateways.iter().find(|n| &n.id == id).and_then(|n| n.subnets.first()),
        Place::OnPrem { .. } | Place::Internet | Place::Service { .. } => None,
    }?;
    net.subnet_ix(subnet).map(|s| net.subnets[s].vnet)
}
