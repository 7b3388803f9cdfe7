//! The page: top bar, banners, palette, toolbar, canvas and side panels put together, and how
//! the studio starts.

pub mod banners;
pub mod boot;
pub mod export_dialog;
pub mod files;
pub mod import_dialog;
pub mod palette;
pub mod studio;
pub mod toolbar;
pub mod topbar;
