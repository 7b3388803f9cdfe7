use super::*;
use crate::build::{nsg_rule, udr, DesignBuilder};
use crate::gallery;
use crate::id::Id;
use crate::layout::Layout;
use crate::model::*;

fn doc(b: DesignBuilder) -> Document {
    Document::new(b.build().expect("test design builds"), Layout::default())
}

fn flow(from: &Id, to: &str, protocol: Protocol, port: u16) -> Flow {
    Flow { from: FlowSource::Nic { id: from.clone() }, to: to.parse().expect("ip"), protocol, port, host: None }
}

fn outcome(doc: &Document, flow: &Flow) -> Outcome {
    Engine::new(&doc.design).trace(flow).expect("traceable").outcome
}

/// The proposal for `rule`; asserts that its edit applies, makes the flow deliver, and undoes.
fn proposal(doc: &Document, flow: &Flow, rule: &str) -> Proposal {
    assert_ne!(outcome(doc, flow), Outcome::Delivered, "the flow must fail before the fix");
    let all = propose(doc, flow);
    let Some(p) = all.iter().find(|p| p.rule == rule).cloned() else {
        panic!("no {rule} proposal; got {:#?}", all.iter().map(|p| (&p.title, p.rule)).collect::<Vec<_>>())
    };
    assert_eq!(p.outcome_after, Outcome::Delivered);
    let mut changed = doc.clone();
    let inverse = edit::apply(&mut changed, p.edit.clone()).expect("the edit applies");
    assert_eq!(outcome(&changed, flow), Outcome::Delivered, "{}", p.title);
    edit::apply(&mut changed, inverse).expect("the inverse applies");
    assert_eq!(&changed, doc, "undo restores the design");
    p
}

fn gallery_doc(slug: &str) -> Document {
    gallery::document(slug).expect("slug").expect("builds")
}

fn gallery_flow(doc: &Document, title_part: &str) -> Flow {
    let q = doc.design.questions.iter().find(|q| q.title.contains(title_part)).expect("question");
    let Ask::Trace { from, to, protocol, port } = &q.ask else { panic!("not a trace") };
    Flow { from: from.clone(), to: *to, protocol: *protocol, port: *port, host: None }
}

#[test]
fn non_transitive_peering_gets_a_direct_peering() {
    let d = gallery_doc("non-transitive-peering");
    let p = proposal(&d, &gallery_flow(&d, "vm-01 → vm-03"), "P-1");
    assert_eq!(p.title, "Peer VNet01 with VNet03 (both links)");
    let Edit::Batch(edits) = &p.edit else { panic!("a batch") };
    assert_eq!(edits.len(), 2);
    proposal(&d, &gallery_flow(&d, "vm-03 → vm-01"), "P-1");
}

#[test]
fn one_way_peering_gets_the_missing_link() {
    let mut b = DesignBuilder::new("one way");
    let a = b.vnet("vnet-a", "eastus", &["10.1.0.0/16"]);
    let c = b.vnet("vnet-c", "eastus", &["10.2.0.0/16"]);
    let sa = b.subnet(&a, "snet-a", "10.1.1.0/24");
    let sc = b.subnet(&c, "snet-c", "10.2.1.0/24");
    let (_, nic) = b.vm("vm-a", &sa, "10.1.1.4");
    b.vm("vm-c", &sc, "10.2.1.4");
    let (_, back) = b.peer(&a, &c);
    b.design_mut().peerings.retain(|p| p.id != back);
    let d = doc(b);
    let p = proposal(&d, &flow(&nic, "10.2.1.4", Protocol::Tcp, 22), "P-2");
    assert!(p.title.contains("vnet-c → vnet-a"), "{}", p.title);
}

/// A hub with an NVA (10.0.1.4) and two spokes routed to it; `tweak` breaks something.
fn hub_nva(tweak: impl FnOnce(&mut DesignBuilder, &Id, &[Id])) -> (Document, Flow) {
    let mut b = DesignBuilder::new("hub nva");
    let hub = b.vnet("vnet-hub", "eastus", &["10.0.0.0/16"]);
    let s1 = b.vnet("vnet-spoke1", "eastus", &["10.1.0.0/16"]);
    let s2 = b.vnet("vnet-spoke2", "eastus", &["10.2.0.0/16"]);
    let nva_subnet = b.subnet(&hub, "snet-nva", "10.0.1.0/24");
    let w1 = b.subnet(&s1, "snet-w1", "10.1.1.0/24");
    let w2 = b.subnet(&s2, "snet-w2", "10.2.1.0/24");
    let (nva, _) = b.vm("nva", &nva_subnet, "10.0.1.4");
    b.with_vm(&nva, |vm| {
        vm.role = VmRole::Nva(NvaConfig {
            rules: vec![NvaRule {
                name: "all".into(),
                action: RuleAction::Allow,
                protocol: Protocol::Any,
                source: AddressMatch::Any,
                destination: AddressMatch::Any,
                ports: PortRange::ANY,
            }],
            stateful: false,
            snat: NvaSnat::Off,
        });
        vm.nics[0].ip_forwarding = true;
    });
    let (_, nic) = b.vm("vm-1", &w1, "10.1.1.4");
    b.vm("vm-2", &w2, "10.2.1.4");
    let va = NextHopType::VirtualAppliance;
    b.route_table("rt-1", false, &[udr("to-2", "10.2.0.0/16", va, Some("10.0.1.4"))], &[&w1]);
    b.route_table("rt-2", false, &[udr("to-1", "10.1.0.0/16", va, Some("10.0.1.4"))], &[&w2]);
    let mut links = Vec::new();
    for s in [&s1, &s2] {
        let (h_to_s, s_to_h) = b.peer(&hub, s);
        b.with_peering(&s_to_h, |l| l.allow_forwarded_traffic = true);
        links.push(h_to_s);
        links.push(s_to_h);
    }
    tweak(&mut b, &nva, &links);
    (doc(b), flow(&nic, "10.2.1.4", Protocol::Tcp, 443))
}

#[test]
fn hub_nva_baseline_delivers_and_gets_no_proposal() {
    let (d, f) = hub_nva(|_, _, _| {});
    assert_eq!(outcome(&d, &f), Outcome::Delivered);
    assert!(propose(&d, &f).is_empty());
}

#[test]
fn ip_forwarding_off_is_turned_on() {
    let (d, f) = hub_nva(|b, nva, _| b.with_vm(nva, |vm| vm.nics[0].ip_forwarding = false));
    proposal(&d, &f, "F-20");
}

#[test]
fn forwarded_traffic_refused_on_both_spoke_links_is_allowed() {
    let (d, f) = hub_nva(|b, _, links| {
        for l in links {
            b.with_peering(l, |l| l.allow_forwarded_traffic = false);
        }
    });
    let p = proposal(&d, &f, "P-5");
    assert!(p.title.contains(';'), "both links, chained: {}", p.title);
}

#[test]
fn peering_access_off_is_turned_on() {
    let (d, f) = hub_nva(|b, _, links| b.with_peering(&links[2], |l| l.allow_virtual_network_access = false));
    proposal(&d, &f, "P-4");
}

#[test]
fn nva_deny_gets_an_allow_rule() {
    let (d, f) = hub_nva(|b, nva, _| {
        b.with_vm(nva, |vm| {
            if let VmRole::Nva(cfg) = &mut vm.role {
                cfg.rules.clear();
            }
        })
    });
    proposal(&d, &f, "F-20");
}

#[test]
fn unavailable_next_hop_is_pointed_at_the_nva() {
    let (d, f) = hub_nva(|b, _, _| {
        let table = &mut b.design_mut().route_tables[0];
        table.routes[0].next_hop_ip = Some("10.0.1.99".parse().expect("ip"));
    });
    let p = proposal(&d, &f, "R-14");
    assert!(p.title.contains("NVA 'nva'"), "{}", p.title);
}

#[test]
fn none_udr_is_removed() {
    let (d, f) = hub_nva(|b, _, _| {
        let table = &mut b.design_mut().route_tables[0];
        table.routes.push(Route {
            name: "blackhole".into(),
            prefix: "10.2.1.0/24".parse().expect("net"),
            next_hop_type: NextHopType::None,
            next_hop_ip: None,
        });
    });
    proposal(&d, &f, "R-11");
}

#[test]
fn nsg_deny_gets_a_narrow_allow_above_it() {
    let mut b = DesignBuilder::new("nsg");
    let v = b.vnet("vnet", "eastus", &["10.1.0.0/16"]);
    let sa = b.subnet(&v, "snet-a", "10.1.1.0/24");
    let sb = b.subnet(&v, "snet-b", "10.1.2.0/24");
    let (_, nic) = b.vm("vm-a", &sa, "10.1.1.4");
    b.vm("vm-b", &sb, "10.1.2.4");
    let deny =
        nsg_rule("deny-ssh", 200, Direction::Inbound, Access::Deny, Protocol::Tcp, "*", "*", "22").expect("rule");
    let out = nsg_rule("deny-out", 300, Direction::Outbound, Access::Deny, Protocol::Any, "*", "*", "*").expect("rule");
    b.nsg("nsg-b", vec![deny], &[&sb]);
    b.nsg("nsg-a", vec![out], &[&sa]);
    let d = doc(b);
    let p = proposal(&d, &flow(&nic, "10.1.2.4", Protocol::Tcp, 22), "N-2");
    assert!(p.title.contains("priority 299") && p.title.contains("priority 199"), "{}", p.title);
}

#[test]
fn firewall_default_deny_gets_a_network_rule() {
    let mut b = DesignBuilder::new("fw");
    let hub = b.vnet("vnet-hub", "eastus", &["10.0.0.0/16"]);
    let spoke = b.vnet("vnet-spoke", "eastus", &["10.1.0.0/16"]);
    let fw_subnet = b.subnet(&hub, "AzureFirewallSubnet", "10.0.1.0/26");
    b.firewall("afw", &fw_subnet, "10.0.1.4");
    let work = b.subnet(&hub, "snet-work", "10.0.2.0/24");
    b.vm("vm-hub", &work, "10.0.2.4");
    let w = b.subnet(&spoke, "snet-w", "10.1.1.0/24");
    let (_, nic) = b.vm("vm-spoke", &w, "10.1.1.4");
    let va = NextHopType::VirtualAppliance;
    b.route_table("rt-w", false, &[udr("to-fw", "10.0.2.0/24", va, Some("10.0.1.4"))], &[&w]);
    b.route_table("rt-hub", false, &[udr("to-fw", "10.1.0.0/16", va, Some("10.0.1.4"))], &[&work]);
    b.peer_spoke(&hub, &spoke, false);
    let d = doc(b);
    proposal(&d, &flow(&nic, "10.0.2.4", Protocol::Tcp, 443), "F-3");
}

/// A hub with Azure Firewall 'afw' (10.0.1.4) and two unpeered spokes with a VM each:
/// `[hub, spoke 1, spoke 2, spoke 1's subnet, spoke 2's subnet]` and vm-1's NIC (10.1.1.4).
fn firewall_hub_and_two_spokes(name: &str) -> (DesignBuilder, [Id; 5], Id) {
    let mut b = DesignBuilder::new(name);
    let hub = b.vnet("vnet-hub", "eastus", &["10.0.0.0/16"]);
    let fw_subnet = b.subnet(&hub, "AzureFirewallSubnet", "10.0.1.0/26");
    b.firewall("afw", &fw_subnet, "10.0.1.4");
    let s1 = b.vnet("vnet-1", "eastus", &["10.1.0.0/16"]);
    let s2 = b.vnet("vnet-2", "eastus", &["10.2.0.0/16"]);
    let w1 = b.subnet(&s1, "snet-1", "10.1.1.0/24");
    let w2 = b.subnet(&s2, "snet-2", "10.2.1.0/24");
    let (_, nic) = b.vm("vm-1", &w1, "10.1.1.4");
    b.vm("vm-2", &w2, "10.2.1.4");
    (b, [hub, s1, s2, w1, w2], nic)
}

#[test]
fn spokes_of_a_firewall_hub_get_peering_or_hub_transit() {
    let (mut b, [hub, s1, s2, _, _], nic) = firewall_hub_and_two_spokes("two spokes");
    b.peer(&hub, &s1);
    b.peer(&hub, &s2);
    let d = doc(b);
    let f = flow(&nic, "10.2.1.4", Protocol::Tcp, 443);
    let all = propose(&d, &f);
    assert_eq!(all.first().map(|p| p.rule), Some("P-1"));
    let transit = all.iter().find(|p| p.title.contains("through firewall 'afw'")).expect("hub transit proposal");
    let mut changed = d.clone();
    edit::apply(&mut changed, transit.edit.clone()).expect("applies");
    assert_eq!(outcome(&changed, &f), Outcome::Delivered);
}

#[test]
fn pending_private_endpoint_is_approved() {
    let mut b = DesignBuilder::new("pe");
    let v = b.vnet("vnet", "eastus", &["10.1.0.0/16"]);
    let sa = b.subnet(&v, "snet-a", "10.1.1.0/24");
    let sp = b.subnet(&v, "snet-pe", "10.1.2.0/24");
    let (_, nic) = b.vm("vm-a", &sa, "10.1.1.4");
    let st = b.paas("stcontoso", "Microsoft.Storage", "eastus", "20.1.2.3");
    let pe = b.private_endpoint("pe-st", &sp, "10.1.2.4", &st, "blob");
    b.design_mut().private_endpoints.iter_mut().filter(|p| p.id == pe).for_each(|p| {
        p.connection_state = ConnectionState::Pending;
    });
    let d = doc(b);
    proposal(&d, &flow(&nic, "10.1.2.4", Protocol::Tcp, 443), "E-2");
}

#[test]
fn asymmetric_return_gets_a_udr_and_propagation_off() {
    let d = gallery_doc("asymmetric-return");
    let f = gallery_flow(&d, "HTTPS");
    let udr = proposal(&d, &f, "F-12");
    assert!(udr.title.contains("192.168.0.0/16"), "{}", udr.title);
    proposal(&d, &f, "R-28");
}

#[test]
fn private_endpoint_reply_at_risk_gets_snat() {
    let d = gallery_doc("fw-pe-same-spoke");
    let f = gallery_flow(&d, "HTTPS");
    assert!(matches!(outcome(&d, &f), Outcome::AtRisk { .. }));
    let p = proposal(&d, &f, "E-11");
    assert!(p.title.contains("Always SNAT on firewall 'afw-hub'"), "{}", p.title);
    let d = gallery_doc("fw-pe-dedicated-vnet");
    proposal(&d, &gallery_flow(&d, "HTTPS"), "E-11");
}

#[test]
fn delivered_flows_get_no_proposals() {
    let d = gallery_doc("non-transitive-peering");
    let f = gallery_flow(&d, "vm-01 → vm-02");
    assert_eq!(outcome(&d, &f), Outcome::Delivered);
    assert!(propose(&d, &f).is_empty());
}

/// Every saved trace question of every gallery design: no panic, bounded, deterministic, and every
/// proposal proved (it applies and delivers).
#[test]
fn propose_never_panics_on_gallery_questions() {
    for e in gallery::ENTRIES {
        let Some(Ok(d)) = gallery::document(e.slug) else { continue };
        for q in &d.design.questions {
            let Ask::Trace { from, to, protocol, port } = &q.ask else { continue };
            let f = Flow { from: from.clone(), to: *to, protocol: *protocol, port: *port, host: None };
            let all = propose(&d, &f);
            assert!(all.len() <= MAX_CANDIDATES);
            assert_eq!(all, propose(&d, &f), "{}: deterministic", e.slug);
            for p in &all {
                let mut changed = d.clone();
                edit::apply(&mut changed, p.edit.clone()).expect("applies");
                assert_eq!(outcome(&changed, &f), Outcome::Delivered, "{} / {}: {}", e.slug, q.title, p.title);
            }
        }
    }
}

#[test]
fn nsg_deny_at_priority_100_moves_down_one() {
    let mut b = DesignBuilder::new("nsg 100");
    let v = b.vnet("vnet", "eastus", &["10.1.0.0/16"]);
    let sa = b.subnet(&v, "snet-a", "10.1.1.0/24");
    let sb = b.subnet(&v, "snet-b", "10.1.2.0/24");
    let (_, nic) = b.vm("vm-a", &sa, "10.1.1.4");
    b.vm("vm-b", &sb, "10.1.2.4");
    let deny =
        nsg_rule("deny-ssh", 100, Direction::Inbound, Access::Deny, Protocol::Tcp, "*", "*", "22").expect("rule");
    b.nsg("nsg-b", vec![deny], &[&sb]);
    let d = doc(b);
    let p = proposal(&d, &flow(&nic, "10.1.2.4", Protocol::Tcp, 22), "N-2");
    assert!(p.title.contains("priority 100"), "{}", p.title);
}

/// Applies `edits` one by one on a copy and says whether the flow is then delivered.
fn delivers_with(doc: &Document, flow: &Flow, edits: &[Edit]) -> bool {
    let mut changed = doc.clone();
    edits.iter().all(|e| edit::apply(&mut changed, e.clone()).is_ok()) && outcome(&changed, flow) == Outcome::Delivered
}

/// The only proposal is a pair of `rules`; each of its edits alone leaves the flow failing.
fn pair(doc: &Document, flow: &Flow, rules: [&str; 2]) -> Proposal {
    let p = proposal(doc, flow, rules[0]);
    let parts: Vec<&str> = p.parts.iter().map(|x| x.rule).collect();
    assert_eq!(parts, rules, "{}", p.title);
    let Edit::Batch(edits) = &p.edit else { panic!("a batch") };
    for e in edits {
        assert!(!delivers_with(doc, flow, std::slice::from_ref(e)), "{e:?} alone delivers");
    }
    for rule in rules {
        assert!(p.why.contains(&format!("({rule})")), "{rule} cited: {}", p.why);
    }
    p
}

/// Issue 20 §5: the NVA denies the flow and spoke 2's link refuses forwarded traffic (P-5).
/// Neither change alone passes (the NVA rule leaves the P-5 drop; P-5 alone never gets past the
/// NVA); together they are one proven pair, each part named.
#[test]
fn nva_deny_and_forwarded_traffic_off_get_one_pair() {
    let (d, f) = hub_nva(|b, nva, links| {
        b.with_vm(nva, |vm| {
            if let VmRole::Nva(cfg) = &mut vm.role {
                cfg.rules.clear();
            }
        });
        b.with_peering(&links[3], |l| l.allow_forwarded_traffic = false);
    });
    let all = propose(&d, &f);
    assert_eq!(all.len(), 1, "{:#?}", all.iter().map(|p| &p.title).collect::<Vec<_>>());
    let p = pair(&d, &f, ["F-20", "P-5"]);
    assert!(p.parts[0].title.contains("on NVA 'nva'"), "{}", p.parts[0].title);
    assert!(
        p.parts[1].title.contains("forwarded traffic on peering link 'vnet-spoke2-to-vnet-hub'"),
        "{}",
        p.parts[1].title
    );
    assert_eq!(p.title, format!("{} + {}", p.parts[0].title, p.parts[1].title));
    assert!(p.why.contains("Neither alone"), "{}", p.why);
}

/// The same with an Azure Firewall in the hub: no rule allows the flow (F-3, default deny) and
/// spoke 2's link refuses forwarded traffic (P-5).
#[test]
fn firewall_deny_and_forwarded_traffic_off_get_one_pair() {
    let (mut b, [hub, s1, s2, w1, w2], nic) = firewall_hub_and_two_spokes("hub firewall");
    let va = NextHopType::VirtualAppliance;
    b.route_table("rt-1", false, &[udr("to-2", "10.2.0.0/16", va, Some("10.0.1.4"))], &[&w1]);
    b.route_table("rt-2", false, &[udr("to-1", "10.1.0.0/16", va, Some("10.0.1.4"))], &[&w2]);
    let (_, s1_to_hub) = b.peer(&hub, &s1);
    b.with_peering(&s1_to_hub, |l| l.allow_forwarded_traffic = true);
    b.peer(&hub, &s2);
    let d = doc(b);
    let f = flow(&nic, "10.2.1.4", Protocol::Tcp, 443);
    let p = pair(&d, &f, ["F-3", "P-5"]);
    assert!(p.parts[0].title.contains("on firewall 'afw' (network rule)"), "{}", p.parts[0].title);
    assert!(p.parts[1].title.contains("peering link 'vnet-2-to-vnet-hub'"), "{}", p.parts[1].title);
}

/// A design that needs one change still gets it alone: no pair search runs.
#[test]
fn one_change_stays_a_single_proposal() {
    let (d, f) = hub_nva(|b, nva, _| {
        b.with_vm(nva, |vm| {
            if let VmRole::Nva(cfg) = &mut vm.role {
                cfg.rules.clear();
            }
        })
    });
    let mut proposer = Proposer::new(d.clone(), &f);
    while proposer.step() {}
    assert!(proposer.pair_search().is_none(), "a single change passed: no pairs tried");
    let all = proposer.proposals();
    assert!(!all.is_empty() && all.iter().all(|p| p.parts.len() == 1), "{all:#?}");
    assert_eq!(proposal(&d, &f, "F-20").parts[0].rule, "F-20");
}

/// The budget: a search stopped by [`MAX_PAIRS`] with pairs left says so; one that found its
/// pairs or tried them all does not.
#[test]
fn a_cut_pair_search_says_so() {
    let search = |tried, found, total| PairSearch { tried, found, total, started: true, ..PairSearch::default() };
    let note = search(MAX_PAIRS, 0, MAX_PAIRS + 6).cut_note().expect("cut");
    assert!(note.contains(&format!("after {MAX_PAIRS} of {} pairs", MAX_PAIRS + 6)), "{note}");
    assert!(search(MAX_PAIRS, 0, MAX_PAIRS).cut_note().is_none());
    assert!(search(5, MAX_PAIR_PROPOSALS, 40).cut_note().is_none());
}
