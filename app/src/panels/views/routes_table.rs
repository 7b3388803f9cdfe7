//! Effective routes of the selected NIC (VM) or subnet, in the shape Azure shows them: source,
//! state, address prefix, next hop type, next hop IP. Invalid rows are struck through, with the
//! route that overrides them and the rule that decided it. Copy as CSV, JSON, or as `az network
//! nic show-effective-route-table` prints them. For a VM, "Next hop" answers as `az network
//! watcher show-next-hop` does and marks the route it selected (`next_hop_form`).
//!
//! The table is `vnet_core::routes::subnet_routes`, computed in a memo over the design and the
//! selection only; this file formats it.

use super::copy::{copy_az, copy_or_download};
use super::next_hop_form::{NextHop, NextHopForm};
use super::route_compare::RouteCompare;
use super::rule_text::RuleLink;
use super::vm_nic::{vm_nic, NicPicker};
use super::Views;
use crate::document::store::Store;
use leptos::prelude::*;
use vnet_core::model::Design;
use vnet_core::network::Network;
use vnet_core::routes::{self, EffectiveRoute, RouteSource, RouteState, RouteTable};
use vnet_core::watcher::routes::effective_route_table;
use vnet_core::Id;

/// Whose routes are shown: a subnet, reached from what was selected.
#[derive(Clone, Debug, PartialEq)]
struct Target {
    subnet: Id,
    /// "Subnet snet-vm" or "VM vm-spoke, NIC nic-1 (snet-vm)".
    label: String,
    /// The NICs of a selected VM, when it has more than one: (id, name).
    nics: Vec<(Id, String)>,
    /// The NIC whose routes these are, for a VM: Network Watcher's next hop asks about a NIC.
    nic: Option<Id>,
}

/// The subnet whose routes apply to `id`: a subnet, a VM's NIC (the chosen one, else the
/// first), or the subnet of a firewall, gateway, private endpoint or resolver endpoint.
fn target(d: &Design, id: &Id, nic: Option<&Id>) -> Option<Target> {
    let subnet_name = |s: &Id| d.subnet(s).map(|s| s.name.clone()).unwrap_or_default();
    if let Some(s) = d.subnet(id) {
        return Some(Target { subnet: s.id.clone(), label: format!("Subnet {}", s.name), nics: Vec::new(), nic: None });
    }
    if let Some(vm) = d.vms.iter().find(|v| &v.id == id) {
        let (chosen, n) = vm_nic(d, vm, nic)?;
        return Some(Target {
            subnet: n.subnet.clone(),
            label: chosen.label,
            nics: chosen.choices,
            nic: Some(chosen.nic),
        });
    }
    let other = |kind: &str, name: &str, subnet: &Id| Target {
        subnet: subnet.clone(),
        label: format!("{kind} {name} ({})", subnet_name(subnet)),
        nics: Vec::new(),
        nic: None,
    };
    let found = d
        .firewalls
        .iter()
        .find(|f| &f.id == id)
        .map(|f| other("Firewall", &f.name, &f.subnet))
        .or_else(|| d.gateways.iter().find(|g| &g.id == id).map(|g| other("Gateway", &g.name, &g.subnet)))
        .or_else(|| {
            d.private_endpoints.iter().find(|p| &p.id == id).map(|p| other("Private endpoint", &p.name, &p.subnet))
        })
        .or_else(|| {
            d.resolvers
                .iter()
                .flat_map(|r| r.inbound_endpoints.iter())
                .find(|e| &e.id == id)
                .map(|e| other("Resolver endpoint", &e.name, &e.subnet))
        });
    found
}

fn source(s: RouteSource) -> &'static str {
    match s {
        RouteSource::Default => "Default",
        RouteSource::VirtualNetworkGateway => "Virtual network gateway",
        RouteSource::User => "User",
    }
}

fn state(s: RouteState) -> &'static str {
    match s {
        RouteState::Active => "Active",
        RouteState::Invalid => "Invalid",
    }
}

fn hop_ips(r: &EffectiveRoute) -> String {
    r.next_hop_ips.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ")
}

/// One line naming a route: "User 10.1.0.0/16 → VirtualAppliance 10.0.1.4".
fn describe(r: &EffectiveRoute) -> String {
    let ips = hop_ips(r);
    let sep = if ips.is_empty() { "" } else { " " };
    format!("{} {} → {}{sep}{ips}", source(r.source), r.prefix, r.next_hop_type.arm_name())
}

/// The table as CSV, Azure's columns plus the rule and the reason a row is invalid.
fn to_csv(t: &RouteTable) -> String {
    let quote = |s: &str| format!("\"{}\"", s.replace('"', "\"\""));
    let mut out = String::from("Source,State,Address prefix,Next hop type,Next hop IP,Rule,Invalid because\n");
    for r in &t.routes {
        let why = r.invalid.as_ref().map(|i| format!("{}: {}", i.rule, i.why)).unwrap_or_default();
        let cells = [
            source(r.source),
            state(r.state),
            &r.prefix.to_string(),
            r.next_hop_type.arm_name(),
            &hop_ips(r),
            r.rule,
            &why,
        ];
        out.push_str(&cells.iter().map(|c| quote(c)).collect::<Vec<_>>().join(","));
        out.push('\n');
    }
    out
}

#[component]
pub fn RoutesPanel(views: Views, store: Store) -> impl IntoView {
    let nic = RwSignal::new(None::<Id>);
    let status = RwSignal::new(String::new());
    let target = Memo::new(move |_| {
        let id = store.selected.get()?;
        store.design.with(|d| target(d, &id, nic.get().as_ref()))
    });
    let table = Memo::new(move |_| {
        let t = target.get()?;
        store.design.with(|d| {
            let net = Network::new(d);
            net.subnet_ix(&t.subnet).map(|ix| routes::subnet_routes(&net, ix))
        })
    });
    let copy_csv = move |_| {
        if let Some(t) = table.get_untracked() {
            copy_or_download(to_csv(&t), "effective-routes.csv", "text/csv", status);
        }
    };
    let copy_json = move |_| {
        if let Some(t) = table.get_untracked() {
            let text = serde_json::to_string_pretty(&t).unwrap_or_default();
            copy_or_download(text, "effective-routes.json", "application/json", status);
        }
    };
    let copy_az_json = move |_| {
        if let Some(t) = table.get_untracked() {
            copy_az(&effective_route_table(&t), "effective-routes.az.json", status);
        }
    };
    let hop = NextHop::new(views, Memo::new(move |_| target.with(|t| t.as_ref().and_then(|t| t.nic.clone()))));
    let nic_picker = move || {
        let t = target.get()?;
        let current = t.nic?;
        Some(view! { <NicPicker choices=t.nics current chosen=nic /> })
    };
    let rows = move || {
        table.with(|t| {
            let t = t.as_ref()?;
            let rows = t
                .routes
                .iter()
                .map(|r| {
                    let invalid = r.state == RouteState::Invalid;
                    let over = r.invalid.as_ref().map(|inv| {
                        let by = inv.by.and_then(|i| t.routes.get(i)).map(describe);
                        view! {
                            <tr class="override">
                                <td colspan="6">
                                    "↳ overridden "
                                    {by.map(|b| format!("by {b} "))}
                                    <RuleLink views id=inv.rule />
                                    <span class="why">{format!(" {}", inv.why)}</span>
                                </td>
                            </tr>
                        }
                    });
                    let selected = hop.selects(r);
                    view! {
                        <tr class="route" class:invalid=invalid class:selected=selected title=r.why.clone()>
                            <td>{source(r.source)}</td>
                            <td class="state">{state(r.state)}</td>
                            <td class="mono">{r.prefix.to_string()}</td>
                            <td>{r.next_hop_type.arm_name()}</td>
                            <td class="mono">{hop_ips(r)}</td>
                            <td class="rule"><RuleLink views id=r.rule /></td>
                        </tr>
                        {over}
                    }
                })
                .collect_view();
            let removed = (!t.removed.is_empty()).then(|| {
                let items = t
                    .removed
                    .iter()
                    .map(|r| view! { <li>{describe(r)}" " <RuleLink views id=r.rule />{format!(" {}", r.why)}</li> })
                    .collect_view();
                view! {
                    <details class="removed">
                        <summary>{format!("Removed by Azure ({})", t.removed.len())}</summary>
                        <ul>{items}</ul>
                    </details>
                }
            });
            let propagation = t.disable_bgp_route_propagation.then(|| {
                view! { <p class="note">"Gateway route propagation is off in this subnet's route table."</p> }
            });
            Some(view! {
                <table class="routes-table">
                    <thead>
                        <tr>
                            <th>"Source"</th><th>"State"</th><th>"Address prefix"</th>
                            <th>"Next hop type"</th><th>"Next hop IP"</th><th>"Rule"</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
                {propagation}
                {removed}
            })
        })
    };
    view! {
        <section class="panel routes" aria-label="Effective routes">
            <h2>"Effective routes"</h2>
            {move || match target.get() {
                None => view! {
                    <p class="hint">"Select a VM, a subnet, a firewall, a gateway or a private endpoint to see its effective routes."</p>
                }.into_any(),
                Some(t) => view! {
                    <p class="summary target">{t.label}</p>
                    {nic_picker}
                    <div class="actions">
                        <button on:click=copy_csv>"Copy CSV"</button>
                        <button on:click=copy_json>"Copy JSON"</button>
                        <button on:click=copy_az_json title="As az network nic show-effective-route-table prints it">"Copy as az JSON"</button>
                        <span class="status" role="status">{move || status.get()}</span>
                    </div>
                    <NextHopForm views hop />
                    {rows}
                    <RouteCompare views table />
                }.into_any(),
            }}
        </section>
    }
}
