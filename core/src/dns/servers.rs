//! The servers a query meets: the client's choice (D-1, D-3), then whoever answers at an address:
//! DNS server VMs (D-4) and on-premises DNS servers (D-13), both in `recursive`; Private Resolver
//! inbound endpoints (D-20) and Azure Firewall DNS proxy, which ask Azure-provided DNS in their
//! VNet (`azure`); public resolvers (`public`). Each hop to another server crosses the network
//! (`legs`).

use super::engine::Entry;
use super::index::{Client, Server};
use super::recursive::Srv;
use super::{Answer, DnsEngine, DnsStep, AZURE_DNS, MAX_DEPTH};
use crate::id::Id;
use crate::model::{DnsTarget, FlowSource};
use crate::network::VnetIx;
use crate::packet::RuleId;
use std::net::Ipv4Addr;

/// Who sends a query on to the next server.
pub(super) struct Sender<'a> {
    pub source: FlowSource,
    pub name: &'a str,
    pub element: Option<&'a Id>,
    pub ip: Option<Ipv4Addr>,
    /// The VNet whose context 168.63.129.16 answers in, if the sender is in Azure.
    pub vnet: Option<VnetIx>,
}

pub(super) struct Resolver<'r, 'e, 'd> {
    pub(super) dns: &'r DnsEngine<'e, 'd>,
    pub steps: Vec<DnsStep>,
    /// The CNAME targets met so far, in order: the answer's chain.
    pub(super) chain: Vec<String>,
    /// Servers already asked, with the name: a second visit is a loop (D-23). Few: a Vec.
    visited: Vec<(Ipv4Addr, String)>,
}

impl<'r, 'e, 'd> Resolver<'r, 'e, 'd> {
    pub fn new(dns: &'r DnsEngine<'e, 'd>) -> Self {
        Resolver { dns, steps: Vec::new(), chain: Vec::new(), visited: Vec::new() }
    }

    pub(super) fn step(&mut self, at: &str, element: Option<&Id>, question: &str, rule: RuleId, detail: String) {
        self.steps.push(DnsStep {
            at: at.to_string(),
            element: element.cloned(),
            question: question.to_string(),
            detail,
            rule,
            leg: None,
        });
    }

    /// The whole resolution for a client.
    pub fn client(&mut self, client: Client, name: &str) -> Answer {
        match self.entry(client, name) {
            Ok(e) => self.resume(e, name),
            Err(a) => a,
        }
    }

    /// From where the query entered (see [`Entry`]).
    pub fn resume(&mut self, entry: Entry, name: &str) -> Answer {
        match entry {
            Entry::Server(ip, vnet) => self.ask(ip, vnet, name, 0),
            Entry::Public => self.public(name, None, 0),
        }
    }

    /// The client's own choice of server (D-1, D-3; NIC over VNet, in order of preference) and
    /// the leg to it. `Err` = no server could be reached.
    pub fn entry(&mut self, client: Client, name: &str) -> Result<Entry, Answer> {
        let net = &self.dns.eng.net;
        let design = net.design;
        match client {
            Client::Nic(i) => {
                let n = net.nics[i];
                let vnet = net.subnets[n.subnet].vnet;
                let (servers, rule, why) = if !n.nic.dns_servers.is_empty() {
                    (n.nic.dns_servers.as_slice(), "D-3", "the NIC's own DNS setting")
                } else if !net.vnets[vnet].dns_servers.is_empty() {
                    (net.vnets[vnet].dns_servers.as_slice(), "D-3", "its VNet's custom DNS servers")
                } else {
                    (&[AZURE_DNS][..], "D-1", "Azure-provided DNS (no custom DNS servers)")
                };
                let listed = list(servers);
                self.step(&n.vm.name, Some(&n.vm.id), name, rule, format!("'{}' asks {listed}: {why}", n.vm.name));
                let sender = Sender {
                    source: FlowSource::Nic { id: n.nic.id.clone() },
                    name: &n.vm.name,
                    element: Some(&n.vm.id),
                    ip: Some(n.nic.ip),
                    vnet: Some(vnet),
                };
                let targets: Vec<DnsTarget> = servers.iter().map(|ip| DnsTarget::new(*ip)).collect();
                // The VNet context matters only to 168.63.129.16: clients of one custom server share it.
                self.reach(&sender, &targets, name).map(|ip| Entry::Server(ip, (ip == AZURE_DNS).then_some(vnet)))
            }
            Client::Host(s, h) => {
                let Some(host) = design.sites.get(s).and_then(|site| site.hosts.get(h)) else {
                    return Err(Answer::ServFail { reason: "unknown host".into() });
                };
                let Some(server) = host.dns_server else { return Ok(Entry::Public) };
                self.step(
                    &host.name,
                    Some(&host.id),
                    name,
                    "D-13",
                    format!("'{}' asks its DNS server {server}", host.name),
                );
                let sender = Sender {
                    source: FlowSource::Host { id: host.id.clone() },
                    name: &host.name,
                    element: Some(&host.id),
                    ip: Some(host.ip),
                    vnet: None,
                };
                self.reach(&sender, &[DnsTarget::new(server)], name).map(|ip| Entry::Server(ip, None))
            }
        }
    }

    /// Tries `targets` in order (failover, D-21) and returns the first whose leg gets through.
    /// 168.63.129.16 is answered by the host of a NIC in Azure (the leg shows only NSG rules on
    /// its platform tag, N-9), and is never reachable from outside Azure (D-13, decided by `ask`).
    fn reach(&mut self, from: &Sender, targets: &[DnsTarget], name: &str) -> Result<Ipv4Addr, Answer> {
        let mut failure = Answer::ServFail { reason: "no DNS server to ask".into() };
        for t in targets {
            let untraced = t.ip == AZURE_DNS && !matches!(from.source, FlowSource::Nic { .. } if from.ip.is_some());
            if untraced || Some(t.ip) == from.ip {
                return Ok(t.ip);
            }
            let leg = self.dns.leg(&from.source, t.ip, t.port);
            self.steps.push(DnsStep {
                at: from.name.to_string(),
                element: from.element.cloned(),
                question: name.to_string(),
                detail: leg.detail.clone(),
                rule: leg.rule,
                leg: Some(leg.leg.clone()),
            });
            if leg.ok {
                return Ok(t.ip);
            }
            failure = Answer::ServFail { reason: leg.detail.clone() };
        }
        Err(failure)
    }

    /// Sends the query on from `from` to the first reachable target, then asks it.
    pub(super) fn forward(&mut self, from: &Sender, targets: &[DnsTarget], name: &str, depth: usize) -> Answer {
        match self.reach(from, targets, name) {
            Ok(ip) => self.ask(ip, from.vnet, name, depth + 1),
            Err(a) => a,
        }
    }

    /// A query arriving at the server `ip`; `asker_vnet` is the VNet of whoever sends it.
    pub(super) fn ask(&mut self, ip: Ipv4Addr, asker_vnet: Option<VnetIx>, name: &str, depth: usize) -> Answer {
        if self.visited.iter().any(|(i, n)| *i == ip && n == name) {
            let detail = format!("the query for {name} came back to {ip}, which already forwarded it");
            self.step(&ip.to_string(), None, name, "D-23", detail);
            return Answer::ServFail { reason: "forwarding loop".into() };
        }
        if depth > MAX_DEPTH {
            // D-4: a chain of forwarders, each sending the query on to the next.
            return self.too_deep(&ip.to_string(), None, name, "D-4");
        }
        self.visited.push((ip, name.to_string()));
        if ip == AZURE_DNS {
            return match asker_vnet {
                Some(v) => self.azure(v, name, depth),
                None => {
                    let detail = "168.63.129.16 cannot be reached from outside Azure".to_string();
                    self.step("168.63.129.16", None, name, "D-13", detail);
                    Answer::ServFail { reason: "on-premises cannot query 168.63.129.16".into() }
                }
            };
        }
        let dns = self.dns;
        let net = &dns.eng.net;
        let design = net.design;
        match dns.ix.servers.get(&ip).copied() {
            Some(Server::Nic(i)) => {
                let n = net.nics[i];
                let Some(cfg) = dns.ix.vm_config.get(&i) else {
                    self.step(&n.vm.name, Some(&n.vm.id), name, "D-3", format!("'{}' is not a DNS server", n.vm.name));
                    return Answer::ServFail { reason: format!("{} does not answer DNS", n.vm.name) };
                };
                let srv = Srv {
                    cfg,
                    who: format!("DNS server '{}'", n.vm.name),
                    rule: "D-4",
                    sender: Sender {
                        source: FlowSource::Nic { id: n.nic.id.clone() },
                        name: &n.vm.name,
                        element: Some(&n.vm.id),
                        ip: Some(n.nic.ip),
                        vnet: Some(net.subnets[n.subnet].vnet),
                    },
                };
                self.recursive(&srv, name, depth)
            }
            Some(Server::Inbound(r, e)) => {
                let res = &design.resolvers[r];
                let ep = &res.inbound_endpoints[e];
                let Some(v) = net.vnet_ix(&res.vnet) else {
                    return Answer::ServFail { reason: format!("the VNet of resolver '{}' is unknown", res.name) };
                };
                let detail = format!("inbound endpoint '{}' resolves as VNet '{}'", ep.name, net.vnet_name(v));
                self.step(&ep.name, Some(&ep.id), name, "D-20", detail);
                self.azure(v, name, depth + 1)
            }
            Some(Server::Firewall(f, v)) if design.firewalls[f].dns_proxy => {
                let fw = &design.firewalls[f];
                let detail = format!("firewall '{}' DNS proxy asks Azure DNS from its VNet", fw.name);
                self.step(&fw.name, Some(&fw.id), name, "D-4", detail);
                self.azure(v, name, depth + 1)
            }
            Some(Server::OnPrem(s, d)) => {
                let server = design.sites.get(s).and_then(|site| site.dns_servers.get(d));
                let (Some(server), Some(cfg)) = (server, dns.ix.onprem_config.get(&(s, d))) else {
                    return Answer::ServFail { reason: "unknown on-premises DNS server".into() };
                };
                let srv = Srv {
                    cfg,
                    who: format!("'{}'", server.name),
                    rule: "D-13",
                    sender: Sender {
                        source: FlowSource::Host { id: server.id.clone() },
                        name: &server.name,
                        element: Some(&server.id),
                        ip: Some(server.ip),
                        vnet: None,
                    },
                };
                self.recursive(&srv, name, depth)
            }
            Some(Server::Firewall(f, _)) => {
                let fw = &design.firewalls[f];
                let detail = format!("firewall '{}' has DNS proxy off: it does not answer DNS", fw.name);
                self.step(&fw.name, Some(&fw.id), name, "D-4", detail);
                Answer::ServFail { reason: format!("{} does not answer DNS", fw.name) }
            }
            None if !super::is_private(ip) => {
                let detail = format!("{ip} is a public DNS resolver: it resolves {name} on the internet");
                self.step(&ip.to_string(), None, name, "D-2", detail);
                self.public(name, None, depth + 1)
            }
            None => {
                self.step(&ip.to_string(), None, name, "D-3", format!("no DNS server answers at {ip}"));
                Answer::ServFail { reason: format!("no DNS server at {ip}") }
            }
        }
    }
}

/// "a, b, c" in one string (step texts are built on every resolution: one allocation, not n + 2).
pub(super) fn list<T: std::fmt::Display>(items: &[T]) -> String {
    use std::fmt::Write;
    let mut out = String::new();
    for (i, item) in items.iter().enumerate() {
        let _ = write!(out, "{}{item}", if i == 0 { "" } else { ", " });
    }
    out
}
