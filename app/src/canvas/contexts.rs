//! What the canvas reads from the page's context, and how much text it draws: the page provides
//! these, so the canvas names no panel and the folders depend one way.

use super::Scene;
use leptos::prelude::*;

/// How much of each box's text is drawn at the current zoom. Text too small to read on screen
/// costs most of the painting (a 100-spoke design at "fit" shows 13 px titles under one pixel
/// high), so it is left out: boxes drop their text nodes at `BoxesOnly`, and CSS hides details at
/// `TitlesOnly`. An exported drawing has the text of the zoom it was exported at.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Detail {
    Full,
    TitlesOnly,
    BoxesOnly,
}

impl Detail {
    /// At `scale` screen pixels per canvas unit: titles (13 px) go below about 5 px on screen,
    /// details (12 px) below about 6.5 px.
    pub fn at(scale: f64) -> Self {
        // A canvas with no size (not laid out) shows nothing anyway.
        if !scale.is_finite() || scale < 0.4 {
            Detail::BoxesOnly
        } else if scale < 0.55 {
            Detail::TitlesOnly
        } else {
            Detail::Full
        }
    }
}

/// How much larger than at zoom 1 a VNet's name and address range are drawn, so that they stay
/// at least 11 px on screen when the view is zoomed out (issue "Diagrams": every VNet of a
/// 12-VNet design legible at "Fit"). Above 1 the two lines move out of the header (52 units,
/// too small for them) to just above the box, into the gap between rows of VNets (80 units), with
/// a halo over the lines there. At most [`LabelScale::MAX`] times, about what that gap holds;
/// zoomed out further a VNet's words are left out like every other box's (`None`). At the
/// most the title reaches 20 units into the gap's far side: the box above's bottom padding.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LabelScale(pub Option<f64>);

impl LabelScale {
    /// The on-screen size the smaller line (the range, 12 units) keeps, with a margin over 11 px.
    const PX: f64 = 11.5;
    pub const MAX: f64 = 3.0;

    pub fn at(scale: f64) -> Self {
        if !scale.is_finite() || scale <= 0.0 {
            return LabelScale(Some(1.0));
        }
        let k = (Self::PX / (12.0 * scale)).max(1.0);
        LabelScale((k <= Self::MAX).then_some(k))
    }
}

/// What another part of the studio draws inside the canvas's SVG over the scene (the
/// simulation's legs, rings and drop marks). Provided in the context by the page, so the canvas
/// names no panel and the folders depend one way.
#[derive(Clone)]
pub struct CanvasLayer(pub std::sync::Arc<dyn Fn(Memo<Scene>) -> AnyView + Send + Sync>);

/// Every box draws its text whatever the zoom (while an export reads the drawing).
#[derive(Clone, Copy)]
pub struct FullText(pub RwSignal<bool>);

/// Presentation mode is on (larger type): titles are cut shorter to stay inside their boxes.
#[derive(Clone, Copy)]
pub struct Presenting(pub RwSignal<bool>);
