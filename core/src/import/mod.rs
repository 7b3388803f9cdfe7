//! Import of Azure's own JSON (issue 19 §1, DECISIONS 26–28): Resource Graph, REST and `az`
//! output, and ARM templates, into a design with a report of everything imported, skipped,
//! made up (placeholders), coerced and assumed. Pure: the CLI and the studio read the files.
//!
//! Pipeline: [`parse_file`] (bounded) → `shape::collect` (every input shape to one flat list of
//! resources; templates through `template::expand`) → the readers, one module per resource
//! family, in the fixed order of [`READERS`] (later readers find the elements of earlier ones by
//! Azure id, see `context`) → unread resources reported as skipped → automatic layout → insights.

mod balancing;
mod compute;
mod context;
mod dns;
/// Value helpers of the hybrid, DNS and PaaS readers (helper "import-extra").
mod fields;
mod firewall;
mod hybrid;
mod network;
mod paas;
pub mod report;
mod routing;
mod security;
pub mod shape;
mod studio;
pub mod template;

pub use context::Context;
pub use report::Report;

use crate::document::Document;
use serde_json::Value;
use std::fmt;

/// All inputs together may not be larger (a 1,000-spoke Resource Graph export is tens of MB).
pub const MAX_IMPORT_BYTES: usize = 256 * 1024 * 1024;

/// One input file, parsed.
#[derive(Clone, Debug, PartialEq)]
pub struct ImportFile {
    pub name: String,
    pub value: Value,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct ImportOptions {
    /// An ARM parameters file for the templates among the inputs.
    pub parameters: Option<Value>,
}

/// The imported design (with its automatic layout) and the report.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Imported {
    pub document: Document,
    pub report: Report,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ImportError {
    /// The input is larger than [`MAX_IMPORT_BYTES`].
    TooBig { file: String, bytes: usize },
    /// Not JSON (or nested deeper than the parser's recursion limit).
    NotJson { file: String, message: String },
    /// No file held anything that looks like an Azure resource.
    NoResources { files: Vec<String> },
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ImportError::TooBig { file, bytes } => write!(
                f,
                "{file}: {bytes} bytes is more than import reads ({} MB for all inputs together)",
                MAX_IMPORT_BYTES / (1024 * 1024)
            ),
            ImportError::NotJson { file, message } => write!(f, "{file}: not JSON: {message}"),
            ImportError::NoResources { files } => write!(
                f,
                "{}: no Azure resources found (expected Resource Graph, REST or az CLI JSON, or an ARM template)",
                files.join(", ")
            ),
        }
    }
}

impl std::error::Error for ImportError {}

/// Whether a parsed file is a design saved by the studio or the CLI (`{"schema": …, "design": …}`)
/// rather than Azure's JSON: Azure's resources, lists and templates have neither key at the top.
pub fn is_design_file(value: &Value) -> bool {
    value.as_object().is_some_and(|o| o.contains_key("design") || o.contains_key("schema"))
}

/// Bounded parse of one file's text: the size cap, and serde_json's recursion limit (128 levels).
pub fn parse_file(name: &str, text: &str) -> Result<ImportFile, ImportError> {
    if text.len() > MAX_IMPORT_BYTES {
        return Err(ImportError::TooBig { file: name.to_string(), bytes: text.len() });
    }
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let value: Value = serde_json::from_str(text)
        .map_err(|e| ImportError::NotJson { file: name.to_string(), message: e.to_string() })?;
    Ok(ImportFile { name: name.to_string(), value })
}

/// A resource family reader (see `context` for how one is written).
type Reader = for<'a> fn(&mut Context<'a>);

/// The readers, in the order they run: what a reader refers to is read before it.
/// - `security`: ASGs, NSGs; `routing`: route tables; `network`: VNets, subnets (naming the
///   tables and NSGs), peerings; `balancing::nat`: NAT gateways (naming subnets);
/// - `compute`: NICs and VMs (public IPs as addresses); `firewall`: firewalls and policies;
///   `balancing::lbs`: load balancers (backends are NICs);
/// - `hybrid`, `dns`, `paas` (helper "import-extra"): gateways, connections, learned routes;
///   private endpoints, zones, resolvers; PaaS services.
const READERS: &[Reader] = &[
    security::read,
    routing::read,
    network::read,
    balancing::read_nat,
    compute::read,
    firewall::read,
    balancing::read_lbs,
    hybrid::read,
    // PaaS before DNS: a private endpoint names its target service (helper "import-extra").
    paas::read,
    dns::read,
];

/// Imports the files: errors only when no file holds any Azure resource.
pub fn import(files: &[ImportFile], options: &ImportOptions) -> Result<Imported, ImportError> {
    let collected = shape::collect(files, options);
    // Objects of no known type alone (`{"hello": …}`) are no Azure input; beside typed ones they
    // are kept (learned routes carry no type) and reported if no reader takes them.
    let typed = collected.resources.iter().any(|r| !r.kind.is_empty());
    if !typed && collected.notes.iter().all(|n| n.message.contains("no Azure resources")) {
        return Err(ImportError::NoResources { files: files.iter().map(|f| f.name.clone()).collect() });
    }
    let mut cx = Context::new(&collected.resources);
    cx.report.template_notes = collected.notes;
    for read in READERS {
        read(&mut cx);
    }
    studio::read(&mut cx, &collected.studio);
    for r in cx.all() {
        if !cx.is_consumed(r) {
            let endpoint_nic = r.kind == "microsoft.network/networkinterfaces"
                && shape::get_ci(&r.props, "privateEndpoint").is_some_and(|v| !v.is_null());
            let why = if endpoint_nic {
                "the NIC of a private endpoint that is not in the input (an endpoint's NIC is read with it)".to_string()
            } else if r.kind.is_empty() {
                "not recognized as an Azure resource (no id or type, and no property that names one)".to_string()
            } else {
                "this type is not imported (the model has no element for it)".to_string()
            };
            cx.skip(r, why);
        }
    }
    let mut report = cx.report;
    let mut design = cx.design;
    if design.name.is_empty() {
        design.name = default_name(&design);
    }
    report.insights = findings(&design);
    let layout = crate::layout::auto_layout(&design, &Default::default());
    Ok(Imported { document: Document::new(design, layout), report })
}

/// A name for a design Azure's JSON does not name (a `vnetStudio` object would): its resource
/// groups, read from the VNets' ids ("rg-network (imported)", "rg-hub and 2 more (imported)"), so
/// the saved designs list and the page title say what it is.
fn default_name(design: &crate::Design) -> String {
    let mut groups: Vec<&str> = design
        .vnets
        .iter()
        .filter(|v| !v.meta.external)
        .filter_map(|v| crate::watcher::ids::resource_group(&v.meta.azure_id))
        .collect();
    groups.sort_unstable();
    groups.dedup();
    match groups.as_slice() {
        [] => "Imported network".to_string(),
        [one] => format!("{one} (imported)"),
        [first, rest @ ..] => format!("{first} and {} more (imported)", rest.len()),
    }
}

/// The insights of the imported design (issue 19 §1: unattached route tables and NSGs, an NSG
/// across VNets, a rule named like a default one…), and its validation warnings and errors (a
/// one-sided peering is `peering-one-way`, P-2), so the report names every mistake the input holds.
/// The static insights only: the ones that trace flows (asymmetric paths and the like) took
/// 560 ms of a 1,000-spoke import's 960 ms natively, and run as for any design once it is open
/// (the studio's Insights panel, `vnet insights`). No fix is proved: the report names findings,
/// and proving each fix (tracing the changed design) was 44 % of a 1,000-spoke import.
fn findings(design: &crate::Design) -> Vec<report::ReportInsight> {
    use crate::validate::Severity;
    let mut out: Vec<report::ReportInsight> = crate::insight::static_insights_proving(design, 0)
        .into_iter()
        .map(|i| report::ReportInsight {
            code: i.code.as_str().to_string(),
            title: i.title,
            rules: i.rules.iter().map(|r| r.to_string()).collect(),
        })
        .collect();
    let names: std::collections::HashMap<&crate::Id, &str> =
        design.elements().into_iter().map(|e| (e.id, e.name)).collect();
    for d in crate::validate::validate(design) {
        if d.severity == Severity::Info {
            continue;
        }
        let name = d.element.as_ref().and_then(|e| names.get(e).copied()).unwrap_or_default();
        out.push(report::ReportInsight {
            code: d.code.as_str().to_string(),
            title: if name.is_empty() { d.message } else { format!("{name}: {}", d.message) },
            rules: d.code.rule().map(|r| vec![r.to_string()]).unwrap_or_default(),
        });
    }
    out
}
