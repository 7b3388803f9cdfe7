//! The Import dialog's contents, a module fetched when the dialog first opens or files are
//! dropped (`import_dialog`, DECISIONS 24): the drop zone, paste and the commands that write the
//! input files; reading the files and handing them to the importer (`document::importing`, a
//! module of its own); the report; and opening what came of it through `document::open`.

use super::{accept_files, DialogViews, ImportDialog, Phase};
use crate::document::importing::{self, Outcome};
use crate::document::naming::title;
use crate::document::open::Incoming;
use crate::document::startup::{Notice, Origin};
use crate::platform::browser;
use leptos::prelude::*;
use leptos::task::spawn_local;
use vnet_core::codec::json;
use vnet_core::import::Report;

pub(super) static VIEWS: DialogViews = DialogViews { body: body_view, read };

/// Reads `files` (chosen or dropped) and imports them.
fn read(dialog: ImportDialog, files: Vec<web_sys::File>) {
    if files.is_empty() {
        return;
    }
    dialog.show();
    dialog.phase.set(Phase::Busy(format!("Reading {} file(s)…", files.len())));
    spawn_local(async move {
        match browser::read_files(files, importing::MAX_BYTES).await {
            Ok(files) => dialog.import(files).await,
            Err(e) => dialog.phase.set(Phase::Failed(format!("Nothing was imported: {e}."))),
        }
    });
}

impl ImportDialog {
    /// Imports `files` (name, text) and shows the report; a studio design opens at once.
    async fn import(self, files: Vec<(String, String)>) {
        let names: Vec<String> = files.iter().map(|(n, _)| n.clone()).collect();
        let mb = files.iter().map(|(_, t)| t.len()).sum::<usize>() as f64 / 1_048_576.0;
        self.phase.set(Phase::Busy(format!("Importing {} ({mb:.1} MB)…", names.join(", "))));
        let importer = match importing::importer().await {
            Ok(i) => i,
            Err(e) => return self.phase.set(Phase::Failed(format!("Nothing was imported: {e}."))),
        };
        // The progress line is painted before the import holds the page.
        browser::next_frame().await;
        match (importer.run)(files) {
            Ok(Outcome::Design { name, text }) => self.open_design(&name, &text),
            Ok(Outcome::Imported { doc, report }) => {
                self.phase.set(Phase::Done { doc, report, from: names.join(", ") });
            }
            Err(e) => self.phase.set(Phase::Failed(format!("Nothing was imported: {e}"))),
        }
    }

    fn open_design(self, file_name: &str, text: &str) {
        match json::from_json_with_repairs(text) {
            Ok(opened) => {
                let what = format!("“{}” from the file {file_name}", title(&opened.doc.design.name));
                self.close();
                self.opener.open(Incoming::read(opened, Origin::File, what));
            }
            Err(e) => self.phase.set(Phase::Failed(format!("The file {file_name} could not be opened: {e}"))),
        }
    }

    /// Opens the imported design (asking first when that would lose work).
    fn accept(self) {
        // Taken, not cloned: the imported document may hold thousands of elements.
        let taken = self.phase.try_update(|p| match p {
            Phase::Done { .. } => Some(std::mem::replace(p, Phase::Choosing)),
            _ => None,
        });
        let Some(Some(Phase::Done { doc, report, from })) = taken else { return };
        let total: usize = report.counts.values().sum();
        let mut incoming = Incoming::new(*doc, Origin::File, format!("the network imported from {from}"));
        incoming.notice = Some(Notice::info(format!(
            "Imported {total} elements from {from}. Placeholders and assumptions are listed in the import report; diagnostics and insights apply as to any design."
        )));
        self.close();
        self.opener.open(incoming);
    }
}

/// The dialog's contents for its phase: files, paste and commands; progress; the report.
fn body_view(dialog: ImportDialog) -> AnyView {
    let paste = RwSignal::new(String::new());
    let on_files = move |ev: leptos::ev::Event| {
        use wasm_bindgen::JsCast;
        let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) else { return };
        if let Some(list) = input.files() {
            read(dialog, browser::files_of(&list));
        }
        input.set_value("");
    };
    let import_paste = move |_| {
        let text = paste.get_untracked();
        if text.trim().is_empty() {
            return;
        }
        spawn_local(async move { dialog.import(vec![("pasted JSON".into(), text)]).await });
    };
    (move || {
        // Built from the phase in place: a clone would copy the imported document.
        dialog.phase.with(|phase| match phase {
            Phase::Choosing => view! {
                <label class="dropzone" on:dragover=accept_files on:drop=move |ev| dialog.drop(ev)>
                    <span>"Drop files here, or "</span>
                    <span class="button">"Choose files…"</span>
                    <input type="file" multiple=true accept=".json,application/json" class="visually-hidden" on:change=on_files />
                </label>
                <details class="paste">
                    <summary>"Paste JSON"</summary>
                    <textarea aria-label="JSON to import" rows="6" spellcheck="false" on:input=move |ev| paste.set(event_target_value(&ev))></textarea>
                    <button on:click=import_paste>"Import the pasted JSON"</button>
                </details>
                <Commands />
            }
            .into_any(),
            Phase::Busy(what) => view! {
                <p class="busy" role="status" aria-busy="true">{what.clone()}</p>
                <progress aria-label="Importing"></progress>
            }
            .into_any(),
            Phase::Failed(why) => view! {
                <p class="error" role="alert">{why.clone()}</p>
                <div class="choices"><button on:click=move |_| dialog.show()>"Try other files"</button></div>
            }
            .into_any(),
            Phase::Done { report, from, .. } => view! {
                <ReportView report=report.clone() from=from.clone() />
                <div class="choices">
                    <button class="primary" on:click=move |_| dialog.accept()>"Open the imported design"</button>
                    <button on:click=move |_| dialog.close()>"Cancel"</button>
                </div>
            }
            .into_any(),
        })
    })
    .into_any()
}

/// The commands that produce the input files, each with a copy button. They live in
/// `public/import-commands.json`, fetched when the list is first opened: text the first load
/// need not carry (DECISIONS 24).
#[component]
fn Commands() -> impl IntoView {
    let status = RwSignal::new(String::new());
    let list = RwSignal::new(None::<Result<Vec<(String, String)>, String>>);
    let load = move |_| {
        if list.get_untracked().is_some() {
            return;
        }
        spawn_local(async move {
            // Read as a `Value`, the one JSON type the first load already parses (a typed read
            // would add a deserializer to it).
            let read = browser::fetch_text("import-commands.json").await.and_then(|text| {
                let rows: serde_json::Value = serde_json::from_str(&text).map_err(|e| e.to_string())?;
                let field =
                    |r: &serde_json::Value, k: &str| r.get(k).and_then(|v| v.as_str()).unwrap_or_default().to_string();
                Ok(rows.as_array().into_iter().flatten().map(|r| (field(r, "what"), field(r, "command"))).collect())
            });
            list.set(Some(read));
        });
    };
    let rows = move || {
        list.get().map(|read| match read {
            Err(e) => view! {
                <p class="error">{format!("The commands could not be loaded ({e}); docs/import.md lists them.")}</p>
            }
            .into_any(),
            Ok(rows) => rows
                .into_iter()
                .map(|(what, command)| {
                    let text = command.clone();
                    let copy = move |_| {
                        let text = text.clone();
                        spawn_local(async move {
                            let ok = browser::copy_to_clipboard(&text).await;
                            status.set(if ok {
                                "Copied.".into()
                            } else {
                                "This browser did not allow copying.".into()
                            });
                        });
                    };
                    view! {
                        <li>
                            <span class="what">{what}</span>
                            <code>{command}</code>
                            <button class="copy" on:click=copy>"Copy"</button>
                        </li>
                    }
                })
                .collect_view()
                .into_any(),
        })
    };
    view! {
        <details class="commands" on:toggle=load>
            <summary>"Commands that write these files"</summary>
            <ul>{rows}</ul>
            <span class="status" role="status">{move || status.get()}</span>
        </details>
    }
}

/// The import report: counts, then each list that is not empty (open when short).
#[component]
fn ReportView(report: Report, from: String) -> impl IntoView {
    let total: usize = report.counts.values().sum();
    let counts = report.counts.iter().map(|(kind, n)| view! { <li>{format!("{n} {kind}")}</li> }).collect_view();
    let skipped = report.skipped.iter().map(|s| format!("{} ({}): {}", s.azure_id, s.kind, s.why)).collect();
    let placeholders =
        report.placeholders.iter().map(|p| format!("{} “{}”, {}: {}", p.kind, p.name, p.azure_id, p.why)).collect();
    let coerced = report.coerced.iter().map(|c| format!("{}: “{}” → “{}”: {}", c.path, c.from, c.to, c.why)).collect();
    let assumed = report.assumptions.iter().map(|a| format!("{}: {}", a.subject, a.text)).collect();
    let notes = report.template_notes.iter().map(|n| format!("{} {}: {}", n.file, n.path, n.message)).collect();
    let insights =
        report.insights.iter().map(|i| format!("{} ({}; {})", i.title, i.code, i.rules.join(", "))).collect();
    view! {
        <section class="import-report" aria-label="Import report">
            <p class="summary">{format!("{total} elements imported from {from}:")}</p>
            <ul class="counts">{counts}</ul>
            <ReportList title="Skipped" items=skipped />
            <ReportList title="Placeholders for resources outside the input" items=placeholders />
            <ReportList title="Values changed to fit the model" items=coerced />
            <ReportList title="Assumed (Azure's JSON does not say)" items=assumed />
            <ReportList title="Template notes" items=notes />
            <ReportList title="Insights and warnings on the imported design" items=insights />
        </section>
    }
}

#[component]
fn ReportList(title: &'static str, items: Vec<String>) -> impl IntoView {
    (!items.is_empty()).then(|| {
        let open = items.len() <= 8;
        let n = items.len();
        let lines = items.into_iter().map(|t| view! { <li>{t}</li> }).collect_view();
        view! {
            <details class="report-list" open=open>
                <summary>{format!("{title} ({n})")}</summary>
                <ul>{lines}</ul>
            </details>
        }
    })
}
