//! The builder's DNS vocabulary: private zones and their links and records, private endpoint
//! zone groups, the DNS Private Resolver and its rulesets, on-premises DNS servers and the DNS
//! settings of VNets and hosts. Split from `build` to keep each file to one concern.

use super::DesignBuilder;
use crate::id::{Id, IdKind};
use crate::model::*;
use std::net::Ipv4Addr;

impl DesignBuilder {
    pub fn vnet_dns_servers(&mut self, vnet: &Id, servers: &[&str]) {
        let servers: Vec<Ipv4Addr> = servers.iter().map(|s| self.ip(s)).collect();
        match self.design.vnets.iter_mut().rev().find(|v| &v.id == vnet) {
            Some(v) => v.dns_servers = servers,
            None => self.fail(format!("no VNet {vnet}")),
        }
    }

    pub fn zone(&mut self, name: &str) -> Id {
        let id = self.ids.next(IdKind::Zone);
        self.design.dns_zones.push(PrivateDnsZone {
            meta: Default::default(),
            id: id.clone(),
            name: name.to_string(),
            records: vec![],
            links: vec![],
        });
        id
    }

    pub fn link_zone(&mut self, zone: &Id, vnet: &Id) -> Id {
        let id = self.ids.next(IdKind::ZoneLink);
        let link = ZoneLink {
            meta: Default::default(),
            id: id.clone(),
            vnet: vnet.clone(),
            registration_enabled: false,
            resolution_policy: ResolutionPolicy::Default,
        };
        match self.design.dns_zones.iter_mut().find(|z| &z.id == zone) {
            Some(z) => z.links.push(link),
            None => self.fail(format!("no zone {zone}")),
        }
        id
    }

    pub fn a_record(&mut self, zone: &Id, name: &str, ips: &[&str]) {
        let ips = ips.iter().map(|i| self.ip(i)).collect();
        let record = DnsRecord { name: name.to_string(), data: RecordData::A { ips } };
        match self.design.dns_zones.iter_mut().find(|z| &z.id == zone) {
            Some(z) => z.records.push(record),
            None => self.fail(format!("no zone {zone}")),
        }
    }

    /// Puts a private endpoint's DNS zone group on `zone`. The A record the group writes there
    /// (the target resource's name → the endpoint's IP) is derived, never stored (D-10,
    /// DECISIONS 25: `records`).
    pub fn zone_group(&mut self, pe: &Id, zone: &Id) {
        if !self.design.dns_zones.iter().any(|z| &z.id == zone) {
            return self.fail(format!("no zone {zone}"));
        }
        match self.design.private_endpoints.iter_mut().rev().find(|p| &p.id == pe) {
            Some(p) => p.dns_zone_group.push(zone.clone()),
            None => self.fail(format!("no private endpoint {pe}")),
        }
    }

    /// A DNS private resolver (D-20) with one inbound endpoint (`subnet`, `ip`) and one outbound
    /// endpoint; both subnets are delegated to `Microsoft.Network/dnsResolvers` here.
    /// Returns (resolver, outbound endpoint), the latter for [`Self::ruleset`].
    pub fn resolver(&mut self, name: &str, vnet: &Id, inbound: (&Id, &str), outbound: &Id) -> (Id, Id) {
        let id = self.ids.next(IdKind::Resolver);
        let in_id = self.ids.next(IdKind::ResolverEndpoint);
        let out_id = self.ids.next(IdKind::ResolverEndpoint);
        let ip = self.ip(inbound.1);
        for s in [inbound.0, outbound] {
            self.with_subnet(s, |s| s.delegation = Some("Microsoft.Network/dnsResolvers".into()));
        }
        self.design.resolvers.push(DnsResolver {
            meta: Default::default(),
            id: id.clone(),
            name: name.to_string(),
            vnet: vnet.clone(),
            inbound_endpoints: vec![InboundEndpoint {
                meta: Default::default(),
                id: in_id,
                name: format!("{name}-inbound"),
                subnet: inbound.0.clone(),
                ip,
            }],
            outbound_endpoints: vec![OutboundEndpoint {
                meta: Default::default(),
                id: out_id.clone(),
                name: format!("{name}-outbound"),
                subnet: outbound.clone(),
            }],
        });
        (id, out_id)
    }

    /// A DNS forwarding ruleset (D-21) on an outbound endpoint, linked to `vnets`; rules come from
    /// [`Self::forwarding_rule`].
    pub fn ruleset(&mut self, name: &str, outbound_endpoint: &Id, vnets: &[&Id]) -> Id {
        let id = self.ids.next(IdKind::Ruleset);
        self.design.rulesets.push(ForwardingRuleset {
            meta: Default::default(),
            id: id.clone(),
            name: name.to_string(),
            outbound_endpoints: vec![outbound_endpoint.clone()],
            rules: vec![],
            vnet_links: vnets.iter().map(|v| (*v).clone()).collect(),
        });
        id
    }

    /// A rule of a ruleset: `domain` (ending with a dot) → `targets` (`ip` or `ip:port`).
    pub fn forwarding_rule(&mut self, ruleset: &Id, name: &str, domain: &str, targets: &[&str]) {
        let targets = targets.iter().map(|t| self.dns_target(t)).collect();
        let rule = ForwardingRule { name: name.to_string(), domain: domain.to_string(), targets, enabled: true };
        match self.design.rulesets.iter_mut().find(|r| &r.id == ruleset) {
            Some(r) => r.rules.push(rule),
            None => self.fail(format!("no ruleset {ruleset}")),
        }
    }

    /// An on-premises DNS server of `site`; without forwarders it resolves publicly.
    pub fn onprem_dns(&mut self, site: &Id, name: &str, ip: &str) -> Id {
        let id = self.ids.next(IdKind::OnPremDns);
        let server = OnPremDnsServer {
            follow_cname: true,
            zones: Default::default(),
            id: id.clone(),
            name: name.to_string(),
            ip: self.ip(ip),
            records: vec![],
            conditional_forwarders: vec![],
            default_forwarders: vec![],
        };
        self.with_site(site, |s| s.dns_servers.push(server));
        id
    }

    /// A conditional forwarder (D-13) on an on-premises DNS server or a DNS server VM.
    pub fn conditional_forwarder(&mut self, server: &Id, domain: &str, targets: &[&str]) {
        let targets = targets.iter().map(|t| self.dns_target(t)).collect();
        let fwd = ConditionalForwarder { domain: domain.to_string(), targets };
        let onprem = self.design.sites.iter_mut().flat_map(|s| s.dns_servers.iter_mut()).find(|d| &d.id == server);
        if let Some(d) = onprem {
            return d.conditional_forwarders.push(fwd);
        }
        match self.design.vms.iter_mut().find(|v| &v.id == server).map(|v| &mut v.role) {
            Some(VmRole::DnsServer(cfg)) => cfg.conditional_forwarders.push(fwd),
            _ => self.fail(format!("no DNS server {server}")),
        }
    }

    /// The DNS server an on-premises host asks.
    pub fn host_dns(&mut self, host: &Id, server_ip: &str) {
        let ip = self.ip(server_ip);
        match self.design.sites.iter_mut().flat_map(|s| s.hosts.iter_mut()).find(|h| &h.id == host) {
            Some(h) => h.dns_server = Some(ip),
            None => self.fail(format!("no host {host}")),
        }
    }
}
