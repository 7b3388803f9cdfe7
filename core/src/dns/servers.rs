//! The servers a query meets: the client's choice (D-1, D-3), DNS server VMs (D-4), Private
//! Resolver inbound endpoints (D-20), Azure Firewall DNS proxy, on-premises DNS servers (D-13),
//! Azure-provided DNS in a VNet's context with its zones and ruleset (D-2, D-5..D-12, D-21,
//! D-22), and public DNS (D-10, D-11). Each hop to another server crosses the network (`legs`).

use super::engine::Entry;
use super::index::{Client, Public, Record, Server};
use super::{in_zone, Answer, DnsEngine, DnsStep, AZURE_DNS, MAX_DEPTH};
use crate::id::Id;
use crate::model::{DnsTarget, FlowSource, RecordData, ResolutionPolicy};
use crate::network::VnetIx;
use crate::packet::RuleId;
use std::net::Ipv4Addr;

/// Azure-reserved domains a `.` forwarding rule does not capture (D-21).
const AZURE_RESERVED: [&str; 3] = ["windows.net", "azure.com", "azure.net"];

/// Who sends a query on to the next server.
struct Sender<'a> {
    source: FlowSource,
    name: &'a str,
    element: Option<&'a Id>,
    ip: Option<Ipv4Addr>,
    /// The VNet whose context 168.63.129.16 answers in, if the sender is in Azure.
    vnet: Option<VnetIx>,
}

pub(super) struct Resolver<'r, 'e, 'd> {
    dns: &'r DnsEngine<'e, 'd>,
    pub steps: Vec<DnsStep>,
    chain: Vec<String>,
    /// Servers already asked, with the name: a second visit is a loop (D-23). Few: a Vec.
    visited: Vec<(Ipv4Addr, String)>,
}

impl<'r, 'e, 'd> Resolver<'r, 'e, 'd> {
    pub fn new(dns: &'r DnsEngine<'e, 'd>) -> Self {
        Resolver { dns, steps: Vec::new(), chain: Vec::new(), visited: Vec::new() }
    }

    fn step(&mut self, at: &str, element: Option<&Id>, question: &str, rule: RuleId, detail: String) {
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
    fn forward(&mut self, from: &Sender, targets: &[DnsTarget], name: &str, depth: usize) -> Answer {
        match self.reach(from, targets, name) {
            Ok(ip) => self.ask(ip, from.vnet, name, depth + 1),
            Err(a) => a,
        }
    }

    /// A query arriving at the server `ip`; `asker_vnet` is the VNet of whoever sends it.
    fn ask(&mut self, ip: Ipv4Addr, asker_vnet: Option<VnetIx>, name: &str, depth: usize) -> Answer {
        if depth > MAX_DEPTH || self.visited.iter().any(|(i, n)| *i == ip && n == name) {
            let detail = format!("the query for {name} came back to {ip}, which already forwarded it");
            self.step(&ip.to_string(), None, name, "D-23", detail);
            return Answer::ServFail { reason: "forwarding loop".into() };
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
                let Some(fwd) = dns.ix.vm_forwarders.get(&i) else {
                    self.step(&n.vm.name, Some(&n.vm.id), name, "D-3", format!("'{}' is not a DNS server", n.vm.name));
                    return Answer::ServFail { reason: format!("{} does not answer DNS", n.vm.name) };
                };
                let (targets, why) = match fwd.longest(name) {
                    Some((domain, t)) => (*t, format!("conditional forwarder for {domain}")),
                    None => (fwd.default, "its default forwarder".to_string()),
                };
                if targets.is_empty() {
                    let detail = format!("DNS server '{}' resolves it on the public internet", n.vm.name);
                    self.step(&n.vm.name, Some(&n.vm.id), name, "D-4", detail);
                    return self.public(name, None, depth + 1);
                }
                let listed = list(targets);
                let detail = format!("DNS server '{}' forwards to {listed} ({why})", n.vm.name);
                self.step(&n.vm.name, Some(&n.vm.id), name, "D-4", detail);
                let sender = Sender {
                    source: FlowSource::Nic { id: n.nic.id.clone() },
                    name: &n.vm.name,
                    element: Some(&n.vm.id),
                    ip: Some(n.nic.ip),
                    vnet: Some(net.subnets[n.subnet].vnet),
                };
                self.forward(&sender, targets, name, depth)
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
            Some(Server::OnPrem(s, d)) => self.onprem(s, d, name, depth),
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

    /// An on-premises DNS server (D-13): its own records, then conditional forwarders, then its
    /// default forwarders, else public recursion.
    fn onprem(&mut self, s: usize, d: usize, name: &str, depth: usize) -> Answer {
        let dns = self.dns;
        let Some(server) = dns.eng.net.design.sites.get(s).and_then(|site| site.dns_servers.get(d)) else {
            return Answer::ServFail { reason: "unknown on-premises DNS server".into() };
        };
        let own = server.records.iter().find(|r| r.name.trim_end_matches('.').eq_ignore_ascii_case(name));
        if let Some(RecordData::A { ips }) = own.map(|r| &r.data) {
            let detail = format!("'{}' answers from its own records", server.name);
            self.step(&server.name, Some(&server.id), name, "D-13", detail);
            return Answer::A { ips: ips.clone(), chain: self.chain.clone() };
        }
        let Some(fwd) = dns.ix.onprem_forwarders.get(&(s, d)) else {
            return Answer::ServFail { reason: "unknown on-premises DNS server".into() };
        };
        let (targets, why) = match fwd.longest(name) {
            Some((domain, t)) => (*t, format!("conditional forwarder for {domain}")),
            None => (fwd.default, "its default forwarder".to_string()),
        };
        if targets.is_empty() {
            let detail =
                format!("'{}' has no forwarder for {name}: it resolves it on the public internet", server.name);
            self.step(&server.name, Some(&server.id), name, "D-13", detail);
            return self.public(name, None, depth + 1);
        }
        let listed = list(targets);
        self.step(
            &server.name,
            Some(&server.id),
            name,
            "D-13",
            format!("'{}' forwards to {listed} ({why})", server.name),
        );
        let sender = Sender {
            source: FlowSource::Host { id: server.id.clone() },
            name: &server.name,
            element: Some(&server.id),
            ip: Some(server.ip),
            vnet: None,
        };
        self.forward(&sender, targets, name, depth)
    }

    /// Azure-provided DNS for a query from VNet `vnet` (D-2, D-22: one algorithm): linked private
    /// zones (D-5, D-7, D-8, D-11, D-12), then the VNet's ruleset (D-21), then Azure host names,
    /// then public DNS.
    fn azure(&mut self, vnet: VnetIx, name: &str, depth: usize) -> Answer {
        if depth > MAX_DEPTH {
            self.step("Azure DNS", None, name, "D-23", "too many CNAMEs or forwards".into());
            return Answer::ServFail { reason: "forwarding loop".into() };
        }
        let dns = self.dns;
        let net = &dns.eng.net;
        let at = dns.ix.azure_at[vnet].as_str();
        let linked = &dns.ix.linked[vnet];
        let mut matching = linked.iter().filter(|(z, _)| in_zone(name, &dns.ix.zones[*z].name));
        let first = matching.next();
        let several = matching.next().is_some();
        let best = linked
            .iter()
            .filter(|(z, _)| in_zone(name, &dns.ix.zones[*z].name))
            .max_by_key(|(z, _)| dns.ix.zones[*z].name.len());
        if let (Some(_), Some(&(z, policy))) = (first, best) {
            return self.zone(vnet, at, z, policy, several, name, depth);
        }
        if let Some(answer) = self.ruleset(vnet, at, name, depth) {
            return answer;
        }
        if let Some(host) = name.strip_suffix(".internal.cloudapp.net") {
            if let Some(ip) = dns.ix.hostnames[vnet].get(host) {
                let detail = format!("Azure-provided host name of a VM in '{}': {ip}", net.vnet_name(vnet));
                self.step(at, None, name, "D-2", detail);
                return Answer::A { ips: vec![*ip], chain: self.chain.clone() };
            }
        }
        self.public(name, Some(vnet), depth)
    }

    /// The linked zone `z` is authoritative for `name` (D-7: the longest suffix among linked zones).
    #[allow(clippy::too_many_arguments)]
    fn zone(
        &mut self,
        vnet: VnetIx,
        at: &str,
        z: usize,
        policy: ResolutionPolicy,
        several: bool,
        name: &str,
        depth: usize,
    ) -> Answer {
        let dns = self.dns;
        let zone = &dns.ix.zones[z];
        let model = &dns.eng.net.design.dns_zones[zone.ix];
        let relative = name.strip_suffix(zone.name.as_str()).unwrap_or("").trim_end_matches('.');
        let relative = if relative.is_empty() { "@" } else { relative };
        let rule = if several { "D-7" } else { "D-2" };
        let which = if several {
            format!("linked zone '{}' (the longest matching suffix among the linked zones)", zone.name)
        } else {
            format!("linked zone '{}'", zone.name)
        };
        match zone.records.get(relative).copied() {
            Some(Record::Manual(RecordData::A { ips })) => {
                let listed = list(ips);
                self.step(at, Some(&model.id), name, rule, format!("{which} has {relative}: A {listed}"));
                Answer::A { ips: ips.clone(), chain: self.chain.clone() }
            }
            Some(Record::Auto { ip, nic }) => {
                let vm = &dns.eng.net.nics[nic].vm.name;
                let detail = format!("{which} has {relative}: A {ip}, registered automatically for VM '{vm}'");
                self.step(at, Some(&model.id), name, "D-6", detail);
                Answer::A { ips: vec![ip], chain: self.chain.clone() }
            }
            Some(Record::Manual(RecordData::Cname { target })) => {
                let target = super::normalize(target);
                self.step(at, Some(&model.id), name, rule, format!("{which}: CNAME {target}"));
                self.chain.push(target.clone());
                self.azure(vnet, &target, depth + 1)
            }
            None => {
                if zone.name.starts_with("privatelink.") && policy == ResolutionPolicy::NxDomainRedirect {
                    let detail = format!("'{}' has no {relative}; fallback to internet (NxDomainRedirect)", zone.name);
                    self.step(at, Some(&model.id), name, "D-12", detail);
                    return self.public(name, None, depth + 1);
                }
                let shadows = dns.ix.public_zones.iter().any(|p| in_zone(p, &zone.name));
                let (rule, detail) = if shadows {
                    let d =
                        format!("{which} shadows the public domain (split horizon) and has no {relative}: NXDOMAIN");
                    ("D-8", d)
                } else {
                    let d = format!("{which} is authoritative but has no {relative}: NXDOMAIN");
                    (if several { "D-7" } else { "D-11" }, d)
                };
                self.step(at, Some(&model.id), name, rule, detail);
                Answer::NxDomain { chain: self.chain.clone() }
            }
        }
    }

    /// The ruleset linked to `vnet` (D-21, D-22): the enabled rule with the longest matching
    /// domain forwards through the ruleset's outbound endpoint. `None` = no rule applies.
    fn ruleset(&mut self, vnet: VnetIx, at: &str, name: &str, depth: usize) -> Option<Answer> {
        let dns = self.dns;
        let design = dns.eng.net.design;
        let rs_ix = dns.ix.ruleset[vnet]?;
        let rs = &design.rulesets[rs_ix];
        let rules = &dns.ix.ruleset_rules[rs_ix];
        let reserved = AZURE_RESERVED.iter().find(|z| in_zone(name, z));
        let best = rules
            .iter()
            .filter(|(d, r)| r.enabled && in_zone(name, d))
            .filter(|(d, _)| !d.is_empty() || reserved.is_none())
            .max_by_key(|(d, _)| d.len());
        let Some((_, rule)) = best else {
            if let (Some(z), true) = (reserved, rules.iter().any(|(d, r)| r.enabled && d.is_empty())) {
                let detail = format!("ruleset '{}': the '.' rule does not capture the Azure domain {z}", rs.name);
                self.step(at, Some(&rs.id), name, "D-21", detail);
            }
            return None;
        };
        let listed = list(&rule.targets);
        let detail = format!(
            "ruleset '{}': rule '{}' ({}) is the most specific match; forwards to {listed}",
            rs.name, rule.name, rule.domain
        );
        self.step(at, Some(&rs.id), name, "D-22", detail);
        let endpoint = rs
            .outbound_endpoints
            .iter()
            .find_map(|id| design.resolvers.iter().flat_map(|r| &r.outbound_endpoints).find(|e| &e.id == id));
        let answer = match endpoint {
            Some(ep) => {
                let sender = Sender {
                    source: FlowSource::Nic { id: ep.id.clone() },
                    name: &ep.name,
                    element: Some(&ep.id),
                    ip: None,
                    vnet: None,
                };
                self.forward(&sender, &rule.targets, name, depth)
            }
            // A ruleset without an outbound endpoint: no network leg to check.
            None => match rule.targets.first() {
                Some(t) => self.ask(t.ip, None, name, depth + 1),
                None => Answer::ServFail { reason: format!("rule '{}' has no target", rule.name) },
            },
        };
        Some(answer)
    }

    /// Public recursion; a CNAME from public DNS is followed in the Azure context if there is one (D-11).
    pub fn public(&mut self, name: &str, azure_context: Option<VnetIx>, depth: usize) -> Answer {
        let dns = self.dns;
        match dns.ix.public.get(name) {
            Some(&Public::Name { cname: None, ip } | &Public::Privatelink { ip }) => {
                self.step("public DNS", None, name, "D-11", format!("public answer: {ip}"));
                Answer::A { ips: vec![ip], chain: self.chain.clone() }
            }
            Some(Public::Name { cname: Some(target), .. }) => {
                let detail = format!("public CNAME {target} (a private endpoint exists for this name)");
                self.step("public DNS", None, name, "D-10", detail);
                self.chain.push(target.clone());
                match azure_context {
                    Some(v) => self.azure(v, target, depth + 1),
                    None => self.public(target, None, depth + 1),
                }
            }
            None => {
                self.step("public DNS", None, name, "D-11", "no such public name: NXDOMAIN".into());
                Answer::NxDomain { chain: self.chain.clone() }
            }
        }
    }
}

/// "a, b, c" in one string (step texts are built on every resolution: one allocation, not n + 2).
fn list<T: std::fmt::Display>(items: &[T]) -> String {
    use std::fmt::Write;
    let mut out = String::new();
    for (i, item) in items.iter().enumerate() {
        let _ = write!(out, "{}{item}", if i == 0 { "" } else { ", " });
    }
    out
}
