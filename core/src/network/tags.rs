//! What the `VirtualNetwork` service tag covers for a subnet (AZURE.md N-4): one list, read by
//! the trace's NSG evaluation and by Network Watcher's effective security rules, so the two
//! cannot drift apart.

use super::{Network, SubnetIx};
use ipnet::Ipv4Net;
use std::net::Ipv4Addr;

impl Network<'_> {
    /// N-4 Sim choice: the VNet's address space; peers whose link allows VNet access (P-4); the
    /// on-premises prefixes reachable through the VNet's own or transit gateway, and the VNets
    /// connected to that gateway (VNet-to-VNet, P-14: what its tunnels hold); 168.63.129.16; and
    /// every prefix of the UDRs in the subnet's route table (so a 0.0.0.0/0 UDR makes it
    /// everything). As written: neither truncated to the network address nor deduplicated.
    pub fn virtual_network_tag_prefixes(&self, subnet: SubnetIx) -> Vec<Ipv4Net> {
        let Some(info) = self.subnets.get(subnet) else { return Vec::new() };
        let vnet = info.vnet;
        let mut prefixes: Vec<Ipv4Net> = self.vnets[vnet].address_space.clone();
        for peer in &self.peers[vnet] {
            if peer.link.allow_virtual_network_access {
                prefixes.extend(self.vnets[peer.remote].address_space.iter().copied());
            }
        }
        if let Some(gw_vnet) = self.gateway_vnet[vnet] {
            prefixes.extend(self.learned_prefixes(gw_vnet).into_iter().map(|(p, _)| p));
            prefixes.extend(self.tunnel_prefixes(gw_vnet));
            for gw in self.gateways[gw_vnet].iter() {
                for site in gw.connections.iter().filter_map(|c| c.peer.site().and_then(|s| self.design.site(s))) {
                    prefixes.extend(site.prefixes.iter().copied());
                }
            }
        }
        prefixes.push(Ipv4Net::from(Ipv4Addr::new(168, 63, 129, 16)));
        if let Some(table) = info.route_table {
            prefixes.extend(table.routes.iter().map(|r| r.prefix));
        }
        prefixes
    }
}
