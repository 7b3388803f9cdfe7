//! ARM deployment templates (issue 19 §1): expanded into REST-shaped resources.
//!
//! Stub until the "import-template" helper lands its evaluator here: it returns no resources and
//! one note, so a template input is reported, never silently dropped.

use serde_json::Value;

/// What a template expands to: resources in the REST shape `{id, name, type, location,
/// properties, tags}`, and what could not be evaluated.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Expanded {
    pub resources: Vec<Value>,
    pub notes: Vec<TemplateNote>,
}

/// Something about a template the importer must tell: an expression not evaluable, a false
/// condition.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TemplateNote {
    pub file: String,
    pub path: String,
    pub message: String,
}

/// Expands an ARM template with an optional parameters file.
pub fn expand(_template: &Value, _parameters: Option<&Value>, file: &str) -> Expanded {
    Expanded {
        resources: Vec::new(),
        notes: vec![TemplateNote {
            file: file.to_string(),
            path: "$".to_string(),
            message: "templates not yet supported".to_string(),
        }],
    }
}
