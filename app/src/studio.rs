//! The studio page: the design and its layout as two signals (DECISIONS 17: dragging changes
//! only the layout), engine results as memos over the design, and the few actions of the page.

use crate::browser::{self, AUTOSAVE_KEY};
use crate::canvas::{scene, Canvas};
use crate::panels::DiagnosticsPanel;
use crate::startup::{self, Notice, Origin};
use leptos::prelude::*;
use leptos::task::spawn_local;
use vnet_core::codec::{json, link};
use vnet_core::model::Design;
use vnet_core::{gallery, validate, Document, Id};

/// Share links longer than this get a warning: Safari and many chat tools cut longer links.
const LONG_LINK: usize = 4000;

#[component]
pub fn Studio() -> impl IntoView {
    let local = browser::load_local(AUTOSAVE_KEY);
    let has_local = local.is_some();
    let start = startup::choose(&browser::fragment(), local.as_deref());
    if start.origin == Origin::Default {
        // First visit: the seed lab becomes the local design, so a reload brings it back.
        browser::save_local(AUTOSAVE_KEY, &json::to_json(&start.doc));
    }
    let design = RwSignal::new(start.doc.design);
    let layout = RwSignal::new(start.doc.layout);
    let origin = RwSignal::new(start.origin);
    let notice = RwSignal::new(start.notice);
    let selected = RwSignal::new(None::<Id>);
    let share = RwSignal::new(None::<String>);

    let diagnostics = Memo::new(move |_| design.with(validate::validate));
    let scene = Memo::new(move |_| design.with(|d| layout.with(|l| scene(d, l))));
    let document = move || Document::new(design.get(), layout.get());

    let on_share = move |_| {
        let fragment = link::encode(&document());
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
        if let Some(Ok(doc)) = gallery::document(&slug) {
            design.set(doc.design);
            layout.set(doc.layout);
            selected.set(None);
            share.set(None);
            browser::set_fragment(&format!("gallery={slug}"));
            origin.set(Origin::Gallery(gallery::entry(&slug).map(|e| e.slug).unwrap_or("gallery")));
        }
    };

    view! {
        <div class="studio">
            <header class="topbar">
                <div class="brand">"vnet-studio"</div>
                <div class="design-name">{move || design_title(&design.read())}</div>
                <GalleryPicker on_pick=open_gallery />
                <button class="primary" on:click=on_share>"Copy share link"</button>
            </header>
            <NoticeBanner notice origin design layout has_local />
            <ShareBox share />
            <main class="workspace">
                <div class="canvas-wrap">
                    <Canvas scene selected />
                </div>
                <aside class="sidebar">
                    <DiagnosticsPanel diagnostics selected />
                </aside>
            </main>
        </div>
    }
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
    let options = gallery::ENTRIES
        .iter()
        .map(|e| view! { <option value=e.slug title=e.description>{e.title}</option> })
        .collect_view();
    view! {
        <label class="gallery-picker">
            <span>"Gallery"</span>
            <select on:change=move |ev| on_pick(event_target_value(&ev))>
                <option value="" selected=true disabled=true>"Open a gallery design…"</option>
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
    design: RwSignal<Design>,
    layout: RwSignal<vnet_core::layout::Layout>,
    /// Whether a design of the user's own was saved before this page opened.
    has_local: bool,
) -> impl IntoView {
    let keep_shared = move |_| {
        let doc = Document::new(design.get(), layout.get());
        browser::save_local(AUTOSAVE_KEY, &json::to_json(&doc));
        origin.set(Origin::Local);
        notice.set(Some(Notice { error: false, text: "The shared design is now your design in this browser.".into() }));
    };
    let back_to_mine = move |_| {
        if let Some(Ok(doc)) = browser::load_local(AUTOSAVE_KEY).map(|t| json::from_json(&t)) {
            design.set(doc.design);
            layout.set(doc.layout);
            origin.set(Origin::Local);
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
                                {has_local.then(|| view! { <button on:click=back_to_mine>"Back to my design"</button> })}
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
