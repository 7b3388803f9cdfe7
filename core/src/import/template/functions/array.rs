//! Array functions (several also take strings or objects, as ARM's do).
//! <https://learn.microsoft.com/azure/azure-resource-manager/templates/template-functions-array>

use serde_json::{Map, Value};

use super::{arity, array_arg, as_int, built_array, built_string, int_arg, same, type_name, Ctx, Fail, Res};
use crate::import::template::limits;

pub(crate) fn call(ctx: &Ctx, name: &str, args: &[Value]) -> Option<Res<Value>> {
    let r = match name {
        "array" => arity(name, args, 1, 1).map(|_| match &args[0] {
            Value::Array(_) => args[0].clone(),
            other => Value::Array(vec![other.clone()]),
        }),
        "createarray" => built_array(ctx, args.to_vec()),
        "contains" => contains(args),
        "empty" => arity(name, args, 1, 1).map(|_| Value::Bool(is_empty(&args[0]))),
        "length" => length(args),
        "first" => ends(name, args, false),
        "last" => ends(name, args, true),
        "take" => take_skip(ctx, name, args, true),
        "skip" => take_skip(ctx, name, args, false),
        "flatten" => flatten(ctx, args),
        "range" => range(ctx, args),
        "min" => min_max(name, args, false),
        "max" => min_max(name, args, true),
        "union" => union(ctx, args),
        "intersection" => intersection(ctx, args),
        "indexfromend" => from_end(name, args, false),
        "tryindexfromend" => from_end(name, args, true),
        _ => return None,
    };
    Some(r)
}

pub(crate) fn is_empty(v: &Value) -> bool {
    match v {
        Value::Null => true,
        Value::String(s) => s.is_empty(),
        Value::Array(a) => a.is_empty(),
        Value::Object(o) => o.is_empty(),
        _ => false,
    }
}

/// `contains(container, item)`: substring (case-sensitive), array element, or object key
/// (case-insensitive).
fn contains(args: &[Value]) -> Res<Value> {
    arity("contains", args, 2, 2)?;
    let found = match &args[0] {
        Value::String(s) => s.contains(super::to_text(&args[1]).as_str()),
        Value::Array(items) => items.iter().any(|v| same(v, &args[1])),
        Value::Object(o) => {
            let key = super::to_text(&args[1]);
            o.keys().any(|k| k.eq_ignore_ascii_case(&key))
        }
        other => return Err(Fail::error(format!("contains(): cannot search {}", type_name(other)))),
    };
    Ok(Value::Bool(found))
}

fn length(args: &[Value]) -> Res<Value> {
    arity("length", args, 1, 1)?;
    let n = match &args[0] {
        Value::String(s) => s.chars().count(),
        Value::Array(a) => a.len(),
        Value::Object(o) => o.len(),
        Value::Null => 0,
        other => return Err(Fail::error(format!("length(): {} has no length", type_name(other)))),
    };
    Ok(Value::from(n as i64))
}

fn ends(name: &str, args: &[Value], last: bool) -> Res<Value> {
    arity(name, args, 1, 1)?;
    match &args[0] {
        Value::Array(a) => Ok((if last { a.last() } else { a.first() }).cloned().unwrap_or(Value::Null)),
        Value::String(s) => {
            let c = if last { s.chars().last() } else { s.chars().next() };
            Ok(Value::String(c.map(String::from).unwrap_or_default()))
        }
        other => Err(Fail::error(format!("{name}(): needs an array or a string, not {}", type_name(other)))),
    }
}

/// `take`/`skip`: a count below zero takes nothing (skips nothing), above the length all.
fn take_skip(ctx: &Ctx, name: &str, args: &[Value], take: bool) -> Res<Value> {
    arity(name, args, 2, 2)?;
    let n = int_arg(name, args, 1)?;
    match &args[0] {
        Value::Array(a) => {
            let k = n.clamp(0, a.len() as i64) as usize;
            built_array(ctx, if take { a[..k].to_vec() } else { a[k..].to_vec() })
        }
        Value::String(s) => {
            let chars: Vec<char> = s.chars().collect();
            let k = n.clamp(0, chars.len() as i64) as usize;
            built_string(ctx, if take { chars[..k].iter().collect() } else { chars[k..].iter().collect() })
        }
        other => Err(Fail::error(format!("{name}(): needs an array or a string, not {}", type_name(other)))),
    }
}

fn flatten(ctx: &Ctx, args: &[Value]) -> Res<Value> {
    arity("flatten", args, 1, 1)?;
    let mut out = Vec::new();
    for v in array_arg("flatten", args, 0)? {
        match v {
            Value::Array(inner) => out.extend(inner.iter().cloned()),
            other => return Err(Fail::error(format!("flatten(): elements must be arrays, not {}", type_name(other)))),
        }
        if out.len() > limits::MAX_ARRAY {
            return Err(Fail::error("flatten() result too long"));
        }
    }
    built_array(ctx, out)
}

/// `range(start, count)`: count from 0 to 10,000, and start + count within a 32-bit integer.
fn range(ctx: &Ctx, args: &[Value]) -> Res<Value> {
    arity("range", args, 2, 2)?;
    let (start, count) = (int_arg("range", args, 0)?, int_arg("range", args, 1)?);
    if !(0..=limits::MAX_RANGE).contains(&count) || start.saturating_add(count) > i64::from(i32::MAX) {
        return Err(Fail::error(format!(
            "range({start}, {count}): count must be 0..=10000 and start+count ≤ 2147483647"
        )));
    }
    built_array(ctx, (start..start + count).map(Value::from).collect())
}

/// `min`/`max` over integers given as arguments or as one array.
fn min_max(name: &str, args: &[Value], max: bool) -> Res<Value> {
    arity(name, args, 1, usize::MAX)?;
    let items: &[Value] = match args {
        [Value::Array(a)] => a,
        _ => args,
    };
    let mut best: Option<&Value> = None;
    for v in items {
        let n = v.as_f64().ok_or_else(|| Fail::error(format!("{name}(): {} is not a number", type_name(v))))?;
        let b = best.and_then(Value::as_f64);
        if b.is_none_or(|b| if max { n > b } else { n < b }) {
            best = Some(v);
        }
    }
    best.cloned().ok_or_else(|| Fail::error(format!("{name}() of nothing")))
}

/// `union`: arrays without duplicates in first-seen order; objects merged, later values win and
/// nested objects merge deeply (nested arrays are replaced, as the docs' deep-merge example shows).
/// <https://learn.microsoft.com/azure/azure-resource-manager/templates/template-functions-object#union>
fn union(ctx: &Ctx, args: &[Value]) -> Res<Value> {
    arity("union", args, 1, usize::MAX)?;
    if args.iter().all(|a| a.is_array() || a.is_null()) {
        let mut out: Vec<Value> = Vec::new();
        for v in args.iter().filter_map(Value::as_array).flatten() {
            if !out.iter().any(|w| same(v, w)) {
                out.push(v.clone());
            }
            if out.len() > limits::MAX_ARRAY {
                return Err(Fail::error("union() result too long"));
            }
            ctx.frame.shared.burn(1 + out.len() as u64)?;
        }
        return built_array(ctx, out);
    }
    let mut out = Map::new();
    for (i, a) in args.iter().enumerate() {
        match a {
            Value::Object(o) => merge(&mut out, o),
            Value::Null => {}
            other => {
                return Err(Fail::error(format!(
                    "union() argument {} is {}; all must be arrays or all objects",
                    i + 1,
                    type_name(other)
                )))
            }
        }
    }
    ctx.frame.shared.burn(1 + out.len() as u64)?;
    Ok(Value::Object(out))
}

fn merge(into: &mut Map<String, Value>, from: &Map<String, Value>) {
    for (k, v) in from {
        match (into.get_mut(k), v) {
            (Some(Value::Object(a)), Value::Object(b)) => merge(a, b),
            _ => {
                into.insert(k.clone(), v.clone());
            }
        }
    }
}

/// `intersection`: elements (or key/value pairs) present in every argument.
fn intersection(ctx: &Ctx, args: &[Value]) -> Res<Value> {
    arity("intersection", args, 2, usize::MAX)?;
    match &args[0] {
        Value::Array(first) => {
            let mut out: Vec<Value> = Vec::new();
            let others: u64 = args[1..].iter().map(super::size).sum();
            for v in first {
                ctx.frame.shared.burn(1 + others + out.len() as u64)?;
                let everywhere = args[1..].iter().all(|a| a.as_array().is_some_and(|xs| xs.iter().any(|x| same(x, v))));
                if everywhere && !out.iter().any(|w| same(w, v)) {
                    out.push(v.clone());
                }
            }
            if !args.iter().all(Value::is_array) {
                return Err(Fail::error("intersection(): all arguments must be arrays or all objects"));
            }
            built_array(ctx, out)
        }
        Value::Object(first) => {
            if !args.iter().all(Value::is_object) {
                return Err(Fail::error("intersection(): all arguments must be arrays or all objects"));
            }
            let out: Map<String, Value> = first
                .iter()
                .filter(|(k, v)| args[1..].iter().all(|a| a.get(k.as_str()).is_some_and(|w| same(v, w))))
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect();
            Ok(Value::Object(out))
        }
        other => Err(Fail::error(format!("intersection(): cannot intersect {}", type_name(other)))),
    }
}

/// `indexFromEnd(array, n)`: the n-th element from the end (1 = last); the `try` form gives null
/// instead of an error.
fn from_end(name: &str, args: &[Value], try_: bool) -> Res<Value> {
    arity(name, args, 2, 2)?;
    let a = array_arg(name, args, 0)?;
    let n = as_int(&args[1]).map_err(|_| Fail::error(format!("{name}(): index must be an integer")))?;
    let got = usize::try_from(n).ok().filter(|n| *n >= 1 && *n <= a.len()).map(|n| a[a.len() - n].clone());
    match (got, try_) {
        (Some(v), _) => Ok(v),
        (None, true) => Ok(Value::Null),
        (None, false) => Err(Fail::error(format!("{name}(): {n} is outside an array of {}", a.len()))),
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{err, ok};
    use serde_json::json;

    #[test]
    fn building_arrays() {
        assert_eq!(ok("array('a')"), json!(["a"]));
        assert_eq!(ok("createArray(1, 'b', createArray())"), json!([1, "b", []]));
        assert_eq!(ok("range(5, 3)"), json!([5, 6, 7]));
        assert_eq!(ok("flatten(createArray(createArray(1, 2), createArray(3)))"), json!([1, 2, 3]));
        assert_eq!(ok("union(createArray(1, 2), createArray(2, 3))"), json!([1, 2, 3]));
        assert_eq!(ok("intersection(createArray(1, 2, 3), createArray(3, 2, 9))"), json!([2, 3]));
        assert!(err("range(0, 10001)"));
        assert!(err("range(2147483647, 1)"));
    }

    #[test]
    fn reading_arrays() {
        assert_eq!(ok("length(createArray(1, 2))"), json!(2));
        assert_eq!(ok("length('abc')"), json!(3));
        assert_eq!(ok("first(createArray('x', 'y'))"), json!("x"));
        assert_eq!(ok("last('xyz')"), json!("z"));
        assert_eq!(ok("first(createArray())"), json!(null));
        assert_eq!(ok("take(createArray(1, 2, 3), 2)"), json!([1, 2]));
        assert_eq!(ok("skip('abcdef', 4)"), json!("ef"));
        assert_eq!(ok("skip(createArray(1), -1)"), json!([1]));
        assert_eq!(ok("take(createArray(1), 5)"), json!([1]));
        assert_eq!(ok("contains(createArray('a', 'b'), 'b')"), json!(true));
        assert_eq!(ok("contains('OneTwo', 'two')"), json!(false));
        assert_eq!(ok("contains(createObject('Key', 1), 'key')"), json!(true));
        assert_eq!(ok("empty(createArray())"), json!(true));
        assert_eq!(ok("min(createArray(4, 2, 9))"), json!(2));
        assert_eq!(ok("max(4, 2, 9)"), json!(9));
        assert_eq!(ok("indexOf(createArray('a', 'b'), 'b')"), json!(1));
        assert_eq!(ok("indexFromEnd(createArray(1, 2, 3), 1)"), json!(3));
        assert_eq!(ok("tryIndexFromEnd(createArray(1), 4)"), json!(null));
        assert!(err("indexFromEnd(createArray(1), 0)"));
        assert!(err("length(1)"));
    }

    #[test]
    fn union_merges_nested_objects_and_replaces_nested_arrays() {
        let v = ok("union(json('{\"p\":{\"one\":\"a\",\"three\":\"c1\"},\"n\":[1,2]}'), json('{\"p\":{\"three\":\"c2\"},\"n\":[3]}'))");
        assert_eq!(v, json!({"p": {"one": "a", "three": "c2"}, "n": [3]}));
    }
}
