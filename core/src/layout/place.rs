//! Where each VNet box goes (DECISIONS 30): a hub in the middle of its spokes, so that a peering
//! line can be drawn without running through a VNet it does not connect.
//!
//! VNets fall into groups joined by peerings (and VNet-to-VNet connections). In each group the
//! hub is the VNet with the most links (then the one holding a firewall, gateway or NVA, then the
//! first); its neighbours are its spokes, and anything further out is stacked outward behind the
//! spoke it is reached through, so a spoke of a spoke sits next to the spoke, never across the
//! hub. Spokes take rows above and below the hub, about twice as many columns as rows, so
//! 100 spokes make a roughly square block; a hub with one spoke has it on its right. The first
//! group (the largest) comes first; the others follow in rows under it. Only VNets without a
//! stored position are placed: a box the user moved is theirs and never moves the others.

use super::{count, metrics::GAP};
use crate::id::Id;
use crate::model::{ConnectionPeer, Design};
use std::collections::HashMap;

/// The gap between a hub and its first row of spokes: room for the lines to fan out.
pub const HUB_GAP: i32 = 3 * GAP;

/// The gap between rows and columns of spokes: a channel the routed lines run in.
pub const SPOKE_GAP: i32 = 2 * GAP;

/// The placement without the hub: VNets in rows of six in design order, level with each other.
/// Small, for where [`place_vnets`] is not at hand (see `layout::auto_layout_with`).
pub fn in_a_row(
    design: &Design,
    sizes: &[(i32, i32)],
    placed: &[bool],
    x0: i32,
) -> (Vec<Option<(i32, i32)>>, Option<usize>) {
    let mut out = vec![None; design.vnets.len()];
    let (mut x, mut y, mut row_h, mut n) = (x0, 0i32, 0i32, 0usize);
    for (i, &(w, h)) in sizes.iter().enumerate().filter(|(i, _)| placed.get(*i).copied().unwrap_or(false)) {
        if n > 0 && n % 6 == 0 {
            (x, y, row_h) = (x0, y.saturating_add(row_h).saturating_add(SPOKE_GAP), 0);
        }
        if let Some(slot) = out.get_mut(i) {
            *slot = Some((x, y));
        }
        (x, row_h, n) = (x.saturating_add(w).saturating_add(SPOKE_GAP), row_h.max(h), n + 1);
    }
    (out, None)
}

/// A spoke and what is reached through it, drawn as one column: the spoke nearest the hub.
struct Stack {
    members: Vec<usize>,
    w: i32,
    h: i32,
}

/// The VNets' peering graph by index (`at`: VNet id → index): each VNet's neighbours, ascending.
fn neighbours(design: &Design, at: &HashMap<&Id, usize>) -> Vec<Vec<usize>> {
    let mut out = vec![Vec::new(); design.vnets.len()];
    let mut join = |a: Option<&usize>, b: Option<&usize>| {
        if let (Some(&a), Some(&b)) = (a, b) {
            if a != b {
                out[a].push(b);
                out[b].push(a);
            }
        }
    };
    for p in &design.peerings {
        join(at.get(&p.vnet), at.get(&p.remote_vnet));
    }
    let vnet_of_gateway = |id: &Id| design.gateways.iter().find(|g| &g.id == id).and_then(|g| design.subnet(&g.subnet));
    for g in &design.gateways {
        for c in &g.connections {
            if let ConnectionPeer::Gateway(remote) = &c.peer {
                let (a, b) = (design.subnet(&g.subnet), vnet_of_gateway(remote));
                join(a.and_then(|s| at.get(&s.vnet)), b.and_then(|s| at.get(&s.vnet)));
            }
        }
    }
    for n in &mut out {
        n.sort_unstable();
        n.dedup();
    }
    out
}

/// VNets that hold what a hub holds (a firewall, a gateway or an NVA): the tie-break for hubs.
fn hub_kit(design: &Design, at: &HashMap<&Id, usize>) -> Vec<bool> {
    let mut out = vec![false; design.vnets.len()];
    let subnets = design.firewalls.iter().map(|f| &f.subnet).chain(design.gateways.iter().map(|g| &g.subnet));
    let nvas = design
        .vms
        .iter()
        .filter(|v| matches!(v.role, crate::model::VmRole::Nva(_)))
        .filter_map(|v| v.nics.first())
        .map(|n| &n.subnet);
    for s in subnets.chain(nvas) {
        if let Some(&i) = design.subnet(s).and_then(|s| at.get(&s.vnet)) {
            out[i] = true;
        }
    }
    out
}

/// The top-left corner of every VNet in `placed` (indexes into `design.vnets`) whose size is
/// `sizes[i]`, with the block's left edge at `x0` and its top at 0. VNets not in `placed` are
/// left out (their positions are stored) and do not count as links either. Also the first
/// group's hub, which the sites are drawn level with.
pub fn place_vnets(
    design: &Design,
    sizes: &[(i32, i32)],
    placed: &[bool],
    x0: i32,
) -> (Vec<Option<(i32, i32)>>, Option<usize>) {
    let at: HashMap<&Id, usize> = design.vnets.iter().enumerate().map(|(i, v)| (&v.id, i)).collect();
    let (links, kit) = (neighbours(design, &at), hub_kit(design, &at));
    let free = |i: usize| placed.get(i).copied().unwrap_or(false);
    // Groups: the VNets reached from each one not yet in a group, then laid out from their hub.
    let mut seen = vec![false; design.vnets.len()];
    let mut groups: Vec<Vec<(usize, Option<usize>)>> = Vec::new();
    for start in (0..design.vnets.len()).filter(|&i| free(i)) {
        if seen[start] {
            continue;
        }
        let group: Vec<usize> = tree_from(start, &links, &free).into_iter().map(|(v, _)| v).collect();
        for &v in &group {
            seen[v] = true;
        }
        let degree = |i: usize| links[i].iter().filter(|&&n| free(n)).count();
        let hub = group.iter().copied().max_by_key(|&i| (degree(i), kit[i], usize::MAX - i)).unwrap_or(start);
        groups.push(tree_from(hub, &links, &free));
    }
    // The largest group first (the landing zone), then the rest in design order (a rotation,
    // not a sort: the first load carries no sort for this).
    if let Some(largest) = (0..groups.len()).max_by_key(|&i| (groups[i].len(), usize::MAX - i)) {
        groups[..=largest].rotate_right(1);
    }

    let mut out = vec![None; design.vnets.len()];
    let (mut x, mut y, mut row_h, mut wrap): (i32, i32, i32, i32) = (x0, 0, 0, 0);
    for (n, group) in groups.iter().enumerate() {
        let (cells, w, h) = place_group(group, sizes);
        if n > 0 && x > x0 && x.saturating_add(w) > x0.saturating_add(wrap) {
            (x, y, row_h) = (x0, y.saturating_add(row_h).saturating_add(SPOKE_GAP), 0);
        }
        for (i, (cx, cy)) in cells {
            if let Some(slot) = out.get_mut(i) {
                *slot = Some((x.saturating_add(cx), y.saturating_add(cy)));
            }
        }
        if n == 0 {
            // Other groups wrap at the first one's width (or three boxes, whichever is wider).
            wrap = w.max(3 * (super::metrics::SUBNET_W + SPOKE_GAP));
        }
        x = x.saturating_add(w).saturating_add(SPOKE_GAP);
        row_h = row_h.max(h);
    }
    (out, groups.first().and_then(|g| g.first()).map(|&(hub, _)| hub))
}

/// A group as (VNet, the neighbour it was reached through), breadth first from `hub`.
fn tree_from(hub: usize, links: &[Vec<usize>], free: &dyn Fn(usize) -> bool) -> Vec<(usize, Option<usize>)> {
    let mut tree = vec![(hub, None)];
    let mut seen = vec![false; links.len()];
    if let Some(s) = seen.get_mut(hub) {
        *s = true;
    }
    let mut k = 0;
    while let Some(&(v, _)) = tree.get(k) {
        for &n in &links[v] {
            if free(n) && !std::mem::replace(&mut seen[n], true) {
                tree.push((n, Some(v)));
            }
        }
        k += 1;
    }
    tree
}

/// Top-left corners by VNet index, relative to a group's own top-left corner.
type Cells = Vec<(usize, (i32, i32))>;

/// One group's boxes relative to its own top-left corner, and the group's width and height.
fn place_group(tree: &[(usize, Option<usize>)], sizes: &[(i32, i32)]) -> (Cells, i32, i32) {
    let size = |i: usize| sizes.get(i).copied().unwrap_or((1, 1));
    let Some(&(hub, _)) = tree.first() else { return (Vec::new(), 0, 0) };
    // Each spoke of the hub heads a stack of what is reached through it.
    let mut stacks: Vec<Stack> = Vec::new();
    let mut stack_of: Vec<Option<usize>> = vec![None; sizes.len()];
    for &(v, parent) in &tree[1..] {
        let k = match parent {
            Some(p) if p == hub => {
                stacks.push(Stack { members: Vec::new(), w: 0, h: -SPOKE_GAP });
                stacks.len() - 1
            }
            Some(p) => stack_of.get(p).copied().flatten().unwrap_or(0),
            None => continue,
        };
        if let Some(slot) = stack_of.get_mut(v) {
            *slot = Some(k);
        }
        if let Some(s) = stacks.get_mut(k) {
            let (w, h) = size(v);
            s.members.push(v);
            s.w = s.w.max(w);
            s.h = s.h.saturating_add(h).saturating_add(SPOKE_GAP);
        }
    }
    let (hw, hh) = size(hub);
    let mut out = Vec::new();
    if stacks.len() == 1 {
        // One spoke: on the hub's right, what lies beyond it further right.
        let mut x = hw.saturating_add(HUB_GAP);
        for &v in &stacks[0].members {
            out.push((v, (x, 0)));
            x = x.saturating_add(size(v).0).saturating_add(SPOKE_GAP);
        }
        out.push((hub, (0, 0)));
        let h = stacks[0].members.iter().map(|&v| size(v).1).max().unwrap_or(0).max(hh);
        return (out, x.saturating_sub(SPOKE_GAP).max(hw), h);
    }
    // Above the hub the first half, below it the rest; rows of `cols`, the nearest row first.
    let up = stacks.len().div_ceil(2);
    let (top, bottom) = stacks.split_at(up);
    let cols = |n: usize| ((2 * n) as f64).sqrt().ceil().max(1.0) as usize;
    let cell_w = stacks.iter().map(|s| s.w).max().unwrap_or(0);
    let width_of = |n: usize| count(n).saturating_mul(cell_w.saturating_add(SPOKE_GAP)).saturating_sub(SPOKE_GAP);
    let block_w = width_of(cols(top.len()).min(top.len())).max(width_of(cols(bottom.len()).min(bottom.len()))).max(hw);
    let rows = |side: &[Stack]| -> Vec<(i32, Vec<usize>)> {
        let c = cols(side.len());
        side.chunks(c).map(|row| (row.iter().map(|s| s.h).max().unwrap_or(0), (0..row.len()).collect())).collect()
    };
    // Vertical extent above the hub, so that the top is at 0.
    let top_rows = rows(top);
    let above: i32 = top_rows.iter().map(|(h, _)| h.saturating_add(SPOKE_GAP)).sum::<i32>();
    let hub_y = if top.is_empty() { 0 } else { above.saturating_sub(SPOKE_GAP).saturating_add(HUB_GAP) };
    out.push((hub, ((block_w - hw) / 2, hub_y)));
    // A row of `n` cells centred in the block.
    let row_x = |n: usize, k: usize| {
        let left = (block_w - width_of(n)) / 2;
        left.saturating_add(count(k).saturating_mul(cell_w.saturating_add(SPOKE_GAP)))
    };
    let c_top = cols(top.len());
    let mut edge = hub_y.saturating_sub(HUB_GAP);
    for (r, (row_h, ks)) in top_rows.iter().enumerate() {
        for &k in ks {
            let s = &top[r * c_top + k];
            // Bottom-aligned on the row: the spoke nearest the hub, its own spokes above it.
            let mut y = edge;
            for &v in &s.members {
                let (w, h) = size(v);
                y = y.saturating_sub(h);
                out.push((v, (row_x(ks.len(), k).saturating_add((cell_w - w) / 2), y)));
                y = y.saturating_sub(SPOKE_GAP);
            }
        }
        edge = edge.saturating_sub(*row_h).saturating_sub(SPOKE_GAP);
    }
    let c_bottom = cols(bottom.len());
    let mut edge = hub_y.saturating_add(hh).saturating_add(HUB_GAP);
    for (r, (row_h, ks)) in rows(bottom).iter().enumerate() {
        for &k in ks {
            let s = &bottom[r * c_bottom + k];
            let mut y = edge;
            for &v in &s.members {
                let (w, h) = size(v);
                out.push((v, (row_x(ks.len(), k).saturating_add((cell_w - w) / 2), y)));
                y = y.saturating_add(h).saturating_add(SPOKE_GAP);
            }
        }
        edge = edge.saturating_add(*row_h).saturating_add(SPOKE_GAP);
    }
    let height = if bottom.is_empty() { hub_y.saturating_add(hh) } else { edge.saturating_sub(SPOKE_GAP) };
    (out, block_w, height)
}

#[cfg(test)]
mod tests {
    use crate::build::DesignBuilder;
    use crate::layout::{auto_layout, Layout, Rect};
    use crate::model::Design;

    /// A hub with `n` spokes and, when `chain`, a spoke of the first spoke.
    fn star(n: usize, chain: bool) -> Design {
        let mut b = DesignBuilder::new("star");
        let spokes: Vec<_> =
            (0..n).map(|i| b.vnet(&format!("spoke{i}"), "westeurope", &[&format!("10.{}.0.0/16", i + 1)])).collect();
        // The hub is not first: it is found by its links.
        let hub = b.vnet("hub", "westeurope", &["10.0.0.0/16"]);
        for s in &spokes {
            b.peer(&hub, s);
        }
        if chain {
            let far = b.vnet("far", "westeurope", &["10.200.0.0/16"]);
            b.peer(&spokes[0], &far);
        }
        b.build().unwrap()
    }

    fn rect(design: &Design, layout: &Layout, name: &str) -> Rect {
        let v = design.vnets.iter().find(|v| v.name == name).unwrap();
        layout.get(&v.id).unwrap()
    }

    fn overlap(a: Rect, b: Rect) -> bool {
        a.x < b.right() && b.x < a.right() && a.y < b.bottom() && b.y < a.bottom()
    }

    #[test]
    fn the_hub_is_in_the_middle_of_its_spokes_and_nothing_overlaps() {
        for n in [1, 2, 3, 4, 7, 12, 40] {
            let d = star(n, false);
            let l = auto_layout(&d, &Layout::default());
            let hub = rect(&d, &l, "hub");
            let rects: Vec<Rect> = d.vnets.iter().map(|v| l.get(&v.id).unwrap()).collect();
            for (i, a) in rects.iter().enumerate() {
                for b in &rects[i + 1..] {
                    assert!(!overlap(*a, *b), "{n} spokes: {a:?} and {b:?} overlap");
                }
            }
            let above = rects.iter().filter(|r| r.bottom() <= hub.y).count();
            let below = rects.iter().filter(|r| r.y >= hub.bottom()).count();
            if n == 1 {
                // Two VNets with one link each: the first is the hub, the other on its right.
                assert!(hub.x >= rect(&d, &l, "spoke0").right() && hub.y == rect(&d, &l, "spoke0").y, "side by side");
            } else {
                assert_eq!((above, below), (n.div_ceil(2), n / 2), "{n} spokes: half above, half below");
            }
        }
    }

    #[test]
    fn a_spoke_of_a_spoke_sits_behind_it_and_moved_boxes_stay() {
        let d = star(4, true);
        let l = auto_layout(&d, &Layout::default());
        let (hub, first, far) = (rect(&d, &l, "hub"), rect(&d, &l, "spoke0"), rect(&d, &l, "far"));
        assert!(far.bottom() <= first.y && first.bottom() <= hub.y, "far above spoke0 above the hub");
        assert_eq!(far.center().0, first.center().0, "in spoke0's column");

        let mut stored = Layout::default();
        let moved = Rect::new(-5000, -5000, 400, 300);
        stored.rects.insert(d.vnets[1].id.clone(), moved);
        let again = auto_layout(&d, &stored);
        assert_eq!(again.get(&d.vnets[1].id), Some(moved));
    }
}
