//! The rule catalog: one entry per rule id of our Azure behaviour reference (DECISIONS 9, 15).
//!
//! Every route, hop, verdict and DNS step the engine produces carries a rule id; the studio looks
//! the id up here to show a title, a short explanation and the Microsoft source. The reference
//! itself lives outside the repository, so the texts below are our own paraphrases and the project
//! builds from a clean clone.
//!
//! Architecture invariant: this module is data only. It imports nothing from the engine, and the
//! engine never branches on these texts; it only names ids. Entries keep the reference's order.

use Section::*;

/// One documented Azure behaviour (or a deliberate gap) the simulator follows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Rule {
    /// Stable id cited in code, tests and traces, e.g. `R-20`.
    pub id: &'static str,
    pub section: Section,
    /// A headline of at most 70 characters for hop and step captions.
    pub title: &'static str,
    /// Two to four sentences in plain English: what the simulator does and why it matters.
    pub summary: &'static str,
    /// The most specific public source for the behaviour.
    pub source: &'static str,
    /// Where the documentation is vague or silent, the interpretation the simulator uses.
    pub sim_choice: Option<&'static str>,
}

/// The reference's sections, one per id prefix.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
pub enum Section {
    Routing,
    Peering,
    Endpoints,
    Nsg,
    Firewall,
    Dns,
    Limits,
    Costs,
    NotModelled,
}

impl Section {
    /// The heading the studio shows above a group of rules.
    pub fn title(self) -> &'static str {
        match self {
            Routing => "Routing",
            Peering => "Peering and gateways",
            Endpoints => "Private and service endpoints",
            Nsg => "Network security groups",
            Firewall => "Firewall, NVAs and SNAT",
            Dns => "DNS",
            Limits => "Limits",
            Costs => "Costs",
            NotModelled => "Not modelled",
        }
    }
}

/// Looks a rule up by id (exact, case-sensitive: ids are written one way everywhere).
pub fn rule(id: &str) -> Option<&'static Rule> {
    RULES.iter().find(|r| r.id == id)
}

// Sources, named once so that a moved page is fixed in one place.
const UDR_SYSTEM: &str =
    "https://learn.microsoft.com/azure/virtual-network/virtual-networks-udr-overview#system-routes";
const UDR_OPTIONAL: &str =
    "https://learn.microsoft.com/azure/virtual-network/virtual-networks-udr-overview#optional-default-routes";
const UDR_CUSTOM: &str =
    "https://learn.microsoft.com/azure/virtual-network/virtual-networks-udr-overview#custom-routes";
const UDR_SELECT: &str =
    "https://learn.microsoft.com/azure/virtual-network/virtual-networks-udr-overview#how-azure-selects-a-route";
const UDR: &str = "https://learn.microsoft.com/azure/virtual-network/virtual-networks-udr-overview";
const PEERING: &str = "https://learn.microsoft.com/azure/virtual-network/virtual-network-peering-overview";
const PEERING_MANAGE: &str = "https://learn.microsoft.com/azure/virtual-network/virtual-network-manage-peering";
const GW_TRANSIT: &str = "https://learn.microsoft.com/azure/vpn-gateway/vpn-gateway-peering-gateway-transit";
const VPN_BGP: &str = "https://learn.microsoft.com/azure/vpn-gateway/vpn-gateway-bgp-overview";
const VPN_V2V: &str = "https://learn.microsoft.com/azure/vpn-gateway/vpn-gateway-vnet-vnet-rm-ps";
const PE: &str = "https://learn.microsoft.com/azure/private-link/private-endpoint-overview";
const PE_LIMITS: &str = "https://learn.microsoft.com/azure/private-link/private-endpoint-overview#limitations";
/// Community source: the field report behind E-5 (Microsoft's docs are silent on it).
const PE_FIELD: &str = "https://msandbu.org/network-policies-for-private-endpoints-with-udr-and-nsg/";
const PE_POLICY: &str = "https://learn.microsoft.com/azure/private-link/disable-private-endpoint-network-policy";
const PE_FIREWALL: &str = "https://learn.microsoft.com/azure/private-link/inspect-traffic-with-azure-firewall";
const SE: &str = "https://learn.microsoft.com/azure/virtual-network/virtual-network-service-endpoints-overview";
const NSG: &str = "https://learn.microsoft.com/azure/virtual-network/network-security-groups-overview";
const NSG_HOW: &str = "https://learn.microsoft.com/azure/virtual-network/network-security-group-how-it-works";
const TAGS: &str = "https://learn.microsoft.com/azure/virtual-network/service-tags-overview";
const NW_SECURITY_RULES: &str = "https://learn.microsoft.com/azure/network-watcher/effective-security-rules-overview";
const NW_IP_FLOW: &str = "https://learn.microsoft.com/azure/network-watcher/ip-flow-verify-overview";
const FW: &str = "https://learn.microsoft.com/azure/firewall/overview";
const FW_RULES: &str = "https://learn.microsoft.com/azure/firewall/rule-processing";
const FW_FEATURES: &str = "https://learn.microsoft.com/azure/firewall/features";
const FW_SNAT: &str = "https://learn.microsoft.com/azure/firewall/snat-private-range";
const IP_FORWARDING: &str = "https://learn.microsoft.com/azure/virtual-network/virtual-network-network-interface#enable-or-disable-ip-forwarding";
const NVA_HA: &str =
    "https://learn.microsoft.com/azure/architecture/networking/guide/network-virtual-appliance-high-availability";
const LB_HA_PORTS: &str = "https://learn.microsoft.com/azure/load-balancer/load-balancer-ha-ports-overview";
const NAT_GW: &str = "https://learn.microsoft.com/azure/nat-gateway/nat-overview";
const WIRESERVER: &str = "https://learn.microsoft.com/azure/virtual-network/what-is-ip-address-168-63-129-16";
const NAME_RESOLUTION: &str =
    "https://learn.microsoft.com/azure/virtual-network/virtual-networks-name-resolution-for-vms-and-role-instances";
const PDNS: &str = "https://learn.microsoft.com/azure/dns/private-dns-overview";
const PDNS_LINKS: &str = "https://learn.microsoft.com/azure/dns/private-dns-virtual-network-links";
const PDNS_AUTOREG: &str = "https://learn.microsoft.com/azure/dns/private-dns-autoregistration";
const PDNS_SCENARIOS: &str = "https://learn.microsoft.com/azure/dns/private-dns-scenarios";
const PE_DNS: &str = "https://learn.microsoft.com/azure/private-link/private-endpoint-dns";
const PE_DNS_INTEGRATION: &str = "https://learn.microsoft.com/azure/private-link/private-endpoint-dns-integration";
const PDNS_FALLBACK: &str = "https://learn.microsoft.com/azure/dns/private-dns-fallback";
const RFC1034: &str = "https://www.rfc-editor.org/rfc/rfc1034";
const RESOLVER: &str = "https://learn.microsoft.com/azure/dns/dns-private-resolver-overview";
const RESOLVER_RULESETS: &str = "https://learn.microsoft.com/azure/dns/private-resolver-endpoints-rulesets";
const LIMITS: &str = "https://learn.microsoft.com/azure/azure-resource-manager/management/azure-subscription-service-limits#networking-limits";
const RESOLVER_LIMITS: &str =
    "https://learn.microsoft.com/azure/dns/dns-private-resolver-overview#azure-dns-private-resolver-limits";
const PE_SCALE: &str = "https://learn.microsoft.com/azure/private-link/increase-private-endpoint-vnet-limits";
const PRICE_PL: &str = "https://azure.microsoft.com/pricing/details/private-link/";
const PRICE_VNET: &str = "https://azure.microsoft.com/pricing/details/virtual-network/";
const PRICE_FW: &str = "https://azure.microsoft.com/pricing/details/azure-firewall/";
const PRICE_DNS: &str = "https://azure.microsoft.com/pricing/details/dns/";
/// Not among the reference's cost sources; the reference gives no page for C-11.
const PRICE_VPN: &str = "https://azure.microsoft.com/pricing/details/vpn-gateway/";

/// Every rule, in the reference's order (section by section, as the ids appear there).
pub const RULES: &[Rule] = &[
    // ---- 1. Routing ----
    Rule {
        id: "R-1",
        section: Routing,
        title: "Every subnet has system routes that cannot be created or deleted",
        summary: "Azure gives every subnet a set of system routes automatically. They can be overridden by user routes (R-12) but never added or removed. Only the VNet's address-space ranges get routes; subnet ranges do not, so the simulator never emits a per-subnet system route.",
        source: UDR_SYSTEM,
        sim_choice: None,
    },
    Rule {
        id: "R-2",
        section: Routing,
        title: "One VnetLocal route per VNet address range",
        summary: "For each range in a VNet's address space the simulator adds a Default route with next hop VnetLocal, so a VNet with two ranges shows two. This is why subnets of one VNet reach each other without a gateway or appliance.",
        source: UDR_SYSTEM,
        sim_choice: None,
    },
    Rule {
        id: "R-3",
        section: Routing,
        title: "Default route 0.0.0.0/0 to the Internet",
        summary: "Every subnet has a Default 0.0.0.0/0 route with next hop Internet for destinations no longer route covers. Traffic to public IPs of Azure services takes it too; Azure keeps that traffic on its backbone, but the simulator still shows next hop Internet.",
        source: UDR_SYSTEM,
        sim_choice: None,
    },
    Rule {
        id: "R-4",
        section: Routing,
        title: "Reserved private ranges go to next hop None (dropped)",
        summary: "Four Default routes send 10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16 and 100.64.0.0/10 to next hop None, so private destinations nothing else covers are dropped. Older documentation lists only three; the simulator uses all four. Real route dumps show more undocumented None prefixes that drift over time.",
        source: UDR_SYSTEM,
        sim_choice: Some("Only the four documented prefixes are normative; observed extra reserved prefixes may appear only in an optional table behind a setting, and tests compare the four."),
    },
    Rule {
        id: "R-5",
        section: Routing,
        title: "Reserved None routes adjust to the VNet's address space",
        summary: "If a VNet range equals a reserved prefix, that route's next hop becomes VnetLocal instead of None. If a VNet range strictly contains a reserved prefix, the reserved route is removed. In the usual case, a VNet range inside a reserved prefix, both routes exist and longest-prefix match keeps VNet traffic local while the rest of the range is dropped.",
        source: UDR_SYSTEM,
        sim_choice: None,
    },
    Rule {
        id: "R-6",
        section: Routing,
        title: "A default route to an appliance or gateway removes reserved routes",
        summary: "When a subnet's 0.0.0.0/0 route points at a virtual appliance or a gateway, the reserved None routes vanish from its effective routes, so unmatched private destinations follow that default route instead of being dropped. Microsoft documents this for a UDR to an appliance; lab output shows the same for a gateway UDR and for a BGP-learned default, where the Default Internet row disappears too.",
        source: UDR_SYSTEM,
        sim_choice: Some("An Active 0.0.0.0/0 route to VirtualAppliance or VirtualNetworkGateway (User or BGP) removes all reserved None routes, a BGP-learned one also removes the Default Internet row, and a 0.0.0.0/0 UDR to Internet or None keeps them."),
    },
    Rule {
        id: "R-7",
        section: Routing,
        title: "Peering adds one route per address range of the peer",
        summary: "Once two VNets are peered and connected, every subnet of each gets a Default route per address range of the other, with next hop VNetPeering in the same region or VNetGlobalPeering across regions. Only directly peered VNets appear, because peering is not transitive (P-1).",
        source: UDR_OPTIONAL,
        sim_choice: None,
    },
    Rule {
        id: "R-8",
        section: Routing,
        title: "Gateway-learned prefixes become VirtualNetworkGateway routes",
        summary: "A VPN or ExpressRoute gateway in the VNet, or in a hub used through gateway transit, adds one route per learned prefix (BGP or static local network gateway prefixes) to every subnet, with source and next hop type VirtualNetworkGateway. The next-hop IPs Azure shows are informational: the gateway's public IP in the docs' example, or the private IPs of the instances that learned the prefix (R-25); the packet goes to the gateway itself. A local network gateway that lists only its BGP peer's /32 adds no route of its own.",
        source: UDR_OPTIONAL,
        sim_choice: None,
    },
    Rule {
        id: "R-9",
        section: Routing,
        title: "Service endpoints add routes to the enabling subnet only",
        summary: "Enabling a service endpoint adds Default routes with next hop VirtualNetworkServiceEndpoint for the service's public prefixes, often limited to certain regions. Only the subnet that enabled it gets them. Azure keeps the real prefix list current; the simulator uses the synthetic prefixes of its service catalog.",
        source: UDR_OPTIONAL,
        sim_choice: None,
    },
    Rule {
        id: "R-10",
        section: Routing,
        title: "Each private endpoint IP adds a /32 InterfaceEndpoint route",
        summary: "Every private endpoint IP becomes a /32 system route with next hop InterfaceEndpoint. It is installed in every subnet of the endpoint's VNet and of directly peered VNets, and nowhere else (E-3).",
        source: UDR_OPTIONAL,
        sim_choice: None,
    },
    Rule {
        id: "R-11",
        section: Routing,
        title: "Peering, endpoint and service-endpoint next hops are system-only",
        summary: "Users cannot create routes with next hop VNetPeering, VNetGlobalPeering, VirtualNetworkServiceEndpoint or InterfaceEndpoint. A UDR may use VirtualAppliance (with an IP), VirtualNetworkGateway (VPN gateways only, not ExpressRoute or VPN and ExpressRoute together), None, VnetLocal or Internet. A next-hop IP on any type other than VirtualAppliance is invalid input.",
        source: UDR_OPTIONAL,
        sim_choice: None,
    },
    Rule {
        id: "R-12",
        section: Routing,
        title: "A route table affects only the subnets it is attached to",
        summary: "A route table is its own resource and can serve many subnets, but a subnet has at most one. Its routes merge with that subnet's system and gateway routes only, so the same system route can be Invalid in one subnet and Active in another.",
        source: UDR_CUSTOM,
        sim_choice: None,
    },
    Rule {
        id: "R-13",
        section: Routing,
        title: "An appliance next hop must be a directly reachable NIC or ILB IP",
        summary: "A VirtualAppliance next hop is the private IP of a VM NIC or of an internal load balancer frontend, in the same VNet or a directly peered one. An address reachable only through ExpressRoute or Virtual WAN makes the route invalid. The NIC that forwards must also have IP forwarding enabled (F-20).",
        source: UDR_CUSTOM,
        sim_choice: Some("A next-hop IP that lies only in on-premises prefixes (reachable only through a virtual network gateway: ExpressRoute, a VPN site or a VNet-to-VNet connection) is a validation error naming the route, its table and R-13. The route stays in the table, and a packet that selects it is dropped: \"next hop not directly reachable (R-13)\"."),
    },
    Rule {
        id: "R-14",
        section: Routing,
        title: "A UDR with an unusable next hop still wins, then drops traffic",
        summary: "If a UDR points at an appliance IP no NIC holds, or at a missing gateway, Azure may show it with an empty next-hop IP. The route still takes part in route selection, so it quietly blackholes the traffic it attracts. The simulator shows the drop at that route.",
        source: UDR_CUSTOM,
        sim_choice: Some("The route stays in selection and the packet is dropped with reason \"next hop unavailable\"."),
    },
    Rule {
        id: "R-15",
        section: Routing,
        title: "Routing loops, narrowly: an NVA routed back to itself",
        summary: "If the route table that sends traffic to an NVA is also attached to the NVA's own subnet, the packets the NVA forwards can hit the same route and return to it, and traffic never leaves the subnet. A VM that sends to one of its own addresses is not a loop: the guest delivers it without the network.",
        source: UDR_CUSTOM,
        sim_choice: Some("A packet a VM sends to one of its own private IPs (any IP configuration of any of its NICs) is delivered inside the VM: no route lookup, no NSG, no hop but the VM. A loop is only a packet an NVA forwards whose route selects that same NVA again, or a repeated state (device, arriving or leaving, header after NAT). A long path, or a device crossed twice with a different header, is traced to its end."),
    },
    Rule {
        id: "R-16",
        section: Routing,
        title: "Service tags as route prefixes, and their tie-breaks",
        summary: "A route's prefix may be a service tag such as Storage or Storage.EastUS, with at most 25 such routes per table. An explicit CIDR beats a tag with the same prefix; among tags, regional beats top-level, which beats AzureCloud.<region>, which beats AzureCloud. Service-tag routes are optional for the simulator (X-5).",
        source: UDR_CUSTOM,
        sim_choice: None,
    },
    Rule {
        id: "R-17",
        section: Routing,
        title: "Disabling gateway propagation removes all gateway-learned routes",
        summary: "A route table with gateway route propagation off gives its subnets no VirtualNetworkGateway routes, BGP or static. System routes and UDRs are unaffected, so reaching on-premises then needs a UDR to the VPN gateway or to an appliance (only an appliance when ExpressRoute is involved). Propagation must stay on for GatewaySubnet, or the gateway stops working.",
        source: UDR_CUSTOM,
        sim_choice: Some("Disabling propagation on a route table attached to GatewaySubnet is rejected or warned about."),
    },
    Rule {
        id: "R-18",
        section: Routing,
        title: "No 0.0.0.0/0 route on GatewaySubnet",
        summary: "A route table on GatewaySubnet must not hold a default route, because it breaks the gateway. The simulator flags such a design before it is deployed.",
        source: UDR_CUSTOM,
        sim_choice: Some("A 0.0.0.0/0 route in a table attached to GatewaySubnet is a warning."),
    },
    Rule {
        id: "R-19",
        section: Routing,
        title: "Lookup uses the source subnet's routes and longest prefix match",
        summary: "Each packet is looked up in the effective routes of the subnet it leaves (for a VM, its NIC's subnet) by longest prefix match on the destination over Active routes. With routes for 10.0.0.0/24 and 10.0.0.0/16, 10.0.0.5 uses the /24 and 10.0.1.5 the /16. Every hop of a trace names the route that won.",
        source: UDR_SELECT,
        sim_choice: None,
    },
    Rule {
        id: "R-20",
        section: Routing,
        title: "Same prefix: User beats gateway (BGP), gateway beats system",
        summary: "When routes share exactly the same prefix, a user route wins over a gateway-learned route, which wins over a system route. The winner is Active; the others are listed as Invalid and never used. A 0.0.0.0/0 UDR therefore invalidates the Default Internet route.",
        source: UDR_SELECT,
        sim_choice: None,
    },
    Rule {
        id: "R-21",
        section: Routing,
        title: "Invalid means overridden, not broken",
        summary: "An Invalid route exists but lost to a same-prefix route of higher precedence, or, for private endpoints with route-table policies, to a summarizing UDR (E-9). It is not an error. A shorter route that merely loses on prefix length stays Active.",
        source: UDR_SELECT,
        sim_choice: None,
    },
    Rule {
        id: "R-22",
        section: Routing,
        title: "Gateway routes never override VNet, peering or service routes",
        summary: "BGP and other gateway-learned routes cannot override the VNet's own VnetLocal routes, peering routes or service-endpoint routes, even with a more specific prefix. This keeps on-premises advertisements from hijacking traffic inside Azure.",
        source: UDR_SELECT,
        sim_choice: Some("For a destination inside a VnetLocal, peering or service-endpoint system prefix, gateway routes are ignored by the lookup, and a gateway route with the identical prefix is marked Invalid."),
    },
    Rule {
        id: "R-23",
        section: Routing,
        title: "What a user route can and cannot override",
        summary: "User routes can override the Internet default, VnetLocal, peering, gateway and reserved None routes, and a private endpoint /32 (with an equal /32, or a wider summary under route-table policies, E-8/E-9). They cannot override service-endpoint routes (R-26). Overridden system routes stay listed as Invalid, except reserved None routes, which disappear (R-6, R-27).",
        source: UDR_SELECT,
        sim_choice: None,
    },
    Rule {
        id: "R-24",
        section: Routing,
        title: "A default route to an NVA captures all otherwise unmatched traffic",
        summary: "Pointing 0.0.0.0/0 at an appliance or gateway sends every packet no longer route matches there, including traffic to Azure services' public IPs unless a service-endpoint route is longer. Resources in that subnet lose symmetric inbound Internet access by public IP, because replies go to the NVA. The NVA must therefore face the Internet and NAT or proxy.",
        source: UDR_SELECT,
        sim_choice: None,
    },
    Rule {
        id: "R-25",
        section: Routing,
        title: "Selection: longest prefix, source; per-prefix gateway next hops",
        summary: "The simulator (IPv4 only) keeps the Active candidates, takes the longest prefix, then the highest source precedence, and applies that route's next hop; a service-tag route can equal a CIDR route (R-16). Each gateway-learned prefix carries its own next-hop set, the gateway instances that learned it: the effective route table lists both instance IPs for a prefix both instances of an active-active gateway learned, and one IP for a prefix one instance or peer learned. An active-active VPN gateway uses both tunnels but keeps one TCP or UDP flow on one tunnel.",
        source: UDR_SELECT,
        sim_choice: Some("One row per (prefix, connection) listing that connection's next hops: by default every instance with a tunnel for the connection (active-standby: one address, active-active: both), narrowed by the design per connection or per prefix. ECMP only where the winning prefix has more than one next hop across its rows: a deterministic 5-tuple hash picks one per flow and the hop names that instance. A prefix with one next hop has no ECMP, even on an active-active gateway."),
    },
    Rule {
        id: "R-26",
        section: Routing,
        title: "Service-endpoint routes cannot be overridden",
        summary: "Microsoft states that service-endpoint routes win over any BGP route or UDR for the service's prefixes and cannot be overridden even with a route table. Service traffic from an enabled subnet therefore never reaches a firewall by routing.",
        source: UDR_SELECT,
        sim_choice: Some("A service-endpoint route is never Invalid and is selected for destinations in its prefix whatever User or BGP route also matches, even a longer one (untested; follows the docs' wording)."),
    },
    Rule {
        id: "R-27",
        section: Routing,
        title: "Reserved None routes are removed, not invalidated",
        summary: "A same-prefix UDR or BGP route for one of the four reserved ranges removes that None route from the effective routes rather than marking it Invalid. This matches lab output and the documented example (R-6). The new route's explanation names the reserved route it replaced.",
        source: UDR_SELECT,
        sim_choice: None,
    },
    Rule {
        id: "R-28",
        section: Routing,
        title: "Gateway propagation lets on-premises traffic bypass the firewall",
        summary: "In a spoke that uses the hub gateway with propagation on, an on-premises prefix learned over BGP is longer than the spoke's 0.0.0.0/0 route to the firewall, so on-premises traffic skips the firewall. The studio flags this classic trap as an insight. Fix it by disabling propagation on the spoke's route table or by adding UDRs for the on-premises prefixes to the firewall.",
        source: UDR_SELECT,
        sim_choice: None,
    },
    Rule {
        id: "R-29",
        section: Routing,
        title: "ExpressRoute beats VPN for an identical prefix",
        summary: "When a gateway VNet learns the same prefix over ExpressRoute and over a site-to-site VPN, only the ExpressRoute route is installed and the VPN is the backup path. A more specific prefix learned over the VPN still wins by length.",
        source: UDR_SELECT,
        sim_choice: None,
    },
    // ---- 2. Peering and gateways ----
    Rule {
        id: "P-1",
        section: Peering,
        title: "Peering is not transitive",
        summary: "Peerings A–B and B–C give A no route to C. Spoke-to-spoke traffic in a hub-and-spoke needs a direct peering, UDRs in both spokes to a hub firewall or NVA, or UDRs to a hub VPN gateway with gateway transit. The simulator installs peering routes for direct peers only.",
        source: PEERING,
        sim_choice: None,
    },
    Rule {
        id: "P-2",
        section: Peering,
        title: "A peering is two links, and traffic needs both",
        summary: "A peering consists of one link under each VNet. With only one link it is Initiated and nothing flows; with both it is Connected. Deleting one side leaves the other Disconnected, and it must be recreated.",
        source: PEERING_MANAGE,
        sim_choice: Some("Peering routes (R-7) are installed only when both links exist."),
    },
    Rule {
        id: "P-3",
        section: Peering,
        title: "VNets with overlapping address spaces cannot be peered",
        summary: "If any range of one VNet intersects any range of the other, Azure refuses the peering, and so does the simulator. A VNet also cannot be peered with itself or twice with the same remote VNet.",
        source: PEERING_MANAGE,
        sim_choice: None,
    },
    Rule {
        id: "P-4",
        section: Peering,
        title: "Blocking virtual network access on a peering link",
        summary: "Each link's allowVirtualNetworkAccess (on by default) puts the peer's address space into the VirtualNetwork NSG tag. Turning it off takes the peer out of the tag, so the default NSG rules no longer allow the traffic, though an explicit NSG rule still can. Routes stay in place.",
        source: PEERING_MANAGE,
        sim_choice: Some("If either link has it off, traffic across the peering in either direction is dropped as \"peering access blocked\" unless an explicit non-default NSG allow rule on the path covers it; having no NSG does not count as an allow."),
    },
    Rule {
        id: "P-5",
        section: Peering,
        title: "Forwarded traffic needs allowForwardedTraffic on the receiving link",
        summary: "This flag, set on the receiving VNet's link, governs packets arriving over the peering whose source is not in the remote VNet, such as spoke-to-spoke traffic relayed by a hub NVA. If it is off those packets are dropped; it never creates routes. It defaults to off, and traffic forwarded by a virtual network gateway is exempt.",
        source: PEERING_MANAGE,
        sim_choice: Some("\"Forwarded\" means the source IP lies outside the remote VNet's address space, so traffic SNATed to a hub NVA address is not forwarded."),
    },
    Rule {
        id: "P-6",
        section: Peering,
        title: "Gateway transit needs both flags and a real gateway",
        summary: "allowGatewayTransit on the hub's link plus useRemoteGateways on the spoke's link let the spoke use the hub's VPN or ExpressRoute gateway: it receives the gateway's routes and on-premises learns its prefixes. The spoke must have no gateway of its own, only one of its peerings may use remote gateways, and the hub needs a gateway or Route Server. Transit works over regional and global peering.",
        source: GW_TRANSIT,
        sim_choice: Some("useRemoteGateways without a remote gateway or without allowGatewayTransit on the remote link is a validation error, and allowGatewayTransit alone gives no transit."),
    },
    Rule {
        id: "P-7",
        section: Peering,
        title: "Route propagation settings still apply in spokes",
        summary: "A spoke subnet whose route table disables gateway propagation gets none of the hub gateway's routes, even with gateway transit (R-17). The usual firewall pattern relies on it: spoke tables send 0.0.0.0/0 (and on-premises prefixes) to the firewall with propagation off, and the GatewaySubnet table sends spoke prefixes to the firewall.",
        source: GW_TRANSIT,
        sim_choice: None,
    },
    Rule {
        id: "P-8",
        section: Peering,
        title: "Regional and global peering route the same way",
        summary: "Peering within a region shows next hop VNetPeering, across regions VNetGlobalPeering. Routing is identical; prices differ (C-3, C-4) and a few legacy limits apply, such as resources behind a Basic internal load balancer being unreachable over global peering. Peerings may cross subscriptions and tenants.",
        source: PEERING,
        sim_choice: None,
    },
    Rule {
        id: "P-9",
        section: Peering,
        title: "Peered VNets talk over the backbone; a peer IP can be a next hop",
        summary: "Peered VNets communicate over the Microsoft backbone with no gateway in the path. A UDR may use an IP in a directly peered VNet as its VirtualAppliance next hop, which is how spokes reach a hub firewall or NVA.",
        source: PEERING,
        sim_choice: None,
    },
    Rule {
        id: "P-10",
        section: Peering,
        title: "Peering wins over a VNet-to-VNet VPN",
        summary: "When two VNets are both peered and connected by a VNet-to-VNet VPN (P-14), traffic between them takes the peering. The peering system route and the gateway route have the same prefix, and peering routes beat gateway routes (R-22).",
        source: PEERING,
        sim_choice: None,
    },
    Rule {
        id: "P-11",
        section: Peering,
        title: "Azure VM hostnames do not resolve across peerings",
        summary: "Azure-provided hostname resolution (internal.cloudapp.net) works only inside one VNet. Resolving names across peered VNets needs private DNS zones linked to both, or custom DNS (D-1 to D-4).",
        source: PEERING,
        sim_choice: None,
    },
    Rule {
        id: "P-12",
        section: Peering,
        title: "What on-premises learns from the gateway",
        summary: "A BGP VPN or ExpressRoute gateway advertises its own VNet's address space and that of every spoke using it through gateway transit. Private endpoint /32s are never advertised; on-premises reaches them through the VNet prefix. Over BGP a VPN gateway also advertises its other connections' prefixes (P-13). With a static VPN the on-premises device must be given the spoke ranges by hand.",
        source: GW_TRANSIT,
        sim_choice: Some("The on-premises router sends a destination into the tunnel only if it falls in the advertised prefixes (BGP) or in the prefixes the design lists for that router (static). A private destination it sends into no tunnel is dropped on premises: the internet does not carry it."),
    },
    Rule {
        id: "P-13",
        section: Peering,
        title: "A VPN gateway carries transit between its own connections",
        summary: "A VPN gateway forwards a packet that came out of one of its connections over another connection whose prefixes (learned over BGP, or its local network gateway's address space) hold the destination: branch to branch through the hub. Over BGP each site learns the other sites by itself; over static connections each site's device must list the other sites by hand, and the far site must route replies back the same way. Transit between an ExpressRoute circuit and a VPN connection needs Azure Route Server.",
        source: VPN_BGP,
        sim_choice: Some("The gateway forwards between two of its connections whenever the destination is in a prefix of the egress connection, BGP or not; the sending site must route it into its tunnel itself (P-12). Only a packet whose chosen egress is the connection it arrived on is dropped at the gateway, \"would leave by the connection it arrived on\"; ExpressRoute to VPN transit is dropped, \"needs Azure Route Server\" (X-2). The hop names both connections."),
    },
    Rule {
        id: "P-14",
        section: Peering,
        title: "VNet-to-VNet VPN connections join two route-based VPN gateways",
        summary: "A VNet-to-VNet connection joins two route-based VPN gateways (any region, subscription or tenant) with IPsec over the Microsoft backbone. It is two connection resources, one on each gateway. Each side works like a site-to-site connection whose local network gateway Azure maintains with the other VNet's address space; with BGP each gateway also learns what the other advertises (its spokes, sites and other BGP routes), so chains transit only with BGP on every intermediate connection. The address spaces on the two sides must not overlap, and a peering between the same VNets wins (P-10).",
        source: VPN_V2V,
        sim_choice: Some("No traffic until both connection resources exist. Without BGP each side holds only the remote VNet's own address space: every subnet of the VNet and of its gateway-transit spokes (P-6) gets one VirtualNetworkGateway route per range of the remote VNet, with the local gateway's instances as next hops (R-25, subject to R-17 and R-22), so a spoke behind one side reaches the other VNet but gets no reply (an insight proposes BGP on both connections). With BGP on both connection resources each side also holds what the other advertises (P-12, P-13). The trace shows the local gateway (its instances), the tunnel and the remote gateway, which routes by its own GatewaySubnet's routes."),
    },
    // ---- 3. Private endpoints and service endpoints ----
    Rule {
        id: "E-1",
        section: Endpoints,
        title: "A private endpoint is a NIC for one resource and one sub-resource",
        summary: "A private endpoint is a read-only NIC in a chosen subnet, with one private IP that never changes during its life. It targets one private-link resource and one sub-resource (groupId) such as blob, file, sqlServer or vault. A storage account used for both blob and file needs two endpoints.",
        source: PE,
        sim_choice: None,
    },
    Rule {
        id: "E-2",
        section: Endpoints,
        title: "Only Approved endpoint connections carry traffic, client-initiated",
        summary: "An endpoint lives in its VNet's region and subscription; its target may be anywhere. Only an Approved connection passes traffic: Pending, Rejected or Disconnected ones drop packets to the endpoint IP. Connections go one way, from clients to the endpoint; the service never connects back into the VNet.",
        source: PE,
        sim_choice: None,
    },
    Rule {
        id: "E-3",
        section: Endpoints,
        title: "The endpoint /32 reaches its own VNet and direct peers only",
        summary: "Each endpoint IP gets a Default /32 InterfaceEndpoint route in every subnet of its VNet and of directly peered VNets; spokes peered only to the hub do not get it. As the longest possible prefix it beats wider UDRs such as 0.0.0.0/0 to a firewall, so traffic goes straight to the endpoint unless E-8 or E-9 applies. This is the most common way a firewall is silently bypassed.",
        source: PE,
        sim_choice: None,
    },
    Rule {
        id: "E-4",
        section: Endpoints,
        title: "Private endpoints are reachable from peers and on-premises",
        summary: "An endpoint can be reached from its own VNet, from regionally and globally peered VNets, and from on-premises over VPN or ExpressRoute through the gateway. The gateway holds the /32 routes when its VNet is the endpoint's VNet or peered with it.",
        source: PE,
        sim_choice: None,
    },
    Rule {
        id: "E-5",
        section: Endpoints,
        title: "The endpoint /32 route applies to TCP only (field observation)",
        summary: "Field reports say the InterfaceEndpoint /32 affects TCP only: UDP and ICMP to the endpoint IP follow the next-best route, usually the endpoint VNet's VnetLocal or peering route unless a UDR covers its subnet or VNet range. PaaS endpoints answer TCP only, while a Private Link Service accepts TCP and UDP. Microsoft's documentation is silent, so a ping through the firewall proves nothing about HTTPS.",
        source: PE_FIELD,
        sim_choice: Some("A design setting chooses \"TCP only\" (default) or \"every protocol\"; with the default, non-TCP packets skip a PaaS endpoint's /32, and every route it decides names the setting. Whatever the setting, UDP and ICMP that reach a PaaS endpoint are dropped there because it accepts TCP only (a Private Link Service endpoint accepts TCP and UDP), and that drop names the endpoint, not the setting."),
    },
    Rule {
        id: "E-6",
        section: Endpoints,
        title: "Several endpoints per resource are allowed, but DNS picks one",
        summary: "A resource may have several private endpoints in the same or different VNets. A shared DNS zone can hold only one authoritative A record per name, so Microsoft recommends one endpoint per resource per DNS domain.",
        source: PE,
        sim_choice: None,
    },
    Rule {
        id: "E-7",
        section: Endpoints,
        title: "privateEndpointNetworkPolicies switches policies per subnet",
        summary: "The subnet property is Disabled (the default), Enabled, NetworkSecurityGroupEnabled or RouteTableEnabled. It applies only to the private endpoints in that subnet; other NICs always obey the subnet's NSG and route table. The NSG value enables NSG filtering of traffic into endpoints, the route-table value enables summarization (E-9), and Enabled means both.",
        source: PE_POLICY,
        sim_choice: None,
    },
    Rule {
        id: "E-8",
        section: Endpoints,
        title: "What each private endpoint network-policy state changes",
        summary: "With Disabled, no NSG filters endpoint traffic and only an exact /32 UDR for the endpoint IP in the client's subnet overrides the InterfaceEndpoint route, one route per endpoint. NetworkSecurityGroupEnabled adds NSG filtering of inbound traffic with the same routing. RouteTableEnabled adds summarization (E-9) without NSGs, and Enabled does both.",
        source: PE_POLICY,
        sim_choice: None,
    },
    Rule {
        id: "E-9",
        section: Endpoints,
        title: "Route summarization: a VNet-sized UDR invalidates the endpoint /32",
        summary: "With RouteTableEnabled or Enabled on the endpoint's subnet, a client-subnet UDR that contains the endpoint IP and is no wider than the endpoint VNet's range makes the /32 Invalid in that subnet, so the UDR's next hop is used. A wider UDR such as 0.0.0.0/0 or 10.0.0.0/8 does not. One summary route can thus send all endpoint traffic through a firewall.",
        source: PE_POLICY,
        sim_choice: Some("The /32 is invalidated iff the endpoint subnet's policy is RouteTableEnabled or Enabled and the client subnet has an Active User route containing the endpoint IP and lying within the endpoint VNet range that holds it."),
    },
    Rule {
        id: "E-10",
        section: Endpoints,
        title: "NSGs on private endpoints filter inbound traffic only",
        summary: "With NSG policies on, rules of the endpoint's subnet filter traffic into the endpoint. Outbound rules mean nothing because an endpoint never starts traffic, source ports are treated as any, flow logs do not cover it, and an ASG on an endpoint supports at most 50 IP configurations.",
        source: PE_LIMITS,
        sim_choice: None,
    },
    Rule {
        id: "E-11",
        section: Endpoints,
        title: "Private endpoint replies ignore UDRs",
        summary: "Replies from a private endpoint go straight back to the packet's source, not through the route table of the endpoint's subnet. A reply to an on-premises client crosses the virtual network gateway like any packet to on-premises. If the request crossed a stateful firewall without SNAT, the reply may bypass it; Microsoft recommends SNAT for endpoint traffic, yet field reports say the unSNATed case sometimes works, so neither outcome is guaranteed. Azure Firewall application rules always SNAT; network rules do not for private destinations.",
        source: PE_LIMITS,
        sim_choice: Some("The reply is routed to the post-SNAT source by the system and gateway routes of the endpoint's VNet, as a subnet without a route table has them (its UDRs and propagation flag do not apply): to on-premises through the gateway hop and the connection to the site. No route drops it, and skipping a stateful device the request crossed makes the verdict \"at risk\" (never a clean success) with SNAT or disableSnatOnPL proposed."),
    },
    Rule {
        id: "E-12",
        section: Endpoints,
        title: "disableSnatOnPL makes endpoint replies return through the NVA",
        summary: "An NVA whose NIC or scale-set instance carries the tag disableSnatOnPL=true (case-sensitive) gets private endpoint replies for the flows it forwarded back through itself, without SNAT. The simulator models the tag, so such a path is symmetric rather than at risk.",
        source: PE_LIMITS,
        sim_choice: None,
    },
    Rule {
        id: "E-13",
        section: Endpoints,
        title: "Firewall scenario 1: a dedicated spoke for private endpoints",
        summary: "Endpoints sit in their own spoke; clients in other spokes have no /32 routes, so one UDR for the endpoint spoke's address space sends their traffic to the hub firewall. The hub is peered with that spoke, sees the /32s and forwards directly. Network rules or NVAs need SNAT; client-to-firewall peering is charged, firewall-to-endpoint is not. Microsoft prefers this layout because it needs the fewest routes.",
        source: PE_FIREWALL,
        sim_choice: None,
    },
    Rule {
        id: "E-14",
        section: Endpoints,
        title: "Firewall scenario 2: endpoints and clients share a spoke",
        summary: "Clients in the endpoint's spoke have the /32 routes, so each endpoint needs its own /32 UDR to the firewall, or E-9 summarization with network policies on. Network rules or NVAs need SNAT, and peering charges are as in scenario 1. Per-endpoint routes count against the 400-route limit (L-1).",
        source: PE_FIREWALL,
        sim_choice: None,
    },
    Rule {
        id: "E-15",
        section: Endpoints,
        title: "Firewall scenario 3: one VNet with firewall, clients and endpoints",
        summary: "Without a hub, routing works as in scenario 2: per-endpoint /32 UDRs or E-9 summarization. Network rules or NVAs need SNAT, and there are no peering charges.",
        source: PE_FIREWALL,
        sim_choice: None,
    },
    Rule {
        id: "E-16",
        section: Endpoints,
        title: "Firewall scenario 4: on-premises clients through the gateway",
        summary: "On-premises clients reach endpoints over ExpressRoute or VPN, and a route table on GatewaySubnet sends the endpoint prefixes (/32s, or the endpoint VNet range with E-9) to the firewall. DNS must go through a forwarder in Azure (D-13). Network rules or NVAs need SNAT; there are no peering charges.",
        source: PE_FIREWALL,
        sim_choice: None,
    },
    Rule {
        id: "E-20",
        section: Endpoints,
        title: "Service endpoints are enabled per subnet and per service",
        summary: "A subnet lists the services it enables, such as Microsoft.Storage, Microsoft.Sql or Microsoft.KeyVault, optionally with locations. Only some services support endpoints, so a request for an unknown service name is rejected. The accepted names live in the service catalog.",
        source: SE,
        sim_choice: None,
    },
    Rule {
        id: "E-21",
        section: Endpoints,
        title: "Service endpoint routes cover the service's public prefixes",
        summary: "The endpoint adds VirtualNetworkServiceEndpoint routes for the service's public prefixes to the enabling subnet only; Microsoft.Storage covers the VNet's region and its pair, Microsoft.Storage.Global every region. Service traffic then bypasses a 0.0.0.0/0 route to an NVA and any UDR or BGP route for the same prefixes. A private endpoint's /32 is longer still and wins for its own IP.",
        source: SE,
        sim_choice: None,
    },
    Rule {
        id: "E-22",
        section: Endpoints,
        title: "Service endpoint traffic arrives with the private source IP",
        summary: "Traffic from an enabled subnet reaches the service with the VM's private IP and its VNet and subnet identity instead of a public IP. The service's virtual network rules can then allow that subnet, while its public-IP rules stop matching. Toggling the endpoint resets existing connections to the service.",
        source: SE,
        sim_choice: None,
    },
    Rule {
        id: "E-23",
        section: Endpoints,
        title: "Service endpoints leave DNS unchanged",
        summary: "With a service endpoint, service names still resolve to their public IPs; only the route and the source identity change. Private endpoints, by contrast, need private DNS to return a private IP.",
        source: SE,
        sim_choice: None,
    },
    Rule {
        id: "E-24",
        section: Endpoints,
        title: "Only traffic routed out of the enabled subnet uses the endpoint",
        summary: "A packet uses a service endpoint only when it leaves an enabled subnet, including packets forwarded by an NVA in that subnet. Traffic from on-premises or peered VNets that does not pass through such a subnet reaches the service from a public or NAT address, or needs a private endpoint. Azure SQL endpoints also require the VNet and the server in the same region.",
        source: SE,
        sim_choice: None,
    },
    Rule {
        id: "E-25",
        section: Endpoints,
        title: "NSGs still apply to service endpoint traffic, at no extra charge",
        summary: "Service endpoints do not bypass NSGs, and service tags such as Storage or Sql.WestEurope can be outbound destinations. Service endpoints cost nothing extra (C-8).",
        source: SE,
        sim_choice: None,
    },
    // ---- 4. Network security groups ----
    Rule {
        id: "N-1",
        section: Nsg,
        title: "NSGs attach to subnets and NICs; what a rule holds",
        summary: "A subnet and a NIC can each have zero or one NSG. A rule has a name, a priority from 100 to 4096, a direction, Allow or Deny, a protocol (TCP, UDP, ICMP, ESP, AH or Any), sources and destinations (prefixes, IPs, service tags or ASGs) and port ranges.",
        source: NSG,
        sim_choice: None,
    },
    Rule {
        id: "N-2",
        section: Nsg,
        title: "Within an NSG the first matching rule by priority decides",
        summary: "Rules of one NSG are checked from the lowest priority number upward, and the first that matches allows or denies. Nothing after it in that NSG is evaluated.",
        source: NSG,
        sim_choice: None,
    },
    Rule {
        id: "N-3",
        section: Nsg,
        title: "Default rules at priorities 65000 to 65500",
        summary: "Every NSG has undeletable default rules: inbound AllowVnetInBound, AllowAzureLoadBalancerInBound and DenyAllInBound, outbound AllowVnetOutBound, AllowInternetOutBound and DenyAllOutBound, at 65000, 65001 and 65500. User rules with lower numbers override them. Names are compared case-insensitively because the docs and ARM spell some differently.",
        source: NSG,
        sim_choice: None,
    },
    Rule {
        id: "N-4",
        section: Nsg,
        title: "What the VirtualNetwork, AzureLoadBalancer and Internet tags mean",
        summary: "VirtualNetwork covers the VNet, its peers, connected on-premises space, the host's virtual IP and the prefixes of user-defined routes, so it may even contain a default route. AzureLoadBalancer is the health-probe source 168.63.129.16, and Internet is public space outside VirtualNetwork. A 0.0.0.0/0 UDR therefore makes the default rules allow everything, which the studio points out.",
        source: TAGS,
        sim_choice: Some("VirtualNetwork is evaluated for the subnet holding the NSG as its VNet's space, peers with access allowed, on-premises prefixes behind a gateway, 168.63.129.16 and every UDR prefix of that subnet's route table; Internet excludes RFC 1918 and RFC 6598 space."),
    },
    Rule {
        id: "N-5",
        section: Nsg,
        title: "Inbound: subnet NSG then NIC NSG; outbound: NIC then subnet",
        summary: "Inbound traffic meets the subnet's NSG first and then the NIC's; outbound traffic meets the NIC's first and then the subnet's. Every NSG present must allow the packet, and a missing NSG allows. Traffic between VMs of the same subnet is evaluated too, in both directions and at both levels.",
        source: NSG_HOW,
        sim_choice: None,
    },
    Rule {
        id: "N-6",
        section: Nsg,
        title: "NSGs are stateful; rule changes spare existing connections",
        summary: "Once a flow is allowed in one direction, its replies pass without a matching rule the other way. Changing or removing a rule affects only new connections, unlike Azure Firewall (F-5).",
        source: NSG,
        sim_choice: None,
    },
    Rule {
        id: "N-7",
        section: Nsg,
        title: "NSGs filter, they do not route",
        summary: "NSGs act at the NIC of the source or destination and never change where a packet goes. A UDR to an NVA changes which NICs a packet crosses, so the NVA's NIC and subnet NSGs are evaluated on its inbound and outbound legs.",
        source: NSG_HOW,
        sim_choice: None,
    },
    Rule {
        id: "N-8",
        section: Nsg,
        title: "An endpoint subnet's NSG applies only with network policies on",
        summary: "NSG rules on a private endpoint's subnet filter traffic into the endpoint only when privateEndpointNetworkPolicies is NetworkSecurityGroupEnabled or Enabled (E-7, E-10). Otherwise the endpoint is unfiltered whatever the NSG says.",
        source: PE_POLICY,
        sim_choice: None,
    },
    Rule {
        id: "N-9",
        section: Nsg,
        title: "Platform traffic to 168.63.129.16 bypasses NSGs",
        summary: "DHCP, Azure DNS, the metadata service and VM agent traffic to 168.63.129.16 and 169.254.169.254 are not filtered unless a rule names the AzurePlatformDNS, AzurePlatformIMDS or AzurePlatformLKM tag. Load-balancer health probes from 168.63.129.16 are evaluated and allowed by the default rule. That address is also not subject to UDRs.",
        source: NSG,
        sim_choice: Some("DNS queries to 168.63.129.16 are filtered only by rules that name AzurePlatformDNS."),
    },
    Rule {
        id: "N-10",
        section: Nsg,
        title: "No NSG on AzureFirewallSubnet; avoid one on GatewaySubnet",
        summary: "Microsoft does not support an NSG on AzureFirewallSubnet and advises against one on GatewaySubnet. The simulator follows the stronger wording for the firewall subnet and the weaker one for the gateway subnet.",
        source: NSG,
        sim_choice: Some("An NSG on AzureFirewallSubnet is rejected; one on GatewaySubnet is a warning."),
    },
    Rule {
        id: "N-11",
        section: Nsg,
        title: "NSGs only ever see private addresses",
        summary: "Inbound rules are evaluated after Azure translates a public IP to the private one, outbound rules before the private address is translated to a public one. Rules must therefore name private addresses to match.",
        source: NSG,
        sim_choice: None,
    },
    Rule {
        id: "N-12",
        section: Nsg,
        title: "Effective security rules: a NIC's NSG rules as Azure lists them",
        summary: "Network Watcher lists, per NIC, the rules of the NSG on the NIC and of the NSG on its subnet, Azure's default rules included, with service tags expanded into prefixes. Each NSG is one entry naming its association; rules are named securityRules/<name> or defaultSecurityRules/<name>, ports are written lo-hi and * as 0.0.0.0/0. Nothing is listed when neither NSG exists.",
        source: NW_SECURITY_RULES,
        sim_choice: Some("The NIC's NSG entry comes before the subnet's and rules go by direction then priority. VirtualNetwork is expanded for the NIC's subnet (N-4); AzureLoadBalancer is 168.63.129.16/32; Internet is the minimal sorted CIDR cover of everything outside that VirtualNetwork set, RFC 1918, RFC 6598, 0.0.0.0/8, 127.0.0.0/8, 169.254.0.0/16 and 224.0.0.0/3. ICMP rules print Icmp, which the API's enum lacks. Virtual Network Manager admin rules are not modelled."),
    },
    Rule {
        id: "N-13",
        section: Nsg,
        title: "IP flow verify: Allow or Deny for one packet, and the deciding rule",
        summary: "Given a VM's NIC, a direction, TCP or UDP, the local IP and port (an IP of the NIC) and the remote IP and port, Network Watcher says whether the NSGs allow the packet and names the rule that decided. Only the source port may be *. It evaluates the subnet and NIC NSGs in Azure's order and nothing else: no routes, no firewall.",
        source: NW_IP_FLOW,
        sim_choice: Some("The first NSG whose deciding rule denies gives Deny and that rule's name; when every NSG allows, Allow with the deciding rule of the last NSG evaluated (inbound the NIC's, outbound the subnet's); with no NSG at all, Allow and no rule name. Platform exceptions (N-9) and peering access (P-4) are left to the trace. A source port given as * is evaluated as the port the engine's traces use."),
    },
    // ---- 5. Azure Firewall, NVAs and SNAT ----
    Rule {
        id: "F-1",
        section: Firewall,
        title: "Azure Firewall: stateful, in AzureFirewallSubnet, three SKUs",
        summary: "Azure Firewall is a managed stateful firewall in a subnet named exactly AzureFirewallSubnet (at least /26); spokes reach it through UDRs to its private IP. Basic, Standard and Premium route identically: Basic also needs a management subnet and has no DNS proxy, Premium adds TLS inspection and IDPS. A VNet holds at most one firewall.",
        source: FW,
        sim_choice: None,
    },
    Rule {
        id: "F-2",
        section: Firewall,
        title: "Firewall rule types: DNAT, network and application",
        summary: "DNAT rules translate the destination of traffic to the firewall's public IP. Network rules match protocol, addresses (IPs, FQDNs, service tags or IP groups) and ports; application rules match FQDNs, tags, web categories or URLs for HTTP, HTTPS and MSSQL. Rules sit in collections with an action and a priority from 100 to 65000, lowest first.",
        source: FW_RULES,
        sim_choice: None,
    },
    Rule {
        id: "F-3",
        section: Firewall,
        title: "Processing order: DNAT, then network, then application rules",
        summary: "All DNAT collections come before network ones and network before application ones, whatever the rule collection group priorities; within a type, the first match by priority ends processing. A matching network rule means application rules are never checked; after them come the infrastructure collection and the default deny. Parent policy groups are evaluated before child ones.",
        source: FW_RULES,
        sim_choice: None,
    },
    Rule {
        id: "F-4",
        section: Firewall,
        title: "DNAT allows the flow and translates the source as well",
        summary: "A DNAT match rewrites the destination and admits the flow without network or application rules; application rules never apply to inbound connections. The source is translated to a firewall subnet address too, so replies return through the firewall.",
        source: FW_RULES,
        sim_choice: None,
    },
    Rule {
        id: "F-5",
        section: Firewall,
        title: "The firewall is stateful and drops packets of flows it never saw",
        summary: "Replies of an allowed flow pass automatically, but a packet of a flow the firewall never saw, such as a reply whose request went around it, is dropped. Allowing A to B does not allow new connections from B to A. Unlike NSGs, changing a rule to deny also cuts existing sessions.",
        source: FW_RULES,
        sim_choice: None,
    },
    Rule {
        id: "F-6",
        section: Firewall,
        title: "Network rules do not SNAT private destinations by default",
        summary: "Network-rule traffic to RFC 1918 or RFC 6598 destinations keeps its original source; anything else is SNATed, to a public IP for the Internet or to a firewall subnet address otherwise. Spoke-to-spoke and spoke-to-endpoint traffic through network rules therefore keeps the client's IP, which matters for endpoint replies (E-11).",
        source: FW_SNAT,
        sim_choice: None,
    },
    Rule {
        id: "F-7",
        section: Firewall,
        title: "The list of ranges not to SNAT is configurable",
        summary: "The firewall's private-range list can be edited; IANAPrivateRanges stands for the defaults and must be kept explicitly when adding ranges. 0.0.0.0/0 means never SNAT and 255.255.255.255/32 means always SNAT. Only network rules are affected.",
        source: FW_SNAT,
        sim_choice: None,
    },
    Rule {
        id: "F-8",
        section: Firewall,
        title: "Application rules always SNAT",
        summary: "Application rules work as a transparent proxy and always SNAT to a firewall private IP, whatever the destination. That keeps the return path symmetric, which is why Microsoft recommends them for traffic to private endpoints (E-11).",
        source: FW_SNAT,
        sim_choice: None,
    },
    Rule {
        id: "F-9",
        section: Firewall,
        title: "SNAT uses firewall subnet addresses, not the frontend IP",
        summary: "The firewall SNATs to one of its addresses in AzureFirewallSubnet, which need not be the frontend IP that UDRs point at. An NSG rule at the destination must cover the firewall subnet to match SNATed traffic; a rule naming only the frontend IP misses it.",
        source: FW_SNAT,
        sim_choice: Some("The SNAT source is a fixed AzureFirewallSubnet address distinct from the frontend (the next free one after it), replies to it route back to the firewall, and an NSG rule naming only the frontend IP is flagged as an insight."),
    },
    Rule {
        id: "F-10",
        section: Firewall,
        title: "Application rules connect to the firewall's own DNS answer",
        summary: "For HTTP and inspected HTTPS the firewall connects to the address its own DNS returns for the Host or SNI name, not to the packet's destination. Whether the flow reaches a private endpoint or the public endpoint therefore depends on the DNS context of the firewall's VNet.",
        source: FW_SNAT,
        sim_choice: Some("The name is resolved from the firewall's VNet by the simulator's DNS engine."),
    },
    Rule {
        id: "F-20",
        section: Firewall,
        title: "An NVA needs IP forwarding enabled on its NIC",
        summary: "A VM that forwards traffic not addressed to itself needs IP forwarding on its Azure NIC as well as in its operating system. Without the Azure setting, packets for other destinations are dropped at the NIC. Azure Firewall handles this internally.",
        source: IP_FORWARDING,
        sim_choice: None,
    },
    Rule {
        id: "F-21",
        section: Firewall,
        title: "An NVA must SNAT or proxy Internet-bound traffic",
        summary: "For Internet egress an NVA has to SNAT or proxy to its own private IP, which Azure then translates to a public IP (the subnet's NAT gateway, the NIC's public IP or default outbound access). Azure translates only the NVA's own addresses, so forwarded traffic that keeps another host's address gets no reply. Replies come back to the NVA rather than to the original client.",
        source: UDR_CUSTOM,
        sim_choice: Some("An NVA that forwards Internet-bound traffic without SNAT (the source is still another host's address) is a certain failure: dropped at the NVA's Internet egress, \"not SNATed: Azure translates only the NVA's own private IPs to a public IP, so no reply can come back\", with SNAT on the NVA proposed as the fix."),
    },
    Rule {
        id: "F-22",
        section: Firewall,
        title: "An internal load balancer can be the next hop of an NVA pool",
        summary: "A UDR's VirtualAppliance next hop may be the frontend IP of an internal Standard load balancer whose backend pool holds the NVA NICs. It hands each flow to one healthy backend chosen from the 5-tuple, with the original destination; an HA ports rule balances every flow on every port, and combining it with other rules is not supported. One load balancer picks the same instance for both directions of a flow, but two load balancers decide independently, so a stateful pool behind two of them needs SNAT.",
        source: LB_HA_PORTS,
        sim_choice: Some("An HA ports rule carries every protocol (ICMP hashed with ports 0); without one, only TCP or UDP matching a rule's protocol and frontend port is balanced and anything else is dropped, \"no load-balancing rule\". A backend is healthy when its flag says so and its NSGs let the probe from 168.63.129.16 reach the probe port; with no healthy backend new flows are dropped. The hash orders the two endpoints first and is salted per load balancer, so a reply through another load balancer may reach another stateful instance and be dropped as asymmetric (F-12). The ILB is its own hop, with no NSG; a flow addressed to the frontend itself gets the backend's address as destination, as without floating IP."),
    },
    Rule {
        id: "F-23",
        section: Firewall,
        title: "A NAT gateway is the Internet egress of the subnets it serves",
        summary: "A NAT gateway on a subnet translates flows started inside to one of its public IPs (up to 16) and brings their replies back; it accepts no unsolicited inbound connection and carries TCP and UDP only. A 0.0.0.0/0 UDR to an appliance or a gateway, or a BGP default route, takes precedence; what the appliance then sends to the Internet uses the NAT gateway of its own subnet. Flows started from the Internet through a VM's public IP keep using it, and on AzureFirewallSubnet the NAT gateway takes precedence over the firewall's public IPs. One NAT gateway per subnet, subnets of one VNet, never GatewaySubnet.",
        source: NAT_GW,
        sim_choice: Some("Only flows whose selected route has next hop Internet and that leave from a served subnet use it; a 0.0.0.0/0 UDR to Internet keeps it. Effective routes are unchanged; the trace adds a hop \"NAT gateway <name>: source <private IP> → <public IP>\" (its first public IP) after the route decision. ICMP to the Internet from such a subnet is dropped at the NAT gateway."),
    },
    Rule {
        id: "F-12",
        section: Firewall,
        title: "Asymmetric paths through a stateful device are dropped",
        summary: "A flow whose request crosses a stateful device but whose reply does not, or crosses another instance, is dropped. Typical causes are a UDR in only one of two peered spokes, spoke replies to on-premises going straight to the gateway, and GatewaySubnet traffic forced through the firewall without the matching spoke route. Private endpoint replies without SNAT are the exception and are marked at risk (E-11).",
        source: NVA_HA,
        sim_choice: Some("Flows are tracked by 5-tuple per stateful device; a reply arriving with no forward state, or a forward packet whose reply skips the device, is dropped as asymmetric at that device."),
    },
    // ---- 6. DNS ----
    Rule {
        id: "D-1",
        section: Dns,
        title: "VNets use Azure-provided DNS at 168.63.129.16 by default",
        summary: "Unless configured otherwise, VMs send DNS queries to 168.63.129.16, a virtual platform address reachable from every VNet. It is not routed through UDRs or NVAs, so these queries never cross a firewall.",
        source: WIRESERVER,
        sim_choice: None,
    },
    Rule {
        id: "D-2",
        section: Dns,
        title: "Azure DNS answers in the context of the querying VNet",
        summary: "168.63.129.16 answers from private zones linked to the querying NIC's VNet, then a forwarding ruleset linked to it, then that VNet's VM hostnames, then public DNS. For a custom DNS server or a resolver inbound endpoint the querying VNet is its own, not the original client's. Zone links are not inherited through peering.",
        source: NAME_RESOLUTION,
        sim_choice: Some("Public DNS, the last step, is the simulated one of D-15: the design's public records, then the catalog's generated chains. D-2 and D-22 are one algorithm, implemented once."),
    },
    Rule {
        id: "D-3",
        section: Dns,
        title: "Custom DNS servers on a VNet replace Azure DNS",
        summary: "A VNet may list up to 20 DNS server IPs in order of preference; its VMs then query those instead of 168.63.129.16, and a NIC-level setting overrides the VNet's. The server must be reachable through UDRs and NSGs and, for private zones, forward to 168.63.129.16 from a VNet with the zones linked or to a resolver inbound endpoint.",
        source: NAME_RESOLUTION,
        sim_choice: Some("A DNS server change applies at once, without the VM restart or DHCP renewal Azure needs."),
    },
    Rule {
        id: "D-4",
        section: Dns,
        title: "Hub DNS pattern: spokes point at a forwarder in the hub",
        summary: "Spokes set their DNS servers to a hub forwarder, Azure Firewall DNS proxy or resolver inbound endpoint, and all privatelink zones are linked to the hub only. Queries are then answered in the hub's context (D-2), so spokes get endpoint private IPs without linking the zones themselves.",
        source: NAME_RESOLUTION,
        sim_choice: None,
    },
    Rule {
        id: "D-5",
        section: Dns,
        title: "A private zone is visible only through virtual network links",
        summary: "A private DNS zone is a global resource with any name, seen by a VNet only through a link. Each link has autoregistration on or off and a resolution policy, Default or NxDomainRedirect. Zones and VNets link many-to-many across regions and subscriptions.",
        source: PDNS_LINKS,
        sim_choice: None,
    },
    Rule {
        id: "D-6",
        section: Dns,
        title: "Autoregistration writes VM records into one zone per VNet",
        summary: "With autoregistration on a link, Azure keeps A records for the VMs' primary private IPs in that VNet, and a VNet can autoregister into only one zone. Automatic records cannot be edited, but a manual record of the same name overrides them. Private endpoints are never autoregistered; their records come from DNS zone groups (D-10).",
        source: PDNS_AUTOREG,
        sim_choice: None,
    },
    Rule {
        id: "D-7",
        section: Dns,
        title: "No two same-named zones per VNet; the longest suffix answers",
        summary: "A VNet cannot be linked to two zones with the same name, and a zone and a VNet have at most one link between them; both are validation errors, and they explain the classic multi-team privatelink split-brain. Which of several linked zones answers a name is undocumented.",
        source: PDNS,
        sim_choice: Some("The linked zone whose name is the longest suffix of the query is authoritative (with contoso.com and a.contoso.com linked, x.a.contoso.com is answered by a.contoso.com only), and a name missing from it is NXDOMAIN with no fallback unless NxDomainRedirect (D-12) applies."),
    },
    Rule {
        id: "D-8",
        section: Dns,
        title: "A private zone named like a public domain shadows it",
        summary: "A linked private zone whose name equals a public domain hides that domain from the VNet: every name under it must exist privately or resolution fails with NXDOMAIN. That is why zones should use the privatelink names rather than, say, blob.core.windows.net.",
        source: PDNS_SCENARIOS,
        sim_choice: None,
    },
    Rule {
        id: "D-10",
        section: Dns,
        title: "Private endpoints add a public CNAME; zone groups add the A record",
        summary: "Once any private endpoint exists for a resource, its public name becomes a CNAME to the privatelink name, which publicly continues to the cluster hosting the resource and its public IP, for every client anywhere; without an endpoint the name points straight at the cluster. The endpoint's optional DNS zone group writes an A record, the resource name to the endpoint's IP, into the privatelink zone and deletes it with the endpoint. A client reading that zone gets the first CNAME, then the private address.",
        source: PE_DNS,
        sim_choice: Some("The catalog generates the public chain: the first CNAME only while the resource has a private endpoint, then a synthetic cluster name such as blob.westeurope-sim.store.core.windows.net, then the resource's synthetic public IP. A zone group's A record (with the endpoint's secondary IPs) is derived from the endpoint, never stored, and listed as from that endpoint; the group owns its record set, so it wins over a stored record of the same name, which validation reports."),
    },
    Rule {
        id: "D-11",
        section: Dns,
        title: "Resolving a service name: private IP, public IP or NXDOMAIN",
        summary: "With the privatelink zone linked and the record present, the name resolves through its CNAME to the endpoint's private IP; with the zone linked but no record, it fails with NXDOMAIN unless the link falls back to public DNS. Without the zone linked, the public chain ends in the public IP and the endpoint is not used; a resource with no endpoint has no privatelink CNAME at all. Clients keep using the public name so TLS certificates match.",
        source: PE_DNS,
        sim_choice: None,
    },
    Rule {
        id: "D-12",
        section: Dns,
        title: "NxDomainRedirect falls back to public DNS",
        summary: "A link with resolution policy NxDomainRedirect replaces an NXDOMAIN from a privatelink zone with the public answer. It is available only for zones tied to Private Link resources.",
        source: PDNS_FALLBACK,
        sim_choice: Some("The fallback applies whenever such an authoritative linked privatelink zone returns NXDOMAIN."),
    },
    Rule {
        id: "D-13",
        section: Dns,
        title: "On-premises DNS: forward the public zone; servers follow CNAMEs",
        summary: "On-premises DNS cannot query 168.63.129.16, so Microsoft advises a conditional forwarder for the public service zone (e.g. blob.core.windows.net) to a DNS forwarder in Azure whose VNet has the privatelink zones linked. A recursive server that gets a CNAME restarts at its target through its own forwarders, so forwarding only the privatelink zone usually still yields the private IP. It departs from the guidance and can break through caching or a server that does not re-query.",
        source: PE_DNS_INTEGRATION,
        sim_choice: Some("Every DNS server (on-premises, DNS VM) follows CNAME targets with its own forwarders, a per-server setting on by default: a target under another of its rules (forwarder or own zone) is resolved as a new query, a target under the same rule keeps the upstream's chain. Off, the upstream's answer is kept as received. Caching is not modelled (X-10)."),
    },
    Rule {
        id: "D-14",
        section: Dns,
        title: "Each private-link sub-resource has its own privatelink zone",
        summary: "Each sub-resource maps to a privatelink zone and a public zone, e.g. privatelink.blob.core.windows.net for storage blob and privatelink.vaultcore.azure.net for Key Vault. The service catalog holds these pairs; they decide which zone an endpoint's record goes into and what on-premises must forward.",
        source: PE_DNS,
        sim_choice: None,
    },
    Rule {
        id: "D-15",
        section: Dns,
        title: "Public DNS records given in a design",
        summary: "A design may give public records, A with addresses or CNAME with one target, for internet names, a service's real cluster name or a PaaS public name. Public DNS answers a name from them first, then from the chains the catalog generates, else NXDOMAIN; a name given replaces every generated record of that name only. A name cannot hold a CNAME and other data. Private zones, rulesets and forwarders still come first.",
        source: RFC1034,
        sim_choice: Some("The simulator's public DNS is these records plus the generated chains of D-10, followed across both; a CNAME beside other data is a validation error."),
    },
    Rule {
        id: "D-20",
        section: Dns,
        title: "DNS Private Resolver: inbound and outbound endpoints",
        summary: "A resolver sits in one VNet (at most one per VNet) with inbound endpoints, each holding an IP in its own delegated /28 to /24 subnet, and outbound endpoints in their own subnet. Queries to an inbound endpoint are answered as if from the resolver's VNet: its linked zones, then its ruleset, then public DNS. Resolver, rulesets and their links are same-region only.",
        source: RESOLVER,
        sim_choice: None,
    },
    Rule {
        id: "D-21",
        section: Dns,
        title: "Forwarding rulesets send matching domains to target servers",
        summary: "A ruleset uses one or two outbound endpoints and is linked to VNets of its region, at most one ruleset per VNet. Each rule names a domain (\".\" matches everything) and one to six targets tried in order for failover; 168.63.129.16 cannot be a target. A \".\" rule does not capture Azure-reserved domains such as windows.net, so privatelink names still resolve in Azure.",
        source: RESOLVER_RULESETS,
        sim_choice: None,
    },
    Rule {
        id: "D-22",
        section: Dns,
        title: "Resolution order: custom DNS, linked zones, ruleset, public DNS",
        summary: "A VM's query goes to its VNet's custom DNS servers if there are any; otherwise linked private zones are consulted, then the VNet's ruleset, where the longest matching domain wins and forwards. Anything unmatched goes to Azure's public recursive DNS. This is the same algorithm as D-2 and is implemented once.",
        source: RESOLVER_RULESETS,
        sim_choice: None,
    },
    Rule {
        id: "D-23",
        section: Dns,
        title: "Forwarding to a resolver on the same ruleset loops",
        summary: "A rule that forwards to the inbound endpoint of a resolver whose own VNet is linked to the same ruleset sends queries around in a circle. The simulator stops the loop instead of letting the query wander.",
        source: RESOLVER_RULESETS,
        sim_choice: Some("The loop is detected and the query fails with SERVFAIL \"forwarding loop\"."),
    },
    // ---- 7. Limits ----
    Rule {
        id: "L-1",
        section: Limits,
        title: "At most 400 routes per route table",
        summary: "A route table holds at most 400 UDRs (1,000 for tables managed by Virtual Network Manager). Exceeding it is a validation error. Per-endpoint /32 routes are what usually hits it (E-14).",
        source: LIMITS,
        sim_choice: None,
    },
    Rule {
        id: "L-2",
        section: Limits,
        title: "200 route tables per region per subscription",
        summary: "A subscription may hold 200 route tables in one region. The simulator treats more as a warning.",
        source: LIMITS,
        sim_choice: None,
    },
    Rule {
        id: "L-3",
        section: Limits,
        title: "25 service-tag routes per route table",
        summary: "A route table may hold at most 25 routes whose prefix is a service tag (R-16). The simulator treats more as a warning.",
        source: LIMITS,
        sim_choice: None,
    },
    Rule {
        id: "L-4",
        section: Limits,
        title: "One route table per subnet; one NSG per subnet and per NIC",
        summary: "A subnet has at most one route table and one NSG, and a NIC at most one NSG. The simulator enforces this as a validation error.",
        source: LIMITS,
        sim_choice: None,
    },
    Rule {
        id: "L-5",
        section: Limits,
        title: "500 peerings per VNet",
        summary: "A VNet can have up to 500 peerings, or 1,000 with Virtual Network Manager connectivity configurations. More is a validation error, though the engine still computes the design.",
        source: LIMITS,
        sim_choice: None,
    },
    Rule {
        id: "L-6",
        section: Limits,
        title: "1,000 VNets per region per subscription",
        summary: "A subscription may hold 1,000 VNets in one region. The simulator treats more as a warning.",
        source: LIMITS,
        sim_choice: None,
    },
    Rule {
        id: "L-7",
        section: Limits,
        title: "3,000 subnets per VNet",
        summary: "A VNet may hold up to 3,000 subnets. The simulator treats more as a warning.",
        source: LIMITS,
        sim_choice: None,
    },
    Rule {
        id: "L-8",
        section: Limits,
        title: "20 custom DNS servers per VNet",
        summary: "A VNet's DNS server list may hold 20 entries (D-3). The simulator treats more as a warning.",
        source: LIMITS,
        sim_choice: None,
    },
    Rule {
        id: "L-9",
        section: Limits,
        title: "1,000 security rules per NSG",
        summary: "An NSG may hold up to 1,000 rules. The simulator treats more as a warning.",
        source: LIMITS,
        sim_choice: None,
    },
    Rule {
        id: "L-10",
        section: Limits,
        title: "5,000 NSGs per region per subscription",
        summary: "A subscription may hold 5,000 NSGs in one region. The simulator treats more as a warning.",
        source: LIMITS,
        sim_choice: None,
    },
    Rule {
        id: "L-11",
        section: Limits,
        title: "BGP route limits per gateway SKU (not enforced)",
        summary: "A VPN gateway learns and advertises a SKU-dependent number of BGP routes, for example 4,000 learned per BGP peer on VpnGw1 to VpnGw5. Gateway SKU details are outside the model (X-3).",
        source: LIMITS,
        sim_choice: Some("The BGP route limit is not enforced."),
    },
    Rule {
        id: "L-12",
        section: Limits,
        title: "1,000 private endpoints per VNet",
        summary: "A VNet holds up to 1,000 private endpoints, or 5,000 with High Scale Private Endpoints, which also require RouteTableEnabled or Enabled network policies. Exceeding it is a validation error.",
        source: PE_SCALE,
        sim_choice: None,
    },
    Rule {
        id: "L-13",
        section: Limits,
        title: "4,000 private endpoints across a VNet and its peers",
        summary: "Beyond 4,000 private endpoints in a VNet and its peered VNets (20,000 with High Scale Private Endpoints) performance degrades. The simulator treats more as a warning.",
        source: PE_SCALE,
        sim_choice: None,
    },
    Rule {
        id: "L-14",
        section: Limits,
        title: "Private endpoints per subscription",
        summary: "A subscription may hold 64,000 private endpoints; newer text says 65,536 per region per subscription. This is only a warning.",
        source: LIMITS,
        sim_choice: None,
    },
    Rule {
        id: "L-15",
        section: Limits,
        title: "800 Private Link services per subscription, 8 NAT IPs each",
        summary: "A subscription may hold 800 Private Link services, each with up to 8 NAT IPs. The simulator treats more as a warning.",
        source: LIMITS,
        sim_choice: None,
    },
    Rule {
        id: "L-16",
        section: Limits,
        title: "50 ASG members behind a private endpoint NSG rule",
        summary: "An application security group used with a private endpoint supports at most 50 IP configurations (E-10). The simulator treats more as a warning.",
        source: LIMITS,
        sim_choice: None,
    },
    Rule {
        id: "L-17",
        section: Limits,
        title: "1,000 private DNS zones per subscription",
        summary: "A subscription may hold 1,000 private DNS zones. The simulator treats more as a warning.",
        source: LIMITS,
        sim_choice: None,
    },
    Rule {
        id: "L-18",
        section: Limits,
        title: "25,000 record sets per private DNS zone",
        summary: "A private DNS zone holds at most 25,000 record sets. Exceeding it is a validation error.",
        source: LIMITS,
        sim_choice: None,
    },
    Rule {
        id: "L-19",
        section: Limits,
        title: "20 records per record set",
        summary: "A record set in a private zone holds at most 20 records. The simulator treats more as a warning.",
        source: LIMITS,
        sim_choice: None,
    },
    Rule {
        id: "L-20",
        section: Limits,
        title: "1,000 VNet links per private DNS zone",
        summary: "A private DNS zone can be linked to at most 1,000 VNets. Exceeding it is a validation error.",
        source: LIMITS,
        sim_choice: None,
    },
    Rule {
        id: "L-21",
        section: Limits,
        title: "100 autoregistration links per private DNS zone",
        summary: "At most 100 of a zone's VNet links may have autoregistration on. Exceeding it is a validation error.",
        source: LIMITS,
        sim_choice: None,
    },
    Rule {
        id: "L-22",
        section: Limits,
        title: "One autoregistration zone per VNet",
        summary: "A VNet can autoregister its VMs into only one private zone (D-6). A second one is a validation error.",
        source: LIMITS,
        sim_choice: None,
    },
    Rule {
        id: "L-23",
        section: Limits,
        title: "A VNet links to at most 1,000 private zones",
        summary: "One VNet may be linked to up to 1,000 private DNS zones. The simulator treats more as a warning.",
        source: LIMITS,
        sim_choice: None,
    },
    Rule {
        id: "L-24",
        section: Limits,
        title: "1,000 DNS queries per second per VM to 168.63.129.16",
        summary: "A VM may send 1,000 queries per second to Azure DNS, with at most 200 outstanding; excess queries are dropped. The simulator shows the number only and does not model throttling (X-10).",
        source: LIMITS,
        sim_choice: None,
    },
    Rule {
        id: "L-25",
        section: Limits,
        title: "One DNS Private Resolver per VNet, 15 per subscription",
        summary: "A VNet holds at most one resolver and a subscription at most 15. Exceeding either is a validation error.",
        source: RESOLVER_LIMITS,
        sim_choice: None,
    },
    Rule {
        id: "L-26",
        section: Limits,
        title: "Five inbound and five outbound endpoints per resolver",
        summary: "A resolver may have five inbound and five outbound endpoints (older documentation says two of each). The simulator treats more as a warning.",
        source: RESOLVER_LIMITS,
        sim_choice: None,
    },
    Rule {
        id: "L-27",
        section: Limits,
        title: "1,000 forwarding rules per ruleset",
        summary: "A forwarding ruleset holds at most 1,000 rules (older documentation says 25). Exceeding it is a validation error.",
        source: RESOLVER_LIMITS,
        sim_choice: None,
    },
    Rule {
        id: "L-28",
        section: Limits,
        title: "500 VNet links per ruleset",
        summary: "A forwarding ruleset can be linked to 500 VNets (older documentation says 10). The simulator treats more as a warning.",
        source: RESOLVER_LIMITS,
        sim_choice: None,
    },
    Rule {
        id: "L-29",
        section: Limits,
        title: "One ruleset linked per VNet",
        summary: "A VNet can be linked to only one forwarding ruleset (D-21). A second link is a validation error.",
        source: RESOLVER_LIMITS,
        sim_choice: None,
    },
    Rule {
        id: "L-30",
        section: Limits,
        title: "Two outbound endpoints per ruleset, two rulesets per endpoint",
        summary: "A ruleset uses at most two outbound endpoints, and an outbound endpoint serves at most two rulesets. The simulator treats more as a warning.",
        source: RESOLVER_LIMITS,
        sim_choice: None,
    },
    Rule {
        id: "L-31",
        section: Limits,
        title: "Six target DNS servers per forwarding rule",
        summary: "A forwarding rule lists one to six target servers (D-21). More is a validation error.",
        source: RESOLVER_LIMITS,
        sim_choice: None,
    },
    Rule {
        id: "L-32",
        section: Limits,
        title: "10,000 queries per second per resolver endpoint",
        summary: "Each resolver endpoint handles up to 10,000 queries per second. The simulator shows the number but does not model load.",
        source: RESOLVER_LIMITS,
        sim_choice: None,
    },
    Rule {
        id: "L-33",
        section: Limits,
        title: "AzureFirewallSubnet must be at least /26",
        summary: "The firewall's subnet needs a prefix of /26 or larger (F-1). The simulator treats a smaller one as a warning.",
        source: LIMITS,
        sim_choice: None,
    },
    Rule {
        id: "L-34",
        section: Limits,
        title: "One VPN gateway, one ExpressRoute gateway, one firewall per VNet",
        summary: "A VNet can hold one VPN gateway, one ExpressRoute gateway and one Azure Firewall. A second of any kind is a validation error.",
        source: LIMITS,
        sim_choice: None,
    },
    Rule {
        id: "L-35",
        section: Limits,
        title: "Resolver endpoint subnets: /28 to /24, one endpoint each",
        summary: "Each resolver endpoint needs its own delegated subnet sized between /28 and /24 (D-20). Anything else is a validation error.",
        source: RESOLVER_LIMITS,
        sim_choice: None,
    },
    // ---- 8. Costs ----
    Rule {
        id: "C-1",
        section: Costs,
        title: "Private endpoint: $0.01 per endpoint-hour",
        summary: "Each private endpoint costs about $0.01 an hour, roughly $7.30 for a 730-hour month. The rate was checked against 2025–2026 summaries and is the same in US regions and Canada Central. Like every price, it lives in the dated price table.",
        source: PRICE_PL,
        sim_choice: None,
    },
    Rule {
        id: "C-2",
        section: Costs,
        title: "Private endpoint data: $0.01 per GB in and again out",
        summary: "Data processed by a private endpoint costs $0.01 per GB inbound and the same outbound for the first petabyte a month, then $0.006 and $0.004 per GB in higher tiers. The simulator uses the first tier only (X-12).",
        source: PRICE_PL,
        sim_choice: None,
    },
    Rule {
        id: "C-3",
        section: Costs,
        title: "Regional peering: $0.01 per GB on egress and on ingress",
        summary: "Traffic over a same-region peering costs $0.01 per GB leaving one VNet and again entering the other. This long-standing list price could not be re-checked and is an editable default.",
        source: PRICE_VNET,
        sim_choice: None,
    },
    Rule {
        id: "C-4",
        section: Costs,
        title: "Global peering: $0.035, $0.09 or $0.16 per GB by zone",
        summary: "Cross-region peering costs $0.035 per GB in zone 1 (North America and Europe, incl. Canada Central), $0.09 in zone 2 (Asia, Oceania, Middle East, Africa) and $0.16 in zone 3 (Brazil, South America), charged on egress and on ingress. The simulator maps each region to its zone. These are unverified defaults.",
        source: PRICE_VNET,
        sim_choice: None,
    },
    Rule {
        id: "C-5",
        section: Costs,
        title: "Azure Firewall Standard: $1.25 per hour plus $0.016 per GB",
        summary: "A Standard firewall costs $1.25 per deployment-hour plus $0.016 per GB processed. This is an unverified default to be overridden.",
        source: PRICE_FW,
        sim_choice: None,
    },
    Rule {
        id: "C-6",
        section: Costs,
        title: "Azure Firewall Premium: $1.75 per hour plus $0.016 per GB",
        summary: "A Premium firewall costs $1.75 per deployment-hour plus $0.016 per GB processed. Sources disagree on the hourly rate (one gives $2.496), so the figure is unverified.",
        source: PRICE_FW,
        sim_choice: None,
    },
    Rule {
        id: "C-7",
        section: Costs,
        title: "Azure Firewall Basic: $0.395 per hour plus $0.065 per GB",
        summary: "A Basic firewall costs $0.395 per deployment-hour plus $0.065 per GB processed. This is an unverified default to be overridden.",
        source: PRICE_FW,
        sim_choice: None,
    },
    Rule {
        id: "C-8",
        section: Costs,
        title: "Service endpoints are free",
        summary: "Service endpoints carry no charge of their own (E-25). They add nothing to a design's cost estimate.",
        source: SE,
        sim_choice: None,
    },
    Rule {
        id: "C-9",
        section: Costs,
        title: "Private DNS: $0.50 per zone-month, $0.40 per million queries",
        summary: "A private DNS zone costs $0.50 a month for the first 25 zones, and queries $0.40 per million for the first billion. These are unverified defaults.",
        source: PRICE_DNS,
        sim_choice: None,
    },
    Rule {
        id: "C-10",
        section: Costs,
        title: "DNS Private Resolver: about $180 per endpoint-month",
        summary: "Each inbound or outbound resolver endpoint costs about $180 a month, a forwarding ruleset about $2.50 a month, plus a per-query charge. These are unverified defaults.",
        source: PRICE_DNS,
        sim_choice: None,
    },
    Rule {
        id: "C-11",
        section: Costs,
        title: "VPN gateway: hourly price by SKU (unverified defaults)",
        summary: "The table uses older list prices per gateway-hour: Basic about $0.04, VpnGw1 $0.19, VpnGw2 $0.49 and VpnGw3 $1.25. Since 2025 only the zone-redundant AZ SKUs can be created, at reduced prices, so these figures are editable defaults.",
        source: PRICE_VPN,
        sim_choice: None,
    },
    Rule {
        id: "C-20",
        section: Costs,
        title: "Private endpoint data is billed both ways; no peering fee to it",
        summary: "Bytes entering and leaving a private endpoint are both billed. Traffic reaching an endpoint over a peering pays no extra peering fee for that hop: in Microsoft's firewall scenarios the client-to-firewall peering is charged but the firewall-to-endpoint hop is not (E-13).",
        source: PRICE_PL,
        sim_choice: None,
    },
    Rule {
        id: "C-21",
        section: Costs,
        title: "Peering is charged on egress and again on ingress",
        summary: "Each GB between peered VNets is billed leaving the source VNet and again entering the destination, so twice per one-way transfer. Going spoke to spoke through a hub firewall pays peering twice per crossing plus firewall processing. Across regions egress uses the sender's zone rate and ingress the receiver's.",
        source: PRICE_VNET,
        sim_choice: None,
    },
    Rule {
        id: "C-22",
        section: Costs,
        title: "Seed figure: one endpoint, 100 TB each way, about $2,055 a month",
        summary: "One endpoint in Canada Central for 730 hours with 100 TB in and 100 TB out costs $7.30 plus 204,800 GB at $0.01, about $2,055 a month with 1 TB = 1,024 GB ($2,007.30 with 1,000 GB). The 100 TB must be per direction, since 100 TB in total gives $1,031.30. The UI states its TB convention, and a test reproduces the figure from the price table.",
        source: PRICE_PL,
        sim_choice: None,
    },
    Rule {
        id: "C-23",
        section: Costs,
        title: "Gateway-transit traffic pays peering charges",
        summary: "Traffic between a spoke and the gateway of a peered hub pays peering ingress and egress like any other peered traffic. An earlier version of the docs said otherwise.",
        source: PRICE_VNET,
        sim_choice: None,
    },
    // ---- 9. Not modelled ----
    Rule {
        id: "X-1",
        section: NotModelled,
        title: "IPv6 is not modelled",
        summary: "The simulator handles IPv4 only: no dual-stack VNets, IPv6 routes or IPv6 private endpoints. IPv6 addresses in a design are outside version 1.",
        source: UDR,
        sim_choice: None,
    },
    Rule {
        id: "X-2",
        section: NotModelled,
        title: "Virtual WAN, Route Server and related features are not modelled",
        summary: "Virtual WAN and secured virtual hubs, routing intent, Azure Route Server and NVA BGP peering, ExpressRoute Global Reach, FastPath and VNet encryption are out of scope. Designs built on them cannot be simulated faithfully.",
        source: UDR,
        sim_choice: None,
    },
    Rule {
        id: "X-3",
        section: NotModelled,
        title: "BGP details beyond prefix lists are not modelled",
        summary: "AS paths and prepending, communities, weights, per-SKU route limits and the BGP protocol itself are ignored: gateway routes are the learned prefixes the design lists, each with its own next-hop set (R-25). ECMP happens only within one prefix's next hops; transit between a gateway's connections is P-13.",
        source: UDR_SELECT,
        sim_choice: None,
    },
    Rule {
        id: "X-4",
        section: NotModelled,
        title: "The classic deployment model is not modelled",
        summary: "Classic VNets, their VNETLocal naming and classic peering restrictions are out of scope. Only Resource Manager behaviour is simulated.",
        source: PEERING,
        sim_choice: None,
    },
    Rule {
        id: "X-5",
        section: NotModelled,
        title: "Service-tag routes and most NSG service tags are not modelled",
        summary: "Service tags as route prefixes (R-16) and NSG service tags other than VirtualNetwork, AzureLoadBalancer and Internet are not evaluated. A static table for Storage and Sql may be added later.",
        source: TAGS,
        sim_choice: None,
    },
    Rule {
        id: "X-6",
        section: NotModelled,
        title: "Public load balancers, outbound rules and SNAT ports are not modelled",
        summary: "Public load balancers, load-balancer outbound and inbound NAT rules, floating IP, Gateway Load Balancer, SNAT port inventories and exhaustion, NAT gateway timers and zones, and most public IP details are out of scope. NAT gateway egress (F-23) and an internal load balancer in front of an NVA pool (F-22) are modelled.",
        source: LB_HA_PORTS,
        sim_choice: None,
    },
    Rule {
        id: "X-7",
        section: NotModelled,
        title: "Advanced Azure Firewall features are not modelled",
        summary: "TLS inspection, IDPS, threat intelligence, web categories, FQDN resolution in network rules, DNS proxy internals, forced-tunnelling management NICs, zones and scale units are out of scope. Network rules use static IP lists instead of FQDNs.",
        source: FW_FEATURES,
        sim_choice: None,
    },
    Rule {
        id: "X-8",
        section: NotModelled,
        title: "Flow logs, most Network Watcher tools and ASGs are not modelled",
        summary: "NSG flow logs, Network Watcher tools other than effective routes and next hop, and augmented rules are out of scope. Application security groups exist only as static IP sets.",
        source: NSG,
        sim_choice: None,
    },
    Rule {
        id: "X-9",
        section: NotModelled,
        title: "High Scale endpoints, PLS NAT and Network Security Perimeter",
        summary: "Beyond its limit values, High Scale Private Endpoints behaviour is not simulated, nor Private Link Service NAT or proxy protocol, nor Network Security Perimeter. These affect scale and identity, not the routing questions the studio answers.",
        source: PE_SCALE,
        sim_choice: None,
    },
    Rule {
        id: "X-10",
        section: NotModelled,
        title: "DNS caching, DNSSEC, reverse zones and throttling are not modelled",
        summary: "DNSSEC, TTLs and caching (including negative caching), EDNS, reverse zones, public Azure DNS zones and per-VM query throttling are out of scope. Every resolution is computed fresh from the design.",
        source: PDNS,
        sim_choice: None,
    },
    Rule {
        id: "X-11",
        section: NotModelled,
        title: "Time-dependent effects are not modelled",
        summary: "Propagation delays, connection resets when a service endpoint is toggled, and peering sync states are ignored. The simulator shows the steady state of a design.",
        source: SE,
        sim_choice: None,
    },
    Rule {
        id: "X-12",
        section: NotModelled,
        title: "Price tiers, reservations and other data transfer are not modelled",
        summary: "Price tiers above the first petabyte, reservations, regional price differences and data-transfer charges other than peering are left out. Cost figures are list-price estimates from the dated price table.",
        source: PRICE_PL,
        sim_choice: None,
    },
];

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    /// Every id found in AZURE.md (2026-11-24), in its order. D-9 is deliberately absent: the
    /// reference mentions it once ("unless D-9 applies", under D-7) but never defines it.
    const ALL_IDS: &[&str] = &[
        "R-1", "R-2", "R-3", "R-4", "R-5", "R-6", "R-7", "R-8", "R-9", "R-10", "R-11", "R-12", "R-13", "R-14", "R-15",
        "R-16", "R-17", "R-18", "R-19", "R-20", "R-21", "R-22", "R-23", "R-24", "R-25", "R-26", "R-27", "R-28", "R-29",
        "P-1", "P-2", "P-3", "P-4", "P-5", "P-6", "P-7", "P-8", "P-9", "P-10", "P-11", "P-12", "P-13", "P-14", "E-1",
        "E-2", "E-3", "E-4", "E-5", "E-6", "E-7", "E-8", "E-9", "E-10", "E-11", "E-12", "E-13", "E-14", "E-15", "E-16",
        "E-20", "E-21", "E-22", "E-23", "E-24", "E-25", "N-1", "N-2", "N-3", "N-4", "N-5", "N-6", "N-7", "N-8", "N-9",
        "N-10", "N-11", "N-12", "N-13", "F-1", "F-2", "F-3", "F-4", "F-5", "F-6", "F-7", "F-8", "F-9", "F-10", "F-20",
        "F-21", "F-22", "F-23", "F-12", "D-1", "D-2", "D-3", "D-4", "D-5", "D-6", "D-7", "D-8", "D-10", "D-11", "D-12",
        "D-13", "D-14", "D-15", "D-20", "D-21", "D-22", "D-23", "L-1", "L-2", "L-3", "L-4", "L-5", "L-6", "L-7", "L-8",
        "L-9", "L-10", "L-11", "L-12", "L-13", "L-14", "L-15", "L-16", "L-17", "L-18", "L-19", "L-20", "L-21", "L-22",
        "L-23", "L-24", "L-25", "L-26", "L-27", "L-28", "L-29", "L-30", "L-31", "L-32", "L-33", "L-34", "L-35", "C-1",
        "C-2", "C-3", "C-4", "C-5", "C-6", "C-7", "C-8", "C-9", "C-10", "C-11", "C-20", "C-21", "C-22", "C-23", "X-1",
        "X-2", "X-3", "X-4", "X-5", "X-6", "X-7", "X-8", "X-9", "X-10", "X-11", "X-12",
    ];

    /// `^[RPENFDLCX]-[0-9]+$` without a regex dependency.
    fn well_formed(id: &str) -> bool {
        let b = id.as_bytes();
        b.len() >= 3 && b"RPENFDLCX".contains(&b[0]) && b[1] == b'-' && b[2..].iter().all(u8::is_ascii_digit)
    }

    #[test]
    fn ids_are_unique_and_well_formed() {
        let mut seen = HashSet::new();
        for r in RULES {
            assert!(well_formed(r.id), "malformed id {}", r.id);
            assert!(seen.insert(r.id), "duplicate id {}", r.id);
        }
        assert!(!well_formed("R-") && !well_formed("Q-1") && !well_formed("R-1a"));
    }

    #[test]
    fn every_entry_is_complete() {
        for r in RULES {
            assert!(!r.title.trim().is_empty(), "{}", r.id);
            assert!(r.title.chars().count() <= 70, "{} title too long", r.id);
            assert!(!r.summary.trim().is_empty(), "{}", r.id);
            assert!(r.source.starts_with("https://"), "{}", r.id);
            if let Some(c) = r.sim_choice {
                assert!(!c.trim().is_empty(), "{}", r.id);
            }
        }
    }

    #[test]
    fn section_matches_id_prefix() {
        for r in RULES {
            let want = match r.id.as_bytes()[0] {
                b'R' => Routing,
                b'P' => Peering,
                b'E' => Endpoints,
                b'N' => Nsg,
                b'F' => Firewall,
                b'D' => Dns,
                b'L' => Limits,
                b'C' => Costs,
                _ => NotModelled,
            };
            assert_eq!(r.section, want, "{}", r.id);
            assert!(!r.section.title().is_empty());
        }
    }

    #[test]
    fn lookup_finds_r20() {
        let r = rule("R-20").map(|r| (r.id, r.section));
        assert_eq!(r, Some(("R-20", Routing)));
        assert!(rule("R-999").is_none());
        assert!(rule("r-20").is_none());
    }

    #[test]
    fn catalog_holds_exactly_the_reference_ids_in_order() {
        let ids: Vec<&str> = RULES.iter().map(|r| r.id).collect();
        for id in ALL_IDS {
            assert!(rule(id).is_some(), "{id} missing from the catalog");
        }
        assert_eq!(ids, ALL_IDS, "catalog order or content differs from AZURE.md");
    }
}
