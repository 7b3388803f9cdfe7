//! What a gateway has learned, from the output of `az network vnet-gateway list-learned-routes`
//! (`{"value": [{network, nextHop, sourcePeer, origin, asPath, weight, localAddress}]}`) and
//! `list-bgp-peer-status` (`{"value": [{localAddress, neighbor, asn, state, …}]}`). Neither has an
//! id or a type: the rows are recognized by their keys, and belong to the gateway whose instance
//! IPs hold their `localAddress` (R-25: that instance is the prefix's next hop).

use super::super::fields::{ip, net};
use super::super::shape::{str_ci, Resource};
use super::super::Context;
use ipnet::Ipv4Net;
use std::net::Ipv4Addr;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Origin {
    /// The gateway's own VNet, a static local network gateway's prefixes, a VNet-to-VNet
    /// tunnel's remote VNet: `nextHop` null, or the far end's public IP.
    Network,
    /// Learned over external BGP from `sourcePeer` (a site's router, an MSEE, a remote gateway).
    EBgp,
    /// Relayed by the other instance of the same gateway: the prefix's next hop stays the
    /// instance that learned it over EBGP.
    IBgp,
}

/// One learned route of one gateway instance.
pub(super) struct Row<'a> {
    pub resource: &'a Resource,
    pub local: Ipv4Addr,
    pub prefix: Ipv4Net,
    pub next_hop: Option<Ipv4Addr>,
    pub origin: Origin,
    pub source_peer: Option<Ipv4Addr>,
}

/// One BGP session of one gateway instance.
pub(super) struct Peer {
    pub local: Ipv4Addr,
    pub neighbor: Ipv4Addr,
    pub connected: bool,
}

#[derive(Default)]
pub(super) struct Learned<'a> {
    pub rows: Vec<Row<'a>>,
    pub peers: Vec<Peer>,
    /// Rows read into a connection (or known to be the gateway's own VNet).
    pub used: Vec<bool>,
}

impl<'a> Learned<'a> {
    /// The learned-route and peer-status rows of the input, consumed (bad rows are reported).
    pub fn collect(cx: &mut Context<'a>) -> Self {
        let mut out = Learned::default();
        for r in cx.all() {
            if !r.kind.is_empty() {
                continue;
            }
            let p = &r.props;
            if str_ci(p, "network").is_some() && (str_ci(p, "origin").is_some() || str_ci(p, "sourcePeer").is_some()) {
                cx.consume(r);
                match row(r) {
                    Ok(row) => out.rows.push(row),
                    Err(why) => cx.skip_part(format!("{}#network", r.file), "learned route", why),
                }
            } else if let (Some(n), Some(l)) = (str_ci(p, "neighbor"), str_ci(p, "localAddress")) {
                cx.consume(r);
                match (ip(n), ip(l)) {
                    (Some(neighbor), Some(local)) => {
                        let connected = str_ci(p, "state").is_some_and(|s| s.eq_ignore_ascii_case("Connected"));
                        out.peers.push(Peer { local, neighbor, connected });
                    }
                    _ => cx.skip_part(format!("{}#neighbor", r.file), "BGP peer status", "not an IPv4 session"),
                }
            }
        }
        out.used = vec![false; out.rows.len()];
        out
    }

    /// Whether any row belongs to a gateway with these instance IPs (or, for a single gateway, to
    /// any gateway: a file of one gateway's routes whose instance IPs the input does not say).
    pub fn has_gateway(&self, instances: &[Ipv4Addr], only_gateway: bool) -> bool {
        self.rows.iter().any(|r| belongs(r, instances, only_gateway))
    }

    /// The rows of one gateway, by index.
    pub fn of_gateway(&self, instances: &[Ipv4Addr], only_gateway: bool) -> Vec<usize> {
        (0..self.rows.len())
            .filter(|&i| self.rows.get(i).is_some_and(|r| belongs(r, instances, only_gateway)))
            .collect()
    }

    /// The gateway instances with an established session to one of `neighbors`.
    pub fn sessions(&self, neighbors: &[Ipv4Addr]) -> Vec<Ipv4Addr> {
        let mut out: Vec<Ipv4Addr> =
            self.peers.iter().filter(|p| p.connected && neighbors.contains(&p.neighbor)).map(|p| p.local).collect();
        out.sort();
        out.dedup();
        out
    }
}

fn belongs(r: &Row, instances: &[Ipv4Addr], only_gateway: bool) -> bool {
    instances.contains(&r.local) || (only_gateway && !instances.is_empty())
}

fn row(r: &Resource) -> Result<Row<'_>, String> {
    let p = &r.props;
    let network = str_ci(p, "network").unwrap_or_default();
    let prefix = net(network).ok_or_else(|| format!("'{network}' is not an IPv4 prefix (IPv6 is not modelled)"))?;
    let local = str_ci(p, "localAddress").and_then(ip).ok_or_else(|| format!("{network}: no localAddress"))?;
    let origin = match str_ci(p, "origin").unwrap_or_default().to_ascii_lowercase().as_str() {
        "network" => Origin::Network,
        "ebgp" => Origin::EBgp,
        "ibgp" => Origin::IBgp,
        // `list-advertised-routes` rows look the same: what the gateway sends, not what it learned.
        "igp" => {
            return Err(format!(
                "{network}: an advertised route (origin Igp, list-advertised-routes), not a learned one"
            ))
        }
        other => return Err(format!("{network}: origin '{other}' is not one a gateway reports")),
    };
    Ok(Row {
        resource: r,
        local,
        prefix,
        next_hop: str_ci(p, "nextHop").and_then(ip),
        origin,
        source_peer: str_ci(p, "sourcePeer").and_then(ip),
    })
}
