//! PaaS services of the catalog (`catalog::services`) with their public side (E-20..E-25):
//! `publicNetworkAccess`, the service firewall's default action, IP rules and virtual network
//! rules (subnets allowed through their service endpoint, E-22); private endpoint connections
//! are checked against the endpoints of the input.
//!
//! Azure's JSON has no address for a service's public endpoint the simulator could use: each
//! resource gets a synthetic one in its service's catalog prefix (the simulator's stand-in for the
//! service tag, R-9), and the report says so.

use super::fields::{arr, bool_ci, field, net, range, ref_at};
use super::shape::{get_ci, str_ci, Resource};
use super::Context;
use crate::catalog::services::{self, Service};
use crate::id::Id;
use crate::model::{ElementKind, Meta, PaasResource, ServiceFirewallAction};
use ipnet::Ipv4Net;
use std::net::Ipv4Addr;

/// Resource types of the catalog's services (`cognitive` may turn out to be `openai`).
const KINDS: &[(&str, &str)] = &[
    ("microsoft.storage/storageaccounts", "storage"),
    ("microsoft.sql/servers", "sql"),
    ("microsoft.keyvault/vaults", "keyvault"),
    ("microsoft.web/sites", "webapp"),
    ("microsoft.documentdb/databaseaccounts", "cosmos"),
    ("microsoft.servicebus/namespaces", "servicebus"),
    ("microsoft.eventhub/namespaces", "eventhubs"),
    ("microsoft.containerregistry/registries", "acr"),
    ("microsoft.dbforpostgresql/servers", "postgres"),
    ("microsoft.dbforpostgresql/flexibleservers", "postgres"),
    ("microsoft.dbformysql/servers", "mysql"),
    ("microsoft.dbformysql/flexibleservers", "mysql"),
    ("microsoft.search/searchservices", "search"),
    ("microsoft.appconfiguration/configurationstores", "appconfig"),
    ("microsoft.eventgrid/topics", "eventgrid"),
    ("microsoft.cognitiveservices/accounts", "cognitive"),
];

/// Reads every resource of a catalog service.
pub(super) fn read(cx: &mut Context<'_>) {
    let mut synthetic = false;
    for (kind, _) in KINDS {
        for r in cx.of_kind(kind) {
            synthetic |= resource(cx, r).is_some();
        }
    }
    if synthetic {
        cx.assume(
            "PaaS public endpoints",
            "Azure's JSON gives no address for a service's public endpoint: each one gets a synthetic IP in its service's catalog prefix (R-9, E-21)",
        );
    }
}

/// The catalog key of a resource type (`props` tells an Azure OpenAI account from another
/// Cognitive Services account).
pub(super) fn service_of(kind: &str, props: Option<&serde_json::Value>) -> Option<&'static str> {
    let (_, key) = KINDS.iter().find(|(k, _)| kind.eq_ignore_ascii_case(k))?;
    if *key == "cognitive" && props.is_some_and(is_openai) {
        return Some("openai");
    }
    Some(key)
}

fn is_openai(p: &serde_json::Value) -> bool {
    str_ci(p, "kind").is_some_and(|k| k.eq_ignore_ascii_case("OpenAI"))
        || str_ci(p, "endpoint").is_some_and(|e| e.contains(".openai.azure.com"))
        || get_ci(p, "endpoints").and_then(|e| e.as_object()).is_some_and(|e| e.keys().any(|k| k.contains("OpenAI")))
}

/// A placeholder for a private endpoint's target outside the input (`meta.external`), when its
/// type is a catalog service; `None` otherwise.
pub(super) fn placeholder(cx: &mut Context<'_>, azure_id: &str, region: &str) -> Option<Id> {
    let kind = super::shape::kind_of_id(azure_id)?;
    let service = services::service(service_of(&kind, None)?)?;
    let name = super::shape::name_of_id(azure_id).to_string();
    let public_ip = synthetic_ip(cx, service);
    let region = region.to_string();
    let why = "the private endpoint's target is not in the input";
    Some(cx.placeholder(azure_id, ElementKind::Paas, why, move |d, id, meta| {
        d.paas.push(paas(id, name, service, region, public_ip, meta));
    }))
}

fn paas(id: Id, name: String, service: &Service, region: String, public_ip: Ipv4Addr, meta: Meta) -> PaasResource {
    PaasResource {
        id,
        name,
        service: service.key.to_string(),
        region,
        public_ip,
        public_network_access: true,
        default_action: ServiceFirewallAction::Allow,
        allowed_subnets: Vec::new(),
        ip_rules: Vec::new(),
        meta,
    }
}

/// The next synthetic address of a service's catalog prefix (from .4, as Azure's first usable).
fn synthetic_ip(cx: &Context<'_>, service: &Service) -> Ipv4Addr {
    let prefix = service.public_prefix();
    let n = cx.design.paas.iter().filter(|p| p.service == service.key).count() as u32;
    let size = 1u32.checked_shl(32 - u32::from(prefix.prefix_len())).unwrap_or(u32::MAX).max(8);
    Ipv4Addr::from(u32::from(prefix.network()).wrapping_add(4 + n % (size - 8)))
}

/// One PaaS resource; `None` when it was read already (a private endpoint's placeholder is not
/// replaced: the endpoint reader runs after).
fn resource<'a>(cx: &mut Context<'a>, r: &'a Resource) -> Option<Id> {
    if cx.element_by_id(&r.id).is_some() && !r.id.is_empty() {
        return None;
    }
    let key = service_of(&r.kind, Some(&r.props))?;
    let service = services::service(key)?;
    let p = &r.props;
    let public_ip = synthetic_ip(cx, service);
    let id = cx.alloc(ElementKind::Paas);
    let mut e = paas(id.clone(), r.name.clone(), service, region(&r.location), public_ip, cx.meta(r));
    // A flexible server writes it under `network`.
    let access = str_ci(p, "publicNetworkAccess")
        .or_else(|| get_ci(p, "network").and_then(|n| str_ci(n, "publicNetworkAccess")));
    e.public_network_access = !access.is_some_and(|v| v.eq_ignore_ascii_case("Disabled"));
    let acl = Acl::of(cx, r, key);
    e.default_action = if acl.deny { ServiceFirewallAction::Deny } else { ServiceFirewallAction::Allow };
    for (path, subnet) in acl.subnets {
        match cx.element_by_id(&subnet).cloned() {
            Some(s) if !e.allowed_subnets.contains(&s) => e.allowed_subnets.push(s),
            Some(_) => {}
            None => cx.skip_part(path, "virtual network rule", format!("subnet {subnet} is not in the input")),
        }
    }
    for (path, text) in acl.ips {
        match net(&text) {
            Some(n) if !e.ip_rules.contains(&n) => e.ip_rules.push(n),
            Some(_) => {}
            None => cx.skip_part(path, "IP rule", format!("'{text}' is not an IPv4 address or prefix")),
        }
    }
    e.ip_rules.extend(acl.ranges.into_iter().filter(|n: &Ipv4Net| !e.ip_rules.contains(n)).collect::<Vec<_>>());
    private_endpoint_connections(cx, r);
    cx.design.paas.push(e);
    cx.imported(r, ElementKind::Paas, id.clone());
    Some(id)
}

/// `West Europe` → `westeurope`, as Azure's ids and the catalog write regions.
fn region(location: &str) -> String {
    services::region_label(location)
}

/// A service firewall as the resource's JSON states it.
#[derive(Default)]
struct Acl {
    deny: bool,
    /// (json path, subnet id) of virtual network rules.
    subnets: Vec<(String, String)>,
    /// (json path, text) of IP rules.
    ips: Vec<(String, String)>,
    /// Ranges of firewall rules, as prefixes.
    ranges: Vec<Ipv4Net>,
}

impl Acl {
    fn of<'a>(cx: &mut Context<'a>, r: &'a Resource, key: &str) -> Acl {
        let p = &r.props;
        let at = |what: &str| format!("{}#{what}", r.shown_id());
        let mut acl = Acl::default();
        let rules = get_ci(p, "networkAcls").or_else(|| get_ci(p, "networkRuleSet"));
        match key {
            "sql" | "postgres" | "mysql" => {
                // A server's firewall denies what no rule allows.
                acl.deny = true;
                server_rules(cx, r, &mut acl);
            }
            "servicebus" | "eventhubs" => {
                let child = cx.children(r, &format!("{}/networkrulesets", r.kind)).into_iter().next();
                if let Some(set) = child {
                    cx.consume(set);
                    acl.read_rules(&set.props, &at("networkRuleSets"));
                }
            }
            "cosmos" => {
                acl.deny =
                    bool_ci(p, "isVirtualNetworkFilterEnabled").unwrap_or(false) || !arr(p, "ipRules").is_empty();
                acl.read_rules(p, &at("properties"));
            }
            "webapp" => {
                // Access restrictions: an Allow rule implies "deny everything else".
                let config = get_ci(p, "siteConfig").unwrap_or(&serde_json::Value::Null);
                let list = arr(config, "ipSecurityRestrictions");
                acl.read_restrictions(list, &at("siteConfig.ipSecurityRestrictions"));
                let default = str_ci(config, "ipSecurityRestrictionsDefaultAction");
                acl.deny =
                    default.map_or(!acl.ips.is_empty() || !acl.subnets.is_empty(), |d| d.eq_ignore_ascii_case("Deny"));
            }
            "search" | "eventgrid" => {
                let list = rules.map_or(arr(p, "inboundIpRules"), |s| arr(s, "ipRules"));
                acl.deny = !list.is_empty();
                acl.read_ips(list, &at("ipRules"));
            }
            _ => {
                if let Some(set) = rules {
                    acl.read_rules(set, &at("networkAcls"));
                }
            }
        }
        acl
    }

    /// `defaultAction`, `ipRules` and `virtualNetworkRules` of a network rule set.
    fn read_rules(&mut self, set: &serde_json::Value, path: &str) {
        if let Some(a) = str_ci(set, "defaultAction") {
            self.deny |= a.eq_ignore_ascii_case("Deny");
        }
        self.read_ips(arr(set, "ipRules"), &format!("{path}.ipRules"));
        for (i, v) in arr(set, "virtualNetworkRules").iter().enumerate() {
            let subnet =
                str_ci(v, "id").or_else(|| ref_at(v, "subnet")).or_else(|| str_ci(v, "virtualNetworkResourceId"));
            if let Some(s) = subnet {
                self.subnets.push((format!("{path}.virtualNetworkRules[{i}]"), s.to_string()));
            }
        }
    }

    /// App Service access restrictions: `ipAddress` (a prefix or a service tag, which is not
    /// modelled) or `vnetSubnetResourceId`, Allow rules only.
    fn read_restrictions(&mut self, list: &[serde_json::Value], path: &str) {
        for (i, v) in list.iter().enumerate() {
            if str_ci(v, "action").is_some_and(|a| !a.eq_ignore_ascii_case("Allow")) {
                continue;
            }
            let at = format!("{path}[{i}]");
            if let Some(s) = str_ci(v, "vnetSubnetResourceId").filter(|s| !s.is_empty()) {
                self.subnets.push((at, s.to_string()));
            } else if let Some(a) = str_ci(v, "ipAddress").filter(|a| !a.eq_ignore_ascii_case("Any")) {
                self.ips.push((at, a.to_string()));
            }
        }
    }

    /// IP rules as `value`, `ipAddressOrRange` or `ipMask`; a rule whose action is not Allow
    /// allows nothing.
    fn read_ips(&mut self, list: &[serde_json::Value], path: &str) {
        for (i, v) in list.iter().enumerate() {
            if str_ci(v, "action").is_some_and(|a| !a.eq_ignore_ascii_case("Allow")) {
                continue;
            }
            let text = v.as_str().or_else(|| ["value", "ipAddressOrRange", "ipMask"].iter().find_map(|k| str_ci(v, k)));
            for part in text.unwrap_or_default().split(',').map(str::trim).filter(|s| !s.is_empty()) {
                self.ips.push((format!("{path}[{i}]"), part.to_string()));
            }
        }
    }
}

/// The child `virtualNetworkRules` and `firewallRules` of a database server.
fn server_rules<'a>(cx: &mut Context<'a>, r: &'a Resource, acl: &mut Acl) {
    for rule in cx.children(r, &format!("{}/virtualnetworkrules", r.kind)) {
        cx.consume(rule);
        if let Some(s) = rule.prop("virtualNetworkSubnetId").and_then(|v| v.as_str()) {
            acl.subnets.push((format!("{}#virtualNetworkSubnetId", rule.shown_id()), s.to_string()));
        }
    }
    for rule in cx.children(r, &format!("{}/firewallrules", r.kind)) {
        cx.consume(rule);
        let start = rule.prop("startIpAddress").and_then(|v| v.as_str()).and_then(super::fields::ip);
        let end = rule.prop("endIpAddress").and_then(|v| v.as_str()).and_then(super::fields::ip);
        match (start, end) {
            (Some(s), Some(e)) if s.is_unspecified() && e.is_unspecified() => cx.skip_part(
                rule.shown_id(),
                "firewall rule",
                "'Allow Azure services' (0.0.0.0) admits any Azure tenant's traffic; not modelled",
            ),
            (Some(s), Some(e)) if s <= e => acl.ranges.extend(range(s, e)),
            _ => cx.skip_part(rule.shown_id(), "firewall rule", "no valid IPv4 start and end address"),
        }
    }
}

/// Private endpoint connections (inline or child resources): an endpoint outside the input is
/// reported, since its public privatelink CNAME exists (D-10) but the endpoint is not modelled.
fn private_endpoint_connections<'a>(cx: &mut Context<'a>, r: &'a Resource) {
    let mut pes: Vec<String> = arr(&r.props, "privateEndpointConnections")
        .iter()
        .filter_map(|c| field(c, "privateEndpoint").and_then(|p| str_ci(p, "id")).map(str::to_string))
        .collect();
    for c in cx.children(r, &format!("{}/privateendpointconnections", r.kind)) {
        cx.consume(c);
        if let Some(id) = c.prop("privateEndpoint").and_then(|p| str_ci(p, "id")) {
            pes.push(id.to_string());
        }
    }
    for pe in pes {
        if cx.resource_by_id(&pe).is_none() {
            cx.assume(
                r.shown_id(),
                format!("has private endpoint {pe} outside the input: not modelled, so the design shows no privatelink name for it (D-10)"),
            );
        }
    }
}
