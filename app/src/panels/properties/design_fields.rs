//! The design's own inputs (schema v2), shown with nothing selected: its description, the public
//! DNS records the simulated internet answers (D-15: the storage cluster's CNAME, a name a design
//! needs), and service prefixes that replace the catalog's synthetic ones. Each change is one undo
//! step per field (`Edit::SetInputs`); a text that does not parse stays as a draft with the reason.

use super::fields::{each_line, line_error, list, prefix, records, show_records};
use crate::document::store::Store;
use leptos::prelude::*;
use std::collections::BTreeMap;
use vnet_core::edit::{DesignInputs as Inputs, Edit};
use vnet_core::validate::Diagnostic;

struct DesignField {
    label: &'static str,
    key: &'static str,
    help: &'static str,
    get: fn(&Inputs) -> String,
    set: fn(&mut Inputs, &str) -> Result<(), String>,
}

const FIELDS: &[DesignField] = &[
    DesignField {
        label: "Description",
        key: "description",
        help: "",
        get: |i| i.description.clone(),
        set: |i, t| {
            i.description = t.trim_end().to_string();
            Ok(())
        },
    },
    DesignField {
        label: "Public DNS records (D-15)",
        key: "publicDns",
        help: "FQDN A IP[,IP] | FQDN CNAME TARGET\ne.g. mystorage.blob.core.windows.net CNAME blob.ams07prdstr02a.store.core.windows.net",
        get: |i| show_records(&i.public_dns),
        set: |i, t| {
            i.public_dns = records(t)?;
            Ok(())
        },
    },
    DesignField {
        label: "Service prefixes (replace the catalog's)",
        key: "servicePrefixes",
        help: "SERVICE-TAG PREFIX[,PREFIX]\ne.g. Storage.WestEurope 20.60.0.0/16,20.150.0.0/17",
        get: |i| show_service_prefixes(&i.service_prefixes),
        set: |i, t| {
            i.service_prefixes = service_prefixes(t)?;
            Ok(())
        },
    },
];

fn show_service_prefixes(map: &BTreeMap<String, Vec<ipnet::Ipv4Net>>) -> String {
    map.iter().map(|(tag, ps)| format!("{tag} {}", super::fields::joined(ps))).collect::<Vec<_>>().join("\n")
}

/// One service tag per line with its prefixes; a tag written twice is an error.
fn service_prefixes(text: &str) -> Result<BTreeMap<String, Vec<ipnet::Ipv4Net>>, String> {
    let mut out = BTreeMap::new();
    for (n, words) in each_line(text) {
        let at = |e| line_error(n, e);
        let [tag, ps] = words.as_slice() else { return Err(at("write 'SERVICE-TAG PREFIX[,PREFIX]'.".into())) };
        let ps = list(ps, "prefix", prefix).map_err(at)?;
        if out.insert(tag.clone(), ps).is_some() {
            return Err(at(format!("{tag} is written twice: put its prefixes on one line.")));
        }
    }
    Ok(out)
}

#[component]
pub(super) fn DesignInputs(store: Store, diagnostics: Memo<Vec<Diagnostic>>) -> impl IntoView {
    let rows = FIELDS.iter().map(|f| design_row(store, f, diagnostics)).collect_view();
    view! { <div class="design-form">{rows}</div> }
}

fn design_row(store: Store, f: &'static DesignField, diagnostics: Memo<Vec<Diagnostic>>) -> impl IntoView {
    let draft = RwSignal::new(None::<String>);
    let error = RwSignal::new(None::<String>);
    let current = Memo::new(move |_| store.design.with(|d| (f.get)(&Inputs::of(d))));
    let typed = move |text: String| {
        draft.set(Some(text.clone()));
        let mut inputs = store.design.with_untracked(Inputs::of);
        let before = inputs.clone();
        match (f.set)(&mut inputs, &text) {
            Ok(()) if inputs == before => error.set(None),
            Ok(()) => {
                let result = store.apply_typed(Edit::SetInputs(inputs), format!("design/{}", f.key));
                error.set(result.err().map(|e| e.to_string()));
            }
            Err(reason) => error.set(Some(reason)),
        }
    };
    let left = move |_| {
        store.end_typing();
        if error.try_get_untracked().flatten().is_none() {
            draft.try_set(None);
        }
    };
    let shown = move || draft.get().unwrap_or_else(|| current.get());
    let rows = move || (shown().lines().count() + 1).clamp(3, 14);
    let notes = move || {
        diagnostics.with(|ds| {
            ds.iter()
                .filter(|d| d.element.is_none() && d.field.starts_with(f.key))
                .map(|d| view! { <p class="field-diag">{d.message.clone()}</p> })
                .collect_view()
        })
    };
    let help = (!f.help.is_empty())
        .then(|| view! { <details class="field-help"><summary>"Syntax"</summary><pre>{f.help}</pre></details> });
    // Prose wraps; record and prefix lines keep their columns.
    let wrap = if f.key == "description" { "soft" } else { "off" };
    view! {
        <label class="field" class:invalid=move || error.with(Option::is_some) data-key=f.key>
            <span class="field-label">{f.label}</span>
            {help}
            <textarea prop:rows=rows wrap=wrap spellcheck=f.key == "description" placeholder=f.help prop:value=shown
                on:input=move |ev| typed(event_target_value(&ev)) on:blur=left />
            {move || error.get().map(|e| view! { <span class="field-error" role="alert">{e}</span> })}
            {notes}
        </label>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn design_inputs_print_what_they_parse() {
        let mut inputs = Inputs::default();
        let texts = [
            "A hub and two spokes.",
            "mystorage.blob.core.windows.net CNAME blob.ams07.store.core.windows.net\nwww.contoso.com A 203.0.113.10, 203.0.113.11",
            "Storage 20.60.0.0/16\nStorage.WestEurope 20.60.0.0/16,20.150.0.0/17",
        ];
        for (f, text) in FIELDS.iter().zip(texts) {
            (f.set)(&mut inputs, text).unwrap();
            assert_eq!((f.get)(&inputs), text, "{}", f.key);
        }
        assert_eq!(inputs.service_prefixes["Storage.WestEurope"].len(), 2);
    }

    #[test]
    fn design_input_errors_name_the_line_and_the_problem() {
        assert_eq!(service_prefixes("Storage").unwrap_err(), "Line 1: write 'SERVICE-TAG PREFIX[,PREFIX]'.");
        assert!(service_prefixes("\nStorage 20.60.0.0/33")
            .unwrap_err()
            .starts_with("Line 2: '20.60.0.0/33' is not an IPv4 prefix"));
        assert!(service_prefixes("Sql 1.0.0.0/8\nSql 2.0.0.0/8").unwrap_err().contains("written twice"));
        assert!(records("www.contoso.com MX mail").unwrap_err().starts_with("Line 1: use"));
    }
}
