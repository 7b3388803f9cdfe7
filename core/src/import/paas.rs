//! PaaS services (storage, key vaults, SQL and the other catalog services, network ACLs) — reserved for the "import-extra" helper (issue 19): see `context` for how a reader is written.

use super::Context;

/// Reads this family's resources; called from `READERS` in `import/mod.rs`.
pub(super) fn read(_cx: &mut Context<'_>) {}
