//! The studio page: the design and its layout as two signals (DECISIONS 17: dragging changes
//! only the layout), engine results as memos over the design, and the few actions of the page.

use crate::browser::{self, AUTOSAVE_KEY};
use crate::canvas::{scene, Canvas};
use crate::gesture::Overlay;
use crate::interaction::Camera;
use crate::keys::{self, ShortcutSheet};
use crate::palette::Palette;
use crate::panels::DiagnosticsPanel;
use crate::properties::PropertiesPanel;
use crate::sim::{LazyPanel, Shell, Tab, TabStrip};
use crate::startup::{self, Notice, Origin};
use crate::store::Store;
use crate::toolbar::Toolbar;
use crate::{export, gallery, saved};
use leptos::prelude::*;
use leptos::task::spawn_local;
use vnet_core::codec::{json, link};
use vnet_core::layout::auto_layout;
use vnet_core::model::Design;
use vnet_core::validate;
use wasm_bindgen::JsCast;

/// Share links longer than this get a warning: Safari and many chat tools cut longer links.
const LONG_LINK: usize = 4000;

#[component]
pub fn Studio() -> impl IntoView {
    let local = browser::load_local(AUTOSAVE_KEY);
    let has_local = local.is_some();
    let start = startup::choose(&browser::fragment(), local.as_deref());
    let first_visit = start.origin == Origin::Default;
    let store = Store::new(start.doc, start.origin);
    let (design, layout, origin) = (store.design, store.layout, store.origin);
    let notice = RwSignal::new(start.notice);
    let share = RwSignal::new(None::<String>);
    let camera = Camera::new();
    if let Some(slug) = start.fetch {
        gallery::open(store, camera, notice, slug, first_visit);
    }
    let overlay = Overlay::new();
    let sheet = RwSignal::new(false);
    let presenting = RwSignal::new(false);
    provide_context(crate::canvas::Presenting(presenting));
    provide_context(crate::canvas::FullText(RwSignal::new(false)));
    // The simulation adds its entries ("Trace from here") to the canvas context menu through this.
    provide_context(crate::menu::CanvasMenu::new());

    let diagnostics = Memo::new(move |_| design.with(validate::validate));
    // Laid out again when stored rects change or an edit may move boxes (`Store::placed`): a
    // keystroke in a name redraws its box without laying out 2,000 elements again.
    let placed = Memo::new(move |_| {
        store.placed.track();
        layout.with(|l| design.with_untracked(|d| auto_layout(d, l)))
    });
    let scene = Memo::new(move |_| design.with(|d| placed.with(|l| scene(d, l))));
    keys::install(store, scene, camera, sheet);
    // The simulation (engine and views) is fetched when first wanted (`crate::sim`).
    let shell = Shell::new(store, camera, scene);
    provide_context(shell);
    if let Some(menu) = use_context::<crate::menu::CanvasMenu>() {
        crate::sim::add_menu_entries(menu, shell);
    }

    let on_share = move |_| {
        let fragment = link::encode(&store.document());
        browser::set_fragment(&fragment);
        let url = format!("{}#{}", browser::base_url(), fragment);
        share.set(Some(url.clone()));
        spawn_local(async move {
            let copied = browser::copy_to_clipboard(&url).await;
            if !copied {
                notice.set(Some(Notice {
                    error: false,
                    text: "Copy the link from the box below: this browser did not allow copying.".into(),
                }));
            }
        });
    };

    let open_gallery = move |slug: String| {
        share.set(None);
        browser::set_fragment(&format!("gallery={slug}"));
        gallery::open(store, camera, notice, slug, false);
    };

    view! {
        <div class="studio" class:presenting=move || presenting.get()>
            <header class="topbar">
                <div class="brand">"vnet-studio"</div>
                <div class="design-name">{move || design_title(&design.read())}</div>
                <GalleryPicker on_pick=open_gallery />
                <SavedPicker store notice camera />
                <FileMenu store notice camera />
                <button class="present" aria-pressed=move || presenting.get().to_string() on:click=move |_| presenting.update(|p| *p = !*p)>
                    {move || if presenting.get() { "Leave presentation" } else { "Present" }}
                </button>
                <button class="primary" on:click=on_share>"Copy share link"</button>
            </header>
            <NoticeBanner notice origin store has_local />
            <ShareBox share />
            <main class="workspace">
                <aside class="leftbar">
                    <Palette store scene overlay />
                </aside>
                <div class="canvas-wrap">
                    <Toolbar store scene camera />
                    <Canvas scene store camera overlay />
                    {shell.slot(|sim, views| (sim.player_bar)(views))}
                </div>
                <aside class="sidebar" class:wide=shell.wide()>
                    <TabStrip shell />
                    <div class="tab-body" hidden=move || shell.tab.get() != Tab::Design>
                        <PropertiesPanel store diagnostics />
                        <DiagnosticsPanel diagnostics selected=store.selected />
                        <LazyPanel shell class="insights" title="Insights" body=|sim, views| (sim.insights)(views) />
                        <LazyPanel shell class="cost" title="Monthly cost" body=|sim, views| (sim.cost)(views) />
                    </div>
                    <div class="tab-body" hidden=move || shell.tab.get() == Tab::Design>{shell.waiting()}</div>
                    {shell.slot(move |sim, views| (sim.panels)(views, store))}
                </aside>
            </main>
            <ShortcutSheet open=sheet />
            {shell.slot(|sim, views| (sim.overlays)(views))}
        </div>
    }
}

/// Import and export: the design as a JSON file, the drawing as SVG or PNG.
#[component]
fn FileMenu(store: Store, notice: RwSignal<Option<Notice>>, camera: Camera) -> impl IntoView {
    let export_json = move |_| {
        let doc = store.document();
        browser::download(&file_name(&doc.design, "json"), "application/json", &json::to_json(&doc));
    };
    // Exports draw every box's text, even where the zoom leaves it out on screen.
    let full_text = use_context::<crate::canvas::FullText>().map(|f| f.0);
    let with_full_text = move |then: Box<dyn FnOnce()>| {
        spawn_local(async move {
            full_text.inspect(|f| f.set(true));
            leptos::task::tick().await;
            then();
            full_text.inspect(|f| f.set(false));
        })
    };
    let export_svg = move |_| {
        with_full_text(Box::new(move || {
            if let Some(svg) = export::svg_markup() {
                browser::download(&file_name(&store.design.get_untracked(), "svg"), "image/svg+xml", &svg);
            }
        }))
    };
    let export_png = move |_| {
        let name = file_name(&store.design.get_untracked(), "png");
        with_full_text(Box::new(move || {
            if let Some((svg, w, h)) = export::svg_for_png() {
                spawn_local(async move {
                    if !browser::download_png(&name, &svg, w, h).await {
                        notice.set(Some(Notice { error: true, text: "This browser could not draw the PNG.".into() }));
                    }
                });
            }
        }))
    };
    let import = move |ev: leptos::ev::Event| {
        let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) else { return };
        spawn_local(async move {
            let text = browser::read_file(&input).await;
            input.set_value("");
            let Some(text) = text else { return };
            match json::from_json(&text) {
                Ok(doc) => {
                    // Ask first (issue 5 §3); keep both: the design open until now stays in the
                    // list of saved designs.
                    let question = format!(
                        "Open \"{}\" from the file? Your current design stays under Saved designs (keep both).",
                        design_title(&doc.design)
                    );
                    if !browser::confirm(&question) {
                        return;
                    }
                    saved::keep(&store.document());
                    store.replace(doc, Origin::Local);
                    store.autosave();
                    camera.fit();
                    notice.set(Some(Notice {
                        error: false,
                        text: "Imported. Your previous design is kept under Saved designs.".into(),
                    }));
                }
                Err(e) => notice.set(Some(Notice {
                    error: true,
                    text: format!("This file could not be imported: {e} Nothing was changed."),
                })),
            }
        });
    };
    view! {
        <div class="filemenu">
            <label class="button import">
                "Import"
                <input type="file" accept=".json,application/json" class="visually-hidden" on:change=import />
            </label>
            <button on:click=export_json>"Export JSON"</button>
            <button on:click=export_svg>"SVG"</button>
            <button on:click=export_png>"PNG"</button>
        </div>
    }
}

/// Designs kept aside in this browser; opening one keeps the current design in the list.
#[component]
fn SavedPicker(store: Store, notice: RwSignal<Option<Notice>>, camera: Camera) -> impl IntoView {
    let version = RwSignal::new(0u32);
    let options = move || {
        version.track();
        store.depth.track();
        saved::list()
            .into_iter()
            .map(|(i, doc)| view! { <option value=i.to_string()>{design_title(&doc.design)}</option> })
            .collect_view()
    };
    let on_pick = move |ev: leptos::ev::Event| {
        let Ok(index) = event_target_value(&ev).parse::<usize>() else { return };
        saved::keep(&store.document());
        if let Some(doc) = saved::take(index) {
            store.replace(doc, Origin::Local);
            store.autosave();
            camera.fit();
            notice.set(Some(Notice {
                error: false,
                text: "Opened a saved design; the one you had open is saved too.".into(),
            }));
        }
        version.update(|v| *v += 1);
    };
    view! {
        <label class="saved-picker">
            <span class="visually-hidden">"Saved designs"</span>
            <select on:change=on_pick prop:value="">
                <option value="" selected=true>"Saved designs…"</option>
                {options}
            </select>
        </label>
    }
}

fn file_name(d: &Design, ext: &str) -> String {
    let base: String =
        d.name.chars().map(|c| if c.is_ascii_alphanumeric() || c == '-' { c } else { '-' }).collect::<String>();
    let base = base.trim_matches('-');
    format!("{}.{ext}", if base.is_empty() { "design" } else { base })
}

fn design_title(d: &Design) -> String {
    if d.name.is_empty() {
        "Untitled design".to_string()
    } else {
        d.name.clone()
    }
}

#[component]
fn GalleryPicker(on_pick: impl Fn(String) + 'static) -> impl IntoView {
    // The list arrives with `gallery/index.json`; until then the picker says so.
    let listings = RwSignal::new(None::<Vec<gallery::Listing>>);
    spawn_local(async move { listings.set(gallery::index().await.ok()) });
    let options = move || {
        listings.with(|l| {
            l.iter()
                .flatten()
                .map(|e| view! { <option value=e.slug.clone() title=e.description.clone()>{e.title.clone()}</option> })
                .collect_view()
        })
    };
    let placeholder =
        move || if listings.with(Option::is_some) { "Open a gallery design…" } else { "Loading the gallery…" };
    view! {
        <label class="gallery-picker">
            <span>"Gallery"</span>
            <select on:change=move |ev| on_pick(event_target_value(&ev))>
                <option value="" selected=true disabled=true>{placeholder}</option>
                {options}
            </select>
        </label>
    }
}

/// The banner above the canvas: errors opening a link, or the choice a shared link offers.
#[component]
fn NoticeBanner(
    notice: RwSignal<Option<Notice>>,
    origin: RwSignal<Origin>,
    store: Store,
    /// Whether a design of the user's own was saved before this page opened.
    has_local: bool,
) -> impl IntoView {
    let keep_shared = move |_| {
        origin.set(Origin::Local);
        store.autosave();
        notice.set(Some(Notice { error: false, text: "The shared design is now your design in this browser.".into() }));
    };
    // Keep both (DECISIONS 16): the shared design becomes the open one, the user's own design
    // goes to the list of saved designs.
    let keep_both = move |_| {
        if let Some(Ok(mine)) = browser::load_local(AUTOSAVE_KEY).map(|t| json::from_json(&t)) {
            saved::keep(&mine);
        }
        origin.set(Origin::Local);
        store.autosave();
        // The list of saved designs is read again when `depth` changes.
        store.depth.update(|_| {});
        notice.set(Some(Notice {
            error: false,
            text: "Kept both: the shared design is open, yours is under Saved designs.".into(),
        }));
    };
    let back_to_mine = move |_| {
        if let Some(Ok(doc)) = browser::load_local(AUTOSAVE_KEY).map(|t| json::from_json(&t)) {
            store.replace(doc, Origin::Local);
            browser::clear_fragment();
            notice.set(None);
        }
    };
    move || {
        notice.get().map(|n| {
            let class = if n.error { "notice error" } else { "notice info" };
            let offer = origin.get() == Origin::Link;
            view! {
                <div class=class role=if n.error { "alert" } else { "status" }>
                    <span class="notice-text">{n.text}</span>
                    {offer
                        .then(|| {
                            view! {
                                <button on:click=keep_shared>"Keep this design"</button>
                                {has_local
                                    .then(|| {
                                        view! {
                                            <button on:click=keep_both>"Keep both"</button>
                                            <button on:click=back_to_mine>"Back to my design"</button>
                                        }
                                    })}
                            }
                        })}
                    <button class="dismiss" aria-label="Dismiss" on:click=move |_| notice.set(None)>"×"</button>
                </div>
            }
        })
    }
}

#[component]
fn ShareBox(share: RwSignal<Option<String>>) -> impl IntoView {
    move || {
        share.get().map(|url| {
            let len = url.len();
            let warning = (len > LONG_LINK).then(|| {
                view! {
                    <span class="warn">
                        "Over 4,000 characters: some browsers and chat tools cut links this long. Export the design as a file instead."
                    </span>
                }
            });
            view! {
                <div class="sharebox">
                    <label>
                        <span>"Share link"</span>
                        <input class="share-url" readonly=true value=url.clone() />
                    </label>
                    <span class="share-len">{format!("{len} characters")}</span>
                    {warning}
                </div>
            }
        })
    }
}
