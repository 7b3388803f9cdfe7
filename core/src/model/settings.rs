//! Design-wide settings, traffic assumptions for the cost panel, and saved questions.

use super::security::Protocol;
use super::serde_util::is_default;
use crate::id::Id;
use serde::Serialize;
use std::net::Ipv4Addr;

#[derive(Clone, Debug, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Settings {
    /// E-5: which protocols the private endpoint /32 route applies to.
    #[serde(skip_serializing_if = "is_default")]
    pub pe_route_protocols: PeRouteProtocols,
    /// C-22: how many GB a TB is in the cost panel.
    #[serde(skip_serializing_if = "is_default")]
    pub tb_convention: TbConvention,
    /// The price table (a date key of `catalog::prices`); empty = the newest.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub price_table: String,
}

/// E-5 Sim choice: "TCP only (observed in the field, default) | every protocol (the docs' silence)".
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default, Serialize)]
pub enum PeRouteProtocols {
    #[default]
    TcpOnly,
    AllProtocols,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default, Serialize)]
pub enum TbConvention {
    #[default]
    Binary1024,
    Decimal1000,
}

/// Monthly traffic between two elements, for the cost estimate (C-20..C-23).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TrafficAssumption {
    pub id: Id,
    pub from: Id,
    pub to: Id,
    /// GB per month from `from` to `to`.
    pub gb_per_month: u64,
    /// GB per month back (replies).
    #[serde(skip_serializing_if = "is_default")]
    pub gb_per_month_back: u64,
}

/// A question saved with the design, so a shared link shows the sender's questions too.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Question {
    pub id: Id,
    #[serde(skip_serializing_if = "String::is_empty")]
    pub title: String,
    #[serde(flatten)]
    pub ask: Ask,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum Ask {
    Trace { from: FlowSource, to: Ipv4Addr, protocol: Protocol, port: u16 },
    Resolve { from: Id, name: String },
    Connect { from: Id, target: String },
}

/// Where a flow starts: a NIC, an on-premises host, or the internet (DECISIONS 7).
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(tag = "type", rename_all = "camelCase")]
pub enum FlowSource {
    Nic { id: Id },
    Host { id: Id },
    Internet { ip: Ipv4Addr },
}
