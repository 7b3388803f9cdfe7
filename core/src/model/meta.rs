//! Element metadata (schema v2, DECISIONS 25): where an element came from in Azure and what it is
//! tagged with. Import keeps the Azure resource id so a second import of the same environment
//! matches element by element; export writes it back. The engine reads none of it.

use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Clone, Debug, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Meta {
    /// The Azure resource id (`/subscriptions/…/resourceGroups/…/providers/…`); subscription and
    /// resource group are read from it. Empty for an element drawn in the studio.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub azure_id: String,
    /// A placeholder for a resource outside the design's input (DECISIONS 26): referenced, not
    /// described, so the engine treats it as given and export writes an `existing` reference.
    #[serde(skip_serializing_if = "super::serde_util::is_false")]
    pub external: bool,
    /// Azure tags, as Azure holds them.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub tags: BTreeMap<String, String>,
}
