//! Azure Firewall application rules (F-2, F-3, F-8): does a rule allow a TCP flow's host name?
//!
//! Invariant: only the match. Order, actions and SNAT are [`super::firewall`]'s; which address the
//! firewall then connects to (its own DNS answer, F-10) is the trace's.

use super::firewall::any_address;
use super::TagContext;
use crate::model::{AppProtocolKind, ApplicationRule};
use crate::packet::Packet;

/// F-2, F-3: the matching protocol of an application rule for a TCP flow to `host`, if it matches:
/// a source, a protocol whose port is the destination port, and a target FQDN.
pub(super) fn application_match(
    r: &ApplicationRule,
    p: &Packet,
    host: &str,
    ctx: &TagContext,
) -> Option<AppProtocolKind> {
    if !any_address(&r.sources, p.src, p.src_port, ctx) || !r.target_fqdns.iter().any(|f| fqdn_matches(f, host)) {
        return None;
    }
    r.protocols.iter().find(|ap| ap.port == p.dst_port).map(|ap| ap.kind)
}

/// Case-insensitive FQDN match, a trailing dot ignored. `*` matches every name; `*.example.com`
/// matches names with one or more labels before `example.com`, but not `example.com` itself.
pub fn fqdn_matches(pattern: &str, host: &str) -> bool {
    let pattern = pattern.trim().trim_end_matches('.').to_ascii_lowercase();
    let host = host.trim().trim_end_matches('.').to_ascii_lowercase();
    if host.is_empty() {
        return false;
    }
    if pattern == "*" {
        return true;
    }
    match pattern.strip_prefix("*.") {
        Some(suffix) => host.strip_suffix(suffix).is_some_and(|rest| rest.len() > 1 && rest.ends_with('.')),
        None => pattern == host,
    }
}

pub(super) fn app_protocol_name(kind: AppProtocolKind) -> &'static str {
    match kind {
        AppProtocolKind::Http => "HTTP",
        AppProtocolKind::Https => "HTTPS",
        AppProtocolKind::Mssql => "MSSQL",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::filter::firewall::RuleKind;
    use crate::filter::testutil::*;
    use crate::model::{FirewallAction, Protocol};

    #[test]
    fn f8_application_rules_always_snat_even_to_private_destinations() {
        let fw = firewall(vec![group(
            "g",
            100,
            vec![coll("web", 100, app(FirewallAction::Allow, "blob", &["*.blob.core.windows.net"]))],
        )]);
        let v = eval(&fw, &tcp("10.1.0.4", "10.3.0.5", 443, Some("st1.blob.core.windows.net")), false);
        assert_eq!(
            (v.decision, v.snat, v.rule),
            (allow(RuleKind::Application, "web", "blob"), Some(ip("10.0.1.5")), "F-8")
        );
        assert_eq!(
            v.explanation,
            "Application rule 'blob' in collection 'web' (priority 100) allows HTTPS st1.blob.core.windows.net (TCP 10.1.0.4 → 10.3.0.5:443); application rules always translate the source, here to 10.0.1.5 (F-8)."
        );
    }

    #[test]
    fn f3_application_rules_need_tcp_a_host_name_and_a_listed_port() {
        let fw =
            firewall(vec![group("g", 100, vec![coll("web", 100, app(FirewallAction::Allow, "all-names", &["*"]))])]);
        let v = eval(&fw, &tcp("10.1.0.4", "10.3.0.5", 443, None), false);
        assert_eq!((v.decision, v.rule), (denied(None, "", "default deny"), "F-3"));
        assert_eq!(
            v.explanation,
            "No rule matches TCP 10.1.0.4 → 10.3.0.5:443 (application rules need a TCP flow with a host name, which this flow lacks), so the firewall denies it by default (F-3)."
        );
        let empty_host = tcp("10.1.0.4", "10.3.0.5", 443, Some(""));
        assert_eq!(eval(&fw, &empty_host, false).decision, denied(None, "", "default deny"));
        let udp = Packet { protocol: Protocol::Udp, ..tcp("10.1.0.4", "10.3.0.5", 443, Some("a.example.com")) };
        assert_eq!(eval(&fw, &udp, false).decision, denied(None, "", "default deny"));
        let port_80 = tcp("10.1.0.4", "10.3.0.5", 80, Some("a.example.com"));
        assert_eq!(eval(&fw, &port_80, false).decision, denied(None, "", "default deny"));
    }

    #[test]
    fn f2_fqdn_match_is_case_insensitive_and_wildcards_need_a_label() {
        assert!(fqdn_matches("*.example.com", "a.example.com"));
        assert!(fqdn_matches("*.example.com", "a.b.example.com"));
        assert!(fqdn_matches("*.Example.COM", "A.example.com."));
        assert!(!fqdn_matches("*.example.com", "example.com"));
        assert!(!fqdn_matches("*.example.com", "badexample.com"));
        assert!(!fqdn_matches("*.example.com", ".example.com"));
        assert!(fqdn_matches("www.example.com", "WWW.EXAMPLE.COM"));
        assert!(!fqdn_matches("www.example.com", "api.example.com"));
        assert!(fqdn_matches("*", "anything.test"));
        assert!(!fqdn_matches("*", ""));
    }
}
