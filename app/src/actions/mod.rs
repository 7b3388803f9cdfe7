//! What a user can do to the design and the view: every action in one registry (`registry`),
//! the edits they build (`edits`), and the keyboard and context menu that reach them (`keys`).

pub mod edits;
pub mod keys;
pub mod output;
pub mod registry;
