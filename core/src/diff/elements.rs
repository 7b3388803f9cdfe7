//! Elements compared field by field: each element's serde JSON (what a design file holds), its
//! nested elements (NICs, connections, hosts, links, endpoints) taken out to be compared as
//! elements of their own, and both sides' references put in one neutral form (a paired element's
//! two ids as one token) so that a reference to the same (paired) element is no change — the
//! same way round whichever side comes first, and shown as each side wrote it.

use super::matching::Pairs;
use super::{Change, ElementChange, FieldChange, Named, Pair};
use crate::id::Id;
use crate::model::{Design, ElementKind};
use serde_json::{Map, Value};
use std::collections::HashMap;

/// Fields of an element holding nested elements (objects with their own ids).
const NESTED: &[&str] =
    &["nics", "connections", "hosts", "dnsServers", "links", "inboundEndpoints", "outboundEndpoints"];

/// Keys whose text is never a reference, so never translated between the sides' ids.
const TEXT_KEYS: &[&str] = &["name", "title", "description", "azureId"];

/// A value shown in a field change is cut to this many characters.
const SHORT: usize = 80;

/// One element of a design, as `diff` compares it.
pub(crate) struct Entry {
    pub kind: ElementKind,
    pub id: Id,
    pub name: String,
    /// The name matching pass 3 compares: lower case, under its container's name.
    pub qualified: String,
    /// The same in its own case, to show.
    pub qualified_display: String,
    /// Lower case; empty when the element has none.
    pub azure_id: String,
    /// Its JSON without the nested elements.
    pub value: Value,
}

/// A design's elements in the order of [`Design::elements`], and the readable name of each.
pub(crate) struct Index {
    pub entries: Vec<Entry>,
    by_id: HashMap<Id, usize>,
    pub has_azure_ids: bool,
}

impl Index {
    pub fn get(&self, id: &Id) -> Option<&Entry> {
        self.by_id.get(id).and_then(|&i| self.entries.get(i))
    }

    /// The readable name: a subnet as `vnet/subnet`, a NIC as `vm/nic` (the qualified name in
    /// its own case), else its name or, without one, its id.
    pub fn named(&self, id: &Id) -> Option<Named> {
        let e = self.get(id)?;
        Some(Named { id: e.id.clone(), name: e.display() })
    }
}

impl Entry {
    fn display(&self) -> String {
        if self.name.is_empty() && self.kind == ElementKind::Traffic {
            return self.id.to_string();
        }
        self.qualified_display.clone()
    }
}

/// Every element of `design`, with its JSON and the names the matching reads.
pub(crate) fn index(design: &Design) -> Index {
    let json = serde_json::to_value(design).unwrap_or(Value::Null);
    let mut values: HashMap<String, (Value, Option<String>)> = HashMap::new();
    if let Value::Object(top) = &json {
        for list in top.values() {
            let Value::Array(items) = list else { continue };
            for item in items {
                collect(item, None, &mut values);
            }
        }
    }
    let names: HashMap<&str, &str> = design.elements().into_iter().map(|e| (e.id.as_str(), e.name)).collect();
    let mut entries = Vec::new();
    let mut by_id = HashMap::new();
    for e in design.elements() {
        // A repeated id (which `codec::restore` repairs on read) stands for its first element only.
        if by_id.contains_key(e.id) {
            continue;
        }
        let Some((value, parent)) = values.get(e.id.as_str()) else { continue };
        let text = |v: Option<&Value>| v.and_then(Value::as_str).and_then(|id| names.get(id).copied()).unwrap_or("");
        let container = match e.kind {
            ElementKind::Subnet | ElementKind::Peering => text(value.get("vnet")).to_string(),
            ElementKind::ZoneLink => format!("{}/{}", e.name, text(value.get("vnet"))),
            _ => parent.as_deref().and_then(|p| names.get(p).copied()).unwrap_or("").to_string(),
        };
        let qualified_display = match (e.kind, container.is_empty()) {
            (ElementKind::ZoneLink, _) => container,
            (_, true) => e.name.to_string(),
            (_, false) => format!("{container}/{}", e.name),
        };
        let qualified = if e.name.is_empty() && e.kind != ElementKind::ZoneLink {
            // Nameless elements (traffic assumptions) pair by what they say.
            let mut v = value.clone();
            if let Value::Object(m) = &mut v {
                m.remove("id");
            }
            v.to_string()
        } else {
            qualified_display.to_lowercase()
        };
        let azure_id =
            value.get("meta").and_then(|m| m.get("azureId")).and_then(Value::as_str).unwrap_or("").to_ascii_lowercase();
        by_id.insert(e.id.clone(), entries.len());
        entries.push(Entry {
            kind: e.kind,
            id: e.id.clone(),
            name: e.name.to_string(),
            qualified,
            qualified_display,
            azure_id,
            value: value.clone(),
        });
    }
    let has_azure_ids = entries.iter().any(|e| !e.azure_id.is_empty());
    Index { entries, by_id, has_azure_ids }
}

/// Records `item` (an element object) and its nested elements, each without its nested ones.
fn collect(item: &Value, parent: Option<&str>, out: &mut HashMap<String, (Value, Option<String>)>) {
    let Value::Object(map) = item else { return };
    let Some(id) = map.get("id").and_then(Value::as_str) else { return };
    let mut own = Map::new();
    for (k, v) in map {
        match v {
            Value::Array(items) if NESTED.contains(&k.as_str()) && items.iter().all(|i| i.get("id").is_some()) => {
                for i in items {
                    collect(i, Some(id), out);
                }
            }
            _ => {
                own.insert(k.clone(), v.clone());
            }
        }
    }
    out.entry(id.to_string()).or_insert((Value::Object(own), parent.map(str::to_string)));
}

/// Element changes: the first design's elements removed or changed, in its order, then the
/// second's added, in its order.
pub(crate) fn changes(a: &Index, b: &Index, pairs: &Pairs) -> Vec<ElementChange> {
    let mut out = Vec::new();
    for e in &a.entries {
        let before = Some(Named { id: e.id.clone(), name: e.display() });
        match pairs.after_of(&e.id).and_then(|id| b.get(id)) {
            None => out.push(ElementChange {
                change: Change::Removed,
                kind: e.kind,
                element: Pair { before, after: None },
                fields: Vec::new(),
            }),
            Some(f) => {
                let (ours, theirs) = (comparable(&e.value), comparable(&f.value));
                let (mut ours_n, mut theirs_n) = (ours.clone(), theirs.clone());
                neutral(&mut ours_n, "", Side::First, pairs);
                neutral(&mut theirs_n, "", Side::Second, pairs);
                let mut fields = Vec::new();
                compare(
                    Both { n: &ours_n, raw: &ours },
                    Both { n: &theirs_n, raw: &theirs },
                    String::new(),
                    &mut fields,
                );
                if !fields.is_empty() {
                    let after = Some(Named { id: f.id.clone(), name: f.display() });
                    out.push(ElementChange {
                        change: Change::Changed,
                        kind: e.kind,
                        element: Pair { before, after },
                        fields,
                    });
                }
            }
        }
    }
    for f in b.entries.iter().filter(|f| pairs.before_of(&f.id).is_none()) {
        let after = Some(Named { id: f.id.clone(), name: f.display() });
        out.push(ElementChange {
            change: Change::Added,
            kind: f.kind,
            element: Pair { before: None, after },
            fields: Vec::new(),
        });
    }
    out
}

/// The value as compared: without its id (which says nothing across sources) and with the Azure
/// id in lower case (Azure ids are case-insensitive).
fn comparable(v: &Value) -> Value {
    let mut v = v.clone();
    if let Value::Object(m) = &mut v {
        m.remove("id");
        if let Some(Value::Object(meta)) = m.get_mut("meta") {
            if let Some(Value::String(s)) = meta.get_mut("azureId") {
                *s = s.to_ascii_lowercase();
            }
        }
    }
    v
}

/// Which design a value comes from.
#[derive(Clone, Copy)]
enum Side {
    First,
    Second,
}

/// Puts references in one form for both sides: a paired element's id (on either side) becomes
/// one token naming the pair, any other text is marked as plain, so that neither side's ids can
/// be mistaken for the other's.
fn neutral(v: &mut Value, key: &str, side: Side, pairs: &Pairs) {
    match v {
        Value::String(s) if !TEXT_KEYS.contains(&key) => {
            let id = Id::from(s.as_str());
            let pair = match side {
                Side::First => pairs.after_of(&id).map(|b| (id.to_string(), b.to_string())),
                Side::Second => pairs.before_of(&id).map(|a| (a.to_string(), id.to_string())),
            };
            *s = match pair {
                Some((a, b)) => format!("\u{0}{}:{a}{b}", a.len()),
                None => format!("\u{1}{s}"),
            };
        }
        Value::Array(items) => items.iter_mut().for_each(|i| neutral(i, key, side, pairs)),
        Value::Object(m) => m.iter_mut().for_each(|(k, i)| neutral(i, k, side, pairs)),
        _ => {}
    }
}

/// A value in neutral form (compared) and as its side wrote it (shown); the two have the same
/// shape, since [`neutral`] only rewrites text.
#[derive(Clone, Copy)]
struct Both<'v> {
    n: &'v Value,
    raw: &'v Value,
}

impl<'v> Both<'v> {
    fn key(self, k: &str) -> Option<Both<'v>> {
        Some(Both { n: self.n.get(k)?, raw: self.raw.get(k)? })
    }

    fn at(self, i: usize) -> Option<Both<'v>> {
        Some(Both { n: self.n.get(i)?, raw: self.raw.get(i)? })
    }
}

fn shown(v: Option<Both>) -> Option<String> {
    v.map(|b| short(b.raw))
}

/// Leaf differences between two JSON values, by path.
fn compare(a: Both, b: Both, path: String, out: &mut Vec<FieldChange>) {
    match (a.n, b.n) {
        (Value::Object(x), Value::Object(y)) => {
            let mut keys: Vec<&String> = x.keys().chain(y.keys()).collect();
            keys.sort();
            keys.dedup();
            for k in keys {
                let sub = if path.is_empty() { k.clone() } else { format!("{path}.{k}") };
                match (a.key(k), b.key(k)) {
                    (Some(p), Some(q)) => compare(p, q, sub, out),
                    (p, q) => out.push(FieldChange { path: sub, before: shown(p), after: shown(q) }),
                }
            }
        }
        (Value::Array(x), Value::Array(y)) if by_name(x).is_some() && by_name(y).is_some() => {
            // Routes, rules, records: matched by name, so a removed route is one change.
            let (mx, my) = (by_name(x).unwrap_or_default(), by_name(y).unwrap_or_default());
            let mut names: Vec<&str> = mx.iter().chain(&my).map(|(n, _)| *n).collect();
            names.sort_unstable();
            names.dedup();
            for n in names {
                let sub = format!("{path}[{n}]");
                match (named(&mx, n).and_then(|i| a.at(i)), named(&my, n).and_then(|i| b.at(i))) {
                    (Some(p), Some(q)) => compare(p, q, sub, out),
                    (p, q) => out.push(FieldChange { path: sub, before: shown(p), after: shown(q) }),
                }
            }
        }
        (Value::Array(x), Value::Array(y)) => {
            for i in 0..x.len().max(y.len()) {
                let sub = format!("{path}[{i}]");
                match (a.at(i), b.at(i)) {
                    (Some(p), Some(q)) => compare(p, q, sub, out),
                    (p, q) => out.push(FieldChange { path: sub, before: shown(p), after: shown(q) }),
                }
            }
        }
        (x, y) if x != y => out.push(FieldChange { path, before: Some(short(a.raw)), after: Some(short(b.raw)) }),
        _ => {}
    }
}

/// The positions of a list of named objects by name, when every item has a distinct name.
fn by_name(items: &[Value]) -> Option<Vec<(&str, usize)>> {
    let named: Vec<(&str, usize)> = items
        .iter()
        .enumerate()
        .map(|(at, i)| i.get("name").and_then(Value::as_str).map(|n| (n, at)))
        .collect::<Option<_>>()?;
    let mut names: Vec<&str> = named.iter().map(|(n, _)| *n).collect();
    names.sort_unstable();
    names.dedup();
    (names.len() == named.len()).then_some(named)
}

fn named(items: &[(&str, usize)], name: &str) -> Option<usize> {
    items.iter().find(|(k, _)| *k == name).map(|(_, at)| *at)
}

/// A value as short text: a string as itself, anything else as compact JSON, cut at [`SHORT`].
fn short(v: &Value) -> String {
    let text = match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    match text.char_indices().nth(SHORT) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text,
    }
}
