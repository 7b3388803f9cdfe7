//! Insights on the gallery designs: each trap fires where the gallery shows it, with a proved fix
//! where one exists, and not on the fixed versions.

use super::*;
use crate::gallery;

fn of(slug: &str) -> Design {
    let e = gallery::entry(slug).unwrap_or_else(|| panic!("no gallery design {slug}"));
    (e.build)().unwrap_or_else(|e| panic!("{slug}: {e}"))
}

fn codes(d: &Design) -> Vec<&'static str> {
    insights(d).iter().map(|i| i.code.as_str()).collect()
}

#[test]
fn every_gallery_design_gives_insights_whose_rules_exist() {
    for e in gallery::ENTRIES {
        let d = (e.build)().unwrap();
        for i in insights(&d) {
            assert!(!i.elements.is_empty(), "{}: {:?}", e.slug, i.code);
            for r in &i.rules {
                assert!(crate::catalog::rules::rule(r).is_some(), "{}: {:?} cites unknown {r}", e.slug, i.code);
            }
        }
    }
}

#[test]
fn print_gallery_insights() {
    for e in gallery::ENTRIES {
        let d = (e.build)().unwrap();
        for i in insights(&d) {
            eprintln!(
                "{}: {} {:?} {:?} fix={:?}",
                e.slug,
                i.code.as_str(),
                i.severity,
                i.title,
                i.fix.as_ref().map(|f| &f.title)
            );
        }
    }
}

#[test]
fn seed_lab_shows_the_bypass_and_the_protocol_split() {
    let d = of("seed-lab");
    let c = codes(&d);
    assert!(c.contains(&"pe-firewall-bypass"), "{c:?}");
    assert!(c.contains(&"pe-protocol-split"), "{c:?}");
}
