//! Gallery 7: non-transitive peering (AZURE.md P-1, R-7).

use super::common::Built;
use crate::build::DesignBuilder;
use crate::id::Id;
use crate::model::*;

/// VNet01–VNet02–VNet03 in a chain: 01 and 03 are each peered with 02 only (both links, Azure's
/// default flags), with a VM in each. VNet01 gets peering routes for VNet02's range but none for
/// VNet03's, so 01 → 03 matches nothing better than the reserved `10.0.0.0/8 → None` route
/// until 01 and 03 are peered both ways, or an NVA in 02 forwards with UDRs in 01 and 03.
pub fn non_transitive() -> Built {
    let mut b = DesignBuilder::new("Non-transitive peering");
    let (vnet01, vm01) = vnet_with_vm(&mut b, 1);
    let (vnet02, _) = vnet_with_vm(&mut b, 2);
    let (vnet03, vm03) = vnet_with_vm(&mut b, 3);
    b.peer(&vnet01, &vnet02);
    b.peer(&vnet03, &vnet02);
    b.ask_trace("vm-01 → vm-02: ping (peered)", &vm01, "10.2.1.4", Protocol::Icmp, 0);
    b.ask_trace("vm-01 → vm-03: ping (not peered)", &vm01, "10.3.1.4", Protocol::Icmp, 0);
    b.ask_trace("vm-03 → vm-01: SSH (not peered)", &vm03, "10.1.1.4", Protocol::Tcp, 22);
    b.build()
}

/// `VNet0<n>` (`10.<n>.0.0/16`) with `snet-workload` and `vm-0<n>` at `10.<n>.1.4`; returns
/// (VNet, NIC).
fn vnet_with_vm(b: &mut DesignBuilder, n: u8) -> (Id, Id) {
    let vnet = b.vnet(&format!("VNet0{n}"), "eastus", &[&format!("10.{n}.0.0/16")]);
    let subnet = b.subnet(&vnet, "snet-workload", &format!("10.{n}.1.0/24"));
    let (_, nic) = b.vm(&format!("vm-0{n}"), &subnet, &format!("10.{n}.1.4"));
    (vnet, nic)
}
