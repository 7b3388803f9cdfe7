//! Gallery 11: asymmetric return through the hub firewall (AZURE.md F-12 b, R-28, P-7;
//! DECISIONS 2). The e2e test "an asymmetric scenario shows the drop at the firewall" uses it.

use super::common::{firewall, gateway, to_fw, Built};
use crate::build::{net_rule, DesignBuilder};
use crate::model::*;

const REGION: &str = "eastus";

/// The office (`192.168.0.0/16`) reaches `vm-web` in the spoke through the hub's VPN gateway; a
/// GatewaySubnet route table sends the spoke's range to the firewall, which allows on-premises →
/// spoke. The spoke's route table sends only `0.0.0.0/0` to the firewall and keeps gateway
/// propagation on, so the spoke learns `192.168.0.0/16` from the gateway (longer than /0, R-28)
/// and replies straight to the gateway. The firewall sees the SYN, never the SYN-ACK, and drops
/// the client's ACK. Fix: a spoke UDR for `192.168.0.0/16` → firewall, or propagation off.
pub fn asymmetric_return() -> Built {
    let mut b = DesignBuilder::new("Asymmetric return through the hub firewall");
    let hub = b.vnet("vnet-hub", REGION, &["10.0.0.0/16"]);
    let spoke = b.vnet("vnet-spoke", REGION, &["10.1.0.0/16"]);
    let fw = firewall(&mut b, &hub);
    let workload = b.subnet(&spoke, "snet-workload", "10.1.1.0/24");
    b.vm("vm-web", &workload, "10.1.1.4");

    let site = b.site("onprem-branch", &["192.168.0.0/16"]);
    let client = b.host(&site, "onprem-client", "192.168.10.10");
    let (_, gw_subnet) = gateway(&mut b, &hub, GatewayKind::Vpn, &site, &["192.168.0.0/16"]);
    b.route_table("rt-gateway", false, &[to_fw("spoke-to-afw", "10.1.0.0/16")], &[&gw_subnet]);
    b.route_table("rt-spoke-workload", false, &[to_fw("default-to-afw", "0.0.0.0/0")], &[&workload]);
    b.peer_spoke(&hub, &spoke, true);

    let (onprem, spoke_range) = (["192.168.0.0/16"], ["10.1.0.0/16"]);
    let rules = [
        net_rule("onprem-to-spoke-https", &[Protocol::Tcp], &onprem, &spoke_range, &["443"]),
        net_rule("onprem-to-spoke-icmp", &[Protocol::Icmp], &onprem, &spoke_range, &["*"]),
    ];
    b.network_rules(&fw, ("rcg-hybrid", 200), ("allow-onprem-to-spokes", 200), FirewallAction::Allow, &rules);

    b.ask_trace("onprem-client → vm-web: HTTPS (TCP 443)", &client, "10.1.1.4", Protocol::Tcp, 443);
    b.ask_trace("onprem-client → vm-web: ping (ICMP)", &client, "10.1.1.4", Protocol::Icmp, 0);
    b.build()
}
