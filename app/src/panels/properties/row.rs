//! One row of a form: a field's label, its input (text, lines, checkbox or a choice), its
//! syntax help, the reason its text does not parse, and core's diagnostics that name it.

use super::fields::{FieldSpec, Input};
use crate::document::store::Store;
use leptos::prelude::*;
use std::sync::Arc;
use vnet_core::edit::{Edit, Element};
use vnet_core::model::Design;
use vnet_core::validate::Diagnostic;
use vnet_core::Id;

type Getter = Arc<dyn Fn(&Design, &Element) -> Option<String> + Send + Sync>;
type Setter = Arc<dyn Fn(&Design, &mut Element, &str) -> Result<(), String> + Send + Sync>;

/// How a row reads and writes its element: `key` names it for undo (consecutive edits of one key
/// are one step); `notes` shows diagnostics of the spec's key at it (a nested item's row shows
/// none, they are at the field that lists the items).
#[derive(Clone)]
pub(super) struct Access {
    pub key: String,
    pub get: Getter,
    pub set: Setter,
    pub notes: bool,
}

impl Access {
    fn of(spec: FieldSpec) -> Self {
        Access { key: spec.key.to_string(), get: Arc::new(spec.get), set: Arc::new(spec.set), notes: true }
    }
}

#[component]
pub(super) fn FieldRow(store: Store, id: Id, spec: FieldSpec, diagnostics: Memo<Vec<Diagnostic>>) -> impl IntoView {
    row(store, id, spec, Access::of(spec), diagnostics)
}

/// A row of `spec`'s label, input and help that reads and writes the element `id` through
/// `access` (the spec's own functions, or closures for an item nested in the element).
pub(super) fn row(
    store: Store,
    id: Id,
    spec: FieldSpec,
    access: Access,
    diagnostics: Memo<Vec<Diagnostic>>,
) -> impl IntoView {
    let Access { key, get, set, notes: own_notes } = access;
    let draft = RwSignal::new(None::<String>);
    let error = RwSignal::new(None::<String>);
    let current = {
        let id = id.clone();
        Memo::new(move |_| store.design.with(|d| Element::find(d, &id).and_then(|(_, e)| get(d, &e))))
    };
    let typed = {
        let id = id.clone();
        move |text: String| {
            draft.set(Some(text.clone()));
            let Some((_, mut element)) = store.design.with_untracked(|d| Element::find(d, &id)) else { return };
            let before = element.clone();
            match store.design.with_untracked(|d| set(d, &mut element, &text)) {
                Ok(()) if element == before => error.set(None),
                Ok(()) => {
                    let key = format!("{id}/{key}");
                    let result = if matches!(spec.input, Input::Check | Input::Choice | Input::Pick) {
                        store.apply(Edit::Update(element))
                    } else {
                        store.apply_typed(Edit::Update(element), key)
                    };
                    error.set(result.err().map(|e| e.to_string()));
                }
                Err(reason) => error.set(Some(reason)),
            }
        }
    };
    // Leaving a field that parses shows the design's own text again; a field that does not
    // parse keeps its draft, so nothing typed is lost.
    // A blur can arrive after the form was closed (Escape, another selection): the row's
    // signals may be gone then, hence `try_`.
    let left = move |_| {
        store.end_typing();
        if error.try_get_untracked().flatten().is_none() {
            draft.try_set(None);
        }
    };
    let shown = move || draft.get().or_else(|| current.get()).unwrap_or_default();
    let notes = {
        let id = id.clone();
        move || {
            diagnostics.with(|ds| {
                ds.iter()
                    .filter(|d| own_notes && d.element.as_ref() == Some(&id) && path_matches(&d.field, spec.key))
                    .map(|d| view! { <p class="field-diag">{d.message.clone()}</p> })
                    .collect_view()
            })
        }
    };
    let input = match spec.input {
        Input::Check => {
            let typed = typed.clone();
            view! {
                <input
                    type="checkbox"
                    prop:checked=move || current.get().as_deref() == Some("true")
                    on:change=move |ev| typed(event_target_checked(&ev).to_string())
                />
            }
            .into_any()
        }
        Input::Text => {
            let typed = typed.clone();
            view! { <input type="text" spellcheck="false" prop:value=shown on:input=move |ev| typed(event_target_value(&ev)) on:blur=left /> }
                .into_any()
        }
        Input::Lines => {
            let typed = typed.clone();
            // Lines keep their words in columns: no wrapping, and room for what is there.
            let rows = move || (shown().lines().count() + 1).clamp(3, 14);
            view! {
                <textarea prop:rows=rows wrap="off" spellcheck="false" placeholder=spec.help prop:value=shown
                    on:input=move |ev| typed(event_target_value(&ev)) on:blur=left />
            }
            .into_any()
        }
        Input::Choice | Input::Pick => {
            let typed = typed.clone();
            let is = move |v: &str| current.with(|c| c.as_deref().unwrap_or_default() == v);
            let none = (spec.input == Input::Choice)
                .then(|| view! { <option value="" prop:selected=move || is("")>"(none)"</option> });
            // A memo: an edit that leaves the choices as they were (most) redraws none of them;
            // at 100 spokes the lists held ~1,300 options, rewritten on every keystroke.
            let choices = Memo::new(move |_| store.design.with(|d| (spec.choices)(d)));
            let options = move || {
                choices
                    .get()
                    .into_iter()
                    .map(move |(value, name)| {
                        let selected = {
                            let value = value.clone();
                            move || is(&value)
                        };
                        view! { <option value=value prop:selected=selected>{name}</option> }
                    })
                    .collect_view()
            };
            view! {
                <select on:change=move |ev| typed(event_target_value(&ev))>
                    {none}
                    {options}
                </select>
            }
            .into_any()
        }
    };
    let help = (!spec.help.is_empty())
        .then(|| view! { <details class="field-help"><summary>"Syntax"</summary><pre>{spec.help}</pre></details> });
    view! {
        <label class="field" class:check=spec.input == Input::Check class:invalid=move || error.with(Option::is_some)
            class:absent=move || current.with(Option::is_none) data-key=spec.key>
            <span class="field-label">{spec.label}</span>
            {help}
            {input}
            {move || error.get().map(|e| view! { <span class="field-error" role="alert">{e}</span> })}
            {notes}
        </label>
    }
}

/// Whether a diagnostic's field path (`nics[0].ip`) is the field `key` or inside it.
fn path_matches(path: &str, key: &str) -> bool {
    path.strip_prefix(key).is_some_and(|rest| rest.is_empty() || rest.starts_with('[') || rest.starts_with('.'))
}
