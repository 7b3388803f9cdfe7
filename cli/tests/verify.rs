//! `vnet verify` through the real binary, on gallery designs whose intents AZURE.md decides: the
//! first firewall pattern without SNAT breaks two of its three promises (E-11), with SNAT none.

use std::path::PathBuf;
use std::process::{Command, Output};

fn gallery(slug: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../public/gallery").join(format!("{slug}.json"))
}

fn verify(args: &[&str], slug: &str) -> Output {
    Command::new(env!("CARGO_BIN_EXE_vnet")).arg("verify").args(args).arg(gallery(slug)).output().expect("runs")
}

#[test]
fn a_failing_intent_exits_1_with_one_line_per_intent() {
    let out = verify(&[], "fw-pe-dedicated-vnet");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 4, "{stdout}");
    assert!(lines[0].starts_with("FAIL      it21: vm-app reaches stcontoso over HTTPS — "), "{stdout}");
    assert!(lines[0].ends_with("[E-11]"), "the rule that decided: {stdout}");
    assert!(lines[1].starts_with("FAIL      it22: vm-app → stcontoso is inspected by afw-hub both ways"), "{stdout}");
    assert!(lines[2].starts_with("PASS      it23: vm-app resolves stcontoso.blob.core.windows.net"), "{stdout}");
    assert_eq!(lines[3], "3 intents: 1 pass, 2 fail");
}

#[test]
fn every_intent_holding_exits_0_and_json_carries_the_verdicts() {
    let out = verify(&["--json"], "fw-pe-dedicated-vnet-snat");
    assert_eq!(out.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let statuses: Vec<&str> = v.as_array().into_iter().flatten().filter_map(|c| c["status"].as_str()).collect();
    assert_eq!(statuses, ["pass", "pass", "pass"]);
    assert_eq!(v[1]["summary"], "vm-app (10.1.1.4) → stcontoso: delivered through afw-hub both ways");
}

#[test]
fn a_design_without_intents_passes_and_says_how_to_add_them() {
    let out = verify(&[], "seed-lab");
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("no intents"));
}
