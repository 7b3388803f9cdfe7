//! Lambda functions: `filter`, `map`, `reduce`, `sort`, `toObject`, `groupBy`, `mapValues`.
//! Their lambda argument must be written in place as `lambda('x', …, body)` (as Bicep compiles
//! them); the body runs with `lambdaVariables('x')` bound.
//! <https://learn.microsoft.com/azure/azure-resource-manager/templates/template-functions-lambda>

use serde_json::{Map, Value};

use super::{as_bool, built_array, to_text, type_name, Ctx, Fail, Res};
use crate::import::template::eval::unknown_from;
use crate::import::template::expr::Expr;

pub(crate) fn takes_lambda(name: &str) -> bool {
    matches!(name, "filter" | "map" | "reduce" | "sort" | "toobject" | "groupby" | "mapvalues")
}

/// A lambda written in place: its parameter names (lowercase) and body.
struct Lambda<'e> {
    params: Vec<String>,
    body: &'e Expr,
}

impl Lambda<'_> {
    fn parse<'e>(name: &str, e: &'e Expr) -> Res<Lambda<'e>> {
        let Expr::Call { namespace: None, name: l, args } = e else {
            return Err(Fail::error(format!("{name}(): the last argument must be lambda(…)")));
        };
        let Some((body, params)) = args.split_last().filter(|_| l == "lambda") else {
            return Err(Fail::error(format!("{name}(): the last argument must be lambda(…)")));
        };
        let params = params
            .iter()
            .map(|p| match p {
                Expr::Str(s) => Ok(s.to_ascii_lowercase()),
                _ => Err(Fail::error("lambda(): parameter names must be string literals")),
            })
            .collect::<Res<Vec<_>>>()?;
        Ok(Lambda { params, body })
    }

    /// Runs the body with the parameters bound to `values` (extra parameters are ignored,
    /// missing ones are an error).
    fn apply(&self, ctx: &Ctx, values: &[Value]) -> Res<Value> {
        if self.params.len() > values.len() || self.params.is_empty() {
            return Err(Fail::error(format!(
                "lambda takes {} parameters here, not {}",
                values.len(),
                self.params.len()
            )));
        }
        let mut inner = ctx.clone();
        let mut bound = (*inner.lambdas).clone();
        bound.extend(self.params.iter().cloned().zip(values.iter().cloned()));
        inner.lambdas = std::rc::Rc::new(bound);
        inner.eval(self.body)
    }
}

fn value(ctx: &Ctx, e: &Expr) -> Res<Value> {
    let v = ctx.eval(e)?;
    unknown_from(&v).map_or(Ok(v), Err)
}

fn array(ctx: &Ctx, name: &str, e: &Expr) -> Res<Vec<Value>> {
    match value(ctx, e)? {
        Value::Array(a) => Ok(a),
        other => Err(Fail::error(format!("{name}(): first argument must be an array, not {}", type_name(&other)))),
    }
}

pub(crate) fn call(ctx: &Ctx, name: &str, args: &[Expr]) -> Res<Value> {
    let arity_ok = match name {
        "reduce" => args.len() == 3,
        "toobject" => (2..=3).contains(&args.len()),
        _ => args.len() == 2,
    };
    if !arity_ok {
        return Err(Fail::error(format!("{name}(): wrong number of arguments ({})", args.len())));
    }
    match name {
        "filter" => {
            let f = Lambda::parse(name, &args[1])?;
            let mut out = Vec::new();
            for (i, x) in array(ctx, name, &args[0])?.into_iter().enumerate() {
                let keep = f.apply(ctx, &[x.clone(), Value::from(i as i64)])?;
                if as_bool(&keep).map_err(|_| Fail::error("filter(): the lambda must return a boolean"))? {
                    out.push(x);
                }
            }
            built_array(ctx, out)
        }
        "map" => {
            let f = Lambda::parse(name, &args[1])?;
            let items = array(ctx, name, &args[0])?;
            let out = items
                .into_iter()
                .enumerate()
                .map(|(i, x)| f.apply(ctx, &[x, Value::from(i as i64)]))
                .collect::<Res<Vec<_>>>()?;
            built_array(ctx, out)
        }
        "reduce" => {
            let f = Lambda::parse(name, &args[2])?;
            let mut acc = value(ctx, &args[1])?;
            for (i, x) in array(ctx, name, &args[0])?.into_iter().enumerate() {
                acc = f.apply(ctx, &[acc, x, Value::from(i as i64)])?;
            }
            Ok(acc)
        }
        "sort" => {
            let f = Lambda::parse(name, &args[1])?;
            let items = array(ctx, name, &args[0])?;
            let before = |a: &Value, b: &Value| -> Res<bool> {
                as_bool(&f.apply(ctx, &[a.clone(), b.clone()])?)
                    .map_err(|_| Fail::error("sort(): the lambda must return a boolean"))
            };
            merge_sort(items, &before).and_then(|v| built_array(ctx, v))
        }
        "toobject" => {
            let key = Lambda::parse(name, &args[1])?;
            let val = args.get(2).map(|e| Lambda::parse(name, e)).transpose()?;
            let mut out = Map::new();
            for x in array(ctx, name, &args[0])? {
                let k = key.apply(ctx, std::slice::from_ref(&x))?;
                let v = match &val {
                    Some(f) => f.apply(ctx, std::slice::from_ref(&x))?,
                    None => x,
                };
                out.insert(key_text(name, &k)?, v);
            }
            Ok(Value::Object(out))
        }
        "groupby" => {
            let key = Lambda::parse(name, &args[1])?;
            let mut out: Map<String, Value> = Map::new();
            for x in array(ctx, name, &args[0])? {
                let k = key_text(name, &key.apply(ctx, std::slice::from_ref(&x))?)?;
                if let Value::Array(group) = out.entry(k).or_insert_with(|| Value::Array(Vec::new())) {
                    group.push(x);
                }
            }
            Ok(Value::Object(out))
        }
        _ => {
            // mapValues
            let f = Lambda::parse(name, &args[1])?;
            let Value::Object(o) = value(ctx, &args[0])? else {
                return Err(Fail::error("mapValues(): first argument must be an object"));
            };
            let mut out = Map::new();
            for (k, v) in o {
                out.insert(k, f.apply(ctx, &[v])?);
            }
            Ok(Value::Object(out))
        }
    }
}

fn key_text(name: &str, k: &Value) -> Res<String> {
    match k {
        Value::String(_) | Value::Number(_) | Value::Bool(_) => Ok(to_text(k)),
        other => Err(Fail::error(format!("{name}(): a key must be a string, not {}", type_name(other)))),
    }
}

/// A stable merge sort with a fallible "sorts before" test (the standard sort may panic on a
/// comparator that is not a total order; a template's lambda need not be one).
fn merge_sort(items: Vec<Value>, before: &dyn Fn(&Value, &Value) -> Res<bool>) -> Res<Vec<Value>> {
    if items.len() <= 1 {
        return Ok(items);
    }
    let mut left = items;
    let right = left.split_off(left.len() / 2);
    let (left, right) = (merge_sort(left, before)?, merge_sort(right, before)?);
    let mut out = Vec::with_capacity(left.len() + right.len());
    let (mut l, mut r) = (left.into_iter().peekable(), right.into_iter().peekable());
    while let (Some(a), Some(b)) = (l.peek(), r.peek()) {
        let take_right = before(b, a)?;
        out.push(if take_right { r.next() } else { l.next() }.unwrap_or(Value::Null));
    }
    out.extend(l);
    out.extend(r);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{err, ok};
    use serde_json::json;

    #[test]
    fn lambdas() {
        assert_eq!(ok("filter(range(0, 6), lambda('n', equals(mod(lambdaVariables('n'), 2), 0)))"), json!([0, 2, 4]));
        assert_eq!(ok("map(createArray('a', 'b'), lambda('x', 'i', concat(lambdaVariables('x'), string(lambdaVariables('i')))))"), json!(["a0", "b1"]));
        assert_eq!(
            ok("reduce(range(1, 4), 0, lambda('cur', 'next', add(lambdaVariables('cur'), lambdaVariables('next'))))"),
            json!(10)
        );
        assert_eq!(
            ok("sort(createArray(3, 1, 2), lambda('a', 'b', less(lambdaVariables('a'), lambdaVariables('b'))))"),
            json!([1, 2, 3])
        );
        assert_eq!(
            ok("toObject(createArray('hub', 'spoke'), lambda('x', lambdaVariables('x')), lambda('x', length(lambdaVariables('x'))))"),
            json!({"hub": 3, "spoke": 5})
        );
        assert_eq!(
            ok("groupBy(createArray('ab', 'ac', 'b'), lambda('x', first(lambdaVariables('x'))))"),
            json!({"a": ["ab", "ac"], "b": ["b"]})
        );
        assert_eq!(ok("mapValues(createObject('a', 1), lambda('v', mul(lambdaVariables('v'), 10)))"), json!({"a": 10}));
        assert!(err("map(createArray(1), 'x')"));
        assert!(err("lambda('x', 1)"));
        assert!(err("sort(createArray(2, 1), lambda('a', 'b', 1))"));
    }
}
