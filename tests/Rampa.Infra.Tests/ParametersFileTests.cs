using System.Text.Json.Nodes;
using Rampa.Infra.Tests.Support;

namespace Rampa.Infra.Tests;

/// <summary>infra/main.parameters.json: azd substitutes its ${VAR} values from the azd environment.</summary>
public sealed class ParametersFileTests
{
    private static JsonObject File_ => JsonNode.Parse(File.ReadAllText(Repo.PathOf("infra", "main.parameters.json")))!.AsObject();

    private static JsonObject Parameters => File_["parameters"]!.AsObject();

    [Fact]
    public void Is_a_deployment_parameters_file()
    {
        Assert.Contains("deploymentParameters.json", (string)File_["$schema"]!);
        Assert.Equal("1.0.0.0", (string)File_["contentVersion"]!);
    }

    [Fact]
    public void Takes_the_environment_name_and_location_from_azd()
    {
        Assert.Equal("${AZURE_ENV_NAME}", (string)Parameters["environmentName"]!["value"]!);
        Assert.Equal("${AZURE_LOCATION}", (string)Parameters["location"]!["value"]!);
        Assert.Equal("${AZURE_PRINCIPAL_ID=}", (string)Parameters["principalId"]!["value"]!);
        // User from a laptop, ServicePrincipal from CI: azd sets it for whoever runs it.
        Assert.Equal("${AZURE_PRINCIPAL_TYPE=User}", (string)Parameters["principalType"]!["value"]!);
        // azd sets SERVICE_SILO_RESOURCE_EXISTS before provisioning; the image itself is looked up in Azure, never
        // carried in the azd environment (it breaks after azd down + azd up, and on another machine).
        Assert.Equal("${SERVICE_SILO_RESOURCE_EXISTS=false}", (string)Parameters["siloExists"]!["value"]!);
        Assert.DoesNotContain("SERVICE_SILO_IMAGE_NAME", File.ReadAllText(Repo.PathOf("infra", "main.parameters.json")));
    }

    [Fact]
    public void Silo_count_defaults_to_the_template_default()
    {
        var value = (string)Parameters["siloCount"]!["value"]!;
        Assert.Equal("${RAMPA_SILO_COUNT=3}", value);
        Assert.Equal(3, (int)Bicep.MainTemplate["parameters"]!["siloCount"]!["defaultValue"]!);
    }

    [Fact]
    public void Names_only_parameters_main_bicep_declares_and_every_required_one()
    {
        var declared = Bicep.MainTemplate["parameters"]!.AsObject();
        Assert.All(Parameters.Select(p => p.Key), name => Assert.True(declared.ContainsKey(name), $"{name} is not a parameter of main.bicep"));
        var required = declared.Where(p => p.Value!["defaultValue"] is null).Select(p => p.Key);
        Assert.All(required, name => Assert.True(Parameters.ContainsKey(name), $"required parameter {name} has no value"));
    }

    [Fact]
    public void Every_value_is_an_azd_substitution()
    {
        Assert.All(Parameters, p => Assert.Matches(@"^\$\{[A-Z_]+(=[^}]*)?\}$", (string)p.Value!["value"]!));
    }
}
