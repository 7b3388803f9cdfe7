//! "About this design" (issue 20 §5): with nothing selected, the Design tab opens with what the
//! open design demonstrates — a gallery design's story from the gallery's list, otherwise the
//! design's own description — and up to four of its saved questions, each asked by one click
//! (the answer's tab opens and the simulation is fetched if it is not here yet).
//!
//! It reads what the design and the gallery already say; it decides nothing.

use crate::document::gallery::Listing;
use crate::document::startup::Origin;
use crate::document::store::Store;
use crate::panels::sim::{Ask, Shell};
use leptos::prelude::*;
use vnet_core::model::Ask as Question;

/// Questions offered at most (the rest are in the Trace and DNS tabs).
const SHOWN: usize = 4;
/// A design's own description is cut here (the design settings show all of it).
const STORY_CHARS: usize = 400;

/// The gallery entry the open design came from, if any (the seed lab of a first visit too).
fn listing_of(origin: &Origin, listings: &[Listing]) -> Option<Listing> {
    let slug = match origin {
        Origin::Gallery(slug) => slug.as_str(),
        Origin::Default => "seed-lab",
        _ => return None,
    };
    listings.iter().find(|l| l.slug == slug).cloned()
}

fn cut(text: &str) -> String {
    let text = text.trim();
    match text.char_indices().nth(STORY_CHARS) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text.to_string(),
    }
}

#[component]
pub fn AboutDesign(store: Store, shell: Shell, listings: RwSignal<Option<Vec<Listing>>>) -> impl IntoView {
    let story = Memo::new(move |_| {
        let listed = store.origin.with(|o| listings.with(|l| l.as_deref().and_then(|l| listing_of(o, l))));
        let own = store.design.with(|d| cut(&d.description));
        match listed {
            // A gallery design edited into something else keeps its description only.
            Some(l) if !store.edited.get() => Some((l.title, l.description)),
            _ => (!own.is_empty()).then(|| (store.design.with(|d| d.name.clone()), own)),
        }
    });
    let questions = Memo::new(move |_| {
        store.design.with(|d| {
            d.questions
                .iter()
                .take(SHOWN)
                .map(|q| (q.id.clone(), q.title.clone(), matches!(q.ask, Question::Trace { .. })))
                .collect::<Vec<_>>()
        })
    });
    let shown = move || {
        store.selected.with(Option::is_none) && (story.with(Option::is_some) || questions.with(|q| !q.is_empty()))
    };
    move || {
        shown().then(|| {
            let heading = story.get().map(|(title, text)| {
                view! {
                    <h2 class="about-title">{title}</h2>
                    <p class="about-story">{text}</p>
                }
            });
            let asks = questions
                .get()
                .into_iter()
                .map(|(id, title, trace)| {
                    let kind = if trace { "trace" } else { "DNS" };
                    let ask = move |_| shell.ask(Ask::Question { trace }, id.clone());
                    view! {
                        <li><button type="button" class="about-ask" on:click=ask>
                            <span class="question-kind">{kind}</span>" "{title}
                        </button></li>
                    }
                })
                .collect_view();
            let has_asks = questions.with(|q| !q.is_empty());
            view! {
                <section class="about-design" aria-label="About this design">
                    {heading}
                    {has_asks.then(|| view! { <p class="about-try">"Try it — one click each:"</p> })}
                    <ul class="about-asks">{asks}</ul>
                </section>
            }
        })
    }
}
