//! Export of a design to Azure's shapes (issues 19 §3 and 22): the flat REST / Resource Graph
//! shape that import reads ([`arm::to_arm_resources`]), an ARM deployment template, Bicep and
//! Terraform (azurerm). Pure and deterministic: [`export`] returns the files' text, the CLI and
//! the studio write or download them. ARM and the flat shape import back to the same design
//! (modulo ids); Bicep and Terraform are for deploying, not for reading back.
//!
//! The template formats share one plan ([`plan`]) built from the flat writer's resources, so a
//! property is written in one place for all three JSON-shaped outputs.

pub mod arm;
mod bicep;
mod index;
mod plan;
mod template;
mod terraform;

pub use arm::to_arm_resources;

use crate::Document;
use serde_json::{json, Value};
use std::fmt;

/// The shapes [`export`] writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Format {
    /// A deployment template, `azuredeploy.json`.
    Arm,
    /// The flat REST / Resource Graph shape `{"value": […], "vnetStudio": {…}}`, `resources.json`.
    ArmResources,
    /// `main.bicep`.
    Bicep,
    /// `main.tf` (azurerm provider).
    Terraform,
}

impl Format {
    pub const ALL: [Format; 4] = [Format::Arm, Format::ArmResources, Format::Bicep, Format::Terraform];

    /// The name the CLI takes (`--format arm-resources`).
    pub fn name(self) -> &'static str {
        match self {
            Format::Arm => "arm",
            Format::ArmResources => "arm-resources",
            Format::Bicep => "bicep",
            Format::Terraform => "terraform",
        }
    }

    pub fn from_name(name: &str) -> Option<Format> {
        Format::ALL.into_iter().find(|f| f.name().eq_ignore_ascii_case(name))
    }
}

/// One file of an export: a relative path (`main.tf`) and its text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExportFile {
    pub path: String,
    pub text: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ExportError {
    /// The design holds nothing Azure deploys (no VNet, only placeholders).
    Empty,
}

impl fmt::Display for ExportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ExportError::Empty => {
                write!(f, "the design holds no Azure resource to export (only placeholders, or nothing)")
            }
        }
    }
}

impl std::error::Error for ExportError {}

/// A JSON object of owned values, moved in. Why not `json!`: it serializes every interpolated
/// expression, which for a `Value` is a deep copy (at the top, of every resource), then drops
/// the original — most of a 1,000-spoke export's time went to copying and freeing trees.
pub(crate) fn object<const N: usize>(pairs: [(&str, Value); N]) -> Value {
    Value::Object(pairs.into_iter().map(|(k, v)| (k.to_string(), v)).collect())
}

/// The design in `format`: the files, in a fixed order, byte-identical for the same design.
pub fn export(doc: &Document, format: Format) -> Result<Vec<ExportFile>, ExportError> {
    let d = &doc.design;
    let any = d.vnets.iter().any(|v| !v.meta.external) || d.paas.iter().any(|p| !p.meta.external);
    if !any {
        return Err(ExportError::Empty);
    }
    let file = |path: &str, text: String| ExportFile { path: path.to_string(), text };
    Ok(match format {
        Format::ArmResources => vec![file("resources.json", template::pretty(&to_arm_resources(doc)))],
        Format::Arm => {
            let p = plan::plan(d);
            vec![file("azuredeploy.json", template::pretty(&template::write(p, &d.description)))]
        }
        Format::Bicep => vec![file("main.bicep", bicep::write(&plan::plan(d), d))],
        Format::Terraform => vec![file("main.tf", terraform::write(d))],
    })
}

/// The design's Azure resources as a Resource Graph query lists them (`{"count", "data": […]}`,
/// types lower case, no `vnetStudio` object): what `az graph query` gives for a real
/// environment, so the import benchmarks and the studio's measures read that shape.
pub fn to_resource_graph(doc: &Document) -> Value {
    let mut data = match to_arm_resources(doc).get_mut("value").map(Value::take) {
        Some(Value::Array(items)) => items,
        _ => Vec::new(),
    };
    for r in &mut data {
        if let Some(t) = r.get("type").and_then(Value::as_str).map(str::to_ascii_lowercase) {
            r["type"] = json!(t);
        }
    }
    object([("count", json!(data.len())), ("data", Value::Array(data))])
}
