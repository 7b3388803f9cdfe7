//! Gallery 2–5: Microsoft's four patterns for inspecting private endpoint traffic with Azure
//! Firewall (AZURE.md E-13..E-16, "inspect-traffic-with-azure-firewall"), each twice:
//!
//! - **without SNAT**: network rules only, `snat.privateRanges` left at `IANAPrivateRanges`, so
//!   the firewall keeps the client's address (F-6) and the endpoint's reply, which ignores UDRs
//!   (E-11), finds its own way back: no route at all (pattern 1), or a path that skips the
//!   firewall (patterns 2–4, "at risk", DECISIONS 1);
//! - **with SNAT**: an application rule for the storage FQDN (always SNATed, F-8; patterns 1
//!   and 2) or `snat.privateRanges = 255.255.255.255/32` (always SNAT network rules, F-7;
//!   patterns 3 and 4), so the reply is addressed to the firewall and comes back through it.
//!
//! Every design targets the blob endpoint of storage account `stcontoso` and saves the traces
//! that show the difference (ping is routed by the UDR too, E-5).

use super::common::{
    blob_endpoint, connect_blob, dns_proxy, firewall, gateway, https_and_ping, to_fw, Built, ACCOUNT, BLOB_FQDN,
    BLOB_PE,
};
use crate::build::{app_rule, at, net_rule, DesignBuilder, HTTPS};
use crate::id::Id;
use crate::model::*;

const REGION: &str = "eastus";
const RULES: (&str, u32) = ("rcg-private-endpoints", 200);

/// How the firewall treats the flows to the endpoint.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Snat {
    /// Network rules only, default private ranges: no SNAT.
    Off,
    /// An application rule for the storage FQDN (HTTPS), network rule for ICMP.
    AppRule,
    /// Network rules with `snat.privateRanges = 255.255.255.255/32`: always SNAT.
    AlwaysPrivateRanges,
}

/// E-13 (scenario 1), no SNAT: the endpoint's VNet is not peered with the client's spoke, so
/// the unSNATed reply has no route back.
pub fn dedicated_vnet() -> Built {
    dedicated_vnet_with("Firewall inspection 1: dedicated private endpoint VNet (no SNAT)", Snat::Off)
}

/// E-13 with an application rule: the reply goes to the firewall's SNAT address in the hub.
pub fn dedicated_vnet_snat() -> Built {
    dedicated_vnet_with(
        "Firewall inspection 1: dedicated private endpoint VNet (SNAT, application rule)",
        Snat::AppRule,
    )
}

/// E-14 (scenario 2), no SNAT: the reply returns to the client over VnetLocal, skipping the firewall.
pub fn same_spoke() -> Built {
    same_spoke_with("Firewall inspection 2: private endpoint in the client's spoke (no SNAT)", Snat::Off)
}

/// E-14 with an application rule.
pub fn same_spoke_snat() -> Built {
    same_spoke_with(
        "Firewall inspection 2: private endpoint in the client's spoke (SNAT, application rule)",
        Snat::AppRule,
    )
}

/// E-15 (scenario 3), no SNAT.
pub fn single_vnet() -> Built {
    single_vnet_with("Firewall inspection 3: single VNet (no SNAT)", Snat::Off)
}

/// E-15 with network rules that always SNAT.
pub fn single_vnet_snat() -> Built {
    single_vnet_with(
        "Firewall inspection 3: single VNet (SNAT, private ranges 255.255.255.255/32)",
        Snat::AlwaysPrivateRanges,
    )
}

/// E-16 (scenario 4), no SNAT: the spoke learns the on-premises prefix from the gateway, so the
/// endpoint replies straight to the gateway.
pub fn on_premises() -> Built {
    on_premises_with("Firewall inspection 4: on-premises over ExpressRoute (no SNAT)", Snat::Off)
}

/// E-16 with network rules that always SNAT.
pub fn on_premises_snat() -> Built {
    on_premises_with(
        "Firewall inspection 4: on-premises over ExpressRoute (SNAT, private ranges 255.255.255.255/32)",
        Snat::AlwaysPrivateRanges,
    )
}

/// Hub with the firewall (DNS proxy); client spoke `vnet-spoke-app` whose workload subnet sends
/// the endpoint VNet's range to the firewall (one summary route: no /32 exists there); endpoint
/// spoke `vnet-spoke-pe`, peered with the hub only.
fn dedicated_vnet_with(name: &str, snat: Snat) -> Built {
    let mut b = DesignBuilder::new(name);
    let hub = b.vnet("vnet-hub", REGION, &["10.0.0.0/16"]);
    let app = b.vnet("vnet-spoke-app", REGION, &["10.1.0.0/16"]);
    let pes = b.vnet("vnet-spoke-pe", REGION, &["10.2.0.0/16"]);
    let fw = firewall(&mut b, &hub);
    let workload = b.subnet(&app, "snet-workload", "10.1.1.0/24");
    let pe_subnet = b.subnet(&pes, "snet-pe", "10.2.1.0/24");
    let (_, nic) = b.vm("vm-app", &workload, "10.1.1.4");
    b.route_table("rt-spoke-app", false, &[to_fw("pe-vnet-to-afw", "10.2.0.0/16")], &[&workload]);
    b.peer_spoke(&hub, &app, false);
    b.peer_spoke(&hub, &pes, false);
    let (storage, _, _) = blob_endpoint(&mut b, REGION, &pe_subnet, "10.2.1.4", &[&hub]);
    dns_proxy(&mut b, &fw, &[&app]);
    rules(&mut b, &fw, "10.1.0.0/16", "10.2.1.4", snat);
    questions(&mut b, "vm-app", &nic, "10.2.1.4", snat);
    intents(&mut b, "vm-app", &nic, (&storage, &fw));
    b.build()
}

/// Hub with the firewall (DNS proxy); one spoke holding the client and the endpoint, with a /32
/// UDR for the endpoint's IP (same prefix as its InterfaceEndpoint route: User wins, E-8).
fn same_spoke_with(name: &str, snat: Snat) -> Built {
    let mut b = DesignBuilder::new(name);
    let hub = b.vnet("vnet-hub", REGION, &["10.0.0.0/16"]);
    let spoke = b.vnet("vnet-spoke", REGION, &["10.1.0.0/16"]);
    let fw = firewall(&mut b, &hub);
    let workload = b.subnet(&spoke, "snet-workload", "10.1.1.0/24");
    let pe_subnet = b.subnet(&spoke, "snet-pe", "10.1.2.0/24");
    let (_, nic) = b.vm("vm-app", &workload, "10.1.1.4");
    b.route_table("rt-spoke-workload", false, &[to_fw("pe-stcontoso-blob-to-afw", "10.1.2.4/32")], &[&workload]);
    b.peer_spoke(&hub, &spoke, false);
    let (storage, _, _) = blob_endpoint(&mut b, REGION, &pe_subnet, "10.1.2.4", &[&hub]);
    dns_proxy(&mut b, &fw, &[&spoke]);
    rules(&mut b, &fw, "10.1.1.0/24", "10.1.2.4", snat);
    questions(&mut b, "vm-app", &nic, "10.1.2.4", snat);
    intents(&mut b, "vm-app", &nic, (&storage, &fw));
    b.build()
}

/// One VNet, no hub: the firewall, the client subnet (with a /32 UDR for the endpoint) and the
/// endpoint subnet; the zone is linked to the VNet itself.
fn single_vnet_with(name: &str, snat: Snat) -> Built {
    let mut b = DesignBuilder::new(name);
    let vnet = b.vnet("vnet-app", REGION, &["10.0.0.0/16"]);
    let fw = firewall(&mut b, &vnet);
    let workload = b.subnet(&vnet, "snet-workload", "10.0.2.0/24");
    let pe_subnet = b.subnet(&vnet, "snet-pe", "10.0.3.0/24");
    let (_, nic) = b.vm("vm-app", &workload, "10.0.2.4");
    b.route_table("rt-workload", false, &[to_fw("pe-stcontoso-blob-to-afw", "10.0.3.4/32")], &[&workload]);
    let (storage, _, _) = blob_endpoint(&mut b, REGION, &pe_subnet, "10.0.3.4", &[&vnet]);
    rules(&mut b, &fw, "10.0.2.0/24", "10.0.3.4", snat);
    questions(&mut b, "vm-app", &nic, "10.0.3.4", snat);
    intents(&mut b, "vm-app", &nic, (&storage, &fw));
    b.build()
}

/// On-premises (`192.168.0.0/16`) over ExpressRoute to a hub whose GatewaySubnet route table
/// sends the endpoint's /32 to the firewall; the endpoint is in a spoke that uses the hub's
/// gateway. On-premises DNS forwards the public blob zone to the firewall's DNS proxy (D-13).
fn on_premises_with(name: &str, snat: Snat) -> Built {
    let mut b = DesignBuilder::new(name);
    let hub = b.vnet("vnet-hub", REGION, &["10.0.0.0/16"]);
    let spoke = b.vnet("vnet-spoke-pe", REGION, &["10.1.0.0/16"]);
    let fw = firewall(&mut b, &hub);
    let site = b.site("onprem-dc", &["192.168.0.0/16"]);
    let client = b.host(&site, "onprem-client", "192.168.10.10");
    let dns = b.onprem_dns(&site, "dns-onprem", "192.168.10.53");
    b.conditional_forwarder(&dns, "blob.core.windows.net", &["10.0.1.4"]);
    b.host_dns(&client, "192.168.10.53");
    let (_, gw_subnet) = gateway(&mut b, &hub, GatewayKind::ExpressRoute, &site, &["192.168.0.0/16"]);
    let pe_subnet = b.subnet(&spoke, "snet-pe", "10.1.1.0/24");
    b.route_table("rt-gateway", false, &[to_fw("pe-stcontoso-blob-to-afw", "10.1.1.4/32")], &[&gw_subnet]);
    b.peer_spoke(&hub, &spoke, true);
    let (storage, _, _) = blob_endpoint(&mut b, REGION, &pe_subnet, "10.1.1.4", &[&hub]);
    dns_proxy(&mut b, &fw, &[]);
    rules(&mut b, &fw, "192.168.0.0/16", "10.1.1.4", snat);
    questions(&mut b, "onprem-client", &client, "10.1.1.4", snat);
    intents(&mut b, "onprem-client", &client, (&storage, &fw));
    b.build()
}

/// The firewall rules for `clients` → the endpoint at `pe_ip`, and the SNAT setting.
fn rules(b: &mut DesignBuilder, fw: &Id, clients: &str, pe_ip: &str, snat: Snat) {
    let (allow, src, dst) = (FirewallAction::Allow, [clients], [pe_ip]);
    let icmp = net_rule("icmp-to-pe", &[Protocol::Icmp], &src, &dst, &["*"]);
    if snat == Snat::AppRule {
        b.network_rules(fw, RULES, ("allow-icmp-to-pe", 200), allow, &[icmp]);
        let https = app_rule("https-to-stcontoso", &src, &[HTTPS], &[BLOB_FQDN]);
        b.application_rules(fw, RULES, ("allow-storage-fqdn", 300), allow, &[https]);
    } else {
        let https = net_rule("https-to-pe", &[Protocol::Tcp], &src, &dst, &["443"]);
        b.network_rules(fw, RULES, ("allow-to-pe", 200), allow, &[https, icmp]);
    }
    if snat == Snat::AlwaysPrivateRanges {
        b.snat_private_ranges(fw, &["255.255.255.255/32"]);
    }
}

/// HTTPS and ping to the endpoint; with an application rule, HTTPS by name (the rule matches the
/// host name, which a trace to a bare IP does not carry).
fn questions(b: &mut DesignBuilder, who: &str, from: &Id, pe_ip: &str, snat: Snat) {
    if snat == Snat::AppRule {
        connect_blob(b, who, from);
        b.ask_trace(&format!("{who} → {BLOB_PE}: ping (ICMP)"), from, pe_ip, Protocol::Icmp, 0);
    } else {
        https_and_ping(b, who, from, pe_ip);
    }
}

/// The promises each pattern is about (issue 21): the client reaches the storage account over
/// HTTPS, through the firewall both ways, and resolves its name to the private endpoint. Without
/// SNAT the first two fail as E-13..E-16 say; with SNAT they hold.
fn intents(b: &mut DesignBuilder, who: &str, from: &Id, (storage, fw): (&Id, &Id)) {
    b.intent_reach(&format!("{who} reaches {ACCOUNT} over HTTPS"), from, storage, 443);
    b.intent_through(&format!("{who} → {ACCOUNT} is inspected by afw-hub both ways"), at(from), at(storage), 443, fw);
    b.intent_private_name(&format!("{who} resolves {BLOB_FQDN} to its private endpoint"), from, BLOB_FQDN);
}
