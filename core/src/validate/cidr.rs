//! Canonical prefixes (DECISIONS 12): the model keeps a prefix as parsed, host bits included, so
//! that the user's text survives; Azure rejects such a prefix, so every stored prefix whose host
//! bits are set gets one diagnostic that names the canonical form. Other checks then use the
//! truncated network (see `net`).

use super::index::{label, Index, Label};
use super::{Code, Out};
use crate::id::Id;
use crate::model::*;
use ipnet::Ipv4Net;

pub(super) fn check(ix: &Index, out: &mut Out) {
    use ElementKind as K;
    let d = ix.design;
    for v in &d.vnets {
        let who = label(K::Vnet, &v.name, &v.id);
        for (i, net) in v.address_space.iter().enumerate() {
            canonical(out, &v.id, who, || format!("addressSpace[{i}]"), net);
        }
    }
    for s in &d.subnets {
        canonical(out, &s.id, label(K::Subnet, &s.name, &s.id), || "prefix".into(), &s.prefix);
    }
    for t in &d.route_tables {
        let who = label(K::RouteTable, &t.name, &t.id);
        for (i, r) in t.routes.iter().enumerate() {
            canonical(out, &t.id, who, || format!("routes[{i}].prefix"), &r.prefix);
        }
    }
    for n in &d.nsgs {
        let who = label(K::Nsg, &n.name, &n.id);
        for (i, r) in n.rules.iter().enumerate() {
            matched(out, &n.id, who, || format!("rules[{i}].source"), &r.source);
            matched(out, &n.id, who, || format!("rules[{i}].destination"), &r.destination);
        }
    }
    for vm in &d.vms {
        if let VmRole::Nva(nva) = &vm.role {
            let who = label(K::Vm, &vm.name, &vm.id);
            for (i, r) in nva.rules.iter().enumerate() {
                matched(out, &vm.id, who, || format!("role.rules[{i}].source"), &r.source);
                matched(out, &vm.id, who, || format!("role.rules[{i}].destination"), &r.destination);
            }
        }
    }
    for fw in &d.firewalls {
        firewall(out, fw);
    }
    for g in &d.gateways {
        let who = label(K::Gateway, &g.name, &g.id);
        for (i, c) in g.connections.iter().enumerate() {
            for (j, learned) in c.learned_prefixes.iter().enumerate() {
                canonical(out, &g.id, who, || format!("connections[{i}].learnedPrefixes[{j}]"), &learned.prefix);
            }
        }
    }
    for s in &d.sites {
        let who = label(K::Site, &s.name, &s.id);
        for (i, net) in s.prefixes.iter().enumerate() {
            canonical(out, &s.id, who, || format!("prefixes[{i}]"), net);
        }
        if let OnPremRouting::Static { prefixes } = &s.router {
            for (i, net) in prefixes.iter().enumerate() {
                canonical(out, &s.id, who, || format!("router.prefixes[{i}]"), net);
            }
        }
    }
    for p in &d.paas {
        let who = label(K::Paas, &p.name, &p.id);
        for (i, net) in p.ip_rules.iter().enumerate() {
            canonical(out, &p.id, who, || format!("ipRules[{i}]"), net);
        }
    }
}

fn firewall(out: &mut Out, fw: &Firewall) {
    let who = label(ElementKind::Firewall, &fw.name, &fw.id);
    for (i, r) in fw.snat_private_ranges.iter().enumerate() {
        if let SnatRange::Prefix(net) = r {
            canonical(out, &fw.id, who, || format!("snatPrivateRanges[{i}]"), net);
        }
    }
    for (g, group) in fw.rule_collection_groups.iter().enumerate() {
        for (c, coll) in group.collections.iter().enumerate() {
            let mut each = |r: usize, list: &str, matches: &[AddressMatch]| {
                for (k, m) in matches.iter().enumerate() {
                    let field = || format!("ruleCollectionGroups[{g}].collections[{c}].rules.rules[{r}].{list}[{k}]");
                    matched(out, &fw.id, who, field, m);
                }
            };
            match &coll.rules {
                FirewallRules::Network { rules, .. } => {
                    for (r, rule) in rules.iter().enumerate() {
                        each(r, "sources", &rule.sources);
                        each(r, "destinations", &rule.destinations);
                    }
                }
                FirewallRules::Application { rules, .. } => {
                    for (r, rule) in rules.iter().enumerate() {
                        each(r, "sources", &rule.sources);
                    }
                }
                FirewallRules::Dnat { rules } => {
                    for (r, rule) in rules.iter().enumerate() {
                        each(r, "sources", &rule.sources);
                    }
                }
            }
        }
    }
}

fn matched(out: &mut Out, id: &Id, who: Label, field: impl FnOnce() -> String, m: &AddressMatch) {
    if let AddressMatch::Prefix(net) = m {
        canonical(out, id, who, field, net);
    }
}

/// Reports `net` if it has host bits set. The field path is built only then: most prefixes are fine.
fn canonical(out: &mut Out, id: &Id, who: Label, field: impl FnOnce() -> String, net: &Ipv4Net) {
    let t = net.trunc();
    if t != *net {
        let field = field();
        let message = format!("{who}: {field} {net} has host bits set; the canonical form is {t}");
        out.push(Code::CidrNotCanonical, id, field, message);
    }
}

#[cfg(test)]
mod tests {
    use super::super::fixture::{at, found, hub_spoke, route_table, subnet, vnet};
    use super::*;

    fn net(s: &str) -> Ipv4Net {
        s.parse().unwrap()
    }

    #[test]
    fn names_the_canonical_form_of_a_subnet_prefix() {
        let (mut d, ids) = hub_spoke();
        subnet(&mut d, &ids.data_subnet).prefix = net("10.1.1.5/24");
        let diags = super::super::validate(&d);
        assert_eq!(diags.len(), 1, "{diags:?}");
        assert_eq!(
            diags[0].message,
            "Subnet 'snet-data': prefix 10.1.1.5/24 has host bits set; the canonical form is 10.1.1.0/24"
        );
        assert_eq!(diags[0].element.as_ref(), Some(&ids.data_subnet));
    }

    #[test]
    fn every_kind_of_stored_prefix_is_checked() {
        let (mut d, ids) = hub_spoke();
        vnet(&mut d, &ids.spoke).address_space.push(net("10.2.0.1/16"));
        route_table(&mut d, &ids.rt_spoke).routes[0].prefix = net("0.0.0.1/0");
        d.nsgs[0].rules[0].source = AddressMatch::Prefix(net("10.1.0.9/24"));
        d.gateways[0].connections[0].learned_prefixes.push(net("172.16.0.1/12").into());
        d.sites[0].prefixes.push(net("172.16.1.1/24"));
        d.sites[0].router = OnPremRouting::Static { prefixes: vec![net("10.0.0.1/8")] };
        d.paas[0].ip_rules.push(net("203.0.113.7/24"));
        d.firewalls[0].snat_private_ranges.push(SnatRange::Prefix(net("100.64.0.1/10")));
        d.firewalls[0].rule_collection_groups = vec![RuleCollectionGroup {
            name: "g".into(),
            priority: 100,
            collections: vec![RuleCollection {
                name: "c".into(),
                priority: 100,
                rules: FirewallRules::Network {
                    action: FirewallAction::Allow,
                    rules: vec![NetworkRule {
                        name: "r".into(),
                        protocols: vec![Protocol::Any],
                        sources: vec![AddressMatch::Any],
                        destinations: vec![AddressMatch::Prefix(net("10.9.9.9/16"))],
                        ports: vec![PortRange::ANY],
                    }],
                },
            }],
        }];
        let c = Code::CidrNotCanonical;
        let got: Vec<_> = found(&d).into_iter().filter(|f| f.0 == c).collect();
        assert_eq!(
            got,
            vec![
                at(c, &ids.spoke, "addressSpace[1]"),
                at(c, &ids.rt_spoke, "routes[0].prefix"),
                at(c, &ids.nsg, "rules[0].source"),
                at(c, &ids.fw, "snatPrivateRanges[1]"),
                at(c, &ids.fw, "ruleCollectionGroups[0].collections[0].rules.rules[0].destinations[0]"),
                at(c, &ids.gw, "connections[0].learnedPrefixes[1]"),
                at(c, &ids.site, "prefixes[1]"),
                at(c, &ids.site, "router.prefixes[0]"),
                at(c, &ids.storage, "ipRules[0]"),
            ]
        );
    }
}
