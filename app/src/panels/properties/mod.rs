//! The properties panel: the fields of the selected element, edited in place. While a field's
//! text does not parse, it stays in the field as a draft with the reason next to it, and the
//! last valid design stays in force (DECISIONS 12); diagnostics from core that name the field are
//! shown at the field too.
//!
//! The element forms (every field editor and line grammar) are a module of their own, fetched on
//! the first selection (`forms`, a split point like `crate::panels::sim`'s): a first visit that only
//! looks at a design does not load them. The design settings, shown with nothing selected, stay
//! in the first load.

mod dns_fields;
mod field_text;
mod fields;
mod firewall_rules;
mod hybrid_fields;
mod nic_fields;
mod paas_fields;
mod settings;
mod vm_roles;

use crate::document::store::Store;
use crate::platform::lazy::Module;
use fields::{FieldSpec, Input};
use leptos::prelude::*;
use vnet_core::edit::{Edit, Element};
use vnet_core::validate::Diagnostic;
use vnet_core::Id;

/// The top-level element that holds `id` (itself, or the owner of a nested element).
fn owner(store: Store, id: &Id) -> Option<Element> {
    store.design.with_untracked(|d| Element::all(d).into_iter().find(|e| e.ids().contains(id)))
}

/// What the forms module provides (see the module doc).
pub struct Forms {
    form: fn(Store, Element, Memo<Vec<Diagnostic>>) -> AnyView,
}

static FORMS: Forms =
    Forms { form: |store, element, diagnostics| view! { <ElementForm store element diagnostics /> }.into_any() };

/// The split point of the element forms (`crate::platform::lazy`).
#[leptos::wasm_split::wasm_split(forms, wasm_split_path = ::leptos::wasm_split, fallible)]
fn forms() -> Result<&'static Forms, leptos::wasm_split::SplitLoaderError> {
    Ok(&FORMS)
}

#[component]
pub fn PropertiesPanel(store: Store, diagnostics: Memo<Vec<Diagnostic>>) -> impl IntoView {
    let module = Module::<Forms>::new();
    // The first selection fetches the forms.
    Effect::new(move |_| {
        if store.selected.with(Option::is_some) && module.get().is_none() {
            module.fetch(forms, |_| ());
        }
    });
    // Rebuilt when the selection changes, not on every edit, so typing keeps the focus.
    let form = move || {
        let id = store.selected.get()?;
        let element = owner(store, &id)?;
        match module.get() {
            Some(forms) => Some((forms.form)(store, element, diagnostics)),
            None => Some(module.waiting("editor", move || module.fetch(forms, |_| ())).into_any()),
        }
    };
    view! {
        <section class="panel properties" aria-label="Properties">
            <h2>"Properties"</h2>
            {move || {
                form().unwrap_or_else(|| {
                    view! {
                        <p class="hint">"Select an element to edit it."</p>
                        <settings::DesignSettings store />
                    }
                    .into_any()
                })
            }}
        </section>
    }
}

#[component]
fn ElementForm(store: Store, element: Element, diagnostics: Memo<Vec<Diagnostic>>) -> AnyView {
    let id = element.id().clone();
    let kind = element.kind();
    let rows = fields::fields(kind)
        .into_iter()
        .flatten()
        .copied()
        .map(|spec| view! { <FieldRow store id=id.clone() spec diagnostics /> })
        .collect_view();
    // Peering links are drawn as lines; their flags are edited with the VNet they belong to.
    let peerings = store.design.with_untracked(|d| {
        d.peerings
            .iter()
            .filter(|p| p.vnet == id)
            .map(|p| {
                let remote =
                    d.vnet(&p.remote_vnet).map(|v| v.name.clone()).unwrap_or_else(|| p.remote_vnet.to_string());
                let rows = fields::fields(vnet_core::model::ElementKind::Peering)
                    .into_iter()
                    .flatten()
                    .copied()
                    .map(|spec| view! { <FieldRow store id=p.id.clone() spec diagnostics /> })
                    .collect_view();
                view! {
                    <fieldset class="peering">
                        <legend>{format!("Peering to {remote}")}</legend>
                        {rows}
                    </fieldset>
                }
            })
            .collect_view()
    });
    let whole = {
        let id = id.clone();
        move || {
            diagnostics.with(|ds| {
                ds.iter()
                    .filter(|d| d.element.as_ref() == Some(&id) && d.field.is_empty())
                    .map(|d| view! { <p class="field-diag">{d.message.clone()}</p> })
                    .collect_view()
            })
        }
    };
    view! {
        <div class="element-form" data-id=id.to_string()>
            <p class="kind">{kind.label()}</p>
            {whole}
            {rows}
            {peerings}
        </div>
    }
    .into_any()
}

#[component]
fn FieldRow(store: Store, id: Id, spec: FieldSpec, diagnostics: Memo<Vec<Diagnostic>>) -> impl IntoView {
    let draft = RwSignal::new(None::<String>);
    let error = RwSignal::new(None::<String>);
    let current = {
        let id = id.clone();
        Memo::new(move |_| store.design.with(|d| Element::find(d, &id).and_then(|(_, e)| (spec.get)(d, &e))))
    };
    let typed = {
        let id = id.clone();
        move |text: String| {
            draft.set(Some(text.clone()));
            let Some((_, mut element)) = store.design.with_untracked(|d| Element::find(d, &id)) else { return };
            let before = element.clone();
            match store.design.with_untracked(|d| (spec.set)(d, &mut element, &text)) {
                Ok(()) if element == before => error.set(None),
                Ok(()) => {
                    let key = format!("{id}/{}", spec.key);
                    let result = if matches!(spec.input, Input::Check | Input::Choice) {
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
                    .filter(|d| d.element.as_ref() == Some(&id) && path_matches(&d.field, spec.key))
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
        Input::Choice => {
            let typed = typed.clone();
            let is = move |v: &str| current.with(|c| c.as_deref().unwrap_or_default() == v);
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
                    <option value="" prop:selected=move || is("")>"(none)"</option>
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
