//! Issue 22 §3: golden files of every gallery design in every export format, under
//! `tests/export/<design>/<format>/<file>` (regenerate with
//! `UPDATE_EXPORT=1 cargo test -p vnet-core --test export_golden`, then read the diff). The
//! 100-spoke `large-landing-zone` is stood for by the generated 3-spoke landing zone (same
//! builder, same writer paths; its 6 MB of output would bury every review).
//!
//! Beyond the bytes: the output is deterministic; Terraform parses with `hcl-edit` (the writer
//! is `hcl-rs`'s formatter, which shares no code with `hcl-edit`'s parser), holds as many
//! resources of each type as the design implies, and names only declared resources and
//! variables; Bicep passes a structural check (balanced, every symbol defined, every parameter
//! used, no symbol twice).

mod export_checks;

use export_checks::{bicep_structure, terraform_counts, terraform_expected};
use std::path::PathBuf;
use vnet_core::export::{export, Format};
use vnet_core::layout::Layout;
use vnet_core::{Design, Document};

fn designs() -> Vec<(String, Design)> {
    let mut out: Vec<(String, Design)> = vnet_core::gallery::ENTRIES
        .iter()
        .filter(|e| e.slug != "large-landing-zone")
        .map(|e| (e.slug.to_string(), (e.build)().expect("gallery designs build")))
        .collect();
    out.push(("landing-zone-3".into(), vnet_core::gallery::generated(3).expect("the generated design builds")));
    out
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/export")
}

#[test]
fn every_gallery_design_matches_its_golden_files() {
    let update = std::env::var("UPDATE_EXPORT").is_ok_and(|v| v == "1");
    let mut stale = Vec::new();
    for (slug, d) in designs() {
        let doc = Document::new(d, Layout::default());
        for format in Format::ALL {
            let files = export(&doc, format).unwrap_or_else(|e| panic!("{slug} {}: {e}", format.name()));
            let again = export(&doc, format).expect("exports twice");
            assert_eq!(files, again, "{slug} {}: the same design gives the same bytes", format.name());
            for f in files {
                let path = root().join(&slug).join(format.name()).join(&f.path);
                if update {
                    std::fs::create_dir_all(path.parent().expect("has a parent")).expect("mkdir");
                    std::fs::write(&path, &f.text).expect("write golden");
                } else if std::fs::read_to_string(&path).ok().as_deref() != Some(f.text.as_str()) {
                    stale.push(path.display().to_string());
                }
            }
        }
    }
    assert!(
        stale.is_empty(),
        "stale golden files (UPDATE_EXPORT=1 cargo test -p vnet-core --test export_golden, then review):\n{}",
        stale.join("\n")
    );
}

#[test]
fn terraform_parses_and_holds_every_resource_the_design_implies() {
    for (slug, d) in designs() {
        let doc = Document::new(d.clone(), Layout::default());
        let files = export(&doc, Format::Terraform).expect("exports");
        let text = &files[0].text;
        let counts = terraform_counts(text).unwrap_or_else(|e| panic!("{slug}: {e}"));
        for (kind, want) in terraform_expected(&d) {
            let got = counts.get(kind).copied().unwrap_or(0);
            assert_eq!(got, want, "{slug}: {kind}");
        }
        assert!(!text.contains("password = \""), "{slug}: a secret value is written");
    }
}

#[test]
fn bicep_is_structurally_sound() {
    for (slug, d) in designs() {
        let doc = Document::new(d, Layout::default());
        let files = export(&doc, Format::Bicep).expect("exports");
        if let Err(e) = bicep_structure(&files[0].text) {
            panic!("{slug}: {e}");
        }
    }
}

#[test]
fn the_arm_template_declares_what_it_uses_and_orders_children_after_parents() {
    for (slug, d) in designs() {
        let doc = Document::new(d, Layout::default());
        let files = export(&doc, Format::Arm).expect("exports");
        let t: serde_json::Value = serde_json::from_str(&files[0].text).expect("JSON");
        let params = t["parameters"].as_object().expect("parameters");
        let text = &files[0].text;
        for (name, p) in params {
            assert!(text.contains(&format!("parameters('{name}')")), "{slug}: parameter {name} is never used");
            if p["type"] == "securestring" {
                assert!(p.get("defaultValue").is_none(), "{slug}: secret {name} has a default");
            }
        }
        let resources = t["resources"].as_array().expect("resources");
        let declared: std::collections::HashSet<String> = resources
            .iter()
            .map(|r| {
                let names: Vec<String> =
                    r["name"].as_str().unwrap_or_default().split('/').map(|n| format!("'{n}'")).collect();
                format!("resourceId('{}', {})", r["type"].as_str().unwrap_or_default(), names.join(", "))
            })
            .collect();
        for r in resources {
            assert!(r["apiVersion"].as_str().is_some_and(|v| v.len() == 10 && !v.contains("preview")), "{slug}: {r}");
            let name = r["name"].as_str().unwrap_or_default();
            let deps: Vec<&str> = r["dependsOn"].as_array().into_iter().flatten().filter_map(|x| x.as_str()).collect();
            for dep in &deps {
                let inner = dep.trim_start_matches('[').trim_end_matches(']');
                assert!(declared.contains(inner), "{slug}: {name} depends on {dep}, not in the template");
            }
            // A child resource waits for its parent.
            if let Some((parent, _)) = name.rsplit_once('/') {
                let parent_name = format!("'{}')", parent.replace('/', "', '"));
                assert!(
                    deps.iter().any(|d| d.ends_with(&format!("{parent_name}]"))),
                    "{slug}: {name} has no dependsOn on its parent"
                );
            }
        }
    }
}
