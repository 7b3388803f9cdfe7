//! The service catalog: PaaS services with their sub-resources, public and privatelink DNS zones
//! (AZURE.md D-14), service-endpoint support (E-20), service tags, synthetic public prefixes and
//! the synthetic cluster names that end the public DNS chain (D-10).
//!
//! The public prefixes are **synthetic**: documentation ranges chosen so that no real Azure address
//! appears in a design. They stand for "the service's public IPs" (R-9, E-21); a design may give
//! real ones per service tag (`servicePrefixes`, schema v2), which replace them everywhere a
//! service's prefixes are read ([`Service::prefixes`], [`tag_prefixes`], [`endpoint_prefixes`]).

use ipnet::Ipv4Net;
use std::collections::BTreeMap;
use std::net::Ipv4Addr;

/// A design's `servicePrefixes` (schema v2): per service tag, the prefixes that replace the
/// catalog's synthetic ones.
pub type PrefixOverrides = BTreeMap<String, Vec<Ipv4Net>>;

/// A service that can be the target of a private endpoint.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Service {
    /// The catalog key stored in designs (`PaasResource::service`).
    pub key: &'static str,
    pub display: &'static str,
    pub sub_resources: &'static [SubResource],
    /// The service-endpoint name (E-20), if the service supports service endpoints.
    pub service_endpoint: Option<&'static str>,
    /// Synthetic public prefix standing for the service's public IPs (not a real Azure range).
    pub synthetic_prefix: (u8, u8, u8, u8, u8),
    /// The Azure service tag that stands for the service's public prefixes (N-4, E-21), e.g.
    /// `Storage`; a design's `servicePrefixes` may give its prefixes (and its regional tags').
    pub service_tag: &'static str,
    /// The domain under which the synthetic cluster names of the public chain live (D-10), e.g.
    /// `store.core.windows.net`. Every one is under an Azure-reserved domain (D-21), so a
    /// ruleset's `.` rule never captures the chain's last link.
    pub cluster_domain: &'static str,
}

/// A private-link sub-resource (`groupId`, E-1) and its DNS zones (D-14).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SubResource {
    pub group_id: &'static str,
    /// The public zone the resource name lives under, e.g. `blob.core.windows.net`.
    pub public_zone: &'static str,
    /// The privatelink zone, e.g. `privatelink.blob.core.windows.net`.
    pub privatelink_zone: &'static str,
}

const fn sr(group_id: &'static str, public_zone: &'static str, privatelink_zone: &'static str) -> SubResource {
    SubResource { group_id, public_zone, privatelink_zone }
}

pub const SERVICES: &[Service] = &[
    Service {
        key: "storage",
        display: "Storage account",
        sub_resources: &[
            sr("blob", "blob.core.windows.net", "privatelink.blob.core.windows.net"),
            sr("file", "file.core.windows.net", "privatelink.file.core.windows.net"),
            sr("queue", "queue.core.windows.net", "privatelink.queue.core.windows.net"),
            sr("table", "table.core.windows.net", "privatelink.table.core.windows.net"),
            sr("web", "web.core.windows.net", "privatelink.web.core.windows.net"),
            sr("dfs", "dfs.core.windows.net", "privatelink.dfs.core.windows.net"),
        ],
        service_endpoint: Some("Microsoft.Storage"),
        service_tag: "Storage",
        cluster_domain: "store.core.windows.net",
        synthetic_prefix: (198, 18, 0, 0, 20),
    },
    Service {
        key: "sql",
        display: "Azure SQL Database",
        sub_resources: &[sr("sqlServer", "database.windows.net", "privatelink.database.windows.net")],
        service_endpoint: Some("Microsoft.Sql"),
        service_tag: "Sql",
        cluster_domain: "control.database.windows.net",
        synthetic_prefix: (198, 18, 16, 0, 20),
    },
    Service {
        key: "keyvault",
        display: "Key Vault",
        sub_resources: &[sr("vault", "vault.azure.net", "privatelink.vaultcore.azure.net")],
        service_endpoint: Some("Microsoft.KeyVault"),
        service_tag: "AzureKeyVault",
        cluster_domain: "cloudapp.azure.com",
        synthetic_prefix: (198, 18, 32, 0, 20),
    },
    Service {
        key: "webapp",
        display: "App Service / Functions",
        sub_resources: &[sr("sites", "azurewebsites.net", "privatelink.azurewebsites.net")],
        service_endpoint: Some("Microsoft.Web"),
        service_tag: "AppService",
        cluster_domain: "sip.azurewebsites.windows.net",
        synthetic_prefix: (198, 18, 48, 0, 20),
    },
    Service {
        key: "cosmos",
        display: "Cosmos DB",
        sub_resources: &[
            sr("Sql", "documents.azure.com", "privatelink.documents.azure.com"),
            sr("MongoDB", "mongo.cosmos.azure.com", "privatelink.mongo.cosmos.azure.com"),
            sr("Cassandra", "cassandra.cosmos.azure.com", "privatelink.cassandra.cosmos.azure.com"),
            sr("Gremlin", "gremlin.cosmos.azure.com", "privatelink.gremlin.cosmos.azure.com"),
            sr("Table", "table.cosmos.azure.com", "privatelink.table.cosmos.azure.com"),
        ],
        service_endpoint: Some("Microsoft.AzureCosmosDB"),
        service_tag: "AzureCosmosDB",
        cluster_domain: "cloudapp.azure.com",
        synthetic_prefix: (198, 18, 64, 0, 20),
    },
    Service {
        key: "servicebus",
        display: "Service Bus",
        sub_resources: &[sr("namespace", "servicebus.windows.net", "privatelink.servicebus.windows.net")],
        service_endpoint: Some("Microsoft.ServiceBus"),
        service_tag: "ServiceBus",
        cluster_domain: "cloudapp.azure.com",
        synthetic_prefix: (198, 18, 80, 0, 20),
    },
    Service {
        key: "eventhubs",
        display: "Event Hubs",
        sub_resources: &[sr("namespace", "servicebus.windows.net", "privatelink.servicebus.windows.net")],
        service_endpoint: Some("Microsoft.EventHub"),
        service_tag: "EventHub",
        cluster_domain: "cloudapp.azure.com",
        synthetic_prefix: (198, 18, 96, 0, 20),
    },
    Service {
        key: "acr",
        display: "Container Registry",
        sub_resources: &[sr("registry", "azurecr.io", "privatelink.azurecr.io")],
        service_endpoint: Some("Microsoft.ContainerRegistry"),
        service_tag: "AzureContainerRegistry",
        cluster_domain: "cloudapp.azure.com",
        synthetic_prefix: (198, 18, 112, 0, 20),
    },
    Service {
        key: "postgres",
        display: "PostgreSQL single server",
        sub_resources: &[sr(
            "postgresqlServer",
            "postgres.database.azure.com",
            "privatelink.postgres.database.azure.com",
        )],
        service_endpoint: Some("Microsoft.Sql"),
        service_tag: "Sql",
        cluster_domain: "control.database.windows.net",
        synthetic_prefix: (198, 18, 128, 0, 20),
    },
    Service {
        key: "mysql",
        display: "MySQL single server",
        sub_resources: &[sr("mysqlServer", "mysql.database.azure.com", "privatelink.mysql.database.azure.com")],
        service_endpoint: Some("Microsoft.Sql"),
        service_tag: "Sql",
        cluster_domain: "control.database.windows.net",
        synthetic_prefix: (198, 18, 144, 0, 20),
    },
    Service {
        key: "search",
        display: "AI Search",
        sub_resources: &[sr("searchService", "search.windows.net", "privatelink.search.windows.net")],
        service_endpoint: None,
        service_tag: "AzureCognitiveSearch",
        cluster_domain: "cloudapp.azure.com",
        synthetic_prefix: (198, 18, 160, 0, 20),
    },
    Service {
        key: "appconfig",
        display: "App Configuration",
        sub_resources: &[sr("configurationStores", "azconfig.io", "privatelink.azconfig.io")],
        service_endpoint: None,
        service_tag: "AzureAppConfiguration",
        cluster_domain: "cloudapp.azure.com",
        synthetic_prefix: (198, 18, 176, 0, 20),
    },
    Service {
        key: "eventgrid",
        display: "Event Grid topic",
        sub_resources: &[sr("topic", "eventgrid.azure.net", "privatelink.eventgrid.azure.net")],
        service_endpoint: None,
        service_tag: "AzureEventGrid",
        cluster_domain: "cloudapp.azure.com",
        synthetic_prefix: (198, 18, 192, 0, 20),
    },
    Service {
        key: "cognitive",
        display: "Cognitive Services",
        sub_resources: &[sr("account", "cognitiveservices.azure.com", "privatelink.cognitiveservices.azure.com")],
        service_endpoint: Some("Microsoft.CognitiveServices"),
        service_tag: "CognitiveServicesFrontend",
        cluster_domain: "cloudapp.azure.com",
        synthetic_prefix: (198, 18, 208, 0, 20),
    },
    Service {
        key: "openai",
        display: "Azure OpenAI",
        sub_resources: &[sr("account", "openai.azure.com", "privatelink.openai.azure.com")],
        service_endpoint: Some("Microsoft.CognitiveServices"),
        service_tag: "CognitiveServicesFrontend",
        cluster_domain: "cloudapp.azure.com",
        synthetic_prefix: (198, 18, 224, 0, 20),
    },
];

/// Service-endpoint names Azure accepts (E-20). A request for any other name is rejected.
pub const SERVICE_ENDPOINT_NAMES: &[&str] = &[
    "Microsoft.Storage",
    "Microsoft.Storage.Global",
    "Microsoft.Sql",
    "Microsoft.AzureCosmosDB",
    "Microsoft.KeyVault",
    "Microsoft.ServiceBus",
    "Microsoft.EventHub",
    "Microsoft.Web",
    "Microsoft.ContainerRegistry",
    "Microsoft.CognitiveServices",
    "Microsoft.AzureActiveDirectory",
];

impl Service {
    pub fn sub_resource(&self, group_id: &str) -> Option<&'static SubResource> {
        self.sub_resources.iter().find(|s| s.group_id.eq_ignore_ascii_case(group_id))
    }

    /// The synthetic prefix standing for this service's public IPs.
    pub fn public_prefix(&self) -> Ipv4Net {
        let (a, b, c, d, len) = self.synthetic_prefix;
        // A prefix length of at most 32 is guaranteed by the constant table (tested below).
        Ipv4Net::new(Ipv4Addr::new(a, b, c, d), len).unwrap_or_default()
    }

    /// The service's public prefixes in a design: what the design gives for its tag and its
    /// regional tags (`Storage`, `Storage.WestEurope`, …: the global tag is the union of the
    /// regional ones) when it gives any, else the synthetic prefix. Sorted, without repeats.
    pub fn prefixes(&self, overrides: &PrefixOverrides) -> Vec<Ipv4Net> {
        let mut out: Vec<Ipv4Net> = overrides
            .iter()
            .filter(|(tag, _)| under_tag(tag, self.service_tag))
            .flat_map(|(_, p)| p.iter().map(Ipv4Net::trunc))
            .collect();
        if out.is_empty() {
            out.push(self.public_prefix());
        }
        out.sort();
        out.dedup();
        out
    }

    /// The synthetic cluster name at the end of a sub-resource's public chain (D-10):
    /// `<sub-resource>.<region>-sim.<cluster domain>` (`blob.westeurope-sim.store.core.windows.net`).
    /// A real cluster hosts many accounts behind one address; the simulator gives each resource
    /// its own public IP, so the `n`-th distinct address of a region's cluster (from 1) is
    /// numbered from the second on (`westeurope-sim2`) and every resource keeps its own.
    pub fn cluster_name(&self, sub: &SubResource, region: &str, n: usize) -> String {
        self.cluster_name_in(sub, &region_label(region), n)
    }

    /// [`Self::cluster_name`] for a region already written as [`region_label`] writes it.
    pub fn cluster_name_in(&self, sub: &SubResource, region: &str, n: usize) -> String {
        let label = match self.sub_resources.len() {
            1 if self.key != "storage" => self.key.to_string(),
            _ => sub.group_id.to_ascii_lowercase(),
        };
        let n = if n > 1 { n.to_string() } else { String::new() };
        format!("{label}.{region}-sim{n}.{}", self.cluster_domain)
    }
}

/// A region as cluster names write it: lower case, letters and digits only (`West Europe` →
/// `westeurope`).
pub fn region_label(region: &str) -> String {
    region.chars().filter(char::is_ascii_alphanumeric).map(|c| c.to_ascii_lowercase()).collect()
}

/// Whether `tag` is `service_tag` or one of its regional tags (`Storage.WestEurope`); service
/// tags compare without regard to case, as Azure does.
fn under_tag(tag: &str, service_tag: &str) -> bool {
    let tag = tag.trim();
    tag.eq_ignore_ascii_case(service_tag)
        || (tag.len() > service_tag.len() + 1
            && tag.as_bytes().get(service_tag.len()) == Some(&b'.')
            && tag.get(..service_tag.len()).is_some_and(|t| t.eq_ignore_ascii_case(service_tag)))
}

/// The prefixes a service tag stands for in a design (`Storage`, `Sql`, `Storage.WestEurope`):
/// the design's own prefixes for that very tag when it gives them, else those of every catalog
/// service under the tag ([`Service::prefixes`]). `None` for a tag the catalog does not know.
/// For NSG rules and effective security rules that expand service tags (N-4, N-12).
pub fn tag_prefixes(tag: &str, overrides: &PrefixOverrides) -> Option<Vec<Ipv4Net>> {
    if let Some((_, given)) = overrides.iter().find(|(t, _)| t.trim().eq_ignore_ascii_case(tag.trim())) {
        let mut out: Vec<Ipv4Net> = given.iter().map(Ipv4Net::trunc).collect();
        out.sort();
        out.dedup();
        return Some(out);
    }
    let base = tag.trim().split('.').next().unwrap_or_default();
    let services: Vec<&Service> = SERVICES.iter().filter(|s| s.service_tag.eq_ignore_ascii_case(base)).collect();
    if services.is_empty() {
        return None;
    }
    let mut out: Vec<Ipv4Net> = services.iter().flat_map(|s| s.prefixes(overrides)).collect();
    out.sort();
    out.dedup();
    Some(out)
}

/// The destinations a subnet's service endpoint `endpoint` (e.g. `Microsoft.Storage`,
/// `Microsoft.Sql`) adds routes for (R-9, E-21): each catalog service it covers with that
/// service's prefixes in the design ([`Service::prefixes`]), each prefix once.
pub fn endpoint_prefixes(endpoint: &str, overrides: &PrefixOverrides) -> Vec<(&'static Service, Ipv4Net)> {
    let mut out: Vec<(&'static Service, Ipv4Net)> = Vec::new();
    for service in SERVICES.iter().filter(|s| s.service_endpoint.is_some_and(|n| endpoint.starts_with(n))) {
        for prefix in service.prefixes(overrides) {
            if !out.iter().any(|(_, p)| *p == prefix) {
                out.push((service, prefix));
            }
        }
    }
    out
}

/// Looks a service up by its catalog key.
pub fn service(key: &str) -> Option<&'static Service> {
    SERVICES.iter().find(|s| s.key.eq_ignore_ascii_case(key))
}

/// Whether `name` is a service-endpoint name Azure accepts (E-20).
pub fn is_service_endpoint_name(name: &str) -> bool {
    SERVICE_ENDPOINT_NAMES.iter().any(|n| n.eq_ignore_ascii_case(name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_service_has_a_valid_distinct_synthetic_prefix() {
        let prefixes: Vec<Ipv4Net> = SERVICES.iter().map(Service::public_prefix).collect();
        for (i, p) in prefixes.iter().enumerate() {
            assert_eq!(p.prefix_len(), SERVICES[i].synthetic_prefix.4, "{}", SERVICES[i].key);
            assert_eq!(*p, p.trunc(), "{} prefix is canonical", SERVICES[i].key);
            for q in &prefixes[i + 1..] {
                assert!(!p.contains(q) && !q.contains(p), "{p} and {q} overlap");
            }
        }
    }

    fn overrides(pairs: &[(&str, &str)]) -> PrefixOverrides {
        let mut out = PrefixOverrides::new();
        for (tag, p) in pairs {
            out.entry(tag.to_string()).or_default().push(p.parse().unwrap());
        }
        out
    }

    #[test]
    fn a_design_replaces_a_tags_synthetic_prefixes() {
        let storage = service("storage").unwrap();
        let none = PrefixOverrides::new();
        assert_eq!(storage.prefixes(&none), vec![storage.public_prefix()]);
        // The global tag is the union of the regional ones; another service's tag changes nothing.
        let given =
            overrides(&[("Storage.WestEurope", "20.38.96.0/19"), ("storage", "20.60.0.0/16"), ("Sql", "20.1.0.0/16")]);
        let want: Vec<Ipv4Net> = vec!["20.38.96.0/19".parse().unwrap(), "20.60.0.0/16".parse().unwrap()];
        assert_eq!(storage.prefixes(&given), want);
        assert_eq!(tag_prefixes("Storage.WestEurope", &given), Some(vec!["20.38.96.0/19".parse().unwrap()]));
        assert_eq!(tag_prefixes("Storage.NorthEurope", &none), Some(vec![storage.public_prefix()]));
        assert_eq!(tag_prefixes("StorageX", &none), None);
        // Microsoft.Sql covers SQL, PostgreSQL and MySQL, all under the Sql tag: the given prefix once.
        let sql = endpoint_prefixes("Microsoft.Sql", &given);
        assert_eq!(sql.len(), 1, "{sql:?}");
        assert_eq!(endpoint_prefixes("Microsoft.Sql", &none).len(), 3);
    }

    #[test]
    fn cluster_names_follow_d10() {
        let storage = service("storage").unwrap();
        let blob = storage.sub_resource("blob").unwrap();
        assert_eq!(storage.cluster_name(blob, "westeurope", 1), "blob.westeurope-sim.store.core.windows.net");
        assert_eq!(storage.cluster_name(blob, "West Europe", 2), "blob.westeurope-sim2.store.core.windows.net");
        let sql = service("sql").unwrap();
        let name = sql.cluster_name(&sql.sub_resources[0], "eastus", 1);
        assert_eq!(name, "sql.eastus-sim.control.database.windows.net");
        for s in SERVICES {
            let reserved = ["windows.net", "azure.com", "azure.net"];
            assert!(reserved.iter().any(|r| s.cluster_domain.ends_with(r)), "{}", s.key);
        }
    }

    #[test]
    fn privatelink_zones_follow_d14() {
        let blob = service("storage").and_then(|s| s.sub_resource("blob")).unwrap();
        assert_eq!(blob.privatelink_zone, "privatelink.blob.core.windows.net");
        let kv = service("keyvault").and_then(|s| s.sub_resource("vault")).unwrap();
        assert_eq!(kv.privatelink_zone, "privatelink.vaultcore.azure.net");
        for s in SERVICES {
            for sub in s.sub_resources {
                assert!(sub.privatelink_zone.starts_with("privatelink."), "{}", sub.privatelink_zone);
            }
            if let Some(se) = s.service_endpoint {
                assert!(is_service_endpoint_name(se));
            }
        }
    }
}
