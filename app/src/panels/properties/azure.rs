//! The "Azure" section of an element's form (schema v2, DECISIONS 25-26): where the element came
//! from (its resource id, read-only: import writes it and export reads it back), whether it is a
//! placeholder for a resource outside the design, and its tags, edited as `KEY=VALUE` pairs.

use super::fields::{no_choices, FieldSpec, Input, OTHER_KIND};
use super::nic_fields::{show_tags, tags};
use super::row::FieldRow;
use crate::document::store::Store;
use leptos::prelude::*;
use vnet_core::edit::Element;
use vnet_core::model::Meta;
use vnet_core::validate::Diagnostic;
use vnet_core::Id;

/// The element's metadata; traffic assumptions, saved questions and intents have none.
fn meta(e: &Element) -> Option<&Meta> {
    use Element as E;
    Some(match e {
        E::Vnet(x) => &x.meta,
        E::Subnet(x) => &x.meta,
        E::Peering(x) => &x.meta,
        E::RouteTable(x) => &x.meta,
        E::Nsg(x) => &x.meta,
        E::Vm(x) => &x.meta,
        E::Firewall(x) => &x.meta,
        E::Gateway(x) => &x.meta,
        E::Site(x) => &x.meta,
        E::Paas(x) => &x.meta,
        E::PrivateEndpoint(x) => &x.meta,
        E::Zone(x) => &x.meta,
        E::Resolver(x) => &x.meta,
        E::Ruleset(x) => &x.meta,
        E::LoadBalancer(x) => &x.meta,
        E::NatGateway(x) => &x.meta,
        E::Asg(x) => &x.meta,
        E::Traffic(_) | E::Question(_) | E::Intent(_) => return None,
    })
}

fn meta_mut(e: &mut Element) -> Option<&mut Meta> {
    use Element as E;
    Some(match e {
        E::Vnet(x) => &mut x.meta,
        E::Subnet(x) => &mut x.meta,
        E::Peering(x) => &mut x.meta,
        E::RouteTable(x) => &mut x.meta,
        E::Nsg(x) => &mut x.meta,
        E::Vm(x) => &mut x.meta,
        E::Firewall(x) => &mut x.meta,
        E::Gateway(x) => &mut x.meta,
        E::Site(x) => &mut x.meta,
        E::Paas(x) => &mut x.meta,
        E::PrivateEndpoint(x) => &mut x.meta,
        E::Zone(x) => &mut x.meta,
        E::Resolver(x) => &mut x.meta,
        E::Ruleset(x) => &mut x.meta,
        E::LoadBalancer(x) => &mut x.meta,
        E::NatGateway(x) => &mut x.meta,
        E::Asg(x) => &mut x.meta,
        E::Traffic(_) | E::Question(_) | E::Intent(_) => return None,
    })
}

const TAGS: FieldSpec = FieldSpec {
    label: "Tags (KEY=VALUE, …)",
    key: "meta.tags",
    input: Input::Text,
    help: "",
    choices: no_choices,
    get: |_, e| meta(e).map(|m| show_tags(&m.tags)),
    set: |_, e, text| match meta_mut(e) {
        Some(m) => {
            m.tags = tags(text)?;
            Ok(())
        }
        None => Err(OTHER_KIND.into()),
    },
};

/// What the section says of where the element comes from.
fn origin(m: &Meta) -> String {
    match (m.azure_id.is_empty(), m.external) {
        (true, false) => "Drawn in the studio: no Azure resource id.".into(),
        (true, true) => "A placeholder for a resource outside this design (DECISIONS 26).".into(),
        (false, false) => m.azure_id.clone(),
        (false, true) => format!("{} (a placeholder outside this design, DECISIONS 26)", m.azure_id),
    }
}

/// The section for the element `id`, or nothing for a kind without metadata.
pub(super) fn section(store: Store, id: Id, diagnostics: Memo<Vec<Diagnostic>>) -> Option<impl IntoView> {
    let has = store.design.with_untracked(|d| Element::find(d, &id).is_some_and(|(_, e)| meta(&e).is_some()));
    if !has {
        return None;
    }
    let shown = {
        let id = id.clone();
        move || store.design.with(|d| Element::find(d, &id).and_then(|(_, e)| meta(&e).map(origin)))
    };
    Some(view! {
        <fieldset class="azure">
            <legend>"Azure"</legend>
            <p class="azure-id" title="The Azure resource id, kept by import and written back by export">{shown}</p>
            <FieldRow store id spec=TAGS diagnostics />
        </fieldset>
    })
}
