//! vnet-core: the engine of vnet-studio. A design goes in, results come out.
//!
//! Architecture invariant: this crate is pure and deterministic: no I/O, no clocks, no randomness,
//! no web dependencies. It builds for native and `wasm32-unknown-unknown`, and never panics on
//! input: every entry point that takes outside data returns a `Result` or diagnostics.
//!
//! Layers (a lower layer never imports a higher one): `id`, `model` → `catalog` → `validate`,
//! `codec`, `layout` → (later) routing, trace, dns, insights, cost.

pub mod build;
pub mod catalog;
pub mod codec;
pub mod connect;
pub mod cost;
pub mod dns;
pub mod edit;
pub mod filter;
pub mod fix;
pub mod gallery;
pub mod id;
pub mod insight;
pub mod layout;
pub mod lookup;
pub mod model;
pub mod network;
pub mod packet;
pub mod reach;
pub mod routes;
pub mod suggest;
pub mod trace;
pub mod validate;

pub use id::Id;
pub use model::{Design, Document};
