//! Property tests of the layout: rects of any `i32` values (a hand-edited or hostile file, or a
//! layout built in code) lay out, refit and move without overflow (tests are overflow-checked),
//! and whatever is read or stored by an edit lies in the documented range (`layout::MAX_COORD`,
//! `MIN_SIZE..=MAX_SIZE`).
//!
//! Cases: 64 per property unless `PROPTEST_CASES` says otherwise (see `strategies::config`).

mod strategies;

use proptest::prelude::*;
use proptest::sample::Index;
use strategies::{config, raw_document};
use vnet_core::codec::json::{from_json, to_json};
use vnet_core::edit::{apply, refit, Edit};
use vnet_core::layout::{auto_layout, Layout, Rect};
use vnet_core::Document;

fn in_range(layout: &Layout) -> bool {
    layout.rects.values().all(|r| *r == r.clamped())
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn any_rects_lay_out_refit_and_move_without_overflow(
        doc in raw_document(),
        moves in proptest::collection::vec((any::<Index>(), any::<[i32; 4]>()), 0..6),
    ) {
        // Straight from memory, nothing clamped.
        auto_layout(&doc.design, &doc.layout);
        let mut raw = doc.clone();
        apply(&mut raw, Edit::Batch(refit(&doc.design, &doc.layout))).map_err(|e| TestCaseError::fail(e.to_string()))?;

        // Through a file: clamped on read.
        let mut read: Document = from_json(&to_json(&doc)).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert!(in_range(&read.layout), "{:?}", read.layout);

        // Boxes moved anywhere by the canvas's edit, then refit: stored rects stay in range.
        let ids: Vec<_> = read.design.elements().into_iter().map(|e| e.id.clone()).collect();
        for (pick, [x, y, w, h]) in &moves {
            if ids.is_empty() {
                break;
            }
            let id = pick.get(&ids).clone();
            apply(&mut read, Edit::SetRect { id, rect: Some(Rect::new(*x, *y, *w, *h)) })
                .map_err(|e| TestCaseError::fail(e.to_string()))?;
        }
        let fix = refit(&read.design, &read.layout);
        apply(&mut read, Edit::Batch(fix)).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert!(in_range(&read.layout), "{:?}", read.layout);
        auto_layout(&read.design, &read.layout);
        prop_assert_eq!(from_json(&to_json(&read)), Ok(read.clone()), "what an edit stores reads back as it is");
    }
}
