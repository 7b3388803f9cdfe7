//! Symbolic names (Bicep identifiers): the element's name in camelCase (`hub-vnet` → `hubVnet`),
//! a child's with its parent's (`hubAzureFirewallSubnet`); the resource type's abbreviation in
//! front (Cloud Adoption Framework style: `nsgSpoke1`) when the name alone is taken, starts with a
//! digit or is a Bicep keyword; a number after that. Deterministic: plan order decides.

use super::Res;
use std::collections::HashSet;

const KEYWORDS: &[&str] = &[
    "metadata",
    "param",
    "var",
    "resource",
    "module",
    "output",
    "existing",
    "if",
    "for",
    "in",
    "true",
    "false",
    "null",
    "targetScope",
    "import",
    "type",
    "func",
    "using",
    "extension",
    "with",
    "as",
    // Functions a template calls: a symbol of that name would shadow them.
    "resourceId",
    "resourceGroup",
    "subscription",
    "tenant",
    "deployment",
    "environment",
    "format",
    "concat",
];

/// `hub-vnet` → `hubVnet`, `AzureFirewallSubnet` → `azureFirewallSubnet`.
pub(crate) fn camel(text: &str) -> String {
    let mut out = String::new();
    for word in text.split(|c: char| !c.is_ascii_alphanumeric()).filter(|w| !w.is_empty()) {
        let mut chars = word.chars();
        if let Some(first) = chars.next() {
            if out.is_empty() {
                out.push(first.to_ascii_lowercase());
            } else {
                out.push(first.to_ascii_uppercase());
            }
            out.extend(chars);
        }
    }
    out
}

/// A short prefix per resource type.
pub(crate) fn abbreviation(kind: &str) -> &'static str {
    match kind.rsplit('/').next().unwrap_or_default() {
        "virtualNetworks" => "vnet",
        "subnets" => "snet",
        "virtualNetworkPeerings" => "peer",
        "routeTables" => "rt",
        "networkSecurityGroups" => "nsg",
        "applicationSecurityGroups" => "asg",
        "networkInterfaces" => "nic",
        "publicIPAddresses" => "pip",
        "virtualMachines" => "vm",
        "loadBalancers" => "lb",
        "natGateways" => "ng",
        "azureFirewalls" => "afw",
        "firewallPolicies" => "afwp",
        "ruleCollectionGroups" => "rcg",
        "virtualNetworkGateways" => "vgw",
        "connections" => "con",
        "localNetworkGateways" => "lgw",
        "expressRouteCircuits" => "erc",
        "privateDnsZones" => "pdnsz",
        "virtualNetworkLinks" => "link",
        "privateEndpoints" => "pep",
        "privateDnsZoneGroups" => "zoneGroup",
        "dnsResolvers" => "dnspr",
        "inboundEndpoints" => "in",
        "outboundEndpoints" => "out",
        "dnsForwardingRulesets" => "frs",
        "forwardingRules" => "rule",
        "A" => "a",
        "CNAME" => "cname",
        _ => "res",
    }
}

/// Gives every resource its symbol; `params` (parameter names) are taken already.
pub(super) fn assign(resources: &mut [Res], params: &[super::Param]) {
    let mut taken: HashSet<String> = KEYWORDS.iter().map(|k| k.to_ascii_lowercase()).collect();
    taken.extend(params.iter().map(|p| p.name.to_ascii_lowercase()));
    for r in resources.iter_mut() {
        let base = camel(&r.names.join("-"));
        let prefixed = camel(&format!("{}-{}", abbreviation(&r.kind), r.names.join("-")));
        let usable = |s: &str, taken: &HashSet<String>| {
            s.starts_with(|c: char| c.is_ascii_alphabetic()) && !taken.contains(&s.to_ascii_lowercase())
        };
        let symbol = if usable(&base, &taken) {
            base
        } else if usable(&prefixed, &taken) {
            prefixed
        } else {
            let stem = if prefixed.starts_with(|c: char| c.is_ascii_alphabetic()) {
                prefixed
            } else {
                format!("res{prefixed}")
            };
            (2..).map(|n| format!("{stem}{n}")).find(|s| !taken.contains(&s.to_ascii_lowercase())).unwrap_or(stem)
        };
        // Bicep compares identifiers case-sensitively, but two differing only in case read badly.
        taken.insert(symbol.to_ascii_lowercase());
        r.symbol = symbol;
    }
}
