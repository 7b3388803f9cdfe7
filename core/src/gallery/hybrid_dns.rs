//! Gallery 8: hybrid DNS through a DNS Private Resolver (AZURE.md D-13, D-20..D-23), and the
//! wrong-zone pitfall: forwarding `privatelink.blob.core.windows.net` instead of the public zone.
//! Most recursive servers chase the privatelink CNAME with their own forwarders and still get the
//! private IP (D-13), so the pitfall design's server does not (`followCname: false`): the trap
//! bites servers that do not re-query, and cached public answers.

use super::common::{blob_endpoint, connect_blob, gateway, Built, BLOB_FQDN};
use crate::build::DesignBuilder;
use crate::model::*;

const REGION: &str = "westeurope";
/// The resolver's inbound endpoint: the on-premises forwarder's target and the spoke's DNS server.
const INBOUND_IP: &str = "10.0.10.4";

/// On-premises DNS forwards the public zone `blob.core.windows.net` to the resolver: the query
/// is resolved in the hub, where the privatelink zone is linked, and returns the private IP.
pub fn hybrid_dns() -> Built {
    with_forwarder("Hybrid DNS through a Private Resolver", "blob.core.windows.net")
}

/// On-premises DNS forwards only `privatelink.blob.core.windows.net` and does not follow CNAME
/// targets with its own forwarders: it resolves `stcontoso.blob.core.windows.net` publicly and
/// returns the public chain as received, ending in the public IP (D-13 Sim choice, setting off).
pub fn wrong_zone() -> Built {
    let mut d = with_forwarder(
        "Hybrid DNS: forwarding the privatelink zone (wrong zone)",
        "privatelink.blob.core.windows.net",
    )?;
    d.sites.iter_mut().flat_map(|s| &mut s.dns_servers).for_each(|s| s.follow_cname = false);
    d.description = WRONG_ZONE_STORY.into();
    Ok(d)
}

/// The wrong-zone design's story (PRODUCT.md, gallery 8).
const WRONG_ZONE_STORY: &str = "dns-onprem forwards privatelink.blob.core.windows.net to the resolver's \
inbound endpoint instead of blob.core.windows.net, as Microsoft advises (D-13). It resolves \
stcontoso.blob.core.windows.net on the internet and gets the public chain: CNAME to the privatelink \
name, CNAME to the storage cluster, the public IP. Most recursive servers (BIND, Windows DNS) would \
restart at the privatelink CNAME through their own forwarders and still reach the private endpoint; \
this one is set not to re-query CNAME targets (followCname off), like a server that takes the \
upstream's chain as it comes or still holds a cached public answer. That is when the pitfall bites: \
on-premises clients reach the storage account's public endpoint. Forward the public zone instead.";

/// Hub `vnet-hub`: VPN gateway to the office, a DNS private resolver with inbound and outbound
/// endpoints in delegated /28 subnets, a forwarding ruleset sending `corp.contoso.com` back to
/// the office DNS, and the privatelink zone linked. Spoke `vnet-spoke` (gateway transit) holds a
/// VM and the private endpoint and uses the inbound endpoint as its DNS server. The office DNS
/// server `dns-onprem` forwards `zone` to the inbound endpoint.
fn with_forwarder(name: &str, zone: &str) -> Built {
    let mut b = DesignBuilder::new(name);
    let hub = b.vnet("vnet-hub", REGION, &["10.0.0.0/16"]);
    let spoke = b.vnet("vnet-spoke", REGION, &["10.1.0.0/16"]);
    let inbound = b.subnet(&hub, "snet-dns-inbound", "10.0.10.0/28");
    let outbound = b.subnet(&hub, "snet-dns-outbound", "10.0.10.16/28");
    let workload = b.subnet(&spoke, "snet-workload", "10.1.1.0/24");
    let pe_subnet = b.subnet(&spoke, "snet-pe", "10.1.2.0/24");
    let (_, nic) = b.vm("vm-app", &workload, "10.1.1.4");

    let site = b.site("onprem-hq", &["192.168.0.0/16"]);
    let client = b.host(&site, "onprem-client", "192.168.10.10");
    let dns = b.onprem_dns(&site, "dns-onprem", "192.168.10.53");
    b.conditional_forwarder(&dns, zone, &[INBOUND_IP]);
    b.host_dns(&client, "192.168.10.53");
    gateway(&mut b, &hub, GatewayKind::Vpn, &site, &["192.168.0.0/16"]);
    b.peer_spoke(&hub, &spoke, true);

    let (_, out) = b.resolver("dnspr-hub", &hub, (&inbound, INBOUND_IP), &outbound);
    let ruleset = b.ruleset("dnsfrs-hub", &out, &[&hub]);
    b.forwarding_rule(&ruleset, "corp-contoso", "corp.contoso.com.", &["192.168.10.53"]);
    b.vnet_dns_servers(&spoke, &[INBOUND_IP]);
    blob_endpoint(&mut b, REGION, &pe_subnet, "10.1.2.4", &[&hub]);

    b.ask("onprem-client resolves the storage account", Ask::Resolve { from: client.clone(), name: BLOB_FQDN.into() });
    b.ask("vm-app resolves the storage account", Ask::Resolve { from: nic.clone(), name: BLOB_FQDN.into() });
    connect_blob(&mut b, "onprem-client", &client);
    b.build()
}
