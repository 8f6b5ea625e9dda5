using System.Text.Json.Nodes;
using Json.Schema;
using Rampa.Core.Scenarios;
using Rampa.Core.Scenarios.Yaml;
using Rampa.Core.Tests.Support;
using YamlDotNet.RepresentationModel;

namespace Rampa.Core.Tests;

/// <summary>
/// schemas/rampa-scenario.schema.json accepts every example, rejects what the loader rejects for shape reasons, and
/// agrees with the loader on the examples.
/// </summary>
public class ScenarioSchemaTests
{
    private static readonly Lazy<JsonSchema> Schema = new(() =>
        JsonSchema.FromText(File.ReadAllText(Path.Combine(ScenarioFiles.RepoRoot, "schemas", "rampa-scenario.schema.json"))));

    private static IReadOnlyList<string> ExampleFiles() =>
        [.. Directory.GetFiles(Path.Combine(ScenarioFiles.RepoRoot, "examples"), "*.yaml").Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal)];

    public static TheoryData<string> Examples() => new(ExampleFiles());

    private static JsonNode? ToJson(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return YamlJson.ToJsonNode(stream.Documents[0].RootNode);
    }

    private static EvaluationResults Evaluate(string yaml) =>
        Schema.Value.Evaluate(ToJson(yaml), new EvaluationOptions { OutputFormat = OutputFormat.List });

    private static string Describe(EvaluationResults results) =>
        string.Join(Environment.NewLine, results.Details
            .Where(d => d.Errors is { Count: > 0 })
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation} ({d.EvaluationPath}): {e.Key}: {e.Value}")));

    [Fact]
    public void The_schema_is_a_valid_draft_2020_12_schema()
    {
        var node = JsonNode.Parse(File.ReadAllText(Path.Combine(ScenarioFiles.RepoRoot, "schemas", "rampa-scenario.schema.json")));
        var results = MetaSchemas.Draft202012.Evaluate(node, new EvaluationOptions { OutputFormat = OutputFormat.List });
        Assert.True(results.IsValid, Describe(results));
        Assert.Equal("https://json-schema.org/draft/2020-12/schema", node!["$schema"]!.GetValue<string>());
    }

    [Fact]
    public void There_are_examples_to_check()
    {
        Assert.Contains("quickstart.yaml", ExampleFiles());
        Assert.Contains("full.yaml", ExampleFiles());
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void Every_example_is_valid_by_the_schema_and_loads(string file)
    {
        var text = File.ReadAllText(Path.Combine(ScenarioFiles.RepoRoot, "examples", file));
        var results = Evaluate(text);
        Assert.True(results.IsValid, $"{file} does not match the schema:{Environment.NewLine}{Describe(results)}");
        // Its full path, as `rampa run` gives it: files it names (a .proto, data) resolve beside it.
        var plan = ScenarioLoader.Load(new ScenarioSource { FileName = Path.Combine(ScenarioFiles.RepoRoot, "examples", file), Text = text }, _ => null);
        Assert.NotEmpty(plan.Scenarios);
    }

    [Theory]
    [InlineData("flow: [{ request: GET http://h.test/ }]")]
    [InlineData("requests: [{ request: get http://h.test/, weight: 2 }]\nvus: 2\niterations: 4\nduration: 1m")]
    [InlineData("baseUrl: http://h.test\nflow: [{ request: { url: /x } }, { think: 1s..2s }]\nstages: [{ duration: 1s, target: 2 }]")]
    [InlineData("baseUrl: \"{{env.TARGET}}\"\nflow: [{ request: POST /x, json: [1, { a: null }], checks: { status: [200, \"300-399\"] } }]")]
    [InlineData("flow: [{ request: GET http://h.test/ }]\nthresholds:\n  \"http_req_duration{name:home, method:GET}\": [\"p(99.9) < 5\"]\n  http_reqs: [\"rate>1\"]")]
    [InlineData("flow: [{ request: GET http://h.test/ }]\nstrictThresholds: true\nthresholds:\n  \"http_req_duration{name:'home'}\": [\"max<5\"]\n  \"http_req_duration{name:http://${}.com}\": [\"max<5\"]\n  http_req_failed: [{ threshold: \"rate<0.1\", abortOnFail: null, delayAbortEval: null }]")]
    [InlineData("flow: [{ request: GET http://h.test/, checks: { status: 200, header: { Content-Type: { matches: json }, X-Id: true, X-Mode: fast }, body: { contains: [a, b], size: \"> 0\" }, json: { $.id: { exists: true, \">\": 1 }, \"items[0].name\": x, $.ok: true } }, capture: { id: { json: $.id }, t: { header: X-Token }, s: { regex: \"s=(\\\\d+)\" } }, abortIterationOnFail: true }]")]
    [InlineData("requests: [{ request: GET http://h.test/, checks: [{ status: 200 }, { name: has id, json: $.id }, { header: [Location] }, { body: ok }] }]")]
    public void Valid_snippets_are_accepted(string yaml)
    {
        var results = Evaluate(yaml);
        Assert.True(results.IsValid, Describe(results));
        ScenarioFiles.Load(yaml, env: new Dictionary<string, string> { ["TARGET"] = "http://h.test" }); // and the loader agrees
    }

    private const string Scenario = "scenarios:\n  s:\n    executor: constant-vus\n    duration: 10s\n    flow: [{ request: GET http://h.test/ }]\n";

    [Theory]
    [InlineData("option of another executor", Scenario + "    rate: 5\n")]
    [InlineData("unknown scenario option", Scenario + "    foo: 1\n")]
    [InlineData("missing required option", "scenarios:\n  s:\n    executor: constant-vus\n    flow: [{ request: GET http://h.test/ }]\n")]
    [InlineData("missing arrival-rate options", "scenarios:\n  s:\n    executor: constant-arrival-rate\n    rate: 5\n    flow: [{ request: GET http://h.test/ }]\n")]
    [InlineData("unknown executor", "scenarios:\n  s:\n    executor: constant-vu\n    flow: [{ request: GET http://h.test/ }]\n")]
    [InlineData("arrival on a VU executor", Scenario + "    arrival: poisson\n")]
    [InlineData("bad duration", "scenarios:\n  s:\n    executor: constant-vus\n    duration: 10\n    flow: [{ request: GET http://h.test/ }]\n")]
    [InlineData("negative duration", "scenarios:\n  s:\n    executor: constant-vus\n    duration: -5s\n    flow: [{ request: GET http://h.test/ }]\n")]
    [InlineData("quoted integer", "scenarios:\n  s:\n    executor: constant-vus\n    duration: 5s\n    vus: \"5\"\n    flow: [{ request: GET http://h.test/ }]\n")]
    [InlineData("bad scenario name", "scenarios:\n  bad name:\n    executor: shared-iterations\n    flow: [{ request: GET http://h.test/ }]\n")]
    [InlineData("flow and requests", Scenario + "    requests: [{ request: GET http://h.test/ }]\n")]
    [InlineData("no workload", "scenarios:\n  s:\n    executor: shared-iterations\n")]
    [InlineData("shortcut beside scenarios", Scenario + "vus: 5\n")]
    [InlineData("stages with duration", "flow: [{ request: GET http://h.test/ }]\nduration: 5s\nstages: [{ duration: 1s, target: 1 }]")]
    [InlineData("nothing to run", "name: x")]
    [InlineData("unknown top-level key", "flow: [{ request: GET http://h.test/ }]\nbaseURL: http://h.test")]
    [InlineData("bad method", "flow: [{ request: FETCH http://h.test/ }]")]
    [InlineData("body and json", "flow: [{ request: POST http://h.test/, body: x, json: {} }]")]
    [InlineData("unknown step key", "flow: [{ request: GET http://h.test/, nmae: x }]")]
    [InlineData("think step with more", "flow: [{ request: GET http://h.test/ }, { think: 1s, name: x }]")]
    [InlineData("bad think range", "flow: [{ request: GET http://h.test/ }, { think: 1s-2s }]")]
    [InlineData("zero weight", "requests: [{ request: GET http://h.test/, weight: 0 }]")]
    [InlineData("bad status", "flow: [{ request: GET http://h.test/, checks: { status: 700 } }]")]
    [InlineData("stage without target", "flow: [{ request: GET http://h.test/ }]\nstages: [{ duration: 1s }]")]
    [InlineData("unknown metric", "flow: [{ request: GET http://h.test/ }]\nthresholds:\n  http_req_faild: [\"rate<0.01\"]")]
    [InlineData("aggregation not for the type", "flow: [{ request: GET http://h.test/ }]\nthresholds:\n  http_req_duration: [\"rate<0.01\"]")]
    [InlineData("threshold that does not parse", "flow: [{ request: GET http://h.test/ }]\nthresholds:\n  checks: [\"rate<<1\"]")]
    [InlineData("percentile over 100", "flow: [{ request: GET http://h.test/ }]\nthresholds:\n  http_req_duration: [\"p(101)<1\"]")]
    [InlineData("strictThresholds not a boolean", "flow: [{ request: GET http://h.test/ }]\nstrictThresholds: always")]
    [InlineData("empty tag filter", "flow: [{ request: GET http://h.test/ }]\nthresholds:\n  \"http_req_duration{ }\": [\"max<1\"]")]
    [InlineData("bad summary stat", "flow: [{ request: GET http://h.test/ }]\nsummaryTrendStats: [count]")]
    [InlineData("unknown check kind", "flow: [{ request: GET http://h.test/, checks: { jsn: $.id } }]")]
    [InlineData("unknown json operator", "flow: [{ request: GET http://h.test/, checks: { json: { $.n: { \"=>\": 1 } } } }]")]
    [InlineData("ordering a text", "flow: [{ request: GET http://h.test/, checks: { json: { $.n: { \">\": abc } } } }]")]
    [InlineData("bad body size", "flow: [{ request: GET http://h.test/, checks: { body: { size: about 3 } } }]")]
    [InlineData("capture with two sources", "flow: [{ request: GET http://h.test/, capture: { id: { json: $.id, header: X } } }]")]
    [InlineData("capture of a reserved name", "flow: [{ request: GET http://h.test/, capture: { vu: { json: $.id } } }]")]
    [InlineData("abort not a boolean", "flow: [{ request: GET http://h.test/, abortIterationOnFail: yes }]")]
    public void Invalid_documents_are_rejected_by_the_schema_and_the_loader(string why, string yaml)
    {
        Assert.False(Evaluate(yaml).IsValid, $"the schema accepted: {why}");
        Assert.Throws<ScenarioLoadException>(() => ScenarioFiles.Load(yaml));
    }
}
