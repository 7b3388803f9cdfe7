//! `vnet import` and Azure's JSON in place of a design file (issue 19 §2), through the real
//! binary, on the hub-and-spoke fixtures of core.

use std::path::PathBuf;
use std::process::Command;

fn fixtures() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../core/tests/fixtures/import/hub-spoke"))
}

fn vnet(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_vnet")).args(args).env("NO_COLOR", "1").output().expect("runs");
    let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
    (out.status.code().unwrap_or(-1), text(&out.stdout), text(&out.stderr))
}

#[test]
fn import_prints_the_report_and_writes_a_design_that_checks() {
    let az = fixtures().join("az");
    let out_path = std::env::temp_dir().join(format!("vnet-cli-import-{}.json", std::process::id()));
    let (code, out, err) = vnet(&["import", az.to_str().unwrap(), "-o", out_path.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with("Imported 18 element(s):"), "{out}");
    assert!(out.contains("3 virtual network") && out.contains("1 Azure Firewall"), "{out}");
    let (code, out, err) = vnet(&["check", out_path.to_str().unwrap()]);
    let _ = std::fs::remove_file(&out_path);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("0 errors"), "{out}");
}

#[test]
fn the_report_as_json() {
    let arg = fixtures().join("arg.json");
    let (code, out, err) = vnet(&["import", "--json", arg.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    let report: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    assert_eq!(report["counts"]["virtual network"], 3);
    assert!(report["skipped"].as_array().is_some_and(|s| s.is_empty()));
}

#[test]
fn other_subcommands_take_azure_json_in_place_of_a_design() {
    let arg = fixtures().join("arg.json");
    let (code, out, err) = vnet(&["trace", arg.to_str().unwrap(), "vm-app2", "10.1.1.4", "tcp", "443"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("fw-hub"), "the trace goes through the imported firewall: {out}");
    assert!(err.starts_with("note: imported 18 element(s)"), "{err}");
    // Several files joined with commas.
    let az = fixtures().join("az");
    let files: Vec<String> = ["vnets.json", "route-tables.json", "nics.json", "vms.json"]
        .iter()
        .map(|f| az.join(f).to_string_lossy().into_owned())
        .collect();
    let (code, out, err) = vnet(&["routes", &files.join(","), "nic-app1"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("VirtualAppliance") && out.contains("10.0.1.4"), "{out}");
}

#[test]
fn json_without_azure_resources_exits_2_naming_the_file() {
    let path = std::env::temp_dir().join(format!("vnet-cli-import-empty-{}.json", std::process::id()));
    std::fs::write(&path, r#"{"hello": "world"}"#).expect("temp file");
    let f = path.to_str().unwrap();
    let (code, out, err) = vnet(&["import", f]);
    let _ = std::fs::remove_file(&path);
    assert_eq!(code, 2, "{out}");
    assert!(err.contains(f) && err.contains("no Azure resources"), "{err}");
}

#[test]
fn export_then_import_gives_the_design_back() {
    let arg = fixtures().join("arg.json");
    let (code, exported, err) = vnet(&["export", arg.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    let path = std::env::temp_dir().join(format!("vnet-cli-export-{}.json", std::process::id()));
    std::fs::write(&path, &exported).expect("temp file");
    let (code, out, err) = vnet(&["import", path.to_str().unwrap()]);
    let _ = std::fs::remove_file(&path);
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with("Imported 18 element(s):"), "{out}");
    assert!(!out.contains("Skipped"), "{out}");
}
