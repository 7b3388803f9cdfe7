//! The side panels: properties, diagnostics, and the simulation's views (routes, traces, DNS,
//! reachability, insights, cost), the latter in a module fetched on demand.

pub mod about;
pub mod cost;
pub mod diagnostics;
pub mod insights;
pub mod properties;
pub mod rule_texts;
pub mod sim;
pub mod views;
