//! What one template's expressions see: its parameters and variables (evaluated lazily, once,
//! with cycle detection), its deployment scope, the resources it declares (by symbolic name and
//! by name, for `reference()`), and what the whole expansion shares (notes, work budget,
//! nested deployments' outputs).

use std::cell::{Cell, RefCell};
use std::collections::{HashMap, HashSet};
use std::rc::Rc;

use serde_json::{Map, Value};

use super::eval::{Ctx, Fail};
use super::expr::{self, Expr};
use super::{limits, TemplateNote};

pub const PLACEHOLDER_SUBSCRIPTION: &str = "00000000-0000-0000-0000-000000000000";
pub const PLACEHOLDER_RESOURCE_GROUP: &str = "rg-imported";
/// `resourceGroup().location` when nothing says otherwise.
pub const PLACEHOLDER_LOCATION: &str = "westeurope";
pub(crate) const PLACEHOLDER_TENANT: &str = "00000000-0000-0000-0000-000000000000";

/// Where a deployment lands: a subscription and, for resource-group deployments, a group.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Scope {
    pub subscription: String,
    pub resource_group: Option<String>,
    pub location: String,
    /// `deployment().name`.
    pub deployment: String,
}

impl Scope {
    pub fn root(resource_group_scope: bool) -> Scope {
        Scope {
            subscription: PLACEHOLDER_SUBSCRIPTION.into(),
            resource_group: resource_group_scope.then(|| PLACEHOLDER_RESOURCE_GROUP.into()),
            location: PLACEHOLDER_LOCATION.into(),
            deployment: "vnet-import".into(),
        }
    }

    /// `/subscriptions/{sub}` or `/subscriptions/{sub}/resourceGroups/{rg}`.
    pub fn prefix(&self) -> String {
        match &self.resource_group {
            Some(rg) => format!("/subscriptions/{}/resourceGroups/{rg}", self.subscription),
            None => format!("/subscriptions/{}", self.subscription),
        }
    }
}

/// State shared by every template of one `expand` call.
pub(crate) struct Shared {
    pub file: String,
    pub fuel: Cell<u64>,
    pub notes: RefCell<Vec<TemplateNote>>,
    dropped_notes: Cell<usize>,
    /// Outputs of nested deployments already expanded, by lowercase deployment id:
    /// `{"outputs": {name: {"type": …, "value": …}}}` as `reference()` returns them.
    pub deployment_outputs: RefCell<HashMap<String, Value>>,
    /// Notes said once per file (e.g. the placeholder location).
    pub said: RefCell<HashSet<String>>,
    /// Counter for `newGuid()` stand-ins.
    pub new_guids: Cell<u64>,
    /// (path, message) of the notes kept, so a note repeated word for word is kept once.
    seen: RefCell<HashSet<(String, String)>>,
    quiet: Cell<u32>,
    /// Resource instances planned so far, across all nested templates.
    pub planned: Cell<usize>,
    /// Parsed expressions by text: copy loops evaluate the same text many times.
    parsed: RefCell<HashMap<String, Result<Rc<Expr>, String>>>,
}

impl Shared {
    pub fn new(file: &str) -> Shared {
        Shared {
            file: file.to_string(),
            fuel: Cell::new(limits::FUEL),
            notes: RefCell::new(Vec::new()),
            dropped_notes: Cell::new(0),
            deployment_outputs: RefCell::new(HashMap::new()),
            said: RefCell::new(HashSet::new()),
            new_guids: Cell::new(0),
            seen: RefCell::new(HashSet::new()),
            quiet: Cell::new(0),
            planned: Cell::new(0),
            parsed: RefCell::new(HashMap::new()),
        }
    }

    pub fn note(&self, path: &str, message: impl Into<String>) {
        if self.quiet.get() > 0 {
            return;
        }
        if self.notes.borrow().len() >= limits::MAX_NOTES {
            self.dropped_notes.set(self.dropped_notes.get() + 1);
            return;
        }
        let message = message.into();
        if self.seen.borrow_mut().insert((path.to_string(), message.clone())) {
            self.notes.borrow_mut().push(TemplateNote { file: self.file.clone(), path: path.to_string(), message });
        }
    }

    /// Runs `f` without keeping its notes (a value evaluated only to be named or ordered by).
    pub fn quietly<T>(&self, f: impl FnOnce() -> T) -> T {
        self.quiet.set(self.quiet.get() + 1);
        let out = f();
        self.quiet.set(self.quiet.get() - 1);
        out
    }

    /// A note said at most once per file under `key`.
    pub fn note_once(&self, key: &str, path: &str, message: impl Into<String>) {
        if self.quiet.get() == 0 && self.said.borrow_mut().insert(key.to_string()) {
            self.note(path, message);
        }
    }

    /// Spends `units` of the work budget; an error once it is gone.
    pub fn burn(&self, units: u64) -> Result<(), Fail> {
        let left = self.fuel.get();
        if left < units {
            self.fuel.set(0);
            return Err(Fail::Error("the template needs more work than the import allows (budget exhausted)".into()));
        }
        self.fuel.set(left - units);
        Ok(())
    }

    /// The syntax tree of an expression's text, parsed once.
    pub fn parse(&self, text: &str) -> Result<Rc<Expr>, String> {
        if let Some(done) = self.parsed.borrow().get(text) {
            return done.clone();
        }
        let result = expr::parse(text).map(Rc::new);
        let mut cache = self.parsed.borrow_mut();
        if cache.len() < 50_000 {
            cache.insert(text.to_string(), result.clone());
        }
        result
    }

    pub fn into_notes(self) -> Vec<TemplateNote> {
        let mut notes = self.notes.into_inner();
        let dropped = self.dropped_notes.get();
        if dropped > 0 {
            notes.push(TemplateNote {
                file: self.file.clone(),
                path: String::new(),
                message: format!("{dropped} more notes not listed"),
            });
        }
        notes
    }
}

/// How a parameter or variable gets its value.
#[derive(Clone, Debug)]
pub(crate) enum Def {
    /// Final already (a parameters-file value, a nested deployment's evaluated parameter).
    Given(Value),
    /// To evaluate (a `defaultValue`, a variable), with its JSON path.
    Raw(Value, String),
    /// A `copy` variable: `{name, count, input}`.
    Copy(Value, String),
    /// A parameter with neither a value nor a default.
    Missing,
}

/// Parameters or variables: definitions by lowercase name, evaluated once on first use.
#[derive(Default)]
pub(crate) struct Table {
    defs: HashMap<String, Def>,
    memo: RefCell<HashMap<String, Result<Rc<Value>, Fail>>>,
    busy: RefCell<HashSet<String>>,
}

impl Table {
    pub fn insert(&mut self, name: &str, def: Def) {
        self.defs.insert(name.to_ascii_lowercase(), def);
    }

    pub fn contains(&self, name: &str) -> bool {
        self.defs.contains_key(&name.to_ascii_lowercase())
    }

    /// The value of `name`, evaluating its definition in `ctx` (whose frame owns this table).
    pub fn get(&self, name: &str, what: &str, ctx: &Ctx) -> Result<Value, Fail> {
        let v = self.get_rc(name, what, ctx)?;
        // Handing out a copy costs its size, so loops over a big variable stay bounded.
        ctx.frame.shared.burn(1 + super::functions::size(&v))?;
        Ok((*v).clone())
    }

    /// The shared value of `name` (no copy: `parameters('spokes')[copyIndex()].name` reads
    /// into it without cloning the whole array).
    pub fn get_rc(&self, name: &str, what: &str, ctx: &Ctx) -> Result<Rc<Value>, Fail> {
        let key = name.to_ascii_lowercase();
        if let Some(done) = self.memo.borrow().get(&key) {
            return done.clone();
        }
        let Some(def) = self.defs.get(&key) else {
            return Err(Fail::Error(format!("the template has no {what} '{name}'")));
        };
        if !self.busy.borrow_mut().insert(key.clone()) {
            return Err(Fail::Error(format!("the {what} '{name}' refers to itself")));
        }
        let result = match def {
            Def::Given(v) => Ok(Rc::new(v.clone())),
            Def::Raw(v, path) => Ok(Rc::new(ctx.fresh().walk(v, path))),
            Def::Copy(spec, path) => Ok(Rc::new(ctx.fresh().copy_array(spec, path))),
            Def::Missing => Err(Fail::Unknown {
                why: format!("the {what} '{name}' has no value (no defaultValue and no parameters file entry)"),
                resource: None,
            }),
        };
        self.busy.borrow_mut().remove(&key);
        self.memo.borrow_mut().insert(key, result.clone());
        result
    }
}

/// A resource the template declares, for `reference()` and `resourceId()` look-ups.
#[derive(Clone, Debug)]
pub(crate) struct Declared {
    pub id: String,
}

/// One template's evaluation context.
pub(crate) struct Frame<'s> {
    pub shared: &'s Shared,
    pub params: Rc<Table>,
    pub vars: Rc<Table>,
    /// What `resourceGroup()`, `subscription()`, `deployment()` and `resourceId()` answer.
    pub scope: Scope,
    /// Lowercase symbolic name (languageVersion 2.0) → resource.
    pub symbols: RefCell<HashMap<String, Declared>>,
    /// Lowercase resource name (full, e.g. `vnet/subnet`) → resource.
    pub names: RefCell<HashMap<String, Declared>>,
    /// User-defined functions: lowercase `namespace.name` → `{parameters, output}`.
    pub functions: Rc<HashMap<String, Value>>,
    /// Nested deployment depth.
    pub level: usize,
    /// The nested deployment instance this frame expands (named in notes: its resources share
    /// JSON paths across copy iterations).
    pub origin: Option<String>,
}

impl<'s> Frame<'s> {
    /// A frame for `template` with `given` parameter values over its defaults.
    pub fn new(shared: &'s Shared, template: &Value, given: &Map<String, Value>, scope: Scope, path: &str) -> Self {
        let mut params = Table::default();
        if let Some(defs) = template.get("parameters").and_then(Value::as_object) {
            for (name, def) in defs {
                let given = given.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.clone());
                let d = match (given, def.get("defaultValue")) {
                    (Some(v), _) => Def::Given(v),
                    (None, Some(default)) => Def::Raw(default.clone(), format!("{path}parameters.{name}.defaultValue")),
                    (None, None) => Def::Missing,
                };
                params.insert(name, d);
            }
        }
        for name in given.keys() {
            if !params.contains(name) {
                shared.note(
                    &format!("{path}parameters"),
                    format!("the parameters file sets '{name}', which the template does not declare"),
                );
            }
        }
        let mut vars = Table::default();
        if let Some(defs) = template.get("variables").and_then(Value::as_object) {
            for (name, def) in defs {
                if name.eq_ignore_ascii_case("copy") {
                    for (i, spec) in def.as_array().into_iter().flatten().enumerate() {
                        let loop_name = spec.get("name").and_then(Value::as_str).unwrap_or_default();
                        vars.insert(loop_name, Def::Copy(spec.clone(), format!("{path}variables.copy[{i}]")));
                    }
                } else {
                    vars.insert(name, Def::Raw(def.clone(), format!("{path}variables.{name}")));
                }
            }
        }
        Frame {
            shared,
            params: Rc::new(params),
            vars: Rc::new(vars),
            scope,
            symbols: RefCell::default(),
            names: RefCell::default(),
            functions: Rc::new(user_functions(template)),
            level: 0,
            origin: None,
        }
    }

    /// A frame for an outer-scoped nested template: the parent's parameters, variables,
    /// functions and scope functions; its own declared resources.
    pub fn outer(parent: &Frame<'s>) -> Self {
        Frame {
            shared: parent.shared,
            params: parent.params.clone(),
            vars: parent.vars.clone(),
            scope: parent.scope.clone(),
            symbols: RefCell::default(),
            names: RefCell::default(),
            functions: parent.functions.clone(),
            level: parent.level + 1,
            origin: None,
        }
    }

    /// The id of a resource this template declares, by symbolic name or by name.
    pub fn declared(&self, key: &str) -> Option<String> {
        let k = key.to_ascii_lowercase();
        if let Some(d) = self.symbols.borrow().get(&k) {
            return Some(d.id.clone());
        }
        self.names.borrow().get(&k).map(|d| d.id.clone())
    }
}

/// `functions: [{namespace, members: {name: {parameters: [{name, type}], output: {type, value}}}}]`.
fn user_functions(template: &Value) -> HashMap<String, Value> {
    let mut out = HashMap::new();
    for ns in template.get("functions").and_then(Value::as_array).into_iter().flatten() {
        let Some(namespace) = ns.get("namespace").and_then(Value::as_str) else { continue };
        for (name, def) in ns.get("members").and_then(Value::as_object).into_iter().flatten() {
            out.insert(format!("{}.{}", namespace.to_ascii_lowercase(), name.to_ascii_lowercase()), def.clone());
        }
    }
    out
}
