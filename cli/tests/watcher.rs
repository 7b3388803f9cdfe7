//! `vnet security`, `vnet next-hop`, `vnet flow-verify` and `vnet routes`' Azure shapes, through
//! the real binary, on the design of the Network Watcher scenarios (a spoke whose web subnet and
//! web NIC both have an NSG, tests/scenarios/watcher-effective-security-rules.json).

use serde_json::Value;
use std::path::PathBuf;
use std::process::Command;

/// The scenario's design, as a design file; removed when dropped.
struct DesignFile(PathBuf);

impl DesignFile {
    fn new(tag: &str) -> Self {
        let scenario = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/scenarios/watcher-effective-security-rules.json");
        let v: Value = serde_json::from_str(&std::fs::read_to_string(scenario).expect("scenario")).expect("JSON");
        let doc = serde_json::json!({ "schema": 1, "design": v["design"] });
        let path = std::env::temp_dir().join(format!("vnet-cli-watcher-{tag}-{}.json", std::process::id()));
        std::fs::write(&path, doc.to_string()).expect("temp file");
        DesignFile(path)
    }

    fn path(&self) -> &str {
        self.0.to_str().expect("utf-8 path")
    }

    /// A file next to the design, removed with it.
    fn sibling(&self, name: &str, text: &str) -> String {
        let p = self.0.with_extension(name);
        std::fs::write(&p, text).expect("temp file");
        p.to_str().expect("utf-8 path").to_string()
    }
}

impl Drop for DesignFile {
    fn drop(&mut self) {
        for ext in ["json", "az.json", "edited.json", "garbage.json"] {
            let _ = std::fs::remove_file(self.0.with_extension(ext));
        }
    }
}

/// Exit code, stdout, stderr.
fn vnet(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_vnet")).args(args).output().expect("runs");
    let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
    (out.status.code().unwrap_or(-1), text(&out.stdout), text(&out.stderr))
}

fn json(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("{e}: {text}"))
}

#[test]
fn security_prints_tables_json_and_the_az_shape() {
    let d = DesignFile::new("security");
    let (code, out, err) = vnet(&["security", d.path(), "vm-web"]);
    assert_eq!(code, 0, "{err}");
    let nic = out.find("NSG nsg-web-nic on NIC vm-web-nic [N-12, N-5]").expect("the NIC's entry");
    let subnet = out.find("NSG nsg-web-subnet on subnet snet-web").expect("the subnet's entry");
    assert!(nic < subnet, "N-12: the NIC's NSG first:\n{out}");
    assert!(out.contains("securityRules/deny-ssh-from-client") && out.contains("defaultSecurityRules/DenyAllOutBound"));
    assert!(
        out.contains(
            "VirtualNetwork (5 prefixes): 10.0.0.0/16 10.1.0.0/16 168.63.129.16/32 172.16.5.0/24 192.168.10.0/24"
        ),
        "{out}"
    );

    let (code, out, _) = vnet(&["security", d.path(), "vm-web-nic", "--json"]);
    assert_eq!(code, 0);
    let v = json(&out);
    let entry = &v["value"][1];
    assert_eq!(entry["association"]["subnet"]["resourceGroup"], "vnet-studio");
    assert_eq!(entry["vnetStudio"]["rules"], serde_json::json!(["N-12", "N-5"]));
    let rule = &entry["effectiveSecurityRules"][0];
    assert_eq!(rule["name"], "securityRules/allow-ssh-from-vnet");
    assert_eq!(rule["destinationPortRange"], "22-22");
    assert_eq!(rule["vnetStudio"]["rules"], serde_json::json!(["N-2", "N-4"]));

    let (code, az, _) = vnet(&["security", d.path(), "vm-web", "--format", "az"]);
    assert_eq!(code, 0);
    assert!(!az.contains("vnetStudio"), "{az}");
    let mut stripped = v.clone();
    vnet_core::watcher::az::strip_studio(&mut stripped);
    assert_eq!(json(&az), stripped, "--format az is --json without vnetStudio");
    assert!(az.starts_with("{\n  \"value\": [\n    {\n      \"association\": {"), "az's sorted keys and indent: {az}");

    let (code, out, _) = vnet(&["security", d.path(), "vm-client"]);
    assert_eq!(code, 0);
    assert!(out.contains("No NSG on NIC 'vm-client-nic' or on its subnet"), "{out}");
}

#[test]
fn compare_is_0_when_equal_and_1_with_a_readable_diff() {
    let d = DesignFile::new("compare");
    let (_, az, _) = vnet(&["security", d.path(), "vm-web", "--format", "az"]);
    let same = d.sibling("az.json", &az);
    let (code, out, err) = vnet(&["security", d.path(), "vm-web", "--compare", &same]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(out.contains("matches the engine's answer"), "{out}");

    // What a real az output differs in: another subscription and group, other case, other
    // order, and one rule's priority.
    let mut edited = json(&az);
    edited["value"].as_array_mut().unwrap().reverse();
    let text =
        edited.to_string().replace("00000000-0000-0000-0000-000000000000", "1234").replace("vnet-studio", "Prod-RG");
    let mut edited = json(&text);
    edited["value"][0]["effectiveSecurityRules"][0]["priority"] = Value::from(150);
    edited["value"][0]["effectiveSecurityRules"][1]["protocol"] = Value::from("TCP");
    let other = d.sibling("edited.json", &edited.to_string());
    let (code, out, _) = vnet(&["security", d.path(), "vm-web", "--compare", &other]);
    assert_eq!(code, 1, "{out}");
    assert!(out.starts_with("2 difference(s)"), "{out}");
    assert!(out.contains("- value[nsg-web-subnet subnet:snet-web].effectivesecurityrules[securityrules/allow-ssh-from-vnet].priority = 150"), "{out}");
    assert!(out.contains("+ value[nsg-web-subnet subnet:snet-web].effectivesecurityrules[securityrules/allow-ssh-from-vnet].priority = 100"), "{out}");

    // Routes compare the same way.
    let (_, routes, _) = vnet(&["routes", d.path(), "snet-web", "--json"]);
    let same = d.sibling("az.json", &routes);
    assert_eq!(vnet(&["routes", d.path(), "vm-web", "--compare", &same]).0, 0);
    let (code, out, _) = vnet(&["routes", d.path(), "vm-client", "--compare", &same]);
    assert_eq!(code, 1, "another subnet's table differs: {out}");
    assert!(out.contains("to-shared"), "{out}");
    assert!(
        out.contains("route(s) differ between") && out.contains("  missing  172.16.5.0/24 (User 'to-shared')"),
        "row by row: {out}"
    );

    let garbage = d.sibling("garbage.json", "not json");
    let (code, out, err) = vnet(&["routes", d.path(), "vm-web", "--compare", &garbage]);
    assert_eq!((code, out.as_str()), (2, ""));
    assert!(err.contains("not JSON"), "{err}");
}

#[test]
fn routes_json_is_the_az_shape_with_vnet_studio() {
    let d = DesignFile::new("routes");
    let (code, out, _) = vnet(&["routes", d.path(), "vm-web", "--json"]);
    assert_eq!(code, 0);
    let v = json(&out);
    let udr = v["value"].as_array().unwrap().iter().find(|r| r["source"] == "User").expect("the UDR");
    assert_eq!(udr["name"], "to-shared");
    assert_eq!(udr["addressPrefix"], serde_json::json!(["172.16.5.0/24"]));
    assert_eq!(udr["nextHopIpAddress"], serde_json::json!(["10.0.1.4"]));
    assert_eq!(udr["disableBgpRoutePropagation"], false);
    assert_eq!(udr["vnetStudio"]["rules"], serde_json::json!(["R-12"]));
    let (code, az, _) = vnet(&["routes", d.path(), "vm-web", "--format", "az"]);
    assert_eq!(code, 0);
    assert!(!az.contains("vnetStudio") && az.contains("\"nextHopType\": \"VirtualAppliance\""), "{az}");
    // The human table is unchanged.
    let (_, text, _) = vnet(&["routes", d.path(), "vm-web"]);
    assert!(text.starts_with("Source ") && text.contains("172.16.5.0/24"), "{text}");
}

#[test]
fn next_hop_answers_and_exits_1_for_none() {
    let d = DesignFile::new("nexthop");
    let (code, out, _) = vnet(&["next-hop", d.path(), "vm-web", "172.16.5.9"]);
    assert_eq!(code, 0);
    assert!(
        out.contains("VirtualAppliance") && out.contains("10.0.1.4") && out.contains("/routeTables/rt-web"),
        "{out}"
    );
    assert!(out.contains("why [R-19, R-12]"), "{out}");
    let (code, out, _) = vnet(&["next-hop", d.path(), "vm-web", "8.8.8.8", "--format", "az"]);
    assert_eq!(code, 0);
    assert_eq!(json(&out), serde_json::json!({ "nextHopType": "Internet", "routeTableId": "System Route" }));
    let (code, out, _) = vnet(&["next-hop", d.path(), "vm-web", "10.200.0.1", "--json"]);
    assert_eq!(code, 1, "a None next hop is a finding: {out}");
    let v = json(&out);
    assert_eq!((v["nextHopType"].as_str(), v["vnetStudio"]["rules"][1].as_str()), (Some("None"), Some("R-4")));
    let same = d.sibling("az.json", &out);
    assert_eq!(vnet(&["next-hop", d.path(), "vm-web", "10.200.0.1", "--compare", &same]).0, 0);
}

#[test]
fn flow_verify_answers_both_directions_and_exits_1_when_denied() {
    let d = DesignFile::new("flow");
    let (code, out, _) = vnet(&["flow-verify", d.path(), "vm-web", "inbound", "tcp", "10.1.1.4:22", "10.1.2.4:*"]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("Deny     securityRules/deny-ssh-from-client"), "{out}");
    assert!(
        out.contains("NSG nsg-web-subnet (subnet): Allow") && out.contains("NSG nsg-web-nic (networkInterface): Deny"),
        "{out}"
    );
    let (code, out, _) =
        vnet(&["flow-verify", d.path(), "vm-web", "Outbound", "TCP", "10.1.1.4:*", "8.8.8.8:443", "--format", "az"]);
    assert_eq!(code, 0, "{out}");
    assert_eq!(
        json(&out),
        serde_json::json!({ "access": "Allow", "ruleName": "defaultSecurityRules/AllowInternetOutBound" })
    );
    let (code, out, _) =
        vnet(&["flow-verify", d.path(), "vm-client", "inbound", "udp", "10.1.2.4:53", "203.0.113.9:4000", "--json"]);
    assert_eq!(code, 0);
    let v = json(&out);
    assert!(v.get("ruleName").is_none() && v["access"] == "Allow", "{v}");
    assert_eq!(v["vnetStudio"]["rules"], serde_json::json!(["N-13", "N-5"]));
}

#[test]
fn bad_questions_exit_2_naming_the_problem() {
    let d = DesignFile::new("bad");
    let f = d.path();
    let cases: &[(&[&str], &str)] = &[
        (&["security", f, "nobody"], "no VM or NIC named 'nobody'"),
        (&["next-hop", f, "nobody", "8.8.8.8"], "no VM or NIC named 'nobody'"),
        (
            &["flow-verify", f, "vm-web", "inbound", "icmp", "10.1.1.4:0", "10.1.2.4:0"],
            "TCP and UDP only, not ICMP (N-13)",
        ),
        (
            &["flow-verify", f, "vm-web", "inbound", "tcp", "10.1.1.9:22", "10.1.2.4:*"],
            "10.1.1.9 is not an IP of NIC 'vm-web-nic'",
        ),
        (&["flow-verify", f, "vm-web", "inbound", "tcp", "10.1.1.4:*", "10.1.2.4:22"], "the local port cannot be '*'"),
        (&["flow-verify", f, "vm-web", "inbound", "tcp", "10.1.1.4", "10.1.2.4:22"], "is not an address and port"),
        (
            &["flow-verify", f, "vm-web", "sideways", "tcp", "10.1.1.4:22", "10.1.2.4:22"],
            "[possible values: inbound, outbound]",
        ),
        (&["next-hop", f, "vm-web", "8.8.8"], "not an IPv4 address"),
        (&["routes", f, "nothing-here"], "no VM, NIC or subnet named 'nothing-here'"),
        (&["security", f, "vm-web", "--format", "yaml"], "[possible values: text, json, az]"),
        (&["security", f, "vm-web", "--compare", "/no/such/file.json"], "/no/such/file.json: "),
    ];
    for (args, says) in cases {
        let (code, out, err) = vnet(args);
        assert_eq!(code, 2, "{args:?}: {out}{err}");
        assert!(out.is_empty(), "{args:?}: {out}");
        assert!(err.contains(says), "{args:?}: {err}");
    }
}

#[test]
fn a_vm_with_several_nics_must_be_named_by_nic() {
    let d = DesignFile::new("duo");
    let mut doc = json(&std::fs::read_to_string(d.path()).unwrap());
    let vm = doc["design"]["vms"].as_array_mut().unwrap().iter_mut().find(|v| v["name"] == "vm-client").unwrap();
    let mut second = vm["nics"][0].clone();
    second["id"] = Value::from("vm-client-nic2");
    second["name"] = Value::from("vm-client-nic2");
    second["ip"] = Value::from("10.1.2.9");
    vm["nics"].as_array_mut().unwrap().push(second);
    std::fs::write(d.path(), doc.to_string()).unwrap();
    for sub in [&["security", d.path(), "vm-client"][..], &["next-hop", d.path(), "vm-client", "8.8.8.8"]] {
        let (code, _, err) = vnet(sub);
        assert_eq!(code, 2);
        assert!(err.contains("VM 'vm-client' has 2 NICs (vm-client-nic, vm-client-nic2): name the NIC"), "{err}");
    }
    assert_eq!(vnet(&["next-hop", d.path(), "vm-client-nic2", "8.8.8.8"]).0, 0);
}
