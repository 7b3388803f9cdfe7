//! Property tests of the codec: round trips are the identity, decoders never panic, and a value
//! of the wrong type is reported at its own JSON path.
//!
//! Cases: 64 per property unless `PROPTEST_CASES` says otherwise (see `strategies::config`).

mod strategies;

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use proptest::prelude::*;
use proptest::sample::Index;
use serde_json::{json, Value};
use std::collections::HashSet;
use strategies::{config, document, raw_document};
use vnet_core::codec::json::{from_json, from_json_with_repairs, to_json};
use vnet_core::codec::link::{decode, decode_with_repairs, encode};
use vnet_core::codec::restore::repair_ids;
use vnet_core::codec::DecodeError;
use vnet_core::Document;

/// Whatever a decoder accepted must survive its own round trip: nothing decodes into a value
/// that cannot be written back.
fn check_accepted(result: Result<Document, DecodeError>) -> Result<(), TestCaseError> {
    match result {
        Ok(doc) => {
            prop_assert_eq!(from_json(&to_json(&doc)), Ok(doc));
        }
        Err(e) => {
            let text = e.to_string();
            prop_assert!(!text.is_empty() && !text.contains('\n'), "{}", text);
        }
    }
    Ok(())
}

/// The largest char boundary at or below `at`.
fn floor_boundary(text: &str, at: usize) -> usize {
    (0..=at.min(text.len())).rev().find(|&i| text.is_char_boundary(i)).unwrap_or(0)
}

fn flip_bit(text: &str, byte: &Index, bit: u8) -> String {
    let mut bytes = text.as_bytes().to_vec();
    if !bytes.is_empty() {
        let i = byte.index(bytes.len());
        bytes[i] ^= 1 << (bit % 8);
    }
    String::from_utf8_lossy(&bytes).into_owned()
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn json_round_trip_is_the_identity(doc in document()) {
        let text = to_json(&doc);
        prop_assert_eq!(from_json(&text), Ok(doc.clone()));
        prop_assert_eq!(to_json(&doc), text);
    }

    #[test]
    fn link_round_trip_is_the_identity(doc in document()) {
        let link = encode(&doc);
        prop_assert!(link.starts_with("1."));
        prop_assert_eq!(decode(&link), Ok(doc.clone()));
        prop_assert_eq!(decode(&format!("#{link}")), Ok(doc));
    }

    #[test]
    fn repeated_ids_are_repaired_and_the_repair_reads_back(doc in raw_document()) {
        // Written by an older studio or by hand: ids may repeat. Reading never panics, leaves
        // every id unique, keeps each id with its first element, and a second read repairs nothing.
        let text = to_json(&doc);
        let opened = from_json_with_repairs(&text).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let ids: Vec<_> = opened.doc.design.elements().into_iter().map(|e| e.id.clone()).collect();
        let unique: HashSet<_> = ids.iter().collect();
        prop_assert_eq!(unique.len(), ids.len(), "{:?}", ids);
        let before = doc.design.elements();
        let after = opened.doc.design.elements();
        let mut firsts = HashSet::new();
        for (b, a) in before.iter().zip(&after) {
            if firsts.insert(b.id) {
                prop_assert_eq!(a.id, b.id, "the first element with an id keeps it");
            }
        }
        prop_assert_eq!(opened.repairs.len(), before.len() - firsts.len());
        let clamped: Vec<_> = doc.layout.rects.iter().map(|(id, r)| (id, r.clamped())).collect();
        let read: Vec<_> = opened.doc.layout.rects.iter().map(|(id, r)| (id, *r)).collect();
        prop_assert_eq!(read, clamped, "rects stay with the id, so with the first");
        let again = from_json_with_repairs(&to_json(&opened.doc)).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert!(again.repairs.is_empty(), "{:?}", again.repairs);
        prop_assert_eq!(&again.doc, &opened.doc);
        prop_assert_eq!(decode_with_repairs(&encode(&doc)), Ok(opened));
    }

    #[test]
    fn element_ids_mut_lists_the_ids_of_elements_in_order(doc in raw_document()) {
        // `restore` renames by index into both lists, so they must agree.
        let mut design = doc.design.clone();
        let listed: Vec<_> = doc.design.elements().into_iter().map(|e| e.id.clone()).collect();
        let slots: Vec<_> = design.element_ids_mut().into_iter().map(|id| id.clone()).collect();
        prop_assert_eq!(listed, slots);
        let mut repaired = doc.design.clone();
        repair_ids(&mut repaired);
        prop_assert!(repair_ids(&mut repaired).is_empty(), "idempotent");
    }

    #[test]
    fn decoders_never_panic_on_arbitrary_text(text in any::<String>()) {
        check_accepted(from_json(&text))?;
        check_accepted(decode(&text))?;
        check_accepted(decode(&format!("1.{text}")))?;
    }

    #[test]
    fn decoders_never_panic_on_arbitrary_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
        let text = String::from_utf8_lossy(&bytes);
        check_accepted(from_json(&text))?;
        check_accepted(decode(&text))?;
        // The same bytes as link data: past the base64 layer, into the inflater.
        check_accepted(decode(&format!("1.{}", URL_SAFE_NO_PAD.encode(&bytes))))?;
    }

    #[test]
    fn decode_never_panics_on_base64_noise(data in "[A-Za-z0-9_-]{0,300}") {
        check_accepted(decode(&format!("1.{data}")))?;
    }

    #[test]
    fn truncated_json_is_an_error(doc in document(), at in any::<Index>()) {
        let text = to_json(&doc);
        let cut = floor_boundary(&text, at.index(text.len()));
        prop_assert!(from_json(&text[..cut]).is_err());
    }

    #[test]
    fn bit_flipped_json_never_panics(doc in raw_document(), at in any::<Index>(), bit in 0u8..8) {
        check_accepted(from_json(&flip_bit(&to_json(&doc), &at, bit)))?;
    }

    #[test]
    fn damaged_links_never_panic(doc in raw_document(), at in any::<Index>(), bit in 0u8..8) {
        let link = encode(&doc);
        let cut = floor_boundary(&link, at.index(link.len()));
        check_accepted(decode(&link[..cut]))?;
        check_accepted(decode(&flip_bit(&link, &at, bit)))?;
    }

    #[test]
    fn damaged_deflate_streams_never_panic(doc in document(), at in any::<Index>(), bit in 0u8..8) {
        let link = encode(&doc);
        let mut deflated = URL_SAFE_NO_PAD.decode(&link[2..]).expect("encode writes base64url");
        let i = at.index(deflated.len().max(1)).min(deflated.len().saturating_sub(1));
        let mut flipped = deflated.clone();
        if let Some(b) = flipped.get_mut(i) {
            *b ^= 1 << bit;
        }
        check_accepted(decode(&format!("1.{}", URL_SAFE_NO_PAD.encode(&flipped))))?;
        deflated.truncate(i);
        check_accepted(decode(&format!("1.{}", URL_SAFE_NO_PAD.encode(&deflated))))?;
    }

    #[test]
    fn a_wrong_type_is_reported_at_its_path(doc in document(), pick in any::<Index>()) {
        let targets = targets(&doc);
        let target = pick.get(&targets);
        let mut value = serde_json::to_value(&doc).expect("documents serialize");
        let wrong = if BOOLEANS.contains(&target.field) { json!("yes") } else { json!(true) };
        set(&mut value, &target.parent, target.field, wrong);
        match from_json(&value.to_string()) {
            // serde_json words some of these as syntax errors ("expected value" for an enum
            // given a boolean); the path is what must be exact.
            // A key from the input (a layout id) may hold control characters, which the
            // path shows escaped, as every message does (`codec::error::one_line`).
            Err(DecodeError::Json { path, message }) => {
                prop_assert_eq!(&path, &escaped(&target.path()), "{}", message);
            }
            other => prop_assert!(false, "expected a JSON error at {}, got {:?}", target.path(), other),
        }
    }
}

/// `text` with its control characters escaped, as the decoder reports paths.
fn escaped(text: &str) -> String {
    text.chars().flat_map(|c| if c.is_control() { c.escape_default().collect() } else { vec![c] }).collect()
}

// ---- where a wrong value can be put, and the path it must be reported at ----

#[derive(Clone, Debug)]
enum Seg {
    Key(String),
    Index(usize),
}

#[derive(Clone, Debug)]
struct Target {
    parent: Vec<Seg>,
    field: &'static str,
}

impl Target {
    fn path(&self) -> String {
        let mut out = String::new();
        for seg in self.parent.iter().chain(std::iter::once(&Seg::Key(self.field.to_string()))) {
            match seg {
                Seg::Key(k) if out.is_empty() => out.push_str(k),
                Seg::Key(k) => {
                    out.push('.');
                    out.push_str(k);
                }
                Seg::Index(i) => out.push_str(&format!("[{i}]")),
            }
        }
        out
    }
}

/// Boolean fields get a string as their wrong value; everything else gets `true`.
const BOOLEANS: &[&str] = &[
    "allowVirtualNetworkAccess",
    "allowForwardedTraffic",
    "allowGatewayTransit",
    "useRemoteGateways",
    "disableBgpRoutePropagation",
    "ipForwarding",
    "dnsProxy",
    "bgp",
    "publicNetworkAccess",
    "registrationEnabled",
    "enabled",
];

/// Every field of every element of `doc` that is read directly (not through a tagged enum or a
/// flattened struct, whose insides serde buffers without a path).
fn targets(doc: &Document) -> Vec<Target> {
    use Seg::{Index as I, Key as K};
    let mut out = Vec::new();
    let k = |s: &str| K(s.to_string());
    let mut add = |parent: Vec<Seg>, fields: &[&'static str]| {
        for field in fields {
            out.push(Target { parent: parent.clone(), field });
        }
    };
    let d = &doc.design;
    let at = |list: &str, i: usize| vec![k("design"), k(list), I(i)];
    let within = |mut base: Vec<Seg>, list: &str, j: usize| {
        base.push(k(list));
        base.push(I(j));
        base
    };
    add(vec![k("design")], &["name"]);
    add(vec![k("design"), k("settings")], &["peRouteProtocols", "tbConvention", "priceTable"]);
    for (i, _) in d.vnets.iter().enumerate() {
        add(at("vnets", i), &["id", "name", "region", "addressSpace", "dnsServers"]);
    }
    for (i, s) in d.subnets.iter().enumerate() {
        add(
            at("subnets", i),
            &[
                "id",
                "name",
                "vnet",
                "prefix",
                "routeTable",
                "nsg",
                "serviceEndpoints",
                "privateEndpointNetworkPolicies",
                "delegation",
            ],
        );
        for j in 0..s.service_endpoints.len() {
            add(within(at("subnets", i), "serviceEndpoints", j), &["service", "locations"]);
        }
    }
    for i in 0..d.peerings.len() {
        add(
            at("peerings", i),
            &[
                "id",
                "name",
                "vnet",
                "remoteVnet",
                "allowVirtualNetworkAccess",
                "allowForwardedTraffic",
                "allowGatewayTransit",
                "useRemoteGateways",
            ],
        );
    }
    for (i, t) in d.route_tables.iter().enumerate() {
        add(at("routeTables", i), &["id", "name", "disableBgpRoutePropagation", "routes"]);
        for j in 0..t.routes.len() {
            add(within(at("routeTables", i), "routes", j), &["name", "prefix", "nextHopType", "nextHopIp"]);
        }
    }
    for (i, n) in d.nsgs.iter().enumerate() {
        add(at("nsgs", i), &["id", "name", "rules"]);
        for j in 0..n.rules.len() {
            add(
                within(at("nsgs", i), "rules", j),
                &[
                    "name",
                    "priority",
                    "direction",
                    "access",
                    "protocol",
                    "source",
                    "sourcePorts",
                    "destination",
                    "destinationPorts",
                ],
            );
        }
    }
    for (i, vm) in d.vms.iter().enumerate() {
        add(at("vms", i), &["id", "name", "nics", "role"]);
        for j in 0..vm.nics.len() {
            add(
                within(at("vms", i), "nics", j),
                &["id", "name", "subnet", "ip", "ipForwarding", "dnsServers", "nsg", "publicIp", "tags"],
            );
        }
    }
    for (i, fw) in d.firewalls.iter().enumerate() {
        add(
            at("firewalls", i),
            &[
                "id",
                "name",
                "subnet",
                "sku",
                "privateIp",
                "publicIp",
                "snatPrivateRanges",
                "dnsProxy",
                "ruleCollectionGroups",
            ],
        );
        for (j, g) in fw.rule_collection_groups.iter().enumerate() {
            let group = within(at("firewalls", i), "ruleCollectionGroups", j);
            add(group.clone(), &["name", "priority", "collections"]);
            for c in 0..g.collections.len() {
                add(within(group.clone(), "collections", c), &["name", "priority", "rules"]);
            }
        }
    }
    for (i, gw) in d.gateways.iter().enumerate() {
        add(
            at("gateways", i),
            &["id", "name", "subnet", "kind", "sku", "bgp", "instanceIps", "publicIp", "connections"],
        );
        for (j, c) in gw.connections.iter().enumerate() {
            // The far end is `site`, or `kind` and `remoteGateway` for VNet-to-VNet (schema v2).
            let peer: &[&str] = match c.peer {
                vnet_core::model::ConnectionPeer::Site(_) => &["site"],
                vnet_core::model::ConnectionPeer::Gateway(_) => &["kind", "remoteGateway"],
            };
            let base = within(at("gateways", i), "connections", j);
            add(base.clone(), &["id", "name", "learnedPrefixes", "bgp", "nextHops"]);
            add(base, peer);
        }
    }
    for (i, site) in d.sites.iter().enumerate() {
        add(at("sites", i), &["id", "name", "prefixes", "hosts", "router", "internetNatIp", "dnsServers"]);
        for j in 0..site.hosts.len() {
            add(within(at("sites", i), "hosts", j), &["id", "name", "ip", "dnsServer"]);
        }
        for (j, server) in site.dns_servers.iter().enumerate() {
            let base = within(at("sites", i), "dnsServers", j);
            add(base.clone(), &["id", "name", "ip", "records", "conditionalForwarders", "defaultForwarders"]);
            for r in 0..server.records.len() {
                add(within(base.clone(), "records", r), &["name"]);
            }
            for f in 0..server.conditional_forwarders.len() {
                add(within(base.clone(), "conditionalForwarders", f), &["domain", "targets"]);
            }
        }
    }
    for i in 0..d.paas.len() {
        add(
            at("paas", i),
            &[
                "id",
                "name",
                "service",
                "region",
                "publicIp",
                "publicNetworkAccess",
                "defaultAction",
                "allowedSubnets",
                "ipRules",
            ],
        );
    }
    for i in 0..d.private_endpoints.len() {
        add(at("privateEndpoints", i), &["id", "name", "subnet", "ip", "target", "connectionState", "dnsZoneGroup"]);
    }
    for (i, z) in d.dns_zones.iter().enumerate() {
        add(at("dnsZones", i), &["id", "name", "records", "links"]);
        for j in 0..z.records.len() {
            add(within(at("dnsZones", i), "records", j), &["name"]);
        }
        for j in 0..z.links.len() {
            add(within(at("dnsZones", i), "links", j), &["id", "vnet", "registrationEnabled", "resolutionPolicy"]);
        }
    }
    for (i, r) in d.resolvers.iter().enumerate() {
        add(at("resolvers", i), &["id", "name", "vnet", "inboundEndpoints", "outboundEndpoints"]);
        for j in 0..r.inbound_endpoints.len() {
            add(within(at("resolvers", i), "inboundEndpoints", j), &["id", "name", "subnet", "ip"]);
        }
        for j in 0..r.outbound_endpoints.len() {
            add(within(at("resolvers", i), "outboundEndpoints", j), &["id", "name", "subnet"]);
        }
    }
    for (i, rs) in d.rulesets.iter().enumerate() {
        add(at("rulesets", i), &["id", "name", "outboundEndpoints", "rules", "vnetLinks"]);
        for j in 0..rs.rules.len() {
            add(within(at("rulesets", i), "rules", j), &["name", "domain", "targets", "enabled"]);
        }
    }
    for i in 0..d.traffic.len() {
        add(at("traffic", i), &["id", "from", "to", "gbPerMonth", "gbPerMonthBack"]);
    }
    for i in 0..d.questions.len() {
        add(at("questions", i), &["id", "title"]);
    }
    for id in doc.layout.rects.keys() {
        add(vec![k("layout"), K(id.to_string())], &["x", "y", "w", "h"]);
    }
    out
}

/// Sets `field` of the object at `parent` (creating missing objects on the way, e.g. `settings`).
fn set(value: &mut Value, parent: &[Seg], field: &str, new: Value) {
    let mut cur = value;
    for seg in parent {
        cur = match seg {
            Seg::Key(k) => {
                cur.as_object_mut().expect("an object on the path").entry(k.clone()).or_insert_with(|| json!({}))
            }
            Seg::Index(i) => &mut cur.as_array_mut().expect("an array on the path")[*i],
        };
    }
    cur.as_object_mut().expect("the parent is an object").insert(field.to_string(), new);
}
