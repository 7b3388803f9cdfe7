//! The compiled engine: the network index, every subnet's effective routes and `VirtualNetwork`
//! tag, built once per design version and shared by every trace (and the reachability matrix).

use super::{Flow, Outcome, Trace, TraceError};
use crate::filter::PrefixSet;
use crate::model::Design;
use crate::network::{Network, SubnetIx, VnetIx};
use crate::packet::Packet;
use crate::routes::{self, RouteIndex, RouteTable, Selection};
use std::sync::{Arc, OnceLock};

pub struct Engine<'d> {
    pub net: Network<'d>,
    /// Effective routes of each subnet, by subnet index.
    pub routes: Vec<Arc<RouteTable>>,
    /// The `VirtualNetwork` tag of each subnet (N-4 Sim choice, DECISIONS 5).
    pub tags: Vec<PrefixSet>,
    /// A longest-prefix index of each subnet's table (shared like the tables), for `select`.
    indexes: Vec<Arc<RouteIndex>>,
    /// Each VNet's routes as a subnet without a route table has them, for private endpoint
    /// replies (E-11); built on first use, since most traces never need one.
    bare: Vec<OnceLock<RouteTable>>,
    /// The backends of each internal load balancer, with their health (F-22 b).
    pub(crate) pools: Vec<Vec<super::Backend>>,
}

impl<'d> Engine<'d> {
    pub fn new(design: &'d Design) -> Self {
        let net = Network::new(design);
        let routes = routes::all_routes(&net);
        let tags: Vec<PrefixSet> = (0..net.subnets.len()).map(|s| virtual_network_tag(&net, s)).collect();
        let mut built: Vec<(*const RouteTable, Arc<RouteIndex>)> = Vec::new();
        let indexes = routes
            .iter()
            .map(|t| {
                let key = Arc::as_ptr(t);
                match built.iter().rev().find(|(k, _)| *k == key) {
                    Some((_, ix)) => Arc::clone(ix),
                    None => {
                        let ix = Arc::new(RouteIndex::new(t));
                        built.push((key, Arc::clone(&ix)));
                        ix
                    }
                }
            })
            .collect();
        let bare = (0..net.vnets.len()).map(|_| OnceLock::new()).collect();
        let pools = super::balancer::pools(&net, &tags);
        Engine { net, routes, tags, indexes, bare, pools }
    }

    /// Traces a flow forward and back (see the module documentation).
    pub fn trace(&self, flow: &Flow) -> Result<Trace, TraceError> {
        super::walk::trace(self, flow, true, true)
    }

    /// The path of `flow` without its explanation: the same walk as [`Engine::trace`], with the
    /// places of every hop forward and back, but no step texts or reasons (blank). For questions
    /// about where a flow goes — which devices it crosses (intents), which places a DNS query
    /// passes — asked too often for the full explanation.
    pub fn path(&self, flow: &Flow) -> Result<Trace, TraceError> {
        super::walk::trace(self, flow, false, true)
    }

    /// The outcome of `flow` without its explanation: the same walk as [`Engine::trace`], but
    /// no step texts, place names or reasons are written (they are blank in the result), which
    /// makes it several times faster. For the reachability matrix, which keeps only outcomes.
    pub fn outcome(&self, flow: &Flow) -> Result<Outcome, TraceError> {
        super::walk::trace(self, flow, false, false).map(|t| t.outcome)
    }

    pub fn table(&self, subnet: SubnetIx) -> Option<&RouteTable> {
        self.routes.get(subnet).map(|t| &**t)
    }

    /// The routes of `vnet` as a subnet without a route table has them (E-11).
    pub(crate) fn bare_table(&self, vnet: VnetIx) -> Option<&RouteTable> {
        let cell = self.bare.get(vnet)?;
        Some(cell.get_or_init(|| routes::vnet_routes_without_table(&self.net, vnet)))
    }

    /// [`routes::select`] in `subnet`'s table through its index; `why` only when `explain`.
    /// `covering` is scratch space, reused by the caller to spare an allocation per hop.
    pub(crate) fn select(
        &self,
        subnet: SubnetIx,
        packet: &Packet,
        explain: bool,
        covering: &mut Vec<usize>,
    ) -> Option<Selection> {
        let (table, index) = (self.routes.get(subnet)?, self.indexes.get(subnet)?);
        index.covering(packet.dst, covering);
        routes::select_among(&self.net, table, covering, packet, explain)
    }
}

/// N-4 Sim choice, as a set (`Network::virtual_network_tag_prefixes` says what it holds).
fn virtual_network_tag(net: &Network, subnet: SubnetIx) -> PrefixSet {
    PrefixSet::new(net.virtual_network_tag_prefixes(subnet).into_iter().map(|p| p.trunc()))
}
