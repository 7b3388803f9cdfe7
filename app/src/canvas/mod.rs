//! The drawing: a design and its layout become a flat list of shapes, then SVG. Building the
//! shapes is plain Rust (no signals), so the view stays a thin loop over data.
//!
//! Every name from a design is rendered as a text node, never as markup: a link is data, never code.

pub mod boxes;
mod contexts;
pub mod export;
pub mod gesture;
pub mod interaction;
mod lines;
pub mod menu;
pub mod preview;
pub mod routing;

use crate::document::store::Store;
pub use contexts::{CanvasLayer, Detail, FullText, LabelScale, Presenting};
pub use lines::{association_lines, Line, LineKind};

use boxes::{box_view, Frame, Words};
use gesture::{Overlay, Surface};
use interaction::{Camera, ViewBox};
use leptos::prelude::*;
use menu::{CanvasMenu, ContextMenu};
use std::collections::HashMap;
use vnet_core::layout::{Layout, Rect};
use vnet_core::model::{Design, GatewayKind, VmRole};
use vnet_core::Id;

/// How far above a VNet its words reach when drawn outside it, at their largest.
const LABEL_ROOM: i32 = 100;

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
    RouteTable,
    Nsg,
    LoadBalancer,
    NatGateway,
    Asg,
}

impl BoxKind {
    pub(crate) fn class(self) -> &'static str {
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
            BoxKind::RouteTable => "box tile rt",
            BoxKind::Nsg => "box tile nsg",
            BoxKind::LoadBalancer => "box tile lb",
            BoxKind::NatGateway => "box tile nat",
            BoxKind::Asg => "box tile asg",
        }
    }

    /// A box drawn on its own, not inside a VNet: what a line between two others goes around.
    fn stands_alone(self) -> bool {
        matches!(
            self,
            BoxKind::Vnet
                | BoxKind::Site
                | BoxKind::Paas
                | BoxKind::Zone
                | BoxKind::Ruleset
                | BoxKind::RouteTable
                | BoxKind::Nsg
                | BoxKind::Asg
        )
    }

    pub(crate) fn badge(self) -> &'static str {
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
            BoxKind::RouteTable => "RT",
            BoxKind::Nsg => "NSG",
            BoxKind::LoadBalancer => "LB",
            BoxKind::NatGateway => "NAT",
            BoxKind::Asg => "ASG",
            BoxKind::Vnet | BoxKind::Subnet | BoxKind::SpecialSubnet => "",
        }
    }

    pub fn is_container(self) -> bool {
        matches!(self, BoxKind::Vnet | BoxKind::Subnet | BoxKind::SpecialSubnet)
    }

    pub fn is_subnet(self) -> bool {
        matches!(self, BoxKind::Subnet | BoxKind::SpecialSubnet)
    }

    /// Whether a connection can start here (core's `edit::connect` decides what it may end on).
    pub(crate) fn connects(self) -> bool {
        !matches!(self, BoxKind::DnsVm | BoxKind::ResolverEndpoint | BoxKind::Ruleset | BoxKind::Firewall)
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

#[derive(Clone, Debug, PartialEq, Default)]
pub struct Scene {
    pub shapes: Vec<Shape>,
    pub lines: Vec<Line>,
    pub bounds: Rect,
    /// Lines are routed around boxes (the routing module is here, `routing`).
    pub routed: bool,
}

/// The boxes and lines in or near the view.
#[derive(Clone, PartialEq)]
struct Drawn {
    frames: Vec<Frame>,
    lines: Vec<Line>,
}

/// Whether two rectangles share a point (edges included).
fn overlaps(a: &Rect, b: &Rect) -> bool {
    a.x <= b.right() && b.x <= a.right() && a.y <= b.bottom() && b.y <= a.bottom()
}

/// Whether the canvas point `p` is inside `r` (edges included).
pub fn contains(r: &Rect, p: (f64, f64)) -> bool {
    p.0 >= f64::from(r.x) && p.0 <= f64::from(r.right()) && p.1 >= f64::from(r.y) && p.1 <= f64::from(r.bottom())
}

impl Scene {
    /// The topmost box under the canvas point `p` that `accept`s its kind (tiles and side boxes
    /// are drawn after containers, so the last hit is the innermost).
    pub fn hit(&self, p: (f64, f64), accept: impl Fn(BoxKind) -> bool) -> Option<&Shape> {
        self.shapes.iter().rev().find(|s| accept(s.kind) && contains(&s.rect, p))
    }

    /// The shape of `id`, looked for at `at` first (where it was when a box was drawn).
    pub fn shape_near(&self, id: &Id, at: usize) -> Option<&Shape> {
        self.shapes.get(at).filter(|s| &s.id == id).or_else(|| self.shapes.iter().find(|s| &s.id == id))
    }

    pub fn rect_of(&self, id: &Id) -> Option<Rect> {
        self.shapes.iter().find(|s| &s.id == id).map(|s| s.rect)
    }
}

/// The scene of a design laid out by `layout::auto_layout`: containers first (so they are drawn
/// under their contents), then tiles, then side boxes; lines between box edges.
pub fn scene(design: &Design, layout: &Layout, router: Option<&routing::RouteFn>) -> Scene {
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
    // Names by id, looked up once per subnet (a linear search made this quadratic: 400 subnets
    // times 200 route tables at 100 spokes).
    let rt_at: HashMap<&Id, usize> = design.route_tables.iter().enumerate().map(|(i, t)| (&t.id, i)).collect();
    let nsg_at: HashMap<&Id, usize> = design.nsgs.iter().enumerate().map(|(i, n)| (&n.id, i)).collect();
    let rt_name = |id: &Option<Id>| Some(design.route_tables.get(*rt_at.get(id.as_ref()?)?)?.name.as_str());
    let nsg_name = |id: &Option<Id>| Some(design.nsgs.get(*nsg_at.get(id.as_ref()?)?)?.name.as_str());
    for s in &design.subnets {
        let special =
            matches!(s.name.as_str(), "AzureFirewallSubnet" | "GatewaySubnet" | "AzureFirewallManagementSubnet");
        let mut detail = s.prefix.to_string();
        if let Some(rt) = rt_name(&s.route_table) {
            detail.push_str(" · RT ");
            detail.push_str(rt);
        }
        if let Some(nsg) = nsg_name(&s.nsg) {
            detail.push_str(" · NSG ");
            detail.push_str(nsg);
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
    for lb in &design.load_balancers {
        let detail = format!("{} · pool {}", lb.frontend_ip, lb.backends.len());
        push(&lb.id, BoxKind::LoadBalancer, lb.name.clone(), detail);
    }
    for ng in &design.nat_gateways {
        // A tile has room for one address: the first, and how many more.
        let ips = match ng.public_ips.as_slice() {
            [] => "no public IP".to_string(),
            [one] => one.to_string(),
            [first, rest @ ..] => format!("{first} +{}", rest.len()),
        };
        push(&ng.id, BoxKind::NatGateway, ng.name.clone(), ips);
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
    // A zone holds its stored records and those its endpoints' zone groups write (D-10).
    let derived = vnet_core::records::endpoint_records(design);
    for z in &design.dns_zones {
        let records = z.records.len() + derived.iter().filter(|r| r.zone == &z.id).count();
        let detail = format!("{} · {}", plural(records, "record"), plural(z.links.len(), "link"));
        push(&z.id, BoxKind::Zone, z.name.clone(), detail);
    }
    for r in &design.rulesets {
        push(&r.id, BoxKind::Ruleset, r.name.clone(), plural(r.rules.len(), "rule"));
    }
    // How many subnets use each route table and NSG, counted once (the scene is rebuilt while dragging).
    let mut uses: HashMap<&Id, usize> = HashMap::new();
    for id in design.subnets.iter().flat_map(|s| [&s.route_table, &s.nsg]).flatten() {
        *uses.entry(id).or_default() += 1;
    }
    for rt in &design.route_tables {
        let used = uses.get(&rt.id).copied().unwrap_or(0);
        push(
            &rt.id,
            BoxKind::RouteTable,
            rt.name.clone(),
            format!("{} · {}", plural(rt.routes.len(), "route"), plural(used, "subnet")),
        );
    }
    for nsg in &design.nsgs {
        let used = uses.get(&nsg.id).copied().unwrap_or(0);
        push(
            &nsg.id,
            BoxKind::Nsg,
            nsg.name.clone(),
            format!("{} · {}", plural(nsg.rules.len(), "rule"), plural(used, "subnet")),
        );
    }

    for asg in &design.asgs {
        push(&asg.id, BoxKind::Asg, asg.name.clone(), plural(asg.nics.len(), "NIC"));
    }

    let mut lines = lines::lines(design, layout);
    if let Some(router) = router {
        let boxes: Vec<Rect> = shapes.iter().filter(|s| s.kind.stands_alone()).map(|s| s.rect).collect();
        lines::route(layout, &mut lines, &boxes, router);
    }
    // A VNet's words may be drawn above it (`LabelScale`): room for them above the top row.
    let bounds = bounds(shapes.iter().map(|s| match s.kind {
        BoxKind::Vnet => Rect::new(s.rect.x, s.rect.y - LABEL_ROOM, s.rect.w, s.rect.h + LABEL_ROOM),
        _ => s.rect,
    }));
    Scene { shapes, lines, bounds, routed: router.is_some() }
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

/// A box's frame or a line's key for the keyed lists: a hash of the whole frame or line, so a
/// moved box or line is drawn anew and the others are kept (a 64-bit collision between two
/// different items of one design is not a practical concern).
pub(crate) fn content_key<T: std::hash::Hash>(item: &T) -> u64 {
    use std::hash::{BuildHasher, BuildHasherDefault, DefaultHasher};
    BuildHasherDefault::<DefaultHasher>::default().hash_one(item)
}

/// The canvas: the scene as SVG. Pointer gestures (select, move, pan, connect, rubber band,
/// resize, pinch) are in `gesture`, the wheel (zoom) in `interaction`; shapes are keyed by their
/// content, so a move redraws only the boxes that moved.
#[component]
pub fn Canvas(scene: Memo<Scene>, store: Store, camera: Camera, overlay: Overlay) -> impl IntoView {
    let surf = Surface::new(store, scene, camera, overlay);
    let menu = use_context::<CanvasMenu>().unwrap_or_else(CanvasMenu::new);
    let view_box = move || camera.view_box(scene).to_string();
    let svg_ref = NodeRef::<leptos::svg::Svg>::new();
    let size = crate::platform::browser::observed_size(svg_ref);
    let full_text = use_context::<FullText>().map(|f| f.0);
    // Screen pixels per canvas unit; an export reads the drawing as at zoom 1.
    let scale = Memo::new(move |_| {
        if full_text.is_some_and(|f| f.get()) {
            return 1.0;
        }
        let (vb, (w, h)) = (camera.view_box(scene), size.get());
        (w / vb.w).min(h / vb.h)
    });
    let detail = Memo::new(move |_| Detail::at(scale.get()));
    let label = Memo::new(move |_| LabelScale::at(scale.get()));
    // Only what is in or near the view is drawn: a large design zoomed in draws a few hundred
    // boxes instead of thousands. "Fit" (no fixed view) shows everything.
    let window = Memo::new(move |_| camera.view.get().map(ViewBox::window));
    // What is drawn, as one memo: a change of words only (a rename) leaves it equal, and both
    // keyed lists alone.
    let drawn = Memo::new(move |_| {
        let w = window.get();
        let shown = |r: &Rect| w.is_none_or(|w| overlaps(r, &w));
        // An id is drawn once. Only a broken design (an imported file or a link; validation
        // reports it) repeats one, and its boxes share one layout rect, so the repeats would lie
        // under the first; drawn, they would share a key in the keyed list and a words slot.
        scene.with(|s| {
            // A map, not a set: the scene already uses this map type, a set would be new code.
            let mut seen: HashMap<&Id, usize> = HashMap::new();
            Drawn {
                frames: s
                    .shapes
                    .iter()
                    .enumerate()
                    .filter(|(_, sh)| shown(&sh.rect) && seen.insert(&sh.id, 0).is_none())
                    .map(|(at, sh)| Frame::of(sh, at))
                    .collect(),
                lines: s.lines.iter().filter(|l| !l.on_demand && shown(&l.bounds())).cloned().collect(),
            }
        })
    });
    let words = Words::new();
    // The words of the boxes that draw text follow every change of the scene.
    Effect::new(move || scene.with(|s| words.sync(s)));
    let assoc = move || {
        let id = store.selected.get()?;
        // With them, the selection's own lines of a crowded kind (`Line::on_demand`).
        Some(store.design.with(|d| {
            scene.with(|s| {
                let mine = s.lines.iter().filter(|l| l.on_demand && (l.a == id || l.b == id)).cloned();
                association_lines(d, s, &id).into_iter().chain(mine).collect::<Vec<_>>()
            })
        }))
    };
    let wire = move || {
        overlay.wire.get().map(|w| {
            let class = match w.ok {
                Some(true) => "wire ok",
                Some(false) => "wire bad",
                None => "wire",
            };
            let d = format!("M{:.0} {:.0} L{:.0} {:.0}", w.from.0, w.from.1, w.to.0, w.to.1);
            view! { <path class=class d=d /> }
        })
    };
    let band = move || overlay.band.get().map(|r| view! { <rect class="band" x=r.x y=r.y width=r.w height=r.h /> });
    let ghost =
        move || overlay.ghost.get().map(|r| view! { <rect class="ghost" x=r.x y=r.y width=r.w height=r.h rx=6 /> });
    let hint = move || {
        overlay.hint.get().map(|h| {
            view! {
                <div class="canvas-hint" class:error=h.error role=if h.error { "alert" } else { "status" }>
                    <span>{h.text}</span>
                    <button class="dismiss" aria-label="Dismiss" on:click=move |_| overlay.hint.set(None)>"×"</button>
                </div>
            }
        })
    };
    // The clip frames the canvas; the SVG inside draws past its own edges (overflow visible),
    // so a pan that slides it (`preview::slide`) shows what was off screen.
    view! {
        <div class="canvas-clip">
        <svg
            class="canvas"
            class:panning=move || camera.panning.get()
            class:space=move || camera.space.get()
            class:titles-only=move || detail.get() == Detail::TitlesOnly
            class:boxes-only=move || detail.get() == Detail::BoxesOnly
            data-routed=move || scene.with(|s| s.routed.to_string())
            node_ref=svg_ref
            role="img"
            aria-label="Network diagram"
            viewBox=view_box
            preserveAspectRatio="xMidYMid meet"
            tabindex="0"
            on:pointerdown=move |ev| {
                // The canvas takes the keyboard focus, so Ctrl/⌘+A selects its elements, not the page's text.
                if let Some(svg) = interaction::svg_of(&ev) {
                    let _ = svg.focus();
                }
                gesture::pointer_down(&ev, surf)
            }
            on:pointermove=move |ev| gesture::pointer_move(&ev, surf)
            on:pointerup=move |ev| gesture::pointer_up(&ev, surf)
            on:pointercancel=move |ev| gesture::pointer_up(&ev, surf)
            on:wheel=move |ev| interaction::wheel(&ev, scene, camera)
            on:contextmenu=move |ev| menu::open(&ev, menu, store)
        >
            // Lines between boxes run under the boxes; those inside one VNet (a NAT gateway's
            // bracket, a pool's backends) and the selection's associations over them.
            <g class="lines under">
                <For each=move || drawn.with(|d| d.lines.iter().filter(|l| l.kind.is_routed()).cloned().collect::<Vec<_>>()) key=content_key children=Line::view />
            </g>
            <g class="shapes">
                <For each=move || drawn.with(|d| d.frames.clone()) key=Frame::key children=move |f| box_view(f, scene, words, store, (detail, label)) />
            </g>
            <g class="lines">
                // Few (inside VNets): drawn anew with the list, not keyed.
                {move || drawn.with(|d| d.lines.iter().filter(|l| !l.kind.is_routed()).cloned().map(Line::view).collect_view())}
                {move || assoc().map(|ls| ls.into_iter().map(Line::view).collect_view())}
            </g>
            <g class="overlay">{wire} {band} {ghost}</g>
            {use_context::<CanvasLayer>().map(|layer| (layer.0)(scene))}
        </svg>
        </div>
        {hint}
        <ContextMenu menu />
    }
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}
