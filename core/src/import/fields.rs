//! Small readers of Azure JSON values shared by the hybrid, DNS and PaaS readers (helper
//! "import-extra"): arrays, booleans and address prefixes as Azure writes them, in both the REST
//! and the `az` shape (`shape::props_of`), never panicking on what the input holds.

use super::shape::{get_ci, props_of, str_ci};
use ipnet::{Ipv4Net, Ipv4Subnets};
use serde_json::Value;
use std::net::Ipv4Addr;

/// The array at `key` (case-insensitive), empty when absent or not an array.
pub fn arr<'v>(v: &'v Value, key: &str) -> &'v [Value] {
    get_ci(v, key).and_then(Value::as_array).map_or(&[], Vec::as_slice)
}

/// A field of a sub-object in either shape: `properties.key` (REST) or `key` (`az`).
pub fn field<'v>(v: &'v Value, key: &str) -> Option<&'v Value> {
    get_ci(props_of(v), key).or_else(|| get_ci(v, key))
}

/// A string field of a sub-object in either shape.
pub fn field_str<'v>(v: &'v Value, key: &str) -> Option<&'v str> {
    field(v, key).and_then(Value::as_str)
}

/// A boolean, written as JSON `true`/`false` or as the strings Resource Graph sometimes holds.
pub fn bool_ci(v: &Value, key: &str) -> Option<bool> {
    match get_ci(v, key)? {
        Value::Bool(b) => Some(*b),
        Value::String(s) if s.eq_ignore_ascii_case("true") => Some(true),
        Value::String(s) if s.eq_ignore_ascii_case("false") => Some(false),
        _ => None,
    }
}

/// `null` or an empty string: a dynamic address not allocated yet, not a bad value.
pub fn is_blank(v: &Value) -> bool {
    v.is_null() || v.as_str().is_some_and(|s| s.trim().is_empty())
}

/// An IPv4 address string.
pub fn ip(s: &str) -> Option<Ipv4Addr> {
    s.trim().parse().ok()
}

/// An IPv4 prefix (`10.0.0.0/16`) or a bare address (a /32), as IP rules and address spaces hold
/// them; a host-bits prefix is truncated (the caller reports it when it matters).
pub fn net(s: &str) -> Option<Ipv4Net> {
    let s = s.trim().trim_matches('\'');
    if let Ok(n) = s.parse::<Ipv4Net>() {
        return Some(n.trunc());
    }
    ip(s).and_then(|a| Ipv4Net::new(a, 32).ok())
}

/// The prefixes that cover exactly the addresses `start..=end` (a SQL firewall rule's range).
pub fn range(start: Ipv4Addr, end: Ipv4Addr) -> Vec<Ipv4Net> {
    if start > end {
        return Vec::new();
    }
    Ipv4Subnets::new(start, end, 0).collect()
}

/// The address prefixes at `key` (an array of strings), with the strings that are not IPv4
/// prefixes returned apart so the caller can report them.
pub fn prefixes(list: &[Value]) -> (Vec<Ipv4Net>, Vec<String>) {
    let mut good = Vec::new();
    let mut bad = Vec::new();
    for v in list {
        match v.as_str().and_then(net) {
            Some(n) if !good.contains(&n) => good.push(n),
            Some(_) => {}
            None => bad.push(v.as_str().map_or_else(|| v.to_string(), str::to_string)),
        }
    }
    (good, bad)
}

/// [`ref_at`], reporting a reference a template left unknown (`$vnetUnknown`, e.g. a Bicep
/// module's output) or one that is not a string, with `path`, instead of losing it silently.
pub fn reference<'v>(cx: &mut super::Context<'_>, v: &'v Value, key: &str, path: &str) -> Option<&'v str> {
    let at = field(v, key)?;
    let id = match at {
        Value::Null => return None,
        Value::Object(_) => match get_ci(at, "id") {
            Some(id) => id,
            None if super::context::unknown_expression(at).is_some() => at,
            None => return None,
        },
        other => other,
    };
    cx.text(Some(id), &format!("{path}.{key}")).filter(|s| !s.is_empty())
}

/// The `id` of a reference object `{"id": …}` at `key`, or the string at `key`.
pub fn ref_at<'v>(v: &'v Value, key: &str) -> Option<&'v str> {
    match field(v, key)? {
        Value::String(s) if !s.is_empty() => Some(s),
        obj @ Value::Object(_) => str_ci(obj, "id").filter(|s| !s.is_empty()),
        _ => None,
    }
}

/// Reports each non-empty list property of `r` the model has nothing for.
pub fn not_modelled(cx: &mut super::Context<'_>, r: &super::shape::Resource, keys: &[&str], why: &str) {
    for key in keys {
        if !arr(&r.props, key).is_empty() {
            cx.skip_part(format!("{}#{key}", r.shown_id()), key, why);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn prefixes_and_ranges_read_as_azure_writes_them() {
        assert_eq!(net("203.0.113.7"), Some("203.0.113.7/32".parse().unwrap_or_default()));
        assert_eq!(net("'10.91.4.0/24'"), Some("10.91.4.0/24".parse().unwrap_or_default()));
        assert_eq!(net("10.0.1.5/24"), Some("10.0.1.0/24".parse().unwrap_or_default()));
        assert_eq!(net("2001:db8::/32"), None);
        let r = range(
            "203.0.113.0".parse().unwrap_or(Ipv4Addr::UNSPECIFIED),
            "203.0.113.255".parse().unwrap_or(Ipv4Addr::UNSPECIFIED),
        );
        assert_eq!(r, vec!["203.0.113.0/24".parse::<Ipv4Net>().unwrap_or_default()]);
        let v = json!({"properties": {"subnet": {"id": "x"}}, "flag": "True"});
        assert_eq!(ref_at(&v, "subnet"), Some("x"));
        assert_eq!(bool_ci(&v, "flag"), Some(true));
        let (good, bad) = prefixes(json!(["10.0.0.0/16", "fd00::/8", 3]).as_array().map_or(&[][..], Vec::as_slice));
        assert_eq!(good.len(), 1);
        assert_eq!(bad, vec!["fd00::/8".to_string(), "3".to_string()]);
    }
}
