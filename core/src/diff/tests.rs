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

#[test]
fn intents_with_a_repeated_id_pair_in_order() {
    // Found by diff_props: two intents sharing an id (validation reports it) paired the first
    // with the second's result, so a design differed from itself.
    use crate::model::{IntentCheck, IntentEnd, Protocol};
    let mut a = landing_zone();
    let vm = a.vms[0].id.clone();
    for (title, to) in [
        ("to the internet", IntentEnd::Internet { ip: "8.8.8.8".parse().expect("an address") }),
        ("to a missing VM", IntentEnd::Element { id: crate::Id::new("gone") }),
    ] {
        let check =
            IntentCheck::Reach { from: IntentEnd::Element { id: vm.clone() }, to, protocol: Protocol::Tcp, port: 443 };
        a.intents.push(crate::model::Intent { id: crate::Id::new("same"), title: title.into(), check });
    }
    let out = diff(&a, &a);
    assert!(out.is_empty(), "{out:#?}");
}

#[test]
fn a_reference_shows_each_sides_own_id() {
    // Found by diff_props: a field change showed the second side's references in the first
    // side's ids, so diff(a, b) and diff(b, a) did not mirror each other.
    let mut a = landing_zone();
    let old = crate::Id::new("nsg-web");
    a.nsgs.push(crate::model::Nsg {
        id: old.clone(),
        name: "nsg-web".into(),
        rules: Vec::new(),
        meta: Default::default(),
    });
    a.subnets[0].nsg = Some(old.clone());
    let mut b = a.clone();
    let new = crate::Id::new("nsg-renamed");
    b.nsgs[0].id = new.clone();
    b.nsgs[0].meta.azure_id =
        "/subscriptions/s/resourceGroups/g/providers/Microsoft.Network/networkSecurityGroups/x".into();
    let mut a2 = a.clone();
    a2.nsgs[0].meta.azure_id = b.nsgs[0].meta.azure_id.to_uppercase();
    for s in b.subnets.iter_mut().filter(|s| s.nsg.as_ref() == Some(&old)) {
        s.nsg = Some(new.clone());
    }
    b.nsgs[0].name = "renamed".into();
    b.subnets[1].nsg = Some(new.clone());
    let forward = diff(&a2, &b);
    let mut back = diff(&b, &a2);
    back.sort();
    assert_eq!(back, forward.mirrored());
    let change = forward.elements.iter().find(|e| e.kind == ElementKind::Nsg).expect("the NSG changed");
    assert_eq!(change.element.after.as_ref().map(|n| n.id.clone()), Some(new));
    assert_eq!(change.fields.iter().map(|f| f.path.as_str()).collect::<Vec<_>>(), vec!["name"], "{change:#?}");
    // The first subnet's reference to the paired NSG is no change; the second's new one shows
    // the NSG as the second design names it.
    let subnets: Vec<_> = forward.elements.iter().filter(|e| e.kind == ElementKind::Subnet).collect();
    assert_eq!(subnets.len(), 1, "{subnets:#?}");
    assert_eq!(subnets[0].fields.iter().map(|f| f.after.as_deref()).collect::<Vec<_>>(), vec![Some("nsg-renamed")]);
}
