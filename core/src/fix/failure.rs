//! Where and why a flow failed, in design terms: the rule id of the outcome, the failing path and
//! hop, and the elements behind the places (VNets, subnets, NICs). Generators read only this.

use crate::document::Document;
use crate::id::Id;
use crate::model::{Design, Firewall, FlowSource, Nic, Subnet, Vm};
use crate::network::VnetIx;
use crate::packet::RuleId;
use crate::trace::{Engine, Hop, Outcome, Path, PathEnd, Place, Trace};
use std::net::Ipv4Addr;

pub struct Failure<'a> {
    pub doc: &'a Document,
    pub design: &'a Design,
    pub eng: &'a Engine<'a>,
    pub trace: &'a Trace,
    /// The rule of the outcome (`Dropped`/`AtRisk`), of the last step for `NoRoute`, R-15 for loops.
    pub rule: RuleId,
    /// The path that failed: the reply when there is one, else the forward path.
    pub path: &'a Path,
    /// Whether `path` is the reply.
    pub in_reply: bool,
}

impl<'a> Failure<'a> {
    pub fn new(doc: &'a Document, eng: &'a Engine<'a>, trace: &'a Trace) -> Self {
        let (path, in_reply) = match &trace.reply {
            Some(r) => (r, true),
            None => (&trace.forward, false),
        };
        let last_rule = path.hops.last().and_then(|h| h.steps.last()).map(|s| s.rule);
        let rule = match &trace.outcome {
            Outcome::Dropped { rule, .. } | Outcome::AtRisk { rule, .. } => rule,
            Outcome::Loop { .. } => "R-15",
            Outcome::NoRoute { .. } => last_rule.unwrap_or("R-19"),
            Outcome::Delivered => "",
        };
        Failure { doc, design: &doc.design, eng, trace, rule, path, in_reply }
    }

    /// The hop where the failing path ended.
    pub fn hop(&self) -> Option<&'a Hop> {
        self.path.hops.last()
    }

    /// The hop before it (the sender into the failing hop).
    pub fn previous_hop(&self) -> Option<&'a Hop> {
        let n = self.path.hops.len();
        n.checked_sub(2).and_then(|i| self.path.hops.get(i))
    }

    /// Whether the failing path ended dropped (not a loop or no route).
    pub fn dropped(&self) -> bool {
        matches!(self.path.end, PathEnd::Dropped { .. })
    }

    /// The VM and NIC behind a place (a NIC place names its VM and the NIC's IP).
    pub fn nic_at(&self, place: &Place) -> Option<(&'a Vm, &'a Nic)> {
        let Place::Nic { id, ip, .. } = place else { return None };
        let vm = self.design.vms.iter().find(|v| &v.id == id)?;
        let nic = vm.nics.iter().find(|n| n.has_ip(*ip)).or(vm.nics.first())?;
        Some((vm, nic))
    }

    pub fn firewall_at(&self, place: &Place) -> Option<&'a Firewall> {
        let Place::Firewall { id, .. } = place else { return None };
        self.design.firewalls.iter().find(|f| &f.id == id)
    }

    /// The subnet a place sends from (NIC, firewall, gateway or private endpoint).
    pub fn subnet_at(&self, place: &Place) -> Option<&'a Subnet> {
        let d = self.design;
        let id: &Id = match place {
            Place::Nic { .. } => &self.nic_at(place)?.1.subnet,
            Place::Firewall { id, .. } => &d.firewalls.iter().find(|f| &f.id == id)?.subnet,
            Place::Gateway { id, .. } => &d.gateways.iter().find(|g| &g.id == id)?.subnet,
            Place::PrivateEndpoint { id, .. } => &d.private_endpoints.iter().find(|p| &p.id == id)?.subnet,
            _ => return None,
        };
        d.subnet(id)
    }

    /// The VNet (engine index) a place is in.
    pub fn vnet_at(&self, place: &Place) -> Option<VnetIx> {
        self.subnet_at(place).and_then(|s| self.eng.net.vnet_ix(&s.vnet))
    }

    /// The source's VNet, for a flow from a NIC.
    pub fn source_vnet(&self) -> Option<VnetIx> {
        let FlowSource::Nic { id } = &self.trace.flow.from else { return None };
        let nic = self.eng.net.nic_or_vm(id)?;
        self.eng.net.subnets.get(nic.subnet).map(|s| s.vnet)
    }

    /// The source's subnet id, for a flow from a NIC.
    pub fn source_subnet(&self) -> Option<&'a Subnet> {
        let FlowSource::Nic { id } = &self.trace.flow.from else { return None };
        let nic = self.eng.net.nic_or_vm(id)?;
        self.design.subnet(&nic.nic.subnet)
    }

    /// The VNet whose address space holds the destination.
    pub fn destination_vnet(&self) -> Option<VnetIx> {
        (0..self.eng.net.vnets.len()).find(|&v| self.eng.net.in_vnet(v, self.trace.flow.to))
    }

    /// The source address of the flow as it left its source.
    pub fn source_ip(&self) -> Option<Ipv4Addr> {
        self.trace.forward.hops.first().map(|h| h.packet.src)
    }
}
