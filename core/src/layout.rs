//! Where elements are drawn: kept apart from the network semantics (DECISIONS 11, 17), so moving a
//! box never changes what the engine computes. Elements without a stored position get one from
//! [`auto_layout`], a pure function of the design.
//!
//! Architecture invariant: nothing in the engine reads a [`Layout`].

use crate::id::Id;
use crate::model::{Design, NatGateway, Vnet};
use serde::Serialize;
use std::collections::BTreeMap;

/// How far from the origin a stored rect may lie, on either axis: x and y are clamped into
/// `-MAX_COORD..=MAX_COORD` on read and by `Edit::SetRect`. A million canvas units is over 500
/// screen widths, far beyond any real design (the 1,000-spoke landing zone's automatic layout stays
/// within 200,000), and keeps every sum the layout makes far from `i32`'s limits, so a
/// hand-edited `x: 2147483647` is brought back near the canvas instead of overflowing.
pub const MAX_COORD: i32 = 1_000_000;

/// The smallest stored width or height: a box is never empty or inside out.
pub const MIN_SIZE: i32 = 1;

/// The largest stored width or height, for the same reasons as [`MAX_COORD`].
pub const MAX_SIZE: i32 = 1_000_000;

/// A rectangle in canvas units (1 unit = 1 CSS pixel at zoom 1). Stored rects are kept within
/// [`MAX_COORD`] and [`MIN_SIZE`]`..=`[`MAX_SIZE`] ([`Rect::clamped`]); computed ones may lie a
/// little past them (content placed inside a box at the edge). Arithmetic on rects saturates, so
/// no rect overflows, whatever its values.
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

    /// The rect brought into the stored range: coordinates within [`MAX_COORD`], sizes within
    /// [`MIN_SIZE`]`..=`[`MAX_SIZE`] (a negative or zero size becomes [`MIN_SIZE`]).
    pub fn clamped(self) -> Rect {
        Rect {
            x: self.x.clamp(-MAX_COORD, MAX_COORD),
            y: self.y.clamp(-MAX_COORD, MAX_COORD),
            w: self.w.clamp(MIN_SIZE, MAX_SIZE),
            h: self.h.clamp(MIN_SIZE, MAX_SIZE),
        }
    }

    /// [`Rect::clamped`] from values of any `i64` (as a file may hold them).
    pub fn clamped_from(x: i64, y: i64, w: i64, h: i64) -> Rect {
        let fit = |v: i64| i32::try_from(v.clamp(i64::from(i32::MIN), i64::from(i32::MAX))).unwrap_or_default();
        Rect::new(fit(x), fit(y), fit(w), fit(h)).clamped()
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

/// A count as a layout number: lists longer than `i32::MAX` saturate (they cannot be read anyway).
fn count(n: usize) -> i32 {
    i32::try_from(n).unwrap_or(i32::MAX)
}

/// `a + b * c`, saturating: the step of a row or column of boxes.
fn step(a: i32, b: i32, c: i32) -> i32 {
    a.saturating_add(b.saturating_mul(c))
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
/// inside their VNet, resources as tiles inside their subnet, a VNet's NAT gateways as tiles under
/// its subnets; on-premises sites to the left, PaaS resources and DNS zones in a column to the
/// right, route tables, NSGs, application security groups and unattached NAT gateways under it.
/// Stored rects win; computed containers grow to fit their content.
pub fn auto_layout(design: &Design, stored: &Layout) -> Layout {
    use metrics::*;
    let mut out = Layout::default();
    let tiles = tiles_by_subnet(design);

    let side_x = 0;
    let mut side_y = 0;
    for site in &design.sites {
        let computed = Rect::new(side_x, side_y, SIDE_W, step(SIDE_H, 28, count(site.hosts.len())));
        let rect = stored.get(&site.id).unwrap_or(computed);
        side_y = rect.bottom().saturating_add(GAP);
        out.rects.insert(site.id.clone(), rect);
        for (i, host) in site.hosts.iter().enumerate() {
            let y = step(rect.y.saturating_add(SIDE_H - 8), 28, count(i));
            let r = Rect::new(rect.x.saturating_add(PAD), y, rect.w.saturating_sub(2 * PAD), 24);
            out.rects.insert(host.id.clone(), stored.get(&host.id).unwrap_or(r));
        }
    }
    let vnet_x0 = if design.sites.is_empty() { 0 } else { SIDE_W + 2 * GAP };

    let mut row_y: i32 = 0;
    let mut row_h = 0;
    let mut x = vnet_x0;
    let mut max_right = vnet_x0;
    for (i, vnet) in ordered_vnets(design).into_iter().enumerate() {
        if i > 0 && i % VNETS_PER_ROW == 0 {
            row_y = row_y.saturating_add(row_h).saturating_add(GAP);
            row_h = 0;
            x = vnet_x0;
        }
        let computed = layout_vnet(design, vnet, &tiles, stored, x, row_y, &mut out);
        let rect = stored.get(&vnet.id).unwrap_or(computed);
        out.rects.insert(vnet.id.clone(), rect);
        x = rect.right().saturating_add(GAP);
        row_h = row_h.max(rect.h);
        max_right = max_right.max(rect.right());
    }

    let col_x = max_right.saturating_add(2 * GAP);
    let mut col_y = 0;
    let side_items = design
        .paas
        .iter()
        .map(|p| &p.id)
        .chain(design.dns_zones.iter().map(|z| &z.id))
        .chain(design.rulesets.iter().map(|r| &r.id));
    for id in side_items {
        let rect = stored.get(id).unwrap_or(Rect::new(col_x, col_y, SIDE_W, SIDE_H));
        col_y = rect.bottom().saturating_add(GAP / 2);
        out.rects.insert(id.clone(), rect);
    }
    // Route tables and NSGs as small tiles, two a row, under the column: drawn so that a handle
    // can be dragged from them onto subnets (association); many of them stay compact. Application
    // security groups and NAT gateways that serve no subnet yet join them.
    let loose = design.nat_gateways.iter().filter(|n| vnet_of_nat(design, n).is_none()).map(|n| &n.id);
    let shared = design
        .route_tables
        .iter()
        .map(|r| &r.id)
        .chain(design.nsgs.iter().map(|n| &n.id))
        .chain(design.asgs.iter().map(|a| &a.id))
        .chain(loose);
    let half = (SIDE_W - TILE_GAP) / 2;
    for (i, id) in shared.enumerate() {
        let (col, row) = (count(i % 2), count(i / 2));
        let r = Rect::new(step(col_x, col, half + TILE_GAP), step(col_y, row, TILE_H + TILE_GAP), half, TILE_H);
        out.rects.insert(id.clone(), stored.get(id).unwrap_or(r));
    }
    out
}

/// The VNet a NAT gateway is drawn in: that of the first subnet it serves (F-23: it serves one).
fn vnet_of_nat<'a>(design: &'a Design, nat: &NatGateway) -> Option<&'a crate::id::Id> {
    nat.subnets.first().and_then(|s| design.subnet(s)).map(|s| &s.vnet)
}

/// The NAT gateways drawn in `vnet`, in design order.
pub fn nat_gateways_of<'a>(design: &'a Design, vnet: &'a crate::id::Id) -> impl Iterator<Item = &'a NatGateway> + 'a {
    design.nat_gateways.iter().filter(move |n| vnet_of_nat(design, n) == Some(vnet))
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
    for lb in &design.load_balancers {
        map.entry(&lb.subnet).or_default().push(&lb.id);
    }
    map
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::build::DesignBuilder;

    /// A VNet with two subnets (one with a VM), a site with hosts, a PaaS resource, a route table.
    fn design() -> (Design, Vec<Id>) {
        let mut b = DesignBuilder::new("edges");
        let v = b.vnet("vnet", "westeurope", &["10.0.0.0/16"]);
        let s1 = b.subnet(&v, "a", "10.0.1.0/24");
        let s2 = b.subnet(&v, "b", "10.0.2.0/24");
        let (vm, _) = b.vm("vm", &s1, "10.0.1.4");
        let site = b.site("site", &["192.168.0.0/16"]);
        let host = b.host(&site, "host", "192.168.0.4");
        let paas = b.paas("st", "storage", "westeurope", "198.18.0.10");
        let rt = b.route_table("rt", false, &[], &[&s2]);
        let design = b.build().unwrap();
        (design, vec![v, s1, s2, vm, site, host, paas, rt])
    }

    const EXTREMES: [i32; 7] = [i32::MIN, i32::MIN + 1, -1_000_001, -1, 0, 1_000_001, i32::MAX];

    #[test]
    fn rects_at_the_limits_of_i32_lay_out_without_overflow() {
        // Tests run overflow-checked: any unsaturated sum here would panic.
        let (design, ids) = design();
        for (i, &a) in EXTREMES.iter().enumerate() {
            for &b in &EXTREMES {
                let mut stored = Layout::default();
                for (j, id) in ids.iter().enumerate() {
                    let r = if (i + j) % 2 == 0 { Rect::new(a, b, a, b) } else { Rect::new(b, a, i32::MAX, i32::MIN) };
                    stored.rects.insert(id.clone(), r);
                }
                let out = auto_layout(&design, &stored);
                assert_eq!(out.rects.len(), design.elements().len() - 1, "every element but the NIC has a box");
                // Half stored: the other half is computed from its stored neighbours.
                let half = Layout { rects: stored.rects.into_iter().step_by(2).collect() };
                auto_layout(&design, &half);
            }
        }
    }

    #[test]
    fn clamping_keeps_rects_in_the_documented_range() {
        assert_eq!(
            Rect::new(i32::MAX, i32::MIN, i32::MAX, -5).clamped(),
            Rect::new(MAX_COORD, -MAX_COORD, MAX_SIZE, MIN_SIZE)
        );
        assert_eq!(Rect::new(i32::MIN, 7, 0, i32::MIN).clamped(), Rect::new(-MAX_COORD, 7, MIN_SIZE, MIN_SIZE));
        let sane = Rect::new(-300, 450, 56, 400);
        assert_eq!(sane.clamped(), sane);
        assert_eq!(
            Rect::clamped_from(i64::MAX, i64::MIN, 3_000_000_000, 0),
            Rect::new(MAX_COORD, -MAX_COORD, MAX_SIZE, MIN_SIZE)
        );
    }

    #[test]
    fn sums_at_the_limits_saturate() {
        let r = Rect::new(i32::MAX, i32::MIN, i32::MAX, i32::MIN);
        assert_eq!((r.right(), r.bottom()), (i32::MAX, i32::MIN));
        assert_eq!(step(i32::MAX - 1, 28, i32::MAX), i32::MAX);
        assert_eq!(count(usize::MAX), i32::MAX);
    }
}
