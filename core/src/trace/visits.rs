//! R-15 (b), (c): the states a packet has been in on one path, which tell a loop from a long
//! path. A state is a device (the NICs of one VM are one device), whether the packet is arriving
//! there or leaving it, and its header (addresses, ports and protocol after any NAT). Reaching a
//! state twice is a loop; crossing a device twice with a different header (after SNAT, say) is not.

use super::local::same_device;
use super::walk::At;
use crate::model::Protocol;
use crate::network::Network;
use crate::packet::Packet;
use std::net::Ipv4Addr;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Leg {
    Arriving,
    Leaving,
}

type State = (At, Leg, Ipv4Addr, Ipv4Addr, u16, u16, Protocol);

/// The states of one path. Paths are short (the walker's hop limit), so a list beats a hash set.
#[derive(Default)]
pub(super) struct Visits(Vec<State>);

impl Visits {
    pub fn new() -> Self {
        Visits(Vec::with_capacity(16))
    }

    /// Records a state; false if the path was in it before.
    pub fn first(&mut self, net: &Network, at: At, leg: Leg, p: &Packet) -> bool {
        let state = (at, leg, p.src, p.dst, p.src_port, p.dst_port, p.protocol);
        let same_place =
            |other: At| other == at || (matches!((other, at), (At::Nic(_), At::Nic(_))) && same_device(net, other, at));
        let seen = self.0.iter().any(|s| {
            same_place(s.0) && (s.1, s.2, s.3, s.4, s.5, s.6) == (state.1, state.2, state.3, state.4, state.5, state.6)
        });
        if !seen {
            self.0.push(state);
        }
        !seen
    }
}
