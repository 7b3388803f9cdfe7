//! Internal load balancers (F-22) and NAT gateways (F-23): what Azure rejects and what cannot
//! work. References (frontend subnet, backend NICs, served subnets) are checked in `references`;
//! the frontend IP's place in its subnet and its uniqueness in `ips`.
//!
//! - F-22 (a): a rule is either an HA ports rule (protocol All, frontend and backend port 0) or a
//!   TCP/UDP rule with a frontend port; an HA ports rule cannot be combined with another rule.
//! - F-22: the backend NICs are in the load balancer's VNet; when the load balancer is a route's
//!   next hop its backends forward, so they need IP forwarding (F-20).
//! - F-23 (e): one NAT gateway per subnet, the subnets of one VNet, never GatewaySubnet, 1 to 16
//!   public addresses that are public. IPv4 only holds by construction: the model has no IPv6.

use super::index::{label, Index, GATEWAY_SUBNET};
use super::{Code, Out};
use crate::id::Id;
use crate::model::*;
use crate::network::HashMap;
use std::net::Ipv4Addr;

/// The most public IP addresses a NAT gateway takes (F-23).
const MAX_NAT_IPS: usize = 16;

pub(super) fn check(ix: &Index, out: &mut Out) {
    let d = ix.design;
    let next_hops: Vec<Ipv4Addr> = d
        .route_tables
        .iter()
        .flat_map(|t| t.routes.iter())
        .filter(|r| r.next_hop_type == NextHopType::VirtualAppliance)
        .filter_map(|r| r.next_hop_ip)
        .collect();
    let nics: HashMap<&Id, (&Vm, &Nic)> = d.nics().map(|(vm, n)| (&n.id, (vm, n))).collect();
    for lb in &d.load_balancers {
        rules(out, lb);
        backends(ix, out, lb, &nics, next_hops.contains(&lb.frontend_ip));
    }
    nat_gateways(ix, out);
}

/// F-22 (a): each rule's shape, and no HA ports rule beside another rule.
fn rules(out: &mut Out, lb: &LoadBalancer) {
    let who = label(ElementKind::LoadBalancer, &lb.name, &lb.id);
    for (i, r) in lb.rules.iter().enumerate() {
        let bad = match r.protocol {
            Protocol::Any if r.frontend_port != 0 || r.backend_port != 0 => {
                Some("protocol All makes an HA ports rule, whose frontend and backend ports are 0")
            }
            Protocol::Tcp | Protocol::Udp if r.frontend_port == 0 => {
                Some("a TCP or UDP rule needs a frontend port (port 0 with protocol All is HA ports)")
            }
            Protocol::Icmp => Some("load-balancing rules carry TCP, UDP or All (HA ports), not ICMP alone"),
            _ => None,
        };
        if let Some(why) = bad {
            let msg = format!("{who}: rules[{i}] '{}': {why}", r.name);
            out.push(Code::LbRuleInvalid, &lb.id, format!("rules[{i}]"), msg);
        }
    }
    let ha = lb.rules.iter().position(LbRule::is_ha_ports);
    if let (Some(h), true) = (ha, lb.rules.len() > 1) {
        let msg = format!(
            "{who}: HA ports rule '{}' combined with a non-HA rule is not supported; keep the HA ports rule alone",
            lb.rules[h].name
        );
        out.push(Code::LbHaPortsMixed, &lb.id, format!("rules[{h}]"), msg);
    }
    if lb.rules.is_empty() {
        let msg = format!("{who} has no load-balancing rule, so it drops every flow it receives");
        out.push(Code::LbWithoutRules, &lb.id, "rules", msg);
    }
}

/// F-22, F-20: backends in the frontend's VNet, forwarding when the load balancer is a next hop.
fn backends(ix: &Index, out: &mut Out, lb: &LoadBalancer, nics: &HashMap<&Id, (&Vm, &Nic)>, next_hop: bool) {
    let who = label(ElementKind::LoadBalancer, &lb.name, &lb.id);
    let lb_vnet = ix.subnet(&lb.subnet).map(|s| &s.vnet);
    for (i, b) in lb.backends.iter().enumerate() {
        // A dangling NIC is reported by `references`.
        let Some((vm, nic)) = nics.get(&b.nic) else { continue };
        let vm_label = label(ElementKind::Vm, &vm.name, &vm.id);
        let nic_vnet = ix.subnet(&nic.subnet).map(|s| &s.vnet);
        if let (Some(a), Some(n)) = (lb_vnet, nic_vnet) {
            if a != n {
                let msg = format!(
                    "{who}: backends[{i}] is a NIC of {vm_label:#} in another virtual network; a backend pool holds NICs of the load balancer's own virtual network"
                );
                out.push(Code::LbBackendOtherVnet, &lb.id, format!("backends[{i}].nic"), msg);
            }
        }
        if next_hop && !nic.ip_forwarding {
            let msg = format!(
                "{who} is a route's next hop, but backends[{i}] ({vm_label:#}, NIC '{}') has IP forwarding off, so it drops the packets it is handed",
                nic.name
            );
            out.push(Code::LbBackendWithoutIpForwarding, &lb.id, format!("backends[{i}].nic"), msg);
        }
    }
}

/// Whether Azure would take `ip` as a NAT gateway's public address: not private (RFC 1918,
/// RFC 6598), loopback, link-local, unspecified or multicast.
fn is_public(ip: Ipv4Addr) -> bool {
    let shared = ip.octets()[0] == 100 && (ip.octets()[1] & 0xc0) == 64;
    !(ip.is_private()
        || shared
        || ip.is_loopback()
        || ip.is_link_local()
        || ip.is_unspecified()
        || ip.is_multicast()
        || ip.is_broadcast())
}

/// F-23 (e).
fn nat_gateways(ix: &Index, out: &mut Out) {
    let d = ix.design;
    let mut serving: HashMap<&Id, &NatGateway> = HashMap::default();
    for ng in &d.nat_gateways {
        let who = label(ElementKind::NatGateway, &ng.name, &ng.id);
        if ng.public_ips.is_empty() || ng.public_ips.len() > MAX_NAT_IPS {
            let msg = format!(
                "{who} has {} public IP addresses; a NAT gateway takes 1 to {MAX_NAT_IPS}",
                ng.public_ips.len()
            );
            out.push(Code::NatGatewayPublicIps, &ng.id, "publicIps", msg);
        }
        for (i, ip) in ng.public_ips.iter().enumerate().filter(|(_, ip)| !is_public(**ip)) {
            let msg = format!("{who}: publicIps[{i}] {ip} is not a public address");
            out.push(Code::NatGatewayPublicIps, &ng.id, format!("publicIps[{i}]"), msg);
        }
        let mut vnet: Option<&Id> = None;
        for (i, s) in ng.subnets.iter().enumerate() {
            let Some(subnet) = ix.subnet(s) else { continue };
            let field = || format!("subnets[{i}]");
            if subnet.name == GATEWAY_SUBNET {
                let msg = format!("{who} is attached to GatewaySubnet, which Azure does not allow");
                out.push(Code::NatGatewayOnGatewaySubnet, &ng.id, field(), msg);
            }
            match vnet {
                Some(v) if v != &subnet.vnet => {
                    let msg = format!(
                        "{who}: subnets[{i}] '{}' is in another virtual network than its first subnet; a NAT gateway serves subnets of one virtual network",
                        subnet.name
                    );
                    out.push(Code::NatGatewayAcrossVnets, &ng.id, field(), msg);
                }
                Some(_) => {}
                None => vnet = Some(&subnet.vnet),
            }
            match serving.get(s) {
                Some(first) if first.id != ng.id => {
                    let msg = format!(
                        "{who}: subnet '{}' already has NAT gateway '{}'; a subnet takes one NAT gateway",
                        subnet.name, first.name
                    );
                    out.push(Code::NatGatewaySharedSubnet, &ng.id, field(), msg);
                }
                Some(_) => {}
                None => {
                    serving.insert(s, ng);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::fixture::{at, found, hub_spoke};
    use super::*;

    fn rule(name: &str, protocol: Protocol, frontend_port: u16, backend_port: u16) -> LbRule {
        LbRule { name: name.into(), protocol, frontend_port, backend_port }
    }

    /// The fixture's VM turned into an NVA pool of one behind an ILB in its own subnet.
    fn with_lb(d: &mut Design, subnet: &Id, rules: Vec<LbRule>) -> Id {
        let nic = d.vms[0].nics[0].id.clone();
        let id = Id::new("lb-test");
        d.load_balancers.push(LoadBalancer {
            id: id.clone(),
            name: "ilb-test".into(),
            subnet: subnet.clone(),
            frontend_ip: "10.1.0.10".parse().unwrap(),
            backends: vec![LbBackend { nic, healthy: true }],
            rules,
            probe: Some(LbProbe { protocol: ProbeProtocol::Tcp, port: 22 }),
            meta: Default::default(),
        });
        id
    }

    #[test]
    fn a_clean_ha_ports_load_balancer_has_no_finding() {
        let (mut d, ids) = hub_spoke();
        with_lb(&mut d, &ids.vm_subnet, vec![rule("ha", Protocol::Any, 0, 0)]);
        assert_eq!(found(&d), vec![]);
    }

    #[test]
    fn rule_shapes_and_ha_ports_mixed_with_a_port_rule() {
        let (mut d, ids) = hub_spoke();
        let lb = with_lb(
            &mut d,
            &ids.vm_subnet,
            vec![
                rule("ha", Protocol::Any, 0, 0),
                rule("any-443", Protocol::Any, 443, 443),
                rule("tcp-0", Protocol::Tcp, 0, 0),
                rule("icmp", Protocol::Icmp, 0, 0),
            ],
        );
        assert_eq!(
            found(&d),
            vec![
                at(Code::LbRuleInvalid, &lb, "rules[1]"),
                at(Code::LbRuleInvalid, &lb, "rules[2]"),
                at(Code::LbRuleInvalid, &lb, "rules[3]"),
                at(Code::LbHaPortsMixed, &lb, "rules[0]"),
            ]
        );
        let msg = super::super::validate(&d).into_iter().find(|x| x.code == Code::LbHaPortsMixed).map(|x| x.message);
        assert!(msg.is_some_and(|m| m.contains("combined with a non-HA rule is not supported")));
    }

    #[test]
    fn no_rule_and_backends_that_cannot_serve() {
        let (mut d, ids) = hub_spoke();
        // The LB in the hub, its backend in the spoke; a route points at its frontend.
        let lb = with_lb(&mut d, &ids.dns_in_subnet, Vec::new());
        d.load_balancers[0].frontend_ip = "10.0.3.10".parse().unwrap();
        d.route_tables[0].routes[0].next_hop_ip = Some("10.0.3.10".parse().unwrap());
        assert_eq!(
            found(&d),
            vec![
                at(Code::LbWithoutRules, &lb, "rules"),
                at(Code::LbBackendOtherVnet, &lb, "backends[0].nic"),
                at(Code::LbBackendWithoutIpForwarding, &lb, "backends[0].nic"),
            ]
        );
    }

    fn nat(id: &str, ips: &[&str], subnets: &[&Id]) -> NatGateway {
        NatGateway {
            id: Id::new(id),
            name: id.into(),
            public_ips: ips.iter().map(|ip| ip.parse().unwrap()).collect(),
            subnets: subnets.iter().map(|s| (*s).clone()).collect(),
            meta: Default::default(),
        }
    }

    #[test]
    fn nat_gateway_rules_of_f23_e() {
        let (mut d, ids) = hub_spoke();
        d.nat_gateways.push(nat("nat-ok", &["203.0.113.10"], &[&ids.vm_subnet]));
        assert_eq!(found(&d), vec![]);
        d.nat_gateways.push(nat("nat-bad", &["10.9.9.9"], &[&ids.data_subnet, &ids.gw_subnet, &ids.vm_subnet]));
        d.nat_gateways.push(nat("nat-empty", &[], &[]));
        let (bad, empty) = (Id::new("nat-bad"), Id::new("nat-empty"));
        assert_eq!(
            found(&d),
            vec![
                at(Code::NatGatewayPublicIps, &bad, "publicIps[0]"),
                at(Code::NatGatewayOnGatewaySubnet, &bad, "subnets[1]"),
                at(Code::NatGatewayAcrossVnets, &bad, "subnets[1]"),
                at(Code::NatGatewaySharedSubnet, &bad, "subnets[2]"),
                at(Code::NatGatewayPublicIps, &empty, "publicIps"),
            ]
        );
        let many: Vec<String> = (1..=17).map(|i| format!("203.0.113.{i}")).collect();
        let many: Vec<&str> = many.iter().map(String::as_str).collect();
        let (mut d, ids) = hub_spoke();
        d.nat_gateways.push(nat("nat-many", &many, &[&ids.vm_subnet]));
        assert_eq!(found(&d), vec![at(Code::NatGatewayPublicIps, &Id::new("nat-many"), "publicIps")]);
    }
}
