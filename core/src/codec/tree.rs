//! JSON text as a `serde_json::Value` tree, strictly and within bounds: the first step of reading
//! a design (`json::from_json`, and `Deserialize` for the types other files embed).
//!
//! - **Strict:** an object may not repeat a key. serde's derive refused a repeated field of a
//!   struct; this refuses every repeated key (in a NIC's tags and the layout too, where serde
//!   silently kept the last copy), since the last copy winning would hide a mistake in a
//!   hand-edited file.
//! - **Bounded:** at most [`MAX_VALUES`] values, so that the tree of the largest text accepted
//!   (`json::MAX_JSON_BYTES`) stays within a small multiple of it, even for text made of tiny
//!   values (`[0,0,0,…]`) in a field the model does not know. serde_json caps the depth at 128.

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};
use std::cell::Cell;
use std::fmt;

/// The most values (each object, array, string, number, boolean and null counts one) a document
/// may hold: about ten times the 1,000-spoke benchmark design's 152,335 (a 16 MB file as dense
/// would hold about 550,000); `tests` below keeps the comment true. At most ≈ 48 MB of tree.
pub(crate) const MAX_VALUES: usize = 1_500_000;

/// Parses a whole text: one value, then nothing but whitespace.
pub(crate) fn from_str(text: &str) -> Result<Value, serde_json::Error> {
    let mut de = serde_json::Deserializer::from_str(text);
    let value = deserialize(&mut de)?;
    de.end()?;
    Ok(value)
}

/// One strict, bounded tree from any deserializer.
pub(crate) fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Value, D::Error> {
    let count = Cell::new(0);
    Strict(&count).deserialize(deserializer)
}

/// The visitor, with the count of values read so far.
#[derive(Clone, Copy)]
struct Strict<'c>(&'c Cell<usize>);

impl Strict<'_> {
    fn one_more<E: de::Error>(self) -> Result<(), E> {
        let n = self.0.get() + 1;
        if n > MAX_VALUES {
            return Err(E::custom(format_args!(
                "more than {MAX_VALUES} JSON values, far more than any design the studio accepts holds"
            )));
        }
        self.0.set(n);
        Ok(())
    }

    /// A value without children, counted.
    fn leaf<E: de::Error>(self, v: Value) -> Result<Value, E> {
        self.one_more()?;
        Ok(v)
    }
}

impl<'de> DeserializeSeed<'de> for Strict<'_> {
    type Value = Value;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Strict<'_> {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Value, E> {
        self.leaf(Value::Bool(v))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Value, E> {
        self.leaf(Value::from(v))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Value, E> {
        self.leaf(Value::from(v))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Value, E> {
        self.leaf(Value::from(v))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Value, E> {
        self.leaf(Value::String(v.to_owned()))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Value, E> {
        self.leaf(Value::String(v))
    }
    fn visit_unit<E: de::Error>(self) -> Result<Value, E> {
        self.leaf(Value::Null)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        self.one_more()?;
        let mut items = Vec::new();
        while let Some(item) = seq.next_element_seed(self)? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        self.one_more()?;
        let mut out = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            if out.contains_key(&key) {
                return Err(de::Error::custom(format_args!("duplicate field `{key}`")));
            }
            let value = map.next_value_seed(self)?;
            out.insert(key, value);
        }
        Ok(Value::Object(out))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(v: &Value) -> usize {
        1 + match v {
            Value::Array(items) => items.iter().map(values).sum(),
            Value::Object(map) => map.values().map(values).sum(),
            _ => 0,
        }
    }

    #[test]
    fn the_largest_benchmark_design_is_far_under_the_bound() {
        let design = crate::gallery::generated(1000).unwrap();
        let text = crate::codec::json::to_json(&crate::Document::new(design, Default::default()));
        let n = values(&from_str(&text).unwrap());
        assert!(n * 8 <= MAX_VALUES, "{n} values");
        assert!(n * 12 > MAX_VALUES, "{n} values: MAX_VALUES's comment is out of date");
    }

    #[test]
    fn too_many_values_are_refused_while_parsing() {
        let text = format!("[{}0]", "0,".repeat(MAX_VALUES));
        let e = from_str(&text).unwrap_err().to_string();
        assert!(e.starts_with("more than 1500000 JSON values"), "{e}");
        let text = format!("[{}0]", "0,".repeat(MAX_VALUES - 2));
        assert_eq!(values(&from_str(&text).unwrap()), MAX_VALUES);
    }

    #[test]
    fn repeated_keys_are_refused_anywhere() {
        assert!(from_str(r#"{"tags": {"a": "1", "a": "2"}}"#)
            .unwrap_err()
            .to_string()
            .starts_with("duplicate field `a`"));
        assert!(from_str(r#"{"a": 1} x"#).unwrap_err().to_string().starts_with("trailing characters"));
    }
}
