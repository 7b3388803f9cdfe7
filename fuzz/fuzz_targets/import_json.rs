//! Any text as import input, in each input shape (issue 19 §3): the first byte picks how the
//! parsed JSON is presented — as it is, in a Resource Graph `{"data": […]}` envelope, a REST
//! `{"value": […]}` envelope, as an ARM template's `resources`, or split into two files (a paged
//! result). `import` returns an error or a design with a report, never panics, and what it
//! imports validates without panicking.
#![no_main]

use libfuzzer_sys::fuzz_target;
use serde_json::{json, Value};
use vnet_core::import::{import, parse_file, ImportFile, ImportOptions};

fuzz_target!(|data: &[u8]| {
    let Some((&shape, rest)) = data.split_first() else { return };
    let Ok(text) = std::str::from_utf8(rest) else { return };
    let Ok(file) = parse_file("fuzz.json", text) else { return };
    let wrap = |value: Value| vec![ImportFile { name: "fuzz.json".into(), value }];
    let files = match shape % 5 {
        0 => vec![file],
        1 => wrap(json!({ "data": [file.value] })),
        2 => wrap(json!({ "value": [file.value] })),
        3 => wrap(json!({
            "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
            "resources": [file.value]
        })),
        _ => {
            let items = match file.value {
                Value::Array(items) => items,
                other => vec![other],
            };
            let half = items.len() / 2;
            vec![
                ImportFile { name: "page1.json".into(), value: json!({ "data": items[..half].to_vec() }) },
                ImportFile { name: "page2.json".into(), value: json!({ "data": items[half..].to_vec() }) },
            ]
        }
    };
    if let Ok(imported) = import(&files, &ImportOptions::default()) {
        let _ = vnet_core::validate::validate(&imported.document.design);
        let _ = imported.report.to_text();
    }
});
