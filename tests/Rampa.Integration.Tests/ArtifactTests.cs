using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;
using Rampa.Core.Metrics;
using Rampa.Core.Reporting;

namespace Rampa.Integration.Tests;

/// <summary>
/// A real run's artifact set, end to end: the CLI writes summary.json, metrics.csv, report.html and junit.xml; they agree
/// with each other; `rampa report` re-renders them; GITHUB_STEP_SUMMARY gets the Markdown summary.
/// </summary>
[Collection("cli")]
public sealed class ArtifactTests : TargetTest
{
    private const string Scenario = """
        name: artifacts
        scenarios:
          shop:
            executor: constant-arrival-rate
            rate: 40
            duration: 3s
            preAllocatedVUs: 5
            maxVUs: 20
            flow:
              - request: GET /json
                name: json
                checks: { status: 200 }
              - request: GET /status/404
                name: missing
                expectedStatuses: [404]
        thresholds:
          http_req_duration: ["p(95)<2000"]
          http_req_failed: ["rate<0.5"]
        """;

    private string RunFolder => Directory.GetDirectories(Path.Combine(Ws.Dir, "rampa-results")).Single();

    private async Task<RampaRun> RunAsync(IReadOnlyDictionary<string, string>? env = null, params string[] extra)
    {
        var file = Ws.Write("artifacts.yaml", Scenario);
        var run = await RampaProcess.RunAsync(Ws.Dir, TimeSpan.FromMinutes(2), null, env,
            ["run", file, "--base-url", Target.BaseUrl.ToString(), "-q", "--no-color", .. extra]);
        Assert.True(run.ExitCode == 0, run.Output);
        return run;
    }

    [Fact]
    public async Task A_run_writes_four_artifacts_that_agree_with_each_other()
    {
        var run = await RunAsync();
        Assert.Contains($"artifacts: {RunFolder}{Path.DirectorySeparatorChar} (summary.json, metrics.csv, report.html, junit.xml)", run.Stdout);

        // summary.json validates against its schema.
        var schema = JsonSchema.FromText(File.ReadAllText(Path.Combine(RampaProcess.RepoRoot, "schemas", "rampa-summary.schema.json")));
        var json = JsonNode.Parse(File.ReadAllBytes(Path.Combine(RunFolder, "summary.json")));
        var validation = schema.Evaluate(json, new EvaluationOptions { OutputFormat = OutputFormat.List });
        Assert.True(validation.IsValid, string.Join("\n", (validation.Details ?? []).Where(d => d.Errors is not null).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}"))));

        using var summary = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(RunFolder, "summary.json")));
        // 40/s for 3 s, two requests each; an iteration that found no free VU (a cold start) is a dropped one.
        Assert.Equal(240, summary.Count("http_reqs") + 2 * summary.Count("dropped_iterations"));

        // metrics.csv parses and its per-second counts add up to the totals of summary.json.
        var rows = File.ReadAllLines(Path.Combine(RunFolder, "metrics.csv"));
        var header = rows[0].Split(',').ToList();
        var cells = rows.Skip(1).Select(r => r.Split(',')).ToList();
        Assert.All(cells, c => Assert.Equal(header.Count, c.Length));
        double Sum(string metric) => cells.Where(c => c[header.IndexOf("metric")] == metric)
            .Sum(c => double.Parse(c[header.IndexOf("count")], CultureInfo.InvariantCulture));
        foreach (var metric in new[] { "http_reqs", "iterations", "data_sent", "data_received", "http_req_duration", "iteration_start_lag" })
            Assert.Equal(summary.Count(metric), Sum(metric));
        Assert.Equal(summary.Count("http_reqs") / 2, cells.Where(c => c[header.IndexOf("metric")] == "checks").Sum(c => double.Parse(c[header.IndexOf("count")], CultureInfo.InvariantCulture)));

        // Percentiles recomputed from the encoded histograms match the reported ones.
        foreach (var series in summary.Metric("http_req_duration").GetProperty("series").EnumerateArray())
        {
            var histogram = TrendHistogramEncoding.FromBase64(series.GetProperty("raw").GetProperty("histogram").GetString()!);
            var max = series.GetProperty("raw").GetProperty("max").GetDouble();
            var values = series.GetProperty("values");
            Assert.Equal(series.GetProperty("raw").GetProperty("count").GetInt64(), histogram.TotalCount);
            foreach (var (stat, p) in new[] { ("med", 50.0), ("p(90)", 90), ("p(95)", 95), ("p(99)", 99) })
                Assert.Equal(values.GetProperty(stat).GetDouble(), Math.Min(histogram.GetValueAtPercentile(p), max) / 1000.0, 9);
        }

        // junit.xml: one passing test case per threshold.
        var junit = System.Xml.Linq.XDocument.Load(Path.Combine(RunFolder, "junit.xml"));
        var cases = junit.Descendants("testcase").ToList();
        Assert.Equal(["http_req_duration: p(95)<2000", "http_req_failed: rate<0.5"], cases.Select(c => c.Attribute("name")!.Value).Order());
        Assert.All(cases, c => Assert.Null(c.Element("failure")));
    }

    [Fact]
    public async Task Rampa_report_re_renders_every_artifact_from_summary_json_with_other_percentiles()
    {
        await RunAsync();
        var runId = Path.GetFileName(RunFolder);
        var csv = File.ReadAllText(Path.Combine(RunFolder, "metrics.csv"));
        foreach (var name in new[] { "metrics.csv", "report.html", "junit.xml" }) File.Delete(Path.Combine(RunFolder, name));

        var report = await RampaProcess.RunAsync(Ws.Dir, "report", runId, "--trend-stats", "avg,p(99.9)", "--no-color");
        Assert.True(report.ExitCode == 0, report.Output);
        Assert.Contains("p(99.9)=", report.Stdout);
        Assert.Contains("re-rendered:", report.Stdout);
        Assert.Equal(csv, File.ReadAllText(Path.Combine(RunFolder, "metrics.csv")));
        Assert.True(File.Exists(Path.Combine(RunFolder, "report.html")));
        Assert.True(File.Exists(Path.Combine(RunFolder, "junit.xml")));

        // The folder and the summary.json file name the same run.
        var byFolder = await RampaProcess.RunAsync(Ws.Dir, "report", RunFolder, "--no-color");
        Assert.True(byFolder.ExitCode == 0, byFolder.Output);
        var byFile = await RampaProcess.RunAsync(Ws.Dir, "report", Path.Combine(RunFolder, "summary.json"), "--no-color");
        Assert.True(byFile.ExitCode == 0, byFile.Output);
    }

    [Theory]
    [InlineData("no-such-run", "no run 'no-such-run'")]
    [InlineData("--trend-stats=p(101)", "'p(101)' is not a trend statistic")]
    public async Task Rampa_report_names_a_bad_argument(string argument, string message)
    {
        var args = argument.StartsWith("--", StringComparison.Ordinal) ? new[] { "report", "x", argument } : ["report", argument];
        var run = await RampaProcess.RunAsync(Ws.Dir, args);
        Assert.Equal(104, run.ExitCode);
        Assert.Contains(message, run.Stderr);
        Assert.DoesNotContain("   at ", run.Output);
    }

    [Fact]
    public async Task A_damaged_summary_json_is_named_with_the_place()
    {
        var folder = Path.Combine(Ws.Dir, "broken");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "summary.json"), "{\"version\": 2}");
        var run = await RampaProcess.RunAsync(Ws.Dir, "report", folder);
        Assert.Equal(104, run.ExitCode);
        Assert.Contains("summary.json: $.run: missing", run.Stderr);
    }

    [Fact]
    public async Task The_Markdown_summary_is_appended_to_GITHUB_STEP_SUMMARY()
    {
        var stepSummary = Path.Combine(Ws.Dir, "step-summary.md");
        File.WriteAllText(stepSummary, "earlier step\n");
        var run = await RunAsync(new Dictionary<string, string> { ["GITHUB_STEP_SUMMARY"] = stepSummary });
        var md = File.ReadAllText(stepSummary);
        Assert.StartsWith("earlier step\n", md);
        Assert.Contains("## ✅ Rampa: artifacts", md);
        Assert.Contains("| ✅ | `http_req_failed` | `rate<0.5` |", md);
        Assert.Matches(@"\| json \| [1-9][0-9]* \| 0% \|", md);
        Assert.Contains($"step summary: appended to {stepSummary}", run.Stdout);
    }
}
