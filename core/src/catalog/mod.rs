//! Static knowledge the engine and the studio share (DECISIONS 14, 15): the service catalog,
//! the rule catalog (the texts behind every rule id) and the dated price table.

pub mod prices;
pub mod rules;
pub mod services;
