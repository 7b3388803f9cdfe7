//! N-9: traffic from a VM to the Azure platform addresses — Azure DNS, DHCP and the VM agent at
//! 168.63.129.16, the instance metadata service (IMDS) at 169.254.169.254 — is answered by the
//! host. No route or UDR applies, and NSGs do not filter it, except that rules naming the
//! `AzurePlatformDNS` tag filter DNS queries (**Sim choice** of N-9). The `AzurePlatformIMDS`
//! and `AzurePlatformLKM` tags are not modelled, so the other platform traffic always
//! passes. Health probes *from* 168.63.129.16 are ordinary inbound traffic (N-4) and are not
//! handled here.

use super::engine::Engine;
use super::steps::Steps;
use super::walk::{drop, Next};
use super::{Action, PathEnd};
use crate::filter::{nsg, TagContext};
use crate::model::{Access, AddressMatch, Direction, Nsg, Protocol, ServiceTag};
use crate::packet::Packet;
use std::net::Ipv4Addr;

/// 168.63.129.16: Azure DNS, DHCP, the VM agent's wireserver, health probes.
pub(super) const WIRESERVER: Ipv4Addr = Ipv4Addr::new(168, 63, 129, 16);
/// 169.254.169.254: the instance metadata service.
pub(super) const IMDS: Ipv4Addr = Ipv4Addr::new(169, 254, 169, 254);

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Platform {
    /// Port 53 to 168.63.129.16.
    AzureDns,
    /// Any other port to 168.63.129.16 (DHCP, the VM agent).
    Wireserver,
    Imds,
}

impl Platform {
    fn describe(self) -> &'static str {
        match self {
            Platform::AzureDns => "Azure DNS (168.63.129.16)",
            Platform::Wireserver => "the Azure platform address 168.63.129.16 (DHCP, VM agent)",
            Platform::Imds => "the instance metadata service (169.254.169.254)",
        }
    }
}

/// Whether a packet from a VM is addressed to the platform.
pub(super) fn address(packet: &Packet) -> Option<Platform> {
    let dns = packet.dst_port == 53 && matches!(packet.protocol, Protocol::Udp | Protocol::Tcp);
    match packet.dst {
        WIRESERVER if dns => Some(Platform::AzureDns),
        WIRESERVER => Some(Platform::Wireserver),
        IMDS => Some(Platform::Imds),
        _ => None,
    }
}

/// The host answers: only an outbound rule naming `AzurePlatformDNS` can stop a DNS query.
pub(super) fn answer(eng: &Engine, nic: usize, platform: Platform, packet: &Packet, steps: &mut Steps) -> Next {
    let net = &eng.net;
    if let (Platform::AzureDns, Some(n), Some(tag)) = (platform, net.nics.get(nic), eng.tags.get(net.nics[nic].subnet))
    {
        let ctx = TagContext { virtual_network: tag, asgs: &net.asgs };
        let nic_nsg = n.nic.nsg.as_ref().and_then(|id| net.design.nsg(id));
        // N-5 outbound order: NIC, then subnet.
        for g in [nic_nsg, net.subnets[n.subnet].nsg].into_iter().flatten() {
            let named = Nsg {
                meta: Default::default(),
                id: g.id.clone(),
                name: g.name.clone(),
                rules: g
                    .rules
                    .iter()
                    .filter(|r| {
                        r.destination == AddressMatch::Tag(ServiceTag::AzurePlatformDns)
                            && r.destination_asgs.is_empty()
                    })
                    .cloned()
                    .collect(),
            };
            let v = nsg::evaluate(&named, Direction::Outbound, packet, &ctx);
            if v.default_rule {
                continue;
            }
            if v.access == Access::Deny {
                return Next::End(drop(steps, "N-9", || {
                    format!(
                        "NSG '{}' rule '{}' (priority {}) denies Azure DNS (AzurePlatformDNS)",
                        g.name, v.rule_name, v.priority
                    )
                }));
            }
            steps.add(Action::NsgAllow, "N-9", || {
                format!(
                    "NSG '{}' rule '{}' (priority {}) allows Azure DNS (AzurePlatformDNS)",
                    g.name, v.rule_name, v.priority
                )
            });
        }
    }
    steps.add(Action::Route, "N-9", || {
        format!(
            "{} is answered by the host: no route or UDR applies, and NSGs filter it only through rules naming its platform tag",
            platform.describe()
        )
    });
    steps.add(Action::Deliver, "N-9", || format!("answered by {}", platform.describe()));
    Next::End(PathEnd::Delivered)
}
