using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;

namespace Rampa.Integration.Tests;

/// <summary>
/// <c>--out json=FILE</c> end to end: the real CLI against the demo target writes one frame a second, each valid against
/// schemas/rampa-live.schema.json, written as the run goes, whose counts add up to the summary's totals.
/// </summary>
[Collection("cli")]
public sealed class LiveOutputTests : TargetTest
{
    private const string Scenario = """
        name: live
        scenarios:
          browse:
            executor: constant-vus
            vus: 4
            duration: 10s
            thinkTime: 20ms
            flow:
              - request: GET /json
                name: json
                checks: { status: 200 }
              - request: GET /status/503
                name: broken
          later:
            executor: constant-arrival-rate
            startTime: 4s
            rate: 20
            duration: 4s
            preAllocatedVUs: 4
            flow:
              - request: GET /
                name: home
        """;

    [Fact]
    public async Task Json_lines_are_one_valid_frame_a_second_that_add_up_to_the_summary()
    {
        var file = Ws.Write("live.yaml", Scenario);
        var jsonl = Path.Combine(Ws.Dir, "out", "live.jsonl");
        var run = await RampaProcess.RunAsync(Ws.Dir, TimeSpan.FromMinutes(2), null, null,
            ["run", file, "--base-url", Target.BaseUrl.ToString(), "--out", $"json={jsonl}", "--summary-export", "summary.json", "--no-color"]);
        Assert.True(run.ExitCode == 0, run.Output);

        var lines = File.ReadAllLines(jsonl);
        // A 10 s run: a frame for each second from the start to the last flush.
        Assert.InRange(lines.Length, 10, 13);
        var schema = JsonSchema.FromText(File.ReadAllText(Path.Combine(RampaProcess.RepoRoot, "schemas", "rampa-live.schema.json")));
        foreach (var line in lines)
        {
            var result = schema.Evaluate(JsonNode.Parse(line), new EvaluationOptions { OutputFormat = OutputFormat.List, RequireFormatValidation = true });
            Assert.True(result.IsValid, line + "\n" + string.Join("\n", (result.Details ?? []).Where(d => d.Errors is not null).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}"))));
        }
        var frames = lines.Select(l => JsonDocument.Parse(l).RootElement).ToList();
        var seconds = frames.Select(f => f.GetProperty("second").GetInt64()).ToList();
        Assert.Equal(Enumerable.Range(0, seconds.Count).Select(i => seconds[0] + i), seconds);     // one per second, none missing
        Assert.Equal([.. Enumerable.Repeat(false, frames.Count - 1), true], frames.Select(f => f.GetProperty("final").GetBoolean()));

        using var summary = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(Ws.Dir, "summary.json")));
        long Sum(string field) => frames.Sum(f => f.GetProperty("interval").GetProperty(field).GetInt64());
        Assert.Equal(summary.Count("http_reqs"), Sum("requests"));
        Assert.Equal(summary.Count("iterations"), Sum("iterations"));
        Assert.Equal(frames[^1].GetProperty("totals").GetProperty("requests").GetInt64(), Sum("requests"));
        var failed = summary.Metric("http_req_failed").GetProperty("values");
        Assert.Equal(failed.GetProperty("passes").GetDouble(), Sum("failures"));            // every /status/503
        Assert.True(Sum("failures") > 0);

        // Per scenario: both appear in every frame; 'later' has traffic only from about 4 s on.
        Assert.All(frames, f => Assert.Equal(["browse", "later"], f.GetProperty("scenarios").EnumerateArray().Select(s => s.GetProperty("scenario").GetString())));
        var later = frames.Select(f => f.GetProperty("scenarios")[1].GetProperty("interval")).ToList();
        Assert.Equal(0, later[0].GetProperty("requests").GetInt64() + later[1].GetProperty("requests").GetInt64());
        // 20/s for 4 s: 80 starts, each sent or dropped (a busy machine drops more); one cut at the very end may be neither.
        Assert.InRange(later.Sum(l => l.GetProperty("requests").GetInt64() + l.GetProperty("dropped").GetInt64()), 78, 80);
        // Per request row: the broken route's failures, by status, with latency percentiles.
        var busy = frames[frames.Count / 2];
        var broken = busy.GetProperty("requests").EnumerateArray().Single(r => r.GetProperty("name").GetString() == "broken");
        Assert.Equal(broken.GetProperty("requests").GetInt64(), broken.GetProperty("failures").GetInt64());
        Assert.Equal(broken.GetProperty("requests").GetInt64(), broken.GetProperty("statuses").GetProperty("503").GetInt64());
        Assert.True(busy.GetProperty("latency").GetProperty("p99").GetDouble() > 0);
        Assert.True(busy.GetProperty("vus").GetInt64() >= 4);
        // The embedded silo's own health, in the middle of the run: one generator with its CPU share and flush interval.
        var generator = Assert.Single(busy.GetProperty("generators").EnumerateArray());
        Assert.InRange(generator.GetProperty("cpu").GetDouble(), 0.0, 1.0);
        Assert.InRange(generator.GetProperty("flushInterval").GetDouble(), 0.5, 5.0);
    }

    [Fact]
    public async Task Json_lines_go_to_stdout_with_a_dash_and_the_progress_line_keeps_quiet()
    {
        var file = Ws.Write("short.yaml", """
            scenarios:
              s: { executor: constant-vus, vus: 2, duration: 3s, thinkTime: 50ms, flow: [{ request: GET / }] }
            """);
        var run = await RampaProcess.RunAsync(Ws.Dir, TimeSpan.FromMinutes(1), null, null,
            ["run", file, "--base-url", Target.BaseUrl.ToString(), "-o", "json=-", "--no-color"]);
        Assert.True(run.ExitCode == 0, run.Output);
        var frames = run.Stdout.Split('\n').Where(l => l.StartsWith("{\"type\":\"frame\"", StringComparison.Ordinal)).ToList();
        Assert.InRange(frames.Count, 3, 6);
        Assert.DoesNotContain("running (", run.Stdout);
        Assert.Contains("█ TOTAL RESULTS", run.Stdout);                                     // the summary still follows
    }

    [Theory]
    [InlineData("--out", "jsn=x.jsonl", "unknown output 'jsn'")]
    [InlineData("--out", "json", "--out json needs a file")]
    [InlineData("--out", "json=", "--out json needs a file")]
    public async Task A_bad_out_is_exit_104_naming_the_option(string option, string value, string message)
    {
        var file = Ws.Write("s.yaml", "scenarios:\n  s: { executor: shared-iterations, iterations: 1, flow: [{ request: GET / }] }\n");
        var run = await RampaProcess.RunAsync(Ws.Dir, ["run", file, "--base-url", Target.BaseUrl.ToString(), option, value]);
        Assert.True(run.ExitCode == 104, run.Output);
        Assert.Contains(message, run.Stderr);
        Assert.DoesNotContain("   at ", run.Output);
    }

    [Fact]
    public async Task A_json_file_that_cannot_be_written_is_exit_104_before_any_load()
    {
        var file = Ws.Write("s.yaml", "scenarios:\n  s: { executor: shared-iterations, iterations: 1, flow: [{ request: GET / }] }\n");
        var blocker = Ws.Write("blocker", "a file, not a folder");
        var run = await RampaProcess.RunAsync(Ws.Dir, ["run", file, "--base-url", Target.BaseUrl.ToString(), "--out", $"json={blocker}/live.jsonl"]);
        Assert.True(run.ExitCode == 104, run.Output);
        Assert.Contains("--out json=", run.Stderr);
        Assert.DoesNotContain("   at ", run.Output);
        Assert.Equal(0, Target.RequestCount);
    }
}
