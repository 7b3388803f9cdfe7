//! Numeric, comparison and logical functions (`if` is evaluated lazily in `eval`).
//! <https://learn.microsoft.com/azure/azure-resource-manager/templates/template-functions-numeric>
//! <https://learn.microsoft.com/azure/azure-resource-manager/templates/template-functions-comparison>
//! <https://learn.microsoft.com/azure/azure-resource-manager/templates/template-functions-logical>
//! Integers are 64-bit; overflow and division by zero are errors, not wrap-arounds.

use std::cmp::Ordering;

use serde_json::Value;

use super::{arity, as_bool, int_arg, same, type_name, Ctx, Fail, Res};

pub(crate) fn call(_ctx: &Ctx, name: &str, args: &[Value]) -> Option<Res<Value>> {
    let r = match name {
        "add" => int2(name, args, i64::checked_add),
        "sub" => int2(name, args, i64::checked_sub),
        "mul" => int2(name, args, i64::checked_mul),
        "div" => int2(name, args, i64::checked_div),
        "mod" => int2(name, args, i64::checked_rem),
        "int" => to_int(args),
        "float" => to_float(args),
        "equals" => arity(name, args, 2, 2).map(|_| Value::Bool(same(&args[0], &args[1]))),
        "less" => compare(name, args, |o| o == Ordering::Less),
        "lessorequals" => compare(name, args, |o| o != Ordering::Greater),
        "greater" => compare(name, args, |o| o == Ordering::Greater),
        "greaterorequals" => compare(name, args, |o| o != Ordering::Less),
        "coalesce" => {
            arity(name, args, 1, usize::MAX).map(|_| args.iter().find(|v| !v.is_null()).cloned().unwrap_or(Value::Null))
        }
        "and" => bools(name, args).map(|b| Value::Bool(b.iter().all(|x| *x))),
        "or" => bools(name, args).map(|b| Value::Bool(b.iter().any(|x| *x))),
        "not" => arity(name, args, 1, 1).and_then(|_| bools(name, args)).map(|b| Value::Bool(!b[0])),
        "bool" => to_bool(args),
        "true" => arity(name, args, 0, 0).map(|_| Value::Bool(true)),
        "false" => arity(name, args, 0, 0).map(|_| Value::Bool(false)),
        _ => return None,
    };
    Some(r)
}

fn int2(name: &str, args: &[Value], op: fn(i64, i64) -> Option<i64>) -> Res<Value> {
    arity(name, args, 2, 2)?;
    let (a, b) = (int_arg(name, args, 0)?, int_arg(name, args, 1)?);
    op(a, b).map(Value::from).ok_or_else(|| Fail::error(format!("{name}({a}, {b}) overflows or divides by zero")))
}

/// `int()`: an integer from a string or a number (floats truncate).
fn to_int(args: &[Value]) -> Res<Value> {
    arity("int", args, 1, 1)?;
    match &args[0] {
        Value::String(s) => {
            s.trim().parse::<i64>().map(Value::from).map_err(|_| Fail::error(format!("int(): '{s}' is not an integer")))
        }
        Value::Number(n) => n
            .as_i64()
            .or_else(|| n.as_f64().filter(|f| f.is_finite() && f.abs() < 9.2e18).map(|f| f.trunc() as i64))
            .map(Value::from)
            .ok_or_else(|| Fail::error("int(): number out of range")),
        other => Err(Fail::error(format!("int(): cannot convert {}", type_name(other)))),
    }
}

fn to_float(args: &[Value]) -> Res<Value> {
    arity("float", args, 1, 1)?;
    let f = match &args[0] {
        Value::String(s) => {
            s.trim().parse::<f64>().map_err(|_| Fail::error(format!("float(): '{s}' is not a number")))?
        }
        Value::Number(n) => n.as_f64().unwrap_or(0.0),
        other => return Err(Fail::error(format!("float(): cannot convert {}", type_name(other)))),
    };
    serde_json::Number::from_f64(f).map(Value::Number).ok_or_else(|| Fail::error("float(): not a finite number"))
}

/// `bool()`: booleans, `'true'`/`'false'` in any case, 0 and 1.
fn to_bool(args: &[Value]) -> Res<Value> {
    arity("bool", args, 1, 1)?;
    match &args[0] {
        Value::Bool(b) => Ok(Value::Bool(*b)),
        Value::String(s) if s.eq_ignore_ascii_case("true") => Ok(Value::Bool(true)),
        Value::String(s) if s.eq_ignore_ascii_case("false") => Ok(Value::Bool(false)),
        Value::Number(n) if n.as_i64() == Some(0) => Ok(Value::Bool(false)),
        Value::Number(n) if n.as_i64() == Some(1) => Ok(Value::Bool(true)),
        other => Err(Fail::error(format!("bool(): cannot convert {other}"))),
    }
}

fn bools(name: &str, args: &[Value]) -> Res<Vec<bool>> {
    arity(name, args, 1, usize::MAX)?;
    args.iter()
        .map(|v| as_bool(v).map_err(|_| Fail::error(format!("{name}(): {} is not a boolean", type_name(v)))))
        .collect()
}

/// Comparisons of two numbers or two strings (ordinal).
fn compare(name: &str, args: &[Value], test: fn(Ordering) -> bool) -> Res<Value> {
    arity(name, args, 2, 2)?;
    let ord = match (&args[0], &args[1]) {
        (Value::Number(a), Value::Number(b)) => a
            .as_f64()
            .partial_cmp(&b.as_f64())
            .ok_or_else(|| Fail::error(format!("{name}(): numbers not comparable")))?,
        (Value::String(a), Value::String(b)) => a.cmp(b),
        (a, b) => return Err(Fail::error(format!("{name}(): cannot compare {} with {}", type_name(a), type_name(b)))),
    };
    Ok(Value::Bool(test(ord)))
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{err, ok};
    use serde_json::json;

    #[test]
    fn numbers() {
        assert_eq!(ok("add(1, mul(2, 3))"), json!(7));
        assert_eq!(ok("sub(5, 7)"), json!(-2));
        assert_eq!(ok("div(7, 2)"), json!(3));
        assert_eq!(ok("mod(7, 3)"), json!(1));
        assert_eq!(ok("int('42')"), json!(42));
        assert_eq!(ok("float('1.5')"), json!(1.5));
        assert!(err("div(1, 0)"));
        assert!(err("mod(1, 0)"));
        assert!(err("add(9223372036854775807, 1)"));
        assert!(err("int('x')"));
        assert!(err("add('1', 2)"));
    }

    #[test]
    fn comparisons_and_logic() {
        assert_eq!(ok("equals(createArray(1, 'a'), createArray(1, 'a'))"), json!(true));
        assert_eq!(ok("equals('A', 'a')"), json!(false));
        assert_eq!(ok("less(1, 2)"), json!(true));
        assert_eq!(ok("lessOrEquals(2, 2)"), json!(true));
        assert_eq!(ok("greater('b', 'a')"), json!(true));
        assert_eq!(ok("greaterOrEquals(1, 2)"), json!(false));
        assert_eq!(ok("coalesce(null(), null(), 'x')"), json!("x"));
        assert_eq!(ok("and(true, not(false), or(false, true()))"), json!(true));
        assert_eq!(ok("bool('TRUE')"), json!(true));
        assert_eq!(ok("bool(0)"), json!(false));
        assert_eq!(ok("if(equals(1, 1), 'yes', reference('x').y)"), json!("yes"));
        assert!(err("and(1, true)"));
        assert!(err("less('a', 1)"));
        assert!(err("if('x', 1, 2)"));
    }
}
