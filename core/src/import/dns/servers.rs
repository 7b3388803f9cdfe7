//! VMs that serve DNS named by a NIC's own DNS servers (`dnsSettings.dnsServers`, which override
//! the VNet's, D-3); the VNets' custom DNS servers are read with the VMs (`compute`). Azure's
//! JSON does not say what such a server does; the common hub pattern (D-4) is a forwarder to
//! Azure DNS, so it is assumed, and reported, that it forwards every query to 168.63.129.16 until
//! the user gives it conditional forwarders. An NVA named as a DNS server is reported.

use super::super::Context;
use crate::dns::AZURE_DNS;
use crate::model::{DnsServerConfig, DnsTarget, VmRole};
use std::net::Ipv4Addr;

pub(super) fn read(cx: &mut Context<'_>) {
    let mut servers: Vec<(Ipv4Addr, String)> = Vec::new();
    let vnet_servers: Vec<Ipv4Addr> = cx.design.vnets.iter().flat_map(|v| v.dns_servers.iter().copied()).collect();
    servers.extend(vnet_servers.iter().map(|ip| (*ip, "a VNet".to_string())));
    for (vm, nic) in cx.design.nics() {
        servers.extend(nic.dns_servers.iter().map(|ip| (*ip, format!("NIC '{}' of VM '{}'", nic.name, vm.name))));
    }
    // One answer per address: a landing zone's spokes all name the hub's server (1,000 VNets,
    // one address), and each address is looked up among every NIC.
    let mut seen = std::collections::HashSet::new();
    servers.retain(|(ip, _)| seen.insert(*ip));
    for (ip, named_by) in servers {
        let Some(vi) = cx.design.vms.iter().position(|vm| vm.nics.iter().any(|n| n.has_ip(ip))) else { continue };
        let Some(vm) = cx.design.vms.get_mut(vi) else { continue };
        let subject = if vm.meta.azure_id.is_empty() { vm.name.clone() } else { vm.meta.azure_id.clone() };
        match vm.role {
            VmRole::Plain if !vnet_servers.contains(&ip) => {
                vm.role = VmRole::DnsServer(DnsServerConfig {
                    forward_all_to: vec![DnsTarget::new(AZURE_DNS)],
                    ..DnsServerConfig::default()
                });
                let text = format!(
                    "{ip} is a custom DNS server of {named_by}: VM '{}' is assumed to be a DNS server forwarding every query to 168.63.129.16 (D-3, D-4); give it its conditional forwarders",
                    vm.name
                );
                cx.assume(subject, text);
            }
            VmRole::Nva(_) => {
                let text = format!("{ip} is a custom DNS server of {named_by}, but VM '{}' was imported as an NVA: it answers no DNS until given a DNS server role", vm.name);
                cx.assume(subject, text);
            }
            VmRole::Plain | VmRole::DnsServer(_) => {}
        }
    }
}
