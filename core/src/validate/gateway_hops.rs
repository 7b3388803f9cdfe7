//! Per-connection and per-prefix next hops of gateway connections: each must be an
//! instance of the gateway that has a tunnel for the connection, or Azure could never show it.

use super::index::{label, Index};
use super::{Code, Out};
use crate::model::*;

pub(super) fn check(ix: &Index, out: &mut Out) {
    for gw in &ix.design.gateways {
        let who = label(ElementKind::Gateway, &gw.name, &gw.id);
        for (c, conn) in gw.connections.iter().enumerate() {
            for (k, ip) in conn.next_hops.iter().enumerate() {
                if !gw.instance_ips.contains(ip) {
                    let field = format!("connections[{c}].nextHops[{k}]");
                    let msg = format!("{who}: {field} {ip} is not an instance IP of the gateway");
                    out.push(Code::GatewayNextHopUnknown, &gw.id, field, msg);
                }
            }
            let tunnels = if conn.next_hops.is_empty() { &gw.instance_ips } else { &conn.next_hops };
            for (p, learned) in conn.learned_prefixes.iter().enumerate() {
                for (k, ip) in learned.next_hops.iter().enumerate() {
                    if !tunnels.contains(ip) {
                        let field = format!("connections[{c}].learnedPrefixes[{p}].nextHops[{k}]");
                        let msg = format!(
                            "{who}: {field} {ip} is not an instance with a tunnel for connection '{}'",
                            conn.name
                        );
                        out.push(Code::GatewayNextHopUnknown, &gw.id, field, msg);
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::fixture::{at, found, hub_spoke};
    use super::*;
    use crate::model::LearnedPrefix;

    #[test]
    fn r25_next_hops_must_be_instances_with_a_tunnel() {
        let (mut d, ids) = hub_spoke();
        let clean = found(&d).into_iter().filter(|f| f.0 == Code::GatewayNextHopUnknown).count();
        assert_eq!(clean, 0);
        let ip = |s: &str| s.parse().unwrap();
        let conn = &mut d.gateways[0].connections[0];
        // The fixture's active-active gateway has 10.0.255.4 and .5.
        conn.next_hops = vec![ip("10.0.255.4"), ip("10.0.255.9")];
        let prefix = conn.learned_prefixes[0].prefix;
        conn.learned_prefixes = vec![
            LearnedPrefix { prefix, next_hops: vec![ip("10.0.255.4")] },
            LearnedPrefix { prefix, next_hops: vec![ip("10.0.255.5")] },
        ];
        let hits: Vec<_> = found(&d).into_iter().filter(|f| f.0 == Code::GatewayNextHopUnknown).collect();
        assert_eq!(
            hits,
            vec![
                at(Code::GatewayNextHopUnknown, &ids.gw, "connections[0].nextHops[1]"),
                at(Code::GatewayNextHopUnknown, &ids.gw, "connections[0].learnedPrefixes[1].nextHops[0]"),
            ]
        );
    }
}
