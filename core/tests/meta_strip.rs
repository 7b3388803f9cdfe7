//! Share links strip Azure metadata by default (issue 19 §2): ids, subscriptions and tags go,
//! everywhere in the design, nested elements included; placeholders stay placeholders.

use vnet_core::gallery;
use vnet_core::model::{has_azure_meta, metas_mut, without_azure_meta, Design, Meta};

#[test]
fn sharing_strips_ids_and_tags_everywhere_but_keeps_placeholders() {
    let mut d = gallery::generated(2).expect("builds");
    let tagged = Meta {
        azure_id: "/subscriptions/1/resourceGroups/rg/x".into(),
        external: true,
        tags: [("env".into(), "prod".into())].into(),
    };
    let n = metas_mut(&mut d).len();
    assert!(n > 20, "every element of a landing zone has metadata: {n}");
    for m in metas_mut(&mut d) {
        *m = tagged.clone();
    }
    assert!(has_azure_meta(&d));
    let mut stripped = without_azure_meta(&d);
    assert!(!has_azure_meta(&stripped));
    assert!(metas_mut(&mut stripped).iter().all(|m| m.external && m.tags.is_empty() && m.azure_id.is_empty()));
    assert!(!has_azure_meta(&Design::default()));
    assert!(!has_azure_meta(&gallery::generated(2).expect("builds")), "a drawn design has none");
}
