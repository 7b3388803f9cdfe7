//! What the toolbar, the palette and the keyboard do to the design: each builds an edit with core
//! (`vnet_core::edit`) and applies it through the store. No network logic here. Adding, copying
//! and pasting use the editor module (`document::editor`), fetched on demand: they run once it is
//! here.

use crate::canvas::interaction::GRID;
use crate::canvas::{BoxKind, Scene};
use crate::document::editor::Ops;
use crate::document::store::Store;
use crate::platform::browser;
use crate::platform::storage::local;
use leptos::prelude::*;
use vnet_core::edit::{self, Edit, NewKind};
use vnet_core::layout::Rect;
use vnet_core::Id;

/// Removes the selected elements. When the removal takes other elements with it, asks first,
/// naming them. Several selected elements go in one undo step.
pub fn delete_selected(store: Store) {
    let ids = store.selection();
    if ids.is_empty() {
        return;
    }
    let cascade: Vec<edit::Element> = store.design.with_untracked(|d| {
        let mut all: Vec<edit::Element> = Vec::new();
        for id in &ids {
            for e in edit::removal_cascade(d, id) {
                if !ids.contains(e.id()) && !all.iter().any(|a| a.id() == e.id()) {
                    all.push(e);
                }
            }
        }
        all
    });
    if !cascade.is_empty() {
        let names: Vec<String> =
            cascade.iter().take(12).map(|e| format!("{} ({})", e.name(), e.kind().label())).collect();
        let more = if cascade.len() > 12 { format!(" and {} more", cascade.len() - 12) } else { String::new() };
        let question = format!("Deleting this also deletes {}{more}. Delete?", names.join(", "));
        if !browser::confirm(&question) {
            return;
        }
    }
    // Removing a VNet removes its subnets: a selected subnet of it must not be removed twice.
    let edits = store.design.with_untracked(|d| {
        let (mut scratch, mut layout) = (d.clone(), store.layout.get_untracked());
        ids.iter()
            .filter(|id| edit::apply_parts(&mut scratch, &mut layout, Edit::Remove((*id).clone())).is_ok())
            .map(|id| Edit::Remove(id.clone()))
            .collect::<Vec<_>>()
    });
    let edit =
        if edits.len() == 1 { edits.into_iter().next().unwrap_or(Edit::Batch(vec![])) } else { Edit::Batch(edits) };
    if store.apply(edit).is_ok() {
        store.select(None);
    }
}

pub fn duplicate_selected(store: Store) {
    store.editor.with(move |ops| {
        let Some(id) = store.selected.get_untracked() else { return };
        if let Some((edit, copy)) = store.design.with_untracked(|d| (ops.duplicate)(d, &id)) {
            if store.apply(edit).is_ok() {
                store.selected.set(Some(copy));
            }
        }
    });
}

/// Adds a new element of `kind` into the selection; `done` hears why not when it does not fit
/// there.
pub fn add(store: Store, kind: NewKind, done: impl FnOnce(Result<(), String>) + 'static) {
    store.editor.with(move |ops| done(add_now(store, ops, kind)));
}

fn add_now(store: Store, ops: &Ops, kind: NewKind) -> Result<(), String> {
    let selected = store.selected.get_untracked();
    let made = store.design.with_untracked(|d| (ops.new_element)(d, kind, selected.as_ref()));
    let Some((edit, id)) = made else {
        let why = kind.needs();
        return Err(if why.is_empty() { "There is no free address range left for it.".into() } else { why.into() });
    };
    store.apply(edit).map_err(|e| e.to_string())?;
    store.selected.set(Some(id));
    Ok(())
}

/// Adds a new element of `kind` where it was dropped on the canvas (`p`, canvas units): a subnet
/// into the VNet under it, a VM, firewall, gateway, load balancer or endpoint into the subnet under
/// it, a route table, NSG or NAT gateway onto a subnet (associated) or anywhere (alone), an
/// application security group onto a VM (its member) or anywhere, everything else where it lands.
/// `done` hears why not when the place does not fit.
pub fn drop_at(
    store: Store,
    scene: Memo<Scene>,
    kind: NewKind,
    p: (f64, f64),
    done: impl FnOnce(Result<(), String>) + 'static,
) {
    store.editor.with(move |ops| done(scene.with_untracked(|s| drop_now(store, ops, s, kind, p))));
}

fn drop_now(store: Store, ops: &Ops, scene: &Scene, kind: NewKind, p: (f64, f64)) -> Result<(), String> {
    let vnet = scene.hit(p, |k| k == BoxKind::Vnet).map(|s| (s.id.clone(), s.title.clone()));
    let subnet = scene.hit(p, BoxKind::is_subnet).map(|s| s.id.clone());
    let vm = scene.hit(p, |k| matches!(k, BoxKind::Vm | BoxKind::Nva | BoxKind::DnsVm)).map(|s| s.id.clone());
    let label = kind.label();
    let into = match kind {
        NewKind::Subnet => Some(vnet.map(|v| v.0).ok_or("A subnet goes into a VNet: drop it on a VNet.")?),
        NewKind::Vm | NewKind::Firewall | NewKind::Gateway | NewKind::PrivateEndpoint | NewKind::LoadBalancer => {
            Some(subnet.ok_or_else(|| match &vnet {
                Some((_, name)) => format!("A {label} goes into a subnet: drop it on a subnet of {name}."),
                None => format!("A {label} goes into a subnet: drop it on a subnet."),
            })?)
        }
        NewKind::RouteTable | NewKind::Nsg | NewKind::NatGateway => subnet,
        NewKind::Asg => vm,
        NewKind::Vnet | NewKind::Site | NewKind::Paas | NewKind::Zone => None,
    };
    let made = store.design.with_untracked(|d| (ops.new_element)(d, kind, into.as_ref()));
    let Some((add, id)) = made else {
        let why = kind.needs();
        return Err(if why.is_empty() { "There is no free address range left for it.".into() } else { why.into() });
    };
    let edit = match ghost(kind, p).filter(|_| into.is_none()) {
        Some(rect) => Edit::Batch(vec![add, Edit::SetRect { id: id.clone(), rect: Some(rect) }]),
        None => add,
    };
    store.apply(edit).map_err(|e| e.to_string())?;
    store.select(Some(id));
    Ok(())
}

/// The rect a dropped element of `kind` takes at `p` (its top-left corner snapped to the grid),
/// for the kinds placed by hand; `None` for those laid out inside their container.
pub fn ghost(kind: NewKind, p: (f64, f64)) -> Option<Rect> {
    use vnet_core::layout::metrics::*;
    let (w, h) = match kind {
        NewKind::Vnet => (SUBNET_W + 2 * PAD, HEADER + 40),
        NewKind::Site | NewKind::Paas | NewKind::Zone => (SIDE_W, SIDE_H),
        NewKind::RouteTable | NewKind::Nsg | NewKind::NatGateway | NewKind::Asg => ((SIDE_W - TILE_GAP) / 2, TILE_H),
        _ => (TILE_W, TILE_H),
    };
    let snap = |v: f64| (v / f64::from(GRID)).round() as i32 * GRID;
    let placed = matches!(
        kind,
        NewKind::Vnet
            | NewKind::Site
            | NewKind::Paas
            | NewKind::Zone
            | NewKind::RouteTable
            | NewKind::Nsg
            | NewKind::NatGateway
            | NewKind::Asg
    );
    placed.then(|| Rect::new(snap(p.0), snap(p.1), w, h))
}

/// Where copied elements wait for a paste: local storage, so a paste works in another design
/// opened later in this browser (and in another tab).
const CLIPBOARD_KEY: &str = "vnet-studio.clipboard";

/// Copies the selection (with what is drawn inside it) as a small design in JSON; `done` hears
/// how many top-level elements were copied, or why nothing was.
pub fn copy_selected(store: Store, done: impl FnOnce(Result<usize, String>) + 'static) {
    let ids = store.selection();
    store.editor.with(move |ops| done(copy_now(store, ops, &ids)));
}

fn copy_now(store: Store, ops: &Ops, ids: &[Id]) -> Result<usize, String> {
    if ids.is_empty() {
        return Ok(0);
    }
    let clipped = store.design.with_untracked(|d| (ops.clip)(d, ids));
    let count = clipped.elements().len();
    let writer = crate::document::writing::loaded()
        .ok_or("The copy could not be made yet: the studio is still loading. Try again in a moment.")?;
    let text = (writer.json)(&vnet_core::Document::new(clipped, Default::default()));
    if !local::save(CLIPBOARD_KEY, &text) {
        return Err("The copy could not be kept: this browser's storage is full or disabled.".into());
    }
    Ok(count)
}

/// Pastes what was copied last, with fresh ids and addresses, into the selected VNet or subnet
/// where that applies; selects what was pasted. One undo step.
pub fn paste(store: Store) {
    store.editor.with(move |ops| {
        let _ = paste_now(store, ops);
    });
}

fn paste_now(store: Store, ops: &Ops) -> Result<(), String> {
    let text = local::load(CLIPBOARD_KEY).ok_or("Nothing was copied yet.")?;
    let clipped = vnet_core::codec::json::from_json(&text).map_err(|e| e.to_string())?;
    let into = store.selected.get_untracked();
    let made = store.design.with_untracked(|d| (ops.paste)(d, &clipped.design, into.as_ref()));
    let (edit, added) = made.ok_or("There is no room for the copied elements here.")?;
    store.apply(edit).map_err(|e| e.to_string())?;
    store.select_all(added);
    Ok(())
}
