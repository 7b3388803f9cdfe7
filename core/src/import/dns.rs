//! DNS (private endpoints and zone groups, private DNS zones, record sets, links, Private Resolver, rulesets) — reserved for the "import-extra" helper (issue 19): see `context` for how a reader is written.

use super::Context;

/// Reads this family's resources; called from `READERS` in `import/mod.rs`.
pub(super) fn read(_cx: &mut Context<'_>) {}
