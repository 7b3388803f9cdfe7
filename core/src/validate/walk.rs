//! Walks over a design that the index is built from: every element with an id (with its owner
//! and JSON path), and every private address with its holder. Also how messages name elements
//! and fields, as values that format themselves only when a check reports.

use crate::id::Id;
use crate::model::*;
use std::fmt;
use std::net::Ipv4Addr;

/// One element with an id, and where it lives: its top-level owner (itself, for a top-level
/// element) and, for a nested element, the owner's list and the position in it (`("nics", 0)`).
pub(crate) struct Entry<'a> {
    pub id: &'a Id,
    pub kind: ElementKind,
    pub name: &'a str,
    pub owner: &'a Id,
    pub nested: Option<(&'static str, usize)>,
}

impl Entry<'_> {
    /// The JSON path of `leaf` of this element, relative to its owner: `id` or `nics[0].id`.
    pub fn path(&self, leaf: &str) -> String {
        match self.nested {
            Some((list, i)) => format!("{list}[{i}].{leaf}"),
            None => leaf.to_string(),
        }
    }
}

/// A private address held by something in a subnet: a NIC, a firewall frontend, a private
/// endpoint, a resolver inbound endpoint or a gateway instance.
pub(crate) struct IpUse<'a> {
    pub ip: Ipv4Addr,
    pub subnet: &'a Id,
    /// The top-level element holding it, and its label ("Virtual machine 'vm-a'").
    pub element: &'a Id,
    pub who: Label<'a>,
    pub field: IpField,
    /// For a VM NIC: whether IP forwarding is on (F-20). `None` for platform devices, which forward by themselves.
    pub ip_forwarding: Option<bool>,
}

/// How messages name an element: its kind, capitalized, and its name ("Virtual network 'vnet-hub'").
/// A value that formats itself, so checks can hold it for free and format it only when they report.
pub(crate) fn label<'a>(kind: ElementKind, name: &'a str, id: &'a Id) -> Label<'a> {
    Label { kind, name, id }
}

#[derive(Clone, Copy)]
pub(crate) struct Label<'a> {
    kind: ElementKind,
    name: &'a str,
    id: &'a Id,
}

/// `{}` starts a message ("Virtual machine 'vm-a'"); `{:#}` goes mid-sentence ("virtual machine
/// 'vm-a'"), except for kinds that are proper names ("Azure Firewall").
impl fmt::Display for Label<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = self.kind.label();
        let mut chars = kind.chars();
        if let Some(c) = chars.next() {
            if f.alternate() {
                write!(f, "{kind}")?;
            } else {
                write!(f, "{}{}", c.to_ascii_uppercase(), chars.as_str())?;
            }
        }
        if self.name.is_empty() {
            write!(f, " {}", self.id)
        } else {
            write!(f, " '{}'", self.name)
        }
    }
}

/// The field of an [`IpUse`]: `privateIp`, `instanceIps[1]`, `nics[0].ip` or
/// `nics[0].secondaryIps[1]`.
#[derive(Clone, Copy)]
pub(crate) struct IpField {
    list: &'static str,
    index: Option<usize>,
    leaf: &'static str,
    leaf_index: Option<usize>,
}

impl fmt::Display for IpField {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.list)?;
        if let Some(i) = self.index {
            write!(f, "[{i}]")?;
        }
        if !self.leaf.is_empty() {
            write!(f, ".{}", self.leaf)?;
        }
        if let Some(i) = self.leaf_index {
            write!(f, "[{i}]")?;
        }
        Ok(())
    }
}

/// Every element with an id, in the order of [`Design::elements`], with its owner and path.
pub(super) fn entries(d: &Design) -> Vec<Entry<'_>> {
    use ElementKind as K;
    let mut out = Vec::new();
    let top = |id, kind, name| Entry { id, kind, name, owner: id, nested: None };
    let nested = |id, kind, name, owner, list, i| Entry { id, kind, name, owner, nested: Some((list, i)) };
    out.extend(d.vnets.iter().map(|e| top(&e.id, K::Vnet, e.name.as_str())));
    out.extend(d.subnets.iter().map(|e| top(&e.id, K::Subnet, e.name.as_str())));
    out.extend(d.peerings.iter().map(|e| top(&e.id, K::Peering, e.name.as_str())));
    out.extend(d.route_tables.iter().map(|e| top(&e.id, K::RouteTable, e.name.as_str())));
    out.extend(d.nsgs.iter().map(|e| top(&e.id, K::Nsg, e.name.as_str())));
    for vm in &d.vms {
        out.push(top(&vm.id, K::Vm, &vm.name));
        for (i, n) in vm.nics.iter().enumerate() {
            out.push(nested(&n.id, K::Nic, &n.name, &vm.id, "nics", i));
        }
    }
    out.extend(d.firewalls.iter().map(|e| top(&e.id, K::Firewall, e.name.as_str())));
    for gw in &d.gateways {
        out.push(top(&gw.id, K::Gateway, &gw.name));
        for (i, c) in gw.connections.iter().enumerate() {
            out.push(nested(&c.id, K::Connection, &c.name, &gw.id, "connections", i));
        }
    }
    for site in &d.sites {
        out.push(top(&site.id, K::Site, &site.name));
        for (i, h) in site.hosts.iter().enumerate() {
            out.push(nested(&h.id, K::Host, &h.name, &site.id, "hosts", i));
        }
        for (i, s) in site.dns_servers.iter().enumerate() {
            out.push(nested(&s.id, K::OnPremDns, &s.name, &site.id, "dnsServers", i));
        }
    }
    out.extend(d.paas.iter().map(|e| top(&e.id, K::Paas, e.name.as_str())));
    out.extend(d.private_endpoints.iter().map(|e| top(&e.id, K::PrivateEndpoint, e.name.as_str())));
    for zone in &d.dns_zones {
        out.push(top(&zone.id, K::Zone, &zone.name));
        for (i, l) in zone.links.iter().enumerate() {
            out.push(nested(&l.id, K::ZoneLink, &zone.name, &zone.id, "links", i));
        }
    }
    for r in &d.resolvers {
        out.push(top(&r.id, K::Resolver, &r.name));
        for (i, e) in r.inbound_endpoints.iter().enumerate() {
            out.push(nested(&e.id, K::ResolverEndpoint, &e.name, &r.id, "inboundEndpoints", i));
        }
        for (i, e) in r.outbound_endpoints.iter().enumerate() {
            out.push(nested(&e.id, K::ResolverEndpoint, &e.name, &r.id, "outboundEndpoints", i));
        }
    }
    out.extend(d.rulesets.iter().map(|e| top(&e.id, K::Ruleset, e.name.as_str())));
    out.extend(d.load_balancers.iter().map(|e| top(&e.id, K::LoadBalancer, e.name.as_str())));
    out.extend(d.nat_gateways.iter().map(|e| top(&e.id, K::NatGateway, e.name.as_str())));
    out.extend(d.asgs.iter().map(|e| top(&e.id, K::Asg, e.name.as_str())));
    out.extend(d.traffic.iter().map(|e| top(&e.id, K::Traffic, "")));
    out.extend(d.questions.iter().map(|e| top(&e.id, K::Question, e.title.as_str())));
    out.extend(d.intents.iter().map(|e| top(&e.id, K::Intent, e.title.as_str())));
    out
}

/// Every private address the design assigns, with who holds it.
pub(super) fn ip_uses(d: &Design) -> Vec<IpUse<'_>> {
    use ElementKind as K;
    let mut out = Vec::new();
    for vm in &d.vms {
        let who = label(K::Vm, &vm.name, &vm.id);
        for (i, nic) in vm.nics.iter().enumerate() {
            out.push(IpUse {
                ip: nic.ip,
                subnet: &nic.subnet,
                element: &vm.id,
                who,
                field: IpField { list: "nics", index: Some(i), leaf: "ip", leaf_index: None },
                ip_forwarding: Some(nic.ip_forwarding),
            });
            for (j, ip) in nic.secondary_ips.iter().enumerate() {
                out.push(IpUse {
                    ip: *ip,
                    subnet: &nic.subnet,
                    element: &vm.id,
                    who,
                    field: IpField { list: "nics", index: Some(i), leaf: "secondaryIps", leaf_index: Some(j) },
                    ip_forwarding: Some(nic.ip_forwarding),
                });
            }
        }
    }
    for fw in &d.firewalls {
        let who = label(K::Firewall, &fw.name, &fw.id);
        out.push(IpUse {
            ip: fw.private_ip,
            subnet: &fw.subnet,
            element: &fw.id,
            who,
            field: IpField { list: "privateIp", index: None, leaf: "", leaf_index: None },
            ip_forwarding: None,
        });
    }
    for gw in &d.gateways {
        let who = label(K::Gateway, &gw.name, &gw.id);
        for (i, ip) in gw.instance_ips.iter().enumerate() {
            out.push(IpUse {
                ip: *ip,
                subnet: &gw.subnet,
                element: &gw.id,
                who,
                field: IpField { list: "instanceIps", index: Some(i), leaf: "", leaf_index: None },
                ip_forwarding: None,
            });
        }
    }
    for pe in &d.private_endpoints {
        out.push(IpUse {
            ip: pe.ip,
            subnet: &pe.subnet,
            element: &pe.id,
            who: label(K::PrivateEndpoint, &pe.name, &pe.id),
            field: IpField { list: "ip", index: None, leaf: "", leaf_index: None },
            ip_forwarding: None,
        });
        for (j, ip) in pe.secondary_ips.iter().enumerate() {
            out.push(IpUse {
                ip: *ip,
                subnet: &pe.subnet,
                element: &pe.id,
                who: label(K::PrivateEndpoint, &pe.name, &pe.id),
                field: IpField { list: "secondaryIps", index: Some(j), leaf: "", leaf_index: None },
                ip_forwarding: None,
            });
        }
    }
    for lb in &d.load_balancers {
        out.push(IpUse {
            ip: lb.frontend_ip,
            subnet: &lb.subnet,
            element: &lb.id,
            who: label(K::LoadBalancer, &lb.name, &lb.id),
            field: IpField { list: "frontendIp", index: None, leaf: "", leaf_index: None },
            ip_forwarding: None,
        });
    }
    for r in &d.resolvers {
        let who = label(K::Resolver, &r.name, &r.id);
        for (i, e) in r.inbound_endpoints.iter().enumerate() {
            out.push(IpUse {
                ip: e.ip,
                subnet: &e.subnet,
                element: &r.id,
                who,
                field: IpField { list: "inboundEndpoints", index: Some(i), leaf: "ip", leaf_index: None },
                ip_forwarding: None,
            });
        }
    }
    out
}
