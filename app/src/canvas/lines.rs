//! The lines of the drawing: peerings, zone links, endpoint targets, gateway connections (to a
//! site, or VNet-to-VNet), load balancer backends, NAT gateway subnets, and the associations of
//! the selection. Each joins two boxes by id, so a move in progress redraws it (`preview`).

use leptos::prelude::*;
use std::collections::HashMap;
use vnet_core::layout::route::{edge_toward, Wire};
use vnet_core::layout::{Layout, Rect};
use vnet_core::model::{ConnectionPeer, Design, PeTarget};
use vnet_core::Id;

use super::Scene;

/// How far left of its ends a NAT gateway's bracket runs: inside the VNet's margin.
const BRACKET: i32 = 8;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum LineKind {
    Peering,
    /// One link only (P-2): drawn dashed, no traffic flows.
    PeeringHalf,
    ZoneLink,
    EndpointTarget,
    GatewayConnection,
    /// A VNet-to-VNet connection that only one of the two gateways has (P-14): no traffic flows.
    GatewayConnectionHalf,
    /// A load balancer to a backend NIC's VM (F-22).
    LbBackend,
    /// … to a backend whose probe fails: it gets no new flows (F-22 b).
    LbBackendDown,
    /// A NAT gateway to a subnet it serves (F-23): a bracket down the VNet's left margin.
    NatSubnet,
    /// A route table, NSG or application security group to what it is associated with; drawn
    /// only for the selection.
    Association,
}

impl LineKind {
    fn is_backend(self) -> bool {
        matches!(self, LineKind::LbBackend | LineKind::LbBackendDown)
    }

    fn class(self) -> &'static str {
        match self {
            LineKind::Peering => "line peering",
            LineKind::PeeringHalf => "line peering half",
            LineKind::ZoneLink => "line zone-link",
            LineKind::EndpointTarget => "line pe-target",
            LineKind::GatewayConnection => "line gw-conn",
            LineKind::GatewayConnectionHalf => "line gw-conn half",
            LineKind::LbBackend => "line lb-backend",
            LineKind::LbBackendDown => "line lb-backend down",
            LineKind::NatSubnet => "line nat",
            LineKind::Association => "line assoc",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Line {
    pub kind: LineKind,
    /// The boxes it joins, so a move in progress can redraw it (`preview`).
    pub a: Id,
    pub b: Id,
    pub from: (i32, i32),
    pub to: (i32, i32),
    /// The route around the boxes between its ends (`layout::route`), from `a`'s edge to `b`'s;
    /// empty when the line is drawn from `from` to `to` as its kind draws it.
    pub via: Vec<(i32, i32)>,
    /// One of many lines of its kind (`CROWDED`): drawn for the selection only, straight.
    pub on_demand: bool,
}

impl Line {
    /// From box `a` (drawn at `ra`) to box `b` (at `rb`): straight from edge to edge, a NAT
    /// gateway's bracket, or a backend's loop; routed around other boxes by [`route`].
    pub fn between(kind: LineKind, (a, ra): (&Id, Rect), (b, rb): (&Id, Rect)) -> Self {
        let (from, to) = if kind == LineKind::NatSubnet {
            // Left edge to left edge, at the tile's middle and the subnet's title row.
            ((ra.x, ra.y + ra.h / 2), (rb.x, rb.y + (rb.h / 2).min(26)))
        } else if kind.is_backend() && ra.y < rb.bottom() && rb.y < ra.bottom() {
            // Tiles side by side (a pool beside its load balancer): bottom to bottom, a loop
            // under both, where a straight line would be the gap between them.
            ((ra.x + ra.w / 2, ra.bottom()), (rb.x + rb.w / 2, rb.bottom()))
        } else {
            (edge_toward(ra, rb.center()), edge_toward(rb, ra.center()))
        };
        Line { kind, a: a.clone(), b: b.clone(), from, to, via: Vec::new(), on_demand: false }
    }

    /// The SVG path: the route, straight, a NAT gateway's bracket (out to the left of both ends,
    /// along, and back in), which passes beside the subnets between a NAT gateway and the one it
    /// serves, not through them, or a backend's loop under two tiles side by side.
    pub fn path(&self) -> String {
        let ((x1, y1), (x2, y2)) = (self.from, self.to);
        if let [(x, y), rest @ ..] = self.via.as_slice() {
            let mut d = format!("M{x} {y}");
            for (x, y) in rest {
                d.push_str(&format!(" L{x} {y}"));
            }
            d
        } else if self.kind == LineKind::NatSubnet {
            let gx = x1.min(x2) - BRACKET;
            format!("M{x1} {y1} H{gx} V{y2} H{x2}")
        } else if self.is_loop() {
            let low = y1.max(y2) + BRACKET / 2;
            format!("M{x1} {y1} V{low} H{x2} V{y2}")
        } else {
            format!("M{x1} {y1} L{x2} {y2}")
        }
    }

    /// A rectangle that holds the whole line.
    pub(crate) fn bounds(&self) -> Rect {
        let (x, y) = self.from;
        let (mut left, mut top, mut right, mut bottom) = (x, y, x, y);
        for (x, y) in self.via.iter().copied().chain([self.to]) {
            (left, top, right, bottom) = (left.min(x), top.min(y), right.max(x), bottom.max(y));
        }
        if self.kind == LineKind::NatSubnet {
            left -= BRACKET;
        }
        if self.is_loop() {
            bottom += BRACKET / 2;
        }
        Rect::new(left, top, right - left, bottom - top)
    }

    /// A backend line between tiles side by side: its ends are both on bottom edges, level.
    fn is_loop(&self) -> bool {
        self.kind.is_backend() && self.from.1 == self.to.1
    }

    pub(crate) fn view(self) -> impl IntoView {
        view! { <path class=self.kind.class() d=self.path() data-a=self.a.to_string() data-b=self.b.to_string() /> }
    }
}

pub(crate) fn lines(design: &Design, layout: &Layout) -> Vec<Line> {
    let straight = |kind, a: &Id, b: &Id| Some(Line::between(kind, (a, layout.get(a)?), (b, layout.get(b)?)));
    let mut out = Vec::new();
    // Each VNet's links as (remote VNet, link), in order: a link's reverse is found among the
    // remote VNet's links, not among all of them (200 × 200 at 100 spokes).
    let vnet_at: HashMap<&Id, usize> = design.vnets.iter().enumerate().map(|(i, v)| (&v.id, i)).collect();
    let mut links: Vec<Vec<(usize, usize)>> = vec![Vec::new(); design.vnets.len()];
    for (i, p) in design.peerings.iter().enumerate() {
        if let (Some(&a), Some(&b)) = (vnet_at.get(&p.vnet), vnet_at.get(&p.remote_vnet)) {
            links[a].push((b, i));
        }
    }
    for (i, p) in design.peerings.iter().enumerate() {
        let ends = vnet_at.get(&p.vnet).zip(vnet_at.get(&p.remote_vnet));
        let reverse = ends.and_then(|(&a, &b)| links[b].iter().find(|(remote, _)| *remote == a)).map(|&(_, j)| j);
        match reverse {
            // Draw a two-link peering once, from its first link.
            Some(j) if j < i => {}
            Some(_) => out.extend(straight(LineKind::Peering, &p.vnet, &p.remote_vnet)),
            None => out.extend(straight(LineKind::PeeringHalf, &p.vnet, &p.remote_vnet)),
        }
    }
    for z in &design.dns_zones {
        out.extend(z.links.iter().filter_map(|l| straight(LineKind::ZoneLink, &z.id, &l.vnet)));
    }
    for pe in &design.private_endpoints {
        if let PeTarget::Paas { resource, .. } = &pe.target {
            out.extend(straight(LineKind::EndpointTarget, &pe.id, resource));
        }
    }
    for (i, gw) in design.gateways.iter().enumerate() {
        for c in &gw.connections {
            let kind = match &c.peer {
                ConnectionPeer::Site(_) => LineKind::GatewayConnection,
                // A VNet-to-VNet pair is drawn once, from the first gateway; one side alone dashed.
                ConnectionPeer::Gateway(remote) => {
                    let back = design.gateways.iter().enumerate().find(|(_, g)| &g.id == remote);
                    match back.filter(|(_, g)| g.connections.iter().any(|r| r.peer.remote_gateway() == Some(&gw.id))) {
                        Some((j, _)) if j < i => continue,
                        Some(_) => LineKind::GatewayConnection,
                        None => LineKind::GatewayConnectionHalf,
                    }
                }
            };
            out.extend(straight(kind, &gw.id, c.peer.id()));
        }
    }
    // A backend pool's lines go to the VMs that own the NICs.
    let owner: HashMap<&Id, &Id> = design.nics().map(|(vm, n)| (&n.id, &vm.id)).collect();
    for lb in &design.load_balancers {
        for b in &lb.backends {
            let kind = if b.healthy { LineKind::LbBackend } else { LineKind::LbBackendDown };
            out.extend(owner.get(&b.nic).and_then(|vm| straight(kind, &lb.id, vm)));
        }
    }
    for ng in &design.nat_gateways {
        out.extend(ng.subnets.iter().filter_map(|s| straight(LineKind::NatSubnet, &ng.id, s)));
    }
    for kind in [LineKind::EndpointTarget, LineKind::ZoneLink] {
        if out.iter().filter(|l| l.kind == kind).count() > CROWDED {
            out.iter_mut().filter(|l| l.kind == kind).for_each(|l| l.on_demand = true);
        }
    }
    out
}

/// How many endpoint or zone links a drawing shows before it shows them for the selection
/// only: a 100-spoke landing zone's 200 endpoint lines would run over everything else.
const CROWDED: usize = 24;

impl LineKind {
    /// Lines between boxes that other boxes may stand between: routed around them. A NAT
    /// gateway's bracket and a backend's line stay inside one VNet; associations show briefly.
    pub(crate) fn is_routed(self) -> bool {
        !matches!(self, LineKind::NatSubnet | LineKind::Association) && !self.is_backend()
    }
}

/// Routes the lines that need it around `boxes` (those that stand alone on the canvas: VNets,
/// sites, the side column's boxes and tiles): peerings first, so that the hub's lines share
/// trunks.
pub(crate) fn route(layout: &Layout, lines: &mut [Line], boxes: &[Rect], route_all: &super::routing::RouteFn) {
    let routed = |l: &Line| l.kind.is_routed() && !l.on_demand;
    let peering = |l: &Line| matches!(l.kind, LineKind::Peering | LineKind::PeeringHalf);
    let first = (0..lines.len()).filter(|&i| routed(&lines[i]) && peering(&lines[i]));
    let then = (0..lines.len()).filter(|&i| routed(&lines[i]) && !peering(&lines[i]));
    let order: Vec<usize> = first.chain(then).collect();
    let wires: Vec<Wire> =
        order.iter().filter_map(|&i| Some(Wire { a: layout.get(&lines[i].a)?, b: layout.get(&lines[i].b)? })).collect();
    if wires.len() != order.len() {
        return;
    }
    for (i, via) in order.into_iter().zip(route_all(boxes, &wires)) {
        if let (Some(&first), Some(&last)) = (via.first(), via.last()) {
            (lines[i].from, lines[i].to) = (first, last);
            if via.len() > 2 {
                lines[i].via = via;
            }
        }
    }
}

/// Lines from the selected route table, NSG or application security group to the subnets (and
/// VMs) that use it, or from a selected subnet or VM to its route table, NSGs and groups: shown on
/// demand, since a shared route table can serve hundreds of subnets.
pub fn association_lines(design: &Design, scene: &Scene, selected: &Id) -> Vec<Line> {
    let mut pairs: Vec<(&Id, &Id)> = Vec::new();
    for s in &design.subnets {
        for assoc in [&s.route_table, &s.nsg].into_iter().flatten() {
            if assoc == selected || &s.id == selected {
                pairs.push((assoc, &s.id));
            }
        }
    }
    for vm in &design.vms {
        for nsg in vm.nics.iter().filter_map(|n| n.nsg.as_ref()) {
            if nsg == selected || &vm.id == selected {
                pairs.push((nsg, &vm.id));
            }
        }
    }
    let owner: HashMap<&Id, &Id> = design.nics().map(|(vm, n)| (&n.id, &vm.id)).collect();
    for asg in &design.asgs {
        for vm in asg.nics.iter().filter_map(|n| owner.get(n)) {
            if &asg.id == selected || *vm == selected {
                pairs.push((&asg.id, vm));
            }
        }
    }
    pairs
        .into_iter()
        .filter_map(|(a, b)| Some(Line::between(LineKind::Association, (a, scene.rect_of(a)?), (b, scene.rect_of(b)?))))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::canvas::{scene, BoxKind};
    use vnet_core::build::DesignBuilder;
    use vnet_core::edit::{apply_parts, connect, new_element, NewKind};
    use vnet_core::layout::auto_layout;
    use vnet_core::model::GatewayKind;

    fn kinds(design: &Design) -> (Vec<BoxKind>, Vec<(LineKind, String)>) {
        let layout = auto_layout(design, &Layout::default());
        let s = scene(design, &layout, Some(&vnet_core::layout::route::route_all));
        (s.shapes.iter().map(|x| x.kind).collect(), s.lines.iter().map(|l| (l.kind, l.path())).collect())
    }

    #[test]
    fn load_balancers_nat_gateways_groups_and_vnet_to_vnet_are_drawn() {
        let mut b = DesignBuilder::new("v2");
        let hub = b.vnet("hub", "westeurope", &["10.0.0.0/16"]);
        let nva = b.subnet(&hub, "snet-nva", "10.0.1.0/24");
        let top = b.subnet(&hub, "snet-top", "10.0.0.0/24");
        let gws = b.subnet(&hub, "GatewaySubnet", "10.0.255.0/27");
        let (vm, _) = b.vm("nva-a", &nva, "10.0.1.4");
        let spoke = b.vnet("spoke", "westeurope", &["10.1.0.0/16"]);
        let sgws = b.subnet(&spoke, "GatewaySubnet", "10.1.255.0/27");
        let g1 = b.gateway("vgw-hub", &gws, GatewayKind::Vpn, "VpnGw1", &["10.0.255.4"]);
        let g2 = b.gateway("vgw-spoke", &sgws, GatewayKind::Vpn, "VpnGw1", &["10.1.255.4"]);
        let mut d = b.build().unwrap();
        let mut layout = Layout::default();
        let mut run = |d: &mut Design, e| apply_parts(d, &mut layout, e).unwrap();
        let (add, lb) = new_element(&d, NewKind::LoadBalancer, Some(&nva)).unwrap();
        run(&mut d, add);
        let (edit, _) = connect(&d, &lb, &vm).unwrap();
        run(&mut d, edit);
        let (add, _) = new_element(&d, NewKind::NatGateway, Some(&top)).unwrap();
        run(&mut d, add);
        let (add, _) = new_element(&d, NewKind::Asg, Some(&vm)).unwrap();
        run(&mut d, add);
        let (edit, _) = connect(&d, &g1, &g2).unwrap();
        run(&mut d, edit);

        let (boxes, lines) = kinds(&d);
        for k in [BoxKind::LoadBalancer, BoxKind::NatGateway, BoxKind::Asg] {
            assert_eq!(boxes.iter().filter(|b| **b == k).count(), 1, "{k:?}");
        }
        let count = |k| lines.iter().filter(|(l, _)| *l == k).count();
        assert_eq!(count(LineKind::LbBackend), 1);
        assert_eq!(count(LineKind::NatSubnet), 1);
        assert_eq!(count(LineKind::GatewayConnection), 1, "a VNet-to-VNet pair is one line");
        assert_eq!(count(LineKind::GatewayConnectionHalf), 0);
        let bracket = &lines.iter().find(|(l, _)| *l == LineKind::NatSubnet).unwrap().1;
        assert!(bracket.contains(" H") && bracket.contains(" V"), "a NAT gateway's line is a bracket: {bracket}");
        // The load balancer sits beside its backend: a loop under both tiles, not the gap.
        let pool = &lines.iter().find(|(l, _)| *l == LineKind::LbBackend).unwrap().1;
        assert!(pool.contains(" V") && pool.contains(" H"), "{pool}");

        // One side only, an unhealthy backend: drawn as what they are.
        d.gateways[1].connections.clear();
        d.load_balancers[0].backends[0].healthy = false;
        let (_, lines) = kinds(&d);
        let count = |k| lines.iter().filter(|(l, _)| *l == k).count();
        assert_eq!((count(LineKind::GatewayConnection), count(LineKind::GatewayConnectionHalf)), (0, 1));
        assert_eq!((count(LineKind::LbBackend), count(LineKind::LbBackendDown)), (0, 1));

        // The group's members show with the selection only.
        let layout = auto_layout(&d, &Layout::default());
        let s = scene(&d, &layout, Some(&vnet_core::layout::route::route_all));
        let asg = d.asgs[0].id.clone();
        assert_eq!(association_lines(&d, &s, &asg).len(), 1);
        assert_eq!(association_lines(&d, &s, &vm).len(), 1);
    }

    /// The segments of a drawn line.
    fn segments(l: &Line) -> Vec<((i32, i32), (i32, i32))> {
        let points = if l.via.is_empty() { vec![l.from, l.to] } else { l.via.clone() };
        points.windows(2).map(|w| (w[0], w[1])).collect()
    }

    #[test]
    fn no_line_runs_through_a_vnet_it_does_not_join_on_any_gallery_design() {
        use vnet_core::layout::route::crosses;
        for entry in vnet_core::gallery::ENTRIES {
            let design = (entry.build)().unwrap();
            let layout = auto_layout(&design, &Layout::default());
            let s = scene(&design, &layout, Some(&vnet_core::layout::route::route_all));
            let mut through = Vec::new();
            // Lines drawn for the selection only (`on_demand`) are straight highlights.
            for l in s.lines.iter().filter(|l| l.kind.is_routed() && !l.on_demand) {
                for v in &design.vnets {
                    let joins = [&l.a, &l.b].iter().any(|end| {
                        **end == v.id || s.shapes.iter().any(|x| &x.id == *end && v_holds(layout.get(&v.id), x.rect))
                    });
                    let r = layout.get(&v.id).unwrap();
                    if !joins && segments(l).iter().any(|(p, q)| crosses(r, *p, *q)) {
                        through.push(format!("{:?} {}–{} through {}", l.kind, l.a, l.b, v.name));
                    }
                }
            }
            assert!(through.is_empty(), "{}: {through:#?}", entry.slug);
        }
    }

    fn v_holds(outer: Option<Rect>, inner: Rect) -> bool {
        outer.is_some_and(|o| {
            o.x <= inner.x && o.y <= inner.y && inner.right() <= o.right() && inner.bottom() <= o.bottom()
        })
    }
}
