//! The few browser facilities the studio uses, behind plain functions. Side effects (local
//! storage, the URL, the clipboard) live here and nowhere else. Every call tolerates a missing
//! API (private mode, old browsers): it returns `None`/`false` instead of failing.

use wasm_bindgen::JsValue;

/// Local-storage key of the autosaved current design (JSON of a `Document`).
pub const AUTOSAVE_KEY: &str = "vnet-studio.current";

fn window() -> Option<web_sys::Window> {
    web_sys::window()
}

fn storage() -> Option<web_sys::Storage> {
    window()?.local_storage().ok().flatten()
}

pub fn load_local(key: &str) -> Option<String> {
    storage()?.get_item(key).ok().flatten()
}

pub fn save_local(key: &str, value: &str) -> bool {
    storage().is_some_and(|s| s.set_item(key, value).is_ok())
}

/// The URL fragment without its leading `#`.
pub fn fragment() -> String {
    window().and_then(|w| w.location().hash().ok()).map(|h| h.trim_start_matches('#').to_string()).unwrap_or_default()
}

/// The page address without its fragment, to build share links.
pub fn base_url() -> String {
    window()
        .and_then(|w| {
            let l = w.location();
            Some(format!("{}{}{}", l.origin().ok()?, l.pathname().ok()?, l.search().ok()?))
        })
        .unwrap_or_default()
}

/// Replaces the fragment without adding a history entry or reloading.
pub fn set_fragment(fragment: &str) {
    if let Some(history) = window().and_then(|w| w.history().ok()) {
        let url = format!("{}#{}", base_url(), fragment);
        let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(&url));
    }
}

/// Removes the fragment (after a link was dealt with), keeping the page.
pub fn clear_fragment() {
    if let Some(history) = window().and_then(|w| w.history().ok()) {
        let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(&base_url()));
    }
}

/// Copies text to the clipboard; resolves to whether it worked (it needs a secure context).
pub async fn copy_to_clipboard(text: &str) -> bool {
    let Some(nav) = window().map(|w| w.navigator()) else {
        return false;
    };
    let promise = nav.clipboard().write_text(text);
    wasm_bindgen_futures::JsFuture::from(promise).await.is_ok()
}
