//! Any text as a share link: `link::decode` returns an error or a document, never panics, and a
//! document it accepts encodes to a link that decodes to the same document.
#![no_main]

use libfuzzer_sys::fuzz_target;
use vnet_core::codec::link;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let Ok(doc) = link::decode(text) else { return };
    let again = link::decode(&link::encode(&doc)).expect("an accepted link round-trips");
    assert_eq!(again, doc);
});
