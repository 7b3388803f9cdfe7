//! Import of PaaS services (issue 19 §1): storage accounts, key vaults, SQL servers and the other
//! catalog services with their network ACLs (E-20..E-25): public network access, default action,
//! IP rules and virtual network rules; then traces to their public endpoints on the imported
//! design (E-22). Fixture: `tests/fixtures/import/paas/services.rest.json`.

mod import_mutate;

use std::net::Ipv4Addr;
use vnet_core::catalog::services;
use vnet_core::import::{import, parse_file, ImportOptions, Imported};
use vnet_core::model::*;
use vnet_core::trace::{Engine, Flow, Outcome};
use vnet_core::Id;

fn run() -> Imported {
    run_file("services.rest.json")
}

fn run_file(name: &str) -> Imported {
    let path = format!("{}/tests/fixtures/import/paas/{name}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    import(&[parse_file(name, &text).unwrap()], &ImportOptions::default()).unwrap()
}

fn paas<'d>(d: &'d Design, name: &str) -> &'d PaasResource {
    d.paas.iter().find(|p| p.name == name).unwrap_or_else(|| panic!("no PaaS resource {name}: {:?}", d.paas))
}

fn subnet_id(d: &Design, name: &str) -> Id {
    d.subnets.iter().find(|s| s.name == name).map(|s| s.id.clone()).unwrap()
}

fn nets(list: &[&str]) -> Vec<ipnet::Ipv4Net> {
    list.iter().map(|p| p.parse().unwrap()).collect()
}

#[test]
fn catalog_services_import_with_their_network_acls() {
    let imp = run();
    let d = &imp.document.design;
    let app = subnet_id(d, "snet-app");
    let st = paas(d, "stappdata");
    assert_eq!((st.service.as_str(), st.region.as_str()), ("storage", "westeurope"));
    assert_eq!(st.default_action, ServiceFirewallAction::Deny);
    assert!(st.public_network_access);
    assert_eq!(st.allowed_subnets, vec![app.clone()]);
    assert_eq!(st.ip_rules, nets(&["203.0.113.0/24", "198.51.100.7/32"]));
    assert!(
        services::service("storage").unwrap().public_prefix().contains(&st.public_ip),
        "synthetic IP in the catalog prefix"
    );
    assert_eq!(st.meta.tags.get("cost-center").map(String::as_str), Some("1234"));
    // Key Vault: the subnet id differs in case, as Azure ids may (compared case-insensitively).
    let kv = paas(d, "kv-app");
    assert_eq!((kv.service.as_str(), kv.default_action), ("keyvault", ServiceFirewallAction::Deny));
    assert_eq!(kv.allowed_subnets, vec![app.clone()]);
    assert_eq!(kv.ip_rules, nets(&["124.56.78.91/32", "10.91.4.0/24"]));
    // SQL: a server denies what no rule allows; the child rules are read, "Allow Azure services" reported.
    let sql = paas(d, "sql-app");
    assert_eq!((sql.service.as_str(), sql.default_action), ("sql", ServiceFirewallAction::Deny));
    assert_eq!(sql.allowed_subnets, vec![app]);
    assert_eq!(sql.ip_rules, nets(&["203.0.113.0/24"]));
    assert!(imp
        .report
        .skipped
        .iter()
        .any(|s| s.azure_id.ends_with("AllowAllWindowsAzureIps") && s.why.contains("Allow Azure services")));
    let cosmos = paas(d, "cosmos-app");
    assert_eq!((cosmos.service.as_str(), cosmos.public_network_access), ("cosmos", false));
    assert_eq!(cosmos.ip_rules, nets(&["40.76.54.131/32"]));
    assert_eq!(paas(d, "oai-app").service, "openai");
    assert_eq!(paas(d, "oai-app").region, "swedencentral");
    // App Service: access restrictions (an IP and a subnet, then "deny all"); a flexible server.
    let web = paas(d, "app-web");
    assert_eq!((web.service.as_str(), web.default_action), ("webapp", ServiceFirewallAction::Deny));
    assert_eq!(
        (web.allowed_subnets.clone(), web.ip_rules.clone()),
        (vec![subnet_id(d, "snet-app")], nets(&["203.0.113.10/32"]))
    );
    assert_eq!(web.region, "westeurope", "'West Europe' as Azure ids write it");
    let pg = paas(d, "psql-app");
    assert_eq!((pg.service.as_str(), pg.public_network_access), ("postgres", false));
    // Service Bus: the rule set is a child resource.
    let sb = paas(d, "sb-app");
    assert_eq!((sb.service.as_str(), sb.default_action), ("servicebus", ServiceFirewallAction::Deny));
    assert_eq!(
        (sb.allowed_subnets.clone(), sb.ip_rules.clone()),
        (vec![subnet_id(d, "snet-app")], nets(&["203.0.113.20/32"]))
    );
    assert_eq!(imp.report.counts.get("PaaS resource"), Some(&8));
    // A service the catalog does not know is skipped with its type; every rule resource is read.
    assert!(imp.report.skipped.iter().any(|s| s.azure_id.ends_with("/redis/redis-app")), "{:?}", imp.report.skipped);
    assert!(
        imp.report.skipped.iter().all(|s| !s.kind.starts_with("microsoft.sql/servers/")),
        "{:?}",
        imp.report.skipped
    );
    assert!(imp.report.assumptions.iter().any(|a| a.text.contains("synthetic IP")));
}

fn trace(d: &Design, vm: &str, to: Ipv4Addr) -> Outcome {
    let nic = d.vms.iter().find(|v| v.name == vm).map(|v| v.nics[0].id.clone()).unwrap();
    let flow = Flow { from: FlowSource::Nic { id: nic }, to, protocol: Protocol::Tcp, port: 443, host: None };
    Engine::new(d).trace(&flow).unwrap().outcome
}

#[test]
fn the_imported_service_firewall_admits_the_allowed_subnet_only_e22() {
    let imp = run();
    let d = &imp.document.design;
    for name in ["stappdata", "kv-app", "sql-app", "app-web"] {
        let target = paas(d, name).public_ip;
        assert_eq!(
            trace(d, "vm-app", target),
            Outcome::Delivered,
            "{name} from the allowed subnet (service endpoint, E-22)"
        );
        match trace(d, "vm-other", target) {
            Outcome::Dropped { rule, .. } => assert_eq!(rule, "E-22", "{name}"),
            other => panic!("{name} from snet-other should be denied by the service firewall, got {other:?}"),
        }
    }
    match trace(d, "vm-app", paas(d, "cosmos-app").public_ip) {
        Outcome::Dropped { rule, reason, .. } => {
            assert!(rule == "E-22" && reason.contains("public network access disabled"), "{reason}")
        }
        other => panic!("cosmos has public access disabled, got {other:?}"),
    }
}

#[test]
fn imported_designs_validate_without_errors() {
    use vnet_core::validate::{validate, Severity};
    let d = &run().document.design;
    let errors: Vec<_> = validate(d).into_iter().filter(|x| x.severity == Severity::Error).collect();
    assert!(errors.is_empty(), "{errors:#?}");
}

#[test]
fn paas_import_never_panics_on_mutated_input() {
    let path = format!("{}/tests/fixtures/import/paas/services.rest.json", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(import_mutate::never_panics(&[parse_file("services.rest.json", &text).unwrap()]) > 500);
}

#[test]
fn the_az_shaped_export_of_the_same_resources_imports_to_the_same_design() {
    let (rest, az) = (run(), run_file("services.az.json"));
    assert_eq!(
        serde_json::to_value(&az.document.design).unwrap(),
        serde_json::to_value(&rest.document.design).unwrap()
    );
    assert_eq!(az.report.counts, rest.report.counts);
}
