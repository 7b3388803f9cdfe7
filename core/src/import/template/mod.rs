//! ARM deployment templates: a small interpreter that turns a template (plus an optional
//! parameters file) into the resources it would deploy, in the REST shape
//! `{id, name, type, location, properties, tags}` the rest of the import reads (DECISIONS 28).
//!
//! Architecture invariant: pure and bounded. No I/O, no clock, no randomness; every loop count,
//! string, array, recursion level and the total work are capped (`limits`), and every failure is
//! a [`TemplateNote`] plus a `$vnetUnknown` marker value, never a panic or a silent drop.
//!
//! What it does not do: read linked templates (`templateLink` is a note), ask Azure anything
//! (`reference()`, `list*()`, `pickZones()` are runtime lookups and become markers naming the
//! resource they read), or validate resource schemas (the importer does that).
//!
//! Placeholders (the deployment has no real scope): subscription
//! `00000000-0000-0000-0000-000000000000`, resource group `rg-imported`, location `westeurope`
//! for `resourceGroup().location` (a note says so when a template reads it), tenant
//! `00000000-0000-0000-0000-000000000000`. `guid()` and `uniqueString()` are deterministic
//! stand-ins with the documented output shape (a GUID, 13 lowercase base-32 characters) built
//! from a stable 64-bit hash; they do not reproduce Azure's values. `newGuid()` and `utcNow()`
//! return fixed stand-ins and a note.

mod deployments;
mod eval;
mod expr;
mod frame;
mod functions;
mod resources;

use serde::Serialize;
use serde_json::Value;

pub use frame::{PLACEHOLDER_LOCATION, PLACEHOLDER_RESOURCE_GROUP, PLACEHOLDER_SUBSCRIPTION};

/// The resources a template deploys and what the interpreter could not compute.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Expanded {
    /// Deployed (and `existing`, marked `"$existing": true`) resources in the REST shape.
    pub resources: Vec<Value>,
    pub notes: Vec<TemplateNote>,
}

/// One thing the report must say about the template: an expression that could not be computed,
/// a resource not deployed because its condition is false, a linked template not read.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TemplateNote {
    pub file: String,
    /// JSON path inside the file, e.g. `resources[2].properties.routes[0].properties.nextHopIpAddress`.
    pub path: String,
    pub message: String,
}

/// The caps that keep evaluation bounded whatever the input.
pub(crate) mod limits {
    /// ARM's own limit on a `copy` count.
    /// <https://learn.microsoft.com/azure/azure-resource-manager/templates/copy-resources#copy-limits>
    pub const MAX_COPY: i64 = 800;
    /// ARM's limit on `range()`'s count.
    /// <https://learn.microsoft.com/azure/azure-resource-manager/templates/template-functions-array#range>
    pub const MAX_RANGE: i64 = 10_000;
    /// Nesting of calls, variables, lambdas and JSON inside one evaluation.
    pub const MAX_DEPTH: usize = 64;
    /// Nested `Microsoft.Resources/deployments` inside each other.
    pub const MAX_NESTED_DEPLOYMENTS: usize = 10;
    /// Characters of one expression (ARM's limit is 24,576).
    pub const MAX_EXPRESSION: usize = 32 * 1024;
    /// Characters of a string a function builds.
    pub const MAX_STRING: usize = 1024 * 1024;
    /// Elements of an array a function builds.
    pub const MAX_ARRAY: usize = 100_000;
    /// Resources one expansion may emit.
    pub const MAX_RESOURCES: usize = 100_000;
    /// Units of work (calls, values built) for one `expand`.
    pub const FUEL: u64 = 20_000_000;
    /// Notes kept per file (the rest are counted in the last one).
    pub const MAX_NOTES: usize = 2_000;
}

/// Expands an ARM template: parameters from `parameters` (a parameters file
/// `{parameters: {name: {value}}}` or a bare `{name: value}` object) over the template's
/// `defaultValue`s, then variables, copy loops, conditions, child resources and nested
/// deployments. `file` names the template in the notes.
pub fn expand(template: &Value, parameters: Option<&Value>, file: &str) -> Expanded {
    deployments::expand_root(template, parameters, file)
}
