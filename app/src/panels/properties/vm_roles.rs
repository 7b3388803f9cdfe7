//! The fields of a VM's role: an NVA's ordered rules, statefulness and SNAT (F-20..F-22), a DNS
//! server's forwarders (D-3, D-4) and whether it resolves a CNAME's target again (D-13). They show
//! only while the VM has that role.

use super::dns_fields::{forwarders, show_forwarders, show_targets, targets};
use super::fields::{arm, arm_name, each_line, ip, line_error, show_bool, FieldSpec, Input, OTHER_KIND, PROTOCOLS};
use vnet_core::edit::Element;
use vnet_core::model::*;

/// A field of the role's configuration; `None` (hidden) for a VM with another role.
macro_rules! role_field {
    ($label:literal, $key:literal, $input:ident, $role:ident($c:ident) => $place:expr, $show:expr, $parse:expr) => {
        FieldSpec {
            label: $label,
            key: $key,
            input: Input::$input,
            help: "",
            choices: super::fields::no_choices,
            get: |_, e| match e {
                Element::Vm(vm) => match &vm.role {
                    VmRole::$role($c) => Some($show(&$place)),
                    _ => None,
                },
                _ => None,
            },
            set: |_, e, text| match e {
                Element::Vm(vm) => match &mut vm.role {
                    VmRole::$role($c) => {
                        $place = $parse(text)?;
                        Ok(())
                    }
                    _ => Err("the VM's role has no such setting: change the role first".into()),
                },
                _ => Err(OTHER_KIND.into()),
            },
        }
    };
}

pub const FIELDS: &[FieldSpec] = &[
        role_field!("NVA rules, first match decides", "role.rules", Lines, Nva(c) => c.rules, show_nva_rules, nva_rules)
            .help("NAME Allow|Deny PROTOCOL SOURCE DESTINATION PORTS\ne.g. web Allow TCP 10.1.0.0/16 * 443"),
        role_field!("Stateful", "role.stateful", Check, Nva(c) => c.stateful, show_bool, |t| Ok::<_, String>(t == "true")),
        role_field!("SNAT (Off, NicIp or an address)", "role.snat", Text, Nva(c) => c.snat, show_snat, snat),
        role_field!("Forward other queries to", "role.forwardAllTo", Text, DnsServer(c) => c.forward_all_to, show_targets, targets),
        role_field!("Conditional forwarders", "role.conditionalForwarders", Lines, DnsServer(c) => c.conditional_forwarders, show_forwarders, forwarders)
            .help("DOMAIN TARGETS\ne.g. corp.contoso.com 192.168.10.53,192.168.10.54:53"),
        role_field!("Follow CNAME targets with its own forwarders (D-13)", "role.followCname", Check, DnsServer(c) => c.follow_cname, show_bool, |t| Ok::<_, String>(t == "true")),
];

const ACTIONS: &[(RuleAction, &str)] = &[(RuleAction::Allow, "Allow"), (RuleAction::Deny, "Deny")];

fn show_nva_rules(rules: &[NvaRule]) -> String {
    let line = |r: &NvaRule| {
        let (action, proto) = (arm_name(&r.action, ACTIONS), arm_name(&r.protocol, PROTOCOLS));
        format!("{} {action} {proto} {} {} {}", r.name, r.source, r.destination, r.ports)
    };
    rules.iter().map(line).collect::<Vec<_>>().join("\n")
}

/// One rule per line: `name action protocol source destination ports`.
fn nva_rules(text: &str) -> Result<Vec<NvaRule>, String> {
    let mut out = Vec::new();
    for (n, words) in each_line(text) {
        let at = |e| line_error(n, e);
        let [name, action, proto, src, dst, ports] = words.as_slice() else {
            return Err(at("write 'NAME Allow|Deny PROTOCOL SOURCE DESTINATION PORTS'.".into()));
        };
        out.push(NvaRule {
            name: name.clone(),
            action: arm(action, ACTIONS, "an action").map_err(at)?,
            protocol: arm(proto, PROTOCOLS, "a protocol").map_err(at)?,
            source: src.parse().map_err(at)?,
            destination: dst.parse().map_err(at)?,
            ports: ports.parse().map_err(at)?,
        });
    }
    Ok(out)
}

fn show_snat(s: &NvaSnat) -> String {
    match s {
        NvaSnat::Off => "Off".into(),
        NvaSnat::NicIp => "NicIp".into(),
        NvaSnat::Address { ip } => ip.to_string(),
    }
}

fn snat(text: &str) -> Result<NvaSnat, String> {
    let t = text.trim();
    if t.eq_ignore_ascii_case("off") || t.is_empty() {
        Ok(NvaSnat::Off)
    } else if t.eq_ignore_ascii_case("nicip") {
        Ok(NvaSnat::NicIp)
    } else {
        ip(t).map(|ip| NvaSnat::Address { ip }).map_err(|_| format!("'{t}' is not Off, NicIp or an address."))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nva_rules_and_snat_print_what_they_parse() {
        let text = "web Allow TCP 10.1.0.0/16 * 443\nrest Deny Any * VirtualNetwork *";
        assert_eq!(show_nva_rules(&nva_rules(text).unwrap()), text);
        for t in ["Off", "NicIp", "10.0.3.4"] {
            assert_eq!(show_snat(&snat(t).unwrap()), t);
        }
        assert_eq!(
            nva_rules("web Allow TCP * *").unwrap_err(),
            "Line 1: write 'NAME Allow|Deny PROTOCOL SOURCE DESTINATION PORTS'."
        );
        assert!(nva_rules("\nweb Permit TCP * * 1").unwrap_err().starts_with("Line 2: 'Permit' is not an action"));
        assert!(nva_rules("web Allow TCP * * 90-80").unwrap_err().contains("starts after it ends"));
        assert_eq!(snat("10.0.3").unwrap_err(), "'10.0.3' is not Off, NicIp or an address.");
    }
}
