//! The records a zone's private endpoints write through their DNS zone groups (AZURE.md D-10).
//! They are derived, never stored (DECISIONS 25), so the zone's form lists them read-only beside
//! its own records, each with the endpoint that writes it; the engine answers them like stored
//! ones.

use crate::document::store::Store;
use leptos::prelude::*;
use vnet_core::model::RecordData;
use vnet_core::records::{zone_records, RecordOrigin};
use vnet_core::Id;

/// One line: `mystorage A 10.1.1.4 — from endpoint pe-blob`.
fn line(name: &str, data: &RecordData, endpoint: &str, answered: bool) -> String {
    let value = match data {
        RecordData::A { ips } => format!("A {}", ips.iter().map(ToString::to_string).collect::<Vec<_>>().join(" ")),
        RecordData::Cname { target } => format!("CNAME {target}"),
    };
    let shadowed = if answered { "" } else { " (another record of this name answers)" };
    format!("{name} {value} — from endpoint {endpoint}{shadowed}")
}

/// The section for zone `id`, or nothing when `id` is not a zone.
pub(super) fn section(store: Store, id: Id) -> Option<impl IntoView> {
    let is_zone = store.design.with_untracked(|d| d.dns_zones.iter().any(|z| z.id == id));
    if !is_zone {
        return None;
    }
    let lines = move || {
        store.design.with(|d| {
            zone_records(d, &id)
                .into_iter()
                .filter_map(|r| match &r.origin {
                    RecordOrigin::Endpoint { name, .. } => Some(line(&r.name, &r.data, name, r.answered)),
                    _ => None,
                })
                .collect::<Vec<_>>()
        })
    };
    Some(view! {
        <fieldset class="zone-derived">
            <legend>"From endpoints (D-10)"</legend>
            {move || {
                let lines = lines();
                if lines.is_empty() {
                    view! { <p class="hint">"None: a private endpoint whose DNS zone group names this zone writes its A record here."</p> }.into_any()
                } else {
                    view! { <ul>{lines.into_iter().map(|l| view! { <li>{l}</li> }).collect_view()}</ul> }.into_any()
                }
            }}
        </fieldset>
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_derived_record_says_which_endpoint_writes_it() {
        let data = RecordData::A { ips: vec!["10.1.1.4".parse().unwrap(), "10.1.1.5".parse().unwrap()] };
        assert_eq!(line("mystorage", &data, "pe-blob", true), "mystorage A 10.1.1.4 10.1.1.5 — from endpoint pe-blob");
        assert!(line("mystorage", &data, "pe-2", false).ends_with("(another record of this name answers)"));
    }
}
