using System.Text.Json.Nodes;
using Json.Schema;
using Rampa.Core.Reporting;
using Rampa.Core.Tests.Support;
using static Rampa.Core.Tests.Reporting.ReportFixtures;

namespace Rampa.Core.Tests.Reporting;

/// <summary>summary.json is documented by schemas/rampa-summary.schema.json: what the writer writes must validate.</summary>
public class SummarySchemaTests
{
    private static readonly Lazy<JsonSchema> Schema = new(() =>
        JsonSchema.FromText(File.ReadAllText(Path.Combine(ScenarioFiles.RepoRoot, "schemas", "rampa-summary.schema.json"))));

    private static EvaluationResults Evaluate(JsonNode? node) =>
        Schema.Value.Evaluate(node, new EvaluationOptions { OutputFormat = OutputFormat.List, RequireFormatValidation = true });

    private static string Errors(EvaluationResults r) =>
        string.Join("\n", (r.Details ?? []).Where(d => d.Errors is not null).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}")));

    [Fact]
    public void The_schema_is_valid_draft_2020_12()
    {
        var node = JsonNode.Parse(File.ReadAllText(Path.Combine(ScenarioFiles.RepoRoot, "schemas", "rampa-summary.schema.json")));
        Assert.True(MetaSchemas.Draft202012.Evaluate(node).IsValid);
    }

    [Fact]
    public void A_full_summary_validates()
    {
        var report = Report(SampleMetrics(), [new("http_req_failed", "rate<0.01", 0.25, false, true) { AbortedRun = true }]);
        report = report with { TimeSeries = SampleTimeSeries(report.StartUtc.ToUnixTimeSeconds()), AbortedBy = "x", StopReason = "y", Error = "z",
            Saturation = new SaturationVerdict(true, ["CPU pinned: silo a used 90% or more of its machine in 3 of 3 seconds (peak 100%)"]),
            Events = [new RunEvent(TimeSpan.FromSeconds(3), RunEvent.SiloLost, "lost")],
            DataSources = [new DataSourceSummary("users", "data/users.csv", "unique", 1000, 400, 12, 0, false),
                           new DataSourceSummary("skus", "skus.json", "random", 50, null, 0, 0, false)] };
        var results = Evaluate(JsonNode.Parse(SummaryJsonWriter.Write(report)));
        Assert.True(results.IsValid, Errors(results));
    }

    [Fact]
    public void An_empty_run_validates()
    {
        var results = Evaluate(JsonNode.Parse(SummaryJsonWriter.Write(Report(new()) with { Scenarios = [], Warnings = [] })));
        Assert.True(results.IsValid, Errors(results));
    }

    [Fact]
    public void The_schema_rejects_what_the_writer_never_writes()
    {
        var node = JsonNode.Parse(SummaryJsonWriter.Write(Report(SampleMetrics())))!;
        node["version"] = 1;
        Assert.False(Evaluate(node).IsValid);
        node = JsonNode.Parse(SummaryJsonWriter.Write(Report(SampleMetrics())))!;
        node["run"]!["state"] = "finished";
        Assert.False(Evaluate(node).IsValid);
        node = JsonNode.Parse(SummaryJsonWriter.Write(Report(SampleMetrics())))!;
        node["metrics"]!["http_req_duration"]!["series"]![0]!["raw"]!["histogram"] = "not base64 of a histogram";
        Assert.False(Evaluate(node).IsValid);
    }
}
