//! The one path by which another design replaces the open one: a gallery pick or a `#gallery=`
//! link, a share link, a file, a saved design, New. When the open design is work that would be
//! lost (`Store::is_work`), it asks first:
//! - **Keep both**: the open design goes to the saved designs first; if that write fails,
//!   nothing is replaced and the banner says why.
//! - **Discard mine**: the other design replaces it.
//! - **Cancel**: nothing changes.
//!
//! Whatever opens is autosaved as the open design after the quiet time (or as the page goes), so
//! a reload brings it back.

use crate::document::naming::title;
use crate::document::startup::{Notice, Origin};
use crate::document::store::Store;
use leptos::prelude::*;
use leptos::task::spawn_local;
use vnet_core::codec::Opened;
use vnet_core::Document;

/// A design on its way in.
#[derive(Clone)]
pub struct Incoming {
    pub doc: Document,
    pub origin: Origin,
    /// What it is, for the question: "the gallery design “Seed lab”".
    pub what: String,
    /// Said in the banner once it is open (repairs made while reading it, say).
    pub notice: Option<Notice>,
    /// A saved design leaves the saved list once it is open.
    pub saved_key: Option<String>,
}

impl Incoming {
    pub fn new(doc: Document, origin: Origin, what: impl Into<String>) -> Self {
        Incoming { doc, origin, what: what.into(), notice: None, saved_key: None }
    }

    /// A design read from a file or a link, saying once it is open what was repaired to read it
    /// (repeated ids, `codec::restore`).
    pub fn read(opened: Opened, origin: Origin, what: impl Into<String>) -> Self {
        let Opened { doc, repairs } = opened;
        let notice = (!repairs.is_empty()).then(|| {
            let said: Vec<String> = repairs.iter().map(ToString::to_string).collect();
            Notice::info(format!("Repaired while reading it: {}", said.join(" ")))
        });
        Incoming { notice, ..Incoming::new(doc, origin, what) }
    }
}

/// The user's answer to "Open …?".
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Choice {
    KeepBoth,
    Discard,
    Cancel,
}

/// Cheap to copy: every field is a handle.
#[derive(Clone, Copy)]
pub struct Opener {
    pub store: Store,
    pub notice: RwSignal<Option<Notice>>,
    /// The design waiting for the user's answer.
    pending: RwSignal<Option<Incoming>, LocalStorage>,
    /// Changes when the list of saved designs changes.
    pub saved_version: RwSignal<u64>,
}

impl Opener {
    pub fn new(store: Store, notice: RwSignal<Option<Notice>>) -> Self {
        Opener { store, notice, pending: RwSignal::new_local(None), saved_version: RwSignal::new(0) }
    }

    /// Opens `incoming` in place of the open design, asking first when that would lose work.
    pub fn open(self, incoming: Incoming) {
        if self.store.is_work() {
            self.pending.set(Some(incoming));
        } else {
            self.finish(incoming, None);
        }
    }

    /// Whether a question is open (tracked): the page behind it is inert meanwhile.
    pub fn asking(self) -> bool {
        self.pending.with(Option::is_some)
    }

    /// Acts on the answer to the pending question.
    pub fn answer(self, choice: Choice) {
        let Some(incoming) = self.pending.try_update(Option::take).flatten() else { return };
        match choice {
            Choice::Cancel => {}
            Choice::Discard => self.finish(incoming, None),
            Choice::KeepBoth => spawn_local(async move {
                let mine = self.store.document();
                let kept = match self.store.library() {
                    Some(library) => library.keep(&mine).await.map_err(|e| e.0),
                    None => Err("storage is not ready yet".to_string()),
                };
                match kept {
                    Ok(()) => {
                        self.saved_version.update(|v| *v += 1);
                        let said = format!("Kept both: “{}” is under Saved designs.", title(&mine.design.name));
                        self.finish(incoming, Some(said));
                    }
                    Err(why) => self.notice.set(Some(Notice::error(format!(
                        "Your design could not be saved aside ({why}), so nothing was opened and your design is as it was. Export it as JSON to keep a copy."
                    )))),
                }
            }),
        }
    }

    fn finish(self, incoming: Incoming, said: Option<String>) {
        let Incoming { doc, origin, notice, saved_key, .. } = incoming;
        self.store.replace(doc, origin, false);
        self.store.save_soon();
        let text: Vec<String> = said.into_iter().chain(notice.as_ref().map(|n| n.text.clone())).collect();
        let error = notice.is_some_and(|n| n.error);
        // Only when there is something to say: a notice from before (an autosave that could not
        // be read, say) stays until dismissed or replaced.
        if !text.is_empty() {
            self.notice.set(Some(Notice { error, text: text.join(" ") }));
        }
        if let (Some(key), Some(library)) = (saved_key, self.store.library()) {
            let (version, store) = (self.saved_version, self.store);
            spawn_local(async move {
                // Out of the list only once it is committed as the open design; still listed if
                // either write fails: a copy too many, never one too few.
                let (doc, origin) = (store.document(), store.origin.get_untracked());
                if library.save_current(&doc, &origin, store.edited.get_untracked()).await.is_ok() {
                    let _ = library.forget(&key).await;
                    version.update(|v| *v += 1);
                }
            });
        }
    }
}

/// The question, while one is pending.
#[component]
pub fn ReplaceDialog(opener: Opener) -> impl IntoView {
    move || {
        let what = opener.pending.with(|p| p.as_ref().map(|i| i.what.clone()))?;
        let store = opener.store;
        let mine = title(&store.design.with_untracked(|d| d.name.clone()));
        let why = if store.edited.get_untracked() {
            format!("“{mine}” has changes that are kept nowhere else.")
        } else {
            format!("“{mine}” is kept only in this browser.")
        };
        // The first choice takes the focus, so Enter keeps both; Escape cancels.
        let first = NodeRef::<leptos::html::Button>::new();
        Effect::new(move || {
            if let Some(button) = first.get() {
                let _ = button.focus();
            }
        });
        let on_key = move |ev: leptos::ev::KeyboardEvent| {
            if ev.key() == "Escape" {
                ev.stop_propagation();
                opener.answer(Choice::Cancel);
            }
        };
        Some(view! {
            <div class="modal-backdrop">
                <div class="replace-dialog" role="alertdialog" aria-modal="true" aria-labelledby="replace-title" on:keydown=on_key>
                    <h2 id="replace-title">{format!("Open {what}?")}</h2>
                    <p>{why}</p>
                    <div class="choices">
                        <button class="primary" node_ref=first on:click=move |_| opener.answer(Choice::KeepBoth)>
                            "Keep both"
                        </button>
                        <button on:click=move |_| opener.answer(Choice::Discard)>"Discard mine"</button>
                        <button on:click=move |_| opener.answer(Choice::Cancel)>"Cancel"</button>
                    </div>
                    <p class="hint">"Keep both puts your design under Saved designs first."</p>
                </div>
            </div>
        })
    }
}
