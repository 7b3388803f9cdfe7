//! The drawing: a design and its layout become a flat list of shapes, then SVG. Building the
//! shapes is plain Rust (no signals), so the view stays a thin loop over data.
//!
//! Every name from a design is rendered as a text node, never as markup: a link is data, never code.

use crate::interaction::{self, Camera, Gesture};
use crate::store::Store;
use leptos::prelude::*;
use vnet_core::layout::{auto_layout, Layout, Rect};
use vnet_core::model::{Design, GatewayKind, PeTarget, VmRole};
use vnet_core::Id;

/// What a box stands for; drives its CSS class and badge.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum BoxKind {
    Vnet,
    Subnet,
    SpecialSubnet,
    Vm,
    Nva,
    DnsVm,
    Firewall,
    Gateway,
    PrivateEndpoint,
    ResolverEndpoint,
    Site,
    Paas,
    Zone,
    Ruleset,
}

impl BoxKind {
    fn class(self) -> &'static str {
        match self {
            BoxKind::Vnet => "box vnet",
            BoxKind::Subnet => "box subnet",
            BoxKind::SpecialSubnet => "box subnet special",
            BoxKind::Vm => "box tile vm",
            BoxKind::Nva => "box tile nva",
            BoxKind::DnsVm => "box tile dns",
            BoxKind::Firewall => "box tile firewall",
            BoxKind::Gateway => "box tile gateway",
            BoxKind::PrivateEndpoint => "box tile pe",
            BoxKind::ResolverEndpoint => "box tile resolver",
            BoxKind::Site => "box side site",
            BoxKind::Paas => "box side paas",
            BoxKind::Zone => "box side zone",
            BoxKind::Ruleset => "box side ruleset",
        }
    }

    fn badge(self) -> &'static str {
        match self {
            BoxKind::Vm => "VM",
            BoxKind::Nva => "NVA",
            BoxKind::DnsVm => "DNS",
            BoxKind::Firewall => "FW",
            BoxKind::Gateway => "GW",
            BoxKind::PrivateEndpoint => "PE",
            BoxKind::ResolverEndpoint => "RES",
            BoxKind::Site => "ON-PREM",
            BoxKind::Paas => "PAAS",
            BoxKind::Zone => "ZONE",
            BoxKind::Ruleset => "RULES",
            BoxKind::Vnet | BoxKind::Subnet | BoxKind::SpecialSubnet => "",
        }
    }

    fn is_container(self) -> bool {
        matches!(self, BoxKind::Vnet | BoxKind::Subnet | BoxKind::SpecialSubnet)
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Shape {
    pub id: Id,
    pub kind: BoxKind,
    pub rect: Rect,
    pub title: String,
    pub detail: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum LineKind {
    Peering,
    /// One link only (P-2): drawn dashed, no traffic flows.
    PeeringHalf,
    ZoneLink,
    EndpointTarget,
    GatewayConnection,
}

impl LineKind {
    fn class(self) -> &'static str {
        match self {
            LineKind::Peering => "line peering",
            LineKind::PeeringHalf => "line peering half",
            LineKind::ZoneLink => "line zone-link",
            LineKind::EndpointTarget => "line pe-target",
            LineKind::GatewayConnection => "line gw-conn",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Line {
    pub kind: LineKind,
    pub from: (i32, i32),
    pub to: (i32, i32),
    /// Drawn as an arc over the boxes (links from the side column to a VNet), not straight.
    pub arc: bool,
}

impl Line {
    /// The SVG path: straight, or a quadratic arc whose top clears both ends by 70 units.
    fn path(&self) -> String {
        let ((x1, y1), (x2, y2)) = (self.from, self.to);
        if self.arc {
            let (cx, cy) = ((x1 + x2) / 2, y1.min(y2) - 70);
            format!("M{x1} {y1} Q{cx} {cy} {x2} {y2}")
        } else {
            format!("M{x1} {y1} L{x2} {y2}")
        }
    }
}

#[derive(Clone, Debug, PartialEq, Default)]
pub struct Scene {
    pub shapes: Vec<Shape>,
    pub lines: Vec<Line>,
    pub bounds: Rect,
}

/// The scene of a design: containers first (so they are drawn under their contents), then tiles,
/// then side boxes; lines between box edges.
pub fn scene(design: &Design, stored: &Layout) -> Scene {
    let layout = auto_layout(design, stored);
    let at = |id: &Id| layout.get(id);
    let mut shapes = Vec::new();
    let mut push = |id: &Id, kind, title: String, detail: String| {
        if let Some(rect) = at(id) {
            shapes.push(Shape { id: id.clone(), kind, rect, title, detail });
        }
    };

    for v in &design.vnets {
        let spaces: Vec<String> = v.address_space.iter().map(ToString::to_string).collect();
        push(&v.id, BoxKind::Vnet, v.name.clone(), format!("{} · {}", spaces.join(", "), v.region));
    }
    for s in &design.subnets {
        let special =
            matches!(s.name.as_str(), "AzureFirewallSubnet" | "GatewaySubnet" | "AzureFirewallManagementSubnet");
        let mut detail = s.prefix.to_string();
        if let Some(rt) = s.route_table.as_ref().and_then(|id| design.route_table(id)) {
            detail.push_str(&format!(" · RT {}", rt.name));
        }
        if let Some(nsg) = s.nsg.as_ref().and_then(|id| design.nsg(id)) {
            detail.push_str(&format!(" · NSG {}", nsg.name));
        }
        let kind = if special { BoxKind::SpecialSubnet } else { BoxKind::Subnet };
        push(&s.id, kind, s.name.clone(), detail);
    }
    for vm in &design.vms {
        let kind = match vm.role {
            VmRole::Plain => BoxKind::Vm,
            VmRole::Nva(_) => BoxKind::Nva,
            VmRole::DnsServer(_) => BoxKind::DnsVm,
        };
        let ips: Vec<String> = vm.nics.iter().map(|n| n.ip.to_string()).collect();
        push(&vm.id, kind, vm.name.clone(), ips.join(", "));
    }
    for fw in &design.firewalls {
        push(&fw.id, BoxKind::Firewall, fw.name.clone(), fw.private_ip.to_string());
    }
    for gw in &design.gateways {
        let kind = match gw.kind {
            GatewayKind::Vpn => "VPN",
            GatewayKind::ExpressRoute => "ExpressRoute",
        };
        push(&gw.id, BoxKind::Gateway, gw.name.clone(), format!("{kind} {}", gw.sku));
    }
    for pe in &design.private_endpoints {
        push(&pe.id, BoxKind::PrivateEndpoint, pe.name.clone(), pe.ip.to_string());
    }
    for r in &design.resolvers {
        for ep in &r.inbound_endpoints {
            push(&ep.id, BoxKind::ResolverEndpoint, ep.name.clone(), format!("inbound {}", ep.ip));
        }
        for ep in &r.outbound_endpoints {
            push(&ep.id, BoxKind::ResolverEndpoint, ep.name.clone(), "outbound".to_string());
        }
    }
    for site in &design.sites {
        let prefixes: Vec<String> = site.prefixes.iter().map(ToString::to_string).collect();
        push(&site.id, BoxKind::Site, site.name.clone(), prefixes.join(", "));
    }
    for p in &design.paas {
        push(&p.id, BoxKind::Paas, p.name.clone(), format!("{} · {}", p.service, p.public_ip));
    }
    for z in &design.dns_zones {
        let detail = format!("{} · {}", plural(z.records.len(), "record"), plural(z.links.len(), "link"));
        push(&z.id, BoxKind::Zone, z.name.clone(), detail);
    }
    for r in &design.rulesets {
        push(&r.id, BoxKind::Ruleset, r.name.clone(), plural(r.rules.len(), "rule"));
    }

    let lines = lines(design, &layout);
    let bounds = bounds(shapes.iter().map(|s| s.rect));
    Scene { shapes, lines, bounds }
}

fn lines(design: &Design, layout: &Layout) -> Vec<Line> {
    // Between two boxes: straight from edge to edge.
    let straight = |kind, a: &Id, b: &Id| {
        let (ra, rb) = (layout.get(a)?, layout.get(b)?);
        Some(Line { kind, from: edge_toward(ra, rb.center()), to: edge_toward(rb, ra.center()), arc: false })
    };
    // From a side-column box to a VNet: an arc to its top edge, over the boxes between.
    let arc = |kind, side: &Id, target: &Id| {
        let (rs, rt) = (layout.get(side)?, layout.get(target)?);
        Some(Line { kind, from: (rs.x, rs.y + rs.h / 2), to: (rt.x + rt.w / 2, rt.y), arc: true })
    };
    let mut out = Vec::new();
    for (i, p) in design.peerings.iter().enumerate() {
        let reverse = design.peerings.iter().position(|q| q.vnet == p.remote_vnet && q.remote_vnet == p.vnet);
        match reverse {
            // Draw a two-link peering once, from its first link.
            Some(j) if j < i => {}
            Some(_) => out.extend(straight(LineKind::Peering, &p.vnet, &p.remote_vnet)),
            None => out.extend(straight(LineKind::PeeringHalf, &p.vnet, &p.remote_vnet)),
        }
    }
    for z in &design.dns_zones {
        out.extend(z.links.iter().filter_map(|l| arc(LineKind::ZoneLink, &z.id, &l.vnet)));
    }
    for pe in &design.private_endpoints {
        if let PeTarget::Paas { resource, .. } = &pe.target {
            out.extend(straight(LineKind::EndpointTarget, &pe.id, resource));
        }
    }
    for gw in &design.gateways {
        out.extend(gw.connections.iter().filter_map(|c| straight(LineKind::GatewayConnection, &gw.id, &c.site)));
    }
    out
}

/// The point where the segment from `r`'s center toward `target` leaves `r`.
fn edge_toward(r: Rect, target: (i32, i32)) -> (i32, i32) {
    let (cx, cy) = r.center();
    let (dx, dy) = ((target.0 - cx) as f64, (target.1 - cy) as f64);
    if dx == 0.0 && dy == 0.0 {
        return (cx, cy);
    }
    let sx = if dx != 0.0 { (r.w as f64 / 2.0) / dx.abs() } else { f64::INFINITY };
    let sy = if dy != 0.0 { (r.h as f64 / 2.0) / dy.abs() } else { f64::INFINITY };
    let s = sx.min(sy);
    (cx + (dx * s) as i32, cy + (dy * s) as i32)
}

fn bounds(rects: impl Iterator<Item = Rect>) -> Rect {
    let mut it = rects.peekable();
    if it.peek().is_none() {
        return Rect::new(0, 0, 800, 600);
    }
    let (mut x0, mut y0, mut x1, mut y1) = (i32::MAX, i32::MAX, i32::MIN, i32::MIN);
    for r in it {
        x0 = x0.min(r.x);
        y0 = y0.min(r.y);
        x1 = x1.max(r.right());
        y1 = y1.max(r.bottom());
    }
    Rect::new(x0, y0, x1 - x0, y1 - y0)
}

/// The canvas: the scene as SVG. Pointer gestures (select, move, pan) and the wheel (zoom) are
/// handled in `interaction`; shapes are keyed by their content, so a move redraws only the boxes
/// that moved.
#[component]
pub fn Canvas(scene: Memo<Scene>, store: Store, camera: Camera) -> impl IntoView {
    let gesture = StoredValue::new(None::<Gesture>);
    let view_box = move || camera.view_box(scene).to_string();
    let shapes = move || scene.with(|s| s.shapes.clone());
    let lines = move || scene.with(|s| s.lines.clone());
    let selected = store.selected;
    view! {
        <svg
            class="canvas"
            class:panning=move || camera.panning.get()
            role="img"
            aria-label="Network diagram"
            viewBox=view_box
            preserveAspectRatio="xMidYMid meet"
            on:pointerdown=move |ev| interaction::pointer_down(&ev, store, scene, camera, gesture)
            on:pointermove=move |ev| interaction::pointer_move(&ev, store, camera, gesture)
            on:pointerup=move |ev| interaction::pointer_up(&ev, store, camera, gesture)
            on:pointercancel=move |ev| interaction::pointer_up(&ev, store, camera, gesture)
            on:wheel=move |ev| interaction::wheel(&ev, scene, camera)
        >
            <g class="shapes">
                <For each=shapes key=|s| s.clone() children=move |shape| shape_view(shape, selected) />
            </g>
            <g class="lines">
                <For each=lines key=|l| l.clone() children=|l| view! { <path class=l.kind.class() d=l.path() /> } />
            </g>
            <crate::views::CanvasOverlay scene />
        </svg>
    }
}

fn shape_view(shape: Shape, selected: RwSignal<Option<Id>>) -> impl IntoView {
    let Rect { x, y, w, h } = shape.rect;
    let id = shape.id.clone();
    let is_selected = move || selected.with(|s| s.as_ref() == Some(&id));
    let container = shape.kind.is_container();
    let (title_y, detail_y) = (y + 22, y + 40);
    let text_x = if container { x + 12 } else { x + 10 };
    let badge = shape.kind.badge();
    // Roughly how many characters fit on one line of this box (13 px bold is about 7 px a character).
    let fits = ((w - 20) / 7).max(4) as usize;
    let title = ellipsize(&shape.title, fits);
    let detail = ellipsize(&shape.detail, fits + 2);
    let tooltip = format!("{}\n{}", shape.title, shape.detail);
    view! {
        <g class=shape.kind.class() class:selected=is_selected data-id=shape.id.to_string()>
            <title>{tooltip}</title>
            <rect x=x y=y width=w height=h rx=if container { 10 } else { 6 } />
            {(!badge.is_empty()).then(|| view! { <text class="badge" x=x + w - 8 y=y + h - 8>{badge}</text> })}
            <text class="title" x=text_x y=title_y data-full=shape.title>{title}</text>
            <text class="detail" x=text_x y=detail_y>{detail}</text>
        </g>
    }
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// `text` cut to `max` characters with an ellipsis; the full text is in the box's tooltip.
fn ellipsize(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_string()
    } else {
        let cut: String = text.chars().take(max.saturating_sub(1)).collect();
        format!("{cut}…")
    }
}
