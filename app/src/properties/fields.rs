//! The editable fields of each element kind: how to show a field as text and how to parse text
//! back into the element. Parsing is the model's own (`FromStr` of prefixes, addresses, port
//! ranges, address matches); an error is a sentence for the field.

use std::net::Ipv4Addr;
use std::str::FromStr;
use vnet_core::edit::Element;
use vnet_core::model::*;

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Input {
    Text,
    Check,
    /// One item per line.
    Lines,
}

/// One field: `key` is the JSON path of the field in the element (diagnostics name it), `get`
/// shows it as text, `set` parses text into the element.
#[derive(Clone, Copy)]
pub struct FieldSpec {
    pub label: &'static str,
    pub key: &'static str,
    pub input: Input,
    pub get: fn(&Element) -> Option<String>,
    pub set: fn(&mut Element, &str) -> Result<(), String>,
}

macro_rules! field {
    ($label:literal, $key:literal, $input:ident, $variant:ident($x:ident) => $place:expr, $show:expr, $parse:expr) => {
        FieldSpec {
            label: $label,
            key: $key,
            input: Input::$input,
            get: |e| match e {
                Element::$variant($x) => Some($show(&$place)),
                _ => None,
            },
            set: |e, text| match e {
                Element::$variant($x) => {
                    $place = $parse(text)?;
                    Ok(())
                }
                _ => Err("this field belongs to another kind of element".into()),
            },
        }
    };
}

/// Fields of a VM's first NIC: a VM without NICs has none of them.
macro_rules! nic_field {
    ($label:literal, $key:literal, $input:ident, $n:ident => $place:expr, $show:expr, $parse:expr) => {
        FieldSpec {
            label: $label,
            key: $key,
            input: Input::$input,
            get: |e| match e {
                Element::Vm(vm) => vm.nics.first().map(|$n| $show(&$place)),
                _ => None,
            },
            set: |e, text| match e {
                Element::Vm(vm) => match vm.nics.first_mut() {
                    Some($n) => {
                        $place = $parse(text)?;
                        Ok(())
                    }
                    None => Err("this VM has no network interface".into()),
                },
                _ => Err("this field belongs to another kind of element".into()),
            },
        }
    };
}

fn show_text(s: &str) -> String {
    s.to_string()
}

fn show_bool(b: &bool) -> String {
    b.to_string()
}

fn show_list<T: ToString>(items: &[T]) -> String {
    items.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ")
}

fn show_opt<T: ToString>(v: &Option<T>) -> String {
    v.as_ref().map(ToString::to_string).unwrap_or_default()
}

fn show<T: ToString>(v: &T) -> String {
    v.to_string()
}

fn name(text: &str) -> Result<String, String> {
    let t = text.trim();
    if t.is_empty() {
        Err("A name cannot be empty.".into())
    } else {
        Ok(t.to_string())
    }
}

fn check(text: &str) -> Result<bool, String> {
    Ok(text == "true")
}

fn prefix(text: &str) -> Result<ipnet::Ipv4Net, String> {
    let t = text.trim();
    t.parse().map_err(|_| format!("'{t}' is not an IPv4 prefix such as 10.1.0.0/24."))
}

fn ip(text: &str) -> Result<Ipv4Addr, String> {
    let t = text.trim();
    t.parse().map_err(|_| format!("'{t}' is not an IPv4 address such as 10.1.0.4."))
}

fn opt_ip(text: &str) -> Result<Option<Ipv4Addr>, String> {
    if text.trim().is_empty() {
        Ok(None)
    } else {
        ip(text).map(Some)
    }
}

fn items(text: &str) -> impl Iterator<Item = &str> {
    text.split([',', ' ', '\n']).map(str::trim).filter(|s| !s.is_empty())
}

fn prefixes(text: &str) -> Result<Vec<ipnet::Ipv4Net>, String> {
    let list: Vec<_> = items(text).map(prefix).collect::<Result<_, _>>()?;
    if list.is_empty() {
        return Err("At least one prefix is needed, such as 10.1.0.0/16.".into());
    }
    Ok(list)
}

fn ips(text: &str) -> Result<Vec<Ipv4Addr>, String> {
    items(text).map(ip).collect()
}

fn word<T: FromStr>(text: &str, what: &str, choices: &str) -> Result<T, String> {
    let t = text.trim();
    t.parse().map_err(|_| format!("'{t}' is not {what}: use {choices}."))
}

fn arm<T: Copy>(text: &str, all: &[(T, &str)], what: &str) -> Result<T, String> {
    let t = text.trim();
    all.iter().find(|(_, n)| n.eq_ignore_ascii_case(t)).map(|(v, _)| *v).ok_or_else(|| {
        let names: Vec<&str> = all.iter().map(|(_, n)| *n).collect();
        format!("'{t}' is not {what}: use {}.", names.join(", "))
    })
}

const PE_POLICIES: &[(PeNetworkPolicies, &str)] = &[
    (PeNetworkPolicies::Disabled, "Disabled"),
    (PeNetworkPolicies::Enabled, "Enabled"),
    (PeNetworkPolicies::NetworkSecurityGroupEnabled, "NetworkSecurityGroupEnabled"),
    (PeNetworkPolicies::RouteTableEnabled, "RouteTableEnabled"),
];
const PE_STATES: &[(ConnectionState, &str)] = &[
    (ConnectionState::Approved, "Approved"),
    (ConnectionState::Pending, "Pending"),
    (ConnectionState::Rejected, "Rejected"),
    (ConnectionState::Disconnected, "Disconnected"),
];
const FW_SKUS: &[(FirewallSku, &str)] =
    &[(FirewallSku::Basic, "Basic"), (FirewallSku::Standard, "Standard"), (FirewallSku::Premium, "Premium")];

fn arm_name<T: PartialEq>(v: &T, all: &[(T, &str)]) -> String {
    all.iter().find(|(x, _)| x == v).map(|(_, n)| n.to_string()).unwrap_or_default()
}
fn show_pe_policies(v: &PeNetworkPolicies) -> String {
    arm_name(v, PE_POLICIES)
}
fn show_pe_state(v: &ConnectionState) -> String {
    arm_name(v, PE_STATES)
}
fn show_fw_sku(v: &FirewallSku) -> String {
    arm_name(v, FW_SKUS)
}

fn opt_text(text: &str) -> Result<Option<String>, String> {
    let t = text.trim();
    Ok((!t.is_empty()).then(|| t.to_string()))
}

fn show_service_endpoints(list: &[ServiceEndpoint]) -> String {
    list.iter().map(|e| e.service.clone()).collect::<Vec<_>>().join(", ")
}

fn service_endpoints(text: &str) -> Result<Vec<ServiceEndpoint>, String> {
    items(text)
        .map(|t| {
            if t.starts_with("Microsoft.") {
                Ok(ServiceEndpoint { service: t.to_string(), locations: vec![] })
            } else {
                Err(format!("'{t}' is not a service endpoint name such as Microsoft.Storage."))
            }
        })
        .collect()
}

fn show_snat(list: &[SnatRange]) -> String {
    let one = |r: &SnatRange| match r {
        SnatRange::Token(SnatToken::IanaPrivateRanges) => "IANAPrivateRanges".to_string(),
        SnatRange::Prefix(p) => p.to_string(),
    };
    list.iter().map(one).collect::<Vec<_>>().join(", ")
}

/// F-7: the token, prefixes, or both; `0.0.0.0/0` alone means "never SNAT".
fn snat(text: &str) -> Result<Vec<SnatRange>, String> {
    items(text)
        .map(|t| {
            if t.eq_ignore_ascii_case("IANAPrivateRanges") {
                Ok(SnatRange::Token(SnatToken::IanaPrivateRanges))
            } else {
                prefix(t).map(SnatRange::Prefix)
            }
        })
        .collect()
}

fn show_records(records: &[DnsRecord]) -> String {
    let line = |r: &DnsRecord| match &r.data {
        RecordData::A { ips } => format!("{} A {}", r.name, show_list(ips)),
        RecordData::Cname { target } => format!("{} CNAME {target}", r.name),
    };
    records.iter().map(line).collect::<Vec<_>>().join("\n")
}

/// One record per line: `name A ip [ip…]` or `name CNAME target`.
fn records(text: &str) -> Result<Vec<DnsRecord>, String> {
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
        let parts: Vec<&str> = line.split_whitespace().collect();
        let bad = || format!("Line {}: use 'name A 10.1.1.4' or 'name CNAME target.example.com'.", n + 1);
        let data = match parts.as_slice() {
            [_, kind, rest @ ..] if kind.eq_ignore_ascii_case("A") && !rest.is_empty() => {
                RecordData::A { ips: rest.iter().map(|t| ip(t.trim_end_matches(','))).collect::<Result<_, _>>()? }
            }
            [_, kind, target] if kind.eq_ignore_ascii_case("CNAME") => RecordData::Cname { target: target.to_string() },
            _ => return Err(bad()),
        };
        out.push(DnsRecord { name: parts[0].to_string(), data });
    }
    Ok(out)
}

/// The VM's role: a plain VM, an NVA (IP forwarding on its NICs is a separate field, F-20), or
/// a DNS server. Switching keeps the configuration of the role it already has.
fn role_field() -> FieldSpec {
    FieldSpec {
        label: "Role (Plain, Nva, DnsServer)",
        key: "role",
        input: Input::Text,
        get: |e| match e {
            Element::Vm(vm) => Some(
                match vm.role {
                    VmRole::Plain => "Plain",
                    VmRole::Nva(_) => "Nva",
                    VmRole::DnsServer(_) => "DnsServer",
                }
                .to_string(),
            ),
            _ => None,
        },
        set: |e, text| match e {
            Element::Vm(vm) => {
                let t = text.trim();
                vm.role = match (t.to_ascii_lowercase().as_str(), &vm.role) {
                    ("plain", _) => VmRole::Plain,
                    ("nva", VmRole::Nva(_)) | ("dnsserver", VmRole::DnsServer(_)) => return Ok(()),
                    ("nva", _) => VmRole::Nva(NvaConfig::default()),
                    ("dnsserver", _) => VmRole::DnsServer(DnsServerConfig::default()),
                    _ => return Err(format!("'{t}' is not a role: use Plain, Nva or DnsServer.")),
                };
                Ok(())
            }
            _ => Err("this field belongs to another kind of element".into()),
        },
    }
}

const NEXT_HOPS: &[(NextHopType, &str)] = &[
    (NextHopType::VirtualAppliance, "VirtualAppliance"),
    (NextHopType::VirtualNetworkGateway, "VirtualNetworkGateway"),
    (NextHopType::VnetLocal, "VnetLocal"),
    (NextHopType::Internet, "Internet"),
    (NextHopType::None, "None"),
];

fn show_routes(routes: &[Route]) -> String {
    let line = |r: &Route| {
        let hop = r.next_hop_ip.map(|ip| format!(" {ip}")).unwrap_or_default();
        format!("{} {} {}{hop}", r.name, r.prefix, r.next_hop_type.arm_name())
    };
    routes.iter().map(line).collect::<Vec<_>>().join("\n")
}

/// One route per line: `name prefix nextHopType [nextHopIp]`.
fn routes(text: &str) -> Result<Vec<Route>, String> {
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
        let parts: Vec<&str> = line.split_whitespace().collect();
        let at = |e: String| format!("Line {}: {e}", n + 1);
        let [name, pfx, hop, rest @ ..] = parts.as_slice() else {
            return Err(at("write 'name prefix nextHopType [nextHopIp]'.".into()));
        };
        let next_hop_ip = match rest {
            [] => None,
            [a] => Some(ip(a).map_err(at)?),
            _ => return Err(at("too many words.".into())),
        };
        let next_hop_type = arm(hop, NEXT_HOPS, "a next hop type").map_err(at)?;
        out.push(Route { name: name.to_string(), prefix: prefix(pfx).map_err(at)?, next_hop_type, next_hop_ip });
    }
    Ok(out)
}

fn show_rules(rules: &[NsgRule]) -> String {
    let line = |r: &NsgRule| {
        let dir = if r.direction == Direction::Inbound { "Inbound" } else { "Outbound" };
        let access = if r.access == Access::Allow { "Allow" } else { "Deny" };
        let proto = match r.protocol {
            Protocol::Tcp => "TCP",
            Protocol::Udp => "UDP",
            Protocol::Icmp => "ICMP",
            Protocol::Any => "Any",
        };
        format!(
            "{} {} {dir} {access} {proto} {} {} {} {}",
            r.name, r.priority, r.source, r.source_ports, r.destination, r.destination_ports
        )
    };
    rules.iter().map(line).collect::<Vec<_>>().join("\n")
}

/// One rule per line: `name priority direction access protocol source sourcePorts destination destinationPorts`.
fn rules(text: &str) -> Result<Vec<NsgRule>, String> {
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
        let at = |e: String| format!("Line {}: {e}", n + 1);
        let parts: Vec<&str> = line.split_whitespace().collect();
        let [name, prio, dir, access, proto, src, sport, dst, dport] = parts.as_slice() else {
            return Err(at(
                "write 'name priority direction access protocol source sourcePorts destination destinationPorts'."
                    .into(),
            ));
        };
        let priority: u16 = word(prio, "a priority", "a number from 100 to 4096").map_err(at)?;
        let direction = arm(dir, &[(Direction::Inbound, "Inbound"), (Direction::Outbound, "Outbound")], "a direction")
            .map_err(at)?;
        let access = arm(access, &[(Access::Allow, "Allow"), (Access::Deny, "Deny")], "an access").map_err(at)?;
        let protocol = arm(
            proto,
            &[(Protocol::Tcp, "TCP"), (Protocol::Udp, "UDP"), (Protocol::Icmp, "ICMP"), (Protocol::Any, "Any")],
            "a protocol",
        )
        .map_err(at)?;
        out.push(NsgRule {
            name: name.to_string(),
            priority,
            direction,
            access,
            protocol,
            source: src.parse().map_err(at)?,
            source_ports: sport.parse().map_err(at)?,
            destination: dst.parse().map_err(at)?,
            destination_ports: dport.parse().map_err(at)?,
        });
    }
    Ok(out)
}

const GATEWAY_KINDS: &[(GatewayKind, &str)] = &[(GatewayKind::Vpn, "Vpn"), (GatewayKind::ExpressRoute, "ExpressRoute")];

fn show_gateway_kind(k: &GatewayKind) -> String {
    let name = GATEWAY_KINDS.iter().find(|(v, _)| v == k).map(|(_, n)| *n).unwrap_or("Vpn");
    name.to_string()
}

/// The fields shown for an element of this kind.
pub fn fields(kind: ElementKind) -> Vec<FieldSpec> {
    use ElementKind as K;
    match kind {
        K::Vnet => vec![
            field!("Name", "name", Text, Vnet(v) => v.name, show_text, name),
            field!("Region", "region", Text, Vnet(v) => v.region, show_text, name),
            field!("Address space", "addressSpace", Text, Vnet(v) => v.address_space, show_list, prefixes),
            field!("DNS servers", "dnsServers", Text, Vnet(v) => v.dns_servers, show_list, ips),
        ],
        K::Subnet => vec![
            field!("Name", "name", Text, Subnet(s) => s.name, show_text, name),
            field!("Prefix", "prefix", Text, Subnet(s) => s.prefix, show, prefix),
            field!("Private endpoint network policies", "privateEndpointNetworkPolicies", Text, Subnet(s) => s.private_endpoint_network_policies, show_pe_policies, |t| arm(t, PE_POLICIES, "a policy setting")),
            field!("Service endpoints (e.g. Microsoft.Storage)", "serviceEndpoints", Text, Subnet(s) => s.service_endpoints, show_service_endpoints, service_endpoints),
            field!("Delegation", "delegation", Text, Subnet(s) => s.delegation, show_opt, opt_text),
        ],
        K::Peering => vec![
            field!("Allow virtual network access", "allowVirtualNetworkAccess", Check, Peering(p) => p.allow_virtual_network_access, show_bool, check),
            field!("Allow forwarded traffic", "allowForwardedTraffic", Check, Peering(p) => p.allow_forwarded_traffic, show_bool, check),
            field!("Allow gateway transit", "allowGatewayTransit", Check, Peering(p) => p.allow_gateway_transit, show_bool, check),
            field!("Use remote gateways", "useRemoteGateways", Check, Peering(p) => p.use_remote_gateways, show_bool, check),
        ],
        K::RouteTable => vec![
            field!("Name", "name", Text, RouteTable(r) => r.name, show_text, name),
            field!("Gateway route propagation off", "disableBgpRoutePropagation", Check, RouteTable(r) => r.disable_bgp_route_propagation, show_bool, check),
            field!("Routes (name prefix nextHopType [nextHopIp])", "routes", Lines, RouteTable(r) => r.routes, show_routes, routes),
        ],
        K::Nsg => vec![
            field!("Name", "name", Text, Nsg(n) => n.name, show_text, name),
            field!("Rules (name priority direction access protocol source ports destination ports)", "rules", Lines, Nsg(n) => n.rules, show_rules, rules),
        ],
        K::Vm => vec![
            field!("Name", "name", Text, Vm(v) => v.name, show_text, name),
            role_field(),
            nic_field!("IP address", "nics[0].ip", Text, n => n.ip, show, ip),
            nic_field!("IP forwarding", "nics[0].ipForwarding", Check, n => n.ip_forwarding, show_bool, check),
            nic_field!("NIC DNS servers", "nics[0].dnsServers", Text, n => n.dns_servers, show_list, ips),
            nic_field!("Public IP", "nics[0].publicIp", Text, n => n.public_ip, show_opt, opt_ip),
        ],
        K::Firewall => vec![
            field!("Name", "name", Text, Firewall(f) => f.name, show_text, name),
            field!("Private IP", "privateIp", Text, Firewall(f) => f.private_ip, show, ip),
            field!("Public IP", "publicIp", Text, Firewall(f) => f.public_ip, show_opt, opt_ip),
            field!("DNS proxy", "dnsProxy", Check, Firewall(f) => f.dns_proxy, show_bool, check),
            field!("SKU (Basic, Standard, Premium)", "sku", Text, Firewall(f) => f.sku, show_fw_sku, |t| arm(t, FW_SKUS, "a firewall SKU")),
            field!("SNAT private ranges (IANAPrivateRanges or prefixes)", "snatPrivateRanges", Text, Firewall(f) => f.snat_private_ranges, show_snat, snat),
        ],
        K::Gateway => vec![
            field!("Name", "name", Text, Gateway(g) => g.name, show_text, name),
            field!("Kind (Vpn or ExpressRoute)", "kind", Text, Gateway(g) => g.kind, show_gateway_kind, |t| arm(t, GATEWAY_KINDS, "a gateway kind")),
            field!("SKU", "sku", Text, Gateway(g) => g.sku, show_text, name),
            field!("BGP", "bgp", Check, Gateway(g) => g.bgp, show_bool, check),
            field!("Instance IPs", "instanceIps", Text, Gateway(g) => g.instance_ips, show_list, ips),
        ],
        K::Site => vec![
            field!("Name", "name", Text, Site(s) => s.name, show_text, name),
            field!("Prefixes", "prefixes", Text, Site(s) => s.prefixes, show_list, prefixes),
            field!("Internet NAT IP", "internetNatIp", Text, Site(s) => s.internet_nat_ip, show_opt, opt_ip),
        ],
        K::Paas => vec![
            field!("Name", "name", Text, Paas(p) => p.name, show_text, name),
            field!("Region", "region", Text, Paas(p) => p.region, show_text, name),
            field!("Public IP (synthetic)", "publicIp", Text, Paas(p) => p.public_ip, show, ip),
            field!("Public network access", "publicNetworkAccess", Check, Paas(p) => p.public_network_access, show_bool, check),
        ],
        K::PrivateEndpoint => vec![
            field!("Name", "name", Text, PrivateEndpoint(p) => p.name, show_text, name),
            field!("IP address", "ip", Text, PrivateEndpoint(p) => p.ip, show, ip),
            field!("Connection state", "connectionState", Text, PrivateEndpoint(p) => p.connection_state, show_pe_state, |t| arm(t, PE_STATES, "a connection state")),
        ],
        K::Zone => vec![
            field!("Zone name", "name", Text, Zone(z) => z.name, show_text, name),
            field!("Records (name A ip… | name CNAME target)", "records", Lines, Zone(z) => z.records, show_records, records),
        ],
        K::Resolver => vec![field!("Name", "name", Text, Resolver(r) => r.name, show_text, name)],
        K::Ruleset => vec![field!("Name", "name", Text, Ruleset(r) => r.name, show_text, name)],
        _ => vec![],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn routes_and_rules_print_what_they_parse() {
        let text = "default 0.0.0.0/0 VirtualAppliance 10.0.1.4\nlocal 10.1.0.0/16 VnetLocal";
        assert_eq!(show_routes(&routes(text).unwrap()), text);
        assert!(routes("x 10.0.0.0/8").unwrap_err().starts_with("Line 1"));
        let text = "allow-web 100 Inbound Allow TCP * * 10.1.0.0/24 443";
        assert_eq!(show_rules(&rules(text).unwrap()), text);
    }
}
