//! An on-premises DNS server's own settings, one fieldset per server in its site's form: whether
//! it resolves a CNAME's target again with its own forwarders (D-13), its records, and the zones
//! it is authoritative for (schema v2). The servers themselves (name, IP, forwarders) are lines of
//! the site's "DNS servers" field; a fieldset follows its server by id through renames.

use super::fields::{each_line, line_error, no_choices, records, show_records, FieldSpec, Input};
use super::row::{row, Access};
use crate::document::store::Store;
use leptos::prelude::*;
use std::sync::Arc;
use vnet_core::edit::Element;
use vnet_core::model::*;
use vnet_core::validate::Diagnostic;
use vnet_core::Id;

/// A setting of one server: how the row looks (`spec`: its get and set are unused) and how it
/// reads and writes the server.
struct ServerField {
    spec: FieldSpec,
    get: fn(&OnPremDnsServer) -> String,
    set: fn(&mut OnPremDnsServer, &str) -> Result<(), String>,
}

const fn look(label: &'static str, key: &'static str, input: Input, help: &'static str) -> FieldSpec {
    FieldSpec { label, key, input, help, get: |_, _| None, set: |_, _, _| Ok(()), choices: no_choices }
}

const FIELDS: &[ServerField] = &[
    ServerField {
        spec: look("Follow CNAME targets with its own forwarders (D-13)", "followCname", Input::Check, ""),
        get: |s| s.follow_cname.to_string(),
        set: |s, t| {
            s.follow_cname = t == "true";
            Ok(())
        },
    },
    ServerField {
        spec: look(
            "Records",
            "records",
            Input::Lines,
            "NAME A IP[,IP] | NAME CNAME TARGET\ne.g. app.corp.contoso.com A 192.168.10.20",
        ),
        get: |s| show_records(&s.records),
        set: |s, t| {
            s.records = records(t)?;
            Ok(())
        },
    },
    ServerField {
        spec: look(
            "Authoritative zones",
            "zones",
            Input::Lines,
            "ZONE [NAME A IP[,IP] | NAME CNAME TARGET], a line per record\ne.g. corp.contoso.com app A 192.168.10.20",
        ),
        get: |s| show_zones(&s.zones),
        set: |s, t| {
            s.zones = zones(t)?;
            Ok(())
        },
    },
];

/// The fieldsets of the site's DNS servers, following the servers the site has.
pub(super) fn servers(store: Store, site: Id, diagnostics: Memo<Vec<Diagnostic>>) -> impl IntoView {
    let ids = {
        let site = site.clone();
        Memo::new(move |_| {
            store.design.with(|d| d.site(&site).map(|s| s.dns_servers.iter().map(|x| x.id.clone()).collect::<Vec<_>>()))
        })
    };
    view! {
        <For each=move || ids.get().unwrap_or_default() key=Id::clone children=move |server| server_view(store, site.clone(), server, diagnostics) />
    }
}

fn server_view(store: Store, site: Id, server: Id, diagnostics: Memo<Vec<Diagnostic>>) -> impl IntoView {
    let name = {
        let (site, server) = (site.clone(), server.clone());
        move || {
            store.design.with(|d| {
                let s = d.site(&site)?.dns_servers.iter().find(|x| x.id == server)?;
                Some(format!("DNS server {} ({})", s.name, s.ip))
            })
        }
    };
    let rows = FIELDS
        .iter()
        .map(|f| {
            let (get, set, id) = (f.get, f.set, server.clone());
            let access = Access {
                key: format!("{server}/{}", f.spec.key),
                get: Arc::new({
                    let id = id.clone();
                    move |_, e| match e {
                        Element::Site(s) => s.dns_servers.iter().find(|x| x.id == id).map(get),
                        _ => None,
                    }
                }),
                set: Arc::new(move |_, e, text| match e {
                    Element::Site(s) => match s.dns_servers.iter_mut().find(|x| x.id == id) {
                        Some(x) => set(x, text),
                        None => Err("this DNS server is gone".into()),
                    },
                    _ => Err("this field belongs to an on-premises site".into()),
                }),
                notes: false,
            };
            row(store, site.clone(), f.spec, access, diagnostics)
        })
        .collect_view();
    view! {
        <fieldset class="onprem-dns" data-id=server.to_string()>
            <legend>{name}</legend>
            {rows}
        </fieldset>
    }
}

fn show_zones(zones: &[OnPremZone]) -> String {
    let mut lines = Vec::new();
    for z in zones {
        if z.records.is_empty() {
            lines.push(z.name.clone());
        }
        for r in &z.records {
            let data = match &r.data {
                RecordData::A { ips } => format!("A {}", super::fields::joined(ips)),
                RecordData::Cname { target } => format!("CNAME {target}"),
            };
            lines.push(format!("{} {} {data}", z.name, r.name));
        }
    }
    lines.join("\n")
}

/// A line per record, `ZONE NAME A IPS` or `ZONE NAME CNAME TARGET`, or a zone alone; lines of a
/// zone gather into it, in the order the zones first appear.
fn zones(text: &str) -> Result<Vec<OnPremZone>, String> {
    let mut out: Vec<OnPremZone> = Vec::new();
    for (n, words) in each_line(text) {
        let at = |e| line_error(n, e);
        let (zone, record) = match words.as_slice() {
            [zone] => (zone, None),
            [zone, name, kind, value] if kind.eq_ignore_ascii_case("A") => {
                let ips = super::fields::list(value, "address", super::fields::ip).map_err(at)?;
                (zone, Some(DnsRecord { name: name.clone(), data: RecordData::A { ips } }))
            }
            [zone, name, kind, target] if kind.eq_ignore_ascii_case("CNAME") => {
                (zone, Some(DnsRecord { name: name.clone(), data: RecordData::Cname { target: target.clone() } }))
            }
            _ => return Err(at("write 'ZONE NAME A IP[,IP]', 'ZONE NAME CNAME TARGET' or the zone alone.".into())),
        };
        let i = match out.iter().position(|z| &z.name == zone) {
            Some(i) => i,
            None => {
                out.push(OnPremZone { name: zone.clone(), records: Vec::new() });
                out.len() - 1
            }
        };
        out[i].records.extend(record);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zones_print_what_they_parse() {
        let text = "corp.contoso.com app A 192.168.10.20,192.168.10.21\ncorp.contoso.com www CNAME app.corp.contoso.com\nlab.contoso.com";
        let parsed = zones(text).unwrap();
        assert_eq!(parsed.len(), 2);
        assert_eq!(parsed[0].records.len(), 2);
        assert_eq!(show_zones(&parsed), text);
        // Lines of one zone gather even when another zone's line is between them.
        let mixed = zones("a.com x A 10.0.0.1\nb.com\na.com y CNAME x.a.com").unwrap();
        assert_eq!((mixed.len(), mixed[0].records.len()), (2, 2));
        assert!(zones("").unwrap().is_empty());
    }

    #[test]
    fn zone_errors_name_the_line_and_the_problem() {
        assert_eq!(
            zones("a.com\na.com x MX mail").unwrap_err(),
            "Line 2: write 'ZONE NAME A IP[,IP]', 'ZONE NAME CNAME TARGET' or the zone alone."
        );
        assert!(zones("a.com x A 10.0.0").unwrap_err().starts_with("Line 1: '10.0.0' is not an IPv4 address"));
    }

    #[test]
    fn every_server_setting_reads_back_what_it_writes() {
        let d = crate::panels::properties::field_text::tests::hybrid();
        let mut server = d.sites[0].dns_servers[0].clone();
        for f in FIELDS {
            let shown = (f.get)(&server);
            let before = server.clone();
            (f.set)(&mut server, &shown).unwrap();
            assert_eq!(server, before, "{}", f.spec.key);
        }
        (FIELDS[0].set)(&mut server, "false").unwrap();
        assert!(!server.follow_cname);
    }
}
