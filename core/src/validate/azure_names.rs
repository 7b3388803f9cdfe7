//! Names Azure would reject (issue 24 §1): the length and the characters each resource type
//! allows, from Microsoft's "Naming rules and restrictions for Azure resources"
//! (<https://learn.microsoft.com/azure/azure-resource-manager/management/resource-name-rules>,
//! sections Microsoft.Network and Microsoft.Compute). A warning, not an error: the studio keeps
//! simulating a design whatever its names, but a deployment or an export to ARM would fail.
//!
//! Only the types that page lists are checked. Elements with no Azure resource behind them
//! (on-premises hosts and DNS servers), and types the page does not list (NAT gateways, firewall
//! and forwarding rules, load-balancing rules, PaaS resources, whose rules differ per service), are
//! left alone. Empty names are the editor's business, as in `names`.

use super::index::{label, Index};
use super::{Code, Out};
use crate::id::Id;
use crate::model::ElementKind;

/// One row of Microsoft's table, as the checks need it.
struct Rule {
    /// The resource type, as the message names it.
    what: &'static str,
    min: usize,
    max: usize,
    /// Characters allowed besides ASCII letters and digits.
    extra: &'static str,
    /// Whether the last character may be an underscore (else it is a letter or digit).
    end_underscore: bool,
    /// The rule in words, for the message.
    text: &'static str,
}

/// Most Microsoft.Network types: "1-80, alphanumerics, underscores, periods, and hyphens. Start
/// with alphanumeric. End alphanumeric or underscore."
const fn network(what: &'static str) -> Rule {
    Rule {
        what,
        min: 1,
        max: 80,
        extra: "_.-",
        end_underscore: true,
        text: "1 to 80 letters, digits, underscores, periods and hyphens, starting with a letter or digit and ending with a letter, digit or underscore",
    }
}

const VNET: Rule = Rule {
    min: 2,
    max: 64,
    text: "2 to 64 letters, digits, underscores, periods and hyphens, starting with a letter or digit and ending with a letter, digit or underscore",
    ..network("virtualNetworks")
};
const PRIVATE_ENDPOINT: Rule = Rule { what: "privateEndpoints", ..VNET };
/// dnsResolvers, their endpoints and dnsForwardingRuleset: "1-80, alphanumerics, underscores and
/// hyphens. Start with alphanumeric. End alphanumeric."
const fn resolver(what: &'static str) -> Rule {
    Rule {
        what,
        min: 1,
        max: 80,
        extra: "_-",
        end_underscore: false,
        text: "1 to 80 letters, digits, underscores and hyphens, starting and ending with a letter or digit",
    }
}

/// Why `name` breaks `rule`, if it does.
fn broken(rule: &Rule, name: &str) -> Option<String> {
    let len = name.chars().count();
    if len < rule.min || len > rule.max {
        return Some(format!("it is {len} characters long"));
    }
    if let Some(c) = name.chars().find(|c| !c.is_ascii_alphanumeric() && !rule.extra.contains(*c)) {
        return Some(format!("it holds '{}'", c.escape_debug()));
    }
    let first = name.chars().next().unwrap_or('a');
    let last = name.chars().last().unwrap_or('a');
    if !first.is_ascii_alphanumeric() {
        return Some(format!("it starts with '{first}'"));
    }
    if !(last.is_ascii_alphanumeric() || (rule.end_underscore && last == '_')) {
        return Some(format!("it ends with '{last}'"));
    }
    None
}

/// privateDnsZones: "1-63 characters, 2 to 34 labels; each label alphanumerics, underscores and
/// hyphens, separated by periods". A trailing dot (`contoso.com.`) is the same zone.
fn broken_zone(name: &str) -> Option<String> {
    let name = name.strip_suffix('.').unwrap_or(name);
    let len = name.chars().count();
    if !(1..=63).contains(&len) {
        return Some(format!("it is {len} characters long"));
    }
    let labels: Vec<&str> = name.split('.').collect();
    if !(2..=34).contains(&labels.len()) {
        return Some(format!("it has {} label(s)", labels.len()));
    }
    if labels.iter().any(|l| l.is_empty()) {
        return Some("it has an empty label (two periods in a row)".into());
    }
    let bad = name.chars().find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.')));
    bad.map(|c| format!("it holds '{}'", c.escape_debug()))
}

const ZONE_TEXT: &str =
    "1 to 63 characters in 2 to 34 labels separated by periods, each label of letters, digits, underscores and hyphens";

/// Virtual machines: "The actual resource name can have up to 64 characters" (the stricter rules
/// in the table are the host name's, which the design does not hold).
fn broken_vm(name: &str) -> Option<String> {
    let len = name.chars().count();
    (len > 64).then(|| format!("it is {len} characters long"))
}

struct Check<'o> {
    out: &'o mut Out,
}

impl Check<'_> {
    /// Warns on `owner` at `field` when `name` breaks `rule`.
    fn name(&mut self, owner: (&Id, ElementKind, &str), field: &str, name: &str, rule: &Rule) {
        if let Some(why) = (!name.is_empty()).then(|| broken(rule, name)).flatten() {
            self.report(owner, field, name, rule.what, &why, rule.text);
        }
    }

    fn report(&mut self, owner: (&Id, ElementKind, &str), field: &str, name: &str, what: &str, why: &str, text: &str) {
        let (id, kind, owner_name) = owner;
        let msg = format!(
            "{}: {field} '{name}' is not a name Azure accepts for {what}: {why}, and Azure's naming rules ask for {text}",
            label(kind, owner_name, id)
        );
        self.out.push(Code::NameRejectedByAzure, id, field.to_string(), msg);
    }
}

pub(super) fn check(ix: &Index, out: &mut Out) {
    use ElementKind as K;
    let d = ix.design;
    let mut c = Check { out };
    for v in &d.vnets {
        c.name((&v.id, K::Vnet, &v.name), "name", &v.name, &VNET);
    }
    for s in &d.subnets {
        c.name((&s.id, K::Subnet, &s.name), "name", &s.name, &network("subnets"));
    }
    for p in &d.peerings {
        c.name((&p.id, K::Peering, &p.name), "name", &p.name, &network("virtualNetworkPeerings"));
    }
    for t in &d.route_tables {
        let owner = (&t.id, K::RouteTable, t.name.as_str());
        c.name(owner, "name", &t.name, &network("routeTables"));
        for (i, r) in t.routes.iter().enumerate() {
            c.name(owner, &format!("routes[{i}].name"), &r.name, &network("routes"));
        }
    }
    for g in &d.nsgs {
        let owner = (&g.id, K::Nsg, g.name.as_str());
        c.name(owner, "name", &g.name, &network("networkSecurityGroups"));
        for (i, r) in g.rules.iter().enumerate() {
            c.name(owner, &format!("rules[{i}].name"), &r.name, &network("securityRules"));
        }
    }
    for vm in &d.vms {
        let owner = (&vm.id, K::Vm, vm.name.as_str());
        if let Some(why) = broken_vm(&vm.name) {
            c.report(owner, "name", &vm.name, "virtualMachines", &why, "at most 64 characters");
        }
        for (i, nic) in vm.nics.iter().enumerate() {
            c.name(owner, &format!("nics[{i}].name"), &nic.name, &network("networkInterfaces"));
        }
    }
    for f in &d.firewalls {
        c.name((&f.id, K::Firewall, &f.name), "name", &f.name, &network("azureFirewalls"));
    }
    for g in &d.gateways {
        let owner = (&g.id, K::Gateway, g.name.as_str());
        c.name(owner, "name", &g.name, &network("virtualNetworkGateways"));
        for (i, conn) in g.connections.iter().enumerate() {
            c.name(owner, &format!("connections[{i}].name"), &conn.name, &network("connections"));
        }
    }
    for s in &d.sites {
        c.name((&s.id, K::Site, &s.name), "name", &s.name, &network("localNetworkGateways"));
    }
    for p in &d.private_endpoints {
        c.name((&p.id, K::PrivateEndpoint, &p.name), "name", &p.name, &PRIVATE_ENDPOINT);
    }
    for z in &d.dns_zones {
        if let Some(why) = (!z.name.is_empty()).then(|| broken_zone(&z.name)).flatten() {
            c.report((&z.id, K::Zone, &z.name), "name", &z.name, "privateDnsZones", &why, ZONE_TEXT);
        }
    }
    for r in &d.resolvers {
        let owner = (&r.id, K::Resolver, r.name.as_str());
        c.name(owner, "name", &r.name, &resolver("dnsResolvers"));
        for (i, e) in r.inbound_endpoints.iter().enumerate() {
            c.name(owner, &format!("inboundEndpoints[{i}].name"), &e.name, &resolver("inboundEndpoints"));
        }
        for (i, e) in r.outbound_endpoints.iter().enumerate() {
            c.name(owner, &format!("outboundEndpoints[{i}].name"), &e.name, &resolver("outboundEndpoints"));
        }
    }
    for r in &d.rulesets {
        c.name((&r.id, K::Ruleset, &r.name), "name", &r.name, &resolver("dnsForwardingRulesets"));
    }
    for lb in &d.load_balancers {
        c.name((&lb.id, K::LoadBalancer, &lb.name), "name", &lb.name, &network("loadBalancers"));
    }
    for a in &d.asgs {
        c.name((&a.id, K::Asg, &a.name), "name", &a.name, &network("applicationSecurityGroups"));
    }
}

#[cfg(test)]
mod tests {
    use super::super::fixture::{at, found, hub_spoke, route_table, subnet, vnet};
    use super::*;
    use crate::gallery;

    fn named(d: &crate::model::Design) -> Vec<(Code, Id, String)> {
        found(d).into_iter().filter(|f| f.0 == Code::NameRejectedByAzure).collect()
    }

    #[test]
    fn gallery_designs_have_only_names_azure_accepts() {
        for e in gallery::ENTRIES {
            let d = (e.build)().unwrap();
            assert_eq!(named(&d), vec![], "{}", e.slug);
        }
    }

    #[test]
    fn names_azure_rejects_are_warned_on_the_field_that_holds_them() {
        let (mut d, ids) = hub_spoke();
        assert_eq!(named(&d), vec![]);
        vnet(&mut d, &ids.hub).name = "v".into(); // virtualNetworks: 2-64
        subnet(&mut d, &ids.vm_subnet).name = "snet vm".into(); // a space
        subnet(&mut d, &ids.data_subnet).name = "snet-data_".into(); // may end with an underscore
        route_table(&mut d, &ids.rt_spoke).routes[0].name = "to-hub-".into(); // ends with a hyphen
        let vm = d.vms.iter_mut().find(|v| v.id == ids.vm).unwrap();
        vm.name = "v".repeat(65); // a VM's resource name: up to 64
        vm.nics[0].name = "_nic".into(); // starts with an underscore
        d.private_endpoints[0].name = format!("pe-\u{1b}[31m{}", "x".repeat(10)); // ESC
        d.dns_zones[0].name = "privatelink".into(); // one label
        d.resolvers[0].name = "dnspr_".into(); // resolvers end with a letter or digit
        d.rulesets[0].name = "r".repeat(81);
        let w = Code::NameRejectedByAzure;
        assert_eq!(
            named(&d),
            vec![
                at(w, &ids.hub, "name"),
                at(w, &ids.vm_subnet, "name"),
                at(w, &ids.rt_spoke, "routes[0].name"),
                at(w, &ids.vm, "name"),
                at(w, &ids.vm, "nics[0].name"),
                at(w, &ids.pe, "name"),
                at(w, &ids.zone, "name"),
                at(w, &ids.resolver, "name"),
                at(w, &ids.ruleset, "name"),
            ]
        );
        let msg = crate::validate::validate(&d)
            .into_iter()
            .find(|x| x.code == w && x.element.as_ref() == Some(&ids.pe))
            .map(|x| x.message)
            .unwrap_or_default();
        assert!(msg.contains(r"it holds '\u{1b}'"), "{msg}");
        assert!(msg.contains("privateEndpoints"), "{msg}");
    }

    #[test]
    fn the_rules_read_as_microsoft_wrote_them() {
        let subnets = network("subnets");
        assert_eq!(broken(&subnets, "GatewaySubnet"), None);
        assert_eq!(broken(&subnets, "a"), None);
        assert_eq!(broken(&subnets, &"a".repeat(80)), None);
        assert_eq!(broken(&subnets, &"a".repeat(81)).as_deref(), Some("it is 81 characters long"));
        assert_eq!(broken(&subnets, "snet.app_"), None);
        assert_eq!(broken(&subnets, ".snet").as_deref(), Some("it starts with '.'"));
        assert_eq!(broken(&subnets, "snet.").as_deref(), Some("it ends with '.'"));
        assert_eq!(broken(&subnets, "snet#1").as_deref(), Some("it holds '#'"));
        assert_eq!(broken(&subnets, "snet-é").as_deref(), Some("it holds 'é'"));
        assert_eq!(broken(&VNET, "v").as_deref(), Some("it is 1 characters long"));
        assert_eq!(broken(&resolver("dnsResolvers"), "dnspr.hub").as_deref(), Some("it holds '.'"));
        assert_eq!(broken_zone("privatelink.blob.core.windows.net."), None);
        assert_eq!(broken_zone("contoso..com").as_deref(), Some("it has an empty label (two periods in a row)"));
        assert_eq!(broken_zone(&format!("{}.com", "a".repeat(60))).as_deref(), Some("it is 64 characters long"));
    }
}
