//! Intents whose status differs (`intent::check_all` on both designs, paired as elements are).
//! An intent only one side has counts too, as `absent` on the other side, so a new promise
//! that fails is a flip to failing, as `vnet diff` exits on.

use super::{IntentFlip, Pair, Sides};
use crate::id::Id;
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
    // Positions by id: a repeated id (which validation reports) pairs its k-th use on one side
    // with its k-th on the other, so that a design against itself pairs each intent with itself.
    let mut by_id: HashMap<&Id, Vec<usize>> = HashMap::new();
    for (at, y) in cb.iter().enumerate().rev() {
        by_id.entry(&y.id).or_default().push(at);
    }
    let mut seen = vec![false; cb.len()];
    let mut out = Vec::new();
    for x in &ca {
        let at = s.pairs.after_of(&x.id).and_then(|id| by_id.get_mut(id)).and_then(Vec::pop);
        let after = at.map(|at| {
            seen[at] = true;
            &cb[at]
        });
        let pair = Pair { before: s.a.named(&x.id), after: after.and_then(|y| s.b.named(&y.id)) };
        out.extend(flip(pair, Some(x), after));
    }
    for (y, _) in cb.iter().zip(&seen).filter(|(_, seen)| !**seen) {
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
