//! The dated price table (AZURE.md C-1..C-11), kept in one place so that a price change is one
//! edit and every cost the studio shows names the table it came from (DECISIONS 14).
//!
//! Architecture invariant: prices are data, never computed here. Older tables stay in
//! `PRICE_TABLES` so a saved design that pins a date (`settings`) keeps its figures; the cost
//! module does the arithmetic.

/// Pay-as-you-go list prices valid on one date.
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize)]
pub struct PriceTable {
    /// ISO date (`YYYY-MM-DD`) the figures were written down; ISO so that string order is date order.
    pub date: &'static str,
    pub currency: &'static str,
    /// Private endpoint, per endpoint-hour (C-1).
    pub pe_hour: f64,
    /// Private endpoint data processed, per GB in each direction, first-PB tier (C-2, C-20).
    pub pe_gb_processed: f64,
    /// Same-region peering, per GB, charged on ingress and again on egress (C-3, C-21).
    pub peering_regional_gb: f64,
    /// Global peering per GB for zones 1, 2 and 3 (C-4); index with `region_zone(r) - 1`.
    pub peering_global_gb: [f64; 3],
    /// Azure Firewall Basic, Standard and Premium, in that order (C-7, C-5, C-6).
    pub firewall: [FirewallPrice; 3],
    /// Private DNS zone, per zone-month (C-9).
    pub dns_zone_month: f64,
    /// Private DNS queries, per million (C-9).
    pub dns_million_queries: f64,
    /// DNS Private Resolver, per inbound or outbound endpoint-month (C-10).
    pub resolver_endpoint_month: f64,
    /// DNS forwarding ruleset, per month (C-10).
    pub ruleset_month: f64,
    /// VPN gateway SKU -> price per gateway-hour (C-11).
    pub vpn_gateway_hour: &'static [(&'static str, f64)],
    /// Hours in a billing month, the convention behind every monthly figure (730).
    pub hours_per_month: f64,
    /// Which figures were checked and which are unverified defaults, shown next to any estimate.
    pub verified: &'static str,
}

/// One Azure Firewall SKU: deployment-hour and per-GB processing price.
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize)]
pub struct FirewallPrice {
    pub sku: &'static str,
    pub hour: f64,
    pub gb: f64,
}

/// The prices of AZURE.md section 8 as revised on 2026-11-24 (USD, list prices).
const T_2026_11_24: PriceTable = PriceTable {
    date: "2026-11-24",
    currency: "USD",
    pe_hour: 0.01,
    pe_gb_processed: 0.01,
    peering_regional_gb: 0.01,
    peering_global_gb: [0.035, 0.09, 0.16],
    firewall: [
        FirewallPrice { sku: "Basic", hour: 0.395, gb: 0.065 },
        FirewallPrice { sku: "Standard", hour: 1.25, gb: 0.016 },
        FirewallPrice { sku: "Premium", hour: 1.75, gb: 0.016 },
    ],
    dns_zone_month: 0.50,
    dns_million_queries: 0.40,
    resolver_endpoint_month: 180.0,
    ruleset_month: 2.50,
    vpn_gateway_hour: &[("Basic", 0.04), ("VpnGw1", 0.19), ("VpnGw2", 0.49), ("VpnGw3", 1.25)],
    hours_per_month: 730.0,
    verified: "Private endpoint hour and data (C-1, C-2) checked against 2025–2026 summaries of the \
               pricing page, same in US regions and Canada Central. Peering, firewall, DNS, resolver \
               and VPN gateway prices (C-3 to C-11) are long-standing US East list prices that could \
               not be re-checked: unverified defaults. The Premium firewall hour is disputed \
               ($1.75 here, one source says $2.496); VPN gateway prices are older non-AZ SKUs.",
};

/// All dated tables, oldest first. Append a new table rather than editing an old one.
pub const PRICE_TABLES: &[PriceTable] = &[T_2026_11_24];

/// The newest table: what a design without a pinned price date uses.
pub fn latest() -> &'static PriceTable {
    // ISO dates compare correctly as strings; the fallback only guards an empty list.
    PRICE_TABLES.iter().max_by_key(|t| t.date).unwrap_or(&T_2026_11_24)
}

/// The table for an exact date, for designs that pin their prices.
pub fn by_date(date: &str) -> Option<&'static PriceTable> {
    PRICE_TABLES.iter().find(|t| t.date == date)
}

/// The global peering zone of a region (C-4): 1 North America and Europe (incl. Canada Central),
/// 2 Asia, Oceania, Middle East and Africa, 3 Brazil and the rest of South America.
///
/// Accepts ARM names (`canadacentral`) and display names (`Canada Central`). An unknown region
/// is zone 1, the zone of most regions, so a typo never invents a surcharge.
pub fn region_zone(region: &str) -> u8 {
    const ZONE_3: &[&str] = &["brazil", "chile"];
    const ZONE_2: &[&str] = &[
        "asia",
        "japan",
        "korea",
        "india",
        "australia",
        "newzealand",
        "indonesia",
        "malaysia",
        "taiwan",
        "uae",
        "qatar",
        "israel",
        "saudi",
        "kuwait",
        "southafrica",
    ];
    let key: String = region.chars().filter(char::is_ascii_alphanumeric).map(|c| c.to_ascii_lowercase()).collect();
    if ZONE_3.iter().any(|k| key.contains(k)) {
        3
    } else if ZONE_2.iter().any(|k| key.contains(k)) {
        2
    } else {
        1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 0.005
    }

    #[test]
    fn seed_blog_figure_c22_is_reproduced_from_the_table() {
        let t = latest();
        assert_eq!(t.hours_per_month, 730.0);
        // One endpoint, 100 TB in and 100 TB out, each direction billed (C-2, C-20).
        let per_direction_gb_1024 = 100.0 * 1024.0;
        let per_direction_gb_1000 = 100.0 * 1000.0;
        let cost = |gb: f64| t.hours_per_month * t.pe_hour + 2.0 * gb * t.pe_gb_processed;
        assert!(close(2.0 * per_direction_gb_1024, 204_800.0));
        assert!(close(cost(per_direction_gb_1024), 2_055.30), "{}", cost(per_direction_gb_1024));
        assert!(close(cost(per_direction_gb_1000), 2_007.30), "{}", cost(per_direction_gb_1000));
        // 100 TB in total would not match the seed ("over $2,000/month").
        assert!(close(cost(per_direction_gb_1024 / 2.0), 1_031.30));
    }

    #[test]
    fn tables_are_dated_unique_and_sorted() {
        for w in PRICE_TABLES.windows(2) {
            assert!(w[0].date < w[1].date, "{} !< {}", w[0].date, w[1].date);
        }
        for t in PRICE_TABLES {
            let b = t.date.as_bytes();
            assert!(b.len() == 10 && b[4] == b'-' && b[7] == b'-', "{}", t.date);
            assert_eq!(by_date(t.date), Some(t));
            assert_eq!(t.currency, "USD");
            assert!(!t.verified.is_empty());
        }
        assert_eq!(latest().date, "2026-11-24");
        assert_eq!(PRICE_TABLES.last(), Some(latest()));
        assert!(by_date("1999-01-01").is_none());
    }

    #[test]
    fn figures_match_section_8() {
        let t = latest();
        let skus: Vec<&str> = t.firewall.iter().map(|f| f.sku).collect();
        assert_eq!(skus, ["Basic", "Standard", "Premium"]);
        assert_eq!(t.firewall[1].hour, 1.25);
        assert_eq!(t.peering_global_gb, [0.035, 0.09, 0.16]);
        assert!(t.vpn_gateway_hour.iter().any(|&(s, h)| s == "VpnGw1" && h == 0.19));
        assert!(close(t.hours_per_month * t.pe_hour, 7.30));
    }

    #[test]
    fn regions_map_to_global_peering_zones() {
        for r in ["canadacentral", "Canada Central", "eastus2", "westeurope", "uksouth", "mexicocentral"] {
            assert_eq!(region_zone(r), 1, "{r}");
        }
        for r in ["japaneast", "southeastasia", "Australia East", "centralindia", "uaenorth", "southafricanorth"] {
            assert_eq!(region_zone(r), 2, "{r}");
        }
        for r in ["brazilsouth", "Brazil Southeast", "chilecentral"] {
            assert_eq!(region_zone(r), 3, "{r}");
        }
        assert_eq!(region_zone("atlantis"), 1);
        assert_eq!(region_zone(""), 1);
    }
}
