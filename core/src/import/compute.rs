//! NICs, the VMs that own them, and public IPs as addresses (AZURE.md F-20, D-3, E-12).
//!
//! Assumptions (reported): a NIC with IP forwarding makes its VM an NVA that forwards and allows
//! everything (stateless, no SNAT) until the user gives it rules; a VM whose address is a VNet's
//! custom DNS server is a DNS server forwarding to Azure DNS (168.63.129.16); a NIC without a VM
//! in the input gets a VM of its own.

use super::shape::{get_ci, props_of, str_ci, Resource};
use super::Context;
use crate::id::Id;
use crate::model::{
    AddressMatch, DnsServerConfig, DnsTarget, ElementKind, Nic, NvaConfig, NvaRule, NvaSnat, PortRange, Protocol,
    RuleAction, Vm, VmRole,
};
use serde_json::Value;
use std::net::Ipv4Addr;

const NIC: &str = "microsoft.network/networkinterfaces";
const VM: &str = "microsoft.compute/virtualmachines";
const PUBLIC_IP: &str = "microsoft.network/publicipaddresses";
const AZURE_DNS: Ipv4Addr = Ipv4Addr::new(168, 63, 129, 16);

/// The address of the public IP a reference names (the resource is marked read).
pub(super) fn public_ip(cx: &mut Context<'_>, reference: Option<&Value>, path: &str) -> Option<Ipv4Addr> {
    let reference = reference?;
    let Some(r) = cx.resource(reference) else {
        cx.skip_part(path, PUBLIC_IP, "the public IP is not in the input: its address is unknown");
        return None;
    };
    cx.consume(r);
    let ip = str_ci(&r.props, "ipAddress").and_then(|s| s.parse().ok());
    if ip.is_none() {
        cx.skip_part(r.shown_id(), PUBLIC_IP, "no ipAddress given (not allocated yet?)");
    }
    ip
}

pub(super) fn read(cx: &mut Context<'_>) {
    /// A NIC with whether it is its VM's primary one.
    type Owned = Vec<(bool, Nic)>;
    let mut vms: Vec<(&Resource, Owned)> = Vec::new();
    let vm_resources = cx.of_kind(VM);
    let mut vm_index = std::collections::HashMap::new();
    // NIC (lowercase id, or `name:` key) → the VM whose networkProfile lists it.
    let mut listed: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for (i, r) in vm_resources.iter().enumerate() {
        vm_index.insert(r.key.clone(), i);
        for nic in listed_nics(r) {
            listed.entry(nic).or_insert(i);
        }
        vms.push((r, Vec::new()));
    }
    let mut orphans: Vec<(String, String, bool, Nic)> = Vec::new();
    for r in cx.of_kind(NIC) {
        if get_ci(&r.props, "privateEndpoint").is_some_and(|v| !v.is_null()) {
            // Read with its endpoint (`dns::endpoints`); reported at the end if no endpoint took it.
            continue;
        }
        let Some((primary, nic)) = read_nic(cx, r) else { continue };
        cx.imported(r, ElementKind::Nic, nic.id.clone());
        let owner = get_ci(&r.props, "virtualMachine").and_then(super::context::ref_id).map(str::to_string);
        let by_owner = owner.as_ref().and_then(|o| cx.resource_by_id(o)).and_then(|v| vm_index.get(&v.key).copied());
        let by_name = || listed.get(&format!("name:{NIC}/{}", r.name.to_ascii_lowercase()));
        let by_vm_list = listed.get(&r.key).or_else(by_name).copied();
        match by_owner.or(by_vm_list).and_then(|i| vms.get_mut(i)) {
            Some(slot) => slot.1.push((primary, nic)),
            None => {
                let name = owner.as_deref().map(super::shape::name_of_id).unwrap_or(&r.name).to_string();
                orphans.push((owner.unwrap_or_else(|| format!("{}#virtualMachine", r.shown_id())), name, primary, nic));
            }
        }
    }
    for (vm, mut nics) in vms {
        if nics.is_empty() {
            cx.skip(vm, "none of its NICs is in the input (add `az network nic list` output)");
            continue;
        }
        nics.sort_by_key(|(primary, _)| !*primary);
        let id = cx.alloc(ElementKind::Vm);
        let nics = nics.into_iter().map(|(_, n)| n).collect();
        cx.design.vms.push(Vm { id: id.clone(), name: vm.name.clone(), nics, role: VmRole::Plain, meta: cx.meta(vm) });
        cx.imported(vm, ElementKind::Vm, id);
    }
    for (owner, name, _, nic) in orphans {
        cx.assume(&owner, format!("NIC '{}' has no VM in the input: a VM '{name}' is made for it", nic.name));
        let id = cx.alloc(ElementKind::Vm);
        let meta = crate::model::Meta { azure_id: owner.clone(), external: false, tags: Default::default() };
        cx.design.vms.push(Vm { id: id.clone(), name, nics: vec![nic], role: VmRole::Plain, meta });
        cx.imported_as(&owner, ElementKind::Vm, id);
    }
    assign_roles(cx);
}

/// The NICs a VM's `networkProfile.networkInterfaces` names: lowercase ids, and `name:` keys
/// for NICs of id-less input.
fn listed_nics(vm: &Resource) -> Vec<String> {
    let list = get_ci(&vm.props, "networkProfile").and_then(|n| get_ci(n, "networkInterfaces"));
    let mut out = Vec::new();
    for id in list.and_then(Value::as_array).into_iter().flatten().filter_map(super::context::ref_id) {
        out.push(id.to_ascii_lowercase());
        out.push(format!("name:{NIC}/{}", super::shape::name_of_id(id).to_ascii_lowercase()));
    }
    out
}

/// A NIC with whether it is its VM's primary one.
fn read_nic(cx: &mut Context<'_>, r: &Resource) -> Option<(bool, Nic)> {
    let p = &r.props;
    let at = |f: &str| format!("{}#{f}", r.shown_id());
    let configs: Vec<&Value> = get_ci(p, "ipConfigurations").and_then(Value::as_array).into_iter().flatten().collect();
    let mut primary_ip = None;
    let mut secondary = Vec::new();
    let mut subnet: Option<Id> = None;
    let mut public = None;
    let mut asgs: Vec<Id> = Vec::new();
    for (i, c) in configs.iter().enumerate() {
        let cp = props_of(c);
        let path = at(&format!("ipConfigurations[{i}]"));
        let Some(ip) = cx.ip(get_ci(cp, "privateIPAddress"), &format!("{path}.privateIPAddress")) else {
            cx.skip_part(&path, "ipConfiguration", "no private IPv4 address");
            continue;
        };
        let this_subnet = get_ci(cp, "subnet").and_then(|s| cx.element(s)).cloned();
        match (&subnet, this_subnet) {
            (_, None) => {
                cx.skip_part(&path, "ipConfiguration", "its subnet is not in the input");
                continue;
            }
            (None, Some(s)) => subnet = Some(s),
            (Some(a), Some(b)) if *a != b => {
                cx.skip_part(
                    &path,
                    "ipConfiguration",
                    "in another subnet than the NIC's first configuration; the model holds one subnet per NIC",
                );
                continue;
            }
            _ => {}
        }
        let is_primary = get_ci(cp, "primary").and_then(Value::as_bool).unwrap_or(i == 0);
        if is_primary && primary_ip.is_none() {
            primary_ip = Some(ip);
        } else {
            secondary.push(ip);
        }
        if public.is_none() {
            public = public_ip(cx, get_ci(cp, "publicIPAddress"), &format!("{path}.publicIPAddress"));
        }
        for g in get_ci(cp, "applicationSecurityGroups").and_then(Value::as_array).into_iter().flatten() {
            // An ASG outside the input becomes a placeholder, so the membership is kept.
            asgs.extend(super::security::asg_id(cx, g));
        }
    }
    let (Some(subnet), Some(ip)) =
        (subnet, primary_ip.or_else(|| (!secondary.is_empty()).then(|| secondary.remove(0))))
    else {
        cx.skip(r, "no IP configuration with a private IPv4 address in a subnet of the input");
        return None;
    };
    let forwarding = get_ci(p, "enableIPForwarding").and_then(Value::as_bool).unwrap_or(false);
    let dns_servers = get_ci(p, "dnsSettings")
        .and_then(|d| get_ci(d, "dnsServers"))
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|v| v.as_str().and_then(|s| s.trim().parse().ok()))
        .collect();
    let nsg = super::security::nsg_ref(cx, get_ci(p, "networkSecurityGroup"));
    let id = cx.alloc(ElementKind::Nic);
    for g in &asgs {
        if let Some(asg) = cx.design.asgs.iter_mut().find(|a| &a.id == g) {
            asg.nics.push(id.clone());
        }
    }
    let primary = get_ci(p, "primary").and_then(Value::as_bool).unwrap_or(false);
    let nic = Nic {
        id,
        name: r.name.clone(),
        subnet,
        ip,
        secondary_ips: secondary,
        ip_forwarding: forwarding,
        dns_servers,
        nsg,
        public_ip: public,
        tags: r.tags.clone(),
        meta: cx.meta(r),
    };
    Some((primary, nic))
}

/// NVA for IP forwarding, DNS server for a VNet's custom DNS address (reported as assumptions).
fn assign_roles(cx: &mut Context<'_>) {
    let dns: Vec<Ipv4Addr> = cx.design.vnets.iter().flat_map(|v| v.dns_servers.iter().copied()).collect();
    let mut notes = Vec::new();
    for vm in &mut cx.design.vms {
        if vm.nics.iter().any(|n| n.ip_forwarding) {
            vm.role = VmRole::Nva(NvaConfig {
                rules: vec![NvaRule {
                    name: "allow-all (assumed at import)".into(),
                    action: RuleAction::Allow,
                    protocol: Protocol::Any,
                    source: AddressMatch::Any,
                    destination: AddressMatch::Any,
                    ports: PortRange::ANY,
                }],
                stateful: false,
                snat: NvaSnat::Off,
            });
            notes.push((vm.name.clone(), "a NIC with IP forwarding: an NVA that forwards and allows everything (stateless, no SNAT) until you give it rules (F-20)"));
        } else if vm.nics.iter().any(|n| n.ips().any(|ip| dns.contains(&ip))) {
            vm.role = VmRole::DnsServer(DnsServerConfig {
                forward_all_to: vec![DnsTarget::new(AZURE_DNS)],
                ..Default::default()
            });
            notes.push((vm.name.clone(), "its address is a VNet's custom DNS server: a DNS server forwarding everything to Azure DNS, 168.63.129.16 (D-3)"));
        }
    }
    for (name, text) in notes {
        cx.assume(name, text);
    }
}
