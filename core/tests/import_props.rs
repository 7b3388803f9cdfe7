//! Issue 19 §3: import never panics on arbitrary JSON (bounded): random values built from Azure's
//! own vocabulary (so the readers, not only the shape detection, are reached), and the
//! hub-and-spoke fixture with random parts replaced. Whatever is imported validates and reports
//! without panicking, and the same input always gives the same result.
//!
//! Cases: 64 per property unless `PROPTEST_CASES` says otherwise.

use proptest::prelude::*;
use serde_json::{Map, Value};
use vnet_core::import::{import, parse_file, ImportFile, ImportOptions};

fn config() -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES").ok().and_then(|v| v.trim().parse().ok()).unwrap_or(64);
    ProptestConfig { cases, failure_persistence: None, ..ProptestConfig::default() }
}

const KEYS: &[&str] = &[
    "id",
    "name",
    "type",
    "location",
    "properties",
    "data",
    "value",
    "subnets",
    "virtualNetworkPeerings",
    "routes",
    "securityRules",
    "addressSpace",
    "addressPrefixes",
    "addressPrefix",
    "remoteVirtualNetwork",
    "routeTable",
    "networkSecurityGroup",
    "natGateway",
    "ipConfigurations",
    "privateIPAddress",
    "subnet",
    "publicIPAddress",
    "ipAddress",
    "virtualMachine",
    "enableIPForwarding",
    "nextHopType",
    "nextHopIpAddress",
    "priority",
    "direction",
    "access",
    "protocol",
    "sourceAddressPrefixes",
    "destinationPortRanges",
    "firewallPolicy",
    "ruleCollections",
    "rules",
    "ruleType",
    "sourceAddresses",
    "destinationAddresses",
    "destinationPorts",
    "frontendIPConfigurations",
    "backendAddressPools",
    "loadBalancingRules",
    "probes",
    "port",
    "$vnetUnknown",
    "resource",
    "$schema",
    "networkRuleCollections",
    "natRuleCollections",
    "peeringState",
    "dhcpOptions",
    "dnsServers",
    "tags",
];

const TEXTS: &[&str] = &[
    "Microsoft.Network/virtualNetworks",
    "microsoft.network/virtualnetworks/subnets",
    "Microsoft.Network/routeTables",
    "Microsoft.Network/networkSecurityGroups",
    "Microsoft.Network/networkInterfaces",
    "Microsoft.Compute/virtualMachines",
    "Microsoft.Network/azureFirewalls",
    "Microsoft.Network/firewallPolicies/ruleCollectionGroups",
    "Microsoft.Network/loadBalancers",
    "Microsoft.Network/natGateways",
    "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/a",
    "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/a/subnets/b",
    "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/azureFirewalls/f",
    "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/networkInterfaces/n/ipConfigurations/c",
    "/providers/",
    "10.0.0.0/16",
    "10.0.1.4",
    "0.0.0.0/0",
    "10.0.0.1-10.0.0.9",
    "*",
    "Tcp",
    "Inbound",
    "Allow",
    "VirtualAppliance",
    "Connected",
    "deploymentTemplate.json",
    "",
];

fn leaf() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        (0..70000u32).prop_map(Value::from),
        prop::sample::select(TEXTS).prop_map(|s| Value::String(s.to_string())),
        "\\PC{0,12}".prop_map(Value::String),
    ]
}

/// Values up to depth 6 with at most 6 entries per container.
fn value() -> impl Strategy<Value = Value> {
    leaf().prop_recursive(6, 96, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec((prop::sample::select(KEYS), inner), 0..6).prop_map(|entries| {
                Value::Object(entries.into_iter().map(|(k, v)| (k.to_string(), v)).collect::<Map<String, Value>>())
            }),
        ]
    })
}

fn check(files: &[ImportFile]) -> Result<(), TestCaseError> {
    let first = import(files, &ImportOptions::default());
    if let Ok(imported) = &first {
        let _ = vnet_core::validate::validate(&imported.document.design);
        prop_assert!(!imported.report.to_text().is_empty());
        prop_assert!(serde_json::to_string(&imported.report).is_ok());
    }
    prop_assert_eq!(first, import(files, &ImportOptions::default()), "import is deterministic");
    Ok(())
}

fn fixture() -> Value {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import/hub-spoke/arg.json");
    serde_json::from_str(&std::fs::read_to_string(path).expect("fixture")).expect("json")
}

/// Every JSON pointer of a value.
fn pointers(v: &Value, at: String, out: &mut Vec<String>) {
    match v {
        Value::Object(m) => {
            m.iter().for_each(|(k, x)| pointers(x, format!("{at}/{}", k.replace('~', "~0").replace('/', "~1")), out))
        }
        Value::Array(a) => a.iter().enumerate().for_each(|(i, x)| pointers(x, format!("{at}/{i}"), out)),
        _ => {}
    }
    out.push(at);
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn import_never_panics_on_arbitrary_json(values in prop::collection::vec(value(), 1..4)) {
        let files: Vec<ImportFile> =
            values.into_iter().enumerate().map(|(i, value)| ImportFile { name: format!("f{i}.json"), value }).collect();
        check(&files)?;
    }

    #[test]
    fn import_never_panics_on_a_damaged_landing_zone(picks in prop::collection::vec((any::<prop::sample::Index>(), value()), 1..8)) {
        let mut v = fixture();
        let mut all = Vec::new();
        pointers(&v, String::new(), &mut all);
        for (ix, replacement) in picks {
            let at = ix.get(&all).clone();
            if let Some(slot) = v.pointer_mut(&at) {
                *slot = replacement;
            }
        }
        check(&[ImportFile { name: "arg.json".into(), value: v }])?;
    }

    #[test]
    fn parse_file_never_panics(text in "\\PC{0,200}") {
        let _ = parse_file("x.json", &text);
    }
}

#[test]
fn deep_nesting_is_refused_by_the_bounded_parse() {
    let text = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
    let e = parse_file("deep.json", &text).expect_err("recursion limit");
    assert!(e.to_string().starts_with("deep.json: not JSON"), "{e}");
}
