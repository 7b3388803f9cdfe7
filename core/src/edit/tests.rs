use super::*;
use crate::gallery;
use crate::id::IdKind;
use crate::layout::auto_layout;
use crate::model::*;
use proptest::prelude::*;

/// The seed lab with every box's rect stored, so removals have layout to restore.
fn lab() -> Document {
    let design = gallery::seed_lab().unwrap();
    let layout = auto_layout(&design, &Layout::default());
    Document::new(design, layout)
}

fn id_of(doc: &Document, name: &str) -> Id {
    doc.design.elements().iter().find(|e| e.name == name).map(|e| e.id.clone()).unwrap()
}

fn roundtrip(doc: &mut Document, edit: Edit) -> Edit {
    let before = doc.clone();
    let inverse = apply(doc, edit).unwrap();
    let after = doc.clone();
    let redo = apply(doc, inverse.clone()).unwrap();
    assert_eq!(*doc, before, "the inverse restores the document");
    apply(doc, redo).unwrap();
    assert_eq!(*doc, after, "the inverse of the inverse redoes the edit");
    inverse
}

#[test]
fn removing_a_vnet_cascades_and_undo_restores_everything() {
    let mut doc = lab();
    let spoke = id_of(&doc, "vnet-spoke");
    let cascade = removal_cascade(&doc.design, &spoke);
    let names: Vec<&str> = cascade.iter().map(Element::name).collect();
    for n in ["snet-vm", "snet-data", "vm-spoke", "pe-mftesting-blob"] {
        assert!(names.contains(&n), "{n} goes with the spoke: {names:?}");
    }
    let before = doc.clone();
    apply(&mut doc, Edit::Remove(spoke.clone())).unwrap();
    assert!(doc.design.vnet(&spoke).is_none());
    assert!(doc.design.peerings.is_empty(), "both peering links go");
    assert!(doc.design.subnets.iter().all(|s| s.vnet != spoke));
    assert!(doc.layout.get(&spoke).is_none());
    assert!(doc.design.dns_zones.iter().all(|z| z.links.iter().all(|l| l.vnet != spoke)));
    doc = before;
    roundtrip(&mut doc, Edit::Remove(spoke));
}

#[test]
fn removing_a_route_table_clears_the_subnet_reference() {
    let mut doc = lab();
    let rt = doc.design.route_tables[0].id.clone();
    assert!(doc.design.subnets.iter().any(|s| s.route_table.as_ref() == Some(&rt)));
    let before = doc.clone();
    apply(&mut doc, Edit::Remove(rt.clone())).unwrap();
    assert!(doc.design.subnets.iter().all(|s| s.route_table.as_ref() != Some(&rt)));
    assert_eq!(doc.design.subnets.len(), before.design.subnets.len(), "subnets stay");
    roundtrip(&mut before.clone(), Edit::Remove(rt));
}

#[test]
fn add_update_and_rects_invert() {
    let mut doc = lab();
    let mut ids = doc.design.id_allocator();
    let vnet = Vnet {
        meta: Default::default(),
        id: ids.next(IdKind::Vnet),
        name: "vnet-new".into(),
        region: "canadacentral".into(),
        address_space: vec!["10.2.0.0/16".parse().unwrap()],
        dns_servers: vec![],
    };
    roundtrip(&mut doc, Edit::Add(Element::Vnet(vnet.clone())));
    assert_eq!(apply(&mut doc, Edit::Add(Element::Vnet(vnet.clone()))), Err(EditError::DuplicateId(vnet.id.clone())));
    let mut renamed = vnet.clone();
    renamed.name = "vnet-renamed".into();
    roundtrip(&mut doc, Edit::Update(Element::Vnet(renamed)));
    roundtrip(&mut doc, Edit::SetRect { id: vnet.id.clone(), rect: Some(Rect::new(5, 6, 7, 8)) });
    roundtrip(&mut doc, Edit::SetName("x".into()));
    let inputs = DesignInputs {
        description: "A lab.".into(),
        public_dns: vec![DnsRecord {
            name: "app.contoso.com".into(),
            data: RecordData::Cname { target: "x.example".into() },
        }],
        service_prefixes: [("Storage".to_string(), vec!["20.60.0.0/16".parse().unwrap()])].into(),
    };
    roundtrip(&mut doc, Edit::SetInputs(inputs.clone()));
    apply(&mut doc, Edit::SetInputs(inputs.clone())).unwrap();
    assert_eq!(DesignInputs::of(&doc.design), inputs);
    assert!(!Edit::SetInputs(inputs).may_move_boxes(&doc.design));
}

#[test]
fn a_failing_batch_changes_nothing() {
    let mut doc = lab();
    let before = doc.clone();
    let spoke = id_of(&doc, "vnet-spoke");
    let edit = Edit::Batch(vec![Edit::Remove(spoke), Edit::Remove(Id::from("missing"))]);
    assert_eq!(apply(&mut doc, edit), Err(EditError::NotFound(Id::from("missing"))));
    assert_eq!(doc, before);
}

#[test]
fn an_update_cannot_change_the_kind_or_steal_ids() {
    let mut doc = lab();
    let spoke = id_of(&doc, "vnet-spoke");
    let mut vm = doc.design.vms[0].clone();
    vm.id = spoke.clone();
    assert!(apply(&mut doc, Edit::Update(Element::Vm(vm))).is_err());
    let mut vm = doc.design.vms[0].clone();
    if let Some(nic) = vm.nics.first_mut() {
        nic.id = spoke;
    }
    assert!(matches!(apply(&mut doc, Edit::Update(Element::Vm(vm))), Err(EditError::DuplicateId(_))));
    // Two NICs of one VM with the same id, even its own old id.
    let mut vm = doc.design.vms[0].clone();
    if let Some(nic) = vm.nics.first().cloned() {
        vm.nics.push(nic);
    }
    assert!(matches!(apply(&mut doc, Edit::Update(Element::Vm(vm))), Err(EditError::DuplicateId(_))));
    // Renamed, with the same ids: fine.
    let mut vm = doc.design.vms[0].clone();
    vm.name = "vm-renamed".into();
    assert!(apply(&mut doc.clone(), Edit::Update(Element::Vm(vm))).is_ok());
    assert_eq!(doc, lab());
}

#[test]
fn contents_and_refit_follow_the_containers() {
    let mut doc = lab();
    let hub = id_of(&doc, "vnet-hub");
    let inside = contents(&doc.design, &hub);
    assert!(inside.contains(&id_of(&doc, "afw-hub")));
    assert!(inside.contains(&id_of(&doc, "snet-dns")));
    assert!(refit(&doc.design, &doc.layout).is_empty(), "the automatic layout fits");
    // A new subnet in the hub makes the stored hub rect too small.
    let mut ids = doc.design.id_allocator();
    let subnet = Subnet {
        meta: Default::default(),
        id: ids.next(IdKind::Subnet),
        name: "snet-new".into(),
        vnet: hub.clone(),
        prefix: "10.0.3.0/24".parse().unwrap(),
        route_table: None,
        nsg: None,
        service_endpoints: vec![],
        private_endpoint_network_policies: Default::default(),
        delegation: None,
    };
    apply(&mut doc, Edit::Add(Element::Subnet(subnet))).unwrap();
    let fix = refit(&doc.design, &doc.layout);
    assert!(fix.iter().any(|e| matches!(e, Edit::SetRect { id, .. } if *id == hub)));
}

#[test]
fn renames_need_no_refit_and_re_parenting_does() {
    let doc = lab();
    for element in Element::all(&doc.design) {
        let mut renamed = element.clone();
        match &mut renamed {
            Element::Vnet(e) => e.name.push('x'),
            Element::Subnet(e) => e.name.push('x'),
            Element::Vm(e) => e.name.push('x'),
            Element::Firewall(e) => e.name.push('x'),
            Element::PrivateEndpoint(e) => e.name.push('x'),
            Element::Zone(e) => e.name.push('x'),
            _ => continue,
        }
        let edit = Edit::Update(renamed);
        assert!(!edit.may_move_boxes(&doc.design), "renaming {} moves nothing", element.name());
        let mut after = doc.clone();
        apply(&mut after, edit).unwrap();
        assert_eq!(auto_layout(&doc.design, &doc.layout), auto_layout(&after.design, &after.layout));
    }
    let (hub, spoke) = (id_of(&doc, "vnet-hub"), id_of(&doc, "vnet-spoke"));
    let Some((_, Element::Subnet(mut moved))) = Element::find(&doc.design, &id_of(&doc, "snet-vm")) else {
        panic!("the lab has snet-vm")
    };
    assert_eq!(moved.vnet, spoke);
    moved.vnet = hub;
    assert!(Edit::Update(Element::Subnet(moved)).may_move_boxes(&doc.design), "a subnet moved to the hub");
    assert!(Edit::Remove(spoke).may_move_boxes(&doc.design));
}

/// One random edit, picked by numbers from the element list of the current document.
fn pick(doc: &Document, choice: u8, a: usize, b: i32) -> Edit {
    let elements = doc.design.elements();
    let id = elements.get(a % elements.len().max(1)).map(|e| e.id.clone()).unwrap_or_default();
    let top = Element::all(&doc.design);
    match choice % 6 {
        0 => Edit::Remove(id),
        1 => Edit::SetRect { id, rect: (b % 3 != 0).then(|| Rect::new(b, -b, 10, 20)) },
        2 => match top.get(a % top.len().max(1)) {
            Some(Element::Vnet(v)) => {
                let mut v = v.clone();
                v.name = format!("renamed{b}");
                Edit::Update(Element::Vnet(v))
            }
            Some(Element::Subnet(s)) => {
                let mut s = s.clone();
                s.route_table = None;
                Edit::Update(Element::Subnet(s))
            }
            Some(other) => Edit::Update(other.clone()),
            None => Edit::SetName(format!("n{b}")),
        },
        3 => match top.get(a % top.len().max(1)) {
            // A copy of an element with fresh ids.
            Some(Element::Subnet(s)) => {
                let mut s = s.clone();
                s.id = doc.design.id_allocator().next(IdKind::Subnet);
                Edit::Add(Element::Subnet(s))
            }
            Some(Element::Vnet(v)) => {
                let mut v = v.clone();
                v.id = doc.design.id_allocator().next(IdKind::Vnet);
                Edit::Add(Element::Vnet(v))
            }
            // Re-adding an existing element fails with a duplicate id.
            Some(other) => Edit::Add(other.clone()),
            None => Edit::SetName(String::new()),
        },
        4 => Edit::Batch(vec![Edit::Remove(id.clone()), Edit::SetRect { id, rect: Some(Rect::new(b, b, 1, 1)) }]),
        _ => Edit::Remove(Id::new(format!("x{b}"))),
    }
}

proptest! {
    #[test]
    fn apply_then_inverse_restores_the_document(steps in proptest::collection::vec((any::<u8>(), any::<usize>(), -500i32..500), 1..12)) {
        let mut doc = lab();
        let mut undo = Vec::new();
        let mut states = vec![doc.clone()];
        for (choice, a, b) in steps {
            let edit = pick(&doc, choice, a, b);
            let before = doc.clone();
            let may_move = edit.may_move_boxes(&doc.design);
            match apply(&mut doc, edit) {
                Ok(inverse) => {
                    if !may_move {
                        prop_assert_eq!(
                            auto_layout(&before.design, &doc.layout),
                            auto_layout(&doc.design, &doc.layout),
                            "an edit said not to move boxes moved one"
                        );
                    }
                    undo.push(inverse);
                    states.push(doc.clone());
                }
                Err(_) => prop_assert_eq!(&doc, &before, "a failed edit changes nothing"),
            }
        }
        // Undo everything, checking each intermediate state.
        while let Some(inverse) = undo.pop() {
            states.pop();
            apply(&mut doc, inverse).unwrap();
            prop_assert_eq!(&doc, states.last().unwrap());
        }
        prop_assert_eq!(doc, lab());
    }
}

#[test]
fn the_palette_adds_every_kind_with_suggested_addresses() {
    let mut doc = lab();
    let hub = id_of(&doc, "vnet-hub");
    let snet = id_of(&doc, "snet-dns");
    for kind in NewKind::ALL {
        let at = match kind {
            NewKind::Subnet => Some(&hub),
            NewKind::Vnet | NewKind::Zone | NewKind::Site | NewKind::Paas => None,
            _ => Some(&snet),
        };
        let (edit, id) = new_element(&doc.design, kind, at).unwrap_or_else(|| panic!("{kind:?}"));
        roundtrip(&mut doc, edit);
        assert!(doc.design.elements().iter().any(|e| *e.id == id));
        assert!(new_element(&Design::default(), NewKind::Vm, None).is_none());
    }
    let vm = doc.design.vms.last().unwrap().id.clone();
    let (edit, copy) = duplicate(&doc.design, &vm).unwrap();
    roundtrip(&mut doc, edit);
    let ips: Vec<_> = doc.design.nics().map(|(_, n)| n.ip).collect();
    let unique: BTreeSet<_> = ips.iter().collect();
    assert_eq!(ips.len(), unique.len(), "the copy gets its own IP");
    assert!(doc.design.vms.iter().any(|v| v.id == copy));
    let (edit, _) = duplicate(&doc.design, &hub).unwrap();
    roundtrip(&mut doc, edit);
}

#[test]
fn boxes_moved_to_the_limits_of_i32_are_clamped_and_refit_saturates() {
    use crate::layout::{MAX_COORD, MAX_SIZE, MIN_SIZE};
    let extremes = [i32::MIN, -1, 0, i32::MAX];
    for &a in &extremes {
        for &b in &extremes {
            let mut doc = lab();
            let ids: Vec<Id> = doc.layout.rects.keys().cloned().collect();
            // Every box moved and sized by the edit the canvas makes (overflow-checked here).
            let moves = ids.iter().map(|id| Edit::SetRect { id: id.clone(), rect: Some(Rect::new(a, b, a, b)) });
            roundtrip(&mut doc, Edit::Batch(moves.collect()));
            let want = Rect::new(a, b, a, b).clamped();
            assert!(doc.layout.rects.values().all(|r| *r == want), "{want:?}");
            assert!(want.x.abs() <= MAX_COORD && (MIN_SIZE..=MAX_SIZE).contains(&want.w));
            let fix = refit(&doc.design, &doc.layout);
            apply(&mut doc, Edit::Batch(fix)).unwrap();
            assert!(refit(&doc.design, &doc.layout).is_empty(), "refit is done after one pass");
            assert!(doc.layout.rects.values().all(|r| *r == r.clamped()), "refit stays in range");
            auto_layout(&doc.design, &doc.layout);
            // A layout built in code, not read or edited, may hold anything: still no overflow.
            let raw = Layout { rects: ids.iter().map(|id| (id.clone(), Rect::new(a, b, b, a))).collect() };
            apply(&mut Document::new(doc.design.clone(), raw.clone()), Edit::Batch(refit(&doc.design, &raw))).unwrap();
            auto_layout(&doc.design, &raw);
        }
    }
}

#[test]
fn removing_the_firewall_an_intent_passes_through_keeps_the_intent_unchecked() {
    use crate::intent::{verify, Status};
    let mut doc = gallery::document("fw-pe-same-spoke-snat").unwrap().unwrap();
    let through = doc.design.intents.iter().find(|i| matches!(i.check, IntentCheck::Through { .. })).cloned().unwrap();
    let IntentCheck::Through { device, .. } = &through.check else { unreachable!() };
    assert!(removal_cascade(&doc.design, device).iter().all(|e| !matches!(e, Element::Intent(_))));
    let inverse = roundtrip(&mut doc, Edit::Remove(device.clone()));
    assert!(doc.design.intents.contains(&through), "the promise stays");
    let checked = verify(&doc.design);
    let now = checked.iter().find(|c| c.id == through.id).unwrap();
    assert_eq!(now.status, Status::Unchecked, "{}", now.summary);
    assert!(now.summary.contains("not in the design"), "{}", now.summary);
    apply(&mut doc, inverse).unwrap();
    assert!(verify(&doc.design).iter().all(|c| c.status == Status::Pass));
}
