//! The top bar's document controls: the design's name (renamed in place), New (blank or from a
//! gallery template), the gallery, and the designs saved in this browser. Every one of them
//! opens through the one replace path (`document::open`), which asks before losing work.

use crate::actions::registry::{self, Ctx, Trigger};
use crate::document::gallery::{self, Listing};
use crate::document::library::Entry;
use crate::document::naming::title;
use crate::document::open::{Incoming, Opener};
use crate::document::startup::{Notice, Origin};
use leptos::prelude::*;
use leptos::task::spawn_local;
use vnet_core::edit::Edit;

/// The design's name in full, editable in place; one undo step per run of typing.
#[component]
pub fn DesignName(opener: Opener) -> impl IntoView {
    let store = opener.store;
    let name = move || store.design.with(|d| d.name.clone());
    let on_input = move |ev: leptos::ev::Event| {
        let _ = store.apply_typed(Edit::SetName(event_target_value(&ev)), "design-name".into());
    };
    view! {
        <input
            class="design-name"
            aria-label="Design name"
            title=move || format!("{} (click to rename)", title(&name()))
            placeholder=title("")
            prop:value=name
            on:input=on_input
            on:blur=move |_| store.end_typing()
            on:keydown=move |ev| {
                if ev.key() == "Enter" {
                    store.end_typing();
                }
            }
        />
    }
}

/// A `<select>` used as a menu: it shows its prompt again after every pick.
fn reset(ev: &leptos::ev::Event) {
    use wasm_bindgen::JsCast;
    if let Some(select) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlSelectElement>().ok()) {
        select.set_value("");
    }
}

/// The gallery's entries as `<option>`s (slug as value, story as tooltip), titles after `prefix`.
fn gallery_options(listings: RwSignal<Option<Vec<Listing>>>, prefix: &'static str) -> impl IntoView {
    listings.with(|l| {
        l.iter()
            .flatten()
            .map(|e| view! { <option value=e.slug.clone() title=e.description.clone()>{format!("{prefix}{}", e.title)}</option> })
            .collect_view()
    })
}

/// New: a blank design, or a copy of a gallery design to start from.
#[component]
pub fn NewMenu(ctx: Ctx, listings: RwSignal<Option<Vec<Listing>>>) -> impl IntoView {
    let opener = ctx.opener;
    let on_pick = move |ev: leptos::ev::Event| {
        let choice = event_target_value(&ev);
        reset(&ev);
        match choice.as_str() {
            "" => {}
            "blank" => {
                if let Some(new) = registry::find("new") {
                    (new.run)(&ctx, &Trigger::default());
                }
            }
            slug => gallery::open(opener, slug.to_string(), Some(Origin::New)),
        }
    };
    let templates = move || gallery_options(listings, "From ");
    view! {
        <label class="new-menu">
            <span class="visually-hidden">"New design"</span>
            <select on:change=on_pick>
                <option value="" selected=true>"New…"</option>
                <option value="blank">"Blank design"</option>
                {templates}
            </select>
        </label>
    }
}

#[component]
pub fn GalleryPicker(opener: Opener, listings: RwSignal<Option<Vec<Listing>>>) -> impl IntoView {
    let options = move || gallery_options(listings, "");
    let placeholder =
        move || if listings.with(Option::is_some) { "Open a gallery design…" } else { "Loading the gallery…" };
    let on_pick = move |ev: leptos::ev::Event| {
        let slug = event_target_value(&ev);
        reset(&ev);
        if !slug.is_empty() {
            gallery::open(opener, slug, None);
        }
    };
    view! {
        <label class="gallery-picker">
            <span class="visually-hidden">"Gallery"</span>
            <select on:change=on_pick>
                <option value="" selected=true>{placeholder}</option>
                {options}
            </select>
        </label>
    }
}

/// The designs kept in this browser; opening one takes it out of the list (through the one
/// replace path: "Keep both" puts the open design there instead).
#[component]
pub fn SavedPicker(opener: Opener) -> impl IntoView {
    let entries = RwSignal::new(Vec::<Entry>::new());
    let store = opener.store;
    Effect::new(move || {
        // Changes when the library is attached after the first render, and with every change
        // of the list.
        opener.saved_version.track();
        if let Some(library) = store.library() {
            spawn_local(async move { entries.set(library.saved().await.unwrap_or_default()) });
        }
    });
    let on_pick = move |ev: leptos::ev::Event| {
        let key = event_target_value(&ev);
        reset(&ev);
        let Some(library) = store.library().filter(|_| !key.is_empty()) else { return };
        spawn_local(async move {
            match library.read_saved(&key).await {
                Ok(doc) => {
                    let what = format!("the saved design “{}”", title(&doc.design.name));
                    let incoming = Incoming { saved_key: Some(key), ..Incoming::new(doc, Origin::Saved, what) };
                    opener.open(incoming);
                }
                Err(e) => opener.notice.set(Some(Notice::error(format!("The saved design could not be opened: {e}.")))),
            }
        });
    };
    let options = move || {
        entries.with(|es| {
            es.iter().map(|e| view! { <option value=e.key.clone()>{title(&e.name)}</option> }).collect_view()
        })
    };
    view! {
        <label class="saved-picker">
            <span class="visually-hidden">"Saved designs"</span>
            <select on:change=on_pick>
                <option value="" selected=true>"Saved designs…"</option>
                {options}
            </select>
        </label>
    }
}
