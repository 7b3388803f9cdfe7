//! The code catalog: every diagnostic code with its name, severity, motivating `AZURE.md` rule and
//! description, written once in the table below. The macro turns the table into the [`Code`] enum
//! (whose variant docs are the descriptions) and its accessors, so a code cannot be added without
//! a name and a description.

use serde::Serialize;

/// How bad a finding is. Errors are what Azure would reject; warnings are accepted by Azure but
/// break or surprise; infos are notes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Info,
}

impl Severity {
    pub const fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

macro_rules! codes {
    ($( $variant:ident = $name:literal, $severity:ident, $rule:expr, $describe:literal; )*) => {
        /// A diagnostic code. Serialized as its kebab-case name ([`Code::as_str`]).
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
        pub enum Code {
            $( #[doc = $describe] #[serde(rename = $name)] $variant, )*
        }

        impl Code {
            /// Every code, in catalog order (which is also the sort order of diagnostics).
            pub const ALL: &'static [Code] = &[$( Code::$variant, )*];

            /// The stable kebab-case name shown to people and written to files.
            pub fn as_str(self) -> &'static str {
                match self { $( Code::$variant => $name, )* }
            }

            pub fn severity(self) -> Severity {
                match self { $( Code::$variant => Severity::$severity, )* }
            }

            /// The `AZURE.md` rule id that motivates the code, if one does.
            pub fn rule(self) -> Option<&'static str> {
                match self { $( Code::$variant => $rule, )* }
            }

            /// One sentence: what the code means and how to fix it.
            pub fn describe(self) -> &'static str {
                match self { $( Code::$variant => $describe, )* }
            }
        }
    };
}

codes! {
    // References and names.
    DuplicateId = "duplicate-id", Error, None,
        "Two elements share one id, so references to it are ambiguous; give one of them a fresh id.";
    DanglingReference = "dangling-reference", Error, None,
        "A reference names no element of the expected kind (deleted or mistyped); point it at an existing element or remove it (the engine skips it meanwhile).";
    DuplicateName = "duplicate-name", Error, None,
        "Two elements of the same kind and scope share a name (compared case-insensitively, as Azure does); rename one.";
    NameRejectedByAzure = "name-rejected-by-azure", Warning, None,
        "A name breaks Microsoft's naming rules for its resource type (length, allowed characters, first and last character: most network resources take 1-80 letters, digits, underscores, periods and hyphens, starting with a letter or digit and ending with a letter, digit or underscore), so Azure would refuse to deploy it; rename it.";

    // Addresses.
    CidrNotCanonical = "cidr-not-canonical", Error, None,
        "A stored prefix has host bits set (e.g. 10.1.1.5/24), which Azure rejects; write the canonical form the message names (10.1.1.0/24).";
    VnetWithoutAddressSpace = "vnet-without-address-space", Error, Some("R-2"),
        "A virtual network has no address range; give it at least one (e.g. 10.1.0.0/16) for its subnets.";
    AddressSpaceOverlap = "address-space-overlap", Error, Some("R-2"),
        "Two address ranges of one virtual network overlap; remove or shrink one so every address belongs to one range.";
    SubnetOutsideVnet = "subnet-outside-vnet", Error, Some("R-1"),
        "A subnet's prefix lies outside every address range of its virtual network; pick a prefix inside the address space or widen the address space.";
    SubnetOverlap = "subnet-overlap", Error, None,
        "Two subnets of one virtual network overlap; give each a disjoint prefix.";
    SubnetTooSmall = "subnet-too-small", Error, None,
        "A subnet is smaller than /29, the smallest Azure allows (it reserves five addresses in each); use /29 or larger.";
    IpOutsideSubnet = "ip-outside-subnet", Error, None,
        "An address (NIC, firewall, private endpoint, resolver endpoint or gateway instance) is not inside its subnet's prefix; pick one from the subnet.";
    IpReserved = "ip-reserved", Error, None,
        "An address is one of the five Azure reserves in every subnet (network, .1 gateway, .2 and .3 Azure DNS, broadcast); use the fourth address or a later one.";
    DuplicateIp = "duplicate-ip", Error, None,
        "Two NICs, endpoints or devices in one virtual network have the same private address; give each its own.";
    HostOutsideSite = "host-outside-site", Warning, None,
        "An on-premises host or DNS server has an address outside every prefix of its site, so no route reaches it; add the prefix to the site or fix the address.";
    SiteOverlapsVnet = "site-overlaps-vnet", Warning, Some("R-22"),
        "An on-premises prefix overlaps a virtual network's address space; gateway routes cannot override VNet routes, so those on-premises addresses are unreachable from the VNet: renumber one side.";

    // Peering.
    PeeringToSelf = "peering-to-self", Error, Some("P-3"),
        "A peering link points at its own virtual network, which Azure rejects; remove the link.";
    PeeringDuplicate = "peering-duplicate", Error, Some("P-3"),
        "A virtual network has two links to the same remote virtual network; Azure allows one per direction: remove the extra link.";
    PeeringOverlap = "peering-overlap", Error, Some("P-3"),
        "The address spaces of two peered virtual networks overlap, so Azure refuses the peering; renumber one of them.";
    PeeringOneWay = "peering-one-way", Warning, Some("P-2"),
        "A peering link has no link back from the remote virtual network, so it stays Initiated: no routes and no traffic until the reverse link exists.";
    RemoteGatewayMissing = "remote-gateway-missing", Error, Some("P-6"),
        "A link uses remote gateways but the remote virtual network has no VPN or ExpressRoute gateway; deploy one there or clear useRemoteGateways.";
    RemoteGatewayTransitOff = "remote-gateway-transit-off", Error, Some("P-6"),
        "A link uses remote gateways but the remote virtual network's link back does not allow gateway transit; set allowGatewayTransit on it or clear useRemoteGateways.";
    UseRemoteGatewaysTwice = "use-remote-gateways-twice", Error, Some("P-6"),
        "More than one peering link of a virtual network uses remote gateways; only one may: keep the flag on the link to the hub whose gateway you want.";
    UseRemoteGatewaysWithOwnGateway = "use-remote-gateways-with-own-gateway", Error, Some("P-6"),
        "A virtual network with its own gateway uses remote gateways, which Azure forbids; remove its gateway or clear useRemoteGateways.";

    // VNet-to-VNet connections.
    Vnet2VnetNotVpn = "vnet-to-vnet-not-vpn", Error, Some("P-14"),
        "A VNet-to-VNet connection has an ExpressRoute gateway at one end; only two route-based VPN gateways can be connected VNet to VNet: connect VPN gateways, or peer the VNets.";
    Vnet2VnetOneSided = "vnet-to-vnet-one-sided", Warning, Some("P-14"),
        "A VNet-to-VNet connection has no connection back from the remote gateway; the tunnel is two connection resources, one on each gateway, and carries no traffic until both sides exist: add the connection on the remote gateway.";
    Vnet2VnetOverlap = "vnet-to-vnet-overlap", Error, Some("P-14"),
        "The two sides of a VNet-to-VNet connection overlap (the two VNets, their gateway-transit spokes, or what else is connected to either gateway), or the connection joins a VNet to itself; renumber one side.";

    // Routing.
    SystemOnlyNextHop = "system-only-next-hop", Error, Some("R-11"),
        "A user-defined route uses a next hop type only system routes have (VNetPeering, VNetGlobalPeering, VirtualNetworkServiceEndpoint, InterfaceEndpoint); use VirtualAppliance, VirtualNetworkGateway, VnetLocal, Internet or None.";
    NextHopIpMissing = "next-hop-ip-missing", Error, Some("R-11"),
        "A VirtualAppliance route has no next-hop IP; give the private IP of the firewall or appliance.";
    NextHopIpUnexpected = "next-hop-ip-unexpected", Error, Some("R-11"),
        "A route gives a next-hop IP although its type is not VirtualAppliance, which Azure rejects; remove the IP or change the type.";
    NextHopViaGateway = "next-hop-via-gateway", Error, Some("R-13"),
        "A VirtualAppliance route's next-hop IP lies only in on-premises prefixes, reachable only through a virtual network gateway, and Azure requires a next hop with direct connectivity (same or directly peered VNet): the route is invalid and packets that select it are dropped; point it at an appliance in Azure.";
    NextHopOutsideNetworks = "next-hop-outside-networks", Warning, Some("R-13"),
        "A route's next-hop IP is in no virtual network and no on-premises site of the design, so nothing can receive the traffic; point it at an appliance's private IP.";
    NextHopUnassigned = "next-hop-unassigned", Warning, Some("R-14"),
        "No NIC or firewall of the design has a route's next-hop IP, so matching packets are dropped (next hop unavailable); fix the IP or add the appliance.";
    NextHopWithoutIpForwarding = "next-hop-without-ip-forwarding", Warning, Some("F-20"),
        "A route's next hop is a VM NIC without IP forwarding, so Azure drops the packets it should forward; enable IP forwarding on that NIC.";
    DuplicateRoutePrefix = "duplicate-route-prefix", Error, Some("R-25"),
        "A route table has two routes for the same prefix, which Azure forbids; merge them or remove one.";
    GatewayHopNotVpn = "gateway-hop-not-vpn", Error, Some("R-11"),
        "A VirtualNetworkGateway route applies where the gateway is ExpressRoute (alone or beside a VPN gateway), and such routes need a VPN-only gateway; use VirtualAppliance instead.";
    GatewaySubnetPropagationDisabled = "gateway-subnet-propagation-disabled", Warning, Some("R-17"),
        "The route table on GatewaySubnet disables gateway route propagation, which stops the gateway working; enable propagation on that table.";
    GatewayNextHopUnknown = "gateway-next-hop-unknown", Warning, Some("R-25"),
        "A gateway connection or one of its learned prefixes lists a next hop that is not an instance of the gateway with a tunnel for that connection, so no route can show it; list the gateway's instance IPs (or leave the list empty for all of them).";
    GatewaySubnetDefaultRoute = "gateway-subnet-default-route", Warning, Some("R-18"),
        "The route table on GatewaySubnet has a 0.0.0.0/0 route, which breaks the gateway; route the specific prefixes (e.g. spoke ranges) instead.";

    // Security and dedicated subnets.
    NsgPriorityOutOfRange = "nsg-priority-out-of-range", Error, Some("N-1"),
        "An NSG rule's priority is outside 100-4096, the range of user rules; choose one inside it.";
    NsgPriorityDuplicate = "nsg-priority-duplicate", Error, Some("N-2"),
        "Two rules of one NSG have the same priority and direction, so their order is undefined and Azure rejects it; give each its own priority.";
    NsgOnFirewallSubnet = "nsg-on-firewall-subnet", Error, Some("N-10"),
        "An NSG is associated with AzureFirewallSubnet, which Azure does not support; remove the association (the firewall filters by its own rules).";
    NsgOnGatewaySubnet = "nsg-on-gateway-subnet", Warning, Some("N-10"),
        "An NSG is associated with GatewaySubnet, which is not recommended and can break the gateway; remove the association.";
    AsgMultipleVnets = "asg-multiple-vnets", Error, Some("N-1"),
        "An application security group holds NICs of more than one virtual network, which Azure rejects (every NIC must be in the VNet of the group's first NIC); use one group per virtual network.";
    AsgRuleMultipleVnets = "asg-rule-multiple-vnets", Error, Some("N-1"),
        "An NSG rule names application security groups whose NICs are in different virtual networks, which Azure rejects (AllApplicationSecurityGroupsInSecurityRuleMustBeFromSameVnet); use groups of one virtual network in each rule.";
    TooManyAsgs = "too-many-asgs", Error, None,
        "An NSG rule names more than 10 application security groups as its source or destination, or an NSG's rules name more than 100 in all, beyond Azure's limits; merge groups or use prefixes.";
    AsgWithAddress = "asg-with-address", Error, Some("N-1"),
        "An NSG rule gives application security groups and also an address other than * for the same end; Azure requires exactly one of prefix, prefixes or groups per end (the engine uses the groups): remove the address or the groups.";
    AsgEmpty = "asg-empty", Warning, Some("N-1"),
        "An NSG rule names an application security group that holds no NIC, so it matches no address (Microsoft reproduced that such a rule can stop matching altogether); add NICs to the group or remove it from the rule.";
    FirewallSubnetName = "firewall-subnet-name", Error, Some("F-1"),
        "Azure Firewall must be in a subnet named exactly AzureFirewallSubnet; move it there or rename the subnet.";
    FirewallSubnetTooSmall = "firewall-subnet-too-small", Error, Some("L-33"),
        "AzureFirewallSubnet must be /26 or larger; widen its prefix.";
    GatewaySubnetName = "gateway-subnet-name", Error, None,
        "A VPN or ExpressRoute gateway must be in a subnet named exactly GatewaySubnet; move it there or rename the subnet.";
    DedicatedSubnetInUse = "dedicated-subnet-in-use", Error, Some("F-1"),
        "A VM NIC or private endpoint sits in a subnet dedicated to one service (AzureFirewallSubnet, GatewaySubnet, or a subnet delegated to DNS resolvers); move it to an ordinary subnet.";
    FirewallPriorityOutOfRange = "firewall-priority-out-of-range", Error, Some("F-2"),
        "A firewall rule collection group or collection has a priority outside 100-65000; choose one inside it.";
    FirewallBasicDnsProxy = "firewall-basic-dns-proxy", Error, Some("F-1"),
        "DNS proxy is on for a Basic Azure Firewall, which has none; use the Standard or Premium SKU or turn DNS proxy off.";

    // Load balancers and NAT gateways.
    LbRuleInvalid = "lb-rule-invalid", Error, Some("F-22"),
        "A load-balancing rule is neither an HA ports rule (protocol All, frontend and backend port 0) nor a TCP or UDP rule with a frontend port; fix its protocol or ports.";
    LbHaPortsMixed = "lb-ha-ports-mixed", Error, Some("F-22"),
        "HA ports combined with a non-HA rule is not supported on one load balancer; keep the HA ports rule alone, or remove it and balance chosen ports.";
    LbWithoutRules = "lb-without-rules", Warning, Some("F-22"),
        "An internal load balancer has no load-balancing rule, so it drops every flow it receives; add an HA ports rule (protocol All, port 0) for an NVA pool.";
    LbBackendOtherVnet = "lb-backend-other-vnet", Error, Some("F-22"),
        "A backend pool member is a NIC in another virtual network than the load balancer's frontend; a pool holds NICs of its own virtual network.";
    LbBackendWithoutIpForwarding = "lb-backend-without-ip-forwarding", Warning, Some("F-20"),
        "A load balancer is a route's next hop but one of its backends has IP forwarding off, so it drops the packets handed to it; enable IP forwarding on that NIC.";
    NatGatewayPublicIps = "nat-gateway-public-ips", Error, Some("F-23"),
        "A NAT gateway needs 1 to 16 public IP addresses, each a public one; add, remove or correct its addresses.";
    NatGatewayOnGatewaySubnet = "nat-gateway-on-gateway-subnet", Error, Some("F-23"),
        "A NAT gateway is attached to GatewaySubnet, which Azure does not allow; detach it from that subnet.";
    NatGatewayAcrossVnets = "nat-gateway-across-vnets", Error, Some("F-23"),
        "A NAT gateway serves subnets of more than one virtual network; it serves one virtual network: use one NAT gateway per virtual network.";
    NatGatewaySharedSubnet = "nat-gateway-shared-subnet", Error, Some("F-23"),
        "A subnet is attached to two NAT gateways; a subnet takes one: detach it from one of them.";

    // PaaS, private endpoints and service endpoints.
    UnknownService = "unknown-service", Error, None,
        "A PaaS resource names a service the catalog does not know (e.g. storage, sql, keyvault); pick one from the catalog.";
    UnknownSubResource = "unknown-sub-resource", Error, Some("E-1"),
        "A private endpoint names a sub-resource (groupId) its target service does not have (storage has blob, file, queue, table, web, dfs); pick one the service has.";
    UnknownServiceEndpoint = "unknown-service-endpoint", Error, Some("E-20"),
        "A subnet enables a service endpoint for a service name Azure does not support; use a supported name (e.g. Microsoft.Storage) or a private endpoint.";
    AllowedSubnetWithoutEndpoint = "allowed-subnet-without-endpoint", Warning, Some("E-22"),
        "A PaaS resource allows a subnet that has no service endpoint for its service, so that subnet's traffic still arrives from a public IP and the rule never matches; enable the endpoint on the subnet.";
    ZoneGroupWrongZone = "zone-group-wrong-zone", Warning, Some("D-14"),
        "A private endpoint's DNS zone group writes into a zone that is not the privatelink zone of its sub-resource, so clients never find the record; choose the matching zone.";

    // DNS.
    ZoneLinkedTwice = "zone-linked-twice", Error, Some("D-7"),
        "A private DNS zone has two links to the same virtual network; a zone-VNet pair has at most one link: remove one.";
    ZoneNameConflict = "zone-name-conflict", Error, Some("D-7"),
        "A virtual network is linked to two private DNS zones with the same name, which Azure rejects (the privatelink split-brain); keep one zone and merge the records.";
    TooManyAutoregistrationZones = "too-many-autoregistration-zones", Error, Some("L-22"),
        "A virtual network has autoregistration on more than one private DNS zone; Azure allows one: turn registration off on the other links.";
    ForwardingDomainNoDot = "forwarding-domain-no-dot", Error, Some("D-21"),
        "A forwarding rule's domain does not end with a dot; write it fully qualified, e.g. contoso.com. (a lone . matches everything).";
    ForwardingTargetAzureDns = "forwarding-target-azure-dns", Error, Some("D-21"),
        "A forwarding rule targets 168.63.129.16, which Azure rejects; names no rule matches already go to Azure DNS, so target other DNS servers.";
    ForwardingTargetCount = "forwarding-target-count", Error, Some("L-31"),
        "A forwarding rule has no target or more than six; give it one to six target DNS servers.";
    TooManyRulesets = "too-many-rulesets", Error, Some("L-29"),
        "More than one forwarding ruleset is linked to a virtual network; Azure allows one: merge the rules or unlink one ruleset.";
    TooManyResolvers = "too-many-resolvers", Error, Some("L-25"),
        "A virtual network holds more than one DNS private resolver; Azure allows one: add endpoints to the existing resolver instead.";
    ResolverSubnetNotDelegated = "resolver-subnet-not-delegated", Error, Some("D-20"),
        "A resolver endpoint's subnet is not delegated to Microsoft.Network/dnsResolvers; delegate it (the subnet is then dedicated to the resolver).";
    ResolverSubnetSize = "resolver-subnet-size", Error, Some("L-35"),
        "A resolver endpoint's subnet is not between /28 and /24; resize it.";
    ResolverSubnetShared = "resolver-subnet-shared", Error, Some("L-35"),
        "Two resolver endpoints share a subnet; give each endpoint its own dedicated subnet.";
    ResolverEndpointOtherVnet = "resolver-endpoint-other-vnet", Error, Some("D-20"),
        "A resolver endpoint's subnet belongs to another virtual network than its resolver; use a subnet of the resolver's VNet.";
    CnameAndOtherData = "cname-and-other-data", Error, Some("D-15"),
        "A name holds a CNAME and other data (an A record, another CNAME), which DNS forbids (RFC 1034 §3.6.2) and Azure rejects; keep the CNAME or the other records, under one name each.";
    ZoneRecordOwnedByEndpoint = "zone-record-owned-by-endpoint", Warning, Some("D-10"),
        "A private zone stores a record with the name a private endpoint's DNS zone group writes; the zone group owns that record set (it writes, overwrites and deletes it), so its record answers: remove the stored one.";
    ZoneGroupNameTaken = "zone-group-name-taken", Warning, Some("D-10"),
        "Two private endpoints' DNS zone groups write the same record name into one zone (two endpoints for one resource); Azure keeps whichever wrote last: keep one zone group per resource and zone.";

    // Limits.
    TooManyRoutes = "too-many-routes", Error, Some("L-1"),
        "A route table has more than 400 routes, Azure's limit; summarize (one range per spoke, or route-table policies for private endpoints, E-9).";
    TooManyPeerings = "too-many-peerings", Error, Some("L-5"),
        "A virtual network has more than 500 peering links, Azure's default limit; spread the spokes over several hubs.";
    TooManyPrivateEndpoints = "too-many-private-endpoints", Error, Some("L-12"),
        "A virtual network holds more than 1,000 private endpoints, Azure's default limit; spread them over VNets or use High Scale Private Endpoints.";
    TooManyFirewalls = "too-many-firewalls", Error, Some("L-34"),
        "A virtual network holds more than one Azure Firewall; Azure allows one per VNet: remove the extra one.";
    TooManyGateways = "too-many-gateways", Error, Some("L-34"),
        "A virtual network holds two VPN gateways or two ExpressRoute gateways; Azure allows one of each: add connections to the existing gateway instead.";
    TooManyZoneRecords = "too-many-zone-records", Error, Some("L-18"),
        "A private DNS zone has more than 25,000 record sets, Azure's limit; split the zone.";
    TooManyZoneLinks = "too-many-zone-links", Error, Some("L-20"),
        "A private DNS zone has more than 1,000 virtual network links; link the hub only and point the spokes' DNS at a forwarder there.";
    TooManyAutoregistrationLinks = "too-many-autoregistration-links", Error, Some("L-21"),
        "A private DNS zone has more than 100 links with autoregistration; turn registration off on some links.";
    TooManyForwardingRules = "too-many-forwarding-rules", Error, Some("L-27"),
        "A forwarding ruleset has more than 1,000 rules, Azure's limit; merge rules or split the ruleset.";
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn every_code_has_a_unique_name_and_a_description() {
        let mut names = HashSet::new();
        for code in Code::ALL {
            let name = code.as_str();
            assert!(names.insert(name), "{name} is used twice");
            assert!(
                !name.is_empty() && name.chars().all(|c| c.is_ascii_lowercase() || c == '-'),
                "{name} is not kebab-case"
            );
            assert!(code.describe().len() > 20, "{name} needs a description");
            assert!(code.describe().ends_with('.'), "{name}: a description is one sentence");
        }
    }

    #[test]
    fn rule_ids_look_like_azure_md_ids() {
        for code in Code::ALL {
            if let Some(rule) = code.rule() {
                let (prefix, number) = rule.split_once('-').unwrap_or(("", ""));
                assert!(
                    ["R", "P", "E", "N", "F", "D", "L"].contains(&prefix) && number.parse::<u32>().is_ok(),
                    "{}: {rule}",
                    code.as_str()
                );
            }
        }
    }

    #[test]
    fn codes_serialize_as_their_names() {
        for code in Code::ALL {
            assert_eq!(serde_json::to_value(code).ok(), Some(serde_json::json!(code.as_str())));
        }
        assert_eq!(serde_json::to_value(Severity::Warning).ok(), Some(serde_json::json!("warning")));
    }
}
