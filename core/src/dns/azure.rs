//! Azure-provided DNS (168.63.129.16) for a query from a VNet (D-2, D-22: one algorithm): the
//! private zones linked to that VNet (D-5..D-12; a zone's records include the ones private
//! endpoints' zone groups write, D-10), then the VNet's forwarding ruleset (D-21), then the
//! VNet's VM host names, then public DNS (`public`, D-15).

use super::index::Record;
use super::servers::{list, Resolver, Sender};
use super::{in_zone, Answer, MAX_DEPTH};
use crate::model::{FlowSource, RecordData, ResolutionPolicy};
use crate::network::VnetIx;
use std::net::Ipv4Addr;

/// Azure-reserved domains a `.` forwarding rule does not capture (D-21).
const AZURE_RESERVED: [&str; 3] = ["windows.net", "azure.com", "azure.net"];

impl Resolver<'_, '_, '_> {
    /// Azure-provided DNS for a query from VNet `vnet` (D-2, D-22: one algorithm): linked private
    /// zones (D-5, D-7, D-8, D-11, D-12), then the VNet's ruleset (D-21), then Azure host names,
    /// then public DNS.
    pub(super) fn azure(&mut self, vnet: VnetIx, name: &str, depth: usize) -> Answer {
        if depth > MAX_DEPTH {
            return self.too_deep("Azure DNS", None, name, "D-2");
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
            Some(Record::Endpoint(pe)) => {
                let ips: Vec<Ipv4Addr> = std::iter::once(pe.ip).chain(pe.secondary_ips.iter().copied()).collect();
                let detail = format!(
                    "{which} has {relative}: A {}, written by the DNS zone group of private endpoint '{}' (D-10)",
                    list(&ips),
                    pe.name
                );
                self.step(at, Some(&model.id), name, rule, detail);
                Answer::A { ips, chain: self.chain.clone() }
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
}
