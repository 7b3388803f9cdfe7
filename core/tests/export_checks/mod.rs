//! Checks of exported Terraform and Bicep that do not run the tools: Terraform parsed by
//! `hcl-edit` (resource counts by type, references to declared resources and variables only),
//! Bicep read token by token (balanced, symbols defined once, parameters used).

use hcl_edit::structure::{Body, Structure};
use std::collections::{BTreeMap, HashMap, HashSet};
use vnet_core::model::{GatewayKind, PeTarget, RecordData};
use vnet_core::Design;

/// Resources by type in a parsed `main.tf`; an error names a parse failure or a reference to
/// something the file does not declare.
pub fn terraform_counts(text: &str) -> Result<HashMap<String, usize>, String> {
    let body = hcl_edit::parser::parse_body(text).map_err(|e| format!("does not parse: {e}"))?;
    let mut counts: HashMap<String, usize> = HashMap::new();
    let mut declared: HashSet<String> = HashSet::new();
    let mut expressions = Vec::new();
    for s in body.iter() {
        let Structure::Block(b) = s else { return Err("a top-level attribute".into()) };
        let labels: Vec<&str> = b.labels.iter().map(|l| l.as_str()).collect();
        match (b.ident.as_str(), labels.as_slice()) {
            ("resource", [kind, label]) => {
                *counts.entry(kind.to_string()).or_default() += 1;
                if !declared.insert(format!("{kind}.{label}")) {
                    return Err(format!("{kind}.{label} declared twice"));
                }
            }
            ("variable", [name]) => {
                declared.insert(format!("var.{name}"));
            }
            ("data", [kind, label]) => {
                declared.insert(format!("data.{kind}.{label}"));
            }
            _ => {}
        }
        collect(&b.body, &mut expressions);
    }
    for e in expressions {
        for r in references(&e) {
            if !declared.contains(&r) {
                return Err(format!("{r} is referenced but not declared (in `{}`)", e.trim()));
            }
        }
    }
    Ok(counts)
}

fn collect(body: &Body, out: &mut Vec<String>) {
    for s in body.iter() {
        match s {
            Structure::Attribute(a) => out.push(a.value.to_string()),
            Structure::Block(b) => collect(&b.body, out),
        }
    }
}

/// `azurerm_x.label`, `var.name`, `data.kind.label` named outside string literals.
fn references(expr: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut in_string = false;
    let mut word = String::new();
    let mut flush = |word: &mut String| {
        let parts: Vec<&str> = word.split('.').collect();
        match parts.as_slice() {
            ["var", name, ..] => out.push(format!("var.{name}")),
            ["data", kind, label, ..] => out.push(format!("data.{kind}.{label}")),
            [kind, label, ..] if kind.starts_with("azurerm_") => out.push(format!("{kind}.{label}")),
            _ => {}
        }
        word.clear();
    };
    let mut prev = ' ';
    for c in expr.chars() {
        if c == '"' && prev != '\\' {
            in_string = !in_string;
            flush(&mut word);
        } else if !in_string && (c.is_ascii_alphanumeric() || c == '_' || c == '.') {
            word.push(c);
        } else {
            flush(&mut word);
        }
        prev = c;
    }
    flush(&mut word);
    out
}

/// What a design implies, per azurerm type.
pub fn terraform_expected(d: &Design) -> BTreeMap<&'static str, usize> {
    let internal_vnet = |v: &vnet_core::Id| d.vnet(v).is_some_and(|x| !x.meta.external);
    let subnets: Vec<_> = d.subnets.iter().filter(|s| internal_vnet(&s.vnet) && !s.meta.external).collect();
    let vms: Vec<_> = d.vms.iter().filter(|v| !v.meta.external).collect();
    let nics: Vec<_> = vms.iter().flat_map(|v| v.nics.iter()).collect();
    let fws: Vec<_> = d.firewalls.iter().filter(|f| !f.meta.external).collect();
    let gws: Vec<_> = d.gateways.iter().filter(|g| !g.meta.external).collect();
    let nats: Vec<_> = d.nat_gateways.iter().filter(|n| !n.meta.external).collect();
    let lbs: Vec<_> = d.load_balancers.iter().filter(|l| !l.meta.external).collect();
    let zones: Vec<_> = d.dns_zones.iter().filter(|z| !z.meta.external).collect();
    let count = |n: usize| n;
    let mut m = BTreeMap::new();
    m.insert("azurerm_resource_group", 1);
    m.insert("azurerm_virtual_network", d.vnets.iter().filter(|v| !v.meta.external).count());
    m.insert("azurerm_subnet", subnets.len());
    m.insert("azurerm_virtual_network_peering", d.peerings.iter().filter(|p| internal_vnet(&p.vnet)).count());
    m.insert("azurerm_route_table", d.route_tables.iter().filter(|t| !t.meta.external).count());
    m.insert("azurerm_network_security_group", d.nsgs.iter().filter(|g| !g.meta.external).count());
    m.insert("azurerm_application_security_group", d.asgs.iter().filter(|a| !a.meta.external).count());
    m.insert("azurerm_subnet_network_security_group_association", subnets.iter().filter(|s| s.nsg.is_some()).count());
    m.insert("azurerm_subnet_route_table_association", subnets.iter().filter(|s| s.route_table.is_some()).count());
    m.insert("azurerm_nat_gateway", nats.len());
    m.insert(
        "azurerm_subnet_nat_gateway_association",
        subnets.iter().filter(|s| nats.iter().any(|n| n.subnets.contains(&s.id))).count(),
    );
    m.insert("azurerm_linux_virtual_machine", vms.len());
    m.insert("azurerm_network_interface", nics.len());
    m.insert("azurerm_network_interface_security_group_association", nics.iter().filter(|n| n.nsg.is_some()).count());
    m.insert("azurerm_firewall", fws.len());
    m.insert("azurerm_firewall_policy", fws.len());
    m.insert("azurerm_firewall_policy_rule_collection_group", fws.iter().map(|f| f.rule_collection_groups.len()).sum());
    let gateway_ips: usize = gws.iter().map(|g| if g.instance_ips.len() > 1 { 2 } else { 1 }).sum();
    let pips = nats.iter().map(|n| n.public_ips.len()).sum::<usize>()
        + nics.iter().filter(|n| n.public_ip.is_some()).count()
        + fws.iter().filter(|f| f.public_ip.is_some()).count()
        + gateway_ips;
    m.insert("azurerm_public_ip", count(pips));
    m.insert("azurerm_virtual_network_gateway", gws.len());
    m.insert(
        "azurerm_virtual_network_gateway_connection",
        gws.iter().flat_map(|g| g.connections.iter()).filter(|c| !c.meta.external).count(),
    );
    let sites: Vec<_> = d.sites.iter().filter(|s| !s.meta.external).collect();
    let only_er = |s: &vnet_core::Id| {
        let kinds: Vec<GatewayKind> = d
            .gateways
            .iter()
            .flat_map(|g| g.connections.iter().map(move |c| (g.kind, c)))
            .filter(|(_, c)| c.peer.site() == Some(s))
            .map(|(k, _)| k)
            .collect();
        !kinds.is_empty() && kinds.iter().all(|k| *k == GatewayKind::ExpressRoute)
    };
    m.insert("azurerm_express_route_circuit", sites.iter().filter(|s| only_er(&s.id)).count());
    m.insert("azurerm_local_network_gateway", sites.iter().filter(|s| !only_er(&s.id)).count());
    m.insert("azurerm_private_dns_zone", zones.len());
    m.insert(
        "azurerm_private_dns_zone_virtual_network_link",
        zones.iter().flat_map(|z| z.links.iter()).filter(|l| !l.meta.external).count(),
    );
    // A record a private endpoint's zone group writes is the group's, never a record set (D-10).
    let owned = |z: &vnet_core::Id, name: &str| {
        d.private_endpoints.iter().any(|pe| {
            let target = match &pe.target {
                PeTarget::Paas { resource, .. } => d.paas.iter().find(|p| &p.id == resource).map(|p| p.name.clone()),
                PeTarget::PrivateLinkService { .. } => Some(format!("pls-{}", pe.name)),
            };
            pe.dns_zone_group.contains(z) && target.is_some_and(|t| t.eq_ignore_ascii_case(name))
        })
    };
    let records: Vec<_> = zones
        .iter()
        .flat_map(|z| z.records.iter().map(move |r| (z, r)))
        .filter(|(z, r)| !owned(&z.id, &r.name))
        .collect();
    m.insert(
        "azurerm_private_dns_a_record",
        records.iter().filter(|(_, r)| matches!(r.data, RecordData::A { .. })).count(),
    );
    m.insert(
        "azurerm_private_dns_cname_record",
        records.iter().filter(|(_, r)| matches!(r.data, RecordData::Cname { .. })).count(),
    );
    m.insert("azurerm_private_endpoint", d.private_endpoints.iter().filter(|p| !p.meta.external).count());
    let resolvers: Vec<_> = d.resolvers.iter().filter(|r| !r.meta.external).collect();
    m.insert("azurerm_private_dns_resolver", resolvers.len());
    m.insert(
        "azurerm_private_dns_resolver_inbound_endpoint",
        resolvers.iter().map(|r| r.inbound_endpoints.len()).sum(),
    );
    m.insert(
        "azurerm_private_dns_resolver_outbound_endpoint",
        resolvers.iter().map(|r| r.outbound_endpoints.len()).sum(),
    );
    let rulesets: Vec<_> = d.rulesets.iter().filter(|s| !s.meta.external).collect();
    m.insert("azurerm_private_dns_resolver_dns_forwarding_ruleset", rulesets.len());
    m.insert("azurerm_private_dns_resolver_forwarding_rule", rulesets.iter().map(|s| s.rules.len()).sum());
    m.insert("azurerm_private_dns_resolver_virtual_network_link", rulesets.iter().map(|s| s.vnet_links.len()).sum());
    m.insert("azurerm_lb", lbs.len());
    m.insert("azurerm_lb_backend_address_pool", lbs.len());
    m.insert("azurerm_lb_probe", lbs.iter().filter(|l| l.probe.is_some()).count());
    m.insert("azurerm_lb_rule", lbs.iter().map(|l| l.rules.len()).sum());
    m.insert("azurerm_network_interface_backend_address_pool_association", lbs.iter().map(|l| l.backends.len()).sum());
    let paas = |service: &str| d.paas.iter().filter(|p| !p.meta.external && p.service == service).count();
    m.insert("azurerm_storage_account", paas("storage"));
    m.insert("azurerm_key_vault", paas("keyvault"));
    m
}

/// Bicep read token by token: brackets balance outside strings, every resource symbol is
/// declared once, every symbol used (`x.id`, `parent: x`, `dependsOn` entries) is declared, and
/// every parameter is used.
pub fn bicep_structure(text: &str) -> Result<(), String> {
    let mut stack = Vec::new();
    let mut in_string = false;
    let mut chars = text.chars().peekable();
    let mut code = String::new();
    let mut line = 1;
    while let Some(c) = chars.next() {
        if c == '\n' {
            line += 1;
        }
        if in_string {
            match c {
                '\\' => {
                    chars.next();
                }
                '\'' => in_string = false,
                _ => {}
            }
            code.push(if c == '\n' { '\n' } else { ' ' });
            continue;
        }
        match c {
            '\'' => in_string = true,
            '/' if chars.peek() == Some(&'/') => {
                for x in chars.by_ref() {
                    if x == '\n' {
                        line += 1;
                        break;
                    }
                }
                code.push('\n');
                continue;
            }
            '{' | '[' | '(' => stack.push((c, line)),
            '}' | ']' | ')' => {
                let open = match c {
                    '}' => '{',
                    ']' => '[',
                    _ => '(',
                };
                match stack.pop() {
                    Some((o, _)) if o == open => {}
                    other => return Err(format!("line {line}: '{c}' closes {other:?}")),
                }
            }
            _ => {}
        }
        code.push(c);
    }
    if in_string || !stack.is_empty() {
        return Err(format!("unbalanced at the end: string {in_string}, open {stack:?}"));
    }
    let mut symbols = HashSet::new();
    let mut params = Vec::new();
    for l in code.lines() {
        let words: Vec<&str> = l.split_whitespace().collect();
        match words.as_slice() {
            ["resource", sym, ..] if !symbols.insert(sym.to_string()) => {
                return Err(format!("symbol {sym} declared twice"));
            }
            ["param", name, ..] => params.push(name.to_string()),
            _ => {}
        }
    }
    let mut used: HashSet<String> = HashSet::new();
    let mut in_depends = false;
    for l in code.lines() {
        let t = l.trim();
        if t.starts_with("param ") || t.starts_with("resource ") {
            continue;
        }
        if t == "dependsOn: [" {
            in_depends = true;
            continue;
        }
        if in_depends {
            if t == "]" {
                in_depends = false;
            } else if !symbols.contains(t) {
                return Err(format!("dependsOn names {t}, not declared"));
            }
            continue;
        }
        if let Some(p) = t.strip_prefix("parent: ") {
            if !symbols.contains(p) {
                return Err(format!("parent {p} is not declared"));
            }
        }
        for w in t.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '.')) {
            if let Some((sym, "id")) = w.split_once('.') {
                if !symbols.contains(sym) {
                    return Err(format!("{sym}.id: {sym} is not declared"));
                }
            }
            if let Some(head) = w.split('.').next() {
                used.insert(head.to_string());
            }
        }
    }
    // Interpolations (`'${x.id}/…'`) sit inside string literals: read them from the text.
    for part in text.split("${").skip(1) {
        if let Some((sym, _)) = part.split_once(".id}") {
            if !symbols.contains(sym) {
                return Err(format!("${{{sym}.id}}: {sym} is not declared"));
            }
        }
    }
    for p in params {
        if !used.contains(&p) {
            return Err(format!("parameter {p} is never used"));
        }
    }
    Ok(())
}
