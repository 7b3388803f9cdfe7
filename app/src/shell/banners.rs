//! The banners above the canvas: what just happened (`Notice`), whether the design is saved
//! (persistent while it is not), and the share link.

use crate::actions::output::{export_json, share_link, ShareLink};
use crate::document::startup::Notice;
use crate::document::store::{Saving, Store};
use leptos::prelude::*;

/// Share links longer than this get a warning: Safari and many chat tools cut longer links.
const LONG_LINK: usize = 4000;

/// What just happened: an error opening something, what was kept. Dismissable.
#[component]
pub fn NoticeBanner(notice: RwSignal<Option<Notice>>) -> impl IntoView {
    move || {
        notice.get().map(|n| {
            let class = if n.error { "notice error" } else { "notice info" };
            view! {
                <div class=class role=if n.error { "alert" } else { "status" }>
                    <span class="notice-text">{n.text}</span>
                    <button class="dismiss" aria-label="Dismiss" on:click=move |_| notice.set(None)>"×"</button>
                </div>
            }
        })
    }
}

/// Says, for as long as it is true, that the open design is not saved in this browser, and
/// offers the way to keep it anyway. It goes away by itself once an autosave succeeds.
#[component]
pub fn StorageBanner(store: Store, notice: RwSignal<Option<Notice>>) -> impl IntoView {
    move || {
        let text = match store.saving.get() {
            Saving::Saved => return None,
            Saving::Failed(why) => format!("This design is not saved: {why}. Export it as JSON to keep it."),
            Saving::Unavailable(why) => {
                format!("Nothing will be kept in this browser: {why}. Export your design as JSON to keep it.")
            }
        };
        Some(view! {
            <div class="notice error storage" role="alert">
                <span class="notice-text">{text}</span>
                <button on:click=move |_| export_json(store, notice)>"Export JSON"</button>
            </div>
        })
    }
}

#[component]
pub fn ShareBox(share: RwSignal<Option<ShareLink>>, store: Store, notice: RwSignal<Option<Notice>>) -> impl IntoView {
    move || {
        share.get().map(|ShareLink { url, azure }| {
            // An imported design's ids name subscriptions and resource groups: left out unless kept.
            let toggle = azure.map(|kept| {
                view! {
                    <label class="share-azure">
                        <input
                            type="checkbox"
                            checked=kept
                            on:change=move |ev| share_link(store, share, notice, event_target_checked(&ev))
                        />
                        "Keep Azure resource ids, subscriptions and tags in the link"
                    </label>
                }
            });
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
                    {toggle}
                    {warning}
                </div>
            }
        })
    }
}
