//! The README's command-line examples, run as written on the seed lab (gallery 1) in place of
//! the placeholder `design.json`: each must succeed, so the README cannot drift from the binary.

use std::process::Command;

const PREFIX: &str = "cargo run -q -p vnet-cli -- ";

#[test]
fn the_readme_examples_run_on_the_seed_lab() {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../README.md")).expect("README");
    let doc = vnet_core::gallery::document("seed-lab").expect("gallery entry").expect("builds");
    let path = std::env::temp_dir().join(format!("vnet-cli-readme-{}.json", std::process::id()));
    std::fs::write(&path, vnet_core::codec::json::to_json(&doc)).expect("temp file");
    let design = path.to_str().expect("utf-8 path");

    let examples: Vec<&str> =
        readme.lines().filter_map(|l| l.strip_prefix(PREFIX)).map(|l| l.split('#').next().unwrap_or(l)).collect();
    assert!(examples.len() >= 7, "the README's examples: {examples:?}");
    let mut failed = Vec::new();
    for example in &examples {
        let args: Vec<&str> = example.split_whitespace().map(|a| if a == "design.json" { design } else { a }).collect();
        let out = Command::new(env!("CARGO_BIN_EXE_vnet")).args(&args).output().expect("runs");
        if !out.status.success() || out.stdout.is_empty() {
            failed.push(format!("{example}: {:?} {}", out.status.code(), String::from_utf8_lossy(&out.stderr)));
        }
    }
    let _ = std::fs::remove_file(&path);
    assert!(failed.is_empty(), "{failed:#?}");
}
