//! The template function library, one file per group of Microsoft's function reference
//! (<https://learn.microsoft.com/azure/azure-resource-manager/templates/template-functions>).
//! Each group's `call` answers `None` for a name it does not own. Names arrive lowercase
//! (ARM function names are case-insensitive).

pub(crate) mod array;
pub(crate) mod cidr;
pub(crate) mod date;
pub(crate) mod deployment;
pub(crate) mod hash;
pub(crate) mod lambda;
pub(crate) mod logic;
pub(crate) mod object;
pub(crate) mod resource;
pub(crate) mod string;

use serde_json::Value;

use super::eval::{Ctx, Fail, Res};
use super::limits;

/// Calls the function `name` with evaluated arguments.
pub(crate) fn call(ctx: &Ctx, name: &str, args: &[Value]) -> Res<Value> {
    // Functions are at most linear in their arguments' sizes (union and intersection charge
    // their comparisons themselves): charge the sizes so loops over big values stay bounded.
    ctx.frame.shared.burn(args.iter().map(size).sum())?;
    let answer = string::call(ctx, name, args)
        .or_else(|| array::call(ctx, name, args))
        .or_else(|| object::call(ctx, name, args))
        .or_else(|| logic::call(ctx, name, args))
        .or_else(|| cidr::call(name, args))
        .or_else(|| date::call(name, args))
        .or_else(|| hash::call(ctx, name, args))
        .or_else(|| deployment::call(ctx, name, args))
        .or_else(|| resource::call(ctx, name, args));
    answer.unwrap_or_else(|| Err(Fail::error(format!("unknown function {name}()"))))
}

/// The work units a value costs to pass around: its top-level length (strings by 64 bytes).
pub(crate) fn size(v: &Value) -> u64 {
    match v {
        Value::Array(a) => a.len() as u64,
        Value::Object(o) => o.len() as u64,
        Value::String(s) => s.len() as u64 / 64,
        _ => 0,
    }
}

/// The JSON type name ARM uses in its messages.
pub(crate) fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "bool",
        Value::Number(n) if n.is_f64() => "float",
        Value::Number(_) => "int",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

pub(crate) fn as_int(v: &Value) -> Result<i64, ()> {
    match v {
        Value::Number(n) => n
            .as_i64()
            .or_else(|| n.as_f64().filter(|f| f.fract() == 0.0 && f.abs() < 9.0e15).map(|f| f as i64))
            .ok_or(()),
        _ => Err(()),
    }
}

pub(crate) fn as_bool(v: &Value) -> Result<bool, ()> {
    v.as_bool().ok_or(())
}

/// Checks the number of arguments.
pub(crate) fn arity(name: &str, args: &[Value], min: usize, max: usize) -> Res<()> {
    if args.len() < min || args.len() > max {
        let want = if min == max {
            format!("{min}")
        } else if max == usize::MAX {
            format!("at least {min}")
        } else {
            format!("{min} to {max}")
        };
        return Err(Fail::error(format!("{name}() takes {want} arguments, got {}", args.len())));
    }
    Ok(())
}

fn wrong(name: &str, i: usize, want: &str, got: &Value) -> Fail {
    Fail::error(format!("{name}() argument {} must be {want}, not {}", i + 1, type_name(got)))
}

pub(crate) fn str_arg<'a>(name: &str, args: &'a [Value], i: usize) -> Res<&'a str> {
    let v = args.get(i).unwrap_or(&Value::Null);
    v.as_str().ok_or_else(|| wrong(name, i, "a string", v))
}

pub(crate) fn int_arg(name: &str, args: &[Value], i: usize) -> Res<i64> {
    let v = args.get(i).unwrap_or(&Value::Null);
    as_int(v).map_err(|_| wrong(name, i, "an integer", v))
}

pub(crate) fn array_arg<'a>(name: &str, args: &'a [Value], i: usize) -> Res<&'a Vec<Value>> {
    let v = args.get(i).unwrap_or(&Value::Null);
    v.as_array().ok_or_else(|| wrong(name, i, "an array", v))
}

pub(crate) fn object_arg<'a>(name: &str, args: &'a [Value], i: usize) -> Res<&'a serde_json::Map<String, Value>> {
    let v = args.get(i).unwrap_or(&Value::Null);
    v.as_object().ok_or_else(|| wrong(name, i, "an object", v))
}

/// A string a function built, within the size cap; charges the work budget by its size.
pub(crate) fn built_string(ctx: &Ctx, s: String) -> Res<Value> {
    if s.len() > limits::MAX_STRING {
        return Err(Fail::error(format!("string longer than {} bytes", limits::MAX_STRING)));
    }
    ctx.frame.shared.burn(1 + s.len() as u64 / 64)?;
    Ok(Value::String(s))
}

/// An array a function built, within the size cap; charges the work budget by its length.
pub(crate) fn built_array(ctx: &Ctx, items: Vec<Value>) -> Res<Value> {
    if items.len() > limits::MAX_ARRAY {
        return Err(Fail::error(format!("array longer than {} elements", limits::MAX_ARRAY)));
    }
    ctx.frame.shared.burn(1 + items.len() as u64)?;
    Ok(Value::Array(items))
}

/// ARM's `string()` of a value: strings as they are, JSON for arrays and objects, .NET's
/// `True`/`False` for booleans, empty for null.
/// <https://learn.microsoft.com/azure/azure-resource-manager/templates/template-functions-string#string>
pub(crate) fn to_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        Value::Bool(true) => "True".into(),
        Value::Bool(false) => "False".into(),
        Value::Number(n) => n.to_string(),
        other => other.to_string(),
    }
}

/// Equality as `equals()` sees it: numbers by value, the rest structurally.
pub(crate) fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        (Value::Array(x), Value::Array(y)) => x.len() == y.len() && x.iter().zip(y).all(|(p, q)| same(p, q)),
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| same(v, w)))
        }
        _ => a == b,
    }
}

#[cfg(test)]
pub(crate) mod test_support {
    //! Evaluating one expression against a small template, for the groups' unit tests.
    use serde_json::{json, Map, Value};

    use super::super::eval::{Ctx, Fail};
    use super::super::expr;
    use super::super::frame::{Frame, Scope, Shared};

    pub fn eval_in(template: &Value, text: &str) -> Result<Value, Fail> {
        let shared = Shared::new("test.json");
        let frame = Frame::new(&shared, template, &Map::new(), Scope::root(true), "");
        let ctx = Ctx::new(&frame);
        ctx.eval(&expr::parse(text).map_err(Fail::Error)?)
    }

    pub fn eval(text: &str) -> Result<Value, Fail> {
        eval_in(&json!({}), text)
    }

    /// The value, panicking with the failure (tests only).
    pub fn ok(text: &str) -> Value {
        match eval(text) {
            Ok(v) => v,
            Err(f) => panic!("{text}: {f:?}"),
        }
    }

    pub fn err(text: &str) -> bool {
        matches!(eval(text), Err(Fail::Error(_)))
    }
}
