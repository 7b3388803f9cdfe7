//! Which NIC a Network Watcher question is about. Azure asks for a VM and, when the VM has more
//! than one NIC, for the NIC too (N-13's `targetNicResourceId`); here a NIC may be named alone,
//! and a VM only when it has exactly one NIC, so an answer is never about a NIC nobody chose.

use super::WatcherError;
use crate::network::Network;

/// The index in [`Network::nics`] of the NIC named `key` (id or name), or of the only NIC of the
/// VM named `key`.
pub fn nic(net: &Network, key: &str) -> Result<usize, WatcherError> {
    let is = |id: &crate::Id, name: &str| id.as_str() == key || name == key;
    if let Some(i) = net.nics.iter().position(|n| is(&n.nic.id, &n.nic.name)) {
        return Ok(i);
    }
    let design = net.design;
    if let Some((_, nic)) = design.nics().find(|(_, n)| is(&n.id, &n.name)) {
        return Err(WatcherError::Detached { nic: nic.name.clone() });
    }
    let vm = design.vms.iter().find(|v| is(&v.id, &v.name)).ok_or_else(|| WatcherError::UnknownTarget(key.into()))?;
    match vm.nics.as_slice() {
        [] => Err(WatcherError::NoNic { vm: vm.name.clone() }),
        [only] => net
            .nics
            .iter()
            .position(|n| n.nic.id == only.id)
            .ok_or_else(|| WatcherError::Detached { nic: only.name.clone() }),
        several => Err(WatcherError::AmbiguousVm {
            vm: vm.name.clone(),
            nics: several.iter().map(|n| n.name.clone()).collect(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gallery::seed_lab;
    use crate::model::Nic;

    #[test]
    fn a_nic_or_a_vm_with_one_nic_by_name_or_id() {
        let d = seed_lab().unwrap();
        let net = Network::new(&d);
        let by_vm = nic(&net, "vm-spoke").unwrap();
        assert_eq!(net.nics[by_vm].vm.name, "vm-spoke");
        let nic_name = net.nics[by_vm].nic.name.clone();
        let nic_id = net.nics[by_vm].nic.id.to_string();
        assert_eq!(nic(&net, &nic_name), Ok(by_vm));
        assert_eq!(nic(&net, &nic_id), Ok(by_vm));
        assert_eq!(nic(&net, "nobody"), Err(WatcherError::UnknownTarget("nobody".into())));
    }

    #[test]
    fn a_vm_with_several_nics_needs_the_nic_named() {
        let mut d = seed_lab().unwrap();
        let vm = d.vms.iter_mut().find(|v| v.name == "vm-spoke").unwrap();
        let mut second: Nic = vm.nics[0].clone();
        second.id = crate::Id::new("nic-second");
        second.name = "vm-spoke-nic2".into();
        second.ip = "10.1.0.5".parse().unwrap();
        vm.nics.push(second);
        let first = vm.nics[0].name.clone();
        let net = Network::new(&d);
        let err = nic(&net, "vm-spoke").unwrap_err();
        assert_eq!(err, WatcherError::AmbiguousVm { vm: "vm-spoke".into(), nics: vec![first, "vm-spoke-nic2".into()] });
        assert!(err.to_string().contains("has 2 NICs") && err.to_string().contains("name the NIC"), "{err}");
        assert!(nic(&net, "vm-spoke-nic2").is_ok());
    }

    #[test]
    fn a_nic_in_a_missing_subnet_is_named_as_such() {
        let mut d = seed_lab().unwrap();
        let vm = d.vms.iter_mut().find(|v| v.name == "vm-spoke").unwrap();
        vm.nics[0].subnet = crate::Id::new("gone");
        let name = vm.nics[0].name.clone();
        let net = Network::new(&d);
        assert_eq!(nic(&net, "vm-spoke"), Err(WatcherError::Detached { nic: name.clone() }));
        assert_eq!(nic(&net, &name), Err(WatcherError::Detached { nic: name }));
    }
}
