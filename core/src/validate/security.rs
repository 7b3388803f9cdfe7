//! NSG rules (N-1, N-2), the subnets dedicated to Azure Firewall and gateways (F-1, L-33, N-10),
//! and firewall settings Azure rejects (F-1, F-2).

use super::index::{label, Index, Label, FIREWALL_SUBNET, GATEWAY_SUBNET, RESOLVER_DELEGATION};
use super::{Code, Out};
use crate::id::Id;
use crate::model::*;
use crate::network::HashMap;
use std::ops::RangeInclusive;

/// N-1: priorities of user NSG rules.
const NSG_PRIORITIES: RangeInclusive<u16> = 100..=4096;
/// F-2: priorities of firewall rule collection groups and collections.
const FIREWALL_PRIORITIES: RangeInclusive<u32> = 100..=65000;
/// L-33: AzureFirewallSubnet is at least a /26.
const FIREWALL_SUBNET_MAX_LEN: u8 = 26;

pub(super) fn check(ix: &Index, out: &mut Out) {
    for nsg in &ix.design.nsgs {
        nsg_rules(out, nsg);
    }
    for s in &ix.design.subnets {
        special_subnet(out, s);
    }
    for fw in &ix.design.firewalls {
        firewall(ix, out, fw);
    }
    for g in &ix.design.gateways {
        if let Some(s) = ix.subnet(&g.subnet).filter(|s| s.name != GATEWAY_SUBNET) {
            let who = label(ElementKind::Gateway, &g.name, &g.id);
            let msg = format!("{who}: subnet '{}' is not named {GATEWAY_SUBNET}", s.name);
            out.push(Code::GatewaySubnetName, &g.id, "subnet", msg);
        }
    }
    dedicated_subnets(ix, out);
}

fn nsg_rules(out: &mut Out, nsg: &Nsg) {
    let who = label(ElementKind::Nsg, &nsg.name, &nsg.id);
    let mut seen: HashMap<(Direction, u16), usize> =
        HashMap::with_capacity_and_hasher(nsg.rules.len(), Default::default());
    for (i, r) in nsg.rules.iter().enumerate() {
        let field = || format!("rules[{i}].priority");
        if !NSG_PRIORITIES.contains(&r.priority) {
            let field = field();
            let msg = format!("{who}: {field} {} of rule '{}' is outside 100-4096", r.priority, r.name);
            out.push(Code::NsgPriorityOutOfRange, &nsg.id, field, msg);
        } else if let Some(&first) = seen.get(&(r.direction, r.priority)) {
            let field = field();
            let msg = format!(
                "{who}: {field} {} of rule '{}' is also the priority of rules[{first}] in the same direction",
                r.priority, r.name
            );
            out.push(Code::NsgPriorityDuplicate, &nsg.id, field, msg);
        } else {
            seen.insert((r.direction, r.priority), i);
        }
    }
}

/// N-10 and L-33, on the subnets themselves.
fn special_subnet(out: &mut Out, s: &Subnet) {
    let who = label(ElementKind::Subnet, &s.name, &s.id);
    if s.name == FIREWALL_SUBNET {
        if s.nsg.is_some() {
            let msg = format!("{who}: nsg is set, but Azure does not support an NSG on {FIREWALL_SUBNET}");
            out.push(Code::NsgOnFirewallSubnet, &s.id, "nsg", msg);
        }
        if s.prefix.prefix_len() > FIREWALL_SUBNET_MAX_LEN {
            let msg = format!("{who}: prefix {} is smaller than the /26 Azure Firewall needs", s.prefix);
            out.push(Code::FirewallSubnetTooSmall, &s.id, "prefix", msg);
        }
    }
    if s.name == GATEWAY_SUBNET && s.nsg.is_some() {
        let msg = format!("{who}: nsg is set; an NSG on {GATEWAY_SUBNET} is not recommended and can break the gateway");
        out.push(Code::NsgOnGatewaySubnet, &s.id, "nsg", msg);
    }
}

fn firewall(ix: &Index, out: &mut Out, fw: &Firewall) {
    let who = label(ElementKind::Firewall, &fw.name, &fw.id);
    if let Some(s) = ix.subnet(&fw.subnet).filter(|s| s.name != FIREWALL_SUBNET) {
        let msg = format!("{who}: subnet '{}' is not named {FIREWALL_SUBNET}", s.name);
        out.push(Code::FirewallSubnetName, &fw.id, "subnet", msg);
    }
    if fw.dns_proxy && fw.sku == FirewallSku::Basic {
        let msg = format!("{who}: dnsProxy is on, but the Basic SKU has no DNS proxy");
        out.push(Code::FirewallBasicDnsProxy, &fw.id, "dnsProxy", msg);
    }
    let mut priority = |field: String, value: u32| {
        if !FIREWALL_PRIORITIES.contains(&value) {
            let msg = format!("{who}: {field} {value} is outside 100-65000");
            out.push(Code::FirewallPriorityOutOfRange, &fw.id, field, msg);
        }
    };
    for (g, group) in fw.rule_collection_groups.iter().enumerate() {
        priority(format!("ruleCollectionGroups[{g}].priority"), group.priority);
        for (c, coll) in group.collections.iter().enumerate() {
            priority(format!("ruleCollectionGroups[{g}].collections[{c}].priority"), coll.priority);
        }
    }
}

/// What a subnet is dedicated to, if anything: VM NICs and private endpoints may not go there.
fn dedicated_to(s: &Subnet) -> Option<&'static str> {
    if s.name == FIREWALL_SUBNET {
        Some("Azure Firewall")
    } else if s.name == GATEWAY_SUBNET {
        Some("the virtual network gateway")
    } else if s.delegation.as_deref() == Some(RESOLVER_DELEGATION) {
        Some("the DNS private resolver")
    } else {
        None
    }
}

fn dedicated_subnets(ix: &Index, out: &mut Out) {
    let mut check = |element: &Id, who: Label, field: &dyn Fn() -> String, subnet: &Id| {
        if let Some((s, what)) = ix.subnet(subnet).and_then(|s| dedicated_to(s).map(|w| (s, w))) {
            let field = field();
            let msg = format!("{who}: {field} '{}' is dedicated to {what}", s.name);
            out.push(Code::DedicatedSubnetInUse, element, field, msg);
        }
    };
    for vm in &ix.design.vms {
        for (i, nic) in vm.nics.iter().enumerate() {
            let field = || format!("nics[{i}].subnet");
            check(&vm.id, label(ElementKind::Vm, &vm.name, &vm.id), &field, &nic.subnet);
        }
    }
    for pe in &ix.design.private_endpoints {
        let who = label(ElementKind::PrivateEndpoint, &pe.name, &pe.id);
        check(&pe.id, who, &|| "subnet".into(), &pe.subnet);
    }
}

#[cfg(test)]
mod tests {
    use super::super::fixture::{at, found, hub_spoke, subnet};
    use super::*;
    use crate::build::nsg_rule;

    #[test]
    fn nsg_priorities() {
        let (mut d, ids) = hub_spoke();
        let rule =
            |name, priority, dir| nsg_rule(name, priority, dir, Access::Deny, Protocol::Any, "*", "*", "*").unwrap();
        d.nsgs[0].rules.extend([
            rule("too-low", 99, Direction::Inbound),
            rule("same", 100, Direction::Inbound),
            rule("other-direction", 100, Direction::Outbound),
            rule("too-high", 4097, Direction::Outbound),
        ]);
        assert_eq!(
            found(&d),
            vec![
                at(Code::NsgPriorityOutOfRange, &ids.nsg, "rules[1].priority"),
                at(Code::NsgPriorityOutOfRange, &ids.nsg, "rules[4].priority"),
                at(Code::NsgPriorityDuplicate, &ids.nsg, "rules[2].priority"),
            ]
        );
    }

    #[test]
    fn nsgs_on_firewall_and_gateway_subnets() {
        let (mut d, ids) = hub_spoke();
        subnet(&mut d, &ids.fw_subnet).nsg = Some(ids.nsg.clone());
        subnet(&mut d, &ids.gw_subnet).nsg = Some(ids.nsg.clone());
        assert_eq!(
            found(&d),
            vec![
                at(Code::NsgOnFirewallSubnet, &ids.fw_subnet, "nsg"),
                at(Code::NsgOnGatewaySubnet, &ids.gw_subnet, "nsg"),
            ]
        );
    }

    #[test]
    fn firewall_subnet_name_and_size() {
        let (mut d, ids) = hub_spoke();
        subnet(&mut d, &ids.fw_subnet).prefix = "10.0.1.0/27".parse().unwrap();
        assert_eq!(found(&d), vec![at(Code::FirewallSubnetTooSmall, &ids.fw_subnet, "prefix")]);
        subnet(&mut d, &ids.fw_subnet).name = "azurefirewallsubnet".into();
        assert_eq!(found(&d), vec![at(Code::FirewallSubnetName, &ids.fw, "subnet")]);
    }

    #[test]
    fn firewall_settings() {
        let (mut d, ids) = hub_spoke();
        d.firewalls[0].sku = FirewallSku::Basic;
        d.firewalls[0].dns_proxy = true;
        d.firewalls[0].rule_collection_groups = vec![RuleCollectionGroup {
            name: "g".into(),
            priority: 70000,
            collections: vec![RuleCollection {
                name: "c".into(),
                priority: 50,
                rules: FirewallRules::Dnat { rules: vec![] },
            }],
        }];
        assert_eq!(
            found(&d),
            vec![
                at(Code::FirewallPriorityOutOfRange, &ids.fw, "ruleCollectionGroups[0].priority"),
                at(Code::FirewallPriorityOutOfRange, &ids.fw, "ruleCollectionGroups[0].collections[0].priority"),
                at(Code::FirewallBasicDnsProxy, &ids.fw, "dnsProxy"),
            ]
        );
    }

    #[test]
    fn gateways_in_gateway_subnet_and_nothing_else_there() {
        let (mut d, ids) = hub_spoke();
        d.gateways[0].subnet = ids.dns_in_subnet.clone();
        d.gateways[0].instance_ips.clear();
        d.vms[0].nics[0].subnet = ids.gw_subnet.clone();
        d.vms[0].nics[0].ip = "10.0.255.10".parse().unwrap();
        d.private_endpoints[0].subnet = ids.dns_out_subnet.clone();
        d.private_endpoints[0].ip = "10.0.3.20".parse().unwrap();
        assert_eq!(
            found(&d),
            vec![
                at(Code::DedicatedSubnetInUse, &ids.vm, "nics[0].subnet"),
                at(Code::GatewaySubnetName, &ids.gw, "subnet"),
                at(Code::DedicatedSubnetInUse, &ids.pe, "subnet"),
            ]
        );
    }
}
