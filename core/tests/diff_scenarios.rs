//! The diff scenarios: every `tests/diff/*.json` file is a base design (a gallery slug, the
//! generated landing zone with `generated` spokes, or an inline design), edits to it, and the
//! EXACT set of effects `vnet_core::diff::diff(base, edited)` must report, each as one line. One
//! runner for all of them; a failure prints the scenario, the lines missing and the lines extra.
//!
//! Edits (and `setup`, patches applied to the base first, so both sides have them) are a small
//! patch format over the design's JSON (the model has no serde `Deserialize`
//! for `Edit`): `{"set": "<id or name>", "fields": {…}}` sets (or with `null` clears) fields of
//! the element, nested ones included; `{"remove": "<id or name>"}` is `Edit::Remove` with its
//! cascade; `{"add": "<list>", "element": {…}}` appends an element to a top-level list.
//!
//! Lines (see `lines`): `<added|removed|changed> <Kind> <name>[: field, field]`,
//! `<subnet> <route>: <before> [rule] → <after> [rule]` (`none` for an absent row),
//! `<probe> <from> → <to>: <before> [rule] → <after> [rule]`, `<vm> <name>: <before> [rule] → <after> [rule]`,
//! `<title>: <before> → <after>`; the cost delta to the cent.

use serde::Deserialize;
use serde_json::{Map, Value};
use std::collections::BTreeSet;
use std::path::PathBuf;
use vnet_core::diff::{diff, CellSide, Diff};
use vnet_core::edit::{apply, Edit};
use vnet_core::layout::Layout;
use vnet_core::model::Design;
use vnet_core::{gallery, Document, Id};

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct Scenario {
    name: String,
    #[allow(dead_code)]
    description: String,
    /// AZURE.md rule ids this scenario exercises; each must be cited by an expected line.
    rules: Vec<String>,
    #[serde(default)]
    gallery: Option<String>,
    #[serde(default)]
    generated: Option<usize>,
    #[serde(default)]
    design: Option<Design>,
    /// Patches to the base before the comparison (intents the design keeps, say): in both sides.
    #[serde(default)]
    setup: Vec<Patch>,
    /// The change compared: the edited design is the second side.
    edits: Vec<Patch>,
    expect: Expect,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, untagged)]
enum Patch {
    Set { set: String, fields: Map<String, Value> },
    Remove { remove: String },
    Add { add: String, element: Value },
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
struct Expect {
    #[serde(default)]
    elements: Vec<String>,
    #[serde(default)]
    routes: Vec<String>,
    #[serde(default)]
    reachability: Vec<String>,
    #[serde(default)]
    dns: Vec<String>,
    #[serde(default)]
    intents: Vec<String>,
    /// The monthly cost delta, to the cent (0 when absent).
    #[serde(default)]
    cost_delta: f64,
}

fn base(s: &Scenario) -> Result<Design, String> {
    match (&s.gallery, s.generated, &s.design) {
        (Some(slug), None, None) => gallery::entry(slug)
            .ok_or(format!("no gallery design '{slug}'"))
            .and_then(|e| (e.build)().map_err(|e| e.to_string())),
        (None, Some(n), None) => gallery::generated(n).map_err(|e| e.to_string()),
        (None, None, Some(d)) => Ok(d.clone()),
        _ => Err("give exactly one of \"gallery\", \"generated\" and \"design\"".into()),
    }
}

/// The id of the element called `key` (an id, or a name).
fn id_of(design: &Design, key: &str) -> Result<Id, String> {
    let all = design.elements();
    all.iter()
        .find(|e| e.id.as_str() == key)
        .or_else(|| all.iter().find(|e| e.name == key))
        .map(|e| e.id.clone())
        .ok_or(format!("no element '{key}'"))
}

/// The JSON object with this id, anywhere in the design.
fn find_mut<'v>(v: &'v mut Value, id: &str) -> Option<&'v mut Map<String, Value>> {
    if v.get("id").and_then(Value::as_str) == Some(id) {
        return v.as_object_mut();
    }
    match v {
        Value::Object(m) => m.values_mut().find_map(|x| find_mut(x, id)),
        Value::Array(items) => items.iter_mut().find_map(|x| find_mut(x, id)),
        _ => None,
    }
}

fn patched(design: &Design, patches: &[Patch]) -> Result<Design, String> {
    let mut design = design.clone();
    for p in patches {
        design = match p {
            Patch::Remove { remove } => {
                let id = id_of(&design, remove)?;
                let mut doc = Document::new(design, Layout::default());
                apply(&mut doc, Edit::Remove(id)).map_err(|e| e.to_string())?;
                doc.design
            }
            Patch::Set { set, fields } => {
                let id = id_of(&design, set)?;
                let mut v = serde_json::to_value(&design).map_err(|e| e.to_string())?;
                let obj = find_mut(&mut v, id.as_str()).ok_or(format!("no JSON object for '{set}'"))?;
                for (k, x) in fields {
                    match x {
                        Value::Null => obj.remove(k),
                        _ => obj.insert(k.clone(), x.clone()),
                    };
                }
                serde_json::from_value(v).map_err(|e| format!("the edited design does not read: {e}"))?
            }
            Patch::Add { add, element } => {
                let mut v = serde_json::to_value(&design).map_err(|e| e.to_string())?;
                let top = v.as_object_mut().ok_or("a design is an object")?;
                match top.entry(add.clone()).or_insert_with(|| Value::Array(Vec::new())) {
                    Value::Array(items) => items.push(element.clone()),
                    _ => return Err(format!("'{add}' is not a list")),
                }
                serde_json::from_value(v).map_err(|e| format!("the edited design does not read: {e}"))?
            }
        };
    }
    Ok(design)
}

fn rule(r: &Option<String>) -> String {
    r.as_deref().map(|r| format!(" [{r}]")).unwrap_or_default()
}

fn side(s: &CellSide) -> String {
    format!("{}{}", s.outcome, rule(&s.rule))
}

/// The diff as lines, one per effect, per section.
fn lines(d: &Diff) -> [BTreeSet<String>; 5] {
    let elements = d
        .elements
        .iter()
        .map(|e| {
            let fields: Vec<&str> = e.fields.iter().map(|f| f.path.as_str()).collect();
            let fields = if fields.is_empty() { String::new() } else { format!(": {}", fields.join(", ")) };
            format!("{} {:?} {}{fields}", e.change.label(), e.kind, e.element.name())
        })
        .collect();
    let routes = d
        .routes
        .iter()
        .map(|r| {
            let or_none = |s: &Option<String>| s.clone().unwrap_or_else(|| "none".into());
            format!(
                "{} {}: {}{} → {}{}",
                r.subnet.name(),
                r.route,
                or_none(&r.before),
                rule(&r.rule_before),
                or_none(&r.after),
                rule(&r.rule_after)
            )
        })
        .collect();
    let reach = d
        .reachability
        .iter()
        .map(|f| format!("{} {} → {}: {} → {}", f.probe, f.from.name(), f.to.name(), side(&f.before), side(&f.after)))
        .collect();
    let dns = d
        .dns
        .iter()
        .map(|c| {
            format!(
                "{} {}: {}{} → {}{}",
                c.client.name(),
                c.name,
                c.before,
                rule(&c.rule_before),
                c.after,
                rule(&c.rule_after)
            )
        })
        .collect();
    let intents = d.intents.iter().map(|i| format!("{}: {} → {}", i.title, i.before, i.after)).collect();
    [elements, routes, reach, dns, intents]
}

fn check(path: &PathBuf) -> Result<(), String> {
    let text = std::fs::read_to_string(path).map_err(|e| e.to_string())?;
    let s: Scenario = serde_json::from_str(&text).map_err(|e| format!("bad scenario file: {e}"))?;
    let before = patched(&base(&s)?, &s.setup)?;
    let after = patched(&before, &s.edits)?;
    let d = diff(&before, &after);
    let got = lines(&d);
    let want = [&s.expect.elements, &s.expect.routes, &s.expect.reachability, &s.expect.dns, &s.expect.intents];
    let mut errors = Vec::new();
    for (section, (got, want)) in
        ["elements", "routes", "reachability", "dns", "intents"].iter().zip(got.iter().zip(want))
    {
        let want: BTreeSet<String> = want.iter().cloned().collect();
        for missing in want.difference(got) {
            errors.push(format!("{section}: missing  {missing}"));
        }
        for extra in got.difference(&want) {
            errors.push(format!("{section}: extra    {extra}"));
        }
    }
    if (d.cost.delta - s.expect.cost_delta).abs() >= 0.005 {
        errors.push(format!("cost delta {:.2}, expected {:.2}", d.cost.delta, s.expect.cost_delta));
    }
    let all: String = got.iter().flatten().cloned().collect::<Vec<_>>().join("\n");
    for r in &s.rules {
        if !all.contains(&format!("[{r}]")) {
            errors.push(format!("rule {r} is cited by no effect"));
        }
    }
    // The same edit the other way round is the mirror image.
    let mut back = diff(&after, &before);
    back.sort();
    if back != d.mirrored() {
        errors.push("diff(after, before) is not the mirror of diff(before, after)".into());
    }
    match errors.is_empty() {
        true => Ok(()),
        false => Err(format!("{}:\n  {}", s.name, errors.join("\n  "))),
    }
}

#[test]
fn diff_scenarios() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/diff");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("tests/diff")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    assert!(files.len() >= 6, "the six landing-zone breakers of issue 21 §3: {files:?}");
    let failures: Vec<String> =
        files.iter().filter_map(|f| check(f).err().map(|e| format!("{}: {e}", f.display()))).collect();
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
