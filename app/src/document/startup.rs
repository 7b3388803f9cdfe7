//! Where a design comes from, and what the URL fragment asks to open. Pure: no browser calls, so
//! the rules are unit-tested natively.
//!
//! A fragment is an instruction, read once: `#gallery=<slug>` opens a gallery design, any other
//! fragment is a share link. Once the design it names is open (or the user declined), the studio
//! clears the fragment, so a reload never asks the same question again and the URL never names
//! a design other than the one open.

use vnet_core::codec::{link, DecodeError, Opened};

/// Where the open design came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Origin {
    /// A share link.
    Link,
    /// A gallery design, by slug.
    Gallery(String),
    /// A file imported from disk.
    File,
    /// Made with "New" (blank, or from a gallery design as a template).
    New,
    /// Opened from the saved designs (it left that list when opened).
    Saved,
    /// The user's own design from an earlier visit (or the first edition's storage).
    Local,
    /// Nothing else was available: the seed lab on a first visit.
    Default,
}

impl Origin {
    /// The origin as stored with the autosave.
    pub fn tag(&self) -> String {
        match self {
            Origin::Link => "link".into(),
            Origin::Gallery(slug) => format!("gallery:{slug}"),
            Origin::File => "file".into(),
            Origin::New => "new".into(),
            Origin::Saved => "saved".into(),
            Origin::Local => "local".into(),
            Origin::Default => "default".into(),
        }
    }

    /// The origin a stored tag names; anything unknown is the user's own design.
    pub fn from_tag(tag: &str) -> Self {
        match tag {
            "link" => Origin::Link,
            "file" => Origin::File,
            "new" => Origin::New,
            "saved" => Origin::Saved,
            "default" => Origin::Default,
            _ => match tag.strip_prefix("gallery:") {
                Some(slug) => Origin::Gallery(slug.to_string()),
                None => Origin::Local,
            },
        }
    }

    /// Whether a design from here exists nowhere else once replaced, edited or not: the user's
    /// own design and one taken out of the saved list. A gallery design, a link, a file or a
    /// blank new design can be had again as long as it was not edited.
    pub fn only_here(&self) -> bool {
        matches!(self, Origin::Local | Origin::Saved)
    }
}

/// A message for the banner above the canvas.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Notice {
    pub error: bool,
    pub text: String,
}

impl Notice {
    pub fn info(text: impl Into<String>) -> Self {
        Notice { error: false, text: text.into() }
    }

    pub fn error(text: impl Into<String>) -> Self {
        Notice { error: true, text: text.into() }
    }
}

/// What a URL fragment asks for.
#[derive(Debug)]
pub enum Fragment {
    /// No fragment.
    Nothing,
    /// `#gallery=<slug>`: fetch the gallery design and open it.
    Gallery(String),
    /// A share link, decoded (with the repairs made to read it).
    Link(Box<Opened>),
    /// A share link that does not decode: the message says why, and that nothing changed.
    Broken(String),
}

impl Fragment {
    /// `fragment` is the URL fragment without `#`.
    pub fn parse(fragment: &str) -> Self {
        if fragment.is_empty() {
            Fragment::Nothing
        } else if let Some(slug) = fragment.strip_prefix("gallery=") {
            Fragment::Gallery(slug.to_string())
        } else {
            match link::decode_with_repairs(fragment) {
                Ok(opened) => Fragment::Link(Box::new(opened)),
                Err(e) => Fragment::Broken(link_error(&e)),
            }
        }
    }
}

fn link_error(e: &DecodeError) -> String {
    format!("This share link could not be opened. {e} Nothing in this browser was changed.")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origins_survive_the_autosave() {
        for o in [
            Origin::Link,
            Origin::Gallery("seed-lab".into()),
            Origin::File,
            Origin::New,
            Origin::Saved,
            Origin::Local,
            Origin::Default,
        ] {
            assert_eq!(Origin::from_tag(&o.tag()), o);
        }
        assert_eq!(Origin::from_tag(""), Origin::Local, "the first edition stored no origin: the user's own");
    }

    #[test]
    fn fragments() {
        assert!(matches!(Fragment::parse(""), Fragment::Nothing));
        assert!(matches!(Fragment::parse("gallery=seed-lab"), Fragment::Gallery(s) if s == "seed-lab"));
        assert!(
            matches!(Fragment::parse("v1.%%%"), Fragment::Broken(m) if m.contains("Nothing in this browser was changed"))
        );
        let doc = vnet_core::Document::new(Default::default(), Default::default());
        assert!(matches!(Fragment::parse(&link::encode(&doc)), Fragment::Link(_)));
    }
}
