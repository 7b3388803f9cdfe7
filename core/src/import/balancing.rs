//! Reader (helper "import-core"), filled in the next commits.

use super::Context;

pub(super) fn read_nat(_cx: &mut Context<'_>) {}

pub(super) fn read_lbs(_cx: &mut Context<'_>) {}
