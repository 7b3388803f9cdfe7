//! VMs that serve DNS: a VNet's custom DNS servers (`dhcpOptions.dnsServers`, D-3) or a NIC's,
//! when the address is a VM of the design. Azure's JSON does not say what such a server does; the
//! common hub pattern (D-4) is a forwarder to Azure DNS, so it is assumed, and reported, that it
//! forwards every query to 168.63.129.16 until the user gives it conditional forwarders.

use super::super::Context;
use crate::dns::AZURE_DNS;
use crate::model::{DnsServerConfig, DnsTarget, VmRole};
use std::net::Ipv4Addr;

pub(super) fn read(cx: &mut Context<'_>) {
    let mut servers: Vec<(Ipv4Addr, String)> = Vec::new();
    for v in &cx.design.vnets {
        servers.extend(v.dns_servers.iter().map(|ip| (*ip, format!("VNet '{}'", v.name))));
    }
    for (vm, nic) in cx.design.nics() {
        servers.extend(nic.dns_servers.iter().map(|ip| (*ip, format!("NIC '{}' of VM '{}'", nic.name, vm.name))));
    }
    for (ip, named_by) in servers {
        let Some(vi) = cx.design.vms.iter().position(|vm| vm.nics.iter().any(|n| n.has_ip(ip))) else { continue };
        let Some(vm) = cx.design.vms.get_mut(vi) else { continue };
        let subject = if vm.meta.azure_id.is_empty() { vm.name.clone() } else { vm.meta.azure_id.clone() };
        match vm.role {
            VmRole::Plain => {
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
            VmRole::DnsServer(_) => {}
        }
    }
}
