//! The drawing as a standalone SVG document (styles embedded, so it looks the same outside the
//! studio), for SVG export and as the source of PNG export.
//!
//! A module fetched on the first SVG or PNG export (`split_drawing`, DECISIONS 24): the main
//! side names only [`exporter`] and calls through [`Exporter`], so reading the drawing, the
//! stylesheet and the PNG rendering stay out of the first load.

use crate::platform::browser;
use leptos::wasm_split::SplitLoaderError;
use std::future::Future;
use std::pin::Pin;

/// A PNG on its way: true once it is drawn and downloaded.
pub type PngDone = Pin<Box<dyn Future<Output = bool>>>;

/// What the drawing's module provides. Both read the drawing when called, so the caller
/// decides when it is ready to be read (every box's text drawn: `FullText`).
pub struct Exporter {
    /// Downloads the drawing as an SVG file named `name`; false when there is no drawing.
    pub svg: fn(&str) -> bool,
    /// Reads the drawing for a PNG file named `name`, drawn and downloaded by the future.
    pub png: fn(String) -> Option<PngDone>,
}

static EXPORTER: Exporter = Exporter { svg: download_svg, png: download_png };

/// The split point of the drawing's export (`platform::lazy`).
#[leptos::wasm_split::wasm_split(drawing, wasm_split_path = ::leptos::wasm_split, fallible)]
fn entry() -> Result<&'static Exporter, SplitLoaderError> {
    Ok(&EXPORTER)
}

/// The exporter, fetched the first time (the loader keeps it once here).
pub async fn exporter() -> Result<&'static Exporter, String> {
    entry()
        .await
        .map_err(|_| "the part of the studio that exports drawings could not be loaded (is the network down?)".into())
}

fn download_svg(name: &str) -> bool {
    svg_markup().is_some_and(|svg| browser::download(name, "image/svg+xml", &svg))
}

fn download_png(name: String) -> Option<PngDone> {
    let (svg, w, h) = svg_for_png()?;
    Some(Box::pin(async move { browser::download_png(&name, &svg, w, h).await }))
}

/// Pixels per canvas unit in PNG export.
const PNG_SCALE: f64 = 2.0;

/// The canvas as a standalone SVG document.
fn svg_markup() -> Option<String> {
    let live = browser::outer_html("svg.canvas")?;
    let (w, h) = view_size(&live)?;
    Some(standalone(&live, w, h, &browser::page_styles()))
}

/// The SVG for PNG export and its pixel size.
fn svg_for_png() -> Option<(String, u32, u32)> {
    let live = browser::outer_html("svg.canvas")?;
    let (w, h) = view_size(&live)?;
    let (pw, ph) = ((w * PNG_SCALE).clamp(1.0, 8000.0), (h * PNG_SCALE).clamp(1.0, 8000.0));
    Some((standalone(&live, pw, ph, &browser::page_styles()), pw as u32, ph as u32))
}

/// Width and height of the `viewBox` of the first `<svg …>` tag.
fn view_size(svg: &str) -> Option<(f64, f64)> {
    let start = svg.find("viewBox=\"")? + "viewBox=\"".len();
    let rest = &svg[start..];
    let values: Vec<f64> = rest[..rest.find('"')?].split_whitespace().filter_map(|v| v.parse().ok()).collect();
    match values.as_slice() {
        [_, _, w, h] if *w > 0.0 && *h > 0.0 => Some((*w, *h)),
        _ => None,
    }
}

/// `live` as a document of its own, with `styles` (the studio's stylesheet, which has the
/// drawing's rules) inline, since a file has no stylesheet.
fn standalone(live: &str, width: f64, height: f64, styles: &str) -> String {
    let body = live.strip_prefix("<svg").unwrap_or(live);
    // The studio's `.canvas` rules size the element in the page; a file has its own size.
    let body = body.replacen("class=\"canvas", "class=\"drawing", 1);
    let body = body.as_str();
    let ns = if body.contains("xmlns=") { "" } else { " xmlns=\"http://www.w3.org/2000/svg\"" };
    let tag_end = body.find('>').unwrap_or(0);
    let (attrs, inner) = body.split_at(tag_end);
    let inner = inner.strip_prefix('>').unwrap_or(inner);
    format!(
        "<svg{ns} width=\"{width:.0}\" height=\"{height:.0}\"{attrs}><style>{}</style><rect class=\"export-bg\" x=\"-100000\" y=\"-100000\" width=\"200000\" height=\"200000\" fill=\"#ffffff\"/>{inner}",
        styles.replace("</", "<\\/")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_live_svg_becomes_a_standalone_document() {
        let live = r#"<svg class="canvas" viewBox="-24 -80 800 600"><g></g></svg>"#;
        assert_eq!(view_size(live), Some((800.0, 600.0)));
        let out = standalone(live, 800.0, 600.0, ".box rect { fill: #fff }");
        assert!(out.starts_with(r#"<svg xmlns="http://www.w3.org/2000/svg" width="800" height="600" class="drawing""#));
        assert!(out.contains("<style>.box rect { fill: #fff }</style>") && out.ends_with("<g></g></svg>"));
    }
}
