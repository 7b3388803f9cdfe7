//! What a gateway's connections hold and advertise (R-8, P-12, P-13, R-13): the facts the trace
//! needs to send a packet over the right connection, and to tell what an on-premises router
//! routes into its tunnel. Nothing here decides a packet's fate; the trace does.

use super::{Network, VnetIx};
use crate::model::{Gateway, GatewayConnection, GatewayKind, OnPremSite};
use ipnet::Ipv4Net;
use std::net::Ipv4Addr;

/// One connection of a gateway, with the gateway and the site it reaches.
#[derive(Clone, Copy, Debug)]
pub struct Connection<'d> {
    pub gateway: &'d Gateway,
    pub connection: &'d GatewayConnection,
    pub site: &'d OnPremSite,
}

impl Connection<'_> {
    /// Whether two values name the same connection resource.
    pub fn same(&self, other: &Connection) -> bool {
        self.gateway.id == other.gateway.id && self.connection.id == other.connection.id
    }

    /// The prefixes this connection holds: learned over it (BGP, or the static list a design
    /// gives), and its local network gateway's address space (the site's prefixes), P-13.
    pub fn prefixes(&self) -> impl Iterator<Item = &Ipv4Net> {
        self.connection.learned_prefixes.iter().map(|l| &l.prefix).chain(self.site.prefixes.iter())
    }
}

/// P-13: whether a connection runs BGP. ExpressRoute always does; a VPN connection does when
/// its own `bgp` says so, else when its gateway has BGP on. The one place that answers it.
pub fn connection_bgp(gateway: &Gateway, connection: &GatewayConnection) -> bool {
    gateway.kind == GatewayKind::ExpressRoute || connection.bgp.unwrap_or(gateway.bgp)
}

impl<'d> Network<'d> {
    /// Every site connection (site-to-site or ExpressRoute) of the gateways of `gateway_vnet`
    /// whose site exists, ExpressRoute first. VNet-to-VNet connections (P-14) are not sites.
    pub fn connections(&self, gateway_vnet: VnetIx) -> impl Iterator<Item = Connection<'d>> + '_ {
        let gws = self.gateways.get(gateway_vnet).copied().unwrap_or_default();
        gws.iter().flat_map(move |gateway| {
            gateway.connections.iter().filter_map(move |connection| {
                let site = self.design.site(connection.peer.site()?)?;
                Some(Connection { gateway, connection, site })
            })
        })
    }

    /// The connection a gateway VNet sends `ip` over (R-8, P-13): the longest prefix any
    /// connection holds (of gateways of kind `only`, when given: the gateway whose route was
    /// chosen); for equal prefixes ExpressRoute's, then design order.
    pub fn egress_connection(
        &self,
        gateway_vnet: VnetIx,
        ip: Ipv4Addr,
        only: Option<GatewayKind>,
    ) -> Option<Connection<'d>> {
        let mut best: Option<(u8, Connection<'d>)> = None;
        for c in self.connections(gateway_vnet).filter(|c| only.is_none_or(|k| c.gateway.kind == k)) {
            let Some(len) = c.prefixes().filter(|p| p.contains(&ip)).map(|p| p.prefix_len()).max() else {
                continue;
            };
            if best.as_ref().is_none_or(|(b, _)| len > *b) {
                best = Some((len, c));
            }
        }
        best.map(|(_, c)| c)
    }

    /// What a gateway advertises over `to` (P-12, P-13): its VNet's address space and its
    /// gateway-transit spokes'; over a BGP connection of a VPN gateway also the prefixes of its
    /// other connections (their local network gateways' address spaces, and what BGP peers
    /// taught it), except the default route and anything overlapping a virtual network prefix.
    /// ExpressRoute and VPN do not exchange routes (that needs Azure Route Server, X-2).
    pub fn advertised_over(&self, gateway_vnet: VnetIx, to: &Connection) -> Vec<Ipv4Net> {
        let mut out = self.advertised_prefixes(gateway_vnet);
        if to.gateway.kind != GatewayKind::Vpn || !connection_bgp(to.gateway, to.connection) {
            return out;
        }
        let vnet_prefixes = out.clone();
        let overlaps_vnet =
            |p: &Ipv4Net| vnet_prefixes.iter().any(|v| v.contains(&p.network()) || p.contains(&v.network()));
        for other in self.connections(gateway_vnet) {
            if other.gateway.id != to.gateway.id || other.same(to) {
                continue;
            }
            let learned = connection_bgp(other.gateway, other.connection).then_some(&other.connection.learned_prefixes);
            for p in other.site.prefixes.iter().chain(learned.into_iter().flatten().map(|l| &l.prefix)) {
                if p.prefix_len() > 0 && !overlaps_vnet(p) && !out.contains(p) {
                    out.push(*p);
                }
            }
        }
        out
    }

    /// where `ip` lies when it lies only in prefixes reached through a virtual network
    /// gateway (an on-premises site's, or one a gateway connection learned: ExpressRoute, a VPN
    /// site or a VNet-to-VNet connection) and in no VNet of the design: the site's or the
    /// connection's name.
    pub fn on_premises_only(&self, ip: Ipv4Addr) -> Option<&'d str> {
        if (0..self.vnets.len()).any(|v| self.in_vnet(v, ip)) {
            return None;
        }
        if let Some(site) = self.design.sites.iter().find(|s| s.prefixes.iter().any(|p| p.contains(&ip))) {
            return Some(&site.name);
        }
        let connection = self
            .design
            .gateways
            .iter()
            .flat_map(|g| &g.connections)
            .find(|c| c.learned_prefixes.iter().any(|l| l.prefix.prefix_len() > 0 && l.prefix.contains(&ip)))?;
        Some(connection.peer.site().and_then(|id| self.design.site(id)).map_or(&connection.name, |s| &s.name))
    }
}
