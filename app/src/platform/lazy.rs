//! A wasm module fetched on demand, as the main side sees it: not yet here, on its way, here,
//! or failed (and retried on the next ask).
//!
//! The build cuts the studio's wasm at `wasm_split` points (`scripts/split-wasm`); each point
//! is a function returning a `&'static` table of plain functions, which becomes a
//! [`Module`] here: the simulation (`panels::sim`), the element forms of the properties panel
//! (`panels::properties`), validation (`panels::diagnostics`), line routing (`canvas::routing`),
//! the editing operations (`document::editor`), and the Import and Export dialogs' contents
//! (`shell::import_dialog`, `shell::export_dialog`). Modules nothing on screen waits for
//! (`document::writing`, `document::importing`, `canvas::export`) are awaited at their split
//! point instead.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos::wasm_split::SplitLoaderError;
use std::future::Future;

/// Whether the module is on its way or failed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Loading {
    Idle,
    Fetching,
    Failed,
}

/// A split module's table of functions, `T`, once fetched. `Copy` (signal handles).
pub struct Module<T: 'static> {
    table: RwSignal<Option<&'static T>, LocalStorage>,
    loading: RwSignal<Loading>,
}

impl<T> Clone for Module<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for Module<T> {}

impl<T> Module<T> {
    pub fn new() -> Self {
        Module { table: RwSignal::new_local(None), loading: RwSignal::new(Loading::Idle) }
    }

    /// The table, once here (tracked).
    pub fn get(self) -> Option<&'static T> {
        self.table.get()
    }

    /// The table, once here (untracked).
    pub fn get_untracked(self) -> Option<&'static T> {
        self.table.get_untracked()
    }

    /// Whether a fetch is on its way.
    pub fn is_fetching(self) -> bool {
        self.loading.get_untracked() == Loading::Fetching
    }

    /// Fetches the module if it is neither here nor on its way (once, however often called).
    pub fn prefetch<F>(self, entry: fn() -> F)
    where
        F: Future<Output = Result<&'static T, SplitLoaderError>> + 'static,
    {
        if self.table.get_untracked().is_none() && !self.is_fetching() {
            self.fetch(entry, |_| ());
        }
    }

    /// Runs `then` with the module: at once when it is here, else once `entry` (its split point)
    /// has fetched it, a task later. Every call while it is absent awaits `entry`, whose loader
    /// fetches the file once however many wait; a failure is shown by [`Module::waiting`] and
    /// drops `then`.
    pub fn fetch<F>(self, entry: fn() -> F, then: impl FnOnce(&'static T) + 'static)
    where
        F: Future<Output = Result<&'static T, SplitLoaderError>> + 'static,
    {
        if let Some(table) = self.table.get_untracked() {
            then(table);
            return;
        }
        self.loading.set(Loading::Fetching);
        spawn_local(async move {
            match entry().await {
                Ok(table) => {
                    self.loading.set(Loading::Idle);
                    then(table);
                    if self.table.get_untracked().is_none() {
                        self.table.set(Some(table));
                    }
                }
                Err(_) => self.loading.set(Loading::Failed),
            }
        });
    }

    /// What a panel shows while the module is on its way ("Loading the `what`…"), or after it
    /// failed, with "Try again" running `retry`.
    pub fn waiting(self, what: &'static str, retry: impl Fn() + Copy + Send + Sync + 'static) -> impl IntoView {
        move || match self.loading.get() {
            Loading::Idle => None,
            Loading::Fetching => Some(view! { <p class="hint" role="status">"Loading the "{what}"…"</p> }.into_any()),
            Loading::Failed => Some(
                view! {
                    <p class="hint error" role="alert">
                        "The "{what}" could not be loaded (is the network down?). "
                        <button class="link" on:click=move |_| retry()>"Try again"</button>
                    </p>
                }
                .into_any(),
            ),
        }
    }
}

impl<T> Default for Module<T> {
    fn default() -> Self {
        Self::new()
    }
}
