//! The API version a template writes for each resource type: the newest stable (non-preview)
//! version of the type's REST specification that has every property the flat shape writes
//! (`resolutionPolicy` of a private DNS zone link needs 2024-06-01).

/// The API version of a full resource type.
pub(super) fn version(kind: &str) -> &'static str {
    let top = kind.split('/').take(2).collect::<Vec<_>>().join("/");
    match top.as_str() {
        "Microsoft.Network/privateDnsZones" => "2024-06-01",
        "Microsoft.Network/dnsResolvers" | "Microsoft.Network/dnsForwardingRulesets" => "2022-07-01",
        "Microsoft.Network/firewallPolicies" | "Microsoft.Network/azureFirewalls" => "2024-05-01",
        "Microsoft.Compute/virtualMachines" => "2024-07-01",
        "Microsoft.Storage/storageAccounts" => "2023-05-01",
        "Microsoft.KeyVault/vaults" => "2023-07-01",
        "Microsoft.Sql/servers" => "2023-08-01",
        "Microsoft.Web/sites" => "2023-12-01",
        "Microsoft.DocumentDB/databaseAccounts" => "2024-11-15",
        "Microsoft.ServiceBus/namespaces" => "2021-11-01",
        "Microsoft.EventHub/namespaces" => "2024-01-01",
        "Microsoft.ContainerRegistry/registries" => "2023-07-01",
        "Microsoft.DBforPostgreSQL/flexibleServers" => "2024-08-01",
        "Microsoft.DBforMySQL/flexibleServers" => "2023-12-30",
        "Microsoft.Search/searchServices" => "2023-11-01",
        "Microsoft.AppConfiguration/configurationStores" => "2024-05-01",
        "Microsoft.EventGrid/topics" => "2022-06-15",
        "Microsoft.CognitiveServices/accounts" => "2024-10-01",
        // Every other Microsoft.Network type.
        _ => "2024-05-01",
    }
}
