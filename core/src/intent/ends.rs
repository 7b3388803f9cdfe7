//! An intent's ends as the engine's inputs: a source becomes the NICs or hosts that send, a
//! destination the addresses (or the PaaS name) traffic goes to. A VNet or a subnet means every
//! NIC in it (issue 21 §1); a VM, each of its NICs; a site, each of its hosts.

use crate::catalog::services;
use crate::id::Id;
use crate::model::{Design, FlowSource, IntentEnd};
use ipnet::Ipv4Net;
use std::net::Ipv4Addr;

/// One sender: what the trace starts from, the client the DNS engine resolves for (`None` for
/// the internet, which asks public DNS), and what to call it in a sentence.
#[derive(Clone, Debug)]
pub(crate) struct Sender {
    pub flow: FlowSource,
    pub client: Option<Id>,
    pub name: String,
}

/// One receiver: an address, or a PaaS resource reached by its public name (the client's DNS
/// decides whether that is its private endpoint or its public IP, as for `vnet connect`).
#[derive(Clone, Debug)]
pub(crate) enum Receiver {
    Ip { ip: Ipv4Addr, name: String },
    Service { fqdn: String, name: String },
}

impl Receiver {
    pub fn name(&self) -> &str {
        match self {
            Receiver::Ip { name, .. } | Receiver::Service { name, .. } => name,
        }
    }
}

/// The senders an end stands for, or why it cannot send.
pub(crate) fn senders(design: &Design, end: &IntentEnd) -> Result<Vec<Sender>, String> {
    let id = match end {
        IntentEnd::Internet { ip } => {
            return Ok(vec![Sender {
                flow: FlowSource::Internet { ip: *ip },
                client: None,
                name: format!("internet {ip}"),
            }])
        }
        IntentEnd::Element { id } => id,
    };
    let nic = |vm: &str, n: &crate::model::Nic| Sender {
        flow: FlowSource::Nic { id: n.id.clone() },
        client: Some(n.id.clone()),
        name: format!("{vm} ({})", n.ip),
    };
    let host = |h: &crate::model::OnPremHost| Sender {
        flow: FlowSource::Host { id: h.id.clone() },
        client: Some(h.id.clone()),
        name: format!("{} ({})", h.name, h.ip),
    };
    let out: Vec<Sender> = if let Some(vm) = design.vms.iter().find(|v| &v.id == id) {
        vm.nics.iter().map(|n| nic(&vm.name, n)).collect()
    } else if let Some((vm, n)) = design.nics().find(|(_, n)| &n.id == id) {
        vec![nic(&vm.name, n)]
    } else if let Some(site) = design.sites.iter().find(|s| &s.id == id) {
        site.hosts.iter().map(host).collect()
    } else if let Some(h) = design.sites.iter().flat_map(|s| &s.hosts).find(|h| &h.id == id) {
        vec![host(h)]
    } else if let Some(subnets) = subnets_of(design, id) {
        design.nics().filter(|(_, n)| subnets.contains(&&n.subnet)).map(|(vm, n)| nic(&vm.name, n)).collect()
    } else if exists(design, id) {
        return Err(format!(
            "{} cannot send traffic: start from a VM, NIC, subnet, VNet, on-premises site or host, or the internet",
            crate::lookup::name(design, id)
        ));
    } else {
        return Err(gone(id));
    };
    if out.is_empty() {
        return Err(format!("{} has no VM or host to send from", crate::lookup::name(design, id)));
    }
    Ok(out)
}

/// The receivers an end stands for, or why nothing there can receive.
pub(crate) fn receivers(design: &Design, end: &IntentEnd) -> Result<Vec<Receiver>, String> {
    let id = match end {
        IntentEnd::Internet { ip } => return Ok(vec![Receiver::Ip { ip: *ip, name: format!("internet {ip}") }]),
        IntentEnd::Element { id } => id,
    };
    let ip = |ip: Ipv4Addr, name: &str| Receiver::Ip { ip, name: format!("{name} ({ip})") };
    let out: Vec<Receiver> = if let Some(vm) = design.vms.iter().find(|v| &v.id == id) {
        vm.nics.iter().map(|n| ip(n.ip, &vm.name)).collect()
    } else if let Some((vm, n)) = design.nics().find(|(_, n)| &n.id == id) {
        vec![ip(n.ip, &vm.name)]
    } else if let Some(pe) = design.private_endpoints.iter().find(|p| &p.id == id) {
        vec![ip(pe.ip, &pe.name)]
    } else if let Some(r) = design.paas.iter().find(|p| &p.id == id) {
        let fqdn = public_name(design, id)
            .ok_or_else(|| format!("{} is of a service the catalog does not know ('{}')", r.name, r.service))?;
        vec![Receiver::Service { fqdn, name: r.name.clone() }]
    } else if let Some(f) = design.firewalls.iter().find(|f| &f.id == id) {
        vec![ip(f.private_ip, &f.name)]
    } else if let Some(lb) = design.load_balancers.iter().find(|l| &l.id == id) {
        vec![ip(lb.frontend_ip, &lb.name)]
    } else if let Some(site) = design.sites.iter().find(|s| &s.id == id) {
        site_receivers(&site.name, &site.hosts, &site.prefixes)
    } else if let Some(h) = design.sites.iter().flat_map(|s| &s.hosts).find(|h| &h.id == id) {
        vec![ip(h.ip, &h.name)]
    } else if let Some(subnets) = subnets_of(design, id) {
        let nics = design.nics().filter(|(_, n)| subnets.contains(&&n.subnet)).map(|(vm, n)| ip(n.ip, &vm.name));
        let pes = design.private_endpoints.iter().filter(|p| subnets.contains(&&p.subnet)).map(|p| ip(p.ip, &p.name));
        nics.chain(pes).collect()
    } else if exists(design, id) {
        return Err(format!(
            "{} does not receive traffic: aim at a VM, NIC, subnet, VNet, private endpoint, PaaS resource, firewall, load balancer, on-premises site or host, or the internet",
            crate::lookup::name(design, id)
        ));
    } else {
        return Err(gone(id));
    };
    if out.is_empty() {
        return Err(format!("{} has nothing to receive traffic", crate::lookup::name(design, id)));
    }
    Ok(out)
}

/// A site's hosts; a site without hosts stands for the first address of each of its prefixes
/// (Sim choice: any address of the site is routed alike, P-12, and the first is as good as any).
fn site_receivers(site: &str, hosts: &[crate::model::OnPremHost], prefixes: &[Ipv4Net]) -> Vec<Receiver> {
    if hosts.is_empty() {
        let first = |p: &Ipv4Net| Ipv4Addr::from(u32::from(p.network()).saturating_add(1));
        return prefixes
            .iter()
            .map(|p| Receiver::Ip { ip: first(p), name: format!("{site} ({})", first(p)) })
            .collect();
    }
    hosts.iter().map(|h| Receiver::Ip { ip: h.ip, name: format!("{} ({})", h.name, h.ip) }).collect()
}

/// The subnets a subnet or VNet id stands for.
fn subnets_of<'d>(design: &'d Design, id: &Id) -> Option<Vec<&'d Id>> {
    if let Some(s) = design.subnets.iter().find(|s| &s.id == id) {
        return Some(vec![&s.id]);
    }
    let vnet = &design.vnets.iter().find(|v| &v.id == id)?.id;
    Some(design.subnets_of(vnet).map(|s| &s.id).collect())
}

/// Whether the destination is a PaaS resource (reached by name: checking it needs DNS).
pub(crate) fn is_paas(design: &Design, end: &IntentEnd) -> bool {
    matches!(end, IntentEnd::Element { id } if design.paas.iter().any(|p| &p.id == id))
}

/// A PaaS resource's public name: its name under its service's first public zone (D-10).
pub(crate) fn public_name(design: &Design, id: &Id) -> Option<String> {
    let r = design.paas_resource(id)?;
    let sub = services::service(&r.service)?.sub_resources.first()?;
    Some(format!("{}.{}", r.name.to_ascii_lowercase(), sub.public_zone))
}

fn exists(design: &Design, id: &Id) -> bool {
    design.elements().iter().any(|e| e.id == id)
}

fn gone(id: &Id) -> String {
    format!("'{id}' is not in the design (removed?): edit the intent or remove it")
}
