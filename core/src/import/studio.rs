//! The `vnetStudio` object that export writes beside the resources (issue 19 §3): the parts of a
//! design Azure has no resource for. An input without it (a real export) imports with those
//! parts empty or assumed. Its values are read with the design file's own reader (`codec`), so
//! they are checked exactly as a design file's are; what does not read is reported.

mod extras;
mod resources;

use super::report::Note;
use super::Context;
use serde_json::{json, Value};

pub(super) fn read(cx: &mut Context<'_>, objects: &[(String, Value)]) {
    for (file, s) in objects {
        if let Some(name) = s.get("name").and_then(Value::as_str) {
            cx.design.name = name.to_string();
        }
        if let Some(text) = s.get("description").and_then(Value::as_str) {
            cx.design.description = text.to_string();
        }
        let roles: Vec<&Value> = s.get("vmRoles").and_then(Value::as_array).into_iter().flatten().collect();
        let vms: Vec<Value> = roles
            .iter()
            .enumerate()
            .map(|(i, r)| json!({ "id": format!("vm{i}"), "name": "", "nics": [], "role": r.get("role").cloned().unwrap_or(Value::Null) }))
            .collect();
        let mut design = json!({ "vms": vms });
        for key in ["publicDns", "servicePrefixes"] {
            if let Some(v) = s.get(key) {
                design[key] = v.clone();
            }
        }
        let text = json!({ "schema": crate::model::SCHEMA_VERSION, "design": design }).to_string();
        let parsed = match crate::codec::json::from_json(&text) {
            Ok(doc) => doc.design,
            Err(e) => {
                let message = format!("not read: {e}");
                cx.report.template_notes.push(Note { file: file.clone(), path: "$.vnetStudio".into(), message });
                continue;
            }
        };
        cx.design.public_dns = parsed.public_dns;
        cx.design.service_prefixes = parsed.service_prefixes;
        // Indexed once: a landing zone has thousands of VMs (a scan per role was quadratic).
        let vm_at: std::collections::HashMap<crate::Id, usize> =
            cx.design.vms.iter().enumerate().map(|(i, v)| (v.id.clone(), i)).collect();
        let mut given: std::collections::HashSet<String> = std::collections::HashSet::new();
        for (r, vm) in roles.iter().zip(parsed.vms) {
            let Some(azure_id) = r.get("vm").and_then(Value::as_str) else { continue };
            let Some(id) = cx.element_by_id(azure_id).cloned() else {
                let message = format!("the role of '{azure_id}': no such VM in the input");
                cx.report.template_notes.push(Note {
                    file: file.clone(),
                    path: "$.vnetStudio.vmRoles".into(),
                    message,
                });
                continue;
            };
            if let Some(target) = vm_at.get(&id).and_then(|&i| cx.design.vms.get_mut(i)) {
                target.role = vm.role;
                given.insert(target.name.clone());
            }
        }
        // A role given: no assumption about that VM stands.
        cx.report.assumptions.retain(|a| !given.contains(&a.subject));
        resources::read(cx, file, s);
        extras::read(cx, file, s);
    }
}
