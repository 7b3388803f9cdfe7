//! The properties panel: the fields of the selected element, edited in place. While a field's
//! text does not parse, it stays in the field as a draft with the reason next to it, and the
//! last valid design stays in force (DECISIONS 12); diagnostics from core that name the field are
//! shown at the field too.
//!
//! The element forms (every field editor and line grammar) are a module of their own, fetched on
//! the first selection (`forms`, a split point like `crate::panels::sim`'s): a first visit that only
//! looks at a design does not load them. The design settings, shown with nothing selected, stay
//! in the first load; the design's own inputs (description, public DNS, service prefixes) are a
//! form of the module, fetched when their section is opened.

mod azure;
mod balancing_fields;
mod design_fields;
mod dns_fields;
mod field_text;
mod fields;
mod firewall_rules;
mod hybrid_fields;
mod nic_fields;
mod onprem_dns;
mod paas_fields;
mod row;
mod settings;
mod vm_roles;
mod zone_records;

use crate::document::store::Store;
use crate::platform::lazy::Module;
use leptos::prelude::*;
use row::FieldRow;
use vnet_core::edit::Element;
use vnet_core::validate::Diagnostic;
use vnet_core::Id;

/// The top-level element that holds `id` (itself, or the owner of a nested element).
fn owner(store: Store, id: &Id) -> Option<Element> {
    store.design.with_untracked(|d| Element::all(d).into_iter().find(|e| e.ids().contains(id)))
}

/// What the forms module provides (see the module doc).
pub struct Forms {
    form: fn(Store, Element, Memo<Vec<Diagnostic>>) -> AnyView,
    design: fn(Store, Memo<Vec<Diagnostic>>) -> AnyView,
}

static FORMS: Forms = Forms {
    form: |store, element, diagnostics| view! { <ElementForm store element diagnostics /> }.into_any(),
    design: |store, diagnostics| view! { <design_fields::DesignInputs store diagnostics /> }.into_any(),
};

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
    // The design's inputs, behind a disclosure that fetches the forms when first opened.
    let inputs_open = RwSignal::new(false);
    let inputs = move || {
        inputs_open.get().then(|| match module.get() {
            Some(forms) => (forms.design)(store, diagnostics),
            None => module.waiting("editor", move || module.fetch(forms, |_| ())).into_any(),
        })
    };
    let toggled = move |ev: leptos::ev::Event| {
        let open = event_target::<web_sys::Element>(&ev).has_attribute("open");
        if open && module.get_untracked().is_none() {
            module.fetch(forms, |_| ());
        }
        inputs_open.set(open);
    };
    view! {
        <section class="panel properties" aria-label="Properties">
            <h2>"Properties"</h2>
            {move || {
                form().unwrap_or_else(|| {
                    view! {
                        <p class="hint">"Select an element to edit it."</p>
                        <settings::DesignSettings store />
                        <details class="design-inputs" on:toggle=toggled>
                            <summary>"Description, public DNS, service prefixes"</summary>
                            {inputs}
                        </details>
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
    // On-premises DNS servers have settings of their own, each in a fieldset of the site's form.
    let servers =
        (kind == vnet_core::model::ElementKind::Site).then(|| onprem_dns::servers(store, id.clone(), diagnostics));
    let azure = azure::section(store, id.clone(), diagnostics);
    let derived = zone_records::section(store, id.clone());
    view! {
        <div class="element-form" data-id=id.to_string()>
            <p class="kind">{kind.label()}</p>
            {whole}
            {rows}
            {peerings}
            {servers}
            {derived}
            {azure}
        </div>
    }
    .into_any()
}
