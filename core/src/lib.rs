//! vnet-core: the engine of vnet-studio. A design goes in, results come out.
//!
//! Architecture invariant: this crate is pure and deterministic: no I/O, no clocks, no randomness,
//! no web dependencies. It builds for native and `wasm32-unknown-unknown`, and never panics on
//! input: every entry point that takes outside data returns a `Result` or diagnostics.
//!
//! Layers (a lower layer never imports a higher one, tests included; `tests/module_layers.rs`
//! checks it as `module-cycles core/src` does): `id` → `model` → `layout` → `document`; `build`
//! and `gallery` (the designs tests are made of) below every module whose tests use them; the
//! engine, `network` → `routes` → `trace` → `dns` → `connect`, below `fix`, `insight` and `cost`, and `diff` (two designs compared
//! through all of them) above those;
//! `records` (what a private zone holds, D-6, D-10) right above `model`, read by `dns`,
//! `validate` and `insight`.

pub mod build;
pub mod catalog;
pub mod codec;
pub mod connect;
pub mod cost;
pub mod diff;
pub mod dns;
pub mod document;
pub mod edit;
pub mod export;
pub mod filter;
pub mod fix;
pub mod gallery;
pub mod id;
pub mod import;
pub mod insight;
pub mod intent;
pub mod layout;
pub mod lookup;
pub mod model;
pub mod network;
pub mod packet;
pub mod reach;
pub mod records;
pub mod routes;
pub mod suggest;
pub mod trace;
pub mod validate;
pub mod watcher;

pub use document::Document;
pub use id::Id;
pub use model::Design;
