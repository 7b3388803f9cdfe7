//! `vnet resolve` and `vnet connect` on the seed lab (gallery 1), through the real binary.

use std::process::Command;

fn seed_lab_file() -> std::path::PathBuf {
    let doc = vnet_core::gallery::document("seed-lab").expect("gallery entry").expect("builds");
    let path = std::env::temp_dir().join(format!("vnet-cli-dns-{}.json", std::process::id()));
    std::fs::write(&path, vnet_core::codec::json::to_json(&doc)).expect("temp file");
    path
}

fn vnet(args: &[&str]) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_vnet")).args(args).output().expect("runs");
    (out.status.code().unwrap_or(-1), String::from_utf8_lossy(&out.stdout).into_owned())
}

#[test]
fn resolve_and_connect_print_steps_and_exit_by_outcome() {
    let file = seed_lab_file();
    let f = file.to_str().expect("utf-8 path");
    let (code, out) = vnet(&["resolve", f, "vm-spoke", "mftesting.blob.core.windows.net"]);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("[D-4]") && out.contains("answer: A 10.1.1.4"), "{out}");

    let (code, out) = vnet(&["resolve", f, "vm-spoke", "nothing.example.com", "--json"]);
    assert_eq!(code, 1, "{out}");
    let v: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    assert_eq!(v["answer"]["kind"], "nxDomain");

    let (code, out) = vnet(&["connect", f, "vm-spoke", "https://mftesting.blob.core.windows.net"]);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("via: private endpoint 'pe-mftesting-blob'") && out.contains("seen source: 10.1.0.4"),
        "{out}"
    );

    let (code, out) = vnet(&["connect", f, "vm-spoke", "10.1.1.4:443", "--json"]);
    assert_eq!(code, 0, "{out}");
    let v: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    assert_eq!((v["ok"].as_bool(), v["via"]["kind"].as_str()), (Some(true), Some("privateEndpoint")));

    let (code, _) = vnet(&["connect", f, "nobody", "10.1.1.4"]);
    assert_eq!(code, 2);
    let _ = std::fs::remove_file(file);
}
