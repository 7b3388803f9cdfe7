//! Object functions (`contains`, `empty`, `length`, `union`, `intersection` and `json` are shared
//! with arrays and strings and live there).
//! <https://learn.microsoft.com/azure/azure-resource-manager/templates/template-functions-object>

use serde_json::{json, Map, Value};

use super::{arity, array_arg, object_arg, type_name, Ctx, Fail, Res};

pub(crate) fn call(ctx: &Ctx, name: &str, args: &[Value]) -> Option<Res<Value>> {
    let r = match name {
        "createobject" => create_object(ctx, args),
        "items" => items(ctx, args),
        "objectkeys" => arity(name, args, 1, 1)
            .and_then(|_| object_arg(name, args, 0))
            .map(|o| Value::Array(o.keys().map(|k| Value::String(k.clone())).collect())),
        "shallowmerge" => shallow_merge(args),
        "tryget" => try_get(args),
        "null" => arity(name, args, 0, 0).map(|_| Value::Null),
        _ => return None,
    };
    Some(r)
}

fn create_object(ctx: &Ctx, args: &[Value]) -> Res<Value> {
    if !args.len().is_multiple_of(2) {
        return Err(Fail::error("createObject() takes key/value pairs"));
    }
    let mut out = Map::new();
    for pair in args.chunks(2) {
        let key = pair[0]
            .as_str()
            .ok_or_else(|| Fail::error(format!("createObject(): a key is {}, not a string", type_name(&pair[0]))))?;
        out.insert(key.to_string(), pair[1].clone());
    }
    ctx.frame.shared.burn(1 + out.len() as u64)?;
    Ok(Value::Object(out))
}

/// `items(object)`: `[{key, value}]` sorted by key, as the docs' example shows.
fn items(ctx: &Ctx, args: &[Value]) -> Res<Value> {
    arity("items", args, 1, 1)?;
    let o = object_arg("items", args, 0)?;
    let mut keys: Vec<&String> = o.keys().collect();
    keys.sort_by_key(|k| k.to_lowercase());
    super::built_array(ctx, keys.into_iter().map(|k| json!({"key": k, "value": o[k]})).collect())
}

fn shallow_merge(args: &[Value]) -> Res<Value> {
    arity("shallowmerge", args, 1, 1)?;
    let mut out = Map::new();
    for v in array_arg("shallowmerge", args, 0)? {
        let o = v.as_object().ok_or_else(|| Fail::error("shallowMerge(): elements must be objects"))?;
        out.extend(o.iter().map(|(k, v)| (k.clone(), v.clone())));
    }
    Ok(Value::Object(out))
}

/// `tryGet(value, key, …)`: walks keys and indexes; null where one is missing.
fn try_get(args: &[Value]) -> Res<Value> {
    arity("tryget", args, 2, usize::MAX)?;
    let mut at = args[0].clone();
    for k in &args[1..] {
        at = match (&at, k) {
            (Value::Object(o), Value::String(key)) => o
                .get(key)
                .or_else(|| o.iter().find(|(n, _)| n.eq_ignore_ascii_case(key)).map(|(_, v)| v))
                .cloned()
                .unwrap_or(Value::Null),
            (Value::Array(a), i) => super::as_int(i)
                .ok()
                .and_then(|i| usize::try_from(i).ok())
                .and_then(|i| a.get(i))
                .cloned()
                .unwrap_or(Value::Null),
            _ => Value::Null,
        };
    }
    Ok(at)
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{err, ok};
    use serde_json::json;

    #[test]
    fn objects() {
        assert_eq!(ok("createObject('a', 1, 'b', createArray('x'))"), json!({"a": 1, "b": ["x"]}));
        assert_eq!(
            ok("items(createObject('b', 2, 'a', 1))"),
            json!([{"key": "a", "value": 1}, {"key": "b", "value": 2}])
        );
        assert_eq!(ok("objectKeys(createObject('a', 1, 'b', 2))"), json!(["a", "b"]));
        assert_eq!(
            ok("shallowMerge(createArray(createObject('a', createObject('x', 1)), createObject('a', createObject('y', 2))))"),
            json!({"a": {"y": 2}})
        );
        assert_eq!(ok("tryGet(createObject('a', createArray(5)), 'a', 0)"), json!(5));
        assert_eq!(ok("tryGet(createObject('a', 1), 'b')"), json!(null));
        assert_eq!(ok("null()"), json!(null));
        assert_eq!(ok("length(createObject('a', 1))"), json!(1));
        assert_eq!(ok("intersection(createObject('a', 1, 'b', 2), createObject('a', 1, 'b', 3))"), json!({"a": 1}));
        assert_eq!(ok("createObject('a', 1).a"), json!(1));
        assert_eq!(ok("createObject('Name', 1).name"), json!(1));
        assert!(err("createObject('a')"));
        assert!(err("createObject('a', 1).b"));
    }
}
