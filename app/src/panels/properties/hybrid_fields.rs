//! Hybrid fields: a gateway's connections to on-premises sites or other VNets' gateways (P-14)
//! with the prefixes they learn and the instances that learned each and their BGP
//! (P-13), and a site's routing (P-12), hosts and DNS servers (D-13). Sites and gateways are named
//! by their names; a line that keeps its name, or is renamed in place, keeps its id.

use super::fields::{
    each_line, field, field_in, first_words, ip, joined, kept, line_error, list, name_of, prefix, prefixes, FieldSpec,
    Input, OTHER_KIND,
};
use vnet_core::edit::Element;
use vnet_core::id::IdKind;
use vnet_core::model::*;

pub const CONNECTIONS: FieldSpec =
    field_in!("Connections", "connections", Lines, Gateway(g) => g.connections, show_connections, connections).help(
        "NAME PEER [PREFIX[@NEXTHOP+NEXTHOP],…] [bgp|nobgp] [via INSTANCE,INSTANCE]\n\
               PEER: a site, or another VNet's VPN gateway (VNet-to-VNet);\n\
               site:NAME or gateway:NAME when both have the name.\n\
               PREFIX@NEXTHOP: the instances that learned it (R-25).\n\
               e.g. to-hq onprem-hq 192.168.0.0/16@10.0.255.4,172.16.0.0/12 bgp\n\
               \x20    to-spoke vgw-spoke",
    );

pub const SITE: &[FieldSpec] = &[
        field!("Routing into the tunnel (Advertised, or Static and prefixes)", "router", Text, Site(s) => s.router, show_router, router),
        field_in!("Hosts", "hosts", Lines, Site(s) => s.hosts, show_hosts, hosts)
            .help("NAME IP [DNS SERVER IP]\ne.g. client 192.168.10.10 192.168.10.53"),
        field_in!("DNS servers (records are kept)", "dnsServers", Lines, Site(s) => s.dns_servers, show_dns_servers, dns_servers)
            .help("NAME IP [default=TARGETS] [DOMAIN=TARGETS]…\ne.g. dns-hq 192.168.10.53 default=8.8.8.8 blob.core.windows.net=10.0.10.4"),
];

/// A connection's far end as a line writes it: its name, prefixed with `site:` or `gateway:` only
/// when a site and a gateway share it.
fn show_peer(d: &Design, peer: &ConnectionPeer) -> String {
    let (site, gateway) =
        (d.sites.iter().map(|s| (&s.id, s.name.as_str())), d.gateways.iter().map(|g| (&g.id, g.name.as_str())));
    let (kind, name) = match peer {
        ConnectionPeer::Site(id) => ("site", name_of(site, id)),
        ConnectionPeer::Gateway(id) => ("gateway", name_of(gateway, id)),
    };
    let both = d.sites.iter().any(|s| s.name == name) && d.gateways.iter().any(|g| g.name == name);
    if both {
        format!("{kind}:{name}")
    } else {
        name.to_string()
    }
}

/// Reads [`show_peer`]: a site's name, another gateway's, or either with its prefix.
fn peer(d: &Design, g: &Gateway, text: &str) -> Result<ConnectionPeer, String> {
    let (kind, name) = text.split_once(':').unwrap_or(("", text));
    let site = || d.sites.iter().find(|s| s.name == name).map(|s| ConnectionPeer::Site(s.id.clone()));
    let gateway =
        || d.gateways.iter().find(|x| x.name == name && x.id != g.id).map(|x| ConnectionPeer::Gateway(x.id.clone()));
    match kind {
        "site" => site().ok_or_else(|| format!("there is no site named '{name}'.")),
        "gateway" => gateway().ok_or_else(|| format!("there is no other gateway named '{name}'.")),
        "" => match (site(), gateway()) {
            (Some(_), Some(_)) => {
                Err(format!("a site and a gateway are both named '{name}': write site:{name} or gateway:{name}."))
            }
            (Some(p), None) | (None, Some(p)) => Ok(p),
            (None, None) => Err(format!("there is no site or other gateway named '{name}'.")),
        },
        _ => Err(format!("'{kind}:' is not a peer kind: write site:NAME or gateway:NAME.")),
    }
}

fn show_learned(l: &LearnedPrefix) -> String {
    let hops: Vec<String> = l.next_hops.iter().map(ToString::to_string).collect();
    if hops.is_empty() {
        l.prefix.to_string()
    } else {
        format!("{}@{}", l.prefix, hops.join("+"))
    }
}

/// A next hop of this gateway's: one of its instance IPs, when it lists any.
fn instance(g: &Gateway, text: &str) -> Result<std::net::Ipv4Addr, String> {
    let a = ip(text)?;
    if g.instance_ips.is_empty() || g.instance_ips.contains(&a) {
        return Ok(a);
    }
    Err(format!(
        "{a} is not an instance IP of this gateway (R-25): use {}.",
        joined(&g.instance_ips).replace(',', ", ")
    ))
}

/// `PREFIX` or `PREFIX@IP+IP`: a learned prefix and the instances that learned it.
fn learned(g: &Gateway, text: &str) -> Result<LearnedPrefix, String> {
    let (p, hops) = text.split_once('@').unwrap_or((text, ""));
    if text.ends_with('@') {
        let example = g.instance_ips.first().map_or("IP".into(), ToString::to_string);
        return Err(format!("'{text}' names no next hop after @: write {p}@{example}."));
    }
    let next_hops = hops.split('+').filter(|h| !h.is_empty()).map(|h| instance(g, h)).collect::<Result<_, _>>()?;
    Ok(LearnedPrefix { prefix: prefix(p)?, next_hops })
}

fn show_connections(d: &Design, cs: &[GatewayConnection]) -> String {
    let line = |c: &GatewayConnection| {
        let mut out = format!("{} {}", c.name, show_peer(d, &c.peer));
        if !c.learned_prefixes.is_empty() {
            out.push(' ');
            out.push_str(&c.learned_prefixes.iter().map(show_learned).collect::<Vec<_>>().join(","));
        }
        match c.bgp {
            Some(true) => out.push_str(" bgp"),
            Some(false) => out.push_str(" nobgp"),
            None => {}
        }
        if !c.next_hops.is_empty() {
            out.push_str(&format!(" via {}", joined(&c.next_hops)));
        }
        out
    };
    cs.iter().map(line).collect::<Vec<_>>().join("\n")
}

/// One connection per line: name and peer, then in any order the learned prefixes, `bgp` or
/// `nobgp` (P-13; neither follows the gateway) and `via` the instances with a tunnel.
fn connections(d: &Design, g: &Gateway, text: &str) -> Result<Vec<GatewayConnection>, String> {
    let (mut ids, names) = (d.id_allocator(), first_words(text));
    let mut out: Vec<GatewayConnection> = Vec::new();
    for (n, words) in each_line(text) {
        let at = |e| line_error(n, e);
        let [name, peer_word, options @ ..] = words.as_slice() else {
            return Err(at("write 'NAME PEER [PREFIXES] [bgp|nobgp] [via INSTANCES]'.".into()));
        };
        let peer = peer(d, g, peer_word).map_err(at)?;
        let id = kept(
            &g.connections,
            &out,
            |c| &c.id,
            |c| &c.name == name,
            |c| !names.contains(&c.name),
            || ids.next(IdKind::Connection),
        );
        let old = g.connections.iter().find(|c| c.id == id);
        let mut c = GatewayConnection {
            id,
            name: name.clone(),
            peer,
            bgp: None,
            next_hops: Vec::new(),
            learned_prefixes: Vec::new(),
            meta: old.map(|c| c.meta.clone()).unwrap_or_default(),
        };
        let mut rest = options;
        while let Some((word, tail)) = rest.split_first() {
            rest = match word.to_ascii_lowercase().as_str() {
                "bgp" | "nobgp" => {
                    c.bgp = Some(word.eq_ignore_ascii_case("bgp"));
                    tail
                }
                "via" => {
                    let hops = tail.first().ok_or_else(|| at("'via' needs the instance IPs after it.".into()))?;
                    c.next_hops = hops
                        .split(',')
                        .filter(|h| !h.is_empty())
                        .map(|h| instance(g, h))
                        .collect::<Result<_, _>>()
                        .map_err(at)?;
                    &tail[1..]
                }
                _ if c.learned_prefixes.is_empty() => {
                    c.learned_prefixes = word
                        .split(',')
                        .filter(|w| !w.is_empty())
                        .map(|w| learned(g, w))
                        .collect::<Result<_, _>>()
                        .map_err(at)?;
                    tail
                }
                _ => return Err(at(format!("'{word}' is not a connection option: use bgp, nobgp or via."))),
            };
        }
        out.push(c);
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
        // Per-prefix next hops, BGP and the instances with a tunnel print as they read.
        let text = format!(
            "{} {} 192.168.0.0/16@10.0.255.4,172.16.0.0/12@10.0.255.4+10.0.255.5 nobgp via 10.0.255.4",
            g.connections[0].name, site.name
        );
        let parsed = connections(&d, g, &text).unwrap();
        assert_eq!(show_connections(&d, &parsed), text);
        assert_eq!(parsed[0].id, g.connections[0].id, "the connection keeps its id");
        assert_eq!(parsed[0].learned_prefixes[1].next_hops.len(), 2);
        assert_eq!((parsed[0].bgp, parsed[0].next_hops.len()), (Some(false), 1));
        // Another gateway by name is a VNet-to-VNet peer; a site of the same name needs a prefix.
        let mut two = d.clone();
        let mut other = g.clone();
        other.id = vnet_core::Id::new("gw-other");
        other.name = site.name.clone();
        other.connections.clear();
        two.gateways.push(other);
        assert!(connections(&two, g, &format!("c {}", site.name)).unwrap_err().contains("write site:"));
        let v2v = connections(&two, g, &format!("c gateway:{}", site.name)).unwrap();
        assert_eq!(v2v[0].peer, ConnectionPeer::Gateway(vnet_core::Id::new("gw-other")));
        assert_eq!(show_connections(&two, &v2v), format!("c gateway:{}", site.name));
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
        assert_eq!(
            connections(&d, g, "c nowhere").unwrap_err(),
            "Line 1: there is no site or other gateway named 'nowhere'."
        );
        let name = &d.sites[0].name;
        assert!(connections(&d, g, &format!("\nc {name} 10.0.0.0/33"))
            .unwrap_err()
            .starts_with("Line 2: '10.0.0.0/33' is not an IPv4 prefix"));
        assert_eq!(
            connections(&d, g, &format!("c {name} 10.0.0.0/8@10.9.9.9")).unwrap_err(),
            "Line 1: 10.9.9.9 is not an instance IP of this gateway (R-25): use 10.0.255.4, 10.0.255.5."
        );
        assert!(connections(&d, g, &format!("c {name} 10.0.0.0/8@")).unwrap_err().contains("names no next hop"));
        assert!(connections(&d, g, &format!("c {name} via")).unwrap_err().contains("'via' needs"));
        assert!(connections(&d, g, &format!("c {name} 10.0.0.0/8 10.1.0.0/16"))
            .unwrap_err()
            .contains("'10.1.0.0/16' is not a connection option"));
        assert!(connections(&d, g, &format!("c spoke:{name}")).unwrap_err().contains("is not a peer kind"));
        assert_eq!(hosts(&d, site, "h").unwrap_err(), "Line 1: write 'NAME IP [DNS SERVER IP]'.");
        assert!(dns_servers(&d, site, "s 10.0.0.1 8.8.8.8").unwrap_err().contains("'8.8.8.8' is not a forwarder"));
        assert!(router("Dynamic").unwrap_err().contains("is not a routing"));
        assert!(router("Static").unwrap_err().contains("At least one prefix"));
    }
}
