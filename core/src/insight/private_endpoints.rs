//! Private endpoint traps: the /32 route that bypasses the firewall (E-3), the protocol split
//! behind "ping goes through the firewall" (E-5), the missing SNAT on the inspected path (E-11),
//! and the /32 sprawl that eats the 400 routes of a table (L-1, E-8, E-9).

use super::flows::{self, MAX_FLOWS};
use super::{unique, Code, Ctx, Found, Insight, Proof, Severity};
use crate::edit::{Edit, Element};
use crate::id::Id;
use crate::model::{NextHopType, PeNetworkPolicies, PeRouteProtocols, PrivateEndpoint, Protocol, Route, RouteTable};
use crate::network::SubnetIx;
use crate::packet::{Packet, EPHEMERAL_PORT};
use crate::routes::{select, RouteSource, RouteState};
use crate::trace::Outcome;
use ipnet::Ipv4Net;
use std::net::Ipv4Addr;

/// A client subnet whose UDR sends a private endpoint to an appliance while the endpoint's /32
/// stays Active there: TCP skips the appliance (E-3).
struct Bypass<'d> {
    client: SubnetIx,
    table: &'d RouteTable,
    pe: &'d PrivateEndpoint,
    pe_subnet: SubnetIx,
    /// The covering UDR (the longest one).
    udr: Ipv4Net,
    hop: Ipv4Addr,
}

fn bypasses<'d>(ctx: &Ctx<'d>) -> Vec<Bypass<'d>> {
    let net = &ctx.eng.net;
    let mut out = Vec::new();
    for (client, info) in net.subnets.iter().enumerate() {
        let Some(table) = info.route_table else { continue };
        let routes = &ctx.eng.routes[client].routes;
        for &(pe, pe_subnet) in &net.private_endpoints {
            let host = Ipv4Net::from(pe.ip);
            let pe_active = routes.iter().any(|r| {
                r.next_hop_type == NextHopType::InterfaceEndpoint && r.prefix == host && r.state == RouteState::Active
            });
            if !pe_active {
                continue;
            }
            let udr = routes
                .iter()
                .filter(|r| {
                    r.source == RouteSource::User
                        && r.state == RouteState::Active
                        && r.next_hop_type == NextHopType::VirtualAppliance
                        && r.prefix.prefix_len() < 32
                        && r.prefix.contains(&pe.ip)
                })
                .max_by_key(|r| r.prefix.prefix_len());
            if let Some(udr) = udr {
                let Some(&hop) = udr.next_hop_ips.first() else { continue };
                out.push(Bypass { client, table, pe, pe_subnet, udr: udr.prefix, hop });
            }
        }
    }
    out
}

/// Candidate fixes that make a covering UDR win over the /32: route-table policies on the
/// endpoint's subnet when the UDR is no wider than the VNet range (E-9), else exact /32 UDRs (E-8).
fn route_fixes(ctx: &Ctx, b: &Bypass, pes: &[&PrivateEndpoint]) -> Vec<(String, Vec<Edit>)> {
    let net = &ctx.eng.net;
    let mut out = Vec::new();
    let pe_vnet = net.subnets[b.pe_subnet].vnet;
    let subnet = net.subnets[b.pe_subnet].subnet;
    let summarizable = net.vnet_range_of(pe_vnet, b.pe.ip).is_some_and(|r| r.contains(&b.udr));
    if summarizable && !subnet.private_endpoint_network_policies.route_table_applies() {
        let mut s = subnet.clone();
        s.private_endpoint_network_policies = with_route_table(s.private_endpoint_network_policies);
        out.push((
            format!("Turn on route-table network policies for private endpoints on {} (E-9)", s.name),
            vec![Edit::Update(Element::Subnet(s))],
        ));
    }
    let mut table = b.table.clone();
    for pe in pes {
        let host = Ipv4Net::from(pe.ip);
        if !table.routes.iter().any(|r| r.prefix == host) {
            table.routes.push(Route {
                name: format!("{}-to-appliance", pe.name),
                prefix: host,
                next_hop_type: NextHopType::VirtualAppliance,
                next_hop_ip: Some(b.hop),
            });
        }
    }
    out.push((
        format!("Add a /32 route per private endpoint to {} with next hop {} (E-8)", table.name, b.hop),
        vec![Edit::Update(Element::RouteTable(table))],
    ));
    out
}

fn with_route_table(p: PeNetworkPolicies) -> PeNetworkPolicies {
    match p {
        PeNetworkPolicies::NetworkSecurityGroupEnabled | PeNetworkPolicies::Enabled => PeNetworkPolicies::Enabled,
        _ => PeNetworkPolicies::RouteTableEnabled,
    }
}

/// `pe-firewall-bypass`, one per (endpoint subnet, route table): TCP from the table's subnets to
/// the endpoints goes straight to them although a UDR sends their range to an appliance.
pub(crate) fn firewall_bypass(ctx: &Ctx) -> Vec<Found> {
    let all = bypasses(ctx);
    let mut keys: Vec<(SubnetIx, &crate::id::Id)> = Vec::new();
    for b in &all {
        if !keys.contains(&(b.pe_subnet, &b.table.id)) {
            keys.push((b.pe_subnet, &b.table.id));
        }
    }
    let net = &ctx.eng.net;
    keys.into_iter()
        .filter_map(|(pe_subnet, table)| {
            let group: Vec<&Bypass> = all.iter().filter(|b| b.pe_subnet == pe_subnet && &b.table.id == table).collect();
            let first = group.first()?;
            let mut pes: Vec<&PrivateEndpoint> = Vec::new();
            for b in &group {
                if !pes.iter().any(|p| p.id == b.pe.id) {
                    pes.push(b.pe);
                }
            }
            let device = flows::device_at(ctx, first.hop);
            let device_name = device.as_ref().map(|d| ctx.name(d)).unwrap_or_else(|| first.hop.to_string());
            let mut elements = vec![net.subnets[pe_subnet].subnet.id.clone(), table.clone()];
            elements.extend(pes.iter().map(|p| p.id.clone()));
            elements.extend(group.iter().map(|b| net.subnets[b.client].subnet.id.clone()));
            elements.extend(device);
            let clients: Vec<&str> = group.iter().map(|b| net.subnets[b.client].subnet.name.as_str()).collect();
            let clients = unique_names(clients);
            let names: Vec<&str> = pes.iter().map(|p| p.name.as_str()).collect();
            let insight = Insight {
                code: Code::PeFirewallBypass,
                severity: Severity::Warning,
                elements: unique(elements),
                title: format!("TCP to {} bypasses {device_name}", names.join(", ")),
                why: format!(
                    "Route table {} sends {} to {device_name}, but each private endpoint adds its own /32 \
                     InterfaceEndpoint route to {} (E-3). /32 is the longest prefix, so TCP from there goes \
                     straight to the endpoint, uninspected. Only an exact /32 UDR (E-8) or, with route-table \
                     network policies on {}, a UDR no wider than the VNet range (E-9) takes precedence.",
                    first.table.name,
                    first.udr,
                    clients.join(", "),
                    net.subnets[pe_subnet].subnet.name
                ),
                rules: vec!["E-3", "E-8", "E-9"],
                fix: None,
                fixable: false,
            };
            Some(Found::new(insight, Proof::Rerun(firewall_bypass, route_fixes(ctx, first, &pes))))
        })
        .collect()
}

fn unique_names(mut v: Vec<&str>) -> Vec<&str> {
    let mut seen = Vec::new();
    v.retain(|n| {
        let new = !seen.contains(n);
        seen.push(*n);
        new
    });
    v
}

/// `pe-protocol-split`: with the E-5 setting "TCP only", ICMP from a client reaches the
/// appliance while TCP to the same endpoint does not: ping "proves" an inspection HTTPS skips.
pub(crate) fn protocol_split(ctx: &Ctx) -> Vec<Found> {
    if ctx.design.settings.pe_route_protocols != PeRouteProtocols::TcpOnly {
        return Vec::new();
    }
    let mut out = Vec::new();
    let mut done: Vec<(SubnetIx, &Id)> = Vec::new();
    for b in bypasses(ctx).iter().take(MAX_FLOWS / 2) {
        if done.contains(&(b.client, &b.pe.id)) {
            continue;
        }
        done.push((b.client, &b.pe.id));
        let Some(nic) = flows::first_nic_in_subnet(ctx, b.client) else { continue };
        let (Ok(t), Ok(i)) = (
            ctx.eng.trace(&flows::tcp(flows::from_nic(nic), b.pe.ip)),
            ctx.eng.trace(&flows::icmp(flows::from_nic(nic), b.pe.ip)),
        ) else {
            continue;
        };
        let tcp_devices = flows::devices(&t.forward);
        let Some(device) = flows::devices(&i.forward).into_iter().find(|d| !tcp_devices.contains(d)) else {
            continue;
        };
        let client = &ctx.eng.net.subnets[b.client].subnet;
        let device_name = ctx.name(&device);
        let mut elements = vec![b.pe.id.clone(), client.id.clone(), device];
        elements.extend(flows::vm_of(ctx, &nic.id));
        let insight = Insight {
            code: Code::PeProtocolSplit,
            severity: Severity::Warning,
            elements,
            title: format!("Ping to {} passes {device_name}, HTTPS does not", b.pe.name),
            why: format!(
                "From {}: ICMP to {} ignores the endpoint's /32 route and follows the UDR to {device_name}, \
                 so it shows up in the firewall's logs; TCP takes the /32 InterfaceEndpoint route straight to \
                 the endpoint (E-5, observed in the field; the design setting says TCP only). A successful \
                 ping through the firewall proves nothing about HTTPS (E-3).",
                client.name, b.pe.name
            ),
            rules: vec!["E-5", "E-3"],
            fix: None,
            fixable: false,
        };
        let pes = [b.pe];
        out.push(Found::new(insight, Proof::Rerun(protocol_split, route_fixes(ctx, b, &pes))));
    }
    out
}

/// `pe-snat-missing`: a flow to a private endpoint crosses a stateful device without SNAT, so
/// the endpoint's reply (which ignores UDRs and goes by its VNet's system and gateway routes,
/// E-11) skips it: at risk, or dropped.
pub(crate) fn snat_missing(ctx: &Ctx) -> Vec<Found> {
    let net = &ctx.eng.net;
    let mut sources: Vec<(crate::model::FlowSource, &PrivateEndpoint)> = Vec::new();
    for &(pe, _) in &net.private_endpoints {
        if sources.len() >= MAX_FLOWS {
            break;
        }
        for (s, info) in net.subnets.iter().enumerate() {
            if info.route_table.is_none() {
                continue;
            }
            let Some(nic) = flows::first_nic_in_subnet(ctx, s) else { continue };
            let packet = Packet {
                src: nic.ip,
                dst: pe.ip,
                protocol: Protocol::Tcp,
                src_port: EPHEMERAL_PORT,
                dst_port: 443,
                host: None,
            };
            let via_appliance = select(net, &ctx.eng.routes[s], &packet)
                .and_then(|sel| ctx.eng.routes[s].routes.get(sel.index))
                .is_some_and(|r| r.next_hop_type == NextHopType::VirtualAppliance);
            if via_appliance {
                sources.push((flows::from_nic(nic), pe));
            }
        }
        for host in flows::site_hosts(ctx) {
            sources.push((crate::model::FlowSource::Host { id: host.id.clone() }, pe));
        }
    }
    let mut out = Vec::new();
    let mut seen: Vec<(Id, Id)> = Vec::new();
    for (from, pe) in sources.into_iter().take(MAX_FLOWS) {
        let flow = flows::tcp(from.clone(), pe.ip);
        let Ok(t) = ctx.eng.trace(&flow) else { continue };
        let at_risk = matches!(&t.outcome, Outcome::AtRisk { rule: "E-11", .. });
        if !at_risk && !flows::reply_failed(&t) {
            continue;
        }
        let Some(device) = flows::devices(&t.forward).into_iter().next() else { continue };
        if seen.contains(&(pe.id.clone(), device.clone())) {
            continue;
        }
        seen.push((pe.id.clone(), device.clone()));
        let device_name = ctx.name(&device);
        let source = flows::source_element(ctx, &from);
        let who = source.as_ref().map(|s| ctx.name(s)).unwrap_or_default();
        let mut elements = vec![pe.id.clone(), device];
        elements.extend(source);
        let insight = Insight {
            code: Code::PeSnatMissing,
            severity: if at_risk { Severity::Warning } else { Severity::Error },
            elements,
            title: format!("No SNAT on {device_name} for traffic to {}", pe.name),
            why: format!(
                "{who} reaches {} through {device_name}, which keeps the client's address (network rules do \
                 not SNAT private destinations, F-6). The endpoint's reply ignores UDRs: it goes back by its \
                 VNet's system and gateway routes (to an on-premises client, through the gateway, E-11), \
                 skipping the device that holds the connection's state (F-12). \
                 Microsoft recommends SNAT for traffic to private endpoints at all times: an application \
                 rule (always SNAT, F-8), SNAT private ranges (F-7), or disableSnatOnPL on an NVA (E-12).",
                pe.name
            ),
            rules: vec!["E-11", "F-6", "F-8", "F-12"],
            fix: None,
            fixable: false,
        };
        out.push(Found::new(insight, Proof::Trace(flow)));
    }
    out
}

/// `pe-route-sprawl`: route tables holding a /32 per private endpoint (E-8) count against the 400
/// routes of a table (L-1); route-table network policies let one UDR per subnet replace them (E-9).
pub(crate) fn route_sprawl(ctx: &Ctx) -> Vec<Found> {
    let d = ctx.design;
    let net = &ctx.eng.net;
    let mut out = Vec::new();
    for table in &d.route_tables {
        let hits: Vec<(&Route, &PrivateEndpoint, SubnetIx)> = table
            .routes
            .iter()
            .filter(|r| r.prefix.prefix_len() == 32)
            .filter_map(|r| {
                let &(pe, s) = net.private_endpoints.iter().find(|(pe, _)| pe.has_ip(r.prefix.addr()))?;
                Some((r, pe, s))
            })
            .collect();
        if hits.len() < 2 {
            continue;
        }
        let severity = if table.routes.len() >= 320 { Severity::Warning } else { Severity::Info };
        let mut fixed = table.clone();
        let mut edits = Vec::new();
        let mut subnets: Vec<SubnetIx> = Vec::new();
        for &(_, _, s) in &hits {
            if !subnets.contains(&s) {
                subnets.push(s);
            }
        }
        for &s in &subnets {
            let subnet = net.subnets[s].subnet;
            let Some(hop) = hits.iter().find(|h| h.2 == s).map(|h| (h.0.next_hop_type, h.0.next_hop_ip)) else {
                continue;
            };
            fixed
                .routes
                .retain(|r| !hits.iter().any(|h| h.2 == s && h.0 == r && (r.next_hop_type, r.next_hop_ip) == hop));
            if !fixed.routes.iter().any(|r| r.prefix == subnet.prefix) {
                fixed.routes.push(Route {
                    name: format!("{}-summary", subnet.name),
                    prefix: subnet.prefix,
                    next_hop_type: hop.0,
                    next_hop_ip: hop.1,
                });
            }
            if !subnet.private_endpoint_network_policies.route_table_applies() {
                let mut s2 = subnet.clone();
                s2.private_endpoint_network_policies = with_route_table(s2.private_endpoint_network_policies);
                edits.push(Edit::Update(Element::Subnet(s2)));
            }
        }
        edits.push(Edit::Update(Element::RouteTable(fixed)));
        let mut elements = vec![table.id.clone()];
        elements.extend(hits.iter().map(|h| h.1.id.clone()));
        let insight = Insight {
            code: Code::PeRouteSprawl,
            severity,
            elements: unique(elements),
            title: format!("{} holds {} per-endpoint /32 routes", table.name, hits.len()),
            why: format!(
                "Each private endpoint inspected this way needs its own /32 UDR (E-8); {} already uses {} of \
                 its 400 routes (L-1). With route-table network policies on the endpoints' subnets, one UDR \
                 for each subnet's range overrides all their /32s (E-9, Microsoft's scenario 2).",
                table.name,
                table.routes.len()
            ),
            rules: vec!["L-1", "E-8", "E-9", "E-14"],
            fix: None,
            fixable: false,
        };
        let title =
            format!("Replace the /32 routes by {} summary route(s) with RouteTableEnabled (E-9)", subnets.len());
        out.push(Found::new(insight, Proof::Rerun(route_sprawl, vec![(title, edits)])));
    }
    out
}
