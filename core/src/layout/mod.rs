//! Where elements are drawn: kept apart from the network semantics (DECISIONS 11, 17), so moving a
//! box never changes what the engine computes. Elements without a stored position get one from
//! [`auto_layout`], a pure function of the design.
//!
//! Architecture invariant: nothing in the engine reads a [`Layout`].

use crate::id::Id;
use crate::model::Design;

pub mod place;
pub mod route;
mod vnet;

use serde::Serialize;
use std::collections::BTreeMap;
pub use vnet::nat_gateways_of;

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
}

/// A complete layout: stored rects where present, computed ones for everything else.
///
/// VNets are placed hub-and-spoke by [`place::place_vnets`], subnets stacked inside their VNet,
/// resources as tiles inside their subnet, a VNet's NAT gateways as tiles under its subnets
/// ([`vnet`]); on-premises sites in a column to the left, level with the first hub; PaaS
/// resources, DNS zones and forwarding rulesets in columns to the right, then route tables, NSGs,
/// application security groups and unattached NAT gateways as small tiles, two a row, the
/// columns no taller than the VNets (or six boxes). Stored rects win; computed containers grow to
/// fit their content.
pub fn auto_layout(design: &Design, stored: &Layout) -> Layout {
    auto_layout_with(design, stored, place::place_vnets)
}

/// Where VNets without a stored position go, given each VNet's size and whether it is placed:
/// top-left corners by VNet index and the first group's hub ([`place::place_vnets`]).
pub type Placer = fn(&Design, &[(i32, i32)], &[bool], i32) -> (Vec<Option<(i32, i32)>>, Option<usize>);

/// [`auto_layout`] with another placement of the VNets: the studio draws with
/// [`place::in_a_row`] until the module holding [`place::place_vnets`] is here (DECISIONS 24), and
/// `edit::refit`, which grows stored containers only, needs no placement of the others.
pub fn auto_layout_with(design: &Design, stored: &Layout, place: Placer) -> Layout {
    use metrics::*;
    let mut out = Layout::default();
    let tiles = vnet::tiles_by_subnet(design);

    // Each VNet's size, from a dry run of its contents; then the block of placed VNets.
    let mut scratch = Layout::default();
    let sizes: Vec<(i32, i32)> = design
        .vnets
        .iter()
        .map(|v| {
            let r = vnet::layout_vnet(design, v, &tiles, stored, 0, 0, &mut scratch);
            stored.get(&v.id).map(|s| (s.w, s.h)).unwrap_or((r.w, r.h))
        })
        .collect();
    let placed: Vec<bool> = design.vnets.iter().map(|v| stored.get(&v.id).is_none()).collect();
    let vnet_x0 = if design.sites.is_empty() { 0 } else { SIDE_W + 3 * GAP };
    let (at, first_hub) = place(design, &sizes, &placed, vnet_x0);
    let (mut max_right, mut max_bottom, mut hub_mid) = (vnet_x0, 0, None);
    for (i, v) in design.vnets.iter().enumerate() {
        let (x, y) = at.get(i).copied().flatten().unwrap_or((vnet_x0, 0));
        let computed = vnet::layout_vnet(design, v, &tiles, stored, x, y, &mut out);
        let rect = stored.get(&v.id).unwrap_or(computed);
        out.rects.insert(v.id.clone(), rect);
        if placed[i] {
            max_right = max_right.max(rect.right());
            max_bottom = max_bottom.max(rect.bottom());
            if first_hub == Some(i) {
                hub_mid = Some(rect.center().1);
            }
        }
    }

    // Sites to the left, centred on the first hub.
    let site_h = |s: &crate::model::OnPremSite| step(SIDE_H, 28, count(s.hosts.len()));
    let total: i32 = design.sites.iter().map(|s| site_h(s).saturating_add(GAP)).sum::<i32>().saturating_sub(GAP);
    let mut side_y = hub_mid.map_or(0, |m| m.saturating_sub(total / 2).max(0));
    for site in &design.sites {
        let rect = stored.get(&site.id).unwrap_or(Rect::new(0, side_y, SIDE_W, site_h(site)));
        side_y = rect.bottom().saturating_add(GAP);
        out.rects.insert(site.id.clone(), rect);
        for (i, host) in site.hosts.iter().enumerate() {
            let y = step(rect.y.saturating_add(SIDE_H - 8), 28, count(i));
            let r = Rect::new(rect.x.saturating_add(PAD), y, rect.w.saturating_sub(2 * PAD), 24);
            out.rects.insert(host.id.clone(), stored.get(&host.id).unwrap_or(r));
        }
    }

    // The right-hand columns: whole boxes, then small tiles two a row.
    let limit = max_bottom.max(6 * (SIDE_H + GAP));
    let mut col = Column { x: max_right.saturating_add(3 * GAP), y: 0, limit };
    let side_items = design
        .paas
        .iter()
        .map(|p| &p.id)
        .chain(design.dns_zones.iter().map(|z| &z.id))
        .chain(design.rulesets.iter().map(|r| &r.id));
    // A gap wider than two routing margins between boxes, so lines can pass between them.
    for id in side_items {
        let (x, y) = col.next(SIDE_H, GAP);
        out.rects.insert(id.clone(), stored.get(id).unwrap_or(Rect::new(x, y, SIDE_W, SIDE_H)));
    }
    // Route tables and NSGs are drawn so that a handle can be dragged from them onto subnets
    // (association); many of them stay compact. Application security groups and NAT gateways
    // that serve no subnet yet join them.
    let loose = design.nat_gateways.iter().filter(|n| vnet::vnet_of_nat(design, n).is_none()).map(|n| &n.id);
    let shared: Vec<&Id> = design
        .route_tables
        .iter()
        .map(|r| &r.id)
        .chain(design.nsgs.iter().map(|n| &n.id))
        .chain(design.asgs.iter().map(|a| &a.id))
        .chain(loose)
        .collect();
    let half = (SIDE_W - TILE_GAP) / 2;
    for pair in shared.chunks(2) {
        let (x, y) = col.next(TILE_H, TILE_GAP);
        for (k, id) in pair.iter().enumerate() {
            let r = Rect::new(step(x, count(k), half + TILE_GAP), y, half, TILE_H);
            out.rects.insert((*id).clone(), stored.get(id).unwrap_or(r));
        }
    }
    out
}

/// A column of boxes that wraps into a new column to its right when it would grow past `limit`.
struct Column {
    x: i32,
    y: i32,
    limit: i32,
}

impl Column {
    /// The top-left corner of the next box of height `h`, followed by `gap`.
    fn next(&mut self, h: i32, gap: i32) -> (i32, i32) {
        use metrics::*;
        if self.y > 0 && self.y.saturating_add(h) > self.limit {
            self.x = self.x.saturating_add(SIDE_W + 2 * GAP);
            self.y = 0;
        }
        let at = (self.x, self.y);
        self.y = self.y.saturating_add(h).saturating_add(gap);
        at
    }
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
