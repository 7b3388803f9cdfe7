//! Gallery 9: route summarization for private endpoints (AZURE.md E-7..E-9, L-1).

use super::common::{dns_proxy, firewall, to_fw, Built};
use crate::build::{net_rule, DesignBuilder};
use crate::model::*;

const REGION: &str = "eastus";

/// Six private endpoints in `snet-pe`, whose `privateEndpointNetworkPolicies` is
/// `RouteTableEnabled`: one UDR for the spoke's range (`10.1.0.0/16 → firewall`) in the client
/// subnet invalidates all six /32 InterfaceEndpoint routes there (E-9), where the older method
/// needed one /32 UDR per endpoint (E-8) and runs into the 400-route limit (L-1). The firewall
/// always SNATs (`snat.privateRanges = 255.255.255.255/32`) so the replies come back through it.
pub fn summarization() -> Built {
    let mut b = DesignBuilder::new("Route summarization for private endpoints");
    let hub = b.vnet("vnet-hub", REGION, &["10.0.0.0/16"]);
    let spoke = b.vnet("vnet-spoke", REGION, &["10.1.0.0/16"]);
    let fw = firewall(&mut b, &hub);
    let workload = b.subnet(&spoke, "snet-workload", "10.1.1.0/24");
    let pe_subnet = b.subnet(&spoke, "snet-pe", "10.1.2.0/24");
    b.with_subnet(&pe_subnet, |s| s.private_endpoint_network_policies = PeNetworkPolicies::RouteTableEnabled);
    let (_, nic) = b.vm("vm-app", &workload, "10.1.1.4");
    b.route_table("rt-spoke-workload", true, &[to_fw("spoke-to-afw", "10.1.0.0/16")], &[&workload]);
    b.peer_spoke(&hub, &spoke, false);
    dns_proxy(&mut b, &fw, &[&spoke]);

    let storage = b.paas("stcontoso", "storage", REGION, "198.18.0.20");
    let vault = b.paas("kv-contoso", "keyvault", REGION, "198.18.32.20");
    let sql = b.paas("sql-contoso", "sql", REGION, "198.18.16.20");
    let endpoints = [
        ("pe-stcontoso-blob", &storage, "blob", "privatelink.blob.core.windows.net"),
        ("pe-stcontoso-file", &storage, "file", "privatelink.file.core.windows.net"),
        ("pe-stcontoso-queue", &storage, "queue", "privatelink.queue.core.windows.net"),
        ("pe-stcontoso-table", &storage, "table", "privatelink.table.core.windows.net"),
        ("pe-kv-contoso-vault", &vault, "vault", "privatelink.vaultcore.azure.net"),
        ("pe-sql-contoso-sqlserver", &sql, "sqlServer", "privatelink.database.windows.net"),
    ];
    for (i, (name, target, sub_resource, zone_name)) in endpoints.into_iter().enumerate() {
        let pe = b.private_endpoint(name, &pe_subnet, &format!("10.1.2.{}", 4 + i), target, sub_resource);
        let zone = b.zone(zone_name);
        b.link_zone(&zone, &hub);
        b.zone_group(&pe, &zone);
    }

    let clients = ["10.1.1.0/24"];
    let pes = ["10.1.2.0/24"];
    let rules = [
        net_rule("https-to-pe", &[Protocol::Tcp], &clients, &pes, &["443"]),
        net_rule("sql-to-pe", &[Protocol::Tcp], &clients, &pes, &["1433"]),
        net_rule("icmp-to-pe", &[Protocol::Icmp], &clients, &pes, &["*"]),
    ];
    b.network_rules(&fw, ("rcg-private-endpoints", 200), ("allow-to-pe", 200), FirewallAction::Allow, &rules);
    b.snat_private_ranges(&fw, &["255.255.255.255/32"]);

    b.ask_trace("vm-app → pe-stcontoso-blob: HTTPS (TCP 443)", &nic, "10.1.2.4", Protocol::Tcp, 443);
    b.ask_trace("vm-app → pe-stcontoso-blob: ping (ICMP)", &nic, "10.1.2.4", Protocol::Icmp, 0);
    b.ask_trace("vm-app → pe-sql-contoso-sqlserver: SQL (TCP 1433)", &nic, "10.1.2.9", Protocol::Tcp, 1433);
    b.build()
}
