using System.Text.Json.Nodes;
using Json.Schema;
using YamlDotNet.RepresentationModel;

namespace Rampa.Core.Tests;

/// <summary>The repository's top level is what users asked for, and azure.yaml is valid for azd.</summary>
public sealed class RepositoryShapeTests
{
    private static string Root
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Rampa.sln"))) dir = dir.Parent;
            return dir?.FullName ?? throw new InvalidOperationException("Rampa.sln not found");
        }
    }

    [Theory]
    [InlineData("src")]
    [InlineData("tests")]
    [InlineData("infra")]
    [InlineData("bicep")]
    [InlineData("Rampa.sln")]
    [InlineData("azure.yaml")]
    [InlineData("README.md")]
    [InlineData(".ci/run")]
    [InlineData("docs/architecture.md")]
    [InlineData("schemas/rampa-scenario.schema.json")]
    public void Top_level_entries_exist(string entry) =>
        Assert.True(File.Exists(Path.Combine(Root, entry)) || Directory.Exists(Path.Combine(Root, entry)), $"{entry} is missing");

    [Fact]
    public void Solution_is_in_the_classic_sln_format() =>
        Assert.StartsWith("Microsoft Visual Studio Solution File", File.ReadAllText(Path.Combine(Root, "Rampa.sln")).TrimStart('\uFEFF', '\r', '\n'));

    [Fact]
    public void Azure_yaml_validates_against_the_azd_schema()
    {
        var schemaPath = Path.Combine(Root, "..", "shared", "schemas", "azure.yaml.json");
        Assert.True(File.Exists(schemaPath), $"the azd schema is expected beside the repository at {schemaPath}");
        var schemaText = File.ReadAllText(schemaPath);
        var schema = JsonSchema.FromText(schemaText);
        var options = new EvaluationOptions { OutputFormat = OutputFormat.List };
        // The azure.ai.* host schemas it references are not bundled (shared/schemas/README.md); this project uses
        // none of those hosts, so they stand in as empty schemas.
        foreach (var url in System.Text.RegularExpressions.Regex.Matches(schemaText, "\"\\$ref\": \"(https://[^\"#]+)").Select(m => m.Groups[1].Value).Distinct())
            options.SchemaRegistry.Register(JsonSchema.FromText($$"""{"$schema":"https://json-schema.org/draft/2019-09/schema","$id":"{{url}}"}"""));
        var yaml = new YamlStream();
        yaml.Load(new StringReader(File.ReadAllText(Path.Combine(Root, "azure.yaml"))));
        var json = ToJson(yaml.Documents[0].RootNode);
        var result = schema.Evaluate(json, options);
        Assert.True(result.IsValid, string.Join("\n", result.Details?.Where(d => d.Errors is not null).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}")) ?? []));
    }

    private static JsonNode? ToJson(YamlNode node) => node switch
    {
        YamlMappingNode m => new JsonObject(m.Children.Select(c => KeyValuePair.Create(((YamlScalarNode)c.Key).Value!, ToJson(c.Value)))),
        YamlSequenceNode s => new JsonArray(s.Children.Select(ToJson).ToArray()),
        YamlScalarNode sc => JsonValue.Create(sc.Value),
        _ => null,
    };
}
