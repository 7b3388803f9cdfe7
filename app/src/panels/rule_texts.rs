//! Rule texts (title, summary, simulator's choice, source) for the rule ids the engine cites,
//! fetched once from `rules.json` when the simulation mounts (`views::Views::new`). The file is
//! generated from `vnet_core::catalog::rules` (`core/tests/rule_assets.rs`); keeping ~85 KB of prose out of the
//! wasm keeps the first page load inside its budget (DECISIONS 24).

use leptos::prelude::*;
use leptos::task::spawn_local;
use serde::Deserialize;
use std::collections::HashMap;
use std::rc::Rc;

/// One rule's text, as `rules.json` has it.
#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct RuleText {
    pub id: String,
    pub section: String,
    pub title: String,
    pub summary: String,
    pub source: String,
    #[serde(default)]
    pub sim_choice: Option<String>,
}

/// Where the texts are: not asked for yet, on the way, here, or failed (with why).
#[derive(Clone, Debug, Default)]
enum State {
    #[default]
    Idle,
    Loading,
    Ready(Rc<HashMap<String, RuleText>>),
    Failed(String),
}

/// The studio's one copy of the rule texts; `Copy`, so views can hold it.
#[derive(Clone, Copy)]
pub struct RuleTexts(RwSignal<State, LocalStorage>);

thread_local! {
    static SHARED: RuleTexts = RuleTexts(RwSignal::new_local(State::Idle));
}

impl RuleTexts {
    /// The studio's one copy: every rule link and dialog reads the same fetch.
    pub fn shared() -> Self {
        SHARED.with(|t| *t)
    }

    /// Starts the fetch unless it has started; cheap to call on every hover or click.
    pub fn load(self) {
        if !matches!(self.0.get_untracked(), State::Idle | State::Failed(_)) {
            return;
        }
        self.0.set(State::Loading);
        spawn_local(async move {
            let state = match fetch().await {
                Ok(list) => State::Ready(Rc::new(list.into_iter().map(|r| (r.id.clone(), r)).collect())),
                Err(e) => State::Failed(e),
            };
            self.0.set(state);
        });
    }

    /// The text of `id` (reactive: `None` until the texts arrive), or why it is missing.
    pub fn get(self, id: &str) -> Result<Option<RuleText>, String> {
        self.0.with(|s| match s {
            State::Ready(map) => {
                map.get(id).cloned().map(Some).ok_or_else(|| format!("{id} is not in the rule catalog."))
            }
            State::Failed(e) => Err(format!("The rule texts could not be loaded: {e}")),
            State::Idle | State::Loading => Ok(None),
        })
    }

    /// Whether the texts are here (reactive).
    pub fn ready(self) -> bool {
        self.0.with(|s| matches!(s, State::Ready(_)))
    }

    /// The rule's title, or "" until the texts arrive (for tooltips and captions).
    pub fn title(self, id: &str) -> String {
        self.get(id).ok().flatten().map(|r| r.title).unwrap_or_default()
    }
}

async fn fetch() -> Result<Vec<RuleText>, String> {
    let text = crate::platform::browser::fetch_text("rules.json").await?;
    serde_json::from_str(&text).map_err(|e| e.to_string())
}
