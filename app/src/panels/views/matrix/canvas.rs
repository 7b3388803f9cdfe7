//! Drawing the matrix on a `<canvas>` (DECISIONS 22: a 400 × 400 matrix is 160,000 cells, far
//! too many for SVG). The cells are written once as pixels (one per cell) into an offscreen
//! canvas and scaled onto the visible one without smoothing, so a redraw (hover, resize) costs
//! one image copy whatever the size; labels are drawn only when there is room for them.

use super::worker::Matrix;
use wasm_bindgen::{Clamped, JsCast};
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};

/// The outcome codes of `vnet-worker` (`job::OutcomeCode`), in code order.
pub const OUTCOMES: [Outcome; 6] = [
    Outcome { code: 0, key: "none", label: "not traced", color: [0xe6, 0xea, 0xf0] },
    Outcome { code: 1, key: "delivered", label: "delivered", color: [0x2f, 0x9e, 0x5b] },
    Outcome { code: 2, key: "dropped", label: "dropped", color: [0xd6, 0x45, 0x45] },
    Outcome { code: 3, key: "atRisk", label: "at risk", color: [0xe8, 0xa3, 0x17] },
    Outcome { code: 4, key: "loop", label: "loop", color: [0x7c, 0x3a, 0xed] },
    Outcome { code: 5, key: "noRoute", label: "no route", color: [0x33, 0x41, 0x55] },
];

/// The colours are repeated in `public/studio.css` (`.swatch.<key>`): the legend is styled by
/// class, not inline style, under the page's CSP.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Outcome {
    pub code: u8,
    /// The key of core's `reach::CellOutcome` serialization, exposed as `data-outcome`.
    pub key: &'static str,
    pub label: &'static str,
    pub color: [u8; 3],
}

impl Outcome {
    pub fn of(code: u8) -> Outcome {
        OUTCOMES.get(usize::from(code)).copied().unwrap_or(OUTCOMES[0])
    }
}

/// Matrices up to this many subnets get row and column labels.
const LABELLED: usize = 40;
const LABEL_GUTTER: f64 = 168.0;
const HEADER: f64 = 22.0;
const MAX_CELL: f64 = 44.0;

/// Where the cells are on the canvas, in CSS pixels.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Geometry {
    pub n: usize,
    pub left: f64,
    pub top: f64,
    pub cell: f64,
    pub labels: bool,
}

impl Geometry {
    /// Fits `n` × `n` cells (and labels when they fit) into `width` pixels.
    pub fn fit(n: usize, width: f64) -> Geometry {
        let labels = n <= LABELLED && width > LABEL_GUTTER + 60.0;
        let (left, top) = if labels { (LABEL_GUTTER, HEADER) } else { (0.0, 0.0) };
        let cell = if n == 0 { 0.0 } else { ((width - left) / n as f64).min(MAX_CELL) };
        // Whole pixels when cells are big enough to show a seam; fractions for huge matrices.
        let cell = if cell >= 4.0 { cell.floor() } else { cell.max(0.1) };
        Geometry { n, left, top, cell, labels }
    }

    pub fn width(&self) -> f64 {
        (self.left + self.cell * self.n as f64).ceil()
    }

    pub fn height(&self) -> f64 {
        (self.top + self.cell * self.n as f64).ceil()
    }

    /// The cell under a point of the canvas, as (row, column).
    pub fn cell_at(&self, x: f64, y: f64) -> Option<(usize, usize)> {
        if self.cell <= 0.0 || x < self.left || y < self.top {
            return None;
        }
        let col = ((x - self.left) / self.cell) as usize;
        let row = ((y - self.top) / self.cell) as usize;
        (row < self.n && col < self.n).then_some((row, col))
    }
}

/// The cells as pixels: an `n` × `n` offscreen canvas, drawn once per result.
pub fn pixels(m: &Matrix) -> Option<HtmlCanvasElement> {
    let n = m.subnets.len();
    let side = u32::try_from(n).ok()?.max(1);
    let mut rgba = Vec::with_capacity(n * n * 4);
    for &code in &m.outcomes {
        let [r, g, b] = Outcome::of(code).color;
        rgba.extend_from_slice(&[r, g, b, 0xff]);
    }
    let canvas: HtmlCanvasElement = web_sys::window()?.document()?.create_element("canvas").ok()?.dyn_into().ok()?;
    canvas.set_width(side);
    canvas.set_height(side);
    if n > 0 {
        let image = web_sys::ImageData::new_with_u8_clamped_array_and_sh(Clamped(&rgba), side, side).ok()?;
        context(&canvas)?.put_image_data(&image, 0.0, 0.0).ok()?;
    }
    Some(canvas)
}

fn context(canvas: &HtmlCanvasElement) -> Option<CanvasRenderingContext2d> {
    canvas.get_context("2d").ok()??.dyn_into().ok()
}

/// Draws the matrix (scaled from `cells`), its labels and the `cursor` cell's highlight.
pub fn draw(
    canvas: &HtmlCanvasElement,
    g: &Geometry,
    m: &Matrix,
    cells: &HtmlCanvasElement,
    cursor: Option<(usize, usize)>,
) {
    let Some(ctx) = context(canvas) else { return };
    let (w, h) = (g.width(), g.height());
    if canvas.width() != w as u32 || canvas.height() != h as u32 {
        canvas.set_width(w as u32);
        canvas.set_height(h as u32);
    }
    ctx.clear_rect(0.0, 0.0, w, h);
    ctx.set_image_smoothing_enabled(false);
    let side = g.cell * g.n as f64;
    let _ = ctx.draw_image_with_html_canvas_element_and_dw_and_dh(cells, g.left, g.top, side, side);
    if g.cell >= 8.0 {
        grid(&ctx, g);
    }
    if g.labels {
        labels(&ctx, g, m, cursor);
    }
    if let Some((row, col)) = cursor {
        highlight(&ctx, g, row, col);
    }
}

/// White lines between cells, and darker ones between VNets.
fn grid(ctx: &CanvasRenderingContext2d, g: &Geometry) {
    ctx.set_stroke_style_str("#ffffff");
    ctx.set_line_width(1.0);
    ctx.begin_path();
    let side = g.cell * g.n as f64;
    for i in 1..g.n {
        let p = (i as f64 * g.cell).round() + 0.5;
        ctx.move_to(g.left + p, g.top);
        ctx.line_to(g.left + p, g.top + side);
        ctx.move_to(g.left, g.top + p);
        ctx.line_to(g.left + side, g.top + p);
    }
    ctx.stroke();
}

fn labels(ctx: &CanvasRenderingContext2d, g: &Geometry, m: &Matrix, cursor: Option<(usize, usize)>) {
    let font = (g.cell * 0.6).clamp(9.0, 13.0);
    ctx.set_font(&format!("{font}px \"DejaVu Sans\", system-ui, sans-serif"));
    ctx.set_text_baseline("middle");
    for (i, s) in m.subnets.iter().enumerate() {
        let strong = cursor.is_some_and(|(r, c)| r == i || c == i);
        ctx.set_fill_style_str(if strong { "#14213d" } else { "#4a5568" });
        let y = g.top + (i as f64 + 0.5) * g.cell;
        ctx.set_text_align("right");
        let text = format!("{} {}", i + 1, short(&s.label(), 24));
        let _ = ctx.fill_text_with_max_width(&text, g.left - 6.0, y, g.left - 8.0);
        ctx.set_text_align("center");
        let _ =
            ctx.fill_text_with_max_width(&(i + 1).to_string(), g.left + (i as f64 + 0.5) * g.cell, g.top / 2.0, g.cell);
    }
}

fn highlight(ctx: &CanvasRenderingContext2d, g: &Geometry, row: usize, col: usize) {
    let side = g.cell * g.n as f64;
    // A faint band on the row and the column, then a bold outline on the cell.
    ctx.set_fill_style_str("rgba(20, 33, 61, 0.12)");
    ctx.fill_rect(g.left, g.top + row as f64 * g.cell, side, g.cell.max(1.0));
    ctx.fill_rect(g.left + col as f64 * g.cell, g.top, g.cell.max(1.0), side);
    let size = g.cell.max(6.0);
    let (x, y) = (g.left + (col as f64 + 0.5) * g.cell - size / 2.0, g.top + (row as f64 + 0.5) * g.cell - size / 2.0);
    ctx.set_line_width(2.5);
    ctx.set_stroke_style_str("#f97316");
    ctx.stroke_rect(x, y, size, size);
}

/// `text` cut to `max` characters with an ellipsis.
pub fn short(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_string()
    } else {
        let cut: String = text.chars().take(max.saturating_sub(1)).collect();
        format!("{cut}…")
    }
}
