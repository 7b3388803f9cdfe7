//! What people type as a connect target: `https://name[:port][/path]`, `http://…`, `name:port`,
//! a bare name (HTTPS), or an IP with an optional port.

use serde::Serialize;
use std::net::Ipv4Addr;

/// A parsed target: a host name to resolve, or an address; and the TCP port.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Target {
    /// The name to resolve and to send as SNI/Host (DECISIONS 6); `None` for an IP target.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub host: Option<String>,
    /// The address given directly, if the target is an IP.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ip: Option<Ipv4Addr>,
    pub port: u16,
}

/// Parses a target; the error says what was expected.
pub fn parse(text: &str) -> Result<Target, String> {
    let t = text.trim();
    let bad = || format!("'{t}' is not a target: expected https://name[:port], name:port or an IP address");
    let (rest, default_port) = match t.split_once("://") {
        Some((scheme, rest)) => match scheme.to_ascii_lowercase().as_str() {
            "https" => (rest, 443),
            "http" => (rest, 80),
            _ => return Err(format!("'{t}': only http:// and https:// targets are understood")),
        },
        None => (t, 443),
    };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    let (host, port) = match authority.rsplit_once(':') {
        Some((h, p)) => (h, p.parse::<u16>().map_err(|_| bad())?),
        None => (authority, default_port),
    };
    if host.is_empty() || port == 0 {
        return Err(bad());
    }
    if let Ok(ip) = host.parse::<Ipv4Addr>() {
        return Ok(Target { host: None, ip: Some(ip), port });
    }
    let valid = host.split('.').all(|l| {
        !l.is_empty() && l.len() <= 63 && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    });
    if !valid || host.len() > 253 {
        return Err(bad());
    }
    Ok(Target { host: Some(host.trim_end_matches('.').to_ascii_lowercase()), ip: None, port })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forms() {
        let t = parse("https://MfTesting.blob.core.windows.net/container?x=1").unwrap();
        assert_eq!((t.host.as_deref(), t.port), (Some("mftesting.blob.core.windows.net"), 443));
        assert_eq!(parse("http://app.contoso.com:8080").unwrap().port, 8080);
        assert_eq!(parse("sql1.database.windows.net:1433").unwrap().port, 1433);
        assert_eq!(parse("10.1.1.4").unwrap().ip, Some(Ipv4Addr::new(10, 1, 1, 4)));
        assert_eq!(parse("10.1.1.4:22").unwrap().port, 22);
        for bad in ["", "https://", "name:port", "ftp://x", "a..b", "x:0", "https://a b"] {
            assert!(parse(bad).is_err(), "{bad}");
        }
    }
}
