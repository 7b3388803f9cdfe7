//! Schema migrations: any older document becomes a current one before it is typed.
//!
//! A migration is a chain of steps on plain JSON (`serde_json::Value`), one per schema bump: the
//! step `v1_to_v2` turns a schema 1 document into a schema 2 one, and so on up to
//! [`SCHEMA_VERSION`]. Steps work on JSON, not on model types, because the old model types no
//! longer exist once the schema has moved on.
//!
//! How to bump the schema (say to 2):
//! 1. set `SCHEMA_VERSION = 2` in `model/mod.rs` and change the model;
//! 2. write `fn v1_to_v2(doc: Value) -> Result<Value, DecodeError>` below, and add it to
//!    [`STEPS`] (the one line; the build fails until the chain and the version agree);
//! 3. freeze `core/tests/fixtures/v2/` from the new `to_json`, and keep every `v1` fixture and its
//!    test: old files and links must decode forever.
//!
//! Architecture invariant: a step never fails on a document of its version that the model of that
//! version accepted, and never panics on any JSON at all.

use super::DecodeError;
use crate::model::SCHEMA_VERSION;
use serde::de::{self, Deserialize, Deserializer, Visitor};
use serde_json::Value;
use std::fmt;

/// One step: a document of schema `n` in, the same document in schema `n + 1` out.
type Step = fn(Value) -> Result<Value, DecodeError>;

/// `STEPS[i]` turns schema `i + 1` into schema `i + 2`.
const STEPS: &[Step] = &[v1_to_v2];

/// Schema 2 (DECISIONS 25) is additive: every new field is optional with a default, nothing is
/// renamed or moved, so a schema 1 document is already a schema 2 document. The step exists so
/// the chain and the version agree, and so that a v1 document is stamped 2 once read.
fn v1_to_v2(doc: Value) -> Result<Value, DecodeError> {
    Ok(doc)
}

// The chain and the schema version move together: a new schema without its step does not build.
const _: () = assert!(STEPS.len() + 1 == SCHEMA_VERSION as usize);

/// Brings a document of any known schema up to [`SCHEMA_VERSION`]: reads `"schema"` (missing
/// means 1, so hand-written scenario files may leave it out), applies each step from there in
/// turn, and stamps the result with the current version.
/// A newer schema is [`DecodeError::FutureVersion`].
pub fn migrate(value: Value) -> Result<Value, DecodeError> {
    let found = schema_of(&value)?;
    run(value, found, STEPS)
}

/// The declared schema of a JSON document, validated.
fn schema_of(value: &Value) -> Result<u32, DecodeError> {
    let Value::Object(map) = value else {
        return Err(DecodeError::Json {
            path: String::new(),
            message: format!("expected {DOCUMENT}, found {}", kind_of(value)),
        });
    };
    let declared = match map.get("schema") {
        None => None,
        Some(v) => Some(
            SchemaNumber::deserialize(v)
                .map_err(|e| DecodeError::Json { path: "schema".into(), message: e.to_string() })?
                .0,
        ),
    };
    check_version(declared)
}

/// Validates a declared schema number: missing is 1, 0 does not exist, newer than this build is
/// [`DecodeError::FutureVersion`].
fn check_version(declared: Option<u64>) -> Result<u32, DecodeError> {
    match declared {
        None => Ok(1),
        Some(0) => Err(DecodeError::Json {
            path: "schema".into(),
            message: "there is no schema 0 (schema versions start at 1)".into(),
        }),
        Some(n) if n > u64::from(SCHEMA_VERSION) => {
            Err(DecodeError::FutureVersion { found: u32::try_from(n).unwrap_or(u32::MAX), supported: SCHEMA_VERSION })
        }
        Some(n) => Ok(u32::try_from(n).unwrap_or(SCHEMA_VERSION)),
    }
}

/// Runs the steps from schema `from` to the end of `steps`, then stamps the final version.
fn run(mut value: Value, from: u32, steps: &[Step]) -> Result<Value, DecodeError> {
    let last = u32::try_from(steps.len()).unwrap_or(u32::MAX).saturating_add(1);
    if from > last {
        return Err(DecodeError::FutureVersion { found: from, supported: last });
    }
    let start = usize::try_from(from.saturating_sub(1)).unwrap_or(usize::MAX);
    for step in steps.iter().skip(start) {
        value = step(value)?;
    }
    if let Value::Object(map) = &mut value {
        map.insert("schema".into(), Value::from(last));
    }
    Ok(value)
}

/// What a design document is, for "expected …" messages.
const DOCUMENT: &str = "a vnet-studio design (a JSON object with \"schema\" and \"design\")";

fn kind_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// A schema number as written in JSON: a non-negative integer, with a clear message otherwise.
struct SchemaNumber(u64);

impl<'de> Deserialize<'de> for SchemaNumber {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = SchemaNumber;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a schema version number (1 or more)")
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<SchemaNumber, E> {
                Ok(SchemaNumber(v))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<SchemaNumber, E> {
                u64::try_from(v).map(SchemaNumber).map_err(|_| E::invalid_value(de::Unexpected::Signed(v), &self))
            }
        }
        deserializer.deserialize_u64(V)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn add_field(name: &'static str) -> impl Fn(Value) -> Result<Value, DecodeError> {
        move |mut v| {
            if let Value::Object(map) = &mut v {
                map.insert(name.into(), Value::Bool(true));
            }
            Ok(v)
        }
    }

    fn v1_to_v2(v: Value) -> Result<Value, DecodeError> {
        add_field("two")(v)
    }

    fn v2_to_v3(v: Value) -> Result<Value, DecodeError> {
        add_field("three")(v)
    }

    #[test]
    fn current_documents_pass_through_stamped() {
        let doc = json!({"schema": 2, "design": {"name": "x"}});
        assert_eq!(migrate(doc.clone()).unwrap(), doc);
    }

    #[test]
    fn schema_2_is_additive_so_a_v1_document_is_only_restamped() {
        let v1 = json!({"schema": 1, "design": {"name": "x", "gateways": [{"connections": [{"site": "op1"}]}]}});
        let mut want = v1.clone();
        want["schema"] = json!(2);
        assert_eq!(migrate(v1).unwrap(), want);
        // Idempotent: a migrated document migrates to itself.
        assert_eq!(migrate(want.clone()).unwrap(), want);
    }

    #[test]
    fn a_missing_schema_means_schema_1() {
        let migrated = migrate(json!({"design": {}})).unwrap();
        assert_eq!(migrated["schema"], json!(SCHEMA_VERSION));
    }

    #[test]
    fn the_chain_runs_every_step_from_the_declared_version() {
        let steps: &[Step] = &[v1_to_v2, v2_to_v3];
        let from_1 = run(json!({"schema": 1}), 1, steps).unwrap();
        assert_eq!(from_1, json!({"schema": 3, "two": true, "three": true}));
        let from_2 = run(json!({"schema": 2}), 2, steps).unwrap();
        assert_eq!(from_2, json!({"schema": 3, "three": true}));
        let from_3 = run(json!({"schema": 3}), 3, steps).unwrap();
        assert_eq!(from_3, json!({"schema": 3}));
        assert_eq!(run(json!({"schema": 4}), 4, steps), Err(DecodeError::FutureVersion { found: 4, supported: 3 }));
    }

    #[test]
    fn a_failing_step_stops_the_chain() {
        fn broken(_: Value) -> Result<Value, DecodeError> {
            Err(DecodeError::Json { path: "design".into(), message: "cannot migrate".into() })
        }
        let steps: &[Step] = &[broken, v2_to_v3];
        assert!(matches!(run(json!({}), 1, steps), Err(DecodeError::Json { .. })));
    }

    #[test]
    fn newer_schemas_are_refused() {
        assert_eq!(
            migrate(json!({"schema": 7, "design": {}})),
            Err(DecodeError::FutureVersion { found: 7, supported: 2 })
        );
        assert_eq!(
            migrate(json!({"schema": u64::MAX})),
            Err(DecodeError::FutureVersion { found: u32::MAX, supported: 2 })
        );
    }

    #[test]
    fn bad_schema_values_name_the_schema_field() {
        for bad in [json!("1"), json!(-1), json!(1.5), json!(null), json!(0)] {
            match migrate(json!({"schema": bad, "design": {}})) {
                Err(DecodeError::Json { path, message }) => {
                    assert_eq!(path, "schema", "{bad}");
                    assert!(message.contains("schema"), "{bad}: {message}");
                }
                other => panic!("{bad}: {other:?}"),
            }
        }
    }

    #[test]
    fn non_objects_are_not_documents() {
        for bad in [json!([]), json!("x"), json!(3), json!(null)] {
            match migrate(bad.clone()) {
                Err(DecodeError::Json { path, message }) => {
                    assert_eq!(path, "");
                    assert!(message.starts_with("expected a vnet-studio design"), "{message}");
                }
                other => panic!("{bad}: {other:?}"),
            }
        }
    }
}
