//! The design the watcher's unit tests ask about: a spoke peered with a hub whose VPN gateway
//! learns a branch's prefix (gateway transit, P-6); in the spoke, `snet-web` has a subnet NSG and
//! a route table with one UDR, and `vm-web`'s NIC has an NSG of its own; `vm-client` sits in a
//! subnet without any NSG; `vm-duo` has two NICs, the second with a secondary IP configuration.

use crate::build::{nsg_rule, udr, DesignBuilder};
use crate::model::*;

pub fn design() -> Design {
    let mut b = DesignBuilder::new("watcher");
    let hub = b.vnet("vnet-hub", "westeurope", &["10.0.0.0/16"]);
    let spoke = b.vnet("vnet-spoke", "westeurope", &["10.1.0.0/16"]);
    let gw_subnet = b.subnet(&hub, "GatewaySubnet", "10.0.255.0/27");
    let web = b.subnet(&spoke, "snet-web", "10.1.1.0/24");
    let client = b.subnet(&spoke, "snet-client", "10.1.2.0/24");
    let gw = b.gateway("vpngw", &gw_subnet, GatewayKind::Vpn, "VpnGw1", &["10.0.255.4"]);
    let branch = b.site("branch", &["192.168.10.0/24"]);
    b.connect_site(&gw, &branch, &["192.168.10.0/24"]);
    b.peer_spoke(&hub, &spoke, true);
    b.route_table(
        "rt-web",
        false,
        &[udr("to-shared", "172.16.5.0/24", NextHopType::VirtualAppliance, Some("10.0.1.4"))],
        &[&web],
    );
    use Access::*;
    use Direction::*;
    b.nsg(
        "nsg-web-subnet",
        vec![
            r("allow-ssh-from-vnet", 100, Inbound, Allow, Protocol::Tcp, "VirtualNetwork", "*", "22"),
            r("allow-lb-probe", 200, Inbound, Allow, Protocol::Tcp, "AzureLoadBalancer", "*", "80"),
            r("allow-https-internet", 300, Inbound, Allow, Protocol::Tcp, "Internet", "*", "443"),
            r("allow-ping", 400, Inbound, Allow, Protocol::Icmp, "10.1.2.0/24", "*", "*"),
            r("deny-azure-dns", 100, Outbound, Deny, Protocol::Udp, "*", "AzurePlatformDNS", "53"),
        ],
        &[&web],
    );
    let nic_nsg = b.nsg(
        "nsg-web-nic",
        vec![
            r("allow-web", 200, Inbound, Allow, Protocol::Tcp, "*", "*", "443"),
            r("deny-ssh-from-client", 100, Inbound, Deny, Protocol::Tcp, "10.1.2.0/24", "*", "22"),
        ],
        &[],
    );
    let (vm_web, _) = b.vm("vm-web", &web, "10.1.1.4");
    b.with_vm(&vm_web, |vm| vm.nics[0].nsg = Some(nic_nsg));
    b.vm("vm-client", &client, "10.1.2.4");
    let (duo, _) = b.vm("vm-duo", &client, "10.1.2.5");
    b.with_vm(&duo, |vm| {
        let mut second = vm.nics[0].clone();
        second.id = crate::Id::new("nic-duo-2");
        second.name = "vm-duo-nic2".into();
        second.ip = std::net::Ipv4Addr::new(10, 1, 2, 6);
        second.secondary_ips = vec![std::net::Ipv4Addr::new(10, 1, 2, 7)];
        vm.nics.push(second);
    });
    b.build().expect("the watcher test design builds")
}

/// `build::nsg_rule`, unwrapped: the rules above are all valid.
#[allow(clippy::too_many_arguments)]
fn r(
    name: &str,
    prio: u16,
    dir: Direction,
    access: Access,
    proto: Protocol,
    src: &str,
    dst: &str,
    ports: &str,
) -> NsgRule {
    nsg_rule(name, prio, dir, access, proto, src, dst, ports).expect("a valid rule")
}
