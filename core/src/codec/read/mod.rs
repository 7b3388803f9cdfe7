//! Typing a parsed JSON tree (`serde_json::Value`) into the model, by hand.
//!
//! Why not `#[derive(Deserialize)]`: serde's derive emits, for every model type, a visitor
//! specialised for the JSON parser with the parser's code inlined into it; for this model that was
//! a quarter of the studio's first-load wasm (≈ 80 KB gzipped, BENCHMARKS.md "Session 6"). Here the
//! JSON is parsed once into a tree by one small, shared parser, and each model type is read from
//! the tree by one plain function: no per-format copies.
//!
//! It also names places more precisely than serde could: a bad value inside an internally tagged
//! or flattened enum is reported at its own path (`design.vms[0].role.ip`), since nothing is
//! buffered and re-read.
//!
//! The rules are serde's, so that files written by `Serialize` read back exactly (the property
//! tests round-trip arbitrary documents): keys in camelCase, fields with a default may be left
//! out, unknown fields are ignored, `null` is `None` for an optional field, and the aliases the
//! model declared (`tcp` for `TCP`) are accepted. Not serde's rarer forms, which `Serialize`
//! never writes and people do not type: a struct as a positional array, a unit variant as a
//! one-key map (`{"Allow": null}`), a variant's index for its name.
//!
//! Architecture invariant: reading never panics and never recurses deeper than the tree, whose
//! depth serde_json caps at 128.

mod model;
mod services;
mod v2;

use super::DecodeError;
use serde_json::{Map, Value};
use std::collections::BTreeMap;
use std::net::Ipv4Addr;

/// Where a value sits in the document, as a chain of links on the stack: turned into a path
/// string (`design.subnets[3].prefix`) only when an error is reported.
#[derive(Clone, Copy)]
pub(crate) enum At<'a> {
    Root,
    Key(&'a At<'a>, &'a str),
    Index(&'a At<'a>, usize),
}

impl At<'_> {
    fn path(&self) -> String {
        match self {
            At::Root => String::new(),
            At::Key(parent, key) => {
                let mut path = parent.path();
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(key);
                path
            }
            At::Index(parent, i) => format!("{}[{i}]", parent.path()),
        }
    }

    /// An error about the value at this place.
    fn fail(&self, message: String) -> DecodeError {
        DecodeError::Json { path: super::error::one_line(&self.path()), message: super::error::one_line(&message) }
    }

    /// serde's wording for a value of the wrong JSON type.
    fn invalid_type(&self, found: &Value, expected: &str) -> DecodeError {
        self.fail(format!("invalid type: {}, expected {expected}", describe(found)))
    }
}

/// How serde describes a JSON value in "invalid type" messages.
fn describe(v: &Value) -> String {
    match v {
        Value::Null => "null".into(),
        Value::Bool(b) => format!("boolean `{b}`"),
        Value::Number(n) if n.is_f64() => format!("floating point `{n}`"),
        Value::Number(n) => format!("integer `{n}`"),
        Value::String(s) => format!("string {s:?}"),
        Value::Array(_) => "sequence".into(),
        Value::Object(_) => "map".into(),
    }
}

/// A model type that can be read from a JSON value at a place.
pub(crate) trait Read: Sized {
    fn read(v: &Value, at: &At<'_>) -> Result<Self, DecodeError>;
}

/// Reads the whole document (already migrated to the current schema).
pub(crate) fn document(v: &Value) -> Result<crate::document::Document, DecodeError> {
    Read::read(v, &At::Root)
}

/// A JSON object being read as a struct: fields by key, each read at its own place.
pub(crate) struct Obj<'v, 'a> {
    map: &'v Map<String, Value>,
    at: &'a At<'a>,
}

impl<'v, 'a> Obj<'v, 'a> {
    pub(crate) fn of(v: &'v Value, at: &'a At<'a>) -> Result<Self, DecodeError> {
        match v {
            Value::Object(map) => Ok(Obj { map, at }),
            other => Err(at.invalid_type(other, "an object")),
        }
    }

    /// A field that must be present.
    pub(crate) fn req<T: Read>(&self, key: &str) -> Result<T, DecodeError> {
        match self.map.get(key) {
            Some(v) => T::read(v, &At::Key(self.at, key)),
            None => Err(self.at.fail(format!("missing field `{key}`"))),
        }
    }

    /// A field that may be left out, for its type's default (`#[serde(default)]`; also an
    /// `Option`, which serde treats so without being told).
    pub(crate) fn opt<T: Read + Default>(&self, key: &str) -> Result<T, DecodeError> {
        self.or(key, T::default())
    }

    /// A field that may be left out, for the given default (`#[serde(default = "…")]`).
    pub(crate) fn or<T: Read>(&self, key: &str, default: T) -> Result<T, DecodeError> {
        match self.map.get(key) {
            Some(v) => T::read(v, &At::Key(self.at, key)),
            None => Ok(default),
        }
    }

    /// The variant named by an internally tagged enum's tag field: its index in `names`.
    pub(crate) fn tag(&self, key: &str, names: &[&str]) -> Result<usize, DecodeError> {
        match self.map.get(key) {
            Some(v) => pick(v, &At::Key(self.at, key), names, names.len()),
            None => Err(self.at.fail(format!("missing field `{key}`"))),
        }
    }
}

/// The index in `names` of the name `v` holds. Only the first `listed` names are offered in the
/// message (the rest are aliases).
pub(crate) fn pick(v: &Value, at: &At<'_>, names: &[&str], listed: usize) -> Result<usize, DecodeError> {
    let Value::String(s) = v else {
        return Err(at.invalid_type(v, "a name in quotes"));
    };
    if let Some(i) = names.iter().position(|n| n == s) {
        return Ok(i);
    }
    let shown: Vec<String> = names.iter().take(listed).map(|n| format!("`{n}`")).collect();
    let expected = match shown.as_slice() {
        [one] => format!("expected {one}"),
        [a, b] => format!("expected {a} or {b}"),
        many => format!("expected one of {}", many.join(", ")),
    };
    Err(at.fail(format!("unknown variant `{s}`, {expected}")))
}

/// Reads a string and parses it with `parse`, whose error is the message (IP addresses, CIDRs,
/// the model's text forms such as port ranges).
pub(crate) fn parsed<T>(
    v: &Value,
    at: &At<'_>,
    what: &str,
    parse: fn(&str) -> Result<T, String>,
) -> Result<T, DecodeError> {
    match v {
        Value::String(s) => parse(s).map_err(|e| at.fail(e)),
        other => Err(at.invalid_type(other, what)),
    }
}

/// Implements [`Read`] for unit-only enums from their names: `names!(Type: "Name" => Variant, …)`.
/// Names after a `;` are aliases, accepted but not offered in messages.
macro_rules! names {
    ($ty:ty: $($name:literal => $var:expr),+ $(; $($alias:literal => $avar:expr),+)? $(,)?) => {
        impl $crate::codec::read::Read for $ty {
            fn read(
                v: &serde_json::Value,
                at: &$crate::codec::read::At<'_>,
            ) -> Result<Self, $crate::codec::DecodeError> {
                const NAMES: &[&str] = &[$($name),+ $($(, $alias)+)?];
                const VALUES: &[$ty] = &[$($var),+ $($(, $avar)+)?];
                const LISTED: usize = [$($name),+].len();
                let i = $crate::codec::read::pick(v, at, NAMES, LISTED)?;
                // `pick` returns an index into NAMES, which VALUES matches one for one.
                Ok(VALUES[i])
            }
        }
    };
}
pub(crate) use names;

/// Implements [`Read`] for a struct read field by field from an object:
/// `object!(Type, |o| Ok(Type { a: o.req("a")?, … }))`.
macro_rules! object {
    ($ty:ty, |$o:ident| $body:expr) => {
        impl $crate::codec::read::Read for $ty {
            // One copy per type, called from every place that reads it (a list, an option, a
            // field), rather than inlined into each: the first-load wasm is budgeted.
            #[inline(never)]
            fn read(
                v: &serde_json::Value,
                at: &$crate::codec::read::At<'_>,
            ) -> Result<Self, $crate::codec::DecodeError> {
                let $o = &$crate::codec::read::Obj::of(v, at)?;
                $body
            }
        }
    };
}
pub(crate) use object;

impl Read for String {
    fn read(v: &Value, at: &At<'_>) -> Result<Self, DecodeError> {
        match v {
            Value::String(s) => Ok(s.clone()),
            other => Err(at.invalid_type(other, "a string")),
        }
    }
}

impl Read for bool {
    fn read(v: &Value, at: &At<'_>) -> Result<Self, DecodeError> {
        match v {
            Value::Bool(b) => Ok(*b),
            other => Err(at.invalid_type(other, "a boolean")),
        }
    }
}

/// An integer of type `T`, named `name` in messages (`u16`), with serde's wording when it does
/// not fit.
fn integer<T: TryFrom<i64> + TryFrom<u64>>(v: &Value, at: &At<'_>, name: &str) -> Result<T, DecodeError> {
    let out_of_range =
        |shown: &dyn std::fmt::Display| at.fail(format!("invalid value: integer `{shown}`, expected {name}"));
    match v {
        Value::Number(n) => match (n.as_u64(), n.as_i64()) {
            (Some(u), _) => T::try_from(u).map_err(|_| out_of_range(&u)),
            (None, Some(i)) => T::try_from(i).map_err(|_| out_of_range(&i)),
            _ => Err(at.invalid_type(v, name)),
        },
        other => Err(at.invalid_type(other, name)),
    }
}

macro_rules! integers {
    ($($ty:ty),+) => {$(
        impl Read for $ty {
            fn read(v: &Value, at: &At<'_>) -> Result<Self, DecodeError> {
                integer(v, at, stringify!($ty))
            }
        }
    )+};
}
integers!(u16, u32, u64, i32);

impl Read for Ipv4Addr {
    fn read(v: &Value, at: &At<'_>) -> Result<Self, DecodeError> {
        parsed(v, at, "an IPv4 address", |s| s.parse().map_err(|e: std::net::AddrParseError| e.to_string()))
    }
}

impl Read for ipnet::Ipv4Net {
    fn read(v: &Value, at: &At<'_>) -> Result<Self, DecodeError> {
        parsed(v, at, "an IPv4 prefix", |s| s.parse().map_err(|e: ipnet::AddrParseError| e.to_string()))
    }
}

impl Read for crate::id::Id {
    fn read(v: &Value, at: &At<'_>) -> Result<Self, DecodeError> {
        String::read(v, at).map(crate::id::Id)
    }
}

impl<T: Read> Read for Option<T> {
    fn read(v: &Value, at: &At<'_>) -> Result<Self, DecodeError> {
        match v {
            Value::Null => Ok(None),
            v => T::read(v, at).map(Some),
        }
    }
}

/// A plain loop rather than `collect::<Result<_, _>>()`: the adapter's `next` is instantiated per
/// element type with the type's reader inlined into it, which for this model's ~40 list types
/// was most of the reader's code in the first-load wasm (DECISIONS 24).
impl<T: Read> Read for Vec<T> {
    fn read(v: &Value, at: &At<'_>) -> Result<Self, DecodeError> {
        let Value::Array(items) = v else {
            return Err(at.invalid_type(v, "a sequence"));
        };
        let mut out = Vec::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            out.push(T::read(item, &At::Index(at, i))?);
        }
        Ok(out)
    }
}

impl<K: From<String> + Ord, T: Read> Read for BTreeMap<K, T> {
    fn read(v: &Value, at: &At<'_>) -> Result<Self, DecodeError> {
        let Value::Object(map) = v else {
            return Err(at.invalid_type(v, "a map"));
        };
        map.iter().map(|(k, item)| Ok((K::from(k.clone()), T::read(item, &At::Key(at, k))?))).collect()
    }
}

/// `Deserialize` for model types that other files embed (scenario files hold a `Design`, the
/// matrix worker's messages a `Document`), through the same reader: one decoder, not two. A
/// design is repaired as a file is (`restore::repair_ids`, silently: nobody is there to tell), and
/// a document is migrated as a file is.
macro_rules! deserialize_by_reading {
    ($($ty:ty => $migrate:expr, $restore:expr);+) => {$(
        impl<'de> serde::Deserialize<'de> for $ty {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let v = super::tree::deserialize(deserializer)?;
                let migrate: fn(Value) -> Result<Value, DecodeError> = $migrate;
                let v = migrate(v).map_err(serde::de::Error::custom)?;
                let mut out = <$ty as Read>::read(&v, &At::Root).map_err(serde::de::Error::custom)?;
                let restore: fn(&mut $ty) = $restore;
                restore(&mut out);
                Ok(out)
            }
        }
    )+};
}
deserialize_by_reading!(
    // A document carries its schema number: migrated first, as a file is.
    crate::document::Document => super::migrate::migrate, |doc| {
        super::restore::repair_ids(&mut doc.design);
    };
    // A bare design has no schema number; every schema so far reads v1 designs as they are.
    crate::model::Design => Ok, |design| {
        super::restore::repair_ids(design);
    };
    crate::model::Protocol => Ok, |_| ()
);

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn paths_name_keys_and_indexes() {
        let root = At::Root;
        let design = At::Key(&root, "design");
        let subnets = At::Key(&design, "subnets");
        let third = At::Index(&subnets, 3);
        assert_eq!(At::Key(&third, "prefix").path(), "design.subnets[3].prefix");
        assert_eq!(At::Index(&root, 0).path(), "[0]");
    }

    #[test]
    fn integers_say_what_does_not_fit() {
        let at = At::Root;
        assert_eq!(u16::read(&json!(443), &at), Ok(443));
        let e = |r: Result<u16, DecodeError>| r.unwrap_err().to_string();
        assert_eq!(
            e(u16::read(&json!(70000), &at)),
            "The design could not be read: invalid value: integer `70000`, expected u16."
        );
        assert_eq!(
            e(u16::read(&json!(-1), &at)),
            "The design could not be read: invalid value: integer `-1`, expected u16."
        );
        assert_eq!(
            e(u16::read(&json!(1.5), &at)),
            "The design could not be read: invalid type: floating point `1.5`, expected u16."
        );
        assert_eq!(i32::read(&json!(-40), &at), Ok(-40));
    }

    #[test]
    fn names_list_what_is_expected() {
        use crate::model::Protocol;
        let at = At::Root;
        assert_eq!(Protocol::read(&json!("tcp"), &at), Ok(Protocol::Tcp));
        assert_eq!(Protocol::read(&json!("*"), &at), Ok(Protocol::Any));
        let e = Protocol::read(&json!("SCTP"), &at).unwrap_err().to_string();
        assert!(e.ends_with("unknown variant `SCTP`, expected one of `TCP`, `UDP`, `ICMP`, `Any`."), "{e}");
        let e = Protocol::read(&json!(6), &at).unwrap_err().to_string();
        assert!(e.ends_with("invalid type: integer `6`, expected a name in quotes."), "{e}");
    }
}
