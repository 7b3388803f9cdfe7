//! `template::expand` never panics and stays bounded (issue 19 §3: "import never panics on
//! arbitrary JSON and bounded input"): arbitrary JSON as a template and as parameters, templates
//! whose every expression slot holds an arbitrary (often ill-typed) expression, and hostile
//! templates built to explode (doubling variables, deep chains, nested deployments, huge strings).
//!
//! Cases: 64 unless `PROPTEST_CASES` says otherwise.

use proptest::prelude::*;
use serde_json::{json, Map, Value};
use vnet_core::import::template::{expand, Expanded};

fn config() -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES").ok().and_then(|v| v.trim().parse().ok()).unwrap_or(64);
    ProptestConfig { cases, failure_persistence: None, ..ProptestConfig::default() }
}

const SCHEMA: &str = "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#";

/// Every function of the library and a few that do not exist.
const FUNCTIONS: &[&str] = &[
    "concat",
    "format",
    "toLower",
    "toUpper",
    "substring",
    "replace",
    "split",
    "join",
    "trim",
    "startsWith",
    "endsWith",
    "contains",
    "indexOf",
    "lastIndexOf",
    "padLeft",
    "string",
    "base64",
    "base64ToString",
    "base64ToJson",
    "dataUri",
    "dataUriToString",
    "uri",
    "uriComponent",
    "uriComponentToString",
    "empty",
    "first",
    "last",
    "length",
    "take",
    "skip",
    "json",
    "newGuid",
    "guid",
    "uniqueString",
    "array",
    "createArray",
    "createObject",
    "union",
    "intersection",
    "items",
    "range",
    "min",
    "max",
    "coalesce",
    "flatten",
    "objectKeys",
    "shallowMerge",
    "tryGet",
    "indexFromEnd",
    "tryIndexFromEnd",
    "null",
    "add",
    "sub",
    "mul",
    "div",
    "mod",
    "int",
    "float",
    "equals",
    "less",
    "lessOrEquals",
    "greater",
    "greaterOrEquals",
    "and",
    "or",
    "not",
    "if",
    "bool",
    "true",
    "false",
    "parameters",
    "variables",
    "copyIndex",
    "deployment",
    "environment",
    "resourceGroup",
    "subscription",
    "tenant",
    "managementGroup",
    "deployer",
    "utcNow",
    "resourceId",
    "subscriptionResourceId",
    "tenantResourceId",
    "extensionResourceId",
    "managementGroupResourceId",
    "resourceInfo",
    "reference",
    "listKeys",
    "pickZones",
    "cidrSubnet",
    "cidrHost",
    "parseCidr",
    "dateTimeAdd",
    "dateTimeFromEpoch",
    "dateTimeToEpoch",
    "filter",
    "map",
    "reduce",
    "sort",
    "toObject",
    "groupBy",
    "mapValues",
    "lambda",
    "lambdaVariables",
    "__bicep.f",
    "noSuchFunction",
];

/// An expression text (without the outer brackets), from a small grammar.
fn expression() -> impl Strategy<Value = String> {
    let leaf = prop_oneof![
        "[a-z0-9./ -]{0,8}".prop_map(|s| format!("'{s}'")),
        (-3i64..1000).prop_map(|n| n.to_string()),
        Just("'10.0.0.0/16'".to_string()),
        Just("parameters('p')".to_string()),
        Just("variables('v')".to_string()),
        Just("copyIndex()".to_string()),
        Just("lambdaVariables('x')".to_string()),
        Just("true".to_string()),
        Just("null".to_string()),
    ];
    leaf.prop_recursive(4, 24, 4, |inner| {
        prop_oneof![
            (proptest::sample::select(FUNCTIONS), prop::collection::vec(inner.clone(), 0..4))
                .prop_map(|(f, args)| format!("{f}({})", args.join(", "))),
            (inner.clone(), "[a-zA-Z]{1,6}").prop_map(|(e, p)| format!("{e}.{p}")),
            (inner.clone(), inner.clone()).prop_map(|(e, i)| format!("{e}[{i}]")),
            inner.prop_map(|e| format!("lambda('x', {e})")),
        ]
    })
}

/// A JSON string that is an expression, a broken one, or a literal.
fn slot() -> impl Strategy<Value = Value> {
    prop_oneof![
        4 => expression().prop_map(|e| Value::String(format!("[{e}]"))),
        1 => "\\PC{0,12}".prop_map(|s| Value::String(format!("[{s}]"))),
        1 => "\\PC{0,12}".prop_map(Value::String),
        1 => (-2i64..900).prop_map(Value::from),
    ]
}

/// Arbitrary JSON, strings sometimes expressions.
fn any_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_map(|f| serde_json::Number::from_f64(f).map(Value::Number).unwrap_or(Value::Null)),
        slot(),
    ];
    leaf.prop_recursive(5, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::vec(
                (
                    prop_oneof![
                        Just("resources".to_string()),
                        Just("copy".to_string()),
                        Just("name".to_string()),
                        Just("type".to_string()),
                        Just("properties".to_string()),
                        Just("template".to_string()),
                        Just("condition".to_string()),
                        Just("parameters".to_string()),
                        Just("variables".to_string()),
                        "[a-z]{1,5}"
                    ],
                    inner
                ),
                0..6
            )
            .prop_map(|kv| Value::Object(kv.into_iter().collect::<Map<String, Value>>())),
        ]
    })
}

/// A template of real shape whose every expression slot is arbitrary.
fn shaped_template() -> impl Strategy<Value = Value> {
    (prop::collection::vec(slot(), 16), any::<bool>()).prop_map(|(s, v2)| {
        let inner = json!({
            "$schema": SCHEMA,
            "parameters": {"p": {"type": "string", "defaultValue": s[10]}},
            "resources": [{"type": "Microsoft.Network/routeTables", "name": s[11], "properties": {"x": s[12]}}],
            "outputs": {"o": {"type": "string", "value": s[13]}}
        });
        let resource = json!({
            "type": "Microsoft.Network/virtualNetworks",
            "name": s[0],
            "location": s[1],
            "condition": s[2],
            "copy": {"name": "c", "count": s[3]},
            "properties": {"addressSpace": {"addressPrefixes": [s[4]]}, "copy": [{"name": "subnets", "count": s[5], "input": {"name": s[6]}}]},
            "resources": [{"type": "subnets", "name": s[7], "properties": {"addressPrefix": s[8]}}]
        });
        let deployment = json!({
            "type": "Microsoft.Resources/deployments",
            "name": s[14],
            "resourceGroup": s[15],
            "properties": {"expressionEvaluationOptions": {"scope": "inner"}, "parameters": {"p": {"value": s[9]}}, "template": inner}
        });
        let resources = if v2 { json!({"a": resource, "b": deployment}) } else { json!([resource, deployment]) };
        json!({
            "$schema": SCHEMA,
            "languageVersion": if v2 { "2.0" } else { "1.0" },
            "functions": [{"namespace": "__bicep", "members": {"f": {"parameters": [{"name": "a", "type": "string"}], "output": {"type": "string", "value": s[9]}}}}],
            "parameters": {"p": {"type": "string", "defaultValue": s[10]}},
            "variables": {"v": s[12], "copy": [{"name": "vs", "count": s[13], "input": s[11]}]},
            "resources": resources,
        })
    })
}

fn check(e: &Expanded, file: &str) {
    assert!(e.resources.len() <= 100_000);
    assert!(e.notes.len() <= 2_001);
    assert!(e.notes.iter().all(|n| n.file == file));
    for r in &e.resources {
        assert!(r["id"].is_string() && r["type"].is_string() && r["name"].is_string(), "{r}");
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn arbitrary_json_never_panics(template in any_json(), params in proptest::option::of(any_json())) {
        let e = expand(&template, params.as_ref(), "any.json");
        check(&e, "any.json");
    }

    #[test]
    fn arbitrary_expressions_never_panic_and_are_deterministic(template in shaped_template()) {
        let e = expand(&template, None, "shaped.json");
        check(&e, "shaped.json");
        prop_assert_eq!(e, expand(&template, None, "shaped.json"));
    }
}

/// Runs `expand` and checks it answered within its caps, with notes rather than a crash. Its speed
/// is not timed here (a debug build on a loaded machine once took over 20 s): the caps bound the
/// work, and the expansion's speed is a benchmark's matter (BENCHMARKS.md).
fn bounded(template: &Value) -> Expanded {
    let e = expand(template, None, "hostile.json");
    check(&e, "hostile.json");
    e
}

#[test]
fn doubling_variables_hit_the_size_caps() {
    let mut vars = Map::new();
    vars.insert("v0".into(), json!("[createArray('aaaaaaaaaaaaaaaa', 'bbbbbbbbbbbbbbbb')]"));
    vars.insert("s0".into(), json!("0123456789abcdef"));
    for i in 1..64 {
        vars.insert(format!("v{i}"), json!(format!("[concat(variables('v{0}'), variables('v{0}'))]", i - 1)));
        vars.insert(format!("s{i}"), json!(format!("[concat(variables('s{0}'), variables('s{0}'))]", i - 1)));
    }
    let t = json!({
        "$schema": SCHEMA,
        "variables": vars,
        "resources": [{"type": "Microsoft.Network/virtualNetworks", "name": "x",
            "properties": {"a": "[length(variables('v63'))]", "b": "[length(variables('s63'))]", "c": "[range(0, 10000)]"}}]
    });
    let e = bounded(&t);
    assert_eq!(e.resources.len(), 1);
    assert!(e.resources[0]["properties"]["a"].get("$vnetUnknown").is_some());
    assert!(e.resources[0]["properties"]["b"].get("$vnetUnknown").is_some());
    assert_eq!(e.resources[0]["properties"]["c"].as_array().map(Vec::len), Some(10_000));
}

#[test]
fn long_chains_and_deep_nesting_are_errors_not_stack_overflows() {
    let mut vars = Map::new();
    for i in 0..500 {
        vars.insert(format!("v{i}"), json!(format!("[variables('v{}')]", i + 1)));
    }
    vars.insert("v500".into(), json!("end"));
    let deep_expr = format!("[{}1{}]", "add(1, ".repeat(300), ")".repeat(300));
    let mut deep_json = json!("[concat('a', 'b')]");
    for _ in 0..400 {
        deep_json = json!({ "x": [deep_json] });
    }
    let t = json!({
        "$schema": SCHEMA,
        "variables": vars,
        "resources": [{"type": "Microsoft.Network/virtualNetworks", "name": "x",
            "properties": {"chain": "[variables('v0')]", "deep": deep_expr, "nested": deep_json}}]
    });
    let e = bounded(&t);
    assert!(e.resources[0]["properties"]["chain"].get("$vnetUnknown").is_some());
    assert!(e.resources[0]["properties"]["deep"].get("$vnetUnknown").is_some());
}

#[test]
fn deployments_nested_past_the_limit_stop_with_a_note() {
    let mut template =
        json!({"$schema": SCHEMA, "resources": [{"type": "Microsoft.Network/virtualNetworks", "name": "leaf"}]});
    for i in 0..30 {
        template = json!({
            "$schema": SCHEMA,
            "resources": [{
                "type": "Microsoft.Resources/deployments", "name": format!("d{i}"),
                "copy": {"name": "c", "count": 2},
                "properties": {"expressionEvaluationOptions": {"scope": if i % 2 == 0 { "inner" } else { "outer" }}, "template": template}
            }]
        });
    }
    let e = bounded(&template);
    assert!(e.resources.is_empty());
    assert!(e.notes.iter().any(|n| n.message.contains("nested deeper")), "{:#?}", e.notes);
}

#[test]
fn copy_loops_multiplied_through_deployments_stay_bounded() {
    let inner = json!({"$schema": SCHEMA, "resources": [{"type": "Microsoft.Network/virtualNetworks", "name": "[concat('v', copyIndex())]", "copy": {"name": "v", "count": 800}}]});
    let mid = json!({"$schema": SCHEMA, "resources": [{"type": "Microsoft.Resources/deployments", "name": "[concat('m', copyIndex())]", "copy": {"name": "m", "count": 800},
        "properties": {"expressionEvaluationOptions": {"scope": "inner"}, "template": inner}}]});
    let top = json!({"$schema": SCHEMA, "resources": [{"type": "Microsoft.Resources/deployments", "name": "[concat('t', copyIndex())]", "copy": {"name": "t", "count": 800},
        "properties": {"expressionEvaluationOptions": {"scope": "inner"}, "template": mid}}]});
    let e = bounded(&top);
    assert!(e.resources.len() <= 100_000);
    assert!(!e.notes.is_empty());
}

#[test]
fn quadratic_loops_over_big_values_run_out_of_budget_quickly() {
    let t = json!({
        "$schema": SCHEMA,
        "variables": {"big": "[range(0, 10000)]", "other": "[range(5000, 10000)]"},
        "resources": [{"type": "Microsoft.Network/virtualNetworks", "name": "x", "properties": {
            "a": "[length(filter(range(0, 10000), lambda('i', contains(variables('big'), lambdaVariables('i')))))]",
            "b": "[length(union(variables('big'), variables('other'), range(20000, 10000)))]",
            "c": "[length(intersection(variables('big'), variables('other')))]",
            "d": "[length(map(range(0, 10000), lambda('i', variables('big'))))]",
            "e": "[length(sort(range(0, 10000), lambda('a', 'b', greater(lambdaVariables('a'), lambdaVariables('b')))))]"
        }}]
    });
    let e = bounded(&t);
    assert_eq!(e.resources.len(), 1);
    assert!(e.notes.iter().any(|n| n.message.contains("budget")), "{:#?}", e.notes);
}
