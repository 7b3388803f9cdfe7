//! Inside one VNet: subnets stacked, the resources of each subnet as tiles, the VNet's NAT
//! gateways in a row under its subnets. Where the VNet itself goes is `place`'s job.

use super::{count, metrics, step, Layout, Rect};
use crate::id::Id;
use crate::model::{Design, NatGateway, Vnet};
use std::collections::BTreeMap;

/// The VNet a NAT gateway is drawn in: that of the first subnet it serves (F-23: it serves one).
pub(super) fn vnet_of_nat<'a>(design: &'a Design, nat: &NatGateway) -> Option<&'a crate::id::Id> {
    nat.subnets.first().and_then(|s| design.subnet(s)).map(|s| &s.vnet)
}

/// The NAT gateways drawn in `vnet`, in design order.
pub fn nat_gateways_of<'a>(design: &'a Design, vnet: &'a crate::id::Id) -> impl Iterator<Item = &'a NatGateway> + 'a {
    design.nat_gateways.iter().filter(move |n| vnet_of_nat(design, n) == Some(vnet))
}

/// Lays out one VNet's subnets and tiles at (x, y); returns the VNet's computed rect.
pub(super) fn layout_vnet(
    design: &Design,
    vnet: &Vnet,
    tiles: &BTreeMap<&Id, Vec<&Id>>,
    stored: &Layout,
    x: i32,
    y: i32,
    out: &mut Layout,
) -> Rect {
    use metrics::*;
    let origin = stored.get(&vnet.id).map(|r| (r.x, r.y)).unwrap_or((x, y));
    let mut sy = origin.1.saturating_add(HEADER);
    let mut width = SUBNET_W + 2 * PAD;
    for subnet in design.subnets_of(&vnet.id) {
        let items = tiles.get(&subnet.id).map(Vec::as_slice).unwrap_or(&[]);
        let rows = count(items.len()).saturating_add(TILES_PER_ROW - 1) / TILES_PER_ROW;
        let h = step(SUBNET_HEADER, rows, TILE_H + TILE_GAP).saturating_add(if rows > 0 { PAD / 2 } else { 0 });
        let computed = Rect::new(origin.0.saturating_add(PAD), sy, SUBNET_W, h.max(SUBNET_HEADER + 8));
        let rect = stored.get(&subnet.id).unwrap_or(computed);
        for (i, id) in items.iter().enumerate() {
            let (col, row) = (count(i) % TILES_PER_ROW, count(i) / TILES_PER_ROW);
            let t = Rect::new(
                step(rect.x.saturating_add(PAD / 2), col, TILE_W + TILE_GAP),
                step(rect.y.saturating_add(SUBNET_HEADER), row, TILE_H + TILE_GAP),
                TILE_W,
                TILE_H,
            );
            out.rects.insert((*id).clone(), stored.get(id).unwrap_or(t));
        }
        out.rects.insert(subnet.id.clone(), rect);
        width = width.max(rect.right().saturating_sub(origin.0).saturating_add(PAD));
        sy = rect.bottom().saturating_add(PAD / 2);
    }
    // NAT gateways under the subnets, in a row of tiles: they belong to the VNet, not one subnet.
    let mut bottom = sy;
    for (i, nat) in nat_gateways_of(design, &vnet.id).enumerate() {
        let (col, row) = (count(i) % TILES_PER_ROW, count(i) / TILES_PER_ROW);
        let t = Rect::new(
            step(origin.0.saturating_add(PAD), col, TILE_W + TILE_GAP),
            step(sy, row, TILE_H + TILE_GAP),
            TILE_W,
            TILE_H,
        );
        let rect = stored.get(&nat.id).unwrap_or(t);
        out.rects.insert(nat.id.clone(), rect);
        bottom = bottom.max(t.bottom().saturating_add(PAD / 2));
    }
    sy = bottom;
    let height = sy.saturating_sub(origin.1).saturating_add(PAD / 2).max(HEADER + 40);
    Rect::new(origin.0, origin.1, width, height)
}

/// Which resources sit in which subnet, as drawn tiles: VMs (by their first NIC), firewalls,
/// gateways, private endpoints, resolver endpoints and load balancers (by their frontend).
pub(super) fn tiles_by_subnet(design: &Design) -> BTreeMap<&Id, Vec<&Id>> {
    let mut map: BTreeMap<&Id, Vec<&Id>> = BTreeMap::new();
    for vm in &design.vms {
        if let Some(nic) = vm.nics.first() {
            map.entry(&nic.subnet).or_default().push(&vm.id);
        }
    }
    for fw in &design.firewalls {
        map.entry(&fw.subnet).or_default().push(&fw.id);
    }
    for gw in &design.gateways {
        map.entry(&gw.subnet).or_default().push(&gw.id);
    }
    for pe in &design.private_endpoints {
        map.entry(&pe.subnet).or_default().push(&pe.id);
    }
    for res in &design.resolvers {
        for ep in &res.inbound_endpoints {
            map.entry(&ep.subnet).or_default().push(&ep.id);
        }
        for ep in &res.outbound_endpoints {
            map.entry(&ep.subnet).or_default().push(&ep.id);
        }
    }
    for lb in &design.load_balancers {
        map.entry(&lb.subnet).or_default().push(&lb.id);
    }
    map
}
