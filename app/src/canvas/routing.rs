//! The hub-and-spoke placement and line routing as a module of their own (DECISIONS 24: the
//! first load stays under 400 KiB; layout and line routing are among what is fetched on
//! demand). It is fetched as the studio starts, in parallel with the first design's own fetch;
//! until it is here VNets stand in a row (`layout::place::in_a_row`) and lines are straight,
//! then VNets are placed around their hub (`layout::place::place_vnets`) and lines routed
//! around the boxes (`layout::route`).

use crate::platform::lazy::Module;
use vnet_core::layout::place::{in_a_row, place_vnets};
use vnet_core::layout::route::{route_all, Point, Wire};
use vnet_core::layout::{Placer, Rect};

/// How lines go around boxes: `layout::route::route_all`, or nothing yet.
pub type Router = fn(&[Rect], &[Wire]) -> Vec<Vec<Point>>;

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

/// The routing module's handle: the router once here (tracked), and the fetch.
#[derive(Clone, Copy)]
pub struct Routes(Module<Routing>);

impl Routes {
    pub fn new() -> Self {
        Routes(Module::new())
    }

    /// The router, once here (tracked: the scene is routed again when it arrives).
    pub fn router(self) -> Option<Router> {
        self.0.get().map(|r| r.route)
    }

    /// Where VNets go: around their hub once the module is here, in a row before (tracked).
    pub fn placer(self) -> Placer {
        self.0.get().map_or(in_a_row as Placer, |r| r.place)
    }

    /// Fetches the module (once, however often called).
    pub fn load(self) {
        if self.0.get_untracked().is_none() && !self.0.is_fetching() {
            self.0.fetch(routing, |_| ());
        }
    }
}
