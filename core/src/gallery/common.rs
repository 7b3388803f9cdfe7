//! Pieces several gallery designs share: the hub firewall, a blob private endpoint with its zone,
//! and the usual saved traces. Addresses follow one plan across the gallery: hubs are
//! `10.0.0.0/16` with AzureFirewallSubnet `10.0.1.0/26` (firewall at `10.0.1.4`) and GatewaySubnet
//! `10.0.255.0/27`; spokes are `10.1.0.0/16`, `10.2.0.0/16`…; on-premises is `192.168.0.0/16`.

use crate::build::{udr, BuildError, DesignBuilder, Udr};
use crate::id::Id;
use crate::model::*;

/// The hub firewall's frontend private IP, the next hop of every UDR to it.
pub(super) const FW_IP: &str = "10.0.1.4";

/// A UDR sending `prefix` to the firewall.
pub(super) fn to_fw<'a>(name: &'a str, prefix: &'a str) -> Udr<'a> {
    udr(name, prefix, NextHopType::VirtualAppliance, Some(FW_IP))
}

/// AzureFirewallSubnet `10.0.1.0/26` in `vnet` (which must hold 10.0.1.0/26) and a Standard
/// Azure Firewall `afw-hub` at [`FW_IP`], without rules.
pub(super) fn firewall(b: &mut DesignBuilder, vnet: &Id) -> Id {
    let subnet = b.subnet(vnet, "AzureFirewallSubnet", "10.0.1.0/26");
    b.firewall("afw-hub", &subnet, FW_IP)
}

/// Turns the firewall's DNS proxy on and makes it the DNS server of `vnets` (F-1, D-4): clients
/// then resolve in the hub's context, where the privatelink zones are linked, and the firewall's
/// own lookups for application rules agree with theirs (F-10).
pub(super) fn dns_proxy(b: &mut DesignBuilder, fw: &Id, vnets: &[&Id]) {
    b.with_firewall(fw, |f| f.dns_proxy = true);
    for v in vnets {
        b.vnet_dns_servers(v, &[FW_IP]);
    }
}

/// GatewaySubnet `10.0.255.0/27` in the hub and a zone-redundant gateway at `.4` and `.5`
/// (active-active), connected to `site`, learning `learned`. Returns (gateway, GatewaySubnet).
pub(super) fn gateway(b: &mut DesignBuilder, hub: &Id, kind: GatewayKind, site: &Id, learned: &[&str]) -> (Id, Id) {
    let subnet = b.subnet(hub, "GatewaySubnet", "10.0.255.0/27");
    let (name, sku) = match kind {
        GatewayKind::Vpn => ("vpngw-hub", "VpnGw1AZ"),
        GatewayKind::ExpressRoute => ("ergw-hub", "ErGw1AZ"),
    };
    let gw = b.gateway(name, &subnet, kind, sku, &["10.0.255.4", "10.0.255.5"]);
    b.connect_site(&gw, site, learned);
    (gw, subnet)
}

/// The storage account every blob design uses.
pub(super) const ACCOUNT: &str = "stcontoso";
/// Its public name: what clients ask for (D-11).
pub(super) const BLOB_FQDN: &str = "stcontoso.blob.core.windows.net";
/// Its private endpoint's name.
pub(super) const BLOB_PE: &str = "pe-stcontoso-blob";

/// Storage account [`ACCOUNT`] (public IP `198.18.0.20`, synthetic), private endpoint
/// [`BLOB_PE`] for its blob service at `ip` in `subnet`, and zone
/// `privatelink.blob.core.windows.net` linked to `linked`, into which the endpoint's zone group
/// writes the A record. Returns (account, endpoint, zone).
pub(super) fn blob_endpoint(
    b: &mut DesignBuilder,
    region: &str,
    subnet: &Id,
    ip: &str,
    linked: &[&Id],
) -> (Id, Id, Id) {
    let storage = b.paas(ACCOUNT, "storage", region, "198.18.0.20");
    let pe = b.private_endpoint(BLOB_PE, subnet, ip, &storage, "blob");
    let zone = b.zone("privatelink.blob.core.windows.net");
    for v in linked {
        b.link_zone(&zone, v);
    }
    b.zone_group(&pe, &zone);
    (storage, pe, zone)
}

/// Saved traces from `from` (a NIC or on-premises host called `who`) to the endpoint at `ip`:
/// HTTPS (TCP 443) and ping (ICMP), which the E-5 setting routes differently.
pub(super) fn https_and_ping(b: &mut DesignBuilder, who: &str, from: &Id, ip: &str) {
    b.ask_trace(&format!("{who} → {BLOB_PE}: HTTPS (TCP 443)"), from, ip, Protocol::Tcp, 443);
    b.ask_trace(&format!("{who} → {BLOB_PE}: ping (ICMP)"), from, ip, Protocol::Icmp, 0);
}

/// A saved "connect" by name from `from`: DNS, then the flow with the name as its host name
/// (what an application rule matches, DECISIONS 6).
pub(super) fn connect_blob(b: &mut DesignBuilder, who: &str, from: &Id) {
    let title = format!("{who} → https://{BLOB_FQDN}");
    b.ask(&title, Ask::Connect { from: from.clone(), target: format!("https://{BLOB_FQDN}") });
}

/// What a gallery design function returns.
pub(super) type Built = Result<Design, BuildError>;
