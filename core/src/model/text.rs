//! Model values written as text in JSON: address matches (`*`, a CIDR, an IP, a service tag)
//! and port ranges (`*`, `443`, `8000-8100`). Parsed once at import, so malformed text never
//! reaches the model (DECISIONS 12); each type prints back exactly what it parsed.

use ipnet::Ipv4Net;
use serde::Serialize;
use std::fmt;
use std::net::Ipv4Addr;
use std::str::FromStr;

/// Service tags the simulator understands (AZURE.md N-4, N-9; others are X-5).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ServiceTag {
    VirtualNetwork,
    Internet,
    AzureLoadBalancer,
    AzurePlatformDns,
}

impl ServiceTag {
    pub const ALL: [ServiceTag; 4] =
        [ServiceTag::VirtualNetwork, ServiceTag::Internet, ServiceTag::AzureLoadBalancer, ServiceTag::AzurePlatformDns];

    pub const fn name(self) -> &'static str {
        match self {
            ServiceTag::VirtualNetwork => "VirtualNetwork",
            ServiceTag::Internet => "Internet",
            ServiceTag::AzureLoadBalancer => "AzureLoadBalancer",
            ServiceTag::AzurePlatformDns => "AzurePlatformDNS",
        }
    }
}

/// The source or destination of an NSG or firewall rule.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(into = "String")]
pub enum AddressMatch {
    Any,
    Prefix(Ipv4Net),
    Tag(ServiceTag),
}

impl FromStr for AddressMatch {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let s = s.trim();
        if s == "*" || s.eq_ignore_ascii_case("any") {
            return Ok(AddressMatch::Any);
        }
        if let Some(tag) = ServiceTag::ALL.iter().find(|t| t.name().eq_ignore_ascii_case(s)) {
            return Ok(AddressMatch::Tag(*tag));
        }
        if let Ok(net) = s.parse::<Ipv4Net>() {
            return Ok(AddressMatch::Prefix(net));
        }
        if let Ok(ip) = s.parse::<Ipv4Addr>() {
            return Ok(AddressMatch::Prefix(Ipv4Net::from(ip)));
        }
        Err(format!(
            "'{s}' is not an address match: expected '*', an IPv4 address or CIDR, or one of the tags VirtualNetwork, Internet, AzureLoadBalancer, AzurePlatformDNS"
        ))
    }
}

impl fmt::Display for AddressMatch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AddressMatch::Any => f.write_str("*"),
            AddressMatch::Prefix(net) => write!(f, "{net}"),
            AddressMatch::Tag(tag) => f.write_str(tag.name()),
        }
    }
}

impl TryFrom<String> for AddressMatch {
    type Error = String;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        s.parse()
    }
}

impl From<AddressMatch> for String {
    fn from(m: AddressMatch) -> String {
        m.to_string()
    }
}

/// An inclusive port range; `*` is 0-65535.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(into = "String")]
pub struct PortRange {
    pub from: u16,
    pub to: u16,
}

impl PortRange {
    pub const ANY: PortRange = PortRange { from: 0, to: 65535 };

    pub const fn single(port: u16) -> Self {
        PortRange { from: port, to: port }
    }

    pub fn contains(&self, port: u16) -> bool {
        self.from <= port && port <= self.to
    }
}

impl FromStr for PortRange {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let s = s.trim();
        if s == "*" {
            return Ok(PortRange::ANY);
        }
        let bad = || format!("'{s}' is not a port range: expected '*', a port (443) or a range (8000-8100)");
        let (from, to) = match s.split_once('-') {
            Some((a, b)) => (a.trim().parse().map_err(|_| bad())?, b.trim().parse().map_err(|_| bad())?),
            None => {
                let p = s.parse().map_err(|_| bad())?;
                (p, p)
            }
        };
        if from > to {
            return Err(format!("port range '{s}' starts after it ends"));
        }
        Ok(PortRange { from, to })
    }
}

impl fmt::Display for PortRange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if *self == PortRange::ANY {
            f.write_str("*")
        } else if self.from == self.to {
            write!(f, "{}", self.from)
        } else {
            write!(f, "{}-{}", self.from, self.to)
        }
    }
}

impl TryFrom<String> for PortRange {
    type Error = String;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        s.parse()
    }
}

impl From<PortRange> for String {
    fn from(p: PortRange) -> String {
        p.to_string()
    }
}

/// A DNS server or forwarding target: an IP and a port (53 unless given).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(into = "String")]
pub struct DnsTarget {
    pub ip: Ipv4Addr,
    pub port: u16,
}

impl DnsTarget {
    pub const fn new(ip: Ipv4Addr) -> Self {
        DnsTarget { ip, port: 53 }
    }
}

impl FromStr for DnsTarget {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let s = s.trim();
        let bad = || format!("'{s}' is not a DNS target: expected an IPv4 address, optionally with :port");
        let (ip, port) = match s.split_once(':') {
            Some((ip, port)) => (ip, port.parse().map_err(|_| bad())?),
            None => (s, 53),
        };
        Ok(DnsTarget { ip: ip.parse().map_err(|_| bad())?, port })
    }
}

impl fmt::Display for DnsTarget {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.port == 53 {
            write!(f, "{}", self.ip)
        } else {
            write!(f, "{}:{}", self.ip, self.port)
        }
    }
}

impl TryFrom<String> for DnsTarget {
    type Error = String;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        s.parse()
    }
}

impl From<DnsTarget> for String {
    fn from(t: DnsTarget) -> String {
        t.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn address_match_parses_every_form_and_prints_it_back() {
        for text in ["*", "10.0.0.0/8", "10.1.2.3/32", "VirtualNetwork", "Internet", "AzureLoadBalancer"] {
            let m: AddressMatch = text.parse().unwrap();
            assert_eq!(m.to_string(), text);
        }
        assert_eq!("10.1.2.3".parse::<AddressMatch>().unwrap().to_string(), "10.1.2.3/32");
        assert!("10.0.0.0/33".parse::<AddressMatch>().is_err());
        assert!("Storage".parse::<AddressMatch>().is_err());
    }

    #[test]
    fn port_range_parses_and_rejects_reversed_ranges() {
        assert_eq!("*".parse::<PortRange>().unwrap(), PortRange::ANY);
        assert_eq!("443".parse::<PortRange>().unwrap(), PortRange::single(443));
        assert_eq!("8000-8100".parse::<PortRange>().unwrap().to_string(), "8000-8100");
        assert!("90-80".parse::<PortRange>().is_err());
        assert!("http".parse::<PortRange>().is_err());
    }

    #[test]
    fn dns_target_defaults_to_port_53() {
        let t: DnsTarget = "10.0.0.4".parse().unwrap();
        assert_eq!(t.port, 53);
        assert_eq!(t.to_string(), "10.0.0.4");
        assert_eq!("10.0.0.4:5353".parse::<DnsTarget>().unwrap().to_string(), "10.0.0.4:5353");
    }
}
