//! The intents' own derivations, natively: a trace's ends and devices as an intent names them,
//! and which drawn elements a failing intent marks. Whether an intent holds is core's (tested
//! there); these check the studio's words for it.

use super::keep::{devices_on, source_end, target_end};
use super::marks::marked;
use vnet_core::build::{at, net_rule, DesignBuilder};
use vnet_core::intent::{self, Status};
use vnet_core::model::{Design, FirewallAction, FlowSource, IntentEnd, NextHopType, Protocol};
use vnet_core::trace::{Engine, Flow};
use vnet_core::Id;

struct Lab {
    design: Design,
    app: Id,
    app_nic: Id,
    db: Id,
    fw: Id,
    intent: Id,
}

/// A hub with a firewall and two spokes whose UDRs send everything to it: vm-app's traffic
/// to vm-db crosses the firewall, which allows TCP 1433 (F-3). One intent: vm-app reaches vm-db
/// on TCP 1433 through the firewall.
fn lab() -> Lab {
    let mut b = DesignBuilder::new("intents");
    let hub = b.vnet("vnet-hub", "westeurope", &["10.0.0.0/16"]);
    let fw_subnet = b.subnet(&hub, "AzureFirewallSubnet", "10.0.1.0/26");
    let fw = b.firewall("afw-hub", &fw_subnet, "10.0.1.4");
    let spoke_a = b.vnet("vnet-app", "westeurope", &["10.1.0.0/16"]);
    let spoke_b = b.vnet("vnet-db", "westeurope", &["10.2.0.0/16"]);
    let app_subnet = b.subnet(&spoke_a, "snet-app", "10.1.0.0/24");
    let db_subnet = b.subnet(&spoke_b, "snet-db", "10.2.0.0/24");
    b.peer_spoke(&hub, &spoke_a, false);
    b.peer_spoke(&hub, &spoke_b, false);
    let to_fw = [vnet_core::build::udr("default-to-fw", "0.0.0.0/0", NextHopType::VirtualAppliance, Some("10.0.1.4"))];
    b.route_table("rt-app", false, &to_fw, &[&app_subnet]);
    b.route_table("rt-db", false, &to_fw, &[&db_subnet]);
    let allow = net_rule("sql", &[Protocol::Tcp], &["10.1.0.0/16"], &["10.2.0.0/16"], &["1433"]);
    b.network_rules(&fw, ("rcg", 100), ("app-to-db", 100), FirewallAction::Allow, &[allow]);
    let (app, app_nic) = b.vm("vm-app", &app_subnet, "10.1.0.4");
    let (db, _) = b.vm("vm-db", &db_subnet, "10.2.0.4");
    let intent = b.intent_through("app reaches the database through the firewall", at(&app), at(&db), 1433, &fw);
    Lab { design: b.build().unwrap(), app, app_nic, db, fw, intent }
}

#[test]
fn a_trace_kept_as_an_intent_names_the_vm_the_element_it_was_aimed_at_and_the_firewall_it_crossed() {
    let l = lab();
    let eng = Engine::new(&l.design);
    let flow = Flow {
        from: FlowSource::Nic { id: l.app_nic.clone() },
        to: "10.2.0.4".parse().unwrap(),
        protocol: Protocol::Tcp,
        port: 1433,
        host: None,
    };
    let trace = eng.trace(&flow).unwrap();
    // The picker lists VMs meaning their first NIC: the intent names the VM.
    assert_eq!(source_end(&l.design, &flow.from), IntentEnd::Element { id: l.app.clone() });
    // Aimed by name, by address, or at an address no element holds (the internet).
    assert_eq!(target_end(&l.design, "vm-db", flow.to), IntentEnd::Element { id: l.db.clone() });
    assert_eq!(target_end(&l.design, "10.2.0.4", flow.to), IntentEnd::Element { id: l.db.clone() });
    let outside = "203.0.113.7".parse().unwrap();
    assert_eq!(target_end(&l.design, "203.0.113.7", outside), IntentEnd::Internet { ip: outside });
    // R-19 sends it to the firewall: the one device a `through` intent can name.
    assert_eq!(devices_on(&l.design, &trace), vec![l.fw.clone()]);
}

#[test]
fn a_failing_intent_marks_each_element_it_names_once_and_a_passing_one_marks_nothing() {
    let mut l = lab();
    let checked = intent::verify(&l.design);
    assert_eq!(checked[0].status, Status::Pass, "{}", checked[0].summary);
    assert!(marked(&l.design, &checked).is_empty());
    // Without the firewall's rule, F-3's default deny drops it: the intent fails.
    l.design.firewalls[0].rule_collection_groups.clear();
    let checked = intent::verify(&l.design);
    assert_eq!(checked[0].status, Status::Fail);
    let marks = marked(&l.design, &checked);
    let ids: Vec<&Id> = marks.iter().map(|(id, _)| id).collect();
    assert_eq!(ids, [&l.app, &l.db, &l.fw]);
    assert!(marks.iter().all(|(_, intents)| intents.len() == 1 && intents[0].0 == l.intent));
}
