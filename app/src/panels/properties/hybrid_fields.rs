//! Hybrid fields: a gateway's connections to on-premises sites with the prefixes they learn
//! and a site's routing (P-12), hosts and DNS servers (D-13). Sites are named by their
//! names; a line that keeps its name, or is renamed in place, keeps its id.

use super::fields::{
    each_line, field, field_in, first_words, ip, joined, kept, line_error, list, prefix, prefixes, FieldSpec, Input,
    OTHER_KIND,
};
use vnet_core::edit::Element;
use vnet_core::id::IdKind;
use vnet_core::model::*;

pub const CONNECTIONS: FieldSpec =
    field_in!("Connections", "connections", Lines, Gateway(g) => g.connections, show_connections, connections)
        .help("NAME SITE [LEARNED PREFIXES]\ne.g. to-hq onprem-hq 192.168.0.0/16,172.16.0.0/12");

pub const SITE: &[FieldSpec] = &[
        field!("Routing into the tunnel (Advertised, or Static and prefixes)", "router", Text, Site(s) => s.router, show_router, router),
        field_in!("Hosts", "hosts", Lines, Site(s) => s.hosts, show_hosts, hosts)
            .help("NAME IP [DNS SERVER IP]\ne.g. client 192.168.10.10 192.168.10.53"),
        field_in!("DNS servers (records are kept)", "dnsServers", Lines, Site(s) => s.dns_servers, show_dns_servers, dns_servers)
            .help("NAME IP [default=TARGETS] [DOMAIN=TARGETS]…\ne.g. dns-hq 192.168.10.53 default=8.8.8.8 blob.core.windows.net=10.0.10.4"),
];

fn show_connections(d: &Design, cs: &[GatewayConnection]) -> String {
    let line = |c: &GatewayConnection| {
        let peer = c.peer.id();
        let site = d.sites.iter().find(|s| &s.id == peer).map_or(peer.as_str(), |s| s.name.as_str());
        let prefixes: Vec<_> = c.learned_prefixes.iter().map(|l| l.prefix).collect();
        let learned = if prefixes.is_empty() { String::new() } else { format!(" {}", joined(&prefixes)) };
        format!("{} {site}{learned}", c.name)
    };
    cs.iter().map(line).collect::<Vec<_>>().join("\n")
}

fn connections(d: &Design, g: &Gateway, text: &str) -> Result<Vec<GatewayConnection>, String> {
    let (mut ids, names) = (d.id_allocator(), first_words(text));
    let mut out: Vec<GatewayConnection> = Vec::new();
    for (n, words) in each_line(text) {
        let at = |e| line_error(n, e);
        let (name, site, learned) = match words.as_slice() {
            [name, site] => (name, site, vec![]),
            [name, site, l] => (name, site, list(l, "prefix", prefix).map_err(at)?),
            _ => return Err(at("write 'NAME SITE [LEARNED PREFIXES]'.".into())),
        };
        let site =
            d.sites.iter().find(|s| &s.name == site).ok_or_else(|| at(format!("there is no site named '{site}'.")))?;
        let id = kept(
            &g.connections,
            &out,
            |c| &c.id,
            |c| &c.name == name,
            |c| !names.contains(&c.name),
            || ids.next(IdKind::Connection),
        );
        // What this line does not show (schema v2: BGP, next hops, per-prefix next hops,
        // metadata) is kept from the connection it edits.
        let old = g.connections.iter().find(|c| c.id == id);
        let learned_prefixes = learned
            .into_iter()
            .map(|prefix| {
                let old_prefix = old.and_then(|c| c.learned_prefixes.iter().find(|l| l.prefix == prefix));
                old_prefix.cloned().unwrap_or_else(|| prefix.into())
            })
            .collect();
        let peer = match old.map(|c| &c.peer) {
            Some(ConnectionPeer::Gateway(remote)) if remote == &site.id => ConnectionPeer::Gateway(remote.clone()),
            _ => ConnectionPeer::Site(site.id.clone()),
        };
        out.push(GatewayConnection {
            id,
            name: name.clone(),
            peer,
            bgp: old.and_then(|c| c.bgp),
            next_hops: old.map(|c| c.next_hops.clone()).unwrap_or_default(),
            learned_prefixes,
            meta: old.map(|c| c.meta.clone()).unwrap_or_default(),
        });
    }
    Ok(out)
}

fn show_router(r: &OnPremRouting) -> String {
    match r {
        OnPremRouting::Advertised => "Advertised".into(),
        OnPremRouting::Static { prefixes } => format!("Static {}", super::fields::show_list(prefixes)),
    }
}

fn router(text: &str) -> Result<OnPremRouting, String> {
    let t = text.trim();
    let (mode, rest) = t.split_once(char::is_whitespace).unwrap_or((t, ""));
    match mode.to_ascii_lowercase().as_str() {
        "advertised" if rest.trim().is_empty() => Ok(OnPremRouting::Advertised),
        "static" => Ok(OnPremRouting::Static { prefixes: prefixes(rest)? }),
        _ => Err(format!("'{t}' is not a routing: use Advertised, or Static and prefixes (Static 10.0.0.0/8).")),
    }
}

fn show_hosts(_: &Design, hosts: &[OnPremHost]) -> String {
    let line = |h: &OnPremHost| {
        let dns = h.dns_server.map(|ip| format!(" {ip}")).unwrap_or_default();
        format!("{} {}{dns}", h.name, h.ip)
    };
    hosts.iter().map(line).collect::<Vec<_>>().join("\n")
}

fn hosts(d: &Design, site: &OnPremSite, text: &str) -> Result<Vec<OnPremHost>, String> {
    let (mut ids, names) = (d.id_allocator(), first_words(text));
    let mut out: Vec<OnPremHost> = Vec::new();
    for (n, words) in each_line(text) {
        let at = |e| line_error(n, e);
        let (name, addr, dns) = match words.as_slice() {
            [name, addr] => (name, ip(addr).map_err(at)?, None),
            [name, addr, dns] => (name, ip(addr).map_err(at)?, Some(ip(dns).map_err(at)?)),
            _ => return Err(at("write 'NAME IP [DNS SERVER IP]'.".into())),
        };
        let id = kept(
            &site.hosts,
            &out,
            |h| &h.id,
            |h| &h.name == name,
            |h| !names.contains(&h.name),
            || ids.next(IdKind::Host),
        );
        out.push(OnPremHost { id, name: name.clone(), ip: addr, dns_server: dns });
    }
    Ok(out)
}

fn show_dns_servers(_: &Design, servers: &[OnPremDnsServer]) -> String {
    let line = |s: &OnPremDnsServer| {
        let mut out = format!("{} {}", s.name, s.ip);
        if !s.default_forwarders.is_empty() {
            out.push_str(&format!(" default={}", joined(&s.default_forwarders)));
        }
        for f in &s.conditional_forwarders {
            out.push_str(&format!(" {}={}", f.domain, joined(&f.targets)));
        }
        out
    };
    servers.iter().map(line).collect::<Vec<_>>().join("\n")
}

/// One server per line: name, IP, then `default=targets` and `domain=targets` forwarders. Its
/// records are not written here; a server that keeps its id (its name, or its line) keeps them.
fn dns_servers(d: &Design, site: &OnPremSite, text: &str) -> Result<Vec<OnPremDnsServer>, String> {
    let (mut ids, names) = (d.id_allocator(), first_words(text));
    let mut out: Vec<OnPremDnsServer> = Vec::new();
    for (n, words) in each_line(text) {
        let at = |e| line_error(n, e);
        let [name, addr, forwards @ ..] = words.as_slice() else {
            return Err(at("write 'NAME IP [default=TARGETS] [DOMAIN=TARGETS]…'.".into()));
        };
        let id = kept(
            &site.dns_servers,
            &out,
            |s| &s.id,
            |s| &s.name == name,
            |s| !names.contains(&s.name),
            || ids.next(IdKind::OnPremDns),
        );
        let old = site.dns_servers.iter().find(|s| s.id == id);
        let mut server = OnPremDnsServer {
            records: old.map(|s| s.records.clone()).unwrap_or_default(),
            zones: old.map(|s| s.zones.clone()).unwrap_or_default(),
            follow_cname: old.is_none_or(|s| s.follow_cname),
            id,
            name: name.clone(),
            ip: ip(addr).map_err(at)?,
            conditional_forwarders: vec![],
            default_forwarders: vec![],
        };
        for f in forwards {
            let Some((domain, t)) = f.split_once('=') else {
                return Err(at(format!("'{f}' is not a forwarder: write default=TARGETS or DOMAIN=TARGETS.")));
            };
            let targets = list(t, "target", str::parse).map_err(at)?;
            if domain.eq_ignore_ascii_case("default") {
                server.default_forwarders = targets;
            } else {
                server.conditional_forwarders.push(ConditionalForwarder { domain: domain.to_string(), targets });
            }
        }
        out.push(server);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::panels::properties::field_text::tests::hybrid;

    #[test]
    fn hybrid_fields_print_what_they_parse_and_keep_ids() {
        let d = hybrid();
        let (g, site) = (&d.gateways[0], &d.sites[0]);
        assert_eq!(connections(&d, g, &show_connections(&d, &g.connections)).unwrap(), g.connections);
        assert_eq!(hosts(&d, site, &show_hosts(&d, &site.hosts)).unwrap(), site.hosts);
        assert_eq!(dns_servers(&d, site, &show_dns_servers(&d, &site.dns_servers)).unwrap(), site.dns_servers);
        let text = "dns-b 192.168.10.54 default=8.8.8.8,1.1.1.1:53 corp.contoso.com=192.168.10.53";
        let parsed = dns_servers(&d, site, text).unwrap();
        assert_eq!(
            show_dns_servers(&d, &parsed),
            "dns-b 192.168.10.54 default=8.8.8.8,1.1.1.1 corp.contoso.com=192.168.10.53"
        );
        let both = dns_servers(&d, site, &format!("{}\n{text}", show_dns_servers(&d, &site.dns_servers))).unwrap();
        assert!(!site.dns_servers.iter().any(|s| s.id == both[1].id), "a new server gets a new id");
        // A renamed line keeps its id (references to the host stay); a line inserted above the
        // others takes a new one and the others keep theirs.
        let renamed = hosts(&d, site, "client 192.168.10.10 192.168.10.53").unwrap();
        assert_eq!(renamed[0].id, site.hosts[0].id);
        let old = &site.hosts[0].name;
        let inserted = hosts(&d, site, &format!("new 192.168.10.11\n{old} 192.168.10.10")).unwrap();
        assert_eq!(inserted[1].id, site.hosts[0].id);
        assert_ne!(inserted[0].id, site.hosts[0].id);
        let servers = dns_servers(&d, site, "dns-renamed 192.168.10.53").unwrap();
        assert_eq!((&servers[0].id, &servers[0].records), (&site.dns_servers[0].id, &site.dns_servers[0].records));
        for t in ["Advertised", "Static 10.0.0.0/8, 172.16.0.0/12"] {
            assert_eq!(show_router(&router(t).unwrap()), t);
        }
    }

    #[test]
    fn hybrid_field_errors_name_the_line_and_the_problem() {
        let d = hybrid();
        let (g, site) = (&d.gateways[0], &d.sites[0]);
        assert_eq!(connections(&d, g, "c nowhere").unwrap_err(), "Line 1: there is no site named 'nowhere'.");
        assert!(connections(&d, g, "\nc x 10.0.0.0/33")
            .unwrap_err()
            .starts_with("Line 2: '10.0.0.0/33' is not an IPv4 prefix"));
        assert_eq!(hosts(&d, site, "h").unwrap_err(), "Line 1: write 'NAME IP [DNS SERVER IP]'.");
        assert!(dns_servers(&d, site, "s 10.0.0.1 8.8.8.8").unwrap_err().contains("'8.8.8.8' is not a forwarder"));
        assert!(router("Dynamic").unwrap_err().contains("is not a routing"));
        assert!(router("Static").unwrap_err().contains("At least one prefix"));
    }
}
