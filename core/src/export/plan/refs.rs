//! References between resources: every Azure id string in a plan resource's body becomes a
//! `$rid` marker naming the plan resource it is (or is a sub-resource of), an id outside the
//! design becomes an `existing` resource (Bicep declares it, ARM writes its id), and the
//! references give `dependsOn` — except through read-only properties (a load balancer's
//! `backendIPConfigurations`, a NIC's `virtualMachine`), which Azure fills in from the other side
//! and which would make cycles (the NIC names the pool, the VM names the NIC).

use super::{Builder, Res};
use serde_json::{json, Map, Value};

/// Read-only properties whose references are state, not dependencies.
const READ_ONLY: &[&str] = &["backendIPConfigurations", "virtualMachine"];

/// Child types whose siblings Azure updates one at a time (a parallel PUT of two subnets or
/// peerings of one VNet, or two rule collection groups of one policy, fails with
/// `AnotherOperationInProgress`): each depends on the sibling before it.
const SERIAL: &[&str] = &[
    "Microsoft.Network/virtualNetworks/subnets",
    "Microsoft.Network/virtualNetworks/virtualNetworkPeerings",
    "Microsoft.Network/firewallPolicies/ruleCollectionGroups",
];

/// An Azure resource id taken apart.
pub(crate) struct ParsedId {
    pub subscription: String,
    pub resource_group: String,
    /// Full type, in the id's own case: `Microsoft.Network/virtualNetworks/subnets`.
    pub kind: String,
    pub names: Vec<String>,
}

/// `/subscriptions/s/resourceGroups/g/providers/NS/T1/n1[/T2/n2…]`, or `None`.
pub(crate) fn parse_id(id: &str) -> Option<ParsedId> {
    let parts: Vec<&str> = id.trim_matches('/').split('/').collect();
    let (sub, rg, rest) = match parts.as_slice() {
        [s, sub, r, rg, p, rest @ ..]
            if s.eq_ignore_ascii_case("subscriptions")
                && r.eq_ignore_ascii_case("resourceGroups")
                && p.eq_ignore_ascii_case("providers") =>
        {
            (sub, rg, rest)
        }
        _ => return None,
    };
    let (ns, pairs) = rest.split_first()?;
    if pairs.is_empty() || pairs.len() % 2 != 0 || pairs.iter().any(|p| p.is_empty()) {
        return None;
    }
    let mut kind = (*ns).to_string();
    let mut names = Vec::new();
    for pair in pairs.chunks(2) {
        kind.push('/');
        kind.push_str(pair[0]);
        names.push(pair[1].to_string());
    }
    Some(ParsedId { subscription: sub.to_string(), resource_group: rg.to_string(), kind, names })
}

/// Whether an id is under the placeholder resource group the deployment stands for.
pub(crate) fn in_deployment(p: &ParsedId) -> bool {
    let rg = super::super::arm::RG.to_ascii_lowercase();
    let own = format!("/subscriptions/{}/resourcegroups/{}/providers", p.subscription, p.resource_group);
    own.to_ascii_lowercase() == rg
}

pub(super) fn resolve(b: &mut Builder) {
    for i in 0..b.resources.len() {
        let mut body = std::mem::take(&mut b.resources[i].body);
        let mut deps = Vec::new();
        for (k, v) in body.iter_mut() {
            if k != "tags" {
                walk(b, i, v, false, &mut deps);
            }
        }
        let r = &mut b.resources[i];
        r.body = body;
        deps.retain(|&j| j != i && Some(j) != r.parent);
        for j in deps {
            if !r.depends.contains(&j) {
                r.depends.push(j);
            }
        }
    }
    // Existing resources are declared, not deployed: nothing waits for them.
    let existing: Vec<bool> = b.resources.iter().map(|r| r.existing).collect();
    for r in &mut b.resources {
        r.depends.retain(|&j| !existing[j]);
    }
    let mut last: std::collections::HashMap<Option<usize>, usize> = std::collections::HashMap::new();
    for i in 0..b.resources.len() {
        if !SERIAL.contains(&b.resources[i].kind.as_str()) || b.resources[i].existing {
            continue;
        }
        let parent = b.resources[i].parent;
        if let Some(prev) = last.insert(parent, i) {
            if !b.resources[i].depends.contains(&prev) {
                b.resources[i].depends.push(prev);
            }
        }
    }
}

fn walk(b: &mut Builder, me: usize, v: &mut Value, read_only: bool, deps: &mut Vec<usize>) {
    match v {
        Value::String(s) if s.len() > 14 && s[..14].eq_ignore_ascii_case("/subscriptions") => {
            if let Some(marker) = reference(b, me, s) {
                if let Some(j) = marker["$rid"]["res"].as_u64() {
                    if !read_only {
                        deps.push(j as usize);
                    }
                }
                *v = marker;
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|x| walk(b, me, x, read_only, deps)),
        Value::Object(o) if !o.keys().any(|k| k.starts_with('$')) => {
            for (k, x) in o.iter_mut() {
                walk(b, me, x, read_only || READ_ONLY.contains(&k.as_str()), deps);
            }
        }
        _ => {}
    }
}

/// The marker for an id string: the plan resource it names or is a sub-resource of (itself:
/// none, a declaration cannot name itself in Bicep), or a new `existing` resource.
fn reference(b: &mut Builder, me: usize, id: &str) -> Option<Value> {
    let parsed = parse_id(id)?;
    let lower = id.trim_end_matches('/').to_ascii_lowercase();
    let mut res = None;
    let mut at = lower.as_str();
    loop {
        if let Some(&j) = b.by_id.get(at) {
            res = Some(j);
            break;
        }
        // Two segments up: the resource this is a sub-resource of.
        match at.rsplitn(3, '/').nth(2) {
            Some(up) if up.contains("/providers/") && up.matches('/').count() >= 8 => at = up,
            _ => break,
        }
    }
    if res.is_none() {
        res = Some(existing(b, &lower, &parsed));
    }
    let res = res.filter(|&j| j != me);
    let names = parsed.names.into_iter().map(Value::String).collect();
    let rid = super::super::object([
        ("type", Value::String(parsed.kind)),
        ("names", Value::Array(names)),
        ("id", json!(id)),
        ("res", json!(res)),
    ]);
    Some(super::super::object([("$rid", rid)]))
}

/// An `existing` declaration for a resource outside the design.
fn existing(b: &mut Builder, lower: &str, p: &ParsedId) -> usize {
    let at = b.resources.len();
    b.by_id.insert(lower.to_string(), at);
    let scope = (!in_deployment(p)).then(|| (p.subscription.clone(), p.resource_group.clone()));
    b.resources.push(Res {
        symbol: String::new(),
        kind: p.kind.clone(),
        api: super::api::version(&p.kind),
        names: p.names.clone(),
        parent: None,
        body: Map::new(),
        depends: Vec::new(),
        existing: true,
        scope,
    });
    at
}
