//! Effective security rules of a NIC (N-12), in the shape `az network nic list-effective-nsg`
//! prints: one entry per NSG that applies (the NIC's first, then its subnet's), each with its
//! association, every rule (the design's and Azure's defaults, N-3) in Azure's field names, and
//! the prefixes of every service tag the NSG uses (`tagMap`).
//!
//! The rules are listed, not evaluated: which rule decides a packet is [`super::flow_verify`]'s
//! question. Tags are expanded for the NIC's subnet (N-4, DECISIONS 5) by [`super::tags`].

use super::az::{Explanation, SubResource};
use super::ids::{azure_id, Resource};
use super::tags::TagExpansion;
use super::WatcherError;
use crate::filter::nsg::default_rules;
use crate::filter::AsgSets;
use crate::id::Id;
use crate::model::{Access, AddressMatch, Direction, Nsg, NsgRule, PortRange, Protocol, ServiceTag};
use crate::packet::RuleId;
use crate::trace::Engine;
use serde::Serialize;
use std::collections::BTreeMap;

/// `list-effective-nsg`'s answer: `{"value": [...]}`; empty when neither NSG exists (N-12).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct EffectiveNsgList {
    pub value: Vec<EffectiveNsg>,
}

/// One NSG that applies to the NIC, where it is attached, and its rules.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct EffectiveNsg {
    pub network_security_group: SubResource,
    pub association: Association,
    pub effective_security_rules: Vec<EffectiveSecurityRule>,
    /// Each service tag the rules use, with its prefixes.
    pub tag_map: BTreeMap<String, Vec<String>>,
    pub vnet_studio: Explanation,
}

/// Where the NSG is attached: `{"subnet": {...}}` or `{"networkInterface": {...}}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Association {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subnet: Option<SubResource>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub network_interface: Option<SubResource>,
}

/// One rule as N-12 lists it. The list forms (`…Ranges`, `…Prefixes`) repeat the single value,
/// as Azure's output does for a rule written with one.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct EffectiveSecurityRule {
    /// `securityRules/<name>` or `defaultSecurityRules/<name>`.
    pub name: String,
    /// `Tcp`, `Udp`, `All`, or `Icmp` (N-12 Sim choice).
    pub protocol: &'static str,
    pub source_port_range: String,
    pub source_port_ranges: Vec<String>,
    pub destination_port_range: String,
    pub destination_port_ranges: Vec<String>,
    /// A tag name, a prefix, or `0.0.0.0/0` for `*`.
    pub source_address_prefix: String,
    pub source_address_prefixes: Vec<String>,
    pub destination_address_prefix: String,
    pub destination_address_prefixes: Vec<String>,
    /// A tag's prefixes; empty for `*` and plain prefixes.
    pub expanded_source_address_prefix: Vec<String>,
    pub expanded_destination_address_prefix: Vec<String>,
    pub access: Access,
    pub priority: u16,
    pub direction: Direction,
    pub vnet_studio: Explanation,
}

/// Where an NSG sits, for the association and the explanation.
enum Attached<'d> {
    Nic(&'d crate::model::Nic),
    Subnet { vnet: &'d crate::model::Vnet, subnet: &'d crate::model::Subnet },
}

/// The effective security rules of NIC `nic` (an index into the engine's `net.nics`).
pub fn effective_security_rules(eng: &Engine, nic: usize) -> Result<EffectiveNsgList, WatcherError> {
    let net = &eng.net;
    let n = net.nics.get(nic).ok_or_else(|| WatcherError::UnknownTarget(format!("NIC #{nic}")))?;
    let info = net.subnets.get(n.subnet).ok_or_else(|| WatcherError::Detached { nic: n.nic.name.clone() })?;
    let vnet = net.vnets[info.vnet];
    let tags = TagStrings::new(TagExpansion::at(net, n.subnet));
    let ctx = RuleContext { subnet_name: &info.subnet.name, tags: &tags, asgs: &net.asgs };
    let nic_nsg = n.nic.nsg.as_ref().and_then(|id| net.design.nsg(id));
    let mut value = Vec::new();
    // N-12 Sim choice: the NIC's entry before the subnet's, the order of Microsoft's example.
    if let Some(g) = nic_nsg {
        value.push(entry(g, Attached::Nic(n.nic), &n.nic.name, &ctx));
    }
    if let Some(g) = info.nsg {
        value.push(entry(g, Attached::Subnet { vnet, subnet: info.subnet }, &n.nic.name, &ctx));
    }
    Ok(EffectiveNsgList { value })
}

/// What every row of one NIC's answer is written with.
struct RuleContext<'a> {
    subnet_name: &'a str,
    tags: &'a TagStrings,
    /// Application security groups as address sets (N-1).
    asgs: &'a AsgSets,
}

fn entry(g: &Nsg, at: Attached, nic_name: &str, ctx: &RuleContext) -> EffectiveNsg {
    let subnet_name = ctx.subnet_name;
    let (association, why) = match at {
        Attached::Nic(nic) => (
            Association { subnet: None, network_interface: Some(SubResource::new(azure_id(Resource::Nic(nic)))) },
            format!(
                "NSG '{}' is attached to NIC '{nic_name}': inbound it is evaluated after the subnet's NSG, outbound before it (N-5)",
                g.name
            ),
        ),
        Attached::Subnet { vnet, subnet } => (
            Association {
                subnet: Some(SubResource::new(azure_id(Resource::Subnet { vnet, subnet }))),
                network_interface: None,
            },
            format!(
                "NSG '{}' is attached to subnet '{subnet_name}' of NIC '{nic_name}': inbound it is evaluated before the NIC's NSG, outbound after it (N-5)",
                g.name
            ),
        ),
    };
    let mut rules: Vec<(NsgRule, bool)> = g.rules.iter().map(|r| (r.clone(), false)).collect();
    for direction in [Direction::Inbound, Direction::Outbound] {
        rules.extend(default_rules(direction).into_iter().map(|r| (r, true)));
    }
    // N-12 Sim choice: by direction (inbound first), then priority; equal priorities keep design order.
    rules.sort_by_key(|(r, _)| (r.direction == Direction::Outbound, r.priority));
    let mut tag_map = BTreeMap::new();
    for (r, _) in &rules {
        // An end that names groups uses no tag, whatever its (replaced) address says.
        let ends = [(&r.source, &r.source_asgs), (&r.destination, &r.destination_asgs)];
        for (m, _) in ends.into_iter().filter(|(_, groups)| groups.is_empty()) {
            if let AddressMatch::Tag(t) = m {
                tag_map.entry(t.name().to_string()).or_insert_with(|| ctx.tags.get(*t).to_vec());
            }
        }
    }
    let effective_security_rules = rules.iter().map(|(r, default)| rule(g, r, *default, ctx)).collect();
    EffectiveNsg {
        network_security_group: SubResource::new(azure_id(Resource::Nsg(g))),
        association,
        effective_security_rules,
        tag_map,
        vnet_studio: Explanation { rules: vec!["N-12", "N-5"], why },
    }
}

fn rule(g: &Nsg, r: &NsgRule, default: bool, ctx: &RuleContext) -> EffectiveSecurityRule {
    let source = End::new(&r.source, &r.source_asgs, ctx);
    let destination = End::new(&r.destination, &r.destination_asgs, ctx);
    let mut vnet_studio = explain(g, r, default, ctx.subnet_name);
    for (end, groups) in [("source", &r.source_asgs), ("destination", &r.destination_asgs)] {
        if !groups.is_empty() {
            vnet_studio.rules.push("N-1");
            vnet_studio.why.push_str(&format!(
                "; {end} {}: the addresses of every IP configuration of the groups' NICs (N-1)",
                ctx.asgs.label(groups)
            ));
        }
    }
    let (source_ports, destination_ports) = (ports(r.source_ports), ports(r.destination_ports));
    EffectiveSecurityRule {
        name: if default { format!("defaultSecurityRules/{}", r.name) } else { format!("securityRules/{}", r.name) },
        protocol: protocol(r.protocol),
        source_port_ranges: vec![source_ports.clone()],
        source_port_range: source_ports,
        destination_port_ranges: vec![destination_ports.clone()],
        destination_port_range: destination_ports,
        source_address_prefixes: source.prefixes,
        source_address_prefix: source.prefix,
        destination_address_prefixes: destination.prefixes,
        destination_address_prefix: destination.prefix,
        expanded_source_address_prefix: source.expanded,
        expanded_destination_address_prefix: destination.expanded,
        access: r.access,
        priority: r.priority,
        direction: r.direction,
        vnet_studio,
    }
}

/// One end of a row: its prefix (and the list form), and what it expands to.
struct End {
    prefix: String,
    prefixes: Vec<String>,
    expanded: Vec<String>,
}

impl End {
    /// An end that names application security groups has no prefix (Azure takes one or the
    /// other, and the groups replace the model's address): it expands to the groups' member
    /// addresses as /32s, the way tags expand to their prefixes (N-1, N-12).
    fn new(address: &AddressMatch, groups: &[Id], ctx: &RuleContext) -> Self {
        if groups.is_empty() {
            let prefix = address_text(address);
            return End { prefixes: vec![prefix.clone()], prefix, expanded: expanded(address, ctx.tags) };
        }
        let mut members: Vec<std::net::Ipv4Addr> = groups.iter().flat_map(|g| ctx.asgs.addresses(g)).copied().collect();
        members.sort_unstable();
        members.dedup();
        End {
            prefix: String::new(),
            prefixes: Vec::new(),
            expanded: members.iter().map(|ip| format!("{ip}/32")).collect(),
        }
    }
}

/// The rules behind a row, and why it is there.
fn explain(g: &Nsg, r: &NsgRule, default: bool, subnet_name: &str) -> Explanation {
    let mut rules: Vec<RuleId> = Vec::new();
    let mut why = if default {
        rules.push("N-3");
        format!(
            "Azure's default rule {} (priority {}), in every NSG; only a lower priority number overrides it (N-3)",
            r.name, r.priority
        )
    } else {
        rules.push("N-2");
        format!(
            "Rule '{}' of NSG '{}' at priority {}: rules are checked by ascending priority and the first match decides (N-2)",
            r.name, g.name, r.priority
        )
    };
    let used: Vec<ServiceTag> = [&r.source, &r.destination]
        .into_iter()
        .filter_map(|m| match m {
            AddressMatch::Tag(t) => Some(*t),
            _ => None,
        })
        .collect();
    if used.iter().any(|t| *t != ServiceTag::AzurePlatformDns) {
        rules.push("N-4");
        why.push_str(&format!("; tags expanded for subnet '{subnet_name}' (N-4)"));
    }
    if used.contains(&ServiceTag::AzurePlatformDns) {
        rules.push("N-9");
        why.push_str("; AzurePlatformDNS is Azure DNS at 168.63.129.16, port 53 (N-9)");
    }
    if r.protocol == Protocol::Icmp {
        rules.push("N-12");
        why.push_str("; the API has no ICMP value, so the simulator prints Icmp (N-12)");
    }
    Explanation { rules, why }
}

/// N-12's protocol spelling; `Icmp` is the Sim choice for a value the API's enum lacks.
fn protocol(p: Protocol) -> &'static str {
    match p {
        Protocol::Tcp => "Tcp",
        Protocol::Udp => "Udp",
        Protocol::Icmp => "Icmp",
        Protocol::Any => "All",
    }
}

/// `lo-hi`, also for one port (`22-22`) and for `*` (`0-65535`).
fn ports(r: PortRange) -> String {
    format!("{}-{}", r.from, r.to)
}

/// A tag name, a prefix, or `0.0.0.0/0` for `*`.
fn address_text(m: &AddressMatch) -> String {
    match m {
        AddressMatch::Any => "0.0.0.0/0".to_string(),
        AddressMatch::Prefix(net) => net.to_string(),
        AddressMatch::Tag(t) => t.name().to_string(),
    }
}

fn expanded(m: &AddressMatch, tags: &TagStrings) -> Vec<String> {
    match m {
        AddressMatch::Tag(t) => tags.get(*t).to_vec(),
        _ => Vec::new(),
    }
}

/// Every tag's prefixes written out once per NIC: the default rules alone repeat the
/// VirtualNetwork list four times per NSG, and writing prefixes is most of this answer's cost.
struct TagStrings {
    by_tag: Vec<(ServiceTag, Vec<String>)>,
}

impl TagStrings {
    fn new(tags: TagExpansion) -> Self {
        let by_tag =
            ServiceTag::ALL.iter().map(|t| (*t, tags.prefixes(*t).iter().map(ToString::to_string).collect())).collect();
        TagStrings { by_tag }
    }

    fn get(&self, tag: ServiceTag) -> &[String] {
        self.by_tag.iter().find(|(t, _)| *t == tag).map(|(_, v)| v.as_slice()).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests;
