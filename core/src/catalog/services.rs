//! The service catalog: PaaS services with their sub-resources, public and privatelink DNS zones
//! (AZURE.md D-14), service-endpoint support (E-20) and synthetic public prefixes.
//!
//! The public prefixes are **synthetic**: documentation ranges chosen so that no real Azure address
//! appears in a design. They stand for "the service's public IPs" (R-9, E-21).

use ipnet::Ipv4Net;
use std::net::Ipv4Addr;

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
        synthetic_prefix: (198, 18, 0, 0, 20),
    },
    Service {
        key: "sql",
        display: "Azure SQL Database",
        sub_resources: &[sr("sqlServer", "database.windows.net", "privatelink.database.windows.net")],
        service_endpoint: Some("Microsoft.Sql"),
        synthetic_prefix: (198, 18, 16, 0, 20),
    },
    Service {
        key: "keyvault",
        display: "Key Vault",
        sub_resources: &[sr("vault", "vault.azure.net", "privatelink.vaultcore.azure.net")],
        service_endpoint: Some("Microsoft.KeyVault"),
        synthetic_prefix: (198, 18, 32, 0, 20),
    },
    Service {
        key: "webapp",
        display: "App Service / Functions",
        sub_resources: &[sr("sites", "azurewebsites.net", "privatelink.azurewebsites.net")],
        service_endpoint: Some("Microsoft.Web"),
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
        synthetic_prefix: (198, 18, 64, 0, 20),
    },
    Service {
        key: "servicebus",
        display: "Service Bus",
        sub_resources: &[sr("namespace", "servicebus.windows.net", "privatelink.servicebus.windows.net")],
        service_endpoint: Some("Microsoft.ServiceBus"),
        synthetic_prefix: (198, 18, 80, 0, 20),
    },
    Service {
        key: "eventhubs",
        display: "Event Hubs",
        sub_resources: &[sr("namespace", "servicebus.windows.net", "privatelink.servicebus.windows.net")],
        service_endpoint: Some("Microsoft.EventHub"),
        synthetic_prefix: (198, 18, 96, 0, 20),
    },
    Service {
        key: "acr",
        display: "Container Registry",
        sub_resources: &[sr("registry", "azurecr.io", "privatelink.azurecr.io")],
        service_endpoint: Some("Microsoft.ContainerRegistry"),
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
        synthetic_prefix: (198, 18, 128, 0, 20),
    },
    Service {
        key: "mysql",
        display: "MySQL single server",
        sub_resources: &[sr("mysqlServer", "mysql.database.azure.com", "privatelink.mysql.database.azure.com")],
        service_endpoint: Some("Microsoft.Sql"),
        synthetic_prefix: (198, 18, 144, 0, 20),
    },
    Service {
        key: "search",
        display: "AI Search",
        sub_resources: &[sr("searchService", "search.windows.net", "privatelink.search.windows.net")],
        service_endpoint: None,
        synthetic_prefix: (198, 18, 160, 0, 20),
    },
    Service {
        key: "appconfig",
        display: "App Configuration",
        sub_resources: &[sr("configurationStores", "azconfig.io", "privatelink.azconfig.io")],
        service_endpoint: None,
        synthetic_prefix: (198, 18, 176, 0, 20),
    },
    Service {
        key: "eventgrid",
        display: "Event Grid topic",
        sub_resources: &[sr("topic", "eventgrid.azure.net", "privatelink.eventgrid.azure.net")],
        service_endpoint: None,
        synthetic_prefix: (198, 18, 192, 0, 20),
    },
    Service {
        key: "cognitive",
        display: "Cognitive Services",
        sub_resources: &[sr("account", "cognitiveservices.azure.com", "privatelink.cognitiveservices.azure.com")],
        service_endpoint: Some("Microsoft.CognitiveServices"),
        synthetic_prefix: (198, 18, 208, 0, 20),
    },
    Service {
        key: "openai",
        display: "Azure OpenAI",
        sub_resources: &[sr("account", "openai.azure.com", "privatelink.openai.azure.com")],
        service_endpoint: Some("Microsoft.CognitiveServices"),
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
