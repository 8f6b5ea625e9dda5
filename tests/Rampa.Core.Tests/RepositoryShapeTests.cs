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
        // A vendored copy (source and licence in its folder's README): the test reads nothing outside the repository.
        var schemaPath = Path.Combine(Root, "tests", "Rampa.Core.Tests", "Vendor", "azure-dev", "azure.yaml.json");
        Assert.True(File.Exists(schemaPath), $"the vendored azd schema is missing at {schemaPath}");
        var schemaText = File.ReadAllText(schemaPath);
        var schema = JsonSchema.FromText(schemaText);
        var options = new EvaluationOptions { OutputFormat = OutputFormat.List };
        // The azure.ai.* host schemas it references are not bundled (Vendor/azure-dev/README.md); this project uses
        // none of those hosts, so they stand in as empty schemas.
        foreach (var url in System.Text.RegularExpressions.Regex.Matches(schemaText, "\"\\$ref\": \"(https://[^\"#]+)").Select(m => m.Groups[1].Value).Distinct())
            options.SchemaRegistry.Register(JsonSchema.FromText($$"""{"$schema":"https://json-schema.org/draft/2019-09/schema","$id":"{{url}}"}"""));
        var yaml = new YamlStream();
        yaml.Load(new StringReader(File.ReadAllText(Path.Combine(Root, "azure.yaml"))));
        var json = ToJson(yaml.Documents[0].RootNode);
        var result = schema.Evaluate(json, options);
        Assert.True(result.IsValid, string.Join("\n", result.Details?.Where(d => d.Errors is not null).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}")) ?? []));
    }

    /// <summary>
    /// A user's clone has nothing beside it: no code, test, script or doc of the repository may reach outside it
    /// (the lead's design notes live in a sibling folder that only the developers have).
    /// </summary>
    [Fact]
    public void The_sdk_depends_on_nothing_and_is_packable()
    {
        // A scenario project references only the SDK: nothing of Orleans (or of Rampa's engine) may leak into it.
        var project = File.ReadAllText(Path.Combine(Root, "src", "Rampa.Sdk", "Rampa.Sdk.csproj"));
        Assert.DoesNotContain("PackageReference", project);
        Assert.DoesNotContain("ProjectReference", project);
        Assert.Contains("<IsPackable>true</IsPackable>", project);
        Assert.DoesNotContain(typeof(Rampa.Sdk.Worker).Assembly.GetReferencedAssemblies(),
            a => a.Name is { } n && (n.StartsWith("Orleans", StringComparison.Ordinal) || n.StartsWith("Rampa", StringComparison.Ordinal)));
    }

    [Fact]
    public void Nothing_in_the_repository_points_outside_it()
    {
        string[] folders = ["src", "tests", "scripts", "infra", "bicep", "bench", "docs", "examples", "schemas", ".ci"];
        // The path is put together here, so this test is not itself a file that names it (and reads nothing there).
        var outside = string.Join('/', "..", "shared");
        var offenders = folders.Select(f => Path.Combine(Root, f)).Where(Directory.Exists)
            .SelectMany(d => Directory.EnumerateFiles(d, "*", SearchOption.AllDirectories))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}") && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}"))
            .Append(Path.Combine(Root, "README.md"))
            .Where(f => new FileInfo(f).Length < 2_000_000 && File.ReadAllText(f).Contains(outside, StringComparison.Ordinal))
            .Select(f => Path.GetRelativePath(Root, f))
            .ToList();
        Assert.True(offenders.Count == 0, "these files point outside the repository: " + string.Join(", ", offenders));
    }

    private static JsonNode? ToJson(YamlNode node) => node switch
    {
        YamlMappingNode m => new JsonObject(m.Children.Select(c => KeyValuePair.Create(((YamlScalarNode)c.Key).Value!, ToJson(c.Value)))),
        YamlSequenceNode s => new JsonArray(s.Children.Select(ToJson).ToArray()),
        YamlScalarNode sc => JsonValue.Create(sc.Value),
        _ => null,
    };
}
