//! How the studio starts, and what a new URL fragment does. At start: open the browser's
//! database (saying at once when there is none), move the first edition's documents over,
//! restore the autosaved design, then follow the fragment — or, on a first visit, open the seed
//! lab. A fragment that changes in an open tab (a pasted link, back or forward) is followed the
//! same way, through the one replace path.

use crate::document::gallery;
use crate::document::library::Library;
use crate::document::naming::title;
use crate::document::open::{Incoming, Opener};
use crate::document::startup::{Fragment, Notice, Origin};
use crate::platform::browser;
use leptos::prelude::*;
use leptos::task::spawn_local;
use vnet_core::Document;

/// The gallery design a first visit opens.
const FIRST_VISIT: &str = "seed-lab";

/// Starts the studio's document: runs once, after the first render.
pub fn start(opener: Opener) {
    spawn_local(async move {
        let store = opener.store;
        let fragment = take_fragment();
        // A `#gallery=` design is fetched while the database opens: a first visit waits for one,
        // not both in a row.
        let slug = fragment.strip_prefix("gallery=").map(str::to_string);
        let prefetch = async move {
            match slug {
                Some(slug) => Some(gallery::design(&slug).await),
                None => None,
            }
        };
        let (library, prefetched) = futures::future::join(Library::open(), prefetch).await;
        let mut problems = Vec::new();
        if library.unavailable().is_none() {
            if let Err(e) = library.migrate().await {
                problems.push(format!(
                    "Designs saved by an earlier version could not be moved over ({e}); they stay where they were and are tried again on the next visit."
                ));
            }
        }
        let restored = match library.current().await {
            Ok(Some((doc, meta))) => {
                store.replace(doc, Origin::from_tag(&meta.origin), meta.edited);
                true
            }
            Ok(None) => false,
            Err(_) if library.unavailable().is_some() => false,
            Err(e) => {
                problems.push(format!("Your autosaved design could not be opened: {e}."));
                false
            }
        };
        store.attach(library);
        // The saved designs can be listed now.
        opener.saved_version.update(|v| *v += 1);
        if !problems.is_empty() {
            opener.notice.set(Some(Notice::error(problems.join(" "))));
        }
        follow(opener, &fragment, restored, prefetched);
    });
    let on_hash = window_event_listener(leptos::ev::hashchange, move |_| {
        let fragment = take_fragment();
        if !fragment.is_empty() {
            follow(opener, &fragment, true, None);
        }
    });
    on_cleanup(move || on_hash.remove());
}

/// Reads the fragment and clears it: it is an instruction, followed once (`startup`).
fn take_fragment() -> String {
    let fragment = browser::fragment();
    if !fragment.is_empty() {
        browser::clear_fragment();
    }
    fragment
}

/// Opens what `fragment` names (a gallery design possibly already fetched); with nothing open
/// (`has_design` false), the seed lab.
fn follow(opener: Opener, fragment: &str, has_design: bool, prefetched: Option<Result<Document, String>>) {
    let seed_lab = move || {
        if !has_design {
            gallery::open(opener, FIRST_VISIT.to_string(), Some(Origin::Default));
        }
    };
    match Fragment::parse(fragment) {
        Fragment::Nothing => seed_lab(),
        Fragment::Gallery(slug) => match prefetched {
            Some(fetched) => gallery::open_fetched(opener, slug, fetched, None),
            None => gallery::open(opener, slug, None),
        },
        Fragment::Link(opened) => {
            let what = format!("the shared design “{}”", title(&opened.doc.design.name));
            opener.open(Incoming::read(*opened, Origin::Link, what));
        }
        Fragment::Broken(text) => {
            opener.notice.set(Some(Notice::error(text)));
            seed_lab();
        }
    }
}
