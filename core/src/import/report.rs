//! The import report (issue 19 §1): what was imported, skipped, made up and assumed. "Never a
//! silent drop": every resource of the input ends in a count, a skip or a placeholder.

use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt::Write as _;

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Report {
    /// Elements imported, per element kind label ("virtual network": 3).
    pub counts: BTreeMap<String, usize>,
    pub skipped: Vec<Skipped>,
    pub placeholders: Vec<Placeholder>,
    pub coerced: Vec<Coerced>,
    pub assumptions: Vec<Assumption>,
    pub template_notes: Vec<Note>,
    pub insights: Vec<ReportInsight>,
}

/// A resource (or a part of one) not imported, and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Skipped {
    pub azure_id: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub why: String,
}

/// An element made for a reference outside the input (`meta.external`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Placeholder {
    pub azure_id: String,
    /// The element kind label.
    pub kind: String,
    pub name: String,
    pub why: String,
}

/// A value changed to fit the model.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Coerced {
    /// Where: the resource id and a JSON path inside it (`…/nsg-a#securityRules[2].protocol`).
    pub path: String,
    pub from: String,
    pub to: String,
    pub why: String,
}

/// Something Azure's JSON does not say, assumed visibly.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Assumption {
    /// The Azure id (or name) it is about.
    pub subject: String,
    pub text: String,
}

/// A template note (expression not evaluable, false condition) or a note about an input file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Note {
    pub file: String,
    pub path: String,
    pub message: String,
}

/// An insight found on the imported design (the same ones the studio shows on any design).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ReportInsight {
    pub code: String,
    pub title: String,
    pub rules: Vec<String>,
}

impl Report {
    /// Plain text for the CLI and the studio's dialog, one section per non-empty list.
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        let total: usize = self.counts.values().sum();
        let _ = writeln!(out, "Imported {total} element(s):");
        for (kind, n) in &self.counts {
            let _ = writeln!(out, "  {n} {kind}");
        }
        section(&mut out, "Skipped", &self.skipped, |s| format!("{} ({}): {}", s.azure_id, s.kind, s.why));
        section(&mut out, "Placeholders (outside the input)", &self.placeholders, |p| {
            format!("{} '{}' {}: {}", p.kind, p.name, p.azure_id, p.why)
        });
        section(&mut out, "Coerced", &self.coerced, |c| format!("{}: '{}' -> '{}': {}", c.path, c.from, c.to, c.why));
        section(&mut out, "Assumed", &self.assumptions, |a| format!("{}: {}", a.subject, a.text));
        section(&mut out, "Template notes", &self.template_notes, |n| format!("{} {}: {}", n.file, n.path, n.message));
        section(&mut out, "Insights", &self.insights, |i| format!("[{}] {} ({})", i.code, i.title, i.rules.join(", ")));
        out
    }
}

fn section<T>(out: &mut String, title: &str, items: &[T], line: impl Fn(&T) -> String) {
    if items.is_empty() {
        return;
    }
    let _ = writeln!(out, "{title} ({}):", items.len());
    for item in items {
        let _ = writeln!(out, "  - {}", line(item));
    }
}
