//! Application security groups (N-1): what Azure accepts in the NICs a group holds and in the
//! groups one NSG rule names.
//!
//! - "All network interfaces assigned to an application security group have to exist in the same
//!   virtual network that the first network interface assigned to the application security group
//!   is in" (application-security-groups overview).
//! - "If you specify an application security group as the source and destination in a security
//!   rule, the network interfaces in both application security groups must exist in the same
//!   virtual network" (same page); ARM refuses such a rule with
//!   `AllApplicationSecurityGroupsInSecurityRuleMustBeFromSameVnet` ("All ASGs on the Security Rule
//!   must be from the same virtual network").
//! - Limits: 10 groups as the source or the destination of one rule; 100 groups across all the
//!   rules of one NSG (networking limits).
//! - A rule takes prefixes or groups for an end, not both: ARM answers "must specify a non empty
//!   value for exactly one of: DestinationAddressPrefixes, DestinationAddressPrefix,
//!   DestinationApplicationSecurityGroups" (an error here; the model writes `*` for the address the
//!   groups replace, and the engine ignores it). A group without NICs matches nothing (a warning;
//!   Microsoft reproduced that a rule naming an empty group among others stopped matching at all).
//!
//! Sources: https://learn.microsoft.com/azure/virtual-network/application-security-groups ;
//! https://learn.microsoft.com/azure/azure-resource-manager/management/azure-subscription-service-limits#azure-resource-manager-virtual-networking-limits ;
//! https://github.com/MicrosoftDocs/azure-docs/issues/77328 ;
//! https://github.com/Azure/azure-cli/issues/8615 (the "exactly one of" error)

use super::index::{label, Index};
use super::{Code, Out};
use crate::id::Id;
use crate::model::*;
use crate::network::{HashMap, HashSet};

/// Groups one end of one rule may name.
const MAX_PER_END: usize = 10;
/// Distinct groups all the rules of one NSG may name.
const MAX_PER_NSG: usize = 100;

pub(super) fn check(ix: &Index, out: &mut Out) {
    let d = ix.design;
    if d.asgs.is_empty()
        && d.nsgs.iter().all(|n| n.rules.iter().all(|r| r.source_asgs.is_empty() && r.destination_asgs.is_empty()))
    {
        return;
    }
    // NIC id → the VNet of its subnet (first NIC with an id wins, as everywhere in validation).
    let mut nic_vnet: HashMap<&Id, &Id> = HashMap::default();
    for (_, nic) in d.nics() {
        if let Some(v) = ix.vnet_of(&nic.subnet) {
            nic_vnet.entry(&nic.id).or_insert(&v.id);
        }
    }
    // Each group's VNet: that of its first NIC (the one Azure measures the others against).
    let mut group_vnet: HashMap<&Id, &Id> = HashMap::default();
    let mut sizes: HashMap<&Id, usize> = HashMap::default();
    for asg in &d.asgs {
        sizes.entry(&asg.id).or_insert(asg.nics.len());
        if let Some(v) = group_members(ix, out, asg, &nic_vnet) {
            group_vnet.entry(&asg.id).or_insert(v);
        }
    }
    for nsg in &d.nsgs {
        rules(ix, out, nsg, &group_vnet, &sizes);
    }
}

/// Reports a NIC outside the VNet of the group's first NIC; returns that VNet.
fn group_members<'a>(ix: &Index, out: &mut Out, asg: &'a Asg, nic_vnet: &HashMap<&Id, &'a Id>) -> Option<&'a Id> {
    let mut first: Option<&Id> = None;
    for (j, nic) in asg.nics.iter().enumerate() {
        let Some(&v) = nic_vnet.get(nic) else { continue };
        match first {
            None => first = Some(v),
            Some(f) if f != v => {
                let who = label(ElementKind::Asg, &asg.name, &asg.id);
                let msg = format!(
                    "{who}: nics[{j}] {} is in {}, but the group's first NIC is in {}; all NICs of an application security group must be in one virtual network",
                    ix.label_of(nic),
                    ix.label_of(v),
                    ix.label_of(f)
                );
                out.push(Code::AsgMultipleVnets, &asg.id, format!("nics[{j}]"), msg);
            }
            Some(_) => {}
        }
    }
    first
}

fn rules(ix: &Index, out: &mut Out, nsg: &Nsg, group_vnet: &HashMap<&Id, &Id>, sizes: &HashMap<&Id, usize>) {
    let who = label(ElementKind::Nsg, &nsg.name, &nsg.id);
    let mut named: HashSet<&Id> = HashSet::default();
    for (i, r) in nsg.rules.iter().enumerate() {
        let ends = [("source", &r.source_asgs, &r.source), ("destination", &r.destination_asgs, &r.destination)];
        for (end, groups, address) in ends {
            if groups.is_empty() {
                continue;
            }
            named.extend(groups.iter());
            if groups.len() > MAX_PER_END {
                let field = format!("rules[{i}].{end}Asgs");
                let msg = format!(
                    "{who}: rule '{}' names {} application security groups as its {end}; Azure allows {MAX_PER_END}",
                    r.name,
                    groups.len()
                );
                out.push(Code::TooManyAsgs, &nsg.id, field, msg);
            }
            if !matches!(address, AddressMatch::Any) {
                let msg = format!(
                    "{who}: rule '{}' names application security groups and the address {address} as its {end}; Azure takes exactly one of them (the groups are used, the address is ignored)",
                    r.name
                );
                out.push(Code::AsgWithAddress, &nsg.id, format!("rules[{i}].{end}"), msg);
            }
            for (j, g) in groups.iter().enumerate() {
                if sizes.get(g) == Some(&0) {
                    let field = format!("rules[{i}].{end}Asgs[{j}]");
                    let msg = format!("{who}: rule '{}' names {}, which holds no NIC", r.name, ix.label_of(g));
                    out.push(Code::AsgEmpty, &nsg.id, field, msg);
                }
            }
        }
        let mut vnets: Vec<&Id> = Vec::new();
        for g in r.source_asgs.iter().chain(&r.destination_asgs) {
            if let Some(&v) = group_vnet.get(g) {
                if !vnets.contains(&v) {
                    vnets.push(v);
                }
            }
        }
        if vnets.len() > 1 {
            let names: Vec<String> = vnets.iter().map(|v| ix.label_of(v)).collect();
            let msg = format!(
                "{who}: rule '{}' names application security groups of several virtual networks ({}); all groups of one rule must be in one virtual network",
                r.name,
                names.join(", ")
            );
            out.push(Code::AsgRuleMultipleVnets, &nsg.id, format!("rules[{i}]"), msg);
        }
    }
    if named.len() > MAX_PER_NSG {
        let msg = format!(
            "{who}: its rules name {} application security groups; Azure allows {MAX_PER_NSG} per NSG",
            named.len()
        );
        out.push(Code::TooManyAsgs, &nsg.id, "rules", msg);
    }
}

#[cfg(test)]
mod tests {
    use super::super::fixture::{at, found, hub_spoke};
    use super::*;
    use crate::build::nsg_rule;

    fn asg(id: &str, nics: Vec<Id>) -> Asg {
        Asg { id: Id::new(id), name: id.to_uppercase(), nics, meta: Default::default() }
    }

    /// The fixture's spoke VM NIC, a second NIC in the spoke and one in the hub.
    fn nics(d: &mut Design) -> (Id, Id, Id) {
        let spoke_nic = d.vms[0].nics[0].clone();
        let mut second = spoke_nic.clone();
        second.id = Id::new("nic-spoke-2");
        second.name = "nic-spoke-2".into();
        second.ip = "10.1.0.9".parse().unwrap();
        let mut hub = spoke_nic.clone();
        hub.id = Id::new("nic-hub");
        hub.name = "nic-hub".into();
        hub.subnet = d.subnets.iter().find(|s| s.name == "snet-dns-in").map(|s| s.id.clone()).unwrap();
        hub.ip = "10.0.3.6".parse().unwrap();
        d.vms[0].nics.extend([second.clone(), hub.clone()]);
        (spoke_nic.id, second.id, hub.id)
    }

    const ASG_CODES: [Code; 5] =
        [Code::AsgMultipleVnets, Code::AsgRuleMultipleVnets, Code::AsgWithAddress, Code::AsgEmpty, Code::TooManyAsgs];

    fn asg_findings(d: &Design) -> Vec<(Code, Id, String)> {
        found(d).into_iter().filter(|(c, _, _)| ASG_CODES.contains(c)).collect()
    }

    #[test]
    fn n1_one_vnet_per_group_and_per_rule() {
        let (mut d, ids) = hub_spoke();
        let (a, b, hub) = nics(&mut d);
        d.asgs =
            vec![asg("asg-app", vec![a, b.clone()]), asg("asg-mixed", vec![b, hub.clone()]), asg("asg-hub", vec![hub])];
        let mut ok = nsg_rule("app", 100, Direction::Inbound, Access::Allow, Protocol::Tcp, "*", "*", "443").unwrap();
        ok.source_asgs = vec![Id::new("asg-app")];
        ok.destination_asgs = vec![Id::new("asg-app")];
        let mut across = ok.clone();
        across.name = "across".into();
        across.priority = 110;
        across.destination_asgs = vec![Id::new("asg-hub")];
        let first_rule = d.nsgs[0].rules.len();
        d.nsgs[0].rules.extend([ok, across]);
        let mut findings = asg_findings(&d);
        findings.sort();
        let mut want = vec![
            at(Code::AsgMultipleVnets, &Id::new("asg-mixed"), "nics[1]"),
            at(Code::AsgRuleMultipleVnets, &ids.nsg, &format!("rules[{}]", first_rule + 1)),
        ];
        want.sort();
        assert_eq!(findings, want);
        let message = crate::validate::validate(&d)
            .into_iter()
            .find(|x| x.code == Code::AsgRuleMultipleVnets)
            .map(|x| x.message)
            .unwrap_or_default();
        assert!(message.contains("'vnet-spoke'") && message.contains("'vnet-hub'"), "{message}");
    }

    #[test]
    fn n1_ignored_addresses_empty_groups_and_limits() {
        let (mut d, ids) = hub_spoke();
        let (a, _, _) = nics(&mut d);
        d.asgs = vec![asg("asg-app", vec![a]), asg("asg-none", vec![])];
        let mut r =
            nsg_rule("r", 100, Direction::Inbound, Access::Deny, Protocol::Any, "10.9.0.0/16", "*", "*").unwrap();
        r.source_asgs = vec![Id::new("asg-app")];
        r.destination_asgs = vec![Id::new("asg-none")];
        let mut wide = nsg_rule("wide", 110, Direction::Inbound, Access::Deny, Protocol::Any, "*", "*", "*").unwrap();
        wide.source_asgs = vec![Id::new("asg-app"); 11];
        let n = d.nsgs[0].rules.len();
        d.nsgs[0].rules.extend([r, wide]);
        assert_eq!(
            asg_findings(&d),
            // Sorted by element, then by code in catalog order.
            vec![
                at(Code::TooManyAsgs, &ids.nsg, &format!("rules[{}].sourceAsgs", n + 1)),
                at(Code::AsgWithAddress, &ids.nsg, &format!("rules[{n}].source")),
                at(Code::AsgEmpty, &ids.nsg, &format!("rules[{n}].destinationAsgs[0]")),
            ]
        );
        assert_eq!(Code::AsgEmpty.severity(), crate::validate::Severity::Warning);
        assert_eq!(Code::AsgWithAddress.severity(), crate::validate::Severity::Error);
        assert_eq!(Code::AsgRuleMultipleVnets.severity(), crate::validate::Severity::Error);
    }
}
