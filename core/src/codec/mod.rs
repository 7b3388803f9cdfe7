//! Codec: designs in and out of files and share links (Excalidraw's `restore`, Mermaid's
//! versioned `pako:` links; STYLE.md).
//!
//! - [`json`]: a [`Document`](crate::document::Document) as pretty, stable JSON (files, local
//!   storage) and back, with the JSON path of the first bad value in errors.
//! - [`link`]: a document as a share link, `1.<base64url(deflate(compact JSON))>`, and back.
//! - [`migrate`]: older schemas brought up to the current one, step by step, on plain JSON.
//!
//! Two versions, kept apart on purpose:
//! - the **schema version** (`"schema"` in the JSON, [`SCHEMA_VERSION`](crate::model::SCHEMA_VERSION))
//!   says which model the JSON follows. It moves with the model; every older schema is migrated on
//!   read, a newer one is refused with [`DecodeError::FutureVersion`]. Files and links share it.
//! - the **link format version** (the `1.` before the data, [`link::LINK_VERSION`]) says how the
//!   JSON is packed into the link (compression, alphabet). It changes only if that packing does,
//!   and every earlier format keeps decoding.
//!
//! Every decoder entry point is one function that takes any text and returns a `Result`:
//! [`json::from_json`] and [`link::decode`], or, for a caller that tells people what was repaired
//! on read ([`restore`]: repeated ids), [`json::from_json_with_repairs`] and
//! [`link::decode_with_repairs`], which return an [`Opened`] document with its [`Repair`]s. Frozen fixtures of every past schema and link format
//! live in `core/tests/fixtures/` and are never regenerated.
//!
//! Architecture invariant: decoding never panics, whatever the input, and its memory is bounded
//! ([`json::MAX_JSON_BYTES`], [`link::MAX_LINK_CHARS`], [`link::MAX_INFLATED_BYTES`]). The codec
//! knows the model's serde form and nothing else: it never validates network semantics (that is
//! `validate`).

mod error;
pub mod json;
pub mod link;
mod locate;
pub mod migrate;
mod read;
pub mod restore;
mod tree;

pub use error::DecodeError;
pub use restore::{Opened, Repair};
