//! Application security groups and NSGs with their rules (AZURE.md N-1..N-3).
//!
//! The model holds one source, destination and port range per rule; Azure rules with several
//! (`sourceAddressPrefixes`, `destinationPortRanges`) become one rule per combination at the
//! next free priorities when that keeps their order exactly (N-2), else the first combination
//! only; each case is reported. Service tags the simulator does not model are reported and
//! the entry left out.

use super::context::ref_id;
use super::shape::{get_ci, str_ci, Resource};
use super::Context;
use crate::id::Id;
use crate::model::{Access, AddressMatch, Asg, Direction, ElementKind, Nsg, NsgRule, PortRange, Protocol};
use serde_json::Value;

const ASG: &str = "microsoft.network/applicationsecuritygroups";
const NSG: &str = "microsoft.network/networksecuritygroups";
const RULE: &str = "microsoft.network/networksecuritygroups/securityrules";
const DEFAULT_RULE: &str = "microsoft.network/networksecuritygroups/defaultsecurityrules";

/// At most this many model rules are made from one Azure rule.
const MAX_SPLIT: usize = 32;

pub(super) fn read(cx: &mut Context<'_>) {
    for r in cx.of_kind(ASG) {
        let id = cx.alloc(ElementKind::Asg);
        cx.design.asgs.push(Asg { id: id.clone(), name: r.name.clone(), nics: Vec::new(), meta: cx.meta(r) });
        cx.imported(r, ElementKind::Asg, id);
    }
    for r in cx.of_kind(DEFAULT_RULE) {
        // Azure's own rules (N-3): the engine adds them to every NSG.
        cx.consume(r);
    }
    for r in cx.of_kind(NSG) {
        let id = cx.alloc(ElementKind::Nsg);
        let mut nsg = Nsg { id: id.clone(), name: r.name.clone(), rules: Vec::new(), meta: cx.meta(r) };
        for rule in cx.children(r, RULE) {
            cx.consume(rule);
            read_rule(cx, rule, &mut nsg.rules);
        }
        cx.design.nsgs.push(nsg);
        cx.imported(r, ElementKind::Nsg, id);
    }
}

/// One side of a rule: prefixes (or tags) or ASGs.
struct Side {
    matches: Vec<AddressMatch>,
    asgs: Vec<Id>,
}

fn read_rule(cx: &mut Context<'_>, r: &Resource, out: &mut Vec<NsgRule>) {
    let at = |field: &str| format!("{}#{field}", r.shown_id());
    let p = &r.props;
    let protocol = match str_ci(p, "protocol").unwrap_or("*").to_ascii_lowercase().as_str() {
        "tcp" => Protocol::Tcp,
        "udp" => Protocol::Udp,
        "icmp" => Protocol::Icmp,
        "*" | "any" => Protocol::Any,
        other => {
            return cx.skip_part(
                at("protocol"),
                RULE,
                format!(
                    "protocol '{other}' is not simulated (flows are TCP, UDP or ICMP), so this rule never matches one"
                ),
            )
        }
    };
    let direction = match str_ci(p, "direction").map(str::to_ascii_lowercase).as_deref() {
        Some("outbound") => Direction::Outbound,
        Some("inbound") => Direction::Inbound,
        other => return cx.skip_part(at("direction"), RULE, format!("direction {other:?} is not Inbound or Outbound")),
    };
    let access = match str_ci(p, "access").map(str::to_ascii_lowercase).as_deref() {
        Some("allow") => Access::Allow,
        Some("deny") => Access::Deny,
        other => return cx.skip_part(at("access"), RULE, format!("access {other:?} is not Allow or Deny")),
    };
    let Some(priority) = get_ci(p, "priority").and_then(Value::as_u64).and_then(|n| u16::try_from(n).ok()) else {
        return cx.skip_part(at("priority"), RULE, "no priority between 100 and 4096 (N-1)");
    };
    let Some(source) = side(cx, r, "source") else { return };
    let Some(destination) = side(cx, r, "destination") else { return };
    let Some(sports) = ports(cx, r, "sourcePortRange") else { return };
    let Some(dports) = ports(cx, r, "destinationPortRange") else { return };
    let mut combos = Vec::new();
    for s in &source.matches {
        for d in &destination.matches {
            for sp in &sports {
                for dp in &dports {
                    combos.push((s.clone(), d.clone(), *sp, *dp));
                }
            }
        }
    }
    let n = combos.len();
    let taken = |q: u16| out.iter().any(|x| x.direction == direction && x.priority == q);
    let free = n <= MAX_SPLIT && usize::from(priority) + n - 1 <= 4096 && (1..n).all(|k| !taken(priority + k as u16));
    if n > 1 && !free {
        cx.coerce(
            at("priority"),
            format!("{n} combinations of prefixes and port ranges"),
            "the first combination only",
            "the model holds one source, destination and port range per rule, and the priorities after this rule are taken",
        );
        combos.truncate(1);
    } else if n > 1 {
        cx.coerce(
            at("priority"),
            format!("one rule with {n} combinations of prefixes and port ranges"),
            format!("{n} rules at priorities {priority}-{}", usize::from(priority) + n - 1),
            "the model holds one source, destination and port range per rule; the order is kept (N-2)",
        );
    }
    for (k, (s, d, sp, dp)) in combos.into_iter().enumerate() {
        let name = if k == 0 { r.name.clone() } else { format!("{}-{}", r.name, k + 1) };
        out.push(NsgRule {
            name,
            priority: priority + k as u16,
            direction,
            access,
            protocol,
            source: s,
            source_ports: sp,
            destination: d,
            destination_ports: dp,
            source_asgs: source.asgs.clone(),
            destination_asgs: destination.asgs.clone(),
        });
    }
}

/// `sourceAddressPrefix` / `…Prefixes` / `…ApplicationSecurityGroups`; `None` when nothing usable
/// is left (the rule is skipped, reported).
fn side(cx: &mut Context<'_>, r: &Resource, which: &str) -> Option<Side> {
    let p = &r.props;
    let groups = get_ci(p, &format!("{which}ApplicationSecurityGroups")).and_then(Value::as_array);
    if let Some(groups) = groups.filter(|g| !g.is_empty()) {
        let asgs = groups.iter().filter_map(|g| asg_id(cx, g)).collect();
        return Some(Side { matches: vec![AddressMatch::Any], asgs });
    }
    let mut texts: Vec<&str> = Vec::new();
    if let Some(list) = get_ci(p, &format!("{which}AddressPrefixes")).and_then(Value::as_array) {
        texts.extend(list.iter().filter_map(Value::as_str));
    }
    if texts.is_empty() {
        texts.extend(str_ci(p, &format!("{which}AddressPrefix")));
    }
    if texts.is_empty() {
        texts.push("*");
    }
    let mut matches = Vec::new();
    for t in texts {
        match t.parse::<AddressMatch>() {
            Ok(m) => matches.push(m),
            Err(_) => cx.skip_part(
                format!("{}#{which}AddressPrefix", r.shown_id()),
                RULE,
                format!("'{t}' is a service tag or address the simulator does not model (X-5); left out of the rule"),
            ),
        }
    }
    if matches.is_empty() {
        cx.skip_part(r.shown_id(), RULE, format!("no {which} the simulator models is left; rule not imported"));
        return None;
    }
    Some(Side { matches, asgs: Vec::new() })
}

/// The ASG element a reference names, a placeholder when it is outside the input.
pub(super) fn asg_id(cx: &mut Context<'_>, reference: &Value) -> Option<Id> {
    if let Some(id) = cx.element(reference) {
        return Some(id.clone());
    }
    let azure_id = ref_id(reference)?.to_string();
    let name = super::shape::name_of_id(&azure_id).to_string();
    Some(cx.placeholder(&azure_id, ElementKind::Asg, "named by an NSG rule, not in the input", |d, id, meta| {
        d.asgs.push(Asg { id, name, nics: Vec::new(), meta })
    }))
}

/// `…PortRange` / `…PortRanges`.
fn ports(cx: &mut Context<'_>, r: &Resource, field: &str) -> Option<Vec<PortRange>> {
    let p = &r.props;
    let mut texts: Vec<&str> = Vec::new();
    if let Some(list) = get_ci(p, &format!("{field}s")).and_then(Value::as_array) {
        texts.extend(list.iter().filter_map(Value::as_str));
    }
    if texts.is_empty() {
        texts.extend(str_ci(p, field));
    }
    if texts.is_empty() {
        texts.push("*");
    }
    let mut out = Vec::new();
    for t in texts {
        match t.parse::<PortRange>() {
            Ok(pr) => out.push(pr),
            Err(e) => cx.skip_part(format!("{}#{field}", r.shown_id()), RULE, e),
        }
    }
    if out.is_empty() {
        cx.skip_part(r.shown_id(), RULE, format!("no usable {field}; rule not imported"));
        return None;
    }
    Some(out)
}

/// The NSG element a reference (`networkSecurityGroup`) names, a placeholder outside the input.
pub(super) fn nsg_ref(cx: &mut Context<'_>, reference: Option<&Value>) -> Option<Id> {
    let reference = reference?;
    if let Some(id) = cx.element(reference) {
        return Some(id.clone());
    }
    let azure_id = ref_id(reference)?.to_string();
    let name = super::shape::name_of_id(&azure_id).to_string();
    Some(cx.placeholder(
        &azure_id,
        ElementKind::Nsg,
        "associated here, not in the input: no rules known",
        |d, id, meta| d.nsgs.push(Nsg { id, name, rules: Vec::new(), meta }),
    ))
}
