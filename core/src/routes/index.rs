//! Longest-prefix lookup over one table's Active routes, for the trace's hot path: the routes
//! covering an address, found by one binary search per prefix length present instead of a scan
//! of the whole table (a hub's table holds a route per peered VNet and per private endpoint).

use super::RouteTable;
use std::net::Ipv4Addr;

/// For each prefix length present among the Active routes, `(network, route index)` sorted.
#[derive(Clone, Debug, Default)]
pub struct RouteIndex {
    by_length: Vec<(u8, Vec<(u32, usize)>)>,
}

fn mask(len: u8) -> u32 {
    u32::MAX.checked_shl(32 - u32::from(len)).unwrap_or(0)
}

impl RouteIndex {
    pub fn new(table: &RouteTable) -> Self {
        let mut by_length: Vec<(u8, Vec<(u32, usize)>)> = Vec::new();
        for (i, r) in table.active() {
            let len = r.prefix.prefix_len();
            let entry = (u32::from(r.prefix.network()) & mask(len), i);
            match by_length.iter_mut().find(|(l, _)| *l == len) {
                Some((_, list)) => list.push(entry),
                None => by_length.push((len, vec![entry])),
            }
        }
        for (_, list) in &mut by_length {
            list.sort_unstable();
        }
        RouteIndex { by_length }
    }

    /// Indices of the Active routes containing `dst`, in table order (as a scan would list them).
    pub fn covering(&self, dst: Ipv4Addr, out: &mut Vec<usize>) {
        out.clear();
        let dst = u32::from(dst);
        for (len, list) in &self.by_length {
            let key = dst & mask(*len);
            let start = list.partition_point(|&(net, _)| net < key);
            out.extend(list[start..].iter().take_while(|&&(net, _)| net == key).map(|&(_, i)| i));
        }
        out.sort_unstable();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Protocol;
    use crate::network::Network;
    use crate::packet::Packet;

    /// Addresses at and around every route's edges, plus every NIC and endpoint address.
    fn probes(table: &RouteTable, net: &Network) -> Vec<Ipv4Addr> {
        let mut out = vec![Ipv4Addr::new(0, 0, 0, 0), Ipv4Addr::new(255, 255, 255, 255), Ipv4Addr::new(8, 8, 8, 8)];
        for r in &table.routes {
            let (lo, hi) = (u32::from(r.prefix.network()), u32::from(r.prefix.broadcast()));
            for a in [lo.wrapping_sub(1), lo, hi, hi.wrapping_add(1)] {
                out.push(Ipv4Addr::from(a));
            }
        }
        out.extend(net.nics.iter().map(|n| n.nic.ip));
        out.extend(net.private_endpoints.iter().map(|(p, _)| p.ip));
        out
    }

    #[test]
    fn the_index_selects_what_a_scan_selects() {
        let designs: Vec<_> = crate::gallery::test_designs().into_iter().map(|(_, d)| d).collect();
        let mut compared = 0;
        for design in &designs {
            let net = Network::new(design);
            for table in super::super::all_routes(&net) {
                let index = RouteIndex::new(&table);
                let mut covering = Vec::new();
                for dst in probes(&table, &net) {
                    index.covering(dst, &mut covering);
                    let scan: Vec<usize> =
                        table.active().filter(|(_, r)| r.prefix.contains(&dst)).map(|(i, _)| i).collect();
                    assert_eq!(covering, scan, "{dst}");
                    for protocol in [Protocol::Tcp, Protocol::Icmp] {
                        let packet = Packet {
                            src: Ipv4Addr::new(10, 1, 1, 4),
                            dst,
                            protocol,
                            src_port: 50000,
                            dst_port: 443,
                            host: None,
                        };
                        let quiet = super::super::select_among(&net, &table, &covering, &packet, false);
                        let full = super::super::select(&net, &table, &packet);
                        assert_eq!(
                            quiet.as_ref().map(|s| (s.index, s.rule, s.ecmp, s.instance)),
                            full.as_ref().map(|s| (s.index, s.rule, s.ecmp, s.instance))
                        );
                        compared += 1;
                    }
                }
            }
        }
        assert!(compared > 5_000, "{compared}");
    }
}
