//! The open design: its signals and undo history, where it came from, the designs kept in this
//! browser, the gallery's files, and the one path that replaces the open design.

pub mod checkpoint;
pub mod editor;
pub mod gallery;
pub mod importing;
pub mod library;
pub mod naming;
pub mod open;
pub mod startup;
pub mod store;
pub mod writing;
