//! Reader (helper "import-core"), filled in the next commits.

use super::Context;

pub(super) fn read(_cx: &mut Context<'_>) {}
