//! The browser underneath: storage, the URL, files, dialogs, and modules fetched on demand.

pub mod browser;
pub mod lazy;
pub mod storage;
