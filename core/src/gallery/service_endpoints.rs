//! Gallery 6: service endpoint vs private endpoint for one storage account (AZURE.md E-20..E-25
//! against E-1..E-4), and what each costs (C-8, C-20, C-22).

use super::common::{blob_endpoint, Built, BLOB_PE};
use crate::build::DesignBuilder;
use crate::model::*;
use std::net::Ipv4Addr;

/// Canada Central, as in the seed blog's cost figure (C-22).
const REGION: &str = "canadacentral";
/// 100 TB a month in each direction, with 1 TB = 1,024 GB (the default TB convention): 102,400 GB.
const GB_100_TB: u64 = 100 * 1024;

/// `vnet-app` holds the client subnet `snet-app` with a `Microsoft.Storage` service endpoint,
/// the private endpoint's subnet and a VPN gateway to the office; `vnet-peer` is peered with it
/// (using its gateway). Storage account `stcontoso` denies by default and allows `snet-app`
/// through its service endpoint (E-22), so:
///
/// - from `snet-app`, the public IP is reached through the service endpoint with the VM's private
///   address as source, and allowed; the private endpoint works too;
/// - from `vnet-peer`, the public path has no service endpoint (E-24) and arrives from a public
///   address: denied; the private endpoint works over the peering;
/// - from on-premises, the public path leaves through the office NAT address `203.0.113.10`:
///   denied; the private endpoint works over the VPN (E-4).
///
/// Traffic assumptions for the cost panel: 100 TB in and 100 TB out a month from `vm-app`
/// through the private endpoint (≈ $2,055 with the endpoint hour, C-22), and the same through the
/// service endpoint (free, C-8).
pub fn service_vs_private_endpoint() -> Built {
    let mut b = DesignBuilder::new("Service endpoint vs private endpoint");
    let app = b.vnet("vnet-app", REGION, &["10.1.0.0/16"]);
    let peer = b.vnet("vnet-peer", REGION, &["10.2.0.0/16"]);
    let app_subnet = b.subnet(&app, "snet-app", "10.1.1.0/24");
    b.service_endpoint(&app_subnet, "Microsoft.Storage");
    let pe_subnet = b.subnet(&app, "snet-pe", "10.1.2.0/24");
    let gw_subnet = b.subnet(&app, "GatewaySubnet", "10.1.255.0/27");
    let peer_subnet = b.subnet(&peer, "snet-workload", "10.2.1.0/24");
    let (vm_app, nic_app) = b.vm("vm-app", &app_subnet, "10.1.1.4");
    let (_, nic_peer) = b.vm("vm-peer", &peer_subnet, "10.2.1.4");

    let site = b.site("onprem-office", &["192.168.0.0/16"]);
    b.with_site(&site, |s| s.internet_nat_ip = Some(Ipv4Addr::new(203, 0, 113, 10)));
    let client = b.host(&site, "onprem-client", "192.168.10.10");
    let gw = b.gateway("vpngw-app", &gw_subnet, GatewayKind::Vpn, "VpnGw1AZ", &["10.1.255.4", "10.1.255.5"]);
    b.connect_site(&gw, &site, &["192.168.0.0/16"]);
    b.peer_spoke(&app, &peer, true);

    let (storage, pe, _) = blob_endpoint(&mut b, REGION, &pe_subnet, "10.1.2.4", &[&app, &peer]);
    let allowed = app_subnet.clone();
    b.with_paas(&storage, |s| {
        s.default_action = ServiceFirewallAction::Deny;
        s.allowed_subnets = vec![allowed];
    });

    b.traffic(&vm_app, &pe, GB_100_TB, GB_100_TB);
    b.traffic(&vm_app, &storage, GB_100_TB, GB_100_TB);

    let public = "198.18.0.20";
    for (who, from) in [("vm-app", &nic_app), ("vm-peer", &nic_peer), ("onprem-client", &client)] {
        b.ask_trace(&format!("{who} → stcontoso public endpoint: HTTPS"), from, public, Protocol::Tcp, 443);
        b.ask_trace(&format!("{who} → {BLOB_PE}: HTTPS"), from, "10.1.2.4", Protocol::Tcp, 443);
    }
    b.build()
}
