//! The fixed set of flows the traced insights run, and the small lookups they share.
//!
//! Which flows (all TCP 443 unless named otherwise, from a fixed source port):
//! - private endpoints: from the first NIC of every subnet whose route table sends the endpoint
//!   to an appliance, TCP and ICMP (`pe-protocol-split`, `pe-snat-missing`), and from the first
//!   host of every on-premises site (`pe-snat-missing`);
//! - paths: from the first NIC of each VNet to the first NIC of each other VNet, and from the
//!   first host of each site to the first NIC of each VNet (`non-transitive-peering`,
//!   `asymmetric-stateful`);
//! - DNS: each private endpoint's public name, from the first NIC of its VNet and of each peered
//!   VNet (`zone-not-linked`).
//!
//! Each family stops after [`MAX_FLOWS`] flows, in design order, so a 1,000-spoke design costs the
//! same as a small one (and is checked only in part: the panel says so).

use super::Ctx;
use crate::id::Id;
use crate::model::{FlowSource, Nic, Protocol};
use crate::network::{SubnetIx, VnetIx};
use crate::trace::{Flow, Outcome, Path, PathEnd, Place, Trace};
use std::net::Ipv4Addr;

/// At most this many flows per traced family.
pub const MAX_FLOWS: usize = 32;

/// TCP 443, the flow every traced insight asks about first (HTTPS to a service or a VM).
pub(crate) fn tcp(from: FlowSource, to: Ipv4Addr) -> Flow {
    Flow { from, to, protocol: Protocol::Tcp, port: 443, host: None }
}

/// ICMP echo, what "but ping goes through the firewall" is based on (E-5).
pub(crate) fn icmp(from: FlowSource, to: Ipv4Addr) -> Flow {
    Flow { from, to, protocol: Protocol::Icmp, port: 0, host: None }
}

pub(crate) fn from_nic(nic: &Nic) -> FlowSource {
    FlowSource::Nic { id: nic.id.clone() }
}

/// The first NIC in a subnet, in design order.
pub(crate) fn first_nic_in_subnet<'d>(ctx: &Ctx<'d>, subnet: SubnetIx) -> Option<&'d Nic> {
    ctx.first_nic(subnet)
}

/// The first NIC of the first subnet (in design order) of a VNet that has one.
pub(crate) fn first_nic_in_vnet<'d>(ctx: &Ctx<'d>, vnet: VnetIx) -> Option<&'d Nic> {
    ctx.eng.net.vnet_subnets.get(vnet)?.iter().find_map(|&s| ctx.first_nic(s))
}

/// The VM that owns a NIC (what the canvas draws).
pub(crate) fn vm_of(ctx: &Ctx, nic: &Id) -> Option<Id> {
    ctx.eng.net.nic(nic).map(|n| n.vm.id.clone())
}

/// The firewall, VM or internal load balancer that holds `ip`: the element behind a
/// `VirtualAppliance` next hop.
pub(crate) fn device_at(ctx: &Ctx, ip: Ipv4Addr) -> Option<Id> {
    let d = ctx.design;
    d.firewalls
        .iter()
        .find(|f| f.private_ip == ip)
        .map(|f| f.id.clone())
        .or_else(|| d.nics().find(|(_, n)| n.has_ip(ip)).map(|(vm, _)| vm.id.clone()))
        .or_else(|| d.load_balancers.iter().find(|lb| lb.frontend_ip == ip).map(|lb| lb.id.clone()))
}

/// The forwarding devices (firewalls, NVAs) between the first and the last place of a path,
/// as canvas elements (a NIC is drawn as its VM).
pub(crate) fn devices(path: &Path) -> Vec<Id> {
    let n = path.hops.len();
    path.hops
        .iter()
        .enumerate()
        .filter(|(i, _)| *i > 0 && *i + 1 < n)
        .filter_map(|(_, h)| match &h.place {
            Place::Firewall { id, .. } => Some(id.clone()),
            // A NIC place names its VM.
            Place::Nic { id, .. } => Some(id.clone()),
            _ => None,
        })
        .collect()
}

/// The canvas element of a flow source: the NIC's VM or the on-premises host.
pub(crate) fn source_element(ctx: &Ctx, from: &FlowSource) -> Option<Id> {
    match from {
        FlowSource::Nic { id } => vm_of(ctx, id),
        FlowSource::Host { id } => Some(id.clone()),
        FlowSource::Internet { .. } => None,
    }
}

/// The first host of every on-premises site.
pub(crate) fn site_hosts<'d>(ctx: &Ctx<'d>) -> impl Iterator<Item = &'d crate::model::OnPremHost> + 'd {
    ctx.design.sites.iter().filter_map(|s| s.hosts.first())
}

/// The request arrived but the flow failed on the way back (no route, or a drop in the reply).
pub(crate) fn reply_failed(t: &Trace) -> bool {
    t.forward.end == PathEnd::Delivered && !matches!(t.outcome, Outcome::Delivered | Outcome::AtRisk { .. })
}
