//! The Export dialog's contents, a module fetched when the dialog first opens (`export_dialog`,
//! DECISIONS 24): the format choice, the file written for it (by the core's `export`, or by the
//! writing module for the design's own JSON), a preview of its first lines, Download and Copy,
//! and the defaults the file assumes where the design holds nothing (VM sizes and images, SKUs),
//! read back from what the writers put in the file.
//!
//! Every format writes one file today. Should one write several, each gets its own preview and
//! Download (a zip would then be worth a dependency; none is taken for one file).

use super::{Choice, ExportDialog, ExportViews};
use crate::document::naming::{export_file_name, file_name};
use crate::document::writing;
use crate::platform::browser;
use leptos::prelude::*;
use leptos::task::spawn_local;
use vnet_core::export::{export, Format};
use vnet_core::Document;

pub(super) static VIEWS: ExportViews = ExportViews { body: body_view };

/// Lines in the preview; Download and Copy take the whole file.
const PREVIEW_LINES: usize = 400;

/// A choice as the dialog offers it.
struct Offer {
    choice: Choice,
    label: &'static str,
    /// The file it writes, as the list shows it.
    file: &'static str,
    /// What the file is for.
    about: &'static str,
}

const OFFERS: &[Offer] = &[
    Offer {
        choice: Choice::Design,
        label: "Design JSON",
        file: ".json",
        about: "The studio's own file: everything the design holds (traffic, questions, layout), to open again here or check with the vnet CLI.",
    },
    Offer {
        choice: Choice::Arm,
        label: "ARM template",
        file: "azuredeploy.json",
        about: "A deployment template (az deployment group create --template-file azuredeploy.json). Imports back into the studio as the same design; what ARM cannot carry travels in its metadata.",
    },
    Offer {
        choice: Choice::ArmResources,
        label: "ARM resources",
        file: "resources.json",
        about: "The flat resource list, as the REST API and Resource Graph describe a deployed network. Imports back into the studio; not a deployable template.",
    },
    Offer {
        choice: Choice::Bicep,
        label: "Bicep",
        file: "main.bicep",
        about: "A Bicep file with parameters and symbolic references (az deployment group create --template-file main.bicep). For deploying; not imported back.",
    },
    Offer {
        choice: Choice::Terraform,
        label: "Terraform",
        file: "main.tf",
        about: "A Terraform configuration for the azurerm provider (terraform init, plan, apply). For deploying; not imported back.",
    },
];

/// A file ready to go.
#[derive(Clone)]
struct Ready {
    /// Its path in the export (`main.tf`).
    path: String,
    /// The name it downloads as, after the design (`Seed-lab-main.tf`).
    download: String,
    mime: &'static str,
    text: String,
}

/// What the dialog shows below the choice.
enum Output {
    Writing,
    Files(Vec<Ready>),
    Failed(String),
}

/// The open design's files for `choice`.
async fn write(choice: Choice, doc: Document) -> Result<Vec<Ready>, String> {
    let name = doc.design.name.clone();
    let format = match choice {
        Choice::Design => {
            let w = writing::writer().await.map_err(|e| format!("The design could not be written: {e}."))?;
            let download = file_name(&name, "json");
            return Ok(vec![Ready {
                path: download.clone(),
                download,
                mime: "application/json",
                text: (w.json)(&doc),
            }]);
        }
        Choice::Arm => Format::Arm,
        Choice::ArmResources => Format::ArmResources,
        Choice::Bicep => Format::Bicep,
        Choice::Terraform => Format::Terraform,
    };
    let files = export(&doc, format).map_err(|e| format!("Nothing to export: {e}."))?;
    Ok(files
        .into_iter()
        .map(|f| Ready {
            download: export_file_name(&name, &f.path),
            mime: if f.path.ends_with(".json") { "application/json" } else { "text/plain" },
            path: f.path,
            text: f.text,
        })
        .collect())
}

/// The defaults a file assumes where the design holds nothing, as its writer lists them: the
/// indented lines of a Bicep or Terraform file's header comment, an ARM template's parameters
/// that have a default value. Empty for anything else.
fn defaults(path: &str, text: &str) -> Vec<String> {
    let marker = if path.ends_with(".tf") {
        "#"
    } else if path.ends_with(".bicep") {
        "//"
    } else if path.ends_with("azuredeploy.json") {
        return template_defaults(text);
    } else {
        return Vec::new();
    };
    text.lines()
        .map_while(|l| l.strip_prefix(marker))
        .filter_map(|l| l.strip_prefix("   "))
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect()
}

/// An ARM template's parameters with a default, as `name = value`.
fn template_defaults(text: &str) -> Vec<String> {
    let Ok(template) = serde_json::from_str::<serde_json::Value>(text) else { return Vec::new() };
    let Some(params) = template.get("parameters").and_then(|p| p.as_object()) else { return Vec::new() };
    params.iter().filter_map(|(name, p)| p.get("defaultValue").map(|v| format!("{name} = {v}"))).collect()
}

/// A size as people read it.
fn size(bytes: usize) -> String {
    match bytes {
        0..1024 => format!("{bytes} B"),
        1024..1_048_576 => format!("{:.1} KB", bytes as f64 / 1024.0),
        _ => format!("{:.1} MB", bytes as f64 / 1_048_576.0),
    }
}

/// The first `n` lines of `text`, and how many it has.
fn head(text: &str, n: usize) -> (String, usize) {
    (text.split_inclusive('\n').take(n).collect(), text.lines().count())
}

fn body_view(dialog: ExportDialog) -> AnyView {
    let output = RwSignal::new_local(Output::Writing);
    let status = RwSignal::new(String::new());
    // Which write is the latest: a slow one finishing after the choice changed is dropped.
    let latest = StoredValue::new(0u32);
    Effect::new(move || {
        let choice = dialog.choice.get();
        let doc = dialog.store.document();
        latest.update_value(|n| *n += 1);
        let mine = latest.get_value();
        output.set(Output::Writing);
        status.set(String::new());
        spawn_local(async move {
            // "Writing…" is painted before a large design's export holds the page.
            browser::next_frame().await;
            let out = match write(choice, doc).await {
                Ok(files) => Output::Files(files),
                Err(why) => Output::Failed(why),
            };
            if latest.try_get_value() == Some(mine) {
                output.try_set(out);
            }
        });
    });
    let offers = OFFERS
        .iter()
        .map(|o| {
            let choice = o.choice;
            let chosen = move || dialog.choice.get() == choice;
            view! {
                <label class="format" class:chosen=chosen>
                    <input type="radio" name="export-format" prop:checked=chosen on:change=move |_| dialog.choice.set(choice) />
                    <span class="label">{o.label}</span>
                    <span class="file">{o.file}</span>
                </label>
            }
        })
        .collect_view();
    let about = move || {
        let choice = dialog.choice.get();
        OFFERS.iter().find(|o| o.choice == choice).map(|o| o.about)
    };
    let files = move || {
        output.with(|o| match o {
            Output::Writing => view! { <p class="busy" role="status" aria-busy="true">"Writing…"</p> }.into_any(),
            Output::Failed(why) => view! { <p class="error" role="alert">{why.clone()}</p> }.into_any(),
            Output::Files(files) => files.iter().cloned().map(|f| file_view(f, status)).collect_view().into_any(),
        })
    };
    view! {
        <div class="export-body">
            <fieldset class="formats">
                <legend>"Format"</legend>
                {offers}
            </fieldset>
            <div class="export-output">
                <p class="hint">{about}</p>
                {files}
                <p class="status" role="status">{move || status.get()}</p>
            </div>
        </div>
    }
    .into_any()
}

/// One file: its name and size, Copy and Download, the defaults it assumes, its first lines.
fn file_view(file: Ready, status: RwSignal<String>) -> impl IntoView {
    let (shown, lines) = head(&file.text, PREVIEW_LINES);
    let defaults = defaults(&file.path, &file.text);
    let facts = format!("{} · {lines} lines", size(file.text.len()));
    let cut = (lines > PREVIEW_LINES).then(|| {
        view! {
            <p class="hint cut">
                {format!("The preview shows the first {PREVIEW_LINES} of {lines} lines; Download and Copy take the whole file.")}
            </p>
        }
    });
    let note = (!defaults.is_empty()).then(|| {
        let items = defaults.into_iter().map(|d| view! { <li><code>{d}</code></li> }).collect_view();
        view! {
            <details class="defaults">
                <summary>"Defaults to review (the design does not hold these)"</summary>
                <ul>{items}</ul>
                <p class="hint">"Passwords have no default and are never written: they are asked for at deployment."</p>
            </details>
        }
    });
    let preview_label = format!("Preview of {}", file.path);
    let (name, text, mime) = (file.download.clone(), file.text.clone(), file.mime);
    let download = move |_| {
        let done = browser::download(&name, mime, &text);
        status.set(if done {
            format!("Downloaded {name}.")
        } else {
            "This browser did not allow the download.".into()
        });
    };
    let (path, text) = (file.path.clone(), file.text);
    let copy = move |_| {
        let (path, text) = (path.clone(), text.clone());
        spawn_local(async move {
            let ok = browser::copy_to_clipboard(&text).await;
            status.set(if ok {
                format!("Copied {path}.")
            } else {
                "This browser did not allow copying: use Download.".into()
            });
        });
    };
    view! {
        <section class="export-file" aria-label=file.path.clone()>
            <div class="file-head">
                <span class="file-name">{file.download}</span>
                <span class="file-facts">{facts}</span>
                <button class="copy" on:click=copy>"Copy"</button>
                <button class="primary" on:click=download>"Download"</button>
            </div>
            {note}
            <pre class="export-preview" tabindex="0" aria-label=preview_label>{shown}</pre>
            {cut}
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TF: &str = include_str!("../../../../tests/export/seed-lab/terraform/main.tf");
    const BICEP: &str = include_str!("../../../../tests/export/seed-lab/bicep/main.bicep");
    const ARM: &str = include_str!("../../../../tests/export/seed-lab/arm/azuredeploy.json");
    const RESOURCES: &str = include_str!("../../../../tests/export/seed-lab/arm-resources/resources.json");

    #[test]
    fn the_defaults_are_read_from_each_writers_header() {
        let tf = defaults("main.tf", TF);
        assert!(tf.contains(&r#"vm_size = "Standard_B2s""#.to_string()), "{tf:?}");
        assert!(tf.iter().any(|d| d.starts_with("storage_replication_type")), "{tf:?}");
        let bicep = defaults("main.bicep", BICEP);
        assert!(bicep.contains(&"vmSize = 'Standard_B2s'".to_string()), "{bicep:?}");
        assert_eq!(tf.len(), bicep.len(), "the same assumptions in both: {tf:?} {bicep:?}");
        let arm = defaults("azuredeploy.json", ARM);
        assert!(arm.contains(&r#"vmSize = "Standard_B2s""#.to_string()), "{arm:?}");
        // A secret has no default, so it is never listed.
        assert!(!arm.iter().any(|d| d.starts_with("adminPassword")), "{arm:?}");
        assert!(defaults("resources.json", RESOURCES).is_empty());
    }

    #[test]
    fn the_preview_is_the_first_lines() {
        let (shown, lines) = head(TF, 3);
        assert_eq!(lines, TF.lines().count());
        assert_eq!(shown.lines().count(), 3);
        assert!(TF.starts_with(&shown));
        assert_eq!(size(900), "900 B");
        assert_eq!(size(2048), "2.0 KB");
        assert_eq!(size(3 * 1_048_576), "3.0 MB");
    }
}
