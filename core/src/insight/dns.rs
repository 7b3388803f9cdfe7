//! DNS traps: a privatelink zone not linked where the name is resolved (D-2, D-11), a conditional
//! forwarder for the privatelink zone instead of the public one (D-13: it works through CNAME
//! following, against Microsoft's guidance, and fails without it), and a linked privatelink
//! zone without the record (stored, or written by a zone group, D-10), which turns another
//! private-link-enabled resource into NXDOMAIN unless "fallback to internet" is on (D-11, D-12).

use super::flows::{self, MAX_FLOWS};
use super::{unique, Code, Ctx, Found, Insight, Proof, Severity};
use crate::catalog::services;
use crate::dns::{Answer, DnsEngine};
use crate::edit::{Edit, Element};
use crate::id::{Id, IdKind};
use crate::model::{ConditionalForwarder, PeTarget, PrivateDnsZone, ResolutionPolicy, VmRole, ZoneLink};
use std::net::Ipv4Addr;

/// The public name and privatelink zone of a private endpoint's target, if it is a PaaS resource.
fn names(ctx: &Ctx, target: &PeTarget) -> Option<(Id, String, &'static str)> {
    let PeTarget::Paas { resource, sub_resource } = target else { return None };
    let r = ctx.design.paas_resource(resource)?;
    let sub = services::service(&r.service)?.sub_resource(sub_resource)?;
    Some((r.id.clone(), format!("{}.{}", r.name.to_ascii_lowercase(), sub.public_zone), sub.privatelink_zone))
}

fn zone_named<'d>(ctx: &Ctx<'d>, name: &str) -> Option<&'d PrivateDnsZone> {
    ctx.design.dns_zones.iter().find(|z| z.name.trim_end_matches('.').eq_ignore_ascii_case(name))
}

/// The VNet that holds a DNS server address (a VM, a resolver inbound endpoint, a firewall).
fn vnet_of_server(ctx: &Ctx, ip: Ipv4Addr) -> Option<Id> {
    let d = ctx.design;
    let subnet = d
        .nics()
        .find(|(_, n)| n.has_ip(ip))
        .map(|(_, n)| n.subnet.clone())
        .or_else(|| d.firewalls.iter().find(|f| f.private_ip == ip).map(|f| f.subnet.clone()));
    if let Some(s) = subnet {
        return d.subnet(&s).map(|s| s.vnet.clone());
    }
    d.resolvers.iter().find(|r| r.inbound_endpoints.iter().any(|e| e.ip == ip)).map(|r| r.vnet.clone())
}

fn with_link(ctx: &Ctx, zone: &PrivateDnsZone, vnet: &Id) -> Option<Edit> {
    if zone.links.iter().any(|l| &l.vnet == vnet) {
        return None;
    }
    let mut z = zone.clone();
    let id = ctx.design.id_allocator().next(IdKind::ZoneLink);
    z.links.push(ZoneLink {
        meta: Default::default(),
        id,
        vnet: vnet.clone(),
        registration_enabled: false,
        resolution_policy: ResolutionPolicy::Default,
    });
    Some(Edit::Update(Element::Zone(z)))
}

/// `zone-not-linked`: from a VNet that reaches a private endpoint (its own or a peered one), the
/// endpoint's public name resolves to the public IP: the privatelink zone is not linked in the
/// VNet where the query is answered (D-2), so the endpoint is never used (D-11).
pub(crate) fn zone_not_linked(ctx: &Ctx) -> Vec<Found> {
    let net = &ctx.eng.net;
    let mut out = Vec::new();
    let mut asked = 0;
    // One DNS engine for every question: its network legs are traced once (DECISIONS 23).
    let dns = DnsEngine::new(&ctx.eng);
    for &(pe, pe_subnet) in &net.private_endpoints {
        let Some((resource, name, zone_name)) = names(ctx, &pe.target) else { continue };
        let pe_vnet = net.subnets[pe_subnet].vnet;
        let vnets = std::iter::once(pe_vnet).chain(net.peers[pe_vnet].iter().map(|p| p.remote));
        for v in vnets {
            if asked >= MAX_FLOWS {
                return out;
            }
            let Some(nic) = flows::first_nic_in_vnet(ctx, v) else { continue };
            asked += 1;
            let Ok(r) = dns.resolve(nic.id.as_str(), &name) else { continue };
            let Answer::A { ips, .. } = &r.answer else { continue };
            if ips.contains(&pe.ip) {
                continue;
            }
            let vnet = net.vnets[v];
            let zone = zone_named(ctx, zone_name);
            let mut elements = vec![pe.id.clone(), vnet.id.clone()];
            elements.extend(zone.map(|z| z.id.clone()));
            elements.push(resource.clone());
            elements.extend(flows::vm_of(ctx, &nic.id));
            let mut candidates = Vec::new();
            if let Some(z) = zone {
                let servers = if nic.dns_servers.is_empty() { &vnet.dns_servers } else { &nic.dns_servers };
                let answering = servers.first().and_then(|ip| vnet_of_server(ctx, *ip)).unwrap_or(vnet.id.clone());
                for target in [answering, vnet.id.clone()] {
                    if let Some(edit) = with_link(ctx, z, &target) {
                        candidates.push((format!("Link {} to {}", z.name, ctx.name(&target)), vec![edit]));
                    }
                }
            }
            let insight = Insight {
                code: Code::ZoneNotLinked,
                severity: Severity::Warning,
                elements: unique(elements),
                title: format!("{name} is public from {}", vnet.name),
                why: format!(
                    "From {}, {name} resolves to {} instead of the private endpoint {} ({}). Azure DNS answers \
                     from the zones linked to the VNet that asks it (D-2): {zone_name} is not linked there, so \
                     the public chain wins (D-11) and traffic goes to the public endpoint. Link the zone to the \
                     VNet whose DNS answers (usually the hub with the DNS server, D-4).",
                    vnet.name,
                    ips.iter().map(|i| i.to_string()).collect::<Vec<_>>().join(", "),
                    pe.name,
                    pe.ip
                ),
                rules: vec!["D-2", "D-11", "D-4"],
                fix: None,
                fixable: false,
            };
            let proof = if candidates.is_empty() { Proof::None } else { Proof::Rerun(zone_not_linked, candidates) };
            out.push(Found::new(insight, proof));
        }
    }
    out
}

/// The public zone for a privatelink one (`privatelink.blob.core.windows.net` → `blob.core.windows.net`).
fn public_zone(domain: &str) -> Option<String> {
    let d = domain.trim().trim_end_matches('.').to_ascii_lowercase();
    d.strip_prefix("privatelink.").map(str::to_string)
}

fn fix_forwarders(fwds: &mut [ConditionalForwarder]) {
    for f in fwds {
        if let Some(p) = public_zone(&f.domain) {
            f.domain = p;
        }
    }
}

/// `forwarder-wrong-zone`: a DNS server (on-premises or a DNS VM) forwards the privatelink zone
/// instead of the public one. Microsoft's advice stays: forward the public zone (D-13). With
/// `followCname` on, the server restarts at the privatelink CNAME and reaches the private
/// endpoint, so the insight warns rather than predicting failure; with it off, the server keeps
/// the public chain and clients get the public IP.
pub(crate) fn forwarder_wrong_zone(ctx: &Ctx) -> Vec<Found> {
    let d = ctx.design;
    let mut out = Vec::new();
    let why = |server: &str, domain: &str, public: &str, follows: bool| {
        let outcome = if follows {
            format!(
                "Clients ask for the public name (…{public}), which {server} resolves publicly; the answer's CNAME \
                 into {domain} falls under the forwarder, so the server re-queries it there and gets the private \
                 endpoint's IP. That works through CNAME following, departs from Microsoft's guidance, and can \
                 break through caching or a server that does not re-query (D-13)."
            )
        } else {
            format!(
                "Clients ask for the public name (…{public}), which {server} resolves publicly; it does not re-query \
                 CNAME targets with its own forwarders (followCname off), so it returns the public chain as \
                 received and clients get the public IP: the private endpoint is skipped (D-13)."
            )
        };
        format!(
            "{server} forwards {domain} instead of the public zone {public}. {outcome} Microsoft's guidance: forward \
             the public zone {public} to a forwarder whose VNet has the privatelink zone linked."
        )
    };
    for site in &d.sites {
        for server in &site.dns_servers {
            let Some(f) = server.conditional_forwarders.iter().find(|f| public_zone(&f.domain).is_some()) else {
                continue;
            };
            let public = public_zone(&f.domain).unwrap_or_default();
            let mut fixed = site.clone();
            for s in fixed.dns_servers.iter_mut().filter(|s| s.id == server.id) {
                fix_forwarders(&mut s.conditional_forwarders);
            }
            let insight = Insight {
                code: Code::ForwarderWrongZone,
                severity: Severity::Warning,
                elements: vec![site.id.clone(), server.id.clone()],
                title: format!("{} forwards {} instead of {public}", server.name, f.domain),
                why: why(&server.name, &f.domain, &public, server.follow_cname),
                rules: vec!["D-13", "D-14"],
                fix: None,
                fixable: false,
            };
            let title = format!("Forward {public} instead of {} on {}", f.domain, server.name);
            out.push(Found::new(
                insight,
                Proof::Rerun(forwarder_wrong_zone, vec![(title, vec![Edit::Update(Element::Site(fixed))])]),
            ));
        }
    }
    for vm in &d.vms {
        let VmRole::DnsServer(cfg) = &vm.role else { continue };
        let Some(f) = cfg.conditional_forwarders.iter().find(|f| public_zone(&f.domain).is_some()) else { continue };
        let public = public_zone(&f.domain).unwrap_or_default();
        let mut fixed = vm.clone();
        if let VmRole::DnsServer(c) = &mut fixed.role {
            fix_forwarders(&mut c.conditional_forwarders);
        }
        let insight = Insight {
            code: Code::ForwarderWrongZone,
            severity: Severity::Warning,
            elements: vec![vm.id.clone()],
            title: format!("{} forwards {} instead of {public}", vm.name, f.domain),
            why: why(&vm.name, &f.domain, &public, cfg.follow_cname),
            rules: vec!["D-13", "D-14"],
            fix: None,
            fixable: false,
        };
        let title = format!("Forward {public} instead of {} on {}", f.domain, vm.name);
        out.push(Found::new(
            insight,
            Proof::Rerun(forwarder_wrong_zone, vec![(title, vec![Edit::Update(Element::Vm(fixed))])]),
        ));
    }
    out
}

/// `privatelink-nxdomain`, one per zone link: a privatelink zone linked with the default
/// resolution policy has no record for a resource that has a private endpoint somewhere (its
/// public name is CNAMEd into the zone, D-10), so clients resolving in that VNet get NXDOMAIN
/// (D-11), typically for another organization's storage account. "Fallback to internet"
/// (NxDomainRedirect, D-12) answers publicly instead.
pub(crate) fn privatelink_nxdomain(ctx: &Ctx) -> Vec<Found> {
    let d = ctx.design;
    let mut out = Vec::new();
    // The records zone groups write count as present (D-10): they are derived, not stored.
    let derived = crate::records::endpoint_records(d);
    for zone in d.dns_zones.iter().filter(|z| z.name.to_ascii_lowercase().starts_with("privatelink.")) {
        let missing: Vec<Id> = d
            .private_endpoints
            .iter()
            .filter_map(|pe| names(ctx, &pe.target).map(|n| (pe, n)))
            .filter(|(_, (_, _, zn))| zone.name.trim_end_matches('.').eq_ignore_ascii_case(zn))
            .filter_map(|(_, (res, _, _))| {
                let r = d.paas_resource(&res)?;
                let stored = zone.records.iter().any(|rec| rec.name.eq_ignore_ascii_case(&r.name));
                let written = derived.iter().any(|rec| rec.zone == &zone.id && rec.name.eq_ignore_ascii_case(&r.name));
                (!stored && !written).then_some(res)
            })
            .collect();
        let missing = unique(missing);
        if missing.is_empty() {
            continue;
        }
        for link in zone.links.iter().filter(|l| l.resolution_policy == ResolutionPolicy::Default) {
            let vnet_name = ctx.name(&link.vnet);
            let names: Vec<String> = missing.iter().map(|r| ctx.name(r)).collect();
            let mut elements = vec![zone.id.clone(), link.vnet.clone()];
            elements.extend(missing.iter().cloned());
            let mut fixed = zone.clone();
            for l in fixed.links.iter_mut().filter(|l| l.id == link.id) {
                l.resolution_policy = ResolutionPolicy::NxDomainRedirect;
            }
            let insight = Insight {
                code: Code::PrivatelinkNxdomain,
                severity: Severity::Warning,
                elements,
                title: format!("{} gets NXDOMAIN in {vnet_name}", names.join(", ")),
                why: format!(
                    "{} has a private endpoint, so its public name is a CNAME into {} (D-10). That zone is linked \
                     to {vnet_name} without a record for it, so resolution there ends in NXDOMAIN (D-11), as for \
                     any other organization's private-link-enabled resource. Turn on \"fallback to internet\" \
                     (NxDomainRedirect) on the link (D-12), or add the record (a DNS zone group on the endpoint writes it, D-10).",
                    names.join(", "),
                    zone.name
                ),
                rules: vec!["D-11", "D-12", "D-10"],
                fix: None,
                fixable: false,
            };
            let title = format!("Turn on fallback to internet on {}'s link to {vnet_name} (D-12)", zone.name);
            out.push(Found::new(
                insight,
                Proof::Rerun(privatelink_nxdomain, vec![(title, vec![Edit::Update(Element::Zone(fixed))])]),
            ));
        }
    }
    out
}
