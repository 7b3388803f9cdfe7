//! Evaluating expressions and the JSON values that hold them.
//!
//! An expression either gives a value, or fails in one of two ways: [`Fail::Unknown`] (a runtime
//! lookup such as `reference()`, or a value that depends on one; it carries the resource id the
//! lookup names) or [`Fail::Error`] (a wrong argument, an unknown function, a limit). Where a
//! JSON string's expression fails, the value becomes the contract's marker
//! `{"$vnetUnknown": {expression, path, resource}}` and a note names the path; the rest of the
//! resource is still evaluated.

use std::rc::Rc;

use serde_json::{json, Map, Value};

use super::expr::{self, Expr, Text};
use super::frame::{Def, Frame, Table};
use super::functions;
use super::limits;

#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Fail {
    /// Not computable from the template alone; `resource` is the id the lookup names.
    Unknown { why: String, resource: Option<String> },
    /// The expression is wrong, unsupported, or over a limit.
    Error(String),
}

impl Fail {
    pub fn error(message: impl Into<String>) -> Fail {
        Fail::Error(message.into())
    }
}

pub(crate) type Res<T> = Result<T, Fail>;

/// The key of the contract's unknown-value marker.
pub(crate) const MARKER: &str = "$vnetUnknown";

pub(crate) fn marker(expression: &str, path: &str, resource: Option<String>) -> Value {
    json!({ MARKER: { "expression": expression, "path": path, "resource": resource } })
}

/// `Some(resource)` when `v` is a marker (its `resource`, maybe null).
pub(crate) fn marker_resource(v: &Value) -> Option<Option<String>> {
    let inner = v.as_object().filter(|o| o.len() == 1)?.get(MARKER)?;
    Some(inner.get("resource").and_then(Value::as_str).map(str::to_string))
}

fn marker_expression(v: &Value) -> String {
    v.get(MARKER).and_then(|m| m.get("expression")).and_then(Value::as_str).unwrap_or_default().to_string()
}

/// A value used as an argument or a base that is itself unknown: the failure it propagates.
pub(crate) fn unknown_from(v: &Value) -> Option<Fail> {
    marker_resource(v).map(|resource| Fail::Unknown { why: format!("it uses {}", marker_expression(v)), resource })
}

/// Where an expression is evaluated: the template frame, the copy loops and lambda variables in
/// force, and the nesting depth so far.
#[derive(Clone)]
pub(crate) struct Ctx<'f, 's> {
    pub frame: &'f Frame<'s>,
    /// Copy loops from outermost to innermost: (lowercase loop name, index).
    pub copies: Rc<Vec<(String, i64)>>,
    /// Lambda variables from outermost to innermost: (lowercase name, value).
    pub lambdas: Rc<Vec<(String, Value)>>,
    pub depth: usize,
    /// JSON path of the value being evaluated, for notes functions add.
    pub path: Rc<str>,
}

impl<'f, 's> Ctx<'f, 's> {
    pub fn new(frame: &'f Frame<'s>) -> Self {
        Ctx { frame, copies: Rc::default(), lambdas: Rc::default(), depth: 0, path: Rc::from("") }
    }

    /// The same frame without loops or lambda variables (variables and defaults see neither),
    /// one level deeper.
    pub fn fresh(&self) -> Self {
        Ctx {
            frame: self.frame,
            copies: Rc::default(),
            lambdas: Rc::default(),
            depth: self.depth + 1,
            path: self.path.clone(),
        }
    }

    pub fn with_copy(&self, name: &str, index: i64) -> Self {
        let mut c = self.clone();
        let mut loops = (*c.copies).clone();
        loops.push((name.to_ascii_lowercase(), index));
        c.copies = Rc::new(loops);
        c
    }

    fn deeper(&self) -> Res<Self> {
        if self.depth >= limits::MAX_DEPTH {
            return Err(Fail::error(format!("evaluation nested deeper than {}", limits::MAX_DEPTH)));
        }
        let mut c = self.clone();
        c.depth += 1;
        Ok(c)
    }

    /// Evaluates every string of a JSON value (and expands property `copy` loops); failing
    /// strings become markers with a note. Never fails as a whole.
    pub fn walk(&self, v: &Value, path: &str) -> Value {
        self.walk_at(v, path, 0)
    }

    fn walk_at(&self, v: &Value, path: &str, level: usize) -> Value {
        // Every value visited costs a unit, so huge or repeated JSON is bounded like calls are.
        if self.frame.shared.burn(1).is_err() {
            self.frame.shared.note_once(
                "budget",
                path,
                "the work budget is spent; the rest of the values are left unevaluated",
            );
            return marker("", path, None);
        }
        if level > 2 * limits::MAX_DEPTH {
            self.frame.shared.note(path, "value nested too deeply; left unevaluated");
            return marker("", path, None);
        }
        match v {
            Value::String(s) => self.string(s, path),
            Value::Array(items) => Value::Array(
                items.iter().enumerate().map(|(i, x)| self.walk_at(x, &format!("{path}[{i}]"), level + 1)).collect(),
            ),
            Value::Object(map) => {
                let mut out = Map::new();
                for (k, x) in map {
                    if k.eq_ignore_ascii_case("copy") && is_property_copy(x) {
                        for (j, spec) in x.as_array().into_iter().flatten().enumerate() {
                            let name = spec.get("name").and_then(Value::as_str).unwrap_or_default();
                            out.insert(name.to_string(), self.copy_array(spec, &format!("{path}.copy[{j}]")));
                        }
                        continue;
                    }
                    out.insert(k.clone(), self.walk_at(x, &format!("{path}.{k}"), level + 1));
                }
                Value::Object(out)
            }
            other => other.clone(),
        }
    }

    /// A `{name, count, input}` loop as an array (property and variable iteration).
    /// <https://learn.microsoft.com/azure/azure-resource-manager/templates/copy-properties>
    pub fn copy_array(&self, spec: &Value, path: &str) -> Value {
        let name = spec.get("name").and_then(Value::as_str).unwrap_or_default();
        let count = match self.count(spec.get("count"), &format!("{path}.count")) {
            Ok(n) => n,
            Err(message) => {
                self.frame.shared.note(&format!("{path}.count"), message);
                return marker(&spec.get("count").map(Value::to_string).unwrap_or_default(), path, None);
            }
        };
        let input = spec.get("input").cloned().unwrap_or(Value::Null);
        let mut out = Vec::new();
        for i in 0..count {
            out.push(self.with_copy(name, i).walk(&input, &format!("{path}.input")));
        }
        Value::Array(out)
    }

    /// A copy `count`: an integer from 0 to ARM's 800.
    pub fn count(&self, raw: Option<&Value>, path: &str) -> Result<i64, String> {
        let v = self.walk(raw.unwrap_or(&Value::Null), path);
        if marker_resource(&v).is_some() {
            return Err("copy count cannot be computed; the loop is not expanded".into());
        }
        let n = functions::as_int(&v).map_err(|_| format!("copy count is not an integer: {v}"))?;
        if !(0..=limits::MAX_COPY).contains(&n) {
            return Err(format!("copy count {n} is outside 0..={} (ARM's limit)", limits::MAX_COPY));
        }
        Ok(n)
    }

    /// One JSON string: a literal, or an expression evaluated to a value or a marker.
    pub fn string(&self, s: &str, path: &str) -> Value {
        let text = match expr::classify(s) {
            Text::Literal(l) => return Value::String(l.into_owned()),
            Text::Expression(t) => t,
        };
        let parsed = match self.frame.shared.parse(text) {
            Ok(e) => e,
            Err(why) => {
                self.frame.shared.note(path, format!("expression not understood ({why}): {}", clip(s)));
                return marker(s, path, None);
            }
        };
        let mut ctx = self.clone();
        ctx.path = Rc::from(path);
        let at = self.instance();
        match ctx.eval(&parsed) {
            Ok(v) => match marker_resource(&v) {
                Some(resource) => {
                    let message = format!("value not computable from the template{at}: {}", clip(s));
                    self.frame.shared.note(path, named(message, &resource));
                    marker(s, path, resource)
                }
                None => v,
            },
            Err(Fail::Unknown { why, resource }) => {
                let message = format!("value not computable from the template ({why}){at}: {}", clip(s));
                self.frame.shared.note(path, named(message, &resource));
                marker(s, path, resource)
            }
            Err(Fail::Error(why)) => {
                self.frame.shared.note(path, format!("expression failed ({why}){at}: {}", clip(s)));
                marker(s, path, None)
            }
        }
    }

    /// Which instance a note is about when copy loops or a nested deployment repeat a JSON path:
    /// ` in deployment 'spoke-1', copy securityrules #0`, or nothing.
    fn instance(&self) -> String {
        let mut parts: Vec<String> = self.frame.origin.iter().map(|o| format!("deployment '{o}'")).collect();
        parts.extend(self.copies.iter().map(|(name, i)| format!("copy {name} #{i}")));
        if parts.is_empty() {
            String::new()
        } else {
            format!(" in {}", parts.join(", "))
        }
    }

    pub fn eval(&self, e: &Expr) -> Res<Value> {
        match e {
            Expr::Str(s) => Ok(Value::String(s.clone())),
            Expr::Int(n) => Ok(json!(n)),
            Expr::Float(f) => Ok(serde_json::Number::from_f64(*f).map(Value::Number).unwrap_or(Value::Null)),
            Expr::Bool(b) => Ok(Value::Bool(*b)),
            Expr::Null => Ok(Value::Null),
            Expr::Member(..) | Expr::Index(..) if self.reads_table(e) => self.read_into_table(e),
            Expr::Member(base, name) => {
                let b = self.deeper()?.eval(base)?;
                member(&b, name)
            }
            Expr::Index(base, index) => {
                let d = self.deeper()?;
                let b = d.eval(base)?;
                let i = d.eval(index)?;
                index_value(&b, &i)
            }
            Expr::Call { namespace: Some(ns), name, args } => self.user_function(ns, name, args),
            Expr::Call { namespace: None, name, args } => self.call(name, args),
        }
    }

    /// Is `e` a chain of `.x` and `[i]` on `parameters('name')` or `variables('name')`?
    fn reads_table(&self, e: &Expr) -> bool {
        let mut at = e;
        while let Expr::Member(b, _) | Expr::Index(b, _) = at {
            at = b;
        }
        matches!(at, Expr::Call { namespace: None, name, args } if (name == "parameters" || name == "variables") && matches!(args.as_slice(), [Expr::Str(_)]))
    }

    /// Reads a property path inside a parameter or variable without copying the whole value
    /// (a loop over 800 spokes reads `parameters('spokes')[copyIndex()]` 800 times).
    fn read_into_table(&self, e: &Expr) -> Res<Value> {
        self.frame.shared.burn(1)?;
        let d = self.deeper()?;
        let mut steps = Vec::new();
        let mut at = e;
        while let Expr::Member(b, _) | Expr::Index(b, _) = at {
            steps.push(at);
            at = b;
        }
        let Expr::Call { name, args, .. } = at else { return Err(Fail::error("not a parameter or variable")) };
        let Some(Expr::Str(key)) = args.first() else { return Err(Fail::error("not a parameter or variable")) };
        let root = match name.as_str() {
            "parameters" => self.frame.params.get_rc(key, "parameter", &d)?,
            _ => self.frame.vars.get_rc(key, "variable", &d)?,
        };
        let mut value: &Value = &root;
        for step in steps.iter().rev() {
            value = match step {
                Expr::Member(_, name) => member_ref(value, name)?,
                Expr::Index(_, index) => {
                    let i = d.eval(index)?;
                    index_ref(value, &i)?
                }
                _ => value,
            };
        }
        Ok(value.clone())
    }

    fn call(&self, name: &str, args: &[Expr]) -> Res<Value> {
        self.frame.shared.burn(1)?;
        let d = self.deeper()?;
        match name {
            // Only the chosen branch is evaluated (so a false branch's runtime lookup is harmless).
            "if" => {
                if args.len() != 3 {
                    return Err(Fail::error("if() takes 3 arguments"));
                }
                let c = d.eval(&args[0])?;
                if let Some(f) = unknown_from(&c) {
                    return Err(f);
                }
                let c =
                    functions::as_bool(&c).map_err(|_| Fail::error(format!("if() condition is not a boolean: {c}")))?;
                return d.eval(&args[if c { 1 } else { 2 }]);
            }
            "lambda" => return Err(Fail::error("lambda() is only valid as an argument of filter, map, reduce, sort…")),
            n if functions::lambda::takes_lambda(n) => return functions::lambda::call(&d, n, args),
            _ => {}
        }
        let mut values = Vec::with_capacity(args.len());
        for a in args {
            values.push(d.eval(a)?);
        }
        if let Some(f) = values.iter().find_map(unknown_from) {
            // A runtime lookup's own argument may be unknown too; the lookup is still the reason.
            if !functions::resource::is_runtime(name) {
                return Err(f);
            }
        }
        functions::call(&d, name, &values)
    }

    /// `namespace.name(args)`: a user-defined function; its body sees only its own parameters.
    /// <https://learn.microsoft.com/azure/azure-resource-manager/templates/user-defined-functions>
    fn user_function(&self, ns: &str, name: &str, args: &[Expr]) -> Res<Value> {
        self.frame.shared.burn(1)?;
        let d = self.deeper()?;
        let key = format!("{ns}.{name}");
        let Some(def) = self.frame.functions.get(&key).cloned() else {
            return Err(Fail::error(format!("no user-defined function {key}")));
        };
        let mut params = Table::default();
        let declared = def.get("parameters").and_then(Value::as_array).cloned().unwrap_or_default();
        if declared.len() != args.len() {
            return Err(Fail::error(format!("{key} takes {} arguments, got {}", declared.len(), args.len())));
        }
        for (p, a) in declared.iter().zip(args) {
            let v = d.eval(a)?;
            params.insert(p.get("name").and_then(Value::as_str).unwrap_or_default(), Def::Given(v));
        }
        let frame = Frame {
            shared: self.frame.shared,
            params: std::rc::Rc::new(params),
            vars: std::rc::Rc::new(Table::default()),
            scope: self.frame.scope.clone(),
            symbols: Default::default(),
            names: Default::default(),
            functions: self.frame.functions.clone(),
            level: self.frame.level,
            origin: self.frame.origin.clone(),
        };
        let mut inner = Ctx::new(&frame);
        inner.depth = d.depth;
        let body = def.get("output").and_then(|o| o.get("value")).cloned().unwrap_or(Value::Null);
        match body {
            Value::String(s) => match expr::classify(&s) {
                Text::Literal(l) => Ok(Value::String(l.into_owned())),
                Text::Expression(t) => inner.eval(&expr::parse(t).map_err(Fail::Error)?),
            },
            other => {
                let v = inner.walk(&other, &self.path);
                unknown_from(&v).map_or(Ok(v), Err)
            }
        }
    }
}

/// Is `x` a list of `{name, count, input}` loops (property iteration) rather than a property
/// that happens to be called `copy`?
fn is_property_copy(x: &Value) -> bool {
    x.as_array().is_some_and(|a| {
        !a.is_empty() && a.iter().all(|s| s.get("name").is_some_and(Value::is_string) && s.get("input").is_some())
    })
}

/// `.name` on a value: object properties compare case-insensitively like ARM's.
pub(crate) fn member(base: &Value, name: &str) -> Res<Value> {
    member_ref(base, name).cloned()
}

fn member_ref<'v>(base: &'v Value, name: &str) -> Res<&'v Value> {
    if let Some(f) = unknown_from(base) {
        return Err(f);
    }
    match base {
        Value::Object(map) => map
            .get(name)
            .or_else(|| map.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v))
            .ok_or_else(|| Fail::error(format!("the object has no property '{name}'"))),
        other => Err(Fail::error(format!("cannot read property '{name}' of {}", functions::type_name(other)))),
    }
}

/// `[i]` on an array or `['key']` on an object.
pub(crate) fn index_value(base: &Value, index: &Value) -> Res<Value> {
    index_ref(base, index).cloned()
}

fn index_ref<'v>(base: &'v Value, index: &Value) -> Res<&'v Value> {
    if let Some(f) = unknown_from(base).or_else(|| unknown_from(index)) {
        return Err(f);
    }
    match (base, index) {
        (Value::Array(items), i) => {
            let i = functions::as_int(i).map_err(|_| Fail::error(format!("array index is not an integer: {i}")))?;
            usize::try_from(i)
                .ok()
                .and_then(|i| items.get(i))
                .ok_or_else(|| Fail::error(format!("index {i} is outside the array (length {})", items.len())))
        }
        (Value::Object(_), Value::String(k)) => member_ref(base, k),
        (b, i) => Err(Fail::error(format!("cannot index {} with {i}", functions::type_name(b)))),
    }
}

fn named(message: String, resource: &Option<String>) -> String {
    match resource {
        Some(id) => format!("{message}; it reads {id}"),
        None => message,
    }
}

/// The first 200 characters of an expression for a note.
pub(crate) fn clip(s: &str) -> String {
    if s.chars().count() <= 200 {
        s.to_string()
    } else {
        format!("{}…", s.chars().take(200).collect::<String>())
    }
}
