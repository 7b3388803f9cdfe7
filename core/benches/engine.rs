//! Engine benchmark over the generated landing zone (DECISIONS 21): 10, 100 and 1,000 spokes.
//! Measures building the engine (every subnet's effective routes and tags), one trace, the full
//! reachability matrix, validation, and the peak heap while building. A plain harness (no
//! criterion) so the same code can be timed anywhere; run it with
//! `cargo bench -p vnet-core --bench engine` and record the table in BENCHMARKS.md. A second table
//! times one trace through an internal load balancer (F-22): the same design with the hub's
//! firewall next hop replaced by an ILB in front of two NVAs. A third times one trace across a
//! VNet-to-VNet connection (P-14) added to the same design.

mod timing;

use std::alloc::{GlobalAlloc, Layout, System};
use std::hint::black_box;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;
use vnet_core::model::*;
use vnet_core::trace::{Engine, Flow};

/// Counts live heap bytes and their peak, to report memory without an external profiler.
struct Counting;
static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let live = LIVE.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
        PEAK.fetch_max(live, Ordering::Relaxed);
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static ALLOC: Counting = Counting;

fn main() {
    let sizes = timing::sizes(&[10, 100, 1000]);
    scale_table(&sizes);
    engine_table(&sizes);
    ilb_table(&sizes);
    vnet_to_vnet_table(&sizes);
}

fn engine_table(sizes: &[usize]) {
    println!("| spokes | subnets | all effective routes | engine (index + routes + tags) | one trace | validate | reachability matrix | peak heap (engine) |");
    println!("|---|---|---|---|---|---|---|---|");
    for &n in sizes {
        let design = match vnet_core::gallery::generated(n) {
            Ok(d) => d,
            Err(e) => {
                eprintln!("{n} spokes: {e}");
                continue;
            }
        };
        let base = LIVE.load(Ordering::Relaxed);
        PEAK.store(base, Ordering::Relaxed);
        let eng = Engine::new(&design);
        let peak = PEAK.load(Ordering::Relaxed).saturating_sub(base);
        let build = timing::median(if n >= 1000 { 5 } else { 21 }, || {
            black_box(Engine::new(black_box(&design)));
        });
        // Effective routes alone, over an index built once (the engine above adds the index and tags).
        let net = vnet_core::network::Network::new(&design);
        let routes_only = timing::median(if n >= 1000 { 5 } else { 21 }, || {
            black_box(vnet_core::routes::all_routes(black_box(&net)));
        });
        // The first spoke VM to a private endpoint in the last spoke, TCP 443: through the hub firewall.
        let src = design.vms.first().and_then(|v| v.nics.first()).map(|n| n.id.clone());
        let dst = design.private_endpoints.last().map(|p| p.ip);
        let (Some(src), Some(dst)) = (src, dst) else {
            eprintln!("{n} spokes: no VM or private endpoint to trace");
            continue;
        };
        let flow = Flow { from: FlowSource::Nic { id: src }, to: dst, protocol: Protocol::Tcp, port: 443, host: None };
        let trace = timing::median(1001, || {
            black_box(eng.trace(black_box(&flow)).ok());
        });
        let validate = timing::median(if n >= 1000 { 5 } else { 21 }, || {
            black_box(vnet_core::validate::validate(black_box(&design)));
        });
        // The 1,000-spoke matrix takes minutes (16 million traces): only on request.
        let big_matrix = std::env::var_os("VNET_BENCH_BIG_MATRIX").is_some();
        let matrix = if n > 100 && !big_matrix {
            "skipped (set VNET_BENCH_BIG_MATRIX=1)".to_string()
        } else if n <= 100 {
            timing::fmt(
                timing::median(3, || {
                    black_box(vnet_core::reach::matrix(&eng, Protocol::Tcp, 443));
                }),
                1,
            )
        } else {
            let t = Instant::now();
            black_box(vnet_core::reach::matrix(&eng, Protocol::Tcp, 443));
            format!("{} (1 run)", timing::fmt(t.elapsed(), 1))
        };
        println!(
            "| {n} | {} | {} | {} | {} | {} | {matrix} | {:.1} MiB |",
            eng.net.subnets.len(),
            timing::fmt(routes_only, 1),
            timing::fmt(build, 1),
            timing::fmt(trace, 1),
            timing::fmt(validate, 1),
            peak as f64 / (1024.0 * 1024.0)
        );
    }
}

/// Issue 23 §1: the matrix computed once per class of equivalent cells. `grid` is the whole
/// subnet matrix at one byte per cell (the symmetry search included), `matrix` the same with a
/// `Cell` (and its flow) per cell, `direct` one trace per cell (the build before issue 23; at
/// 1,000 spokes extrapolated from its first 100 rows), `VNet matrix` the summary per VNet pair.
/// Peak heap: counted while computing the grid (the engine already built).
fn scale_table(sizes: &[usize]) {
    println!("| spokes | subnets | cells | traced | grid (classes) | matrix (classes, a Cell per cell) | direct (one trace per cell) | VNet matrix | peak heap (grid) |");
    println!("|---|---|---|---|---|---|---|---|---|");
    for &n in sizes {
        let Ok(design) = vnet_core::gallery::generated(n) else { continue };
        let eng = Engine::new(&design);
        let runs = if n >= 1000 { 5 } else { 11 };
        let base = LIVE.load(Ordering::Relaxed);
        PEAK.store(base, Ordering::Relaxed);
        let g = vnet_core::reach::grid(&eng, Protocol::Tcp, 443);
        let peak = PEAK.load(Ordering::Relaxed).saturating_sub(base);
        let cells = g.len() * g.len();
        let traced = g.traced();
        drop(g);
        let grid = timing::median(runs, || {
            black_box(vnet_core::reach::grid(&eng, Protocol::Tcp, 443));
        });
        let vnet = timing::median(runs, || {
            black_box(vnet_core::reach::vnet_matrix(&eng, Protocol::Tcp, 443));
        });
        let (matrix, direct) = if n <= 100 {
            let m = timing::median(runs, || {
                black_box(vnet_core::reach::matrix(&eng, Protocol::Tcp, 443));
            });
            let d = timing::median(3, || {
                black_box(vnet_core::reach::matrix_direct(&eng, Protocol::Tcp, 443));
            });
            (timing::fmt(m, 1), timing::fmt(d, 1))
        } else {
            // A Cell per cell is 16 million flows (over 1 GB): not measured at this size.
            let mut job = vnet_core::reach::MatrixJob::direct(&eng, Protocol::Tcp, 443);
            let t = Instant::now();
            job.step(&eng, 100);
            let rows = job.rows().len().max(1);
            let whole = t.elapsed().as_secs_f64() / rows as f64 * eng.net.subnets.len() as f64;
            ("—".to_string(), format!("≈ {whole:.1} s (from {rows} rows)"))
        };
        println!(
            "| {n} | {} | {cells} | {traced} | {} | {matrix} | {direct} | {} | {:.1} MiB |",
            eng.net.subnets.len(),
            timing::fmt(grid, 1),
            timing::fmt(vnet, 1),
            peak as f64 / (1024.0 * 1024.0)
        );
    }
    println!();
}

/// One trace (TCP 443, first spoke VM to the last spoke's first VM) when every spoke's UDRs point
/// at an ILB in the hub instead of the firewall: spoke → ILB → NVA → spoke, and the reply back
/// the same way (the symmetric hash picks the same NVA).
fn ilb_table(sizes: &[usize]) {
    println!();
    println!("| spokes | one trace through an ILB (F-22) |");
    println!("|---|---|");
    for &n in sizes {
        let Ok(mut design) = vnet_core::gallery::generated(n) else { continue };
        let Some(frontend) = with_ilb(&mut design) else { continue };
        let src = design.vms.first().and_then(|v| v.nics.first()).map(|n| n.id.clone());
        let dst =
            design.vms.iter().rev().find(|v| v.name.ends_with("-web-1")).and_then(|v| v.nics.first()).map(|n| n.ip);
        let (Some(src), Some(dst)) = (src, dst) else { continue };
        let eng = Engine::new(&design);
        let flow = Flow { from: FlowSource::Nic { id: src }, to: dst, protocol: Protocol::Tcp, port: 443, host: None };
        let ok = eng.trace(&flow).map(|t| {
            let via = t.forward.hops.iter().any(|h| matches!(h.place, vnet_core::trace::Place::LoadBalancer { .. }));
            (t.outcome.label(), via)
        });
        if ok != Ok(("delivered", true)) {
            eprintln!("{n} spokes: the ILB trace is {ok:?}, not delivered through {frontend}");
        }
        let trace = timing::median(1001, || {
            black_box(eng.trace(black_box(&flow)).ok());
        });
        println!("| {n} | {} |", timing::fmt(trace, 1));
    }
}

/// Adds two NVAs and an ILB (HA ports) in a new hub subnet and points every route at the hub
/// firewall to the ILB's frontend instead. Returns the frontend.
fn with_ilb(d: &mut Design) -> Option<std::net::Ipv4Addr> {
    let hub = d.vnets.first()?.id.clone();
    let fw_ip = d.firewalls.first()?.private_ip;
    let subnet = vnet_core::Id::new("snet-nva-bench");
    d.subnets.push(Subnet {
        id: subnet.clone(),
        name: "snet-nva".into(),
        vnet: hub,
        prefix: "10.0.20.0/24".parse().ok()?,
        route_table: None,
        nsg: None,
        service_endpoints: Vec::new(),
        private_endpoint_network_policies: Default::default(),
        delegation: None,
        meta: Default::default(),
    });
    let frontend = std::net::Ipv4Addr::new(10, 0, 20, 10);
    let mut backends = Vec::new();
    for k in 0..2u8 {
        let template = d.vms.first()?.clone();
        let mut nic = template.nics.first()?.clone();
        nic.id = vnet_core::Id::new(format!("nva-bench-{k}-nic"));
        nic.name = format!("nva-bench-{k}-nic");
        nic.subnet = subnet.clone();
        nic.ip = std::net::Ipv4Addr::new(10, 0, 20, 4 + k);
        nic.ip_forwarding = true;
        nic.nsg = None;
        backends.push(LbBackend { nic: nic.id.clone(), healthy: true });
        d.vms.push(Vm {
            id: vnet_core::Id::new(format!("nva-bench-{k}")),
            name: format!("nva-bench-{k}"),
            nics: vec![nic],
            role: VmRole::Nva(NvaConfig {
                rules: vec![NvaRule {
                    name: "allow-all".into(),
                    action: RuleAction::Allow,
                    protocol: Protocol::Any,
                    source: AddressMatch::Any,
                    destination: AddressMatch::Any,
                    ports: PortRange::ANY,
                }],
                stateful: true,
                snat: NvaSnat::Off,
            }),
            meta: template.meta,
        });
    }
    d.load_balancers.push(LoadBalancer {
        id: vnet_core::Id::new("lb-bench"),
        name: "ilb-nva".into(),
        subnet,
        frontend_ip: frontend,
        backends,
        rules: vec![LbRule { name: "ha-ports".into(), protocol: Protocol::Any, frontend_port: 0, backend_port: 0 }],
        probe: Some(LbProbe { protocol: ProbeProtocol::Tcp, port: 22 }),
        meta: Default::default(),
    });
    for r in d.route_tables.iter_mut().flat_map(|t| t.routes.iter_mut()) {
        if r.next_hop_ip == Some(fw_ip) {
            r.next_hop_ip = Some(frontend);
        }
    }
    Some(frontend)
}

/// The generated zone plus `vnet-remote` (10.1.0.0/16, a VM and a VPN gateway) joined to the
/// hub's VPN gateway by a VNet-to-VNet connection with BGP on both sides (P-14), so the remote
/// VNet learns the hub, every spoke and the on-premises prefixes.
fn with_remote_vnet(n: usize) -> Option<(Design, vnet_core::Id)> {
    let design = vnet_core::gallery::generated(n).ok()?;
    let hub_gw = design.gateways.iter().find(|g| g.kind == GatewayKind::Vpn)?.id.clone();
    let mut b = vnet_core::build::DesignBuilder::from_design(design);
    let v = b.vnet("vnet-remote", "westus", &["10.1.0.0/16"]);
    let gw_subnet = b.subnet(&v, "GatewaySubnet", "10.1.255.0/27");
    let app = b.subnet(&v, "snet-remote", "10.1.1.0/24");
    let (vm, _) = b.vm("vm-remote", &app, "10.1.1.4");
    let remote = b.gateway("vpngw-remote", &gw_subnet, GatewayKind::Vpn, "VpnGw1", &["10.1.255.4"]);
    let mut d = b.build().ok()?;
    let connection = |name: &str, to: &vnet_core::Id| GatewayConnection {
        id: vnet_core::Id::new(name),
        name: name.into(),
        peer: ConnectionPeer::Gateway(to.clone()),
        bgp: Some(true),
        next_hops: Vec::new(),
        learned_prefixes: Vec::new(),
        meta: Default::default(),
    };
    for g in &mut d.gateways {
        if g.id == hub_gw {
            g.connections.push(connection("hub-to-remote", &remote));
        } else if g.id == remote {
            g.connections.push(connection("remote-to-hub", &hub_gw));
        }
    }
    Some((d, vm))
}

/// P-14: building the engine with the connection, and one UDP/53 trace from `vm-remote` to the
/// hub's resolver inbound endpoint (10.0.10.4): the remote gateway, the tunnel, the hub gateway
/// and back.
fn vnet_to_vnet_table(sizes: &[usize]) {
    println!();
    println!("| spokes | engine with a VNet-to-VNet connection | one trace across it (there and back) |");
    println!("|---|---|---|");
    for &n in sizes {
        let Some((design, vm)) = with_remote_vnet(n) else {
            eprintln!("{n} spokes: no VPN gateway to connect");
            continue;
        };
        let eng = Engine::new(&design);
        let build = timing::median(if n >= 1000 { 5 } else { 21 }, || {
            black_box(Engine::new(black_box(&design)));
        });
        let from = FlowSource::Nic { id: vm };
        let flow =
            Flow { from, to: std::net::Ipv4Addr::new(10, 0, 10, 4), protocol: Protocol::Udp, port: 53, host: None };
        match eng.trace(&flow) {
            Ok(t) if t.outcome == vnet_core::trace::Outcome::Delivered => {}
            other => eprintln!("{n} spokes: the VNet-to-VNet trace is not delivered: {other:?}"),
        }
        let trace = timing::median(1001, || {
            black_box(eng.trace(black_box(&flow)).ok());
        });
        println!("| {n} | {} | {} |", timing::fmt(build, 1), timing::fmt(trace, 1));
    }
}
