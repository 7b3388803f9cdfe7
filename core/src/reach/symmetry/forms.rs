//! Each candidate VNet's *form*: the elements it owns written out with its own ids as ordinals and
//! its own addresses as offsets into its range, so two VNets with the same form are translates of
//! each other. And every address or prefix written literally anywhere the engine reads (shared
//! elements, settings, forms): what could tell two candidates apart.

use super::elements::{Elements, Owner};
use crate::network::{HashMap, HashSet};
use ipnet::Ipv4Net;
use serde_json::Value;
use std::fmt::Write;
use std::net::Ipv4Addr;

pub(super) struct Forms {
    /// Per candidate: its form, `None` when it is named (no symmetry for it).
    pub form: Vec<Option<String>>,
    /// Every address or prefix written literally where the engine reads it, sorted.
    pub mentions: Vec<Ipv4Net>,
}

/// `ranges`: each candidate's one address range; `named`: candidates already without symmetry;
/// `vnet_space`: every VNet range of the design.
pub(super) fn forms(e: &Elements, ranges: &[Ipv4Net], named: &[bool], vnet_space: &[Ipv4Net]) -> Forms {
    let droppable = droppable_public_ips(e, vnet_space);
    let mut mentions: HashSet<Ipv4Net> = HashSet::default();
    let mut ordinal: HashMap<&str, u32> = HashMap::default();
    let mut next = vec![0u32; ranges.len()];
    let mut form: Vec<Option<String>> = named.iter().map(|&n| (!n).then(String::new)).collect();
    for (i, item) in e.items.iter().enumerate() {
        let own = match e.owner[i] {
            Owner::Candidate(c) if !named[c as usize] => Some(c),
            _ => None,
        };
        let Some(c) = own else {
            scan(item.value, &mut mentions);
            continue;
        };
        for id in &item.ids {
            ordinal.insert(id, next[c as usize]);
            next[c as usize] += 1;
        }
    }
    for v in &e.loose {
        scan(v, &mut mentions);
    }
    for (i, item) in e.items.iter().enumerate() {
        let Owner::Candidate(c) = e.owner[i] else { continue };
        let Some(out) = form.get_mut(c as usize).and_then(Option::as_mut) else { continue };
        let w = Writer { e, c, range: ranges[c as usize], ordinal: &ordinal };
        out.push_str(item.list);
        out.push('=');
        let drop_public_ip = item.list == "paas" && droppable.contains(&i);
        w.write(item.value, Root::Yes { list: item.list, drop_public_ip }, out, &mut mentions);
        out.push(';');
    }
    let mut mentions: Vec<Ipv4Net> = mentions.into_iter().collect();
    mentions.sort_unstable();
    Forms { form, mentions }
}

#[derive(Clone, Copy)]
enum Root<'a> {
    Yes { list: &'a str, drop_public_ip: bool },
    No,
}

struct Writer<'a, 'v> {
    e: &'a Elements<'v>,
    c: u32,
    range: Ipv4Net,
    ordinal: &'a HashMap<&'v str, u32>,
}

impl Writer<'_, '_> {
    fn write(&self, v: &Value, root: Root, out: &mut String, mentions: &mut HashSet<Ipv4Net>) {
        match v {
            Value::Null => out.push('~'),
            Value::Bool(b) => out.push(if *b { 'T' } else { 'F' }),
            Value::Number(n) => {
                let _ = write!(out, "{n}");
            }
            Value::String(s) => self.word(s, out, mentions),
            Value::Array(list) => {
                out.push('[');
                for v in list {
                    self.write(v, Root::No, out, mentions);
                    out.push(',');
                }
                out.push(']');
            }
            Value::Object(map) => {
                out.push('{');
                for (k, v) in map {
                    // The engine reads no metadata, and names only for text (a subnet's name
                    // gives its role, so it stays). An irrelevant public IP: see below. (Names
                    // still count as references and mentions: `elements.rs` reads them.)
                    let skip = match root {
                        Root::Yes { list, drop_public_ip } => {
                            (k == "name" && list != "subnets") || (k == "publicIp" && drop_public_ip)
                        }
                        Root::No => k == "name",
                    };
                    if skip || k == "meta" {
                        continue;
                    }
                    out.push_str(k);
                    out.push(':');
                    self.write(v, Root::No, out, mentions);
                    out.push(',');
                }
                out.push('}');
            }
        }
    }

    /// A string: one of the candidate's own ids as its ordinal, one of its own addresses or
    /// prefixes as an offset into its range; anything else as written (and, when it holds
    /// addresses, remembered as a mention).
    fn word(&self, s: &str, out: &mut String, mentions: &mut HashSet<Ipv4Net>) {
        if let Some(&i) = self.e.by_id.get(s) {
            if self.e.owner[i] == Owner::Candidate(self.c) {
                let _ = write!(out, "#{}", self.ordinal.get(s).copied().unwrap_or(u32::MAX));
                return;
            }
        }
        if let Some(net) = exact_net(s) {
            if self.range.contains(&net) {
                let offset = u32::from(net.addr()).wrapping_sub(u32::from(self.range.network()));
                let _ = write!(out, "@{offset}/{}", net.prefix_len());
                return;
            }
        }
        addresses_in(s, mentions);
        out.push('"');
        out.push_str(s);
        out.push('"');
    }
}

/// `s` as an address (a /32) or a prefix, when that is all it is.
fn exact_net(s: &str) -> Option<Ipv4Net> {
    if !s.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    s.parse::<Ipv4Net>().ok().or_else(|| s.parse::<Ipv4Addr>().ok().map(Ipv4Net::from))
}

/// Every address and prefix in a value, as mentions.
fn scan(v: &Value, mentions: &mut HashSet<Ipv4Net>) {
    match v {
        Value::String(s) => addresses_in(s, mentions),
        Value::Array(list) => list.iter().for_each(|v| scan(v, mentions)),
        Value::Object(map) => map.values().for_each(|v| scan(v, mentions)),
        _ => {}
    }
}

/// The addresses and prefixes in a string: the whole string when it is one, else every run of
/// digits and dots that reads as an address (a range `a-b`, an address in prose), as a /32.
fn addresses_in(s: &str, mentions: &mut HashSet<Ipv4Net>) {
    if let Some(net) = exact_net(s) {
        mentions.insert(net.trunc());
        return;
    }
    for run in s.split(|c: char| !(c.is_ascii_digit() || c == '.')) {
        if let Ok(ip) = run.parse::<Ipv4Addr>() {
            mentions.insert(Ipv4Net::from(ip));
        }
    }
}

/// PaaS public IPs the matrix can leave out of a form: written once in the whole design (no SNAT
/// address, rule or other element names it) and outside every VNet range. The engine compares a
/// PaaS public IP only for equality with a packet's destination; a subnet-to-subnet flow's
/// packets are addressed to VNet addresses and the design's own literal addresses (NIC, SNAT,
/// appliance and gateway addresses), so such an address never decides a cell.
fn droppable_public_ips(e: &Elements, vnet_space: &[Ipv4Net]) -> HashSet<usize> {
    let mut counts: HashMap<&str, usize> = HashMap::default();
    for item in e.items.iter().filter(|i| i.list == "paas") {
        if let Some(ip) = item.value.get("publicIp").and_then(Value::as_str) {
            counts.insert(ip, 0);
        }
    }
    fn count<'v>(v: &'v Value, counts: &mut HashMap<&'v str, usize>) {
        match v {
            Value::String(s) => {
                // Every run of digits and dots: the address alone, in a prefix, in a range.
                for run in s.split(|c: char| !(c.is_ascii_digit() || c == '.')) {
                    if let Some(n) = counts.get_mut(run) {
                        *n += 1;
                    }
                }
            }
            Value::Array(list) => list.iter().for_each(|v| count(v, counts)),
            Value::Object(map) => map.values().for_each(|v| count(v, counts)),
            _ => {}
        }
    }
    for item in &e.items {
        count(item.value, &mut counts);
    }
    for v in &e.loose {
        count(v, &mut counts);
    }
    e.items
        .iter()
        .enumerate()
        .filter(|(_, item)| item.list == "paas")
        .filter(|(_, item)| {
            let ip = item.value.get("publicIp").and_then(Value::as_str);
            let once = ip.is_some_and(|ip| counts.get(ip) == Some(&1));
            let outside = ip
                .and_then(|ip| ip.parse::<Ipv4Addr>().ok())
                .is_some_and(|ip| !vnet_space.iter().any(|r| r.contains(&ip)));
            once && outside
        })
        .map(|(i, _)| i)
        .collect()
}
