//! Who stands for a subnet in the matrix, and the flow of a cell.

use crate::id::Id;
use crate::model::{FlowSource, Protocol};
use crate::network::SubnetIx;
use crate::trace::{Engine, Flow};
use std::net::Ipv4Addr;

/// The NIC that sends for a subnet and the address that receives for it.
pub(super) type Representative = (Option<Id>, Option<Ipv4Addr>);

/// Per subnet: the NIC that sends for it and the address that receives for it; and the address
/// that receives from the subnet's own sender (another NIC's or an endpoint's), so the diagonal
/// asks about traffic inside the subnet, not to oneself.
#[derive(Clone, Debug, Default)]
pub(super) struct Reps {
    pub reps: Vec<Representative>,
    pub inner: Vec<Option<Ipv4Addr>>,
}

impl Reps {
    pub fn new(eng: &Engine) -> Reps {
        let (reps, inner) = representatives(eng);
        Reps { reps, inner }
    }

    pub fn len(&self) -> usize {
        self.reps.len()
    }

    /// Whether cell (row, col) exists: a sender for the row and a receiver for the column.
    pub fn has(&self, row: usize, col: usize) -> bool {
        self.source(row).is_some() && self.target(row, col).is_some()
    }

    pub fn has_source(&self, row: usize) -> bool {
        self.source(row).is_some()
    }

    /// Whether column `col` has a receiver off the diagonal.
    pub fn has_target(&self, col: usize) -> bool {
        self.reps.get(col).is_some_and(|r| r.1.is_some())
    }

    fn source(&self, row: usize) -> Option<&Id> {
        self.reps.get(row)?.0.as_ref()
    }

    fn target(&self, row: usize, col: usize) -> Option<Ipv4Addr> {
        if col == row {
            self.inner.get(row).copied().flatten()
        } else {
            self.reps.get(col)?.1
        }
    }

    /// The flow of cell (row, col): the row's NIC to the column's address.
    pub fn flow(&self, protocol: Protocol, port: u16, row: usize, col: usize) -> Option<Flow> {
        let to = self.target(row, col)?;
        let id = self.source(row)?.clone();
        Some(Flow { from: FlowSource::Nic { id }, to, protocol, port, host: None })
    }
}

/// Who stands for a subnet: its first NIC as a source, and that NIC's IP (or, for a subnet
/// without NICs, its first private endpoint's or its first usable address) as a destination;
/// plus, for the subnet's own row, its second NIC's or first endpoint's address.
pub(super) fn representatives(eng: &Engine) -> (Vec<Representative>, Vec<Option<Ipv4Addr>>) {
    let net = &eng.net;
    let mut first_nic: Vec<Option<usize>> = vec![None; net.subnets.len()];
    let mut second_nic: Vec<Option<usize>> = vec![None; net.subnets.len()];
    for (i, n) in net.nics.iter().enumerate() {
        if let (Some(first), Some(second)) = (first_nic.get_mut(n.subnet), second_nic.get_mut(n.subnet)) {
            if first.is_none() {
                *first = Some(i);
            } else if second.is_none() {
                *second = Some(i);
            }
        }
    }
    let mut first_pe: Vec<Option<Ipv4Addr>> = vec![None; net.subnets.len()];
    for (pe, s) in &net.private_endpoints {
        if let Some(slot) = first_pe.get_mut(*s) {
            slot.get_or_insert(pe.ip);
        }
    }
    let reps = (0..net.subnets.len())
        .map(|s: SubnetIx| {
            let nic = first_nic[s].map(|i| &net.nics[i]);
            let dst = nic.map(|n| n.nic.ip).or(first_pe[s]).or_else(|| {
                let prefix = net.subnets[s].subnet.prefix.trunc();
                (prefix.prefix_len() <= 29).then(|| Ipv4Addr::from(u32::from(prefix.network()).saturating_add(4)))
            });
            (nic.map(|n| n.nic.id.clone()), dst)
        })
        .collect();
    let inner = (0..net.subnets.len()).map(|s| second_nic[s].map(|i| net.nics[i].nic.ip).or(first_pe[s])).collect();
    (reps, inner)
}
