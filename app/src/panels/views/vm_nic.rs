//! The NIC a VM-centred view is about (Routes, Security): the selected VM's only NIC, or the one
//! chosen among several, and the picker that chooses it. Both views ask Network Watcher's
//! questions of one NIC, as `az network nic …` does.

use leptos::prelude::*;
use vnet_core::model::{Design, Nic, Vm};
use vnet_core::Id;

/// A VM and the NIC of it that a view shows.
#[derive(Clone, Debug, PartialEq)]
pub struct VmNic {
    pub nic: Id,
    /// "VM vm-spoke, NIC vm-spoke-nic (10.1.0.4, snet-vm)".
    pub label: String,
    /// The VM's NICs when it has more than one, as (id, name): the picker's options.
    pub choices: Vec<(Id, String)>,
}

/// The NIC of VM `vm` that `chosen` names, else its first; `None` for a VM without NICs.
pub fn vm_nic<'d>(d: &'d Design, vm: &'d Vm, chosen: Option<&Id>) -> Option<(VmNic, &'d Nic)> {
    let n = vm.nics.iter().find(|n| Some(&n.id) == chosen).or(vm.nics.first())?;
    let subnet = d.subnet(&n.subnet).map(|s| s.name.as_str()).unwrap_or("a missing subnet");
    let choices =
        if vm.nics.len() > 1 { vm.nics.iter().map(|n| (n.id.clone(), n.name.clone())).collect() } else { Vec::new() };
    let label = format!("VM {}, NIC {} ({}, {subnet})", vm.name, n.name, n.ip);
    Some((VmNic { nic: n.id.clone(), label, choices }, n))
}

/// "NIC [select]" for a VM with several NICs; nothing for one with a single NIC.
#[component]
pub fn NicPicker(choices: Vec<(Id, String)>, current: Id, chosen: RwSignal<Option<Id>>) -> impl IntoView {
    (!choices.is_empty()).then(|| {
        let options = choices
            .into_iter()
            .map(|(id, name)| {
                let selected = id == current;
                view! { <option value=id.to_string() selected=selected>{name}</option> }
            })
            .collect_view();
        view! {
            <label class="inline-field">
                "NIC "
                <select on:change=move |ev| chosen.set(Some(Id::new(event_target_value(&ev))))>{options}</select>
            </label>
        }
    })
}
