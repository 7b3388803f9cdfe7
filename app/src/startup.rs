//! Which design the studio opens with: a share link in the fragment, else the autosaved local
//! design, else the seed lab. Gallery designs are files fetched after the first render
//! (`crate::gallery`), so for them `choose` names the file and the studio opens it when it arrives. Opening a link never overwrites local work: the link's design is
//! shown, and the local one stays saved until the user chooses (issue 5 adds "keep both").

use vnet_core::codec::{json, link, DecodeError};
use vnet_core::Document;

/// Where the open design came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Origin {
    /// A share link; local work (if any) is untouched.
    Link,
    /// A gallery design, by slug.
    Gallery(String),
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
    /// A gallery design to fetch and open in place of `doc` (the seed lab on a first visit).
    pub fetch: Option<String>,
}

/// `fragment` is the URL fragment without `#`; `local` the autosaved JSON, if any.
pub fn choose(fragment: &str, local: Option<&str>) -> Start {
    let mut notice = None;
    // A gallery design opens when its file arrives; until then (or if it cannot be had) the
    // local design shows, so nothing is lost.
    let mut fetch = None;
    if let Some(slug) = fragment.strip_prefix("gallery=") {
        fetch = Some(slug.to_string());
    } else if !fragment.is_empty() {
        match link::decode(fragment) {
            Ok(doc) => {
                let text = if local.is_some() {
                    "You are looking at a shared design. Your own design is still saved in this browser.".to_string()
                } else {
                    "You are looking at a shared design.".to_string()
                };
                return Start { doc, origin: Origin::Link, notice: Some(Notice { error: false, text }), fetch: None };
            }
            Err(e) => notice = Some(error(link_error(&e))),
        }
    }
    if let Some(text) = local {
        match json::from_json(text) {
            Ok(doc) => return Start { doc, origin: Origin::Local, notice, fetch },
            Err(e) => {
                let msg = format!("Your autosaved design could not be read ({e}); it is kept as it was.");
                notice.get_or_insert(error(msg));
            }
        }
    }
    let fetch = fetch.or_else(|| Some("seed-lab".to_string()));
    Start { doc: empty(), origin: Origin::Default, notice, fetch }
}

/// What the canvas shows until a fetched design arrives.
fn empty() -> Document {
    Document::new(Default::default(), Default::default())
}

fn error(text: String) -> Notice {
    Notice { error: true, text }
}

fn link_error(e: &DecodeError) -> String {
    format!("This share link could not be opened. {e} Nothing in this browser was changed.")
}
