//! The few browser facilities the studio uses, behind plain functions. Side effects (the URL,
//! the clipboard, files, dialogs) live here and in `storage`, nowhere else. Every call tolerates a missing
//! API (private mode, old browsers): it returns `None`/`false` instead of failing.

use wasm_bindgen::{JsCast, JsValue};

fn window() -> Option<web_sys::Window> {
    web_sys::window()
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

/// Asks a yes/no question with the browser's own dialog; `false` when there is no window.
pub fn confirm(message: &str) -> bool {
    window().and_then(|w| w.confirm_with_message(message).ok()).unwrap_or(false)
}

/// Offers `content` as a file download named `name`.
pub fn download(name: &str, mime: &str, content: &str) -> bool {
    let parts = js_sys::Array::of1(&JsValue::from_str(content));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options) else {
        return false;
    };
    download_blob(name, &blob)
}

fn download_blob(name: &str, blob: &web_sys::Blob) -> bool {
    let Ok(url) = web_sys::Url::create_object_url_with_blob(blob) else { return false };
    let clicked = (|| {
        let document = window()?.document()?;
        let a: web_sys::HtmlAnchorElement = document.create_element("a").ok()?.dyn_into().ok()?;
        a.set_href(&url);
        a.set_download(name);
        a.click();
        Some(())
    })();
    // Revoked later: the download may still be reading the blob.
    leptos::prelude::set_timeout(
        move || {
            let _ = web_sys::Url::revoke_object_url(&url);
        },
        std::time::Duration::from_secs(30),
    );
    clicked.is_some()
}

/// The files of `list` (a file input's, or a drop's), taken at once: a file input's list is live
/// and empties when the input is reset for the next choice.
pub fn files_of(list: &web_sys::FileList) -> Vec<web_sys::File> {
    (0..list.length()).filter_map(|i| list.get(i)).collect()
}

/// Every file as (name, text). Their sizes (`File.size`) are checked against `max_bytes` before
/// any is read, so a file too big is never loaded (issue 24 §1); the error names the file and the
/// cap ([`refuse_sizes`]).
pub async fn read_files(files: Vec<web_sys::File>, max_bytes: usize) -> Result<Vec<(String, String)>, String> {
    let sizes: Vec<(String, f64)> = files.iter().map(|f| (f.name(), f.size())).collect();
    if let Some(why) = refuse_sizes(&sizes, max_bytes) {
        return Err(why);
    }
    let mut out = Vec::with_capacity(files.len());
    for file in files {
        let text = wasm_bindgen_futures::JsFuture::from(file.text())
            .await
            .ok()
            .and_then(|t| t.as_string())
            .ok_or_else(|| format!("the file {} could not be read as text", file.name()))?;
        out.push((file.name(), text));
    }
    Ok(out)
}

/// Resolves after the next frame is painted (two animation frames): a status line set before a
/// long synchronous task shows before the task holds the page.
pub async fn next_frame() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let twice = wasm_bindgen::closure::Closure::once_into_js(move || {
            if let Some(w) = window() {
                let _ = w.request_animation_frame(resolve.unchecked_ref());
            }
        });
        if let Some(w) = window() {
            let _ = w.request_animation_frame(twice.unchecked_ref());
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// Clears the page's text selection (Ctrl/⌘+A on the canvas selects elements, not text).
pub fn clear_text_selection() {
    if let Some(selection) = window().and_then(|w| w.get_selection().ok().flatten()) {
        let _ = selection.remove_all_ranges();
    }
}

/// Sets the page's title (the browser tab, the window list, bookmarks).
pub fn set_title(title: &str) {
    if let Some(d) = window().and_then(|w| w.document()) {
        d.set_title(title);
    }
}

/// Draws an SVG document onto a canvas of `width`×`height` pixels and downloads it as PNG.
/// The SVG is loaded as an image from a blob URL (the CSP allows `img-src blob:`).
pub async fn download_png(name: &str, svg: &str, width: u32, height: u32) -> bool {
    png(name, svg, width, height).await.is_some()
}

async fn png(name: &str, svg: &str, width: u32, height: u32) -> Option<()> {
    let document = window()?.document()?;
    let parts = js_sys::Array::of1(&JsValue::from_str(svg));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("image/svg+xml");
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options).ok()?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).ok()?;
    let img = web_sys::HtmlImageElement::new().ok()?;
    img.set_src(&url);
    let loaded = wasm_bindgen_futures::JsFuture::from(img.decode()).await;
    let _ = web_sys::Url::revoke_object_url(&url);
    loaded.ok()?;
    let canvas: web_sys::HtmlCanvasElement = document.create_element("canvas").ok()?.dyn_into().ok()?;
    canvas.set_width(width);
    canvas.set_height(height);
    let ctx: web_sys::CanvasRenderingContext2d = canvas.get_context("2d").ok()??.dyn_into().ok()?;
    ctx.set_fill_style_str("#ffffff");
    ctx.fill_rect(0.0, 0.0, f64::from(width), f64::from(height));
    ctx.draw_image_with_html_image_element_and_dw_and_dh(&img, 0.0, 0.0, f64::from(width), f64::from(height)).ok()?;
    let data_url = canvas.to_data_url_with_type("image/png").ok()?;
    let document_a: web_sys::HtmlAnchorElement = document.create_element("a").ok()?.dyn_into().ok()?;
    document_a.set_href(&data_url);
    document_a.set_download(name);
    document_a.click();
    Some(())
}

/// The markup of the element matching `selector`, for SVG export.
pub fn outer_html(selector: &str) -> Option<String> {
    Some(window()?.document()?.query_selector(selector).ok()??.outer_html())
}

/// The text of a file of the studio's own (`path` relative to the page), or why not ("HTTP 404").
pub async fn fetch_text(path: &str) -> Result<String, String> {
    let window = web_sys::window().ok_or("no window")?;
    let response = wasm_bindgen_futures::JsFuture::from(window.fetch_with_str(path))
        .await
        .map_err(|_| "the network request failed")?;
    let response: web_sys::Response = response.dyn_into().map_err(|_| "not a response")?;
    if !response.ok() {
        return Err(format!("HTTP {}", response.status()));
    }
    let text = wasm_bindgen_futures::JsFuture::from(response.text().map_err(|_| "no body")?)
        .await
        .map_err(|_| "the body could not be read")?;
    text.as_string().ok_or_else(|| "the body is not text".to_string())
}

/// The size in CSS pixels of the element behind `node`, kept current by a `ResizeObserver`
/// (the canvas changes size with the window and with the side panel, not only on `resize`).
pub fn observed_size(node: leptos::prelude::NodeRef<leptos::svg::Svg>) -> leptos::prelude::RwSignal<(f64, f64)> {
    use leptos::prelude::*;
    use wasm_bindgen::closure::Closure;
    let size = RwSignal::new((0.0, 0.0));
    Effect::new(move |_| {
        let Some(el) = node.get() else { return };
        let el: web_sys::Element = el.unchecked_into();
        // Read at once (not left to the observer's first report), so the first frame already
        // draws the text its zoom allows.
        size.set((f64::from(el.client_width()), f64::from(el.client_height())));
        let on_resize = Closure::<dyn FnMut(js_sys::Array)>::new(move |entries: js_sys::Array| {
            if let Ok(entry) = entries.get(0).dyn_into::<web_sys::ResizeObserverEntry>() {
                let r = entry.content_rect();
                size.set((r.width(), r.height()));
            }
        });
        if let Ok(observer) = web_sys::ResizeObserver::new(on_resize.as_ref().unchecked_ref()) {
            observer.observe(&el);
        }
        // The canvas lives as long as the page: its observer and callback do too.
        on_resize.forget();
    });
    size
}

/// The text of every CSS rule the page has loaded (the studio's stylesheet), read back from the
/// page rather than compiled into the wasm (25 KB): exported drawings embed it.
pub fn page_styles() -> String {
    let Some(sheets) = window().and_then(|w| w.document()).map(|d| d.style_sheets()) else { return String::new() };
    let mut out = String::new();
    for sheet in (0..sheets.length()).filter_map(|i| sheets.item(i)?.dyn_into::<web_sys::CssStyleSheet>().ok()) {
        let Ok(rules) = sheet.css_rules() else { continue };
        for rule in (0..rules.length()).filter_map(|j| rules.item(j)) {
            out.push_str(&rule.css_text());
            out.push('\n');
        }
    }
    out
}

/// Why files of these (name, size in bytes) are not read, if they are more than `max_bytes`
/// together: the one file that is too big by itself is named, else the total is given.
pub fn refuse_sizes(files: &[(String, f64)], max_bytes: usize) -> Option<String> {
    const MB: f64 = 1_048_576.0;
    let cap = max_bytes as f64;
    let total: f64 = files.iter().map(|(_, size)| size).sum();
    if total <= cap {
        return None;
    }
    let cap_mb = max_bytes >> 20;
    Some(match files.iter().find(|(_, size)| *size > cap) {
        Some((name, size)) => {
            format!("{name} is {:.0} MB, more than the {cap_mb} MB the studio reads", size / MB)
        }
        None => format!(
            "the {} files are {:.0} MB together, more than the {cap_mb} MB the studio reads",
            files.len(),
            total / MB
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::refuse_sizes;

    const CAP: usize = 256 << 20;

    #[test]
    fn sizes_are_refused_before_reading_naming_the_file_and_the_cap() {
        let file = |name: &str, mb: f64| (name.to_string(), mb * 1_048_576.0);
        assert_eq!(refuse_sizes(&[file("hub.json", 3.0)], CAP), None);
        assert_eq!(refuse_sizes(&[file("a.json", 128.0), file("b.json", 128.0)], CAP), None);
        assert_eq!(
            refuse_sizes(&[file("export.json", 3072.0)], CAP).as_deref(),
            Some("export.json is 3072 MB, more than the 256 MB the studio reads")
        );
        assert_eq!(
            refuse_sizes(&[file("a.json", 200.0), file("b.json", 100.0)], CAP).as_deref(),
            Some("the 2 files are 300 MB together, more than the 256 MB the studio reads")
        );
    }
}
