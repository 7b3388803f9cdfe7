//! The editable fields of each element kind: how to show a field as text and how to parse text
//! back into the element. Parsing is the model's own (`FromStr` of prefixes, addresses, port
//! ranges, address matches); an error is a sentence for the field.

pub(super) use super::field_text::*;
use vnet_core::edit::{connect, Edit, Element};
use vnet_core::model::*;
use vnet_core::Id;

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Input {
    Text,
    Check,
    /// One item per line.
    Lines,
    /// One of the design's elements by name, or none (a `<select>`); the value is an id.
    Choice,
    /// One of a fixed set of values (a `<select>` without "(none)"): a SKU, a kind, a role. The
    /// options are `choices`, each value the text `set` parses.
    Pick,
}

/// One field: `key` is the JSON path of the field in the element (diagnostics name it), `get`
/// shows it as text (`None`: the field does not apply, e.g. NVA rules of a plain VM), `set`
/// parses text into the element. Both see the design, for fields that name other elements.
#[derive(Clone, Copy)]
pub struct FieldSpec {
    pub label: &'static str,
    pub key: &'static str,
    pub input: Input,
    /// The grammar of a `Lines` field, with an example (shown under the label and as placeholder).
    pub help: &'static str,
    pub get: fn(&Design, &Element) -> Option<String>,
    pub set: fn(&Design, &mut Element, &str) -> Result<(), String>,
    /// The options of a `Choice` field after "(none)": (id, name).
    pub choices: fn(&Design) -> Vec<(String, String)>,
}

impl FieldSpec {
    pub const fn help(self, help: &'static str) -> Self {
        FieldSpec { help, ..self }
    }
}

pub(super) fn no_choices(_: &Design) -> Vec<(String, String)> {
    Vec::new()
}

/// The options of a [`Input::Pick`] field over one of the `(value, name)` lists `arm` parses.
pub(super) fn picks<T>(all: &[(T, &str)]) -> Vec<(String, String)> {
    all.iter().map(|(_, n)| (n.to_string(), n.to_string())).collect()
}

impl FieldSpec {
    /// The field as a dropdown of `choices` (a fixed set of values).
    pub const fn pick(self, choices: fn(&Design) -> Vec<(String, String)>) -> Self {
        FieldSpec { input: Input::Pick, choices, ..self }
    }
}

macro_rules! field {
    ($label:literal, $key:literal, $input:ident, $variant:ident($x:ident) => $place:expr, $show:expr, $parse:expr) => {
        FieldSpec {
            label: $label,
            key: $key,
            input: Input::$input,
            help: "",
            get: |_, e| match e {
                Element::$variant($x) => Some($show(&$place)),
                _ => None,
            },
            set: |_, e, text| match e {
                Element::$variant($x) => {
                    $place = $parse(text)?;
                    Ok(())
                }
                _ => Err(OTHER_KIND.into()),
            },
            choices: $crate::panels::properties::fields::no_choices,
        }
    };
}
pub(super) use field;

/// A field that names other elements of the design: `show(design, value)` and
/// `parse(design, element, text)`; the element as it was keeps the ids of nested items.
macro_rules! field_in {
    ($label:literal, $key:literal, $input:ident, $variant:ident($x:ident) => $place:expr, $show:expr, $parse:expr) => {
        FieldSpec {
            label: $label,
            key: $key,
            input: Input::$input,
            help: "",
            get: |d, e| match e {
                Element::$variant($x) => Some($show(d, &$place)),
                _ => None,
            },
            set: |d, e, text| match e {
                Element::$variant($x) => {
                    let value = $parse(d, &*$x, text)?;
                    $place = value;
                    Ok(())
                }
                _ => Err(OTHER_KIND.into()),
            },
            choices: $crate::panels::properties::fields::no_choices,
        }
    };
}
pub(super) use field_in;

pub(super) const OTHER_KIND: &str = "this field belongs to another kind of element";

/// Fields of a VM's first NIC: a VM without NICs has none of them.
macro_rules! nic_field {
    ($label:literal, $key:literal, $input:ident, $n:ident => $place:expr, $show:expr, $parse:expr) => {
        FieldSpec {
            label: $label,
            key: $key,
            input: Input::$input,
            help: "",
            choices: no_choices,
            get: |_, e| match e {
                Element::Vm(vm) => vm.nics.first().map(|$n| $show(&$place)),
                _ => None,
            },
            set: |_, e, text| match e {
                Element::Vm(vm) => match vm.nics.first_mut() {
                    Some($n) => {
                        $place = $parse(text)?;
                        Ok(())
                    }
                    None => Err("this VM has no network interface".into()),
                },
                _ => Err(OTHER_KIND.into()),
            },
        }
    };
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

fn show_pe_policies(v: &PeNetworkPolicies) -> String {
    arm_name(v, PE_POLICIES)
}
fn show_pe_state(v: &ConnectionState) -> String {
    arm_name(v, PE_STATES)
}
fn show_fw_sku(v: &FirewallSku) -> String {
    arm_name(v, FW_SKUS)
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

pub(super) fn show_records(records: &[DnsRecord]) -> String {
    let line = |r: &DnsRecord| match &r.data {
        RecordData::A { ips } => format!("{} A {}", r.name, show_list(ips)),
        RecordData::Cname { target } => format!("{} CNAME {target}", r.name),
    };
    records.iter().map(line).collect::<Vec<_>>().join("\n")
}

/// One record per line: `name A ip [ip…]` or `name CNAME target`.
pub(super) fn records(text: &str) -> Result<Vec<DnsRecord>, String> {
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
/// A role's name and its default configuration.
type RoleEntry = (&'static str, fn() -> VmRole);

/// The roles a VM can take, by the name the field shows and parses.
const ROLES: &[RoleEntry] = &[
    ("Plain", || VmRole::Plain),
    ("Nva", || VmRole::Nva(NvaConfig::default())),
    ("DnsServer", || VmRole::DnsServer(DnsServerConfig::default())),
];

fn role_name(role: &VmRole) -> &'static str {
    match role {
        VmRole::Plain => "Plain",
        VmRole::Nva(_) => "Nva",
        VmRole::DnsServer(_) => "DnsServer",
    }
}

const ROLE: FieldSpec = FieldSpec {
    label: "Role",
    key: "role",
    input: Input::Pick,
    help: "",
    choices: |_| ROLES.iter().map(|(n, _)| (n.to_string(), n.to_string())).collect(),
    get: |_, e| match e {
        Element::Vm(vm) => Some(role_name(&vm.role).to_string()),
        _ => None,
    },
    set: |_, e, text| match e {
        Element::Vm(vm) => {
            let t = text.trim();
            let (name, make) = ROLES
                .iter()
                .find(|(n, _)| n.eq_ignore_ascii_case(t))
                .ok_or_else(|| format!("'{t}' is not a role: use Plain, Nva or DnsServer."))?;
            // Choosing the role it has keeps its configuration.
            if *name != role_name(&vm.role) {
                vm.role = make();
            }
            Ok(())
        }
        _ => Err(OTHER_KIND.into()),
    },
};

/// The route table or NSG of a subnet, chosen from the design's by id. Associating is core's
/// `connect` (the same edit as dragging the table onto the subnet, with its checks, e.g. N-10).
macro_rules! association {
    ($label:literal, $key:literal, $slot:ident, $list:ident) => {
        FieldSpec {
            label: $label,
            key: $key,
            input: Input::Choice,
            help: "",
            get: |_, e| match e {
                Element::Subnet(s) => Some(show_opt(&s.$slot)),
                _ => None,
            },
            set: |d, e, text| {
                let Element::Subnet(s) = e else { return Err(OTHER_KIND.into()) };
                let id = text.trim();
                if id.is_empty() {
                    s.$slot = None;
                } else if s.$slot.as_ref().is_none_or(|x| x.as_str() != id) {
                    match connect(d, &Id::new(id), &s.id)?.0 {
                        Edit::Update(Element::Subnet(updated)) => s.$slot = updated.$slot,
                        _ => return Err("this cannot be associated with a subnet".into()),
                    }
                }
                Ok(())
            },
            choices: |d| d.$list.iter().map(|x| (x.id.to_string(), x.name.clone())).collect(),
        }
    };
}

/// The NSG of a VM's first NIC, chosen from the design's; associating is core's `connect` too.
const NIC_NSG: FieldSpec = FieldSpec {
    label: "NIC NSG",
    key: "nics[0].nsg",
    input: Input::Choice,
    help: "",
    get: |_, e| match e {
        Element::Vm(vm) => vm.nics.first().map(|n| show_opt(&n.nsg)),
        _ => None,
    },
    set: |d, e, text| {
        let Element::Vm(vm) = e else { return Err(OTHER_KIND.into()) };
        let id = text.trim();
        let Some(nic) = vm.nics.first_mut() else { return Err("this VM has no network interface".into()) };
        if id.is_empty() {
            nic.nsg = None;
        } else if nic.nsg.as_ref().is_none_or(|x| x.as_str() != id) {
            match connect(d, &Id::new(id), &vm.id)?.0 {
                Edit::Update(Element::Vm(updated)) => nic.nsg = updated.nics.first().and_then(|n| n.nsg.clone()),
                _ => return Err("this cannot be associated with a NIC".into()),
            }
        }
        Ok(())
    },
    choices: |d| d.nsgs.iter().map(|x| (x.id.to_string(), x.name.clone())).collect(),
};

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
        let at = |e| line_error(n + 1, e);
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

pub(super) const PROTOCOLS: &[(Protocol, &str)] =
    &[(Protocol::Tcp, "TCP"), (Protocol::Udp, "UDP"), (Protocol::Icmp, "ICMP"), (Protocol::Any, "Any")];

fn show_rules(d: &Design, rules: &[NsgRule]) -> String {
    let line = |r: &NsgRule| {
        let dir = if r.direction == Direction::Inbound { "Inbound" } else { "Outbound" };
        let access = if r.access == Access::Allow { "Allow" } else { "Deny" };
        let proto = arm_name(&r.protocol, PROTOCOLS);
        let (src, dst) = (end_text(d, &r.source, &r.source_asgs), end_text(d, &r.destination, &r.destination_asgs));
        format!(
            "{} {} {dir} {access} {proto} {src} {} {dst} {}",
            r.name, r.priority, r.source_ports, r.destination_ports
        )
    };
    rules.iter().map(line).collect::<Vec<_>>().join("\n")
}

/// A rule's source or destination: its application security groups as `asg:NAME,NAME` when it
/// names any (they replace the address), else the address match.
fn end_text(d: &Design, address: &AddressMatch, asgs: &[Id]) -> String {
    if asgs.is_empty() {
        return address.to_string();
    }
    let name = |id: &Id| d.asgs.iter().find(|a| &a.id == id).map_or(id.to_string(), |a| a.name.clone());
    format!("asg:{}", asgs.iter().map(name).collect::<Vec<_>>().join(","))
}

/// Reads [`end_text`]: `asg:NAMES` gives the groups (and `*` as the address they replace).
fn end(d: &Design, text: &str) -> Result<(AddressMatch, Vec<Id>), String> {
    let Some(names) = text.strip_prefix("asg:") else {
        return Ok((text.parse()?, Vec::new()));
    };
    let asgs = names
        .split(',')
        .map(|n| {
            let found = d.asgs.iter().find(|a| a.name == n || a.id.as_str() == n);
            found.map(|a| a.id.clone()).ok_or_else(|| format!("there is no application security group named '{n}'."))
        })
        .collect::<Result<Vec<_>, _>>()?;
    Ok((AddressMatch::Any, asgs))
}

/// One rule per line: `name priority direction access protocol source sourcePorts destination
/// destinationPorts`; a source or destination may be `asg:NAME[,NAME]`.
fn rules(d: &Design, _nsg: &Nsg, text: &str) -> Result<Vec<NsgRule>, String> {
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
        let at = |e| line_error(n + 1, e);
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
        let protocol = arm(proto, PROTOCOLS, "a protocol").map_err(at)?;
        let ((source, source_asgs), (destination, destination_asgs)) =
            (end(d, src).map_err(at)?, end(d, dst).map_err(at)?);
        out.push(NsgRule {
            name: name.to_string(),
            priority,
            direction,
            access,
            protocol,
            source,
            source_ports: sport.parse().map_err(at)?,
            destination,
            destination_ports: dport.parse().map_err(at)?,
            source_asgs,
            destination_asgs,
        });
    }
    Ok(out)
}

const GATEWAY_KINDS: &[(GatewayKind, &str)] = &[(GatewayKind::Vpn, "Vpn"), (GatewayKind::ExpressRoute, "ExpressRoute")];

fn show_gateway_kind(k: &GatewayKind) -> String {
    let name = GATEWAY_KINDS.iter().find(|(v, _)| v == k).map(|(_, n)| *n).unwrap_or("Vpn");
    name.to_string()
}

/// The fields shown for an element of this kind: its own, then those of its family's module.
/// Tables are constants, so that no code builds them.
pub fn fields(kind: ElementKind) -> [&'static [FieldSpec]; 2] {
    use ElementKind as K;
    match kind {
        K::Vnet => [VNET, &[]],
        K::Subnet => [SUBNET, &[]],
        K::Peering => [PEERING, &[]],
        K::RouteTable => [ROUTE_TABLE, &[]],
        K::Nsg => [NSG, &[]],
        K::Vm => [VM, super::vm_roles::FIELDS],
        K::Firewall => [FIREWALL, &[]],
        K::Gateway => [GATEWAY, &[]],
        K::Site => [SITE, super::hybrid_fields::SITE],
        K::Paas => [PAAS, super::paas_fields::PAAS],
        K::PrivateEndpoint => [PRIVATE_ENDPOINT, super::paas_fields::PRIVATE_ENDPOINT],
        K::Zone => [ZONE, &[]],
        K::Resolver => [RESOLVER, super::dns_fields::RESOLVER],
        K::Ruleset => [RULESET, super::dns_fields::RULESET],
        K::LoadBalancer => [super::balancing_fields::LOAD_BALANCER, &[]],
        K::NatGateway => [super::balancing_fields::NAT_GATEWAY, &[]],
        K::Asg => [super::balancing_fields::ASG, &[]],
        _ => [&[], &[]],
    }
}

const VNET: &[FieldSpec] = &[
    field!("Name", "name", Text, Vnet(v) => v.name, show_text, name),
    field!("Region", "region", Text, Vnet(v) => v.region, show_text, name),
    field!("Address space", "addressSpace", Text, Vnet(v) => v.address_space, show_list, prefixes),
    field!("DNS servers", "dnsServers", Text, Vnet(v) => v.dns_servers, show_list, ips),
];

const SUBNET: &[FieldSpec] = &[
    field!("Name", "name", Text, Subnet(s) => s.name, show_text, name),
    field!("Prefix", "prefix", Text, Subnet(s) => s.prefix, show, prefix),
    field!("Private endpoint network policies", "privateEndpointNetworkPolicies", Text, Subnet(s) => s.private_endpoint_network_policies, show_pe_policies, |t| arm(t, PE_POLICIES, "a policy setting"))
        .pick(|_| picks(PE_POLICIES)),
    field!("Service endpoints (e.g. Microsoft.Storage)", "serviceEndpoints", Text, Subnet(s) => s.service_endpoints, show_service_endpoints, service_endpoints),
    field!("Delegation", "delegation", Text, Subnet(s) => s.delegation, show_opt, opt_text),
    association!("Route table", "routeTable", route_table, route_tables),
    association!("NSG", "nsg", nsg, nsgs),
];

const PEERING: &[FieldSpec] = &[
    field!("Allow virtual network access", "allowVirtualNetworkAccess", Check, Peering(p) => p.allow_virtual_network_access, show_bool, check),
    field!("Allow forwarded traffic", "allowForwardedTraffic", Check, Peering(p) => p.allow_forwarded_traffic, show_bool, check),
    field!("Allow gateway transit", "allowGatewayTransit", Check, Peering(p) => p.allow_gateway_transit, show_bool, check),
    field!("Use remote gateways", "useRemoteGateways", Check, Peering(p) => p.use_remote_gateways, show_bool, check),
];

const ROUTE_TABLE: &[FieldSpec] = &[
    field!("Name", "name", Text, RouteTable(r) => r.name, show_text, name),
    field!("Gateway route propagation off", "disableBgpRoutePropagation", Check, RouteTable(r) => r.disable_bgp_route_propagation, show_bool, check),
    field!("Routes (name prefix nextHopType [nextHopIp])", "routes", Lines, RouteTable(r) => r.routes, show_routes, routes),
];

const NSG: &[FieldSpec] = &[
    field!("Name", "name", Text, Nsg(n) => n.name, show_text, name),
    field_in!("Rules (name priority direction access protocol source ports destination ports)", "rules", Lines, Nsg(n) => n.rules, show_rules, rules)
        .help("a source or destination may be asg:NAME[,NAME] (application security groups)"),
];

const VM: &[FieldSpec] = &[
    field!("Name", "name", Text, Vm(v) => v.name, show_text, name),
    ROLE,
    nic_field!("IP address", "nics[0].ip", Text, n => n.ip, show, ip),
    nic_field!("Secondary IPs", "nics[0].secondaryIps", Text, n => n.secondary_ips, show_list, ips),
    nic_field!("IP forwarding", "nics[0].ipForwarding", Check, n => n.ip_forwarding, show_bool, check),
    nic_field!("NIC DNS servers", "nics[0].dnsServers", Text, n => n.dns_servers, show_list, ips),
    nic_field!("Public IP", "nics[0].publicIp", Text, n => n.public_ip, show_opt, opt_ip),
    NIC_NSG,
    super::nic_fields::TAGS,
    super::nic_fields::FURTHER,
];

const FIREWALL: &[FieldSpec] = &[
    field!("Name", "name", Text, Firewall(f) => f.name, show_text, name),
    field!("Private IP", "privateIp", Text, Firewall(f) => f.private_ip, show, ip),
    field!("Public IP", "publicIp", Text, Firewall(f) => f.public_ip, show_opt, opt_ip),
    field!("DNS proxy", "dnsProxy", Check, Firewall(f) => f.dns_proxy, show_bool, check),
    field!("SKU", "sku", Text, Firewall(f) => f.sku, show_fw_sku, |t| arm(t, FW_SKUS, "a firewall SKU"))
        .pick(|_| picks(FW_SKUS)),
    field!("SNAT private ranges (IANAPrivateRanges or prefixes)", "snatPrivateRanges", Text, Firewall(f) => f.snat_private_ranges, show_snat, snat),
    super::firewall_rules::FIELD,
];

const GATEWAY: &[FieldSpec] = &[
    field!("Name", "name", Text, Gateway(g) => g.name, show_text, name),
    field!("Kind", "kind", Text, Gateway(g) => g.kind, show_gateway_kind, |t| arm(t, GATEWAY_KINDS, "a gateway kind"))
        .pick(|_| picks(GATEWAY_KINDS)),
    field!("SKU", "sku", Text, Gateway(g) => g.sku, show_text, name),
    field!("BGP", "bgp", Check, Gateway(g) => g.bgp, show_bool, check),
    field!("Instance IPs", "instanceIps", Text, Gateway(g) => g.instance_ips, show_list, ips),
    field!("Public IP", "publicIp", Text, Gateway(g) => g.public_ip, show_opt, opt_ip),
    super::hybrid_fields::CONNECTIONS,
];

const SITE: &[FieldSpec] = &[
    field!("Name", "name", Text, Site(s) => s.name, show_text, name),
    field!("Prefixes", "prefixes", Text, Site(s) => s.prefixes, show_list, prefixes),
    field!("Internet NAT IP", "internetNatIp", Text, Site(s) => s.internet_nat_ip, show_opt, opt_ip),
];

const PAAS: &[FieldSpec] = &[
    field!("Name", "name", Text, Paas(p) => p.name, show_text, name),
    field!("Region", "region", Text, Paas(p) => p.region, show_text, name),
    field!("Public IP (synthetic)", "publicIp", Text, Paas(p) => p.public_ip, show, ip),
    field!("Public network access", "publicNetworkAccess", Check, Paas(p) => p.public_network_access, show_bool, check),
];

const PRIVATE_ENDPOINT: &[FieldSpec] = &[
    field!("Name", "name", Text, PrivateEndpoint(p) => p.name, show_text, name),
    field!("IP address", "ip", Text, PrivateEndpoint(p) => p.ip, show, ip),
    field!("Connection state", "connectionState", Text, PrivateEndpoint(p) => p.connection_state, show_pe_state, |t| arm(t, PE_STATES, "a connection state"))
        .pick(|_| picks(PE_STATES)),
];

const ZONE: &[FieldSpec] = &[
    field!("Zone name", "name", Text, Zone(z) => z.name, show_text, name),
    field!("Records (name A ip… | name CNAME target)", "records", Lines, Zone(z) => z.records, show_records, records),
    super::dns_fields::ZONE_LINKS,
];

const RESOLVER: &[FieldSpec] = &[field!("Name", "name", Text, Resolver(r) => r.name, show_text, name)];

const RULESET: &[FieldSpec] = &[field!("Name", "name", Text, Ruleset(r) => r.name, show_text, name)];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn routes_and_rules_print_what_they_parse() {
        let text = "default 0.0.0.0/0 VirtualAppliance 10.0.1.4\nlocal 10.1.0.0/16 VnetLocal";
        assert_eq!(show_routes(&routes(text).unwrap()), text);
        assert!(routes("x 10.0.0.0/8").unwrap_err().starts_with("Line 1"));
        let text = "allow-web 100 Inbound Allow TCP * * 10.1.0.0/24 443";
        let (d, nsg) =
            (Design::default(), Nsg { id: Id::from("nsg1"), name: "nsg".into(), rules: vec![], meta: Meta::default() });
        assert_eq!(show_rules(&d, &rules(&d, &nsg, text).unwrap()), text);
    }
}
