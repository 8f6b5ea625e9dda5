using System.Text.Json;
using Rampa.DemoTarget;
using Xunit.Abstractions;

namespace Rampa.Integration.Tests;

/// <summary>
/// Thresholds end to end (docs/semantics.md#thresholds, #exit-codes): the CLI, an embedded silo and the demo target;
/// the orchestrator evaluates thresholds every 2 s on the merged data and an abortOnFail threshold stops the run.
/// </summary>
[Collection("cli")]
public sealed class ThresholdTests(ITestOutputHelper output) : TargetTest
{
    [Fact]
    public async Task An_abortOnFail_threshold_stops_the_run_exits_99_and_still_writes_the_summary()
    {
        var file = Ws.Write("abort.yaml", $$$"""
            baseUrl: {{{Target.BaseUrl}}}
            scenarios:
              failing:
                executor: constant-vus
                vus: 2
                duration: 60s
                thinkTime: 20ms
                flow:
                  - request: GET /status/500
            thresholds:
              http_req_failed: [{ threshold: "rate<0.1", abortOnFail: true, delayAbortEval: 2s }]
              http_req_duration: ["p(95)<10000"]
            """);
        var run = await RampaProcess.RunAsync(Ws.Dir, "run", file, "--no-color");
        output.WriteLine(run.Output);
        Assert.True(run.ExitCode == 99, run.Output);
        // The whole process, silo start-up included, took far less than the scenario's 60 s.
        Assert.True(run.Elapsed < TimeSpan.FromSeconds(30), $"took {run.Elapsed}");

        Assert.Contains("ABORTED by threshold 'http_req_failed: rate<0.1'", run.Stdout);
        Assert.Contains("✗ 'rate<0.1' rate=100.00%  ← aborted the run (abortOnFail)", run.Stdout);
        Assert.Contains("✓ 'p(95)<10000'", run.Stdout);

        using var summary = Ws.Summary();
        var r = summary.RootElement.GetProperty("run");
        output.WriteLine(r.ToString());
        Assert.Equal("aborted-by-threshold", summary.State());
        Assert.Equal("threshold 'http_req_failed: rate<0.1' crossed (abortOnFail)", r.GetProperty("stopReason").GetString());
        Assert.Equal(99, r.GetProperty("exitCode").GetInt32());
        // delayAbortEval is 2 s and thresholds are evaluated every 2 s: the run ends 2-4 s after its start.
        var duration = r.GetProperty("durationSeconds").GetDouble();
        output.WriteLine($"run duration {duration}s (delayAbortEval 2s)");
        Assert.InRange(duration, 2.0, 6.0);
        var verdict = summary.RootElement.GetProperty("thresholds").EnumerateArray()
            .Single(t => t.GetProperty("metric").GetString() == "http_req_failed");
        Assert.False(verdict.GetProperty("passed").GetBoolean());
        Assert.True(verdict.GetProperty("abortOnFail").GetBoolean());
        Assert.Equal(1.0, verdict.GetProperty("observed").GetDouble());
        Assert.True(summary.Count("http_reqs") > 10);
        Assert.Equal((long)summary.Count("http_reqs"), Target.RequestCount);
    }

    [Fact]
    public async Task Passing_thresholds_with_abortOnFail_exit_0()
    {
        var file = Ws.Write("pass.yaml", $$$"""
            baseUrl: {{{Target.BaseUrl}}}
            scenarios:
              ok:
                executor: constant-vus
                vus: 2
                duration: 5s
                thinkTime: 20ms
                flow:
                  - request: GET /
            thresholds:
              http_req_failed: [{ threshold: "rate<0.1", abortOnFail: true }]
              http_req_duration: [{ threshold: "p(95)<10000", abortOnFail: true, delayAbortEval: 1s }, "max<10000"]
              http_reqs: ["count>10"]
              checks: [{ threshold: "rate>0.99", abortOnFail: true }]
            """);
        var run = await RampaProcess.RunAsync(Ws.Dir, "run", file, "--quiet", "--no-color");
        Assert.True(run.ExitCode == 0, run.Output);
        using var summary = Ws.Summary();
        Assert.Equal("completed", summary.State());
        Assert.False(summary.RootElement.GetProperty("run").TryGetProperty("stopReason", out _));
        var verdicts = summary.RootElement.GetProperty("thresholds").EnumerateArray().ToList();
        Assert.Equal(5, verdicts.Count);
        Assert.All(verdicts, v => Assert.True(v.GetProperty("passed").GetBoolean(), v.ToString()));
        // checks had no samples: skipped during the run and at the end, never failing it.
        Assert.Equal(JsonValueKind.Null, verdicts.Single(v => v.GetProperty("metric").GetString() == "checks").GetProperty("observed").ValueKind);
        Assert.DoesNotContain("ABORTED", run.Stdout);
    }
}
