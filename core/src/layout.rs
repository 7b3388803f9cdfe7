//! Where elements are drawn: kept apart from the network semantics (DECISIONS 11, 17), so moving a
//! box never changes what the engine computes. Elements without a stored position get one from
//! [`auto_layout`], a pure function of the design.
//!
//! Architecture invariant: nothing in the engine reads a [`Layout`].

use crate::id::Id;
use crate::model::{Design, Vnet};
use serde::Serialize;
use std::collections::BTreeMap;

/// A rectangle in canvas units (1 unit = 1 CSS pixel at zoom 1).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default, Serialize)]
pub struct Rect {
    pub x: i32,
    pub y: i32,
    pub w: i32,
    pub h: i32,
}

impl Rect {
    pub const fn new(x: i32, y: i32, w: i32, h: i32) -> Self {
        Rect { x, y, w, h }
    }

    pub fn right(&self) -> i32 {
        self.x.saturating_add(self.w)
    }

    pub fn bottom(&self) -> i32 {
        self.y.saturating_add(self.h)
    }

    pub fn center(&self) -> (i32, i32) {
        (self.x.saturating_add(self.w / 2), self.y.saturating_add(self.h / 2))
    }
}

/// Positions by element id. Ordered, so exported files are stable.
#[derive(Clone, Debug, PartialEq, Eq, Default, Serialize)]
#[serde(transparent)]
pub struct Layout {
    pub rects: BTreeMap<Id, Rect>,
}

impl Layout {
    pub fn is_empty(&self) -> bool {
        self.rects.is_empty()
    }

    pub fn get(&self, id: &Id) -> Option<Rect> {
        self.rects.get(id).copied()
    }
}

/// Sizes of the automatic layout, in canvas units.
pub mod metrics {
    pub const GAP: i32 = 40;
    pub const PAD: i32 = 16;
    pub const HEADER: i32 = 52;
    pub const SUBNET_W: i32 = 340;
    pub const SUBNET_HEADER: i32 = 52;
    pub const TILE_W: i32 = 152;
    pub const TILE_H: i32 = 56;
    pub const TILE_GAP: i32 = 10;
    pub const TILES_PER_ROW: i32 = 2;
    pub const SIDE_W: i32 = 300;
    pub const SIDE_H: i32 = 72;
    /// VNets per row before wrapping, so a 100-spoke design stays roughly square.
    pub const VNETS_PER_ROW: usize = 6;
}

/// A complete layout: stored rects where present, computed ones for everything else.
///
/// VNets are placed in rows (the VNet with the most peerings, the hub, first), subnets stacked
/// inside their VNet, resources as tiles inside their subnet; on-premises sites to the left,
/// PaaS resources and DNS zones in a column to the right, route tables and NSGs under it. Stored
/// rects win; computed containers grow to fit their content.
pub fn auto_layout(design: &Design, stored: &Layout) -> Layout {
    use metrics::*;
    let mut out = Layout::default();
    let tiles = tiles_by_subnet(design);

    let side_x = 0;
    let mut side_y = 0;
    for site in &design.sites {
        let rect =
            stored.get(&site.id).unwrap_or(Rect::new(side_x, side_y, SIDE_W, SIDE_H + 28 * site.hosts.len() as i32));
        side_y = rect.bottom() + GAP;
        out.rects.insert(site.id.clone(), rect);
        for (i, host) in site.hosts.iter().enumerate() {
            let r = Rect::new(rect.x + PAD, rect.y + SIDE_H - 8 + 28 * i as i32, rect.w - 2 * PAD, 24);
            out.rects.insert(host.id.clone(), stored.get(&host.id).unwrap_or(r));
        }
    }
    let vnet_x0 = if design.sites.is_empty() { 0 } else { SIDE_W + 2 * GAP };

    let mut row_y = 0;
    let mut row_h = 0;
    let mut x = vnet_x0;
    let mut max_right = vnet_x0;
    for (i, vnet) in ordered_vnets(design).into_iter().enumerate() {
        if i > 0 && i % VNETS_PER_ROW == 0 {
            row_y += row_h + GAP;
            row_h = 0;
            x = vnet_x0;
        }
        let computed = layout_vnet(design, vnet, &tiles, stored, x, row_y, &mut out);
        let rect = stored.get(&vnet.id).unwrap_or(computed);
        out.rects.insert(vnet.id.clone(), rect);
        x = rect.right() + GAP;
        row_h = row_h.max(rect.h);
        max_right = max_right.max(rect.right());
    }

    let col_x = max_right + 2 * GAP;
    let mut col_y = 0;
    let side_items = design
        .paas
        .iter()
        .map(|p| &p.id)
        .chain(design.dns_zones.iter().map(|z| &z.id))
        .chain(design.rulesets.iter().map(|r| &r.id));
    for id in side_items {
        let rect = stored.get(id).unwrap_or(Rect::new(col_x, col_y, SIDE_W, SIDE_H));
        col_y = rect.bottom() + GAP / 2;
        out.rects.insert(id.clone(), rect);
    }
    // Route tables and NSGs as small tiles, two a row, under the column: drawn so that a handle
    // can be dragged from them onto subnets (association); many of them stay compact.
    let shared = design.route_tables.iter().map(|r| &r.id).chain(design.nsgs.iter().map(|n| &n.id));
    let half = (SIDE_W - TILE_GAP) / 2;
    for (i, id) in shared.enumerate() {
        let (col, row) = (i as i32 % 2, i as i32 / 2);
        let r = Rect::new(col_x + col * (half + TILE_GAP), col_y + row * (TILE_H + TILE_GAP), half, TILE_H);
        out.rects.insert(id.clone(), stored.get(id).unwrap_or(r));
    }
    out
}

/// The hub (most peering links) first, then the rest in design order.
fn ordered_vnets(design: &Design) -> Vec<&Vnet> {
    let degree = |v: &Vnet| design.peerings.iter().filter(|p| p.vnet == v.id).count();
    let mut vnets: Vec<&Vnet> = design.vnets.iter().collect();
    if let Some((hub, _)) = vnets.iter().enumerate().max_by_key(|(i, v)| (degree(v), usize::MAX - i)) {
        let hub = vnets.remove(hub);
        vnets.insert(0, hub);
    }
    vnets
}

/// Lays out one VNet's subnets and tiles at (x, y); returns the VNet's computed rect.
fn layout_vnet(
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
    let mut sy = origin.1 + HEADER;
    let mut width = SUBNET_W + 2 * PAD;
    for subnet in design.subnets_of(&vnet.id) {
        let items = tiles.get(&subnet.id).map(Vec::as_slice).unwrap_or(&[]);
        let rows = (items.len() as i32 + TILES_PER_ROW - 1) / TILES_PER_ROW;
        let h = SUBNET_HEADER + rows * (TILE_H + TILE_GAP) + if rows > 0 { PAD / 2 } else { 0 };
        let rect = stored.get(&subnet.id).unwrap_or(Rect::new(origin.0 + PAD, sy, SUBNET_W, h.max(SUBNET_HEADER + 8)));
        for (i, id) in items.iter().enumerate() {
            let (col, row) = (i as i32 % TILES_PER_ROW, i as i32 / TILES_PER_ROW);
            let t = Rect::new(
                rect.x + PAD / 2 + col * (TILE_W + TILE_GAP),
                rect.y + SUBNET_HEADER + row * (TILE_H + TILE_GAP),
                TILE_W,
                TILE_H,
            );
            out.rects.insert((*id).clone(), stored.get(id).unwrap_or(t));
        }
        out.rects.insert(subnet.id.clone(), rect);
        width = width.max(rect.right() - origin.0 + PAD);
        sy = rect.bottom() + PAD / 2;
    }
    let height = (sy - origin.1 + PAD / 2).max(HEADER + 40);
    Rect::new(origin.0, origin.1, width, height)
}

/// Which resources sit in which subnet, as drawn tiles: VMs (by their first NIC), firewalls,
/// gateways, private endpoints and resolver endpoints.
fn tiles_by_subnet(design: &Design) -> BTreeMap<&Id, Vec<&Id>> {
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
    map
}
