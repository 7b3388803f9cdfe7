//! Any text as a design file: `from_json` returns an error or a document, never panics; a
//! document it accepts writes back to text that reads as the same document; and the engine
//! (validation, routes, one trace) never panics on it.
#![no_main]

use libfuzzer_sys::fuzz_target;
use vnet_core::codec::json;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let Ok(doc) = json::from_json(text) else { return };
    let again = json::from_json(&json::to_json(&doc)).expect("an accepted document round-trips");
    assert_eq!(again, doc);
    vnet_fuzz_engine(&doc.design);
});

/// What the studio runs on every design it opens: validation, the engine, a trace.
fn vnet_fuzz_engine(design: &vnet_core::Design) {
    use vnet_core::model::{FlowSource, Protocol};
    use vnet_core::trace::{Engine, Flow};
    let _ = vnet_core::validate::validate(design);
    let engine = Engine::new(design);
    let nics: Vec<_> = design.nics().map(|(_, n)| (n.id.clone(), n.ip)).collect();
    if let (Some((from, _)), Some((_, to))) = (nics.first(), nics.last()) {
        let flow = Flow {
            from: FlowSource::Nic { id: from.clone() },
            to: *to,
            protocol: Protocol::Tcp,
            port: 443,
            host: None,
        };
        let _ = engine.trace(&flow);
    }
}
