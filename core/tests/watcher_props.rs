//! Property tests of Network Watcher's answers (`vnet_core::watcher`): on any design, for every
//! NIC, effective security rules (N-12), IP flow verify (N-13) and next hop answer without
//! panicking, cite only rule ids of the catalog, and compare equal to themselves once
//! normalised; the VirtualNetwork prefix list is the trace engine's set (N-4); and on the seed lab
//! with random NSG rules on the subnet and the NIC, the rule IP flow verify names is listed by
//! the effective security rules of that NSG, with the same access.
//!
//! Cases: 64 per property unless `PROPTEST_CASES` says otherwise (see `strategies::config`).

mod strategies;

use proptest::collection::vec;
use proptest::prelude::*;
use std::net::Ipv4Addr;
use strategies::config;
use vnet_core::catalog::rules;
use vnet_core::filter::PrefixSet;
use vnet_core::model::*;
use vnet_core::trace::Engine;
use vnet_core::watcher::flow_verify::{verify, Endpoint, FlowQuery, Port};
use vnet_core::watcher::{az, compare, next_hop, security, tags, WatcherError};

fn cited(v: &serde_json::Value, out: &mut Vec<String>) {
    match v {
        serde_json::Value::Object(map) => {
            if let Some(serde_json::Value::Array(ids)) = map.get("vnetStudio").and_then(|s| s.get("rules")) {
                out.extend(ids.iter().filter_map(|i| i.as_str().map(String::from)));
            }
            map.values().for_each(|c| cited(c, out));
        }
        serde_json::Value::Array(items) => items.iter().for_each(|c| cited(c, out)),
        _ => {}
    }
}

fn check_answer<T: serde::Serialize>(answer: &T) -> Result<(), TestCaseError> {
    let v = az::studio_json(answer).map_err(|e| TestCaseError::fail(e.to_string()))?;
    let mut ids = Vec::new();
    cited(&v, &mut ids);
    for id in &ids {
        prop_assert!(rules::rule(id).is_some(), "cites unknown rule {id}");
    }
    let az = az::az_json(answer).map_err(|e| TestCaseError::fail(e.to_string()))?;
    prop_assert!(compare::compare(&az, &v).is_empty(), "the az form and the studio form differ");
    Ok(())
}

fn ask_everything(d: &Design, remote: Ipv4Addr, port: u16) -> Result<(), TestCaseError> {
    let eng = Engine::new(d);
    for s in 0..eng.net.subnets.len() {
        let list = tags::virtual_network_prefixes(&eng.net, s);
        prop_assert_eq!(&PrefixSet::new(list), &eng.tags[s]);
    }
    for nic in 0..eng.net.nics.len() {
        check_answer(&security::effective_security_rules(&eng, nic).map_err(|e| TestCaseError::fail(e.to_string()))?)?;
        check_answer(&next_hop::next_hop(&eng, nic, remote).map_err(|e| TestCaseError::fail(e.to_string()))?)?;
        let local = eng.net.nics[nic].nic.ip;
        for (direction, protocol) in [(Direction::Inbound, Protocol::Tcp), (Direction::Outbound, Protocol::Udp)] {
            let (l, r) = match direction {
                Direction::Inbound => (Port::Number(port), Port::Any),
                Direction::Outbound => (Port::Any, Port::Number(port)),
            };
            let q = FlowQuery {
                direction,
                protocol,
                local: Endpoint { ip: local, port: l },
                remote: Endpoint { ip: remote, port: r },
            };
            check_answer(&verify(&eng, nic, &q).map_err(|e| TestCaseError::fail(e.to_string()))?)?;
        }
        let icmp = FlowQuery {
            direction: Direction::Inbound,
            protocol: Protocol::Icmp,
            local: Endpoint { ip: local, port: Port::Number(0) },
            remote: Endpoint { ip: remote, port: Port::Number(0) },
        };
        prop_assert_eq!(verify(&eng, nic, &icmp).err(), Some(WatcherError::Protocol(Protocol::Icmp)));
    }
    Ok(())
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn answers_on_arbitrary_designs(d in strategies::design(), remote in strategies::ip(), port in any::<u16>()) {
        ask_everything(&d, remote, port)?;
    }

    #[test]
    fn flow_verify_names_a_rule_the_effective_rules_list(
        subnet_rules in vec(strategies::nsg_rule(), 0..6),
        nic_rules in vec(strategies::nsg_rule(), 0..6),
        remote in strategies::ip(),
        port in any::<u16>(),
        inbound in any::<bool>(),
        tcp in any::<bool>(),
    ) {
        let mut d = vnet_core::gallery::seed_lab().map_err(|e| TestCaseError::fail(e.to_string()))?;
        let mut b = vnet_core::build::DesignBuilder::from_design(d.clone());
        let snet = d.subnets.iter().find(|s| s.name == "snet-vm").map(|s| s.id.clone()).ok_or_else(|| TestCaseError::fail("snet-vm"))?;
        b.nsg("nsg-subnet", subnet_rules, &[&snet]);
        let nic_nsg = b.nsg("nsg-nic", nic_rules, &[]);
        let vm = d.vms.iter().find(|v| v.name == "vm-spoke").map(|v| v.id.clone()).ok_or_else(|| TestCaseError::fail("vm-spoke"))?;
        b.with_vm(&vm, |v| v.nics[0].nsg = Some(nic_nsg));
        d = b.build().map_err(|e| TestCaseError::fail(e.to_string()))?;
        ask_everything(&d, remote, port)?;

        let eng = Engine::new(&d);
        let nic = vnet_core::watcher::target::nic(&eng.net, "vm-spoke").map_err(|e| TestCaseError::fail(e.to_string()))?;
        let listed = security::effective_security_rules(&eng, nic).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(listed.value.len(), 2);
        let (direction, local, remote_ep) = if inbound {
            (Direction::Inbound, Port::Number(port), Port::Any)
        } else {
            (Direction::Outbound, Port::Any, Port::Number(port))
        };
        let q = FlowQuery {
            direction,
            protocol: if tcp { Protocol::Tcp } else { Protocol::Udp },
            local: Endpoint { ip: eng.net.nics[nic].nic.ip, port: local },
            remote: Endpoint { ip: remote, port: remote_ep },
        };
        let answer = verify(&eng, nic, &q).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let last = answer.vnet_studio.nsgs.last().ok_or_else(|| TestCaseError::fail("no NSG evaluated"))?;
        let rule_name = answer.rule_name.clone().ok_or_else(|| TestCaseError::fail("no rule name"))?;
        prop_assert_eq!(&last.rule_name, &rule_name);
        prop_assert_eq!(last.access, answer.access);
        // N-13 order (N-5): inbound subnet first, outbound NIC first.
        let first = answer.vnet_studio.nsgs.first().map(|s| s.association);
        prop_assert_eq!(first, Some(if inbound { "subnet" } else { "networkInterface" }));
        let entry = listed
            .value
            .iter()
            .find(|e| e.network_security_group.id.ends_with(&format!("/{}", last.nsg)))
            .ok_or_else(|| TestCaseError::fail("the deciding NSG is not listed"))?;
        let listed_with_that_access = entry.effective_security_rules.iter().any(|r| {
            r.name == rule_name && r.direction == direction && r.priority == last.priority && r.access == answer.access
        });
        prop_assert!(listed_with_that_access, "{} ({:?}) is not listed for {}", rule_name, answer.access, last.nsg);
    }
}
