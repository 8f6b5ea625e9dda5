using System.Text.Json.Nodes;
using Rampa.Infra.Tests.Support;

namespace Rampa.Infra.Tests;

/// <summary>What the compiled ARM template of infra/main.bicep deploys: the fleet's security and shape rules.</summary>
public sealed class CompiledTemplateTests
{
    private static JsonObject Main => Bicep.MainTemplate;

    private static JsonObject SingleOfType(JsonObject template, string type) => Assert.Single(Arm.OfType(template, type));

    [Fact]
    public void Targets_the_subscription_and_creates_rg_environmentName()
    {
        Assert.Contains("subscriptionDeploymentTemplate.json", (string)Main["$schema"]!);
        var rg = SingleOfType(Main, "Microsoft.Resources/resourceGroups");
        Assert.Equal("[format('rg-{0}', parameters('environmentName'))]", (string)rg["name"]!);
        // Every module deploys into that group.
        Assert.All(Arm.OfType(Main, "Microsoft.Resources/deployments"), m => Assert.Equal((string)rg["name"]!, (string)m["resourceGroup"]!));
    }

    [Fact]
    public void One_container_app_per_silo_three_by_default()
    {
        Assert.Equal(3, (int)Main["parameters"]!["siloCount"]!["defaultValue"]!);
        var silos = Arm.Module("silos");
        // The silo module is looped siloCount times...
        Assert.Equal("[length(range(0, parameters('siloCount')))]", (string)silos["copy"]!["count"]!);
        // ...and each copy deploys exactly one container app...
        SingleOfType(Arm.ModuleTemplate("silos"), "Microsoft.App/containerApps");
        // ...and no other part of the template deploys one.
        Assert.Single(Arm.AllResources(Main), r => Arm.Type(r) == "Microsoft.App/containerApps");
    }

    [Fact]
    public void Each_silo_has_its_own_port_pair_and_silo_0_is_the_azd_service()
    {
        var p = Arm.Module("silos")["properties"]!["parameters"]!;
        Assert.Equal("[add(parameters('siloPortBase'), range(0, parameters('siloCount'))[copyIndex()])]", (string)p["siloPort"]!["value"]!);
        Assert.Equal("[add(parameters('gatewayPortBase'), range(0, parameters('siloCount'))[copyIndex()])]", (string)p["gatewayPort"]!["value"]!);
        Assert.Equal("[if(equals(range(0, parameters('siloCount'))[copyIndex()], 0), createObject('value', 'silo'), createObject('value', ''))]", (string)p["serviceName"]!);
        // The two port ranges cannot overlap for any allowed siloCount.
        var siloBase = (int)Main["parameters"]!["siloPortBase"]!["defaultValue"]!;
        var gatewayBase = (int)Main["parameters"]!["gatewayPortBase"]!["defaultValue"]!;
        var maxSilos = (int)Main["parameters"]!["siloCount"]!["maxValue"]!;
        Assert.True(siloBase + maxSilos <= gatewayBase || gatewayBase + maxSilos <= siloBase);
    }

    [Fact]
    public void Silos_are_single_replica_and_never_exposed_outside_the_environment()
    {
        var app = SingleOfType(Arm.ModuleTemplate("silos"), "Microsoft.App/containerApps");
        var props = app["properties"]!;
        var scale = props["template"]!["scale"]!;
        Assert.Equal(1, (int)scale["minReplicas"]!);
        Assert.Equal(1, (int)scale["maxReplicas"]!);
        var ingress = props["configuration"]!["ingress"]!;
        Assert.False((bool)ingress["external"]!);
        Assert.Equal("tcp", (string)ingress["transport"]!);
        Assert.Equal("[parameters('siloPort')]", (string)ingress["exposedPort"]!);
        var gateway = Assert.Single(ingress["additionalPortMappings"]!.AsArray())!;
        Assert.False((bool)gateway["external"]!);
        Assert.Equal("[parameters('gatewayPort')]", (string)gateway["exposedPort"]!);
        // Nothing anywhere in the fleet is marked external.
        Assert.DoesNotContain("\"external\":true", Main.ToJsonString().Replace(" ", ""));
    }

    [Fact]
    public void Silos_get_the_env_vars_the_silo_host_reads()
    {
        var app = SingleOfType(Arm.ModuleTemplate("silos"), "Microsoft.App/containerApps");
        var container = Assert.Single(app["properties"]!["template"]!["containers"]!.AsArray())!;
        var env = container["env"]!.AsArray().ToDictionary(e => (string)e!["name"]!, e => (string?)e!["value"] ?? "secretRef:" + (string)e!["secretRef"]!);
        Assert.Equal("[parameters('storageBlobEndpoint')]", env["RAMPA_STORAGE"]);
        Assert.Equal("[parameters('clusterId')]", env["RAMPA_CLUSTER_ID"]);
        Assert.Equal("[parameters('advertisedIp')]", env["RAMPA_ADVERTISED_IP"]);
        Assert.Equal("[string(parameters('siloPort'))]", env["RAMPA_SILO_PORT"]);
        Assert.Equal("[string(parameters('gatewayPort'))]", env["RAMPA_GATEWAY_PORT"]);
        Assert.Equal("[parameters('identityClientId')]", env["AZURE_CLIENT_ID"]);
        Assert.StartsWith("secretRef:", env["APPLICATIONINSIGHTS_CONNECTION_STRING"]);
        // Rampa's Azure Monitor exporter signs in as the silo's identity (local auth is disabled on the component).
        Assert.Equal("[format('Authorization=AAD;ClientId={0}', parameters('identityClientId'))]", env["APPLICATIONINSIGHTS_AUTHENTICATION_STRING"]);
        // The advertised IP is the environment's static IP.
        var p = Arm.Module("silos")["properties"]!["parameters"]!;
        Assert.EndsWith("'environment'), '2025-04-01').outputs.staticIp.value]", (string)p["advertisedIp"]!["value"]!);
        // The silo runs as the user-assigned identity and pulls its image with it.
        Assert.Equal("UserAssigned", (string)app["identity"]!["type"]!);
        var registry = Assert.Single(app["properties"]!["configuration"]!["registries"]!.AsArray())!;
        Assert.Equal("[parameters('identityId')]", (string)registry["identity"]!);
    }

    [Fact]
    public void The_environment_is_internal_vnet_integrated_on_consumption()
    {
        var env = SingleOfType(Arm.ModuleTemplate("environment"), "Microsoft.App/managedEnvironments");
        var vnet = env["properties"]!["vnetConfiguration"]!;
        Assert.True((bool)vnet["internal"]!);
        Assert.Equal("[parameters('subnetId')]", (string)vnet["infrastructureSubnetId"]!);
        var profile = Assert.Single(env["properties"]!["workloadProfiles"]!.AsArray())!;
        Assert.Equal("Consumption", (string)profile["workloadProfileType"]!);
        var subnet = Assert.Single(SingleOfType(Arm.ModuleTemplate("network"), "Microsoft.Network/virtualNetworks")["properties"]!["subnets"]!.AsArray())!;
        Assert.Equal("Microsoft.App/environments", (string)Assert.Single(subnet["properties"]!["delegations"]!.AsArray())!["properties"]!["serviceName"]!);
    }

    [Fact]
    public void Storage_takes_entra_id_only_over_tls_1_2_with_the_rampa_container_and_tables()
    {
        var t = Arm.ModuleTemplate("storage");
        var account = SingleOfType(t, "Microsoft.Storage/storageAccounts")["properties"]!;
        Assert.False((bool)account["allowSharedKeyAccess"]!);
        Assert.False((bool)account["allowBlobPublicAccess"]!);
        Assert.Equal("TLS1_2", (string)account["minimumTlsVersion"]!);
        Assert.True((bool)account["supportsHttpsTrafficOnly"]!);
        Assert.Equal("rampa", (string)t["parameters"]!["containerName"]!["defaultValue"]!);
        Assert.Equal("None", (string)SingleOfType(t, "Microsoft.Storage/storageAccounts/blobServices/containers")["properties"]!["publicAccess"]!);
        SingleOfType(t, "Microsoft.Storage/storageAccounts/tableServices");
    }

    [Fact]
    public void The_identity_has_the_storage_data_roles_and_acr_pull()
    {
        var t = Arm.ModuleTemplate("identity");
        // languageVersion 2.0: resources are keyed by symbolic name, and reference('identity') reads the identity.
        Assert.Equal("Microsoft.ManagedIdentity/userAssignedIdentities", (string)t["resources"]!["identity"]!["type"]!);
        const string identityPrincipal = "[reference('identity').principalId]";
        var roleIds = ((JsonObject)t["variables"]!["storageRoles"]!).Select(kv => (string)kv.Value!).ToHashSet();
        Assert.Equal(
            new HashSet<string>
            {
                "ba92f5b4-2d11-453d-a403-e96b0029c9fe", // Storage Blob Data Contributor
                "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3", // Storage Table Data Contributor
                "974c5e8b-45b9-4653-ba55-5f855dd0fb88", // Storage Queue Data Contributor
            },
            roleIds);
        Assert.Equal("7f951dda-4ed3-4680-a7ca-43fe172d538d", (string)t["variables"]!["acrPullRoleId"]!); // AcrPull
        var assignments = Arm.OfType(t, "Microsoft.Authorization/roleAssignments").ToArray();
        var forSilos = Assert.Single(assignments, a => (string?)a["copy"]?["count"] == "[length(items(variables('storageRoles')))]"
            && (string)a["properties"]!["principalId"]! == identityPrincipal);
        Assert.Equal("ServicePrincipal", (string)forSilos["properties"]!["principalType"]!);
        Assert.Contains("Microsoft.Storage/storageAccounts", (string)forSilos["scope"]!);
        var acrPull = Assert.Single(assignments, a => ((string)a["properties"]!["roleDefinitionId"]!).Contains("acrPullRoleId"));
        Assert.Contains("Microsoft.ContainerRegistry/registries", (string)acrPull["scope"]!);
        Assert.Equal(identityPrincipal, (string)acrPull["properties"]!["principalId"]!);
    }

    [Fact]
    public void The_registry_has_no_admin_user_and_no_anonymous_pull()
    {
        var registry = SingleOfType(Arm.ModuleTemplate("registry"), "Microsoft.ContainerRegistry/registries")["properties"]!;
        Assert.False((bool)registry["adminUserEnabled"]!);
        Assert.False((bool)registry["anonymousPullEnabled"]!);
    }

    [Fact]
    public void Monitoring_and_the_workbook_chart_rate_latency_gauges_and_vus()
    {
        SingleOfType(Arm.ModuleTemplate("monitoring"), "Microsoft.OperationalInsights/workspaces");
        var component = SingleOfType(Arm.ModuleTemplate("monitoring"), "Microsoft.Insights/components");
        Assert.True((bool)component["properties"]!["DisableLocalAuth"]!);
        var publisher = SingleOfType(Arm.ModuleTemplate("monitoring"), "Microsoft.Authorization/roleAssignments");
        Assert.Contains("variables('metricsPublisherRoleId')", (string)publisher["properties"]!["roleDefinitionId"]!);
        Assert.Equal("3913510d-42f4-4e42-8a64-420c390055eb", (string)Arm.ModuleTemplate("monitoring")["variables"]!["metricsPublisherRoleId"]!);   // Monitoring Metrics Publisher
        var t = Arm.ModuleTemplate("workbook");
        var workbook = SingleOfType(t, "Microsoft.Insights/workbooks");
        Assert.Equal("shared", (string)workbook["kind"]!);
        var items = t["variables"]!["content"]!["items"]!.ToJsonString();
        Assert.Contains("Requests per second", items);
        Assert.Contains("Latency percentiles", items);
        Assert.Contains("Virtual users", items);
        Assert.Contains("Failed requests", items);
        Assert.Contains("dropped iterations", items);
        // The metric names are Rampa's (rampa.requests, rampa.request.duration.p95, ...): TelemetryTests checks each is sent.
        Assert.Contains("rampa.request.duration.p95", items);
    }

    [Theory]
    [InlineData("AZURE_LOCATION")]
    [InlineData("AZURE_TENANT_ID")]
    [InlineData("AZURE_RESOURCE_GROUP")]
    [InlineData("AZURE_CONTAINER_REGISTRY_ENDPOINT")]
    [InlineData("RAMPA_STORAGE")]
    [InlineData("RAMPA_CLUSTER_ID")]
    [InlineData("RAMPA_SILO_APPS")]
    public void Outputs_what_azd_the_cli_and_the_hook_need(string output) =>
        Assert.NotNull(Main["outputs"]![output]);

    [Fact]
    public void Rampa_storage_output_is_the_blob_endpoint() =>
        Assert.Contains("outputs.blobEndpoint.value", (string)Main["outputs"]!["RAMPA_STORAGE"]!["value"]!);
}
