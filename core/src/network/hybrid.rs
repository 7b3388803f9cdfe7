//! What a gateway's connections hold and advertise (R-8, P-12, P-13, P-14, R-13): the facts the
//! trace needs to send a packet over the right connection, and to tell what an on-premises router
//! routes into its tunnel. Nothing here decides a packet's fate; the trace does.

use super::vnet2vnet::{advertised, Tunnel};
use super::{Network, VnetIx};
use crate::model::{ConnectionPeer, Gateway, GatewayConnection, GatewayKind, OnPremSite};
use ipnet::Ipv4Net;
use std::net::Ipv4Addr;

/// One connection of a gateway, with the gateway and what it reaches.
#[derive(Clone, Copy, Debug)]
pub struct Connection<'d> {
    pub gateway: &'d Gateway,
    pub connection: &'d GatewayConnection,
    pub far: Far<'d>,
}

/// The far end of a connection that carries traffic.
#[derive(Clone, Copy, Debug)]
pub enum Far<'d> {
    /// An on-premises site (site-to-site or ExpressRoute).
    Site(&'d OnPremSite),
    /// Another VNet's VPN gateway, both connection resources present (P-14).
    Vnet(Tunnel<'d>),
}

impl<'d> Connection<'d> {
    /// Whether two values name the same connection resource.
    pub fn same(&self, other: &Connection) -> bool {
        self.gateway.id == other.gateway.id && self.connection.id == other.connection.id
    }

    pub fn site(&self) -> Option<&'d OnPremSite> {
        match self.far {
            Far::Site(site) => Some(site),
            Far::Vnet(_) => None,
        }
    }

    pub fn tunnel(&self) -> Option<&Tunnel<'d>> {
        match &self.far {
            Far::Site(_) => None,
            Far::Vnet(t) => Some(t),
        }
    }
}

/// P-13: whether a connection runs BGP. ExpressRoute always does; a VPN connection does when
/// its own `bgp` says so, else when its gateway has BGP on. The one place that answers it.
pub fn connection_bgp(gateway: &Gateway, connection: &GatewayConnection) -> bool {
    gateway.kind == GatewayKind::ExpressRoute || connection.bgp.unwrap_or(gateway.bgp)
}

impl<'d> Network<'d> {
    /// Every connection of the gateways of `gateway_vnet` that carries traffic, ExpressRoute's
    /// first, each gateway's in design order: site connections whose site exists, and
    /// VNet-to-VNet connections whose tunnel is up (P-14).
    pub fn connections(&self, gateway_vnet: VnetIx) -> impl Iterator<Item = Connection<'d>> + '_ {
        let gws = self.gateways.get(gateway_vnet).copied().unwrap_or_default();
        let tunnels = self.vnet2vnet.tunnels.get(gateway_vnet).map_or(&[][..], Vec::as_slice);
        gws.iter().flat_map(move |gateway| {
            gateway.connections.iter().filter_map(move |connection| {
                let far = match &connection.peer {
                    ConnectionPeer::Site(id) => Far::Site(self.design.site(id)?),
                    ConnectionPeer::Gateway(_) => Far::Vnet(
                        *tunnels.iter().find(|t| t.gateway.id == gateway.id && t.connection.id == connection.id)?,
                    ),
                };
                Some(Connection { gateway, connection, far })
            })
        })
    }

    /// The prefixes a connection holds (P-13): learned over it (BGP, or the static list a design
    /// gives) and its local network gateway's address space (the site's prefixes); for a
    /// VNet-to-VNet connection, the remote VNet's address space and what BGP taught it (P-14).
    pub fn connection_prefixes<'a>(&'a self, c: &Connection<'d>) -> impl Iterator<Item = &'a Ipv4Net> + 'a {
        let (site, held) = match c.far {
            Far::Site(site) => (Some((c.connection, site)), None),
            Far::Vnet(t) => (None, Some(self.held(&t))),
        };
        let site = site.into_iter().flat_map(|(connection, site)| {
            connection.learned_prefixes.iter().map(|l| &l.prefix).chain(site.prefixes.iter())
        });
        site.chain(held.into_iter().flatten().map(|h| &h.prefix))
    }

    /// The connection of `gateway_vnet`'s VPN gateway as the remote gateway of tunnel `t` sees
    /// it: the connection a packet sent through `t` arrives by.
    pub fn arrival(&self, t: &Tunnel<'d>) -> Option<Connection<'d>> {
        let back = *self.reverse(t)?;
        Some(Connection { gateway: back.gateway, connection: back.connection, far: Far::Vnet(back) })
    }

    /// The connection with id `id` among `gateway_vnet`'s gateways' (a gateway route names the
    /// connection it was learned over, R-25, P-14); `None` when no connection there has it.
    pub fn connection_by_id(&self, gateway_vnet: VnetIx, id: Option<&crate::id::Id>) -> Option<Connection<'d>> {
        let id = id?;
        self.connections(gateway_vnet).find(|c| &c.connection.id == id)
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
            let Some(len) = self.connection_prefixes(&c).filter(|p| p.contains(&ip)).map(|p| p.prefix_len()).max()
            else {
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
    /// other connections (their local network gateways' address spaces, a VNet-to-VNet
    /// connection's remote VNet included, and what BGP peers taught it), except the default route
    /// and anything overlapping a virtual network prefix. ExpressRoute and VPN do not exchange
    /// routes (that needs Azure Route Server, X-2).
    pub fn advertised_over(&self, gateway_vnet: VnetIx, to: &Connection<'d>) -> Vec<Ipv4Net> {
        if to.gateway.kind != GatewayKind::Vpn || !connection_bgp(to.gateway, to.connection) {
            return self.advertised_prefixes(gateway_vnet);
        }
        advertised(self, gateway_vnet, to.gateway, &to.connection.id, &mut Vec::new())
    }

    /// where `ip` lies when it lies only in prefixes reached through a virtual network
    /// gateway (an on-premises site's, or one a site connection learned: ExpressRoute or a VPN
    /// site) and in no VNet of the design: the site's or the connection's name. An address behind
    /// a VNet-to-VNet connection is [`Network::tunnel_only`]'s question.
    pub fn on_premises_only(&self, ip: Ipv4Addr) -> Option<&'d str> {
        if (0..self.vnets.len()).any(|v| self.in_vnet(v, ip)) {
            return None;
        }
        if let Some(site) = self.design.sites.iter().find(|s| s.prefixes.iter().any(|p| p.contains(&ip))) {
            return Some(&site.name);
        }
        let connection =
            self.design
                .gateways
                .iter()
                .flat_map(|g| &g.connections)
                .filter(|c| c.peer.site().is_some())
                .find(|c| c.learned_prefixes.iter().any(|l| l.prefix.prefix_len() > 0 && l.prefix.contains(&ip)))?;
        Some(connection.peer.site().and_then(|id| self.design.site(id)).map_or(&connection.name, |s| &s.name))
    }
}
