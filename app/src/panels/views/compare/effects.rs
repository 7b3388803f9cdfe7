//! The worker's answer read back: the JSON of `vnet_core::diff::Diff` (serialized in the
//! worker, `worker/src/main.rs`) as plain structs for the effect list. Core's diff types are
//! serialize-only (they carry `&'static str`s), so this side mirrors the fields it shows;
//! anything missing reads as empty rather than failing the whole comparison.

use serde::Deserialize;

/// An element as one side calls it.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct Named {
    pub id: String,
    pub name: String,
}

/// The same thing in both designs: `before` in the other design, `after` in the open one.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct Pair {
    pub before: Option<Named>,
    pub after: Option<Named>,
}

impl Pair {
    /// The open design's name, else the other's.
    pub fn name(&self) -> &str {
        self.after.as_ref().or(self.before.as_ref()).map_or("", |n| n.name.as_str())
    }

    pub fn after_id(&self) -> Option<&str> {
        self.after.as_ref().map(|n| n.id.as_str())
    }

    pub fn before_id(&self) -> Option<&str> {
        self.before.as_ref().map(|n| n.id.as_str())
    }
}

#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct FieldChange {
    pub path: String,
    pub before: Option<String>,
    pub after: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct ElementChange {
    /// `added`, `removed` or `changed`.
    pub change: String,
    pub kind: String,
    pub element: Pair,
    pub fields: Vec<FieldChange>,
}

#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct RouteChange {
    pub subnet: Pair,
    pub change: String,
    pub route: String,
    pub before: Option<String>,
    pub after: Option<String>,
    pub rule_before: Option<String>,
    pub rule_after: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(default)]
pub struct Probe {
    /// Core's `Protocol` as serialized: `TCP`, `UDP`, `ICMP`, `Any`.
    pub protocol: String,
    pub port: u16,
}

impl Probe {
    pub fn protocol(&self) -> vnet_core::model::Protocol {
        super::super::trace_panel::protocol_named(&self.protocol)
    }

    /// As core words it (`vnet_core::diff::Probe`'s display: "TCP 443", "ICMP").
    pub fn label(&self) -> String {
        vnet_core::diff::Probe { protocol: self.protocol(), port: self.port }.to_string()
    }
}

#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct CellSide {
    pub outcome: String,
    pub reason: Option<String>,
    pub rule: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct ReachFlip {
    pub probe: Probe,
    pub from: Pair,
    pub to: Pair,
    pub before: CellSide,
    pub after: CellSide,
}

#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct DnsChange {
    pub client: Pair,
    pub name: String,
    pub before: String,
    pub after: String,
    pub rule_before: Option<String>,
    pub rule_after: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct IntentFlip {
    pub intent: Pair,
    pub title: String,
    /// `pass`, `fail`, `unchecked` or `absent`.
    pub before: String,
    pub after: String,
    pub summary_before: Option<String>,
    pub summary_after: Option<String>,
}

impl IntentFlip {
    /// Passed (or did not exist) before, fails or cannot be checked now: what `Diff::newly_failing`
    /// says, read from the same two labels.
    pub fn newly_failing(&self) -> bool {
        let bad = |s: &str| s != "pass" && s != "absent";
        bad(&self.after) && !bad(&self.before)
    }
}

#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct Cost {
    pub before: f64,
    pub after: f64,
    pub delta: f64,
    pub currency: String,
}

impl Cost {
    pub fn changed(&self) -> bool {
        self.delta.abs() >= 0.005
    }
}

/// The whole answer.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct Effects {
    pub elements: Vec<ElementChange>,
    pub routes: Vec<RouteChange>,
    pub reachability: Vec<ReachFlip>,
    pub dns: Vec<DnsChange>,
    pub intents: Vec<IntentFlip>,
    pub cost: Cost,
    pub probes: Vec<Probe>,
    pub unexplained: usize,
}

impl Effects {
    pub fn read(json: &str) -> Result<Effects, String> {
        let mut e: Effects =
            serde_json::from_str(json).map_err(|e| format!("the comparison could not be read: {e}"))?;
        // Newly failing intents first: the promise a change breaks is the headline.
        e.intents.sort_by_key(|i| !i.newly_failing());
        Ok(e)
    }

    pub fn is_empty(&self) -> bool {
        self.elements.is_empty()
            && self.routes.is_empty()
            && self.reachability.is_empty()
            && self.dns.is_empty()
            && self.intents.is_empty()
            && !self.cost.changed()
    }

    /// Flows delivered before that are not now, and the other way round.
    pub fn lost_and_gained(&self) -> (usize, usize) {
        let lost = self.reachability.iter().filter(|f| f.before.outcome == "delivered").count();
        (lost, self.reachability.len() - lost)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Core's diff, serialized as the worker does, reads back field for field.
    #[test]
    fn reads_what_the_worker_writes() {
        let before = vnet_core::gallery::generated(2).expect("the landing zone builds");
        let mut after = before.clone();
        // The first spoke route table's default route (to the firewall) goes.
        let table =
            after.route_tables.iter_mut().find(|t| t.routes.iter().any(|r| r.prefix.to_string() == "0.0.0.0/0"));
        table.expect("the landing zone has a default route").routes.retain(|r| r.prefix.to_string() != "0.0.0.0/0");
        let d = vnet_core::diff::diff(&before, &after);
        let json = serde_json::to_string(&d).expect("serializes");
        let e = Effects::read(&json).expect("reads");
        assert_eq!(e.elements.len(), d.elements.len());
        assert_eq!(e.routes.len(), d.routes.len());
        assert!(!e.routes.is_empty(), "the spoke's default route changed");
        assert_eq!(e.reachability.len(), d.reachability.len());
        assert_eq!(e.dns.len(), d.dns.len());
        assert_eq!(e.intents.len(), d.intents.len());
        assert_eq!(e.probes.len(), d.probes.len());
        for (a, b) in e.reachability.iter().zip(&d.reachability) {
            assert_eq!(a.probe.label(), b.probe.to_string());
            assert_eq!(a.probe.protocol(), b.probe.protocol);
            assert_eq!(a.before.outcome, b.before.outcome);
            assert_eq!(a.from.after_id(), b.from.after.as_ref().map(|n| n.id.as_str()));
        }
        assert_eq!(e.intents.iter().filter(|i| i.newly_failing()).count(), d.newly_failing().count());
        assert!(!e.is_empty());
    }
}
