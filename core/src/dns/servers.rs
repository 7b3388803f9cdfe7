//! The servers a query meets: Azure-provided DNS in a VNet's context (D-2, D-22), DNS server VMs
//! (D-3, D-4), Private Resolver inbound endpoints (D-20), Azure Firewall DNS proxy, on-premises
//! DNS servers (D-13), and public DNS.

use super::public::{self, PublicAnswer};
use super::{in_zone, normalize, Answer, DnsError, DnsStep, AZURE_DNS, MAX_DEPTH};
use crate::id::Id;
use crate::model::{ConditionalForwarder, Design, FlowSource, RecordData, ResolutionPolicy, VmRole};
use crate::packet::RuleId;
use std::collections::HashSet;
use std::net::Ipv4Addr;

/// Azure-reserved domains a `.` forwarding rule does not capture (D-21).
const AZURE_RESERVED: [&str; 3] = ["windows.net", "azure.com", "azure.net"];

pub(super) struct Resolver<'d> {
    design: &'d Design,
    pub steps: Vec<DnsStep>,
    chain: Vec<String>,
    visited: HashSet<(Ipv4Addr, String)>,
}

impl<'d> Resolver<'d> {
    pub fn new(design: &'d Design) -> Self {
        Resolver { design, steps: Vec::new(), chain: Vec::new(), visited: HashSet::new() }
    }

    fn step(&mut self, at: &str, element: Option<&Id>, question: &str, rule: RuleId, detail: String) {
        self.steps.push(DnsStep {
            at: at.to_string(),
            element: element.cloned(),
            question: question.to_string(),
            detail,
            rule,
        });
    }

    /// The client's own choice of server (D-1, D-3), then the query.
    pub fn client(&mut self, from: &str, name: &str) -> Result<Answer, DnsError> {
        let source =
            crate::lookup::flow_source(self.design, from).ok_or_else(|| DnsError::UnknownClient(from.into()))?;
        match source {
            FlowSource::Nic { id } => {
                let (vm, nic) =
                    self.design.nics().find(|(_, n)| n.id == id).ok_or(DnsError::UnknownClient(from.into()))?;
                let vnet = self.design.subnet(&nic.subnet).map(|s| s.vnet.clone());
                let vnet_servers = vnet.as_ref().and_then(|v| self.design.vnet(v)).map(|v| v.dns_servers.clone());
                let (server, rule, why) = if let Some(ip) = nic.dns_servers.first() {
                    (*ip, "D-3", "the NIC's own DNS setting".to_string())
                } else if let Some(ip) = vnet_servers.as_ref().and_then(|s| s.first()) {
                    (*ip, "D-3", "its VNet's custom DNS servers".to_string())
                } else {
                    (AZURE_DNS, "D-1", "Azure-provided DNS (no custom DNS servers)".to_string())
                };
                self.step(&vm.name, Some(&vm.id), name, rule, format!("'{}' asks {server}: {why}", vm.name));
                Ok(self.ask(server, vnet.as_ref(), name, 0))
            }
            FlowSource::Host { id } => {
                let host = self.design.sites.iter().flat_map(|s| &s.hosts).find(|h| h.id == id);
                let Some(host) = host else { return Err(DnsError::UnknownClient(from.into())) };
                match host.dns_server {
                    Some(server) => {
                        self.step(
                            &host.name,
                            Some(&host.id),
                            name,
                            "D-13",
                            format!("'{}' asks its DNS server {server}", host.name),
                        );
                        Ok(self.ask(server, None, name, 0))
                    }
                    None => Ok(self.public(name, None, 0)),
                }
            }
            FlowSource::Internet { .. } => Ok(self.public(name, None, 0)),
        }
    }

    /// A query arriving at the server `ip`; `asker_vnet` is the VNet of whoever sends it.
    fn ask(&mut self, ip: Ipv4Addr, asker_vnet: Option<&Id>, name: &str, depth: usize) -> Answer {
        if depth > MAX_DEPTH || !self.visited.insert((ip, name.to_string())) {
            self.step(
                &ip.to_string(),
                None,
                name,
                "D-23",
                "the query came back to a server that already forwarded it".into(),
            );
            return Answer::ServFail { reason: "forwarding loop".into() };
        }
        let design = self.design;
        if ip == AZURE_DNS {
            return match asker_vnet {
                Some(v) => self.azure(v, name, depth),
                None => {
                    self.step(
                        "168.63.129.16",
                        None,
                        name,
                        "D-13",
                        "168.63.129.16 cannot be reached from outside Azure".into(),
                    );
                    Answer::ServFail { reason: "on-premises cannot query 168.63.129.16".into() }
                }
            };
        }
        if let Some((vm, nic)) = design.nics().find(|(_, n)| n.ip == ip) {
            let vnet = design.subnet(&nic.subnet).map(|s| s.vnet.clone());
            let VmRole::DnsServer(cfg) = &vm.role else {
                self.step(&vm.name, Some(&vm.id), name, "D-3", format!("'{}' is not a DNS server", vm.name));
                return Answer::ServFail { reason: format!("{} does not answer DNS", vm.name) };
            };
            let next = longest(&cfg.conditional_forwarders, name)
                .map(|f| (f.targets.first().map(|t| t.ip), format!("conditional forwarder for {}", f.domain)))
                .unwrap_or((cfg.forward_all_to.first().map(|t| t.ip), "its default forwarder".into()));
            return match next {
                (Some(target), why) => {
                    self.step(
                        &vm.name,
                        Some(&vm.id),
                        name,
                        "D-4",
                        format!("DNS server '{}' forwards to {target} ({why})", vm.name),
                    );
                    self.ask(target, vnet.as_ref(), name, depth + 1)
                }
                (None, _) => self.public(name, None, depth + 1),
            };
        }
        if let Some((r, ep)) =
            design.resolvers.iter().find_map(|r| r.inbound_endpoints.iter().find(|e| e.ip == ip).map(|e| (r, e)))
        {
            self.step(
                &ep.name,
                Some(&ep.id),
                name,
                "D-20",
                format!("inbound endpoint '{}' resolves as VNet '{}'", ep.name, self.vnet_name(&r.vnet)),
            );
            return self.azure(&r.vnet.clone(), name, depth + 1);
        }
        if let Some(fw) = design.firewalls.iter().find(|f| f.private_ip == ip && f.dns_proxy) {
            let vnet = design.subnet(&fw.subnet).map(|s| s.vnet.clone());
            self.step(
                &fw.name,
                Some(&fw.id),
                name,
                "D-4",
                format!("firewall '{}' DNS proxy asks Azure DNS from its VNet", fw.name),
            );
            return match vnet {
                Some(v) => self.azure(&v, name, depth + 1),
                None => Answer::ServFail { reason: "the firewall's subnet is unknown".into() },
            };
        }
        if let Some(server) = design.sites.iter().flat_map(|s| &s.dns_servers).find(|d| d.ip == ip) {
            if let Some(rec) = server.records.iter().find(|r| normalize(&r.name) == name) {
                if let RecordData::A { ips } = &rec.data {
                    self.step(
                        &server.name,
                        Some(&server.id),
                        name,
                        "D-13",
                        format!("'{}' answers from its own records", server.name),
                    );
                    return Answer::A { ips: ips.clone(), chain: self.chain.clone() };
                }
            }
            let next = longest(&server.conditional_forwarders, name)
                .map(|f| (f.targets.first().map(|t| t.ip), format!("conditional forwarder for {}", f.domain)))
                .unwrap_or((server.default_forwarders.first().map(|t| t.ip), "its default forwarder".into()));
            return match next {
                (Some(target), why) => {
                    self.step(
                        &server.name,
                        Some(&server.id),
                        name,
                        "D-13",
                        format!("'{}' forwards to {target} ({why})", server.name),
                    );
                    self.ask(target, None, name, depth + 1)
                }
                (None, _) => {
                    self.step(
                        &server.name,
                        Some(&server.id),
                        name,
                        "D-13",
                        format!("'{}' resolves it on the public internet", server.name),
                    );
                    self.public(name, None, depth + 1)
                }
            };
        }
        self.step(&ip.to_string(), None, name, "D-3", format!("no DNS server answers at {ip}"));
        Answer::ServFail { reason: format!("no DNS server at {ip}") }
    }

    /// Azure-provided DNS for a query from VNet `vnet` (D-2, D-7, D-11, D-12, D-22).
    fn azure(&mut self, vnet: &Id, name: &str, depth: usize) -> Answer {
        let design = self.design;
        let at = format!("Azure DNS in '{}'", self.vnet_name(vnet));
        let zone = design
            .dns_zones
            .iter()
            .filter(|z| z.links.iter().any(|l| &l.vnet == vnet) && in_zone(name, &z.name))
            .max_by_key(|z| z.name.len());
        if let Some(zone) = zone {
            let relative = name.strip_suffix(&normalize(&zone.name)).unwrap_or("").trim_end_matches('.');
            let relative = if relative.is_empty() { "@" } else { relative };
            let record = zone.records.iter().find(|r| r.name.eq_ignore_ascii_case(relative));
            match record.map(|r| &r.data) {
                Some(RecordData::A { ips }) => {
                    self.step(
                        &at,
                        Some(&zone.id),
                        name,
                        "D-2",
                        format!("linked zone '{}' has {relative}: {ips:?}", zone.name),
                    );
                    return Answer::A { ips: ips.clone(), chain: self.chain.clone() };
                }
                Some(RecordData::Cname { target }) => {
                    let target = normalize(target);
                    self.step(&at, Some(&zone.id), name, "D-2", format!("linked zone '{}': CNAME {target}", zone.name));
                    self.chain.push(target.clone());
                    return self.azure(vnet, &target, depth + 1);
                }
                None => {
                    let redirect = zone.name.starts_with("privatelink.")
                        && zone
                            .links
                            .iter()
                            .any(|l| &l.vnet == vnet && l.resolution_policy == ResolutionPolicy::NxDomainRedirect);
                    if redirect {
                        self.step(
                            &at,
                            Some(&zone.id),
                            name,
                            "D-12",
                            format!("'{}' has no {relative}; fallback to internet", zone.name),
                        );
                        return self.public(name, None, depth + 1);
                    }
                    self.step(
                        &at,
                        Some(&zone.id),
                        name,
                        "D-11",
                        format!("linked zone '{}' is authoritative but has no {relative}: NXDOMAIN", zone.name),
                    );
                    return Answer::NxDomain { chain: self.chain.clone() };
                }
            }
        }
        let rule = design
            .rulesets
            .iter()
            .filter(|rs| rs.vnet_links.contains(vnet))
            .flat_map(|rs| rs.rules.iter())
            .filter(|r| r.enabled && in_zone(name, &r.domain))
            .filter(|r| !normalize(&r.domain).is_empty() || !AZURE_RESERVED.iter().any(|z| in_zone(name, z)))
            .max_by_key(|r| normalize(&r.domain).len());
        if let Some(rule) = rule {
            if let Some(target) = rule.targets.first() {
                self.step(
                    &at,
                    None,
                    name,
                    "D-22",
                    format!("forwarding rule '{}' ({}) sends it to {}", rule.name, rule.domain, target.ip),
                );
                return self.ask(target.ip, None, name, depth + 1);
            }
        }
        self.public(name, Some(vnet), depth)
    }

    /// Public recursion; a CNAME from public DNS is followed in the Azure context if there is one (D-11).
    fn public(&mut self, name: &str, azure_context: Option<&Id>, depth: usize) -> Answer {
        match public::answer(self.design, name) {
            PublicAnswer::A(ip) => {
                self.step("public DNS", None, name, "D-11", format!("public answer: {ip}"));
                Answer::A { ips: vec![ip], chain: self.chain.clone() }
            }
            PublicAnswer::Cname(target) => {
                self.step(
                    "public DNS",
                    None,
                    name,
                    "D-10",
                    format!("public CNAME {target} (a private endpoint exists)"),
                );
                self.chain.push(target.clone());
                match azure_context {
                    Some(v) if depth < MAX_DEPTH => self.azure(&v.clone(), &target, depth + 1),
                    _ => self.public(&target, None, depth + 1),
                }
            }
            PublicAnswer::NxDomain => {
                self.step("public DNS", None, name, "D-11", "no such public name: NXDOMAIN".into());
                Answer::NxDomain { chain: self.chain.clone() }
            }
        }
    }

    fn vnet_name(&self, id: &Id) -> String {
        self.design.vnet(id).map(|v| v.name.clone()).unwrap_or_else(|| id.to_string())
    }
}

/// The conditional forwarder whose domain is the longest suffix of `name`.
fn longest<'a>(fwds: &'a [ConditionalForwarder], name: &str) -> Option<&'a ConditionalForwarder> {
    fwds.iter().filter(|f| in_zone(name, &f.domain) && !normalize(&f.domain).is_empty()).max_by_key(|f| f.domain.len())
}
