//! Design files: a [`Document`] as pretty JSON, and back.
//!
//! The JSON is the model's serde form (camelCase keys, defaults omitted, fields in declaration
//! order, maps sorted), so [`to_json`] is stable: the same document always gives the same text,
//! and `to_json(&from_json(&to_json(d))?) == to_json(d)`.
//!
//! [`from_json`] reads any schema this build knows (older ones are migrated, see
//! [`super::migrate`]), refuses newer ones with [`DecodeError::FutureVersion`] before looking at
//! anything else, and names the JSON path of the first bad value (DECISIONS 12).
//!
//! The text is parsed once into a `serde_json::Value` (syntax errors and repeated keys are
//! placed from serde_json's position by `locate`), then typed by `codec::read`, which names
//! the place of a bad value itself, inside tagged and flattened enums too
//! (`design.vms[0].role.snat.ip: invalid IPv4 address syntax`).
//!
//! Architecture invariant: `from_json` never panics and never allocates much more than a small
//! multiple of its input, which is capped at [`MAX_JSON_BYTES`].

use super::migrate;
use super::{DecodeError, Opened};
use crate::document::Document;
#[cfg(test)]
use crate::model::SCHEMA_VERSION;
use serde_json::Value;

/// The largest design file [`from_json`] reads: far above the 1,000-spoke benchmark design.
pub const MAX_JSON_BYTES: usize = 16 * 1024 * 1024;

/// The document as pretty-printed JSON, for files and local storage. Indented from the compact
/// form by [`indent`] (the same text as serde_json's pretty printer), so the wasm carries one
/// serializer of the model instead of two.
pub fn to_json(doc: &Document) -> String {
    indent(&to_compact_json(doc))
}

/// Pretty-prints compact JSON exactly as `serde_json::to_string_pretty` would: two spaces per
/// level, `": "` after keys, empty arrays and objects as `[]` and `{}`.
fn indent(compact: &str) -> String {
    let mut out = String::with_capacity(compact.len() * 2);
    let mut depth = 0usize;
    let mut in_string = false;
    let mut escaped = false;
    let mut chars = compact.chars().peekable();
    let newline = |out: &mut String, depth: usize| {
        out.push('\n');
        for _ in 0..depth {
            out.push_str("  ");
        }
    };
    while let Some(c) = chars.next() {
        if in_string {
            out.push(c);
            match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match c {
            '"' => {
                in_string = true;
                out.push(c);
            }
            '{' | '[' => {
                let close = if c == '{' { '}' } else { ']' };
                out.push(c);
                if chars.peek() == Some(&close) {
                    chars.next();
                    out.push(close);
                } else {
                    depth += 1;
                    newline(&mut out, depth);
                }
            }
            '}' | ']' => {
                depth = depth.saturating_sub(1);
                newline(&mut out, depth);
                out.push(c);
            }
            ',' => {
                out.push(',');
                newline(&mut out, depth);
            }
            ':' => out.push_str(": "),
            _ => out.push(c),
        }
    }
    out
}

/// The document as compact JSON, for share links.
pub fn to_compact_json(doc: &Document) -> String {
    serialize(doc, serde_json::to_string)
}

fn serialize(doc: &Document, write: fn(&Document) -> serde_json::Result<String>) -> String {
    // serde_json fails only on maps with non-string keys and on failing `Serialize` impls; the
    // model has neither (every map is keyed by a string or an `Id`), so this cannot fail. The
    // property tests serialize arbitrary documents to check it.
    #[allow(clippy::expect_used)]
    write(doc).expect("a Document always serializes to JSON")
}

/// Reads a design file. Accepts a leading byte-order mark (some editors write one), any schema up
/// to [`SCHEMA_VERSION`](crate::model::SCHEMA_VERSION) (older ones are migrated first), and
/// returns:
/// - [`DecodeError::TooLarge`] for text over [`MAX_JSON_BYTES`], without parsing it;
/// - [`DecodeError::Json`] for text of more than 1,500,000 JSON values (`codec::tree`), as
///   soon as the parser has counted them;
/// - [`DecodeError::FutureVersion`] for a newer schema, whatever else the file holds;
/// - [`DecodeError::Json`] with the path of the first bad value otherwise.
///
/// Repeated ids are repaired silently ([`super::restore`]); [`from_json_with_repairs`] says which.
pub fn from_json(text: &str) -> Result<Document, DecodeError> {
    from_json_with_repairs(text).map(|opened| opened.doc)
}

/// [`from_json`], with the repairs made on read ([`super::restore`]), for the studio's notice and
/// the CLI's warnings.
pub fn from_json_with_repairs(text: &str) -> Result<Opened, DecodeError> {
    if text.len() > MAX_JSON_BYTES {
        return Err(DecodeError::TooLarge { limit: MAX_JSON_BYTES });
    }
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    // Parsed once into a tree (syntax errors and repeated keys are found here, with their
    // place), checked for a newer schema before anything else is looked at, migrated, then typed
    // by `read` (why not serde's derive: see there).
    let value = parse_tree(text)?;
    let value = migrate::migrate(value)?;
    super::read::document(&value).map(super::restore::opened)
}

/// Parses `text` into a tree (`codec::tree`: strict, bounded); an error names the JSON path of
/// the place it was found (from serde_json's position, by `locate`).
fn parse_tree(text: &str) -> Result<Value, DecodeError> {
    super::tree::from_str(text).map_err(|e| {
        let message = super::error::one_line(&message_of(&e));
        let mut path = if e.line() > 0 { super::locate::path_at(text, e.line(), e.column()) } else { String::new() };
        // A duplicate key is a fault of the object that holds it, as serde reports it.
        if message.starts_with("duplicate field") {
            let parent = path.rfind(['.', '[']).unwrap_or(0);
            path.truncate(parent);
        }
        DecodeError::Json { path, message }
    })
}

/// serde_json's message. A syntax error keeps its line and column (the path alone may not find
/// a missing comma); a data error has its path, so the position is dropped.
fn message_of(e: &serde_json::Error) -> String {
    let full = e.to_string();
    if e.line() == 0 || e.is_syntax() || e.is_eof() {
        return full;
    }
    let suffix = format!(" at line {} column {}", e.line(), e.column());
    match full.strip_suffix(&suffix) {
        Some(message) => message.to_string(),
        None => full,
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn indent_matches_serde_json_pretty() {
        let doc = crate::gallery::document("fw-pe-onprem-expressroute").unwrap().unwrap();
        let compact = serde_json::to_string(&doc).unwrap();
        assert_eq!(super::indent(&compact), serde_json::to_string_pretty(&doc).unwrap());
        let tricky = serde_json::json!({"a": "x\\\"{[,:]}", "b": [], "c": {}, "d": [[], {}, [1, {"e": null}]]});
        let compact = serde_json::to_string(&tricky).unwrap();
        assert_eq!(super::indent(&compact), serde_json::to_string_pretty(&tricky).unwrap());
    }

    use super::*;
    use crate::gallery;
    use crate::layout::{Layout, Rect};
    use crate::Id;

    fn seed() -> Document {
        gallery::document("seed-lab").unwrap().unwrap()
    }

    fn json_err(text: &str) -> (String, String) {
        match from_json(text) {
            Err(DecodeError::Json { path, message }) => (path, message),
            other => panic!("expected a JSON error for {text:?}, got {other:?}"),
        }
    }

    #[test]
    fn the_seed_lab_round_trips_and_prints_stably() {
        let mut doc = seed();
        doc.layout.rects.insert(Id::from("v1"), Rect::new(0, 0, 400, 300));
        let text = to_json(&doc);
        let back = from_json(&text).unwrap();
        assert_eq!(back, doc);
        assert_eq!(to_json(&back), text);
        assert!(text.starts_with("{\n  \"schema\": 2,\n  \"design\": {"), "{text}");
    }

    #[test]
    fn layout_values_are_clamped_on_read() {
        use crate::layout::{MAX_COORD, MAX_SIZE, MIN_SIZE};
        let text = r#"{"schema":1,"design":{},"layout":{
            "a":{"x":2147483647,"y":-2147483648,"w":2147483647,"h":-5},
            "b":{"x":-9007199254740993,"y":18446744073709551615,"w":0,"h":1000000},
            "c":{"x":-300,"y":450,"w":56,"h":400}}}"#;
        let doc = from_json(text).unwrap();
        assert_eq!(doc.layout.get(&Id::from("a")), Some(Rect::new(MAX_COORD, -MAX_COORD, MAX_SIZE, MIN_SIZE)));
        assert_eq!(doc.layout.get(&Id::from("b")), Some(Rect::new(-MAX_COORD, MAX_COORD, MIN_SIZE, MAX_SIZE)));
        assert_eq!(doc.layout.get(&Id::from("c")), Some(Rect::new(-300, 450, 56, 400)), "sane values are kept");
        let (path, message) = json_err(r#"{"schema":1,"design":{},"layout":{"a":{"x":1.5,"y":0,"w":1,"h":1}}}"#);
        assert_eq!(
            (path.as_str(), message.as_str()),
            ("layout.a.x", "invalid type: floating point `1.5`, expected an integer")
        );
    }

    #[test]
    fn an_empty_layout_is_left_out() {
        let doc = Document::new(Default::default(), Layout::default());
        assert_eq!(to_json(&doc), "{\n  \"schema\": 2,\n  \"design\": {}\n}");
        assert_eq!(from_json("{\"schema\":1,\"design\":{}}").unwrap(), doc);
    }

    #[test]
    fn a_bad_value_names_its_path() {
        let mut value = serde_json::to_value(seed()).unwrap();
        value["design"]["subnets"][3]["prefix"] = "10.1.1.0/33".into();
        let (path, message) = json_err(&value.to_string());
        assert_eq!(path, "design.subnets[3].prefix");
        assert_eq!(message, "invalid IP address syntax");
        let e = from_json(&value.to_string()).unwrap_err();
        assert_eq!(
            e.to_string(),
            "The design could not be read at design.subnets[3].prefix: invalid IP address syntax."
        );
    }

    #[test]
    fn wrong_types_and_missing_fields_name_their_place() {
        let (path, message) = json_err(r#"{"schema":1,"design":{"vnets":[{"id":"v1","name":5}]}}"#);
        assert_eq!(path, "design.vnets[0].name");
        assert_eq!(message, "invalid type: integer `5`, expected a string");
        let (path, message) = json_err(r#"{"schema":1,"design":{"vnets":[{"id":"v1"}]}}"#);
        assert_eq!(path, "design.vnets[0]");
        assert_eq!(message, "missing field `name`");
        let (path, _) = json_err(
            r#"{"schema":1,"design":{"nsgs":[{"id":"x","name":"n","rules":[{"name":"r","priority":"high"}]}]}}"#,
        );
        assert_eq!(path, "design.nsgs[0].rules[0].priority");
        let (path, message) = json_err(r#"{"schema":1}"#);
        assert_eq!((path.as_str(), message.as_str()), ("", "missing field `design`"));
        let (path, message) = json_err(r#"{"schema":1,"design":{"settings":{"tbConvention":true}}}"#);
        assert_eq!(path, "design.settings.tbConvention");
        assert_eq!(message, "invalid type: boolean `true`, expected a name in quotes");
        let (path, message) = json_err(r#"{"schema":1,"design":{"settings":{"tbConvention":"Metric"}}}"#);
        assert_eq!(path, "design.settings.tbConvention");
        assert_eq!(message, "unknown variant `Metric`, expected `Binary1024` or `Decimal1000`");
    }

    #[test]
    fn bad_values_inside_tagged_and_flattened_enums_name_their_own_place() {
        let vm =
            r#"{"id":"m1","name":"nva","nics":[],"role":{"kind":"nva","snat":{"mode":"address","ip":"10.0.0.300"}}}"#;
        let (path, message) = json_err(&format!(r#"{{"schema":1,"design":{{"vms":[{vm}]}}}}"#));
        assert_eq!(path, "design.vms[0].role.snat.ip");
        assert_eq!(message, "invalid IPv4 address syntax");
        let zone = r#"{"id":"z1","name":"privatelink.blob.core.windows.net","records":[{"name":"sa","type":"AAAA"}]}"#;
        let (path, message) = json_err(&format!(r#"{{"schema":1,"design":{{"dnsZones":[{zone}]}}}}"#));
        assert_eq!(path, "design.dnsZones[0].records[0].type");
        assert_eq!(message, "unknown variant `AAAA`, expected `A` or `CNAME`");
        let question = r#"{"id":"q1","kind":"trace","from":{"type":"nic","id":"n1"},"to":"10.0.0.4","protocol":"TCP"}"#;
        let (path, message) = json_err(&format!(r#"{{"schema":1,"design":{{"questions":[{question}]}}}}"#));
        assert_eq!((path.as_str(), message.as_str()), ("design.questions[0]", "missing field `port`"));
    }

    #[test]
    fn control_characters_from_the_input_stay_escaped_in_messages() {
        let (path, message) = json_err("{\"schema\":1,\"design\":{\"settings\":{\"tbConvention\":\"Bin\\nary\"}}}");
        assert_eq!(path, "design.settings.tbConvention");
        assert!(message.starts_with("unknown variant `Bin\\nary`"), "{message}");
        let (path, _) = json_err("{\"schema\":1,\"design\":{},\"layout\":{\"v\\u0001\":{}}}");
        assert_eq!(path, "layout.v\\u{1}");
    }

    #[test]
    fn a_repeated_key_is_refused_at_its_object() {
        let (path, message) = json_err(r#"{"schema":1,"design":{"vnets":[{"id":"v1","id":"v2"}]}}"#);
        assert_eq!((path.as_str(), message.as_str()), ("design.vnets[0]", "duplicate field `id`"));
    }

    #[test]
    fn syntax_errors_keep_their_position() {
        let (path, message) = json_err("{\"schema\": 1,\n \"design\": {\"name\": \"x\" \"vnets\": []}}");
        // The comma is missing right after the value of design.name.
        assert_eq!(path, "design.name");
        assert_eq!(message, "expected `,` or `}` at line 2 column 25");
        let (path, message) = json_err("");
        assert_eq!((path.as_str(), message.as_str()), ("", "EOF while parsing a value at line 1 column 0"));
        let (_, message) = json_err("{\"schema\":1,\"design\":{}} trailing");
        assert_eq!(message, "trailing characters at line 1 column 26");
    }

    #[test]
    fn non_documents_say_what_a_document_is() {
        for text in ["[]", "null", "42", "\"design\""] {
            let (path, message) = json_err(text);
            assert_eq!(path, "");
            assert!(message.contains("expected a vnet-studio design"), "{text}: {message}");
        }
    }

    #[test]
    fn newer_schemas_are_refused_before_anything_else() {
        let text = r#"{"schema": 7, "design": {"vnets": "a future shape"}, "extra": [1, 2]}"#;
        let e = from_json(text).unwrap_err();
        assert_eq!(e, DecodeError::FutureVersion { found: 7, supported: 2 });
        assert_eq!(
            e.to_string(),
            "This design was made by a newer vnet-studio (schema 7); this one reads up to schema 2."
        );
    }

    #[test]
    fn schema_problems_are_reported_on_the_schema_field() {
        let (path, message) = json_err(r#"{"schema": "one", "design": {}}"#);
        assert_eq!(path, "schema");
        assert!(message.contains("expected a schema version number"), "{message}");
        let (path, _) = json_err(r#"{"schema": 0, "design": {}}"#);
        assert_eq!(path, "schema");
        let (path, message) = json_err(r#"{"schema": 1, "schema": 1, "design": {}}"#);
        assert_eq!((path.as_str(), message.as_str()), ("", "duplicate field `schema`"));
    }

    #[test]
    fn a_missing_schema_is_read_as_schema_1() {
        let doc = from_json(r#"{"design": {"name": "hand-written"}}"#).unwrap();
        assert_eq!(doc.schema, SCHEMA_VERSION);
        assert_eq!(doc.design.name, "hand-written");
        let (path, _) = json_err(r#"{"design": {"vnets": [{"id": 1}]}}"#);
        assert_eq!(path, "design.vnets[0].id");
    }

    #[test]
    fn a_byte_order_mark_is_accepted() {
        let text = format!("\u{feff}{}", to_json(&seed()));
        assert_eq!(from_json(&text).unwrap(), seed());
    }

    #[test]
    fn oversized_text_is_refused_without_parsing() {
        let text = " ".repeat(MAX_JSON_BYTES + 1);
        assert_eq!(from_json(&text), Err(DecodeError::TooLarge { limit: MAX_JSON_BYTES }));
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_stack_overflow() {
        for open in ["[", "{\"a\":", "{\"design\":"] {
            let text = open.repeat(100_000);
            assert!(matches!(from_json(&text), Err(DecodeError::Json { .. })), "{open}");
        }
        let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
        // Past serde_json's recursion limit (128 levels) anywhere, even in a field the model
        // does not know, the document is refused.
        for text in [
            format!("{{\"schema\":1,\"design\":{{}},\"extra\":{deep}}}"),
            format!("{{\"design\":{{}},\"extra\":{deep}}}"),
        ] {
            let (_, message) = json_err(&text);
            assert!(message.starts_with("recursion limit exceeded"), "{message}");
        }
        let text = format!("{{\"schema\":1,\"design\":{{\"vnets\":{deep}}}}}");
        assert!(matches!(from_json(&text), Err(DecodeError::Json { .. })));
    }
}
