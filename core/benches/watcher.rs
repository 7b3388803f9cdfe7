//! Network Watcher's answers (`vnet_core::watcher`) on the generated landing zone (DECISIONS 21),
//! with NSGs added so that the answers have rules to list and evaluate: one NSG of six rules
//! (every service tag used) on every workload subnet, and one of two rules on the first web
//! VM's NIC of each spoke. The trace engine is built beforehand and not counted, as the CLI and
//! the studio build it once per design version. Run with
//! `cargo bench -p vnet-core --bench watcher` (spoke counts as arguments, 10 and 100 by default).

mod timing;

use std::hint::black_box;
use vnet_core::build::{nsg_rule, DesignBuilder};
use vnet_core::model::{Access, Design, Direction, NsgRule, Protocol};
use vnet_core::trace::Engine;
use vnet_core::watcher::flow_verify::{verify, FlowQuery};
use vnet_core::watcher::next_hop::next_hop;
use vnet_core::watcher::routes::effective_route_table;
use vnet_core::watcher::security::effective_security_rules;
use vnet_core::watcher::tags::TagExpansion;
use vnet_core::watcher::{az, target};

#[allow(clippy::too_many_arguments)]
fn rule(
    name: &str,
    prio: u16,
    dir: Direction,
    access: Access,
    p: Protocol,
    src: &str,
    dst: &str,
    ports: &str,
) -> NsgRule {
    nsg_rule(name, prio, dir, access, p, src, dst, ports).expect("a valid rule")
}

/// The generated design with the NSGs described above.
fn with_nsgs(spokes: usize) -> Result<Design, String> {
    let design = vnet_core::gallery::generated(spokes).map_err(|e| e.to_string())?;
    use Access::*;
    use Direction::*;
    let workload: Vec<_> =
        design.subnets.iter().filter(|s| s.name == "snet-web" || s.name == "snet-app").map(|s| s.id.clone()).collect();
    let first_web: Vec<_> = design.vms.iter().filter(|v| v.name.ends_with("-web-1")).map(|v| v.id.clone()).collect();
    let mut b = DesignBuilder::from_design(design);
    let subnet_rules = vec![
        rule("allow-ssh-from-vnet", 100, Inbound, Allow, Protocol::Tcp, "VirtualNetwork", "*", "22"),
        rule("allow-lb-probe", 200, Inbound, Allow, Protocol::Tcp, "AzureLoadBalancer", "*", "80"),
        rule("allow-https-internet", 300, Inbound, Allow, Protocol::Tcp, "Internet", "*", "443"),
        rule("deny-onprem-rdp", 400, Inbound, Deny, Protocol::Tcp, "172.16.0.0/12", "*", "3389"),
        rule("deny-azure-dns", 100, Outbound, Deny, Protocol::Udp, "*", "AzurePlatformDNS", "53"),
        rule("allow-sql-out", 200, Outbound, Allow, Protocol::Tcp, "*", "10.128.0.0/9", "1433"),
    ];
    let subnets: Vec<&_> = workload.iter().collect();
    b.nsg("nsg-workload", subnet_rules, &subnets);
    let nic_nsg = b.nsg(
        "nsg-web-nic",
        vec![
            rule("deny-ssh-from-onprem", 100, Inbound, Deny, Protocol::Tcp, "172.16.0.0/12", "*", "22"),
            rule("allow-web", 200, Inbound, Allow, Protocol::Tcp, "*", "*", "443"),
        ],
        &[],
    );
    for vm in &first_web {
        let nsg = nic_nsg.clone();
        b.with_vm(vm, |v| v.nics[0].nsg = Some(nsg));
    }
    b.build().map_err(|e| e.to_string())
}

fn main() {
    println!("| spokes | NICs | security rules, one NIC | security rules, every NIC | IP flow verify | next hop | routes in az shape (one subnet) | same, as az JSON text | tags at a subnet without UDR |");
    println!("|---|---|---|---|---|---|---|---|---|");
    for n in timing::sizes(&[10, 100]) {
        let design = match with_nsgs(n) {
            Ok(d) => d,
            Err(e) => {
                eprintln!("{n} spokes: {e}");
                continue;
            }
        };
        let eng = Engine::new(&design);
        // The middle spoke's first web VM: both NSGs apply.
        let key = format!("vm-{:04}-web-1", n / 2 + 1);
        let Ok(nic) = target::nic(&eng.net, &key) else {
            eprintln!("{n} spokes: no {key}");
            continue;
        };
        let one = timing::median(1001, || {
            black_box(effective_security_rules(&eng, black_box(nic)).ok());
        });
        let every = timing::median(if n >= 1000 { 3 } else { 11 }, || {
            for i in 0..eng.net.nics.len() {
                black_box(effective_security_rules(&eng, i).ok());
            }
        });
        let q = FlowQuery {
            direction: Direction::Inbound,
            protocol: Protocol::Tcp,
            local: format!("{}:22", eng.net.nics[nic].nic.ip).parse().expect("an endpoint"),
            remote: "172.16.10.10:*".parse().expect("an endpoint"),
        };
        let flow = timing::median(10001, || {
            black_box(verify(&eng, nic, black_box(&q)).ok());
        });
        let dst = "172.20.192.9".parse().expect("an address");
        let hop = timing::median(10001, || {
            black_box(next_hop(&eng, nic, black_box(dst)).ok());
        });
        let subnet = eng.net.nics[nic].subnet;
        let Some(table) = eng.table(subnet) else { continue };
        let routes = timing::median(1001, || {
            black_box(effective_route_table(black_box(table)));
        });
        let routes_text = timing::median(1001, || {
            let v = az::az_json(&effective_route_table(table)).ok();
            black_box(v.and_then(|v| serde_json::to_string_pretty(&v).ok()));
        });
        let data = eng.net.subnets.iter().position(|s| s.subnet.name == "snet-data" && s.route_table.is_none());
        let tags = match data {
            Some(s) => timing::fmt(
                timing::median(1001, || {
                    black_box(TagExpansion::at(&eng.net, black_box(s)));
                }),
                1,
            ),
            None => "—".to_string(),
        };
        println!(
            "| {n} | {} | {} | {} | {} | {} | {} ({} rows) | {} | {tags} |",
            eng.net.nics.len(),
            timing::fmt(one, 1),
            timing::fmt(every, 1),
            timing::fmt(flow, 2),
            timing::fmt(hop, 2),
            timing::fmt(routes, 1),
            table.routes.len(),
            timing::fmt(routes_text, 1),
        );
    }
}
