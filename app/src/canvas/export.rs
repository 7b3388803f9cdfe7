//! The drawing as a standalone SVG document (styles embedded, so it looks the same outside the
//! studio), for SVG export and as the source of PNG export.

use crate::platform::browser;

/// Pixels per canvas unit in PNG export.
const PNG_SCALE: f64 = 2.0;

/// The canvas as a standalone SVG document.
pub fn svg_markup() -> Option<String> {
    let live = browser::outer_html("svg.canvas")?;
    let (w, h) = view_size(&live)?;
    Some(standalone(&live, w, h, &browser::page_styles()))
}

/// The SVG for PNG export and its pixel size.
pub fn svg_for_png() -> Option<(String, u32, u32)> {
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
