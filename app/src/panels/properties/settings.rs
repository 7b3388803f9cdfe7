//! The design's own settings, shown when nothing is selected: the simulator's choice for E-5
//! (which protocols a private endpoint's /32 route applies to), how many GB a TB is in the cost
//! panel (C-22), and which dated price table the estimate uses. Each change is one undo step
//! (`Edit::SetSettings`) and travels with the design and its link.

use crate::document::store::Store;
use leptos::prelude::*;
use vnet_core::catalog::prices;
use vnet_core::edit::Edit;
use vnet_core::model::{PeRouteProtocols, Settings, TbConvention};

/// One setting: its label, its options as (value, label), how to read it and how to set it.
struct Setting {
    label: &'static str,
    key: &'static str,
    options: fn() -> Vec<(String, String)>,
    get: fn(&Settings) -> String,
    set: fn(&mut Settings, &str),
}

const SETTINGS: &[Setting] = &[
    Setting {
        label: "Private endpoint routes apply to (E-5, a simulator's choice)",
        key: "peRouteProtocols",
        options: || {
            vec![
                ("TcpOnly".into(), "TCP only (observed in the field)".into()),
                ("AllProtocols".into(), "Every protocol (the docs' silence)".into()),
            ]
        },
        get: |s| {
            match s.pe_route_protocols {
                PeRouteProtocols::TcpOnly => "TcpOnly",
                PeRouteProtocols::AllProtocols => "AllProtocols",
            }
            .into()
        },
        set: |s, v| {
            s.pe_route_protocols =
                if v == "AllProtocols" { PeRouteProtocols::AllProtocols } else { PeRouteProtocols::TcpOnly }
        },
    },
    Setting {
        label: "A TB in the cost panel is (C-22)",
        key: "tbConvention",
        options: || vec![("Binary1024".into(), "1,024 GB".into()), ("Decimal1000".into(), "1,000 GB".into())],
        get: |s| {
            match s.tb_convention {
                TbConvention::Binary1024 => "Binary1024",
                TbConvention::Decimal1000 => "Decimal1000",
            }
            .into()
        },
        set: |s, v| {
            s.tb_convention = if v == "Decimal1000" { TbConvention::Decimal1000 } else { TbConvention::Binary1024 }
        },
    },
    Setting {
        label: "Price table",
        key: "priceTable",
        options: || {
            let newest = (String::new(), format!("The newest ({})", prices::latest().date));
            let dated =
                prices::PRICE_TABLES.iter().rev().map(|t| (t.date.to_string(), format!("Pinned to {}", t.date)));
            std::iter::once(newest).chain(dated).collect()
        },
        get: |s| s.price_table.clone(),
        set: |s, v| s.price_table = v.to_string(),
    },
];

#[component]
pub fn DesignSettings(store: Store) -> impl IntoView {
    let rows = SETTINGS
        .iter()
        .map(|setting| {
            let current = Memo::new(move |_| store.design.with(|d| (setting.get)(&d.settings)));
            let options = (setting.options)()
                .into_iter()
                .map(|(value, label)| {
                    let is = value.clone();
                    view! { <option value=value prop:selected=move || current.with(|c| *c == is)>{label}</option> }
                })
                .collect_view();
            let changed = move |ev| {
                let mut settings = store.design.with_untracked(|d| d.settings.clone());
                (setting.set)(&mut settings, &event_target_value(&ev));
                // An unchanged setting is no undo step.
                if store.design.with_untracked(|d| d.settings != settings) {
                    let _ = store.apply(Edit::SetSettings(settings));
                }
            };
            view! {
                <label class="field" data-key=setting.key>
                    <span class="field-label">{setting.label}</span>
                    <select on:change=changed>{options}</select>
                </label>
            }
        })
        .collect_view();
    view! {
        <div class="design-settings">
            <p class="kind">"Design settings"</p>
            {rows}
        </div>
    }
}
