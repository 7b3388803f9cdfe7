//! CIDR functions: `parseCidr`, `cidrSubnet`, `cidrHost`, for IPv4 and IPv6.
//! <https://learn.microsoft.com/azure/azure-resource-manager/templates/template-functions-cidr>
//! `cidrHost` counts usable hosts: index 0 is the address after the network address (in IPv6
//! too, as the docs' `fdad:3236:5555:3000::1` example shows).

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

use serde_json::{json, Value};

use super::{arity, int_arg, str_arg, Fail, Res};

pub(crate) fn call(name: &str, args: &[Value]) -> Option<Res<Value>> {
    let r = match name {
        "parsecidr" => arity(name, args, 1, 1).and_then(|_| parse_cidr(str_arg(name, args, 0)?)),
        "cidrsubnet" => arity(name, args, 3, 3)
            .and_then(|_| cidr_subnet(str_arg(name, args, 0)?, int_arg(name, args, 1)?, int_arg(name, args, 2)?)),
        "cidrhost" => arity(name, args, 2, 2).and_then(|_| cidr_host(str_arg(name, args, 0)?, int_arg(name, args, 1)?)),
        _ => return None,
    };
    Some(r)
}

/// A network as (address as an integer, prefix length, bits: 32 or 128).
struct Net {
    addr: u128,
    prefix: u32,
    bits: u32,
}

impl Net {
    fn parse(s: &str) -> Res<Net> {
        let (ip, prefix) =
            s.trim().split_once('/').ok_or_else(|| Fail::error(format!("'{s}' is not in CIDR notation")))?;
        let ip: IpAddr = ip.parse().map_err(|_| Fail::error(format!("'{ip}' is not an IP address")))?;
        let bits = if ip.is_ipv4() { 32 } else { 128 };
        let prefix: u32 = prefix
            .parse()
            .ok()
            .filter(|p| *p <= bits)
            .ok_or_else(|| Fail::error(format!("'{s}' has a bad prefix length")))?;
        let raw = match ip {
            IpAddr::V4(a) => u128::from(u32::from(a)),
            IpAddr::V6(a) => u128::from(a),
        };
        Ok(Net { addr: raw & mask(prefix, bits), prefix, bits })
    }

    /// Addresses in the network; 0 stands for 2^128 (an IPv6 `/0`).
    fn size(&self) -> u128 {
        1u128.checked_shl(self.bits - self.prefix).unwrap_or(0)
    }

    fn last(&self) -> u128 {
        self.addr | (!mask(self.prefix, self.bits) & full(self.bits))
    }

    fn text(&self, a: u128) -> String {
        if self.bits == 32 {
            Ipv4Addr::from(a as u32).to_string()
        } else {
            Ipv6Addr::from(a).to_string()
        }
    }
}

fn full(bits: u32) -> u128 {
    if bits == 128 {
        u128::MAX
    } else {
        (1u128 << bits) - 1
    }
}

fn mask(prefix: u32, bits: u32) -> u128 {
    if prefix == 0 {
        0
    } else {
        (full(bits) >> (bits - prefix) << (bits - prefix)) & full(bits)
    }
}

fn parse_cidr(s: &str) -> Res<Value> {
    let n = Net::parse(s)?;
    let last = n.last();
    if n.bits == 32 {
        // /31 and /32 have no network/broadcast pair to skip.
        let (first_usable, last_usable) = if n.prefix >= 31 { (n.addr, last) } else { (n.addr + 1, last - 1) };
        Ok(json!({
            "network": n.text(n.addr),
            "netmask": n.text(mask(n.prefix, 32)),
            "broadcast": n.text(last),
            "firstUsable": n.text(first_usable),
            "lastUsable": n.text(last_usable),
            "cidr": n.prefix,
        }))
    } else {
        Ok(json!({
            "network": n.text(n.addr),
            "netmask": n.text(mask(n.prefix, 128)),
            "firstUsable": n.text(n.addr),
            "lastUsable": n.text(last),
            "cidr": n.prefix,
        }))
    }
}

fn cidr_subnet(s: &str, new_prefix: i64, index: i64) -> Res<Value> {
    let n = Net::parse(s)?;
    let new_prefix = u32::try_from(new_prefix).ok().filter(|p| *p >= n.prefix && *p <= n.bits).ok_or_else(|| {
        Fail::error(format!("cidrSubnet(): new prefix {new_prefix} must be between {} and {}", n.prefix, n.bits))
    })?;
    let count = 1u128.checked_shl(new_prefix - n.prefix).unwrap_or(u128::MAX);
    let index = u128::try_from(index).ok().filter(|i| *i < count).ok_or_else(|| {
        Fail::error(format!("cidrSubnet(): index {index} is outside the {count} subnets of /{new_prefix} in {s}"))
    })?;
    let addr = n.addr + index.checked_shl(n.bits - new_prefix).unwrap_or(0);
    Ok(Value::String(format!("{}/{new_prefix}", n.text(addr))))
}

fn cidr_host(s: &str, index: i64) -> Res<Value> {
    let n = Net::parse(s)?;
    let usable = if n.bits == 32 && n.prefix < 31 { n.size().saturating_sub(2) } else { n.size().saturating_sub(1) };
    let index = u128::try_from(index)
        .ok()
        .filter(|i| *i < usable || (n.size() == 0 && *i < u128::MAX))
        .ok_or_else(|| Fail::error(format!("cidrHost(): host {index} is outside the usable addresses of {s}")))?;
    Ok(Value::String(n.text(n.addr + 1 + index)))
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{err, ok};
    use serde_json::json;

    #[test]
    fn the_docs_examples() {
        assert_eq!(
            ok("parseCidr('10.144.0.0/20')"),
            json!({"network": "10.144.0.0", "netmask": "255.255.240.0", "broadcast": "10.144.15.255",
                   "firstUsable": "10.144.0.1", "lastUsable": "10.144.15.254", "cidr": 20})
        );
        assert_eq!(
            ok("parseCidr('fdad:3236:5555::/48')"),
            json!({"network": "fdad:3236:5555::", "netmask": "ffff:ffff:ffff::", "firstUsable": "fdad:3236:5555::",
                   "lastUsable": "fdad:3236:5555:ffff:ffff:ffff:ffff:ffff", "cidr": 48})
        );
        assert_eq!(ok("cidrSubnet('10.144.0.0/20', 24, 3)"), json!("10.144.3.0/24"));
        assert_eq!(ok("cidrSubnet('fdad:3236:5555::/48', 52, 1)"), json!("fdad:3236:5555:1000::/52"));
        assert_eq!(ok("cidrHost('10.144.3.0/24', 4)"), json!("10.144.3.5"));
        assert_eq!(ok("cidrHost('fdad:3236:5555:3000::/52', 0)"), json!("fdad:3236:5555:3000::1"));
    }

    #[test]
    fn out_of_range_is_an_error() {
        assert!(err("cidrSubnet('10.0.0.0/16', 8, 0)"));
        assert!(err("cidrSubnet('10.0.0.0/16', 24, 256)"));
        assert!(err("cidrSubnet('10.0.0.0/16', 33, 0)"));
        assert!(err("cidrHost('10.0.0.0/30', 2)"));
        assert!(err("parseCidr('10.0.0.0')"));
        assert!(err("parseCidr('10.0.0.0/40')"));
        assert_eq!(ok("cidrHost('10.0.0.0/30', 1)"), json!("10.0.0.2"));
        assert_eq!(ok("cidrSubnet('0.0.0.0/0', 1, 1)"), json!("128.0.0.0/1"));
        assert_eq!(ok("cidrSubnet('::/0', 128, 5)"), json!("::5/128"));
        assert_eq!(ok("parseCidr('10.0.0.7/32').firstUsable"), json!("10.0.0.7"));
    }
}
