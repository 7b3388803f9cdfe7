//! Property tests of `diff` (issue 21 §3): a design against itself is empty; `diff(a, b)` and
//! `diff(b, a)` mirror each other (added ↔ removed, before ↔ after); applying an edit and then
//! its inverse gives an empty diff. On arbitrary model values (referentially inconsistent, ids
//! repeated) and on gallery designs with a random element removed (`Edit::Remove` and its
//! cascade).
//!
//! Cases: `strategies::config` (64 unless `PROPTEST_CASES` says otherwise), fewer for the
//! gallery properties, each of which runs three diffs of a landing zone.

mod strategies;

use proptest::prelude::*;
use proptest::sample::Index;
use strategies::config;
use vnet_core::diff::diff;
use vnet_core::edit::{apply, Edit};
use vnet_core::layout::Layout;
use vnet_core::model::Design;
use vnet_core::{gallery, Document};

/// A gallery design (or the generated landing zone with two spokes).
fn gallery_design(pick: &Index) -> Design {
    let n = gallery::ENTRIES.len() + 1;
    match gallery::ENTRIES.get(pick.index(n)) {
        Some(e) if e.slug != "large-landing-zone" => (e.build)().unwrap_or_default(),
        _ => gallery::generated(2).unwrap_or_default(),
    }
}

fn small() -> ProptestConfig {
    ProptestConfig { cases: config().cases.min(24), ..config() }
}

proptest! {
    #![proptest_config(config())]

    /// Arbitrary designs: no panic, nothing between a design and itself, and the two ways round
    /// mirror each other.
    #[test]
    fn arbitrary_designs_diff_to_nothing_and_mirror(a in strategies::design(), b in strategies::design()) {
        let same = diff(&a, &a);
        prop_assert!(same.is_empty(), "{:#?}", same);
        let mut back = diff(&b, &a);
        back.sort();
        prop_assert_eq!(back, diff(&a, &b).mirrored());
    }
}

proptest! {
    #![proptest_config(small())]

    /// A gallery design with an element removed: the diff mirrors, and undoing the removal
    /// (the inverse `apply` returned) leaves nothing.
    #[test]
    fn an_edit_and_its_inverse_leave_nothing(pick in any::<Index>(), victim in any::<Index>()) {
        let a = gallery_design(&pick);
        let ids: Vec<_> = a.elements().iter().map(|e| e.id.clone()).collect();
        prop_assume!(!ids.is_empty());
        let id = ids[victim.index(ids.len())].clone();
        let mut doc = Document::new(a.clone(), Layout::default());
        let inverse = apply(&mut doc, Edit::Remove(id)).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let b = doc.design.clone();
        let forward = diff(&a, &b);
        prop_assert!(!forward.elements.is_empty(), "a removal is an element change");
        let mut back = diff(&b, &a);
        back.sort();
        prop_assert_eq!(back, forward.mirrored());
        apply(&mut doc, inverse).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let undone = diff(&a, &doc.design);
        prop_assert!(undone.is_empty(), "{:#?}", undone);
    }
}
