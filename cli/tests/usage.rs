//! The command line's surface through the real binary: help for every subcommand, and the exit
//! codes of `vnet --help` (0 ok, 1 a finding, 2 usage or input error) where usage or input is
//! wrong.

use std::process::Command;

/// Every subcommand with the arguments its help must name.
const SUBCOMMANDS: &[(&str, &[&str])] = &[
    ("check", &["<DESIGN_FILE>"]),
    ("insights", &["<DESIGN_FILE>"]),
    ("cost", &["<DESIGN_FILE>"]),
    ("link", &["<DESIGN_FILE>"]),
    ("export", &["<DESIGN_FILE>", "--format <FORMAT>", "arm-resources"]),
    ("import", &["<FILES>...", "--parameters <FILE>", "--output <FILE>", "--json"]),
    ("unlink", &["<LINK>"]),
    ("routes", &["<DESIGN_FILE>", "<VM_NIC_OR_SUBNET>", "--json", "--format <FORMAT>", "--compare <FILE>"]),
    (
        "security",
        &["<DESIGN_FILE>", "<VM_OR_NIC>", "--json", "--format <FORMAT>", "--compare <FILE>", "text, json, az"],
    ),
    ("next-hop", &["<DESIGN_FILE>", "<VM_OR_NIC>", "<DESTINATION_IP>", "--json", "--compare <FILE>"]),
    (
        "flow-verify",
        &[
            "<DESIGN_FILE>",
            "<VM_OR_NIC>",
            "<DIRECTION>",
            "<PROTOCOL>",
            "<LOCAL_IP:PORT>",
            "<REMOTE_IP:PORT>",
            "inbound, outbound",
        ],
    ),
    ("trace", &["<DESIGN_FILE>", "<SOURCE>", "<DESTINATION>", "<PROTOCOL>", "<PORT>", "--json", "tcp, udp, icmp"]),
    ("resolve", &["<DESIGN_FILE>", "<SOURCE>", "<NAME>", "--json"]),
    ("connect", &["<DESIGN_FILE>", "<SOURCE>", "<URL|NAME:PORT|IP>", "--json"]),
];

/// Exit code, stdout and stderr.
fn vnet(args: &[&str]) -> (i32, String, String) {
    // Plain text, whatever the terminal settings of the one who runs the tests.
    let out = Command::new(env!("CARGO_BIN_EXE_vnet"))
        .args(args)
        .env_remove("CLICOLOR_FORCE")
        .env("NO_COLOR", "1")
        .output()
        .expect("runs");
    let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
    (out.status.code().unwrap_or(-1), text(&out.stdout), text(&out.stderr))
}

#[test]
fn top_level_help_lists_every_subcommand_and_the_exit_codes() {
    let (code, out, _) = vnet(&["--help"]);
    assert_eq!(code, 0, "{out}");
    for (sub, _) in SUBCOMMANDS {
        assert!(out.lines().any(|l| l.trim_start().starts_with(&format!("{sub} "))), "{sub} missing: {out}");
    }
    for row in ["Exit codes:", "  0  ok", "  1  a finding", "  2  usage or input error"] {
        assert!(out.contains(row), "{row:?} missing: {out}");
    }
}

#[test]
fn every_subcommand_has_help_naming_its_arguments_and_exit_codes() {
    for (sub, names) in SUBCOMMANDS {
        for flag in ["--help", "-h"] {
            let (code, out, err) = vnet(&[sub, flag]);
            assert_eq!(code, 0, "{sub} {flag}: {err}");
            assert!(out.contains(&format!("Usage: vnet {sub}")), "{sub} {flag}: {out}");
            for name in *names {
                assert!(out.contains(name), "{sub} {flag} does not name {name}: {out}");
            }
            assert!(out.contains("Exit codes: 0 "), "{sub} {flag}: {out}");
        }
        // `vnet help <sub>` says the same.
        let (code, out, _) = vnet(&["help", sub]);
        assert_eq!(code, 0);
        assert!(out.contains(&format!("Usage: vnet {sub}")), "help {sub}: {out}");
    }
}

#[test]
fn usage_errors_exit_2_with_a_usage_message() {
    // No subcommand: the whole help, on stderr.
    let (code, out, err) = vnet(&[]);
    assert_eq!((code, out.as_str()), (2, ""), "{err}");
    assert!(err.contains("Usage: vnet <COMMAND>") && err.contains("Exit codes:"), "{err}");

    // An unknown subcommand, a missing or extra argument, an unknown flag: the usage line.
    let cases: &[(&[&str], &str)] = &[
        (&["bogus"], "unrecognized subcommand 'bogus'"),
        (&["check"], "<DESIGN_FILE>"),
        (&["trace", "design.json", "vm-spoke"], "<DESTINATION>\n  <PROTOCOL>\n  <PORT>"),
        (&["check", "a.json", "b.json"], "unexpected argument 'b.json'"),
        (&["routes", "design.json", "vm-spoke", "--jsn"], "unexpected argument '--jsn'"),
        (&["insights", "design.json", "--json"], "unexpected argument '--json'"),
    ];
    for (args, says) in cases {
        let (code, out, err) = vnet(args);
        assert_eq!(code, 2, "{args:?}: {out}{err}");
        assert!(out.is_empty(), "{args:?}: usage goes to stderr: {out}");
        assert!(err.starts_with("error: ") && err.contains(says), "{args:?}: {err}");
        let usage =
            if *args == ["bogus"] { "Usage: vnet <COMMAND>".to_string() } else { format!("Usage: vnet {}", args[0]) };
        assert!(err.contains(&usage), "{args:?}: {err}");
    }

    // A bad value: what is allowed, and where to read more.
    let cases: &[(&[&str], &str)] = &[
        (&["trace", "design.json", "vm-spoke", "10.0.0.4", "sctp", "443"], "[possible values: tcp, udp, icmp]"),
        (&["trace", "design.json", "vm-spoke", "10.0.0.4", "tcp", "99999"], "not a number from 0 to 65535"),
    ];
    for (args, says) in cases {
        let (code, out, err) = vnet(args);
        assert_eq!(code, 2, "{args:?}: {out}{err}");
        assert!(out.is_empty() && err.contains(says) && err.contains("try '--help'"), "{args:?}: {err}");
    }
}

#[test]
fn a_missing_file_exits_2_naming_the_file() {
    let dir = std::env::temp_dir().join(format!("vnet-cli-usage-missing-{}", std::process::id()));
    let missing = dir.join("no-such-design.json");
    let f = missing.to_str().expect("utf-8 path");
    let cases: &[&[&str]] = &[
        &["check", f],
        &["insights", f],
        &["cost", f],
        &["link", f],
        &["routes", f, "vm-spoke"],
        &["security", f, "vm-spoke"],
        &["next-hop", f, "vm-spoke", "8.8.8.8"],
        &["flow-verify", f, "vm-spoke", "outbound", "tcp", "10.1.0.4:*", "8.8.8.8:443"],
        &["trace", f, "vm-spoke", "10.0.0.4", "tcp", "443"],
        &["resolve", f, "vm-spoke", "example.com"],
        &["connect", f, "vm-spoke", "example.com:443", "--json"],
    ];
    for args in cases {
        let (code, out, err) = vnet(args);
        assert_eq!(code, 2, "{args:?}: {out}{err}");
        assert!(out.is_empty(), "{args:?}: {out}");
        assert!(err.starts_with(&format!("{f}: ")), "{args:?}: {err}");
    }
}

#[test]
fn input_that_does_not_decode_exits_2() {
    let path = std::env::temp_dir().join(format!("vnet-cli-usage-garbage-{}.json", std::process::id()));
    std::fs::write(&path, "not a design").expect("temp file");
    let f = path.to_str().expect("utf-8 path");
    let (code, _, err) = vnet(&["check", f]);
    let _ = std::fs::remove_file(&path);
    assert_eq!(code, 2, "{err}");
    assert!(err.starts_with(&format!("{f}: ")), "{err}");

    let (code, out, err) = vnet(&["unlink", "garbage"]);
    assert_eq!(code, 2, "{out}{err}");
    assert!(out.is_empty() && err.contains("share link"), "{err}");
}
