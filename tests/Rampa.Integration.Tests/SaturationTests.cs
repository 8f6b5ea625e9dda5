using System.Text.Json;
using Xunit.Abstractions;

namespace Rampa.Integration.Tests;

/// <summary>
/// The generator watches itself (docs/semantics.md#generator-saturation), end to end with the real CLI: a light run against
/// the demo target is judged passed; a C# scenario that burns more CPU than the machine has is judged inconclusive with its
/// evidence in summary.json, report.html and the step summary, and exits 110 with --fail-on-saturation.
/// </summary>
[Collection("cli")]
public sealed class SaturationTests(ITestOutputHelper output) : TargetTest
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);

    private async Task<(RampaRun Run, string StepSummary)> RunAsync(params string[] args)
    {
        var stepSummary = Path.Combine(Ws.Dir, "step-summary.md");
        var run = await RampaProcess.RunAsync(Ws.Dir, Timeout, null, new Dictionary<string, string> { ["GITHUB_STEP_SUMMARY"] = stepSummary },
            ["run", .. args, "-q", "--no-color", "--fail-on-saturation"]);
        output.WriteLine(run.Output);
        return (run, File.Exists(stepSummary) ? File.ReadAllText(stepSummary) : "");
    }

    private string ReportHtml() => File.ReadAllText(Path.Combine(Directory.GetDirectories(Path.Combine(Ws.Dir, "rampa-results")).Single(), "report.html"));

    [Fact]
    public async Task A_light_run_is_passed_and_records_the_generator_health_per_silo()
    {
        var file = Ws.Write("light.yaml", $"""
            baseUrl: {Target.BaseUrl}
            scenarios:
              calm:
                executor: constant-arrival-rate
                rate: 50
                timeUnit: 1s
                duration: 4s
                preAllocatedVUs: 5
                maxVUs: 10
                flow:
                  - request: GET /
            """);

        var (run, stepSummary) = await RunAsync(file);

        Assert.True(run.ExitCode == 0, run.Output);
        Assert.DoesNotContain("INCONCLUSIVE", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("    GENERATOR", run.Stdout, StringComparison.Ordinal);
        using var summary = Ws.Summary();
        var root = summary.RootElement;
        Assert.Equal("passed", root.GetProperty("run").GetProperty("verdict").GetString());
        Assert.False(root.GetProperty("generator").GetProperty("saturated").GetBoolean());
        Assert.Empty(root.GetProperty("generator").GetProperty("evidence").EnumerateArray());
        // Every generator gauge, from the one silo, tagged with it, sampled about once a second.
        foreach (var metric in new[] { "rampa_generator_cpu", "rampa_generator_threadpool_queue", "rampa_generator_gc_pause",
                     "rampa_generator_alloc_rate", "rampa_generator_flush_interval" })
        {
            var series = Assert.Single(summary.Metric(metric).GetProperty("series").EnumerateArray());
            Assert.False(string.IsNullOrEmpty(series.GetProperty("tags").GetProperty("silo").GetString()));
        }
        var cpu = PerSecond(root, "rampa_generator_cpu");
        Assert.InRange(cpu.Count, 3, 6);
        Assert.All(cpu, v => Assert.InRange(v, 0.0, 1.0));
        Assert.True(PerSecond(root, "rampa_generator_alloc_rate").Max() > 0, "a run that sends requests allocates");
        Assert.DoesNotContain("data-saturation", ReportHtml(), StringComparison.Ordinal);
        Assert.StartsWith("## ✅", stepSummary, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_run_too_heavy_for_the_machine_is_inconclusive_with_its_evidence_and_exits_110_when_asked()
    {
        // Each iteration burns 2 ms of CPU (a loop bounded by the clock): 3,000 a second need 6 cores, this machine has
        // fewer. 40 VUs spinning at once starve the thread pool, so starts are late and the silo's flushes too.
        var project = CodeProject.Write(Ws, "Burn", """
            using System.Diagnostics;

            public static class Burn
            {
                [Scenario(Executor = "constant-arrival-rate", Rate = 3000, Duration = "6s", PreAllocatedVUs = 40, MaxVUs = 40)]
                public static Task Spin(Worker worker)
                {
                    var until = Stopwatch.GetTimestamp() + Stopwatch.Frequency / 500;
                    long spins = 0;
                    while (Stopwatch.GetTimestamp() < until && spins < 100_000_000) spins++;
                    return Task.CompletedTask;
                }
            }
            """);

        var (run, stepSummary) = await RunAsync(project);

        Assert.True(run.ExitCode == 110, run.Output);
        // Said while the run went (from the live frames: a silo or a scenario past a bound for 3 s), before the verdict.
        var live = run.Stdout.IndexOf("⚠ warning: generator saturated: ", StringComparison.Ordinal);
        Assert.True(live >= 0, run.Output);
        Assert.True(live < run.Stdout.IndexOf("INCONCLUSIVE", StringComparison.Ordinal), run.Output);
        Assert.Contains("INCONCLUSIVE: the load generator was saturated", run.Stdout, StringComparison.Ordinal);
        using var summary = Ws.Summary();
        var root = summary.RootElement;
        // The run itself passed (no threshold failed): exitCode stays 0, the flag changed only the process's exit code.
        Assert.Equal(0, root.GetProperty("run").GetProperty("exitCode").GetInt32());
        Assert.Equal("inconclusive", root.GetProperty("run").GetProperty("verdict").GetString());
        var generator = root.GetProperty("generator");
        Assert.True(generator.GetProperty("saturated").GetBoolean());
        var evidence = generator.GetProperty("evidence").EnumerateArray().Select(e => e.GetString()!).ToList();
        Assert.NotEmpty(evidence);
        Assert.All(evidence, e => Assert.Matches("^(CPU pinned|flushes starved|late starts|thread pool backed up|GC pauses|dropped while the target was fast): ", e));
        foreach (var line in evidence)
        {
            Assert.Contains("    - " + line, run.Stdout, StringComparison.Ordinal);
            Assert.Contains("> - " + line, stepSummary, StringComparison.Ordinal);
            Assert.Contains("<li>" + System.Net.WebUtility.HtmlEncode(line) + "</li>", ReportHtml(), StringComparison.Ordinal);
        }
        Assert.StartsWith("## ⚠️", stepSummary, StringComparison.Ordinal);
    }

    /// <summary>A metric's per-second values, from summary.json's time series.</summary>
    private static List<double> PerSecond(JsonElement root, string metric) =>
        root.GetProperty("timeSeries").GetProperty("metrics").EnumerateArray()
            .Single(m => m.GetProperty("metric").GetString() == metric)
            .GetProperty("points").EnumerateArray().Select(p => p.GetProperty("value").GetDouble()).ToList();
}
