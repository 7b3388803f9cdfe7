//! Which element of the second design is which of the first (the rule is on the module `diff`):
//! Azure resource id, then element id within one lineage, then kind and qualified name.

use super::elements::{Entry, Index};
use crate::id::Id;
use crate::model::ElementKind;
use std::collections::HashMap;

/// Elements paired across the two designs, both ways.
#[derive(Debug, Default)]
pub(crate) struct Pairs {
    to_after: HashMap<Id, Id>,
    to_before: HashMap<Id, Id>,
}

impl Pairs {
    pub fn after_of(&self, before: &Id) -> Option<&Id> {
        self.to_after.get(before)
    }

    pub fn before_of(&self, after: &Id) -> Option<&Id> {
        self.to_before.get(after)
    }

    fn has(&self, a: &Entry, b: &Entry) -> bool {
        self.to_after.contains_key(&a.id) || self.to_before.contains_key(&b.id)
    }

    fn join(&mut self, a: &Entry, b: &Entry) {
        self.to_after.insert(a.id.clone(), b.id.clone());
        self.to_before.insert(b.id.clone(), a.id.clone());
    }
}

/// Two elements that may not be paired: both come from Azure, as different resources.
fn different_resources(a: &Entry, b: &Entry) -> bool {
    !a.azure_id.is_empty() && !b.azure_id.is_empty() && a.azure_id != b.azure_id
}

pub(crate) fn pair(a: &Index, b: &Index) -> Pairs {
    let mut pairs = Pairs::default();
    // 1. Azure resource id (DECISIONS 27).
    let mut by_azure: HashMap<(ElementKind, &str), &Entry> = HashMap::new();
    for e in b.entries.iter().filter(|e| !e.azure_id.is_empty()) {
        by_azure.entry((e.kind, e.azure_id.as_str())).or_insert(e);
    }
    for e in a.entries.iter().filter(|e| !e.azure_id.is_empty()) {
        if let Some(f) = by_azure.get(&(e.kind, e.azure_id.as_str())) {
            if !pairs.has(e, f) {
                pairs.join(e, f);
            }
        }
    }
    // 2. Element id, within one lineage.
    let lineage = !a.has_azure_ids && !b.has_azure_ids;
    for e in &a.entries {
        let Some(f) = b.get(&e.id) else { continue };
        let names_agree = e.qualified == f.qualified;
        if f.kind == e.kind && !pairs.has(e, f) && !different_resources(e, f) && (lineage || names_agree) {
            pairs.join(e, f);
        }
    }
    // 3. Kind and qualified name, when unique on both sides among the unpaired.
    let unpaired_b: Vec<&Entry> = b.entries.iter().filter(|f| pairs.before_of(&f.id).is_none()).collect();
    let unpaired_a: Vec<&Entry> = a.entries.iter().filter(|e| pairs.after_of(&e.id).is_none()).collect();
    let (na, nb) = (count(&unpaired_a), count(&unpaired_b));
    let mut by_name: HashMap<(ElementKind, &str), &Entry> = HashMap::new();
    for f in &unpaired_b {
        by_name.entry((f.kind, f.qualified.as_str())).or_insert(f);
    }
    for e in &unpaired_a {
        let key = (e.kind, e.qualified.as_str());
        let unique = na.get(&key) == Some(&1) && nb.get(&key) == Some(&1);
        if let (true, Some(f)) = (unique, by_name.get(&key)) {
            if !pairs.has(e, f) && !different_resources(e, f) {
                pairs.join(e, f);
            }
        }
    }
    pairs
}

/// How many elements have each kind and qualified name.
fn count<'e>(list: &[&'e Entry]) -> HashMap<(ElementKind, &'e str), usize> {
    let mut n: HashMap<(ElementKind, &str), usize> = HashMap::new();
    for e in list {
        *n.entry((e.kind, e.qualified.as_str())).or_default() += 1;
    }
    n
}
