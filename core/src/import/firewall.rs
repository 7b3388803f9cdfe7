//! Azure Firewall (AZURE.md F-1..F-10): classic rule collections and firewall policies with
//! their rule collection groups.
//!
//! Classic collections become one rule collection group `classic` (priority 100): evaluation is
//! the same, DNAT then network then application rules, each by collection priority (F-3). A
//! policy filter collection holding network and application rules becomes two collections of the
//! same priority (network rules are evaluated first either way). IP groups, FQDN tags, web
//! categories and address ranges are not simulated: each is reported, the rest of the rule kept.

use super::shape::{get_ci, props_of, str_ci, Resource};
use super::Context;
use crate::model::{
    AddressMatch, AppProtocol, AppProtocolKind, ApplicationRule, DnatRule, ElementKind, Firewall, FirewallAction,
    FirewallRules, FirewallSku, NetworkRule, PortRange, Protocol, RuleCollection, RuleCollectionGroup, SnatRange,
    SnatToken,
};
use serde_json::Value;

const FIREWALL: &str = "microsoft.network/azurefirewalls";
const POLICY: &str = "microsoft.network/firewallpolicies";
const GROUP: &str = "microsoft.network/firewallpolicies/rulecollectiongroups";

pub(super) fn read(cx: &mut Context<'_>) {
    for r in cx.of_kind(FIREWALL) {
        read_firewall(cx, r);
    }
    // Policies no firewall of the input uses are still read, for the report.
    for r in cx.of_kind(POLICY) {
        if !cx.is_consumed(r) {
            cx.skip(r, "no Azure Firewall of the input uses this policy");
            for g in cx.children(r, GROUP) {
                cx.consume(g);
            }
        }
    }
}

fn strings(v: Option<&Value>) -> Vec<String> {
    v.and_then(Value::as_array).into_iter().flatten().filter_map(|s| s.as_str().map(str::to_string)).collect()
}

fn read_firewall(cx: &mut Context<'_>, r: &Resource) {
    let p = &r.props;
    let at = |f: &str| format!("{}#{f}", r.shown_id());
    let sku_props = get_ci(p, "sku").unwrap_or(&r.sku);
    if str_ci(sku_props, "name").is_some_and(|n| n.eq_ignore_ascii_case("AZFW_Hub")) {
        return cx.skip(r, "a secured virtual hub firewall (Virtual WAN), which the model does not hold");
    }
    let sku = match str_ci(sku_props, "tier").map(str::to_ascii_lowercase).as_deref() {
        Some("basic") => FirewallSku::Basic,
        Some("premium") => FirewallSku::Premium,
        _ => FirewallSku::Standard,
    };
    let config = get_ci(p, "ipConfigurations").and_then(Value::as_array).and_then(|c| c.first()).map(props_of);
    let Some(config) = config else { return cx.skip(r, "no IP configuration") };
    let Some(subnet) = get_ci(config, "subnet").and_then(|s| cx.element(s)).cloned() else {
        return cx.skip(r, "its subnet (AzureFirewallSubnet) is not in the input");
    };
    let Some(private_ip) = cx.ip(get_ci(config, "privateIPAddress"), &at("ipConfigurations[0].privateIPAddress"))
    else {
        return cx.skip(r, "no private IP address");
    };
    let public_ip =
        super::compute::public_ip(cx, get_ci(config, "publicIPAddress"), &at("ipConfigurations[0].publicIPAddress"));
    let extra = get_ci(p, "additionalProperties");
    let mut dns_proxy =
        extra.and_then(|a| str_ci(a, "Network.DNS.EnableProxy")).is_some_and(|v| v.eq_ignore_ascii_case("true"));
    let mut snat_texts: Vec<String> = extra
        .and_then(|a| str_ci(a, "Network.SNAT.PrivateRanges"))
        .map(|s| s.split(',').map(|x| x.trim().to_string()).filter(|x| !x.is_empty()).collect())
        .unwrap_or_default();
    let mut groups = Vec::new();
    let classic = classic_group(cx, r);
    if !classic.collections.is_empty() {
        cx.assume(r.shown_id(), "classic rule collections are held as one rule collection group 'classic' at priority 100 (F-3: same order)");
        groups.push(classic);
    }
    if let Some(policy) = get_ci(p, "firewallPolicy").filter(|v| !v.is_null()) {
        match cx.resource(policy) {
            Some(pol) => {
                cx.consume(pol);
                let pp = &pol.props;
                dns_proxy |= get_ci(pp, "dnsSettings")
                    .and_then(|d| get_ci(d, "enableProxy"))
                    .and_then(Value::as_bool)
                    .unwrap_or(false);
                snat_texts.extend(strings(get_ci(pp, "snat").and_then(|s| get_ci(s, "privateRanges"))));
                if let Some(base) = get_ci(pp, "basePolicy").and_then(|b| cx.resource(b)) {
                    cx.assume(
                        pol.shown_id(),
                        format!("the rules of its base policy '{}' are evaluated first", base.name),
                    );
                    cx.consume(base);
                    policy_groups(cx, base, &mut groups);
                }
                policy_groups(cx, pol, &mut groups);
            }
            None => {
                let id = super::context::ref_id(policy).unwrap_or_default().to_string();
                cx.skip_part(
                    id,
                    POLICY,
                    "the firewall's policy is not in the input: the firewall has no rules (denies all, F-2)",
                );
            }
        }
    }
    let snat_private_ranges = snat(cx, &snat_texts, &at("snat.privateRanges"));
    let id = cx.alloc(ElementKind::Firewall);
    cx.design.firewalls.push(Firewall {
        id: id.clone(),
        name: r.name.clone(),
        subnet,
        sku,
        private_ip,
        public_ip,
        snat_private_ranges,
        dns_proxy,
        rule_collection_groups: groups,
        meta: cx.meta(r),
    });
    cx.imported(r, ElementKind::Firewall, id);
}

fn snat(cx: &mut Context<'_>, texts: &[String], path: &str) -> Vec<SnatRange> {
    let mut out = Vec::new();
    for t in texts {
        if t.eq_ignore_ascii_case("IANAPrivateRanges") {
            out.push(SnatRange::Token(SnatToken::IanaPrivateRanges));
        } else if let Ok(net) = t.parse() {
            out.push(SnatRange::Prefix(net));
        } else {
            cx.skip_part(path, "snat range", format!("'{t}' is not a prefix or IANAPrivateRanges"));
        }
    }
    if out.is_empty() {
        out.push(SnatRange::Token(SnatToken::IanaPrivateRanges));
    }
    out
}

fn action(v: &Value) -> FirewallAction {
    let t = get_ci(v, "action").map(|a| str_ci(a, "type").or(a.as_str()).unwrap_or_default()).unwrap_or_default();
    if t.eq_ignore_ascii_case("deny") {
        FirewallAction::Deny
    } else {
        FirewallAction::Allow
    }
}

fn priority(v: &Value) -> u32 {
    get_ci(v, "priority").and_then(Value::as_u64).and_then(|n| u32::try_from(n).ok()).unwrap_or(65000)
}

/// The classic `networkRuleCollections`, `applicationRuleCollections`, `natRuleCollections`.
fn classic_group(cx: &mut Context<'_>, r: &Resource) -> RuleCollectionGroup {
    let mut collections = Vec::new();
    for (field, kind) in [
        ("natRuleCollections", "NatRule"),
        ("networkRuleCollections", "NetworkRule"),
        ("applicationRuleCollections", "ApplicationRule"),
    ] {
        for (i, c) in get_ci(&r.props, field).and_then(Value::as_array).into_iter().flatten().enumerate() {
            let name = str_ci(c, "name").unwrap_or_default().to_string();
            let cp = props_of(c);
            let path = format!("{}#{field}[{i}]", r.shown_id());
            let rules: Vec<&Value> = get_ci(cp, "rules").and_then(Value::as_array).into_iter().flatten().collect();
            collections.push(collection(cx, &path, name, priority(cp), action(cp), kind, &rules));
        }
    }
    RuleCollectionGroup { name: "classic".into(), priority: 100, collections }
}

/// The rule collection groups of a policy, in the input's order.
fn policy_groups(cx: &mut Context<'_>, pol: &Resource, out: &mut Vec<RuleCollectionGroup>) {
    for g in cx.children(pol, GROUP) {
        cx.consume(g);
        let mut collections = Vec::new();
        for (i, c) in get_ci(&g.props, "ruleCollections").and_then(Value::as_array).into_iter().flatten().enumerate() {
            let path = format!("{}#ruleCollections[{i}]", g.shown_id());
            let name = str_ci(c, "name").unwrap_or_default().to_string();
            let rules: Vec<&Value> = get_ci(c, "rules").and_then(Value::as_array).into_iter().flatten().collect();
            let is_nat = str_ci(c, "ruleCollectionType").is_some_and(|t| t.to_ascii_lowercase().contains("nat"));
            if is_nat {
                collections.push(collection(cx, &path, name, priority(c), FirewallAction::Allow, "NatRule", &rules));
                continue;
            }
            let of = |k: &str| -> Vec<&Value> {
                rules
                    .iter()
                    .copied()
                    .filter(|r| str_ci(r, "ruleType").unwrap_or("NetworkRule").eq_ignore_ascii_case(k))
                    .collect()
            };
            let (net, app) = (of("NetworkRule"), of("ApplicationRule"));
            if !net.is_empty() && !app.is_empty() {
                cx.coerce(
                    &path,
                    "one collection with network and application rules",
                    format!("'{name}-network' and '{name}-application'"),
                    "the model holds one rule type per collection; network rules are evaluated first either way (F-3)",
                );
                collections.push(collection(
                    cx,
                    &path,
                    format!("{name}-network"),
                    priority(c),
                    action(c),
                    "NetworkRule",
                    &net,
                ));
                collections.push(collection(
                    cx,
                    &path,
                    format!("{name}-application"),
                    priority(c),
                    action(c),
                    "ApplicationRule",
                    &app,
                ));
            } else if !app.is_empty() {
                collections.push(collection(cx, &path, name, priority(c), action(c), "ApplicationRule", &app));
            } else {
                collections.push(collection(cx, &path, name, priority(c), action(c), "NetworkRule", &net));
            }
        }
        out.push(RuleCollectionGroup { name: g.name.clone(), priority: priority(&g.props), collections });
    }
}

fn collection(
    cx: &mut Context<'_>,
    path: &str,
    name: String,
    priority: u32,
    action: FirewallAction,
    kind: &str,
    rules: &[&Value],
) -> RuleCollection {
    let mut net = Vec::new();
    let mut app = Vec::new();
    let mut dnat = Vec::new();
    for (i, rule) in rules.iter().enumerate() {
        let rule = props_of(rule);
        let at = format!("{path}.rules[{i}]");
        let rule_name = str_ci(rule, "name").unwrap_or_default().to_string();
        unsupported(cx, rule, &at);
        let sources = addresses(cx, get_ci(rule, "sourceAddresses"), &format!("{at}.sourceAddresses"));
        match kind {
            "ApplicationRule" => {
                let protocols = get_ci(rule, "protocols")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                    .filter_map(|p| {
                        let port = get_ci(p, "port").and_then(Value::as_u64).and_then(|n| u16::try_from(n).ok())?;
                        let kind = match str_ci(p, "protocolType")?.to_ascii_lowercase().as_str() {
                            "http" => AppProtocolKind::Http,
                            "https" => AppProtocolKind::Https,
                            "mssql" => AppProtocolKind::Mssql,
                            _ => return None,
                        };
                        Some(AppProtocol { kind, port })
                    })
                    .collect();
                let target_fqdns = strings(get_ci(rule, "targetFqdns"));
                if sources.is_empty() || target_fqdns.is_empty() {
                    cx.skip_part(&at, "application rule", "no source or target FQDN the simulator models is left");
                    continue;
                }
                app.push(ApplicationRule { name: rule_name, sources, protocols, target_fqdns });
            }
            "NatRule" => {
                let protocols = protocols(cx, rule, &at);
                let port = |f: &str| {
                    strings(get_ci(rule, f))
                        .first()
                        .and_then(|p| p.parse::<u16>().ok())
                        .or_else(|| str_ci(rule, f).and_then(|p| p.parse().ok()))
                };
                let translated = cx.ip(get_ci(rule, "translatedAddress"), &format!("{at}.translatedAddress"));
                let (Some(destination_port), Some(translated_address)) = (port("destinationPorts"), translated) else {
                    cx.skip_part(
                        &at,
                        "DNAT rule",
                        "no single destination port or translated IPv4 address (a translated FQDN is not simulated)",
                    );
                    continue;
                };
                let translated_port = port("translatedPort").unwrap_or(destination_port);
                dnat.push(DnatRule {
                    name: rule_name,
                    sources,
                    protocols,
                    destination_port,
                    translated_address,
                    translated_port,
                });
            }
            _ => {
                let destinations =
                    addresses(cx, get_ci(rule, "destinationAddresses"), &format!("{at}.destinationAddresses"));
                let ports: Vec<PortRange> =
                    strings(get_ci(rule, "destinationPorts")).iter().filter_map(|p| p.parse().ok()).collect();
                if sources.is_empty() || destinations.is_empty() || ports.is_empty() {
                    cx.skip_part(&at, "network rule", "no source, destination or port the simulator models is left");
                    continue;
                }
                net.push(NetworkRule {
                    name: rule_name,
                    protocols: protocols(cx, rule, &at),
                    sources,
                    destinations,
                    ports,
                });
            }
        }
    }
    let rules = match kind {
        "ApplicationRule" => FirewallRules::Application { action, rules: app },
        "NatRule" => FirewallRules::Dnat { rules: dnat },
        _ => FirewallRules::Network { action, rules: net },
    };
    RuleCollection { name, priority, rules }
}

/// Rule fields the simulator does not model, reported.
fn unsupported(cx: &mut Context<'_>, rule: &Value, at: &str) {
    for f in ["sourceIpGroups", "destinationIpGroups", "destinationFqdns", "fqdnTags", "webCategories", "targetUrls"] {
        if get_ci(rule, f).and_then(Value::as_array).is_some_and(|a| !a.is_empty()) {
            cx.skip_part(
                format!("{at}.{f}"),
                "rule field",
                "not simulated (IP groups, FQDN tags, web categories, URLs, network-rule FQDNs); left out",
            );
        }
    }
}

fn addresses(cx: &mut Context<'_>, v: Option<&Value>, path: &str) -> Vec<AddressMatch> {
    let mut out = Vec::new();
    for t in strings(v) {
        if let Ok(m) = t.parse::<AddressMatch>() {
            out.push(m);
        } else if let Some(nets) = range_to_prefixes(&t) {
            let shown: Vec<String> = nets.iter().map(|n| n.to_string()).collect();
            cx.coerce(path, &t, shown.join(", "), "an address range is held as the prefixes that cover it exactly");
            out.extend(nets.into_iter().map(AddressMatch::Prefix));
        } else {
            cx.skip_part(path, "address", format!("'{t}' (a service tag the simulator does not model, X-5) left out"));
        }
    }
    out
}

/// `10.1.4.12-10.1.4.255` → the fewest prefixes covering exactly that range (at most 64).
fn range_to_prefixes(text: &str) -> Option<Vec<ipnet::Ipv4Net>> {
    let (a, b) = text.split_once('-')?;
    let (from, to): (std::net::Ipv4Addr, std::net::Ipv4Addr) = (a.trim().parse().ok()?, b.trim().parse().ok()?);
    let (mut lo, hi) = (u64::from(u32::from(from)), u64::from(u32::from(to)));
    let mut out = Vec::new();
    while lo <= hi {
        // The largest block aligned at `lo` that does not pass `hi`.
        let mut size: u64 = if lo == 0 { 1 << 32 } else { 1 << lo.trailing_zeros().min(32) };
        while lo + size - 1 > hi {
            size /= 2;
        }
        let len = 32 - size.trailing_zeros() as u8;
        out.push(ipnet::Ipv4Net::new(std::net::Ipv4Addr::from(u32::try_from(lo).ok()?), len).ok()?);
        if out.len() > 64 {
            return None;
        }
        lo += size;
    }
    (!out.is_empty()).then_some(out)
}

fn protocols(cx: &mut Context<'_>, rule: &Value, at: &str) -> Vec<Protocol> {
    let texts = {
        let ip = strings(get_ci(rule, "ipProtocols"));
        if ip.is_empty() {
            strings(get_ci(rule, "protocols"))
        } else {
            ip
        }
    };
    let mut out = Vec::new();
    for t in texts {
        match t.to_ascii_lowercase().as_str() {
            "tcp" => out.push(Protocol::Tcp),
            "udp" => out.push(Protocol::Udp),
            "icmp" => out.push(Protocol::Icmp),
            "any" => out.push(Protocol::Any),
            other => cx.skip_part(format!("{at}.protocols"), "protocol", format!("'{other}' is not simulated")),
        }
    }
    if out.is_empty() {
        out.push(Protocol::Any);
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn ranges_become_the_prefixes_that_cover_them() {
        let nets = super::range_to_prefixes("10.1.4.12-10.1.4.255").unwrap();
        let shown: Vec<String> = nets.iter().map(|n| n.to_string()).collect();
        assert_eq!(shown, ["10.1.4.12/30", "10.1.4.16/28", "10.1.4.32/27", "10.1.4.64/26", "10.1.4.128/25"]);
        assert_eq!(super::range_to_prefixes("0.0.0.0-255.255.255.255").unwrap().len(), 1);
        assert!(super::range_to_prefixes("10.0.0.9-10.0.0.1").is_none());
        assert!(super::range_to_prefixes("Storage").is_none());
    }
}
