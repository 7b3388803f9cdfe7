//! The design as the symmetry search sees it: its elements (the objects with an `id` in its
//! top-level lists, read generically from its JSON so that a field or element kind added later is
//! compared too, never silently ignored), who references whom, and which candidate VNet owns each.
//!
//! Ownership: a candidate VNet owns itself and its subnets; any other element is anchored to the
//! VNets of what it references (a VM to its NICs' subnets, an endpoint to its subnet, a peering
//! link to its VNets, an ASG to its members), transitively. One candidate anchor: owned by it. No
//! anchor (a route table, an NSG, a PaaS resource): owned by the candidate whose elements alone
//! reference it, else shared. Several candidates: shared, and every one of them is *named* (it
//! loses its symmetry): the element ties them together.

use crate::network::HashMap;
use serde_json::Value;

/// Top-level lists and values the trace engine never reads (DNS, intents, prose): left out, so a
/// private DNS zone linked to every spoke does not tie the spokes together. (The trace reads
/// neither zones nor rulesets: routing never imports DNS, DECISIONS 6.)
const NOT_TRACED: [&str; 8] =
    ["dnsZones", "rulesets", "publicDns", "intents", "questions", "traffic", "name", "description"];

/// The anchor that stands for "inside a VNet that is not a candidate" (a hub subnet).
pub(super) const OUTSIDE: u32 = u32::MAX;

pub(super) struct Item<'v> {
    /// The top-level list it is in (`vnets`, `subnets`, …).
    pub list: &'v str,
    pub value: &'v Value,
    /// Its own id and the ids of elements nested in it (a VM's NICs), in document order.
    pub ids: Vec<&'v str>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Owner {
    Candidate(u32),
    Shared,
}

pub(super) struct Elements<'v> {
    pub items: Vec<Item<'v>>,
    /// Top-level values that are not element lists (settings, service prefixes): read as shared.
    pub loose: Vec<&'v Value>,
    pub by_id: HashMap<&'v str, usize>,
    /// The elements each element references.
    pub out: Vec<Vec<usize>>,
    pub owner: Vec<Owner>,
    /// Candidates tied to another candidate or placed outside themselves.
    pub named: Vec<u32>,
}

/// `candidate_of_vnet`: the candidate number of each VNet id that is a candidate. `None` when the
/// design cannot be read this way (an id used twice, or no JSON object).
pub(super) fn read<'v>(design: &'v Value, candidate_of_vnet: &HashMap<&str, u32>) -> Option<Elements<'v>> {
    let top = design.as_object()?;
    let mut items = Vec::new();
    let mut loose = Vec::new();
    for (key, value) in top {
        if NOT_TRACED.contains(&key.as_str()) {
            continue;
        }
        match value.as_array() {
            Some(list) if list.iter().all(|v| v.get("id").is_some_and(Value::is_string)) => {
                for v in list {
                    let mut ids = Vec::new();
                    collect_ids(v, &mut ids);
                    items.push(Item { list: key.as_str(), value: v, ids });
                }
            }
            _ => loose.push(value),
        }
    }
    let mut by_id: HashMap<&str, usize> = HashMap::default();
    for (i, item) in items.iter().enumerate() {
        for id in &item.ids {
            if by_id.insert(id, i).is_some() {
                return None;
            }
        }
    }
    let out: Vec<Vec<usize>> = items
        .iter()
        .enumerate()
        .map(|(i, item)| {
            let mut refs = Vec::new();
            collect_refs(item.value, &by_id, &mut refs);
            refs.sort_unstable();
            refs.dedup();
            refs.retain(|&r| r != i);
            refs
        })
        .collect();
    let mut e = Elements { items, loose, by_id, out, owner: Vec::new(), named: Vec::new() };
    e.own(candidate_of_vnet)?;
    Some(e)
}

fn collect_ids<'v>(v: &'v Value, ids: &mut Vec<&'v str>) {
    match v {
        Value::Object(map) => {
            if let Some(Value::String(id)) = map.get("id") {
                ids.push(id);
            }
            map.iter().filter(|(k, _)| k.as_str() != "id").for_each(|(_, v)| collect_ids(v, ids));
        }
        Value::Array(list) => list.iter().for_each(|v| collect_ids(v, ids)),
        _ => {}
    }
}

fn collect_refs(v: &Value, by_id: &HashMap<&str, usize>, refs: &mut Vec<usize>) {
    match v {
        Value::Object(map) => {
            map.iter().filter(|(k, _)| k.as_str() != "id").for_each(|(_, v)| collect_refs(v, by_id, refs));
        }
        Value::Array(list) => list.iter().for_each(|v| collect_refs(v, by_id, refs)),
        Value::String(s) => refs.extend(by_id.get(s.as_str()).copied()),
        _ => {}
    }
}

impl Elements<'_> {
    fn own(&mut self, candidate_of_vnet: &HashMap<&str, u32>) -> Option<()> {
        let n = self.items.len();
        fn id_of<'v>(item: &Item<'v>) -> &'v str {
            item.ids.first().copied().unwrap_or_default()
        }
        // Fixed anchors: VNets (a candidate anchors to itself; another VNet, referenced as a
        // whole by a peering link, anchors to nothing) and subnets (inside their VNet).
        let mut fixed: Vec<Option<Vec<u32>>> = vec![None; n];
        for (i, item) in self.items.iter().enumerate() {
            match item.list {
                "vnets" => fixed[i] = Some(candidate_of_vnet.get(id_of(item)).map(|&c| vec![c]).unwrap_or_default()),
                "subnets" => {
                    let vnet = item.value.get("vnet").and_then(Value::as_str).unwrap_or_default();
                    fixed[i] = Some(vec![candidate_of_vnet.get(vnet).copied().unwrap_or(OUTSIDE)]);
                }
                _ => {}
            }
        }
        let mut anchors: Vec<Vec<u32>> = fixed.iter().map(|f| f.clone().unwrap_or_default()).collect();
        // Propagate along references until nothing changes (sets only grow, so this ends).
        let mut changed = true;
        let mut rounds = 0;
        while changed {
            changed = false;
            rounds += 1;
            if rounds > 64 {
                return None;
            }
            for i in 0..n {
                if fixed[i].is_some() {
                    continue;
                }
                let mut set = anchors[i].clone();
                for &r in &self.out[i] {
                    set.extend(anchors[r].iter().copied());
                }
                set.sort_unstable();
                set.dedup();
                if set != anchors[i] {
                    anchors[i] = set;
                    changed = true;
                }
            }
        }
        let mut owner: Vec<Option<Owner>> = vec![None; n];
        let mut named = Vec::new();
        for (i, set) in anchors.iter().enumerate() {
            let candidates: Vec<u32> = set.iter().copied().filter(|&c| c != OUTSIDE).collect();
            owner[i] = match (candidates.as_slice(), set.len()) {
                ([], 0) => None,
                ([], _) => Some(Owner::Shared),
                ([c], 1) => Some(Owner::Candidate(*c)),
                ([c], _) => {
                    // Owned, but placed (also) outside its VNet: it loses its symmetry.
                    named.push(*c);
                    Some(Owner::Candidate(*c))
                }
                (many, _) => {
                    named.extend_from_slice(many);
                    Some(Owner::Shared)
                }
            };
        }
        // Unanchored elements belong to the one candidate whose elements alone reference them.
        let mut referrers: Vec<Vec<usize>> = vec![Vec::new(); n];
        for (i, refs) in self.out.iter().enumerate() {
            for &r in refs {
                referrers[r].push(i);
            }
        }
        let mut changed = true;
        while changed {
            changed = false;
            for i in 0..n {
                if owner[i].is_some() {
                    continue;
                }
                let mut verdict = None;
                let mut pending = false;
                for &r in &referrers[i] {
                    match (owner[r], verdict) {
                        (None, _) => pending = true,
                        (Some(Owner::Shared), _) => verdict = Some(Owner::Shared),
                        (Some(o), None) => verdict = Some(o),
                        (Some(o), Some(v)) if o != v => verdict = Some(Owner::Shared),
                        _ => {}
                    }
                }
                if verdict == Some(Owner::Shared) || (!pending && verdict.is_some()) {
                    owner[i] = verdict;
                    changed = true;
                } else if !pending && referrers[i].is_empty() {
                    owner[i] = Some(Owner::Shared);
                    changed = true;
                }
            }
        }
        let owner: Vec<Owner> = owner.into_iter().map(|o| o.unwrap_or(Owner::Shared)).collect();
        // A reference from one candidate's element to another's, or from a shared element to a
        // candidate's, ties them: neither is symmetric any more.
        for (i, refs) in self.out.iter().enumerate() {
            for &r in refs {
                match (owner[i], owner[r]) {
                    (Owner::Candidate(a), Owner::Candidate(b)) if a != b => named.extend([a, b]),
                    (Owner::Shared, Owner::Candidate(b)) => named.push(b),
                    _ => {}
                }
            }
        }
        // Top-level values that are not element lists are shared too.
        let mut loose_refs = Vec::new();
        for v in &self.loose {
            collect_refs(v, &self.by_id, &mut loose_refs);
        }
        for r in loose_refs {
            if let Owner::Candidate(b) = owner[r] {
                named.push(b);
            }
        }
        named.sort_unstable();
        named.dedup();
        self.owner = owner;
        self.named = named;
        Some(())
    }
}
