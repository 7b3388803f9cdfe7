//! The studio page: the design and its layout as two signals (DECISIONS 17: dragging changes
//! only the layout), engine results as memos over the design, and the panels put together.

use crate::actions::keys::{self, ShortcutSheet};
use crate::actions::registry::Ctx;
use crate::canvas::gesture::Overlay;
use crate::canvas::interaction::Camera;
use crate::canvas::menu::CanvasMenu;
use crate::canvas::routing::{RouteFn, Routes};
use crate::canvas::{scene, Canvas, CanvasLayer, FullText, Presenting};
use crate::document::gallery::{self, Listing};
use crate::document::naming::title;
use crate::document::open::{Opener, ReplaceDialog};
use crate::document::startup::{Notice, Origin};
use crate::document::store::Store;
use crate::document::writing;
use crate::panels::about::AboutDesign;
use crate::panels::diagnostics::{Diagnostics, DiagnosticsPanel};
use crate::panels::properties::PropertiesPanel;
use crate::panels::sim::{LazyPanel, Shell, Tab, TabStrip};
use crate::platform::browser;
use crate::shell::banners::{NoticeBanner, ShareBox, StorageBanner};
use crate::shell::boot;
use crate::shell::export_dialog::{ExportDialog, ExportDialogView};
use crate::shell::files::FileMenu;
use crate::shell::import_dialog::{self, ImportDialog, ImportDialogView};
use crate::shell::palette::Palette;
use crate::shell::toolbar::{ActionButton, Toolbar};
use crate::shell::topbar::{DesignName, GalleryPicker, NewMenu, SavedPicker};
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::sync::Arc;
use vnet_core::layout::auto_layout_with;
use vnet_core::layout::route::Wire;
use vnet_core::layout::Rect;
use vnet_core::Document;

#[component]
pub fn Studio() -> impl IntoView {
    // The canvas starts empty; `boot::start` restores the autosave or follows the link.
    let store = Store::new(Document::new(Default::default(), Default::default()), Origin::Default);
    let (design, layout) = (store.design, store.layout);
    let notice = RwSignal::new(None::<Notice>);
    let opener = Opener::new(store, notice);
    let import = ImportDialog::new(opener);
    let export = ExportDialog::new(store);
    let share = RwSignal::new(None::<crate::actions::output::ShareLink>);
    let camera = Camera::new();
    // Another design fits the view; the share box of the one before goes.
    Effect::new(move |first: Option<()>| {
        store.opened.track();
        if first.is_some() {
            camera.fit();
            share.set(None);
        }
    });
    Effect::new(move || browser::set_title(&format!("{} — vnet-studio", title(&design.with(|d| d.name.clone())))));
    let overlay = Overlay::new();
    let sheet = RwSignal::new(false);
    let presenting = RwSignal::new(false);
    let full_text = RwSignal::new(false);
    provide_context(Presenting(presenting));
    provide_context(FullText(full_text));
    // The action registry adds its entries to the canvas context menu through this.
    let menu = CanvasMenu::new();
    provide_context(menu);

    let diagnostics = Diagnostics::new(design);
    // VNets are placed around their hub and lines routed around boxes once the routing module
    // is here (`canvas::routing`): fetched now, with the first design.
    let routes = Routes::new();
    routes.load();
    // Validation is fetched just after the first design is drawn (DECISIONS 24), or after a
    // second if none comes (a gallery design that cannot be had, say).
    Effect::new(move |first: Option<()>| {
        store.opened.track();
        if first.is_some() {
            request_animation_frame(move || {
                diagnostics.load();
                routes.load();
                writing::prefetch();
            });
        }
    });
    set_timeout(
        move || {
            diagnostics.load();
            routes.load();
            writing::prefetch();
        },
        std::time::Duration::from_secs(1),
    );
    // Laid out again when stored rects change or an edit may move boxes (`Store::placed`): a
    // keystroke in a name redraws its box without laying out 2,000 elements again.
    let placed = Memo::new(move |_| {
        store.placed.track();
        let place = routes.placer();
        layout.with(|l| design.with_untracked(|d| auto_layout_with(d, l, place)))
    });
    let scene = Memo::new(move |_| {
        let route = move |boxes: &[Rect], wires: &[Wire]| routes.route(boxes, wires);
        let router = routes.ready().then_some(&route as &RouteFn);
        design.with(|d| placed.with(|l| scene(d, l, router)))
    });
    // The simulation (engine and views) is fetched when first wanted (`panels::sim`).
    let shell = Shell::new(store, camera, scene);
    provide_context(shell);
    shell.check_intents(store);
    // The simulation draws its legs and rings inside the canvas's SVG.
    provide_context(CanvasLayer(Arc::new(move |scene| {
        shell.slot(move |sim, views| (sim.canvas_overlay)(views, scene)).into_any()
    })));
    let ctx = Ctx { store, scene, camera, shell, sheet, notice, presenting, full_text, share, opener };
    keys::install(ctx);
    keys::install_menu(ctx, menu);
    boot::start(opener);
    // The gallery's list, for the picker and New's templates.
    let listings = RwSignal::new(None::<Vec<Listing>>);
    spawn_local(async move { listings.set(gallery::index().await.ok()) });

    view! {
        <div class="studio" class:presenting=move || presenting.get()>
            // While the replace question is open, the page behind it takes no focus or input.
            <header class="topbar" inert=move || opener.asking()>
                <div class="brand">"vnet-studio"</div>
                <DesignName opener />
                <NewMenu ctx listings />
                <GalleryPicker opener listings />
                <SavedPicker opener />
                <FileMenu ctx import export />
                <ActionButton
                    ctx
                    id="present"
                    class="present"
                    pressed=Signal::derive(move || presenting.get())
                    text=Signal::derive(move || if presenting.get() { "Leave presentation" } else { "Present" }.to_string())
                />
                <ActionButton ctx id="shortcuts" class="help" />
                <ActionButton ctx id="share" class="primary" />
            </header>
            <StorageBanner store notice />
            <NoticeBanner notice />
            <ShareBox share store notice />
            <main class="workspace" inert=move || opener.asking()>
                <aside class="leftbar">
                    <Palette store scene overlay />
                </aside>
                <div class="canvas-wrap" on:dragover=import_dialog::accept_files on:drop=move |ev| import.drop(ev)>
                    <Toolbar ctx />
                    <Canvas scene store camera overlay />
                    {shell.slot(|sim, views| (sim.player_bar)(views))}
                </div>
                <aside class="sidebar" class:wide=shell.wide()>
                    <TabStrip shell />
                    <div class="tab-body" hidden=move || shell.tab.get() != Tab::Design>
                        <AboutDesign store shell listings />
                        <PropertiesPanel store diagnostics=diagnostics.list />
                        <DiagnosticsPanel diagnostics selected=store.selected />
                        <LazyPanel shell class="insights" title="Insights" body=|sim, views| (sim.insights)(views) />
                        <LazyPanel shell class="cost" title="Monthly cost" body=|sim, views| (sim.cost)(views) />
                    </div>
                    <div class="tab-body" hidden=move || shell.tab.get() == Tab::Design>{shell.waiting()}</div>
                    {shell.slot(move |sim, views| (sim.panels)(views, store))}
                </aside>
            </main>
            <ShortcutSheet open=sheet />
            <ImportDialogView dialog=import />
            <ExportDialogView dialog=export />
            <ReplaceDialog opener />
            {shell.slot(|sim, views| (sim.overlays)(views))}
        </div>
    }
}
