//! Finding elements by what people type: an id or a name. Used by the CLI, the scenario runner
//! and the studio's question boxes, so all three accept the same words.

use crate::model::{Design, FlowSource};
use crate::Id;
use std::net::Ipv4Addr;

fn is(id: &Id, name: &str, key: &str) -> bool {
    id.as_str() == key || name == key
}

/// What to call an element in a sentence: its name, or its id where it has none (or is gone).
/// The kinds sentences name most are looked up first, without listing every element (intents
/// name elements on every edit of a 2,000-element design).
pub fn name(design: &Design, id: &Id) -> String {
    let quick = design
        .vms
        .iter()
        .find(|v| &v.id == id)
        .map(|v| v.name.as_str())
        .or_else(|| design.nics().find(|(_, n)| &n.id == id).map(|(_, n)| n.name.as_str()))
        .or_else(|| design.subnets.iter().find(|s| &s.id == id).map(|s| s.name.as_str()))
        .or_else(|| design.vnets.iter().find(|v| &v.id == id).map(|v| v.name.as_str()))
        .or_else(|| design.firewalls.iter().find(|f| &f.id == id).map(|f| f.name.as_str()));
    let name = match quick {
        Some(n) => n.to_string(),
        None => design.elements().into_iter().find(|e| e.id == id).map(|e| e.name.to_string()).unwrap_or_default(),
    };
    if name.is_empty() {
        id.to_string()
    } else {
        name
    }
}

/// A flow source: a VM (its first NIC), a NIC, an on-premises host, or `internet:<ip>`.
pub fn flow_source(design: &Design, key: &str) -> Option<FlowSource> {
    if let Some(ip) = key.strip_prefix("internet:") {
        return ip.parse().ok().map(|ip| FlowSource::Internet { ip });
    }
    for vm in &design.vms {
        if is(&vm.id, &vm.name, key) {
            return Some(FlowSource::Nic { id: vm.nics.first()?.id.clone() });
        }
        if let Some(n) = vm.nics.iter().find(|n| is(&n.id, &n.name, key)) {
            return Some(FlowSource::Nic { id: n.id.clone() });
        }
    }
    let host = design.sites.iter().flat_map(|s| &s.hosts).find(|h| is(&h.id, &h.name, key))?;
    Some(FlowSource::Host { id: host.id.clone() })
}

/// A destination address: an IP, or the address of a VM, private endpoint, firewall, PaaS
/// resource (its public IP), on-premises host or internal load balancer (its frontend) named by
/// id or name.
pub fn address(design: &Design, key: &str) -> Option<Ipv4Addr> {
    if let Ok(ip) = key.parse() {
        return Some(ip);
    }
    design
        .vms
        .iter()
        .find(|v| is(&v.id, &v.name, key))
        .and_then(|v| v.nics.first().map(|n| n.ip))
        .or_else(|| design.nics().find(|(_, n)| is(&n.id, &n.name, key)).map(|(_, n)| n.ip))
        .or_else(|| design.private_endpoints.iter().find(|p| is(&p.id, &p.name, key)).map(|p| p.ip))
        .or_else(|| design.firewalls.iter().find(|f| is(&f.id, &f.name, key)).map(|f| f.private_ip))
        .or_else(|| design.paas.iter().find(|p| is(&p.id, &p.name, key)).map(|p| p.public_ip))
        .or_else(|| design.sites.iter().flat_map(|s| &s.hosts).find(|h| is(&h.id, &h.name, key)).map(|h| h.ip))
        .or_else(|| design.load_balancers.iter().find(|l| is(&l.id, &l.name, key)).map(|l| l.frontend_ip))
}

/// A subnet by id or name, or the subnet of a VM's first NIC or of a NIC.
pub fn subnet(design: &Design, key: &str) -> Option<Id> {
    if let Some(s) = design.subnets.iter().find(|s| is(&s.id, &s.name, key)) {
        return Some(s.id.clone());
    }
    let vm_nic = design.vms.iter().find(|v| is(&v.id, &v.name, key)).and_then(|v| v.nics.first());
    let nic = vm_nic.or_else(|| design.nics().map(|(_, n)| n).find(|n| is(&n.id, &n.name, key)))?;
    Some(nic.subnet.clone())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gallery::seed_lab;

    #[test]
    fn finds_by_name_or_id() {
        let d = seed_lab().unwrap();
        assert!(matches!(flow_source(&d, "vm-spoke"), Some(FlowSource::Nic { .. })));
        assert_eq!(address(&d, "pe-mftesting-blob"), "10.1.1.4".parse().ok());
        assert_eq!(address(&d, "mftesting"), "198.18.0.10".parse().ok());
        let snet = subnet(&d, "vm-spoke").unwrap();
        assert_eq!(d.subnet(&snet).map(|s| s.name.as_str()), Some("snet-vm"));
        assert!(matches!(flow_source(&d, "internet:8.8.8.8"), Some(FlowSource::Internet { .. })));
        assert_eq!(flow_source(&d, "nobody"), None);
    }
}
