use super::*;
use crate::gallery;

#[test]
fn seed_lab_spoke_connects_to_the_private_endpoint_by_name() {
    // D-4 + D-10 + E-3: the hub forwarder gives the PE IP, TCP takes the /32 and bypasses the firewall.
    let d = gallery::seed_lab().unwrap();
    let c = connect(&d, "vm-spoke", "https://mftesting.blob.core.windows.net").unwrap();
    assert!(c.ok, "{c:#?}");
    assert!(matches!(c.via, Via::PrivateEndpoint { .. }), "{:?}", c.via);
    assert_eq!(c.seen_source, Some(Ipv4Addr::new(10, 1, 0, 4)));
    assert!(c.service.as_ref().is_some_and(|s| s.accepted && s.rule == "E-2"));
    assert_eq!(c.trace.as_ref().map(|t| t.flow.host.clone()), Some(Some("mftesting.blob.core.windows.net".into())));
}

#[test]
fn service_endpoint_subnet_is_admitted_and_the_peer_is_denied() {
    // E-21, E-22, E-24 by address: the public IP from snet-app (service endpoint) and from the peer.
    let d = (gallery::entry("service-vs-private-endpoint").unwrap().build)().unwrap();
    let c = connect(&d, "vm-app", "198.18.0.20:443").unwrap();
    assert!(c.ok, "{c:#?}");
    assert!(matches!(&c.via, Via::ServiceEndpoint { name, .. } if name == "snet-app"), "{:?}", c.via);
    assert_eq!(c.seen_source, Some(Ipv4Addr::new(10, 1, 1, 4)));
    let c = connect(&d, "vm-peer", "198.18.0.20").unwrap();
    assert!(!c.ok);
    assert_eq!(c.via, Via::PublicInternet);
    assert!(c.service.as_ref().is_some_and(|s| !s.accepted && s.rule == "E-22"), "{c:#?}");
}

#[test]
fn public_access_disabled_refuses_the_public_path() {
    // D-11 row 4 then E-22: the spoke asks Azure DNS itself (zone not linked), gets the public IP.
    let mut d = gallery::seed_lab().unwrap();
    d.vnets.iter_mut().for_each(|v| v.dns_servers.clear());
    d.paas[0].public_network_access = false;
    let c = connect(&d, "vm-spoke", "mftesting.blob.core.windows.net:443").unwrap();
    assert!(!c.ok);
    assert_eq!(c.ip, Some(Ipv4Addr::new(198, 18, 0, 10)));
    assert!(c.service.as_ref().is_some_and(|s| !s.accepted), "{c:#?}");
}

#[test]
fn unresolved_names_and_bad_targets() {
    let d = gallery::seed_lab().unwrap();
    let c = connect(&d, "vm-spoke", "https://nothing.example.com").unwrap();
    assert_eq!((c.ok, &c.via), (false, &Via::Unresolved));
    assert!(matches!(connect(&d, "vm-spoke", "ftp://x"), Err(ConnectError::BadTarget(_))));
    assert!(matches!(connect(&d, "nobody", "10.1.1.4"), Err(ConnectError::UnknownClient(_))));
    let json = serde_json::to_string(&connect(&d, "vm-spoke", "10.1.1.4").unwrap()).unwrap();
    assert!(json.contains("\"via\":{\"kind\":\"privateEndpoint\""), "{json}");
}

#[test]
fn every_gallery_design_connects_to_every_name_without_panicking() {
    // The questions of `dns::tests::every_gallery_design_resolves_without_panicking`, as connects:
    // each terminates, and a trace it makes carries catalog rule ids.
    for (slug, d) in gallery::test_designs() {
        let eng = crate::trace::Engine::new(&d);
        let dns = DnsEngine::new(&eng);
        for c in dns.test_clients() {
            for n in &dns.test_names() {
                let Ok(found) = connect_with(&dns, &c, n) else { continue };
                for s in found.trace.iter().flat_map(|t| t.forward.hops.iter().flat_map(|h| &h.steps)) {
                    assert!(crate::catalog::rules::rule(s.rule).is_some(), "{slug}: {}", s.rule);
                }
            }
        }
    }
}
