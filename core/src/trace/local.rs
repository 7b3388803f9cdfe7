//! R-15 (a): a packet a VM sends to one of its own private IPs never leaves the VM. The guest OS
//! delivers it locally: no route lookup, no NSG, and no hop but the VM. Also which places are
//! one device, for R-15 (b)'s "selects that same NVA again".

use super::walk::At;
use super::{Action, Hop, Path, PathEnd, Place, Step, Trace};
use crate::network::Network;
use crate::packet::Packet;
use std::net::Ipv4Addr;

/// Whether `ip` is a private IP of the VM that owns NIC `nic` (any NIC of it).
pub(super) fn own_address(net: &Network, nic: usize, ip: Ipv4Addr) -> bool {
    net.nics.get(nic).is_some_and(|n| n.vm.nics.iter().any(|other| other.has_ip(ip)))
}

/// Whether two places are the same device: two NICs of one VM, or one firewall.
pub(super) fn same_device(net: &Network, a: At, b: At) -> bool {
    match (a, b) {
        (At::Nic(x), At::Nic(y)) => match (net.nics.get(x), net.nics.get(y)) {
            (Some(p), Some(q)) => std::ptr::eq(p.vm, q.vm),
            _ => false,
        },
        (At::Firewall(x), At::Firewall(y)) => x == y,
        _ => false,
    }
}

/// The whole trace of a packet to the sender's own address: one hop each way, the VM.
pub(super) fn trace(flow: super::Flow, place: Place, packet: Packet, explain: bool) -> Trace {
    let hop = |packet: Packet, detail: &dyn Fn() -> String| Hop {
        place: place.clone(),
        packet,
        steps: if explain {
            vec![Step { action: Action::Deliver, rule: "R-15", detail: detail() }]
        } else {
            Vec::new()
        },
    };
    let name = place.name().to_string();
    let dst = packet.dst;
    let reply = packet.reply();
    let forward = hop(packet, &|| {
        format!("{dst} is an address of '{name}' itself: the guest OS delivers it locally, so the packet never leaves the VM (no route lookup, no NSG)")
    });
    let back = hop(reply, &|| format!("the reply stays inside '{name}' too"));
    Trace {
        flow,
        forward: Path { hops: vec![forward], end: PathEnd::Delivered },
        reply: Some(Path { hops: vec![back], end: PathEnd::Delivered }),
        outcome: super::Outcome::Delivered,
        notes: Vec::new(),
    }
}
