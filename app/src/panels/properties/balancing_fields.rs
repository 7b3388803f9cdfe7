//! Fields of the schema v2 elements that hold other elements: an internal load balancer's
//! frontend, backend pool, rules and probe (F-22), a NAT gateway's public IPs and subnets (F-23),
//! an application security group's NICs. A NIC is written by its VM's name (the VM's first NIC)
//! or `VM/NIC`; a bare NIC name is read too. Subnets are `vnet/subnet`.

use super::fields::{
    arm, arm_name, each_line, field, field_in, ip, items, line_error, name, show_list, show_text, word, FieldSpec,
    Input, OTHER_KIND, PROTOCOLS,
};
use super::paas_fields::{subnet_by_label, subnet_label};
use vnet_core::edit::Element;
use vnet_core::model::*;
use vnet_core::Id;

pub const LOAD_BALANCER: &[FieldSpec] = &[
    field!("Name", "name", Text, LoadBalancer(l) => l.name, show_text, name),
    FRONTEND_SUBNET,
    field!("Frontend IP", "frontendIp", Text, LoadBalancer(l) => l.frontend_ip, show_ip, ip),
    field_in!("Backend pool", "backends", Lines, LoadBalancer(l) => l.backends, show_backends, backends)
        .help("VM[/NIC] [unhealthy]\ne.g. nva-a\n     nva-b/nic-inside unhealthy"),
    field!("Rules", "rules", Lines, LoadBalancer(l) => l.rules, show_rules, rules)
        .help("NAME HA (every protocol, every port)\nor NAME TCP|UDP FRONTPORT BACKPORT\ne.g. ha-ports HA"),
    field!("Health probe (TCP, HTTP or HTTPS and a port; empty: none)", "probe", Text, LoadBalancer(l) => l.probe, show_probe, probe),
];

pub const NAT_GATEWAY: &[FieldSpec] = &[
    field!("Name", "name", Text, NatGateway(n) => n.name, show_text, name),
    field!("Public IPs (1 to 16)", "publicIps", Text, NatGateway(n) => n.public_ips, show_list, public_ips),
    field_in!("Subnets served (vnet/subnet, one VNet)", "subnets", Text, NatGateway(n) => n.subnets, show_subnets, nat_subnets),
];

pub const ASG: &[FieldSpec] = &[
    field!("Name", "name", Text, Asg(a) => a.name, show_text, name),
    field_in!("Members (VM or VM/NIC, one VNet)", "nics", Text, Asg(a) => a.nics, show_nics, asg_nics),
];

fn show_ip(ip: &std::net::Ipv4Addr) -> String {
    ip.to_string()
}

/// The frontend's subnet, chosen from the design's (as `vnet/subnet`).
const FRONTEND_SUBNET: FieldSpec = FieldSpec {
    label: "Frontend subnet",
    key: "subnet",
    input: Input::Choice,
    help: "",
    get: |_, e| match e {
        Element::LoadBalancer(l) => Some(l.subnet.to_string()),
        _ => None,
    },
    set: |d, e, text| {
        let Element::LoadBalancer(l) = e else { return Err(OTHER_KIND.into()) };
        match d.subnet(&Id::new(text.trim())) {
            Some(s) => l.subnet = s.id.clone(),
            None => return Err("A load balancer's frontend is in a subnet: choose one.".into()),
        }
        Ok(())
    },
    choices: |d| d.subnets.iter().map(|s| (s.id.to_string(), subnet_label(d, &s.id))).collect(),
};

/// A NIC as written in these fields: its VM's name when it is the VM's first NIC, else `VM/NIC`.
pub(super) fn nic_label(d: &Design, nic: &Id) -> String {
    let found = d.vms.iter().find_map(|vm| vm.nics.iter().position(|n| &n.id == nic).map(|i| (vm, i)));
    match found {
        Some((vm, 0)) => vm.name.clone(),
        Some((vm, i)) => format!("{}/{}", vm.name, vm.nics[i].name),
        None => nic.to_string(),
    }
}

/// Reads [`nic_label`]: `VM` (its first NIC), `VM/NIC`, or a NIC's own name.
pub(super) fn nic_by_label(d: &Design, text: &str) -> Result<Id, String> {
    let found = match text.split_once('/') {
        Some((vm, nic)) => d.vms.iter().filter(|v| v.name == vm).flat_map(|v| &v.nics).find(|n| n.name == nic),
        None => d.vms.iter().find(|v| v.name == text).and_then(|v| v.nics.first()),
    };
    let found = found.or_else(|| d.nics().map(|(_, n)| n).find(|n| n.name == text));
    found.map(|n| n.id.clone()).ok_or_else(|| format!("there is no VM or NIC named '{text}'."))
}

fn show_backends(d: &Design, pool: &[LbBackend]) -> String {
    let line = |b: &LbBackend| {
        let sick = if b.healthy { "" } else { " unhealthy" };
        format!("{}{sick}", nic_label(d, &b.nic))
    };
    pool.iter().map(line).collect::<Vec<_>>().join("\n")
}

/// One backend per line: the NIC, then `unhealthy` when its health probe fails (F-22 b).
fn backends(d: &Design, _: &LoadBalancer, text: &str) -> Result<Vec<LbBackend>, String> {
    let mut out: Vec<LbBackend> = Vec::new();
    for (n, words) in each_line(text) {
        let at = |e| line_error(n, e);
        let (nic, healthy) = match words.as_slice() {
            [nic] => (nic, true),
            [nic, flag] if flag.eq_ignore_ascii_case("unhealthy") => (nic, false),
            [_, flag] => return Err(at(format!("'{flag}' is not a backend option: use unhealthy."))),
            _ => return Err(at("write 'VM[/NIC] [unhealthy]'.".into())),
        };
        let nic_id = nic_by_label(d, nic).map_err(at)?;
        if out.iter().any(|b| b.nic == nic_id) {
            return Err(at(format!("{nic} is in the pool already.")));
        }
        out.push(LbBackend { nic: nic_id, healthy });
    }
    Ok(out)
}

const RULE_PROTOCOLS: &[(Protocol, &str)] = &[(Protocol::Tcp, "TCP"), (Protocol::Udp, "UDP")];

fn show_rules(rules: &[LbRule]) -> String {
    let line = |r: &LbRule| {
        if r.is_ha_ports() {
            format!("{} HA", r.name)
        } else {
            format!("{} {} {} {}", r.name, arm_name(&r.protocol, PROTOCOLS), r.frontend_port, r.backend_port)
        }
    };
    rules.iter().map(line).collect::<Vec<_>>().join("\n")
}

fn port(text: &str) -> Result<u16, String> {
    match word::<u16>(text, "a port", "a number from 1 to 65535")? {
        0 => Err("port 0 is for HA ports rules only: write NAME HA.".into()),
        p => Ok(p),
    }
}

/// One rule per line: `NAME HA` (F-22 a: every protocol on every port) or `NAME PROTOCOL
/// FRONTPORT BACKPORT`. Azure does not combine the two kinds on one load balancer.
fn rules(text: &str) -> Result<Vec<LbRule>, String> {
    let mut out: Vec<LbRule> = Vec::new();
    for (n, words) in each_line(text) {
        let at = |e| line_error(n, e);
        let rule = match words.as_slice() {
            [name, ha] if ha.eq_ignore_ascii_case("HA") => {
                LbRule { name: name.clone(), protocol: Protocol::Any, frontend_port: 0, backend_port: 0 }
            }
            [name, proto, front, back] => LbRule {
                name: name.clone(),
                protocol: arm(proto, RULE_PROTOCOLS, "a rule protocol").map_err(at)?,
                frontend_port: port(front).map_err(at)?,
                backend_port: port(back).map_err(at)?,
            },
            _ => return Err(at("write 'NAME HA' or 'NAME TCP|UDP FRONTPORT BACKPORT'.".into())),
        };
        if out.iter().any(|r| r.is_ha_ports() != rule.is_ha_ports()) {
            return Err(at("an HA ports rule and port rules cannot be combined on one load balancer (F-22).".into()));
        }
        out.push(rule);
    }
    Ok(out)
}

const PROBES: &[(ProbeProtocol, &str)] =
    &[(ProbeProtocol::Tcp, "TCP"), (ProbeProtocol::Http, "HTTP"), (ProbeProtocol::Https, "HTTPS")];

fn show_probe(p: &Option<LbProbe>) -> String {
    p.as_ref().map(|p| format!("{} {}", arm_name(&p.protocol, PROBES), p.port)).unwrap_or_default()
}

fn probe(text: &str) -> Result<Option<LbProbe>, String> {
    match text.split_whitespace().collect::<Vec<_>>().as_slice() {
        [] => Ok(None),
        [proto, p] => Ok(Some(LbProbe { protocol: arm(proto, PROBES, "a probe protocol")?, port: port(p)? })),
        _ => Err("write the protocol and the port, e.g. TCP 22, or nothing for no probe.".into()),
    }
}

/// F-23: one to 16 public IPs.
fn public_ips(text: &str) -> Result<Vec<std::net::Ipv4Addr>, String> {
    let list: Vec<_> = items(text).map(ip).collect::<Result<_, _>>()?;
    match list.len() {
        0 => Err("A NAT gateway needs at least one public IP (F-23).".into()),
        17.. => Err(format!("A NAT gateway has at most 16 public IPs (F-23); this lists {}.", list.len())),
        _ => Ok(list),
    }
}

fn show_subnets(d: &Design, ids: &[Id]) -> String {
    ids.iter().map(|id| subnet_label(d, id)).collect::<Vec<_>>().join(", ")
}

/// The subnets a NAT gateway serves, with Azure's checks (F-23 e): subnets of one VNet, not
/// `GatewaySubnet`, none served by another NAT gateway.
fn nat_subnets(d: &Design, ng: &NatGateway, text: &str) -> Result<Vec<Id>, String> {
    let ids: Vec<Id> = items(text).map(|t| subnet_by_label(d, t)).collect::<Result<_, _>>()?;
    let mut vnet = None;
    for id in &ids {
        let Some(s) = d.subnet(id) else { continue };
        let label = subnet_label(d, id);
        if s.name == "GatewaySubnet" {
            return Err(format!("{label}: a NAT gateway cannot serve GatewaySubnet (F-23)."));
        }
        if let Some(other) = d.nat_gateways.iter().find(|o| o.id != ng.id && o.subnets.contains(id)) {
            return Err(format!("{label} has NAT gateway {} already: one per subnet (F-23).", other.name));
        }
        if vnet.get_or_insert(&s.vnet) != &&s.vnet {
            return Err(format!("{label} is in another VNet: a NAT gateway serves one VNet (F-23)."));
        }
    }
    Ok(ids)
}

fn show_nics(d: &Design, ids: &[Id]) -> String {
    ids.iter().map(|id| nic_label(d, id)).collect::<Vec<_>>().join(", ")
}

/// The member NICs of a group: Azure keeps a group's NICs in one VNet.
fn asg_nics(d: &Design, _: &Asg, text: &str) -> Result<Vec<Id>, String> {
    let ids: Vec<Id> = items(text).map(|t| nic_by_label(d, t)).collect::<Result<_, _>>()?;
    let vnet_of = |id: &Id| d.nics().find(|(_, n)| &n.id == id).and_then(|(_, n)| d.subnet(&n.subnet)).map(|s| &s.vnet);
    let first = ids.first().and_then(vnet_of);
    if let Some(other) = ids.iter().find(|id| vnet_of(id) != first) {
        return Err(format!(
            "{} is in another VNet than {}: a group's members share one VNet.",
            nic_label(d, other),
            nic_label(d, &ids[0])
        ));
    }
    Ok(ids)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::panels::properties::field_text::tests::hybrid;

    /// Gallery 8 with a load balancer over its DNS VM, a NAT gateway and a group.
    fn design() -> Design {
        let mut d = hybrid();
        let vm = &d.vms[0];
        let subnet = vm.nics[0].subnet.clone();
        d.load_balancers.push(LoadBalancer {
            id: Id::new("lb1"),
            name: "ilb".into(),
            subnet: subnet.clone(),
            frontend_ip: "10.0.2.100".parse().unwrap(),
            backends: vec![LbBackend { nic: vm.nics[0].id.clone(), healthy: false }],
            rules: vec![],
            probe: None,
            meta: Meta::default(),
        });
        d.nat_gateways.push(NatGateway {
            id: Id::new("nat1"),
            name: "ng".into(),
            public_ips: vec!["198.18.1.4".parse().unwrap()],
            subnets: vec![subnet],
            meta: Meta::default(),
        });
        d
    }

    #[test]
    fn load_balancer_fields_print_what_they_parse() {
        let d = design();
        let lb = &d.load_balancers[0];
        let text = show_backends(&d, &lb.backends);
        assert_eq!(text, format!("{} unhealthy", d.vms[0].name));
        assert_eq!(backends(&d, lb, &text).unwrap(), lb.backends);
        // A bare NIC name reads too, and prints as its VM.
        let nic = &d.vms[0].nics[0].name;
        assert_eq!(backends(&d, lb, nic).unwrap()[0].nic, d.vms[0].nics[0].id);
        for text in ["ha-ports HA", "web TCP 443 8443\ndns UDP 53 53"] {
            assert_eq!(show_rules(&rules(text).unwrap()), text);
        }
        assert!(rules("ha-ports HA").unwrap()[0].is_ha_ports());
        for text in ["TCP 22", "HTTPS 443", ""] {
            assert_eq!(show_probe(&probe(text).unwrap()), text);
        }
    }

    #[test]
    fn load_balancer_errors_name_the_line_and_the_problem() {
        let d = design();
        let lb = &d.load_balancers[0];
        assert_eq!(backends(&d, lb, "nowhere").unwrap_err(), "Line 1: there is no VM or NIC named 'nowhere'.");
        let vm = &d.vms[0].name;
        assert_eq!(
            backends(&d, lb, &format!("{vm} sick")).unwrap_err(),
            "Line 1: 'sick' is not a backend option: use unhealthy."
        );
        assert!(backends(&d, lb, &format!("{vm}\n{vm}")).unwrap_err().starts_with("Line 2:"));
        assert_eq!(rules("web ICMP 1 1").unwrap_err(), "Line 1: 'ICMP' is not a rule protocol: use TCP, UDP.");
        assert_eq!(rules("\nweb TCP 0 80").unwrap_err(), "Line 2: port 0 is for HA ports rules only: write NAME HA.");
        assert!(rules("a HA\nb TCP 80 80").unwrap_err().contains("cannot be combined"));
        assert_eq!(rules("web TCP 80").unwrap_err(), "Line 1: write 'NAME HA' or 'NAME TCP|UDP FRONTPORT BACKPORT'.");
        assert!(probe("ICMP 1").unwrap_err().contains("is not a probe protocol"));
        assert!(probe("TCP").unwrap_err().starts_with("write the protocol and the port"));
    }

    #[test]
    fn nat_gateway_and_group_fields_print_what_they_parse_with_azure_s_checks() {
        let mut d = design();
        let ng = d.nat_gateways[0].clone();
        assert_eq!(nat_subnets(&d, &ng, &show_subnets(&d, &ng.subnets)).unwrap(), ng.subnets);
        assert_eq!(public_ips(&show_list(&ng.public_ips)).unwrap(), ng.public_ips);
        assert!(public_ips("").unwrap_err().contains("at least one"));
        let many: Vec<String> = (1..=17).map(|i| format!("198.18.1.{i}")).collect();
        assert!(public_ips(&many.join(", ")).unwrap_err().contains("at most 16"));
        let gws = d.subnets.iter().find(|s| s.name == "GatewaySubnet").map(|s| subnet_label(&d, &s.id)).unwrap();
        assert!(nat_subnets(&d, &ng, &gws).unwrap_err().contains("cannot serve GatewaySubnet"));
        let other = d.subnets.iter().find(|s| s.vnet != d.subnet(&ng.subnets[0]).unwrap().vnet).unwrap();
        let two = format!("{}, {}", show_subnets(&d, &ng.subnets), subnet_label(&d, &other.id));
        assert!(nat_subnets(&d, &ng, &two).unwrap_err().contains("one VNet (F-23)"));
        let mut second = ng.clone();
        second.id = Id::new("nat2");
        assert!(nat_subnets(&d, &second, &show_subnets(&d, &ng.subnets)).unwrap_err().contains("one per subnet"));

        let vm = d.vms[0].clone();
        let mut leg = vm.nics[0].clone();
        leg.id = Id::new("nic-leg");
        leg.name = "leg".into();
        d.vms[0].nics.push(leg);
        let asg = Asg { id: Id::new("asg1"), name: "web".into(), nics: vec![], meta: Meta::default() };
        let text = format!("{}, {}/leg", vm.name, vm.name);
        let nics = asg_nics(&d, &asg, &text).unwrap();
        assert_eq!(nics, vec![vm.nics[0].id.clone(), Id::new("nic-leg")]);
        assert_eq!(show_nics(&d, &nics), text);
        assert_eq!(asg_nics(&d, &asg, "ghost").unwrap_err(), "there is no VM or NIC named 'ghost'.");
    }
}
