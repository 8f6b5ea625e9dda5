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

    private static JsonObject SiloApp => SingleOfType(Arm.ModuleTemplate("silos"), "Microsoft.App/containerApps");

    private static JsonObject SiloVariables => Arm.ModuleTemplate("silos")["variables"]!.AsObject();

    private static JsonObject SiloContainer => Assert.Single(SiloApp["properties"]!["template"]!["containers"]!.AsArray())!.AsObject();

    private static Dictionary<string, string> SiloEnv => SiloContainer["env"]!.AsArray()
        .ToDictionary(e => (string)e!["name"]!, e => (string?)e!["value"] ?? "secretRef:" + (string)e!["secretRef"]!);

    [Fact]
    public void Silos_are_single_replica_with_the_silo_port_on_the_internal_environments_ip_and_no_gateway_port()
    {
        var props = SiloApp["properties"]!;
        var scale = props["template"]!["scale"]!;
        Assert.Equal(1, (int)scale["minReplicas"]!);
        Assert.Equal(1, (int)scale["maxReplicas"]!);
        // The silo image gets the ingress; the placeholder (before the first deploy) none, since it does not listen there.
        Assert.Equal("[if(variables('hasSiloImage'), variables('siloIngress'), null())]", (string)props["configuration"]!["ingress"]!);
        var ingress = SiloVariables["siloIngress"]!;
        // External ingress is what is published on the environment's static IP, the address every silo advertises;
        // internal ingress is only <app>:<port>, so the silos could not reach each other (a cluster of one).
        Assert.True((bool)ingress["external"]!);
        Assert.Equal("tcp", (string)ingress["transport"]!);
        Assert.Equal("[parameters('siloPort')]", (string)ingress["exposedPort"]!);
        Assert.Equal("[parameters('siloPort')]", (string)ingress["targetPort"]!);
        // No Orleans client connects (the CLI goes through storage): no gateway port mapping, no other port at all.
        Assert.Null(ingress["additionalPortMappings"]);
        Assert.DoesNotContain("additionalPortMappings", Main.ToJsonString());
        // "External" stays private: the only environment is internal (no public IP).
        var env = SingleOfType(Arm.ModuleTemplate("environment"), "Microsoft.App/managedEnvironments");
        Assert.True((bool)env["properties"]!["vnetConfiguration"]!["internal"]!);
        Assert.Single(Arm.AllResources(Main), r => Arm.Type(r) == "Microsoft.App/managedEnvironments");
    }

    [Fact]
    public void Silos_run_the_placeholder_without_probes_until_silo_0_runs_a_silo_image()
    {
        Assert.Equal("[and(not(empty(parameters('image'))), not(equals(parameters('image'), variables('placeholderImage'))))]",
            (string)SiloVariables["hasSiloImage"]!);
        Assert.Equal("[if(variables('hasSiloImage'), parameters('image'), variables('placeholderImage'))]", (string)SiloContainer["image"]!);
        Assert.Equal("[if(variables('hasSiloImage'), variables('probes'), createArray())]", (string)SiloContainer["probes"]!);
        // The image is looked up from silo 0 in Azure (azd's container-app-upsert pattern), only when azd says it exists.
        Assert.Null(Main["parameters"]!["siloImage"]);
        Assert.Equal("bool", (string)Main["parameters"]!["siloExists"]!["type"]!);
        Assert.False((bool)Main["parameters"]!["siloExists"]!["defaultValue"]!);
        var image = (string)Arm.Module("silos")["properties"]!["parameters"]!["image"]!;
        Assert.Contains("if(parameters('siloExists'), createObject('value', reference(", image);
        Assert.Contains("'Microsoft.App/containerApps', variables('siloNames')[0]), '2024-03-01').template.containers[0].image)", image);
        Assert.Contains("createObject('value', '')", image);
    }

    [Fact]
    public void Silos_roll_one_at_a_time()
    {
        var copy = Arm.Module("silos")["copy"]!;
        Assert.Equal("serial", (string)copy["mode"]!);
        Assert.Equal(1, (int)copy["batchSize"]!);
    }

    [Fact]
    public void Startup_and_readiness_probes_ask_the_silos_health_endpoint_on_RAMPA_HEALTH_PORT()
    {
        var probes = SiloVariables["probes"]!.AsArray().ToDictionary(p => (string)p!["type"]!, p => p!);
        Assert.Equal(["Readiness", "Startup"], probes.Keys.Order());
        Assert.Equal("/healthz/startup", (string)probes["Startup"]["httpGet"]!["path"]!);
        Assert.Equal("/healthz/ready", (string)probes["Readiness"]["httpGet"]!["path"]!);
        Assert.All(probes.Values, p =>
        {
            Assert.Equal("HTTP", (string)p["httpGet"]!["scheme"]!);
            Assert.Equal("[parameters('healthPort')]", (string)p["httpGet"]!["port"]!);
        });
        Assert.Equal("[string(parameters('healthPort'))]", SiloEnv["RAMPA_HEALTH_PORT"]);
        // The health port is neither of the silo's ports for any silo index.
        var healthPort = (int)Arm.ModuleTemplate("silos")["parameters"]!["healthPort"]!["defaultValue"]!;
        var siloBase = (int)Main["parameters"]!["siloPortBase"]!["defaultValue"]!;
        var gatewayBase = (int)Main["parameters"]!["gatewayPortBase"]!["defaultValue"]!;
        var maxSilos = (int)Main["parameters"]!["siloCount"]!["maxValue"]!;
        Assert.False(healthPort >= siloBase && healthPort < siloBase + maxSilos);
        Assert.False(healthPort >= gatewayBase && healthPort < gatewayBase + maxSilos);
        // Startup allows longer than the silo waits for its role assignments (4 min by default).
        var startup = probes["Startup"];
        var startupWindow = (int)startup["initialDelaySeconds"]! + (int)startup["periodSeconds"]! * (int)startup["failureThreshold"]!;
        Assert.True(startupWindow > 240, $"startup probe window {startupWindow}s");
    }

    [Fact]
    public void The_grace_period_is_longer_than_the_silos_shutdown_timeout()
    {
        Assert.Equal("[variables('terminationGracePeriodSeconds')]", (string)SiloApp["properties"]!["template"]!["terminationGracePeriodSeconds"]!);
        Assert.Equal("[add(parameters('shutdownTimeoutSeconds'), 15)]", (string)SiloVariables["terminationGracePeriodSeconds"]!);
        Assert.Equal("[format('{0}s', parameters('shutdownTimeoutSeconds'))]", SiloEnv["RAMPA_SHUTDOWN_TIMEOUT"]);
        var shutdown = (int)Arm.ModuleTemplate("silos")["parameters"]!["shutdownTimeoutSeconds"]!["defaultValue"]!;
        Assert.InRange(shutdown + 15, shutdown + 1, 600); // Container Apps allows at most 600 s
    }

    [Fact]
    public void Azure_uses_orleans_failure_detection_and_only_the_managed_identity()
    {
        Assert.Equal("orleans", SiloEnv["RAMPA_FAILURE_DETECTION"]);
        Assert.Equal("ManagedIdentityCredential", SiloEnv["AZURE_TOKEN_CREDENTIALS"]);
        Assert.Equal("[parameters('identityClientId')]", SiloEnv["AZURE_CLIENT_ID"]);
    }

    [Fact]
    public void The_principal_type_of_the_deploying_principal_is_a_parameter()
    {
        var type = Main["parameters"]!["principalType"]!;
        Assert.Equal("User", (string)type["defaultValue"]!);
        Assert.Equal(["Group", "ServicePrincipal", "User"], type["allowedValues"]!.AsArray().Select(v => (string)v!).Order());
        Assert.Equal("[parameters('principalType')]", (string)Arm.Module("identity")["properties"]!["parameters"]!["userPrincipalType"]!["value"]!);
        var t = Arm.ModuleTemplate("identity");
        var forUser = Assert.Single(Arm.OfType(t, "Microsoft.Authorization/roleAssignments"),
            a => (string)a["properties"]!["principalId"]! == "[parameters('userPrincipalId')]");
        Assert.Equal("[parameters('userPrincipalType')]", (string)forUser["properties"]!["principalType"]!);
    }

    [Fact]
    public void Silo_count_is_bounded_by_the_consumption_core_quota()
    {
        var maxSilos = (int)Main["parameters"]!["siloCount"]!["maxValue"]!;
        var cpu = double.Parse((string)Arm.ModuleTemplate("silos")["parameters"]!["cpu"]!["defaultValue"]!, System.Globalization.CultureInfo.InvariantCulture);
        // Every silo plus the one whose old and new revision overlap during a roll (one at a time), within 100 vCPU.
        Assert.True(cpu * (maxSilos + 1) <= 100, $"{maxSilos} silos x {cpu} vCPU + one rolling exceed the default quota of 100");
    }

    [Fact]
    public void The_cluster_id_is_the_environment_name_with_characters_the_silo_refuses_replaced()
    {
        var variables = Main["variables"]!;
        Assert.Equal("[if(empty(parameters('clusterId')), format('rampa-{0}', variables('sanitizedEnvironmentName')), parameters('clusterId'))]",
            (string)variables["effectiveClusterId"]!);
        // The alphabet is exactly what the silo's id check accepts after the first character (RampaSiloOptions.SafeId),
        // lower-cased; the first character is the 'r' of 'rampa-'.
        var alphabet = (string)variables["clusterIdAlphabet"]!;
        Assert.Equal("abcdefghijklmnopqrstuvwxyz0123456789._-", alphabet);
        var sanitize = (string)variables["sanitizedEnvironmentName"]!;
        Assert.Contains("contains(variables('clusterIdAlphabet'), toLower(substring(parameters('environmentName')", sanitize);
        Assert.Contains("'-')", sanitize);
        Assert.Equal("[variables('effectiveClusterId')]", (string)Main["outputs"]!["RAMPA_CLUSTER_ID"]!["value"]!);
    }

    [Fact]
    public void Container_apps_logs_go_through_azure_monitor_without_the_workspace_key()
    {
        var t = Arm.ModuleTemplate("environment");
        var env = SingleOfType(t, "Microsoft.App/managedEnvironments");
        Assert.Equal("azure-monitor", (string)env["properties"]!["appLogsConfiguration"]!["destination"]!);
        Assert.Null(env["properties"]!["appLogsConfiguration"]!["logAnalyticsConfiguration"]);
        var diagnostics = SingleOfType(t, "Microsoft.Insights/diagnosticSettings");
        Assert.Contains("Microsoft.App/managedEnvironments", (string)diagnostics["scope"]!);
        Assert.Contains("Microsoft.OperationalInsights/workspaces", (string)diagnostics["properties"]!["workspaceId"]!);
        Assert.Equal("allLogs", (string)Assert.Single(diagnostics["properties"]!["logs"]!.AsArray())!["categoryGroup"]!);
        Assert.DoesNotContain("listKeys", Main.ToJsonString());
    }

    [Fact]
    public void The_workbooks_source_id_is_lower_case()
    {
        var workbook = SingleOfType(Arm.ModuleTemplate("workbook"), "Microsoft.Insights/workbooks");
        Assert.StartsWith("[toLower(resourceId('Microsoft.Insights/components'", (string)workbook["properties"]!["sourceId"]!);
    }

    [Fact]
    public void Silos_get_the_env_vars_the_silo_host_reads()
    {
        var app = SiloApp;
        var env = SiloEnv;
        Assert.Equal("[parameters('storageBlobEndpoint')]", env["RAMPA_STORAGE"]);
        Assert.Equal("[parameters('clusterId')]", env["RAMPA_CLUSTER_ID"]);
        Assert.Equal("[parameters('advertisedIp')]", env["RAMPA_ADVERTISED_IP"]);
        Assert.Equal("[string(parameters('siloPort'))]", env["RAMPA_SILO_PORT"]);
        Assert.Equal("[string(parameters('gatewayPort'))]", env["RAMPA_GATEWAY_PORT"]);
        Assert.Equal("[parameters('name')]", env["RAMPA_SILO_NAME"]);
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
    public void The_identity_has_the_blob_and_table_data_roles_and_acr_pull_and_no_queue_role()
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
            },
            roleIds);
        // Storage Queue Data Contributor: nothing in Rampa uses queues.
        Assert.DoesNotContain("974c5e8b-45b9-4653-ba55-5f855dd0fb88", Main.ToJsonString());
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
    [InlineData("RAMPA_SILO_COUNT")]
    [InlineData("RAMPA_STORAGE_ACCOUNT")]
    [InlineData("RAMPA_APPINSIGHTS_NAME")]
    [InlineData("RAMPA_RESOURCE_TOKEN")]
    public void Outputs_what_azd_the_cli_and_the_hook_need(string output) =>
        Assert.NotNull(Main["outputs"]![output]);

    [Fact]
    public void Rampa_storage_output_is_the_blob_endpoint() =>
        Assert.Contains("outputs.blobEndpoint.value", (string)Main["outputs"]!["RAMPA_STORAGE"]!["value"]!);
}
