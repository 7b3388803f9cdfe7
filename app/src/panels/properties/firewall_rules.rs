//! A firewall's rule collection groups as text (F-2..F-5): a group line, its collection lines,
//! and under each collection one line per rule, in the order Azure evaluates them. Indentation
//! is for reading only; lists are comma-separated (spaces after commas are fine):
//!
//! ```text
//! group spoke-traffic 200
//!   network allow-spokes 200 Allow
//!     spoke-to-dns UDP,TCP 10.1.0.0/16 10.0.2.4 53
//!   application allow-web 300 Allow
//!     msft 10.1.0.0/16 Https:443,Http:80 *.microsoft.com
//!   dnat inbound-ssh 100
//!     ssh * TCP 2222 10.1.0.4:22
//! ```
//!
//! A rule named like a keyword is written after `rule` (`rule network …`).

use super::fields::{arm, arm_name, each_line, joined, line_error, list, word, FieldSpec, Input, PROTOCOLS};
use super::fields::{field, OTHER_KIND};
use std::net::Ipv4Addr;
use vnet_core::edit::Element;
use vnet_core::model::*;

pub const HELP: &str = "group NAME PRIORITY
  network NAME PRIORITY Allow|Deny
    RULE PROTOCOLS SOURCES DESTINATIONS PORTS
  application NAME PRIORITY Allow|Deny
    RULE SOURCES Https:443,Http:80 FQDNS
  dnat NAME PRIORITY
    RULE SOURCES PROTOCOLS PORT IP:PORT
e.g.  web TCP 10.1.0.0/16 10.2.0.4,10.3.0.0/24 443,8000-8100";

pub const FIELD: FieldSpec =
    field!("Rule collection groups", "ruleCollectionGroups", Lines, Firewall(f) => f.rule_collection_groups, show_groups, groups)
        .help(HELP);

const KEYWORDS: &[&str] = &["group", "network", "application", "dnat", "rule"];
const ACTIONS: &[(FirewallAction, &str)] = &[(FirewallAction::Allow, "Allow"), (FirewallAction::Deny, "Deny")];
const APP_KINDS: &[(AppProtocolKind, &str)] =
    &[(AppProtocolKind::Http, "Http"), (AppProtocolKind::Https, "Https"), (AppProtocolKind::Mssql, "Mssql")];

fn show_groups(groups: &[RuleCollectionGroup]) -> String {
    let mut out = Vec::new();
    for g in groups {
        out.push(format!("group {} {}", g.name, g.priority));
        for c in &g.collections {
            let head = |kind: &str, action: Option<&FirewallAction>| {
                let action = action.map(|a| format!(" {}", arm_name(a, ACTIONS))).unwrap_or_default();
                format!("  {kind} {} {}{action}", c.name, c.priority)
            };
            let rule = |name: &str, rest: String| {
                let escape = if KEYWORDS.contains(&name) { "rule " } else { "" };
                format!("    {escape}{name} {rest}")
            };
            match &c.rules {
                FirewallRules::Network { action, rules } => {
                    out.push(head("network", Some(action)));
                    out.extend(rules.iter().map(|r| {
                        let protocols: Vec<String> = r.protocols.iter().map(|p| arm_name(p, PROTOCOLS)).collect();
                        let rest = format!(
                            "{} {} {} {}",
                            protocols.join(","),
                            joined(&r.sources),
                            joined(&r.destinations),
                            joined(&r.ports)
                        );
                        rule(&r.name, rest)
                    }));
                }
                FirewallRules::Application { action, rules } => {
                    out.push(head("application", Some(action)));
                    out.extend(rules.iter().map(|r| {
                        let protocols: Vec<String> = r
                            .protocols
                            .iter()
                            .map(|p| format!("{}:{}", arm_name(&p.kind, APP_KINDS), p.port))
                            .collect();
                        let rest =
                            format!("{} {} {}", joined(&r.sources), protocols.join(","), r.target_fqdns.join(","));
                        rule(&r.name, rest)
                    }));
                }
                FirewallRules::Dnat { rules } => {
                    out.push(head("dnat", None));
                    out.extend(rules.iter().map(|r| {
                        let protocols: Vec<String> = r.protocols.iter().map(|p| arm_name(p, PROTOCOLS)).collect();
                        let rest = format!(
                            "{} {} {} {}:{}",
                            joined(&r.sources),
                            protocols.join(","),
                            r.destination_port,
                            r.translated_address,
                            r.translated_port
                        );
                        rule(&r.name, rest)
                    }));
                }
            }
        }
    }
    out.join("\n")
}

fn groups(text: &str) -> Result<Vec<RuleCollectionGroup>, String> {
    let mut out: Vec<RuleCollectionGroup> = Vec::new();
    for (n, words) in each_line(text) {
        let at = |e| line_error(n, e);
        let w: Vec<&str> = words.iter().map(String::as_str).collect();
        let priority = |p: &str| word::<u32>(p, "a priority", "a number such as 200").map_err(at);
        match w.as_slice() {
            ["group", rest @ ..] => {
                let [name, prio] = rest else { return Err(at("write 'group NAME PRIORITY'.".into())) };
                out.push(RuleCollectionGroup {
                    name: name.to_string(),
                    priority: priority(prio)?,
                    collections: vec![],
                });
            }
            [kind @ ("network" | "application" | "dnat"), rest @ ..] => {
                let Some(group) = out.last_mut() else {
                    return Err(at("a collection needs a group line above it, e.g. 'group core 200'.".into()));
                };
                let rules = match (*kind, rest) {
                    ("dnat", [_, _]) => FirewallRules::Dnat { rules: vec![] },
                    ("network", [_, _, a]) => {
                        FirewallRules::Network { action: arm(a, ACTIONS, "an action").map_err(at)?, rules: vec![] }
                    }
                    ("application", [_, _, a]) => {
                        FirewallRules::Application { action: arm(a, ACTIONS, "an action").map_err(at)?, rules: vec![] }
                    }
                    ("dnat", _) => return Err(at("write 'dnat NAME PRIORITY'.".into())),
                    _ => return Err(at(format!("write '{kind} NAME PRIORITY Allow|Deny'."))),
                };
                let name = rest[0].to_string();
                group.collections.push(RuleCollection { name, priority: priority(rest[1])?, rules });
            }
            ["rule", name, rest @ ..] | [name, rest @ ..] => {
                let Some(collection) = out.last_mut().and_then(|g| g.collections.last_mut()) else {
                    return Err(at(
                        "a rule needs a collection line above it, e.g. 'network allow-web 200 Allow'.".into()
                    ));
                };
                push_rule(&mut collection.rules, name, rest).map_err(at)?;
            }
            [] => {}
        }
    }
    Ok(out)
}

fn push_rule(rules: &mut FirewallRules, name: &str, w: &[&str]) -> Result<(), String> {
    let name = name.to_string();
    let protocols = |t: &str| list(t, "protocol", |p| arm(p, PROTOCOLS, "a protocol"));
    let matches = |t: &str, what| list(t, what, |m| m.parse::<AddressMatch>());
    match rules {
        FirewallRules::Network { rules, .. } => {
            let [p, s, d, ports] = w else {
                return Err("write 'RULE PROTOCOLS SOURCES DESTINATIONS PORTS' in a network collection.".into());
            };
            rules.push(NetworkRule {
                name,
                protocols: protocols(p)?,
                sources: matches(s, "source")?,
                destinations: matches(d, "destination")?,
                ports: list(ports, "port", |t| t.parse::<PortRange>())?,
            });
        }
        FirewallRules::Application { rules, .. } => {
            let [s, p, fqdns] = w else {
                return Err("write 'RULE SOURCES PROTOCOL:PORT FQDNS' in an application collection.".into());
            };
            rules.push(ApplicationRule {
                name,
                sources: matches(s, "source")?,
                protocols: list(p, "protocol", app_protocol)?,
                target_fqdns: list(fqdns, "FQDN", |f| Ok(f.to_string()))?,
            });
        }
        FirewallRules::Dnat { rules } => {
            let [s, p, port, to] = w else {
                return Err("write 'RULE SOURCES PROTOCOLS PORT IP:PORT' in a DNAT collection.".into());
            };
            let bad = || format!("'{to}' is not a translation such as 10.1.0.4:22.");
            let (address, translated) = to.split_once(':').ok_or_else(bad)?;
            rules.push(DnatRule {
                name,
                sources: matches(s, "source")?,
                protocols: protocols(p)?,
                destination_port: word(port, "a port", "a number from 1 to 65535")?,
                translated_address: address.parse::<Ipv4Addr>().map_err(|_| bad())?,
                translated_port: translated.parse().map_err(|_| bad())?,
            });
        }
    }
    Ok(())
}

/// `Https:443`; without a port, the protocol's usual one.
fn app_protocol(t: &str) -> Result<AppProtocol, String> {
    let (kind, port) = t.split_once(':').map_or((t, None), |(k, p)| (k, Some(p)));
    let kind = arm(kind, APP_KINDS, "an application protocol")?;
    let port = match port {
        Some(p) => word(p, "a port", "a number from 1 to 65535")?,
        None => match kind {
            AppProtocolKind::Http => 80,
            AppProtocolKind::Https => 443,
            AppProtocolKind::Mssql => 1433,
        },
    };
    Ok(AppProtocol { kind, port })
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "group spoke-traffic 200
  network allow-spokes 200 Allow
    spoke-to-dns UDP,TCP 10.1.0.0/16 10.0.2.4/32,VirtualNetwork 53,8000-8100
    rule network Any * * *
  application allow-web 300 Deny
    msft 10.1.0.0/16 Https:443,Http:8080 *.microsoft.com,example.com
group inbound 100
  dnat inbound-ssh 100
    ssh * TCP 2222 10.1.0.4:22";

    #[test]
    fn firewall_rules_print_what_they_parse() {
        let parsed = groups(TEXT).unwrap();
        assert_eq!(show_groups(&parsed), TEXT);
        assert_eq!(parsed.len(), 2);
        let FirewallRules::Network { rules, .. } = &parsed[0].collections[0].rules else { panic!("network") };
        assert_eq!(rules[1].name, "network");
        assert_eq!(rules[0].ports.len(), 2);
        // Spaces after commas and no indentation read the same; a port-less protocol gets its usual port.
        let loose = "group g 1\nnetwork c 2 Allow\nr TCP, UDP 10.0.0.0/8 * 443\napplication a 3 Allow\nw * Https x.com";
        let parsed = groups(loose).unwrap();
        assert!(show_groups(&parsed).contains("r TCP,UDP 10.0.0.0/8 * 443"));
        assert!(show_groups(&parsed).contains("w * Https:443 x.com"));
    }

    #[test]
    fn firewall_rule_errors_name_the_line_and_the_problem() {
        let err = |t: &str| groups(t).unwrap_err();
        assert_eq!(
            err("network c 100 Allow"),
            "Line 1: a collection needs a group line above it, e.g. 'group core 200'."
        );
        assert!(err("group g 100\nr TCP * * 443").starts_with("Line 2: a rule needs a collection line"));
        assert!(err("group g x").contains("Line 1: 'x' is not a priority"));
        assert!(err("group g 1\nnetwork c 1 Maybe").contains("'Maybe' is not an action"));
        assert!(err("group g 1\nnetwork c 1 Allow\n\nr TCP * *").starts_with("Line 4: write 'RULE PROTOCOLS"));
        assert!(err("group g 1\nnetwork c 1 Allow\nr SCTP * * 1").contains("'SCTP' is not a protocol"));
        assert!(err("group g 1\nnetwork c 1 Allow\nr TCP 10.0.0.0/33 * 1").contains("is not an address match"));
        assert!(err("group g 1\ndnat d 1\nr * TCP 22 10.0.0.4").contains("not a translation"));
        assert!(
            err("group g 1\napplication a 1 Allow\nr * Ftp:21 x.com").contains("'Ftp' is not an application protocol")
        );
    }
}
