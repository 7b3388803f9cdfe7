//! The gallery (PRODUCT.md): designs that ship with the studio. Each is also a scenario test.
//! Built with [`DesignBuilder`](crate::build::DesignBuilder) so they read like the prose that
//! describes them; one file per design or family, sharing the pieces in `common`.
//!
//! Architecture invariant: a gallery design is a pure function of nothing (deterministic ids and
//! names), builds without error and has no error-severity diagnostic (tested in `tests`).
//! Slugs are stable: they appear in URLs (`#gallery=<slug>`) and must never change.

mod asymmetric;
mod common;
mod firewall_patterns;
mod hybrid_dns;
mod landing_zone;
mod peering;
mod seed_lab;
mod service_endpoints;
mod summarization;
#[cfg(test)]
mod tests;

pub use landing_zone::{generated, MAX_SPOKES};
pub use seed_lab::{seed_lab, seed_lab_asked};

use crate::build::BuildError;
use crate::document::Document;
use crate::layout::Layout;
use crate::model::*;

/// A gallery entry: a stable slug (used in URLs: `#gallery=<slug>`), a title and one line.
#[derive(Clone, Copy, Debug)]
pub struct Entry {
    pub slug: &'static str,
    pub title: &'static str,
    pub description: &'static str,
    pub build: fn() -> Result<Design, BuildError>,
}

/// Every gallery design, in the order of PRODUCT.md ("The gallery", 1–11).
pub const ENTRIES: &[Entry] = &[
    Entry {
        slug: "seed-lab",
        title: "Private endpoint in a spoke (the seed lab)",
        description: "TCP to the private endpoint bypasses the hub firewall through its /32 route, while ICMP and UDP follow the UDR.",
        build: seed_lab_asked,
    },
    Entry {
        slug: "fw-pe-dedicated-vnet",
        title: "Firewall inspection 1: dedicated private endpoint VNet, no SNAT",
        description: "A spoke reaches a private endpoint in its own VNet through the hub firewall by one UDR for that VNet's range; network rules only (no SNAT), so the endpoint's reply has no route back.",
        build: firewall_patterns::dedicated_vnet,
    },
    Entry {
        slug: "fw-pe-dedicated-vnet-snat",
        title: "Firewall inspection 1: dedicated private endpoint VNet, with SNAT",
        description: "The same with an application rule for stcontoso.blob.core.windows.net: the firewall SNATs, so the endpoint replies to the hub and the flow stays symmetric.",
        build: firewall_patterns::dedicated_vnet_snat,
    },
    Entry {
        slug: "fw-pe-same-spoke",
        title: "Firewall inspection 2: private endpoint in the client's spoke, no SNAT",
        description: "A /32 UDR overrides the endpoint's InterfaceEndpoint route and sends the client to the hub firewall; network rules only (no SNAT), so the reply skips the firewall.",
        build: firewall_patterns::same_spoke,
    },
    Entry {
        slug: "fw-pe-same-spoke-snat",
        title: "Firewall inspection 2: private endpoint in the client's spoke, with SNAT",
        description: "The same with an application rule for stcontoso.blob.core.windows.net: SNAT brings the endpoint's reply back through the firewall.",
        build: firewall_patterns::same_spoke_snat,
    },
    Entry {
        slug: "fw-pe-single-vnet",
        title: "Firewall inspection 3: single VNet, no SNAT",
        description: "Firewall, client and private endpoint in one VNet with a /32 UDR to the firewall; network rules only (no SNAT), so the reply goes straight back over VnetLocal.",
        build: firewall_patterns::single_vnet,
    },
    Entry {
        slug: "fw-pe-single-vnet-snat",
        title: "Firewall inspection 3: single VNet, with SNAT",
        description: "The same with SNAT private ranges set to 255.255.255.255/32, so network rules always SNAT and the reply comes back through the firewall.",
        build: firewall_patterns::single_vnet_snat,
    },
    Entry {
        slug: "fw-pe-onprem-expressroute",
        title: "Firewall inspection 4: on-premises over ExpressRoute, no SNAT",
        description: "A GatewaySubnet route table sends the private endpoint's /32 to the hub firewall; network rules only (no SNAT), so the endpoint replies straight to the gateway.",
        build: firewall_patterns::on_premises,
    },
    Entry {
        slug: "fw-pe-onprem-expressroute-snat",
        title: "Firewall inspection 4: on-premises over ExpressRoute, with SNAT",
        description: "The same with SNAT private ranges set to 255.255.255.255/32, so network rules always SNAT and the reply returns through the firewall.",
        build: firewall_patterns::on_premises_snat,
    },
    Entry {
        slug: "service-vs-private-endpoint",
        title: "Service endpoint vs private endpoint",
        description: "One storage account reached from its VNet, a peered VNet and on-premises over VPN, by service endpoint and by private endpoint; 100 TB a month each way (Canada Central).",
        build: service_endpoints::service_vs_private_endpoint,
    },
    Entry {
        slug: "non-transitive-peering",
        title: "Non-transitive peering",
        description: "VNet01 and VNet03 are each peered with VNet02 but not with each other, so VNet01 has no route to VNet03.",
        build: peering::non_transitive,
    },
    Entry {
        slug: "hybrid-dns",
        title: "Hybrid DNS through a Private Resolver",
        description: "On-premises DNS forwards blob.core.windows.net to the resolver's inbound endpoint in the hub and gets the private endpoint's IP.",
        build: hybrid_dns::hybrid_dns,
    },
    Entry {
        slug: "hybrid-dns-wrong-zone",
        title: "Hybrid DNS: forwarding the wrong zone",
        description: "On-premises DNS forwards privatelink.blob.core.windows.net instead of the public zone and does not re-query CNAME targets, so on-premises clients get the storage account's public IP.",
        build: hybrid_dns::wrong_zone,
    },
    Entry {
        slug: "route-summarization",
        title: "Route summarization for private endpoints",
        description: "With RouteTableEnabled on the endpoints' subnet, one UDR for the spoke's range sends traffic for six private endpoints to the firewall instead of six /32 routes.",
        build: summarization::summarization,
    },
    Entry {
        slug: "large-landing-zone",
        title: "A large landing zone (100 spokes)",
        description: "The generated benchmark design: 100 spokes with 400 VMs and 200 private endpoints behind one hub with firewall, VPN gateway and DNS private resolver.",
        build: landing_zone::large_landing_zone,
    },
    Entry {
        slug: "asymmetric-return",
        title: "Asymmetric return through the hub firewall",
        description: "On-premises reaches a spoke through the gateway and a GatewaySubnet UDR to the firewall, but the spoke replies straight to the gateway, so the firewall drops the client's ACK.",
        build: asymmetric::asymmetric_return,
    },
];

/// The entry with this slug.
pub fn entry(slug: &str) -> Option<&'static Entry> {
    ENTRIES.iter().find(|e| e.slug == slug)
}

/// A gallery design as a document with an empty layout (the studio lays it out).
pub fn document(slug: &str) -> Option<Result<Document, BuildError>> {
    entry(slug).map(|e| (e.build)().map(|d| Document::new(d, Layout::default())))
}

/// The designs engine tests ask every question of: each gallery design but the generated
/// 100-spoke one (too slow for that), and a generated 3-spoke landing zone, named by slug.
#[cfg(test)]
pub(crate) fn test_designs() -> Vec<(String, Design)> {
    let mut out: Vec<(String, Design)> = ENTRIES
        .iter()
        .filter(|e| e.slug != "large-landing-zone")
        .map(|e| (e.slug.to_string(), (e.build)().expect("gallery designs build")))
        .collect();
    out.push(("generated(3)".into(), generated(3).expect("the generated design builds")));
    out
}
