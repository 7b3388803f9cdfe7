//! `diff` on gallery designs: nothing between a design and itself, and the effects of small
//! edits, checked against what AZURE.md says they do.

use super::*;
use crate::gallery;

fn landing_zone() -> Design {
    gallery::generated(2).expect("the generated landing zone builds")
}

#[test]
fn a_design_against_itself_is_empty() {
    let d = landing_zone();
    let out = diff(&d, &d);
    assert!(out.is_empty(), "{out:#?}");
    assert_eq!(out.count(), 0);
}

#[test]
fn a_renamed_vm_is_one_changed_field() {
    let a = landing_zone();
    let mut b = a.clone();
    b.vms[0].name = "renamed".into();
    let out = diff(&a, &b);
    assert_eq!(out.elements.len(), 1, "{:#?}", out.elements);
    let e = &out.elements[0];
    assert_eq!((e.change, e.kind), (Change::Changed, ElementKind::Vm));
    assert_eq!(e.fields, vec![FieldChange { path: "name".into(), before: Some("vm-0001-web-1".into()), after: Some("renamed".into()) }]);
    assert!(out.routes.is_empty() && out.reachability.is_empty() && out.dns.is_empty());
}
