//! New elements for the studio's palette, with suggested addresses ([`crate::suggest`]) and fresh
//! ids, and duplicates of existing ones. Each returns an [`Edit`] (an `Add`, or a batch when an
//! association changes too), or `None` when it does not apply (no VNet to put a subnet in…).

use super::{Edit, Element};
use crate::id::{Id, IdKind};
use crate::model::*;
use crate::suggest;
use std::net::Ipv4Addr;

/// What the palette can add.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NewKind {
    Vnet,
    Subnet,
    Vm,
    Firewall,
    Gateway,
    PrivateEndpoint,
    Zone,
    Site,
    Paas,
    RouteTable,
    Nsg,
    LoadBalancer,
    NatGateway,
    Asg,
}

impl NewKind {
    pub const ALL: [NewKind; 14] = [
        NewKind::Vnet,
        NewKind::Subnet,
        NewKind::Vm,
        NewKind::Firewall,
        NewKind::Gateway,
        NewKind::PrivateEndpoint,
        NewKind::Paas,
        NewKind::Zone,
        NewKind::Site,
        NewKind::LoadBalancer,
        NewKind::NatGateway,
        NewKind::RouteTable,
        NewKind::Nsg,
        NewKind::Asg,
    ];

    pub const fn label(self) -> &'static str {
        match self {
            NewKind::Vnet => "VNet",
            NewKind::Subnet => "Subnet",
            NewKind::Vm => "VM",
            NewKind::Firewall => "Firewall",
            NewKind::Gateway => "VPN gateway",
            NewKind::PrivateEndpoint => "Private endpoint",
            NewKind::Zone => "Private DNS zone",
            NewKind::Site => "On-premises site",
            NewKind::Paas => "Storage account",
            NewKind::RouteTable => "Route table",
            NewKind::Nsg => "NSG",
            NewKind::LoadBalancer => "Load balancer",
            NewKind::NatGateway => "NAT gateway",
            NewKind::Asg => "App security group",
        }
    }

    /// Where the new element goes, for the palette's hint.
    pub const fn needs(self) -> &'static str {
        match self {
            NewKind::Subnet => "Select a VNet first: a subnet goes into the selected VNet.",
            NewKind::Vm | NewKind::Firewall | NewKind::Gateway | NewKind::LoadBalancer => {
                "Select a subnet first: it goes into the selected subnet."
            }
            NewKind::PrivateEndpoint => "Select a subnet first, and have a PaaS resource to connect it to.",
            NewKind::RouteTable | NewKind::Nsg => {
                "Goes with the selected subnet; without one it stands alone: drag its handle onto subnets."
            }
            NewKind::NatGateway => {
                "Serves the selected subnet (not GatewaySubnet, one per subnet: F-23); without one it stands alone: drag its handle onto subnets of one VNet."
            }
            NewKind::Asg => "Takes the selected VM's NIC; without one it stands alone: drag its handle onto VMs.",
            _ => "",
        }
    }
}

/// A new element of `kind`, placed by `selected` (the VNet or subnet it goes into). Returns the
/// edit and the id of the new element.
pub fn new_element(design: &Design, kind: NewKind, selected: Option<&Id>) -> Option<(Edit, Id)> {
    let mut ids = design.id_allocator();
    let subnet = selected.and_then(|s| design.subnet(s));
    let vnet = selected.and_then(|s| design.vnet(s)).or_else(|| subnet.and_then(|s| design.vnet(&s.vnet)));
    let region = vnet.map(|v| v.region.clone()).unwrap_or_else(|| "westeurope".to_string());
    let n = design.elements().len() + 1;
    let element = match kind {
        NewKind::Vnet => Element::Vnet(Vnet {
            meta: Default::default(),
            id: ids.next(IdKind::Vnet),
            name: format!("vnet-{}", design.vnets.len() + 1),
            region,
            address_space: vec![suggest::vnet_range(design, 16)?],
            dns_servers: vec![],
        }),
        NewKind::Subnet => {
            let vnet = vnet?;
            Element::Subnet(Subnet {
                meta: Default::default(),
                id: ids.next(IdKind::Subnet),
                name: format!("snet-{}", design.subnets_of(&vnet.id).count() + 1),
                vnet: vnet.id.clone(),
                prefix: suggest::subnet_prefix(design, &vnet.id, 24)
                    .or_else(|| suggest::subnet_prefix(design, &vnet.id, 27))?,
                route_table: None,
                nsg: None,
                service_endpoints: vec![],
                private_endpoint_network_policies: PeNetworkPolicies::default(),
                delegation: None,
            })
        }
        NewKind::Vm => {
            let subnet = subnet?;
            let vm = ids.next(IdKind::Vm);
            Element::Vm(Vm {
                meta: Default::default(),
                nics: vec![Nic {
                    meta: Default::default(),
                    secondary_ips: Default::default(),
                    id: ids.next(IdKind::Nic),
                    name: format!("nic-{n}"),
                    subnet: subnet.id.clone(),
                    ip: suggest::free_ip(design, &subnet.id)?,
                    ip_forwarding: false,
                    dns_servers: vec![],
                    nsg: None,
                    public_ip: None,
                    tags: Default::default(),
                }],
                id: vm,
                name: format!("vm-{}", design.vms.len() + 1),
                role: VmRole::Plain,
            })
        }
        NewKind::Firewall => {
            let subnet = subnet?;
            Element::Firewall(Firewall {
                meta: Default::default(),
                id: ids.next(IdKind::Firewall),
                name: format!("afw-{}", design.firewalls.len() + 1),
                subnet: subnet.id.clone(),
                sku: FirewallSku::Standard,
                private_ip: suggest::free_ip(design, &subnet.id)?,
                public_ip: None,
                snat_private_ranges: vec![SnatRange::Token(SnatToken::IanaPrivateRanges)],
                dns_proxy: false,
                rule_collection_groups: vec![],
            })
        }
        NewKind::Gateway => {
            let subnet = subnet?;
            Element::Gateway(Gateway {
                meta: Default::default(),
                id: ids.next(IdKind::Gateway),
                name: format!("vgw-{}", design.gateways.len() + 1),
                subnet: subnet.id.clone(),
                kind: GatewayKind::Vpn,
                sku: "VpnGw1".into(),
                bgp: false,
                instance_ips: vec![suggest::free_ip(design, &subnet.id)?],
                public_ip: None,
                connections: vec![],
            })
        }
        NewKind::PrivateEndpoint => {
            let subnet = subnet?;
            let target = design.paas.first()?;
            Element::PrivateEndpoint(PrivateEndpoint {
                meta: Default::default(),
                secondary_ips: Default::default(),
                id: ids.next(IdKind::PrivateEndpoint),
                name: format!("pe-{}", target.name),
                subnet: subnet.id.clone(),
                ip: suggest::free_ip(design, &subnet.id)?,
                target: PeTarget::Paas { resource: target.id.clone(), sub_resource: "blob".into() },
                connection_state: ConnectionState::Approved,
                dns_zone_group: vec![],
            })
        }
        NewKind::Zone => Element::Zone(PrivateDnsZone {
            meta: Default::default(),
            id: ids.next(IdKind::Zone),
            name: "privatelink.blob.core.windows.net".into(),
            records: vec![],
            links: vec![],
        }),
        NewKind::Site => Element::Site(OnPremSite {
            meta: Default::default(),
            id: ids.next(IdKind::Site),
            name: format!("onprem-{}", design.sites.len() + 1),
            prefixes: vec![suggest::site_range(design)?],
            hosts: vec![],
            router: OnPremRouting::Advertised,
            internet_nat_ip: None,
            dns_servers: vec![],
        }),
        NewKind::Paas => Element::Paas(PaasResource {
            meta: Default::default(),
            id: ids.next(IdKind::Paas),
            name: format!("storage{n}"),
            service: "storage".into(),
            region,
            public_ip: Ipv4Addr::new(198, 18, 0, (design.paas.len() % 250 + 4) as u8),
            public_network_access: true,
            default_action: ServiceFirewallAction::Allow,
            allowed_subnets: vec![],
            ip_rules: vec![],
        }),
        // An internal Standard load balancer (F-22) with its frontend in the subnet; backends,
        // an HA ports rule and a probe are added in the properties or by dragging onto VMs.
        NewKind::LoadBalancer => {
            let subnet = subnet?;
            Element::LoadBalancer(LoadBalancer {
                meta: Default::default(),
                id: ids.next(IdKind::LoadBalancer),
                name: format!("ilb-{}", design.load_balancers.len() + 1),
                subnet: subnet.id.clone(),
                frontend_ip: suggest::free_ip(design, &subnet.id)?,
                backends: vec![],
                rules: vec![LbRule {
                    name: "ha-ports".into(),
                    protocol: Protocol::Any,
                    frontend_port: 0,
                    backend_port: 0,
                }],
                probe: Some(LbProbe { protocol: ProbeProtocol::Tcp, port: 22 }),
            })
        }
        // A NAT gateway (F-23) serves the selected subnet, or stands alone; one synthetic public
        // IP from the benchmarking range, like a new PaaS resource's.
        NewKind::NatGateway => {
            // F-23 (e): not on GatewaySubnet, and one NAT gateway per subnet.
            let taken = |s: &Subnet| design.nat_gateways.iter().any(|n| n.subnets.contains(&s.id));
            if subnet.is_some_and(|s| s.name == "GatewaySubnet" || taken(s)) {
                return None;
            }
            let served = subnet;
            Element::NatGateway(NatGateway {
                meta: Default::default(),
                id: ids.next(IdKind::NatGateway),
                name: format!(
                    "ng-{}",
                    served.map_or_else(|| (design.nat_gateways.len() + 1).to_string(), |s| s.name.clone())
                ),
                public_ips: vec![Ipv4Addr::new(198, 18, 1, (design.nat_gateways.len() % 250 + 4) as u8)],
                subnets: served.map(|s| vec![s.id.clone()]).unwrap_or_default(),
            })
        }
        // An application security group with the selected VM's first NIC, or empty.
        NewKind::Asg => {
            let vm = selected.and_then(|s| design.vms.iter().find(|v| &v.id == s));
            Element::Asg(Asg {
                meta: Default::default(),
                id: ids.next(IdKind::Asg),
                name: format!("asg-{}", vm.map_or_else(|| (design.asgs.len() + 1).to_string(), |v| v.name.clone())),
                nics: vm.and_then(|v| v.nics.first()).map(|n| vec![n.id.clone()]).unwrap_or_default(),
            })
        }
        // Without a subnet, a route table or NSG stands alone (drag its handle onto subnets).
        NewKind::RouteTable if subnet.is_none() => Element::RouteTable(RouteTable {
            meta: Default::default(),
            id: ids.next(IdKind::RouteTable),
            name: format!("rt-{}", design.route_tables.len() + 1),
            disable_bgp_route_propagation: false,
            routes: vec![],
        }),
        NewKind::Nsg if subnet.is_none() => Element::Nsg(Nsg {
            meta: Default::default(),
            id: ids.next(IdKind::Nsg),
            name: format!("nsg-{}", design.nsgs.len() + 1),
            rules: vec![],
        }),
        NewKind::RouteTable | NewKind::Nsg => {
            let subnet = subnet?;
            let mut updated = subnet.clone();
            let (element, id) = if kind == NewKind::RouteTable {
                let id = ids.next(IdKind::RouteTable);
                updated.route_table = Some(id.clone());
                let rt = RouteTable {
                    meta: Default::default(),
                    id: id.clone(),
                    name: format!("rt-{}", subnet.name),
                    disable_bgp_route_propagation: false,
                    routes: vec![],
                };
                (Element::RouteTable(rt), id)
            } else {
                let id = ids.next(IdKind::Nsg);
                updated.nsg = Some(id.clone());
                (
                    Element::Nsg(Nsg {
                        meta: Default::default(),
                        id: id.clone(),
                        name: format!("nsg-{}", subnet.name),
                        rules: vec![],
                    }),
                    id,
                )
            };
            return Some((Edit::Batch(vec![Edit::Add(element), Edit::Update(Element::Subnet(updated))]), id));
        }
    };
    let id = element.id().clone();
    Some((Edit::Add(element), id))
}

/// A copy of a top-level element with fresh ids (nested ones too), "-copy" appended to its name,
/// and new addresses where the original's would collide (a VNet gets the next free range, a
/// subnet the next free prefix, NICs and endpoints the next free IPs). `None` for kinds that
/// cannot be copied that way.
pub fn duplicate(design: &Design, id: &Id) -> Option<(Edit, Id)> {
    let (_, element) = Element::find(design, id)?;
    let mut ids = design.id_allocator();
    let copy = match element {
        Element::Vnet(mut v) => {
            v.id = ids.next(IdKind::Vnet);
            v.name.push_str("-copy");
            v.address_space = vec![suggest::vnet_range(design, v.address_space.first()?.prefix_len())?];
            Element::Vnet(v)
        }
        Element::Subnet(mut s) => {
            s.id = ids.next(IdKind::Subnet);
            s.name.push_str("-copy");
            s.prefix = suggest::subnet_prefix(design, &s.vnet, s.prefix.prefix_len())?;
            Element::Subnet(s)
        }
        Element::Vm(mut vm) => {
            vm.id = ids.next(IdKind::Vm);
            vm.name.push_str("-copy");
            let mut scratch = design.clone();
            for nic in &mut vm.nics {
                nic.id = ids.next(IdKind::Nic);
                nic.ip = suggest::free_ip(&scratch, &nic.subnet)?;
                // Later NICs of the copy must not take this one's address.
                scratch.private_endpoints.push(PrivateEndpoint {
                    meta: Default::default(),
                    secondary_ips: Default::default(),
                    id: Id::default(),
                    name: String::new(),
                    subnet: nic.subnet.clone(),
                    ip: nic.ip,
                    target: PeTarget::PrivateLinkService { alias: String::new() },
                    connection_state: ConnectionState::Approved,
                    dns_zone_group: vec![],
                });
            }
            Element::Vm(vm)
        }
        Element::PrivateEndpoint(mut pe) => {
            pe.id = ids.next(IdKind::PrivateEndpoint);
            pe.name.push_str("-copy");
            pe.ip = suggest::free_ip(design, &pe.subnet)?;
            Element::PrivateEndpoint(pe)
        }
        Element::RouteTable(mut rt) => {
            rt.id = ids.next(IdKind::RouteTable);
            rt.name.push_str("-copy");
            Element::RouteTable(rt)
        }
        Element::Nsg(mut nsg) => {
            nsg.id = ids.next(IdKind::Nsg);
            nsg.name.push_str("-copy");
            Element::Nsg(nsg)
        }
        Element::Paas(mut p) => {
            p.id = ids.next(IdKind::Paas);
            p.name.push_str("copy");
            Element::Paas(p)
        }
        Element::Zone(mut z) => {
            z.id = ids.next(IdKind::Zone);
            for link in &mut z.links {
                link.id = ids.next(IdKind::ZoneLink);
            }
            Element::Zone(z)
        }
        _ => return None,
    };
    let id = copy.id().clone();
    Some((Edit::Add(copy), id))
}
