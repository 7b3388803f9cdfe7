//! Repairs made on read, as Excalidraw's `restore` makes them (STYLE.md): a file or link that is a
//! little broken still opens, and the reader is told what changed.
//!
//! Today one repair: **repeated ids**. Ids are design-wide (a subnet and a VNet cannot share one),
//! and everything in the studio and the engine finds an element by its id, so two elements with the
//! same id are one element too many: deleting one deleted its twin, and messages named the wrong
//! one. On read, the first element (in the order of [`Design::elements`]) keeps the id and with it
//! everything that refers to it (references are ids, and the layout's rects are keyed by id); every
//! later element with that id gets a fresh one from [`IdAllocator`] (one past the largest counter
//! in use: deterministic, never random), and a [`Repair`] says so.
//!
//! Architecture invariant: a repaired design has no repeated ids, so repairing it again changes
//! nothing and reports nothing (idempotent); the property tests check both on random documents.

use crate::document::Document;
use crate::id::{Id, IdAllocator, IdKind};
use crate::model::{Design, ElementKind};
use std::collections::{HashMap, HashSet};
use std::fmt;

/// A document as read from a file or a link, with the repairs made to read it (empty for a
/// sound document), so the studio can show a notice and the CLI a warning.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Opened {
    pub doc: Document,
    pub repairs: Vec<Repair>,
}

/// One change made on read. Its `Display` is a sentence for people.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Repair {
    /// `renamed` had the id `id`, already used by `first` (earlier in the design's order): it now
    /// has `new_id`; `first` keeps `id` and what refers to it.
    RepeatedId { id: Id, first: Named, renamed: Named, new_id: Id },
}

/// An element as a sentence names it: its kind and name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Named {
    pub kind: ElementKind,
    pub name: String,
}

impl fmt::Display for Named {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.name.is_empty() {
            write!(f, "a {} without a name", self.kind.label())
        } else {
            write!(f, "{} '{}'", self.kind.label(), self.name)
        }
    }
}

impl fmt::Display for Repair {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Repair::RepeatedId { id, first, renamed, new_id } => write!(
                f,
                "Two elements had the id {id}; the second ({renamed}) is now {new_id}, and what refers to {id} \
                 stays with the first ({first})."
            ),
        }
    }
}

/// Gives every element whose id an earlier element already has a fresh id, and returns what it
/// did, in the design's order. References and layout rects are left as they are: they name the id,
/// which stays with its first element.
pub fn repair_ids(design: &mut Design) -> Vec<Repair> {
    let elements = design.elements();
    let mut first: HashMap<&Id, usize> = HashMap::with_capacity(elements.len());
    let mut repeated: Vec<(usize, usize)> = Vec::new();
    for (i, e) in elements.iter().enumerate() {
        if let Some(&f) = first.get(e.id) {
            repeated.push((i, f));
        } else {
            first.insert(e.id, i);
        }
    }
    if repeated.is_empty() {
        return Vec::new();
    }
    let mut used: HashSet<Id> = elements.iter().map(|e| e.id.clone()).collect();
    let mut ids = IdAllocator::after(elements.iter().map(|e| e.id));
    let named = |i: usize| Named { kind: elements[i].kind, name: elements[i].name.to_string() };
    let mut repairs = Vec::with_capacity(repeated.len());
    let mut renames: Vec<(usize, Id)> = Vec::with_capacity(repeated.len());
    let mut low = 1;
    for (i, f) in repeated {
        let new_id = fresh(&mut ids, elements[i].kind.id_kind(), &used, &mut low);
        used.insert(new_id.clone());
        renames.push((i, new_id.clone()));
        repairs.push(Repair::RepeatedId { id: elements[i].id.clone(), first: named(f), renamed: named(i), new_id });
    }
    drop(elements);
    let mut slots = design.element_ids_mut();
    for (i, new_id) in renames {
        if let Some(slot) = slots.get_mut(i) {
            **slot = new_id;
        }
    }
    repairs
}

/// The allocator's next id, or, when its counter is spent (an id with counter `u32::MAX` is in
/// use, so it keeps giving the same id), the next free counter from `low` up: never an id in use.
/// `low` only grows, so all the repairs of a design scan each counter once.
fn fresh(ids: &mut IdAllocator, kind: IdKind, used: &HashSet<Id>, low: &mut u32) -> Id {
    let id = ids.next(kind);
    if !used.contains(&id) {
        return id;
    }
    // At most `used.len()` ids are taken, so a free counter is found within `used.len() + 1` steps.
    while *low < u32::MAX {
        let id = Id(format!("{}{}", kind.prefix(), *low));
        *low += 1;
        if !used.contains(&id) {
            return id;
        }
    }
    id
}

/// [`repair_ids`] on a document's design (its layout needs nothing: see the module documentation).
pub(crate) fn opened(mut doc: Document) -> Opened {
    let repairs = repair_ids(&mut doc.design);
    Opened { doc, repairs }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codec::json::{from_json, from_json_with_repairs, to_json};
    use crate::codec::link;
    use crate::layout::Rect;

    /// Two VNets `v3` (hub, then spoke-2), a subnet and a peering that refer to `v3`, a rect for
    /// `v3`, and a NIC that repeats the subnet's id `s4`.
    const TWINS: &str = r#"{"schema":1,"design":{
        "vnets":[{"id":"v3","name":"hub","region":"westeurope","addressSpace":["10.0.0.0/16"]},
                 {"id":"v3","name":"spoke-2","region":"westeurope","addressSpace":["10.2.0.0/16"]},
                 {"id":"v9","name":"spoke-9","region":"westeurope","addressSpace":["10.9.0.0/16"]}],
        "subnets":[{"id":"s4","name":"snet-a","vnet":"v3","prefix":"10.0.1.0/24"}],
        "peerings":[{"id":"p5","name":"hub-to-9","vnet":"v3","remoteVnet":"v9"}],
        "vms":[{"id":"vm6","name":"vm-a","nics":[{"id":"s4","name":"nic-a","subnet":"s4","ip":"10.0.1.4"}]}]},
        "layout":{"v3":{"x":10,"y":20,"w":300,"h":200}}}"#;

    #[test]
    fn the_second_element_gets_a_fresh_id_and_references_stay_with_the_first() {
        let opened = from_json_with_repairs(TWINS).unwrap();
        let d = &opened.doc.design;
        assert_eq!((d.vnets[0].id.as_str(), d.vnets[0].name.as_str()), ("v3", "hub"));
        // One past the largest counter in use (v9), in design order: the VNet, then the NIC.
        assert_eq!((d.vnets[1].id.as_str(), d.vnets[1].name.as_str()), ("v10", "spoke-2"));
        assert_eq!(d.vms[0].nics[0].id.as_str(), "n11");
        assert_eq!(d.subnets[0].vnet.as_str(), "v3", "the subnet stays in the first VNet");
        assert_eq!(d.peerings[0].vnet.as_str(), "v3");
        assert_eq!(d.vms[0].nics[0].subnet.as_str(), "s4", "the NIC's subnet is still the subnet");
        assert_eq!(opened.doc.layout.get(&Id::from("v3")), Some(Rect::new(10, 20, 300, 200)));
        assert_eq!(opened.doc.layout.get(&Id::from("v10")), None, "the rect stays with the first");
        assert_eq!(opened.repairs.len(), 2);
        assert_eq!(
            opened.repairs[0].to_string(),
            "Two elements had the id v3; the second (virtual network 'spoke-2') is now v10, and what refers to v3 \
             stays with the first (virtual network 'hub')."
        );
        assert_eq!(
            opened.repairs[1],
            Repair::RepeatedId {
                id: Id::from("s4"),
                first: Named { kind: ElementKind::Subnet, name: "snet-a".into() },
                renamed: Named { kind: ElementKind::Nic, name: "nic-a".into() },
                new_id: Id::from("n11"),
            }
        );
    }

    #[test]
    fn a_repaired_document_reads_back_unchanged_with_no_repairs() {
        let opened = from_json_with_repairs(TWINS).unwrap();
        let text = to_json(&opened.doc);
        let again = from_json_with_repairs(&text).unwrap();
        assert_eq!(again.repairs, []);
        assert_eq!(again.doc, opened.doc);
        assert_eq!(to_json(&again.doc), text);
        let mut design = opened.doc.design.clone();
        assert_eq!(repair_ids(&mut design), [], "idempotent");
        assert_eq!(design, opened.doc.design);
    }

    #[test]
    fn links_and_the_plain_decoders_repair_too() {
        let opened = from_json_with_repairs(TWINS).unwrap();
        assert_eq!(from_json(TWINS).unwrap(), opened.doc);
        // A link made from the broken text (as an older studio could have written it).
        let raw: serde_json::Value = serde_json::from_str(TWINS).unwrap();
        let deflated = miniz_oxide::deflate::compress_to_vec(raw.to_string().as_bytes(), 6);
        use base64::Engine as _;
        let fragment = format!("1.{}", base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(deflated));
        let by_link = link::decode_with_repairs(&fragment).unwrap();
        assert_eq!(by_link, opened);
        assert_eq!(link::decode(&fragment).unwrap(), opened.doc);
        // Files that embed a document or a design read it through the same reader.
        let doc: Document = serde_json::from_str(TWINS).unwrap();
        assert_eq!(doc, opened.doc);
        let design: Design = serde_json::from_value(raw["design"].clone()).unwrap();
        assert_eq!(design, opened.doc.design);
    }

    #[test]
    fn three_copies_give_two_fresh_ids_and_unnamed_elements_read_well() {
        let text = r#"{"design":{"traffic":[
            {"id":"t1","from":"a","to":"b","gbPerMonth":1},
            {"id":"t1","from":"a","to":"b","gbPerMonth":2},
            {"id":"t1","from":"a","to":"b","gbPerMonth":3}]}}"#;
        let opened = from_json_with_repairs(text).unwrap();
        let ids: Vec<&str> = opened.doc.design.traffic.iter().map(|t| t.id.as_str()).collect();
        assert_eq!(ids, ["t1", "t2", "t3"]);
        assert_eq!(
            opened.repairs[1].to_string(),
            "Two elements had the id t1; the second (a traffic assumption without a name) is now t3, and what \
             refers to t1 stays with the first (a traffic assumption without a name)."
        );
    }

    #[test]
    fn a_spent_counter_still_gives_an_unused_id() {
        let text = r#"{"design":{"vnets":[
            {"id":"v4294967295","name":"a","region":"r","addressSpace":[]},
            {"id":"v4294967295","name":"b","region":"r","addressSpace":[]},
            {"id":"v1","name":"c","region":"r","addressSpace":[]},
            {"id":"v1","name":"d","region":"r","addressSpace":[]}]}}"#;
        let opened = from_json_with_repairs(text).unwrap();
        let ids: Vec<&str> = opened.doc.design.vnets.iter().map(|v| v.id.as_str()).collect();
        assert_eq!(ids, ["v4294967295", "v2", "v1", "v3"]);
    }
}
