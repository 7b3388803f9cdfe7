//! `vnet check` on a file with a repeated id, through the real binary: the repair is told as a
//! warning, and diagnostics name the element they are about.

use std::process::Command;

/// Two VNets with the id `v3`: the first, `hub`, has no address space (an error on `v3`); the
/// second, `spoke-2`, is sound.
const TWINS: &str = r#"{"schema":1,"design":{"vnets":[
    {"id":"v3","name":"hub","region":"westeurope","addressSpace":[]},
    {"id":"v3","name":"spoke-2","region":"westeurope","addressSpace":["10.2.0.0/16"]}]}}"#;

#[test]
fn check_warns_of_a_repeated_id_and_names_the_right_element() {
    let path = std::env::temp_dir().join(format!("vnet-cli-check-{}.json", std::process::id()));
    std::fs::write(&path, TWINS).expect("temp file");
    let out = Command::new(env!("CARGO_BIN_EXE_vnet")).arg("check").arg(&path).output().expect("runs");
    let _ = std::fs::remove_file(&path);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(
        lines.first().copied(),
        Some(
            "warning[repaired] Two elements had the id v3; the second (virtual network 'spoke-2') is now v4, and \
             what refers to v3 stays with the first (virtual network 'hub')."
        ),
        "{stdout}"
    );
    let error = lines.iter().find(|l| l.starts_with("error[vnet-without-address-space]")).expect("the error");
    assert!(error.starts_with("error[vnet-without-address-space] hub"), "{error}");
    assert!(!stdout.contains("duplicate-id"), "repaired before validation: {stdout}");
    assert_eq!(lines.last().copied(), Some("1 errors, 1 warnings"), "{stdout}");
}
