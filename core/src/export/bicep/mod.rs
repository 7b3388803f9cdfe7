//! Bicep (stub, written in step 3).
use super::plan::Plan;
pub(crate) fn write(_plan: &Plan, _d: &crate::Design) -> String {
    String::new()
}
