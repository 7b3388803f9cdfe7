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
    assert_eq!(
        e.fields,
        vec![FieldChange { path: "name".into(), before: Some("vm-0001-web-1".into()), after: Some("renamed".into()) }]
    );
    assert!(out.routes.is_empty() && out.reachability.is_empty() && out.dns.is_empty());
}

#[test]
fn a_spoke_without_its_default_route_breaks_its_intent_and_flows() {
    use crate::model::{IntentCheck, IntentEnd, Protocol};
    let mut a = landing_zone();
    let from = a.vms.iter().find(|v| v.name == "vm-0001-web-1").map(|v| v.id.clone()).expect("a spoke VM");
    let to = a.vms.iter().find(|v| v.name == "vm-0002-web-1").map(|v| v.id.clone()).expect("another spoke's VM");
    a.intents.push(crate::model::Intent {
        id: crate::Id::new("i1"),
        title: "spoke 1 web reaches spoke 2 web".into(),
        check: IntentCheck::Reach {
            from: IntentEnd::Element { id: from },
            to: IntentEnd::Element { id: to },
            protocol: Protocol::Tcp,
            port: 443,
        },
    });
    let mut b = a.clone();
    let rt = b.route_tables.iter_mut().find(|t| t.name == "rt-spoke-0001-web").expect("the spoke's route table");
    rt.routes.retain(|r| r.prefix.to_string() != "0.0.0.0/0");
    let out = diff(&a, &b);
    assert!(out.probes.iter().any(|p| p.port == 443), "the intent's port is probed: {:?}", out.probes);
    let flipped: Vec<_> = out.newly_failing().map(|i| i.title.as_str()).collect();
    assert_eq!(flipped, vec!["spoke 1 web reaches spoke 2 web"], "{:#?}", out.intents);
    // with the UDR gone, 10.0.0.0/8 is None again in the spoke; the spoke's flows to the
    // other spoke die there, and so do the replies of flows towards it.
    let web = "vnet-spoke-0001/snet-web";
    assert!(!out.reachability.is_empty());
    for f in &out.reachability {
        assert!(f.from.name() == web || f.to.name() == web, "{f:#?}");
        assert_eq!((f.before.outcome.as_str(), f.after.outcome.as_str()), ("delivered", "dropped"), "{f:#?}");
        assert_eq!(f.after.rule.as_deref(), Some("R-4"), "{f:#?}");
    }
}
