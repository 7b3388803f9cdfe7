//! Intents whose status differs (`intent::check_all` on both designs, paired as elements are).
//! An intent only one side has counts too, as `absent` on the other side, so a new promise
//! that fails is a flip to failing, as `vnet diff` exits on.

use super::{IntentFlip, Pair, Sides};
use crate::intent::{check_all, Checked, Status};
use std::collections::HashMap;

/// What stands for an intent a side does not have.
pub const ABSENT: &str = "absent";

pub(super) fn flips(s: &Sides) -> Vec<IntentFlip> {
    let (da, db) = (s.ea.net.design, s.eb.net.design);
    if da.intents.is_empty() && db.intents.is_empty() {
        return Vec::new();
    }
    let (ca, cb) = (check_all(s.ea, &da.intents), check_all(s.eb, &db.intents));
    let by_id: HashMap<&crate::id::Id, &Checked> = cb.iter().map(|c| (&c.id, c)).collect();
    let mut out = Vec::new();
    let mut seen = Vec::new();
    for x in &ca {
        let after = s.pairs.after_of(&x.id).and_then(|id| by_id.get(id)).copied();
        if let Some(y) = after {
            seen.push(&y.id);
        }
        let pair = Pair { before: s.a.named(&x.id), after: after.and_then(|y| s.b.named(&y.id)) };
        out.extend(flip(pair, Some(x), after));
    }
    for y in cb.iter().filter(|y| !seen.contains(&&y.id)) {
        out.extend(flip(Pair { before: None, after: s.b.named(&y.id) }, None, Some(y)));
    }
    out
}

fn flip(intent: Pair, x: Option<&Checked>, y: Option<&Checked>) -> Option<IntentFlip> {
    let status = |c: Option<&Checked>| c.map_or(ABSENT, |c| c.status.label());
    let (before, after) = (status(x), status(y));
    if before == after {
        return None;
    }
    let summary = |c: Option<&Checked>| c.filter(|c| c.status != Status::Pass).map(|c| c.summary.clone());
    let title = y.or(x).map(|c| c.title.clone()).unwrap_or_default();
    Some(IntentFlip {
        intent,
        title,
        before: before.to_string(),
        after: after.to_string(),
        summary_before: summary(x),
        summary_after: summary(y),
    })
}
