//! Hygiene traps that real environments hold (issue 19 §1): published reference deployments and
//! imported landing zones contain them, and a reader of the design should hear about them.
//! - `route-table-unattached`: a route table on no subnet changes no route;
//! - `nsg-unattached` (N-1): an NSG on no subnet and no NIC filters nothing;
//! - `nsg-across-vnets` (N-1, N-4): one NSG on subnets of several VNets, where `VirtualNetwork`
//!   means something different in each;
//! - `nsg-default-rule-name` (N-3): a user rule named like one of Azure's default rules that does
//!   something else (a `DenyAllInBound` that denies one port).
//!
//! A one-sided peering is a validation warning already (`peering-one-way`, P-2), not repeated here.
//! Placeholders (`meta.external`) are outside the design's input and never reported.

use super::{Code, Ctx, Found, Insight, Proof, Severity};
use crate::id::Id;
use crate::model::{Access, AddressMatch, Direction, NsgRule, PortRange, Protocol, ServiceTag};
use std::collections::{HashMap, HashSet};

fn found(
    code: Code,
    severity: Severity,
    elements: Vec<Id>,
    title: String,
    why: String,
    rules: Vec<&'static str>,
) -> Found {
    Found::new(Insight { code, severity, elements, title, why, rules, fix: None, fixable: false }, Proof::None)
}

/// `route-table-unattached`.
pub(crate) fn unattached_route_tables(ctx: &Ctx) -> Vec<Found> {
    let d = ctx.design;
    let used: HashSet<&Id> = d.subnets.iter().filter_map(|s| s.route_table.as_ref()).collect();
    d.route_tables
        .iter()
        .filter(|t| !t.meta.external && !used.contains(&t.id))
        .map(|t| {
            let routes = t.routes.len();
            found(
                Code::RouteTableUnattached,
                Severity::Info,
                vec![t.id.clone()],
                format!("Route table {} is attached to no subnet", t.name),
                format!(
                    "Routes of a route table affect only the subnets it is associated with (R-12); {} holds {routes} \
                     route(s) that change nothing. Associate it with the subnets it was meant for, or delete it.",
                    t.name
                ),
                vec!["R-12"],
            )
        })
        .collect()
}

/// `nsg-unattached`.
pub(crate) fn unattached_nsgs(ctx: &Ctx) -> Vec<Found> {
    let d = ctx.design;
    let mut used: HashSet<&Id> = d.subnets.iter().filter_map(|s| s.nsg.as_ref()).collect();
    used.extend(d.nics().filter_map(|(_, n)| n.nsg.as_ref()));
    d.nsgs
        .iter()
        .filter(|g| !g.meta.external && !used.contains(&g.id))
        .map(|g| {
            found(
                Code::NsgUnattached,
                Severity::Info,
                vec![g.id.clone()],
                format!("NSG {} is attached to no subnet and no NIC", g.name),
                format!(
                    "An NSG filters only at the subnets and NICs it is associated with (N-1); the {} rule(s) of {} \
                     filter nothing. Associate it, or delete it.",
                    g.rules.len(),
                    g.name
                ),
                vec!["N-1"],
            )
        })
        .collect()
}

/// `nsg-across-vnets`.
pub(crate) fn nsg_across_vnets(ctx: &Ctx) -> Vec<Found> {
    let d = ctx.design;
    let mut out = Vec::new();
    let mut by_nsg: HashMap<&Id, Vec<&Id>> = HashMap::new();
    for s in &d.subnets {
        if let Some(g) = &s.nsg {
            let vnets = by_nsg.entry(g).or_default();
            if !vnets.contains(&&s.vnet) {
                vnets.push(&s.vnet);
            }
        }
    }
    for g in &d.nsgs {
        let vnets = by_nsg.remove(&g.id).unwrap_or_default();
        if vnets.len() < 2 {
            continue;
        }
        let names: Vec<String> = vnets.iter().map(|v| ctx.name(v)).collect();
        let mut elements = vec![g.id.clone()];
        elements.extend(vnets.iter().map(|v| (*v).clone()));
        out.push(found(
            Code::NsgAcrossVnets,
            Severity::Info,
            elements,
            format!("NSG {} is attached to subnets of {} VNets", g.name, vnets.len()),
            format!(
                "{} filters subnets of {}. Its rules read the same everywhere, but the VirtualNetwork tag they and \
                 the default rules use means each subnet's own VNet, peers and UDR prefixes (N-4), so one rule allows \
                 different sources in each; a change for one VNet changes all of them (N-1). One NSG per VNet keeps \
                 them apart.",
                g.name,
                names.join(", ")
            ),
            vec!["N-1", "N-4"],
        ));
    }
    out
}

/// Azure's default rules (N-3): name, direction, access, source, destination.
const DEFAULTS: [(&str, Direction, Access, AddressMatch, AddressMatch); 6] = [
    ("AllowVnetInBound", Direction::Inbound, Access::Allow, VNET, VNET),
    (
        "AllowAzureLoadBalancerInBound",
        Direction::Inbound,
        Access::Allow,
        AddressMatch::Tag(ServiceTag::AzureLoadBalancer),
        AddressMatch::Any,
    ),
    ("DenyAllInBound", Direction::Inbound, Access::Deny, AddressMatch::Any, AddressMatch::Any),
    ("AllowVnetOutBound", Direction::Outbound, Access::Allow, VNET, VNET),
    (
        "AllowInternetOutBound",
        Direction::Outbound,
        Access::Allow,
        AddressMatch::Any,
        AddressMatch::Tag(ServiceTag::Internet),
    ),
    ("DenyAllOutBound", Direction::Outbound, Access::Deny, AddressMatch::Any, AddressMatch::Any),
];
const VNET: AddressMatch = AddressMatch::Tag(ServiceTag::VirtualNetwork);

/// What a rule does, in words.
fn describe(r: &NsgRule) -> String {
    let access = match r.access {
        Access::Allow => "allows",
        Access::Deny => "denies",
    };
    let dir = match r.direction {
        Direction::Inbound => "inbound",
        Direction::Outbound => "outbound",
    };
    let proto = match r.protocol {
        Protocol::Any => "any protocol".to_string(),
        p => format!("{p:?}").to_uppercase(),
    };
    let src = if r.source_asgs.is_empty() { r.source.to_string() } else { "application security groups".into() };
    let dst =
        if r.destination_asgs.is_empty() { r.destination.to_string() } else { "application security groups".into() };
    format!("{access} {dir} {proto} from {src} to {dst} port {}", r.destination_ports)
}

/// `nsg-default-rule-name`.
pub(crate) fn default_rule_names(ctx: &Ctx) -> Vec<Found> {
    let mut out = Vec::new();
    for g in &ctx.design.nsgs {
        for r in &g.rules {
            let Some((name, dir, access, src, dst)) = DEFAULTS.iter().find(|d| d.0.eq_ignore_ascii_case(&r.name))
            else {
                continue;
            };
            let same = r.direction == *dir
                && r.access == *access
                && r.source == *src
                && r.destination == *dst
                && r.protocol == Protocol::Any
                && r.source_ports == PortRange::ANY
                && r.destination_ports == PortRange::ANY
                && r.source_asgs.is_empty()
                && r.destination_asgs.is_empty();
            if same {
                continue;
            }
            out.push(found(
                Code::NsgDefaultRuleName,
                Severity::Warning,
                vec![g.id.clone()],
                format!("NSG {}: rule '{}' is named like Azure's default rule but does something else", g.name, r.name),
                format!(
                    "'{name}' is one of Azure's default rules (N-3), which every NSG has at priority 65000-65500. This \
                     user rule (priority {}) {}, which the default rule does not, so a reader of the rule list (or of \
                     effective security rules, N-12) takes it for the default. Rename it after what it does.",
                    r.priority,
                    describe(r)
                ),
                vec!["N-3"],
            ));
        }
    }
    out
}
