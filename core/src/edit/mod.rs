//! Edits (DECISIONS 13): every change to a document is an [`Edit`], applied by one function,
//! [`apply`], which returns the inverse edit. Undo is "apply the inverse"; redo is "apply the
//! inverse of the inverse". Paste, fix proposals and insights produce edits too.
//!
//! Architecture invariant: `apply` never panics and either applies the whole edit or leaves the
//! document as it was (a failing step of a batch rolls back the steps before it). Applying an edit
//! and then its inverse restores the document exactly, element order and layout included.

mod cascade;
mod connect;
mod element;
mod make;
mod members;
mod paste;
#[cfg(test)]
mod tests;

pub use connect::{connect, pairs};
pub use element::Element;
pub use make::{duplicate, new_element, NewKind};
pub use paste::{clip, paste};

use crate::document::Document;
use crate::id::Id;
use crate::layout::{auto_layout_with, place, Layout, Rect};
use crate::model::{Design, Settings};
use std::collections::BTreeSet;
use std::fmt;

/// One change to a document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Edit {
    /// Appends a new top-level element. Its id (and nested ids) must be unused.
    Add(Element),
    /// Inserts a top-level element at an index of its list (the inverse of a removal).
    Insert {
        at: usize,
        element: Element,
    },
    /// Removes an element (top-level, or nested such as a NIC or a zone link) and cascades:
    /// dependents are removed, references to it cleared, layout rects dropped.
    Remove(Id),
    /// Removes exactly one top-level element, nothing else (the inverse of an insertion).
    Take(Id),
    /// Replaces the top-level element with the same id and kind.
    Update(Element),
    /// Sets (or with `None` clears) the stored layout rect of an element, brought into the range a
    /// file may hold ([`Rect::clamped`]).
    SetRect {
        id: Id,
        rect: Option<Rect>,
    },
    SetName(String),
    SetSettings(Settings),
    /// Replaces the design's description, public DNS records and service prefixes (schema v2).
    SetInputs(DesignInputs),
    /// Several edits as one (one undo step). Applied in order; inverted in reverse order.
    Batch(Vec<Edit>),
}

impl Edit {
    /// Whether applying the edit can change the network semantics (not only the layout): the
    /// studio recomputes engine results only then (DECISIONS 17).
    pub fn touches_design(&self) -> bool {
        match self {
            Edit::SetRect { .. } => false,
            Edit::Batch(edits) => edits.iter().any(Edit::touches_design),
            _ => true,
        }
    }

    /// Whether applying the edit can change the layout.
    pub fn touches_layout(&self) -> bool {
        match self {
            Edit::SetRect { .. } | Edit::Remove(_) => true,
            Edit::Batch(edits) => edits.iter().any(Edit::touches_layout),
            _ => false,
        }
    }

    /// Whether applying the edit to `design` can change what the automatic layout computes from
    /// the design, so containers may need to grow ([`refit`]). An update that keeps the
    /// element's [`Element::placement`] cannot; layout-only edits change stored rects, not this.
    pub fn may_move_boxes(&self, design: &Design) -> bool {
        match self {
            Edit::SetRect { .. } | Edit::SetName(_) | Edit::SetSettings(_) | Edit::SetInputs(_) => false,
            Edit::Update(new) => {
                Element::find(design, new.id()).is_none_or(|(_, old)| old.placement() != new.placement())
            }
            Edit::Batch(edits) => edits.iter().any(|e| e.may_move_boxes(design)),
            _ => true,
        }
    }

    /// An empty batch: applying it changes nothing.
    pub fn is_noop(&self) -> bool {
        matches!(self, Edit::Batch(edits) if edits.iter().all(Edit::is_noop))
    }
}

/// The design's own inputs besides its name and settings (schema v2): its description, the public
/// DNS records it needs (D-15) and the service prefixes it overrides. The studio edits them
/// together in the design pane, one undo step per change ([`Edit::SetInputs`]).
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct DesignInputs {
    pub description: String,
    pub public_dns: Vec<crate::model::DnsRecord>,
    pub service_prefixes: std::collections::BTreeMap<String, Vec<ipnet::Ipv4Net>>,
}

impl DesignInputs {
    /// The inputs of `design`, copied.
    pub fn of(design: &Design) -> Self {
        DesignInputs {
            description: design.description.clone(),
            public_dns: design.public_dns.clone(),
            service_prefixes: design.service_prefixes.clone(),
        }
    }

    /// Puts these inputs into `design`; returns the ones it had.
    fn swap(self, design: &mut Design) -> Self {
        DesignInputs {
            description: std::mem::replace(&mut design.description, self.description),
            public_dns: std::mem::replace(&mut design.public_dns, self.public_dns),
            service_prefixes: std::mem::replace(&mut design.service_prefixes, self.service_prefixes),
        }
    }
}

/// Why an edit could not be applied. The document is unchanged when `apply` returns one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum EditError {
    NotFound(Id),
    DuplicateId(Id),
}

impl fmt::Display for EditError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EditError::NotFound(id) => write!(f, "there is no element '{id}'"),
            EditError::DuplicateId(id) => write!(f, "the id '{id}' is already in use"),
        }
    }
}

impl std::error::Error for EditError {}

/// Applies `edit` to `doc` and returns the edit that undoes it. On error `doc` is unchanged.
pub fn apply(doc: &mut Document, edit: Edit) -> Result<Edit, EditError> {
    apply_parts(&mut doc.design, &mut doc.layout, edit)
}

/// [`apply`] on a design and a layout held apart (the studio keeps them in separate signals).
pub fn apply_parts(design: &mut Design, layout: &mut Layout, edit: Edit) -> Result<Edit, EditError> {
    match edit {
        Edit::Add(element) => add(design, element, None),
        Edit::Insert { at, element } => add(design, element, Some(at)),
        Edit::Remove(id) => remove(design, layout, &id),
        Edit::Take(id) => match Element::take(design, &id) {
            Some((at, element)) => Ok(Edit::Insert { at, element }),
            None => Err(EditError::NotFound(id)),
        },
        Edit::Update(element) => update(design, element),
        Edit::SetRect { id, rect } => {
            // Stored rects stay in the range a file may hold (`layout::MAX_COORD`), so a document
            // reads back as it was; the inverse restores the old rect exactly.
            let old = match rect {
                Some(r) => layout.rects.insert(id.clone(), r.clamped()),
                None => layout.rects.remove(&id),
            };
            Ok(Edit::SetRect { id, rect: old })
        }
        Edit::SetName(name) => Ok(Edit::SetName(std::mem::replace(&mut design.name, name))),
        Edit::SetSettings(s) => Ok(Edit::SetSettings(std::mem::replace(&mut design.settings, s))),
        Edit::SetInputs(inputs) => Ok(Edit::SetInputs(inputs.swap(design))),
        Edit::Batch(edits) => batch(design, layout, edits),
    }
}

fn batch(design: &mut Design, layout: &mut Layout, edits: Vec<Edit>) -> Result<Edit, EditError> {
    let mut inverses = Vec::with_capacity(edits.len());
    for edit in edits {
        match apply_parts(design, layout, edit) {
            Ok(inverse) => inverses.push(inverse),
            Err(e) => {
                // Roll back what this batch did, newest first; inverses of applied edits apply.
                for inverse in inverses.into_iter().rev() {
                    let _ = apply_parts(design, layout, inverse);
                }
                return Err(e);
            }
        }
    }
    inverses.reverse();
    Ok(Edit::Batch(inverses))
}

fn used_ids(design: &Design) -> BTreeSet<&Id> {
    design.elements().into_iter().map(|e| e.id).collect()
}

fn add(design: &mut Design, element: Element, at: Option<usize>) -> Result<Edit, EditError> {
    let used = used_ids(design);
    let mut own = BTreeSet::new();
    for id in element.ids() {
        if used.contains(&id) || !own.insert(id.clone()) {
            return Err(EditError::DuplicateId(id));
        }
    }
    let id = element.id().clone();
    element.put(design, at);
    Ok(Edit::Take(id))
}

fn update(design: &mut Design, element: Element) -> Result<Edit, EditError> {
    let Some((_, old)) = Element::find(design, element.id()) else {
        return Err(EditError::NotFound(element.id().clone()));
    };
    if old.kind() != element.kind() {
        return Err(EditError::NotFound(element.id().clone()));
    }
    // Nested ids of the new version must not collide with other elements' ids. Most updates
    // (a field typed in) bring no new id, and then the design's ids are not collected at all:
    // at 2,000 elements that was a third of a keystroke's edit time.
    let mine: BTreeSet<Id> = old.ids().into_iter().collect();
    let ids = element.ids();
    let mut own = BTreeSet::new();
    if let Some(id) = ids.iter().find(|id| !own.insert(*id)) {
        return Err(EditError::DuplicateId((*id).clone()));
    }
    let new: Vec<&Id> = ids.iter().filter(|id| !mine.contains(*id)).collect();
    if !new.is_empty() {
        let used = used_ids(design);
        if let Some(id) = new.into_iter().find(|id| used.contains(id)) {
            return Err(EditError::DuplicateId(id.clone()));
        }
    }
    element.replace(design).map(Edit::Update)
}

fn remove(design: &mut Design, layout: &mut Layout, id: &Id) -> Result<Edit, EditError> {
    if !used_ids(design).contains(id) {
        return Err(EditError::NotFound(id.clone()));
    }
    let plan = cascade::plan(design, id);
    let mut inverses = Vec::new();
    for element in plan.updates {
        if let Ok(old) = element.replace(design) {
            inverses.push(Edit::Update(old));
        }
    }
    // Removed in reverse list order, so each insertion index of the inverse is the original one.
    for id in plan.removals.iter().rev() {
        if let Some((at, element)) = Element::take(design, id) {
            inverses.push(Edit::Insert { at, element });
        }
    }
    for id in &plan.removed {
        if let Some(rect) = layout.rects.remove(id) {
            inverses.push(Edit::SetRect { id: id.clone(), rect: Some(rect) });
        }
    }
    inverses.reverse();
    Ok(Edit::Batch(inverses))
}

/// The top-level elements (other than `id` itself) that removing `id` would remove too: the
/// studio asks before a removal that cascades.
pub fn removal_cascade(design: &Design, id: &Id) -> Vec<Element> {
    let plan = cascade::plan(design, id);
    plan.removals.iter().filter(|r| *r != id).filter_map(|r| Element::find(design, r).map(|(_, e)| e)).collect()
}

/// The boxes drawn inside `id` (a VNet's subnets, their tiles and its NAT gateways, a subnet's
/// tiles): they move with it when it is dragged.
pub fn contents(design: &Design, id: &Id) -> Vec<Id> {
    let mut out = Vec::new();
    let subnets: Vec<&Id> = if design.vnet(id).is_some() {
        let subnets: Vec<&Id> = design.subnets_of(id).map(|s| &s.id).collect();
        out.extend(subnets.iter().map(|s| (*s).clone()));
        out.extend(crate::layout::nat_gateways_of(design, id).map(|n| n.id.clone()));
        subnets
    } else if design.subnet(id).is_some() {
        vec![id]
    } else {
        return out;
    };
    for s in subnets {
        out.extend(
            design.vms.iter().filter(|vm| vm.nics.first().is_some_and(|n| &n.subnet == s)).map(|v| v.id.clone()),
        );
        out.extend(design.firewalls.iter().filter(|f| &f.subnet == s).map(|f| f.id.clone()));
        out.extend(design.gateways.iter().filter(|g| &g.subnet == s).map(|g| g.id.clone()));
        out.extend(design.private_endpoints.iter().filter(|p| &p.subnet == s).map(|p| p.id.clone()));
        out.extend(design.load_balancers.iter().filter(|lb| &lb.subnet == s).map(|lb| lb.id.clone()));
        for r in &design.resolvers {
            out.extend(r.inbound_endpoints.iter().filter(|e| &e.subnet == s).map(|e| e.id.clone()));
            out.extend(r.outbound_endpoints.iter().filter(|e| &e.subnet == s).map(|e| e.id.clone()));
        }
    }
    out
}

/// Edits that grow the stored rects of containers (subnets, then VNets) to cover what they hold,
/// keeping their position: a container placed by hand does not grow by itself when a subnet or a
/// VM is added to it. Empty when nothing needs to change.
pub fn refit(design: &Design, layout: &Layout) -> Vec<Edit> {
    use crate::layout::metrics::PAD;
    let mut out = Vec::new();
    let mut work = layout.clone();
    let containers = design.subnets.iter().map(|s| &s.id).chain(design.vnets.iter().map(|v| &v.id));
    // Only stored containers grow, and where they are is stored: the placement of the others
    // does not matter (and the studio's first load carries no hub-and-spoke placement).
    let mut full = auto_layout_with(design, &work, place::in_a_row);
    for id in containers {
        let Some(stored) = work.get(id) else { continue };
        let inside: Vec<Rect> = if design.vnet(id).is_some() {
            let nats = crate::layout::nat_gateways_of(design, id).map(|n| &n.id);
            design.subnets_of(id).map(|s| &s.id).chain(nats).filter_map(|i| full.get(i)).collect()
        } else {
            contents(design, id).iter().filter_map(|c| full.get(c)).collect()
        };
        let pad = if design.vnet(id).is_some() { PAD } else { PAD / 2 };
        let right = inside.iter().map(|r| r.right().saturating_add(pad)).max().unwrap_or(0);
        let bottom = inside.iter().map(|r| r.bottom().saturating_add(PAD / 2)).max().unwrap_or(0);
        let w = stored.w.max(right.saturating_sub(stored.x));
        let h = stored.h.max(bottom.saturating_sub(stored.y));
        // Kept within the range `SetRect` stores, or a box at its largest would be "grown" by
        // every refit.
        let rect = Rect::new(stored.x, stored.y, w, h).clamped();
        if rect != stored {
            work.rects.insert(id.clone(), rect);
            out.push(Edit::SetRect { id: id.clone(), rect: Some(rect) });
            full = auto_layout_with(design, &work, place::in_a_row);
        }
    }
    out
}
