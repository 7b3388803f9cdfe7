//! The user's designs in this browser: the open one (autosaved under [`CURRENT`]) and the
//! designs kept aside ("keep both", DECISIONS 16) under `saved:<n>`. Every write reports whether
//! it happened, so the studio never says "saved" when nothing was stored.
//!
//! The first edition kept documents in `localStorage`; [`Library::migrate`] moves them over once,
//! deleting the old keys only after the new copies are committed.

use crate::document::startup::Origin;
use crate::document::writing;
use crate::platform::storage::{self, local, Db, StorageError};
use vnet_core::codec::json;
use vnet_core::Document;

/// The key of the open design.
const CURRENT: &str = "current";
/// Keys of saved designs: this prefix and a zero-padded counter, so key order is age order.
const SAVED: &str = "saved:";
/// The first edition's `localStorage` keys.
const OLD_CURRENT: &str = "vnet-studio.current";
const OLD_SAVED: &str = "vnet-studio.saved";
/// Where the open design is written synchronously when the page goes (`Library::stash`): the
/// words, a newline, the document.
const STASH: &str = "vnet-studio.leaving";
/// Where an autosave that does not read is kept, so nothing is saved over it.
const UNREADABLE: &str = "unreadable:current";

/// What the library knows about a document without reading it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Meta {
    pub name: String,
    /// Where it came from (`Origin::tag`).
    pub origin: String,
    /// Changed since it was opened from there.
    pub edited: bool,
}

impl Meta {
    /// Three lines: the origin, `edited` or `kept`, the name (which may hold newlines itself,
    /// so it comes last). Plain text keeps a serializer out of the first page load.
    fn to_text(&self) -> String {
        format!("{}\n{}\n{}", self.origin, if self.edited { "edited" } else { "kept" }, self.name)
    }

    /// Reads [`Meta::to_text`]; anything else is a meta without a name, of the user's own.
    fn from_text(text: &str) -> Self {
        let mut lines = text.splitn(3, '\n');
        let (origin, edited, name) = (lines.next(), lines.next(), lines.next());
        Meta {
            origin: origin.unwrap_or_default().to_string(),
            edited: edited == Some("edited"),
            name: name.unwrap_or_default().to_string(),
        }
    }
}

/// A saved design in the list: its key and name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    pub key: String,
    pub name: String,
}

/// The database, or why there is none. Cheap to clone.
#[derive(Clone)]
pub struct Library(Result<Db, StorageError>);

impl Library {
    /// Opens the database; a library without one answers every call with the reason.
    pub async fn open() -> Self {
        Library(storage::open().await)
    }

    /// Why nothing can be stored in this browser, if so.
    pub fn unavailable(&self) -> Option<StorageError> {
        self.0.as_ref().err().cloned()
    }

    fn db(&self) -> Result<&Db, StorageError> {
        self.0.as_ref().map_err(Clone::clone)
    }

    /// Writes the open design synchronously to `localStorage` as the page goes, in case the
    /// IndexedDB write begun then does not commit. Best effort: a design too large for
    /// `localStorage` still has that write. Needs the writing module (`writing`), which is here
    /// unless the page goes in the instant after it was opened.
    pub fn stash(&self, doc: &Document, origin: &Origin, edited: bool) {
        let Some(writer) = writing::loaded() else { return };
        let meta = Meta { name: doc.design.name.clone(), origin: origin.tag(), edited };
        // The words' length first: they hold newlines.
        let meta = meta.to_text();
        local::save(STASH, &format!("{}\n{meta}{}", meta.len(), (writer.compact)(doc)));
    }

    /// The open design as last autosaved, with where it came from and whether it was edited. A
    /// design stashed as the page went is newer than the database's: it is committed first.
    pub async fn current(&self) -> Result<Option<(Document, Meta)>, StorageError> {
        let db = self.db()?;
        if let Some(text) = local::load(STASH) {
            let parts = text.split_once('\n').and_then(|(n, rest)| rest.split_at_checked(n.parse().ok()?));
            if let Some((meta, doc)) = parts {
                db.put(CURRENT, meta, doc).await?;
            }
            local::remove(STASH);
        }
        let Some(text) = db.doc(CURRENT).await? else { return Ok(None) };
        let meta = db.meta(CURRENT).await?.unwrap_or_default();
        match json::from_json(&text) {
            Ok(doc) => Ok(Some((doc, Meta::from_text(&meta)))),
            // Whatever opens next would be autosaved over it: it moves aside first, untouched
            // (a newer version's format, say), and the open design starts empty.
            Err(e) => {
                db.put(UNREADABLE, &meta, &text).await?;
                db.delete(CURRENT).await?;
                Err(StorageError(format!("it could not be read ({e}); it is kept aside in this browser, untouched")))
            }
        }
    }

    /// Autosaves the open design.
    pub async fn save_current(&self, doc: &Document, origin: &Origin, edited: bool) -> Result<(), StorageError> {
        let meta = Meta { name: doc.design.name.clone(), origin: origin.tag(), edited };
        // Compact: the autosave is read by the studio, not by people.
        let writer = writing::writer().await.map_err(StorageError)?;
        self.put(CURRENT, &meta, &(writer.compact)(doc)).await?;
        // A stash left by an earlier leave is older than this: the next start must not take it.
        local::remove(STASH);
        Ok(())
    }

    async fn put(&self, key: &str, meta: &Meta, doc: &str) -> Result<(), StorageError> {
        self.db()?.put(key, &meta.to_text(), doc).await
    }

    /// The saved designs, newest first.
    pub async fn saved(&self) -> Result<Vec<Entry>, StorageError> {
        let metas = self.db()?.metas(SAVED).await?;
        Ok(metas.into_iter().rev().map(|(key, m)| Entry { key, name: Meta::from_text(&m).name }).collect())
    }

    /// Puts a design in the saved list, under a key one past the newest.
    pub async fn keep(&self, doc: &Document) -> Result<(), StorageError> {
        let newest = self.db()?.metas(SAVED).await?.last().and_then(|(k, _)| counter(k)).unwrap_or(0);
        let meta = Meta { name: doc.design.name.clone(), origin: Origin::Saved.tag(), edited: false };
        let writer = writing::writer().await.map_err(StorageError)?;
        self.put(&format!("{SAVED}{:08}", newest + 1), &meta, &(writer.json)(doc)).await
    }

    /// The saved design under `key`.
    pub async fn read_saved(&self, key: &str) -> Result<Document, StorageError> {
        let text = self.db()?.doc(key).await?.ok_or_else(|| StorageError("that saved design is gone".into()))?;
        json::from_json(&text).map_err(|e| StorageError(format!("that saved design could not be read: {e}")))
    }

    /// Takes a saved design out of the list (it was opened).
    pub async fn forget(&self, key: &str) -> Result<(), StorageError> {
        self.db()?.delete(key).await
    }

    /// Moves the first edition's `localStorage` documents into the database: the old autosave
    /// becomes the open design when there is none yet, else a saved one; the old saved list joins
    /// the saved designs. Old keys are removed only once their copies are committed, so a
    /// failure leaves them where they were, to be tried again on the next load.
    pub async fn migrate(&self) -> Result<usize, StorageError> {
        self.db()?;
        let mut moved = 0;
        if let Some(list) = local::load(OLD_SAVED) {
            // A list that does not parse stays where it is; entries that do not decode stay in it
            // (moved ones leave it), so nothing is lost and nothing is moved twice.
            if let Ok(texts) = serde_json::from_str::<Vec<String>>(&list) {
                let mut left = Vec::new();
                for text in texts {
                    match json::from_json(&text) {
                        Ok(doc) => {
                            self.keep(&doc).await?;
                            moved += 1;
                        }
                        Err(_) => left.push(text),
                    }
                }
                match serde_json::to_string(&left) {
                    Ok(rest) if !left.is_empty() => {
                        local::save(OLD_SAVED, &rest);
                    }
                    _ => local::remove(OLD_SAVED),
                }
            }
        }
        if let Some(text) = local::load(OLD_CURRENT) {
            // A text that does not decode stays where it was: nothing of it is lost.
            if let Ok(doc) = json::from_json(&text) {
                if self.db()?.meta(CURRENT).await?.is_none() {
                    self.save_current(&doc, &Origin::Local, true).await?;
                } else {
                    self.keep(&doc).await?;
                }
                local::remove(OLD_CURRENT);
                moved += 1;
            }
        }
        Ok(moved)
    }
}

/// The counter of a saved key (`saved:00000012` → 12).
fn counter(key: &str) -> Option<u64> {
    key.strip_prefix(SAVED)?.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn saved_keys_sort_by_age_and_read_back() {
        let a = format!("{SAVED}{:08}", 9);
        let b = format!("{SAVED}{:08}", 10);
        assert!(a < b, "zero-padded keys sort as numbers");
        assert_eq!(counter(&b), Some(10));
        assert_eq!(counter("current"), None);
    }

    #[test]
    fn meta_reads_back_also_with_newlines_in_the_name() {
        let m = Meta { name: "two\nlines".into(), origin: "gallery:seed-lab".into(), edited: true };
        assert_eq!(Meta::from_text(&m.to_text()), m);
        assert_eq!(Meta::from_text(""), Meta::default());
    }
}
