//! The steps of one hop, written only when the caller wants the explanation. The reachability
//! matrix needs only each flow's outcome, and formatting the explanation texts is most of a
//! trace's cost; the walker takes the same decisions either way, so the outcome is identical.

use super::{Action, Step};
use crate::packet::RuleId;

pub(super) struct Steps {
    list: Vec<Step>,
    explain: bool,
}

impl Steps {
    pub fn new(explain: bool) -> Self {
        Steps { list: Vec::new(), explain }
    }

    /// Whether texts (steps, drop reasons, place names) are being written.
    pub fn explain(&self) -> bool {
        self.explain
    }

    /// Records a step; `detail` runs only when explaining.
    pub fn add(&mut self, action: Action, rule: RuleId, detail: impl FnOnce() -> String) {
        if self.explain {
            self.list.push(Step { action, rule, detail: detail() });
        }
    }

    pub fn into_vec(self) -> Vec<Step> {
        self.list
    }
}
