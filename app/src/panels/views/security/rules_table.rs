//! The effective security rules (N-12), one table per NSG in Azure's order (the NIC's, then the
//! subnet's), inbound then outbound by priority, defaults included. A tag's prefixes fold under
//! it; a rule's name opens why it is there, with its rule ids. After IP flow verify, the rule
//! that decided is marked, and the rule another NSG passed the packet with is marked lightly.

use super::super::rule_text::RuleLink;
use super::super::Views;
use leptos::prelude::*;
use vnet_core::model::{Access, Direction};
use vnet_core::watcher::flow_verify::FlowVerifyResult;
use vnet_core::watcher::security::{EffectiveNsg, EffectiveNsgList, EffectiveSecurityRule};

/// The rules IP flow verify met: per NSG (by association, N-13's `subnet` or
/// `networkInterface`), the rule that decided there; the last one decided the answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Marks {
    direction: Direction,
    steps: Vec<Step>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
struct Step {
    association: &'static str,
    rule_name: String,
    priority: u16,
    decides: bool,
}

impl Marks {
    /// The marks of a verdict on a question in `direction`.
    pub fn of(r: &FlowVerifyResult, direction: Direction) -> Self {
        let last = r.vnet_studio.nsgs.len().saturating_sub(1);
        let steps = r
            .vnet_studio
            .nsgs
            .iter()
            .enumerate()
            .map(|(i, s)| Step {
                association: s.association,
                rule_name: s.rule_name.clone(),
                priority: s.priority,
                decides: i == last,
            })
            .collect();
        Marks { direction, steps }
    }

    /// `Some(true)` for the rule that decided, `Some(false)` for one that passed the packet on to
    /// the next NSG, `None` for the others.
    fn mark(&self, association: &str, r: &EffectiveSecurityRule) -> Option<bool> {
        if r.direction != self.direction {
            return None;
        }
        self.steps
            .iter()
            .find(|s| s.association == association && s.rule_name == r.name && s.priority == r.priority)
            .map(|s| s.decides)
    }
}

/// N-13's name for where an NSG is attached.
fn association(e: &EffectiveNsg) -> &'static str {
    if e.association.network_interface.is_some() {
        "networkInterface"
    } else {
        "subnet"
    }
}

/// The name at the end of a resource id (`…/networkSecurityGroups/nsg-web` → `nsg-web`).
fn last_segment(id: &str) -> &str {
    id.rsplit('/').next().unwrap_or(id)
}

/// Which rows show their explanation: (NSG, rule) positions.
type Open = RwSignal<Vec<(usize, usize)>>;

#[component]
pub fn NsgEntries(views: Views, list: EffectiveNsgList, marks: Memo<Option<Marks>>) -> impl IntoView {
    let open: Open = RwSignal::new(Vec::new());
    list.value.iter().enumerate().map(|(i, e)| entry(views, i, e, marks, open)).collect_view()
}

fn entry(views: Views, i: usize, e: &EffectiveNsg, marks: Memo<Option<Marks>>, open: Open) -> impl IntoView {
    let assoc = association(e);
    let at = match (&e.association.network_interface, &e.association.subnet) {
        (Some(n), _) => format!("NIC {}", last_segment(&n.id)),
        (None, Some(s)) => format!("subnet {}", last_segment(&s.id)),
        (None, None) => String::new(),
    };
    let links = e.vnet_studio.rules.iter().map(|id| view! { <RuleLink views id=*id /> " " }).collect_view();
    let body = |direction: Direction| {
        let rows = e
            .effective_security_rules
            .iter()
            .enumerate()
            .filter(|(_, r)| r.direction == direction)
            .map(|(j, r)| row(views, (i, j), assoc, r, marks, open))
            .collect_view();
        let label = if direction == Direction::Inbound { "Inbound" } else { "Outbound" };
        view! {
            <tbody>
                <tr class="dir"><th colspan="6" scope="rowgroup">{label}</th></tr>
                {rows}
            </tbody>
        }
    };
    view! {
        <div class="nsg-entry" data-association=assoc>
            <p class="nsg-head">
                <strong>{format!("NSG {}", last_segment(&e.network_security_group.id))}</strong>
                {format!(" on {at}")}
            </p>
            <p class="note">{links}{e.vnet_studio.why.clone()}</p>
            <table class="routes-table nsg-rules">
                <thead>
                    <tr>
                        <th>"Priority"</th><th>"Name"</th><th>"Source"</th><th>"Destination"</th>
                        <th title="Protocol and destination ports">"Service"</th><th>"Access"</th>
                    </tr>
                </thead>
                {body(Direction::Inbound)}
                {body(Direction::Outbound)}
            </table>
        </div>
    }
}

fn row(
    views: Views,
    key: (usize, usize),
    assoc: &'static str,
    r: &EffectiveSecurityRule,
    marks: Memo<Option<Marks>>,
    open: Open,
) -> impl IntoView {
    let rule = r.clone();
    let mark = Memo::new(move |_| marks.with(|m| m.as_ref().and_then(|m| m.mark(assoc, &rule))));
    let shown = move || open.with(|o| o.contains(&key)) || mark.get() == Some(true);
    let toggle = move |_| {
        open.update(|o| match o.iter().position(|k| *k == key) {
            Some(at) => {
                o.remove(at);
            }
            None => o.push(key),
        })
    };
    // `defaultSecurityRules/DenyAllInBound` reads "default" over "DenyAllInBound"; the full name
    // (as `az` and IP flow verify's answer spell it) is the row's `data-name` and the button's title.
    let (default, short) = match r.name.split_once('/') {
        Some((kind, short)) => (kind == "defaultSecurityRules", short.to_string()),
        None => (false, r.name.clone()),
    };
    let deny = r.access == Access::Deny;
    let (ids, why) = (r.vnet_studio.rules.clone(), r.vnet_studio.why.clone());
    let explanation = move || {
        shown().then(|| {
            let links = ids.iter().map(|id| view! { <RuleLink views id=*id /> " " }).collect_view();
            view! { <tr class="explain"><td colspan="6">{links}<span class="why">{why.clone()}</span></td></tr> }
        })
    };
    view! {
        <tr class="nsg-rule" class:decides=move || mark.get() == Some(true) class:met=move || mark.get() == Some(false)
            data-name=r.name.clone() title=r.vnet_studio.why.clone()>
            <td class="prio">{r.priority}</td>
            <td class="name">
                <button class="rule-name" title=r.name.clone() aria-expanded=move || shown().to_string() on:click=toggle>
                    {default.then(|| view! { <span class="kind">"default"</span> })}
                    {breakable(&short)}
                </button>
            </td>
            <td>{address(&r.source_address_prefix, &r.expanded_source_address_prefix, &r.source_port_range)}</td>
            <td>{address(&r.destination_address_prefix, &r.expanded_destination_address_prefix, "0-65535")}</td>
            <td class="service">{service(r.protocol, &r.destination_port_range)}</td>
            <td class="access" class:deny=deny>{if deny { "Deny" } else { "Allow" }}</td>
        </tr>
        {explanation}
    }
}

/// A port range as N-12 lists it (`lo-hi`), read: `None` for all ports, `22` for `22-22`.
fn ports(range: &str) -> Option<String> {
    match range.split_once('-') {
        Some(("0", "65535")) => None,
        Some((lo, hi)) if lo == hi => Some(lo.to_string()),
        _ => Some(range.to_string()),
    }
}

/// The protocol and the destination ports, as the portal's "service" reads: `Tcp 443`, `All`.
fn service(protocol: &str, destination_ports: &str) -> String {
    match ports(destination_ports) {
        Some(p) => format!("{protocol} {p}"),
        None => protocol.to_string(),
    }
}

/// `AllowAzureLoadBalancerInBound` with a break opportunity before each word (`InBound` and
/// `OutBound` are one), so that a narrow column wraps it between words, not inside one.
fn breakable(name: &str) -> impl IntoView {
    let mut parts: Vec<String> = Vec::new();
    for (i, c) in name.char_indices() {
        let after_lower = name[..i].chars().next_back().is_some_and(|p| p.is_ascii_lowercase());
        let word = c.is_ascii_uppercase() && after_lower && !name[i..].starts_with("Bound");
        if parts.is_empty() || word {
            parts.push(String::new());
        }
        if let Some(last) = parts.last_mut() {
            last.push(c);
        }
    }
    parts.into_iter().map(|p| view! { {p}<wbr /> }).collect_view()
}

/// An address as Azure lists it (a prefix, `0.0.0.0/0`, or a tag whose prefixes fold under it),
/// and its ports unless they are all of them.
fn address(prefix: &str, expanded: &[String], port_range: &str) -> impl IntoView {
    let ports = ports(port_range).map(|p| format!("port {p}"));
    let addr = if expanded.is_empty() {
        view! { <span class="mono">{prefix.to_string()}</span> }.into_any()
    } else {
        let items = expanded.iter().map(|p| view! { <li>{p.clone()}</li> }).collect_view();
        view! {
            <details class="tag">
                <summary>{breakable(prefix)}" "<span class="count">{format!("({})", expanded.len())}</span></summary>
                <ul class="prefixes mono">{items}</ul>
            </details>
        }
        .into_any()
    };
    view! { {addr} {ports.map(|p| view! { <div class="ports">{p}</div> })} }
}

#[cfg(test)]
mod tests {
    use super::super::flow_form::{verify, FlowAsk};
    use super::super::rules_of;
    use super::*;
    use vnet_core::build::{nsg_rule, DesignBuilder};
    use vnet_core::model::{Design, Protocol};
    use vnet_core::trace::Engine;
    use vnet_core::watcher::flow_verify::{Endpoint, FlowQuery, Port};

    /// vm-web in snet-web: the subnet's NSG allows HTTPS from the internet, the NIC's denies SSH
    /// from snet-client; vm-client has no NSG.
    fn design() -> Design {
        use Access::*;
        use Direction::*;
        let rule = |n, p, d, a, proto, src, ports| nsg_rule(n, p, d, a, proto, src, "*", ports).unwrap();
        let mut b = DesignBuilder::new("security view");
        let vnet = b.vnet("vnet-spoke", "westeurope", &["10.1.0.0/16"]);
        let web = b.subnet(&vnet, "snet-web", "10.1.1.0/24");
        let client = b.subnet(&vnet, "snet-client", "10.1.2.0/24");
        b.nsg(
            "nsg-web",
            vec![rule("allow-https-internet", 100, Inbound, Allow, Protocol::Tcp, "Internet", "443")],
            &[&web],
        );
        let nic_nsg = b.nsg(
            "nsg-web-nic",
            vec![rule("deny-ssh-from-client", 100, Inbound, Deny, Protocol::Tcp, "10.1.2.0/24", "22")],
            &[],
        );
        let (vm, _) = b.vm("vm-web", &web, "10.1.1.4");
        b.with_vm(&vm, |vm| vm.nics[0].nsg = Some(nic_nsg));
        b.vm("vm-client", &client, "10.1.2.4");
        b.build().unwrap()
    }

    fn ask(eng: &Engine, direction: Direction, local_port: Port, remote: &str, remote_port: Port) -> FlowAsk {
        let nic = eng.net.nics.iter().find(|n| n.vm.name == "vm-web").unwrap().nic.id.clone();
        let local = Endpoint { ip: "10.1.1.4".parse().unwrap(), port: local_port };
        let remote = Endpoint { ip: remote.parse().unwrap(), port: remote_port };
        FlowAsk { nic, query: FlowQuery { direction, protocol: Protocol::Tcp, local, remote } }
    }

    /// (association, rule name, decides) of every marked row.
    fn marked(list: &EffectiveNsgList, marks: &Marks) -> Vec<(&'static str, String, bool)> {
        list.value
            .iter()
            .flat_map(|e| {
                e.effective_security_rules
                    .iter()
                    .filter_map(move |r| marks.mark(association(e), r).map(|d| (association(e), r.name.clone(), d)))
            })
            .collect()
    }

    #[test]
    fn n13_the_deciding_rule_is_marked_once_in_the_nsg_that_decided() {
        let d = design();
        let eng = Engine::new(&d);
        let nic = eng.net.nics.iter().find(|n| n.vm.name == "vm-web").unwrap().nic.id.clone();
        let list = rules_of(&eng, &nic).unwrap();
        // N-12: the NIC's NSG first, then the subnet's.
        assert_eq!(list.value.iter().map(association).collect::<Vec<_>>(), ["networkInterface", "subnet"]);
        let cases = [
            // Inbound, the subnet's NSG first (N-5): SSH from snet-client passes its
            // AllowVnetInBound and the NIC's rule denies.
            (
                ask(&eng, Direction::Inbound, Port::Number(22), "10.1.2.4", Port::Any),
                Access::Deny,
                vec![
                    ("networkInterface", "securityRules/deny-ssh-from-client", true),
                    ("subnet", "defaultSecurityRules/AllowVnetInBound", false),
                ],
            ),
            // Internet SSH stops at the subnet's DenyAllInBound: the NIC's NSG is not met.
            (
                ask(&eng, Direction::Inbound, Port::Number(22), "203.0.113.10", Port::Any),
                Access::Deny,
                vec![("subnet", "defaultSecurityRules/DenyAllInBound", true)],
            ),
            // Outbound, the NIC's NSG first, then the subnet's, whose rule is named.
            (
                ask(&eng, Direction::Outbound, Port::Any, "8.8.8.8", Port::Number(443)),
                Access::Allow,
                vec![
                    ("networkInterface", "defaultSecurityRules/AllowInternetOutBound", false),
                    ("subnet", "defaultSecurityRules/AllowInternetOutBound", true),
                ],
            ),
        ];
        for (q, access, expected) in cases {
            let r = verify(&eng, &q).unwrap();
            assert_eq!(r.access, access, "{:?}", q.query);
            let marks = Marks::of(&r, q.query.direction);
            let got = marked(&list, &marks);
            let want: Vec<(&str, String, bool)> = expected.into_iter().map(|(a, n, d)| (a, n.to_string(), d)).collect();
            assert_eq!(got, want, "{:?}", q.query);
            let decides: Vec<_> = got.iter().filter(|m| m.2).collect();
            assert_eq!(decides.len(), 1);
            assert_eq!(Some(&decides[0].1), r.rule_name.as_ref(), "the marked row is the rule az names");
        }
    }

    #[test]
    fn a_vm_is_shown_by_its_nic_and_its_addresses() {
        let d = design();
        let vm = d.vms.iter().find(|v| v.name == "vm-web").unwrap();
        let t = super::super::target(&d, &vm.id, None).unwrap();
        assert_eq!(t.vm_nic.label, "VM vm-web, NIC vm-web-nic (10.1.1.4, snet-web)");
        assert_eq!(t.ips, vec!["10.1.1.4".parse::<std::net::Ipv4Addr>().unwrap()]);
        assert!(super::super::target(&d, &d.subnets[0].id, None).is_none(), "a subnet has no NIC to ask about");
    }
}
