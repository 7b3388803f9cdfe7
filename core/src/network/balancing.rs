//! Internal load balancers (F-22) and NAT gateways (F-23) as the engine looks them up: each load
//! balancer with its frontend subnet and the NICs of its backend pool, and each subnet's NAT
//! gateway. Dangling references are skipped, as everywhere in the index (DECISIONS 8).
//!
//! Architecture invariant: like the rest of `network`, this says what exists and what it is
//! attached to; health, hashing and translation are decided by the trace.

use super::{HashMap, SubnetIx};
use crate::id::Id;
use crate::model::{Design, LoadBalancer, NatGateway};

/// One internal load balancer whose frontend subnet exists.
#[derive(Clone, Debug)]
pub struct Balancer<'d> {
    pub lb: &'d LoadBalancer,
    pub subnet: SubnetIx,
    /// Its backend pool: (index into `Network::nics`, the design's `healthy` flag), in pool
    /// order; members whose NIC does not exist are left out.
    pub backends: Vec<(usize, bool)>,
}

/// The load balancers and NAT gateways of a design.
#[derive(Clone, Debug, Default)]
pub struct Balancing<'d> {
    pub balancers: Vec<Balancer<'d>>,
    /// The NAT gateway serving each subnet (by subnet index), an index into `design.nat_gateways`.
    /// F-23 (e) allows one per subnet; if a design gives two, the first in design order serves.
    pub subnet_nat: Vec<Option<usize>>,
}

impl<'d> Balancing<'d> {
    pub(super) fn new(
        design: &'d Design,
        subnets: usize,
        subnet_ix: &HashMap<&'d Id, SubnetIx>,
        nic_ix: &HashMap<&'d Id, usize>,
    ) -> Self {
        let balancers = design
            .load_balancers
            .iter()
            .filter_map(|lb| {
                let subnet = *subnet_ix.get(&lb.subnet)?;
                let backends = lb.backends.iter().filter_map(|b| Some((*nic_ix.get(&b.nic)?, b.healthy))).collect();
                Some(Balancer { lb, subnet, backends })
            })
            .collect();
        let mut subnet_nat = vec![None; subnets];
        for (i, ng) in design.nat_gateways.iter().enumerate() {
            for s in &ng.subnets {
                if let Some(slot) = subnet_ix.get(s).and_then(|&s| subnet_nat.get_mut(s)) {
                    slot.get_or_insert(i);
                }
            }
        }
        Balancing { balancers, subnet_nat }
    }

    /// The NAT gateway serving a subnet, with its index in `design.nat_gateways`.
    pub fn nat_of<'a>(&self, design: &'a Design, subnet: SubnetIx) -> Option<(usize, &'a NatGateway)> {
        let i = (*self.subnet_nat.get(subnet)?)?;
        design.nat_gateways.get(i).map(|ng| (i, ng))
    }
}
