use super::*;
use crate::watcher::{target, testutil};

fn ask(
    key: &str,
    direction: Direction,
    protocol: Protocol,
    local: &str,
    remote: &str,
) -> Result<FlowVerifyResult, WatcherError> {
    let d = testutil::design();
    let eng = Engine::new(&d);
    let nic = target::nic(&eng.net, key)?;
    let q = FlowQuery { direction, protocol, local: local.parse()?, remote: remote.parse()? };
    verify(&eng, nic, &q)
}

fn answer(r: &FlowVerifyResult) -> (Access, Option<&str>) {
    (r.access, r.rule_name.as_deref())
}

#[test]
fn n13_inbound_the_nic_nsg_denies_after_the_subnet_allows() {
    let r = ask("vm-web", Direction::Inbound, Protocol::Tcp, "10.1.1.4:22", "10.1.2.4:*").unwrap();
    assert_eq!(answer(&r), (Access::Deny, Some("securityRules/deny-ssh-from-client")));
    let steps: Vec<(&str, &str, Access)> =
        r.vnet_studio.nsgs.iter().map(|s| (s.nsg.as_str(), s.association, s.access)).collect();
    assert_eq!(
        steps,
        vec![("nsg-web-subnet", "subnet", Access::Allow), ("nsg-web-nic", "networkInterface", Access::Deny)]
    );
    assert_eq!(r.vnet_studio.rules, vec!["N-13", "N-5", "N-2"]);
}

#[test]
fn n13_inbound_allowed_by_both_names_the_nic_rule() {
    // From the branch behind the hub's gateway: VirtualNetwork at the subnet (N-4), and the
    // NIC's NSG has no SSH rule, so its default AllowVnetInBound decides last.
    let r = ask("vm-web", Direction::Inbound, Protocol::Tcp, "10.1.1.4:22", "192.168.10.5:50000").unwrap();
    assert_eq!(answer(&r), (Access::Allow, Some("defaultSecurityRules/AllowVnetInBound")));
    assert_eq!(r.vnet_studio.rules, vec!["N-13", "N-5", "N-3"]);
    let r = ask("vm-web", Direction::Inbound, Protocol::Tcp, "10.1.1.4:443", "203.0.113.9:*").unwrap();
    assert_eq!(answer(&r), (Access::Allow, Some("securityRules/allow-web")));
}

#[test]
fn n13_inbound_from_the_internet_stops_at_the_subnet() {
    let r = ask("vm-web", Direction::Inbound, Protocol::Tcp, "10.1.1.4:3389", "203.0.113.9:*").unwrap();
    assert_eq!(answer(&r), (Access::Deny, Some("defaultSecurityRules/DenyAllInBound")));
    assert_eq!(r.vnet_studio.nsgs.len(), 1, "the NIC's NSG is not reached");
}

#[test]
fn n13_outbound_nic_then_subnet() {
    // The NIC's NSG allows DNS to 168.63.129.16 (in VirtualNetwork, N-4); the subnet's denies it.
    let r = ask("vm-web", Direction::Outbound, Protocol::Udp, "10.1.1.4:*", "168.63.129.16:53").unwrap();
    assert_eq!(answer(&r), (Access::Deny, Some("securityRules/deny-azure-dns")));
    let order: Vec<&str> = r.vnet_studio.nsgs.iter().map(|s| s.association).collect();
    assert_eq!(order, vec!["networkInterface", "subnet"]);
    // Allowed by both: the subnet's rule is the last evaluated.
    let r = ask("vm-web", Direction::Outbound, Protocol::Tcp, "10.1.1.4:*", "8.8.8.8:443").unwrap();
    assert_eq!(answer(&r), (Access::Allow, Some("defaultSecurityRules/AllowInternetOutBound")));
    assert!(r.vnet_studio.why.contains("'nsg-web-subnet'"), "{}", r.vnet_studio.why);
}

#[test]
fn n13_no_nsg_allows_without_a_rule_name() {
    let r = ask("vm-client", Direction::Inbound, Protocol::Udp, "10.1.2.4:53", "203.0.113.9:4000").unwrap();
    assert_eq!(answer(&r), (Access::Allow, None));
    assert!(r.vnet_studio.nsgs.is_empty());
    let json = serde_json::to_value(&r).unwrap();
    assert!(json.get("ruleName").is_none(), "{json}");
}

#[test]
fn n13_bad_questions_are_errors_that_name_the_problem() {
    let err = ask("vm-web", Direction::Inbound, Protocol::Icmp, "10.1.1.4:0", "10.1.2.4:0").unwrap_err();
    assert_eq!(err, WatcherError::Protocol(Protocol::Icmp));
    assert!(err.to_string().contains("TCP and UDP only, not ICMP"), "{err}");
    let err = ask("vm-web", Direction::Inbound, Protocol::Tcp, "10.1.1.9:22", "10.1.2.4:*").unwrap_err();
    assert!(err.to_string().contains("10.1.1.9 is not an IP of NIC 'vm-web-nic' (its IP is 10.1.1.4)"), "{err}");
    let err = ask("vm-duo-nic2", Direction::Inbound, Protocol::Tcp, "10.1.2.9:22", "10.1.2.4:*").unwrap_err();
    assert!(err.to_string().contains("its IPs are 10.1.2.6, 10.1.2.7"), "{err}");
    let r = ask("vm-duo-nic2", Direction::Inbound, Protocol::Tcp, "10.1.2.7:22", "10.1.2.4:*").unwrap();
    assert_eq!(answer(&r), (Access::Allow, None), "a secondary IP configuration is the NIC's");
    let err = ask("vm-web", Direction::Inbound, Protocol::Tcp, "10.1.1.4:*", "10.1.2.4:22").unwrap_err();
    assert_eq!(err, WatcherError::WildcardPort { which: "local" });
    let err = ask("vm-web", Direction::Outbound, Protocol::Tcp, "10.1.1.4:*", "8.8.8.8:*").unwrap_err();
    assert_eq!(err, WatcherError::WildcardPort { which: "remote" });
    let err = ask("vm-duo", Direction::Outbound, Protocol::Tcp, "10.1.2.5:*", "8.8.8.8:443").unwrap_err();
    assert!(matches!(err, WatcherError::AmbiguousVm { .. }), "{err}");
    for bad in ["10.1.1.4", "10.1.1.4:http", "10.1.1:22", "10.1.1.4:70000"] {
        assert_eq!(bad.parse::<Endpoint>(), Err(WatcherError::BadEndpoint(bad.into())));
    }
    assert_eq!("10.1.1.4:*".parse::<Endpoint>().map(|e| e.to_string()), Ok("10.1.1.4:*".to_string()));
}
