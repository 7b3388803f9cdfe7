//! Symmetries of a design, so the matrix traces one cell per class of equivalent pairs instead
//! of every pair (issue 23 §1; the idea of atomic predicates and header-space analysis, applied
//! to the VNets: a landing zone's spokes are copies of one another).
//!
//! **The argument.** Take two candidate VNets A and B (one address range each, of one size,
//! peered with at most one VNet). Let σ swap them: A's range with B's (an aligned block onto an
//! aligned block, offsets kept), A's elements with B's (in order). σ maps the design onto itself,
//! up to the order of its lists, when
//! 1. A and B have the same *form* (`forms.rs`): the elements each owns (`elements.rs`), written
//!    with its own ids as ordinals and its own addresses as offsets, are equal;
//! 2. nothing else names either: no shared element, setting or other VNet's element references
//!    an element of A or B or writes an address inside A's or B's range (a UDR, NSG, firewall or
//!    NVA rule for one spoke, an ASG spanning two, a peering between them), and no element of
//!    A or B sits outside it;
//! 3. every prefix written anywhere the engine reads, and every prefix the engine itself knows
//!    (RFC 1918 and RFC 6598 space, the platform addresses, the services' prefixes), contains
//!    both ranges or neither.
//!
//! The engine decides by comparing addresses with prefixes and with one another, and ids for
//! equality; so a trace of σ(flow) in σ(design) mirrors the trace of flow in design, and its
//! outcome is the same. What the engine does *not* do symmetrically is excluded outright: flow
//! hashes (ECMP over a route that covers VNet space, R-25; load balancers, F-22) make the whole
//! design fall back to per-pair traces, as does anything this reading cannot place.
//!
//! VNets with equal forms and equal coverage (3) form a class; any two are swapped by such a σ,
//! so the swaps generate every permutation of the class. A subnet's *role* is its class and its
//! position in its VNet; a pair of subnets in two different VNets of one class can be mapped onto
//! any other such pair with the same roles, a pair inside one VNet onto the same pair in another.
//! Subnets of VNets without symmetry have roles of their own. The matrix (`solver.rs`) keys each
//! cell by (row's role, column's role, same VNet) and traces the first pair with a key for real.

mod elements;
mod forms;

use crate::network::{HashMap, VnetIx};
use crate::routes::RouteSource;
use crate::trace::Engine;
use ipnet::Ipv4Net;
use std::sync::Arc;

/// Each subnet's role, and its VNet.
#[derive(Clone, Debug, Default)]
pub(crate) struct Roles {
    pub role: Vec<u32>,
    pub vnet: Vec<VnetIx>,
    /// Roles below this are held by two subnets or more.
    pub shared: u32,
    /// How many roles there are.
    pub count: u32,
}

impl Roles {
    /// Every subnet its own role: no symmetry used.
    pub fn none(eng: &Engine) -> Roles {
        let n = eng.net.subnets.len() as u32;
        Roles { role: (0..n).collect(), vnet: eng.net.subnets.iter().map(|s| s.vnet).collect(), shared: 0, count: n }
    }

    /// The equivalence key of cell (row, col); `None` when no other cell can share it.
    pub fn key(&self, row: usize, col: usize) -> Option<(u32, u32, bool)> {
        let (a, b) = (*self.role.get(row)?, *self.role.get(col)?);
        if a >= self.shared && b >= self.shared {
            return None;
        }
        Some((a, b, self.vnet.get(row) == self.vnet.get(col)))
    }

    /// Subnets that share their role with another.
    pub fn shared_subnets(&self) -> usize {
        self.role.iter().filter(|&&r| r < self.shared).count()
    }
}

/// The roles of the engine's subnets (see the module documentation).
pub(crate) fn roles(eng: &Engine) -> Roles {
    let Some(class_of) = classes(eng) else { return Roles::none(eng) };
    let net = &eng.net;
    let mut ids: HashMap<(u32, usize), u32> = HashMap::default();
    let mut role = vec![u32::MAX; net.subnets.len()];
    for (v, class) in class_of.iter().enumerate() {
        let Some(class) = class else { continue };
        for (k, &s) in net.vnet_subnets[v].iter().enumerate() {
            let next = ids.len() as u32;
            role[s] = *ids.entry((*class, k)).or_insert(next);
        }
    }
    let shared = ids.len() as u32;
    let mut count = shared;
    for r in role.iter_mut().filter(|r| **r == u32::MAX) {
        *r = count;
        count += 1;
    }
    Roles { role, vnet: net.subnets.iter().map(|s| s.vnet).collect(), shared, count }
}

/// Each VNet's class, for VNets with at least one equivalent VNet; `None` when the design must
/// be traced pair by pair.
fn classes(eng: &Engine) -> Option<Vec<Option<u32>>> {
    let net = &eng.net;
    let design = net.design;
    if !design.load_balancers.is_empty() || hashes_vnet_space(eng) {
        return None;
    }
    let vnet_space: Vec<Ipv4Net> = net.vnets.iter().flat_map(|v| v.address_space.iter().map(|r| r.trunc())).collect();
    let mut starts: Vec<u32> = vnet_space.iter().map(|r| u32::from(r.network())).collect();
    starts.sort_unstable();
    let all: crate::network::HashSet<Ipv4Net> = vnet_space.iter().copied().collect();
    // Candidates: one range, overlapping no other VNet, peered with at most one VNet.
    let mut partners: Vec<Vec<&crate::id::Id>> = vec![Vec::new(); net.vnets.len()];
    for p in &design.peerings {
        for (a, b) in [(&p.vnet, &p.remote_vnet), (&p.remote_vnet, &p.vnet)] {
            if let Some(v) = net.vnet_ix(a) {
                if !partners[v].contains(&b) {
                    partners[v].push(b);
                }
            }
        }
    }
    let mut candidates: Vec<(VnetIx, Ipv4Net)> = Vec::new();
    for (v, vnet) in net.vnets.iter().enumerate() {
        let [range] = vnet.address_space.as_slice() else { continue };
        let range = range.trunc();
        if alone(&starts, &all, range) && partners[v].len() <= 1 && partners[v].len() <= 1 {
            candidates.push((v, range));
        }
    }
    if candidates.len() < 2 {
        return None;
    }
    let candidate_of_vnet: HashMap<&str, u32> =
        candidates.iter().enumerate().map(|(c, (v, _))| (net.vnets[*v].id.as_str(), c as u32)).collect();
    let json = serde_json::to_value(design).ok()?;
    let e = elements::read(&json, &candidate_of_vnet)?;
    let ranges: Vec<Ipv4Net> = candidates.iter().map(|(_, r)| *r).collect();
    let mut named = vec![false; candidates.len()];
    for &c in &e.named {
        named[c as usize] = true;
    }
    // Whatever the VNet holds must lie in its range (or σ would not move it with the VNet).
    for (c, (v, range)) in candidates.iter().enumerate() {
        if net.owned_addresses(*v).any(|ip| !range.contains(&ip)) {
            named[c] = true;
        }
    }
    let f = forms::forms(&e, &ranges, &named, &vnet_space);
    let mut mentions = f.mentions;
    mentions.extend(engine_prefixes());
    mentions.sort_unstable();
    mentions.dedup();
    let cover = coverage(&ranges, &mentions, &mut named);
    let mut by_key: HashMap<String, u32> = HashMap::default();
    let mut members: Vec<u32> = Vec::new();
    let mut class_of_candidate: Vec<Option<u32>> = vec![None; candidates.len()];
    for (c, form) in f.form.iter().enumerate() {
        let Some(form) = form.as_ref().filter(|_| !named[c]) else { continue };
        let mut key = form.clone();
        for m in &cover[c] {
            key.push_str(&format!("|{m}"));
        }
        let next = by_key.len() as u32;
        let class = *by_key.entry(key).or_insert(next);
        if class as usize == members.len() {
            members.push(0);
        }
        members[class as usize] += 1;
        class_of_candidate[c] = Some(class);
    }
    let mut class_of = vec![None; net.vnets.len()];
    for (c, (v, _)) in candidates.iter().enumerate() {
        class_of[*v] = class_of_candidate[c].filter(|&k| members[k as usize] >= 2);
    }
    Some(class_of)
}

/// Whether `range` overlaps no VNet range but its own: none starts inside it but itself
/// (`starts` sorted), and none contains it (prefixes overlap only by containment).
fn alone(starts: &[u32], all: &crate::network::HashSet<Ipv4Net>, range: Ipv4Net) -> bool {
    let (lo, hi) = (u32::from(range.network()), u32::from(range.broadcast()));
    let inside = starts.partition_point(|&s| s <= hi) - starts.partition_point(|&s| s < lo);
    inside == 1
        && (0..range.prefix_len())
            .all(|len| Ipv4Net::new(range.network(), len).map_or(true, |p| !all.contains(&p.trunc())))
}

/// For each candidate range, the mentions that contain it (by index); a mention inside a range,
/// or overlapping it without containing it, names the candidate.
fn coverage(ranges: &[Ipv4Net], mentions: &[Ipv4Net], named: &mut [bool]) -> Vec<Vec<u32>> {
    let mut order: Vec<usize> = (0..ranges.len()).collect();
    order.sort_by_key(|&c| ranges[c].network());
    let starts: Vec<u32> = order.iter().map(|&c| u32::from(ranges[c].network())).collect();
    let mut cover: Vec<Vec<u32>> = vec![Vec::new(); ranges.len()];
    for (m, net) in mentions.iter().enumerate() {
        let (lo, hi) = (u32::from(net.network()), u32::from(net.broadcast()));
        let first = starts.partition_point(|&s| s < lo);
        // The range starting before the mention may hold it.
        if let Some(&c) = first.checked_sub(1).and_then(|i| order.get(i)) {
            if u32::from(ranges[c].broadcast()) >= lo {
                named[c] = true;
            }
        }
        for &c in order.iter().skip(first).take_while(|&&c| u32::from(ranges[c].network()) <= hi) {
            if u32::from(ranges[c].broadcast()) <= hi && net != &ranges[c] {
                cover[c].push(m as u32);
            } else {
                named[c] = true;
            }
        }
    }
    cover
}

/// Prefixes the engine itself distinguishes: RFC 1918 and RFC 6598 space (R-4, F-6), the
/// platform addresses, link-local and loopback space, and every service's synthetic prefix.
fn engine_prefixes() -> Vec<Ipv4Net> {
    let mut out: Vec<Ipv4Net> = crate::filter::IANA_PRIVATE_RANGES.to_vec();
    out.push(Ipv4Net::from(crate::filter::AZURE_PLATFORM_IP));
    for p in ["169.254.0.0/16", "169.254.169.254/32", "0.0.0.0/8", "127.0.0.0/8", "224.0.0.0/4", "0.0.0.0/0"] {
        out.extend(p.parse::<Ipv4Net>().ok());
    }
    out.extend(crate::catalog::services::SERVICES.iter().map(|s| s.public_prefix()));
    out
}

/// Whether some route could hash a flow onto one of several next hops for an address in
/// VNet space: several best rows for one prefix, or a gateway row with several instances.
fn hashes_vnet_space(eng: &Engine) -> bool {
    let space = Space::new(eng.net.vnets.iter().flat_map(|v| v.address_space.iter().copied()));
    // What gateways learn, the source of every gateway row (also of the tables built on demand
    // for private endpoint replies, E-11): several instances, or one prefix over several
    // connections.
    for v in (0..eng.net.vnets.len()).filter(|&v| eng.net.gateways[v].any().is_some()) {
        let mut learned: Vec<Ipv4Net> = Vec::new();
        for l in eng.net.gateway_routes(v).iter().filter(|l| space.overlaps(&l.prefix)) {
            if l.next_hops.len() > 1 || learned.contains(&l.prefix) {
                return true;
            }
            learned.push(l.prefix);
        }
    }
    let mut seen: crate::network::HashSet<usize> = Default::default();
    for table in &eng.routes {
        if !seen.insert(Arc::as_ptr(table) as usize) {
            continue;
        }
        let mut rows: Vec<(Ipv4Net, RouteSource)> = Vec::new();
        for (_, r) in table.active() {
            if r.next_hop_ips.len() > 1 && space.overlaps(&r.prefix) {
                return true;
            }
            rows.push((r.prefix.trunc(), r.source));
        }
        rows.sort_unstable();
        if rows.windows(2).any(|w| w[0] == w[1] && space.overlaps(&w[0].0)) {
            return true;
        }
    }
    false
}

/// A set of addresses as sorted, merged intervals, for overlap questions at scale.
struct Space(Vec<(u32, u32)>);

impl Space {
    fn new(prefixes: impl Iterator<Item = Ipv4Net>) -> Space {
        let mut v: Vec<(u32, u32)> = prefixes.map(|p| (u32::from(p.network()), u32::from(p.broadcast()))).collect();
        v.sort_unstable();
        let mut merged: Vec<(u32, u32)> = Vec::with_capacity(v.len());
        for (lo, hi) in v {
            match merged.last_mut() {
                Some(last) if lo <= last.1.saturating_add(1) => last.1 = last.1.max(hi),
                _ => merged.push((lo, hi)),
            }
        }
        Space(merged)
    }

    fn overlaps(&self, p: &Ipv4Net) -> bool {
        let (lo, hi) = (u32::from(p.network()), u32::from(p.broadcast()));
        // The first interval ending at or after `lo` overlaps when it starts by `hi`.
        let i = self.0.partition_point(|&(_, end)| end < lo);
        self.0.get(i).is_some_and(|&(start, _)| start <= hi)
    }
}
