//! `vnet diff` through the real binary: its exit codes (0 nothing newly failing, 1 an intent
//! that newly fails or, with --fail-on-change, any effect, 2 an unreadable input) and its
//! grouped text.

use std::path::PathBuf;
use std::process::{Command, Output};
use vnet_core::model::{IntentCheck, IntentEnd, Protocol};
use vnet_core::{codec, gallery, Document};

fn write(name: &str, doc: &Document) -> PathBuf {
    let path = std::env::temp_dir().join(format!("vnet-cli-diff-{}-{name}.json", std::process::id()));
    std::fs::write(&path, codec::json::to_json(doc)).expect("temp file");
    path
}

fn vnet(args: &[&std::ffi::OsStr]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_vnet")).arg("diff").args(args).output().expect("runs")
}

/// The generated landing zone with two spokes and an intent: spoke 1's web VM reaches spoke 2's
/// over TCP 443 (through the hub firewall); and the same without spoke 1's default route (R-4
/// drops the flow in the spoke).
fn designs() -> (Document, Document, Document) {
    let mut design = gallery::generated(2).expect("builds");
    let vm = |name: &str| design.vms.iter().find(|v| v.name == name).map(|v| v.id.clone()).expect("a VM");
    let (from, to) = (vm("vm-0001-web-1"), vm("vm-0002-web-1"));
    design.intents.push(vnet_core::model::Intent {
        id: vnet_core::Id::new("i900"),
        title: "spoke 1 reaches spoke 2".into(),
        check: IntentCheck::Reach {
            from: IntentEnd::Element { id: from },
            to: IntentEnd::Element { id: to },
            protocol: Protocol::Tcp,
            port: 443,
        },
    });
    let mut broken = design.clone();
    if let Some(rt) = broken.route_tables.iter_mut().find(|t| t.name == "rt-spoke-0001-web") {
        rt.routes.retain(|r| r.prefix.prefix_len() != 0);
    }
    let mut renamed = design.clone();
    renamed.name = "renamed".into();
    if let Some(v) = renamed.vms.first_mut() {
        v.name = "vm-renamed".into();
    }
    let doc = |d| Document::new(d, Default::default());
    (doc(design), doc(broken), doc(renamed))
}

#[test]
fn exit_codes_follow_the_intents_and_the_flag() {
    let (base, broken, renamed) = designs();
    let (a, b, c) = (write("a", &base), write("b", &broken), write("c", &renamed));
    let same = vnet(&[a.as_os_str(), a.as_os_str()]);
    let breaks = vnet(&[a.as_os_str(), b.as_os_str()]);
    let mends = vnet(&[b.as_os_str(), a.as_os_str()]);
    let rename = vnet(&[a.as_os_str(), c.as_os_str()]);
    let rename_strict = vnet(&[a.as_os_str(), c.as_os_str(), "--fail-on-change".as_ref()]);
    let same_strict = vnet(&[a.as_os_str(), a.as_os_str(), "--fail-on-change".as_ref()]);
    let json = vnet(&[a.as_os_str(), b.as_os_str(), "--json".as_ref()]);
    let missing = vnet(&[a.as_os_str(), "/nonexistent/after.json".as_ref()]);
    for p in [&a, &b, &c] {
        let _ = std::fs::remove_file(p);
    }
    let text = |o: &Output| String::from_utf8_lossy(&o.stdout).to_string();

    assert_eq!(same.status.code(), Some(0), "{}", text(&same));
    assert!(text(&same).starts_with("0 element(s), 0 route row(s)"), "{}", text(&same));
    assert_eq!(same_strict.status.code(), Some(0));

    // The intent passes before and fails after: exit 1, and every section says why.
    assert_eq!(breaks.status.code(), Some(1), "{}", text(&breaks));
    let out = text(&breaks);
    for section in ["Elements", "Routes", "Reachability", "Intents"] {
        assert!(out.lines().any(|l| l == section), "{section} in {out}");
    }
    assert!(out.contains("spoke 1 reaches spoke 2: pass → fail"), "{out}");
    assert!(out.contains("[R-4]"), "the drop cites R-4: {out}");
    assert!(out.lines().last().is_some_and(|l| l.contains("(1 newly failing)")), "{out}");

    // The other way round the intent is mended: nothing newly fails.
    assert_eq!(mends.status.code(), Some(0), "{}", text(&mends));

    // A rename changes elements only: 0, unless every change counts.
    assert_eq!(rename.status.code(), Some(0), "{}", text(&rename));
    assert!(text(&rename).contains("vm-0001-web-1 → vm-renamed"), "{}", text(&rename));
    assert_eq!(rename_strict.status.code(), Some(1));

    assert_eq!(json.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).expect("JSON");
    assert_eq!(v["intents"][0]["after"], "fail", "{v}");

    assert_eq!(missing.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("after.json"));
}

#[test]
fn share_links_and_gallery_links_are_designs_too() {
    // A reviewer pastes the link from a pull request: the design is in the link itself.
    let text = |o: &Output| format!("{}{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr));
    let (design, broken, _) = designs();
    let before = format!("https://example.github.io/vnet-studio/#{}", codec::link::encode(&design));
    let after = format!("#{}", codec::link::encode(&broken));
    let out = vnet(&[before.as_ref(), after.as_ref()]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(text(&out).contains("spoke 1 reaches spoke 2: pass → fail"), "{}", text(&out));

    let seed = "https://example.github.io/vnet-studio/#gallery=seed-lab";
    let seed_file = write("seed", &gallery::document("seed-lab").expect("in the gallery").expect("builds"));
    let same = vnet(&[seed.as_ref(), seed_file.as_os_str()]);
    assert_eq!(same.status.code(), Some(0), "{}", text(&same));
    assert!(text(&same).starts_with("0 element(s)"), "{}", text(&same));

    let unknown = vnet(&["#gallery=no-such-design".as_ref(), seed_file.as_os_str()]);
    assert_eq!(unknown.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("no-such-design"), "{}", text(&unknown));
    let garbled = vnet(&["#v2.not-a-link".as_ref(), seed_file.as_os_str()]);
    assert_eq!(garbled.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&garbled.stderr).contains("share link"), "{}", text(&garbled));
    let _ = std::fs::remove_file(seed_file);
}
