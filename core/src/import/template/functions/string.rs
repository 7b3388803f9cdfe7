//! String functions.
//! <https://learn.microsoft.com/azure/azure-resource-manager/templates/template-functions-string>
//! Positions and lengths count Unicode characters (ARM counts UTF-16 units; the two differ only
//! outside the Basic Multilingual Plane).

use base64::Engine;
use serde_json::Value;

use super::{arity, as_int, built_array, built_string, int_arg, str_arg, to_text, type_name, Ctx, Fail, Res};

pub(crate) fn call(ctx: &Ctx, name: &str, args: &[Value]) -> Option<Res<Value>> {
    let r = match name {
        "concat" => concat(ctx, args),
        "format" => format(ctx, args),
        "tolower" => one_str(name, args).and_then(|s| built_string(ctx, s.to_lowercase())),
        "toupper" => one_str(name, args).and_then(|s| built_string(ctx, s.to_uppercase())),
        "trim" => one_str(name, args).map(|s| Value::String(s.trim().to_string())),
        "string" => arity(name, args, 1, 1).and_then(|_| built_string(ctx, to_text(&args[0]))),
        "substring" => substring(ctx, args),
        "replace" => replace(ctx, args),
        "split" => split(ctx, args),
        "join" => join(ctx, args),
        "startswith" => two_str(name, args).map(|(a, b)| Value::Bool(a.to_lowercase().starts_with(&b.to_lowercase()))),
        "endswith" => two_str(name, args).map(|(a, b)| Value::Bool(a.to_lowercase().ends_with(&b.to_lowercase()))),
        "indexof" => index_of(name, args, false),
        "lastindexof" => index_of(name, args, true),
        "padleft" => pad_left(ctx, args),
        "base64" => one_str(name, args).and_then(|s| built_string(ctx, b64().encode(s))),
        "base64tostring" => one_str(name, args).and_then(|s| decode64(s).map(Value::String)),
        "base64tojson" => one_str(name, args).and_then(|s| decode64(s).and_then(|t| parse_json(&t))),
        "datauri" => arity(name, args, 1, 1).and_then(|_| {
            built_string(ctx, format!("data:text/plain;charset=utf8;base64,{}", b64().encode(to_text(&args[0]))))
        }),
        "datauritostring" => one_str(name, args).and_then(data_uri_to_string),
        "uri" => two_str(name, args).map(|(b, r)| Value::String(uri(b, r))),
        "uricomponent" => one_str(name, args).and_then(|s| built_string(ctx, escape(s))),
        "uricomponenttostring" => one_str(name, args).map(|s| Value::String(unescape(s))),
        "json" => one_str(name, args).and_then(parse_json),
        _ => return None,
    };
    Some(r)
}

fn b64() -> base64::engine::GeneralPurpose {
    base64::engine::general_purpose::STANDARD
}

fn one_str<'a>(name: &str, args: &'a [Value]) -> Res<&'a str> {
    arity(name, args, 1, 1)?;
    str_arg(name, args, 0)
}

fn two_str<'a>(name: &str, args: &'a [Value]) -> Res<(&'a str, &'a str)> {
    arity(name, args, 2, 2)?;
    Ok((str_arg(name, args, 0)?, str_arg(name, args, 1)?))
}

fn decode64(s: &str) -> Res<String> {
    let bytes = b64().decode(s.trim()).map_err(|_| Fail::error("not valid base64"))?;
    String::from_utf8(bytes).map_err(|_| Fail::error("base64 text is not UTF-8"))
}

/// `json()`: JSON text to a value (serde_json's recursion limit bounds it).
fn parse_json(s: &str) -> Res<Value> {
    if s.len() > super::limits::MAX_STRING {
        return Err(Fail::error("json() text too long"));
    }
    serde_json::from_str(s).map_err(|e| Fail::error(format!("json() text is not JSON: {e}")))
}

fn data_uri_to_string(s: &str) -> Res<Value> {
    let (head, data) = s.split_once(',').ok_or_else(|| Fail::error("not a data URI"))?;
    if head.ends_with(";base64") {
        decode64(data).map(Value::String)
    } else {
        Ok(Value::String(unescape(data)))
    }
}

/// `concat()`: arrays into one array, anything else into one string.
fn concat(ctx: &Ctx, args: &[Value]) -> Res<Value> {
    arity("concat", args, 1, usize::MAX)?;
    if args.iter().any(Value::is_array) {
        let mut out = Vec::new();
        for (i, a) in args.iter().enumerate() {
            match a {
                Value::Array(items) => out.extend(items.iter().cloned()),
                Value::Null => {}
                other => {
                    return Err(Fail::error(format!(
                        "concat() argument {} is {}, not an array",
                        i + 1,
                        type_name(other)
                    )))
                }
            }
            if out.len() > super::limits::MAX_ARRAY {
                return Err(Fail::error("concat() result too long"));
            }
        }
        return built_array(ctx, out);
    }
    let mut s = String::new();
    for a in args {
        if a.is_object() {
            return Err(Fail::error("concat() cannot join an object into a string"));
        }
        s.push_str(&to_text(a));
        if s.len() > super::limits::MAX_STRING {
            return Err(Fail::error("concat() result too long"));
        }
    }
    built_string(ctx, s)
}

/// `format()`: .NET composite formatting, `{index[,alignment][:format]}` with `{{`/`}}` escapes;
/// integer formats D, N, X and F are applied, others print the value as `string()` does.
fn format(ctx: &Ctx, args: &[Value]) -> Res<Value> {
    arity("format", args, 1, usize::MAX)?;
    let pattern = str_arg("format", args, 0)?;
    let chars: Vec<char> = pattern.chars().collect();
    let mut out = String::new();
    let mut i = 0;
    while i < chars.len() {
        match chars[i] {
            '{' if chars.get(i + 1) == Some(&'{') => {
                out.push('{');
                i += 2;
            }
            '}' if chars.get(i + 1) == Some(&'}') => {
                out.push('}');
                i += 2;
            }
            '{' => {
                let end =
                    chars[i..].iter().position(|c| *c == '}').ok_or_else(|| Fail::error("format(): '{' not closed"))?;
                let item: String = chars[i + 1..i + end].iter().collect();
                let (head, spec) = item.split_once(':').unwrap_or((&item, ""));
                let (index, align) = head.split_once(',').unwrap_or((head, ""));
                let index: usize =
                    index.trim().parse().map_err(|_| Fail::error(format!("format(): bad item {{{item}}}")))?;
                let value = args.get(index + 1).ok_or_else(|| Fail::error(format!("format(): no argument {index}")))?;
                let text = format_item(value, spec)?;
                let width: i64 = if align.trim().is_empty() {
                    0
                } else {
                    align.trim().parse().map_err(|_| Fail::error("format(): bad alignment"))?
                };
                let pad =
                    (width.unsigned_abs() as usize).saturating_sub(text.chars().count()).min(super::limits::MAX_STRING);
                if width > 0 {
                    out.push_str(&" ".repeat(pad));
                }
                out.push_str(&text);
                if width < 0 {
                    out.push_str(&" ".repeat(pad));
                }
                if out.len() > super::limits::MAX_STRING {
                    return Err(Fail::error("format() result too long"));
                }
                i += end + 1;
            }
            c => {
                out.push(c);
                i += 1;
            }
        }
    }
    built_string(ctx, out)
}

fn format_item(value: &Value, spec: &str) -> Res<String> {
    let Ok(n) = as_int(value) else { return Ok(to_text(value)) };
    let (kind, digits) = spec.split_at(spec.chars().next().map_or(0, char::len_utf8));
    let digits: usize = digits.parse().unwrap_or(0).min(64);
    Ok(match kind {
        "D" | "d" => {
            let s = format!("{:0digits$}", n.unsigned_abs());
            if n < 0 {
                format!("-{s}")
            } else {
                s
            }
        }
        "X" => format!("{:0digits$X}", n),
        "x" => format!("{:0digits$x}", n),
        "N" | "n" => {
            let grouped = group_thousands(n.unsigned_abs());
            let sign = if n < 0 { "-" } else { "" };
            let digits = if spec.len() > 1 { digits } else { 2 };
            if digits > 0 {
                format!("{sign}{grouped}.{}", "0".repeat(digits))
            } else {
                format!("{sign}{grouped}")
            }
        }
        "F" | "f" => {
            let digits = if spec.len() > 1 { digits } else { 2 };
            if digits > 0 {
                format!("{n}.{}", "0".repeat(digits))
            } else {
                n.to_string()
            }
        }
        _ => n.to_string(),
    })
}

fn group_thousands(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn substring(ctx: &Ctx, args: &[Value]) -> Res<Value> {
    arity("substring", args, 1, 3)?;
    let s: Vec<char> = str_arg("substring", args, 0)?.chars().collect();
    let start = if args.len() > 1 { int_arg("substring", args, 1)? } else { 0 };
    let len = if args.len() > 2 { int_arg("substring", args, 2)? } else { s.len() as i64 - start };
    if start < 0 || len < 0 || start > s.len() as i64 || start + len > s.len() as i64 {
        return Err(Fail::error(format!(
            "substring(): start {start} and length {len} are outside a string of {}",
            s.len()
        )));
    }
    built_string(ctx, s[start as usize..(start + len) as usize].iter().collect())
}

fn replace(ctx: &Ctx, args: &[Value]) -> Res<Value> {
    arity("replace", args, 3, 3)?;
    let (s, old, new) = (str_arg("replace", args, 0)?, str_arg("replace", args, 1)?, str_arg("replace", args, 2)?);
    if old.is_empty() {
        return Err(Fail::error("replace(): the old string is empty"));
    }
    let count = s.matches(old).count();
    if s.len() + count.saturating_mul(new.len()) > super::limits::MAX_STRING {
        return Err(Fail::error("replace() result too long"));
    }
    built_string(ctx, s.replace(old, new))
}

/// `split(text, delimiter)`: the delimiter is a string or an array of strings; empty parts kept.
fn split(ctx: &Ctx, args: &[Value]) -> Res<Value> {
    arity("split", args, 2, 2)?;
    let s = str_arg("split", args, 0)?;
    let delims: Vec<&str> = match &args[1] {
        Value::String(d) => vec![d.as_str()],
        Value::Array(ds) => ds
            .iter()
            .map(|d| d.as_str().ok_or_else(|| Fail::error("split(): delimiters must be strings")))
            .collect::<Res<_>>()?,
        other => {
            return Err(Fail::error(format!("split(): delimiter must be a string or array, not {}", type_name(other))))
        }
    };
    let delims: Vec<&str> = delims.into_iter().filter(|d| !d.is_empty()).collect();
    let mut parts = Vec::new();
    let mut rest = s;
    loop {
        let next = delims.iter().filter_map(|d| rest.find(d).map(|at| (at, d.len()))).min();
        match next {
            Some((at, len)) => {
                parts.push(Value::String(rest[..at].to_string()));
                rest = &rest[at + len..];
            }
            None => {
                parts.push(Value::String(rest.to_string()));
                break;
            }
        }
        if parts.len() > super::limits::MAX_ARRAY {
            return Err(Fail::error("split() result too long"));
        }
    }
    built_array(ctx, parts)
}

fn join(ctx: &Ctx, args: &[Value]) -> Res<Value> {
    arity("join", args, 2, 2)?;
    let items = super::array_arg("join", args, 0)?;
    let delim = str_arg("join", args, 1)?;
    let mut out = String::new();
    for (i, v) in items.iter().enumerate() {
        if v.is_array() || v.is_object() {
            return Err(Fail::error("join(): elements must be strings, numbers or booleans"));
        }
        if i > 0 {
            out.push_str(delim);
        }
        out.push_str(&to_text(v));
        if out.len() > super::limits::MAX_STRING {
            return Err(Fail::error("join() result too long"));
        }
    }
    built_string(ctx, out)
}

/// `indexOf`/`lastIndexOf`: strings case-insensitively (as the docs say), arrays by equality; -1 when absent.
fn index_of(name: &str, args: &[Value], last: bool) -> Res<Value> {
    arity(name, args, 2, 2)?;
    match &args[0] {
        Value::String(s) => {
            let hay: Vec<char> = s.to_lowercase().chars().collect();
            let needle: Vec<char> = str_arg(name, args, 1)?.to_lowercase().chars().collect();
            if needle.len() > hay.len() {
                return Ok(Value::from(-1));
            }
            let matches = |&i: &usize| hay[i..i + needle.len()] == needle[..];
            let mut positions = 0..=hay.len() - needle.len();
            let found = if last { positions.rfind(matches) } else { positions.find(matches) };
            Ok(Value::from(found.map_or(-1, |i| i as i64)))
        }
        Value::Array(items) => {
            let matches = |i: &usize| super::same(&items[*i], &args[1]);
            let mut positions = 0..items.len();
            let found = if last { positions.rfind(matches) } else { positions.find(matches) };
            Ok(Value::from(found.map_or(-1, |i| i as i64)))
        }
        other => Err(Fail::error(format!("{name}(): cannot search {}", type_name(other)))),
    }
}

fn pad_left(ctx: &Ctx, args: &[Value]) -> Res<Value> {
    arity("padleft", args, 2, 3)?;
    let s = match &args[0] {
        v @ (Value::String(_) | Value::Number(_)) => to_text(v),
        other => return Err(Fail::error(format!("padLeft(): cannot pad {}", type_name(other)))),
    };
    let total = int_arg("padleft", args, 1)?;
    let pad = if args.len() > 2 { str_arg("padleft", args, 2)? } else { " " };
    let mut pad_chars = pad.chars();
    let (Some(c), None) = (pad_chars.next(), pad_chars.next()) else {
        return Err(Fail::error("padLeft(): the padding must be one character"));
    };
    if total > super::limits::MAX_STRING as i64 {
        return Err(Fail::error("padLeft(): length too large"));
    }
    let missing = (total.max(0) as usize).saturating_sub(s.chars().count());
    built_string(ctx, format!("{}{s}", c.to_string().repeat(missing)))
}

/// `uri(base, relative)`: the base up to its last `/` (kept whole when it ends with one, or has
/// no path), then the relative part.
/// <https://learn.microsoft.com/azure/azure-resource-manager/templates/template-functions-string#uri>
fn uri(base: &str, relative: &str) -> String {
    let after_scheme = base.find("://").map_or(0, |i| i + 3);
    let root = match base[after_scheme..].rfind('/') {
        _ if base.ends_with('/') => base.to_string(),
        Some(i) => base[..after_scheme + i + 1].to_string(),
        None => format!("{base}/"),
    };
    format!("{root}{}", relative.trim_start_matches('/'))
}

/// Percent-encoding as .NET's `Uri.EscapeDataString`: everything but `A-Za-z0-9-_.~`.
fn escape(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn unescape(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match (bytes[i], bytes.get(i + 1).and_then(|b| hex(*b)), bytes.get(i + 2).and_then(|b| hex(*b))) {
            (b'%', Some(h), Some(l)) => {
                out.push((h * 16 + l) as u8);
                i += 3;
            }
            (b, _, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{err, ok};
    use serde_json::json;

    #[test]
    fn building_strings() {
        assert_eq!(ok("concat('vnet-', 'hub', '-', 1)"), json!("vnet-hub-1"));
        assert_eq!(ok("concat(createArray(1), createArray(2, 3))"), json!([1, 2, 3]));
        assert_eq!(ok("format('{0}-{1:D3}-{{x}}', 'spoke', 7)"), json!("spoke-007-{x}"));
        assert_eq!(ok("format('{0,5}|{1,-3}|', 'ab', 'c')"), json!("   ab|c  |"));
        assert_eq!(ok("format('{0:N0}', 1234567)"), json!("1,234,567"));
        assert_eq!(ok("string(true)"), json!("True"));
        assert_eq!(ok("string(createObject('a', 1))"), json!("{\"a\":1}"));
        assert_eq!(ok("padLeft(7, 3, '0')"), json!("007"));
        assert_eq!(ok("join(split('a,b;c', createArray(',', ';')), '/')"), json!("a/b/c"));
        assert_eq!(ok("split('a,,b', ',')"), json!(["a", "", "b"]));
        assert_eq!(ok("replace('10.0.0.0', '.', '-')"), json!("10-0-0-0"));
        assert_eq!(ok("toUpper(toLower('AbC'))"), json!("ABC"));
        assert_eq!(ok("trim('  x ')"), json!("x"));
    }

    #[test]
    fn searching_strings() {
        assert_eq!(ok("indexOf('abcdef', 'CD')"), json!(2));
        assert_eq!(ok("lastIndexOf('abcabc', 'a')"), json!(3));
        assert_eq!(ok("indexOf('abc', 'z')"), json!(-1));
        assert_eq!(ok("startsWith('AzureFirewallSubnet', 'azure')"), json!(true));
        assert_eq!(ok("endsWith('GatewaySubnet', 'SUBNET')"), json!(true));
        assert_eq!(ok("substring('hub-vnet', 4)"), json!("vnet"));
        assert_eq!(ok("substring('hub-vnet', 0, 3)"), json!("hub"));
        assert!(err("substring('abc', 2, 5)"));
        assert!(err("replace('abc', '', 'x')"));
        assert!(err("padLeft('a', 3, 'xy')"));
    }

    #[test]
    fn encodings() {
        assert_eq!(ok("base64('one, two')"), json!("b25lLCB0d28="));
        assert_eq!(ok("base64ToString('b25lLCB0d28=')"), json!("one, two"));
        assert_eq!(ok("base64ToJson(base64('{\"a\":1}'))"), json!({"a": 1}));
        assert_eq!(ok("dataUriToString(dataUri('Hello'))"), json!("Hello"));
        assert_eq!(ok("uriComponent('a b/c')"), json!("a%20b%2Fc"));
        assert_eq!(ok("uriComponentToString('a%20b%2Fc')"), json!("a b/c"));
        assert_eq!(ok("uri('http://contoso.org/firstpath', 'myscript.sh')"), json!("http://contoso.org/myscript.sh"));
        assert_eq!(
            ok("uri('http://contoso.org/firstpath/', 'myscript.sh')"),
            json!("http://contoso.org/firstpath/myscript.sh")
        );
        assert_eq!(ok("uri('http://contoso.com', 'x')"), json!("http://contoso.com/x"));
        assert_eq!(ok("json('[1, {\"a\": null}]')"), json!([1, {"a": null}]));
        assert_eq!(ok("json('null')"), json!(null));
        assert!(err("json('{')"));
        assert!(err("base64ToString('!!')"));
    }
}
