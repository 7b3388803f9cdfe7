//! Documents in IndexedDB, behind a thin `web-sys` layer: a design of several megabytes (an
//! imported landing zone) is written like a small one, where `localStorage` stops at about 5 MB
//! per site. Every call returns what went wrong instead of failing quietly, so the studio can
//! say when a design is *not* saved (quota full, storage disabled, private mode).
//!
//! Two object stores with the same keys: `docs` holds the document's JSON, `meta` a few words
//! about it (its name, where it came from), so listing saved designs never reads their bodies.
//! A write puts both in one transaction and counts as done only when the transaction commits:
//! a full quota is reported at commit, not when the request is made.

use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{IdbDatabase, IdbKeyRange, IdbRequest, IdbTransaction, IdbTransactionMode};

const DB_NAME: &str = "vnet-studio";
const DB_VERSION: u32 = 1;
const DOCS: &str = "docs";
const META: &str = "meta";

/// Why storage failed, in words a person can act on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StorageError(pub String);

impl std::fmt::Display for StorageError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// The open database. Cheap to clone (a handle).
#[derive(Clone)]
pub struct Db(IdbDatabase);

/// A browser error as words: a full quota is named as such, anything else by its name and message.
fn describe(e: JsValue) -> StorageError {
    let exception = e.dyn_ref::<web_sys::DomException>();
    let name = exception.map(|x| x.name()).unwrap_or_default();
    let message = exception.map(|x| x.message()).or_else(|| e.as_string()).unwrap_or_default();
    StorageError(match name.as_str() {
        "QuotaExceededError" => "the browser's storage for this site is full".to_string(),
        "" if message.is_empty() => "the browser refused to store it".to_string(),
        _ => format!("the browser refused to store it ({name}: {message})"),
    })
}

/// Waits for one of a request's or a transaction's outcomes: `ok` resolves, `bad` rejects with
/// the error `error_of` reads then.
async fn outcome(
    set: impl FnOnce(&js_sys::Function, &js_sys::Function),
    result_of: impl FnOnce() -> JsValue + 'static,
    error_of: impl FnOnce() -> JsValue + 'static,
) -> Result<JsValue, StorageError> {
    // The promise's executor runs at once; its two functions are taken out and wired here.
    let mut settle = None;
    let promise = js_sys::Promise::new(&mut |resolve, reject| settle = Some((resolve, reject)));
    let Some((resolve, reject)) = settle else { return Err(StorageError("no promise".into())) };
    let ok = Closure::once_into_js(move |_: web_sys::Event| {
        let _ = resolve.call1(&JsValue::NULL, &result_of());
    });
    let bad = Closure::once_into_js(move |_: web_sys::Event| {
        let _ = reject.call1(&JsValue::NULL, &error_of());
    });
    set(ok.unchecked_ref(), bad.unchecked_ref());
    JsFuture::from(promise).await.map_err(describe)
}

/// A request's result once it succeeds.
async fn request(req: IdbRequest) -> Result<JsValue, StorageError> {
    let (r, e, s) = (req.clone(), req.clone(), req);
    outcome(
        move |ok, bad| {
            s.set_onsuccess(Some(ok));
            s.set_onerror(Some(bad));
        },
        move || r.result().unwrap_or(JsValue::UNDEFINED),
        move || e.error().ok().flatten().map(JsValue::from).unwrap_or(JsValue::NULL),
    )
    .await
}

/// Waits until a transaction has committed (or says why it did not).
async fn committed(tx: IdbTransaction) -> Result<(), StorageError> {
    let (e, s) = (tx.clone(), tx);
    outcome(
        move |ok, bad| {
            s.set_oncomplete(Some(ok));
            // A failed request fires `error` and then aborts the transaction: only `abort` is
            // heard, since each callback may run once.
            s.set_onabort(Some(bad));
        },
        || JsValue::UNDEFINED,
        move || e.error().map(JsValue::from).unwrap_or(JsValue::NULL),
    )
    .await
    .map(|_| ())
}

/// Opens (and on first use creates) the studio's database; an error when the browser has no
/// IndexedDB or refuses it (storage disabled, some private modes).
pub async fn open() -> Result<Db, StorageError> {
    let unavailable = |why: &str| StorageError(format!("this browser does not let the studio store anything ({why})"));
    let factory =
        web_sys::window().and_then(|w| w.indexed_db().ok().flatten()).ok_or_else(|| unavailable("no IndexedDB"))?;
    let req = factory.open_with_u32(DB_NAME, DB_VERSION).map_err(|e| unavailable(&describe(e).0))?;
    let upgrade = req.clone();
    let on_upgrade = Closure::once_into_js(move |_: web_sys::Event| {
        if let Some(db) = upgrade.result().ok().and_then(|r| r.dyn_into::<IdbDatabase>().ok()) {
            for store in [DOCS, META] {
                if !db.object_store_names().contains(store) {
                    let _ = db.create_object_store(store);
                }
            }
        }
    });
    req.set_onupgradeneeded(Some(on_upgrade.unchecked_ref()));
    let db = request(req.unchecked_into()).await.map_err(|e| unavailable(&e.0))?;
    db.dyn_into::<IdbDatabase>().map(Db).map_err(|_| unavailable("not a database"))
}

impl Db {
    fn transaction(&self, mode: IdbTransactionMode) -> Result<IdbTransaction, StorageError> {
        let stores = js_sys::Array::of2(&JsValue::from_str(DOCS), &JsValue::from_str(META));
        self.0.transaction_with_str_sequence_and_mode(&stores, mode).map_err(describe)
    }

    /// Writes a document and its words under `key`; done when committed.
    pub async fn put(&self, key: &str, meta: &str, doc: &str) -> Result<(), StorageError> {
        let tx = self.transaction(IdbTransactionMode::Readwrite)?;
        let key = JsValue::from_str(key);
        tx.object_store(DOCS).and_then(|s| s.put_with_key(&JsValue::from_str(doc), &key)).map_err(describe)?;
        tx.object_store(META).and_then(|s| s.put_with_key(&JsValue::from_str(meta), &key)).map_err(describe)?;
        committed(tx).await
    }

    /// Removes `key` from both stores.
    pub async fn delete(&self, key: &str) -> Result<(), StorageError> {
        let tx = self.transaction(IdbTransactionMode::Readwrite)?;
        let key = JsValue::from_str(key);
        for store in [DOCS, META] {
            tx.object_store(store).and_then(|s| s.delete(&key)).map_err(describe)?;
        }
        committed(tx).await
    }

    async fn get(&self, store: &str, key: &str) -> Result<Option<String>, StorageError> {
        let tx = self.transaction(IdbTransactionMode::Readonly)?;
        let req = tx.object_store(store).and_then(|s| s.get(&JsValue::from_str(key))).map_err(describe)?;
        Ok(request(req).await?.as_string())
    }

    /// The document under `key`, if any.
    pub async fn doc(&self, key: &str) -> Result<Option<String>, StorageError> {
        self.get(DOCS, key).await
    }

    /// The words about the document under `key`, if any.
    pub async fn meta(&self, key: &str) -> Result<Option<String>, StorageError> {
        self.get(META, key).await
    }

    /// Every (key, words) whose key starts with `prefix`, in key order.
    pub async fn metas(&self, prefix: &str) -> Result<Vec<(String, String)>, StorageError> {
        let range = IdbKeyRange::bound(&JsValue::from_str(prefix), &JsValue::from_str(&format!("{prefix}\u{ffff}")))
            .map_err(describe)?;
        let tx = self.transaction(IdbTransactionMode::Readonly)?;
        let store = tx.object_store(META).map_err(describe)?;
        let keys = store.get_all_keys_with_key(&range).map_err(describe)?;
        let values = store.get_all_with_key(&range).map_err(describe)?;
        let (keys, values) = (request(keys).await?, request(values).await?);
        let (keys, values) = (js_sys::Array::from(&keys), js_sys::Array::from(&values));
        Ok(keys.iter().zip(values.iter()).filter_map(|(k, v)| Some((k.as_string()?, v.as_string()?))).collect())
    }
}

/// `localStorage`, still used for small things (the clipboard between designs, which panels are
/// open) and read once to move the first edition's documents over.
pub mod local {
    fn storage() -> Option<web_sys::Storage> {
        web_sys::window()?.local_storage().ok().flatten()
    }

    pub fn load(key: &str) -> Option<String> {
        storage()?.get_item(key).ok().flatten()
    }

    /// Whether the value was stored (false: storage full or disabled).
    pub fn save(key: &str, value: &str) -> bool {
        storage().is_some_and(|s| s.set_item(key, value).is_ok())
    }

    pub fn remove(key: &str) {
        if let Some(s) = storage() {
            let _ = s.remove_item(key);
        }
    }
}
