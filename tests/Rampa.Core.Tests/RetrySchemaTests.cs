using System.Text.Json.Nodes;
using Json.Schema;
using Rampa.Core.Scenarios;
using Rampa.Core.Scenarios.Yaml;
using Rampa.Core.Tests.Support;
using YamlDotNet.RepresentationModel;

namespace Rampa.Core.Tests;

/// <summary>The schema and the loader agree on <c>retry</c> and <c>expectedStatuses</c> at every level.</summary>
public class RetrySchemaTests
{
    private static readonly Lazy<JsonSchema> Schema = new(() =>
        JsonSchema.FromText(File.ReadAllText(Path.Combine(ScenarioFiles.RepoRoot, "schemas", "rampa-scenario.schema.json"))));

    private static bool SchemaAccepts(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        JsonNode? json = YamlJson.ToJsonNode(stream.Documents[0].RootNode);
        return Schema.Value.Evaluate(json).IsValid;
    }

    private const string Scenario = "scenarios:\n  s:\n    executor: shared-iterations\n";

    [Theory]
    [InlineData("defaults: { retry: { attempts: 3, backoff: { base: 100ms, max: 2s, jitter: 0.5 }, on: [429, 5xx, network] } }\nflow: [{ request: GET http://h.test/ }]")]
    [InlineData("defaults: { retry: 2, expectedStatuses: 200 }\nflow: [{ request: GET http://h.test/, retry: false }]")]
    [InlineData("flow: [{ request: GET http://h.test/, retry: { on: \"500-599\" }, expectedStatuses: [200, 404] }]")]
    [InlineData("requests: [{ request: GET http://h.test/, retry: true }]")]
    [InlineData(Scenario + "    expectedStatuses: [\"200-299\"]\n    retry: { attempts: 4, on: [Network, 4XX] }\n    flow: [{ request: GET http://h.test/ }]")]
    public void Valid_forms_are_accepted_by_both(string yaml)
    {
        Assert.True(SchemaAccepts(yaml), "the schema rejected it");
        ScenarioFiles.Load(yaml);
    }

    [Theory]
    [InlineData("flow: [{ request: GET http://h.test/, retry: 0 }]")]
    [InlineData("flow: [{ request: GET http://h.test/, retry: { attempts: 0 } }]")]
    [InlineData("flow: [{ request: GET http://h.test/, retry: { backoff: { jitter: 2 } } }]")]
    [InlineData("flow: [{ request: GET http://h.test/, retry: { backoff: { base: -1s } } }]")]
    [InlineData("flow: [{ request: GET http://h.test/, retry: { on: [timeout] } }]")]
    [InlineData("flow: [{ request: GET http://h.test/, retry: { on: [] } }]")]
    [InlineData("flow: [{ request: GET http://h.test/, retry: { tries: 2 } }]")]
    [InlineData("defaults: { retry: { on: [6xx] } }\nflow: [{ request: GET http://h.test/ }]")]
    [InlineData(Scenario + "    retry: { attempts: -1 }\n    flow: [{ request: GET http://h.test/ }]")]
    [InlineData(Scenario + "    expectedStatuses: [99]\n    flow: [{ request: GET http://h.test/ }]")]
    public void Invalid_forms_are_rejected_by_both(string yaml)
    {
        Assert.False(SchemaAccepts(yaml), "the schema accepted it");
        Assert.Throws<ScenarioLoadException>(() => ScenarioFiles.Load(yaml));
    }
}
