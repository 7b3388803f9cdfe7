//! A VM's NICs beyond what the first NIC's own fields show: Azure tags of the first NIC (E-12's
//! `disableSnatOnPL`), and the further NICs of a multi-homed VM (an NVA with an inside and an
//! outside leg), one per line. A further NIC's subnet is named within the VNet of the first NIC:
//! Azure puts every NIC of a VM in one VNet, and subnet names repeat across VNets. A line renamed
//! in place keeps its NIC's id, so references to it (effective routes, traces) follow.

use super::fields::{each_line, first_words, id_of, ip, joined, kept, line_error, list, name_of, no_choices};
use super::fields::{FieldSpec, Input, OTHER_KIND};
use std::collections::BTreeMap;
use vnet_core::edit::Element;
use vnet_core::id::IdKind;
use vnet_core::model::*;
use vnet_core::Id;

pub const TAGS: FieldSpec = FieldSpec {
    label: "NIC tags (KEY=VALUE, e.g. disableSnatOnPL=true)",
    key: "nics[0].tags",
    input: Input::Text,
    help: "",
    choices: no_choices,
    get: |_, e| match e {
        Element::Vm(vm) => vm.nics.first().map(|n| show_tags(&n.tags)),
        _ => None,
    },
    set: |_, e, text| match e {
        Element::Vm(vm) => match vm.nics.first_mut() {
            Some(n) => {
                n.tags = tags(text)?;
                Ok(())
            }
            None => Err("this VM has no network interface".into()),
        },
        _ => Err(OTHER_KIND.into()),
    },
};

pub const FURTHER: FieldSpec = FieldSpec {
    label: "Further NICs",
    key: "nics",
    input: Input::Lines,
    help: "NAME SUBNET IP [secondary IP,IP] [forwarding] [nsg NSG] [public IP] [dns IP,IP] [tags K=V,K=V]\n\
           e.g. nva-outside snet-outside 10.0.3.4 secondary 10.0.3.5 forwarding",
    choices: no_choices,
    get: |d, e| match e {
        // Shown for a VM with a first NIC: the further ones are in its VNet.
        Element::Vm(vm) => vm.nics.first().map(|_| show_further(d, &vm.nics[1..])),
        _ => None,
    },
    set: |d, e, text| match e {
        Element::Vm(vm) => {
            let further = further(d, vm, text)?;
            vm.nics.truncate(1);
            vm.nics.extend(further);
            Ok(())
        }
        _ => Err(OTHER_KIND.into()),
    },
};

pub(super) fn show_tags(tags: &BTreeMap<String, String>) -> String {
    joined_tags(tags, ", ")
}

/// `KEY=VALUE` pairs joined by `sep` (", " in the tags field, "," as one word of a NIC line).
fn joined_tags(tags: &BTreeMap<String, String>, sep: &str) -> String {
    tags.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join(sep)
}

/// Comma-separated `KEY=VALUE` pairs (a value may hold spaces); keys are case-sensitive, as in
/// Azure (E-12).
pub(super) fn tags(text: &str) -> Result<BTreeMap<String, String>, String> {
    text.split(',').map(str::trim).filter(|t| !t.is_empty()).map(tag).collect()
}

fn tag(item: &str) -> Result<(String, String), String> {
    match item.split_once('=') {
        Some((k, v)) if !k.trim().is_empty() => Ok((k.trim().to_string(), v.trim().to_string())),
        _ => Err(format!("'{item}' is not a tag: write KEY=VALUE.")),
    }
}

/// The subnets of the VNet that holds the VM's first NIC, as (id, name).
fn own_subnets<'a>(d: &'a Design, vm: &Vm) -> impl Iterator<Item = (&'a Id, &'a str)> {
    let vnet = vm.nics.first().and_then(|n| d.subnet(&n.subnet)).map(|s| s.vnet.clone());
    d.subnets.iter().filter(move |s| Some(&s.vnet) == vnet.as_ref()).map(|s| (&s.id, s.name.as_str()))
}

fn nsgs(d: &Design) -> impl Iterator<Item = (&Id, &str)> {
    d.nsgs.iter().map(|n| (&n.id, n.name.as_str()))
}

fn show_further(d: &Design, nics: &[Nic]) -> String {
    let line = |n: &Nic| {
        let subnet = d.subnet(&n.subnet).map_or(n.subnet.as_str(), |s| s.name.as_str());
        let mut out = format!("{} {subnet} {}", n.name, n.ip);
        if !n.secondary_ips.is_empty() {
            out.push_str(&format!(" secondary {}", joined(&n.secondary_ips)));
        }
        if n.ip_forwarding {
            out.push_str(" forwarding");
        }
        if let Some(nsg) = &n.nsg {
            out.push_str(&format!(" nsg {}", name_of(nsgs(d), nsg)));
        }
        if let Some(public) = n.public_ip {
            out.push_str(&format!(" public {public}"));
        }
        if !n.dns_servers.is_empty() {
            out.push_str(&format!(" dns {}", joined(&n.dns_servers)));
        }
        if !n.tags.is_empty() {
            out.push_str(&format!(" tags {}", joined_tags(&n.tags, ",")));
        }
        out
    };
    nics.iter().map(line).collect::<Vec<_>>().join("\n")
}

/// One NIC per line, after the first: `NAME SUBNET IP` and any of the options, in any order.
fn further(d: &Design, vm: &Vm, text: &str) -> Result<Vec<Nic>, String> {
    let old = vm.nics.get(1..).unwrap_or(&[]);
    let (mut ids, names) = (d.id_allocator(), first_words(text));
    let mut out: Vec<Nic> = Vec::new();
    for (n, words) in each_line(text) {
        let at = |e| line_error(n, e);
        let [name, subnet, addr, options @ ..] = words.as_slice() else {
            return Err(at("write 'NAME SUBNET IP' and any options.".into()));
        };
        let subnet = id_of(own_subnets(d, vm), subnet, "subnet in this VM's VNet").map_err(at)?;
        let id =
            kept(old, &out, |x| &x.id, |x| &x.name == name, |x| !names.contains(&x.name), || ids.next(IdKind::Nic));
        let old_nic = old.iter().find(|x| x.id == id);
        let mut nic = Nic {
            id,
            name: name.clone(),
            subnet,
            ip: ip(addr).map_err(at)?,
            secondary_ips: Vec::new(),
            ip_forwarding: false,
            dns_servers: Vec::new(),
            nsg: None,
            public_ip: None,
            tags: BTreeMap::new(),
            meta: old_nic.map(|x| x.meta.clone()).unwrap_or_default(),
        };
        options_into(d, &mut nic, options).map_err(at)?;
        out.push(nic);
    }
    Ok(out)
}

fn options_into(d: &Design, nic: &mut Nic, mut words: &[String]) -> Result<(), String> {
    while let Some((word, rest)) = words.split_first() {
        let value = || rest.first().ok_or_else(|| format!("'{word}' needs a value after it."));
        words = match word.to_ascii_lowercase().as_str() {
            "forwarding" => {
                nic.ip_forwarding = true;
                rest
            }
            "secondary" => {
                nic.secondary_ips = list(value()?, "secondary IP", ip)?;
                &rest[1..]
            }
            "nsg" => {
                nic.nsg = Some(id_of(nsgs(d), value()?, "NSG")?);
                &rest[1..]
            }
            "public" => {
                nic.public_ip = Some(ip(value()?)?);
                &rest[1..]
            }
            "dns" => {
                nic.dns_servers = list(value()?, "DNS server", ip)?;
                &rest[1..]
            }
            "tags" => {
                nic.tags = tags(value()?)?;
                &rest[1..]
            }
            _ => {
                return Err(format!(
                    "'{word}' is not a NIC option: use secondary, forwarding, nsg, public, dns or tags."
                ))
            }
        };
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lab() -> Design {
        let json = include_str!("../../../../public/gallery/seed-lab.json");
        vnet_core::codec::json::from_json(json).expect("the gallery design decodes").design
    }

    #[test]
    fn tags_print_what_they_parse() {
        let parsed = tags("disableSnatOnPL=true, env = lab").unwrap();
        assert_eq!(parsed.get("disableSnatOnPL").map(String::as_str), Some("true"));
        assert_eq!(tags(&show_tags(&parsed)).unwrap(), parsed);
        assert_eq!(tags("oops").unwrap_err(), "'oops' is not a tag: write KEY=VALUE.");
        assert!(tags("").unwrap().is_empty());
    }

    #[test]
    fn further_nics_print_what_they_parse_and_keep_their_ids() {
        let d = lab();
        let vm = d.vms.iter().find(|v| !v.nics.is_empty()).expect("the lab has a VM with a NIC");
        let subnet = d.subnet(&vm.nics[0].subnet).unwrap().name.clone();
        let nsg = d.nsgs.first().map(|n| n.name.clone());
        let options = nsg.map(|n| format!(" nsg {n}")).unwrap_or_default();
        let text = format!(
            "leg2 {subnet} 10.9.9.9 secondary 10.9.9.10,10.9.9.11 forwarding{options} public 20.1.1.1 dns 10.0.2.4,10.0.2.5 tags a=1,b=2"
        );
        let nics = further(&d, vm, &text).unwrap();
        assert_eq!(nics.len(), 1);
        assert!(nics[0].ip_forwarding);
        assert_eq!(nics[0].secondary_ips.len(), 2);
        assert_eq!(nics[0].dns_servers.len(), 2);
        assert_eq!(show_further(&d, &nics), text);
        // Renamed in place, the NIC keeps its id.
        let mut with = vm.clone();
        with.nics.extend(nics.clone());
        let renamed = further(&d, &with, &format!("leg3 {subnet} 10.9.9.9")).unwrap();
        assert_eq!(renamed[0].id, nics[0].id);
        assert_eq!(
            further(&d, vm, "leg2 nowhere 10.9.9.9").unwrap_err(),
            "Line 1: there is no subnet in this VM's VNet named 'nowhere'."
        );
        assert!(further(&d, vm, &format!("leg2 {subnet} 10.9.9.9 wings")).unwrap_err().contains("not a NIC option"));
        assert!(further(&d, vm, &format!("leg2 {subnet} 10.9.9.9 nsg")).unwrap_err().contains("needs a value"));
        assert!(further(&d, vm, &format!("leg2 {subnet} 10.9.9.9 secondary 10.9.9"))
            .unwrap_err()
            .starts_with("Line 1: '10.9.9' is not an IPv4 address"));
    }
}
