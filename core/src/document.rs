//! What a file or share link holds: the network design and, apart from it, its layout.
//!
//! Architecture invariant: the model ([`crate::model`]) knows nothing of the layout and the layout
//! nothing of files; this module is where the two meet, above both (`model` ← `layout` ←
//! `document`), so neither names the other's container.

use crate::layout::Layout;
use crate::model::{Design, SCHEMA_VERSION};
use serde::Serialize;

/// A design with its layout and the schema version it follows (the current one once read: older
/// schemas are migrated by `codec::migrate`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Document {
    pub schema: u32,
    pub design: Design,
    #[serde(skip_serializing_if = "Layout::is_empty")]
    pub layout: Layout,
}

impl Document {
    pub fn new(design: Design, layout: Layout) -> Self {
        Document { schema: SCHEMA_VERSION, design, layout }
    }
}
