//! Which design the studio opens with: a share link in the fragment, else the autosaved local
//! design, else the seed lab. Opening a link never overwrites local work: the link's design is
//! shown, and the local one stays saved until the user chooses (issue 5 adds "keep both").

use vnet_core::codec::{json, link, DecodeError};
use vnet_core::{gallery, Document};

/// Where the open design came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Origin {
    /// A share link; local work (if any) is untouched.
    Link,
    Gallery(&'static str),
    Local,
    /// Nothing else was available: the seed lab.
    Default,
}

/// A message for the banner above the canvas.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Notice {
    pub error: bool,
    pub text: String,
}

pub struct Start {
    pub doc: Document,
    pub origin: Origin,
    pub notice: Option<Notice>,
}

/// `fragment` is the URL fragment without `#`; `local` the autosaved JSON, if any.
pub fn choose(fragment: &str, local: Option<&str>) -> Start {
    let mut notice = None;
    if let Some(slug) = fragment.strip_prefix("gallery=") {
        match gallery::document(slug) {
            Some(Ok(doc)) => {
                let title = gallery::entry(slug).map(|e| e.slug).unwrap_or("gallery");
                return Start { doc, origin: Origin::Gallery(title), notice: None };
            }
            Some(Err(e)) => notice = Some(error(format!("The gallery design '{slug}' could not be built: {e}"))),
            None => notice = Some(error(format!("There is no gallery design named '{slug}'."))),
        }
    } else if !fragment.is_empty() {
        match link::decode(fragment) {
            Ok(doc) => {
                let text = if local.is_some() {
                    "You are looking at a shared design. Your own design is still saved in this browser.".to_string()
                } else {
                    "You are looking at a shared design.".to_string()
                };
                return Start { doc, origin: Origin::Link, notice: Some(Notice { error: false, text }) };
            }
            Err(e) => notice = Some(error(link_error(&e))),
        }
    }
    if let Some(text) = local {
        match json::from_json(text) {
            Ok(doc) => return Start { doc, origin: Origin::Local, notice },
            Err(e) => {
                let msg = format!("Your autosaved design could not be read ({e}); it is kept as it was.");
                notice.get_or_insert(error(msg));
            }
        }
    }
    let doc = seed_lab();
    Start { doc, origin: Origin::Default, notice }
}

fn seed_lab() -> Document {
    match gallery::document("seed-lab") {
        Some(Ok(doc)) => doc,
        // The gallery is tested to build; an empty design is the safe fallback all the same.
        _ => Document::new(Default::default(), Default::default()),
    }
}

fn error(text: String) -> Notice {
    Notice { error: true, text }
}

fn link_error(e: &DecodeError) -> String {
    format!("This share link could not be opened. {e} Nothing in this browser was changed.")
}
