//! Copying an answer: to the clipboard, or as a download where the browser refuses, and the
//! `az` form of Network Watcher's answers (`vnet_core::watcher::az`), so that what the studio
//! predicts can be diffed with what `az` prints for the real deployment.

use crate::platform::browser;
use leptos::prelude::*;
use leptos::task::spawn_local;
use serde::Serialize;
use vnet_core::watcher::az;

/// Copies `text`; where the browser refuses, downloads it as `name` instead. `status` says which.
pub fn copy_or_download(text: String, name: &'static str, mime: &'static str, status: RwSignal<String>) {
    spawn_local(async move {
        if browser::copy_to_clipboard(&text).await {
            status.set("Copied.".into());
        } else if browser::download(name, mime, &text) {
            status.set(format!("This browser did not allow copying: downloaded {name}."));
        }
    });
}

/// Copies `answer` exactly as `az … -o json` prints it (`az::az_json`: no `vnetStudio` keys,
/// sorted keys, two-space indentation), with a final newline as `az` ends its output.
pub fn copy_az<T: Serialize>(answer: &T, name: &'static str, status: RwSignal<String>) {
    let text = az::az_json(answer).and_then(|v| serde_json::to_string_pretty(&v));
    match text {
        Ok(text) => copy_or_download(text + "\n", name, "application/json", status),
        Err(e) => status.set(format!("Could not write the answer as JSON: {e}")),
    }
}
