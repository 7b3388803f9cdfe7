//! The hub-and-spoke placement and line routing as a module of their own (DECISIONS 24: the
//! first load stays under 400 KiB; layout and line routing are among what is fetched on
//! demand). It is fetched as the studio starts, in parallel with the first design's own fetch;
//! until it is here VNets stand in a row (`layout::place::in_a_row`) and lines are straight,
//! then VNets are placed around their hub (`layout::place::place_vnets`) and lines routed
//! around the boxes (`layout::route`).

use crate::platform::lazy::Module;
use leptos::prelude::*;
use vnet_core::layout::place::{in_a_row, place_vnets};
use vnet_core::layout::route::{route_all, Point, Wire};
use vnet_core::layout::{Placer, Rect};

/// How lines go around boxes: `layout::route::route_all`.
pub type Router = fn(&[Rect], &[Wire]) -> Vec<Vec<Point>>;

/// A router as the scene takes it: the module's, behind [`Routes::route`]'s memory, or
/// `route_all` itself in tests.
pub type RouteFn = dyn Fn(&[Rect], &[Wire]) -> Vec<Vec<Point>>;

/// The last routing: its obstacles, its lines and their routes.
type Routed = (Vec<Rect>, Vec<Wire>, Vec<Vec<Point>>);

/// What the routing module provides.
pub struct Routing {
    pub route: Router,
    pub place: Placer,
}

static ROUTING: Routing = Routing { route: route_all, place: place_vnets };

/// The split point of line routing (`platform::lazy`).
#[leptos::wasm_split::wasm_split(routing, wasm_split_path = ::leptos::wasm_split, fallible)]
fn routing() -> Result<&'static Routing, leptos::wasm_split::SplitLoaderError> {
    Ok(&ROUTING)
}

/// The routing module's handle: whether it is here (tracked), the placement, the routes, and
/// the fetch. It remembers the last routing: the scene is built again on every change of the
/// design (a keystroke in a name), and the routes change only when a box or a line does.
#[derive(Clone, Copy)]
pub struct Routes(Module<Routing>, StoredValue<Option<Routed>>);

impl Routes {
    pub fn new() -> Self {
        Routes(Module::new(), StoredValue::new(None))
    }

    /// Whether the module is here (tracked: the scene is routed again when it arrives).
    pub fn ready(self) -> bool {
        self.0.get().is_some()
    }

    /// The routes of `wires` around `boxes`: the last ones when neither changed, else the
    /// module's (straight lines while it is not here).
    pub fn route(self, boxes: &[Rect], wires: &[Wire]) -> Vec<Vec<Point>> {
        let same = |(b, w, _): &Routed| b.as_slice() == boxes && w.as_slice() == wires;
        if let Some(routes) = self.1.with_value(|last| last.as_ref().filter(|l| same(l)).map(|l| l.2.clone())) {
            return routes;
        }
        let Some(table) = self.0.get_untracked() else { return Vec::new() };
        let routes = (table.route)(boxes, wires);
        self.1.set_value(Some((boxes.to_vec(), wires.to_vec(), routes.clone())));
        routes
    }

    /// Where VNets go: around their hub once the module is here, in a row before (tracked).
    pub fn placer(self) -> Placer {
        self.0.get().map_or(in_a_row as Placer, |r| r.place)
    }

    /// Fetches the module (once, however often called).
    pub fn load(self) {
        self.0.prefetch(routing);
    }
}
